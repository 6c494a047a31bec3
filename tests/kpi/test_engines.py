"""KPI functions hand their tables back on the caller's engine: pandas in, pandas out; lazy in, lazy out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings

from teamcore.exceptions import WrongType
from teamcore.kpi import (
    KpiTarget,
    SlaPolicy,
    SlaTarget,
    TicketLog,
    daily_trend,
    evaluate_targets,
    heatmap,
    kpi_table,
    lead_tasks,
    logged_hours,
    scorecard,
    sla_achievement,
    sla_queue,
    sla_status,
    ticket_facts,
)
from teamcore.strategies import tickets as ticket_logs
from tests.frames import collected

from .conftest import END, START, small_org

ENGINES = ["polars", "polars-lazy", "pandas"]
KIND = {"polars": pl.DataFrame, "polars-lazy": pl.LazyFrame, "pandas": pd.DataFrame}
NOW = END
POLICY = SlaPolicy(
    name="p",
    targets=[
        SlaTarget(metric="first_reply", priority=p, within=dt.timedelta(hours=h))
        for p, h in (("urgent", 1), ("high", 4), ("normal", 8), ("low", 24))
    ],
)
WEEKS = {"start": START, "end": END, "period": "week"}

Call = Callable[[Any, Any], Any]
"""One public KPI function applied to (tickets, events) on some engine."""

CALLS: dict[str, Call] = {
    "kpi_table": lambda t, e: kpi_table(t, e, by="team", **WEEKS),
    "TicketFacts.table": lambda t, e: ticket_facts(t, e).filter(team="nordic").table(by="assignee", **WEEKS),
    "sla_status": lambda t, e: sla_status(t, e, POLICY, now=NOW),
    "sla_queue": lambda t, e: sla_queue(t, e, POLICY, now=NOW),
    "scorecard": lambda t, e: scorecard(t, e, start=START, end=END, policy=POLICY),
    "daily_trend": lambda t, _e: daily_trend(t, start=START, end=END, tz="Europe/Oslo"),
    "heatmap": lambda t, _e: heatmap(t, start=START, end=END, tz="America/New_York"),
    "logged_hours": lambda t, _e: logged_hours(t, start=START, end=END),
    "lead_tasks": lambda t, _e: lead_tasks(t, small_org(), now=NOW),
}


def _on(engine: str, frame: pl.DataFrame) -> Any:
    return {"polars": frame, "polars-lazy": frame.lazy(), "pandas": frame.to_pandas()}[engine]


class TestEveryFunction:
    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize("name", sorted(CALLS))
    def test_same_engine_and_values(self, log: TicketLog, name: str, engine: str):
        """Each KPI function returns the caller's kind of frame, with the values polars gives."""
        want = CALLS[name](log.tickets, log.events)
        got = CALLS[name](_on(engine, log.tickets), _on(engine, log.events))
        assert isinstance(want, pl.DataFrame)
        assert want.height > 0, name  # a table with rows, so equal values say something
        assert type(got) is KIND[engine]
        assert collected(got, want).equals(want)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_tables_of_tables_keep_the_engine(self, log: TicketLog, engine: str):
        """evaluate_targets and sla_achievement take a table on any engine and return it on that engine."""
        table = kpi_table(log.tickets, log.events, by="assignee", **WEEKS)
        targets = [KpiTarget(metric="csat", goal=0.8, direction="at_least")]
        want = evaluate_targets(table, targets, key="assignee")
        got = evaluate_targets(_on(engine, table), targets, key="assignee")
        assert type(got) is KIND[engine]
        assert collected(got, want).equals(want)
        status = sla_status(log.tickets, log.events, POLICY, now=NOW)
        want = sla_achievement(status, by="metric")
        got = sla_achievement(_on(engine, status), by="metric")
        assert type(got) is KIND[engine]
        assert collected(got, want).equals(want)

    def test_pandas_loses_nothing(self, log: TicketLog):
        """pandas gets pyarrow-backed columns: dates stay dates, integer nulls stay nulls; read back, it is polars'."""
        got = kpi_table(log.tickets.to_pandas(), None, by="assignee", **WEEKS)
        want = kpi_table(log.tickets, None, by="assignee", **WEEKS)
        assert str(got["period"].dtype) == "date32[day][pyarrow]"
        assert want["reopens"].null_count() == want.height  # no events: reopens unknown, an integer column of nulls
        assert str(got["reopens"].dtype) == "int64[pyarrow]"
        assert pl.from_pandas(got).equals(want)

    def test_not_a_frame(self):
        """A table that is not a frame is refused naming the argument, not with pandas' or polars' error."""
        with pytest.raises(WrongType, match="table"):
            evaluate_targets([1, 2], [], key="assignee")  # type: ignore[type-var]


class TestProperty:
    @settings(max_examples=10, deadline=None)
    @given(log=ticket_logs(small_org(), max_days=8, max_per_day=12))
    def test_three_engines_agree(self, log: TicketLog):
        """On small random ticket logs, polars, lazy polars and pandas give the same KPI values."""
        start = log.tickets["created_at"].min() or START
        window = {"start": start, "end": start + dt.timedelta(days=9), "period": "day", "by": "assignee"}
        want = kpi_table(log.tickets, log.events, **window)
        lazy = kpi_table(log.tickets.lazy(), log.events.lazy(), **window)
        on_pandas = kpi_table(log.tickets.to_pandas(), log.events.to_pandas(), **window)
        assert isinstance(lazy, pl.LazyFrame)
        assert isinstance(on_pandas, pd.DataFrame)
        assert lazy.collect().equals(want)
        assert collected(on_pandas, want).equals(want)
