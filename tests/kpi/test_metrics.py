"""The KPI suite: identical on every engine, independent of row order and of tickets outside the period."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidInterval, InvalidValue
from teamcore.kpi import (
    DURATIONS,
    METRICS,
    TicketLog,
    kpi_table,
    open_seconds_before,
    team_calendars,
    ticket_facts,
    ticket_topics,
)
from teamcore.people import Organisation, WeeklyHours
from teamcore.scheduling import BusinessCalendar, IntervalSet
from teamcore.strategies import tickets as ticket_logs
from tests.frames import collected

from .conftest import END, START, small_org

UTC = dt.UTC
WINDOW = {"start": START + dt.timedelta(days=7), "end": END}


@pytest.fixture(scope="module")
def calendars(org: Organisation) -> dict[str | None, IntervalSet]:
    return team_calendars(org, dt.date(2026, 9, 1), dt.date(2026, 12, 1))


class TestEngines:
    @pytest.mark.parametrize("engine", ["polars-lazy", "pandas", "duckdb", "dask"])
    @pytest.mark.parametrize(
        ("clock", "by", "period"),
        [("calendar", "assignee", "week"), ("business", "team", "day"), ("calendar", ("channel", "priority"), "month")],
    )
    def test_same_table_on_everyon_engine(self, log: TicketLog, calendars, on_engine, engine, clock, by, period):
        """The whole KPI table is identical on polars, pandas, DuckDB and Dask."""
        kw = {
            "period": period,
            "by": by,
            "tz": "Europe/Oslo",
            "clock": clock,
            "calendars": calendars,
            "stats": ("mean", "median"),
            **WINDOW,
        }
        want = kpi_table(log.tickets, log.events, **kw)
        got = kpi_table(on_engine(engine, log.tickets), on_engine(engine, log.events), **kw)
        assert want.height > 0
        assert collected(got, want).equals(want)

    @pytest.mark.parametrize("engine", ["pandas", "duckdb", "dask"])
    @pytest.mark.parametrize("by", ["team", ("assignee", "priority"), ()])
    def test_percentiles_agree(self, log: TicketLog, on_engine, engine: str, by):
        """Percentiles (linear interpolation) agree on every engine; Dask's come from a shuffle by group."""
        kw = {"by": by, "period": "week", "stats": ("median", "p10", "p90"), **WINDOW}
        want = kpi_table(log.tickets, log.events, **kw)
        assert want["full_resolution_p90"].null_count() < want.height
        assert collected(kpi_table(on_engine(engine, log.tickets), on_engine(engine, log.events), **kw), want).equals(
            want
        )

    def test_dask_percentiles_keep_unassigned_tickets(self, log: TicketLog, on_engine):
        """A group whose key is null (unassigned tickets) gets its percentiles on Dask too."""
        tickets = log.tickets.with_columns(
            pl.when(pl.col("ticket_id").str.ends_with("7")).then(None).otherwise(pl.col("assignee")).alias("assignee")
        )
        kw = {"by": "assignee", "stats": ("p50",), **WINDOW}
        want = kpi_table(tickets, log.events, **kw)
        assert want.filter(pl.col("assignee").is_null())["first_reply_p50"].is_not_null().all()
        assert collected(kpi_table(on_engine("dask", tickets), on_engine("dask", log.events), **kw), want).equals(want)

    def test_unknown_statistic_is_refused_before_any_work(self, log: TicketLog):
        """A misspelt statistic is an error naming it."""
        with pytest.raises(InvalidValue, match="p100"):
            kpi_table(log.tickets, log.events, stats=("p100",), **WINDOW)


