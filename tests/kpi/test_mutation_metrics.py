"""KPI tests added after the metrics mutation run (docs/mutation.md): contracts and answers the suite left open.

The answers are worked out by hand from a few tickets, so they do not share a mistake with the code: time in
pending and on-hold, a closed ticket, a solved ticket without a solve event, a reopened ticket open now, unassigned
tickets, facts without events or without waits, business hours, and the scorecard's lean query.
"""

from __future__ import annotations

import datetime as dt

import narwhals as nw
import polars as pl
import pytest

from teamcore.exceptions import InvalidInterval, InvalidValue, NaiveDatetime, WrongType
from teamcore.kpi import DURATIONS, SlaPolicy, SlaTarget, TicketFacts, kpi_table, scorecard, ticket_facts
from teamcore.people import WeeklyHours
from teamcore.scheduling import BusinessCalendar
from tests.frames import collected

from .test_metrics import _at, _known_log

H = 3600.0
WEEKS = {"start": _at(11, 2), "end": _at(11, 16), "period": "week"}
CLOCK_RULE = "'calendar' or 'business'"
STATS_RULE = "'mean', 'median' or a percentile such as 'p90'"


def _status_log() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Four tickets of team t in the ISO weeks of 2 and 9 November 2026 (UTC), worked out by hand below.

    H  high, closed: reply at 1 h; new 1 h, pending 4 h, on-hold 3 h, open 26 h, solved at 34 h, closed later.
    I  normal, unassigned, solved at 12 h by its ``solved_at`` but without a solve event.
    J  high, solved at 1 h and reopened a day later: open now, so backlog (its ``solved_at`` still says the
       first solve), with one reopen.
    K  normal, the second week: reply at 1 h; new 1 h, open 1 h, pending 4 h, solved at 6 h.
    """
    rows = [
        # id, created, priority, status, solved_at, assignee, satisfaction, csat_score, nps, ces, handle_seconds
        ("H", _at(11, 2), "high", "closed", _at(11, 3, 10), "bo", "bad", 2, 0, 1, 100),
        ("I", _at(11, 3), "normal", "solved", _at(11, 3, 12), None, None, None, 8, None, None),
        ("J", _at(11, 4), "high", "open", _at(11, 4, 1), "bo", None, None, None, None, None),
        ("K", _at(11, 10), "normal", "solved", _at(11, 10, 6), "bo", "good", 4, 10, 7, 50),
    ]
    names = ["ticket_id", "created_at", "priority", "status", "solved_at", "assignee", "satisfaction"]
    tickets = pl.DataFrame(
        [dict(zip([*names, "csat_score", "nps", "ces", "handle_seconds"], r, strict=True)) for r in rows],
        schema_overrides={"created_at": pl.Datetime("us", "UTC"), "solved_at": pl.Datetime("us", "UTC")},
    ).with_columns(pl.lit("t").alias("team"), pl.lit("email").alias("channel"))
    steps = [
        ("H", _at(11, 2, 1), "reply", None, None),
        ("H", _at(11, 2, 1), "status", "new", "pending"),
        ("H", _at(11, 2, 5), "status", "pending", "on_hold"),
        ("H", _at(11, 2, 8), "status", "on_hold", "open"),
        ("H", _at(11, 3, 10), "status", "open", "solved"),
        ("H", _at(11, 5), "status", "solved", "closed"),
        ("H", _at(11, 5), "note", None, None),
        ("I", _at(11, 3, 2), "reply", None, None),
        ("I", _at(11, 3, 2), "status", "new", "open"),
        ("J", _at(11, 4, 1), "status", "new", "solved"),
        ("J", _at(11, 5), "status", "solved", "open"),
        ("K", _at(11, 10, 1), "reply", None, None),
        ("K", _at(11, 10, 1), "status", "new", "open"),
        ("K", _at(11, 10, 2), "status", "open", "pending"),
        ("K", _at(11, 10, 6), "status", "pending", "solved"),
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


def _facts_of(facts: TicketFacts, *columns: str) -> dict[str, tuple[object, ...]]:
    frame = facts.to_polars().sort("ticket_id")
    return {row[0]: row[1:] for row in frame.select("ticket_id", *columns).iter_rows()}


def _row(period: dt.date, assignee: str | None, **values: object) -> dict[str, object]:
    """A KPI table row (mean and median stats): the counts and rates given, zero counts and nulls elsewhere."""
    row: dict[str, object] = {"period": period, "assignee": assignee}
    row |= dict.fromkeys(("incoming", "solved", "backlog", "high_priority_open"), 0)
    row |= {f"{k}_{s}": None for k in DURATIONS for s in ("mean", "median")}
    row |= {"reopens": 0} | dict.fromkeys(("one_touch_rate", "fcr_rate", "csat", "csat_top2", "nps", "ces", "aht"))
    for key, value in values.items():
        if key in DURATIONS:
            row |= {f"{key}_mean": value, f"{key}_median": value}
        else:
            assert key in row, key
            row[key] = value
    return row


class TestStatusTimes:
    """Time in each status, first and full resolution, reopens and replies per ticket, by hand."""

    def test_facts_per_ticket(self):
        """Pending is agent wait; new, open and on-hold are requester wait; only a solve event ends resolution."""
        facts = ticket_facts(*_status_log())
        got = _facts_of(
            facts,
            "first_reply",
            "first_resolution",
            "full_resolution",
            "requester_wait",
            "agent_wait",
            "on_hold",
            "reopens",
            "replies",
            "solved_now",
        )
        assert got == {
            "H": (H, 34 * H, 34 * H, 30 * H, 4 * H, 3 * H, 0.0, 1.0, True),
            "I": (2 * H, None, None, None, None, None, 0.0, 1.0, True),
            "J": (None, None, None, None, None, None, 1.0, 0.0, False),
            "K": (H, 6 * H, 6 * H, 2 * H, 4 * H, 0.0, 0.0, 1.0, True),
        }
        assert _facts_of(facts, "created_s", "solved_s") == {
            "H": (_at(11, 2).timestamp(), _at(11, 3, 10).timestamp()),
            "I": (_at(11, 3).timestamp(), _at(11, 3, 12).timestamp()),
            "J": (_at(11, 4).timestamp(), _at(11, 4, 1).timestamp()),
            "K": (_at(11, 10).timestamp(), _at(11, 10, 6).timestamp()),
        }

    def test_first_and_full_resolution_of_a_reopened_ticket(self):
        """First resolution stops at the first solve, full resolution at the last; the solved gap is not a wait."""
        tickets, events = _known_log()
        got = _facts_of(ticket_facts(tickets, events), "first_resolution", "full_resolution", "requester_wait")
        assert got["B"] == (4 * H, 30 * H, 10 * H)
        counts = _facts_of(ticket_facts(tickets, events), "replies", "reopens")
        assert counts["F"] == (0.0, 0.0)  # no event yet: no reply and no reopen, not unknown

    def test_without_waits(self):
        """waits=False leaves the time in each status null and keeps replies, solves and reopens."""
        facts = ticket_facts(*_status_log(), waits=False)
        assert not facts.waits
        got = _facts_of(facts, "first_reply", "full_resolution", "reopens", "requester_wait", "agent_wait", "on_hold")
        assert got["H"] == (H, 34 * H, 0.0, None, None, None)
        assert got["J"] == (None, None, 1.0, None, None, None)
        assert facts.to_polars()["solved_gap"].null_count() == 4
        waits = ("requester_wait", "agent_wait", "on_hold", "solved_gap")
        assert {k: facts.to_polars().schema[k] for k in waits} == dict.fromkeys(waits, pl.Float64)

    def test_without_events(self):
        """Without events only solved_at is known: full resolution of tickets solved or closed now, nothing else."""
        tickets, _ = _status_log()
        facts = ticket_facts(tickets)
        assert not facts.has_events
        got = _facts_of(facts, "full_resolution", "first_reply", "first_resolution", "requester_wait", "reopens")
        assert got == {
            "H": (34 * H, None, None, None, None),
            "I": (12 * H, None, None, None, None),
            "J": (None, None, None, None, None),
            "K": (6 * H, None, None, None, None),
        }
        numbers = (*DURATIONS, "reopens", "replies")  # seconds and counts, null but typed
        assert {k: facts.to_polars().schema[k] for k in numbers} == dict.fromkeys(numbers, pl.Float64)
        table = kpi_table(tickets, **WEEKS)
        assert table.schema["reopens"] == pl.Int64  # null, as a count
        assert table.select("solved", "full_resolution_median", "reopens", "one_touch_rate", "fcr_rate").rows() == [
            (2, 23 * H, None, None, None),
            (1, 6 * H, None, None, None),
        ]


class TestGroups:
    def test_by_member_with_unassigned_tickets(self):
        """Per member and week, unassigned tickets in one row of their own (sorted last), with every KPI."""
        tickets, events = _status_log()
        table = kpi_table(tickets, events, by="assignee", stats=("mean", "median"), **WEEKS)
        week1, week2 = dt.date(2026, 11, 2), dt.date(2026, 11, 9)
        want = [
            _row(
                week1,
                "bo",
                incoming=2,  # H, J
                solved=1,  # H is closed
                backlog=1,  # J, reopened
                high_priority_open=1,
                first_reply=H,  # J has no reply
                first_resolution=34 * H,
                full_resolution=34 * H,
                requester_wait=30 * H,
                agent_wait=4 * H,
                on_hold=3 * H,
                one_touch_rate=1.0,
                fcr_rate=1.0,
                csat=0.0,
                csat_top2=0.0,
                nps=-100.0,
                ces=1.0,
                aht=100.0,
            ),
            _row(week1, None, incoming=1, solved=1, first_reply=2 * H, one_touch_rate=1.0, fcr_rate=1.0, nps=0.0),
            _row(
                week2,
                "bo",
                incoming=1,
                solved=1,
                backlog=1,  # J still
                high_priority_open=1,
                first_reply=H,
                first_resolution=6 * H,
                full_resolution=6 * H,
                requester_wait=2 * H,
                agent_wait=4 * H,
                on_hold=0.0,
                one_touch_rate=1.0,
                fcr_rate=1.0,
                csat=1.0,
                csat_top2=1.0,
                nps=100.0,
                ces=7.0,
                aht=50.0,
            ),
            _row(week2, None),  # no ticket of its own this week: zero counts
        ]
        assert table.rows(named=True) == want
        counts = ("incoming", "solved", "backlog", "high_priority_open", "reopens")
        assert table.schema == {
            "period": pl.Date,
            "assignee": pl.String,
            **{c: (pl.Int64 if c in counts else pl.Float64) for c in table.columns[2:]},
        }

    def test_two_keys(self):
        """Grouping by two columns keeps both, each a string."""
        tickets, events = _status_log()
        table = kpi_table(tickets, events, by=["priority", "assignee"], start=_at(11, 2), end=_at(11, 9))
        assert table.select("priority", "assignee", "incoming", "solved", "backlog").rows() == [
            ("high", "bo", 2, 1, 1),  # H solved, J open
            ("normal", "bo", 0, 0, 0),  # K is created after the window: its group's backlog is 0
            ("normal", None, 1, 1, 0),
        ]
        assert table.schema["priority"] == pl.String


class TestEmpty:
    @pytest.mark.parametrize("by", [(), "assignee"])
    def test_no_tickets_is_one_row_of_zeros_per_period(self, by):
        """Without tickets every period still has its row, with zero counts and null summaries."""
        tickets, events = _status_log()
        table = kpi_table(tickets.head(0), events.head(0), by=by, **WEEKS)
        if by:
            assert table.height == 0  # no member, so no group
            return
        assert table.select("period", "incoming", "solved", "backlog", "high_priority_open", "reopens").rows() == [
            (dt.date(2026, 11, 2), 0, 0, 0, 0, 0),
            (dt.date(2026, 11, 9), 0, 0, 0, 0, 0),
        ]
        assert table["full_resolution_median"].null_count() == table["csat"].null_count() == 2


class TestBusinessHours:
    def test_durations_count_open_hours_only(self):
        """Created Friday 16:00 in a 09:00–17:00 week: the Monday 10:00 reply took two open hours, 66 elapsed."""
        tickets = pl.DataFrame(
            {
                "ticket_id": ["a"],
                "created_at": [_at(11, 6, 16)],
                "priority": ["normal"],
                "status": ["solved"],
                "solved_at": [_at(11, 9, 12)],
                "team": ["t"],
            }
        )
        events = pl.DataFrame(
            {
                "ticket_id": ["a"] * 3,
                "at": [_at(11, 9, 10), _at(11, 9, 10), _at(11, 9, 12)],
                "kind": ["reply", "status", "status"],
                "from_status": [None, "new", "pending"],
                "to_status": [None, "pending", "solved"],
            }
        )
        week = BusinessCalendar(hours=WeeklyHours.weekdays("09:00", "17:00"), timezone="UTC")
        hours = {"t": week.intervals(dt.date(2026, 11, 1), dt.date(2026, 11, 30))}
        business = ticket_facts(tickets, events, clock="business", calendars=hours)
        assert business.clock == "business"
        assert business.calendars == hours
        columns = ("first_reply", "full_resolution", "requester_wait", "agent_wait")
        assert _facts_of(business, *columns)["a"] == (2 * H, 4 * H, 2 * H, 2 * H)
        calendar = ticket_facts(tickets, events, calendars=hours)
        assert calendar.calendars is None  # calendar time reads no calendars
        assert _facts_of(calendar, *columns)["a"] == (66 * H, 68 * H, 66 * H, 2 * H)
        table = kpi_table(tickets, events, clock="business", calendars=hours, start=_at(11, 2), end=_at(11, 16))
        assert table.select("first_reply_median", "full_resolution_p90").row(0) == (2 * H, 4 * H)
        no_events = ticket_facts(tickets, clock="business", calendars=hours)
        assert _facts_of(no_events, "full_resolution")["a"] == (4 * H,)

    def test_business_hours_on_a_database_engine(self):
        """On DuckDB the business clock reads the tables into polars (B(t) is numpy work); calendar time stays."""
        import duckdb  # noqa: PLC0415 - a test-only engine

        tickets, events = _known_log()
        week = BusinessCalendar(hours=WeeklyHours.weekdays("09:00", "17:00"), timezone="UTC")
        hours = {"t": week.intervals(dt.date(2026, 10, 26), dt.date(2026, 11, 30))}
        on_db = [duckdb.from_arrow(frame.to_arrow()) for frame in (tickets, events)]
        business = ticket_facts(*on_db, clock="business", calendars=hours)
        assert (
            business.to_polars()
            .sort("ticket_id")
            .equals(ticket_facts(tickets, events, clock="business", calendars=hours).to_polars().sort("ticket_id"))
        )
        assert business.frame.implementation.is_polars()
        alone = ticket_facts(on_db[0], clock="business", calendars=hours).to_polars().sort("ticket_id")
        assert alone["full_resolution"].to_list() == [0.0, 8 * H, None, 40 * H, 0.0, None, 8 * H]  # 09:00–17:00 only
        assert ticket_facts(*on_db).frame.implementation.is_duckdb()


class TestScorecard:
    def test_known_answers(self):
        """The scorecard's lean query (first replies only) gives the figures of the full table."""
        tickets, events = _known_log()
        policy = SlaPolicy(
            name="p",
            targets=[
                SlaTarget(metric="first_reply", priority=p, within=dt.timedelta(hours=1.5))
                for p in ("normal", "high", "urgent")
            ],
        )
        card = scorecard(tickets, events, start=_at(11, 2), end=_at(11, 16), policy=policy, by="assignee")
        got = card.select("period", "incoming", "solved", "first_reply_median", "sla_first_reply", "csat").rows()
        assert got == [
            (dt.date(2026, 11, 2), 3, 3, 1.5 * H, 0.5, 0.666667),  # A 1 h met, B 2 h missed, C no reply
            (dt.date(2026, 11, 9), 2, 1, 0.75 * H, 1.0, None),  # D's low priority has no target; E 1 h met
        ]


