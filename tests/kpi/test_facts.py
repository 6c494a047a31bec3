"""TicketFacts and SlaEvaluation: the public building blocks behind kpi_table, sla_status and sla_queue."""

from __future__ import annotations

import datetime as dt

import attrs
import narwhals as nw
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidInterval, NaiveDatetime, WrongType
from teamcore.kpi import (
    SlaEvaluation,
    SlaPolicy,
    SlaTarget,
    TicketFacts,
    TicketLog,
    evaluate_sla,
    kpi_table,
    sla_achievement,
    sla_calendars,
    sla_queue,
    sla_status,
    team_calendars,
    ticket_facts,
)
from teamcore.people import Organisation
from teamcore.strategies import tickets as ticket_logs
from tests.frames import collected

from .conftest import END, START, small_org

UTC = dt.UTC
ENGINES = ["polars", "polars-lazy", "pandas", "pyarrow", "duckdb", "dask"]
WINDOW = {"start": START + dt.timedelta(days=7), "end": END}
TABLE = {"period": "week", "by": "assignee", "tz": "Europe/Oslo", "stats": ("mean", "median", "p90"), **WINDOW}
POLICY = SlaPolicy(
    name="standard",
    targets=[
        SlaTarget(metric=metric, priority=priority, within=dt.timedelta(hours=hours))
        for metric, hours in (("first_reply", 2), ("resolution", 16))
        for priority in ("normal", "high", "urgent")
    ],
)
NOW = END - dt.timedelta(days=2)


def _of(tickets: pl.DataFrame, team: str | None = None, member: str | None = None) -> pl.DataFrame:
    """The rows of a team or a member, filtered in plain polars: the oracle for TicketFacts.filter."""
    if team is not None:
        tickets = tickets.filter(pl.col("team") == team)
    if member is not None:
        tickets = tickets.filter(pl.col("assignee") == member)
    return tickets


class TestTicketFacts:
    @pytest.mark.parametrize("engine", ENGINES)
    def test_filter_by_team_then_table(self, log: TicketLog, on_engine, engine):
        """Facts filtered by team on any engine give the table of the team's tickets."""
        facts = ticket_facts(on_engine(engine, log.tickets), on_engine(engine, log.events))
        got = facts.filter(team="nordic").table(**TABLE)
        want = kpi_table(_of(log.tickets, team="nordic"), log.events, **TABLE)
        assert want.height > 0
        assert collected(got, want).equals(want)
        assert not collected(got, want).equals(collected(facts.table(**TABLE), want))

    @pytest.mark.parametrize("engine", ["polars", "pandas", "duckdb"])
    def test_filter_by_member_and_window(self, log: TicketLog, on_engine, engine):
        """Member and creation-window filters keep those tickets alone, on the facts' engine."""
        lo, hi = START + dt.timedelta(days=3), START + dt.timedelta(days=10)
        facts = ticket_facts(on_engine(engine, log.tickets), on_engine(engine, log.events))
        got = facts.filter(member=["ann", "cy"], start=lo, end=hi)
        mine = log.tickets.filter(
            pl.col("assignee").is_in(["ann", "cy"]) & (pl.col("created_at") >= lo) & (pl.col("created_at") < hi)
        )
        assert got.frame.implementation == facts.frame.implementation
        assert sorted(got.to_polars()["ticket_id"].to_list()) == sorted(mine["ticket_id"].to_list())
        want = kpi_table(mine, log.events, **TABLE)
        assert collected(got.table(**TABLE), want).equals(want)

    def test_business_clock_is_carried(self, log: TicketLog, org: Organisation):
        """The clock and calendars the facts were computed with are the ones their tables use."""
        hours = team_calendars(org, dt.date(2026, 9, 1), dt.date(2026, 12, 1))
        facts = ticket_facts(log.tickets, log.events, clock="business", calendars=hours)
        assert (facts.clock, facts.has_events) == ("business", True)
        assert facts.filter(team="us").clock == "business"
        want = kpi_table(_of(log.tickets, team="us"), log.events, clock="business", calendars=hours, **TABLE)
        assert facts.filter(team="us").table(**TABLE).equals(want)

    def test_without_events(self, log: TicketLog):
        """Facts without events remember it: the table has null reopens, as kpi_table's."""
        facts = ticket_facts(log.tickets)
        assert not facts.has_events
        table = facts.filter(team="nordic").table(**TABLE)
        assert table.equals(kpi_table(_of(log.tickets, team="nordic"), **TABLE))
        assert table["reopens"].null_count() == table.height

    def test_value_object(self, log: TicketLog):
        """A frozen value: a short repr without rows, read-only calendars, no filter returns itself."""
        facts = ticket_facts(log.tickets.lazy(), log.events.lazy(), waits=False)
        assert repr(facts) == "TicketFacts(engine='polars', clock='calendar', has_events=True, waits=False)"
        assert facts.filter() is facts
        assert isinstance(facts.filter(team="nordic"), TicketFacts)
        assert isinstance(facts.frame, nw.LazyFrame)
        assert isinstance(facts.to_native(), pl.LazyFrame)
        assert facts.to_polars().height == log.tickets.height
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            facts.clock = "business"  # type: ignore[misc]
        hours = team_calendars(small_org(), dt.date(2026, 10, 1), dt.date(2026, 10, 2))
        business = ticket_facts(log.tickets, clock="business", calendars=hours)
        with pytest.raises(TypeError):
            business.calendars["nordic"] = hours["us"]  # type: ignore[index]

    def test_unknown_team_is_empty(self, log: TicketLog):
        """A team without tickets gives an empty table, not an error (empty valid input)."""
        assert ticket_facts(log.tickets, log.events).filter(team="nobody").table(**TABLE).height == 0

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"team": 3}, WrongType, "team"),  # not an id
            ({"member": ["ann", None]}, WrongType, r"member\[1\]"),  # one id is not a string
            ({"start": dt.datetime(2026, 10, 5)}, NaiveDatetime, "start"),
            ({"start": END, "end": START}, InvalidInterval, "end"),  # end before start
            ({"end": "2026-10-05"}, WrongType, "end"),  # a string, not a datetime
        ],
    )
    def test_bad_filter(self, log: TicketLog, kwargs, error, match):
        """Bad filter arguments raise an error naming the argument."""
        facts = ticket_facts(log.tickets, log.events)
        with pytest.raises(error, match=match):
            facts.filter(**kwargs)

    @settings(max_examples=15, deadline=None)
    @given(log=ticket_logs(small_org(), max_days=10, max_per_day=20), team=st.sampled_from(["nordic", "us"]))
    def test_filter_then_table_is_table_of_filtered(self, log: TicketLog, team: str):
        """Metamorphic: filtering the facts by team then tabulating equals tabulating the team's tickets."""
        start = log.tickets["created_at"].min() or START
        window = {"start": start, "end": start + dt.timedelta(days=11), "period": "day", "by": "assignee"}
        got = ticket_facts(log.tickets, log.events).filter(team=team).table(**window)
        assert got.equals(kpi_table(_of(log.tickets, team=team), log.events, **window))


