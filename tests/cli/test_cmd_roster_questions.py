"""Tests for ``teamcore roster time-off|swap``: the library's answers on the command line, and bad flags refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from teamcore.cli import main
from teamcore.cli._exit import Exit
from teamcore.rostering import (
    ShiftAssignment,
    approve_time_off,
    check_roster,
    check_swap,
    load_roster,
    load_roster_problem,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "rostering"
PROBLEM = str(EXAMPLE / "problem.toml")
ROSTER = str(EXAMPLE / "roster.csv")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``teamcore roster ...`` in process: status, stdout, stderr (a usage error's status too)."""
    try:
        status = main(["--no-color", "roster", *args])
    except SystemExit as stop:  # argparse ends a usage error so
        status = int(stop.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def refused(err: str, needle: str) -> None:
    """One error line naming `needle`, no traceback (argparse prints its usage first, then ``... error: ...``)."""
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1, err
    assert needle in errors[0], errors[0]


def shift(member: str, start: str) -> ShiftAssignment:
    """The example roster's shift of `member` starting at `start` (UTC)."""
    at = dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC)
    return next(a for a in load_roster(ROSTER) if a.member == member and a.start == at)


class TestTimeOff:
    """time-off: the verdict and the cost of approve_time_off, in every format."""

    def test_costly_request(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Anna's Tuesday leaves Swedish short: the verdict, the shift taken out and the intervals are printed."""
        status, out, _err = run(
            capsys, "time-off", PROBLEM, ROSTER, "--member", "anna", "--from", "2026-11-24", "--to", "2026-11-25"
        )
        assert status == Exit.OK
        lines = out.splitlines()
        assert lines[0].startswith("costs 8 agent-intervals of coverage (8 in sv)")
        assert "takes out anna day Tue 2026-11-24 09:00-17:30 Europe/Stockholm" in lines[1]
        assert "short Tue 2026-11-24 08:00-09:00 UTC sv: 0 of 1 agents" in out

    def test_json_equals_the_library(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON carries what approve_time_off answers: verdict, cost, the removed shifts."""
        problem, roster = load_roster_problem(PROBLEM), load_roster(ROSTER)
        decision = approve_time_off(problem, roster, "anna", dt.date(2026, 11, 24), dt.date(2026, 11, 25))
        status, out, _err = run(
            capsys,
            *("time-off", PROBLEM, ROSTER, "--member", "anna", "--from", "2026-11-24", "--to", "2026-11-25"),
            *("--format", "json"),
        )
        assert status == Exit.OK
        data = json.loads(out)["time_off"]
        assert data["verdict"] == decision.verdict == "costs_coverage"
        assert data["cost"] == decision.cost
        assert [s["start"] for s in data["removed"]] == ["2026-11-24T08:00:00Z"]
        assert len(data["shortfall"]) == len(decision.shortfall())

    def test_free_day_is_approved(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A day the member does not work costs nothing."""
        status, out, _err = run(
            capsys, "time-off", PROBLEM, ROSTER, "--member", "maria", "--from", "2026-11-23", "--to", "2026-11-23"
        )
        assert status == Exit.OK
        assert out.startswith("approve: maria's time off 2026-11-23..2026-11-23")

    def test_csv_rows_are_the_changed_intervals(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format csv: one row per interval and group short before or after."""
        status, out, _err = run(
            capsys,
            *("time-off", PROBLEM, ROSTER, "--member", "anna", "--from", "2026-11-24", "--to", "2026-11-24"),
            *("--format", "csv"),
        )
        assert status == Exit.OK
        rows = out.splitlines()
        assert rows[0] == "start,end,group,required,missing_before,missing_after"
        worse = [r for r in rows[1:] if r.split(",")[4] != r.split(",")[5]]
        assert len(worse) == 8
        assert all(r.split(",")[2] == "sv" for r in worse)

    def test_resolve_writes_a_roster_that_keeps_every_rule(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--resolve --out: the re-solved roster is written, keeps every rule and leaves the member off."""
        out = tmp_path / "cover.csv"
        status, printed, _err = run(
            capsys,
            *("time-off", PROBLEM, ROSTER, "--member", "anna", "--from", "2026-11-24", "--to", "2026-11-24"),
            *("--resolve", "--time-limit", "1", "--out", str(out)),
        )
        assert status == Exit.OK
        assert f"wrote {out}" in printed
        problem, cover = load_roster_problem(PROBLEM), load_roster(out)
        assert not [a for a in cover.for_member("anna") if a.local_date == dt.date(2026, 11, 24)]
        with_time_off = approve_time_off(
            problem, load_roster(ROSTER), "anna", dt.date(2026, 11, 24), dt.date(2026, 11, 24)
        )
        assert with_time_off.removed
        assert [v for v in check_roster(problem, cover) if v.rule != "time_off"] == []

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--member", "anna", "--from", "2026-11-24"], "time-off needs --to"),
            (["--member", "zoe", "--from", "2026-11-24", "--to", "2026-11-24"], "--member"),
            (["--member", "anna", "--from", "2026-11-25", "--to", "2026-11-24"], "--to"),
            (["--member", "anna", "--from", "2026-11-24", "--to", "2026-11-24", "--keep", "member"], "--keep"),
            (["--member", "anna", "--from", "2026-11-24", "--to", "2026-11-24", "--give-to", "erik"], "--give-to"),
            (["--member", "anna", "--from", "2026-11-24", "--to", "2026-11-24", "--out", "x.csv"], "--out"),
        ],
    )
    def test_bad_flags_in_one_line(self, capsys: pytest.CaptureFixture[str], args: list[str], expected: str) -> None:
        """Each wrong or missing flag is one line naming it; nothing is solved or written."""
        status, out, err = run(capsys, "time-off", PROBLEM, ROSTER, *args)
        assert status in {Exit.INVALID, Exit.USAGE}
        assert out == ""
        refused(err, expected)


class TestSwap:
    """swap: check_swap on the command line; exit 1 when it breaks a rule."""

    def test_exchange_that_keeps_every_rule(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Two Manila shifts exchanged between José and Maria keep the rules and the coverage."""
        status, out, _err = run(
            capsys, "swap", PROBLEM, ROSTER, "--shift", "jose@2026-11-25T05:00Z", "--with", "maria@2026-11-24T05:00Z"
        )
        assert status == Exit.OK
        assert out.startswith("the swap keeps every rule and the coverage")
        assert "after the swap: maria" in out

    def test_giving_a_shift_away_that_breaks_rules(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Anna's Monday given to Erik, who already works that day: exit 1, the rules named, as check_swap says."""
        problem, roster = load_roster_problem(PROBLEM), load_roster(ROSTER)
        expected = check_swap(problem, roster, shift("anna", "2026-11-23T06:00"), "erik")
        status, out, _err = run(
            capsys,
            "swap",
            PROBLEM,
            ROSTER,
            "--shift",
            "anna@2026-11-23T06:00Z",
            "--give-to",
            "erik",
            "--format",
            "json",
        )
        assert status == Exit.INVALID
        data = json.loads(out)
        assert data["ok"] is False
        assert [v["rule"] for v in data["swap"]["introduced"]] == [v.rule for v in expected.introduced]
        assert data["swap"]["moved"][0]["member"] == "erik"

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--shift", "anna@2026-11-23T07:00Z", "--give-to", "erik"], "anna's start at 2026-11-23T06:00:00Z"),
            (["--shift", "anna", "--give-to", "erik"], "MEMBER@START"),
            (["--shift", "anna@2026-11-23T06:00Z"], "one of --with"),
            (["--shift", "anna@2026-11-23T06:00Z", "--give-to", "erik", "--with", "erik@2026-11-23T13:00Z"], "one of"),
            (["--shift", "anna@2026-11-23T06:00Z", "--give-to", "zoe"], "--give-to"),
            (["--shift", "zoe@2026-11-23T06:00Z", "--give-to", "erik"], "a member with shifts"),
            (["--member", "anna"], "--member goes with time-off"),
        ],
    )
    def test_bad_flags_in_one_line(self, capsys: pytest.CaptureFixture[str], args: list[str], expected: str) -> None:
        """A shift not in the roster, a malformed one, a missing or doubled partner: one line, nothing printed."""
        status, out, err = run(capsys, "swap", PROBLEM, ROSTER, *args)
        assert status in {Exit.INVALID, Exit.USAGE}
        assert out == ""
        refused(err, expected)
