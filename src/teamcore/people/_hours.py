"""Weekly working hours in local time, and planned time off."""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from teamcore._display import short_repr
from teamcore._suggest import suggest
from teamcore._validators import attrs_validator, check_date, check_text
from teamcore.exceptions import InvalidInterval, InvalidValue, OverlappingIntervals, WrongType

__all__ = ["Shift", "TimeOff", "Weekday", "WeeklyHours", "format_hhmm", "parse_hhmm"]

MINUTES_PER_DAY: Final = 24 * 60
MINUTES_PER_WEEK: Final = 7 * MINUTES_PER_DAY


class Weekday(enum.IntEnum):
    """A day of the week, numbered as :meth:`datetime.date.weekday` numbers them (Monday is 0)."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def short(self) -> str:
        """The three-letter lower-case name used in team files: ``"mon"`` ... ``"sun"``."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: object, field: str = "weekday") -> Weekday:
        """Read a weekday from ``"mon"``/``"Monday"`` (any case) or a :class:`Weekday`.

        Raises
        ------
        InvalidValue
            For anything else.
        """
        if isinstance(value, Weekday):
            return value
        if isinstance(value, str):
            key = value.strip().lower()
            for day in cls:
                if key in (day.short, day.name_full.lower()):
                    return day
        raise InvalidValue(
            field,
            value,
            "a weekday: 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or 'sun'",
            suggestion=suggest(value, [*(d.short for d in cls), *(d.name_full.lower() for d in cls)]),
        )

    @property
    def name_full(self) -> str:
        """The English name, e.g. ``"Monday"``."""
        return _FULL_NAMES[self.value]


def _weekday(value: Weekday | str) -> Weekday:
    return Weekday.parse(value, "day")


_FULL_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HHMM: Final = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_RANGE: Final = re.compile(r"^\s*(\S+)\s*-\s*(\S+)\s*$")


def parse_hhmm(value: object, field: str) -> dt.time:
    """Read a wall-clock time ``"HH:MM"`` (00:00-23:59).

    Raises
    ------
    WrongType, InvalidValue
        If `value` is not such a string.
    """
    if isinstance(value, dt.time):
        return _check_time(value, field)
    if not isinstance(value, str):
        raise WrongType(field, value, "a time 'HH:MM'")
    match = _HHMM.match(value)
    if match is None:
        raise InvalidValue(field, value, "a time 'HH:MM' from 00:00 to 23:59")
    return dt.time(int(match[1]), int(match[2]))


def format_hhmm(value: dt.time) -> str:
    """Write a wall-clock time as ``"HH:MM"``."""
    return f"{value.hour:02d}:{value.minute:02d}"


def _check_time(value: object, field: str) -> dt.time:
    if not isinstance(value, dt.time):
        raise WrongType(field, value, "a wall-clock time (datetime.time)")
    if value.tzinfo is not None or value.second or value.microsecond:
        raise InvalidValue(field, value, "a naive wall-clock time in whole minutes")
    return value


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


