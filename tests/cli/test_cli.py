"""Tests for the command line: validate, report, schema, and error handling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from teamcore.cli import main
from teamcore.people import check_organisation_file

ORG = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "Europe/Stockholm"
country = "SE"
role = "team_lead"
start_date = 2019-05-01
hours = { mon-fri = ["08:00-16:30"] }

[[members]]
id = "bo"
name = "Bo Li"
timezone = "Asia/Manila"
country = "PH"
start_date = 2026-11-02
hours = { sun-thu = ["22:00-06:00"] }

[[teams]]
id = "support"
name = "Support"
lead = "anna"
members = ["anna", "bo"]
goals = ["CSAT above 90%"]
"""

NOW = "2026-11-23T08:00:00Z"
NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(ORG, encoding="utf-8")
    return path


class TestValidate:
    def test_valid(self, org_file, capsys):
        """A valid file exits 0 with a summary."""
        assert main(["validate", str(org_file)]) == 0
        assert "valid — 2 members in 1 teams" in capsys.readouterr().out

    def test_problems_listed_with_locations(self, tmp_path, capsys):
        """Every problem is printed with path, entry and field; exit status 1."""
        path = tmp_path / "bad.toml"
        path.write_text(ORG.replace("Asia/Manila", "Asia/Manilla").replace('lead = "anna"', 'lead = "zed"'))
        assert main(["validate", str(path)]) == 1
        out = capsys.readouterr().out
        assert f"{path}: member 'bo': members[1].timezone" in out
        assert f"{path}: team 'support': teams[0].lead" in out
        assert "2 problem(s)" in out

    def test_malformed(self, tmp_path, capsys):
        """Malformed TOML is reported, not a traceback."""
        path = tmp_path / "bad.toml"
        path.write_text('name = "A\n')
        assert main(["validate", str(path)]) == 1
        assert "invalid TOML" in capsys.readouterr().out

    def test_broken_example_lists_each(self, capsys: pytest.CaptureFixture[str]):
        """`teamcore validate` exits non-zero and prints every problem of the broken example by entry and field."""
        broken = NORTHWIND / "broken-organisation.toml"
        assert main(["validate", str(broken)]) != 0
        out = " ".join(capsys.readouterr().out.split())
        problems = check_organisation_file(broken)
        assert problems
        for problem in problems:
            assert f"{problem.entry}: {problem.field}:" in out


class TestReport:
    def test_overview(self, org_file, capsys):
        """The report shows teams, zones and newcomers."""
        assert main(["--no-color", "report", str(org_file), "--now", NOW]) == 0
        out = capsys.readouterr().out
        assert "Team health: Acme" in out
        assert "Asia/Manila" in out
        assert "Europe/Stockholm" in out
        assert "Newcomers" in out
        assert "bo" in out

    def test_json_is_deterministic(self, org_file, tmp_path):
        """The same input and --now give byte-identical JSON."""
        first, second = tmp_path / "a.json", tmp_path / "b.json"
        main(["report", str(org_file), "--now", NOW, "--json", str(first)])
        main(["report", str(org_file), "--now", NOW, "--json", str(second)])
        assert first.read_bytes() == second.read_bytes()
        data = json.loads(first.read_text())
        assert data["format"] == "teamcore.report/2"
        assert data["now"] == "2026-11-23T08:00:00Z"
        assert data["sections"][0]["key"] == "overview"

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            # a naive --now: the machine's zone is never assumed
            (["--now", "2026-11-23T08:00"], "--now: expected a date-time with an offset"),
            # not a date at all
            (["--now", "monday"], "--now: expected an ISO 8601"),
            # an unknown team, named by its flag
            (["--now", NOW, "--team", "apac"], "--team: expected one of the teams"),
        ],
    )
    def test_bad_arguments(self, org_file, capsys, args, match):
        """Bad arguments exit 1 with a message naming the value."""
        assert main(["report", str(org_file), *args]) == 1
        assert match in capsys.readouterr().err

    def test_missing_now_is_usage_error(self, org_file):
        """--now is required (exit 2, argparse)."""
        with pytest.raises(SystemExit) as info:
            main(["report", str(org_file)])
        assert info.value.code == 2

    def test_sla_flag(self, capsys):
        """teamcore report --sla adds the SLA figures to the dashboard."""
        args = ["report", str(NORTHWIND / "organisation.toml"), "--now", "2026-11-23T08:00Z"]
        args += ["--tickets", str(NORTHWIND / "tickets.csv"), "--events", str(NORTHWIND / "events.csv")]
        assert main([*args, "--sla", str(NORTHWIND / "sla.toml")]) == 0
        out = capsys.readouterr().out
        assert "First reply SLA" in out
        assert "Open tickets nearest an SLA breach (business hours)" in out


class TestSchema:
    def test_prints_json_schema(self, capsys):
        """`teamcore schema` prints the JSON Schema."""
        assert main(["schema"]) == 0
        assert json.loads(capsys.readouterr().out)["title"] == "teamcore organisation (team file)"


def test_python_m_help():
    """`python -m teamcore --help` lists the commands."""
    result = subprocess.run(
        [sys.executable, "-m", "teamcore", "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "validate" in result.stdout
    assert "report" in result.stdout


class TestReportInputs:
    def test_knowledge_and_html(self, org_file, tmp_path, capsys):
        """--knowledge adds the freshness section, rejected rows are reported, --html writes the page."""
        kb = tmp_path / "kb.csv"
        kb.write_text(
            "id,title,owner,topics,last_reviewed\nkb1,Refunds,anna,refunds,2025-01-10\nkb2,SSO,anna,sso,2026-13-01\n",
            encoding="utf-8",
        )
        html = tmp_path / "report.html"
        code = main(["--no-color", "report", str(org_file), "--now", NOW, "--knowledge", str(kb), "--html", str(html)])
        assert code == 0
        captured = capsys.readouterr()
        assert "Knowledge base freshness" in captured.out
        assert "Stale articles" in captured.out
        assert "1 of 2 rows rejected" in captured.err
        assert "row 3:" in captured.err  # kb2 is on line 3, after the header
        assert 'id="knowledge"' in html.read_text(encoding="utf-8")
