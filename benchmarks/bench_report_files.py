"""``teamcore report`` over 1 M tickets read from files, end to end: wall time and peak memory of the process.

The command is the demo's (``make demo``: the Northwind project file, its feedback, mentoring, forecast, knowledge
and policies) with ``--tickets`` and ``--events`` pointing at about 1 M simulated tickets and 6.4 M events, as CSV
and as Parquet. Each run is a fresh subprocess: its wall time and its peak RSS (``ru_maxrss`` from ``wait4``),
median of 3 (peak: the largest of the 3), and its CPU seconds (user + system), steadier than wall time on a
shared machine.

Baseline (also a subprocess, the same files): the floor a competent polars user writes for the dashboard's core,
with no validation: ``scan_csv``/``scan_parquet`` with the same dtypes, timestamps parsed once, then the week's
incoming and solved per assignee, the backlog, CSAT and the median first reply time, collected once. teamcore does
all of that plus checking every row, the SLA policy, the other sections and rendering, so the ratio is what the
whole validated report costs over the floor; it is not a peer doing the same work.

Run: ``python benchmarks/bench_report_files.py [N_TICKETS] [FOLDER]`` (default 1,000,000 tickets in
``$TMPDIR/teamcore-bench-files``, made once by ``benchmarks/make_tickets.py`` and reused).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_tickets import make

ROOT = Path(__file__).parents[1]
NOW = "2026-11-23T08:00:00Z"
CONFIG = ROOT / "examples" / "northwind" / "teamcore.toml"

FLOOR = r"""
import datetime as dt, sys
import polars as pl
folder, suffix = sys.argv[1], sys.argv[2]
now = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
week = now - dt.timedelta(days=7)
ts = pl.Datetime("us", "UTC")
if suffix == "csv":
    t = pl.scan_csv(f"{folder}/tickets.csv", schema_overrides={"csat_score": pl.Int64, "nps": pl.Int64,
        "ces": pl.Int64, "handle_seconds": pl.Int64}, infer_schema=False)
    t = t.with_columns(pl.col("created_at", "solved_at").str.to_datetime("%Y-%m-%dT%H:%M:%S%#z", time_zone="UTC"))
    e = pl.scan_csv(f"{folder}/events.csv", infer_schema=False)
    e = e.with_columns(pl.col("at").str.to_datetime("%Y-%m-%dT%H:%M:%S%#z", time_zone="UTC"))
else:
    t, e = pl.scan_parquet(f"{folder}/tickets.parquet"), pl.scan_parquet(f"{folder}/events.parquet")
reply = e.filter(pl.col("kind") == "reply").group_by("ticket_id").agg(pl.col("at").min().alias("first_reply"))
facts = t.join(reply, on="ticket_id", how="left").with_columns(
    ((pl.col("first_reply") - pl.col("created_at")).dt.total_seconds()).alias("frt"))
new = pl.col("created_at").is_between(week, now, closed="left")
done = pl.col("solved_at").is_between(week, now, closed="left")
per = facts.group_by("assignee").agg(new.sum().alias("incoming"), done.sum().alias("solved"),
    pl.col("frt").filter(new).median().alias("frt"))
total = facts.select(new.sum().alias("incoming"), done.sum().alias("solved"),
    ((pl.col("created_at") < now) & (pl.col("solved_at").is_null() | (pl.col("solved_at") >= now))).sum()
    .alias("backlog"), (pl.col("satisfaction").filter(done) == "good").mean().alias("csat"),
    pl.col("frt").filter(new).median().alias("frt"))
per, total = pl.collect_all([per, total])
print(total, per.height)
"""


def run(cmd: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS in MiB and exit status of `cmd`, its stdout discarded."""
    env = dict(os.environ, PYTHONTZPATH="", COLUMNS="120")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code:
        print(f"  exit {code}: {err.strip()[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def measured(cmd: list[str], repeat: int = 3) -> tuple[float, float, float]:
    """Median wall and CPU seconds and the largest peak RSS (MiB) of `repeat` runs."""
    runs = [run(cmd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.gettempdir()) / "teamcore-bench-files"
    counts = make(folder, n)
    print(f"{counts['tickets']:,} tickets, {counts['events']:,} events in {folder}")
    print(f"load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    python = sys.executable
    for suffix in ("csv", "parquet"):
        report = [python, "-m", "teamcore", "report", "--config", str(CONFIG), "--now", NOW]
        report += ["--tickets", str(folder / f"tickets.{suffix}"), "--events", str(folder / f"events.{suffix}")]
        ours_s, ours_cpu, ours_mib = measured(report)
        floor_s, floor_cpu, floor_mib = measured([python, "-c", FLOOR, str(folder), suffix])
        print(f"{suffix}:")
        print(f"  teamcore report           median {ours_s:6.2f} s (CPU {ours_cpu:5.1f} s)   peak {ours_mib:7,.0f} MiB")
        print(
            f"  polars floor (no checks)  median {floor_s:6.2f} s (CPU {floor_cpu:5.1f} s)   peak {floor_mib:7,.0f} MiB"
        )
        print(
            f"  ratio {ours_s / floor_s:.1f}x wall, {ours_cpu / floor_cpu:.1f}x CPU, {ours_mib / floor_mib:.1f}x memory"
        )
    print(f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
