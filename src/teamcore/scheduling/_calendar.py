"""Working intervals: a member's weekly hours in local wall-clock time turned into UTC instants.

The rules, in one place:

* **Shifts are wall-clock.** A shift ``22:00-06:00`` starts at 22:00 local on its day and ends at 06:00 local on
  the next; each end is converted to UTC on its own with :func:`teamcore._time.local_to_utc`, so the shift over a
  23-hour night lasts 7 real hours and over a 25-hour night 9. A start or end that falls in a DST gap or fold follows
  the calendar's ``disambiguate`` rule (:data:`teamcore._time.Disambiguate`, default ``"compatible"``). A shift that
  lies wholly inside a gap has no real minutes and disappears.
* **A shift belongs to the local day it starts on.** A public holiday, a closed day or a day of time off removes
  every shift that *starts* on that local day. An overnight shift that starts the evening before a holiday is worked
  in full, into the holiday's morning; one that starts on the evening of the holiday is not worked. This matches
  how rosters and payroll attach a night shift to its start date.
* **Public holidays** come from the ``holidays`` package for the country and subdivision, observed days included
  (``US``/``CA`` 2026-07-03, "Independence Day (observed)"). Days that are not public holidays but on which a team
  does not work (Swedish Midsummer Eve, Christmas Eve) are the team's ``closed_days``.
* **Weekends come from the member's** :class:`~teamcore.people.WeeklyHours`: a week is whatever shifts the member
  has. :func:`country_weekend` and :func:`default_hours` expose the ``holidays`` package's weekend for a country,
  for those who want a default week (Friday–Saturday in some countries, Saturday–Sunday in most).

Shifts are generated per (weekly hours, timezone) pattern for a whole date range at once with numpy, and converted
to UTC with a vectorised lookup of the zone's offsets (:func:`teamcore._zones.local_seconds_to_utc`); the few
instants that fall in a gap or fold are handed to :func:`~teamcore._time.local_to_utc`, which holds the one
definition of the gap/fold rule.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Final

import attrs
import holidays
import numpy as np

from teamcore._display import short_repr
from teamcore._time import Disambiguate, validate_timezone
from teamcore._validators import check_country, check_date, check_subdivision
from teamcore._zones import DAY, check_disambiguate, local_seconds_to_utc
from teamcore.exceptions import InvalidInterval, InvalidValue, WrongType
from teamcore.people import ClosedDay, Member, Team, TimeOff, Weekday, WeeklyHours
from teamcore.scheduling._intervals import Int64Array, IntervalSet, epoch_seconds

__all__ = [
    "BusinessCalendar",
    "country_weekend",
    "day_number",
    "default_hours",
    "public_holidays",
    "team_closed_days",
    "working_intervals",
]

_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (the local date's number, weekday ``(n + 3) % 7`` with Monday 0).

    Examples
    --------
    >>> day_number(dt.date(1970, 1, 2))
    1
    """
    return day.toordinal() - _EPOCH_ORDINAL


