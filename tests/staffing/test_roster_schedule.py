"""A roster as the schedule: coverage counts its shifts, staffing compares the requirement with them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import Schedule
from teamcore.exceptions import WrongType
from teamcore.people import Member
from teamcore.rostering import Roster, uncovered
from teamcore.scheduling import coverage
from teamcore.staffing import Forecast, StaffingPlan
from tests.rostering.example import MONDAY, members, problem

H = dt.timedelta(hours=1)


def pool() -> list:
    """Every candidate shift of the worked example's members on its first two days."""
    p = problem()
    return [a for m in p.members for a in p.candidates(m.id) if a.start < MONDAY + 2 * dt.timedelta(days=1)]


class TestCoverage:
    def test_a_roster_is_a_schedule(self):
        """Roster has the Schedule protocol's worked() method."""
        assert isinstance(Roster([]), Schedule)

    def test_counts_the_shifts_not_the_weekly_hours(self):
        """Members with weekly hours but no shift count nothing; a shift counts for its whole slots only."""
        p = problem()
        shift = p.shift("anna", "day", MONDAY.date(), dt.time(8))  # 07:00-15:30 UTC
        team = [Member(id=m.id, name=m.name, timezone="UTC", country="GB", hours={"mon-sun": ["00:00-23:59"]})
                for m in members()]  # fmt: skip
        cov = coverage(team, MONDAY, MONDAY + 24 * H, step=H, schedule=Roster([shift]))
        assert cov.counts.tolist() == [0] * 7 + [1] * 8 + [0] * 9
        assert coverage(team, MONDAY, MONDAY + 23 * H, step=H).counts.tolist() == [6] * 23

    def test_filters_still_pick_the_members(self):
        """A language filter counts only the roster's shifts of members who speak it."""
        p = problem()
        roster = Roster(
            [p.shift("anna", "day", MONDAY.date(), dt.time(8)), p.shift("maria", "day", MONDAY.date(), dt.time(8))]
        )
        sv = coverage(members(), MONDAY, MONDAY + 24 * H, step=H, language="sv", schedule=roster)
        en = coverage(members(), MONDAY, MONDAY + 24 * H, step=H, language="en", schedule=roster)
        assert int(sv.counts.max()) == 1
        assert int(sv.counts.sum()) == 8  # Anna's 07:00-15:30 UTC: eight whole hours
        assert int(en.counts.sum()) == 16  # and Maria's 00:00-08:30 UTC (08:00 in Manila)
        assert sv.member_ids == ("anna", "erik")

    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.sampled_from(pool()), max_size=8, unique=True), st.sampled_from(["en", "sv", "pt", "*"]))
    def test_agrees_with_the_rostering_checker(self, shifts, group):
        """Per slot and group, coverage with the roster as schedule is the count the rostering checker finds."""
        p = problem(requirement={g: [99] * 48 for g in ("en", "sv", "pt", "*")})
        roster = Roster(shifts)
        language = None if group == "*" else group
        cov = coverage(p.members, p.start, p.end, step=p.step, language=language, schedule=roster)
        checked = [u.covered for u in uncovered(p, roster) if u.group == group]
        assert cov.counts.tolist() == checked

    def test_not_a_schedule(self):
        """Anything without worked() is refused, naming the argument."""
        with pytest.raises(WrongType, match="schedule"):
            coverage(members(), MONDAY, MONDAY + H, schedule=[("anna", MONDAY, MONDAY + H)])  # type: ignore[arg-type]


class TestStaffing:
    def test_plan_against_a_roster(self):
        """Required agents against the roster's agents: the plan's comparison uses the shifts."""
        p = problem()
        roster = Roster([p.shift(m, "day", MONDAY.date(), dt.time(8)) for m in ("anna", "erik")])
        plan = StaffingPlan(forecast=Forecast(start=MONDAY + 6 * H, step=H, volume=[20] * 4), aht=180)
        result = plan.against(members(), schedule=roster)
        assert result.scheduled.tolist() == [0, 2, 2, 2]
        assert result.worst(1)[0].start == MONDAY + 6 * H
        sv = plan.against(members(), language="sv", schedule=roster)
        assert sv.scheduled.tolist() == [0, 2, 2, 2]
        pt = plan.against(members(), language="pt", schedule=roster)
        assert pt.scheduled.tolist() == [0, 0, 0, 0]

    def test_async_plan_opens_with_the_roster(self):
        """An e-mail plan on the team's hours: the inbox is open while a rostered member works."""
        p = problem()
        roster = Roster([p.shift("anna", "day", MONDAY.date(), dt.time(8))])  # 07:00-15:30 UTC
        mail = Forecast(start=MONDAY + 5 * H, step=H, volume=[12, 0, 0, 0])
        plan = StaffingPlan(forecast=mail, aht=600, window=2 * H)
        result = plan.against(members(), schedule=roster)
        assert result.scheduled.tolist() == [0, 0, 1, 1]
        assert result.required.tolist() == [0, 0, 1, 1]
