"""The KPI suite on a real Dask cluster: many partitions from Parquet row groups, every result identical to polars.

The inputs are Parquet files read with ``split_row_groups=True``, so each row group is a partition (a dozen or
more per table, as a data lake's files give), and every graph runs on a ``LocalCluster`` of two worker processes:
the functions and calendars travel to the workers by pickle, and only results come back. Each public KPI result
is one ``compute`` (one graph sent to the scheduler), counted by a scheduler plugin; ``load_events`` is two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest
from distributed.diagnostics.plugin import SchedulerPlugin

from teamcore.kpi import (
    SlaPolicy,
    SlaTarget,
    TicketLog,
    daily_trend,
    evaluate_sla,
    heatmap,
    kpi_table,
    lead_tasks,
    load_events,
    load_tickets,
    logged_hours,
    scorecard,
    sla_queue,
    sla_status,
    team_calendars,
    ticket_facts,
)
from tests.frames import collected

from .conftest import END, START, small_org

NOW = END
WEEKS = {"start": START, "end": END, "period": "week"}
HOURS = team_calendars(small_org(), START.date() - dt.timedelta(days=1), NOW.date() + dt.timedelta(days=60))
TARGETS = [
    SlaTarget(metric=metric, priority=p, within=dt.timedelta(hours=h))
    for metric, scale in (("first_reply", 1), ("resolution", 6))
    for p, h in (("urgent", 1 * scale), ("high", 4 * scale), ("normal", 8 * scale), ("low", 24 * scale))
]
POLICY = SlaPolicy(name="calendar", targets=TARGETS)
BUSINESS = SlaPolicy(name="business", business_hours=True, targets=TARGETS)

Call = Callable[[Any, Any], Any]
"""One public KPI result from (tickets, events) on some engine, as a frame."""

CALLS: dict[str, Call] = {
    "kpi_table": lambda t, e: kpi_table(t, e, by="team", **WEEKS),
    "kpi_table business hours": lambda t, e: kpi_table(
        t, e, by="assignee", clock="business", calendars=HOURS, stats=("mean", "median", "p25", "p90"), **WEEKS
    ),
    "kpi_table without events": lambda t, _e: kpi_table(t, None, by="channel", **WEEKS),
    "TicketFacts.table": lambda t, e: ticket_facts(t, e).filter(team="nordic").table(by="assignee", **WEEKS),
    "TicketFacts.to_polars": lambda t, e: (
        ticket_facts(t, e, clock="business", calendars=HOURS).to_polars().sort("ticket_id")  # rows in no set order
    ),
    "scorecard": lambda t, e: scorecard(t, e, start=START, end=END, policy=POLICY),
    "scorecard business hours": lambda t, e: scorecard(
        t, e, start=START, end=END, policy=BUSINESS, by="team", tz="Europe/Oslo", calendars=HOURS
    ),
    "sla_status": lambda t, e: sla_status(t, e, POLICY, now=NOW),
    "sla_status business hours": lambda t, e: sla_status(t, e, BUSINESS, now=NOW, calendars=HOURS),
    "sla_queue": lambda t, e: sla_queue(t, e, BUSINESS, now=NOW, calendars=HOURS),
    "evaluate_sla": lambda t, e: evaluate_sla(t, e, BUSINESS, now=NOW, calendars=HOURS).status,
    "daily_trend": lambda t, _e: daily_trend(t, start=START, end=END, tz="Europe/Oslo"),
    "heatmap": lambda t, _e: heatmap(t, start=START, end=END, tz="America/New_York"),
    "logged_hours": lambda t, _e: logged_hours(t, start=START, end=END),
    "lead_tasks": lambda t, _e: lead_tasks(t, small_org(), now=NOW),
    "load_tickets": lambda t, _e: _loaded(load_tickets(t, members=small_org())),
    "load_events": lambda t, e: _loaded(load_events(e, t)),
}


def _loaded(result: Any) -> Any:
    """A load's kept rows, with its count and rejected rows checked by the caller through the frame's height."""
    return result.frame, result.rows_in, [(r.row, r.reason) for r in result.rejected]


class GraphCount(SchedulerPlugin):
    """A scheduler plugin counting the graphs clients send: one per ``compute`` (or ``persist``)."""

    name = "teamcore-graph-count"

    def __init__(self) -> None:
        self.graphs = 0

    def update_graph(self, scheduler: Any, **kwargs: Any) -> None:
        """Count one graph."""
        self.graphs += 1


@pytest.fixture(scope="module")
def parquet(log: TicketLog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The log as Parquet: tickets in one file of many row groups, events in a folder of four such files.

    ``bad-tickets.parquet`` has three invalid rows (unknown priority or status), so the loaders have rows to reject.
    """
    folder = tmp_path_factory.mktemp("lake")
    row = pl.int_range(pl.len())
    spoilt = log.tickets.with_columns(
        pl.when(row == 3).then(pl.lit("p9")).when(row == 700).then(pl.lit("")).otherwise("priority").alias("priority"),
        pl.when(row == 250).then(pl.lit("nope")).otherwise("status").alias("status"),
    )
    pq.write_table(log.tickets.to_arrow(), folder / "tickets.parquet", row_group_size=50)
    pq.write_table(spoilt.to_arrow(), folder / "bad-tickets.parquet", row_group_size=50)
    events = folder / "events"
    events.mkdir()
    for k, part in enumerate(log.events.iter_slices(log.events.height // 4 + 1)):
        pq.write_table(part.to_arrow(), events / f"part-{k}.parquet", row_group_size=400)
    return {"tickets": folder / "tickets.parquet", "bad": folder / "bad-tickets.parquet", "events": events}


@pytest.fixture(scope="module")
def graphs(dask_client: Any) -> Iterator[GraphCount]:
    """Every Dask graph of this module runs on the session's cluster, and the scheduler counts them."""
    import dask  # noqa: PLC0415 - a test-only engine

    counter = GraphCount()
    scheduler = dask_client.cluster.scheduler
    scheduler.add_plugin(counter, name=counter.name)
    with dask.config.set(scheduler=dask_client):
        yield counter
    scheduler.remove_plugin(name=counter.name)


def _read(path: Path) -> Any:
    """A Dask frame of the Parquet file or folder at `path`, one partition per row group."""
    import dask.dataframe as dd  # noqa: PLC0415 - a test-only engine

    return dd.read_parquet(path, split_row_groups=True)


def _polars(value: Any) -> Any:
    """A result (a frame, or a load's frame, count and rejected rows) with every frame collected into polars."""
    if isinstance(value, tuple):
        return tuple(_polars(v) for v in value)
    if isinstance(value, list | int):
        return value
    return collected(value)


class TestOnACluster:
    def test_inputs_have_many_partitions(self, parquet: dict[str, Path]):
        """The tickets and events arrive as a dozen partitions or more: each row group is one."""
        assert _read(parquet["tickets"]).npartitions >= 12
        assert _read(parquet["events"]).npartitions >= 12

    @pytest.mark.parametrize("name", sorted(CALLS))
    def test_identical_to_polars_in_one_compute(
        self, parquet: dict[str, Path], log: TicketLog, graphs: GraphCount, name: str
    ):
        """Each KPI result on the cluster equals polars' on the same rows, and costs one graph (one compute)."""
        want = _polars(CALLS[name](log.tickets, log.events))
        tickets, events = _read(parquet["tickets"]), _read(parquet["events"])
        before = graphs.graphs
        got = CALLS[name](tickets, events)
        computes = graphs.graphs - before
        got = _polars(got)
        if isinstance(want, pl.DataFrame):
            assert want.height > 0, name  # a table with rows, so equal values say something
            assert got.equals(want), name
        else:
            assert got[1:] == want[1:], name  # rows read, rejected rows
            order = ["ticket_id", *(["at", "kind"] if "at" in want[0].columns else [])]
            assert got[0].sort(order).equals(want[0].sort(order)), name  # a lazy engine's kept rows: any order
        # load_events is two: its rows and rejections, then the checks of the kept rows against the tickets.
        assert computes == (2 if name == "load_events" else 1), f"{name}: {computes} graphs"

    def test_loaders_reject_what_polars_rejects(self, parquet: dict[str, Path], graphs: GraphCount):
        """Bad rows are found on the workers and numbered in file order across partitions, as polars numbers them."""
        before = graphs.graphs
        on_cluster = load_tickets(_read(parquet["bad"]))
        assert graphs.graphs - before == 1
        in_polars = load_tickets(pl.read_parquet(parquet["bad"]))
        assert [r.row for r in on_cluster.rejected] == [r.row for r in in_polars.rejected] == [4, 251, 701]
        assert [r.reason for r in on_cluster.rejected] == [r.reason for r in in_polars.rejected]
        assert on_cluster.rows_in == in_polars.rows_in
        assert collected(on_cluster.frame).equals(in_polars.frame)