class TestInvariants:
    @settings(max_examples=8, deadline=None)
    @given(st.randoms(use_true_random=False))
    def test_row_order_never_matters(self, log: TicketLog, rnd):
        """Shuffling tickets and events gives the same table."""
        t = log.tickets.sample(fraction=1.0, shuffle=True, seed=rnd.randint(0, 10**6))
        e = log.events.sample(fraction=1.0, shuffle=True, seed=rnd.randint(0, 10**6))
        kw = {"by": "assignee", "period": "week", **WINDOW}
        assert kpi_table(t, e, **kw).equals(kpi_table(log.tickets, log.events, **kw))

    def test_ticket_outside_period_changes_nothing(self, log: TicketLog):
        """A ticket created and solved after the window leaves the window's table unchanged."""
        later = dt.datetime(2026, 11, 20, 9, tzinfo=UTC)
        extra = log.tickets.head(1).with_columns(
            pl.lit("X1").alias("ticket_id"),
            pl.lit(later).alias("created_at"),
            pl.lit(later + dt.timedelta(hours=2)).alias("solved_at"),
            pl.lit("solved").alias("status"),
        )
        events = pl.DataFrame(
            {
                "ticket_id": ["X1", "X1"],
                "at": [later + dt.timedelta(hours=1), later + dt.timedelta(hours=2)],
                "kind": ["reply", "status"],
                "actor": ["ann", "ann"],
                "from_status": [None, "new"],
                "to_status": [None, "solved"],
                "value": [None, None],
            },
            schema=log.events.schema,
        )
        kw = {"by": "team", "period": "week", **WINDOW}
        assert kpi_table(pl.concat([log.tickets, extra]), pl.concat([log.events, events]), **kw).equals(
            kpi_table(log.tickets, log.events, **kw)
        )

    @pytest.mark.parametrize("clock", ["calendar", "business"])
    def test_waits_sum_to_resolution(self, log: TicketLog, calendars, clock):
        """requester wait (incl. on-hold) + agent wait + time solved before a reopen = full resolution."""
        facts = ticket_facts(log.tickets, log.events, clock=clock, calendars=calendars).to_polars()
        solved = facts.filter(pl.col("full_resolution").is_not_null())
        total = solved["requester_wait"] + solved["agent_wait"] + solved["solved_gap"]
        assert solved.height > 100
        assert (total - solved["full_resolution"]).abs().max() < 1e-6
        assert (solved["on_hold"] <= solved["requester_wait"] + 1e-6).all()

    def test_waits_match_a_walk_over_events(self, log: TicketLog):
        """Requester and agent wait equal a per-ticket walk over the sorted status changes (a plain model)."""
        facts = ticket_facts(log.tickets, log.events).to_polars().filter(pl.col("full_resolution").is_not_null())
        status = log.events.filter(pl.col("kind") == "status").sort("at")
        created = dict(zip(log.tickets["ticket_id"], log.tickets["created_at"], strict=True))
        for row in facts.head(200).iter_rows(named=True):
            changes = status.filter(pl.col("ticket_id") == row["ticket_id"]).rows(named=True)
            last = max(c["at"] for c in changes if c["to_status"] == "solved")
            wait = {"requester": 0.0, "agent": 0.0}
            state, since = "new", created[row["ticket_id"]]
            for change in changes:
                if change["at"] > last:
                    break
                span = (change["at"] - since).total_seconds()
                if state in {"new", "open", "on_hold"}:
                    wait["requester"] += span
                elif state == "pending":
                    wait["agent"] += span
                state, since = change["to_status"], change["at"]
            assert row["requester_wait"] == pytest.approx(wait["requester"])
            assert row["agent_wait"] == pytest.approx(wait["agent"])

    def test_business_never_exceeds_calendar(self, log: TicketLog, calendars):
        """Every business-hours duration is at most its calendar duration."""
        cal = ticket_facts(log.tickets, log.events).to_polars().sort("ticket_id")
        bus = ticket_facts(log.tickets, log.events, clock="business", calendars=calendars).to_polars().sort("ticket_id")
        for key in ("first_reply", "full_resolution", "requester_wait", "agent_wait"):
            diff = (cal[key] - bus[key]).drop_nulls()
            assert (diff >= -1e-6).all(), key

    def test_holiday_inside_pause_changes_nothing(self):
        """A closed day inside a pending span changes agent wait, not requester wait (a pause is not counted)."""
        t0 = dt.datetime(2026, 12, 21, 9, tzinfo=UTC)  # Monday
        tickets = pl.DataFrame(
            {
                "ticket_id": ["a"],
                "created_at": [t0],
                "priority": ["normal"],
                "status": ["solved"],
                "solved_at": [t0 + dt.timedelta(days=3, hours=1)],
                "team": ["t"],
            }
        )
        steps = [
            (t0 + dt.timedelta(hours=1), "new", "open"),
            (t0 + dt.timedelta(hours=2), "open", "pending"),
            (t0 + dt.timedelta(days=3), "pending", "open"),
            (t0 + dt.timedelta(days=3, hours=1), "open", "solved"),
        ]
        events = pl.DataFrame(
            {
                "ticket_id": ["a"] * 4,
                "at": [s[0] for s in steps],
                "kind": ["status"] * 4,
                "from_status": [s[1] for s in steps],
                "to_status": [s[2] for s in steps],
            }
        )
        plain = BusinessCalendar(hours=WeeklyHours.weekdays("08:00", "18:00"), timezone="UTC")
        holiday = BusinessCalendar(
            hours=WeeklyHours.weekdays("08:00", "18:00"), timezone="UTC", closed_days=[dt.date(2026, 12, 23)]
        )
        out = []
        for cal in (plain, holiday):
            hours = {"t": cal.intervals(dt.date(2026, 12, 1), dt.date(2027, 1, 1))}
            out.append(ticket_facts(tickets, events, clock="business", calendars=hours).to_polars().row(0, named=True))
        assert out[0]["requester_wait"] == out[1]["requester_wait"] == 3 * 3600
        assert out[0]["agent_wait"] - out[1]["agent_wait"] == 10 * 3600


