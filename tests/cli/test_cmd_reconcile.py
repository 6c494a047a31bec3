"""``teamcore reconcile``: the Zendesk fixtures whose schedule changes mid-ticket, through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from teamcore.cli import main
from teamcore.cli._exit import Exit
from teamcore.connectors import Schedule, Schedules, load_source, read_schedules, reconcile
from tests.cli.running import error_lines, one_line, run_cli

DATA = Path(__file__).parents[2] / "tests" / "connectors" / "data"
PAGED = DATA / "zendesk" / "paged"
"""The Zendesk adapter's fixture: ticket 107 moves from the London schedule to New York's at 17:30 on a Friday."""
EXPORT = DATA / "reconcile" / "export"
"""The reconciliation fixture: schedule Support EU's hours change on 16 November, with one ticket per cause."""
COMMENTS = DATA / "reconcile" / "canonical" / "requester_comments.csv"

WEEKDAYS = [(d * 1440 + 540, d * 1440 + 1020) for d in range(1, 6)]
"""09:00-17:00 Monday to Friday, in minutes from Sunday 00:00 (Zendesk's intervals)."""
CHANGE = {"107": [[None, "360000101"], ["2026-11-06T17:30:00Z", "360000102"]]}
"""Ticket 107's schedules, as ``--ticket-schedules`` takes them."""


@pytest.fixture
def schedules(tmp_path: Path) -> Path:
    """The paged fixture's two schedules as Zendesk's schedules page, and ticket 107's change, as files."""
    page = {
        "schedules": [
            {
                "id": int(sid),
                "name": name,
                "time_zone": zone,
                "intervals": [{"start_time": a, "end_time": b} for a, b in WEEKDAYS],
            }
            for sid, name, zone in (
                ("360000101", "London", "London"),
                ("360000102", "New York", "Eastern Time (US & Canada)"),
            )
        ]
    }
    (tmp_path / "schedules.json").write_text(json.dumps(page), encoding="utf-8")
    (tmp_path / "ticket-schedules.json").write_text(json.dumps(CHANGE), encoding="utf-8")
    return tmp_path


def paged_args(folder: Path) -> list[str]:
    """Reconcile the paged fixture on its schedules, ticket 107 moving between them."""
    return [
        *("reconcile", "zendesk", str(PAGED), "--schedules", str(folder / "schedules.json")),
        *("--ticket-schedules", str(folder / "ticket-schedules.json"), "--default-schedule", "360000101"),
    ]


def the_library(**kwargs: Any) -> Any:
    """The paged fixture reconciled by the library, on the schedules of tests/connectors/test_reconcile.py."""
    book = Schedules(
        versions=[
            Schedule(id="360000101", name="London", timezone="London", intervals=WEEKDAYS),
            Schedule(id="360000102", name="New York", timezone="Eastern Time (US & Canada)", intervals=WEEKDAYS),
        ],
        default="360000101",
        ticket_schedules=CHANGE,
    )
    return reconcile(load_source("zendesk", PAGED), schedules=book, **kwargs)


def printed_json(capsys: pytest.CaptureFixture[str], args: list[str]) -> dict[str, Any]:
    """The command's ``--format json`` output."""
    assert main([*args, "--format", "json"]) == Exit.OK
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data.pop("schema") == "teamcore.reconcile/1"
    return data


