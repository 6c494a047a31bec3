"""Sets of half-open UTC intervals stored as numpy arrays of epoch seconds.

Every schedule in teamcore ends up as an :class:`IntervalSet`: sorted, disjoint, merged ``[start, end)`` intervals in
UTC. Set operations run as one vectorised sweep over the boundaries of both operands, so they cost
``O((n + m) log(n + m))`` in numpy rather than a Python loop per interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._time import UTC, as_utc, timezone
from teamcore.exceptions import InvalidInterval, InvalidValue, WrongType

__all__ = ["IntervalSet", "epoch_seconds", "from_epoch"]

Int64Array = npt.NDArray[np.int64]

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=UTC)


def epoch_seconds(value: object, field: str) -> int:
    """Return the aware datetime `value` as whole seconds since 1970-01-01T00:00Z (sub-second parts dropped).

    Raises
    ------
    WrongType, NaiveDatetime
        If `value` is not an aware datetime.

    Examples
    --------
    >>> epoch_seconds(dt.datetime(1970, 1, 1, 1, tzinfo=UTC), "start")
    3600
    """
    return (as_utc(value, field) - _EPOCH) // dt.timedelta(seconds=1)


def from_epoch(seconds: int | np.int64) -> dt.datetime:
    """Return the UTC datetime `seconds` after 1970-01-01T00:00Z.

    Examples
    --------
    >>> from_epoch(3600).isoformat()
    '1970-01-01T01:00:00+00:00'
    """
    return _EPOCH + dt.timedelta(seconds=int(seconds))


def _readonly(values: object, field: str) -> Int64Array:
    try:
        array = np.array(values, dtype=np.int64, copy=True)
    except (TypeError, ValueError, OverflowError):
        raise WrongType(field, values, "a one-dimensional sequence of integer epoch seconds") from None
    if array.ndim != 1:
        raise WrongType(field, values, "a one-dimensional sequence of integer epoch seconds")
    array.setflags(write=False)
    return array


def _check_canonical(instance: IntervalSet, _attribute: object, _value: object) -> None:
    starts, ends = instance.starts, instance.ends
    if starts.shape != ends.shape:
        raise InvalidValue("ends", f"{ends.size} ends for {starts.size} starts", "as many ends as starts")
    if starts.size == 0:
        return
    if (ends <= starts).any():
        i = int(np.flatnonzero(ends <= starts)[0])
        raise InvalidInterval(f"intervals[{i}]", (int(starts[i]), int(ends[i])), "an end after the start")
    # Merged and sorted: each interval starts strictly after the previous one ends (touching ones are merged).
    if (starts[1:] <= ends[:-1]).any():
        i = int(np.flatnonzero(starts[1:] <= ends[:-1])[0]) + 1
        raise InvalidInterval(
            f"intervals[{i}]",
            (int(starts[i]), int(ends[i])),
            f"sorted, disjoint, merged intervals (starting after {int(ends[i - 1])}); use IntervalSet.from_arrays",
        )


def _normalise(starts: Int64Array, ends: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Sort, drop empty intervals and merge overlapping or touching ones, all in numpy."""
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    if starts.size == 0:
        return starts, ends
    if (starts[1:] < starts[:-1]).any():
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    # A new merged interval begins where a start lies beyond everything reached so far.
    first = np.empty(starts.size, dtype=bool)
    first[0] = True
    first[1:] = starts[1:] > reach[:-1]
    begin = np.flatnonzero(first)
    last = np.append(begin[1:] - 1, starts.size - 1)
    return starts[begin], reach[last]


def _sweep(a: IntervalSet, b: IntervalSet, keep: Int64Array) -> IntervalSet:
    """Combine two sets: `keep[code]` says whether a piece covered by ``1*(in a) + 2*(in b) = code`` is kept."""
    positions = np.concatenate((a.starts, a.ends, b.starts, b.ends))
    if positions.size == 0:
        return IntervalSet.empty()
    deltas = np.concatenate(
        (
            np.ones(a.starts.size, np.int64),
            -np.ones(a.ends.size, np.int64),
            np.full(b.starts.size, 2, np.int64),
            np.full(b.ends.size, -2, np.int64),
        )
    )
    unique, inverse = np.unique(positions, return_inverse=True)
    code = np.cumsum(np.bincount(inverse, weights=deltas, minlength=unique.size).astype(np.int64))
    mask = keep[code[:-1]].astype(bool)
    return IntervalSet.from_arrays(unique[:-1][mask], unique[1:][mask])


