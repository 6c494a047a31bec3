"""Tests that every command fails well: one line and a documented exit status, never a traceback.

Missing folders and directories (as inputs and as outputs), a reader that closes the pipe early, files whose every
row is rejected, ``--max-rejected``, edge instants for ``--now``, and the last-resort handler of ``main``.
"""

from __future__ import annotations

import argparse
import ast
import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from teamcore.cli import COMMANDS, main
from teamcore.cli._app import build_parser
from teamcore.cli._common import rejected_rate
from teamcore.cli._exit import EXIT_CODES, TRACEBACK_ENV, Exit
from tests.cli.running import error_lines, run_cli
from tests.cli.running import one_line as assert_one_line

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "examples" / "northwind"
ROSTERING = ROOT / "examples" / "rostering"
ORG = str(NORTHWIND / "organisation.toml")
NOW = "2026-11-23T08:00Z"
TICKETS_HEADER = (NORTHWIND / "tickets.csv").read_text(encoding="utf-8").splitlines()[0]
CONNECTORS = ROOT / "tests" / "connectors" / "data"
IMPORT_OUT = Path(tempfile.mkdtemp(prefix="teamcore-test-import-")) / "out"
atexit.register(shutil.rmtree, IMPORT_OUT.parent, ignore_errors=True)
TICKET = "T0000001,2026-10-12T02:12:22Z,phone,low,C67,liam.oconnor,apac,closed,2026-10-12T16:02:42Z,good,4,,,513,x"

SUCCESS: dict[str, list[str]] = {
    "validate": [ORG],
    "report": [ORG, "--now", NOW],
    "coverage": [ORG, "--from", "2026-11-23", "--to", "2026-11-23"],
    "meetings": [ORG, "--team", "emea", "--now", NOW, "--count", "2"],
    "one-on-ones": [ORG, "--team", "emea", "--now", NOW, "--weeks", "2"],
    "mentors": [ORG, "--now", NOW],
    "skills": [ORG],
    "feedback": [ORG, "--log", str(NORTHWIND / "feedback.jsonl"), "--now", NOW],
    "kpi": [ORG, "--tickets", str(NORTHWIND / "tickets.csv"), "--now", NOW, "--format", "csv"],
    "sla": [
        *(ORG, "--tickets", str(NORTHWIND / "tickets.csv"), "--events", str(NORTHWIND / "events.csv")),
        *("--policy", str(NORTHWIND / "sla.toml"), "--now", NOW, "--only", "achievement", "--format", "csv"),
    ],
    "staffing": [ORG, "--forecast", str(NORTHWIND / "forecast.csv"), "--aht", "300"],
    "roster": ["check", str(ROSTERING / "problem.toml"), str(ROSTERING / "roster.csv")],
    "schema": [],
    "completion": ["bash"],
    "init": [str(IMPORT_OUT.parent / "team"), "--force"],  # --force: every run writes the same folder again
    # Helpdesk imports: the import folder is a fresh one per session (a rerun replaces the previous import).
    "import": ["zendesk", str(CONNECTORS / "zendesk" / "jsonl"), "--out", str(IMPORT_OUT), "--format", "csv"],
    "reconcile": ["zendesk", str(CONNECTORS / "reconcile" / "export"), "--format", "csv"],
}
"""For every command, arguments with which it succeeds and prints something on stdout."""

ONLINE: dict[str, str] = {"fetch": "tests/connectors/test_fetch.py::TestCli"}
"""Commands that succeed only against a helpdesk server; their success and closed-pipe cases are in these tests."""

PRECHECKED: dict[str, list[str]] = {**SUCCESS, "fetch": ["zendesk", "acme", "--out", str(IMPORT_OUT.parent / "f")]}
"""Arguments with which every command reaches its output check (an online command fails later, without a server)."""

WITH_PATH = [name for name, args in SUCCESS.items() if args[:1] == [ORG]]