class TestContracts:
    """Every refusal names the field, carries the value received and says what was expected."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "field", "value", "expected"),
        [
            ({"clock": "business"}, InvalidValue, "calendars", None,
             "a team → IntervalSet mapping for business-hours metrics"),
            ({"clock": "wall"}, InvalidValue, "clock", "wall", CLOCK_RULE),
            ({"end": _at(11, 2)}, InvalidInterval, "end", _at(11, 2),
             "an instant after start 2026-11-02T00:00:00+00:00"),  # an empty window
            ({"start": dt.datetime(2026, 11, 2)}, NaiveDatetime, "start", dt.datetime(2026, 11, 2), None),
            ({"end": dt.datetime(2026, 11, 16)}, NaiveDatetime, "end", dt.datetime(2026, 11, 16), None),
            ({"by": ["team", "requester"]}, InvalidValue, "by", "requester",
             "one of assignee, team, channel, priority"),
            ({"stats": ("mean", "p100")}, InvalidValue, "stats", "p100", STATS_RULE),
            ({"stats": ("q50",)}, InvalidValue, "stats", "q50", STATS_RULE),  # not a p
            ({"stats": ("x50",)}, InvalidValue, "stats", "x50", STATS_RULE),
            ({"stats": ("p",)}, InvalidValue, "stats", "p", STATS_RULE),
            ({"stats": ("Median",)}, InvalidValue, "stats", "Median", STATS_RULE),
            ({"period": "year"}, InvalidValue, "period", "year", None),
        ],
    )  # fmt: skip
    def test_kpi_table_errors(self, kwargs, error, field, value, expected):
        """kpi_table refuses bad arguments before any work, naming the argument."""
        tickets, events = _known_log()
        with pytest.raises(error) as caught:
            kpi_table(tickets, events, **({"start": _at(11, 2), "end": _at(11, 16)} | kwargs))
        assert (caught.value.field, caught.value.value) == (field, value)
        if expected is not None:
            assert caught.value.expected == expected

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [({"period": "year"}, "period"), ({"by": "requester"}, "by"), ({"stats": ("p0",)}, "stats")],
    )
    def test_arguments_are_checked_before_the_data(self, kwargs, field):
        """A bad argument is reported as such even when the tickets lack a required column."""
        tickets, events = _known_log()
        with pytest.raises(InvalidValue) as caught:
            kpi_table(tickets.drop("status"), events, start=_at(11, 2), end=_at(11, 16), **kwargs)
        assert caught.value.field == field

    @pytest.mark.parametrize("which", ["tickets", "events"])
    def test_tables_must_be_frames(self, which):
        """A list where a table is expected is refused naming the argument, not with an engine's error."""
        tables = dict(zip(("tickets", "events"), _known_log(), strict=True)) | {which: [{"ticket_id": "A"}]}
        with pytest.raises(WrongType) as caught:
            kpi_table(tables["tickets"], tables["events"], start=_at(11, 2), end=_at(11, 16))
        assert (caught.value.field, caught.value.value) == (which, "list")

    def test_a_ticket_without_status_is_not_solved(self):
        """A null status is not solved or closed: the ticket is backlog, whatever its solved_at says."""
        tickets, events = _status_log()
        tickets = tickets.with_columns(
            pl.when(pl.col("ticket_id") == "I").then(None).otherwise(pl.col("status")).alias("status")
        )
        table = kpi_table(tickets, events, start=_at(11, 2), end=_at(11, 9))
        assert table.select("incoming", "solved", "backlog").row(0) == (3, 1, 2)  # I and J open at the end

    def test_every_statistic_form_is_accepted(self):
        """mean, median and p1 to p99 (one or two digits) are statistics."""
        tickets, events = _known_log()
        stats = ("mean", "median", "p1", "p9", "p50", "p99")
        table = kpi_table(tickets, events, start=_at(11, 9), end=_at(11, 16), stats=stats)
        want = (2700.0, 2700.0, 1818.0, 1962.0, 2700.0, 3582.0)  # 30 min and 1 h, interpolated
        assert table.select(*[f"first_reply_{s}" for s in stats]).row(0) == want

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (lambda t: ticket_facts(t, clock="wall"), InvalidValue, "clock", "wall", CLOCK_RULE),
            (lambda t: ticket_facts(t, waits="yes"), WrongType, "waits", "yes", "a bool"),
            (lambda t: TicketFacts(frame=nw.from_native(t.lazy()), clock="wall", has_events=False), InvalidValue,
             "clock", "wall", CLOCK_RULE),  # the constructor checks the clock too
            (lambda t: TicketFacts(frame=nw.from_native(t.lazy()), clock="business", calendars=[("t", None)],
                                   has_events=False), WrongType, "calendars", [("t", None)],
             "a mapping of team id (or None) to IntervalSet"),  # pairs are not a mapping, though dict() reads them
        ],
    )  # fmt: skip
    def test_ticket_facts_errors(self, call, error, field, value, expected):
        tickets, _ = _known_log()
        with pytest.raises(error) as caught:
            call(tickets)
        assert (caught.value.field, caught.value.value, caught.value.expected) == (field, value, expected)

    def test_facts_keep_their_own_calendars(self):
        """Editing the caller's mapping afterwards changes nothing in the facts."""
        week = BusinessCalendar(hours=WeeklyHours.weekdays("09:00", "17:00"), timezone="UTC")
        hours = {"t": week.intervals(dt.date(2026, 11, 1), dt.date(2026, 11, 30))}
        tickets, events = _known_log()
        facts = ticket_facts(tickets, events, clock="business", calendars=hours)
        hours["u"] = hours["t"]
        assert set(facts.calendars or {}) == {"t"}

    @pytest.mark.parametrize(
        ("kwargs", "error", "field", "value", "expected"),
        [
            ({"team": 3}, WrongType, "team", 3, "an id or a list of ids"),
            ({"member": 3}, WrongType, "member", 3, "an id or a list of ids"),
            ({"member": ("ann", None)}, WrongType, "member[1]", None, "an id (str)"),
            ({"team": ["t", 7]}, WrongType, "team[1]", 7, "an id (str)"),
            ({"start": _at(11, 3), "end": _at(11, 3)}, InvalidInterval, "end", _at(11, 3),
             "an instant after start 2026-11-03T00:00:00+00:00"),  # an empty window
            ({"start": _at(11, 3), "end": _at(11, 3).astimezone(dt.timezone(dt.timedelta(hours=1)))},
             InvalidInterval, "end", _at(11, 3), "an instant after start 2026-11-03T00:00:00+00:00"),
            ({"end": dt.datetime(2026, 11, 3)}, NaiveDatetime, "end", dt.datetime(2026, 11, 3), None),
            ({"start": dt.datetime(2026, 11, 3)}, NaiveDatetime, "start", dt.datetime(2026, 11, 3), None),
        ],
    )  # fmt: skip
    def test_filter_errors(self, kwargs, error, field, value, expected):
        facts = ticket_facts(*_known_log())
        with pytest.raises(error) as caught:
            facts.filter(**kwargs)
        assert (caught.value.field, caught.value.value) == (field, value)
        if expected is not None:
            assert caught.value.expected == expected


