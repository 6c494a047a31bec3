"""The SLA queue: targets still running on open tickets, soonest breach first."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamcore.kpi import SlaPolicy, SlaTarget, TicketLog, business_seconds, sla_queue, sla_status, team_calendars
from teamcore.people import Organisation

from .conftest import END, START

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 2, 9, tzinfo=UTC)
H = dt.timedelta(hours=1)
NULL_TIME = pl.Datetime("us", "UTC")


def _policy(*, business: bool = False) -> SlaPolicy:
    return SlaPolicy(
        name="p",
        business_hours=business,
        targets=[
            SlaTarget(metric=m, priority=p, within=w)
            for p in ("low", "normal", "high", "urgent")
            for m, w in (("first_reply", 4 * H), ("resolution", 48 * H))
        ],
    )


def _tickets() -> tuple[pl.DataFrame, pl.DataFrame]:
    """a: replied, open; b: no reply, open; c: solved; d: pending since hour 1, no reply."""
    tickets = pl.DataFrame(
        {
            "ticket_id": ["a", "b", "c", "d"],
            "created_at": [T0, T0 + H, T0, T0],
            "priority": ["normal"] * 4,
            "status": ["open", "new", "solved", "pending"],
            "solved_at": pl.Series([None, None, T0 + 2 * H, None], dtype=NULL_TIME),
            "team": ["t"] * 4,
            "assignee": ["ann", "bo", "ann", "bo"],
        }
    )
    events = pl.DataFrame(
        {
            "ticket_id": ["a", "a", "c", "c", "d"],
            "kind": ["reply", "status", "reply", "status", "status"],
            "at": [T0 + H, T0 + H, T0 + H, T0 + 2 * H, T0 + H],
            "from_status": [None, "new", None, "new", "new"],
            "to_status": [None, "open", None, "solved", "pending"],
        },
        schema_overrides={"at": NULL_TIME},
    )
    return tickets, events


class TestSlaQueue:
    def test_running_targets_of_open_tickets_only(self):
        """Solved tickets and stopped metrics (a's first reply) are left out; pending d stays, paused."""
        tickets, events = _tickets()
        queue = sla_queue(tickets, events, _policy(), now=T0 + 10 * H)
        assert sorted(queue.select("ticket_id", "metric", "status").rows()) == [
            ("a", "resolution", "open"),
            ("b", "first_reply", "new"),
            ("b", "resolution", "new"),
            ("d", "first_reply", "pending"),
            ("d", "resolution", "pending"),
        ]

    def test_breached_first_then_soonest(self):
        """Sorted by time until breach: overdue longest first, negative until breach and flagged."""
        tickets, events = _tickets()
        queue = sla_queue(tickets, events, _policy(), now=T0 + 10 * H)
        assert queue.select("ticket_id", "metric", "until_breach", "breached").rows() == [
            ("d", "first_reply", -6 * 3600.0, True),
            ("b", "first_reply", -5 * 3600.0, True),
            ("a", "resolution", 38 * 3600.0, False),
            ("b", "resolution", 39 * 3600.0, False),
            ("d", "resolution", 47 * 3600.0, False),  # pending since hour 1: its clock stopped at 1 hour
        ]

    def test_calendar_breach_instants(self):
        """In calendar time the breach instant is now plus the time until breach, past for breached targets."""
        tickets, events = _tickets()
        now = T0 + 10 * H
        queue = sla_queue(tickets, events, _policy(), now=now)
        for row in queue.iter_rows(named=True):
            assert row["breach_at"] == now + dt.timedelta(seconds=row["until_breach"])

    def test_business_policy_breaches_in_open_hours(self, log: TicketLog, org: Organisation):
        """In business time, breach_at is when the time left runs out counting only the team's open hours."""
        cals = team_calendars(org, START.date() - dt.timedelta(days=1), END.date() + dt.timedelta(days=60))
        queue = sla_queue(log.tickets, log.events, _policy(business=True), now=END, calendars=cals)
        assert queue.height > 0
        assert queue["breach_at"].null_count() == 0
        now = END.timestamp()
        for row in queue.iter_rows(named=True):
            at = row["breach_at"].timestamp()
            hours = cals[row["team"]]
            if row["until_breach"] >= 0:
                assert at >= now
                assert business_seconds([now], [at], hours)[0] == pytest.approx(row["until_breach"], abs=1)
            else:
                assert at <= now
                assert business_seconds([at], [now], hours)[0] == pytest.approx(-row["until_breach"], abs=1)

    @given(st.integers(min_value=0, max_value=200))
    def test_agrees_with_status(self, hours):
        """Every queue row is an active or breached row of sla_status with the same elapsed time."""
        tickets, events = _tickets()
        now = T0 + hours * H + H
        queue = sla_queue(tickets, events, _policy(), now=now)
        status = sla_status(tickets, events, _policy(), now=now)
        joined = queue.join(status, on=["ticket_id", "metric"], how="left")
        assert joined["state"].is_in(["active", "breached"]).all()
        assert (joined["elapsed"] == joined["elapsed_right"]).all()
        active = joined.filter(pl.col("state") == "active")
        assert (active["remaining"] == active["until_breach"]).all()
        assert (joined["breached"] == (joined["state"] == "breached")).all()
