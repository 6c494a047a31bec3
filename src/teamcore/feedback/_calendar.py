"""Business days for the feedback policies, read from :class:`teamcore.scheduling.BusinessCalendar`.

A local date is a *working day* for someone when their weekly hours have a shift starting on that weekday and the
calendar lists no day off for it (public holiday of their country and subdivision, a closed day of one of their
teams, their time off). Someone without weekly hours works their country's default week
(:func:`teamcore.scheduling.default_hours`). The rule "is this a working day" is the scheduling calendar's; this
module only counts such days.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from teamcore.people import Member, Organisation
from teamcore.scheduling import BusinessCalendar, default_hours

__all__ = ["WorkingDays", "working_days"]

_ONE_DAY: Final = dt.timedelta(days=1)
_MAX_SEARCH_DAYS: Final = 3 * 366
"""Counting stops after three years without a working day (someone on very long leave)."""


@attrs.define(eq=False)
class WorkingDays:
    """Counts working days of one business calendar; caches the days off per year it has looked at.

    Examples
    --------
    >>> from teamcore.people import WeeklyHours
    >>> days = WorkingDays(BusinessCalendar(hours=WeeklyHours.weekdays(), timezone="Europe/Stockholm", country="SE"))
    >>> days.add(dt.date(2026, 5, 13), 3)  # Wednesday; Thursday 14 May is Ascension Day
    datetime.date(2026, 5, 19)
    >>> days.between(dt.date(2026, 5, 13), dt.date(2026, 5, 19))
    3
    """

    calendar: BusinessCalendar
    _weekdays: frozenset[int] = attrs.field(init=False)
    _off: dict[int, frozenset[dt.date]] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        self._weekdays = frozenset(int(shift.day) for shift in self.calendar.hours.shifts)

    @property
    def timezone(self) -> str:
        """The calendar's IANA timezone."""
        return self.calendar.timezone

    def _days_off(self, year: int) -> frozenset[dt.date]:
        found = self._off.get(year)
        if found is None:
            found = frozenset(self.calendar.days_off(dt.date(year, 1, 1), dt.date(year + 1, 1, 1)))
            self._off[year] = found
        return found

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` (a local date) is a working day."""
        return day.weekday() in self._weekdays and day not in self._days_off(day.year)

    def add(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (`day` itself not counted); `day` itself for ``count == 0``.

        After three years without a working day the search stops and returns the last date looked at.
        """
        found = 0
        current = day
        limit = day + dt.timedelta(days=_MAX_SEARCH_DAYS)
        weekdays, year, off = self._weekdays, 0, frozenset[dt.date]()
        while found < count and current < limit:
            current += _ONE_DAY
            # is_working_day, with the year's days off fetched once per year rather than per day.
            if current.weekday() in weekdays:
                if current.year != year:
                    year, off = current.year, self._days_off(current.year)
                if current not in off:
                    found += 1
        return current

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 if `end` is not after `start`)."""
        count = 0
        current = start
        weekdays, year, off = self._weekdays, 0, frozenset[dt.date]()
        while current < end:
            current += _ONE_DAY
            if current.weekday() in weekdays:  # is_working_day, as in add
                if current.year != year:
                    year, off = current.year, self._days_off(current.year)
                if current not in off:
                    count += 1
        return count


def working_days(member: Member, org: Organisation) -> WorkingDays:
    """The working days of `member`: hours (or the country's default week), holidays, closed days, time off.

    Examples
    --------
    >>> from teamcore.people import Team
    >>> ola = Member(id="ola", name="Ola", timezone="Europe/Stockholm", country="SE")
    >>> org = Organisation(name="N", members=[ola], teams=[Team(id="t", name="T", lead="ola", members=["ola"])])
    >>> working_days(ola, org).is_working_day(dt.date(2026, 12, 25))
    False
    """
    calendar = BusinessCalendar.for_member(member, team=org.teams_of(member.id))
    if not calendar.hours:
        calendar = attrs.evolve(calendar, hours=default_hours(member.country, member.subdivision))
    return WorkingDays(calendar)
