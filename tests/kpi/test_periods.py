"""Local days, ISO weeks and months as engine expressions, checked against zoneinfo."""

from __future__ import annotations

import datetime as dt

import narwhals as nw
import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._time import timezone
from teamcore.kpi._periods import period_bounds, period_key, to_date

LO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HI = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def _keys(instants: list[dt.datetime], period: str, tz: str) -> list[dt.date]:
    frame = nw.from_native(pl.DataFrame({"s": [float(t.timestamp()) for t in instants]}))
    out = frame.select(period_key(nw.col("s"), period, tz, LO, HI).alias("k"))  # type: ignore[arg-type]
    return [to_date(int(k)) for k in out["k"].to_list()]


class TestPeriodKeys:
    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.datetimes(min_value=dt.datetime(2026, 1, 2), max_value=dt.datetime(2026, 12, 30)),
            min_size=1,
            max_size=20,
        ),
        tst.timezone_names(),
    )
    @example(
        [dt.datetime(2026, 3, 29, 0, 59), dt.datetime(2026, 3, 29, 1, 0), dt.datetime(2026, 10, 24, 22, 30)],
        "Europe/Oslo",
    )  # around both DST changes
    def test_matches_zoneinfo(self, naive: list[dt.datetime], tz: str):
        """Day, ISO week and month keys equal the local date from zoneinfo, its Monday, and its 1st."""
        instants = [t.replace(tzinfo=dt.UTC) for t in naive]
        local = [t.astimezone(timezone(tz)).date() for t in instants]
        assert _keys(instants, "day", tz) == local
        assert _keys(instants, "week", tz) == [d - dt.timedelta(days=d.weekday()) for d in local]
        assert _keys(instants, "month", tz) == [d.replace(day=1) for d in local]

    def test_bounds_cover_window(self):
        """Period bounds are contiguous, start at local midnights, and end at the window's end."""
        bounds = period_bounds(LO, HI, "month", "Europe/Oslo")
        assert bounds[0][0] == dt.date(2026, 1, 1)
        assert bounds[-1][1] == HI
        assert len(bounds) == 13  # January 2027's first hour in Oslo is still before HI's UTC instant
