"""The data a roster is made from: shift templates, contracts, availability and the labour rules.

Every rule is evaluated in the member's own timezone: a shift belongs to the **local date on which it starts**
(its :attr:`~teamcore.rostering.ShiftAssignment.local_date`), a week is the member's local Monday-Sunday, a weekend is
their country's weekend days (:func:`teamcore.scheduling.country_weekend`). A shift's length is wall-clock time
from its local start, so a shift over the autumn fall-back night lasts an hour longer in real (UTC) time and one
over the spring-forward night an hour shorter; rest between shifts and hours worked are real (UTC) time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal

import attrs

from teamcore._validators import attrs_validator, check_enum, check_identifier, check_text
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.people import EmploymentType, MemberId, Weekday

__all__ = ["Availability", "Contract", "LabourRules", "ShiftTemplate"]

_ALL_DAYS: Final = frozenset(Weekday)


_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _duration(low: dt.timedelta, high: dt.timedelta) -> _Validator:
    def check(_instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
        if not isinstance(value, dt.timedelta):
            raise WrongType(attribute.name, value, "a datetime.timedelta")
        if not low <= value <= high or value.total_seconds() % 60:
            raise OutOfRange(attribute.name, value, f"whole minutes from {low} to {high}")

    return check


def _hours(low: float, high: float) -> _Validator:
    def check(_instance: object, attribute: attrs.Attribute[float], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WrongType(attribute.name, value, "a number of hours")
        if not low <= value <= high:
            raise OutOfRange(attribute.name, value, f"a number of hours from {low} to {high}")

    return check


def _count(low: int, high: int) -> _Validator:
    def check(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise WrongType(attribute.name, value, f"an integer from {low} to {high}")
        if not low <= value <= high:
            raise OutOfRange(attribute.name, value, f"an integer from {low} to {high}")

    return check


_EMPLOYMENT: Final = check_enum(EmploymentType, "employment")


def _employment(value: object) -> EmploymentType:
    return _EMPLOYMENT(value)


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise WrongType(attribute.name, value, "true or false")


def _times(value: Iterable[dt.time]) -> tuple[dt.time, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("starts", value, "a list of local wall-clock times (datetime.time)")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, dt.time) or item.tzinfo is not None or item.second or item.microsecond:
            raise WrongType(f"starts[{i}]", item, "a naive wall-clock time in whole minutes (datetime.time)")
    if not items:
        raise InvalidValue("starts", [], "at least one start time")
    if len(set(items)) != len(items):
        raise InvalidValue("starts", [t.isoformat("minutes") for t in items], "each start time once")
    return tuple(sorted(items))


def _weekdays(value: Iterable[Weekday | str] | None) -> frozenset[Weekday]:
    if value is None:
        return _ALL_DAYS
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("days", value, "a list of weekdays such as ['mon', 'tue']")
    days = frozenset(Weekday.parse(day, f"days[{i}]") for i, day in enumerate(value))
    if not days:
        raise InvalidValue("days", [], "at least one weekday")
    return days


@attrs.frozen(kw_only=True)
class ShiftTemplate:
    """A kind of shift, in local wall-clock time: where it may start, how long it lasts, its unpaid break.

    Parameters
    ----------
    name
        An identifier, e.g. ``"early"``.
    starts
        The local start times allowed, e.g. ``[dt.time(7), dt.time(8)]``.
    length
        Wall-clock length from the local start, 1 to 16 hours (breaks included).
    unpaid_break
        Unpaid break inside the shift, not counted as hours worked (the member still covers the interval: breaks
        are placed by the lead on the day, not by the roster).
    days
        The local weekdays on which it may start; every day when omitted.

    Raises
    ------
    WrongType, InvalidValue, OutOfRange
        For a bad field; a break at least as long as the shift is an :class:`OutOfRange`.

    Examples
    --------
    >>> early = ShiftTemplate(name="early", starts=[dt.time(7)], length=dt.timedelta(hours=8))
    >>> early.paid_hours
    8.0
    >>> ShiftTemplate(name="x", starts=[dt.time(7)], length=dt.timedelta(hours=20))
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OutOfRange: length: expected whole minutes from 1:00:00 to 16:00:00, got ...
    """

    name: str = attrs.field(validator=attrs_validator(check_identifier))
    starts: tuple[dt.time, ...] = attrs.field(converter=_times)
    length: dt.timedelta = attrs.field(validator=_duration(dt.timedelta(hours=1), dt.timedelta(hours=16)))
    unpaid_break: dt.timedelta = attrs.field(
        default=dt.timedelta(0),
        validator=_duration(dt.timedelta(0), dt.timedelta(hours=4)),
    )
    days: frozenset[Weekday] = attrs.field(default=None, converter=_weekdays)

    def __attrs_post_init__(self) -> None:
        if self.unpaid_break >= self.length:
            raise OutOfRange("unpaid_break", self.unpaid_break, f"less than the length ({self.length})")

    @property
    def paid_hours(self) -> float:
        """Nominal paid hours: the length less the break (a DST night changes the real figure by an hour)."""
        return (self.length - self.unpaid_break).total_seconds() / 3600


@attrs.frozen(kw_only=True)
class Contract:
    """A member's contracted hours, per local week or over the whole horizon.

    Parameters
    ----------
    employment
        Full time, part time or project (:class:`~teamcore.people.EmploymentType`); informative.
    min_hours, max_hours
        Paid hours the member must and may work per period (real hours less unpaid breaks).
    per
        ``"week"``: every local Monday-Sunday week (the minimum only for weeks wholly inside the horizon);
        ``"horizon"``: the whole roster period (a project contract).

    Raises
    ------
    OutOfRange, InvalidValue
        For negative hours, more than 168 a week, or a minimum above the maximum.

    Examples
    --------
    >>> Contract(min_hours=30, max_hours=20)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: min_hours: expected at most max_hours (20), got 30
    """

    employment: EmploymentType = attrs.field(default=EmploymentType.FULL_TIME, converter=_employment)
    min_hours: float = attrs.field(default=0.0, validator=_hours(0, 10_000))
    max_hours: float = attrs.field(default=40.0, validator=_hours(0, 10_000))
    per: Literal["week", "horizon"] = attrs.field(default="week")

    def __attrs_post_init__(self) -> None:
        if self.per not in ("week", "horizon"):
            raise InvalidValue("per", self.per, "'week' or 'horizon'")
        if self.min_hours > self.max_hours:
            raise InvalidValue("min_hours", self.min_hours, f"at most max_hours ({self.max_hours})")
        if self.per == "week" and self.max_hours > 168:
            raise OutOfRange("max_hours", self.max_hours, "at most 168 hours a week")


def _clock(_instance: object, attribute: attrs.Attribute[dt.time], value: object) -> None:
    if not isinstance(value, dt.time) or value.tzinfo is not None or value.second or value.microsecond:
        raise WrongType(attribute.name, value, "a naive wall-clock time in whole minutes (datetime.time)")


def _member(value: object) -> MemberId:
    return MemberId(check_identifier(value, "member"))


def _note(value: object, field: str) -> str:
    return check_text(value, field, allow_empty=True)


@attrs.frozen(kw_only=True)
class Availability:
    """When a member cannot or would rather not work: a local time window on some weekdays.

    Parameters
    ----------
    member
        The member's id.
    start, end
        The local window; it wraps past midnight when `end` <= `start` (``18:00``-``08:00`` is the evening and
        night), and ``00:00``-``00:00`` is the whole day.
    days
        The local weekdays on which the window *starts*; every day when omitted.
    hard
        ``True``: no shift may overlap the window (unavailable). ``False``: a preference; each shift that overlaps
        it costs `weight` in the solver's last objective.
    weight
        The cost of one shift against a preference.
    note
        Why, for the lead.

    Examples
    --------
    >>> Availability(member="ana", start=dt.time(18), end=dt.time(8), days=["fri"], hard=False).hard
    False
    """

    member: MemberId = attrs.field(converter=_member)
    start: dt.time = attrs.field(validator=_clock)
    end: dt.time = attrs.field(validator=_clock)
    days: frozenset[Weekday] = attrs.field(default=None, converter=_weekdays)
    hard: bool = attrs.field(default=True, validator=_flag)
    weight: int = attrs.field(default=1, validator=_count(0, 1000))
    note: str = attrs.field(default="", validator=attrs_validator(_note))

    def windows(self, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The window's naive local (start, end) pairs for each local date from `first` to `last` inclusive."""
        out: list[tuple[dt.datetime, dt.datetime]] = []
        day = first
        while day <= last:
            if Weekday(day.weekday()) in self.days:
                lo = dt.datetime.combine(day, self.start)
                hi = dt.datetime.combine(day if self.end > self.start else day + dt.timedelta(days=1), self.end)
                out.append((lo, hi))
            day += dt.timedelta(days=1)
        return out


