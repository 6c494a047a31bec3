"""``teamcore coverage PATH --from DATE --to DATE``: a weekday × hour heatmap of coverage, and the gaps."""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from rich.text import Text

from teamcore._percent import percent
from teamcore._time import local_to_utc, timezone, validate_timezone
from teamcore.cli._common import EXIT_OK, add_org_path, console_for, date_arg, load_org
from teamcore.cli._output import CsvTable, add_format, emit
from teamcore.exceptions import InvalidInterval, InvalidValue
from teamcore.people import Weekday
from teamcore.rostering import load_roster
from teamcore.scheduling import Coverage, coverage

__all__ = ["register", "run"]

_SHOWN_GAPS = 20


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``coverage`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "coverage",
        help="who is working when: a weekday × hour heatmap and the gaps",
        description="Coverage of the organisation (or a team, a skill, a language) from --from to --to, both "
        "included, as local days in --tz. The heatmap shows the mean number of members working per weekday and "
        "local hour; colour shows the worst slot in the cell (red: nobody, yellow: fewer than --required). "
        "Then the gaps: runs of 15-minute slots with fewer than --required members.",
    )
    add_org_path(parser)
    parser.add_argument("--from", dest="start", required=True, type=date_arg, metavar="DATE", help="first day")
    parser.add_argument("--to", dest="end", required=True, type=date_arg, metavar="DATE", help="last day (included)")
    parser.add_argument("--skill", metavar="S", help="only members with skill S (level 1 or above)")
    parser.add_argument("--min-level", type=int, default=1, metavar="N", help="minimum skill level (default 1)")
    parser.add_argument("--language", metavar="L", help="only members who serve customers in language L")
    parser.add_argument("--team", metavar="T", help="only members of team T (its closed days apply)")
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help="timezone of the days and the heatmap")
    parser.add_argument("--required", type=int, default=1, metavar="N", help="members needed at all times")
    parser.add_argument(
        "--roster",
        metavar="FILE",
        type=Path,
        help="a roster (.csv or .jsonl): count its shifts instead of the members' weekly hours",
    )
    add_format(parser, csv_help="the gaps, every one")
    parser.set_defaults(run=run)


def _window(args: argparse.Namespace) -> tuple[dt.datetime, dt.datetime]:
    validate_timezone(args.tz, "--tz")
    if args.end < args.start:
        raise InvalidInterval("--to", f"{args.start}..{args.end}", "a last day on or after --from")
    zone = timezone(args.tz)
    return local_to_utc(args.start, dt.time(0), zone), local_to_utc(args.end + dt.timedelta(days=1), dt.time(0), zone)


def _hours(span: dt.timedelta) -> str:
    minutes = int(span.total_seconds()) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def heatmap(result: Coverage, tz: str) -> Table:
    """The weekday × local hour table: mean members per cell, coloured by the cell's worst slot."""
    mean, low = result.weekly_profile(tz, "mean"), result.weekly_profile(tz, "min")
    table = Table(title=f"Members working, mean per hour ({tz})", box=None, padding=(0, 0), show_edge=False)
    table.add_column("", width=4)
    for hour in range(24):
        table.add_column(f"{hour:>3}", justify="right", width=3)
    for day in Weekday:
        cells: list[Text | str] = [day.short.title()]
        for hour in range(24):
            value, worst = float(mean[day, hour]), float(low[day, hour])
            if math.isnan(value):
                cells.append(Text("  ·", style="dim"))
                continue
            style = "red" if worst == 0 else ("yellow" if worst < result.required else "green")
            shown = f"{value:3.0f}" if value < 99.5 else "99+"
            cells.append(Text(shown, style=style))
        table.add_row(*cells)
    return table


def gap_table(result: Coverage, tz: str) -> Table:
    """The first gaps, in local time of `tz`."""
    zone = timezone(tz)
    table = Table(title=f"Gaps (fewer than {result.required} member(s)), local time {tz}")
    for name in ("from", "to", "length", "lowest", "status"):
        table.add_column(name, no_wrap=True)
    for gap in result.gaps()[:_SHOWN_GAPS]:
        table.add_row(
            gap.start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M"),
            gap.end.astimezone(zone).strftime("%a %Y-%m-%d %H:%M"),
            _hours(gap.duration),
            str(gap.lowest),
            # The report's vocabulary, symbol and word: nobody working is to act on, fewer than required to watch.
            Text("✗ nobody" if gap.lowest == 0 else "▲ short", style="bold red" if gap.lowest == 0 else "yellow"),
        )
    return table


def run(args: argparse.Namespace) -> int:
    """Compute coverage and print the heatmap and the gaps (or write them as JSON or CSV)."""
    console: Console = console_for(args)
    start, end = _window(args)
    if args.required < 1:
        raise InvalidValue("--required", args.required, "an integer of at least 1")
    org = load_org(args)
    result = coverage(
        org,
        start,
        end,
        skill=args.skill,
        min_level=args.min_level,
        language=args.language,
        team=args.team,
        required=args.required,
        schedule=None if args.roster is None else load_roster(args.roster),
    )
    emit(
        args,
        console,
        "coverage",
        data=lambda: _data(args, result),
        table=lambda: _gap_rows(result, args.tz),
        show=lambda out: _show(out, args, result),
    )
    return EXIT_OK


def _covered_share(result: Coverage) -> float:
    return float((result.counts >= result.required).sum()) / max(1, len(result))


def _gap_rows(result: Coverage, tz: str) -> CsvTable:
    zone = timezone(tz)
    header = ("start", "end", "start_local", "end_local", "minutes", "lowest", "severity")
    rows = [
        (
            gap.start,
            gap.end,
            gap.start.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            gap.end.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            int(gap.duration.total_seconds()) // 60,
            gap.lowest,
            gap.severity,
        )
        for gap in result.gaps()
    ]
    return header, rows


def _data(args: argparse.Namespace, result: Coverage) -> dict[str, Any]:
    mean, low = result.weekly_profile(args.tz, "mean"), result.weekly_profile(args.tz, "min")
    header, rows = _gap_rows(result, args.tz)
    return {
        "from": args.start,
        "to": args.end,
        "tz": args.tz,
        "required": result.required,
        "filters": {"team": args.team, "skill": args.skill, "min_level": args.min_level, "language": args.language},
        "roster": None if args.roster is None else str(args.roster),
        "members": list(result.member_ids),
        "covered_share": round(_covered_share(result), 6),
        "uncovered_hours": round(result.uncovered().total_seconds() / 3600, 4),
        "peak": int(np.max(result.counts)) if len(result) else 0,
        "heatmap": [
            {"weekday": day.short, "hour": hour, "mean": float(mean[day, hour]), "min": float(low[day, hour])}
            for day in Weekday
            for hour in range(24)
        ],
        "gaps": [dict(zip(header, row, strict=True)) for row in rows],
    }


def _show(console: Console, args: argparse.Namespace, result: Coverage) -> None:
    console.print(
        f"{len(result.member_ids)} member(s) considered, {args.start} to {args.end} ({args.tz}); "
        f"{percent(result.covered_share())} of the time covered",
        markup=False,
    )
    console.print(heatmap(result, args.tz))
    gaps = result.gaps()
    if not gaps:
        console.print("No gaps: every 15 minutes had enough members.", markup=False)
        return
    console.print(gap_table(result, args.tz))
    if len(gaps) > _SHOWN_GAPS:
        console.print(f"... and {len(gaps) - _SHOWN_GAPS} more gap(s)", markup=False)
    console.print(
        f"Uncovered in all: {_hours(result.uncovered())} h in {len(gaps)} gap(s); peak {int(np.max(result.counts))}.",
        markup=False,
    )
