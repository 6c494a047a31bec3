"""Time discipline shared by every subpackage: aware instants, IANA zones, and one rule for DST gaps and folds.

teamcore computes in UTC instants and converts to local time only to read a schedule or to present a result.
Zones come from the ``tzdata`` package teamcore depends on (see :func:`timezone`), so answers do not change with
the machine. Nothing here reads the system clock or the system timezone.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import Final, Literal, get_args

import pendulum

from teamcore._suggest import suggest, timezone_names
from teamcore.exceptions import (
    AmbiguousTime,
    InvalidValue,
    NaiveDatetime,
    NonexistentTime,
    OutOfRange,
    UnknownTimezone,
    WrongType,
)

__all__ = [
    "UTC",
    "Disambiguate",
    "as_utc",
    "local_to_utc",
    "parse_duration",
    "parse_instant",
    "require_aware",
    "timezone",
    "validate_timezone",
]

UTC: Final = dt.UTC

Disambiguate = Literal["compatible", "earlier", "later", "raise"]
"""How to read a local time that a DST change makes ambiguous or nonexistent.

``"compatible"`` (the default everywhere in teamcore)
    A time in a gap is moved forward by the length of the gap (02:30 on a spring-forward night in Stockholm
    becomes 03:30 CEST); a time in a fold takes the *earlier* of its two occurrences. This is RFC 5545's rule for
    calendar events and the default of ``zoneinfo``, JavaScript's Temporal and ``whenever``. Note that pendulum's
    default picks the *later* occurrence in a fold; teamcore does not inherit that.
``"earlier"``
    The earlier of the two candidate instants, in a gap and in a fold.
``"later"``
    The later of the two candidate instants, in a gap and in a fold.
``"raise"``
    Raise :class:`~teamcore.exceptions.NonexistentTime` or :class:`~teamcore.exceptions.AmbiguousTime`.
