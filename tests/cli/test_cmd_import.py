"""``teamcore import``, and ``kpi``/``report`` on the folder it writes: real exports, real folders, real databases."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from teamcore.cli import main
from teamcore.cli._exit import Exit
from teamcore.cli._importing import SOURCE_NAMES, TooManyRejectedRecords
from teamcore.connectors import IMPORT_FILES, SOURCES, ImportResult, load_source
from tests.cli.running import error_lines, one_line, run_cli
from tests.connectors.django_helpdesk_db import DAY, EXPECTED, build

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "connectors" / "data"
TEAM = str(Path(__file__).parent / "data" / "django-helpdesk-team.toml")
"""The django-helpdesk story's team: ann and bo in the queue ``support``."""
WEEK = ["--start", DAY.isoformat(), "--now", (DAY + dt.timedelta(days=7)).isoformat()]
"""The week of the story, as ``tests/connectors/test_django_helpdesk.py`` computes its KPIs."""

FIXTURES: dict[str, tuple[Path, Exit]] = {
    "zendesk": (DATA / "zendesk" / "paged", Exit.OK),
    "freshdesk": (DATA / "freshdesk", Exit.PARTIAL),  # a conversation and a time entry are rejected on purpose
    "zammad": (DATA / "zammad", Exit.PARTIAL),  # a history record of ticket 99 (not exported) is rejected
    "django-helpdesk": (DATA / "django-helpdesk-dump.json", Exit.OK),
}
"""Each source's fixture of tests/connectors/data and the exit status its import ends with."""


def imported(source: str, out: Path, *extra: str) -> int:
    """Run ``teamcore import`` on `source`'s fixture into `out`."""
    return main(["--no-color", "import", source, str(FIXTURES[source][0]), "--out", str(out), *extra])


