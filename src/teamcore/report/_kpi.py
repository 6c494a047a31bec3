"""The dashboard section.

Incoming, solved, backlog, high-priority and lead tasks, per-member KPIs, new requests per day and the
weekday × hour heatmap.

Each "last 7 days" figure shows the 7 days before as its previous period (the backlog: 7 days ago). Rates are
rated against their targets by :func:`rate_status`: CSAT against :data:`CSAT_TARGET`, SLA achievement against
:data:`SLA_TARGET`. An open ticket's SLA is ``act`` when breached, ``watch`` when it breaches within
:data:`SLA_SOON`, else ``ok``.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import narwhals as nw
import polars as pl

from teamcore._frames import lazy, polars_of, require, to_polars
from teamcore.kpi import (
    daily_trend,
    evaluate_sla,
    heatmap,
    hours_worked,
    lead_tasks,
    sla_achievement,
    sla_calendars,
    ticket_facts,
)
from teamcore.report._attention import AttentionItem, lead_of, member_actor
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Plot, Section, Table
from teamcore.report._status import Rate, Rated, Status

__all__ = ["CSAT_TARGET", "SLA_SOON", "SLA_TARGET", "WATCH_BAND", "kpi_section", "rate_status", "sla_status"]

CSAT_TARGET = 0.90
"""The CSAT (good / rated) the team and each member are held against."""

SLA_TARGET = 0.90
"""The share of new tickets whose SLA target is achieved that the SLA figures are held against."""

WATCH_BAND = 0.05
"""How far below its target a rate is ``watch`` rather than ``act`` (5 percentage points)."""


def rate_status(value: float | None, target: float) -> Status | None:
    """``ok`` at or above `target`, ``watch`` within :data:`WATCH_BAND` below it, else ``act``; ``None`` for none.

    Examples
    --------
    >>> rate_status(0.92, 0.9), rate_status(0.87, 0.9), rate_status(0.79, 0.9), rate_status(None, 0.9)
    (<Status.OK: 'ok'>, <Status.WATCH: 'watch'>, <Status.ACT: 'act'>, None)
    """
    if value is None:
        return None
    if value >= target:
        return Status.OK
    return Status.WATCH if value >= target - WATCH_BAND - 1e-12 else Status.ACT


def _rated_rate(value: float | None, target: float) -> Rate | Rated:
    status = rate_status(value, target)
    return Rate(value) if status is None else Rated(Rate(value), status)


SLA_SOON = dt.timedelta(hours=4)
"""Open tickets whose SLA breaches within this (in the policy's clock) are counted as due soon."""


def _hours(value: object) -> float | None:
    return None if value is None else round(float(value) / 3600, 1)  # type: ignore[arg-type]


def kpi_section(ctx: ReportContext) -> Section | None:
    """The helpdesk dashboard for the 7 days before ``now`` (trends over 28); ``None`` without tickets.

    Times are in the team's zone when the report is for a team with one, else UTC. A team's report reads only
    the tickets of that team, on whatever engine the tickets are (polars, lazy polars, pandas, DuckDB, Dask, …).

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.kpi import simulate_tickets
    >>> from teamcore.people import Member, Organisation, Team
    >>> ann = Member(id="a", name="A", timezone="UTC", country="GB", hours={"mon-fri": ["09:00-17:00"]})
    >>> org = Organisation(name="A", members=[ann], teams=[Team(id="t", name="T", lead="a", members=["a"])])
    >>> now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    >>> log = simulate_tickets(org, start=now - dt.timedelta(days=28), end=now, tickets_per_day=10, seed=1)
    >>> section = kpi_section(ReportContext(org=org, now=now, tickets=log.tickets, ticket_events=log.events))
    >>> [f.label for f in section.blocks[0].items][:3]
    ['Incoming', 'Solved', 'Backlog']
    """
    if ctx.tickets is None:
        return None
    team = ctx.org.team(ctx.team) if ctx.team else None
    tz = team.timezone if team is not None and team.timezone else "UTC"
    # Every block below reads these tickets: the team's alone, filtered on the tickets' own engine.
    tickets = ctx.tickets if team is None else _of_team(ctx.tickets, team.id)
    now = ctx.now
    week = now - dt.timedelta(days=7)
    # One pass over the events serves the three tables below (waiting times are not shown).
    # The tables come back on the tickets' engine; the report reads them in polars (they are small).
    facts = ticket_facts(tickets, ctx.ticket_events, waits=False)
    on_engine = functools.partial(facts.table, end=now, period=None, tz="UTC", stats=("median",))

    def table(*, start: dt.datetime, by: str | tuple[()]) -> pl.DataFrame:
        return polars_of(on_engine(start=start, by=by))

    total = table(start=week, by=())
    row = total.row(0, named=True) if total.height else {}
    before = polars_of(
        facts.table(start=week - dt.timedelta(days=7), end=week, period=None, tz="UTC", stats=("median",), by=())
    )
    prev = before.row(0, named=True) if before.height else {}
    tasks = polars_of(lead_tasks(tickets, ctx.org, now=now))
    csat, csat_before = row.get("csat"), prev.get("csat")
    blocks: list[Block] = [
        Figures(
            [
                Figure("Incoming", row.get("incoming", 0), "last 7 days", previous=prev.get("incoming", 0)),
                Figure("Solved", row.get("solved", 0), "last 7 days", previous=prev.get("solved", 0)),
                Figure("Backlog", row.get("backlog", 0), "unsolved now", previous=prev.get("backlog", 0)),
                Figure(
                    "High priority open",
                    row.get("high_priority_open", 0),
                    "high or urgent",
                    previous=prev.get("high_priority_open", 0),
                ),
                Figure("Lead tasks", tasks.height, "unsolved tickets assigned to team leads"),
                Figure(
                    "First reply (median)",
                    _hours(row.get("first_reply_median")),
                    "last 7 days",
                    previous=_hours(prev.get("first_reply_median")),
                    unit="h",
                ),
                Figure(
                    "CSAT",
                    Rate(csat),
                    "good / rated",
                    target=Rate(CSAT_TARGET),
                    previous=None if csat_before is None else Rate(csat_before),
                    status=rate_status(csat, CSAT_TARGET),
                ),
            ]
        )
    ]
    members = table(start=week, by="assignee")
    worked = dict(hours_worked(ctx.org, (week.date()), now.date()).iter_rows())
    blocks.append(
        Table(
            title="Per member, last 7 days",
            columns=["member", "incoming", "solved", "first reply h (median)", "CSAT", "scheduled h"],
            rows=[
                (
                    r["assignee"] or "unassigned",
                    r["incoming"],
                    r["solved"],
                    _hours(r["first_reply_median"]),
                    _rated_rate(r["csat"], CSAT_TARGET),
                    worked.get(r["assignee"]),
                )
                for r in members.iter_rows(named=True)
            ],
        )
    )
    month = table(start=now - dt.timedelta(days=28), by="assignee")
    rated = [(r["assignee"], r["csat"]) for r in month.iter_rows(named=True) if r["csat"] is not None]
    target = Rate(CSAT_TARGET)
    blocks.append(
        Plot(
            kind="bar",
            title=f"CSAT per member against the {target.text} target, last 28 days",
            alt=f"Share of good ratings per member; {sum(v < CSAT_TARGET for _, v in rated)} of {len(rated)} "
            f"rated members are below the {target.text} target.",
            data=Table(
                title="CSAT per member",
                columns=["member", "CSAT", "target"],
                rows=[(member or "unassigned", _rated_rate(value, CSAT_TARGET), target) for member, value in rated],
            ),
        )
    )
    trend = polars_of(daily_trend(tickets, start=now - dt.timedelta(days=28), end=now, tz=tz))
    blocks.append(
        Plot(
            kind="line",
            title=f"New requests per day ({tz})",
            alt=f"New requests per day over the last 28 days, {int(trend['new'].sum())} in all, with a 7-day average.",
            data=Table(
                title="New requests per day",
                columns=["day", "new", "7-day average"],
                rows=[(str(d), n, m) for d, n, m, _w in trend.iter_rows()],
            ),
        )
    )
    grid = polars_of(heatmap(tickets, start=now - dt.timedelta(days=28), end=now, tz=tz))
    blocks.append(
        Plot(
            kind="heatmap",
            title=f"Requests by weekday and hour ({tz})",
            alt="Requests registered in the last 28 days by local weekday and hour; busiest cells show when to staff.",
            data=Table(title="Requests by weekday and hour", columns=grid.columns, rows=grid.rows()),
        )
    )
    sla_blocks, attention = _sla_blocks(ctx, tickets, week)
    blocks += sla_blocks
    if tasks.height:
        blocks.append(
            Table(
                title="Tasks assigned to team leads",
                columns=["ticket", "team", "lead", "priority", "age h"],
                rows=[(t, tm, ld, p, round(a, 1)) for t, tm, ld, p, a in tasks.head(15).iter_rows()],
            )
        )
    return Section(key="kpi", title="Helpdesk dashboard", blocks=blocks, attention=attention)


def _of_team(tickets: Any, team: str) -> nw.LazyFrame[Any]:
    """The tickets of `team`, filtered lazily on the tickets' own engine (tickets without a team are left out)."""
    frame = require(lazy(tickets, "tickets"), ["team"], "tickets")
    return frame.filter((nw.col("team") == team).fill_null(value=False))


def sla_status(*, breached: bool, seconds_left: float) -> Status:
    """An open ticket's SLA target: ``act`` when breached, ``watch`` within :data:`SLA_SOON` of a breach, else ``ok``.

    Examples
    --------
    >>> sla_status(breached=True, seconds_left=-60), sla_status(breached=False, seconds_left=3600)
    (<Status.ACT: 'act'>, <Status.WATCH: 'watch'>)
    """
    if breached:
        return Status.ACT
    return Status.WATCH if seconds_left <= SLA_SOON.total_seconds() else Status.OK


def _sla_blocks(ctx: ReportContext, tickets: Any, week: dt.datetime) -> tuple[list[Block], list[AttentionItem]]:
    """SLA achievement over the week's new tickets and the open tickets nearest a breach, given a policy.

    Each row of the nearest-breach table that is breached, or due within :data:`SLA_SOON`, is also an attention
    item for the ticket's assignee (the report's lead when unassigned).
    """
    policy = ctx.sla_policy
    if policy is None or ctx.ticket_events is None:
        return [], []
    frame = lazy(tickets, "tickets")
    created = to_polars(frame.select("ticket_id", "created_at"))
    calendars = None
    if policy.business_hours:
        first = created["created_at"].min() if created.height else None
        calendars = sla_calendars(ctx.org, first if isinstance(first, dt.datetime) else ctx.now, ctx.now)
    clock = "business hours" if policy.business_hours else "hours"
    # Only the week's new tickets (achievement) and unsolved ones (the queue) matter: evaluate those alone.
    before = week - dt.timedelta(days=7)
    relevant = frame.filter((nw.col("created_at") >= before) | ~nw.col("status").is_in(("solved", "closed")))
    events = lazy(ctx.ticket_events, "ticket_events")
    if events.implementation != relevant.implementation:  # a join needs both sides on one engine
        relevant, events = lazy(to_polars(relevant)), lazy(to_polars(events))
    events = events.join(relevant.select("ticket_id"), on="ticket_id", how="semi")
    evaluation = evaluate_sla(to_polars(relevant), to_polars(events), policy, now=ctx.now, calendars=calendars)
    status, queue = evaluation.status, evaluation.queue

    def achievement(first: dt.datetime, end: dt.datetime) -> dict[str, float]:
        new = created.filter((pl.col("created_at") >= first) & (pl.col("created_at") < end)).select("ticket_id")
        return {
            row["metric"]: row["achievement"]
            for row in sla_achievement(status.join(new, on="ticket_id"), by="metric").iter_rows(named=True)
        }

    rates, rates_before = achievement(week, ctx.now), achievement(before, week)
    soon = queue.filter(~pl.col("breached") & (pl.col("until_breach") <= SLA_SOON.total_seconds()))

    def rate(label: str, metric: str) -> Figure:
        value, previous = rates.get(metric), rates_before.get(metric)
        return Figure(
            label,
            Rate(value),
            f"achieved, new tickets, last 7 days ({policy.name})",
            target=Rate(SLA_TARGET),
            previous=None if previous is None else Rate(previous),
            status=rate_status(value, SLA_TARGET),
        )

    hours = SLA_SOON.total_seconds() / 3600
    nearest = (
        queue.head(10)
        .select("ticket_id", "assignee", "priority", "metric", "until_breach", "breach_at", "breached")
        .iter_rows()
    )
    rows, attention = [], []
    title = f"Open tickets nearest an SLA breach ({clock})"
    for i, (t, a, p, m, u, at, breached) in enumerate(nearest):
        left = Rated(round(u / 3600, 1), sla_status(breached=breached, seconds_left=u))
        rows.append((t, a or "unassigned", p, m, left, None if at is None else f"{at:%d %b %H:%M}"))
        if breached or u <= SLA_SOON.total_seconds():
            actor = member_actor(ctx.org, a) if a in ctx.org else lead_of(ctx.org, ctx.team)
            metric = str(m).replace("_", " ")
            attention.append(
                AttentionItem(
                    kind="sla_breached" if breached else "sla_due_soon",
                    what=f"Ticket {t} ({p}): {metric} SLA " + ("breached" if breached else "breaches soon"),
                    actor=actor,
                    due=at,
                    severity=sla_status(breached=breached, seconds_left=u),
                    section="kpi",
                    table=title,
                    row=i,
                    key=f"{t}/{m}",
                )
            )
    breached_open = int(queue["breached"].sum())
    blocks: list[Block] = [
        Figures(
            [
                rate("First reply SLA", "first_reply"),
                rate("Resolution SLA", "resolution"),
                Figure(
                    "SLA breached, still open",
                    breached_open,
                    "targets of unsolved tickets",
                    target=0,
                    status=Status.ACT if breached_open else Status.OK,
                ),
                Figure(
                    "SLA due soon",
                    soon.height,
                    f"breach within {hours:g} {clock}",
                    status=Status.WATCH if soon.height else Status.OK,
                ),
            ]
        ),
        Table(
            title=title,
            columns=["ticket", "member", "priority", "metric", "h left", "breach (UTC)"],
            rows=rows,
            caption=f"h left: act when breached (negative hours), watch within {hours:g} {clock} of a breach. "
            "Paused tickets keep their place with the clock stopped.",
        ),
    ]
    return blocks, attention
