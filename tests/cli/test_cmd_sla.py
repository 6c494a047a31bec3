"""``teamcore sla``: open tickets by time until breach and SLA achievement, from the Northwind example files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from teamcore.cli import main

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
BASE = [
    "sla",
    str(NORTHWIND / "organisation.toml"),
    "--tickets",
    str(NORTHWIND / "tickets.csv"),
    "--events",
    str(NORTHWIND / "events.csv"),
    "--policy",
    str(NORTHWIND / "sla.toml"),
    "--now",
    "2026-11-23T00:00Z",
]


def _json(capsys, *extra: str) -> dict:
    assert main([*BASE, "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def calendar_policy(tmp_path):
    """The Northwind policy counted in calendar time."""
    path = tmp_path / "calendar.toml"
    text = (NORTHWIND / "sla.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("business_hours = true", "business_hours = false"), encoding="utf-8")
    return path


class TestSla:
    def test_table(self, capsys):
        """Both tables print; the breached open ticket comes first, flagged, with whole ticket ids."""
        assert main(BASE) == 0
        out = capsys.readouterr().out
        queue, achievement = out.split("achievement, tickets created 2026-10-26 00:00Z to 2026-11-23 00:00Z")
        first = next(line for line in queue.splitlines() if line.strip().startswith("T"))
        assert first.split()[0] == "T0002822"
        assert first.rstrip().endswith("BREACHED")
        assert queue.count("BREACHED") == 1
        assert "first_reply   urgent" in achievement

    def test_open_sorted_by_time_until_breach(self, capsys):
        """The open targets run soonest breach first; breached ones lead with negative time left."""
        data = _json(capsys)
        until = [row["until_breach"] for row in data["open"]]
        assert until == sorted(until)
        assert [row["breached"] for row in data["open"]] == [u < 0 for u in until]
        assert data["open"][0]["ticket_id"] == "T0002822"
        assert {row["status"] for row in data["open"]} <= {"new", "open", "pending", "on_hold"}
        # business hours: the instant the open time runs out, after now for targets not yet breached
        assert all(row["breach_at"] > "2026-11-23" for row in data["open"] if not row["breached"])

    def test_achievement_per_target(self, capsys):
        """One row per target of the policy, urgent first; counts cover the tickets created in the window."""
        data = _json(capsys)
        keys = [(row["metric"], row["priority"]) for row in data["achievement"]]
        assert keys == [(m, p) for m in ("first_reply", "resolution") for p in ("urgent", "high", "normal", "low")]
        first_urgent = data["achievement"][0]
        assert (first_urgent["target"], first_urgent["achieved"], first_urgent["breached"]) == (3600.0, 110, 18)
        longer = _json(capsys, "--start", "2026-10-01T00:00Z")
        assert longer["achievement"][0]["achieved"] > first_urgent["achieved"]

    def test_team_filter(self, capsys):
        """--team keeps that team's tickets only."""
        data = _json(capsys, "--team", "nordics")
        assert data["open"]
        assert {row["team"] for row in data["open"]} == {"nordics"}
        everyone = _json(capsys)
        assert sum(r["achieved"] for r in data["achievement"]) < sum(r["achieved"] for r in everyone["achievement"])

    def test_calendar_policy_has_breach_instants(self, capsys, calendar_policy):
        """A calendar-time policy gives each open target its breach instant, in UTC."""
        args = [*BASE, "--only", "open", "--format", "csv"]
        args[args.index("--policy") + 1] = str(calendar_policy)
        assert main(args) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert rows[0]["breach_at"] == "2026-11-20T23:24:29Z"
        assert all(row["breach_at"].endswith("Z") for row in rows)

    def test_csv_one_table(self, capsys):
        """CSV writes the table --only names; the achievement has one row per target."""
        assert main([*BASE, "--format", "csv", "--only", "achievement"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "metric,priority,target,achieved,breached,achievement"
        assert len(lines) == 9

    def test_same_output_twice(self, capsys):
        """The output is deterministic."""
        assert main([*BASE, "--format", "json"]) == 0
        first = capsys.readouterr().out
        assert main([*BASE, "--format", "json"]) == 0
        assert capsys.readouterr().out == first


class TestSlaErrors:
    def test_csv_needs_only(self, capsys):
        """CSV holds one table, so --format csv without --only is a usage error."""
        with pytest.raises(SystemExit) as info:
            main([*BASE, "--format", "csv"])
        assert info.value.code == 2
        assert "--only open or --only achievement" in capsys.readouterr().err

    def test_bad_policy_file(self, tmp_path, capsys):
        """Every problem of the policy file is on stderr with path, entry and field; exit 1."""
        path = tmp_path / "sla.toml"
        path.write_text('name = "p"\n[[targets]]\nmetric = "first_reply"\npriority = "asap"\nwithin = "soon"\n')
        args = [*BASE]
        args[args.index("--policy") + 1] = str(path)
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "2 problem(s)" in err
        assert f"{path}: target #1: targets[0].priority: expected one of low, normal, high, urgent, got 'asap'" in err
        assert "targets[0].within" in err

    def test_unknown_team(self, capsys):
        """An unknown --team names the teams there are."""
        assert main([*BASE, "--team", "mars"]) == 1
        err = capsys.readouterr().err
        assert "--team" in err
        assert "nordics" in err

    def test_start_after_now(self, capsys):
        """--start must come before --now."""
        assert main([*BASE, "--start", "2026-12-01T00:00Z"]) == 1
        assert "--start" in capsys.readouterr().err

    @pytest.mark.parametrize("missing", ["--events", "--policy", "--now"])
    def test_required(self, missing):
        """The events, the policy and now are required."""
        args = [*BASE]
        i = args.index(missing)
        del args[i : i + 2]
        with pytest.raises(SystemExit):
            main(args)