def kpi_rows(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    """``teamcore kpi ... --format json`` as rows."""
    assert main(["kpi", *args, "--format", "json"]) == Exit.OK
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["rows"]
    return rows


@pytest.fixture(scope="module")
def helpdesk_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The django-helpdesk story's SQLite database, built by django-helpdesk's own models."""
    database = tmp_path_factory.mktemp("django-helpdesk") / "helpdesk.sqlite3"
    build(database)
    return database


class TestDoneWhen:
    """The issue's test: a django-helpdesk database through ``teamcore import`` and ``teamcore kpi``."""

    def test_every_number_equals_the_hand_computation(
        self, helpdesk_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Per member and overall, each KPI of the folder equals the number worked out by hand from the same rows."""
        out = tmp_path / "import"
        assert main(["import", "django-helpdesk", str(helpdesk_db), "--out", str(out), "--format", "json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["flags_by_code"] == dict.fromkeys(EXPECTED["flags"].values(), 1)
        assert report["canonical"]["tickets"]["loaded"] == EXPECTED["tickets"]
        assert report["canonical"]["events"]["loaded"] == EXPECTED["events"]
        per_member = {r["assignee"]: r for r in kpi_rows(capsys, TEAM, "--tickets", str(out), "--by", "member", *WEEK)}
        assert sorted(per_member) == sorted(EXPECTED["per_member"])
        for member, numbers in EXPECTED["per_member"].items():
            assert {key: per_member[member][key] for key in numbers} == numbers, member
        (overall,) = kpi_rows(capsys, TEAM, "--tickets", str(out), *WEEK)
        assert {key: overall[key] for key in EXPECTED["overall"]} == EXPECTED["overall"]

    def test_the_entities_are_accounted_for(self, helpdesk_db: Path, tmp_path: Path, capsys: Any) -> None:
        """The CSV counts of follow-ups and ticket changes are the hand counts."""
        assert (
            main(["import", "django-helpdesk", str(helpdesk_db), "--out", str(tmp_path / "i"), "--format", "csv"]) == 0
        )
        rows = {r["entity"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
        for entity in ("followups", "ticketchanges"):
            got = {k: int(rows[entity][k]) for k in ("records_in", "used", "ignored")}
            assert got == EXPECTED[entity]


class TestImportFolderAsTickets:
    """``kpi``, ``report`` and ``sla`` read the folder's tickets and events directly."""

    @pytest.fixture
    def folder(self, tmp_path: Path) -> Path:
        """The django-helpdesk dump imported."""
        assert imported("django-helpdesk", tmp_path / "i") == Exit.OK
        return tmp_path / "i"

    def test_kpi_folder_equals_its_files(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--tickets DIR`` is ``--tickets DIR/tickets.parquet --events DIR/events.parquet``."""
        capsys.readouterr()
        by_folder = kpi_rows(capsys, TEAM, "--tickets", str(folder), "--by", "member", *WEEK)
        files = ["--tickets", str(folder / "tickets.parquet"), "--events", str(folder / "events.parquet")]
        assert by_folder == kpi_rows(capsys, TEAM, *files, "--by", "member", *WEEK)
        assert all(r["first_reply_mean"] is not None for r in by_folder)  # the events were read

    def test_explicit_events_override(self, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An explicit ``--events`` replaces the folder's: no replies in it, no first-reply times."""
        empty = tmp_path / "events.csv"
        empty.write_text("ticket_id,at,kind,actor,from_status,to_status,value\n", encoding="utf-8")
        capsys.readouterr()
        rows = kpi_rows(capsys, TEAM, "--tickets", str(folder), "--events", str(empty), *WEEK)
        assert rows[0]["first_reply_mean"] is None
        assert rows[0]["incoming"] == 2

    def test_scorecard_too(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The scorecard reads the folder the same way."""
        capsys.readouterr()
        rows = kpi_rows(capsys, TEAM, "--tickets", str(folder), "--scorecard", *WEEK)
        assert sum(r["incoming"] for r in rows) == 2

    def test_report_folder_equals_its_files(self, folder: Path, tmp_path: Path) -> None:
        """``report --tickets DIR`` gives the report of the folder's two files."""
        base = ["report", TEAM, "--now", WEEK[3]]
        assert main([*base, "--tickets", str(folder), "--json", str(tmp_path / "a.json")]) == Exit.OK
        files = ["--tickets", str(folder / "tickets.parquet"), "--events", str(folder / "events.parquet")]
        assert main([*base, *files, "--json", str(tmp_path / "b.json")]) == Exit.OK
        assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()

    def test_sla_folder_equals_its_files(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``sla --tickets DIR`` needs no --events: the folder's are used."""
        base = ["sla", TEAM, "--policy", str(ROOT / "examples" / "northwind" / "sla.toml"), *WEEK, "--format", "json"]
        capsys.readouterr()
        assert main([*base, "--tickets", str(folder)]) == Exit.OK
        by_folder = json.loads(capsys.readouterr().out)
        files = ["--tickets", str(folder / "tickets.parquet"), "--events", str(folder / "events.parquet")]
        assert main([*base, *files]) == Exit.OK
        assert by_folder == json.loads(capsys.readouterr().out)

    def test_sla_still_needs_events_with_a_file(self, folder: Path) -> None:
        """``sla --tickets FILE`` without --events is a usage error, as before."""
        args = ["sla", TEAM, "--tickets", str(folder / "tickets.parquet"), "--policy", "p.toml", *WEEK]
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == Exit.USAGE

    @pytest.mark.parametrize("command", ["kpi", "report", "sla"])
    def test_a_folder_that_is_not_an_import(self, command: str, tmp_path: Path, capsys: Any) -> None:
        """A folder without tickets.parquet: exit 1, one line naming the path and what was expected."""
        (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
        policy = ["--policy", str(ROOT / "examples" / "northwind" / "sla.toml")] if command == "sla" else []
        args = ["--no-color", command, TEAM, "--tickets", str(tmp_path), "--now", WEEK[3], *policy]
        assert main(args) == Exit.INVALID
        one_line(capsys.readouterr().err, "--tickets: ", repr(str(tmp_path)), "a folder `teamcore import` wrote")


class TestSources:
    """Each source's fixture through ``teamcore import``."""

    def test_the_command_knows_every_source(self) -> None:
        """The choices spelled out for ``--help`` are the connectors' sources."""
        assert SOURCE_NAMES == SOURCES

    @pytest.mark.parametrize("source", sorted(FIXTURES))
    def test_folder_and_report(self, source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The folder holds the library's tables; json is the load report; csv the counts; the exit status is right."""
        path, status = FIXTURES[source]
        out = tmp_path / "out"
        assert imported(source, out, "--format", "json") == status
        captured = capsys.readouterr()
        printed = json.loads(captured.out)
        assert printed.pop("schema") == "teamcore.import/1"
        files = printed.pop("files")
        assert printed == json.loads((out / "load-report.json").read_text(encoding="utf-8"))
        assert sorted(Path(f).name for f in files) == sorted(p.name for p in out.iterdir())
        library = load_source(source, path)
        assert printed == json.loads(json.dumps(library.report()))
        assert pl.read_parquet(out / "tickets.parquet").equals(_frame(library.tickets.frame))
        assert pl.read_parquet(out / "events.parquet").equals(_frame(library.events.frame))
        assert ("rejected; each is listed in" in captured.err) == (status == Exit.PARTIAL)
        assert imported(source, out, "--format", "csv") == status
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        for row, count in zip(rows, library.counts, strict=False):
            assert row["entity"] == count.entity
            assert int(row["records_in"]) == int(row["used"]) + int(row["ignored"]) + int(row["rejected"])
            assert int(row["rejected"]) == count.rejected
        assert rows[-2:][0]["entity"] == "canonical tickets"

    @pytest.mark.parametrize("source", sorted(FIXTURES))
    def test_text(self, source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The text report names the entities, the reasons, the flags, the mapping and the files."""
        imported(source, tmp_path / "out")
        out = capsys.readouterr().out
        for part in ("entity", "Rejected by reason:", "Flags:", "Mapping used:", "  statuses: ", "Files written:"):
            assert part in out
        assert str(tmp_path / "out" / "tickets.parquet") in out

    def test_rejections_are_counted_by_reason(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Freshdesk's fixture rejects a conversation and a time entry: exit 5, both counted and listed."""
        assert imported("freshdesk", tmp_path / "out") == Exit.PARTIAL
        captured = capsys.readouterr()
        report = json.loads((tmp_path / "out" / "load-report.json").read_text(encoding="utf-8"))
        assert sum(report["rejected_by_reason"].values()) == len(report["rejected"]) == 2
        for reason, count in report["rejected_by_reason"].items():
            assert f"{count:>5}  {reason}" in captured.out
        assert "warning: " in captured.err
        assert error_lines(captured.err) == []

    def test_max_rejected_writes_nothing(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With --max-rejected 0 a rejected record stops the import: exit 3, one line, no folder."""
        assert imported("freshdesk", tmp_path / "out", "--max-rejected", "0") == Exit.REJECTED
        captured = capsys.readouterr()
        one_line(captured.err, "source records rejected (more than --max-rejected 0); nothing written")
        assert "  " in captured.err  # each rejected record below, with its entry
        assert not (tmp_path / "out").exists()
        assert list(tmp_path.iterdir()) == []

    def test_every_ticket_rejected(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An export whose every ticket is rejected writes nothing, whatever --max-rejected says (exit 3)."""
        export = tmp_path / "export"
        export.mkdir()
        (export / "tickets.jsonl").write_text('{"id": 1, "status": "open"}\n', encoding="utf-8")
        args = ["import", "zendesk", str(export), "--out", str(tmp_path / "out")]
        assert main(args) == Exit.REJECTED
        one_line(capsys.readouterr().err, "(every ticket); nothing written")
        assert not (tmp_path / "out").exists()

    def test_every_ticket_says_so_whatever_the_share(self, tmp_path: Path, capsys: Any) -> None:
        """With a share that would allow the rejections, no ticket loaded still stops the import, and says why."""
        export = tmp_path / "export"
        export.mkdir()
        (export / "tickets.jsonl").write_text('{"id": 1, "status": "open"}\n', encoding="utf-8")
        (export / "users.jsonl").write_text("".join(f'{{"id": {i}, "role": "agent"}}\n' for i in range(9)))
        args = ["import", "zendesk", str(export), "--out", str(tmp_path / "out"), "--max-rejected", "50%"]
        assert main(args) == Exit.REJECTED
        one_line(capsys.readouterr().err, "(every ticket); nothing written")

    def test_the_error_pickles(self) -> None:
        """The error crosses process boundaries (multiprocessing, pytest-xdist) whole."""
        err = TooManyRejectedRecords("in", [("page 1 entry 2", "bad")], 3, 0.5, every_ticket=False)
        again = pickle.loads(pickle.dumps(err))
        assert (str(again), again.rejected, again.every_ticket) == (str(err), err.rejected, False)

    def test_a_password_is_never_shown(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A django-helpdesk URL's password stays out of every line, as the adapter keeps it out of the origin."""
        url = "postgresql://lead:s3cret@127.0.0.1:9/helpdesk?connect_timeout=2"
        assert main(["--no-color", "import", "django-helpdesk", url, "--out", str(tmp_path / "o")]) == Exit.INVALID
        captured = capsys.readouterr()
        assert "s3cret" not in captured.out + captured.err
        assert "lead:***@127.0.0.1" in captured.err

    def test_mapping_override_changes_a_status(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--mapping`` with ``hold = "pending"``: Zendesk's ticket 103, on hold, is pending; the report says so."""
        mapping = tmp_path / "mapping.toml"
        mapping.write_text('format = "teamcore-mapping/1"\n[statuses]\nhold = "pending"\n', encoding="utf-8")
        assert imported("zendesk", tmp_path / "default") == Exit.OK
        assert imported("zendesk", tmp_path / "mapped", "--mapping", str(mapping)) == Exit.OK
        status = {
            name: dict(pl.read_parquet(tmp_path / name / "tickets.parquet").select("ticket_id", "status").iter_rows())
            for name in ("default", "mapped")
        }
        assert status["default"]["103"] == "on_hold"
        assert status["mapped"] == {**status["default"], "103": "pending"}
        report = json.loads((tmp_path / "mapped" / "load-report.json").read_text(encoding="utf-8"))
        assert report["mapping"]["statuses"]["hold"] == "pending"
        assert "hold → pending" in capsys.readouterr().out


class TestRefusals:
    """Bad arguments and files: one line and the documented status, nothing written."""

    @pytest.mark.parametrize(
        ("content", "needle"),
        [
            ('format = "teamcore-mapping/1"\n[statuses]\nhold = "paused"\n', "statuses['hold']"),  # unknown status
            ('format = "teamcore-mapping/1"\n[colours]\nred = "x"\n', "colours"),  # unknown table
            ("[statuses\n", "mapping.toml"),  # not TOML
        ],
    )
    def test_bad_mapping_file(self, content: str, needle: str, tmp_path: Path, capsys: Any) -> None:
        """An invalid mapping file: exit 1 before the source is read, the file and the entry named."""
        mapping = tmp_path / "mapping.toml"
        mapping.write_text(content, encoding="utf-8")
        assert imported("zendesk", tmp_path / "out", "--mapping", str(mapping)) == Exit.INVALID
        err = capsys.readouterr().err
        one_line(err, str(mapping))
        assert needle in err
        assert not (tmp_path / "out").exists()

    def test_missing_input(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An input that does not exist: exit 1, one line naming it."""
        missing = str(tmp_path / "nope")
        assert main(["--no-color", "import", "zammad", missing, "--out", str(tmp_path / "out")]) == Exit.INVALID
        one_line(capsys.readouterr().err, missing)

    def test_unknown_source(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt source is argparse's usage error (exit 2) listing the sources."""
        with pytest.raises(SystemExit) as info:
            main(["import", "zendsk", str(DATA / "zendesk" / "paged"), "--out", str(tmp_path / "out")])
        assert info.value.code == Exit.USAGE
        assert "invalid choice: 'zendsk'" in capsys.readouterr().err

    def test_non_empty_folder_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder holding other files: exit 4 before anything is read, one line; the files untouched."""
        (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
        assert imported("zendesk", tmp_path) == Exit.OUTPUT
        captured = capsys.readouterr()
        assert captured.out == ""
        one_line(captured.err, "--out: ", "'notes.txt'", "--force")
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    def test_a_file_as_the_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--out`` naming a file: exit 4, one line."""
        (tmp_path / "f").write_text("x", encoding="utf-8")
        assert imported("zendesk", tmp_path / "f") == Exit.OUTPUT
        one_line(capsys.readouterr().err, "--out: expected a folder")

    def test_a_folder_the_system_refuses(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder that cannot be created (under /proc, even for root): exit 4, one line, after the source is read."""
        assert imported("zendesk", Path("/proc/teamcore-import/out")) == Exit.OUTPUT
        one_line(capsys.readouterr().err, "--out: expected a folder teamcore can write", "/proc/teamcore-import/out")

    def test_a_missing_parent_is_created(self, tmp_path: Path) -> None:
        """``--out`` in folders that do not exist yet: they are made, and hold only the import."""
        assert imported("zendesk", tmp_path / "a" / "b") == Exit.OK
        assert [p.name for p in (tmp_path / "a").iterdir()] == ["b"]

    def test_force_keeps_other_files(self, tmp_path: Path) -> None:
        """With --force the import goes into the folder; the user's files stay."""
        (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
        assert imported("zendesk", tmp_path, "--force") == Exit.OK
        assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
        assert (tmp_path / "tickets.parquet").is_file()

    def test_a_previous_import_is_replaced(self, tmp_path: Path) -> None:
        """Importing into a previous import's folder replaces it; files the new import lacks go."""
        out = tmp_path / "out"
        assert imported("zendesk", out) == Exit.OK
        assert (out / "vendor_metrics.parquet").is_file()
        assert imported("django-helpdesk", out) == Exit.OK
        assert sorted(p.name for p in out.iterdir()) == sorted(IMPORT_FILES[:3])
        assert json.loads((out / "load-report.json").read_text(encoding="utf-8"))["source"] == "django-helpdesk"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left

    @settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(names=st.sets(st.text("abcxyz._-0123456789", min_size=1, max_size=12), max_size=4))
    def test_force_removes_only_import_files(self, names: set[str], tmp_path_factory: pytest.TempPathFactory) -> None:
        """Whatever else a folder holds, --force leaves it and writes exactly the import's files."""
        names -= {".", "..", *IMPORT_FILES}
        out = tmp_path_factory.mktemp("forced")
        for name in names:
            (out / name).write_text(name, encoding="utf-8")
        assert imported("django-helpdesk", out, "--force") == Exit.OK
        assert {p.name for p in out.iterdir()} == names | set(IMPORT_FILES[:3])
        assert all((out / name).read_text(encoding="utf-8") == name for name in names)


ZENDESK_JSONL = DATA / "zendesk" / "jsonl"


@st.composite
def damaged_exports(draw: st.DrawFn) -> dict[str, list[str]]:
    """The Zendesk JSON lines fixture with lines of each file dropped, and some replaced by broken JSON."""
    files: dict[str, list[str]] = {}
    for path in sorted(ZENDESK_JSONL.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = draw(st.lists(st.sampled_from(range(len(lines))), unique=True, max_size=len(lines)).map(sorted))
        broken = draw(st.sets(st.sampled_from(kept), max_size=2)) if kept else set()
        files[path.name] = ["{broken" if i in broken else lines[i] for i in kept]
    return files


class TestProperties:
    """Whatever the export holds, the exit status, the folder and the counts tell the same story."""

    @settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(export=damaged_exports())
    def test_status_folder_and_counts_agree(
        self, export: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """0: nothing rejected; 5: rejections listed, folder readable; 3: no folder; counts always add up."""
        base = tmp_path_factory.mktemp("damaged")
        for name, lines in export.items():
            (base / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        out = base / "out"
        status = main(["import", "zendesk", str(base), "--out", str(out), "--format", "csv"])
        event(f"exit {int(status)}")
        assert status in {Exit.OK, Exit.PARTIAL, Exit.REJECTED}
        if status == Exit.REJECTED:
            assert not out.exists()
            return
        report = json.loads((out / "load-report.json").read_text(encoding="utf-8"))
        rejected = len(report["rejected"]) + sum(len(p["rejected"]) for p in report["canonical"].values())
        assert (status == Exit.OK) == (rejected == 0)
        for entity in report["entities"]:
            assert entity["records_in"] == entity["used"] + sum(entity["ignored"].values()) + entity["rejected"]
        assert pl.read_parquet(out / "tickets.parquet").height == report["canonical"]["tickets"]["loaded"]


def _frame(frame: Any) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


class TestInterrupted:
    """An import cut short never leaves a folder that ``kpi`` accepts with half the files."""

    def test_new_folder_appears_whole_or_not_at_all(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ctrl-C after the tickets were written: exit 130, no folder, no staging folder left."""

        def cut(self: ImportResult, folder: Path) -> Any:
            _frame(self.tickets.frame).write_parquet(folder / "tickets.parquet")
            raise KeyboardInterrupt

        monkeypatch.setattr(ImportResult, "_write_files", cut)
        assert imported("zendesk", tmp_path / "out") == Exit.INTERRUPTED
        assert list(tmp_path.iterdir()) == []

    def test_replacing_a_folder_hides_it_until_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A failure while the files move in: the old import is no longer one, and kpi refuses the folder."""
        out = tmp_path / "out"
        assert imported("django-helpdesk", out) == Exit.OK
        real = Path.replace
        moved: list[str] = []

        def failing(self: Path, target: Any) -> Any:
            moved.append(self.name)
            if len(moved) == 2:
                raise OSError(28, "No space left on device")
            return real(self, target)

        monkeypatch.setattr(Path, "replace", failing)
        assert imported("django-helpdesk", out) == Exit.OUTPUT
        one_line(capsys.readouterr().err, "--out: ", "No space left on device")
        assert "tickets.parquet" not in moved  # the tickets move last
        assert not (out / "tickets.parquet").exists()
        assert main(["--no-color", "kpi", TEAM, "--tickets", str(out), *WEEK]) == Exit.INVALID
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


class TestSubprocess:
    """The command as a user runs it: exit statuses, and never a traceback."""

    def test_rejections_exit_5(self, tmp_path: Path) -> None:
        """Freshdesk's fixture: exit 5, the folder written, a warning and no error line."""
        result = run_cli("import", "freshdesk", str(DATA / "freshdesk"), "--out", str(tmp_path / "o"))
        assert result.returncode == Exit.PARTIAL, result.stderr
        assert "Traceback" not in result.stderr
        assert error_lines(result.stderr) == []
        assert (tmp_path / "o" / "tickets.parquet").is_file()

    @pytest.mark.parametrize(
        ("args", "status", "needle"),
        [
            (["import", "zendsk", "x", "--out", "o"], Exit.USAGE, "invalid choice"),  # a misspelt source
            (["import", "zammad", "/no/such/export", "--out", "o"], Exit.INVALID, "/no/such/export"),  # no input
            (["import", "zendesk", "x", "--out", "o", "--mapping", "/no/m.toml"], Exit.INVALID, "/no/m.toml"),
        ],
    )
    def test_bad_arguments(self, args: list[str], status: Exit, needle: str, tmp_path: Path) -> None:
        """A bad source, input or mapping file: its status and one line, no traceback."""
        args = [str(tmp_path / a) if a == "o" else a for a in args]
        result = run_cli(*args)
        assert result.returncode == status
        assert "Traceback" not in result.stderr
        assert needle in result.stderr
        if status != Exit.USAGE:  # argparse prints its usage line above its one error line
            one_line(result.stderr, needle)

    def test_closed_pipe(self, tmp_path: Path) -> None:
        """``teamcore import ... | head -1``: exit 141, nothing on stderr; the folder is written before the report."""
        result = run_cli("import", "zendesk", str(DATA / "zendesk" / "jsonl"), "--out", str(tmp_path / "o"),
                         stdout_closed=True)  # fmt: skip
        assert result.returncode == Exit.PIPE, result.stderr
        assert result.stderr == ""
        assert (tmp_path / "o" / "tickets.parquet").is_file()
