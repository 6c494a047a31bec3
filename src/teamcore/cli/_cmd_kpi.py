"""``teamcore kpi PATH --tickets FILE``: the KPI table per member or team and period."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import polars as pl
from rich import box
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from teamcore._time import parse_instant
from teamcore.cli._common import EXIT_OK, add_now, add_org_path, console_for, load_org, now_from, warn_rejected
from teamcore.kpi import kpi_table, load_events, load_tickets, team_calendars

__all__ = ["register", "run"]

_SHOWN = (
    ("incoming", "in", "n"),
    ("solved", "solved", "n"),
    ("backlog", "backlog", "n"),
    ("high_priority_open", "high", "n"),
    ("first_reply_median", "1st reply", "h"),
    ("full_resolution_median", "resolution", "h"),
    ("one_touch_rate", "1-touch", "%"),
    ("csat", "CSAT", "%"),
)


def register(sub: Any) -> None:
    """Add the ``kpi`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "kpi",
        help="KPIs per member or team and period from ticket files",
        description="Compute the KPI table (incoming, solved, backlog, reply and resolution times, one-touch, "
        "CSAT, ...) from a tickets file (.csv, .parquet, .jsonl) and optionally its events file, per member or "
        "team and per day, ISO week or month in --tz. Rejected rows are listed on stderr.",
    )
    add_org_path(parser)
    parser.add_argument("--tickets", required=True, type=Path, metavar="FILE", help="tickets (.csv/.parquet/.jsonl)")
    parser.add_argument("--events", type=Path, metavar="FILE", help="ticket events, for reply and wait times")
    parser.add_argument("--by", choices=["member", "team"], help="one row per member or team (default: all)")
    parser.add_argument("--period", choices=["day", "week", "month"], help="one row per period (default: whole)")
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help="timezone of days, weeks and months")
    add_now(parser)
    parser.add_argument("--start", metavar="ISO", help="window start (default: 28 days before --now)")
    parser.add_argument("--business-hours", action="store_true", help="durations in the teams' business hours")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")
    parser.set_defaults(run=run)


def _cell(value: object, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "h":
        return f"{float(value) / 3600:.1f}"  # type: ignore[arg-type]
    if unit == "%":
        return f"{float(value):.0%}"  # type: ignore[arg-type]
    return str(value)


def run(args: argparse.Namespace) -> int:
    """Load, compute, print."""
    console = console_for(args)
    org = load_org(args)
    end = now_from(args)
    start = parse_instant(args.start, "--start") if args.start else end - dt.timedelta(days=28)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console_for(args).__class__(stderr=True),
        transient=True,
    ) as progress:
        steps = 3 if args.events else 2
        task = progress.add_task(f"loading {args.tickets.name}", total=steps)
        tickets = load_tickets(args.tickets, members=org)
        warn_rejected(console, tickets)
        progress.advance(task)
        events = None
        if args.events is not None:
            progress.update(task, description=f"loading {args.events.name}")
            loaded = load_events(args.events, tickets.frame, members=org)
            warn_rejected(console, loaded)
            events = loaded.frame
            progress.advance(task)
        progress.update(task, description="computing KPIs")
        calendars = None
        if args.business_hours:
            calendars = team_calendars(org, start.date() - dt.timedelta(days=400), end.date() + dt.timedelta(days=2))
        by: str | tuple[()] = () if args.by is None else ("assignee" if args.by == "member" else "team")
        table = kpi_table(
            tickets.frame,
            events,
            start=start,
            end=end,
            period=args.period,
            by=by,
            tz=args.tz,
            clock="business" if args.business_hours else "calendar",
            calendars=calendars,
            stats=("mean", "median", "p90"),
        )
        progress.advance(task)
    if args.format == "csv":
        sys.stdout.write(table.write_csv())
    elif args.format == "json":
        rows = table.with_columns(pl.col("period").cast(pl.String)).to_dicts()
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        _print_table(console, table, by)
    return EXIT_OK


def _print_table(console: Any, table: pl.DataFrame, by: str | tuple[()]) -> None:
    keys = ["period", *([by] if isinstance(by, str) else [])]
    out = Table(title="KPIs (times in hours)", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for key in keys:
        out.add_column("member" if key == "assignee" else key, no_wrap=True)
    for _col, label, _unit in _SHOWN:
        out.add_column(label, justify="right")
    for row in table.iter_rows(named=True):
        out.add_row(*[str(row[k]) for k in keys], *[_cell(row[c], unit) for c, _l, unit in _SHOWN])
    console.print(out)
