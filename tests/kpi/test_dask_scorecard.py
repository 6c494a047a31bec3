"""The scorecard's Dask path: tickets split by hash into polars buckets, identical to polars however partitioned.

These run on Dask's in-process scheduler (fast); ``test_dask_cluster.py`` runs the same path on a two-worker
cluster over Parquet row groups.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from teamcore.exceptions import TeamcoreError
from teamcore.kpi import SlaPolicy, SlaTarget, TicketLog, load_tickets, scorecard, team_calendars
from teamcore.kpi._dask import MAX_BUCKETS, buckets
from tests.frames import collected

from .conftest import END, START, small_org

dd = pytest.importorskip("dask.dataframe")

HOURS = team_calendars(small_org(), START.date() - dt.timedelta(days=1), END.date() + dt.timedelta(days=60))
TARGETS = [
    SlaTarget(metric="first_reply", priority=p, within=dt.timedelta(hours=h))
    for p, h in (("urgent", 1), ("high", 4), ("normal", 8))  # no target for "low": undecided rows
]
BUSINESS = SlaPolicy(name="business", business_hours=True, targets=TARGETS)
CALENDAR = SlaPolicy(name="calendar", targets=TARGETS)


def _dask(frame: pl.DataFrame, npartitions: int) -> Any:
    """`frame` as a Dask frame of `npartitions` partitions in row order (a ticket's events in several of them)."""
    return dd.from_pandas(frame.to_pandas(), npartitions=npartitions, sort=False)


def _card(tickets: Any, events: Any, **kwargs: Any) -> pl.DataFrame:
    card = scorecard(tickets, events, start=START, end=END, tz="Europe/Oslo", **kwargs)
    return collected(card)


class TestBuckets:
    def test_one_bucket_per_partition_up_to_the_cap(self):
        """Few partitions give as many buckets; many give MAX_BUCKETS."""
        assert [buckets(n) for n in (1, 3, MAX_BUCKETS, 50)] == [1, 3, MAX_BUCKETS, MAX_BUCKETS]


class TestScorecardOnDask:
    def test_events_of_a_ticket_span_partitions(self, log: TicketLog):
        """The inputs below split tickets' replies across partitions, so the reduction per partition is exercised."""
        replies = log.events.filter(pl.col("kind") == "reply").with_row_index()
        size = replies.height // 17 + 1
        spread = replies.group_by("ticket_id").agg((pl.col("index") // size).n_unique().alias("parts"))
        assert spread["parts"].max() > 1  # type: ignore[operator]

    @pytest.mark.parametrize(
        ("npartitions", "policy"),
        [(1, BUSINESS), (3, CALENDAR), (17, BUSINESS)],
        ids=["one bucket", "three buckets", "more partitions than buckets"],
    )
    def test_identical_to_polars_however_partitioned(self, log: TicketLog, npartitions: int, policy: SlaPolicy):
        """One bucket, fewer buckets than the cap, and more partitions than buckets: polars' table each time."""
        want = _card(log.tickets, log.events, policy=policy, calendars=HOURS)
        got = _card(_dask(log.tickets, npartitions), _dask(log.events, npartitions), policy=policy, calendars=HOURS)
        assert want.height > 0
        assert got.equals(want)

    def test_by_team_without_events(self, log: TicketLog):
        """Without events no ticket has a first reply: null medians and SLA, counts and CSAT still as polars."""
        want = _card(log.tickets, None, policy=CALENDAR, by="team")
        got = _card(_dask(log.tickets, 5), None, policy=CALENDAR, by="team")
        assert want["first_reply_median"].null_count() == want.height
        assert got.equals(want)

    def test_unassigned_tickets_form_one_row(self, log: TicketLog):
        """Tickets without an assignee, in every bucket, are summed into one null-assignee row per week."""
        row = pl.int_range(pl.len())
        tickets = log.tickets.with_columns(pl.when(row % 7 == 0).then(None).otherwise("assignee").alias("assignee"))
        want = _card(tickets, log.events, policy=CALENDAR)
        got = _card(_dask(tickets, 9), _dask(log.events, 9), policy=CALENDAR)
        assert want.filter(pl.col("assignee").is_null()).height > 0
        assert got.equals(want)

    def test_loaded_tickets(self, log: TicketLog):
        """The kept rows of a Dask load (pandas "str" ids) give polars' scorecard."""
        loaded = load_tickets(_dask(log.tickets, 6), members=small_org())
        want = _card(log.tickets, log.events, policy=BUSINESS, calendars=HOURS)
        assert _card(loaded.frame, _dask(log.events, 4), policy=BUSINESS, calendars=HOURS).equals(want)

    def test_missing_column_is_reported_before_running(self, log: TicketLog):
        """A table without a required column fails at once with teamcore's error naming it."""
        with pytest.raises(TeamcoreError, match="priority"):
            scorecard(
                _dask(log.tickets.drop("priority"), 3), _dask(log.events, 3), start=START, end=END, policy=CALENDAR
            )
