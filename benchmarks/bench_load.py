"""Loading a ticket log: teamcore's validating loaders against the polars a competent user writes, in one process.

teamcore's `load_tickets` and `load_events` check every row (ids, timestamps with offsets, statuses, priorities,
assignees of the organisation, unique ids, events of known tickets not before their creation, legal status changes)
and keep every rejected row with its line. The baseline reads the same files with polars and parses the timestamps,
checking nothing: the floor a loader that validates cannot beat, and what a user who skips validation writes.

Run: ``python benchmarks/bench_load.py [N_TICKETS]`` (default 1,000,000, about 6.4 events a ticket). Files are
written once to a temporary folder; each side is timed on CSV and on Parquet, median of 3, with peak RSS above the
level at start (sampled every 5 ms).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import polars as pl

from _measure import timed
from teamcore.kpi import load_events, load_tickets, simulate_tickets
from teamcore.people import load_organisation

EXAMPLE = Path(__file__).parents[1] / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
TIMES = {"tickets": ["created_at", "solved_at"], "events": ["at"]}


def write_files(n: int, folder: Path) -> None:
    org = load_organisation(EXAMPLE / "organisation.toml")
    log = simulate_tickets(org, start=NOW - dt.timedelta(days=90), end=NOW, tickets_per_day=n / 90 / 0.81, seed=7)
    for name, frame in (("tickets", log.tickets), ("events", log.events)):
        frame.write_parquet(folder / f"{name}.parquet")
        text = frame.with_columns(
            pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%SZ") for c, d in frame.schema.items() if isinstance(d, pl.Datetime)
        )
        text.write_csv(folder / f"{name}.csv")


def teamcore_load(folder: Path, suffix: str) -> tuple[int, int]:
    org = load_organisation(EXAMPLE / "organisation.toml")
    tickets = load_tickets(folder / f"tickets.{suffix}", members=org)
    events = load_events(folder / f"events.{suffix}", tickets.frame, members=org)
    return tickets.loaded, events.loaded


def polars_load(folder: Path, suffix: str) -> tuple[int, int]:
    heights = []
    for name in ("tickets", "events"):
        path = folder / f"{name}.{suffix}"
        if suffix == "csv":
            frame = pl.read_csv(path, infer_schema=False).with_columns(
                pl.col(c).str.to_datetime("%Y-%m-%dT%H:%M:%S%#z", time_zone="UTC") for c in TIMES[name]
            )
        else:
            frame = pl.read_parquet(path)
        heights.append(frame.height)
    return heights[0], heights[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_files(n, folder)
        sizes = {p.name: p.stat().st_size / 2**20 for p in sorted(folder.iterdir())}
        print(
            f"load average {os.getloadavg()[0]:.1f}; files: " + ", ".join(f"{k} {v:,.0f} MiB" for k, v in sizes.items())
        )
        for suffix in ("csv", "parquet"):
            t_ours, m_ours, ours = timed(lambda s=suffix: teamcore_load(folder, s), repeat=3)
            t_pl, m_pl, theirs = timed(lambda s=suffix: polars_load(folder, s), repeat=3)
            print(f"{suffix}: {ours[0]:,} tickets, {ours[1]:,} events (polars read {theirs[0]:,}, {theirs[1]:,})")
            print(f"  teamcore (validating) {t_ours:7.2f} s   peak +{m_ours:6.0f} MiB")
            print(f"  polars (no checks)    {t_pl:7.2f} s   peak +{m_pl:6.0f} MiB   ratio {t_ours / t_pl:.1f}x")
        print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