def _check_day(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise WrongType(field, value, "a local date (datetime.date, not a datetime)")
    return value


def _check_range(start: object, end: object) -> tuple[dt.date, dt.date]:
    lo, hi = _check_day(start, "start"), _check_day(end, "end")
    if hi < lo:
        raise InvalidInterval("end", f"{lo.isoformat()}..{hi.isoformat()}", "an end date on or after the start")
    return lo, hi


# -- weekly patterns ------------------------------------------------------------------------------------------------


# Each entry holds a few arrays per year of shifts (tens of kB); 512 bounds the cache to tens of MB.
@functools.lru_cache(maxsize=512)
def _pattern(
    hours: WeeklyHours, tz: str, disambiguate: Disambiguate, first_day: int, end_day: int
) -> tuple[Int64Array, Int64Array, Int64Array]:
    """Every shift of `hours` starting on a local day in ``[first_day, end_day)``: (start day, UTC start, UTC end)."""
    days = np.arange(first_day, end_day, dtype=np.int64)
    weekday = (days + 3) % 7
    starts: list[Int64Array] = []
    lengths: list[Int64Array] = []
    start_days: list[Int64Array] = []
    for shift in hours.shifts:
        on = days[weekday == int(shift.day)]
        starts.append(on * DAY + (shift.start.hour * 3600 + shift.start.minute * 60))
        lengths.append(np.full(on.size, shift.minutes * 60, np.int64))
        start_days.append(on)
    if not starts:
        empty = np.empty(0, np.int64)
        return empty, empty, empty
    local_start = np.concatenate(starts)
    order = np.argsort(local_start, kind="stable")
    local_start = local_start[order]
    local_end = local_start + np.concatenate(lengths)[order]
    both = local_seconds_to_utc(np.concatenate((local_start, local_end)), tz, disambiguate)
    out = (np.concatenate(start_days)[order], both[: local_start.size], both[local_start.size :])
    for array in out:
        array.setflags(write=False)
    return out


# -- holidays and weekends ------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _holiday_table(country: str, subdivision: str | None, first_year: int, last_year: int) -> dict[dt.date, str]:
    table = holidays.country_holidays(country, subdiv=subdivision, years=range(first_year, last_year + 1))
    return {day: str(name) for day, name in sorted(table.items())}


@functools.lru_cache(maxsize=512)
def _holiday_numbers(country: str, subdivision: str | None, first_year: int, last_year: int) -> Int64Array:
    """The day numbers of :func:`_holiday_table`, sorted, for masking shifts in numpy."""
    days = np.array(
        sorted(day_number(d) for d in _holiday_table(country, subdivision, first_year, last_year)), np.int64
    )
    days.setflags(write=False)
    return days


def public_holidays(country: str, subdivision: str | None, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Public holidays from the ``holidays`` package, observed days included, in ``[start, end)``.

    Parameters
    ----------
    country, subdivision
        ISO 3166-1 alpha-2 code and optional subdivision code, as the ``holidays`` package knows them.
    start, end
        Local dates; `end` is excluded.

    Returns
    -------
    dict
        Date → holiday name, in date order.

    Raises
    ------
    UnknownCountry
        For a country or subdivision the package does not know.

    Examples
    --------
    >>> public_holidays("US", "CA", dt.date(2026, 7, 1), dt.date(2026, 7, 8))
    {datetime.date(2026, 7, 3): 'Independence Day (observed)', datetime.date(2026, 7, 4): 'Independence Day'}
    """
    check_country(country, "country")
    if subdivision is not None:
        check_subdivision(country, subdivision, "subdivision")
    lo, hi = _check_range(start, end)
    if lo == hi:
        return {}
    table = _holiday_table(country, subdivision, lo.year, (hi - dt.timedelta(days=1)).year)
    return {day: name for day, name in table.items() if lo <= day < hi}


def country_weekend(country: str, subdivision: str | None = None) -> frozenset[Weekday]:
    """The weekend days the ``holidays`` package records for `country` (not used by working intervals).

    Examples
    --------
    >>> sorted(day.short for day in country_weekend("SE"))
    ['sat', 'sun']
    >>> sorted(day.short for day in country_weekend("SA"))
    ['fri', 'sat']
    """
    check_country(country, "country")
    if subdivision is not None:
        check_subdivision(country, subdivision, "subdivision")
    table = holidays.country_holidays(country, subdiv=subdivision, years=())
    return frozenset(Weekday(int(day)) for day in table.weekend)


def default_hours(
    country: str, subdivision: str | None = None, start: str = "09:00", end: str = "17:00"
) -> WeeklyHours:
    """A default week for `country`: `start`-`end` on every day outside the country's weekend.

    Examples
    --------
    >>> default_hours("SA").to_table()
    {'mon-thu': ['09:00-17:00'], 'sun': ['09:00-17:00']}
    """
    weekend = country_weekend(country, subdivision)
    return WeeklyHours.parse({day.short: [f"{start}-{end}"] for day in Weekday if day not in weekend})


# -- the calendar ---------------------------------------------------------------------------------------------------


def _dates(value: Iterable[dt.date | ClosedDay] | None) -> tuple[dt.date, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("closed_days", value, "a list of dates or ClosedDay")
    days: set[dt.date] = set()
    for i, item in enumerate(value):
        day = item.date if isinstance(item, ClosedDay) else item
        days.add(_check_day(check_date(day, f"closed_days[{i}]"), f"closed_days[{i}]"))
    return tuple(sorted(days))


def _time_offs(value: Iterable[TimeOff] | None) -> tuple[TimeOff, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("time_off", value, "a list of TimeOff")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, TimeOff):
            raise WrongType(f"time_off[{i}]", item, "a TimeOff")
    return tuple(sorted(items, key=lambda t: (t.start, t.end)))


def _optional_country(_instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None:
        check_country(value, attribute.name)


def _teams(value: Team | Iterable[Team] | None) -> tuple[Team, ...]:
    if value is None:
        return ()
    if isinstance(value, Team):
        return (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("team", value, "a Team or a list of Team")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Team):
            raise WrongType(f"team[{i}]", item, "a Team")
    return items


def team_closed_days(teams: Iterable[Team]) -> dict[str, tuple[dt.date, ...]]:
    """Member id → the closed days of every team in `teams` the member belongs to.

    Examples
    --------
    >>> nordic = Team(id="n", name="Nordic", lead="bo", members=["bo"], closed_days=[ClosedDay(dt.date(2026, 6, 19))])
    >>> team_closed_days([nordic])
    {'bo': (datetime.date(2026, 6, 19),)}
    """
    found: dict[str, set[dt.date]] = {}
    for team in teams:
        if team.closed_days:
            for member_id in team.members:
                found.setdefault(member_id, set()).update(day.date for day in team.closed_days)
    return {member_id: tuple(sorted(days)) for member_id, days in found.items()}


@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """When someone works: weekly hours in a timezone, less public holidays, closed days and time off.

    See the module documentation for the rules (wall-clock shifts, a shift belongs to the day it starts on,
    observed holidays included, the weekend is whatever the weekly hours leave out).

    Parameters
    ----------
    hours
        Weekly working hours in local wall-clock time.
    timezone
        IANA timezone of the hours.
    country, subdivision
        Whose public holidays apply; ``country=None`` means none.
    closed_days
        Extra local dates without work (dates or :class:`~teamcore.people.ClosedDay`), e.g. Midsummer Eve.
    time_off
        Personal time off, whole local days.
    disambiguate
        The DST gap/fold rule for shift starts and ends; see :data:`teamcore._time.Disambiguate`.

    Raises
    ------
    UnknownTimezone, UnknownCountry, WrongType, InvalidValue
        For a bad field.

    Examples
    --------
    >>> cal = BusinessCalendar(hours=WeeklyHours.weekdays(), timezone="Europe/Stockholm", country="SE",
    ...                        closed_days=[dt.date(2026, 6, 19)])
    >>> week = cal.intervals(dt.date(2026, 6, 15), dt.date(2026, 6, 22))  # Midsummer Eve is Friday 19 June
    >>> len(week), week.total_seconds() // 3600
    (4, 32)
    """

    hours: WeeklyHours = attrs.field(validator=attrs.validators.instance_of(WeeklyHours))
    timezone: str = attrs.field(validator=lambda _i, a, v: validate_timezone(v, a.name))
    country: str | None = attrs.field(default=None, validator=_optional_country)
    subdivision: str | None = attrs.field(default=None)
    closed_days: tuple[dt.date, ...] = attrs.field(factory=tuple, converter=_dates)
    time_off: tuple[TimeOff, ...] = attrs.field(factory=tuple, converter=_time_offs)
    disambiguate: Disambiguate = attrs.field(
        default="compatible", validator=lambda _i, a, v: check_disambiguate(v, a.name)
    )

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        if self.subdivision is not None:
            if self.country is None:
                raise InvalidValue("subdivision", self.subdivision, "no subdivision when country is None")
            check_subdivision(self.country, self.subdivision, "subdivision")

    @classmethod
    def for_member(
        cls,
        member: Member,
        *,
        team: Team | Iterable[Team] | None = None,
        closed_days: Iterable[dt.date | ClosedDay] = (),
        disambiguate: Disambiguate = "compatible",
    ) -> BusinessCalendar:
        """The calendar of `member`: their hours, zone, country, subdivision and time off.

        Parameters
        ----------
        member
            The member.
        team
            A team or teams; the closed days of those the member belongs to apply.
        closed_days
            Further closed days.
        disambiguate
            The DST gap/fold rule.

        Examples
        --------
        >>> from teamcore.people import Member
        >>> bo = Member(id="bo", name="Bo", timezone="Europe/Stockholm", country="SE")
        >>> team = Team(id="nordic", name="Nordic", lead="bo", members=["bo"],
        ...             closed_days=[ClosedDay(dt.date(2026, 12, 24), "Christmas Eve")])
        >>> BusinessCalendar.for_member(bo, team=team).closed_days
        (datetime.date(2026, 12, 24),)
        """
        if not isinstance(member, Member):
            raise WrongType("member", member, "a Member")
        days = list(_dates(closed_days))
        days.extend(team_closed_days(_teams(team)).get(member.id, ()))
        return cls(
            hours=member.hours,
            timezone=member.timezone,
            country=member.country,
            subdivision=member.subdivision,
            closed_days=days,
            time_off=member.time_off,
            disambiguate=disambiguate,
        )

    def days_off(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        """Local dates in ``[start, end)`` without work, with why: holiday name, ``"closed"`` or ``"time off"``.

        Weekends (days without shifts in the weekly hours) are not listed.
        """
        lo, hi = _check_range(start, end)
        off: dict[dt.date, str] = {}
        for item in self.time_off:
            day = max(item.start, lo)
            while day <= item.end and day < hi:
                off[day] = f"time off{': ' + item.reason if item.reason else ''}"
                day += dt.timedelta(days=1)
        off.update({day: "closed" for day in self.closed_days if lo <= day < hi})
        if self.country is not None:
            off.update(public_holidays(self.country, self.subdivision, lo, hi))
        return dict(sorted(off.items()))

    def intervals(self, start: dt.date, end: dt.date) -> IntervalSet:
        """The UTC working intervals of the shifts starting on local dates ``[start, end)``.

        An overnight shift starting on the last day runs past `end`; clip the result if that matters.

        Raises
        ------
        WrongType
            If `start` or `end` is not a date.
        InvalidInterval
            If `end` is before `start` (an equal end gives the empty set).
        """
        lo, hi = _check_range(start, end)
        if lo == hi or not self.hours:
            return IntervalSet.empty()
        first, last = day_number(lo), day_number(hi)
        days, starts, ends = _pattern(self.hours, self.timezone, self.disambiguate, first, last)
        working = np.ones(last - first, bool)
        if self.country is not None:
            holidays_ = _holiday_numbers(self.country, self.subdivision, lo.year, (hi - dt.timedelta(days=1)).year)
            inside = holidays_[(holidays_ >= first) & (holidays_ < last)]
            working[inside - first] = False
        for day in self.closed_days:
            if lo <= day < hi:
                working[day_number(day) - first] = False
        for item in self.time_off:
            a, b = max(day_number(item.start), first), min(day_number(item.end) + 1, last)
            if a < b:
                working[a - first : b - first] = False
        if not working.all():
            keep = working[days - first]
            starts, ends = starts[keep], ends[keep]
        return IntervalSet.from_arrays(starts, ends)

    def between(self, start: dt.datetime, end: dt.datetime) -> IntervalSet:
        """The working intervals inside the UTC window ``[start, end)`` (aware datetimes), clipped to it.

        Shifts that start on the local day before `start` and run into the window are included in part.

        Raises
        ------
        WrongType, NaiveDatetime
            If `start` or `end` is not an aware datetime.

        Examples
        --------
        >>> cal = BusinessCalendar(hours=WeeklyHours.parse({"sun": ["22:00-06:00"]}), timezone="Europe/London")
        >>> monday = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
        >>> [(s.hour, e.hour) for s, e in cal.between(monday, monday + dt.timedelta(days=1))]
        [(0, 6)]
        """
        lo, hi = epoch_seconds(start, "start"), epoch_seconds(end, "end")
        if hi <= lo:
            return IntervalSet.empty()
        return self.between_seconds(lo, hi)

    def between_seconds(self, lo: int, hi: int) -> IntervalSet:
        """As :meth:`between`, with UTC epoch seconds."""
        # Local dates around the window: zones run from -12 h to +14 h and a shift may start the evening before.
        first = dt.date.fromordinal(lo // DAY + _EPOCH_ORDINAL - 2)
        last = dt.date.fromordinal(hi // DAY + _EPOCH_ORDINAL + 2)
        return self.intervals(first, last).clip_seconds(lo, hi)


def working_intervals(
    member: Member,
    start: dt.date,
    end: dt.date,
    *,
    team: Team | Iterable[Team] | None = None,
    closed_days: Iterable[dt.date | ClosedDay] = (),
    disambiguate: Disambiguate = "compatible",
) -> IntervalSet:
    """The UTC intervals in which `member` works, for shifts starting on local dates ``[start, end)``.

    Shorthand for ``BusinessCalendar.for_member(member, ...).intervals(start, end)``.

    Examples
    --------
    >>> from teamcore.people import Member
    >>> ram = Member(id="ram", name="Ram", timezone="Asia/Kathmandu", country="NP", hours={"mon": ["09:00-17:00"]})
    >>> monday = working_intervals(ram, dt.date(2026, 1, 5), dt.date(2026, 1, 6))
    >>> [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in monday]
    [('03:15', '11:15')]
    """
    calendar = BusinessCalendar.for_member(member, team=team, closed_days=closed_days, disambiguate=disambiguate)
    return calendar.intervals(start, end)
