"""``--roster FILE`` on ``teamcore report``, ``staffing`` and ``coverage``, and the project file's ``data.roster``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest

from teamcore.cli import main
from teamcore.cli._defaults import NO_CONFIG_ENV
from teamcore.cli._exit import Exit
from teamcore.cli._project import PROJECT_FILE
from teamcore.report import report_schema
from teamcore.rostering import Roster, ShiftAssignment
from tests.cli.running import ROOT

ORG = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "UTC"
country = "SE"
languages = ["sv", "en"]
hours = { mon-fri = ["08:00-16:00"] }

[[members]]
id = "nia"
name = "Nia Ford"
timezone = "UTC"
country = "US"
languages = ["en"]
hours = { mon-fri = ["10:00-18:00"] }
"""

T0 = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)  # a Monday
H = dt.timedelta(hours=1)
NOW = "2026-11-23T05:00:00Z"
EXAMPLE = ROOT / "examples" / "rostering"


def shift(member: str, start: dt.datetime, hours: int) -> ShiftAssignment:
    return ShiftAssignment(member=member, template="day", start=start, end=start + hours * H, local_date=start.date())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """An organisation, an hourly forecast 06:00-14:00 UTC and a roster of Anna 06:00-10:00 and Nia 10:00-14:00."""
    org = tmp_path / "org.toml"
    org.write_text(ORG, encoding="utf-8")
    forecast = tmp_path / "forecast.csv"
    volume = [4, 10, 30, 40, 20, 10, 5, 0]
    pl.DataFrame({"start": [(T0 + i * H).isoformat() for i in range(8)], "volume": volume}).write_csv(forecast)
    roster = tmp_path / "roster.csv"
    Roster([shift("anna", T0, 4), shift("nia", T0 + 4 * H, 4)]).to_polars().write_csv(roster)
    return {"org": org, "forecast": forecast, "roster": roster}


def run_json(capsys: pytest.CaptureFixture[str], *words: str) -> dict:
    assert main(["--no-color", *words, "--format", "json"]) == Exit.OK
    return json.loads(capsys.readouterr().out)


class TestStaffing:
    def test_roster_is_the_schedule(self, files, capsys):
        """Scheduled agents are the roster's: one agent every hour, not the weekly hours' two from 10:00."""
        data = run_json(capsys, "staffing", str(files["org"]), "--forecast", str(files["forecast"]),
                        "--roster", str(files["roster"]))  # fmt: skip
        assert [row["scheduled"] for row in data["intervals"]] == [1] * 8
        assert data["roster"] == str(files["roster"])
        plain = run_json(capsys, "staffing", str(files["org"]), "--forecast", str(files["forecast"]))
        assert [row["scheduled"] for row in plain["intervals"]] == [0, 0, 1, 1, 2, 2, 2, 2]
        assert plain["roster"] is None

    def test_language(self, files, capsys):
        """--language narrows who is scheduled: Swedish is Anna's four hours only."""
        data = run_json(capsys, "staffing", str(files["org"]), "--forecast", str(files["forecast"]),
                        "--roster", str(files["roster"]), "--language", "sv")  # fmt: skip
        assert [row["scheduled"] for row in data["intervals"]] == [1] * 4 + [0] * 4

    def test_bad_roster_file(self, files, capsys, tmp_path):
        """A roster row with a naive start is one error naming the file, row and field; exit 1."""
        bad = tmp_path / "bad.csv"
        bad.write_text("member,template,start,end,local_date\nanna,day,2026-11-23T06:00,2026-11-23T10:00Z,"
                       "2026-11-23\n", encoding="utf-8")  # fmt: skip
        code = main(["staffing", str(files["org"]), "--forecast", str(files["forecast"]), "--roster", str(bad)])
        assert code == Exit.INVALID
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "row 2" in err
        assert "start" in err


class TestCoverage:
    def test_roster_is_counted(self, files, capsys):
        """Coverage of Monday from the roster: 06:00-14:00 UTC covered, the rest of the day a gap."""
        data = run_json(capsys, "coverage", str(files["org"]), "--from", "2026-11-23", "--to", "2026-11-23",
                        "--roster", str(files["roster"]))  # fmt: skip
        assert data["roster"] == str(files["roster"])
        assert data["covered_share"] == pytest.approx(8 / 24)
        assert [(g["start"], g["end"]) for g in data["gaps"]] == [
            ("2026-11-23T00:00:00Z", "2026-11-23T06:00:00Z"),
            ("2026-11-23T14:00:00Z", "2026-11-24T00:00:00Z"),
        ]


