"""``teamcore sla PATH --tickets FILE --events FILE --policy FILE --now ISO``: the SLA queue and achievement."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamcore._suggest import suggest
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
    warn_rejected,
)
from teamcore.cli._importing import add_tickets, ticket_inputs
from teamcore.cli._output import add_format, emit, frame_records, frame_table
from teamcore.exceptions import InvalidInterval, InvalidValue, UnknownReference
from teamcore.kpi import (
    PRIORITIES,
    SlaPolicy,
    evaluate_sla,
    load_events,
    load_sla_policy,
    load_tickets,
    sla_achievement,
    sla_calendars,
)
from teamcore.people import Organisation

__all__ = ["register", "run"]

_ISO = "%Y-%m-%dT%H:%M:%S%.fZ"


def register(sub: Any) -> None:
    """Add the ``sla`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "sla",
        help="open tickets by time until SLA breach, and SLA achievement",
        description="Check tickets against an SLA policy file (.toml or .json: targets per metric and priority, "
        "business or calendar hours, pausing statuses). Lists the targets still running on open tickets, soonest "
        "breach first (already breached ones first, flagged), and the achievement per metric and priority of the "
        "tickets created since --start. A business-hours policy counts each team's open hours from the team file. "
        "Rejected rows are listed on stderr.",
    )
    add_org_path(parser)
    add_tickets(parser)
    parser.add_argument(
        "--events",
        type=Path,
        metavar="FILE",
        help="ticket events (replies, status changes); required unless --tickets is an import folder",
    )
    parser.add_argument("--policy", required=True, metavar="FILE", help="SLA policy (.toml or .json)")
    add_now(parser)
    parser.add_argument(
        "--start", metavar="ISO", help="achievement of the tickets created since (default: 28 days before --now)"
    )
    parser.add_argument("--team", metavar="ID", help="only the tickets of team ID")
    parser.add_argument(
        "--only", choices=["open", "achievement"], help="print one table only (required with --format csv)"
    )
    add_max_rejected(parser)
    add_format(
        parser, csv_help="one table: with --only open, the open targets; with --only achievement, the achievement"
    )
    parser.set_defaults(run=run, usage_error=parser.error)


def _check_team(org: Organisation, team: str | None) -> None:
    teams = sorted(t.id for t in org.teams)
    if team is not None and team not in teams:
        raise UnknownReference("--team", team, f"one of the teams {teams}", suggestion=suggest(team, teams))


def _achievement(status: pl.DataFrame, created: pl.DataFrame, policy: SlaPolicy) -> pl.DataFrame:
    """Achievement per target of the policy (every target, urgent first), of the tickets in `created`."""
    counted = sla_achievement(status.join(created, on="ticket_id", how="semi"), by=["metric", "priority"])
    rank = {p: i for i, p in enumerate(reversed(PRIORITIES))}
    rules = pl.DataFrame(
        {
            "metric": [t.metric for t in policy.targets],
            "priority": [t.priority for t in policy.targets],
            "target": [t.within.total_seconds() for t in policy.targets],
            "rank": [rank[t.priority] for t in policy.targets],
        },
        schema={"metric": pl.String, "priority": pl.String, "target": pl.Float64, "rank": pl.Int64},
    )
    return (
        rules.join(counted, on=["metric", "priority"], how="left")
        .with_columns(pl.col("achieved").fill_null(0), pl.col("breached").fill_null(0))
        .sort("metric", "rank")
        .select("metric", "priority", "target", "achieved", "breached", "achievement")
    )


def _strings(frame: pl.DataFrame) -> pl.DataFrame:
    """Datetime columns as ISO 8601 UTC text, so CSV and JSON say the same."""
    return frame.with_columns(pl.col(pl.Datetime).dt.strftime(_ISO))


def _ticket_files(args: argparse.Namespace) -> tuple[Path, Path]:
    """``--tickets`` and ``--events``; a ``--tickets`` import folder gives both (an explicit ``--events`` wins)."""
    tickets, events = ticket_inputs(args.tickets, args.events)
    if events is None:  # an import folder without its events.parquet
        raise InvalidValue("--events", None, f"an events file: {tickets.parent} holds no events.parquet")
    return tickets, events


def run(args: argparse.Namespace) -> int:
    """Load, check, print."""
    if args.format == "csv" and args.only is None:
        args.usage_error("--format csv writes one table: add --only open or --only achievement")
    if args.events is None and not args.tickets.is_dir():
        args.usage_error("the following arguments are required: --events (unless --tickets is an import folder)")
    console = console_for(args)
    org = load_org(args)
    _check_team(org, args.team)
    policy = load_sla_policy(args.policy)
    now = now_from(args)
    start = instant_from(args.start, "--start") if args.start else now - dt.timedelta(days=28)
    if start >= now:
        raise InvalidInterval("--start", args.start, f"an instant before --now {args.now}")
    args.tickets, args.events = _ticket_files(args)
    tickets = load_tickets(args.tickets, members=org)
    warn_rejected(console, tickets, limit=args.max_rejected)
    events = load_events(args.events, tickets.frame, members=org)
    warn_rejected(console, events, limit=args.max_rejected)
    frame = tickets.frame
    if args.team is not None:
        frame = frame.filter(pl.col("team") == args.team)
    calendars = None
    if policy.business_hours:
        first = frame.get_column("created_at").min() if frame.height else None
        since = first.date() if isinstance(first, dt.datetime) else start.date()
        calendars = sla_calendars(org, min(since, start.date()), now)
    evaluation = evaluate_sla(frame, events.frame, policy, now=now, calendars=calendars)
    status, queue = evaluation.status, evaluation.queue
    created = frame.filter((pl.col("created_at") >= start) & (pl.col("created_at") < now)).select("ticket_id")
    achievement = _achievement(status, created, policy)
    window = f"{start:%Y-%m-%d %H:%M}Z to {now:%Y-%m-%d %H:%M}Z"

    def data() -> dict[str, Any]:
        out: dict[str, Any] = {
            "policy": policy.name,
            "business_hours": policy.business_hours,
            "now": now,
            "start": start,
            "team": args.team,
        }
        if args.only in {None, "open"}:
            out["open"] = frame_records(_strings(queue))
        if args.only in {None, "achievement"}:
            out["achievement"] = frame_records(achievement)
        return out

    def show(console: Console) -> None:
        clock = "business hours" if policy.business_hours else "calendar hours"
        if args.only in {None, "open"}:
            print_whole(console, _queue_table(queue, f"{policy.name}: open tickets by time until breach ({clock})"))
        if args.only in {None, "achievement"}:
            title = f"{policy.name}: achievement, tickets created {window}"
            print_whole(console, _achievement_table(achievement, title))

    emit(
        args,
        console,
        "sla",
        data=data,
        table=lambda: frame_table(_strings(queue if args.only == "open" else achievement)),
        show=show,
    )
    return EXIT_OK


def _hours(seconds: object) -> str:
    return "–" if seconds is None else f"{float(seconds) / 3600:.1f}"  # type: ignore[arg-type]


def _queue_table(queue: pl.DataFrame, title: str) -> Table | Text:
    if queue.is_empty():
        return Text(f"{title}: no open ticket has a running target.")
    calendar = queue.get_column("breach_at").null_count() < queue.height
    out = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("ticket", "team", "member", "priority", "status", "metric"):
        out.add_column(name, no_wrap=True)
    for name in ("target h", "elapsed h", "left h"):
        out.add_column(name, justify="right")
    if calendar:
        out.add_column("breach at (UTC)", no_wrap=True)
    out.add_column("", no_wrap=True)
    for row in queue.iter_rows(named=True):
        cells: list[str | Text] = [
            row["ticket_id"],
            row["team"] or "–",
            row["assignee"] or "–",
            row["priority"],
            row["status"],
            row["metric"],
            _hours(row["target"]),
            _hours(row["elapsed"]),
            _hours(row["until_breach"]),
        ]
        if calendar:
            cells.append("–" if row["breach_at"] is None else f"{row['breach_at']:%Y-%m-%d %H:%M}")
        cells.append(Text("BREACHED", style="bold red") if row["breached"] else "")
        out.add_row(*cells)
    return out


def _achievement_table(table: pl.DataFrame, title: str) -> Table:
    out = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("metric", "priority"):
        out.add_column(name, no_wrap=True)
    for name in ("target h", "achieved", "breached", "achievement"):
        out.add_column(name, justify="right")
    for row in table.iter_rows(named=True):
        share = "–" if row["achievement"] is None else f"{row['achievement']:.0%}"
        out.add_row(
            row["metric"],
            row["priority"],
            _hours(row["target"]),
            str(row["achieved"]),
            str(row["breached"]),
            share,
        )
    return out
