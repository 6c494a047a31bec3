"""The dashboard's SLA block: achievement over the week's new tickets and the open tickets nearest a breach."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from teamcore.exceptions import WrongType
from teamcore.kpi import SlaPolicy, SlaTarget, sla_achievement, sla_queue, sla_status
from teamcore.people import Member, Organisation, Team
from teamcore.report import Rate, ReportContext, Status
from teamcore.report._kpi import kpi_section
from teamcore.report._model import Figures, Table

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=UTC)
POLICY = SlaPolicy(
    name="test",
    targets=[
        SlaTarget(metric="first_reply", priority="normal", within=dt.timedelta(hours=2)),
        SlaTarget(metric="resolution", priority="normal", within=dt.timedelta(hours=10)),
    ],
)


def _org() -> Organisation:
    ann = Member(id="ann", name="Ann", timezone="UTC", country="GB", hours={"mon-fri": ["08:00-16:00"]})
    bo = Member(id="bo", name="Bo", timezone="UTC", country="GB", hours={"mon-fri": ["08:00-16:00"]})
    return Organisation(name="A", members=[ann, bo], teams=[Team(id="t", name="T", lead="ann", members=["ann", "bo"])])


def _log() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Three tickets this week: a reply in time (a), a late reply (b), no reply yet (c); one old open ticket (d)."""
    at = {k: NOW - dt.timedelta(hours=h) for k, h in {"a": 30, "b": 20, "c": 1, "d": 24 * 20}.items()}
    tickets = pl.DataFrame(
        {
            "ticket_id": list(at),
            "created_at": list(at.values()),
            "priority": ["normal"] * 4,
            "status": ["solved", "open", "new", "open"],
            "solved_at": [at["a"] + dt.timedelta(hours=3), None, None, None],
            "team": ["t"] * 4,
            "assignee": ["ann", "bo", "bo", "ann"],
        },
        schema_overrides={"solved_at": pl.Datetime("us", "UTC")},
    )
    steps = [
        ("a", at["a"] + dt.timedelta(hours=1), "reply", None, None),
        ("a", at["a"] + dt.timedelta(hours=1), "status", "new", "open"),
        ("a", at["a"] + dt.timedelta(hours=3), "status", "open", "solved"),
        ("b", at["b"] + dt.timedelta(hours=5), "reply", None, None),
        ("b", at["b"] + dt.timedelta(hours=5), "status", "new", "open"),
        ("d", at["d"] + dt.timedelta(hours=1), "reply", None, None),
        ("d", at["d"] + dt.timedelta(hours=1), "status", "new", "open"),
    ]
    events = pl.DataFrame(
        {
            "ticket_id": [s[0] for s in steps],
            "at": [s[1] for s in steps],
            "kind": [s[2] for s in steps],
            "from_status": [s[3] for s in steps],
            "to_status": [s[4] for s in steps],
        }
    )
    return tickets, events


def _blocks(policy: SlaPolicy | None) -> list[object]:
    tickets, events = _log()
    section = kpi_section(ReportContext(org=_org(), now=NOW, tickets=tickets, ticket_events=events, sla_policy=policy))
    assert section is not None
    return list(section.blocks)


class TestSlaBlock:
    def test_figures_follow_the_sla_functions(self):
        """Week's tickets a, b, c. First reply: a met, b late, c running → 50 %. Resolution: a met, b open past
        its 10 h → 50 %. Breached and open: b's and d's resolution. Due within 4 h: c's first reply (1 h left)."""
        figures = {f.label: f.value for b in _blocks(POLICY) if isinstance(b, Figures) for f in b.items}
        assert figures["First reply SLA"] == figures["Resolution SLA"] == Rate(0.5)
        tickets, events = _log()
        queue = sla_queue(tickets, events, POLICY, now=NOW)
        assert figures["SLA breached, still open"] == int(queue["breached"].sum()) == 2  # b and d's resolution
        assert figures["SLA due soon"] == 1
        week = sla_status(tickets.filter(pl.col("ticket_id") != "d"), events, POLICY, now=NOW)
        assert sla_achievement(week, by="metric")["achievement"].to_list() == [0.5, 0.5]

    def test_nearest_breach_first(self):
        """The table lists running targets, overdue longest first."""
        table = next(b for b in _blocks(POLICY) if isinstance(b, Table) and b.title.startswith("Open tickets nearest"))
        left = [row[-2].value for row in table.rows]
        assert left == sorted(left)
        # Breached targets (hours left below 0) are act, those within 4 h of a breach watch, the rest ok.
        statuses = [(row[-2].value, row[-2].status) for row in table.rows]
        assert all(s is Status.ACT for v, s in statuses if v < 0)
        assert all(s is Status.WATCH for v, s in statuses if 0 < v <= 4)
        assert all(s is Status.OK for v, s in statuses if v > 4)
        assert {s for _, s in statuses} >= {Status.ACT, Status.WATCH}
        assert table.columns[-1] == "breach (UTC)"
        assert table.rows[0][-1] == "03 Nov 22:00"  # d: created 3 Nov 12:00, 10 h to resolve (calendar time)
        assert table.rows[0][0] == "d"

    def test_no_policy_no_block(self):
        """Without a policy the dashboard shows no SLA figures."""
        labels = {f.label for b in _blocks(None) if isinstance(b, Figures) for f in b.items}
        assert "First reply SLA" not in labels

    def test_policy_type_is_checked(self):
        """A policy that is not an SlaPolicy is refused by name."""
        with pytest.raises(WrongType, match="sla_policy"):
            ReportContext(org=_org(), now=NOW, sla_policy={"name": "x"})  # type: ignore[arg-type]
