"""Business-hours durations: cumulative open seconds, against a plain model and as properties."""

from __future__ import annotations

import datetime as dt
import warnings

import narwhals as nw
import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, WrongType
from teamcore.kpi import business_clock, business_deadline, business_seconds, open_seconds_before, team_calendars
from teamcore.people import ClosedDay, Member, Organisation, Team, WeeklyHours
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


class TestBusinessClock:
    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(interval_sets(), min_size=1, max_size=4),
        st.lists(st.tuples(st.integers(-1, 4), st.integers(-200, 10_200)), min_size=1, max_size=30),
        st.booleans(),
    )
    def test_one_axis_equals_each_calendar_alone(self, sets, rows, fallback):
        """Clocking rows of several teams at once gives each row its own calendar's B(t) (None: the fallback)."""
        calendars: dict[str | None, IntervalSet] = {f"t{i}": s for i, s in enumerate(sets)}
        if fallback:
            calendars[None] = sets[0]
        teams = [f"t{k}" if 0 <= k < len(sets) else (None if k < 0 else "other") for k, _t in rows]
        instants = [dt.datetime.fromtimestamp(t, UTC) for _k, t in rows]
        frame = pl.DataFrame(
            {"team": teams, "at": instants}, schema={"team": pl.String, "at": pl.Datetime("us", "UTC")}
        )
        got = business_clock(frame, instant="at", team="team", calendars=calendars, out="b").collect()["b"].to_list()
        for (team, (_k, t)), value in zip(zip(teams, rows, strict=True), got, strict=True):
            chosen = calendars.get(team) if team in calendars else calendars.get(None)
            expected = None if chosen is None else float(open_seconds_before([t], chosen)[0])
            assert value == expected, (team, t)

    def test_instant_before_a_later_calendar_opens(self):
        """An instant before its own calendar's first interval is 0, not the previous calendar's total."""
        calendars = {"a": IntervalSet.from_arrays([0], [100]), "b": IntervalSet.from_arrays([500], [600])}
        frame = pl.DataFrame(
            {"team": ["b", "b", "a"], "at": [dt.datetime.fromtimestamp(t, UTC) for t in (200, 550, 50)]}
        )
        got = business_clock(frame, instant="at", team="team", calendars=calendars, out="b").collect()["b"].to_list()
        assert got == [0.0, 50.0, 50.0]

    def test_several_columns_in_one_pass(self):
        """A mapping clocks several instant columns at once, nulls staying null."""
        calendars = {"a": IntervalSet.from_arrays([0], [100])}
        frame = pl.DataFrame(
            {"team": ["a", "a"], "x": [dt.datetime.fromtimestamp(t, UTC) for t in (10, 200)], "y": [None, None]},
            schema_overrides={"y": pl.Datetime("us", "UTC")},
        )
        out = business_clock(frame, instant={"bx": "x", "by": "y"}, team="team", calendars=calendars).collect()
        assert out["bx"].to_list() == [10.0, 100.0]
        assert out["by"].to_list() == [None, None]

    def test_single_instant_needs_a_name(self):
        """One instant column without `out` is refused by name."""
        with pytest.raises(InvalidValue, match="out"):
            business_clock(pl.DataFrame({"t": []}), instant="t", team="team", calendars={})


class TestBusinessDeadline:
    @settings(max_examples=300)
    @given(interval_sets(), st.integers(-100, 10_100), st.integers(0, 6_000))
    @example(IntervalSet.from_arrays([10, 30], [20, 40]), 25, 0)  # starting while closed, nothing to spend
    @example(IntervalSet.from_arrays([10, 30], [20, 40]), 12, 8)  # used up exactly at an interval's end
    def test_inverse_of_business_seconds(self, hours: IntervalSet, start: int, spend: int):
        """The deadline is the earliest instant at which `spend` open seconds have passed since `start`."""
        due = business_deadline([start], [spend], hours)[0]
        total_after = _model(start, 10**6, hours)
        if spend > total_after:
            assert np.isnan(due)  # the calendar ends first
            return
        assert due >= start
        assert _model(start, int(due), hours) == spend
        if due > start:
            assert _model(start, int(due) - 1, hours) < spend or spend == 0

    def test_looks_back_with_negative_seconds(self):
        """A negative span is the instant that much open time ago."""
        hours = IntervalSet.from_arrays([0, 100], [50, 150])
        assert business_deadline([120], [-30], hours).tolist() == [40.0]

    def test_nan_and_empty(self):
        """NaN in, NaN out; an empty calendar never reaches a deadline."""
        hours = IntervalSet.from_arrays([0], [50])
        assert np.isnan(business_deadline([np.nan], [5], hours)).all()
        assert np.isnan(business_deadline([0], [5], IntervalSet.empty())).all()


