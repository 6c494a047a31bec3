"""Business-hours durations: cumulative open seconds, against a plain model and as properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import WrongType
from teamcore.kpi import business_clock, business_seconds, open_seconds_before
from teamcore.people import WeeklyHours
from teamcore.scheduling import BusinessCalendar, IntervalSet

UTC = dt.UTC


@st.composite
def interval_sets(draw: st.DrawFn) -> IntervalSet:
    points = sorted(draw(st.sets(st.integers(0, 10_000), min_size=0, max_size=20)))
    points = points[: len(points) // 2 * 2]
    return IntervalSet.from_arrays(points[0::2], points[1::2])


def _model(a: int, b: int, intervals: IntervalSet) -> int:
    """Open seconds in [a, b) by walking the intervals one by one (the definition, not the searchsorted)."""
    return sum(max(0, min(b, int(e)) - max(a, int(s))) for s, e in intervals.to_seconds())


class TestBusinessSeconds:
    @settings(max_examples=200)
    @given(interval_sets(), st.integers(-100, 10_100), st.integers(0, 5_000))
    @example(IntervalSet.from_arrays([10], [20]), 15, 0)
    def test_matches_model_and_calendar_bound(self, hours: IntervalSet, a: int, length: int):
        """B(b) − B(a) equals the interval walk, and never exceeds calendar time."""
        b = a + length
        got = int(business_seconds([a], [b], hours)[0])
        assert got == _model(a, b, hours)
        assert 0 <= got <= length

    @settings(max_examples=200)
    @given(interval_sets(), st.integers(-100, 10_100), st.integers(0, 5_000), st.integers(0, 5_000))
    def test_additive_over_split(self, hours: IntervalSet, a: int, x: int, y: int):
        """Splitting a span at any point and summing gives the whole span."""
        b, c = a + x, a + x + y
        whole = business_seconds([a], [c], hours)[0]
        assert whole == business_seconds([a], [b], hours)[0] + business_seconds([b], [c], hours)[0]

    def test_empty_calendar(self):
        """No open hours: every duration is 0."""
        assert business_seconds([0, 5], [10, 50], IntervalSet.empty()).tolist() == [0, 0]

    def test_dst_week(self):
        """A working day across the spring-forward night still has 8 open hours (wall-clock shifts)."""
        cal = BusinessCalendar(hours=WeeklyHours.weekdays(), timezone="Europe/Berlin")
        hours = cal.intervals(dt.date(2026, 3, 27), dt.date(2026, 4, 1))
        mon = dt.datetime(2026, 3, 30, tzinfo=UTC).timestamp()
        assert business_seconds([mon], [mon + 86_400], hours).tolist() == [8 * 3600]

    def test_clock_rejects_non_sets(self):
        """Calendars must be IntervalSets."""
        with pytest.raises(WrongType, match="calendars"):
            business_clock(pl.DataFrame({"t": []}), instant="t", team="team", calendars={"a": [1, 2]}, out="b")  # type: ignore[dict-item]

    def test_open_before_is_monotone(self):
        """B never decreases."""
        hours = IntervalSet.from_arrays([0, 100, 300], [50, 200, 301])
        values = open_seconds_before(np.arange(-10, 400), hours)
        assert (np.diff(values) >= 0).all()
