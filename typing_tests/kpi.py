"""assert_type cases for teamcore.kpi (names under rename elsewhere are left out on purpose)."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import numpy as np
import numpy.typing as npt
import polars as pl

from teamcore.kpi import (
    SlaPolicy,
    TicketLog,
    business_seconds,
    daily_trend,
    kpi_table,
    scorecard,
    simulate_tickets,
    sla_achievement,
    sla_queue,
    sla_status,
    team_calendars,
    ticket_topics,
)
from teamcore.people import Organisation
from teamcore.scheduling import IntervalSet


def tables(org: Organisation, start: dt.datetime, end: dt.datetime, policy: SlaPolicy) -> None:
    """Every KPI table is on the tickets' engine: a polars DataFrame for one, a LazyFrame for a LazyFrame."""
    log = simulate_tickets(org, start=start, end=end, tickets_per_day=20, seed=1)
    assert_type(log, TicketLog)
    assert_type(log.tickets, pl.DataFrame)
    assert_type(log.events, pl.DataFrame)
    assert_type(kpi_table(log.tickets, log.events, start=start, end=end, by="team"), pl.DataFrame)
    assert_type(kpi_table(log.tickets.lazy(), start=start, end=end, period="week"), pl.LazyFrame)
    assert_type(daily_trend(log.tickets.lazy(), start=start, end=end), pl.LazyFrame)
    assert_type(scorecard(log.tickets, log.events, start=start, end=end, policy=policy, by="team"), pl.DataFrame)
    status = sla_status(log.tickets, log.events, policy, now=end)
    assert_type(status, pl.DataFrame)
    assert_type(sla_achievement(status, by="team"), pl.DataFrame)
    assert_type(sla_queue(log.tickets, log.events, policy, now=end), pl.DataFrame)
    assert_type(daily_trend(log.tickets, start=start, end=end), pl.DataFrame)
    assert_type(ticket_topics(log.tickets, start=start, end=end), dict[str, int])
    scorecard(log.tickets, log.events, start=start, end=end, policy=policy, by="country")  # type: ignore[arg-type]
    kpi_table(log.tickets, start=start, end=end, clock="wall")  # type: ignore[arg-type]


def business_time(org: Organisation, start: dt.datetime, end: dt.datetime, hours: IntervalSet) -> None:
    """Team calendars and business seconds as numpy arrays."""
    assert_type(team_calendars(org, start.date(), end.date()), dict[str | None, IntervalSet])
    assert_type(business_seconds([0], [3600], hours), npt.NDArray[np.int64])
