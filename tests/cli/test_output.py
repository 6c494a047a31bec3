"""Tests for ``--format table|json|csv`` and ``--output`` on every command (teamcore.cli._output, _json_schemas)."""

from __future__ import annotations

import atexit
import csv
import datetime as dt
import io
import json
import math
import os
import shutil
import stat
import tempfile
import zoneinfo
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from teamcore.cli import main
from teamcore.cli._app import COMMANDS, build_parser
from teamcore.cli._exit import Exit
from teamcore.cli._json_schemas import JSON_COMMANDS, command_schema, json_shapes_page, schema_id
from teamcore.cli._output import csv_text, json_text, jsonable, write_atomic
from teamcore.exceptions import InvalidValue, UnknownReference
from tests.cli.running import one_line, run_cli

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "examples" / "northwind"
ROSTERING = ROOT / "examples" / "rostering"
CONNECTORS = ROOT / "tests" / "connectors" / "data"
ORG = str(NORTHWIND / "organisation.toml")
NOW = "2026-11-23T08:00Z"
IMPORT_OUT = Path(tempfile.mkdtemp(prefix="teamcore-test-output-")) / "import"
atexit.register(shutil.rmtree, IMPORT_OUT.parent, ignore_errors=True)
PAGE = ROOT / "docs" / "reference" / "cli-json.md"
TICKETS = str(NORTHWIND / "tickets.csv")
EVENTS = str(NORTHWIND / "events.csv")
FEEDBACK = str(NORTHWIND / "feedback.jsonl")
SLA = [ORG, "--tickets", TICKETS, "--events", EVENTS, "--policy", str(NORTHWIND / "sla.toml"), "--now", NOW]

# Arguments for each command's data, without --format; several per command where flags change the shape.
CASES: dict[str, list[list[str]]] = {
    "validate": [[ORG], [str(NORTHWIND / "broken-organisation.toml")]],
    "coverage": [[ORG, "--from", "2026-11-23", "--to", "2026-11-29", "--required", "3"]],
    "meetings": [
        [ORG, "--team", "emea", "--now", NOW, "--count", "4"],
        [ORG, "--team", "emea", "--now", NOW, "--count", "3", "--weekday", "tue", "--series", "weekly"],
    ],
    "one-on-ones": [[ORG, "--team", "emea", "--now", NOW, "--weeks", "4"]],
    "mentors": [
        [ORG, "--now", NOW, "--pairs", str(NORTHWIND / "mentoring.toml")],
        [ORG, "--now", NOW, "--assign", "--solver", "optimal"],
    ],
    "skills": [[ORG], [ORG, "--team", "emea", "--level", "2"]],
    "feedback": [
        [ORG, "--log", FEEDBACK, "--now", NOW],
        [ORG, "--log", FEEDBACK, "--now", NOW, "--member", "lars.nilsen"],
    ],
    "kpi": [
        [ORG, "--tickets", TICKETS, "--events", EVENTS, "--now", NOW, "--period", "week", "--by", "team"],
        [ORG, "--tickets", TICKETS, "--now", NOW, "--scorecard", "--sla", str(NORTHWIND / "sla.toml")],
    ],
    "sla": [
        SLA,
        [*SLA, "--only", "achievement"],
    ],
    "staffing": [[ORG, "--forecast", str(NORTHWIND / "forecast.csv"), "--aht", "300"]],
    "roster": [
        ["solve", str(ROSTERING / "problem.toml"), "--time-limit", "1"],
        ["check", str(ROSTERING / "problem.toml"), str(ROSTERING / "roster.csv")],
        ["burden", str(ROSTERING / "problem.toml"), str(ROSTERING / "roster.csv")],
        [
            *("time-off", str(ROSTERING / "problem.toml"), str(ROSTERING / "roster.csv")),
            *("--member", "anna", "--from", "2026-11-24", "--to", "2026-11-25"),
        ],
        [
            *("swap", str(ROSTERING / "problem.toml"), str(ROSTERING / "roster.csv")),
            *("--shift", "jose@2026-11-25T05:00Z", "--with", "maria@2026-11-24T05:00Z"),
        ],
    ],
    "import": [["zendesk", str(CONNECTORS / "zendesk" / "jsonl"), "--out", str(IMPORT_OUT)]],
    "reconcile": [["zendesk", str(CONNECTORS / "reconcile" / "export")]],
    "init": [[str(IMPORT_OUT.parent / "team"), "--force"]],  # --force: every run writes the same folder again
}
"""Every command with JSON output but fetch (which needs a server: tests/connectors/test_fetch.py::TestCli)."""

