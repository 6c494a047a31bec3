"""``teamcore kpi``: the KPI table from the Northwind example files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teamcore.cli import main
from teamcore.kpi import SCORECARD_COLUMNS

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
        rows = json.loads(capsys.readouterr().out)["rows"]
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
        assert "row 2: created_at" in err  # line 2: the first after the header

    def test_loader_warnings_reported(self, tmp_path, capsys):
        """A tickets file without an assignee column still computes, and stderr says which KPIs that empties."""
        lines = (NORTHWIND / "tickets.csv").read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        drop = header.index("assignee")
        path = tmp_path / "t.csv"
        path.write_text(
            "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines) + "\n",
            encoding="utf-8",
        )
        args = [*BASE]
        args[3] = str(path)
        assert main([*args, "--by", "member"]) == 0
        err = capsys.readouterr().err
        assert f"warning: {path}:" in err
        assert "assignee" in err

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


CARD = [
    *BASE,
    "--events",
    str(NORTHWIND / "events.csv"),
    "--scorecard",
    "--sla",
    str(NORTHWIND / "sla.toml"),
]
TARGETS = ["--targets", str(NORTHWIND / "targets.toml")]


class TestScorecard:
    def test_table_per_member_and_week(self, capsys):
        """The scorecard lists each member per week, with the SLA policy named."""
        assert main(CARD) == 0
        out = capsys.readouterr().out
        assert "Scorecard per member (times in business hours; SLA: Northwind standard)" in out
        assert "jordan.walker" in out
        assert "2026-11-16" in out
        assert "✓" not in out  # no targets, no marks

    def test_json_figures(self, capsys):
        """JSON carries the scorecard columns; the SLA column is a share."""
        assert main([*CARD, "--by", "team", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        assert list(rows[0]) == ["period", "team", *SCORECARD_COLUMNS]
        assert {row["period"] for row in rows} == {"2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"}
        assert all(0 <= row["sla_first_reply"] <= 1 for row in rows)

    def test_without_sla_the_sla_column_is_empty(self, capsys):
        """Without --sla there is no first-reply target, so no SLA figure."""
        args = [a for a in CARD if a not in {"--sla", str(NORTHWIND / "sla.toml")}]
        assert main([*args, "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        assert rows
        assert all(row["sla_first_reply"] is None for row in rows)

    def test_sla_target_without_a_policy_is_not_evaluated(self, capsys):
        """Without --sla, an SLA target is left out with a note, not marked missed on every row."""
        args = [a for a in CARD if a not in {"--sla", str(NORTHWIND / "sla.toml")}]
        assert main([*args, *TARGETS, "--format", "json"]) == 0
        captured = capsys.readouterr()
        rows = json.loads(captured.out)["rows"]
        assert "sla_first_reply target(s) not evaluated without --sla" in captured.err
        assert "sla_first_reply_met" not in rows[0]
        assert "csat_met" in rows[0]

    def test_targets_per_member(self, capsys):
        """Each row gains goal, met, delta and trend per targeted column; a member's own target wins."""
        assert main([*CARD, *TARGETS, "--format", "json"]) == 0
        captured = capsys.readouterr()
        rows = json.loads(captured.out)["rows"]
        assert "3 team target(s) not evaluated" in captured.err
        goals = {row["assignee"]: row["csat_goal"] for row in rows}
        assert goals["jordan.walker"] == 0.85
        assert goals["aino.virtanen"] == 0.9
        assert "solved_goal" not in rows[0]  # only a team target
        for row in rows:
            if row["csat"] is None:
                assert row["csat_met"] is False
                continue
            assert row["csat_met"] == (row["csat"] >= row["csat_goal"])
            assert row["csat_delta"] == pytest.approx(row["csat"] - row["csat_goal"])
        first = [row for row in rows if row["period"] == "2026-10-26"]
        assert all(row["first_reply_median_trend"] is None for row in first)
        assert {row["first_reply_median_trend"] for row in rows} >= {"better", "worse"}

    def test_targets_per_team(self, capsys):
        """--by team evaluates the team targets: Nordics' faster first reply, EMEA's solved tickets."""
        assert main([*CARD, *TARGETS, "--by", "team", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        goal = {row["team"]: row["first_reply_median_goal"] for row in rows}
        assert goal["nordics"] == 2 * 3600
        assert goal["emea"] == 4 * 3600
        solved = {row["team"]: row["solved_goal"] for row in rows}
        assert solved["emea"] == 100
        assert solved["nordics"] is None

    def test_targets_table_marks(self, capsys):
        """The table marks met and missed cells and the trend, with a legend."""
        assert main([*CARD, *TARGETS, "--by", "team"]) == 0
        out = capsys.readouterr().out
        assert "✓" in out
        assert "✗" in out
        assert "✓ target met, ✗ missed" in out

    def test_csv_matches_json(self, capsys):
        """CSV and JSON carry the same rows and columns."""
        assert main([*CARD, *TARGETS, "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        assert main([*CARD, *TARGETS, "--format", "csv"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split(",") == list(rows[0])
        assert len(lines) == len(rows) + 1

    @pytest.mark.parametrize("flag", ["--targets", "--sla"])
    def test_flags_need_scorecard(self, flag, capsys):
        """--targets and --sla without --scorecard are usage errors; plain kpi is unchanged."""
        with pytest.raises(SystemExit) as info:
            main([*BASE, flag, str(NORTHWIND / "targets.toml")])
        assert info.value.code == 2
        assert "--scorecard" in capsys.readouterr().err

    def test_bad_targets_file(self, tmp_path, capsys):
        """A target naming an unknown member or column is on stderr with path, entry and field; exit 1."""
        path = tmp_path / "targets.toml"
        path.write_text(
            '[[targets]]\nmetric = "csat"\ngoal = 0.9\ndirection = "at_least"\nmember = "nobody"\n'
            '[[targets]]\nmetric = "nps"\ngoal = 30\ndirection = "at_least"\n',
            encoding="utf-8",
        )
        assert main([*CARD, "--targets", str(path)]) == 1
        err = capsys.readouterr().err
        assert f"{path}: target #1: targets[0].member:" in err
        assert f"{path}: target #2: targets[1].metric: expected one of incoming, solved" in err

    def test_business_hours_flag_against_a_calendar_policy(self, tmp_path, capsys):
        """--business-hours cannot overrule a calendar-time policy: the policy sets the clock."""
        path = tmp_path / "sla.toml"
        text = (NORTHWIND / "sla.toml").read_text(encoding="utf-8")
        path.write_text(text.replace("business_hours = true", "business_hours = false"), encoding="utf-8")
        args = [*CARD, "--business-hours"]
        args[args.index("--sla") + 1] = str(path)
        assert main(args) == 1
        assert "--business-hours" in capsys.readouterr().err
