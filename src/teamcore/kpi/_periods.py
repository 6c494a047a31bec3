"""Periods in a chosen timezone as integer expressions that every DataFrame engine evaluates the same way.

A row's local day is ``(t + offset(t)) // 86400`` where ``offset`` is the zone's UTC offset at instant ``t``, taken
from the tz database for the years involved and written as a short ``when/then`` chain over its DST changes
(:func:`teamcore._frames.zone_offset`). ISO weeks start on Monday; months on the 1st. A period is labelled by its
first local date.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal, get_args

import narwhals as nw

from teamcore._frames import zone_offset
from teamcore._time import as_utc
from teamcore.exceptions import InvalidValue

__all__ = ["Period", "check_period", "local_day", "period_bounds", "period_key"]

Period = Literal["day", "week", "month"]
"""A reporting period: local day, ISO week (Monday first), or calendar month."""

_DAY: Final = 86_400
_ORDINAL_1970: Final = dt.date(1970, 1, 1).toordinal()


def check_period(value: object, field: str = "period") -> Period | None:
    """Return `value` if it is a :data:`Period` or ``None``; raise :class:`InvalidValue` otherwise."""
    if value is None or value in get_args(Period):
        return value  # type: ignore[return-value]
    raise InvalidValue(field, value, "'day', 'week', 'month' or None")


def _day_of(date: dt.date) -> int:
    return date.toordinal() - _ORDINAL_1970


def _date_of(day: int) -> dt.date:
    return dt.date.fromordinal(day + _ORDINAL_1970)


def local_day(seconds: nw.Expr, tz: str, lo: dt.datetime, hi: dt.datetime) -> nw.Expr:
    """Local day number (days since 1970-01-01 local) of epoch-second instants in ``[lo, hi)`` in zone `tz`."""
    return (seconds + zone_offset(seconds, tz, lo, hi)) // _DAY


def _start(day: int, period: Period | None, first: int) -> int:
    date = _date_of(day)
    if period == "day":
        return day
    if period == "week":
        return day - date.weekday()
    if period == "month":
        return _day_of(date.replace(day=1))
    return first


def period_bounds(
    start: dt.datetime, end: dt.datetime, period: Period | None, tz: str
) -> list[tuple[dt.date, dt.datetime]]:
    """The periods meeting ``[start, end)``: (first local date, UTC instant the period ends, capped at `end`)."""
    from teamcore._time import local_to_utc, timezone  # noqa: PLC0415 - keeps the module's import surface small

    lo, hi = as_utc(start, "start"), as_utc(end, "end")
    zone = timezone(tz)
    first = _day_of(lo.astimezone(zone).date())
    last = _day_of((hi - dt.timedelta(microseconds=1)).astimezone(zone).date())
    out: list[tuple[dt.date, dt.datetime]] = []
    day = first
    while day <= last:
        begin = _start(day, period, first)
        if period is None:
            out.append((_date_of(first), hi))
            break
        date = _date_of(begin)
        if period == "day":
            nxt = date + dt.timedelta(days=1)
        elif period == "week":
            nxt = date + dt.timedelta(days=7)
        else:
            nxt = (date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        stop = min(local_to_utc(nxt, dt.time(0), zone), hi)
        out.append((date, stop))
        day = _day_of(nxt)
    return out


def period_key(seconds: nw.Expr, period: Period | None, tz: str, lo: dt.datetime, hi: dt.datetime) -> nw.Expr:
    """Day number of the first local date of each instant's period (a constant for ``period=None``)."""
    if period is None:
        return nw.lit(
            _day_of(lo.astimezone(dt.UTC).date()) if tz == "UTC" else _day_of(period_bounds(lo, hi, None, tz)[0][0])
        )
    day = local_day(seconds, tz, lo, hi)
    if period == "day":
        return day
    if period == "week":
        return day - (day + 3) % 7  # 1970-01-01 was a Thursday
    starts = [_day_of(d) for d, _ in period_bounds(lo, hi, "month", tz)]
    expr: nw.Expr = nw.lit(starts[0])
    for first in starts[1:]:
        expr = nw.when(day >= first).then(nw.lit(first)).otherwise(expr)
    return expr


def to_date(day: int) -> dt.date:
    """The date of a day number."""
    return _date_of(day)