class TestReport:
    def test_staffing_section_holds_the_roster_against_the_requirement(self, files, capsys, tmp_path):
        """The staffing section's table says rostered, its figures name the roster, attention says Roster."""
        out = tmp_path / "report.json"
        code = main(["--no-color", "report", str(files["org"]), "--now", NOW, "--staffing", str(files["forecast"]),
                     "--roster", str(files["roster"]), "--json", str(out)])  # fmt: skip
        assert code == Exit.OK
        data = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(data, report_schema())
        section = next(s for s in data["sections"] if s["key"] == "staffing")
        figures = next(b for b in section["blocks"] if b["type"] == "figures")["items"]
        assert {"label": "Schedule", "value": "roster"}.items() <= figures[-1].items()
        assert figures[-1]["note"] == "2 shifts of 2 members"
        plot = next(b for b in section["blocks"] if b["type"] == "plot")
        assert plot["data"]["columns"] == ["start", "required", "rostered"]
        assert [row[2] for row in plot["data"]["rows"]] == [1] * 8
        items = [i for i in data["attention"] if i["kind"] == "staffing_short"]
        assert items
        assert all(i["what"].startswith("Roster ") and "agents rostered" in i["what"] for i in items)
        assert "Agents required and rostered" in capsys.readouterr().out

    def test_roster_problem_gives_the_shortfall_per_group(self, tmp_path):
        """The example roster against its problem file: a tile per language, the two English hours short as to-dos."""
        out = tmp_path / "report.json"
        code = main(["--no-color", "report", str(EXAMPLE / "organisation.toml"), "--now", "2026-11-22T00:00:00Z",
                     "--roster", str(EXAMPLE / "roster.csv"), "--roster-problem", str(EXAMPLE / "problem.toml"),
                     "--json", str(out)])  # fmt: skip
        assert code == Exit.OK
        data = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(data, report_schema())
        section = next(s for s in data["sections"] if s["key"] == "staffing")
        tiles = {f["label"]: f["value"] for f in section["blocks"][0]["items"]}
        assert tiles == {"Short: en": 2.0, "Short: pt": 0.0, "Short: sv": 0.0}
        items = [i["what"] for i in data["attention"] if i["kind"] == "staffing_short"]
        assert items == ["Roster en Mon 21:00-22:00 UTC: 0 of 1 agents", "Roster en Sun 21:00-22:00 UTC: 0 of 1 agents"]

    def test_roster_problem_needs_a_roster(self, capsys):
        """--roster-problem alone is one error naming it (exit 1)."""
        code = main(["report", str(EXAMPLE / "organisation.toml"), "--now", NOW,
                     "--roster-problem", str(EXAMPLE / "problem.toml")])  # fmt: skip
        assert code == Exit.INVALID
        assert "--roster-problem" in capsys.readouterr().err

    def test_roster_without_forecast_is_an_error(self, files, capsys):
        """--roster with nothing to hold it against is one error naming --roster (exit 1)."""
        code = main(["report", str(files["org"]), "--now", NOW, "--roster", str(files["roster"])])
        assert code == Exit.INVALID
        err = capsys.readouterr().err
        assert "--roster" in err
        assert "--staffing" in err

    def test_project_file_roster(self, files, capsys, monkeypatch):
        """``data.roster`` beside ``data.forecast`` in teamcore.toml: the report uses it without a flag."""
        monkeypatch.delenv(NO_CONFIG_ENV, raising=False)
        (files["org"].parent / PROJECT_FILE).write_text(
            '[data]\nforecast = "forecast.csv"\nroster = "roster.csv"\n', encoding="utf-8"
        )
        assert main(["--no-color", "report", str(files["org"]), "--now", NOW]) == Exit.OK
        assert "Agents required and rostered" in capsys.readouterr().out

    def test_project_file_roster_waits_for_a_forecast(self, files, capsys, monkeypatch):
        """``data.roster`` without a forecast leaves the report as it is (no staffing section, no error)."""
        monkeypatch.delenv(NO_CONFIG_ENV, raising=False)
        (files["org"].parent / PROJECT_FILE).write_text('[data]\nroster = "roster.csv"\n', encoding="utf-8")
        assert main(["--no-color", "report", str(files["org"]), "--now", NOW]) == Exit.OK
        assert "rostered" not in capsys.readouterr().out
