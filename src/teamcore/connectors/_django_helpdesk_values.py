"""Parsing django-helpdesk's values as SQLite, PostgreSQL and ``dumpdata`` give them, with errors naming the field.

SQLite gives text timestamps without an offset and 0/1 booleans, PostgreSQL aware datetimes, booleans and
intervals, ``dumpdata`` ISO text and ``"HH:MM:SS"`` durations; each parser accepts all three and raises a
:class:`~teamcore.exceptions.ValidationError` (the adapter turns it into a rejection) for anything else.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from teamcore import _time
from teamcore.connectors._mapping import normal_key
from teamcore.exceptions import InvalidValue, WrongType

__all__ = ["boolean", "code", "duration", "instant", "optional_text", "seconds", "text", "whole"]

_DURATION: Final = re.compile(r"^(?:(?P<days>-?\d+) )?(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)(?:\.(?P<us>\d{1,6}))?$")
"""Django's ``duration_string``: ``[-][D ]HH:MM:SS[.ffffff]`` (how ``dumpdata`` writes a ``DurationField``)."""


def whole(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise WrongType(field, value, "a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise WrongType(field, value, "a whole number")


def code(value: object, field: str) -> object:
    """A status or priority code as its mapping key: a whole number, or text; anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise WrongType(field, value, "a django-helpdesk code (a whole number)")
    return value


def text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WrongType(field, value, "a non-empty text")
    return value


def optional_text(value: object, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return normal_key(value)
    if not isinstance(value, str):
        raise WrongType(field, value, "a text or null")
    return value


def boolean(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in {0, 1}:
        return bool(value)
    raise WrongType(field, value, "a boolean (true/false, or 0/1 in SQLite)")


def instant(value: object, field: str, tz: dt.tzinfo) -> dt.datetime:
    expected = "a timestamp ('2026-11-02 09:00:00', '2026-11-02T09:00:00Z', or a datetime)"
    parsed: dt.datetime | None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    else:
        raise WrongType(field, value, expected)
    if parsed is None:
        raise InvalidValue(field, value, expected)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=tz)
    try:
        return parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise InvalidValue(field, value, "an instant between years 1 and 9999 in UTC") from None


def seconds(value: object, field: str) -> int | None:
    """``time_spent``: SQLite's microseconds, PostgreSQL's interval, or dumpdata's ``[D ]HH:MM:SS[.ffffff]``."""
    if value is None:
        return None
    try:
        total = duration(value, field)
    except OverflowError:
        raise InvalidValue(field, value, "a duration a timedelta holds (under 999999999 days)") from None
    if total < dt.timedelta(0):
        raise InvalidValue(field, value, "a duration that is not negative")
    return int(total.total_seconds())


def duration(value: object, field: str) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.timedelta(microseconds=value)
    if isinstance(value, str) and (match := _DURATION.match(value.strip())):
        return dt.timedelta(
            days=int(match["days"] or 0),
            hours=int(match["h"]),
            minutes=int(match["m"]),
            seconds=int(match["s"]),
            microseconds=int((match["us"] or "0").ljust(6, "0")),
        )
    if isinstance(value, str) and value.strip().upper().startswith("P"):
        return _time.parse_duration(value.strip(), field)
    raise WrongType(field, value, "a duration ('01:30:00', microseconds, or an interval) or null")