@attrs.frozen(kw_only=True)
class LabourRules:
    """Labour rules as data; every one is a hard constraint for the solver and a check for :func:`check_roster`.

    Parameters
    ----------
    min_rest
        Minimum real time between the end of one shift and the start of the next (default 11 h, the EU Working
        Time Directive 2003/88/EC, article 3).
    max_hours_per_day
        Paid hours on one local date (shifts counted on the date they start).
    max_hours_per_week
        Paid hours per local Monday-Sunday week (default 48, the Directive's article 6 average taken as a cap).
    max_consecutive_days
        Local dates in a row with a shift.
    min_days_off_per_week
        Local dates without a shift per local week (a week cut by the horizon counts only its days inside it).
    max_weekends, weekend_window
        At most `max_weekends` worked weekends in any `weekend_window` consecutive weekends (a weekend is worked
        when a shift starts on one of the country's weekend days).
    max_nights_per_week
        Night shifts per local week; a night shift has at least `night_hours` real hours between `night_start`
        and `night_end` local time (the Directive's article 2 defines night work over 00:00-05:00 at least;
        default band 22:00-07:00 as the meeting pain model's night).
    holidays_off
        Whether a member's public holidays are days off (no shift starts on one). Either way, hours on a public
        holiday are unsocial.

    Examples
    --------
    >>> LabourRules().min_rest
    datetime.timedelta(seconds=39600)
    >>> LabourRules(max_weekends=3, weekend_window=2)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: max_weekends: expected at most weekend_window (2), got 3
    """

    min_rest: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=11),
        validator=_duration(dt.timedelta(0), dt.timedelta(hours=48)),
    )
    max_hours_per_day: float = attrs.field(default=10.0, validator=_hours(1, 24))
    max_hours_per_week: float = attrs.field(default=48.0, validator=_hours(1, 168))
    max_consecutive_days: int = attrs.field(default=6, validator=_count(1, 366))
    min_days_off_per_week: int = attrs.field(default=1, validator=_count(0, 7))
    max_weekends: int = attrs.field(default=2, validator=_count(0, 52))
    weekend_window: int = attrs.field(default=3, validator=_count(1, 52))
    max_nights_per_week: int = attrs.field(default=5, validator=_count(0, 7))
    night_start: dt.time = attrs.field(default=dt.time(22), validator=_clock)
    night_end: dt.time = attrs.field(default=dt.time(7), validator=_clock)
    night_hours: float = attrs.field(default=3.0, validator=_hours(0.5, 12))
    holidays_off: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if self.max_weekends > self.weekend_window:
            raise InvalidValue("max_weekends", self.max_weekends, f"at most weekend_window ({self.weekend_window})")
        if self.night_start == self.night_end:
            raise InvalidValue("night_end", self.night_end, f"a time other than night_start ({self.night_start})")
