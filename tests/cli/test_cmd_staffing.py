"""Tests for ``teamcore staffing``: forecast and ticket inputs, Erlang and workload methods, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from teamcore.cli import main

ORG = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "UTC"
country = "SE"
hours = { mon-fri = ["08:00-16:00"] }

[[members]]
id = "nia"
name = "Nia Ford"
timezone = "UTC"
country = "US"
hours = { mon-fri = ["10:00-18:00"] }
"""

T0 = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)  # a Monday


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(ORG, encoding="utf-8")
    return path


@pytest.fixture
def forecast_file(tmp_path: Path) -> Path:
    path = tmp_path / "forecast.csv"
    volume = [4, 10, 30, 40, 20, 10, 5, 0]  # hourly from 06:00 UTC
    starts = [(T0 + dt.timedelta(hours=i)).isoformat() for i in range(len(volume))]
    pl.DataFrame({"start": starts, "volume": volume}).write_csv(path)
    return path


@pytest.fixture
def tickets_file(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    created = [
        (T0 - dt.timedelta(weeks=w) + dt.timedelta(hours=1, minutes=m)).isoformat().replace("+00:00", "Z")
        for w in (1, 2)
        for m in range(0, 60, 2)
    ]
    pl.DataFrame(
        {
            "ticket_id": [f"t{i}" for i in range(len(created))],
            "created_at": created,
            "priority": ["normal"] * len(created),
            "status": ["open"] * len(created),
            "handle_seconds": ["300"] * len(created),
        }
    ).write_csv(path)
    return path


class TestStaffingCommand:
    def test_forecast(self, org_file, forecast_file, capsys):
        """A forecast file at 80/20: nobody at 06:00 is red, the 09:00 peak is amber, the worst are listed."""
        assert main(["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300"]) == 0
        out = capsys.readouterr().out
        assert "8 intervals of 60 min" in out
        assert "Erlang C, 80/20" in out
        assert "red 2" in out  # 06:00 and 07:00: contacts and nobody until 08:00
        assert "Mon 2026-11-23 06:00" in out
        assert "amber" in out

    def test_tickets(self, org_file, tickets_file, capsys):
        """From ticket history: 30 tickets in the Monday 07:00 hour per week, AHT from handle_seconds."""
        code = main(
            [
                "--no-color",
                "staffing",
                str(org_file),
                "--tickets",
                str(tickets_file),
                "--now",
                "2026-11-23T00:00Z",
                "--days",
                "1",
                "--step",
                "60",
                "--shrinkage",
                "0.3",
                "--weeks",
                "2",
            ]
        )
        assert code == 0
        out = capsys.readouterr().out
        assert "24 intervals of 60 min" in out
        assert "AHT 300 s, shrinkage 30%; 30 contacts" in out
        assert "Mon 2026-11-23 07:00" in out  # required, nobody scheduled before 08:00
        assert "red 1" in out

    def test_patience(self, org_file, forecast_file, capsys):
        """With --patience the requirement is Erlang A's."""
        args = ["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300"]
        assert main([*args, "--patience", "90"]) == 0
        assert "Erlang A, 80/20" in capsys.readouterr().out

    def test_async_window(self, org_file, forecast_file, capsys):
        """With --window the workload method is used, on the team's business hours; what falls due later is said."""
        args = ["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300"]
        assert main([*args, "--window", "8"]) == 0
        out = capsys.readouterr().out
        assert "workload within 8 h of business hours" in out
        assert "3.8 hours of work are due after the last interval" in out

    def test_window_counts_business_hours(self, org_file, forecast_file, capsys):
        """Mail before 08:00 waits for the team: nobody is required while nobody works, so no interval is red."""
        args = ["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300"]
        assert main([*args, "--window", "8"]) == 0
        assert "red 0  amber 0  green 8" in capsys.readouterr().out

    def test_around_the_clock(self, org_file, forecast_file, capsys):
        """--around-the-clock: a 24/7 inbox needs someone at 06:00 and 07:00, before anyone starts."""
        args = ["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300"]
        assert main([*args, "--window", "8", "--around-the-clock"]) == 0
        out = capsys.readouterr().out
        assert "workload within 8 h around the clock" in out
        assert "red 2" in out
        assert "Mon 2026-11-23 06:00" in out

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--sl", "80"], "service level"),  # no threshold
            (["--shrinkage", "1"], "shrinkage"),  # everyone lost
            (["--window", "0"], "--window"),  # no time to answer
            (["--around-the-clock"], "--around-the-clock"),  # a clock for a window that is not there
            (["--tz", "Mars/Olympus"], "--tz"),  # unknown zone
        ],
    )
    def test_invalid(self, org_file, forecast_file, capsys, extra, message):
        """Bad options exit 1 and name the option."""
        args = ["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300", *extra]
        assert main(args) == 1
        assert message in capsys.readouterr().err

    def test_tickets_need_now(self, org_file, tickets_file, capsys):
        """--tickets without --now is refused: teamcore never reads the clock."""
        assert main(["staffing", str(org_file), "--tickets", str(tickets_file)]) == 1
        assert "--now" in capsys.readouterr().err

    def test_forecast_takes_the_default_aht(self, org_file, forecast_file, capsys):
        """A forecast has no handling times: the AHT is the one default, report's too (300 s), not an error."""
        assert main(["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file)]) == 0
        default = capsys.readouterr().out
        assert "AHT 300 s" in default
        assert main(["--no-color", "staffing", str(org_file), "--forecast", str(forecast_file), "--aht", "300"]) == 0
        assert capsys.readouterr().out == default

    def test_one_source(self, org_file, forecast_file, tickets_file):
        """--forecast and --tickets are exclusive (a usage error)."""
        with pytest.raises(SystemExit) as exit_info:
            main(["staffing", str(org_file), "--forecast", str(forecast_file), "--tickets", str(tickets_file)])
        assert exit_info.value.code == 2