class TestSlaEvaluation:
    @pytest.mark.parametrize("engine", ["polars", "polars-lazy", "pandas", "duckdb", "dask"])
    def test_equals_status_and_queue(self, log: TicketLog, on_engine, engine):
        """One evaluation gives what sla_status and sla_queue give, on every engine."""
        tickets, events = on_engine(engine, log.tickets), on_engine(engine, log.events)
        evaluation = evaluate_sla(tickets, events, POLICY, now=NOW)
        assert evaluation.status.equals(sla_status(log.tickets, log.events, POLICY, now=NOW))
        assert evaluation.queue.equals(sla_queue(log.tickets, log.events, POLICY, now=NOW))
        assert evaluation.queue.height > 0

    def test_business_hours_with_sla_calendars(self, log: TicketLog, org: Organisation):
        """A business-hours policy evaluated with sla_calendars agrees with the wrappers given the same calendars."""
        policy = attrs.evolve(POLICY, business_hours=True)
        hours = sla_calendars(org, log.tickets["created_at"].min(), NOW)
        evaluation = evaluate_sla(log.tickets, log.events, policy, now=NOW, calendars=hours)
        assert evaluation.status.equals(sla_status(log.tickets, log.events, policy, now=NOW, calendars=hours))
        assert evaluation.queue.equals(sla_queue(log.tickets, log.events, policy, now=NOW, calendars=hours))
        assert evaluation.queue["breach_at"].null_count() < evaluation.queue.height

    def test_value_object(self, log: TicketLog):
        """A short repr, the policy and instant it was made with, and achievement of its status."""
        evaluation = evaluate_sla(log.tickets, log.events, POLICY, now=NOW)
        assert isinstance(evaluation, SlaEvaluation)
        assert evaluation.now == NOW
        assert repr(evaluation).startswith("SlaEvaluation(policy='standard', now='2026-10-31T00:00:00+00:00', ")
        assert evaluation.policy is POLICY
        assert evaluation.achievement(by="metric").equals(sla_achievement(evaluation.status, by="metric"))


class TestSlaCalendars:
    def test_window(self, org: Organisation):
        """From the day before the first ticket to 60 days after now, a datetime counting by its UTC date."""
        first, now = dt.datetime(2026, 10, 5, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-2))), END
        got = sla_calendars(org, first, now)
        want = team_calendars(org, dt.date(2026, 10, 5), now.date() + dt.timedelta(days=60))
        assert got == want
        assert sla_calendars(org, dt.date(2026, 10, 6), now) == want

    @pytest.mark.parametrize(
        ("first", "error"),
        [
            ("2026-10-05", WrongType),  # text, not a date
            (dt.datetime(2026, 10, 5), NaiveDatetime),
        ],
    )
    def test_bad_first(self, org: Organisation, first, error):
        """The first day must be a date or an aware datetime."""
        with pytest.raises(error, match="first"):
            sla_calendars(org, first, END)
