"""Write about 1 M simulated Northwind tickets and 6.4 M events as CSV and Parquet, once, for the file benchmarks.

Run: ``python benchmarks/make_tickets.py FOLDER [N_TICKETS]`` (default 1,000,000). The files are
``tickets.csv``, ``events.csv``, ``tickets.parquet`` and ``events.parquet``; a folder that already holds all four
for the same size and seed is left as it is (a ``.made`` stamp records them), so the benchmarks can share it.
Timestamps in CSV are ISO 8601 text with ``Z``, as ``examples/northwind/make_tickets.py`` writes them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl

from teamcore.kpi import simulate_tickets
from teamcore.people import load_organisation

EXAMPLE = Path(__file__).parents[1] / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
DAYS = 90
SEED = 7
NAMES = ("tickets.csv", "events.csv", "tickets.parquet", "events.parquet")


def make(folder: Path, n: int = 1_000_000) -> dict[str, int]:
    """The four files in `folder` for about `n` tickets (made unless already there); rows of each table."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".made"
    wanted = f"{n} {SEED}"
    if stamp.exists() and all((folder / f).exists() for f in NAMES):
        made, *rows = stamp.read_text().split("\n")
        if made == wanted:
            return {name: int(count) for name, count in (r.split("=") for r in rows if r)}
    org = load_organisation(EXAMPLE / "organisation.toml")
    # The simulator's weekday rate: 0.81 of it on average over a week, so that ~n tickets come out in DAYS days.
    log = simulate_tickets(
        org, start=NOW - dt.timedelta(days=DAYS), end=NOW, tickets_per_day=n / DAYS / 0.81, seed=SEED
    )
    counts = {}
    for name, frame in (("tickets", log.tickets), ("events", log.events)):
        frame.write_parquet(folder / f"{name}.parquet")
        text = frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        text.write_csv(folder / f"{name}.csv")
        counts[name] = frame.height
    stamp.write_text("\n".join([wanted, *(f"{k}={v}" for k, v in counts.items())]))
    return counts


def main() -> None:
    folder = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    counts = make(folder, n)
    sizes = ", ".join(f"{f} {(folder / f).stat().st_size / 2**20:,.0f} MiB" for f in NAMES)
    print(f"{counts['tickets']:,} tickets, {counts['events']:,} events in {folder}: {sizes}")


if __name__ == "__main__":
    main()