_UNION: Final = np.array([0, 1, 1, 1], dtype=np.int64)
_INTERSECTION: Final = np.array([0, 0, 0, 1], dtype=np.int64)
_DIFFERENCE: Final = np.array([0, 1, 0, 0], dtype=np.int64)


def _starts(values: npt.ArrayLike) -> Int64Array:
    return _readonly(values, "starts")


def _ends(values: npt.ArrayLike) -> Int64Array:
    return _readonly(values, "ends")


def _array_eq(a: Int64Array, b: Int64Array) -> bool:
    return bool(np.array_equal(a, b))


@attrs.frozen
class IntervalSet:
    """Sorted, disjoint, merged half-open ``[start, end)`` intervals in UTC, as epoch seconds.

    The two arrays are read-only ``int64`` numpy arrays of seconds since 1970-01-01T00:00Z. The constructor checks
    the canonical form (every end after its start, each start after the previous end); build from arbitrary
    intervals with :meth:`from_arrays` or :meth:`from_pairs`, which sort and merge.

    Parameters
    ----------
    starts, ends
        Epoch seconds, same length.

    Raises
    ------
    InvalidInterval
        If the intervals are not in canonical form.
    WrongType
        If the arrays are not one-dimensional integer sequences.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> day = IntervalSet.from_pairs([
    ...     (datetime(2026, 3, 9, 13, tzinfo=UTC), datetime(2026, 3, 9, 21, tzinfo=UTC)),
    ...     (datetime(2026, 3, 9, 9, tzinfo=UTC), datetime(2026, 3, 9, 14, tzinfo=UTC)),
    ... ])
    >>> len(day), day.total_seconds() / 3600
    (1, 12.0)
    >>> other = IntervalSet.from_pairs([(datetime(2026, 3, 9, 16, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC))])
    >>> [(s.hour, e.hour) for s, e in day.intersection(other)]
    [(16, 21)]
    >>> [(s.hour, e.hour) for s, e in day.difference(other)]
    [(9, 16)]
    """

    starts: Int64Array = attrs.field(converter=_starts, eq=attrs.cmp_using(eq=_array_eq), hash=False)
    ends: Int64Array = attrs.field(
        converter=_ends,
        eq=attrs.cmp_using(eq=_array_eq),
        hash=False,
        validator=_check_canonical,
    )

    @classmethod
    def empty(cls) -> IntervalSet:
        """The empty set."""
        return cls(np.empty(0, np.int64), np.empty(0, np.int64))

    @classmethod
    def from_arrays(cls, starts: npt.ArrayLike, ends: npt.ArrayLike) -> IntervalSet:
        """Build a set from any intervals given as epoch seconds: sorted, merged, empty ones dropped.

        Examples
        --------
        >>> IntervalSet.from_arrays([50, 0, 10, 70], [60, 10, 20, 70]).to_seconds()
        [(0, 20), (50, 60)]
        """
        s, e = _readonly(starts, "starts"), _readonly(ends, "ends")
        if s.shape != e.shape:
            raise InvalidValue("ends", f"{e.size} ends for {s.size} starts", "as many ends as starts")
        return cls(*_normalise(s, e))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[dt.datetime, dt.datetime]]) -> IntervalSet:
        """Build a set from ``(start, end)`` pairs of aware datetimes (any zone; converted to UTC instants).

        Pairs whose end is not after their start contribute nothing.

        Raises
        ------
        WrongType, NaiveDatetime
            If a pair is not two aware datetimes.
        """
        if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
            raise WrongType("pairs", pairs, "an iterable of (start, end) aware datetimes")
        starts: list[int] = []
        ends: list[int] = []
        for i, pair in enumerate(pairs):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise WrongType(f"pairs[{i}]", pair, "a (start, end) pair of aware datetimes")
            starts.append(epoch_seconds(pair[0], f"pairs[{i}].start"))
            ends.append(epoch_seconds(pair[1], f"pairs[{i}].end"))
        return cls.from_arrays(np.array(starts, np.int64), np.array(ends, np.int64))

    @classmethod
    def union_of(cls, sets: Iterable[IntervalSet]) -> IntervalSet:
        """Instants in any of `sets`, in one sort (the empty set for none): a team's hours from its members'.

        Raises
        ------
        WrongType
            If an item is not an IntervalSet.

        Examples
        --------
        >>> a, b = IntervalSet.from_arrays([0, 40], [10, 50]), IntervalSet.from_arrays([5], [20])
        >>> IntervalSet.union_of([a, b]).to_seconds()
        [(0, 20), (40, 50)]
        """
        items = [_check_set(s, "sets") for s in sets]
        if not items:
            return cls.empty()
        return cls.from_arrays(np.concatenate([s.starts for s in items]), np.concatenate([s.ends for s in items]))

    def union(self, other: IntervalSet) -> IntervalSet:
        """Instants in either set."""
        return _sweep(self, _check_set(other), _UNION)

    def intersection(self, other: IntervalSet) -> IntervalSet:
        """Instants in both sets."""
        return _sweep(self, _check_set(other), _INTERSECTION)

    def difference(self, other: IntervalSet) -> IntervalSet:
        """Instants in this set and not in `other`."""
        return _sweep(self, _check_set(other), _DIFFERENCE)

    __or__ = union
    __and__ = intersection
    __sub__ = difference

    def clip(self, start: dt.datetime, end: dt.datetime) -> IntervalSet:
        """The part of the set inside ``[start, end)`` (aware datetimes); empty if `end` is not after `start`."""
        lo, hi = epoch_seconds(start, "start"), epoch_seconds(end, "end")
        if hi <= lo:
            return IntervalSet.empty()
        return self.clip_seconds(lo, hi)

    def clip_seconds(self, lo: int, hi: int) -> IntervalSet:
        """As :meth:`clip`, with epoch seconds."""
        if self.starts.size == 0 or (int(self.starts[0]) >= lo and int(self.ends[-1]) <= hi):
            return self
        starts, ends = np.maximum(self.starts, lo), np.minimum(self.ends, hi)
        keep = ends > starts
        return IntervalSet(starts[keep], ends[keep])

    def total_seconds(self) -> int:
        """Total length in seconds (real elapsed time: a shift over a 25-hour night counts 25 hours)."""
        return int((self.ends - self.starts).sum())

    def contains(self, instant: dt.datetime) -> bool:
        """Whether the aware `instant` lies in the set (starts included, ends excluded)."""
        t = epoch_seconds(instant, "instant")
        i = int(np.searchsorted(self.starts, t, side="right")) - 1
        return i >= 0 and t < int(self.ends[i])

    def to_seconds(self) -> list[tuple[int, int]]:
        """The intervals as ``(start, end)`` epoch seconds."""
        return list(zip(self.starts.tolist(), self.ends.tolist(), strict=True))

    def to_pairs(self, tz: str | None = None) -> list[tuple[dt.datetime, dt.datetime]]:
        """The intervals as ``(start, end)`` aware datetimes: UTC, or local time in IANA zone `tz` for presentation.

        Raises
        ------
        UnknownTimezone
            If `tz` is not a known zone.

        Examples
        --------
        >>> from datetime import datetime, UTC
        >>> saturday_night = (datetime(2026, 3, 28, 21, tzinfo=UTC), datetime(2026, 3, 29, 4, tzinfo=UTC))
        >>> night = IntervalSet.from_pairs([saturday_night])
        >>> [(s.isoformat(), e.isoformat()) for s, e in night.to_pairs("Europe/Stockholm")]
        [('2026-03-28T22:00:00+01:00', '2026-03-29T06:00:00+02:00')]
        """
        if tz is None:
            return list(self)
        zone = timezone(tz)
        return [(s.astimezone(zone), e.astimezone(zone)) for s, e in self]

    def __len__(self) -> int:
        return int(self.starts.size)

    def __iter__(self) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        for start, end in zip(self.starts.tolist(), self.ends.tolist(), strict=True):
            yield from_epoch(start), from_epoch(end)

    def __repr__(self) -> str:
        shown = ", ".join(f"{s.isoformat()}..{e.isoformat()}" for s, e in list(self)[:3])
        more = f", ... ({len(self)} intervals)" if len(self) > 3 else ""
        return f"IntervalSet([{shown}{more}])"


def _check_set(value: object, field: str = "other") -> IntervalSet:
    if not isinstance(value, IntervalSet):
        raise WrongType(field, value, "an IntervalSet")
    return value
