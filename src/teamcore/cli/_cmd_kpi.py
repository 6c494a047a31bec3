"""``teamcore kpi PATH --tickets FILE``: the KPI table per member or team and period, or the scorecard."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, Literal

import polars as pl
from rich import box
from rich.table import Table

from teamcore.cli._common import (
    EXIT_OK,
    add_max_rejected,
    add_now,
    add_org_path,
    console_for,
    instant_from,
    load_org,
    now_from,
    print_whole,
    progress_for,
    warn_rejected,
)
from teamcore.cli._defaults import from_command_line
from teamcore.cli._importing import add_tickets, ticket_inputs
from teamcore.cli._output import add_format, emit, frame_records, frame_table
from teamcore.exceptions import InvalidValue
from teamcore.kpi import (
    SCORECARD_COLUMNS,
    KpiTarget,
    SlaPolicy,
    evaluate_targets,
    kpi_table,
    load_events,
    load_sla_policy,
    load_targets,
    load_tickets,
    scorecard,
    team_calendars,
)

__all__ = ["register", "run", "run_scorecard"]

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
        "CSAT, ...) from a tickets file (.csv, .parquet, .jsonl) and optionally its events file, or a folder `teamcore "
        "import` wrote, per member or team and per day, ISO week or month in --tz. Rejected rows are listed on stderr.",
    )
    add_org_path(parser)
    add_tickets(parser)
    parser.add_argument("--events", type=Path, metavar="FILE", help="ticket events, for reply and wait times")
    parser.add_argument("--by", choices=["member", "team"], help="one row per member or team (default: all)")
    parser.add_argument("--period", choices=["day", "week", "month"], help="one row per period (default: whole)")
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help="timezone of days, weeks and months")
    add_now(parser)
    parser.add_argument("--start", metavar="ISO", help="window start (default: 28 days before --now)")
    parser.add_argument("--business-hours", action="store_true", help="durations in the teams' business hours")
    card = parser.add_argument_group(
        "scorecard",
        "--scorecard prints the per-member (--by team: per-team) scorecard per period (default --period week): "
        "incoming, solved, median first reply, first-reply SLA achievement (with --sla) and CSAT, in the SLA "
        "policy's clock. --targets adds, per row and targeted column, the goal, met or missed, the delta (positive "
        "on the good side) and the trend against the previous period.",
    )
    card.add_argument("--scorecard", action="store_true", help="the scorecard instead of the KPI table")
    card.add_argument("--targets", type=Path, metavar="FILE", help="KPI targets (.toml or .json) to evaluate")
    card.add_argument("--sla", type=Path, metavar="FILE", help="SLA policy (.toml or .json) for the SLA column")
    add_max_rejected(parser)
    add_format(parser, csv_help="the KPI table or the scorecard, one row per period and member or team")
    parser.set_defaults(run=run, usage_error=parser.error)


_CARD = (
    ("incoming", "in", "n"),
    ("solved", "solved", "n"),
    ("first_reply_median", "1st reply", "h"),
    ("sla_first_reply", "1st reply SLA", "%"),
    ("csat", "CSAT", "%"),
)
_MET = {True: " ✓", False: " ✗"}
_TREND = {"better": "↑", "worse": "↓", "same": "="}  # no previous period: a no-break space keeps the column


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
    if args.scorecard:
        return run_scorecard(args)
    if any(getattr(args, d) is not None and from_command_line(args, d) for d in ("targets", "sla")):
        args.usage_error("--targets and --sla go with --scorecard")  # a project file's wait for --scorecard
    console = console_for(args)
    org = load_org(args)
    end = now_from(args)
    start = instant_from(args.start, "--start") if args.start else end - dt.timedelta(days=28)
    args.tickets, args.events = ticket_inputs(args.tickets, args.events)
    with progress_for(console) as progress:
        steps = 3 if args.events else 2
        task = progress.add_task(f"loading {args.tickets.name}", total=steps)
        tickets = load_tickets(args.tickets, members=org)
        warn_rejected(console, tickets, limit=args.max_rejected)
        progress.advance(task)
        events = None
        if args.events is not None:
            progress.update(task, description=f"loading {args.events.name}")
            loaded = load_events(args.events, tickets.frame, members=org)
            warn_rejected(console, loaded, limit=args.max_rejected)
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
    emit(
        args,
        console,
        "kpi",
        data=lambda: _data(args, "kpi", start, end, table),
        table=lambda: frame_table(table),
        show=lambda out: _print_table(out, table, by),
    )
    return EXIT_OK


def _data(
    args: argparse.Namespace, view: str, start: dt.datetime, end: dt.datetime, frame: pl.DataFrame
) -> dict[str, Any]:
    """The JSON of ``kpi``: which view, its window and grouping, and one object per row."""
    return {
        "view": view,
        "by": args.by if view == "kpi" else args.by or "member",
        "period": args.period if view == "kpi" else args.period or "week",
        "tz": args.tz,
        "start": start,
        "end": end,
        "rows": frame_records(frame.with_columns(pl.col("period").cast(pl.String))),
    }


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


def run_scorecard(args: argparse.Namespace) -> int:
    """``--scorecard``: load the policy and targets first (their problems before any long load), then compute."""
    console = console_for(args)
    org = load_org(args)
    if args.sla is not None:
        policy = load_sla_policy(args.sla)
        if args.business_hours and not policy.business_hours:
            said = f"no flag: the clock is the policy's, and {args.sla} says business_hours = false"
            raise InvalidValue("--business-hours", "given", said)
    else:
        policy = SlaPolicy(name="no SLA policy", targets=(), business_hours=args.business_hours)
    by: Literal["assignee", "team"] = "team" if args.by == "team" else "assignee"
    targets = None
    if args.targets is not None:
        targets = _applicable(console, load_targets(args.targets, org=org, metrics=SCORECARD_COLUMNS), by)
        if args.sla is None and any(t.metric == "sla_first_reply" for t in targets):
            # Without a policy there is no SLA to achieve: the target is not missed, it is not evaluated.
            targets = [t for t in targets if t.metric != "sla_first_reply"]
            _note(console, "sla_first_reply target(s) not evaluated without --sla FILE")
    end = now_from(args)
    start = instant_from(args.start, "--start") if args.start else end - dt.timedelta(days=28)
    args.tickets, args.events = ticket_inputs(args.tickets, args.events)
    tickets = load_tickets(args.tickets, members=org)
    warn_rejected(console, tickets, limit=args.max_rejected)
    events = None
    if args.events is not None:
        loaded = load_events(args.events, tickets.frame, members=org)
        warn_rejected(console, loaded, limit=args.max_rejected)
        events = loaded.frame
    calendars = None
    if policy.business_hours:
        calendars = team_calendars(org, start.date() - dt.timedelta(days=400), end.date() + dt.timedelta(days=2))
    card = scorecard(
        tickets.frame,
        events,
        start=start,
        end=end,
        policy=policy,
        by=by,
        period=args.period or "week",
        tz=args.tz,
        calendars=calendars,
    )
    if targets is not None:
        card = _with_evaluation(card, evaluate_targets(card, targets, key=by), by)
    clock = "business hours" if policy.business_hours else "hours"
    title = f"Scorecard per {'member' if by == 'assignee' else 'team'} (times in {clock}; SLA: {policy.name})"
    emit(
        args,
        console,
        "kpi",
        data=lambda: _data(args, "scorecard", start, end, card),
        table=lambda: frame_table(card),
        show=lambda out: _print_scorecard(out, card, by, title),
    )
    return EXIT_OK


def _applicable(console: Any, targets: tuple[KpiTarget, ...], by: str) -> list[KpiTarget]:
    """The general targets and those of the scorecard's rows (member targets per member, team targets per team)."""
    other = "team" if by == "assignee" else "member"
    kept = [t for t in targets if getattr(t, other) is None]
    if len(kept) < len(targets):
        flag = "--by team" if other == "team" else "--by member"
        _note(console, f"{len(targets) - len(kept)} {other} target(s) not evaluated; they apply with {flag}")
    return kept


