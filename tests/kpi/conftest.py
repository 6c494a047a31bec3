"""Shared fixtures for the KPI tests: a small organisation and a simulated log."""

from __future__ import annotations

import datetime as dt

import pytest

from teamcore.kpi import TicketLog, simulate_tickets
from teamcore.people import Member, Organisation, Team

UTC = dt.UTC
START = dt.datetime(2026, 10, 5, tzinfo=UTC)
END = dt.datetime(2026, 11, 2, tzinfo=UTC)


def small_org() -> Organisation:
    """Two teams of two; working hours, so business-hours metrics have open hours to count (staggered shifts)."""
    early, late = {"mon-fri": ["08:00-16:00"]}, {"mon-thu": ["11:00-19:00"]}
    members = [
        Member(id="ann", name="Ann", timezone="Europe/Oslo", country="NO", hours=early),
        Member(id="bo", name="Bo", timezone="Europe/Oslo", country="NO", hours=late),
        Member(id="cy", name="Cy", timezone="America/New_York", country="US", hours=early),
        Member(id="di", name="Di", timezone="America/New_York", country="US", hours=late),
    ]
    teams = [
        Team(id="nordic", name="Nordic", lead="ann", members=["ann", "bo"]),
        Team(id="us", name="US", lead="cy", members=["cy", "di"]),
    ]
    return Organisation(name="Acme", members=members, teams=teams)


@pytest.fixture(scope="session")
def org() -> Organisation:
    return small_org()


@pytest.fixture(scope="session")
def log(org: Organisation) -> TicketLog:
    return simulate_tickets(org, start=START, end=END, tickets_per_day=40, seed=7)
