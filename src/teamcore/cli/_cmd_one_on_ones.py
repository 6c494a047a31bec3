"""``teamcore one-on-ones PATH --now ISO [--team T] [--lead ID] [--weeks N] [--ics FILE]``: the proposed 1:1 slots.

Each lead gets one weekly slot with each member of the teams they lead (:func:`teamcore.scheduling.one_on_ones`:
inside both working hours in as many weeks as possible, then the least pain, then the earliest). A lead of two teams
is one call, so no two of their 1:1s overlap. The slot is fixed in the lead's wall-clock time; the member's local
time is shown for the first 1:1 (it moves by an hour in the weeks between two DST changes that happen on different
dates for the two, and those weeks are listed when they leave someone's working hours).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from rich.console import Console
from rich.table import Table

from teamcore._optional import require
from teamcore._time import timezone
from teamcore.cli._common import (
    EXIT_OK,
    add_now,
    add_org_path,
    add_output,
    console_for,
    date_arg,
    load_org,
    now_from,
    print_whole,
)
from teamcore.cli._output import CsvTable, add_format, emit, write_atomic
from teamcore.exceptions import InvalidValue, UnknownReference
from teamcore.people import Member, Organisation, Team
from teamcore.scheduling import OneOnOneSlot, one_on_ones, one_on_ones_ics

__all__ = ["register", "run"]

_SHOWN_DAYS = 4


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``one-on-ones`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "one-on-ones",
        help="proposed weekly 1:1 slots of each lead with their members, and their .ics",
        description="Propose a fixed weekly 1:1 slot for each lead with each member of the teams they lead, "
        "inside both people's working hours (holidays, closed days and time off included) in as many of the --weeks "
        "weeks as possible, then with the least inconvenience. Each slot is shown in the lead's and in the "
        "member's local time. The series starts the day after --now in the lead's timezone (or on --from). "
        "--ics writes one recurring event per slot at the lead's wall-clock time (TZID and VTIMEZONE).",
    )
    add_org_path(parser)
    add_now(parser)
    parser.add_argument("--team", metavar="T", help="only team T (its lead and members)")
    parser.add_argument("--lead", metavar="ID", help="only the teams led by ID")
    parser.add_argument("--weeks", type=int, default=12, metavar="N", help="weekly occurrences (1-260, default 12)")
    parser.add_argument("--duration", type=int, default=30, metavar="MIN", help="minutes per 1:1 (default 30)")
    parser.add_argument("--from", dest="start", type=date_arg, metavar="DATE", help="first day (instead of --now + 1)")
    add_output(parser, "--ics", "also write the 1:1s as an .ics calendar (one recurring event per slot)")
    add_format(parser, csv_help="one row per slot")
    parser.set_defaults(run=run)


def _groups(org: Organisation, team: str | None, lead: str | None) -> list[tuple[Member, list[Member], Team | None]]:
    """Per lead: the lead, the members of the teams they lead (in order, once each), and the team if only one."""
    if lead is not None and lead not in org:
        raise UnknownReference("--lead", lead, "the id of a member of the organisation")
    teams = [org.team(team)] if team is not None else list(org.teams)
    if lead is not None:
        teams = [t for t in teams if t.lead == lead]
        if not teams:
            led = sorted({t.lead for t in org.teams})
            raise InvalidValue("--lead", lead, f"the lead of a team{f' (of {team})' if team else ''}: one of {led}")
    out = []
    for lead_id in dict.fromkeys(t.lead for t in teams):
        mine = [t for t in teams if t.lead == lead_id]
        ids = dict.fromkeys(m for t in mine for m in t.members if m != lead_id)
        out.append((org.member(lead_id), [org.member(m) for m in ids], mine[0] if len(mine) == 1 else None))
    return out


def _first(now: dt.datetime, zone: str, start: dt.date | None) -> dt.date:
    return start if start is not None else now.astimezone(timezone(zone)).date() + dt.timedelta(days=1)


def run(args: argparse.Namespace) -> int:
    """Propose the slots, print them (or JSON, CSV) and write the .ics if asked."""
    if args.ics is not None:  # say so before anything is computed
        require("icalendar", "calendar", "--ics")
    if not 5 <= args.duration <= 480:
        raise InvalidValue("--duration", args.duration, "minutes from 5 to 480")
    console = console_for(args)
    org = load_org(args)
    now = now_from(args)
    slots: list[OneOnOneSlot] = []
    for lead, members, team in _groups(org, args.team, args.lead):
        slots += one_on_ones(
            lead,
            members,
            first=_first(now, lead.timezone, args.start),
            weeks=args.weeks,
            duration=dt.timedelta(minutes=args.duration),
            team=team,
        )
    zones: dict[str, str] = {m.id: m.timezone for m in org.members}
    if args.ics is not None:
        write_atomic("--ics", args.ics, one_on_ones_ics(slots, now=now, name=f"{org.name} 1:1s"))
    header, rows = _rows(slots, zones)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    for record, slot in zip(records, slots, strict=True):
        record["starts"] = list(slot.starts)
        record["outside"] = list(slot.outside)

    def show(out: Console) -> None:
        print_whole(out, _table(slots, zones, args.weeks))
        for slot in slots:
            if slot.outside:
                days = ", ".join(d.isoformat() for d in slot.outside[:_SHOWN_DAYS])
                more = len(slot.outside) - _SHOWN_DAYS
                days += f" and {more} more" if more > 0 else ""
                out.print(f"{slot.lead} / {slot.member}: outside someone's working hours on {days}", markup=False)
        if args.ics is not None:
            out.print(f"wrote {args.ics}", markup=False)

    emit(
        args,
        console,
        "one-on-ones",
        data=lambda: {
            "now": now,
            "from": args.start,
            "weeks": args.weeks,
            "team": args.team,
            "lead": args.lead,
            "ics": None if args.ics is None else str(args.ics),
            "slots": records,
        },
        table=lambda: (header, rows),
        show=show,
    )
    return EXIT_OK


_COLUMNS = (
    "lead",
    "member",
    "lead_zone",
    "member_zone",
    "weekday",
    "time",
    "member_weekday",
    "member_time",
    "duration_minutes",
    "first",
    "weeks_outside",
    "pain",
    "stable",
)


def _rows(slots: list[OneOnOneSlot], zones: dict[str, str]) -> CsvTable:
    """One row per slot: the slot in the lead's zone, the first 1:1 in the member's, and how steady it is."""
    rows = []
    for slot in slots:
        first = slot.starts[0] if slot.starts else None
        local = None if first is None else first.astimezone(timezone(zones[slot.member]))
        rows.append(
            (
                slot.lead,
                slot.member,
                slot.zone,
                zones[slot.member],
                None if slot.weekday is None else slot.weekday.short,
                slot.time,
                None if local is None else local.strftime("%a").lower(),
                None if local is None else local.time().replace(second=0, microsecond=0),
                int(slot.duration.total_seconds()) // 60,
                first,
                len(slot.outside),
                round(slot.pain, 6),
                slot.stable,
            )
        )
    return _COLUMNS, rows


def _table(slots: list[OneOnOneSlot], zones: dict[str, str], weeks: int) -> Table:
    table = Table(title=f"Weekly 1:1s ({weeks} weeks): lead's time and the member's", title_justify="left")
    for column in ("lead", "member", "lead's time", "member's time", "first (UTC)", "weeks outside"):
        table.add_column(column, no_wrap=True)
    for slot in slots:
        if slot.weekday is None or slot.time is None or not slot.starts:
            table.add_row(slot.lead, slot.member, "no free working time", "", "", "")
            continue
        local = slot.starts[0].astimezone(timezone(zones[slot.member]))
        table.add_row(
            slot.lead,
            slot.member,
            f"{slot.weekday.short.title()} {slot.time:%H:%M} {slot.zone}",
            f"{local:%a %H:%M} {zones[slot.member]}",
            f"{slot.starts[0]:%Y-%m-%d %H:%M}",
            str(len(slot.outside)),
        )
    return table
