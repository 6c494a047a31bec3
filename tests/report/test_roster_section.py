"""The roster in the staffing section: against a staffing plan, and per requirement group of a roster problem."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import WrongType
from teamcore.people import Organisation
from teamcore.report import ReportContext, build_report, report_schema, report_to_html, report_to_json
from teamcore.rostering import Roster, uncovered
from teamcore.staffing import Forecast, StaffingPlan
from tests.rostering.example import MONDAY, members, problem

H = dt.timedelta(hours=1)
ORG = Organisation(name="Follow the sun", members=members())
NOW = MONDAY - dt.timedelta(days=1)


def day_shifts() -> Roster:
    """Everyone's 08:00 day shift on Monday, local time."""
    p = problem()
    return Roster(p.shift(m.id, "day", MONDAY.date(), dt.time(8)) for m in p.members)


def staffing(report):
    return next(s for s in report.sections if s.key == "staffing")


class TestPerGroup:
    def test_figures_table_and_items(self):
        """One 'Short' figure per group, the worst intervals per group, a to-do per interval ahead."""
        p, roster = problem(), day_shifts()
        report = build_report(ReportContext(org=ORG, now=NOW, roster=roster, roster_problem=p))
        section = staffing(report)
        figures = section.blocks[0].items
        assert [f.label for f in figures] == ["Short: en", "Short: pt", "Short: sv"]
        gaps = uncovered(p, roster)
        assert sum(f.value for f in figures) == pytest.approx(sum(g.missing for g in gaps))  # hourly intervals
        plot = section.blocks[1]
        assert plot.kind == "bar"
        assert [row[1] for row in plot.data.rows] == [f.value for f in figures]
        table = section.blocks[2]
        assert table.columns == ("group", "from", "to", "required", "rostered", "missing", "status")
        assert len(table.rows) == 15
        items = [i for i in report.attention if i.kind == "staffing_short"]
        assert items
        assert all(i.what.startswith("Roster ") for i in items)
        assert len({i.key for i in items}) == len(items)

    def test_with_a_plan_too(self):
        """A staffing plan and a roster problem: the plan's rostered figures first, then the groups'."""
        plan = StaffingPlan(forecast=Forecast(start=MONDAY, step=H, volume=[20] * 24), aht=180)
        report = build_report(
            ReportContext(org=ORG, now=NOW, staffing=plan, roster=day_shifts(), roster_problem=problem())
        )
        labels = [b.items[0].label for b in staffing(report).blocks if hasattr(b, "items")]
        assert labels == ["Intervals", "Short: en"]

    def test_outputs(self):
        """The JSON report validates against the schema, and the HTML renders the group table."""
        report = build_report(ReportContext(org=ORG, now=NOW, roster=day_shifts(), roster_problem=problem()))
        data = json.loads(report_to_json(report))
        jsonschema.validate(data, report_schema())
        assert "Roster shortfall per group (UTC)" in report_to_html(report)

    def test_needs_a_roster(self):
        """A roster problem with a schedule that is no Roster is refused, naming roster."""

        class Hours:
            def worked(self):
                return {}

        with pytest.raises(WrongType, match="roster"):
            ReportContext(org=ORG, now=NOW, roster=Hours(), roster_problem=problem())

    def test_not_a_problem(self):
        """roster_problem must be a RosterProblem."""
        with pytest.raises(WrongType, match="roster_problem"):
            ReportContext(org=ORG, now=NOW, roster=Roster([]), roster_problem="problem.toml")

    @settings(max_examples=15, deadline=None)
    @given(st.sets(st.sampled_from([m.id for m in members()])))
    def test_more_shifts_never_more_short(self, extra):
        """Adding members' Tuesday shifts never raises any group's agent-hours short (metamorphic)."""
        p = problem()
        base = day_shifts()
        more = Roster([*base, *(p.shift(m, "day", MONDAY.date() + dt.timedelta(days=1), dt.time(8)) for m in extra)])

        def short(roster):
            report = build_report(ReportContext(org=ORG, now=NOW, roster=roster, roster_problem=p))
            return {f.label: f.value for f in staffing(report).blocks[0].items}

        before, after = short(base), short(more)
        assert all(after[k] <= before[k] for k in before)