class TestBadInput:
    @pytest.mark.parametrize(
        ("call", "error", "field"),
        [
            (lambda s: open_seconds_before(["x"], s), WrongType, "instants"),
            (lambda s: business_seconds([0], [5], None), WrongType, "intervals"),
            (lambda s: business_deadline([0], [1], [(0, 1)]), WrongType, "intervals"),
            (lambda s: business_deadline([0, 1, 2], [1, 2], s), InvalidValue, "seconds"),
            (lambda s: business_deadline(["noon"], [1], s), WrongType, "start"),
        ],
    )
    def test_named_errors(self, call, error, field):
        """Bad arguments raise a teamcore error naming the argument, not a numpy error."""
        with pytest.raises(error) as raised:
            call(IntervalSet.from_arrays([0], [10]))
        assert raised.value.field == field


class TestMutationFindings:
    """Findings of mutation testing (docs/mutation.md): what the first tests did not pin down."""

    def test_deadline_errors_carry_value_and_rule(self):
        """A span that is no number, or of the wrong shape, is named with what was received and what fits."""
        hours = IntervalSet.from_arrays([0], [10])
        with pytest.raises(WrongType) as raised:
            business_deadline([0], ["soon"], hours)
        assert raised.value.field == "seconds"
        with pytest.raises(InvalidValue) as raised:
            business_deadline([0, 1, 2], [1, 2], hours)
        assert raised.value.value == (2,)
        assert raised.value.expected == "one value, or one per start ((3,))"

    def test_deadline_of_a_fractional_start_is_a_whole_second(self):
        """Business time counts whole seconds: a start at 12.5 s with nothing to spend is due at 12 s."""
        assert business_deadline([12.5], [0], IntervalSet.from_arrays([10], [20])).tolist() == [12.0]

    def test_numbers_error_carries_value_and_rule(self):
        """Instants that are no numbers are named with what was received and what fits."""
        with pytest.raises(WrongType) as raised:
            open_seconds_before(["noon"], IntervalSet.from_arrays([0], [10]))
        assert (raised.value.field, raised.value.value, raised.value.expected) == (
            "instants",
            ["noon"],
            "numbers of seconds (an array or a list)",
        )

    def test_open_before_at_interval_edges(self):
        """At an interval's start B(t) counts nothing of it yet; at its end, all of it."""
        week = IntervalSet.from_arrays([0, 100], [10, 110])
        assert open_seconds_before([0, 10, 100, 110], week).tolist() == [0, 10, 10, 20]
        assert business_seconds([0, 100], [10, 110], week).tolist() == [10, 10]

    def test_intervals_error_carries_value_and_rule(self):
        """Open hours that are no IntervalSet are named with what was received and what fits."""
        with pytest.raises(WrongType) as raised:
            business_seconds([0], [5], [(0, 10)])  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value, raised.value.expected) == (
            "intervals",
            [(0, 10)],
            "an IntervalSet",
        )

    def test_empty_calendar_counts_whole_seconds(self):
        """Without open hours B(t) is 0 in the same integer seconds as with them (the documented int64 array)."""
        assert open_seconds_before([5, 50], IntervalSet.empty()).dtype == np.int64
        assert open_seconds_before([5, 50], IntervalSet.from_arrays([0], [10])).dtype == np.int64


