"""The forecast from ticket history on every DataFrame engine, checked against local times from :mod:`zoneinfo`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, WrongType
from teamcore.kpi import TicketLog, load_tickets, simulate_tickets
from teamcore.people import Member, Organisation, Team
from teamcore.staffing import Forecast, forecast_from_tickets

ENGINES = ("polars", "polars-lazy", "pandas", "pyarrow", "duckdb", "dask")  # built by the on_engine fixture

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 2, tzinfo=UTC)  # a Monday; four weeks of history span the change to CET on 25 October
HOUR = dt.timedelta(hours=1)


def _expected(
    created: list[dt.datetime],
    *,
    now: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    step: dt.timedelta,
    weeks: int,
    tz: str,
) -> list[float]:
    """The definition, one ticket at a time: local weekday and time of day from ``astimezone``."""
    zone, width = ZoneInfo(tz), int(step.total_seconds())

    def bucket(instant: dt.datetime) -> tuple[int, int]:
        local = instant.astimezone(zone)
        return local.weekday(), (local.hour * 3600 + local.minute * 60 + local.second) // width

    since = now - dt.timedelta(weeks=weeks)
    counts = Counter(bucket(t) for t in created if since <= t < now)
    return [counts[bucket(start + i * step)] / weeks for i in range((end - start) // step)]


@pytest.fixture(scope="module")
def log() -> TicketLog:
    """Five weeks of simulated tickets, with microseconds so that instants sit between whole seconds."""
    members = [
        Member(id="a", name="A", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["08:00-16:00"]}),
        Member(id="b", name="B", timezone="America/New_York", country="US", hours={"mon-sat": ["09:00-17:00"]}),
    ]
    org = Organisation(name="Acme", members=members, teams=[Team(id="t", name="T", lead="a", members=["a", "b"])])
    out = simulate_tickets(org, start=NOW - dt.timedelta(weeks=5), end=NOW + HOUR * 30, tickets_per_day=60, seed=5)
    jitter = (pl.int_range(pl.len()) * 7_919 % 1_000_000).cast(pl.Int64) * pl.duration(microseconds=1)
    return TicketLog(tickets=out.tickets.with_columns(pl.col("created_at") + jitter), events=out.events)


class TestEngines:
    """The same forecast, and the same errors, on every engine narwhals supports."""

    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize(
        ("tz", "minutes", "channels"),
        [("Europe/Stockholm", 30, None), ("America/New_York", 60, ("email", "chat")), ("Asia/Kathmandu", 15, None)],
    )
    def test_same_forecast(
        self, log: TicketLog, on_engine, engine: str, tz: str, minutes: int, channels: tuple[str, ...] | None
    ):
        """polars, lazy polars, pandas, pyarrow, DuckDB and Dask give the forecast the definition gives."""
        kw = {
            "now": NOW,
            "start": NOW,
            "end": NOW + dt.timedelta(days=7),
            "step": dt.timedelta(minutes=minutes),
            "weeks": 4,
            "tz": tz,
        }
        tickets = log.tickets
        kept = tickets if channels is None else tickets.filter(pl.col("channel").is_in(channels))
        want = _expected(kept["created_at"].to_list(), **kw)  # type: ignore[arg-type]
        got = forecast_from_tickets(on_engine(engine, tickets), channels=channels, **kw)  # type: ignore[arg-type]
        assert sum(want) > 0
        assert got.volume.tolist() == want

    @pytest.mark.parametrize("engine", ["duckdb", "dask"])
    def test_table_load_stays_on_its_engine(self, log: TicketLog, on_engine, engine: str):
        """A LoadResult of a lazy engine (its frame is still DuckDB or Dask) is forecast like the polars table."""
        loaded = load_tickets(on_engine(engine, log.tickets))
        assert loaded.ok
        kw = {"now": NOW, "start": NOW, "end": NOW + dt.timedelta(days=1), "weeks": 4, "tz": "Europe/Stockholm"}
        want = forecast_from_tickets(log.tickets, **kw)  # type: ignore[arg-type]
        assert forecast_from_tickets(loaded, **kw).volume.tolist() == want.volume.tolist()  # type: ignore[arg-type]

    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize(
        ("frame", "kwargs", "error", "match"),
        [
            # created_at without a timezone
            (pl.DataFrame({"created_at": [NOW.replace(tzinfo=None)]}), {}, WrongType, "created_at.*aware"),
            # created_at as text
            (pl.DataFrame({"created_at": [NOW.isoformat()]}), {}, WrongType, "created_at.*aware"),
            # no created_at column
            (pl.DataFrame({"opened": [NOW]}), {}, InvalidValue, "'created_at' column"),
            # channels asked for, no channel column
            (pl.DataFrame({"created_at": [NOW]}), {"channels": ["email"]}, InvalidValue, "'channel' column"),
        ],
    )
    def test_same_errors(
        self, on_engine, engine: str, frame: pl.DataFrame, kwargs: dict[str, object], error, match: str
    ):
        """A naive or textual created_at and missing columns are refused alike on every engine."""
        with pytest.raises(error, match=match):
            forecast_from_tickets(on_engine(engine, frame), now=NOW, start=NOW, end=NOW + HOUR, **kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "value",
        [
            {"created_at": [NOW]},  # a dict, not a DataFrame
            pl.Series("created_at", [NOW]),  # a column, not a table
        ],
    )
    def test_not_a_frame(self, value: object):
        """Anything but a DataFrame or a LoadResult is refused, naming `tickets`."""
        with pytest.raises(WrongType, match="tickets"):
            forecast_from_tickets(value, now=NOW, start=NOW, end=NOW + HOUR)


_ZONES = ["UTC", "Europe/Stockholm", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Kiritimati"]


class TestDefinition:
    """Every ticket counts in the bucket of its local creation time, whatever the zone, step or engine."""

    @settings(max_examples=60, deadline=None)
    @given(
        now=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31), timezones=st.just(UTC)),
        ages=st.lists(st.timedeltas(-dt.timedelta(weeks=4), dt.timedelta(days=1)), max_size=40),
        tz=st.sampled_from(_ZONES),
        minutes=st.sampled_from([15, 30, 45, 60, 90, 180]),
        weeks=st.integers(1, 3),
        lead=st.integers(0, 7 * 24 * 60),
        slots=st.integers(1, 48),
        engine=st.sampled_from(["polars", "pandas", "duckdb"]),
    )
    # The change to CET (01:00 UTC on 25 October 2026), the first instant of the history and the last one before now.
    @example(
        now=dt.datetime(2026, 10, 26, 0, 0, 0, 1, tzinfo=UTC),
        ages=[
            -dt.timedelta(hours=23, microseconds=1),
            -dt.timedelta(hours=23, microseconds=2),
            -dt.timedelta(weeks=1),
            -dt.timedelta(weeks=1, microseconds=1),
            -dt.timedelta(microseconds=1),
            dt.timedelta(0),
        ],
        tz="Europe/Stockholm",
        minutes=30,
        weeks=1,
        lead=0,
        slots=48,
        engine="duckdb",
    )
    def test_local_buckets(
        self,
        on_engine,
        now: dt.datetime,
        ages: list[dt.timedelta],
        tz: str,
        minutes: int,
        weeks: int,
        lead: int,
        slots: int,
        engine: str,
    ):
        """The forecast is each slot's local weekday × time-of-day count, divided by the weeks of history."""
        created = [now + age for age in ages]
        step = dt.timedelta(minutes=minutes)
        start = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=lead)
        kw = {"now": now, "start": start, "end": start + slots * step, "step": step, "weeks": weeks, "tz": tz}
        frame = pl.DataFrame({"created_at": created}, schema={"created_at": pl.Datetime("us", "UTC")})
        got = forecast_from_tickets(on_engine(engine, frame), **kw)  # type: ignore[arg-type]
        assert got.volume.tolist() == _expected(created, **kw)  # type: ignore[arg-type]


class TestFromFrame:
    @pytest.mark.parametrize("engine", ENGINES)
    def test_any_engine(self, on_engine, engine: str):
        """A forecast table on any engine gives the same forecast as on polars."""
        t0 = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
        frame = pl.DataFrame(
            {"start": [t0 + dt.timedelta(minutes=15 * i) for i in range(4)], "volume": [40.0, 52.0, 0.0, 7.5]}
        )
        got = Forecast.from_frame(on_engine(engine, frame))
        want = Forecast.from_frame(frame)
        assert (got.start, got.step, got.volume.tolist()) == (want.start, want.step, [40.0, 52.0, 0.0, 7.5])

    @pytest.mark.parametrize("value", [[1, 2], "start,volume", None])
    def test_not_a_table(self, value: object):
        """Something that is not a table is refused by name."""
        with pytest.raises(WrongType, match="frame"):
            Forecast.from_frame(value)
