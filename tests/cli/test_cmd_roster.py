"""Tests for ``teamcore roster solve|check|burden``: files written, exit statuses, formats, bad input in one line."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from unittest import mock

import icalendar
import pytest

from teamcore.cli import main
from teamcore.cli._exit import Exit
from teamcore.rostering import burden_report, check_roster, load_roster, load_roster_problem
from tests.cli.running import one_line

EXAMPLE = Path(__file__).parents[2] / "examples" / "rostering"
PROBLEM = str(EXAMPLE / "problem.toml")
ROSTER = str(EXAMPLE / "roster.csv")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``teamcore roster ...`` in process: status, stdout, stderr."""
    status = main(["--no-color", "roster", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of examples/rostering to edit."""
    shutil.copytree(EXAMPLE, tmp_path / "rostering")
    return tmp_path / "rostering"


class TestSolve:
    """solve: a roster that keeps every rule, written as asked."""

    @pytest.mark.parametrize("suffix", [".csv", ".parquet"])
    def test_writes_roster_and_ics(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
        """--out writes a roster the checker passes; --ics-dir one .ics per member, in their zone."""
        out, ics = tmp_path / f"roster{suffix}", tmp_path / "ics"
        ics.mkdir()
        status, printed, _err = run(
            capsys, "solve", PROBLEM, "--time-limit", "1", "--out", str(out), "--ics-dir", str(ics)
        )
        assert status == Exit.OK
        assert f"wrote {out}" in printed
        problem, roster = load_roster_problem(PROBLEM), load_roster(out)
        assert len(roster) > 0
        assert check_roster(problem, roster) == []
        assert sorted(p.name for p in ics.iterdir()) == sorted(f"{m.id}.ics" for m in problem.members)
        maria = icalendar.Calendar.from_ical((ics / "maria.ics").read_bytes())
        events = list(maria.walk("VEVENT"))
        assert len(events) == len(roster.for_member("maria"))
        assert {e["dtstart"].params["TZID"] for e in events} == {"Asia/Manila"}

    def test_now_replaces_the_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--now: no shift starts before it."""
        args = ["solve", PROBLEM, "--time-limit", "1", "--format", "json", "--now", "2026-11-26T00:00Z"]
        status, printed, _err = run(capsys, *args)
        starts = [shift["start"] for shift in json.loads(printed)["shifts"]]
        assert status == Exit.OK
        assert starts
        assert min(starts) >= "2026-11-26T00:00:00Z"

    def test_table_shows_local_times(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The table shows each shift at the member's local wall-clock times."""
        out = tmp_path / "roster.csv"
        status, printed, _err = run(capsys, "solve", PROBLEM, "--time-limit", "1", "--out", str(out))
        problem, roster = load_roster_problem(PROBLEM), load_roster(out)
        assert status == Exit.OK
        assert "week of 2026-11-23" in printed
        for shift in roster:
            zone = problem.member(shift.member).zone
            local = f"{shift.start.astimezone(zone):%H:%M}-{shift.end.astimezone(zone):%H:%M} {shift.template}"
            assert local in printed

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON has the solve summary, the shifts and the burden; deterministic for a seed."""
        status, printed, _err = run(capsys, "solve", PROBLEM, "--time-limit", "1", "--format", "json")
        data = json.loads(printed)
        assert (status, data["schema"], data["action"]) == (Exit.OK, "teamcore.roster/1", "solve")
        assert data["solve"]["shortfall"] == sum(g["required"] - g["covered"] for g in data["uncovered"])
        assert len(data["burden"]["members"]) == 6
        again = json.loads(run(capsys, "solve", PROBLEM, "--time-limit", "1", "--format", "json")[1])
        assert again["shifts"] == data["shifts"]

    def test_without_ortools(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without OR-tools: one line naming the extra, exit 1."""
        with mock.patch.dict(sys.modules, {"ortools": None, "ortools.sat": None, "ortools.sat.python": None,
                                           "ortools.sat.python.cp_model": None}):  # fmt: skip
            status, _out, err = run(capsys, "solve", PROBLEM)
        assert status == Exit.INVALID
        one_line(err, "teamcore roster solve", "pip install 'teamcore[rostering]'")

    @pytest.mark.parametrize(
        ("args", "status", "needle"),
        [
            (["solve", PROBLEM, ROSTER], Exit.USAGE, "solve takes no ROSTER"),  # a roster given to solve
            (["check", PROBLEM], Exit.USAGE, "check needs ROSTER"),  # no roster to check
            (
                ["burden", PROBLEM, ROSTER, "--out", "x.csv"],
                Exit.USAGE,
                "--out goes with solve and time-off --resolve only",
            ),
            (["solve", PROBLEM, "--time-limit", "0"], Exit.INVALID, "--time-limit"),  # no time at all
            (["solve", PROBLEM, "--out", "roster.xlsx"], Exit.INVALID, "--out"),  # a format teamcore does not write
            (["solve", PROBLEM, "--ics-dir", "/nonexistent/ics"], Exit.INVALID, "--ics-dir"),  # no such folder
            (["chek", PROBLEM, ROSTER], Exit.USAGE, "did you mean 'check'"),  # a misspelt action
            (["burden", PROBLEM, PROBLEM], Exit.INVALID, "ROSTER: expected a .csv, .jsonl or .parquet"),  # not a roster
        ],
    )
    def test_bad_arguments(
        self, capsys: pytest.CaptureFixture[str], args: list[str], status: Exit, needle: str
    ) -> None:
        """Refused before solving, with one line naming what is wrong."""
        if status == Exit.USAGE:
            with pytest.raises(SystemExit) as info:
                main(["--no-color", "roster", *args])
            assert info.value.code == Exit.USAGE
            assert needle in capsys.readouterr().err
            return
        code, out, err = run(capsys, *args)
        assert (code, out) == (status, "")
        one_line(err, needle)


class TestCheck:
    """check: every broken rule and uncovered interval; exit 1 when a rule is broken."""

    def test_the_example_keeps_every_rule(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example roster keeps every rule: exit 0, and the uncovered intervals are listed."""
        status, printed, _err = run(capsys, "check", PROBLEM, ROSTER)
        assert status == Exit.OK
        assert "26 shifts keep every rule." in printed
        assert "2 uncovered intervals" in printed

    def test_broken_rule_exits_1(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        """A late shift on top of an early one: overlap and hours per day, exit 1, in every format."""
        roster = folder / "roster.csv"
        with roster.open("a", encoding="utf-8") as file:
            file.write("anna,late,2026-11-23T13:00:00Z,2026-11-23T21:30:00Z,2026-11-23,8.5\n")
        status, printed, _err = run(capsys, "check", str(folder / "problem.toml"), str(roster))
        assert status == Exit.INVALID
        assert "anna: 16 h > 10 h on Mon 2026-11-23 Europe/Stockholm" in printed
        status, printed, _err = run(capsys, "check", str(folder / "problem.toml"), str(roster), "--format", "json")
        data = json.loads(printed)
        assert (status, data["ok"]) == (Exit.INVALID, False)
        assert {"overlap", "hours_per_day"} <= {v["rule"] for v in data["violations"]}
        status, printed, _err = run(capsys, "check", str(folder / "problem.toml"), str(roster), "--format", "csv")
        assert printed.splitlines()[0] == "rule,member,value,limit,shifts,message"
        assert len(printed.splitlines()) == 1 + len(data["violations"])

    def test_bad_roster_file(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        """A roster file with a bad row: exit 1, the file and the row named, nothing on stdout."""
        roster = folder / "roster.csv"
        with roster.open("a", encoding="utf-8") as file:
            file.write("anna,late,2026-11-23T13:00,2026-11-23T21:30:00Z,2026-11-23,\n")
        status, out, err = run(capsys, "check", str(folder / "problem.toml"), str(roster))
        assert (status, out) == (Exit.INVALID, "")
        assert "roster.csv" in err
        assert "row 28" in err
        assert "Traceback" not in err

    def test_bad_problem_file(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        """A problem file with a bad entry: exit 1, the file and the entry named."""
        problem = folder / "problem.toml"
        problem.write_text(problem.read_text(encoding="utf-8").replace('"PT8H30M"', '"8:30"', 1), encoding="utf-8")
        status, out, err = run(capsys, "check", str(problem), str(folder / "roster.csv"))
        assert (status, out) == (Exit.INVALID, "")
        assert "problem.toml" in err
        assert "templates[0]" in err


class TestBurden:
    """burden: the report's numbers, in every format."""

    def test_csv_is_the_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One CSV row per member with the report's pain and fair share."""
        status, printed, _err = run(capsys, "burden", PROBLEM, ROSTER, "--format", "csv")
        assert status == Exit.OK
        header, *rows = [line.split(",") for line in printed.splitlines()]
        report = burden_report(load_roster_problem(PROBLEM), load_roster(ROSTER))
        assert header[:2] == ["member", "region"]
        pain = header.index("pain")
        assert [(r[0], float(r[pain])) for r in rows] == [(m.name, m.pain) for m in report.members]

    @pytest.mark.parametrize(
        ("row", "needle"),
        [
            (
                "zoe,day,2026-11-23T06:00:00Z,2026-11-23T14:30:00Z,2026-11-23,",
                "member: expected a member of the problem",
            ),
            ("anna,split,2026-11-25T06:00:00Z,2026-11-25T14:30:00Z,2026-11-25,", "template: expected a template"),
        ],
    )
    def test_unknown_member_or_template(
        self, capsys: pytest.CaptureFixture[str], folder: Path, row: str, needle: str
    ) -> None:
        """A shift of someone or something the problem lacks: exit 1, one line naming the roster file."""
        roster = folder / "roster.csv"
        with roster.open("a", encoding="utf-8") as file:
            file.write(row + "\n")
        status, out, err = run(capsys, "burden", str(folder / "problem.toml"), str(roster))
        assert (status, out) == (Exit.INVALID, "")
        one_line(err, "roster.csv", needle)

    def test_table_names_the_worst(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table ends with the member furthest above their fair share."""
        status, printed, _err = run(capsys, "burden", PROBLEM, ROSTER)
        worst = burden_report(load_roster_problem(PROBLEM), load_roster(ROSTER)).worst
        assert status == Exit.OK
        assert f"Worst: {worst.name} ({worst.region})" in printed