def _per_event_model(log: TicketLog, calendars: dict[str | None, IntervalSet]) -> pl.DataFrame:
    """First reply and resolutions the plain way: clock every event under its ticket's calendar, then reduce."""

    def clock(frame: pl.DataFrame, column: str) -> pl.Series:
        seconds = frame[column].dt.epoch("s").to_numpy()
        out = [
            float(open_seconds_before([t], calendars[team])[0]) for t, team in zip(seconds, frame["team"], strict=True)
        ]
        return pl.Series(out, dtype=pl.Float64)

    tickets = log.tickets.with_columns(clock(log.tickets, "created_at").alias("c0"))
    events = log.events.join(tickets.select("ticket_id", "team", "c0"), on="ticket_id")
    events = events.with_columns(clock(events, "at").alias("c") - pl.col("c0"))
    reply = events.filter(pl.col("kind") == "reply").group_by("ticket_id").agg(pl.col("c").min().alias("first_reply"))
    solve = (
        events.filter((pl.col("kind") == "status") & (pl.col("to_status") == "solved"))
        .group_by("ticket_id")
        .agg(pl.col("c").min().alias("first_resolution"), pl.col("c").max().alias("full_resolution"))
    )
    done = pl.col("status").is_in(["solved", "closed"])
    return (
        tickets.select("ticket_id", "status")
        .join(reply, on="ticket_id", how="left")
        .join(solve, on="ticket_id", how="left")
        .select(
            "ticket_id",
            "first_reply",
            pl.when(done).then(pl.col("first_resolution")).alias("first_resolution"),
            pl.when(done).then(pl.col("full_resolution")).alias("full_resolution"),
        )
        .sort("ticket_id")
    )


class TestReduceFirst:
    @settings(max_examples=15, deadline=None)
    @given(ticket_logs(small_org(), max_days=10, max_per_day=12))
    def test_business_durations_equal_clocking_every_event(self, log: TicketLog):
        """Reducing events per ticket before reading the business clock gives what clocking each event gives."""
        if log.tickets.height == 0:
            return
        first = log.tickets["created_at"].min().date() - dt.timedelta(days=2)  # type: ignore[union-attr]
        calendars = team_calendars(small_org(), first, first + dt.timedelta(days=60))
        facts = ticket_facts(log.tickets, log.events, clock="business", calendars=calendars).to_polars()
        got = facts.select("ticket_id", "first_reply", "first_resolution", "full_resolution").sort("ticket_id")
        assert got.equals(_per_event_model(log, calendars))


class TestEmptyAndErrors:
    def test_absent_optional_columns_are_null(self, log: TicketLog):
        """A table without the optional columns computes as one whose optional columns are all null."""
        required = ["ticket_id", "created_at", "priority", "status", "solved_at", "team", "assignee"]
        minimal = log.tickets.select(required)
        nulls = log.tickets.with_columns(
            [pl.lit(None, log.tickets.schema[c]).alias(c) for c in log.tickets.columns if c not in required]
        )
        events = log.events.drop("actor", "value")
        kw = {"by": "assignee", "period": "week", **WINDOW}
        assert kpi_table(minimal, events, **kw).equals(kpi_table(nulls, log.events, **kw))

    def test_empty_input_is_zero_and_null(self, log: TicketLog):
        """No tickets: one row per period with zero counts and null summaries, no exception."""
        table = kpi_table(log.tickets.head(0), log.events.head(0), period="week", **WINDOW)
        assert table["incoming"].to_list() == [0] * table.height
        assert table["first_reply_median"].null_count() == table.height

    @pytest.mark.parametrize(
        ("kw", "error", "match"),
        [
            ({"by": "requester"}, InvalidValue, "by"),  # not a grouping column
            ({"period": "year"}, InvalidValue, "period"),  # unknown period
            ({"stats": ("p100",)}, InvalidValue, "stats"),  # not a percentile
            ({"stats": ("p0",)}, InvalidValue, "stats"),  # the minimum, not a percentile
            ({"clock": "business"}, InvalidValue, "calendars"),  # business time needs calendars
            ({"end": START}, InvalidInterval, "end"),  # empty window
        ],
    )
    def test_bad_arguments(self, log: TicketLog, kw, error, match):
        """Bad arguments raise a teamcore error naming the field."""
        with pytest.raises(error, match=match):
            kpi_table(log.tickets, log.events, **({"start": START, "end": END} | kw))

    def test_metrics_are_versioned_and_cited(self):
        """Every metric has a version and a convention."""
        assert all(m.version >= 1 and m.convention for m in METRICS)
        assert len({m.key for m in METRICS}) == len(METRICS)