CSV_FIRST_COLUMNS = {
    "validate": ["path", "entry", "field", "message"],
    "coverage": ["start", "end", "start_local", "end_local", "minutes", "lowest", "severity"],
    "meetings": ["date", "start", "end", "local_time", "worst_pain"],
    "one-on-ones": ["lead", "member", "lead_zone", "member_zone", "weekday", "time", "member_weekday"],
    "mentors": ["member", "name", "started", "timezone"],
    "skills": ["skill", "bus_factor", "only"],
    "feedback": ["member", "timely_feedback", "quarterly_review", "one_on_one"],
    "kpi": ["period", "team", "incoming", "solved"],
    "sla": ["metric", "priority", "target", "achieved", "breached", "achievement"],
    "staffing": ["start", "end", "volume", "required", "scheduled", "difference", "severity"],
    "roster": ["member", "template", "start", "end", "local_date", "hours"],
    "import": ["entity", "records_in", "used", "ignored", "rejected"],
    "reconcile": ["ticket_id"],
    "init": ["file"],
}
"""The header each command's CSV starts with, for its first case."""

CSV_ROWS = {
    "init": "files",
    "validate": None,
    "coverage": "gaps",
    "meetings": "occurrences",
    "one-on-ones": "slots",
    "mentors": "waiting",
    "skills": "bus_factor",
    "feedback": "compliance",
    "kpi": "rows",
    "sla": None,
    "staffing": "intervals",
    "roster": "shifts",
    "import": "entities",
    "reconcile": "rows",
}
"""The JSON list whose items are the CSV's rows, one for one (None: the first case has no such list)."""

CASE_IDS = [(command, i) for command, cases in CASES.items() for i in range(len(cases))]


def run(capsys: pytest.CaptureFixture[str], command: str, args: list[str], *extra: str) -> tuple[int, str]:
    """Run the command in process; its exit status and stdout."""
    status = main(["--no-color", command, *args, *extra])
    return status, capsys.readouterr().out


def printed_json(capsys: pytest.CaptureFixture[str], command: str, args: list[str]) -> dict[str, Any]:
    """The command's ``--format json`` output, parsed (whatever the exit status: validate exits 1 when invalid)."""
    status, out = run(capsys, command, args, "--format", "json")
    assert status in {Exit.OK, Exit.INVALID, Exit.PARTIAL}
    data: dict[str, Any] = json.loads(out)
    return data


def printed_csv(capsys: pytest.CaptureFixture[str], command: str, args: list[str]) -> list[list[str]]:
    """The command's ``--format csv`` output as rows; it ends in CRLF line ends (RFC 4180)."""
    _status, out = run(capsys, command, args, "--format", "csv")
    assert out.endswith("\r\n")
    return list(csv.reader(io.StringIO(out, newline="")))