@attrs.frozen(order=True)
class Shift:
    """One working interval in local wall-clock time, starting on `day`.

    A shift whose `end` is not after its `start` runs past midnight into the next day: ``22:00-06:00`` on Monday
    ends on Tuesday at 06:00, and ``18:00-00:00`` ends at Tuesday's midnight. A shift of zero length is refused.

    Parameters
    ----------
    day
        The day the shift starts.
    start, end
        Naive wall-clock times in whole minutes.

    Raises
    ------
    InvalidInterval
        If `start` equals `end`.

    Examples
    --------
    >>> night = Shift(Weekday.MON, dt.time(22), dt.time(6))
    >>> night.overnight, night.minutes
    (True, 480)
    >>> str(night)
    'mon 22:00-06:00'
    """

    day: Weekday = attrs.field(converter=_weekday)
    start: dt.time = attrs.field(validator=attrs_validator(_check_time))
    end: dt.time = attrs.field(validator=attrs_validator(_check_time))

    def __attrs_post_init__(self) -> None:
        if self.start == self.end:
            raise InvalidInterval(
                f"hours.{self.day.short}",
                f"{format_hhmm(self.start)}-{format_hhmm(self.end)}",
                "a non-empty interval 'HH:MM-HH:MM' (start and end differ)",
            )

    @property
    def overnight(self) -> bool:
        """Whether the shift ends on the next day."""
        return self.end <= self.start

    @property
    def minutes(self) -> int:
        """Length of the shift in wall-clock minutes (a DST change on the night itself is not counted here)."""
        return (_minutes(self.end) - _minutes(self.start)) % MINUTES_PER_DAY

    @property
    def week_start(self) -> int:
        """Minutes from Monday 00:00 local time to the start of the shift."""
        return int(self.day) * MINUTES_PER_DAY + _minutes(self.start)

    @property
    def week_end(self) -> int:
        """Minutes from Monday 00:00 to the end; may exceed one week for a Sunday night shift."""
        return self.week_start + self.minutes

    @classmethod
    def parse(cls, day: object, text: object, field: str = "hours") -> Shift:
        """Read ``"HH:MM-HH:MM"`` for `day`.

        Raises
        ------
        WrongType, InvalidValue, InvalidInterval
            If `text` is not such a range or is empty.
        """
        weekday = Weekday.parse(day, field)
        where = f"{field}.{weekday.short}"
        if not isinstance(text, str):
            raise WrongType(where, text, "a range 'HH:MM-HH:MM'")
        match = _RANGE.match(text)
        if match is None:
            raise InvalidValue(where, text, "a range 'HH:MM-HH:MM' such as '09:00-17:00' or '22:00-06:00'")
        start, end = parse_hhmm(match[1], where), parse_hhmm(match[2], where)
        if start == end:
            raise InvalidInterval(where, text, "a non-empty interval 'HH:MM-HH:MM' (start and end differ)")
        return cls(weekday, start, end)

    def __str__(self) -> str:
        return f"{self.day.short} {format_hhmm(self.start)}-{format_hhmm(self.end)}"


def _sorted_shifts(shifts: Iterable[Shift]) -> tuple[Shift, ...]:
    if isinstance(shifts, str | bytes | Mapping) or not isinstance(shifts, Iterable):
        raise WrongType("hours", shifts, "an iterable of Shift (use WeeklyHours.parse for a mapping)")
    items = tuple(shifts)
    for i, item in enumerate(items):
        if not isinstance(item, Shift):
            raise WrongType(f"hours[{i}]", item, "a Shift")
    return tuple(sorted(items, key=lambda s: (s.week_start, s.week_end)))


def _check_disjoint(_instance: object, _attribute: object, shifts: tuple[Shift, ...]) -> None:
    for earlier, later in itertools.pairwise(shifts):
        if later.week_start < earlier.week_end:
            raise OverlappingIntervals("hours", f"{earlier} and {later}", "working intervals that do not overlap")
    if len(shifts) > 1 and shifts[-1].week_end - MINUTES_PER_WEEK > shifts[0].week_start:
        raise OverlappingIntervals(
            "hours",
            f"{shifts[-1]} and {shifts[0]}",
            "working intervals that do not overlap (across Sunday night)",
        )


