"""A team's dashboard reads the team's tickets alone, whatever engine the tickets are on."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from teamcore.kpi import SlaPolicy, SlaTarget, TicketLog, simulate_tickets
from teamcore.people import Member, Organisation, Team
from teamcore.report import ReportContext
from teamcore.report._kpi import kpi_section
from teamcore.report._model import Figures, Section

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=UTC)
ENGINES = ["polars", "polars-lazy", "pandas", "pyarrow", "duckdb", "dask"]
POLICY = SlaPolicy(
    name="standard",
    business_hours=True,
    targets=[
        SlaTarget(metric=metric, priority=priority, within=dt.timedelta(hours=hours))
        for metric, hours in (("first_reply", 4), ("resolution", 24))
        for priority in ("low", "normal", "high", "urgent")
    ],
)


def _org() -> Organisation:
    """Two teams in different zones, a lead each, so the team and the organisation differ in every block."""
    week = {"mon-fri": ["08:00-16:00"]}
    members = [
        Member(id="ann", name="Ann", timezone="Europe/Oslo", country="NO", hours=week),
        Member(id="bo", name="Bo", timezone="Europe/Oslo", country="NO", hours=week),
        Member(id="cy", name="Cy", timezone="America/New_York", country="US", hours=week),
        Member(id="di", name="Di", timezone="America/New_York", country="US", hours=week),
    ]
    teams = [
        Team(id="nordic", name="Nordic", lead="ann", members=["ann", "bo"], timezone="Europe/Oslo"),
        Team(id="us", name="US", lead="cy", members=["cy", "di"], timezone="America/New_York"),
    ]
    return Organisation(name="Acme", members=members, teams=teams)


@pytest.fixture(scope="module")
def org() -> Organisation:
    return _org()


@pytest.fixture(scope="module")
def log(org: Organisation) -> TicketLog:
    return simulate_tickets(org, start=NOW - dt.timedelta(days=35), end=NOW, tickets_per_day=30, seed=12)


def _section(org: Organisation, tickets: object, events: object, team: str | None) -> Section:
    ctx = ReportContext(org=org, now=NOW, tickets=tickets, ticket_events=events, team=team, sla_policy=POLICY)
    section = kpi_section(ctx)
    assert section is not None
    return section


def _figures(section: Section) -> dict[str, object]:
    return {f.label: f.value for block in section.blocks if isinstance(block, Figures) for f in block.items}


@pytest.fixture(scope="module")
def polars_team(org: Organisation, log: TicketLog) -> Section:
    return _section(org, log.tickets, log.events, "nordic")


class TestTeamDashboard:
    @pytest.mark.parametrize("engine", ENGINES)
    def test_same_team_report_on_every_engine(self, org, log, on_engine, polars_team, engine):
        """A team's dashboard is identical on every engine (it was the whole organisation's off eager polars)."""
        got = _section(org, on_engine(engine, log.tickets), on_engine(engine, log.events), "nordic")
        assert got == polars_team

    def test_team_figures_are_the_team_tickets(self, org, log, polars_team):
        """The team's figures are those of a report on the team's tickets alone, and not the organisation's."""
        mine = log.tickets.filter(pl.col("team") == "nordic")
        alone = _section(org, mine, log.events, "nordic")
        whole = _section(org, log.tickets, log.events, None)
        assert polars_team == alone
        team, everyone = _figures(polars_team), _figures(whole)
        assert 0 < team["Incoming"] < everyone["Incoming"]
        assert team["SLA breached, still open"] <= everyone["SLA breached, still open"]
        assert team != everyone

    def test_every_block_is_the_teams(self, org, log, polars_team):
        """Trend, heatmap, lead tasks and SLA queue read the team's tickets too: no ticket of another team shows."""
        others = set(log.tickets.filter(pl.col("team") != "nordic")["ticket_id"].to_list())
        shown = {row[0] for block in polars_team.blocks if getattr(block, "rows", None) for row in block.rows} & others
        assert not shown
        trend = next(b for b in polars_team.blocks if getattr(b, "kind", None) == "line")
        new = sum(r[1] for r in trend.data.rows)
        since = NOW - dt.timedelta(days=28)
        created = log.tickets.filter((pl.col("team") == "nordic") & (pl.col("created_at") >= since))
        assert new == created.height