def output_flags() -> list[tuple[str, str]]:
    """Every (command, flag) registered with ``add_output``, found from the full parser."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(name, flag) for name, cmd in sub.choices.items() for flag, _dest in cmd.get_default("outputs") or ()]


class TestExitCodes:
    def test_table_in_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``teamcore --help`` ends with every exit status and its meaning."""
        with pytest.raises(SystemExit) as info:
            main(["--help"])
        assert info.value.code == 0
        out = capsys.readouterr().out
        for code, meaning in EXIT_CODES.items():
            assert re.search(rf"^  {int(code)}\s+{re.escape(meaning)}$", out, re.MULTILINE), code

    def test_table_on_docs_page(self) -> None:
        """The CLI reference page has the same table, row for row."""
        page = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| (\d+) \| (.+?) \|$", page, re.MULTILINE)
        assert rows == [(str(int(code)), meaning) for code, meaning in EXIT_CODES.items()]

    def test_every_status_distinct(self) -> None:
        """The statuses are distinct and fit in a byte."""
        assert len(set(Exit)) == len(EXIT_CODES) == len(Exit)
        assert all(0 <= code < 256 for code in Exit)

    def test_commands_write_only_through_write_output(self) -> None:
        """No command module writes a file itself: every output goes through the checked ``add_output`` flags."""
        for path in sorted((ROOT / "src" / "teamcore" / "cli").glob("_cmd_*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute):
                    assert node.attr not in {"write_text", "write_bytes"}, f"{path.name}: {node.attr}"
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id != "open", path.name

    def test_every_command_covered(self) -> None:
        """The success table names every command."""
        assert set(SUCCESS) | set(ONLINE) == {c.name for c in COMMANDS}


class TestInputPaths:
    @pytest.mark.parametrize("command", WITH_PATH)
    def test_missing_folder(self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A team file in a folder that does not exist: exit 1 and the path, no traceback."""
        missing = str(tmp_path / "nope" / "org.toml")
        args = [missing if a == ORG else a for a in SUCCESS[command]]
        assert main(["--no-color", command, *args]) == Exit.INVALID
        captured = capsys.readouterr()
        assert missing in captured.out + captured.err
        assert "Traceback" not in captured.out + captured.err

    @pytest.mark.parametrize("command", WITH_PATH)
    def test_directory(self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A directory given as the team file: exit 1 and one line, no traceback."""
        args = [str(tmp_path) if a == ORG else a for a in SUCCESS[command]]
        assert main(["--no-color", command, *args]) == Exit.INVALID
        captured = capsys.readouterr()
        assert str(tmp_path) in captured.out + captured.err
        assert "Traceback" not in captured.out + captured.err


class TestOutputPaths:
    def test_every_writing_flag_found(self) -> None:
        """The writing flags are declared with add_output (so checked); a new one is added to this list."""
        assert sorted(output_flags()) == [
            ("coverage", "--output"),
            ("feedback", "--output"),
            ("fetch", "--output"),
            ("import", "--output"),
            ("init", "--output"),
            ("kpi", "--output"),
            ("meetings", "--ics"),
            ("meetings", "--output"),
            ("mentors", "--output"),
            ("one-on-ones", "--ics"),
            ("one-on-ones", "--output"),
            ("reconcile", "--output"),
            ("report", "--html"),
            ("report", "--json"),
            ("report", "--output"),
            ("roster", "--out"),
            ("roster", "--output"),
            ("schema", "--output"),
            ("skills", "--output"),
            ("sla", "--output"),
            ("staffing", "--output"),
            ("validate", "--output"),
        ]

    @pytest.mark.parametrize(("command", "flag"), output_flags())
    @pytest.mark.parametrize(
        ("where", "expected"),
        [
            ("missing/out.file", "does not exist"),  # a folder that does not exist
            ("", "not a directory"),  # the folder itself
            ("file.txt/out.file", "is not a folder"),  # a path through a file
        ],
    )
    def test_refused_before_work(
        self, command: str, flag: str, where: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output path that cannot be written: exit 4, one line naming flag and path, nothing on stdout."""
        (tmp_path / "file.txt").write_text("x", encoding="utf-8")
        target = str(tmp_path / where) if where else str(tmp_path)
        assert main(["--no-color", command, *PRECHECKED[command], flag, target]) == Exit.OUTPUT
        captured = capsys.readouterr()
        assert captured.out == ""  # before anything is computed or printed
        assert_one_line(captured.err, f"{flag}: ", repr(target), expected)

    @pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
    def test_no_permission(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder without write permission: exit 4."""
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked / "r.json")
        assert main(["report", *SUCCESS["report"], "--json", target]) == Exit.OUTPUT
        assert_one_line(capsys.readouterr().err, "--json: ", "permission")

    def test_unwritable_system_path(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A path the system refuses even to root (/proc): exit 4, found by trying, not by os.access."""
        assert main(["report", *SUCCESS["report"], "--json", "/proc/teamcore-report.json"]) == Exit.OUTPUT
        assert_one_line(capsys.readouterr().err, "--json: ", "/proc/teamcore-report.json")

    def test_same_file_twice(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Two output flags naming one file would overwrite each other: exit 4."""
        target = tmp_path / "r"
        code = main(["report", *SUCCESS["report"], "--json", str(target), "--html", f"{tmp_path}/./r"])
        assert code == Exit.OUTPUT
        assert_one_line(capsys.readouterr().err, "--html: ", "--json")

    def test_probe_leaves_nothing(self, tmp_path: Path) -> None:
        """Checking a new output path leaves no file behind when the command then fails."""
        target = tmp_path / "r.json"
        assert main(["report", ORG, "--now", "garbage", "--json", str(target)]) == Exit.INVALID
        assert not target.exists()

    def test_existing_file_kept_until_written(self, tmp_path: Path) -> None:
        """Checking an existing output file does not truncate it."""
        target = tmp_path / "r.json"
        target.write_text("old", encoding="utf-8")
        assert main(["report", ORG, "--now", "garbage", "--json", str(target)]) == Exit.INVALID
        assert target.read_text(encoding="utf-8") == "old"


class TestClosedPipe:
    @pytest.mark.parametrize("command", sorted(SUCCESS))
    def test_quiet(self, command: str) -> None:
        """With stdout a closed pipe (``| head -1``) every command exits 141 and prints no traceback."""
        result = run_cli(command, *SUCCESS[command], stdout_closed=True)
        assert result.returncode == Exit.PIPE, result.stderr
        assert "Traceback" not in result.stderr
        assert "Exception ignored" not in result.stderr
        assert error_lines(result.stderr) == []

    def test_help(self) -> None:
        """``teamcore --help | head -1`` is quiet too (argparse ignores a failed write of its help: exit 0)."""
        result = run_cli("--help", stdout_closed=True)
        assert result.returncode == Exit.OK
        assert result.stderr == ""

    def test_in_process(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """A BrokenPipeError from a command becomes exit 141 with nothing on stderr."""
        import teamcore.cli._cmd_schema as schema  # noqa: PLC0415 - patched below

        def closed(_args: argparse.Namespace) -> int:
            raise BrokenPipeError

        monkeypatch.setattr(schema, "run", closed)
        assert main(["schema"]) == Exit.PIPE
        assert capsys.readouterr().err == ""


def _all_rejected(tmp_path: Path) -> dict[str, list[str]]:
    """For every command that loads rows, arguments that give it a file whose every row is rejected."""
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(f"{TICKETS_HEADER}\n{TICKET.replace('2026-10-12T02:12:22Z', 'garbage')}\n", encoding="utf-8")
    kb = tmp_path / "kb.csv"
    kb.write_text("id,title,owner,topics,last_reviewed\nkb1,Refunds,johan.berg,refunds,2026-13-01\n", encoding="utf-8")
    log = tmp_path / "log.jsonl"
    log.write_text('{"record": "request", "id": "q", "requester": "nobody", "requested_at": "2026-10-01T08:00Z"}\n')
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("mentor,mentee,since,focus,status\nnobody,johan.berg,,,\n", encoding="utf-8")
    return {
        "kpi": [ORG, "--tickets", str(tickets), "--now", NOW],
        "sla": [
            *(ORG, "--tickets", str(tickets), "--events", str(NORTHWIND / "events.csv")),
            *("--policy", str(NORTHWIND / "sla.toml"), "--now", NOW),
        ],
        "report --tickets": [ORG, "--now", NOW, "--tickets", str(tickets)],
        "report --knowledge": [ORG, "--now", NOW, "--knowledge", str(kb)],
        "report --feedback": [ORG, "--now", NOW, "--feedback", str(log)],
        "report --mentoring": [ORG, "--now", NOW, "--mentoring", str(pairs)],
        "feedback": [ORG, "--log", str(log), "--now", NOW],
        "mentors": [ORG, "--now", NOW, "--pairs", str(pairs)],
        "staffing": [ORG, "--tickets", str(tickets), "--now", NOW, "--aht", "300"],
    }


ROW_COMMANDS = [
    "feedback",
    "kpi",
    "mentors",
    "report --feedback",
    "report --knowledge",
    "report --mentoring",
    "report --tickets",
    "sla",
    "staffing",
]
"""The commands (and report's flags) that load rows; :func:`_all_rejected` has a case for each."""


class TestRejectedRows:
    @pytest.mark.parametrize("case", ROW_COMMANDS)
    def test_all_rejected_fails(self, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file whose every row is rejected: exit 3, one error line saying so, nothing computed."""
        cases = _all_rejected(tmp_path)
        assert sorted(cases) == ROW_COMMANDS
        args = cases[case]
        assert main(["--no-color", case.split(maxsplit=1)[0], *args]) == Exit.REJECTED
        captured = capsys.readouterr()
        assert captured.out == ""
        assert_one_line(captured.err, "1 of 1 rows rejected (every row)")
        assert "  row " in captured.err  # and why, indented below

    @pytest.mark.parametrize("case", ROW_COMMANDS)
    def test_every_row_command_has_the_flag(self, case: str) -> None:
        """Every command that loads rows takes --max-rejected."""
        assert _has_flag(case.split(maxsplit=1)[0])

    @pytest.mark.parametrize(
        ("limit", "expected"),
        [
            (None, Exit.OK),  # default 1: only all-rejected fails
            ("0", Exit.REJECTED),  # no rejected row allowed
            ("49%", Exit.REJECTED),  # one of two is 50%, more than 49%
            ("50%", Exit.OK),  # not more than 50%
            ("0.5", Exit.OK),  # the same as a fraction
        ],
    )
    def test_max_rejected(
        self, limit: str | None, expected: Exit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--max-rejected sets the share of rejected rows above which the command fails."""
        tickets = tmp_path / "tickets.csv"
        bad = TICKET.replace("T0000001,2026-10-12T02:12:22Z", "T0000002,garbage")
        tickets.write_text(f"{TICKETS_HEADER}\n{TICKET}\n{bad}\n", encoding="utf-8")
        args = ["--no-color", "kpi", ORG, "--tickets", str(tickets), "--now", NOW]
        assert main([*args, *(["--max-rejected", limit] if limit else [])]) == expected
        err = capsys.readouterr().err
        if expected == Exit.REJECTED:
            assert_one_line(err, "1 of 2 rows rejected (more than --max-rejected")
        else:
            assert "warning:" in err
            assert "1 of 2 rows rejected" in err

    @pytest.mark.parametrize("text", ["1.5", "-0.1", "101%", "nan", "five", ""])
    def test_bad_rate_is_usage_error(self, text: str) -> None:
        """A rate outside 0-1 (or 0-100%) is a usage error (exit 2)."""
        with pytest.raises(argparse.ArgumentTypeError, match="fraction from 0 to 1"):
            rejected_rate(text)
        with pytest.raises(SystemExit) as info:
            main(["kpi", ORG, "--tickets", "t.csv", "--now", NOW, "--max-rejected", text])
        assert info.value.code == Exit.USAGE


def _has_flag(command: str) -> bool:
    parser = build_parser([command])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return any("--max-rejected" in a.option_strings for a in sub.choices[command]._actions)


class TestNow:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("P1000000000D", "not a date or duration"),  # a duration (OverflowError before)
            ("9999-12-31T23:59:59-12:00", "in UTC"),  # past 9999 in UTC (OverflowError before)
            ("10000-01-01T00:00Z", "year from 0001 to 9999"),  # a five-digit year
            ("0000-01-01T00:00Z", "year from 0001 to 9999"),  # year 0
            ("2026-11-23T08:00", "with an offset"),  # naive
            ("garbage", "ISO 8601"),  # not a date-time
        ],
    )
    @pytest.mark.parametrize("command", ["report", "kpi", "mentors"])
    def test_edges(self, command: str, value: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each edge of --now is one line naming --now, the value and the expected form (exit 1)."""
        args = [a for a in SUCCESS[command] if a != "--format" and a != "csv"]
        args[args.index("--now") + 1] = value
        assert main(["--no-color", command, *args]) == Exit.INVALID
        assert_one_line(capsys.readouterr().err, "--now: expected", repr(value), expected)

    @pytest.mark.parametrize(
        ("command", "args"),
        [
            # the default --start is 28 days before --now: OverflowError before
            ("kpi", [ORG, "--tickets", str(NORTHWIND / "tickets.csv"), "--now", "0001-01-01T00:00Z"]),
            ("sla", [*SUCCESS["sla"][:-6], "--now", "0001-01-20T00:00Z"]),
            # the next meeting is the day after --now: OverflowError before
            ("meetings", [ORG, "--team", "emea", "--now", "9999-12-31T12:00Z"]),
            # --start a year from the end of the range, as --now is
            ("kpi", [ORG, "--tickets", str(NORTHWIND / "tickets.csv"), "--now", NOW, "--start", "0001-06-01T00:00Z"]),
        ],
    )
    def test_margin_from_the_ends(self, command: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """Instant flags keep a year from the ends of the range: exit 1, one line, not an overflow mid-computation."""
        assert main(["--no-color", command, *args]) == Exit.INVALID
        assert_one_line(capsys.readouterr().err, "expected an instant from 0002-01-01T00:00Z to 9998-12-31T23:59:59Z")


class TestLastResort:
    @pytest.fixture
    def broken(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`teamcore schema` raises an exception teamcore does not mean to raise."""
        import teamcore.cli._cmd_schema as schema  # noqa: PLC0415 - patched below

        def bug(_args: argparse.Namespace) -> int:
            return {}["missing"]  # type: ignore[no-any-return]

        monkeypatch.setattr(schema, "run", bug)
        monkeypatch.delenv(TRACEBACK_ENV, raising=False)

    @pytest.mark.usefixtures("broken")
    def test_internal_error_is_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unexpected exception is one line with its type and where to report it, exit 70."""
        assert main(["schema"]) == Exit.INTERNAL
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("teamcore: internal error: KeyError: 'missing'")
        assert "please report it" in err

    @pytest.mark.usefixtures("broken")
    def test_traceback_on_request(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With TEAMCORE_TRACEBACK=1 the exception propagates (for whoever debugs it)."""
        monkeypatch.setenv(TRACEBACK_ENV, "1")
        with pytest.raises(KeyError):
            main(["schema"])

    def test_interrupted(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """Ctrl-C exits 130 with one line."""
        import teamcore.cli._cmd_schema as schema  # noqa: PLC0415 - patched below

        def interrupted(_args: argparse.Namespace) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(schema, "run", interrupted)
        assert main(["schema"]) == Exit.INTERRUPTED
        assert capsys.readouterr().err == "teamcore: interrupted\n"

    def test_subprocess_has_no_traceback(self, tmp_path: Path) -> None:
        """In a real process, an internal error is one line on stderr and exit 70."""
        script = tmp_path / "sitecustomize.py"  # breaks `teamcore schema` in the child only
        script.write_text(
            "import teamcore.cli._cmd_schema as s\ndef run(_):\n    raise RuntimeError('boom')\ns.run = run\n",
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src"), str(ROOT)])}
        env.pop(TRACEBACK_ENV, None)
        result = subprocess.run(
            [sys.executable, "-m", "teamcore", "schema"], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == Exit.INTERNAL
        assert result.stderr.startswith("teamcore: internal error: RuntimeError: boom")
        assert result.stderr.count("\n") == 1
