"""``teamcore staffing PATH --forecast FILE|--tickets FILE --sl 80/20``: agents required vs scheduled per interval."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamcore._time import timezone, validate_timezone
from teamcore.cli._common import (
    EXIT_OK,
    add_max_rejected,
    add_org_path,
    console_for,
    load_org,
    now_from,
    warn_rejected,
)
from teamcore.cli._output import CsvTable, add_format, emit
from teamcore.cli._project import SHARED_DEFAULTS
from teamcore.exceptions import InvalidValue
from teamcore.kpi import load_tickets, read_table
from teamcore.rostering import load_roster
from teamcore.staffing import Comparison, Forecast, StaffingCriteria, StaffingPlan, forecast_from_tickets, load_forecast

__all__ = ["register", "run"]

_STYLE = {"red": "red", "amber": "yellow", "green": "green"}


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``staffing`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "staffing",
        help="agents required per interval (Erlang C) against who is scheduled",
        description="Agents required per interval for a service-level target (Erlang C, exact minimum, with "
        "shrinkage), compared with the members the team file schedules in each interval. The volume comes from "
        "--forecast (a CSV, Parquet or JSON-lines file with 'start' and 'volume' columns on a regular grid) or "
        "from --tickets (the average by weekday and interval of the last --weeks weeks before --now, for the "
        "--days days after it). With --window the channel is treated as asynchronous (e-mail, tickets): agents "
        "come from the workload that must be handled within the window, not Erlang; the window counts the business "
        "hours of --team (of everyone without it): the hours when at least one of its members works, so mail that "
        "arrives while the team is closed waits for it to open. --around-the-clock counts it in calendar time, for "
        "an inbox worked 24/7. "
        "Red: nobody scheduled while agents are required; amber: fewer than required.",
    )
    add_org_path(parser)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--forecast", metavar="FILE", help="volume per interval: columns start, volume")
    source.add_argument("--tickets", metavar="FILE", help="tickets table (CSV, Parquet, JSON lines) for the history")
    sl, shrinkage, aht = SHARED_DEFAULTS["service-level"], SHARED_DEFAULTS["shrinkage"], SHARED_DEFAULTS["aht"]
    parser.add_argument("--sl", default=sl, metavar="P/S", help=f"service level: P%% within S seconds ({sl})")
    parser.add_argument(
        "--shrinkage", type=float, default=shrinkage, metavar="S", help=f"share of time off the queue ({shrinkage:g})"
    )
    parser.add_argument(
        "--aht",
        type=float,
        metavar="SECONDS",
        help=f"average handling time (default: with --tickets their mean handle_seconds; else {aht:g}, as report's)",
    )
    parser.add_argument(
        "--patience", type=float, metavar="SECONDS", help="callers' mean patience: Erlang A (with abandonment)"
    )
    parser.add_argument(
        "--window", type=float, metavar="HOURS", help="asynchronous channel: handle within HOURS of business hours"
    )
    parser.add_argument(
        "--around-the-clock",
        action="store_true",
        help="with --window: the inbox is worked 24/7, the window is calendar time (default: the team's hours)",
    )
    parser.add_argument("--now", metavar="ISO", help="with --tickets: the end of the history, e.g. 2026-11-23T00:00Z")
    parser.add_argument("--days", type=int, default=7, metavar="N", help="with --tickets: days to forecast (7)")
    parser.add_argument("--weeks", type=int, default=4, metavar="N", help="with --tickets: weeks of history (4)")
    parser.add_argument("--step", type=int, default=30, metavar="MIN", help="with --tickets: interval minutes (30)")
    parser.add_argument("--channel", action="append", metavar="C", help="with --tickets: only channel C (repeat)")
    parser.add_argument("--team", metavar="T", help="only members of team T are scheduled")
    parser.add_argument("--skill", metavar="S", help="only members with skill S are scheduled")
    parser.add_argument("--language", metavar="L", help="only members who serve customers in language L are scheduled")
    parser.add_argument(
        "--roster",
        metavar="FILE",
        type=Path,
        help="a roster (.csv or .jsonl): its shifts are what is scheduled, instead of the members' weekly hours",
    )
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help="timezone of the weekday pattern and the output")
    parser.add_argument("--worst", type=int, default=10, metavar="N", help="how many worst intervals to list")
    add_max_rejected(parser)
    add_format(parser, csv_help="every interval: volume, agents required and scheduled, severity")
    parser.set_defaults(run=run)


def _mean_handle(frame: pl.DataFrame) -> float | None:
    if "handle_seconds" not in frame.columns:
        return None
    mean = frame.get_column("handle_seconds").cast(pl.Float64).mean()
    return float(mean) if isinstance(mean, (int, float)) and mean > 0 else None


def _forecast(args: argparse.Namespace, console: Console) -> tuple[Forecast, float | None]:
    if args.forecast is not None:
        return load_forecast(args.forecast), None
    if args.now is None:
        raise InvalidValue("--now", None, "the end of the ticket history when --tickets is given")
    now = now_from(args)
    if not 1 <= args.days <= 366:
        raise InvalidValue("--days", args.days, "1 to 366 days")
    loaded = load_tickets(read_table(args.tickets))
    warn_rejected(console, loaded, limit=args.max_rejected, source=str(args.tickets))
    frame = loaded.frame
    step = dt.timedelta(minutes=args.step)
    forecast = forecast_from_tickets(
        frame,
        now=now,
        start=now,
        end=now + dt.timedelta(days=args.days),
        step=step,
        weeks=args.weeks,
        tz=args.tz,
        channels=args.channel,
    )
    return forecast, _mean_handle(frame)


def _worst_table(result: Comparison, count: int, tz: str) -> Table:
    zone = timezone(tz)
    table = Table(title=f"Worst intervals ({tz})")
    for name in ("from", "to", "required", "scheduled", "missing", "severity"):
        table.add_column(
            name, no_wrap=True, justify="right" if name in {"required", "scheduled", "missing"} else "left"
        )
    for short in result.worst(count):
        table.add_row(
            short.start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M"),
            short.end.astimezone(zone).strftime("%H:%M"),
            str(short.required),
            str(short.scheduled),
            str(short.missing),
            Text(short.severity, style=_STYLE[short.severity]),
        )
    return table


def run(args: argparse.Namespace) -> int:
    """Forecast, requirement, coverage, comparison; print the summary and the worst intervals."""
    console = console_for(args)
    validate_timezone(args.tz, "--tz")
    target = StaffingCriteria.parse(args.sl)
    org = load_org(args)
    forecast, mean_handle = _forecast(args, console)
    # The one default AHT (teamcore report's too) when neither --aht nor the tickets' handle times say otherwise.
    aht: float = args.aht if args.aht is not None else mean_handle or SHARED_DEFAULTS["aht"]
    if args.window is not None and not args.window > 0:
        raise InvalidValue("--window", args.window, "a positive number of hours")
    if args.around_the_clock and args.window is None:
        raise InvalidValue("--around-the-clock", "given", "--window as well (it sets the clock of the SLA window)")
    plan = StaffingPlan(
        forecast=forecast,
        aht=aht,
        target=target,
        shrinkage=args.shrinkage,
        window=None if args.window is None else dt.timedelta(hours=args.window),
        patience=args.patience,
        hours="always" if args.around_the_clock else "team",
    )
    roster = None if args.roster is None else load_roster(args.roster)
    result = plan.against(org, team=args.team, skill=args.skill, language=args.language, schedule=roster)
    spilled = plan.workload(org, team=args.team, schedule=roster).spilled / 3600 if plan.window is not None else 0.0
    emit(
        args,
        console,
        "staffing",
        data=lambda: _data(args, plan, result, spilled),
        table=lambda: _interval_rows(plan, result),
        show=lambda out: _show(out, args, plan, result, spilled),
    )
    return EXIT_OK


_INTERVAL_COLUMNS = ("start", "end", "volume", "required", "scheduled", "difference", "severity")


def _interval_rows(plan: StaffingPlan, result: Comparison) -> CsvTable:
    volume = [float(v) for v in plan.forecast.volume.tolist()]
    severities = result.severities().tolist()
    rows = [
        (
            result.start + result.step * i,
            result.start + result.step * (i + 1),
            volume[i] if i < len(volume) else None,
            int(result.required[i]),
            int(result.scheduled[i]),
            int(result.scheduled[i]) - int(result.required[i]),
            severities[i],
        )
        for i in range(len(result))
    ]
    return _INTERVAL_COLUMNS, rows


def _data(args: argparse.Namespace, plan: StaffingPlan, result: Comparison, spilled: float) -> dict[str, Any]:
    forecast = plan.forecast
    header, rows = _interval_rows(plan, result)
    return {
        "method": plan.method,
        "service_level": args.sl,
        "aht_seconds": plan.aht,
        "shrinkage": plan.shrinkage,
        "window_hours": args.window,
        "patience_seconds": args.patience,
        "team": args.team,
        "skill": args.skill,
        "language": args.language,
        "roster": None if args.roster is None else str(args.roster),
        "tz": args.tz,
        "start": forecast.start,
        "step_minutes": int(forecast.step.total_seconds()) // 60,
        "contacts": float(forecast.volume.sum()),
        "peak_required": int(np.max(result.required)) if len(result) else 0,
        "counts": result.counts(),
        "understaffed_agent_hours": round(result.understaffed_agent_hours(), 6),
        "overstaffed_agent_hours": round(result.overstaffed_agent_hours(), 6),
        "spilled_hours": round(spilled, 6),
        "intervals": [dict(zip(header, row, strict=True)) for row in rows],
    }


def _show(console: Console, args: argparse.Namespace, plan: StaffingPlan, result: Comparison, spilled: float) -> None:
    forecast, aht = plan.forecast, plan.aht
    need, method = result.required, plan.method
    counts = result.counts()
    zone = timezone(args.tz)
    console.print(
        f"{len(result)} intervals of {int(forecast.step.total_seconds()) // 60} min from "
        f"{forecast.start.astimezone(zone):%Y-%m-%d %H:%M} ({args.tz}); {method}, AHT {aht:g} s, "
        f"shrinkage {args.shrinkage:.0%}; {float(forecast.volume.sum()):,.0f} contacts, peak {int(np.max(need))} "
        f"agents required",
        markup=False,
    )
    if spilled > 0:
        console.print(
            f"{spilled:,.1f} hours of work are due after the last interval (extend the forecast to staff them)",
            markup=False,
        )
    console.print(
        Text.assemble(
            (f"red {counts['red']}", "red"),
            "  ",
            (f"amber {counts['amber']}", "yellow"),
            "  ",
            (f"green {counts['green']}", "green"),
            f"   short {result.understaffed_agent_hours():,.1f} agent-hours, "
            f"over {result.overstaffed_agent_hours():,.1f} agent-hours",
        )
    )
    if counts["red"] + counts["amber"] == 0:
        console.print("Every interval has enough agents scheduled.", markup=False)
        return
    console.print(_worst_table(result, args.worst, args.tz))
