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
                "2026-03-02T08:00Z", "--ics", str(ics)]  # fmt: skip
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "2026-03-03" in out  # the first Tuesday after --now
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
        ],
    )
    def test_invalid_input(self, org: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Invalid input exits 1 and names the problem on stderr."""
        assert main(["--no-color", "meetings", str(org), *extra]) == 1
        assert message in capsys.readouterr().err
