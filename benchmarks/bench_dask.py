"""The KPI scorecard on a Dask LocalCluster of two worker processes against teamcore on polars, in one run.

    python benchmarks/bench_dask.py [--tickets 1000000] [--repeat 3] [--partitions 20]

The scorecard of ``bench_kpi.py`` (per member per ISO week, business-hours first reply and SLA, CSAT), on the same
simulated tickets and events: once with polars frames in memory, once with Dask frames read from Parquet files
split into `partitions` row groups each, computed on ``LocalCluster(n_workers=2, threads_per_worker=1)``. Both
must give the same table. Peak memory: this process's resident set above its start (polars), and for Dask the
client's plus the largest worker process's memory as the scheduler last saw it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import polars as pl
import pyarrow.parquet as pq
from distributed import Client, LocalCluster

from teamcore.kpi import SlaPolicy, SlaTarget, scorecard, simulate_tickets, team_calendars
from teamcore.people import Member, Organisation, Team

# The setup of bench_kpi.py's scorecard, copied: that script needs businesstimedelta, which this one does not.
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


class PeakRss:
    """Sample this process's resident memory every 5 ms; report the peak above the level at start."""

    def __init__(self) -> None:
        self.page = os.sysconf("SC_PAGE_SIZE")

    def rss(self) -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * self.page

    def __enter__(self) -> PeakRss:
        self.base = self.peak = self.rss()
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self.stop:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self.stop = True
        self.thread.join()
        self.peak = max(self.peak, self.rss())

    @property
    def mib(self) -> float:
        return (self.peak - self.base) / 2**20


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 0) -> tuple[float, float, Any]:
    """Median seconds and peak MiB of `repeat` runs, after `warmup` untimed ones.

    An engine's first run in a process pays for growing the allocator's heap (up to 1.5x the later runs at 10 M
    tickets, whichever engine goes first), so the scorecard warms each engine up before timing it.
    """
    for _ in range(warmup):
        fn()
    times, peaks, out = [], [], None
    for _ in range(repeat):
        with PeakRss() as mem:
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
        peaks.append(mem.mib)
    return statistics.median(times), max(peaks), out


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=20)
    parser.add_argument("--chunks", type=int, default=1)
    args = parser.parse_args()

    org = organisation()
    tickets, events = simulate(org, args.tickets, args.chunks)
    print(f"{tickets.height:,} tickets, {events.height:,} events", flush=True)
    cals = team_calendars(org, dt.date(2026, 8, 1), dt.date(2027, 1, 1))
    policy = SlaPolicy(
        name="bench",
        business_hours=True,
        targets=[SlaTarget(metric="first_reply", priority=p, within=dt.timedelta(seconds=s)) for p, s in GOALS.items()],
    )
    window = {"start": START, "end": END, "period": "week", "tz": TZ, "calendars": cals, "policy": policy}
    with tempfile.TemporaryDirectory() as folder:
        lake = Path(folder)
        pq.write_table(tickets.to_arrow(), lake / "t.parquet", row_group_size=tickets.height // args.partitions + 1)
        pq.write_table(events.to_arrow(), lake / "e.parquet", row_group_size=events.height // args.partitions + 1)
        t_pl, m_pl, want = timed(lambda: scorecard(tickets, events, **window), args.repeat, 1)
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
            Client(cluster) as client,
            dask.config.set(scheduler=client),
        ):

            def on_dask() -> pl.DataFrame:
                t = dd.read_parquet(lake / "t.parquet", split_row_groups=True)
                e = dd.read_parquet(lake / "e.parquet", split_row_groups=True)
                return pl.from_pandas(scorecard(t, e, **window).compute())

            t_dk, m_dk, got = timed(on_dask, args.repeat, 1)
            workers = max(ws.memory.process for ws in cluster.scheduler.workers.values()) / 2**20
    same = got.with_columns(pl.col("period").cast(pl.Date)).equals(want)
    print(f"scorecard, {tickets.height:,} tickets, {args.partitions} partitions per table, median of {args.repeat}")
    print(f"  teamcore on polars          {t_pl:8.2f} s   peak +{m_pl:7.0f} MiB")
    print(f"  teamcore on Dask (2 workers) {t_dk:7.2f} s   client peak +{m_dk:7.0f} MiB, worker {workers:7.0f} MiB")
    print(f"  Dask / polars = {t_dk / t_pl:.1f}x   same numbers: {same}")


if __name__ == "__main__":
    main()
