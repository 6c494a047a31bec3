"""The KPI scorecard on a Dask LocalCluster of two worker processes against teamcore on polars, in one run.

    python benchmarks/bench_dask.py [--tickets 1000000] [--repeat 3] [--partitions 20] [--chunks 1] [--threads 1]

The scorecard of ``bench_kpi.py`` (per member per ISO week, business-hours first reply and SLA, CSAT), on the same
simulated tickets and events: once with polars frames in memory, once with Dask frames read from Parquet files
split into `partitions` row groups each, computed on ``LocalCluster(n_workers=2, threads_per_worker=threads)``.
Both must give the same table. The baseline is fair: the same teamcore scorecard, the same rows, the same machine;
polars uses every core, Dask its two worker processes. Peak memory: this process's resident set above its start
(polars), and for Dask the client's plus the largest worker process's memory as the scheduler last saw it. One
more Dask run under ``get_task_stream`` counts the tasks and their compute seconds on the workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import dask
import dask.dataframe as dd
import polars as pl
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, get_task_stream

from _measure import timed
from _scorecard import END, GOALS, START, TZ, organisation, simulate
from teamcore.kpi import SlaPolicy, SlaTarget, scorecard, team_calendars


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=20)
    parser.add_argument("--chunks", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
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
            LocalCluster(n_workers=2, threads_per_worker=args.threads, dashboard_address=":0") as cluster,
            Client(cluster) as client,
            dask.config.set(scheduler=client),
        ):

            def on_dask() -> pl.DataFrame:
                t = dd.read_parquet(lake / "t.parquet", split_row_groups=True)
                e = dd.read_parquet(lake / "e.parquet", split_row_groups=True)
                return pl.from_pandas(scorecard(t, e, **window).compute())

            t_dk, m_dk, got = timed(on_dask, args.repeat, 1)
            workers = max(ws.memory.process for ws in cluster.scheduler.workers.values()) / 2**20
            with get_task_stream(client) as stream:
                on_dask()
            busy = sum(s["stop"] - s["start"] for r in stream.data for s in r["startstops"] if s["action"] == "compute")
    same = got.with_columns(pl.col("period").cast(pl.Date)).equals(want)
    print(
        f"scorecard, {tickets.height:,} tickets, {args.partitions} partitions per table, "
        f"2 workers x {args.threads} thread(s), median of {args.repeat}"
    )
    print(f"  teamcore on polars          {t_pl:8.2f} s   peak +{m_pl:7.0f} MiB")
    print(f"  teamcore on Dask (2 workers) {t_dk:7.2f} s   client peak +{m_dk:7.0f} MiB, worker {workers:7.0f} MiB")
    print(f"  Dask / polars = {t_dk / t_pl:.1f}x   same numbers: {same}")
    print(f"  Dask: {len(stream.data)} tasks, {busy:.2f} s of task compute on the workers")


if __name__ == "__main__":
    main()
