"""``teamcore meetings PATH --team T --series weekly --count 12``: a fair rotation and its burden report.

The weekday of a weekly or monthly series is ``--weekday auto`` unless given: the team's working day whose rotation
has the lowest burdens (:func:`teamcore.scheduling.choose_weekday`), printed with the weekdays compared and why.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, Final, Literal

from rich.console import Console
from rich.table import Table

from teamcore._optional import require
from teamcore._time import timezone
from teamcore._validators import check_int_range
from teamcore.cli._common import (
    EXIT_OK,
    add_now,
    add_org_path,
    add_output,
    console_for,
    date_arg,
    load_org,
    now_from,
)
from teamcore.cli._output import CsvTable, add_format, emit, write_atomic
from teamcore.exceptions import InvalidValue
from teamcore.people import Weekday
from teamcore.scheduling import Participant, RotationPlan, Series, WeekdayChoice, choose_weekday, rotate, rotation_ics

__all__ = ["register", "run"]

_TIMES = tuple(dt.time(h, m) for h in range(24) for m in (0, 30))
_AUTO: Final = "auto"


def _weekday(text: str) -> Weekday | Literal["auto"]:
    if text.strip().lower() == _AUTO:
        return _AUTO
    try:
        return Weekday.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a weekday such as 'tue', or 'auto', got {text!r}") from None


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 5 <= value <= 480:
        raise argparse.ArgumentTypeError(f"expected minutes from 5 to 480, got {text!r}")
    return value


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``meetings`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "meetings",
        help="a fair rotation of a recurring team meeting, with each member's burden",
        description="Rotate a recurring meeting of team T over --count occurrences so that the worst cumulative "
        "inconvenience ('pain') of any member is as low as possible. Candidate times are every half hour in the "
        "team's timezone (or its lead's); no occurrence is placed in a member's night (22:00-07:00 local) unless "
        "--night-ok. The series starts on the first matching day after --now (or on --from).",
    )
    add_org_path(parser)
    parser.add_argument("--team", required=True, metavar="T", help="the team (its id); its members attend")
    parser.add_argument(
        "--series", choices=["daily", "weekly", "monthly"], default="weekly", help="how often (default weekly)"
    )
    parser.add_argument("--count", type=int, default=12, metavar="N", help="number of occurrences (default 12)")
    parser.add_argument("--duration", type=_minutes, default=30, metavar="MIN", help="minutes (default 30)")
    parser.add_argument(
        "--weekday",
        type=_weekday,
        default=_AUTO,
        metavar="DAY",
        help="weekly/monthly: the day, or 'auto' (default): the team's working day with the lowest burdens",
    )
    parser.add_argument("--from", dest="start", type=date_arg, metavar="DATE", help="first day (instead of --now)")
    parser.add_argument("--night-ok", action="store_true", help="every member accepts meetings in their night")
    parser.add_argument("--per-region", action="store_true", help="count each timezone once (fair to regions)")
    add_output(parser, "--ics", "also write the occurrences as an .ics calendar")
    add_now(parser, required=False)
    add_format(parser, csv_help="the occurrences")
    parser.set_defaults(run=run)


def _start(args: argparse.Namespace, zone: str) -> tuple[dt.date, dt.datetime]:
    """The earliest occurrence date (--from, or the day after --now) and the instant used as DTSTAMP."""
    if args.start is not None:
        stamp = now_from(args) if args.now is not None else dt.datetime.combine(args.start, dt.time(0), dt.UTC)
        day = args.start
    elif args.now is not None:
        stamp = now_from(args)
        day = stamp.astimezone(timezone(zone)).date() + dt.timedelta(days=1)
    else:
        raise InvalidValue("--now", None, "--now or --from: the series needs a start (teamcore never reads the clock)")
    return day, stamp


def weekday_table(choice: WeekdayChoice) -> Table:
    """One row per candidate weekday: its first date, worst and next-worst burden, unscheduled occurrences."""
    table = Table(title="Weekdays compared (--weekday auto)")
    table.add_column("weekday")
    table.add_column("first")
    for name in ("worst burden", "next-worst burden", "unscheduled"):
        table.add_column(name, justify="right")
    for option in choice.options:
        burdens = option.burdens
        table.add_row(
            option.weekday.name_full,
            option.plan.series.first.isoformat(),
            f"{burdens[0] if burdens else 0.0:.2f}",
            f"{burdens[1] if len(burdens) > 1 else 0.0:.2f}",
            str(len(option.unscheduled)),
        )
    return table


def burden_table(plan: RotationPlan, zones: dict[str, str]) -> Table:
    """One row per member, worst burden first."""
    table = Table(title="Burden per member (sum of pain; 0 = always inside working hours)")
    for name, justify in (("member", "left"), ("timezone", "left"), ("burden", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("outside hours", justify="right")
    table.add_column("nights", justify="right")
    for burden in sorted(plan.burdens, key=lambda b: (-b.total, b.member)):
        table.add_row(
            burden.member, zones[burden.member], f"{burden.total:.1f}", str(burden.inconvenient), str(burden.nights)
        )
    return table


def occurrence_table(plan: RotationPlan) -> Table:
    """One row per occurrence: date, UTC time, time in the series' zone, worst single pain."""
    table = Table(title=f"{plan.series.name}: occurrences")
    table.add_column("date")
    table.add_column("UTC")
    table.add_column(plan.series.zone)
    table.add_column("worst pain", justify="right")
    for occurrence in plan.occurrences:
        if occurrence.start is None or occurrence.time is None:
            table.add_row(occurrence.date.isoformat(), "-", "unscheduled", "-")
            continue
        table.add_row(
            occurrence.date.isoformat(),
            occurrence.start.strftime("%H:%M"),
            occurrence.time.strftime("%H:%M"),
            f"{occurrence.worst:.1f}",
        )
    return table


