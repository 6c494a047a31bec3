"""Importing a Zendesk export: ``load_zendesk`` against plain ``json`` + ``pandas.json_normalize`` flattening.

The input is N Zendesk-shaped tickets and their audits as JSON lines (``benchmarks/zendesk_export.py``: 3-6 audits
and about 11 child events per ticket, 5 % of tickets exported twice, 1 % deleted). teamcore's side is the whole
import: read, map, keep the latest version, split comments by role, build the status chain, flag, and load the
canonical tables through ``teamcore.kpi.load_tickets``/``load_events``. The baseline only flattens the same files:
``json.loads`` of each line, ``pandas.json_normalize`` of the tickets and of the audits with
``record_path="child_events"`` (the audit's id, ticket, time and updater as meta columns); it maps nothing and
checks nothing, so the ratio understates what the import does.

Time: both run in this process, interleaved run by run (so load on a shared machine hits them alike), after an
untimed run of each on a 1,000-ticket export (imports, first calls); the median is printed. Peak memory: each side
runs once more in a fresh child process, and its peak resident set (``VmHWM``, in MiB) is reported beside the
peak of a child that only imports the libraries (the floor both pay). tracemalloc would not
see polars' allocations, which are made in Rust, so it cannot compare the two.

Run: ``python benchmarks/bench_zendesk_import.py [N [RUNS [SIDE]]]`` (default 100,000 tickets, 3 runs, both sides);
the export is written once into ``$TMPDIR/teamcore-bench-zendesk-N`` and reused. ``SIDE`` = ``teamcore`` runs only
that side, for sizes whose pandas side does not fit in memory (1 M tickets needs about 24 GB of it).
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zendesk_export import write_export  # the generator sits beside this script


def teamcore_import(folder: Path) -> tuple[int, int]:
    """teamcore's whole import; returns (tickets, events) loaded."""
    from teamcore.connectors._zendesk import load_zendesk  # noqa: PLC0415 - timed imports are warm after run 1

    result = load_zendesk(folder)
    return result.tickets.loaded, result.events.loaded


def pandas_flatten(folder: Path) -> tuple[int, int]:
    """Plain json + pandas.json_normalize of the same files; returns (ticket rows, child-event rows)."""
    import pandas as pd  # noqa: PLC0415

    with (folder / "tickets.jsonl").open(encoding="utf-8") as handle:
        tickets = pd.json_normalize([json.loads(line) for line in handle])
    with (folder / "ticket_events.jsonl").open(encoding="utf-8") as handle:
        audits = [json.loads(line) for line in handle]
    events = pd.json_normalize(
        audits, record_path="child_events", meta=["id", "ticket_id", "created_at", "updater_id"], meta_prefix="audit_"
    )
    return len(tickets), len(events)


SIDES: dict[str, Any] = {"teamcore": teamcore_import, "pandas": pandas_flatten}


def child_peak(side: str, folder: Path) -> float:
    """Peak RSS in MiB of a fresh interpreter running `side` once (``floor``: imports only).

    The child reports its own high-water mark (``VmHWM`` of ``/proc/self/status``): ``ru_maxrss`` of a child is
    no use here, as Linux carries the parent's peak across ``exec`` into it.
    """
    argv = [sys.executable, __file__, "--child", side, str(folder)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{side} child exited {done.returncode}: {done.stderr[-500:]}")
    return int(done.stdout.split()[-1]) / 1024  # kB


def main(n: int, runs: int, only: str | None = None) -> None:
    folder = Path(tempfile.gettempdir()) / f"teamcore-bench-zendesk-{n}"
    if not (folder / "ticket_events.jsonl").is_file():
        start = time.perf_counter()
        write_export(n, folder)
        print(f"wrote the export in {time.perf_counter() - start:.0f} s")
    size = sum(p.stat().st_size for p in folder.glob("*.jsonl")) / 1024**2
    warm = Path(tempfile.gettempdir()) / "teamcore-bench-zendesk-warm"
    write_export(1_000, warm)
    for fn in SIDES.values():  # untimed: the imports and first-call costs, on a small export
        fn(warm)
    sides = {side: fn for side, fn in SIDES.items() if only in (None, side)}
    rows: dict[str, tuple[int, int]] = {}
    times: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(runs):
        for side, fn in sides.items():
            gc.collect()
            start = time.perf_counter()
            rows[side] = fn(folder)
            times[side].append(time.perf_counter() - start)
    peaks = {side: child_peak(side, folder) for side in ("floor", *sides)}
    median = {side: statistics.median(values) for side, values in times.items()}
    print(f"{n:,} tickets ({size:,.0f} MiB of JSON lines), median of {runs}; Python {sys.version.split()[0]}")
    for side in sides:
        shown = ", ".join(f"{t:.2f}" for t in times[side])
        print(f"  {side:9} {median[side]:8.2f} s  [{shown}]  peak {peaks[side]:7.0f} MiB  rows {rows[side]}")
    print(f"  floor (imports only)                     peak {peaks['floor']:7.0f} MiB")
    if len(sides) < len(SIDES):
        return
    print(f"  ratio pandas / teamcore time   {median['pandas'] / median['teamcore']:.2f}x")
    print(f"  ratio teamcore / pandas memory {peaks['teamcore'] / peaks['pandas']:.2f}x")


def _child(side: str, folder: Path) -> None:
    import pandas as pd  # noqa: F401, PLC0415 - both sides pay both imports, so the floor is one number

    import teamcore.connectors._zendesk  # noqa: F401, PLC0415

    if side != "floor":
        SIDES[side](folder)
    status = Path("/proc/self/status").read_text(encoding="ascii")
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], Path(sys.argv[3]))
    else:
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
            int(sys.argv[2]) if len(sys.argv) > 2 else 3,
            sys.argv[3] if len(sys.argv) > 3 else None,
        )
