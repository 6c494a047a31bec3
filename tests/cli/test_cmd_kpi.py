"""``teamcore kpi``: the KPI table from the Northwind example files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teamcore.cli import main

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
BASE = [
    "kpi",
    str(NORTHWIND / "organisation.toml"),
    "--tickets",
    str(NORTHWIND / "tickets.csv"),
    "--now",
    "2026-11-23T00:00Z",
]


class TestKpi:
    def test_table_by_team(self, capsys):
        """The table lists each team per week with its counts."""
        assert main([*BASE, "--events", str(NORTHWIND / "events.csv"), "--by", "team", "--period", "week"]) == 0
        out = capsys.readouterr().out
        assert "nordics" in out
        assert "2026-11-16" in out

    def test_json_counts_match_csv(self, capsys):
        """JSON and CSV carry the same numbers; the incoming total is the tickets created in the window."""
        assert main([*BASE, "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert main([*BASE, "--format", "csv"]) == 0
        csv_lines = capsys.readouterr().out.splitlines()
        assert len(csv_lines) == len(rows) + 1
        assert rows[0]["incoming"] > 1000

    def test_rejected_rows_reported(self, tmp_path, capsys):
        """A bad row is named on stderr with its row number; the rest still counts."""
        text = (NORTHWIND / "tickets.csv").read_text(encoding="utf-8").splitlines()
        text[1] = text[1].replace("Z,", ",", 1)  # a naive created_at
        path = tmp_path / "t.csv"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        args = [*BASE]
        args[3] = str(path)
        assert main(args) == 0
        err = capsys.readouterr().err
        assert "1 of 3010 rows rejected" in err
        assert "row 1: created_at" in err

    @pytest.mark.parametrize("bad", [["--by", "desk"], ["--format", "xml"]])
    def test_usage_errors(self, bad):
        """Unknown choices are usage errors."""
        with pytest.raises(SystemExit):
            main([*BASE, *bad])


class TestReportDashboard:
    def test_report_gains_the_dashboard(self, capsys):
        """teamcore report --tickets adds the helpdesk dashboard section."""
        args = [
            "report",
            str(NORTHWIND / "organisation.toml"),
            "--now",
            "2026-11-23T00:00Z",
            "--tickets",
            str(NORTHWIND / "tickets.csv"),
            "--events",
            str(NORTHWIND / "events.csv"),
        ]
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "Helpdesk dashboard" in out
        assert "Per member, last 7 days" in out
