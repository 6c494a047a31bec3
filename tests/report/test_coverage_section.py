"""Tests for the report's coverage section."""

from __future__ import annotations

import datetime as dt

from teamcore.people import ClosedDay, Member, Organisation, Team
from teamcore.report import Rate, ReportContext
from teamcore.report._coverage import coverage_section

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
SE = Member(id="se", name="S", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["09:00-17:00"]})
NY = Member(id="ny", name="N", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})


class TestCoverageSection:
    def test_figures_heatmap_gaps_and_handoffs(self):
        """The week from now: members, share covered, the hour × weekday heatmap, gaps and zone handoffs."""
        section = coverage_section(ReportContext(org=Organisation(name="A", members=[SE, NY]), now=NOW))
        assert section is not None
        figures, plot, gaps, handoffs = section.blocks
        assert [f.value for f in figures.items][:2] == [2, Rate(70 / 168)]  # 08-22Z on 5 days: 70 h of 168
        assert figures.items[1].value_text() == "42%"
        assert figures.items[1].previous == Rate(70 / 168)  # the week before: the same working days
        assert figures.items[1].change_text() == "→ 0 pp"
        assert plot.data.columns == ("hour", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        assert plot.data.rows[14][1] == 2.0  # 14-15Z Monday: both
        assert gaps.rows[0][:2] == ("Mon 00:00", "Mon 08:00")
        assert handoffs.rows == (("Europe/Stockholm", "America/New_York", 5, 120),)

    def test_previous_week_is_its_previous_period(self):
        """A team closed on the Friday of the week before: this week's share is 8 h more, the change +5 points."""
        uk = Member(id="uk", name="U", timezone="UTC", country="GB", hours={"mon-fri": ["09:00-17:00"]})
        closed = Team(id="t", name="T", lead="uk", members=["uk"], closed_days=[ClosedDay(dt.date(2026, 2, 27))])
        section = coverage_section(ReportContext(org=Organisation(name="A", members=[uk], teams=[closed]), now=NOW))
        assert section is not None
        covered = section.blocks[0].items[1]  # type: ignore[union-attr]
        assert (covered.value, covered.previous) == (Rate(40 / 168), Rate(32 / 168))
        assert covered.change_text() == "↑ +5 pp"

    def test_team_timezone_is_used(self):
        """For a team with a timezone the heatmap and gaps are in that zone."""
        team = Team(id="nordic", name="Nordic", lead="se", members=["se"], timezone="Europe/Stockholm")
        org = Organisation(name="A", members=[SE, NY], teams=[team])
        section = coverage_section(ReportContext(org=org, now=NOW, team="nordic"))
        assert section is not None
        assert section.blocks[2].rows[0][:2] == ("Mon 01:00", "Mon 09:00")  # the week starts 00:00Z
        assert section.blocks[0].items[0].value == 1

    def test_absent_without_hours(self):
        """Nobody with working hours: no section."""
        idle = Member(id="idle", name="I", timezone="UTC", country="SE")
        assert coverage_section(ReportContext(org=Organisation(name="A", members=[idle]), now=NOW)) is None

    def test_zone_handoffs_merge_each_zones_members(self):
        """Members of one zone with different shifts hand over as one region: the merged hours of the zone."""
        early = Member(
            id="se2", name="E", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["06:00-10:00"]}
        )
        late = Member(id="ny2", name="L", timezone="America/New_York", country="US", hours={"mon-fri": ["16:00-20:00"]})
        org = Organisation(name="A", members=[SE, early, NY, late])
        section = coverage_section(ReportContext(org=org, now=NOW))
        assert section is not None
        # Stockholm works 06-17 local (05-16Z), New York 09-20 local (14-01Z): two hours of overlap each weekday.
        assert section.blocks[3].rows == (("Europe/Stockholm", "America/New_York", 5, 120),)
