"""The KPI scorecard's workload, shared by bench_kpi.py and bench_dask.py: the organisation and the simulated log.

Kept apart from bench_kpi.py because that script's peers (businesstimedelta, pandas) are not needed to simulate.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import polars as pl

from teamcore.kpi import simulate_tickets
from teamcore.people import Member, Organisation, Team

TZ = "Europe/Oslo"
START = dt.datetime(2026, 9, 7, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
ZONES = [
    ("nordic", "Europe/Oslo", "NO"),
    ("dach", "Europe/Berlin", "DE"),
    ("us", "America/New_York", "US"),
    ("apac", "Asia/Manila", "PH"),
    ("anz", "Australia/Sydney", "AU"),
]
GOALS = {"low": 8 * 3600.0, "normal": 4 * 3600.0, "high": 3600.0, "urgent": 1800.0}


def organisation() -> Organisation:
    members, teams = [], []
    for team, zone, country in ZONES:
        ids = [f"{team}{i}" for i in range(8)]
        members += [
            Member(id=m, name=m, timezone=zone, country=country, hours={"mon-fri": ["08:00-17:00"]}) for m in ids
        ]
        teams.append(Team(id=team, name=team, lead=ids[0], members=ids))
    return Organisation(name="Bench", members=members, teams=teams)


def simulate(org: Any, n: int, chunks: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Simulate `n` tickets; with several chunks, slice the period so the simulator's peak memory stays small."""
    days = (END - START).days
    if chunks <= 1:
        log = simulate_tickets(org, start=START, end=END, tickets_per_day=n / days / 0.81, seed=1)
        return log.tickets, log.events
    bounds = [START + (END - START) * k / chunks for k in range(chunks + 1)]
    parts_t, parts_e = [], []
    for k, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        log = simulate_tickets(org, start=lo, end=hi, tickets_per_day=n / days / 0.81, seed=1 + k)
        prefix = pl.lit(f"C{k:02d}-")
        parts_t.append(log.tickets.with_columns(ticket_id=prefix + pl.col("ticket_id")))
        parts_e.append(log.events.with_columns(ticket_id=prefix + pl.col("ticket_id")))
        print(f"  chunk {k + 1}/{chunks}: {log.tickets.height:,} tickets", flush=True)
    return pl.concat(parts_t, rechunk=True), pl.concat(parts_e, rechunk=True)