class TestFilter:
    def test_each_filter_alone(self):
        """A team, a member (one id or several), and a creation window [start, end) with tickets on its edges."""
        tickets, events = _status_log()
        facts = ticket_facts(
            tickets.with_columns(
                pl.when(pl.col("ticket_id") == "K").then(pl.lit("u")).otherwise(pl.col("team")).alias("team")
            ),
            events,
        )

        def ids(**kwargs: object) -> list[str]:
            return sorted(facts.filter(**kwargs).to_polars()["ticket_id"].to_list())

        assert ids(team="u") == ["K"]
        assert ids(team=["t"]) == ["H", "I", "J"]
        assert ids(member="bo") == ["H", "J", "K"]
        assert ids(member=["bo", "nobody"], team="t") == ["H", "J"]
        assert ids(start=_at(11, 3)) == ["I", "J", "K"]  # I is created at the start
        assert ids(end=_at(11, 4)) == ["H", "I"]  # J is created at the end
        assert ids(start=_at(11, 3), end=_at(11, 4)) == ["I"]

    def test_table_defaults_to_utc_periods(self):
        """TicketFacts.table without a zone counts UTC days, as kpi_table does."""
        tickets, events = _status_log()
        window = {"start": _at(11, 2), "end": _at(11, 5), "period": "day"}
        table = ticket_facts(tickets, events).table(**window)
        assert table.equals(kpi_table(tickets, events, tz="UTC", **window))
        assert table["period"].to_list() == [dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)]


class TestDask:
    """Outside the mutation run's selection (Dask costs seconds per table); checked by hand against its mutants."""

    def test_percentiles_by_member_on_dask(self, on_engine):
        """Dask's grouped percentiles (a shuffle by group) give the by-hand table, unassigned group included."""
        tickets, events = _status_log()
        kw = {"by": "assignee", "stats": ("median", "p25", "p90"), **WEEKS}
        want = kpi_table(tickets, events, **kw)
        assert want.filter(pl.col("assignee").is_null())["first_reply_p25"].to_list() == [2 * H, None]
        assert collected(kpi_table(on_engine("dask", tickets), on_engine("dask", events), **kw), want).equals(want)
        tickets, events = _known_log()  # three resolutions in a week: 3 h, 30 h, 72 h
        kw = {"stats": ("p25", "p90"), "start": _at(11, 2), "end": _at(11, 9)}
        want = kpi_table(tickets, events, **kw)
        assert want.select("full_resolution_p25", "full_resolution_p90").row(0) == (16.5 * H, 63.6 * H)
        assert collected(kpi_table(on_engine("dask", tickets), on_engine("dask", events), **kw), want).equals(want)
