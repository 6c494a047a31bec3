"""Tests for ``teamcore meetings``: the rotation report, the .ics file and bad input."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from teamcore.cli import main

ORG = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "Europe/Stockholm"
country = "SE"
hours = { mon-fri = ["09:00-17:00"] }

[[members]]
id = "nia"
name = "Nia Ford"
timezone = "America/New_York"
country = "US"
hours = { mon-fri = ["09:00-17:00"] }

[[members]]
id = "kai"
name = "Kai Sato"
timezone = "Asia/Tokyo"
country = "JP"
hours = { mon-fri = ["09:00-17:00"] }

[[members]]
id = "lou"
name = "Lou Reyes"
timezone = "America/Los_Angeles"
country = "US"
hours = { mon-fri = ["09:00-17:00"] }

[[teams]]
id = "atlantic"
name = "Atlantic"
lead = "anna"
members = ["anna", "nia"]

[[teams]]
id = "world"
name = "World"
lead = "anna"
timezone = "UTC"
members = ["anna", "kai", "lou"]
"""


@pytest.fixture
def org(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(ORG, encoding="utf-8")
    return path


class TestMeetingsCommand:
    """The command end to end."""

    def test_weekly_rotation_and_ics(self, org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A weekly Atlantic meeting fits both days; the .ics has one event per occurrence, stamped with --now."""
        ics = tmp_path / "team.ics"
        argv = ["--no-color", "meetings", str(org), "--team", "atlantic", "--count", "4", "--now",
                "2026-03-02T08:00Z", "--weekday", "tue", "--ics", str(ics)]  # fmt: skip
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "2026-03-03" in out  # the first Tuesday after --now
        assert "Weekdays compared" not in out  # an explicit weekday is not chosen
        assert "worst 0.0" in out  # 15:00-17:00 Stockholm is 09:00-11:00 New York
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 4
        assert {str(e["DTSTAMP"].to_ical().decode()) for e in events} == {"20260302T080000Z"}

    def test_unscheduled_without_night_opt_in(self, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Stockholm, Tokyo and Los Angeles nights cover the whole day; --night-ok schedules the meetings."""
        argv = ["--no-color", "meetings", str(org), "--team", "world", "--count", "3", "--from", "2026-03-03"]
        assert main(argv) == 0
        assert "3 occurrence(s) unscheduled" in capsys.readouterr().out
        assert main([*argv, "--night-ok", "--series", "daily"]) == 0
        assert "unscheduled" not in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--team", "atlantic", "--count", "2"], "--now"),  # neither --now nor --from
            (["--team", "mars", "--now", "2026-03-02T08:00Z"], "mars"),  # unknown team
            (["--team", "atlantic", "--count", "5000", "--now", "2026-03-02T08:00Z"], "--count"),  # too many
            (["--team", "atlantic", "--weekday", "auto", "--count", "2"], "--now"),  # auto needs a start too
        ],
    )
    def test_invalid_input(self, org: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Invalid input exits 1 and names the problem on stderr."""
        assert main(["--no-color", "meetings", str(org), *extra]) == 1
        assert message in capsys.readouterr().err


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--no-color", "meetings", *argv]) == 0
    return capsys.readouterr().out


class TestWeekdayAuto:
    """``--weekday auto``, the default: the team's working day with the lowest burdens, printed with why."""

    def test_default_is_auto(self, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --weekday the weekdays are compared and the choice explained; 'auto' spelt out is the same."""
        argv = [str(org), "--team", "atlantic", "--count", "12", "--now", "2026-11-23T08:00Z"]
        out = run(argv, capsys)
        assert "Weekdays compared (--weekday auto)" in out
        # US and Swedish holidays in these 12 weeks fall on every weekday but Tuesday (as in the team report).
        assert "chose Tuesday: lowest worst burden, 0.00 vs 6.00 on Wednesday." not in out
        assert "chose Tuesday: lowest worst burden, 0.0 vs 6.0 on Wednesday." in out
        assert run([*argv, "--weekday", "AUTO"], capsys) == out

    @pytest.mark.parametrize(
        ("extra", "day"),
        [
            (["--now", "2026-11-23T08:00Z"], "Tuesday"),
            (["--from", "2026-08-06", "--count", "4"], "Monday"),  # from a Thursday: the earliest of equal weekdays
            (["--from", "2026-08-06"], "Tuesday"),  # 12 weeks: Monday 7 September is Labor Day in the US
            (["--from", "2026-08-03", "--series", "monthly", "--count", "3"], "Tuesday"),  # the same Labor Day
            (["--now", "2026-11-23T08:00Z", "--per-region"], "Tuesday"),
        ],
    )
    def test_auto_is_the_explicit_weekday_it_chose(
        self, org: Path, extra: list[str], day: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """After the comparison and the reason, auto prints exactly what --weekday with the chosen day prints."""
        argv = [str(org), "--team", "atlantic", "--count", "12", *extra]
        auto = run(argv, capsys)
        reason = next(line for line in auto.splitlines() if line.startswith("chose "))
        assert reason.startswith(f"chose {day}: ")
        explicit = run([*argv, "--weekday", day[:3].lower()], capsys)
        assert auto.endswith(explicit)
        assert auto.index("Weekdays compared") < auto.index(reason) < len(auto) - len(explicit)

    def test_ics_on_the_chosen_weekday(self, org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The .ics holds the chosen weekday's occurrences."""
        ics = tmp_path / "team.ics"
        run([str(org), "--team", "atlantic", "--count", "12", "--now", "2026-11-23T08:00Z", "--ics", str(ics)], capsys)
        events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
        assert len(events) == 12
        assert {e["DTSTART"].dt.strftime("%A") for e in events} == {"Tuesday"}

    def test_daily_has_no_weekday(self, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A daily huddle meets every working day: nothing to choose, the same output as with a weekday."""
        argv = [str(org), "--team", "atlantic", "--count", "5", "--from", "2026-03-03", "--series", "daily"]
        out = run(argv, capsys)
        assert "Weekdays compared" not in out
        assert "chose" not in out
        assert run([*argv, "--weekday", "fri"], capsys) == out

    def test_bad_weekday(self, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown weekday is a usage error that names 'auto' among the choices."""
        with pytest.raises(SystemExit) as info:
            main(["meetings", str(org), "--team", "atlantic", "--now", "2026-11-23T08:00Z", "--weekday", "someday"])
        assert info.value.code == 2
        assert "or 'auto', got 'someday'" in capsys.readouterr().err