def _note(console: Any, text: str) -> None:
    err = console.__class__(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
    err.print(f"note: {text}")


def _with_evaluation(card: pl.DataFrame, review: pl.DataFrame, by: str) -> pl.DataFrame:
    """The scorecard with ``<metric>_goal, _met, _delta, _trend`` after it for every metric with a target."""
    keys = ["period", by]
    for metric in SCORECARD_COLUMNS:
        part = review.filter(pl.col("metric") == metric)
        if part.is_empty():
            continue
        part = part.select(*keys, *[pl.col(c).alias(f"{metric}_{c}") for c in ("goal", "met", "delta", "trend")])
        card = card.join(part, on=keys, how="left", nulls_equal=True)
    return card


def _print_scorecard(console: Any, card: pl.DataFrame, by: str, title: str) -> None:
    out = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    out.add_column("period", no_wrap=True)
    out.add_column("member" if by == "assignee" else "team", no_wrap=True)
    for _col, label, _unit in _CARD:
        out.add_column(label, justify="right", no_wrap=True)
    evaluated = False
    for row in card.iter_rows(named=True):
        cells = [str(row["period"]), row[by] or "–"]
        for col, _label, unit in _CARD:
            text = _cell(row[col], unit)
            met = row.get(f"{col}_met")
            if met is not None:
                evaluated = True
                text += _MET[bool(met)] + _TREND.get(row[f"{col}_trend"] or "", "\u00a0")
            cells.append(text)
        out.add_row(*cells)
    print_whole(console, out)
    if evaluated:
        console.print("✓ target met, ✗ missed; ↑ better, ↓ worse, = same as the previous period", markup=False)
