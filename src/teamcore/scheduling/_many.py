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
from collections.abc import Callable, Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

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

__all__ = ["Flat", "MemberIntervals", "closed_dates", "many_intervals", "whole_slots"]

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


def whole_slots(starts: Int64Array, ends: Int64Array, lo: int, width: int) -> tuple[Int64Array, Int64Array]:
    """The first whole slot of each interval on the grid from `lo` by `width`, and the slot after its last whole one.

    An interval covers a slot only for the whole of it: ``last > first`` says it covers any.
    """
    return -((lo - starts) // width), (ends - lo) // width


class Flat:
    """Every member's canonical intervals as flat arrays ``(starts, ends, bounds)``, made once on first use.

    Member ``k``'s intervals are ``starts[bounds[k]:bounds[k + 1]]``. Counting does not need them, so
    :func:`coverage` defers them until a method asks (``members_at``, ``handoffs``, ``intervals``).
    """

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], MemberIntervals]) -> None:
        self._make: Callable[[], MemberIntervals] | None = make
        self._value: MemberIntervals | None = None

    @classmethod
    def now(cls, value: MemberIntervals) -> Flat:
        """Arrays already made."""
        flat = cls(lambda: value)
        flat._value, flat._make = value, None
        return flat

    def get(self) -> MemberIntervals:
        """The arrays (made on the first call)."""
        if self._value is None:
            assert self._make is not None
            self._value, self._make = self._make(), None
        return self._value

    @staticmethod
    def same(a: Flat, b: Flat) -> bool:
        """Whether two hold the same intervals."""
        return all(np.array_equal(x, y) for x, y in zip(a.get(), b.get(), strict=True))


def many_intervals(
    members: Sequence[Member],
    teams: Iterable[Team],
    closed: Sequence[dt.date],
    *,
    lo: int,
    hi: int,
    width: int,
    disambiguate: Disambiguate,
) -> tuple[Int64Array, Flat]:
    """Members working for the whole of each slot of the grid ``lo, lo + width, ..., hi``, and their intervals.

    The intervals are, per member, ``BusinessCalendar.for_member(m, closed_days=...).between_seconds(lo, hi)``
    (`closed` for everyone, `teams`' closed days for their members); inputs are validated members and dates. The
    counts are made per pattern: each shift of a group's pattern counts once per member of the group, less once per
    member who has that day off, so the work grows with patterns and days off, not members × shifts.
    """
    teams = tuple(teams)
    slots = (hi - lo) // width
    # The local dates BusinessCalendar.between_seconds looks at: zones span -12..+14 h, shifts run overnight.
    first, last = lo // DAY - 2, hi // DAY + 2
    n = len(members)
    off = _days_off(members, teams, closed, first, last) if n else np.zeros((0, last - first), bool)
    groups: dict[tuple[WeeklyHours, str], list[int]] = {}
    for k, m in enumerate(members):
        if m.hours:
            groups.setdefault((m.hours, m.timezone), []).append(k)
    team_days: dict[str, tuple[dt.date, ...]] | None = None
    picked: list[tuple[Int64Array, Int64Array, Int64Array, np.ndarray[tuple[int, int], np.dtype[np.bool_]]]] = []
    single: list[tuple[int, Int64Array, Int64Array]] = []  # members on the per-member path
    positions: list[Int64Array] = []  # +/- weights at first and after-last whole slots, for one bincount
    weights: list[npt.NDArray[np.float64]] = []
    for (hours, zone), rows in groups.items():
        days, starts, ends = _pattern(hours, zone, disambiguate, first, last)
        if not _apart(starts, ends):
            team_days = team_days if team_days is not None else team_closed_days(teams)
            for k in rows:
                m = members[k]
                days_off = (*closed, *team_days.get(m.id, ()))
                got = BusinessCalendar.for_member(m, closed_days=days_off, disambiguate=disambiguate)
                got_set = got.between_seconds(lo, hi)
                single.append((k, got_set.starts, got_set.ends))
                a, b = whole_slots(got_set.starts, got_set.ends, lo, width)
                counted = b > a
                positions += [a[counted], b[counted]]
                weights += [np.ones(int(counted.sum())), -np.ones(int(counted.sum()))]
            continue
        cs, ce = np.maximum(starts, lo), np.minimum(ends, hi)
        inside = ce > cs
        cs, ce, day = cs[inside], ce[inside], days[inside] - first
        members_rows = np.array(rows, np.int64)
        keep = ~off[members_rows][:, day]  # group members × the pattern's shifts in the window
        picked.append((members_rows, cs, ce, keep))
        a, b = whole_slots(cs, ce, lo, width)
        counted = b > a
        size = float(len(rows))
        positions += [a[counted], b[counted]]
        weights += [np.full(int(counted.sum()), size), np.full(int(counted.sum()), -size)]
        _, dropped = np.nonzero(~keep & counted[None, :])  # a member's day off takes that shift away again
        positions += [a[dropped], b[dropped]]
        weights += [-np.ones(dropped.size), np.ones(dropped.size)]
    if positions:
        diff = np.bincount(np.concatenate(positions), np.concatenate(weights), minlength=slots + 1)
        counts = np.rint(np.cumsum(diff[:slots])).astype(np.int64)
    else:
        counts = np.zeros(slots, np.int64)
    counts.setflags(write=False)
    return counts, Flat(lambda: _flatten(n, picked, single))


def _flatten(
    n: int,
    picked: Sequence[tuple[Int64Array, Int64Array, Int64Array, np.ndarray[tuple[int, int], np.dtype[np.bool_]]]],
    single: Sequence[tuple[int, Int64Array, Int64Array]],
) -> MemberIntervals:
    """The flat arrays of every member's intervals, from each group's picked shifts and the per-member sets."""
    sizes = np.zeros(n, np.int64)
    pieces: list[tuple[Int64Array, Int64Array, Int64Array]] = []  # (owner, starts, ends), owners in runs
    for rows, cs, ce, keep in picked:
        r, c = np.nonzero(keep)
        sizes[rows] = keep.sum(axis=1)
        pieces.append((rows[r], cs[c], ce[c]))
    for k, starts, ends in single:
        sizes[k] = starts.size
        pieces.append((np.full(starts.size, k, np.int64), starts, ends))
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
