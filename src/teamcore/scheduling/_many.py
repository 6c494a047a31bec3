"""Working intervals of many members at once: the calendar rules of :mod:`teamcore.scheduling._calendar`, vectorised.

A large organisation has thousands of members but only a few dozen (weekly hours, timezone) patterns. Each
pattern's shifts over the date range are made once (:func:`~teamcore.scheduling._calendar._pattern`, cached),
and each member keeps the shifts whose start day is one of their working days: one boolean matrix of days off
(members × days: public holidays per country, closed days, time off) picks them for a whole group in numpy.

Picking shifts from a pattern gives exactly the member's :class:`IntervalSet` only when the pattern's shifts are
already sorted, disjoint and apart (no two touch): then no subset needs merging. A pattern whose shifts touch or
overlap (``22:00-06:00`` then ``06:00-14:00``) goes through :class:`BusinessCalendar` member by member, which
merges them. Both paths give the same sets; a property test checks them against a plain per-day loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np

from teamcore._time import Disambiguate
from teamcore._zones import DAY
from teamcore.people import ClosedDay, Member, Team, WeeklyHours
from teamcore.scheduling._calendar import (
    BusinessCalendar,
    _holiday_numbers,
    _pattern,
    day_number,
    team_closed_days,
)
from teamcore.scheduling._intervals import Int64Array

__all__ = ["MemberIntervals", "many_intervals"]

_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_NO_HOURS: Final = WeeklyHours.parse({})

MemberIntervals = tuple[Int64Array, Int64Array, Int64Array]
"""Flat ``(starts, ends, bounds)``: member ``k``'s canonical intervals are ``starts[bounds[k]:bounds[k + 1]]``."""


def _apart(starts: Int64Array, ends: Int64Array) -> bool:
    """Whether the non-empty intervals are sorted by start and no two touch or overlap."""
    keep = ends > starts
    s, e = starts[keep], ends[keep]
    return bool((s[1:] > e[:-1]).all())


def _days_off(
    members: Sequence[Member],
    teams: Iterable[Team],
    closed: Sequence[dt.date],
    first: int,
    last: int,
) -> np.ndarray[tuple[int, int], np.dtype[np.bool_]]:
    """Members × local days ``[first, last)``: True where the member does not work (weekends aside)."""
    n, width = len(members), last - first
    off = np.zeros((n, width), bool)
    index = {m.id: k for k, m in enumerate(members)}
    lo_year = dt.date.fromordinal(first + _EPOCH_ORDINAL).year
    hi_year = dt.date.fromordinal(last - 1 + _EPOCH_ORDINAL).year
    by_place: dict[tuple[str, str | None], list[int]] = {}
    for k, m in enumerate(members):
        if m.country is not None:
            by_place.setdefault((m.country, m.subdivision), []).append(k)
        for item in m.time_off:
            a, b = max(day_number(item.start), first), min(day_number(item.end) + 1, last)
            if a < b:
                off[k, a - first : b - first] = True
    for (country, subdivision), rows in by_place.items():
        days = _holiday_numbers(country, subdivision, lo_year, hi_year)
        cols = days[(days >= first) & (days < last)] - first
        if cols.size:
            off[np.ix_(np.array(rows), cols)] = True
    extra = np.array([day_number(d) for d in closed], np.int64)
    extra = extra[(extra >= first) & (extra < last)] - first
    off[:, extra] = True
    for team in teams:
        cols = np.array([day_number(d.date) for d in team.closed_days], np.int64)
        cols = cols[(cols >= first) & (cols < last)] - first
        rows = [index[i] for i in team.members if i in index]
        if cols.size and rows:
            off[np.ix_(np.array(rows), cols)] = True
    return off


def many_intervals(
    members: Sequence[Member],
    teams: Iterable[Team],
    closed: Sequence[dt.date],
    *,
    lo: int,
    hi: int,
    disambiguate: Disambiguate,
) -> MemberIntervals:
    """Every member's working intervals inside the UTC window ``[lo, hi)``, clipped, as flat arrays.

    The same sets as ``BusinessCalendar.for_member(m, closed_days=...).between_seconds(lo, hi)`` for each member
    (`closed` for everyone, `teams`' closed days for their members). Inputs are validated members and dates.
    """
    teams = tuple(teams)
    # The local dates BusinessCalendar.between_seconds looks at: zones span -12..+14 h, shifts run overnight.
    first, last = lo // DAY - 2, hi // DAY + 2
    n = len(members)
    sizes = np.zeros(n, np.int64)
    pieces: list[tuple[Int64Array, Int64Array, Int64Array]] = []  # (owner, starts, ends), owners in runs
    off = _days_off(members, teams, closed, first, last) if n else np.zeros((0, last - first), bool)
    team_days: dict[str, tuple[dt.date, ...]] | None = None
    groups: dict[tuple[WeeklyHours, str], list[int]] = {}
    for k, m in enumerate(members):
        if m.hours:
            groups.setdefault((m.hours, m.timezone), []).append(k)
    for (hours, zone), rows in groups.items():
        days, starts, ends = _pattern(hours, zone, disambiguate, first, last)
        if not _apart(starts, ends):
            team_days = team_days if team_days is not None else team_closed_days(teams)
            for k in rows:
                m = members[k]
                days_off = (*closed, *team_days.get(m.id, ()))
                cal = BusinessCalendar.for_member(m, closed_days=days_off, disambiguate=disambiguate)
                got = cal.between_seconds(lo, hi)
                sizes[k] = len(got)
                pieces.append((np.full(len(got), k, np.int64), got.starts, got.ends))
            continue
        cs, ce = np.maximum(starts, lo), np.minimum(ends, hi)
        inside = ce > cs
        cs, ce, day = cs[inside], ce[inside], days[inside] - first
        keep = ~off[np.array(rows)][:, day]  # group members × the pattern's shifts in the window
        r, c = np.nonzero(keep)
        owner = np.array(rows, np.int64)[r]
        sizes[rows] = keep.sum(axis=1)
        pieces.append((owner, cs[c], ce[c]))
    bounds = np.zeros(n + 1, np.int64)
    np.cumsum(sizes, out=bounds[1:])
    total = int(bounds[-1])
    out_starts, out_ends = np.empty(total, np.int64), np.empty(total, np.int64)
    for owner, s, e in pieces:
        if not owner.size:
            continue
        # Each piece lists its owners in runs, intervals in order within a run: place each run at its member's slot.
        run = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        lengths = np.diff(np.append(run, owner.size))
        rank = np.arange(owner.size) - np.repeat(run, lengths)
        position = bounds[owner] + rank
        out_starts[position], out_ends[position] = s, e
    for array in (out_starts, out_ends, bounds):
        array.setflags(write=False)
    return out_starts, out_ends, bounds


def closed_dates(value: Iterable[dt.date | ClosedDay]) -> tuple[dt.date, ...]:
    """Validated, sorted, distinct closed dates, by the calendar's own rule."""
    return BusinessCalendar(hours=_NO_HOURS, timezone="UTC", closed_days=value).closed_days