def print_plan(console: Console, plan: RotationPlan, zones: dict[str, str]) -> None:
    """The occurrences, the burdens and the fairness figures."""
    console.print(occurrence_table(plan))
    console.print(burden_table(plan, zones))
    console.print(
        f"worst {plan.worst:.1f}, best {plan.best:.1f}, mean {plan.mean:.1f}, gini {plan.gini:.3f}",
        markup=False,
    )
    if plan.fixed_worst is not None and plan.fixed_time is not None:
        console.print(
            f"best fixed time ({plan.fixed_time.strftime('%H:%M')} {plan.series.zone} every time): "
            f"worst burden {plan.fixed_worst:.1f}",
            markup=False,
        )
    if plan.unscheduled:
        console.print(
            f"{len(plan.unscheduled)} occurrence(s) unscheduled: every time is in someone's night; "
            "try --night-ok or a smaller team",
            markup=False,
        )


def run(args: argparse.Namespace) -> int:
    """Rotate the series and print the burden report (and write the .ics if asked)."""
    if args.ics is not None:  # say so before the rotation is computed, not after
        require("icalendar", "calendar", "--ics")
    console = console_for(args)
    org = load_org(args)
    team = org.team(args.team)
    members = org.members_of(args.team)
    zone = team.timezone or org.member(team.lead).timezone
    check_int_range(args.count, "--count", 0, 1000)
    first, stamp = _start(args, zone)
    auto = args.series != "daily" and args.weekday == _AUTO
    if args.series != "daily" and not auto:
        first += dt.timedelta(days=(int(args.weekday) - first.weekday()) % 7)
    series = Series(
        name=f"{team.name} {args.series} meeting",
        frequency=args.series,
        first=first,
        count=args.count,
        duration=dt.timedelta(minutes=args.duration),
        times=_TIMES,
        zone=zone,
    )
    people = Participant.for_team(members, team, night_ok=args.night_ok)
    choice = choose_weekday(series, people, per_region=args.per_region) if auto else None
    plan = choice.plan if choice is not None else rotate(series, people, per_region=args.per_region)
    zones: dict[str, str] = {m.id: m.timezone for m in members}
    if args.ics is not None:
        write_atomic("--ics", args.ics, rotation_ics(plan, now=stamp))

    def show(out: Console) -> None:
        if choice is not None:
            out.print(weekday_table(choice))
            out.print(f"chose {choice.reason}", markup=False)
        print_plan(out, plan, zones)
        if args.ics is not None:
            out.print(f"wrote {args.ics}", markup=False)

    emit(
        args,
        console,
        "meetings",
        data=lambda: _data(team.id, plan, choice, zones),
        table=lambda: _occurrence_rows(plan),
        show=show,
    )
    return EXIT_OK


_OCCURRENCE_COLUMNS = ("date", "start", "end", "local_time", "worst_pain")


def _occurrence_rows(plan: RotationPlan) -> CsvTable:
    rows = [(o.date, o.start, o.end, o.time, None if o.start is None else round(o.worst, 6)) for o in plan.occurrences]
    return _OCCURRENCE_COLUMNS, rows


def _data(team: str, plan: RotationPlan, choice: WeekdayChoice | None, zones: dict[str, str]) -> dict[str, Any]:
    series = plan.series
    header, rows = _occurrence_rows(plan)
    return {
        "team": team,
        "series": {
            "name": series.name,
            "frequency": series.frequency,
            "first": series.first,
            "count": series.count,
            "duration_minutes": int(series.duration.total_seconds()) // 60,
            "zone": series.zone,
        },
        "weekday_choice": None
        if choice is None
        else {
            "weekday": choice.weekday.short,
            "reason": choice.reason,
            "options": [
                {
                    "weekday": option.weekday.short,
                    "first": option.plan.series.first,
                    "burdens": list(option.burdens),
                    "unscheduled": len(option.unscheduled),
                }
                for option in choice.options
            ],
        },
        "occurrences": [dict(zip(header, row, strict=True)) for row in rows],
        "burdens": [
            {
                "member": b.member,
                "timezone": zones[b.member],
                "total": round(b.total, 6),
                "outside_hours": b.inconvenient,
                "nights": b.nights,
            }
            for b in sorted(plan.burdens, key=lambda b: (-b.total, b.member))
        ],
        "fairness": {
            "worst": plan.worst,
            "best": plan.best,
            "mean": plan.mean,
            "gini": plan.gini,
            "fixed_time": plan.fixed_time,
            "fixed_worst": plan.fixed_worst,
        },
        "unscheduled": list(plan.unscheduled),
    }
