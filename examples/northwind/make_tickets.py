"""Regenerate tickets.csv and events.csv for the Northwind example: ``python examples/northwind/make_tickets.py``.

Six weeks of simulated tickets ending Monday 2026-11-23 00:00 UTC, seed 2026, from teamcore's simulator.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from teamcore.kpi import simulate_tickets
from teamcore.people import load_organisation

HERE = Path(__file__).parent
END = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def main() -> None:
    org = load_organisation(HERE / "organisation.toml")
    log = simulate_tickets(org, start=END - dt.timedelta(weeks=6), end=END, tickets_per_day=88, seed=2026)
    iso = "%Y-%m-%dT%H:%M:%SZ"
    stamp = [pl.col(pl.Datetime).dt.strftime(iso)]
    log.tickets.with_columns(stamp).write_csv(HERE / "tickets.csv")
    log.events.with_columns(stamp).write_csv(HERE / "events.csv")
    print(f"{log.tickets.height} tickets, {log.events.height} events")


if __name__ == "__main__":
    main()