@attrs.frozen
class WeeklyHours:
    """A member's recurring working week in local wall-clock time: disjoint :class:`Shift` intervals.

    Parameters
    ----------
    shifts
        The shifts, in any order; they are stored sorted by start. They must not overlap, including a Sunday night
        shift running into Monday.

    Raises
    ------
    OverlappingIntervals
        If two shifts overlap.

    Examples
    --------
    >>> hours = WeeklyHours.parse({"mon-fri": ["09:00-12:00", "13:00-17:00"]})
    >>> hours.minutes_per_week / 60
    35.0
    >>> WeeklyHours.parse({"sun": ["22:00-06:00"], "mon": ["05:00-09:00"]})
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OverlappingIntervals: hours: expected working intervals that do not overlap...got ...
    """

    shifts: tuple[Shift, ...] = attrs.field(converter=_sorted_shifts, validator=_check_disjoint)

    def __repr__(self) -> str:
        return short_repr(self)

    @classmethod
    def parse(cls, table: Mapping[str, Sequence[str]], field: str = "hours") -> WeeklyHours:
        """Read the team-file form: day (or ``"mon-fri"`` day range) → list of ``"HH:MM-HH:MM"``.

        Raises
        ------
        WrongType, InvalidValue, InvalidInterval, OverlappingIntervals
            For the first problem found.
        """
        if not isinstance(table, Mapping):
            raise WrongType(field, table, "a table of day -> ['HH:MM-HH:MM', ...]")
        shifts: list[Shift] = []
        for key, ranges in table.items():
            days = _day_range(key, field)
            if isinstance(ranges, str) or not isinstance(ranges, Sequence):
                raise WrongType(f"{field}.{key}", ranges, "a list of 'HH:MM-HH:MM' ranges")
            shifts.extend(Shift.parse(day, text, field) for day in days for text in ranges)
        return cls(shifts)

    @classmethod
    def weekdays(cls, start: str = "09:00", end: str = "17:00") -> WeeklyHours:
        """Monday to Friday from `start` to `end` (``"HH:MM"``)."""
        return cls.parse({"mon-fri": [f"{start}-{end}"]})

    def to_table(self) -> dict[str, list[str]]:
        """Return the team-file form: consecutive days with the same ranges share a key such as ``"mon-fri"``.

        Examples
        --------
        >>> WeeklyHours.parse({"mon": ["09:00-17:00"], "tue-fri": ["09:00-17:00"], "sat": ["10:00-14:00"]}).to_table()
        {'mon-fri': ['09:00-17:00'], 'sat': ['10:00-14:00']}
        """
        per_day = [[f"{format_hhmm(s.start)}-{format_hhmm(s.end)}" for s in self.on(day)] for day in Weekday]
        table: dict[str, list[str]] = {}
        day = 0
        while day < 7:
            last = day
            while last + 1 < 7 and per_day[last + 1] == per_day[day]:
                last += 1
            if per_day[day]:
                key = Weekday(day).short if last == day else f"{Weekday(day).short}-{Weekday(last).short}"
                table[key] = per_day[day]
            day = last + 1
        return table

    @property
    def minutes_per_week(self) -> int:
        """Total wall-clock working minutes in a week without DST changes."""
        return sum(shift.minutes for shift in self.shifts)

    def on(self, day: Weekday) -> tuple[Shift, ...]:
        """The shifts that start on `day`."""
        return tuple(shift for shift in self.shifts if shift.day == day)

    def __bool__(self) -> bool:
        return bool(self.shifts)


def _day_range(key: object, field: str) -> list[Weekday]:
    if not isinstance(key, str):
        raise WrongType(field, key, "a day such as 'mon' or a range such as 'mon-fri'")
    if "-" in key:
        first, _, last = key.partition("-")
        lo, hi = Weekday.parse(first, f"{field}.{key}"), Weekday.parse(last, f"{field}.{key}")
        # Ranges may wrap around the weekend: "sun-thu" is the working week in much of the Middle East.
        return [Weekday((lo + i) % 7) for i in range((hi - lo) % 7 + 1)]
    return [Weekday.parse(key, f"{field}.{key}")]


@attrs.frozen
class TimeOff:
    """Planned time off: whole local days from `start` to `end`, both included.

    Raises
    ------
    InvalidInterval
        If `end` is before `start`.

    Examples
    --------
    >>> TimeOff(dt.date(2026, 7, 6), dt.date(2026, 7, 24), "summer").days
    19
    """

    start: dt.date = attrs.field(validator=attrs_validator(check_date))
    end: dt.date = attrs.field(validator=attrs_validator(check_date))
    reason: str = attrs.field(default="", validator=attrs_validator(lambda v, f: check_text(v, f, allow_empty=True)))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInterval(
                "end",
                f"{self.start.isoformat()}..{self.end.isoformat()}",
                "an end date on or after the start",
            )

    @property
    def days(self) -> int:
        """Number of calendar days, both ends included."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end