class TestScheduleChangesMidTicket:
    """The paged fixture: every difference explained, none unexplained, the same as the library says."""

    def test_every_difference_is_listed_with_its_cause(
        self, schedules: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text table has a line per difference, each naming its cause; none is unexplained."""
        assert main(["--no-color", *paged_args(schedules), "--limit", "0"]) == Exit.OK
        out = capsys.readouterr().out
        rec = the_library()
        assert rec.unexplained.height == 0
        assert rec.differences.height > 0
        lines = out.splitlines()
        for row in rec.differences.iter_rows(named=True):
            found = [
                line
                for line in lines
                if line.split()[:2] == [row["ticket_id"], row["metric"]] and f"({row['basis']})" in line
            ]
            assert len(found) == 1, row
            assert row["cause"] in found[0].split()
        assert "unexplained" not in out  # neither a row's cause nor the summary's "Largest unexplained"
        assert set(rec.differences["cause"]) == {"flagged", "unsolved"}  # flagged rows quote the import's flag

    def test_ticket_107_matches(self, schedules: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Counted on the schedule in force at each moment, ticket 107's business minutes are Zendesk's."""
        data = printed_json(capsys, paged_args(schedules))
        rows = [r for r in data["rows"] if r["ticket_id"] == "107"]
        assert rows
        assert {r["cause"] for r in rows} == {"match"}
        business = {r["metric"]: r["teamcore_minutes"] for r in rows if r["basis"] == "business"}
        assert (business["reply_time"], business["full_resolution_time"]) == (330.0, 450.0)

    def test_json_is_the_librarys_reconciliation(self, schedules: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format json`` is ``Reconciliation.to_dict()`` of the same import on the same schedules."""
        data = printed_json(capsys, paged_args(schedules))
        assert data == json.loads(json.dumps(the_library().to_dict()))

    def test_csv_is_the_whole_table(self, schedules: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format csv`` has every row of the table, matches included."""
        assert main([*paged_args(schedules), "--format", "csv"]) == Exit.OK
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        table = the_library().table
        assert len(rows) == table.height
        assert [r["cause"] for r in rows] == table["cause"].to_list()
        assert list(rows[0]) == table.columns

    def test_without_the_change_107_is_a_schedule_difference(self, schedules: Path, capsys: Any) -> None:
        """Leave out --ticket-schedules and 107 follows London throughout: its business minutes differ."""
        args = [
            a
            for a in paged_args(schedules)
            if a not in {"--ticket-schedules", str(schedules / "ticket-schedules.json")}
        ]
        data = printed_json(capsys, args)
        causes = {r["cause"] for r in data["rows"] if r["ticket_id"] == "107" and r["basis"] == "business"}
        assert causes != {"match"}


class TestReconcileFixture:
    """The reconciliation fixture: its export, and the folder ``teamcore import`` writes of it."""

    def test_json_equals_the_library_with_the_requesters_comments(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --requester-comments the command gives the library's reconciliation, schedules found beside it."""
        data = printed_json(capsys, ["reconcile", "zendesk", str(EXPORT), "--requester-comments", str(COMMENTS)])
        said = pl.read_csv(COMMENTS, schema_overrides={"ticket_id": pl.String})
        said = said.with_columns(pl.col("at").str.to_datetime(time_zone="UTC"))
        expected = reconcile(load_source("zendesk", EXPORT), requester_comments=said).to_dict()
        assert data == json.loads(json.dumps(expected))
        assert data["by_cause"]["schedule"] == 4

    def test_an_import_folder_gives_the_same(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Reconciling the folder ``teamcore import`` wrote equals reconciling the export (flags included)."""
        out = tmp_path / "imported"
        assert main(["import", "zendesk", str(EXPORT), "--out", str(out)]) == Exit.OK
        capsys.readouterr()
        extra = ["--requester-comments", str(COMMENTS), "--schedules", str(EXPORT.parent)]
        direct = printed_json(capsys, ["reconcile", "zendesk", str(EXPORT), *extra])
        assert printed_json(capsys, ["reconcile", "zendesk", str(out), *extra]) == direct
        # the schedules are looked for beside the input the folder was imported from
        assert printed_json(capsys, ["reconcile", "zendesk", str(out)])["schedules"] == direct["schedules"]

    def test_limit(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--limit 3 shows the three largest differences and says how many more there are."""
        assert main(["--no-color", "reconcile", "zendesk", str(EXPORT), "--limit", "3"]) == Exit.OK
        out = capsys.readouterr().out
        assert "… and 22 more (--limit 0 shows all" in out
        assert "Largest unexplained" in out


class TestRefusals:
    """Bad arguments: one line and the documented status."""

    def test_source_without_vendor_metrics(self, capsys: pytest.CaptureFixture[str]) -> None:
        """django-helpdesk carries no metric values: exit 1, one line saying what is needed."""
        args = ["--no-color", "reconcile", "django-helpdesk", str(DATA / "django-helpdesk-dump.json")]
        assert main(args) == Exit.INVALID
        one_line(capsys.readouterr().err, "vendor_metrics: expected an import whose source carries metric values")

    def test_source_other_than_the_folders(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An import folder of Zendesk reconciled as Freshdesk: exit 1, naming both."""
        assert main(["import", "zendesk", str(EXPORT), "--out", str(tmp_path / "o")]) == Exit.OK
        capsys.readouterr()
        assert main(["--no-color", "reconcile", "freshdesk", str(tmp_path / "o")]) == Exit.INVALID
        one_line(capsys.readouterr().err, "SOURCE: ", "zendesk", "'freshdesk'")

    def test_mapping_with_a_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder was mapped when imported: --mapping with it is refused rather than ignored."""
        assert main(["import", "zendesk", str(EXPORT), "--out", str(tmp_path / "o")]) == Exit.OK
        capsys.readouterr()
        args = ["--no-color", "reconcile", "zendesk", str(tmp_path / "o"), "--mapping", "m.toml"]
        assert main(args) == Exit.INVALID
        one_line(capsys.readouterr().err, "--mapping: ", "mapped when imported")

    @pytest.mark.parametrize(
        ("content", "needle"),
        [
            ('{"107": [["2026-11-06T17:30:00Z", "360000102"], [null, "1"]]}', "in time order"),  # null not first
            ('{"107": {"a": 1}}', "ticket_schedules['107']"),  # neither an id nor a list
            ("[1, 2]", "expected an object"),  # not an object
            ("{", "ticket-schedules.json"),  # not JSON
        ],
    )
    def test_bad_ticket_schedules(self, content: str, needle: str, schedules: Path, capsys: Any) -> None:
        """A broken --ticket-schedules file: exit 1, one error line naming the file, the problem below it."""
        (schedules / "ticket-schedules.json").write_text(content, encoding="utf-8")
        assert main(["--no-color", *paged_args(schedules)]) == Exit.INVALID
        err = capsys.readouterr().err
        one_line(err, str(schedules / "ticket-schedules.json"))
        assert needle in err

    def test_bad_requester_comments(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A naive instant in --requester-comments: exit 1, the row named."""
        bad = tmp_path / "comments.csv"
        bad.write_text("ticket_id,at\n101,2026-11-13T15:00:00\n", encoding="utf-8")
        args = ["--no-color", "reconcile", "zendesk", str(EXPORT), "--requester-comments", str(bad)]
        assert main(args) == Exit.INVALID
        err = capsys.readouterr().err
        one_line(err, str(bad))
        assert "row 2: at: " in err

    def test_default_schedule_needs_schedules(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--default-schedule alone has nothing to choose among: exit 1."""
        assert main(["--no-color", "reconcile", "zendesk", str(PAGED), "--default-schedule", "1"]) == Exit.INVALID
        one_line(capsys.readouterr().err, "--default-schedule: ", "--schedules")

    def test_negative_limit(self) -> None:
        """--limit -1 is a usage error."""
        with pytest.raises(SystemExit) as info:
            main(["reconcile", "zendesk", str(PAGED), "--limit", "-1"])
        assert info.value.code == Exit.USAGE


class TestSubprocess:
    """As a user runs it: no traceback, and a closed pipe is quiet."""

    def test_runs(self, schedules: Path) -> None:
        """Exit 0, the summary on stdout, nothing on stderr but what a user should see."""
        result = run_cli(*paged_args(schedules))
        assert result.returncode == Exit.OK, result.stderr
        assert "By cause: match " in result.stdout
        assert "unexplained" not in result.stdout
        assert error_lines(result.stderr) == []

    def test_closed_pipe(self) -> None:
        """``teamcore reconcile ... | head -1``: exit 141 and nothing on stderr."""
        result = run_cli("reconcile", "zendesk", str(EXPORT), stdout_closed=True)
        assert result.returncode == Exit.PIPE, result.stderr
        assert result.stderr == ""

    def test_bad_source(self) -> None:
        """A misspelt source: argparse's usage error, exit 2, no traceback."""
        result = run_cli("reconcile", "zen", str(EXPORT))
        assert result.returncode == Exit.USAGE
        assert "invalid choice: 'zen'" in result.stderr
        assert "Traceback" not in result.stderr


def test_read_schedules_agrees_with_the_files(schedules: Path) -> None:
    """The schedules file the tests write reads as the book the library test builds (so the comparison is fair)."""
    book = read_schedules(schedules / "schedules.json")
    assert book.ids == ("360000101", "360000102")
