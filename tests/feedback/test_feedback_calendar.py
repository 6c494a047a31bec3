"""Tests for counting business days in someone's working calendar."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from teamcore.feedback import working_days
from teamcore.people import ClosedDay, Member, Organisation, Team, TimeOff

D = dt.date


def org_of(*members: Member, closed: tuple[ClosedDay, ...] = ()) -> Organisation:
    ids = [m.id for m in members]
    return Organisation(name="O", members=members, teams=[Team(id="t", name="T", lead=ids[0], members=ids,
                                                               closed_days=closed)])  # fmt: skip


SE = Member(id="ola", name="Ola", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["08:00-17:00"]})


class TestWorkingDays:
    def test_team_closed_day(self):
        """Midsummer Eve closed by the team is not a business day (it is no public holiday in the package)."""
        org = org_of(SE, closed=(ClosedDay(D(2026, 6, 19), "Midsummer Eve"),))
        days = working_days(SE, org)
        assert not days.is_working_day(D(2026, 6, 19))
        assert days.add(D(2026, 6, 17), 2) == D(2026, 6, 22)  # Thu 18, (Fri 19 closed), Mon 22

    def test_default_week_without_hours(self):
        """Someone without weekly hours works their country's default week (Sunday-Thursday in Saudi Arabia)."""
        riyadh = Member(id="sami", name="Sami", timezone="Asia/Riyadh", country="SA")
        days = working_days(riyadh, org_of(riyadh))
        assert days.is_working_day(D(2026, 11, 22))  # Sunday
        assert not days.is_working_day(D(2026, 11, 27))  # Friday

    def test_own_weekly_hours(self):
        """Weekends follow the weekly hours: a Saturday shift makes Saturday a business day."""
        lars = Member(id="lars", name="Lars", timezone="Europe/Oslo", country="NO",
                      hours={"mon-thu": ["10:00-18:00"], "sat": ["10:00-14:00"]})  # fmt: skip
        days = working_days(lars, org_of(lars))
        assert days.add(D(2026, 11, 19), 2) == D(2026, 11, 23)  # Thu -> Sat, Mon (Friday off)

    def test_long_leave_terminates(self):
        """Counting past a very long leave stops instead of looping forever."""
        away = Member(id="x", name="X", timezone="UTC", country="SE", hours={"mon-fri": ["09:00-17:00"]},
                      time_off=[TimeOff(D(2026, 1, 1), D(2030, 12, 31))])  # fmt: skip
        assert working_days(away, org_of(away)).add(D(2026, 1, 1), 3) <= D(2029, 12, 31)

    @given(start=st.dates(D(2026, 1, 1), D(2027, 6, 30)), n=st.integers(0, 15))
    def test_add_then_count(self, start, n):
        """Counting the business days up to the n-th one after a date gives n back."""
        days = working_days(SE, org_of(SE))
        assert days.between(start, days.add(start, n)) == n

    @given(
        start=st.dates(D(2025, 11, 1), D(2027, 2, 28)),
        n=st.integers(0, 40),
        span=st.integers(-5, 400),
        off=st.dates(D(2025, 12, 20), D(2027, 1, 10)),
    )
    def test_add_and_between_count_day_by_day(self, start, n, span, off):
        """add and between agree with is_working_day asked day by day, across the turn of the year and time off."""
        leave = [TimeOff(off, off + dt.timedelta(days=9))]
        member = Member(id="ana", name="Ana", timezone="Europe/Berlin", country="DE", subdivision="BY",
                        hours={"tue-sat": ["10:00-18:00"]}, time_off=leave)  # fmt: skip
        days = working_days(member, org_of(member))
        day, found = start, 0
        while found < n:
            day += dt.timedelta(days=1)
            found += days.is_working_day(day)
        assert days.add(start, n) == day
        end = start + dt.timedelta(days=span)
        expected = sum(days.is_working_day(start + dt.timedelta(days=k)) for k in range(1, span + 1))
        assert days.between(start, end) == expected
