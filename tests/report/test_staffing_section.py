"""Tests for the report's staffing section."""

from __future__ import annotations

import datetime as dt

from teamcore.people import Member, Organisation, Team
from teamcore.report import ReportContext, build_report
from teamcore.report._model import Figures, Paragraph, Plot, Table
from teamcore.report._staffing import staffing_section
from teamcore.staffing import Forecast, StaffingPlan

NOW = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)  # a Monday
ORG = Organisation(
    name="Acme",
    members=[
        Member(id="se", name="Se", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["09:00-17:00"]}),
        Member(id="ny", name="Ny", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]}),
    ],
    teams=[Team(id="nordic", name="Nordic", lead="se", members=["se"], timezone="Europe/Stockholm")],
)


def plan(volume: list[float], step: dt.timedelta = dt.timedelta(hours=1)) -> StaffingPlan:
    return StaffingPlan(forecast=Forecast(start=NOW, step=step, volume=volume), aht=300, target="80/20")


class TestStaffingSection:
    """Required vs scheduled in the report."""

    def test_absent_without_plan(self) -> None:
        """No plan, no section."""
        assert staffing_section(ReportContext(org=ORG, now=NOW)) is None
        assert "staffing" not in [s.key for s in build_report(ReportContext(org=ORG, now=NOW)).sections]

    def test_shortfalls(self) -> None:
        """06:00 UTC has calls and nobody (red); the Stockholm peak at 09:00 UTC is amber with one member."""
        section = staffing_section(ReportContext(org=ORG, now=NOW, staffing=plan([5, 0, 0, 40, 0, 0])))
        assert section is not None
        figures = section.blocks[0]
        assert isinstance(figures, Figures)
        assert {f.label: f.value for f in figures.items}["Red"] == 1
        assert {f.label: f.value for f in figures.items}["Amber"] == 1
        plot = section.blocks[1]
        assert isinstance(plot, Plot)
        assert plot.data.rows[0][1:] == (2, 0)
        worst = section.blocks[2]
        assert isinstance(worst, Table)
        assert [row[-1].label for row in worst.rows] == ["✗ act", "▲ watch"]  # red, amber

    def test_team_zone_and_enough(self) -> None:
        """A team report shows local times; with no traffic every interval is fine."""
        section = staffing_section(ReportContext(org=ORG, now=NOW, team="nordic", staffing=plan([0, 0])))
        assert section is not None
        assert isinstance(section.blocks[-1], Paragraph)
        plot = section.blocks[1]
        assert isinstance(plot, Plot)
        assert plot.data.rows[0][0] == "Mon 07:00"  # 06:00 UTC in Stockholm

    def test_long_plan_is_bucketed(self) -> None:
        """A week of 15-minute intervals is plotted in at most 96 rows, keeping each bucket's worst."""
        volume = [0.0] * (7 * 96)
        volume[5] = 50.0  # 07:15 UTC on Monday, nobody working yet
        section = staffing_section(
            ReportContext(org=ORG, now=NOW, staffing=plan(volume, step=dt.timedelta(minutes=15)))
        )
        assert section is not None
        plot = section.blocks[1]
        assert isinstance(plot, Plot)
        assert len(plot.data.rows) == 96
        assert plot.data.rows[0][1] > 0  # the shortfall survives the merge
        assert "(worst of each)" in plot.data.title