class TestMissingColumns:
    @pytest.mark.parametrize("column", ["ticket_id", "created_at", "priority", "status"])
    def test_required_ticket_column(self, log: TicketLog, column: str):
        """A tickets table without a required column is refused naming the table and the column."""
        with pytest.raises(InvalidValue, match=column) as raised:
            kpi_table(log.tickets.drop(column), log.events, **WINDOW)
        assert raised.value.field == "tickets"

    def test_required_event_column(self, log: TicketLog):
        """So is an events table without its kind."""
        with pytest.raises(InvalidValue, match="kind") as raised:
            kpi_table(log.tickets, log.events.drop("kind"), **WINDOW)
        assert raised.value.field == "events"

    def test_trends_need_created_at(self, log: TicketLog):
        """The trends read only created_at, and say so when it is missing."""
        with pytest.raises(InvalidValue, match="created_at"):
            ticket_topics(log.tickets.drop("created_at"), **WINDOW)


def _at(month: int, day: int, hour: float = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, tzinfo=UTC) + dt.timedelta(hours=hour)


def _known_log() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Seven tickets worked out by hand for the ISO weeks of 2 and 9 November 2026 (see TestKnownAnswers)."""
    rows = [
        # id, created, priority, status, solved_at, satisfaction, csat_score, nps, ces, handle_seconds
        ("A", _at(11, 2), "high", "solved", _at(11, 2, 3), "good", 5, 10, 7, 600),  # created at the window's start
        ("B", _at(11, 3), "normal", "solved", _at(11, 4, 6), "bad", 4, 9, 5, 1200),  # two replies, reopened once
        ("C", _at(11, 4), "urgent", "open", None, None, None, None, None, None),  # never solved: backlog
        ("D", _at(11, 9), "low", "solved", _at(11, 16), None, 3, None, None, None),  # solved at the window's end
        ("E", _at(11, 10), "normal", "solved", _at(11, 10, 2), None, None, 6, 3, 300),  # two replies, not reopened
        ("F", _at(11, 16), "normal", "new", None, None, None, None, None, None),  # created at the window's end
        ("G", _at(10, 30), "normal", "solved", _at(11, 2), "good", None, 7, None, None),  # solved at the start
    ]
    names = ["ticket_id", "created_at", "priority", "status", "solved_at", "satisfaction", "csat_score", "nps", "ces"]
    tickets = pl.DataFrame(
        [dict(zip([*names, "handle_seconds"], r, strict=True)) for r in rows],
        schema_overrides={"created_at": pl.Datetime("us", "UTC"), "solved_at": pl.Datetime("us", "UTC")},
    ).with_columns(pl.lit("t").alias("team"), pl.lit("ann").alias("assignee"), pl.lit("email").alias("channel"))
    steps = [
        ("A", _at(11, 2, 1), "reply", None, None),
        ("A", _at(11, 2, 1), "status", "new", "open"),
        ("A", _at(11, 2, 3), "status", "open", "solved"),
        ("B", _at(11, 3, 2), "reply", None, None),
        ("B", _at(11, 3, 2), "status", "new", "open"),
        ("B", _at(11, 3, 3), "reply", None, None),
        ("B", _at(11, 3, 4), "status", "open", "solved"),
        ("B", _at(11, 4), "status", "solved", "open"),
        ("B", _at(11, 4, 6), "status", "open", "solved"),
        ("C", _at(11, 4, 1), "status", "new", "open"),
        ("D", _at(11, 9, 0.5), "reply", None, None),
        ("D", _at(11, 9, 0.5), "status", "new", "open"),
        ("D", _at(11, 16), "status", "open", "solved"),
        ("E", _at(11, 10, 1), "reply", None, None),
        ("E", _at(11, 10, 1), "status", "new", "open"),
        ("E", _at(11, 10, 1.5), "reply", None, None),
        ("E", _at(11, 10, 2), "status", "open", "solved"),
        ("G", _at(10, 30, 1), "reply", None, None),
        ("G", _at(10, 30, 1), "status", "new", "open"),
        ("G", _at(11, 2), "status", "open", "solved"),
    ]
    events = pl.DataFrame(
        steps,
        schema={
            "ticket_id": pl.String,
            "at": pl.Datetime("us", "UTC"),
            "kind": pl.String,
            "from_status": pl.String,
            "to_status": pl.String,
        },
        orient="row",
    )
    return tickets, events


class TestKnownAnswers:
    """Every KPI of a small log worked out by hand: an oracle independent of the code, unlike engine equality."""

    def test_two_weeks_by_hand(self):
        """Counts, duration summaries, rates and surveys per ISO week, with tickets on the window's edges."""
        tickets, events = _known_log()
        table = kpi_table(
            tickets, events, start=_at(11, 2), end=_at(11, 16), period="week", stats=("mean", "median", "p25")
        )
        h = 3600.0

        def summary(mean: float, median: float, p25: float) -> list[float]:
            return [mean, median, p25]

        week1 = {
            "period": dt.date(2026, 11, 2),
            "incoming": 3,  # A (at the start), B, C
            "solved": 3,  # A, B and G (solved at the start)
            "backlog": 1,  # C
            "high_priority_open": 1,
            "first_reply": summary(1.5 * h, 1.5 * h, 1.25 * h),  # A 1 h, B 2 h
            "first_resolution": summary(94_800.0, 4 * h, 3.5 * h),  # A 3 h, B 4 h, G 72 h
            "full_resolution": summary(35 * h, 30 * h, 16.5 * h),  # A 3 h, B 30 h, G 72 h
            "requester_wait": summary(102_000.0, 10 * h, 6.5 * h),  # A 3 h, B 10 h (the solved gap is not), G 72 h
            "agent_wait": summary(0.0, 0.0, 0.0),
            "on_hold": summary(0.0, 0.0, 0.0),
            "reopens": 1,
            "one_touch_rate": 0.666667,  # A and G: one reply each
            "fcr_rate": 0.666667,
            "csat": 0.666667,  # good A, G; bad B
            "csat_top2": 1.0,  # 5 and 4
            "nps": 66.666667,  # 10 and 9 promote, 7 is passive
            "ces": 6.0,
            "aht": 900.0,
        }
        week2 = {
            "period": dt.date(2026, 11, 9),
            "incoming": 2,  # D, E; F is created at the end
            "solved": 1,  # E; D is solved at the end
            "backlog": 2,  # C, and D (not solved before the end)
            "high_priority_open": 1,
            "first_reply": summary(0.75 * h, 0.75 * h, 0.625 * h),  # D 30 min, E 1 h
            "first_resolution": summary(2 * h, 2 * h, 2 * h),
            "full_resolution": summary(2 * h, 2 * h, 2 * h),
            "requester_wait": summary(2 * h, 2 * h, 2 * h),
            "agent_wait": summary(0.0, 0.0, 0.0),
            "on_hold": summary(0.0, 0.0, 0.0),
            "reopens": 0,
            "one_touch_rate": 0.0,  # E had two replies
            "fcr_rate": 0.0,
            "csat": None,  # no two-point answer
            "csat_top2": None,
            "nps": -100.0,  # a 6 detracts
            "ces": 3.0,
            "aht": 300.0,
        }
        got = table.rows(named=True)
        assert len(got) == 2
        for row, want in zip(got, (week1, week2), strict=True):
            flat = {k: v for k, v in want.items() if not isinstance(v, list)}
            for key in DURATIONS:
                flat |= dict(zip([f"{key}_mean", f"{key}_median", f"{key}_p25"], want[key], strict=True))
            assert row == flat

    def test_small_percentiles(self):
        """p1 and p5 are percentiles too (one digit), interpolated linearly."""
        tickets, events = _known_log()
        table = kpi_table(tickets, events, start=_at(11, 9), end=_at(11, 16), stats=("p1", "p5"))
        assert table.select("first_reply_p1", "first_reply_p5").row(0) == (1818.0, 1890.0)  # 30 min and 1 h