class TestJson:
    def test_every_command_with_data_is_covered(self) -> None:
        """Every command but report and schema has JSON output, and every one is exercised here or in test_fetch."""
        assert set(JSON_COMMANDS) == {c.name for c in COMMANDS} - {
            "report",
            "schema",
            "completion",
        }  # report: tests/cli/test_cmd_report.py
        assert set(CASES) | {"fetch"} == set(JSON_COMMANDS)

    @pytest.mark.parametrize(("command", "case"), CASE_IDS)
    def test_parses_and_matches_its_schema(self, command: str, case: int, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format json`` is one object, tagged with its schema, that the published schema accepts."""
        data = printed_json(capsys, command, CASES[command][case])
        assert data["schema"] == f"teamcore.{command}/1"
        jsonschema.validate(
            data, command_schema(command), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )

    def test_the_schema_rejects_a_wrong_field(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The schemas say something: a coverage output with a text peak, or without its gaps, fails them."""
        data = printed_json(capsys, "coverage", CASES["coverage"][0])
        schema = command_schema("coverage")
        for broken in ({**data, "peak": "3"}, {k: v for k, v in data.items() if k != "gaps"}, {**data, "schema": "x"}):
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(broken, schema)

    def test_validate_lists_problems_and_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid team file: exit 1, and the JSON lists each problem with its entry and field."""
        status, out = run(capsys, "validate", CASES["validate"][1], "--format", "json")
        data = json.loads(out)
        assert status == Exit.INVALID
        assert data["valid"] is False
        assert data["organisation"] is None
        assert len(data["problems"]) >= 2
        assert all(p["message"] for p in data["problems"])

    def test_kpi_views(self, capsys: pytest.CaptureFixture[str]) -> None:
        """kpi says which view its rows are: the KPI table or the scorecard."""
        assert printed_json(capsys, "kpi", CASES["kpi"][0])["view"] == "kpi"
        assert printed_json(capsys, "kpi", CASES["kpi"][1])["view"] == "scorecard"

    def test_one_on_ones_local_times(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each slot's first 1:1 is the same instant read in the lead's and the member's zone."""
        import zoneinfo  # noqa: PLC0415 - only this test reads zones itself

        import pendulum  # noqa: PLC0415

        for slot in printed_json(capsys, "one-on-ones", CASES["one-on-ones"][0])["slots"]:
            first = pendulum.parse(slot["first"])
            lead = first.astimezone(zoneinfo.ZoneInfo(slot["lead_zone"]))
            member = first.astimezone(zoneinfo.ZoneInfo(slot["member_zone"]))
            assert (lead.strftime("%a").lower(), lead.strftime("%H:%M")) == (slot["weekday"], slot["time"])
            assert (member.strftime("%a").lower(), member.strftime("%H:%M")) == (
                slot["member_weekday"],
                slot["member_time"],
            )


class TestCsv:
    @pytest.mark.parametrize("command", list(CASES))
    def test_header_and_rows(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format csv`` is the main table: its header, then one row per item of the matching JSON list."""
        args = CASES[command][0]
        if command == "sla":
            args = [*args, "--only", "achievement"]
        rows = printed_csv(capsys, command, args)
        header = rows[0]
        assert header[: len(CSV_FIRST_COLUMNS[command])] == CSV_FIRST_COLUMNS[command]
        assert all(len(row) == len(header) for row in rows)
        data = printed_json(capsys, command, args)
        listed = {"validate": "problems", "sla": "achievement"}.get(command) or CSV_ROWS[command]
        assert listed is not None
        extra = len(data["canonical"]) if command == "import" else 0  # then a row each for canonical tickets, events
        assert len(rows) - 1 == len(data[listed]) + extra

    def test_sla_needs_one_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV is one table: sla without --only is a usage error."""
        with pytest.raises(SystemExit) as exit_:
            run(capsys, "sla", CASES["sla"][0], "--format", "csv")
        assert exit_.value.code == Exit.USAGE

    def test_cells_read_as_in_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Instants end in Z, a missing value is an empty cell, booleans are true/false."""
        rows = printed_csv(capsys, "one-on-ones", CASES["one-on-ones"][0])
        header = rows[0]
        for row in rows[1:]:
            cell = dict(zip(header, row, strict=True))
            assert cell["first"].endswith("Z")
            assert cell["stable"] in {"true", "false"}

    @given(st.lists(st.lists(st.one_of(st.none(), st.text(), st.integers(), st.booleans()), min_size=2, max_size=2)))
    def test_round_trip(self, rows: list[list[Any]]) -> None:
        """Any text survives RFC 4180 quoting: commas, quotes, line breaks read back as written."""
        text = csv_text((["a", "b"], rows))
        back = list(csv.reader(io.StringIO(text, newline="")))
        expected = [
            ["" if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v) for v in r]
            for r in rows
        ]
        assert back == [["a", "b"], *expected]


class TestFormatFlag:
    def test_text_is_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format text`` (the old name on import, reconcile, fetch) is the table."""
        _, table = run(capsys, "skills", [ORG])
        _, text = run(capsys, "skills", [ORG], "--format", "text")
        assert table == text
        assert "Bus factor per skill" in table

    def test_unknown_format_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--format xml``: exit 2, the choices named."""
        with pytest.raises(SystemExit) as exit_:
            main(["skills", ORG, "--format", "xml"])
        assert exit_.value.code == Exit.USAGE
        assert "table" in capsys.readouterr().err

    def test_every_command_with_json_has_the_flags(self) -> None:
        """Each command in JSON_COMMANDS takes --format json|csv|table and --output."""
        parser = build_parser()
        sub = next(a for a in parser._actions if a.dest == "command")
        for command in JSON_COMMANDS:
            options = {o for action in sub.choices[command]._actions for o in action.option_strings}
            assert {"--format", "--output"} <= options, command


class TestOutputFile:
    @pytest.mark.parametrize("format_", ["json", "csv", "table"])
    def test_file_holds_what_stdout_would(
        self, format_: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--output FILE writes the bytes stdout would get (a table as plain text), and prints nothing."""
        target = tmp_path / f"skills.{format_}"
        status, out = run(capsys, "skills", [ORG], "--format", format_, "--output", str(target))
        assert (status, out) == (Exit.OK, "")
        written = target.read_bytes().decode("utf-8")
        if format_ == "table":
            assert "Bus factor per skill" in written
            assert "\x1b[" not in written  # no colour codes in a file
        else:
            _, printed = run(capsys, "skills", [ORG], "--format", format_)
            assert written == printed
        assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left

    def test_a_named_pipe_is_written_not_replaced(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--output onto a FIFO (as onto /dev/null) writes into it: renaming over it would replace it with a file."""
        import stat  # noqa: PLC0415
        import threading  # noqa: PLC0415

        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
        reader.start()
        status, out = run(capsys, "skills", [ORG], "--format", "json", "--output", str(fifo))
        reader.join(timeout=30)
        assert (status, out) == (Exit.OK, "")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert json.loads(received[0])["schema"] == "teamcore.skills/1"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]

    def test_a_link_is_written_through_not_replaced(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--output onto a symbolic link (as /dev/stdout is) writes its target: the link stays a link."""
        target = tmp_path / "reports" / "skills.json"
        target.parent.mkdir()
        target.write_text("old", encoding="utf-8")
        link = tmp_path / "latest.json"
        link.symlink_to(target)
        status, out = run(capsys, "skills", [ORG], "--format", "json", "--output", str(link))
        assert (status, out) == (Exit.OK, "")
        assert link.is_symlink()
        assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "teamcore.skills/1"

    def test_a_link_to_a_file_not_yet_there_makes_it(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--output onto a link whose target does not exist yet creates the target; a loop of links is one line."""
        link = tmp_path / "latest.json"
        link.symlink_to(tmp_path / "new.json")
        status, out = run(capsys, "skills", [ORG], "--format", "json", "--output", str(link))
        assert (status, out) == (Exit.OK, "")
        assert link.is_symlink()
        assert json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))["schema"] == "teamcore.skills/1"
        loop = tmp_path / "loop.json"
        loop.symlink_to(loop)
        status = main(["--no-color", "skills", ORG, "--format", "json", "--output", str(loop)])
        assert status == Exit.OUTPUT
        assert "a symbolic link that leads nowhere" in capsys.readouterr().err

    def test_dash_is_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--output -`` is stdout."""
        _, out = run(capsys, "skills", [ORG], "--format", "json", "--output", "-")
        assert json.loads(out)["schema"] == "teamcore.skills/1"

    def test_replaces_a_file_keeping_its_mode(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An existing file is replaced whole, and keeps its permissions."""
        target = tmp_path / "out.csv"
        target.write_text("old content that is longer than nothing\n" * 100, encoding="utf-8")
        target.chmod(0o640)
        assert run(capsys, "skills", [ORG], "--format", "csv", "--output", str(target))[0] == Exit.OK
        assert target.read_text(encoding="utf-8").startswith("skill,bus_factor,only")
        assert "old content" not in target.read_text(encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640

    @pytest.mark.parametrize(
        ("where", "expected"),
        [
            ("missing/out.json", "does not exist"),  # a folder that does not exist
            ("", "not a directory"),  # the folder itself
            ("file.txt/out.json", "is not a folder"),  # a path through a file
        ],
    )
    def test_unwritable_path(self, where: str, expected: str, tmp_path: Path) -> None:
        """An --output that cannot be written: exit 4, one line naming the flag and the path, nothing on stdout."""
        (tmp_path / "file.txt").write_text("x", encoding="utf-8")
        target = str(tmp_path / where) if where else str(tmp_path)
        done = run_cli("coverage", *CASES["coverage"][0], "--format", "json", "--output", target)
        assert done.returncode == Exit.OUTPUT
        assert done.stdout == ""
        one_line(done.stderr, "--output", target, expected)

    def test_failed_write_keeps_the_old_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A write that fails half-way (disk full): UnwritableOutput; the old file and the folder are as before."""
        target = tmp_path / "out.json"
        target.write_text("old\n", encoding="utf-8")

        def full(_fd: int, *_args: object, **_kwargs: object) -> Any:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fdopen", full)
        with pytest.raises(InvalidValue, match=r"--output: .*No space left on device"):
            write_atomic("--output", target, "new\n")
        assert target.read_text(encoding="utf-8") == "old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    def test_folder_removed_after_the_check(self, tmp_path: Path) -> None:
        """A folder that went away between the check and the write: UnwritableOutput naming the path."""
        with pytest.raises(InvalidValue, match="gone"):
            write_atomic("--output", tmp_path / "gone" / "x.json", b"{}")


class TestJsonText:
    @given(
        st.recursive(
            st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
            max_leaves=20,
        )
    )
    def test_always_strict_json(self, value: Any) -> None:
        """Whatever the data, the output is strict JSON (NaN and infinities become null) and keeps its tag."""
        text = json_text("skills", {"value": value})
        back = json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON constant {name}"))
        assert back["schema"] == "teamcore.skills/1"
        if isinstance(value, float):
            assert back["value"] == (value if math.isfinite(value) else None)

    @given(st.datetimes(min_value=dt.datetime(1900, 1, 1), timezones=st.timezones()))
    @example(dt.datetime(2026, 3, 29, 2, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")))  # in the spring gap
    @example(dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")))  # the second 02:30
    def test_instants_are_utc(self, at: dt.datetime) -> None:
        """An aware instant is written in UTC with Z, and reads back as the same instant."""
        text = jsonable(at)
        assert isinstance(text, str)
        assert text.endswith("Z")
        assert dt.datetime.fromisoformat(text) == at.astimezone(dt.UTC)  # == across zones is False in a gap or fold


class TestSchemaCommand:
    @pytest.mark.parametrize("command", JSON_COMMANDS)
    def test_prints_each_schema(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """``teamcore schema <command>`` prints that command's schema, itself a valid draft 2020-12 schema."""
        assert main(["schema", command]) == Exit.OK
        printed = json.loads(capsys.readouterr().out)
        assert printed == command_schema(command)
        jsonschema.Draft202012Validator.check_schema(printed)
        assert printed["properties"]["schema"] == {"const": schema_id(command)}

    def test_report_and_organisation(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``schema report`` is ``schema --report``; ``schema organisation`` is the default."""
        outputs = []
        for args in (["schema", "report"], ["schema", "--report"], ["schema", "organisation"], ["schema"]):
            assert main(args) == Exit.OK
            outputs.append(capsys.readouterr().out)
        assert outputs[0] == outputs[1]
        assert outputs[2] == outputs[3]
        assert outputs[0] != outputs[2]

    def test_output_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``schema NAME --output FILE`` writes the schema there."""
        assert main(["schema", "kpi", "--output", str(tmp_path / "kpi.json")]) == Exit.OK
        assert capsys.readouterr().out == ""
        assert json.loads((tmp_path / "kpi.json").read_text(encoding="utf-8")) == command_schema("kpi")

    def test_unknown_name(self) -> None:
        """An unknown name: a usage error from argparse; from the library, an error naming the commands."""
        with pytest.raises(SystemExit):
            main(["schema", "kpis"])
        with pytest.raises(UnknownReference, match="one of init, validate, coverage"):
            command_schema("kpis")


class TestDocsPage:
    def test_page_is_generated(self) -> None:
        """docs/reference/cli-json.md is json_shapes_page(); regenerate it when a shape changes."""
        hint = "python -c 'from teamcore.cli._json_schemas import json_shapes_page as p; print(p(), end=\"\")'"
        assert PAGE.read_text(encoding="utf-8") == json_shapes_page(), f"regenerate: {hint} > {PAGE}"

    def test_page_names_every_field(self) -> None:
        """Every command has a section, and every top-level field of its schema is in the table."""
        text = PAGE.read_text(encoding="utf-8")
        for command in JSON_COMMANDS:
            assert f"## `teamcore {command}`" in text
            for name in command_schema(command)["properties"]:
                assert f"| `{name}` |" in text
