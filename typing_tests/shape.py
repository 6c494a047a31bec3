"""assert_type cases for the shape issue 12 gave the library: one load result, public KPI blocks, one name each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, assert_type

import narwhals as nw
import polars as pl

from teamcore import LoadResult, Rejected
from teamcore.feedback import (
    ComplianceStatus,
    FeedbackLog,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Record,
    load_feedback,
)
from teamcore.knowledge import Article, load_articles
from teamcore.kpi import (
    TICKET_TRANSITIONS,
    KpiTarget,
    SlaEvaluation,
    SlaPolicy,
    TicketFacts,
    evaluate_sla,
    load_events,
    load_tickets,
    sla_calendars,
    ticket_facts,
)
from teamcore.mentoring import MentoringPair, load_pairs
from teamcore.people import Organisation
from teamcore.scheduling import IntervalSet, OneOnOneSlot, one_on_ones
from teamcore.staffing import Forecast, StaffingCriteria, load_forecast, load_forecast_rows


def load_results(path: Path) -> None:
    """Every row loader returns the one LoadResult; items keep their type, tables sit in the frame."""
    articles = load_articles(path)
    assert_type(articles, LoadResult[Article])
    assert_type(articles.items, tuple[Article, ...])
    assert_type(articles.rejected, tuple[Rejected, ...])
    assert_type(articles.rows_in, int)
    assert_type(articles.loaded, int)
    assert_type(articles.raise_if_rejected(), LoadResult[Article])
    assert_type(load_pairs(path), LoadResult[MentoringPair])
    records = load_feedback(path)
    assert_type(records, LoadResult[Record])
    assert_type(FeedbackLog.from_records(records.items), FeedbackLog)
    tickets = load_tickets(path)
    assert_type(tickets, LoadResult[Any])
    assert_type(load_events(path, tickets.frame), LoadResult[Any])
    assert_type(load_forecast_rows(path), LoadResult[Any])
    assert_type(load_forecast(path), Forecast)
    assert_type(Rejected(row=1, reason="x").row, int)


def kpi_blocks(org: Organisation, tickets: pl.DataFrame, events: pl.DataFrame, policy: SlaPolicy) -> None:
    """Per-ticket facts and SLA evaluations are public values with typed methods."""
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    facts = ticket_facts(tickets, events)
    assert_type(facts, TicketFacts[pl.DataFrame])
    assert_type(facts.filter(team="nordics"), TicketFacts[pl.DataFrame])
    assert_type(facts.frame, nw.LazyFrame[Any])
    assert_type(facts.table(start=now - dt.timedelta(days=7), end=now, by="assignee"), pl.DataFrame)
    assert_type(facts.to_polars(), pl.DataFrame)
    lazy_facts = ticket_facts(tickets.lazy(), events.lazy())
    assert_type(lazy_facts.table(start=now - dt.timedelta(days=7), end=now), pl.LazyFrame)
    calendars = sla_calendars(org, now.date(), now)
    assert_type(calendars, dict[str | None, IntervalSet])
    evaluation = evaluate_sla(tickets, events, policy, now=now, calendars=calendars)
    assert_type(evaluation, SlaEvaluation)
    assert_type(evaluation.status, pl.DataFrame)
    assert_type(evaluation.queue, pl.DataFrame)
    facts.filter(team=3)  # type: ignore[arg-type]


def names(org: Organisation) -> None:
    """One name, one meaning; state tables of one shape; a slot becomes a series."""
    assert_type(TICKET_TRANSITIONS[("new", "open")], str)
    assert_type(KpiTarget(metric="csat", goal=0.9, direction="at_least"), KpiTarget)
    assert_type(StaffingCriteria.parse("80/20"), StaffingCriteria)
    assert_type(ComplianceStatus("met"), ComplianceStatus)
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    team = org.team("nordics")
    slots = one_on_ones(org.member(team.lead), [org.member(m) for m in team.members], first=now.date())
    assert_type(slots, tuple[OneOnOneSlot, ...])
    assert_type(OneOnOneSeries.from_slot(slots[0], id="s1"), OneOnOneSeries)
    assert_type(OneOnOneOccurrence(series="s1", scheduled=now.date()), OneOnOneOccurrence)