class TestBusinessClockOnEngines:
    """business_clock takes any frame narwhals supports and gives the same column (not just polars frames)."""

    @pytest.mark.parametrize(
        "engine", ["polars", "polars-lazy", "narwhals", "narwhals-lazy", "pandas", "pyarrow", "duckdb", "dask"]
    )
    def test_same_readings_on_every_engine(self, on_engine, engine):
        """Two instant columns clocked in one pass: B(t) of the row's team calendar, null for a team without one."""
        calendars = {"a": IntervalSet.from_arrays([0, 100], [50, 150])}
        x = [20, 120, 500, 5, -5]
        frame = pl.DataFrame(
            {
                "team": ["a", "a", "a", "b", "a"],
                "x": [dt.datetime.fromtimestamp(t, UTC) for t in x],
                "y": [dt.datetime.fromtimestamp(t + 30, UTC) for t in x],
            }
        )
        wrapped = {"narwhals": lambda: nw.from_native(frame), "narwhals-lazy": lambda: nw.from_native(frame.lazy())}
        given = wrapped[engine]() if engine in wrapped else on_engine(engine, frame)
        got = business_clock(given, instant={"bx": "x", "by": "y"}, team="team", calendars=calendars)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # narwhals announces that Dask moves to a plug-in
            schema = got.collect_schema()
            out = got.collect().to_polars()
        assert schema["bx"] == schema["by"] == nw.Float64  # declared before any row is computed (Dask's meta)
        assert out.columns == ["team", "x", "y", "bx", "by"]
        assert out.schema["bx"] == out.schema["by"] == pl.Float64
        assert out["bx"].to_list() == [20.0, 70.0, 100.0, None, 0.0]
        assert out["by"].to_list() == [50.0, 100.0, 100.0, None, 25.0]

    def test_instant_at_an_interval_start(self):
        """B(t) at the very start of an interval counts nothing of it, for the first calendar and a later one."""
        calendars = {"a": IntervalSet.from_arrays([0, 100], [50, 150]), "b": IntervalSet.from_arrays([10], [20])}
        frame = pl.DataFrame({"team": ["a", "a", "b"], "at": [dt.datetime.fromtimestamp(t, UTC) for t in (0, 100, 10)]})
        got = business_clock(frame, instant="at", team="team", calendars=calendars, out="b").collect()["b"].to_list()
        assert got == [0.0, 50.0, 0.0]

    def test_calendars_far_apart_from_instants_before_1970(self):
        """Rows long before and after the calendars (negative epoch seconds) still read their own calendar."""
        calendars = {"a": IntervalSet.from_arrays([0], [10]), "b": IntervalSet.from_arrays([0], [5])}
        frame = pl.DataFrame({"team": ["a", "b"], "at": [dt.datetime.fromtimestamp(t, UTC) for t in (100, -100)]})
        got = business_clock(frame, instant="at", team="team", calendars=calendars, out="b").collect()["b"].to_list()
        assert got == [10.0, 0.0]

    @pytest.mark.parametrize("engine", ["polars", "pandas"])
    def test_year_1_and_year_9999(self, on_engine, engine):
        """The extremes of datetime read 0 and the calendar's total, and never another team's calendar."""
        calendars = {"a": IntervalSet.from_arrays([0], [10]), "b": IntervalSet.from_arrays([0], [5])}
        far = [dt.datetime(1, 1, 1, tzinfo=UTC), dt.datetime(9999, 12, 31, tzinfo=UTC)]
        frame = pl.DataFrame({"team": ["b", "a", "b", "a"], "at": far * 2})
        got = business_clock(on_engine(engine, frame), instant="at", team="team", calendars=calendars, out="b")
        assert got.collect().to_polars()["b"].to_list() == [0.0, 10.0, 0.0, 10.0]

    @pytest.mark.parametrize("engine", ["polars", "pandas"])
    def test_calendars_without_open_time(self, on_engine, engine):
        """Empty calendars give 0 for their teams, null for a team without one and for a null instant."""
        calendars = {"a": IntervalSet.from_arrays([], []), "b": IntervalSet.from_arrays([], [])}
        frame = pl.DataFrame(
            {
                "team": ["a", "c", "b"],
                "at": [dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 1, 1, tzinfo=UTC), None],
            }
        )
        got = business_clock(on_engine(engine, frame), instant="at", team="team", calendars=calendars, out="b")
        assert got.collect().to_polars()["b"].to_list() == [0.0, None, None]

    def test_errors_carry_value_and_expectation(self):
        """A calendar that is no IntervalSet, and a single instant without `out`, are named with what was received."""
        frame = pl.DataFrame({"t": []})
        with pytest.raises(WrongType) as raised:
            business_clock(frame, instant="t", team="team", calendars={"a": [1, 2]}, out="b")  # type: ignore[dict-item]
        assert (raised.value.field, raised.value.value, raised.value.expected) == (
            "calendars['a']",
            [1, 2],
            "an IntervalSet",
        )
        with pytest.raises(InvalidValue) as raised_out:
            business_clock(frame, instant="t", team="team", calendars={})
        assert (raised_out.value.field, raised_out.value.value) == ("out", None)
        assert raised_out.value.expected == "the name of the new column"


class TestTeamCalendars:
    def test_union_of_members_without_the_teams_closed_days(self):
        """A team is open when any member works, on local dates [start, end), except on its closed days."""
        wednesday = dt.date(2026, 11, 4)
        members = [
            Member(id="ann", name="Ann", timezone="UTC", country="GB", hours={"mon-fri": ["08:00-12:00"]}),
            Member(id="bo", name="Bo", timezone="UTC", country="GB", hours={"mon-fri": ["10:00-16:00"]}),
            Member(id="cy", name="Cy", timezone="UTC", country="GB", hours={"mon-fri": ["12:00-13:00"]}),
        ]
        teams = [
            Team(id="t", name="T", lead="ann", members=["ann", "bo"], closed_days=[ClosedDay(wednesday, "offsite")]),
            Team(id="u", name="U", lead="cy", members=["cy"]),
        ]
        got = team_calendars(Organisation(name="A", members=members, teams=teams), dt.date(2026, 11, 2), wednesday)

        def hours(day: int, start: int, end: int) -> tuple[int, int]:
            first = dt.datetime(2026, 11, day, tzinfo=UTC)
            return int((first + dt.timedelta(hours=start)).timestamp()), int(
                (first + dt.timedelta(hours=end)).timestamp()
            )

        assert set(got) == {"t", "u"}
        assert got["t"].to_seconds() == [hours(2, 8, 16), hours(3, 8, 16)]  # Monday and Tuesday: 08-12 ∪ 10-16
        assert got["u"].to_seconds() == [hours(2, 12, 13), hours(3, 12, 13)]
        later = team_calendars(Organisation(name="A", members=members, teams=teams), wednesday, dt.date(2026, 11, 6))
        assert later["t"].to_seconds() == [hours(5, 8, 16)]  # Wednesday is the team's closed day
        assert later["u"].to_seconds() == [hours(4, 12, 13), hours(5, 12, 13)]  # not closed for the other team
