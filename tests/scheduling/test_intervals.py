"""Tests for IntervalSet: canonical form, set operations against a model of covered seconds, conversions."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamcore.exceptions import InvalidInterval, NaiveDatetime, UnknownTimezone, WrongType
from teamcore.scheduling import IntervalSet

T0 = dt.datetime(2026, 3, 9, tzinfo=UTC)

# Small integer intervals: the model is the set of integer points they cover (independent of the sweep).
raw_intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)


def points(pairs: list[tuple[int, int]]) -> set[int]:
    return {t for a, b in pairs for t in range(a, b)}


def build(pairs: list[tuple[int, int]]) -> IntervalSet:
    return IntervalSet.from_arrays([a for a, _ in pairs], [b for _, b in pairs])


class TestIntervalSet:
    def test_from_pairs_merges_overlapping_and_touching(self):
        """Overlapping and touching pairs become one interval; empty pairs vanish."""
        hour = dt.timedelta(hours=1)
        s = IntervalSet.from_pairs([(T0, T0 + hour), (T0 + hour, T0 + 2 * hour), (T0 + 5 * hour, T0 + 5 * hour)])
        assert s.to_pairs() == [(T0, T0 + 2 * hour)]

    def test_pairs_in_other_zones_are_instants(self):
        """A pair given in Stockholm time is stored as its UTC instants."""
        sthlm = T0.astimezone(dt.timezone(dt.timedelta(hours=1)))
        s = IntervalSet.from_pairs([(sthlm, sthlm + dt.timedelta(hours=1))])
        assert s.to_pairs()[0][0] == T0
        assert s.to_pairs()[0][0].tzinfo is UTC

    def test_arrays_are_read_only(self):
        """The stored arrays cannot be changed in place."""
        s = build([(0, 10)])
        with pytest.raises(ValueError, match="read-only"):
            s.starts[0] = 5

    def test_equality_compares_contents(self):
        """Two sets with the same intervals are equal however they were built."""
        assert build([(0, 5), (5, 10)]) == build([(0, 10)])
        assert build([(0, 5)]) != build([(0, 6)])

    def test_clip_and_contains(self):
        """Clipping keeps the part inside the window; contains is half-open."""
        s = IntervalSet.from_pairs([(T0, T0 + dt.timedelta(hours=8))])
        clipped = s.clip(T0 + dt.timedelta(hours=2), T0 + dt.timedelta(hours=3))
        assert clipped.total_seconds() == 3600
        assert s.contains(T0)
        assert not s.contains(T0 + dt.timedelta(hours=8))
        assert s.clip(T0, T0) == IntervalSet.empty()

    def test_local_pairs_across_dst(self):
        """to_pairs(tz) presents a night over Stockholm's spring-forward in local time with both offsets."""
        night = IntervalSet.from_pairs(
            [(dt.datetime(2026, 3, 28, 21, tzinfo=UTC), dt.datetime(2026, 3, 29, 4, tzinfo=UTC))]
        )
        ((start, end),) = night.to_pairs("Europe/Stockholm")
        assert (start.hour, end.hour) == (22, 6)
        assert start.utcoffset() == dt.timedelta(hours=1)
        assert end.utcoffset() == dt.timedelta(hours=2)

    def test_empty(self):
        """The empty set has no intervals and no length."""
        empty = IntervalSet.empty()
        assert len(empty) == 0
        assert empty.total_seconds() == 0
        assert list(empty) == []
        assert empty.union(empty) == empty

    @pytest.mark.parametrize(
        ("starts", "ends", "error", "match"),
        [
            ([0], [0], InvalidInterval, "an end after the start"),  # empty interval in canonical form
            ([5], [1], InvalidInterval, "an end after the start"),  # reversed
            ([0, 5], [5, 9], InvalidInterval, "merged"),  # touching: must be merged
            ([5, 0], [9, 2], InvalidInterval, "sorted"),  # unsorted
            ([[0]], [[1]], WrongType, "one-dimensional"),  # not a flat array
            (["a"], [1], WrongType, "integer epoch seconds"),  # not numbers
        ],
    )
    def test_constructor_checks_canonical_form(self, starts, ends, error, match):
        """The constructor refuses anything but sorted, disjoint, merged intervals."""
        with pytest.raises(error, match=match):
            IntervalSet(starts, ends)

    @pytest.mark.parametrize(
        ("pairs", "error", "match"),
        [
            ([(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2))], NaiveDatetime, "aware"),  # naive datetimes
            ([(T0,)], WrongType, "pair"),  # not a pair
            ("2026", WrongType, "iterable"),  # a string is not a list of pairs
        ],
    )
    def test_from_pairs_refuses_bad_input(self, pairs, error, match):
        """from_pairs needs pairs of aware datetimes."""
        with pytest.raises(error, match=match):
            IntervalSet.from_pairs(pairs)

    def test_unknown_zone(self):
        """to_pairs with an unknown zone names it."""
        with pytest.raises(UnknownTimezone, match="Mars/Base"):
            build([(0, 1)]).to_pairs("Mars/Base")

    @given(raw_intervals)
    def test_from_arrays_is_canonical_and_covers_the_same_points(self, pairs):
        """Normalising keeps exactly the covered points, in canonical form."""
        s = build(pairs)
        assert points(s.to_seconds()) == points(pairs)
        assert np.all(s.ends > s.starts)
        assert np.all(s.starts[1:] > s.ends[:-1])
        assert s.total_seconds() == len(points(pairs))

    @given(raw_intervals, raw_intervals)
    def test_set_operations_match_the_point_model(self, left, right):
        """Union, intersection and difference cover what the sets of points say."""
        a, b = build(left), build(right)
        assert points(a.union(b).to_seconds()) == points(left) | points(right)
        assert points(a.intersection(b).to_seconds()) == points(left) & points(right)
        assert points(a.difference(b).to_seconds()) == points(left) - points(right)

    @given(st.lists(raw_intervals, max_size=5))
    def test_union_of_matches_the_point_model(self, many):
        """The union of several sets covers the points of any of them (and of none: the empty set)."""
        union = IntervalSet.union_of(build(pairs) for pairs in many)
        assert points(union.to_seconds()) == set().union(*(points(pairs) for pairs in many))

    def test_union_of_refuses_other_items(self):
        """Every item must be an IntervalSet."""
        with pytest.raises(WrongType, match="sets"):
            IntervalSet.union_of([IntervalSet.empty(), [(0, 1)]])  # type: ignore[list-item]

    @given(raw_intervals, st.integers(0, 60), st.integers(0, 60))
    def test_clip_matches_the_point_model(self, pairs, lo, hi):
        """Clipping keeps the points inside [lo, hi)."""
        assert points(build(pairs).clip_seconds(lo, hi).to_seconds()) == {t for t in points(pairs) if lo <= t < hi}
