"""Tests for IntervalSet: canonical form, set operations against a model of covered seconds, conversions."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamcore.exceptions import InvalidInterval, InvalidValue, NaiveDatetime, UnknownTimezone, WrongType
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


NAIVE = dt.datetime(2026, 3, 9)


class TestIntervalSetContracts:
    """Findings of mutation testing (docs/mutation.md): what the first tests did not pin down."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            # a string is not an iterable of pairs
            (
                lambda: IntervalSet.from_pairs("2026"),
                WrongType,
                "pairs",
                "2026",
                "an iterable of (start, end) aware datetimes",
            ),
            # the second pair is one datetime: the message says which pair
            (
                lambda: IntervalSet.from_pairs([(T0, T0), (T0,)]),
                WrongType,
                "pairs[1]",
                (T0,),
                "a (start, end) pair of aware datetimes",
            ),
            # a naive start, and a naive end, are named by their place
            (lambda: IntervalSet.from_pairs([(T0, T0), (NAIVE, T0)]), NaiveDatetime, "pairs[1].start", NAIVE, None),
            (lambda: IntervalSet.from_pairs([(T0, NAIVE)]), NaiveDatetime, "pairs[0].end", NAIVE, None),
            # every operand of union_of must be a set
            (lambda: IntervalSet.union_of([IntervalSet.empty(), "x"]), WrongType, "sets", "x", "an IntervalSet"),
            # the other operand of a set operation
            (lambda: IntervalSet.empty().union("x"), WrongType, "other", "x", "an IntervalSet"),
            (lambda: IntervalSet.empty().intersection(0), WrongType, "other", 0, "an IntervalSet"),
            (lambda: IntervalSet.empty().difference(None), WrongType, "other", None, "an IntervalSet"),
            # clip's bounds and contains' instant
            (lambda: IntervalSet.empty().clip(NAIVE, T0), NaiveDatetime, "start", NAIVE, None),
            (lambda: IntervalSet.empty().clip(T0, NAIVE), NaiveDatetime, "end", NAIVE, None),
            (lambda: IntervalSet.empty().contains(NAIVE), NaiveDatetime, "instant", NAIVE, None),
        ],
    )
    def test_errors_name_the_field_the_value_and_the_expectation(self, call, error, field, value, expected):
        """Every refusal names the field, carries the value received and says what was expected."""
        with pytest.raises(error) as caught:
            call()
        assert caught.value.field == field
        assert caught.value.value == value
        if expected is not None:
            assert caught.value.expected == expected

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            # more starts than ends, to the constructor and to from_arrays
            (lambda: IntervalSet([0, 1], [5]), InvalidValue, "ends", "1 ends for 2 starts", "as many ends as starts"),
            (
                lambda: IntervalSet.from_arrays([0, 1], [5]),
                InvalidValue,
                "ends",
                "1 ends for 2 starts",
                "as many ends as starts",
            ),
            # the second interval is empty: it is named, with its bounds
            (
                lambda: IntervalSet([0, 10], [5, 10]),
                InvalidInterval,
                "intervals[1]",
                (10, 10),
                "an end after the start",
            ),
            # the third interval overlaps the second (not the first): the message names the end it must start after
            (
                lambda: IntervalSet([0, 10, 20], [5, 25, 30]),
                InvalidInterval,
                "intervals[2]",
                (20, 30),
                "sorted, disjoint, merged intervals (starting after 25); use IntervalSet.from_arrays",
            ),
            # arrays that are not integer sequences, each named by its own field
            (
                lambda: IntervalSet(["a"], [1]),
                WrongType,
                "starts",
                ["a"],
                "a one-dimensional sequence of integer epoch seconds",
            ),
            (
                lambda: IntervalSet([0], [[1]]),
                WrongType,
                "ends",
                [[1]],
                "a one-dimensional sequence of integer epoch seconds",
            ),
            (lambda: IntervalSet.from_arrays(["a"], [1]), WrongType, "starts", ["a"], None),
            (lambda: IntervalSet.from_arrays([0], ["b"]), WrongType, "ends", ["b"], None),
            (lambda: IntervalSet.from_arrays([[0]], [1]), WrongType, "starts", [[0]], None),
            (lambda: IntervalSet.from_arrays([0], [[1]]), WrongType, "ends", [[1]], None),
        ],
    )
    def test_canonical_form_errors_name_the_interval(self, call, error, field, value, expected):
        """Refusals of the constructor and of from_arrays name the field or interval, its value and the rule."""
        with pytest.raises(error) as caught:
            call()
        assert caught.value.field == field
        assert caught.value.value == value
        if expected is not None:
            assert caught.value.expected == expected

    def test_the_set_owns_its_arrays(self):
        """The caller's int64 array is copied: changing it later changes nothing, and it stays writable."""
        starts, ends = np.array([0, 20], np.int64), np.array([10, 30], np.int64)
        s = IntervalSet(starts, ends)
        starts[0] = 5
        assert s.to_seconds() == [(0, 10), (20, 30)]
        assert starts.flags.writeable

    def test_instants_are_whole_seconds_towards_the_past(self):
        """Sub-second parts are dropped by flooring, before 1970 too (not by truncating towards zero)."""
        epoch = dt.datetime(1970, 1, 1, tzinfo=UTC)
        s = IntervalSet.from_pairs([(epoch - dt.timedelta(seconds=0.5), epoch + dt.timedelta(seconds=1.5))])
        assert s.to_seconds() == [(-1, 1)]

    def test_clip_drops_intervals_that_only_touch_the_window(self):
        """An interval ending where the window starts contributes nothing (and no empty interval)."""
        assert build([(0, 10), (20, 30)]).clip_seconds(10, 25).to_seconds() == [(20, 25)]
        assert build([(0, 10), (20, 30)]).clip_seconds(5, 20).to_seconds() == [(5, 10)]

    def test_repr_shows_the_first_three_intervals_and_the_count(self):
        """repr lists up to three intervals in ISO form, then how many there are in all."""
        three = build([(0, 1), (2, 3), (4, 5)])
        assert repr(three) == (
            "IntervalSet([1970-01-01T00:00:00+00:00..1970-01-01T00:00:01+00:00, "
            "1970-01-01T00:00:02+00:00..1970-01-01T00:00:03+00:00, "
            "1970-01-01T00:00:04+00:00..1970-01-01T00:00:05+00:00])"
        )
        four = build([(0, 1), (2, 3), (4, 5), (6, 7)])
        assert repr(four).endswith("1970-01-01T00:00:05+00:00, ... (4 intervals)])")
        assert repr(IntervalSet.empty()) == "IntervalSet([])"