"""

_DISAMBIGUATE: Final = frozenset(get_args(Disambiguate))
_TZ_EXPECTED: Final = "an IANA timezone name such as 'Europe/Stockholm'"
# IANA names are ASCII letters, digits and "/_+-"; checking the shape first keeps paths and odd input out of zoneinfo.
_TZ_SHAPE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")


@functools.lru_cache(maxsize=1024)
def timezone(name: str) -> zoneinfo.ZoneInfo:
    """Return the IANA zone called `name`.

    Parameters
    ----------
    name
        An IANA timezone name such as ``"Europe/Stockholm"`` or ``"Asia/Kathmandu"``.

    Returns
    -------
    zoneinfo.ZoneInfo
        The zone, from the ``tzdata`` package unless the process configured another search path.

    Raises
    ------
    UnknownTimezone
        If `name` is not a timezone name known to the database.

    Examples
    --------
    >>> timezone("Asia/Kathmandu").utcoffset(dt.datetime(2026, 1, 1))
    datetime.timedelta(seconds=20700)
    """
    validate_timezone(name)
    return zoneinfo.ZoneInfo(name)


def validate_timezone(name: object, field: str = "timezone") -> str:
    """Check that `name` is a known IANA timezone name and return it.

    Parameters
    ----------
    name
        The value to check.
    field
        The field name used in the error message.

    Returns
    -------
    str
        `name`, unchanged.

    Raises
    ------
    WrongType
        If `name` is not a string.
    UnknownTimezone
        If it is not a known zone; its ``suggestion`` is the nearest zone name, if one is near. Abbreviations
        such as ``"CET"`` that the database keeps only for compatibility are accepted, but fixed offsets like
        ``"+02:00"`` are not: a member lives in a place, not an offset.
    """
    if not isinstance(name, str):
        raise WrongType(field, name, _TZ_EXPECTED)
    if not _TZ_SHAPE.match(name) or name.lower() == "localtime":
        raise UnknownTimezone(field, name, _TZ_EXPECTED, suggestion=suggest(name, timezone_names()))
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimezone(field, name, _TZ_EXPECTED, suggestion=suggest(name, timezone_names())) from None
    return name


def require_aware(value: object, field: str) -> dt.datetime:
    """Check that `value` is a timezone-aware :class:`datetime.datetime` and return it.

    Parameters
    ----------
    value
        The value to check.
    field
        The field name used in the error message.

    Returns
    -------
    datetime.datetime
        `value`, unchanged.

    Raises
    ------
    WrongType
        If `value` is not a datetime.
    NaiveDatetime
        If it has no timezone (teamcore never assumes the machine's).

    Examples
    --------
    >>> require_aware(dt.datetime(2026, 1, 5, 9), "now")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.NaiveDatetime: now: expected an aware datetime (with a timezone), got ...
    """
    if not isinstance(value, dt.datetime):
        raise WrongType(field, value, "an aware datetime")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetime(field, value, "an aware datetime (with a timezone)")
    return value


def as_utc(value: object, field: str) -> dt.datetime:
    """Return the aware datetime `value` as the same instant in UTC.

    Comparing instants in UTC avoids PEP 495's surprise that two aware datetimes for the same instant compare
    unequal when one lies in a repeated hour.

    Raises
    ------
    WrongType, NaiveDatetime
        As :func:`require_aware`.
    OutOfRange
        For an instant whose UTC time lies beyond year 9999 or before year 1 (``9999-12-31T23:00-12:00``).
    """
    aware = require_aware(value, field)
    try:
        return aware.astimezone(UTC)
    except OverflowError:
        raise OutOfRange(field, value, "an instant between years 1 and 9999 in UTC") from None


def local_to_utc(
    day: dt.date,
    time: dt.time,
    zone: zoneinfo.ZoneInfo,
    disambiguate: Disambiguate = "compatible",
) -> dt.datetime:
    """Return the UTC instant at which wall-clock `time` on `day` happens in `zone`.

    Parameters
    ----------
    day, time
        The local date and wall-clock time (``time`` must be naive).
    zone
        The zone.
    disambiguate
        How to resolve a time that falls in a DST gap or fold; see :data:`Disambiguate`.

    Returns
    -------
    datetime.datetime
        An aware datetime in UTC.

    Raises
    ------
    InvalidValue
        If `disambiguate` is not one of the documented rules.
    NonexistentTime, AmbiguousTime
        With ``disambiguate="raise"``, for a time in a gap or a fold.

    Examples
    --------
    >>> sthlm = timezone("Europe/Stockholm")
    >>> local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30), sthlm).isoformat()  # gap: moved forward
    '2026-03-29T01:30:00+00:00'
    >>> ny = timezone("America/New_York")
    >>> local_to_utc(dt.date(2026, 11, 1), dt.time(1, 30), ny).isoformat()  # fold: earlier occurrence
    '2026-11-01T05:30:00+00:00'
    >>> local_to_utc(dt.date(2026, 11, 1), dt.time(1, 30), ny, "later").isoformat()
    '2026-11-01T06:30:00+00:00'
    """
    if disambiguate not in _DISAMBIGUATE:
        raise InvalidValue("disambiguate", disambiguate, f"one of {sorted(_DISAMBIGUATE)}")
    naive = dt.datetime.combine(day, time.replace(tzinfo=None))
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return first
    earlier, later = min(first, second), max(first, second)
    exists = first.astimezone(zone).replace(tzinfo=None) == naive
    if disambiguate == "raise":
        if exists:
            raise AmbiguousTime(f"{naive.isoformat()} happens twice in {zone.key}: at {earlier} and at {later}")
        raise NonexistentTime(f"{naive.isoformat()} does not exist in {zone.key} (clocks skip it)")
    if disambiguate == "earlier":
        return earlier
    if disambiguate == "later":
        return later
    # The compatible rule takes the earlier occurrence in a fold; in a gap it reads the time with the offset in
    # force before the gap, which is the later instant (the time is moved forward by the length of the gap).
    return earlier if exists else later


_INSTANT_EXPECTED: Final = "an ISO 8601 date-time with an offset such as '2026-11-25T09:00+01:00'"
# The year of an extended-form date ("2026-11-25", "2026-W48-3", "2026-333"), including ISO's expanded years.
_YEAR: Final = re.compile(r"^\s*([+-]?\d+)-")
_PARSE_ERRORS: Final = (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError)


def parse_instant(text: object, field: str = "now") -> dt.datetime:
    """Parse an ISO 8601 date-time that carries an offset (``Z`` or ``+02:00``) into a UTC instant.

    Parameters
    ----------
    text
        For example ``"2026-11-25T09:00+01:00"`` or ``"2026-11-25T08:00Z"``. Week dates
        (``"2026-W48-3T09:00Z"``) are accepted too. Years run from 0001 to 9999, and the instant must lie in that
        range in UTC as well (``"0001-01-01T00:00+01:00"`` is in year 0 in UTC, and is refused).
    field
        The field name used in error messages: the command-line flag (``"--now"``) or the file's column.

    Returns
    -------
    datetime.datetime
        The instant, in UTC.

    Raises
    ------
    WrongType
        If `text` is not a string.
    InvalidValue
        If it is not an ISO 8601 date-time (a date, a duration, an interval or anything else).
    OutOfRange
        If its year, or the year of the instant in UTC, is outside 0001 to 9999.
    NaiveDatetime
        If it has no offset: teamcore never assumes the machine's timezone.

    Examples
    --------
    >>> parse_instant("2026-11-25T09:00+01:00").isoformat()
    '2026-11-25T08:00:00+00:00'
    >>> parse_instant("P1000000000D", "--now")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: --now: expected an ISO 8601 date-time (a date and a time), not a date or ...
    >>> parse_instant("9999-12-31T23:59:59-12:00", "--now")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OutOfRange: --now: expected an instant from 0001-01-01T00:00Z to 9999-12-31T23:59:59Z ...
    """
    if not isinstance(text, str):
        raise WrongType(field, text, "an ISO 8601 date-time string with an offset")
    year = _YEAR.match(text)
    # Digits are compared as text: int() refuses strings of more than 4,300 digits with a ValueError of its own.
    if year is not None and (year.group(1).startswith("-") or len(year.group(1).lstrip("+0")) not in {1, 2, 3, 4}):
        raise OutOfRange(field, text, "an ISO 8601 date-time with a year from 0001 to 9999")
    if text.lstrip()[:1] in {"P", "p", "R", "r"}:  # a duration or a repeating interval: say so, do not compute it
        raise InvalidValue(field, text, "an ISO 8601 date-time (a date and a time), not a date or duration")
    if "/" in text:  # an ISO 8601 interval: pendulum parses it, and may fail with TypeError doing so
        raise InvalidValue(field, text, "an ISO 8601 date-time (one instant), not an interval")
    try:
        parsed = pendulum.parse(text, tz=None, strict=True)
    except _PARSE_ERRORS:
        raise InvalidValue(field, text, _INSTANT_EXPECTED) from None
    if not isinstance(parsed, dt.datetime) or not ("T" in text.upper() or " " in text.strip()):
        raise InvalidValue(field, text, "an ISO 8601 date-time (a date and a time), not a date or duration")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise NaiveDatetime(field, text, "a date-time with an offset such as 'Z' or '+01:00'")
    try:
        utc = parsed.astimezone(UTC)
    except (OverflowError, ValueError):  # near the ends of the range the offset carries it past year 1 or 9999
        raise OutOfRange(field, text, "an instant from 0001-01-01T00:00Z to 9999-12-31T23:59:59Z in UTC") from None
    return dt.datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tzinfo=UTC)


def parse_duration(text: object, field: str) -> dt.timedelta:
    """Parse an ISO 8601 duration of days, hours and minutes (``"P90D"``, ``"PT36H"``) into a timedelta.

    Years and months are refused: their length depends on where they start.

    Raises
    ------
    WrongType
        If `text` is not a string.
    InvalidValue
        If it is not such a duration, or uses years or months, or is negative.
    OutOfRange
        If it is longer than a :class:`datetime.timedelta` holds (``"P1000000000D"``).

    Examples
    --------
    >>> parse_duration("P3DT4H", "onboarding")
    datetime.timedelta(days=3, seconds=14400)
    """
    if not isinstance(text, str):
        raise WrongType(field, text, "an ISO 8601 duration string such as 'P90D'")
    expected = "an ISO 8601 duration in weeks, days, hours or minutes such as 'P90D' or 'PT36H'"
    try:
        parsed = pendulum.parse(text, strict=True)
    except _PARSE_ERRORS:  # OverflowError: more days than a timedelta holds ("P1000000000D")
        raise InvalidValue(field, text, expected) from None
    except OverflowError:  # "P1000000000D": more days than a timedelta holds
        raise OutOfRange(field, text, "a duration of at most 999,999,999 days") from None
    if not isinstance(parsed, pendulum.Duration) or parsed.years or parsed.months:
        raise InvalidValue(field, text, expected)
    try:
        delta = dt.timedelta(seconds=parsed.total_seconds())
    except OverflowError:
        raise InvalidValue(field, text, expected) from None
    if delta < dt.timedelta(0):
        raise InvalidValue(field, text, expected)
    return delta
