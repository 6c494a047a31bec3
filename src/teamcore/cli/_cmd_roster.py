"""``teamcore roster solve|check|burden PROBLEM [ROSTER]``: propose a roster, check one, or show who carries the nights.

The problem is a TOML roster problem file (:func:`teamcore.rostering.load_roster_problem`); a roster is a CSV,
JSON-lines or Parquet file with the columns of :meth:`~teamcore.rostering.Roster.to_polars`
(:func:`teamcore.rostering.load_roster`).

- ``solve`` runs the CP-SAT solver (the ``rostering`` extra) and prints the shifts, the shortfall and the burden;
  ``--out`` writes the roster file, ``--ics-dir`` one ``<member>.ics`` per member.
- ``check`` lists every broken rule and every uncovered interval; it exits 1 when a rule is broken (uncovered
  intervals alone are not an error: coverage is the solver's objective, not a rule).
- ``burden`` prints unsocial hours and pain per member and region against the fair share.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path
from typing import Any, Final

from rich.console import Console
from rich.table import Table

from teamcore._optional import require
from teamcore.cli._common import EXIT_INVALID, EXIT_OK, add_now, add_output, console_for, now_from, print_whole
from teamcore.cli._output import CsvTable, add_format, emit, write_atomic
from teamcore.exceptions import InvalidValue, UnknownReference
from teamcore.rostering import (
    ROSTER_COLUMNS,
    BurdenReport,
    BurdenRow,
    Roster,
    RosterProblem,
    RosterResult,
    Uncovered,
    Violation,
    burden_report,
    check_roster,
    dump_roster,
    load_roster,
    load_roster_problem,
    roster_ics,
    solve,
    uncovered,
)

__all__ = ["register", "run"]

ACTIONS: Final = ("solve", "check", "burden")
_ROSTER_SUFFIXES: Final = frozenset({".csv", ".jsonl", ".ndjson", ".parquet"})

_BURDEN_COLUMNS: Final = (
    "member",
    "region",
    "shifts",
    "hours",
    "contract_hours",
    "night",
    "weekend",
    "holiday",
    "pain",
    "fair_share",
    "excess",
)
_VIOLATION_COLUMNS: Final = ("rule", "member", "value", "limit", "shifts", "message")


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``roster`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "roster",
        help="propose a fair roster under labour rules, check one, or show its unsocial-hours burden",
        description="Rostering from a problem file (TOML: horizon, shift templates, contracts, availability, labour "
        "rules, the requirement tables; see the rostering guide). 'solve' proposes a roster with OR-tools CP-SAT "
        "(least shortfall, then the fairest share of unsocial hours, then preferences) and writes it with --out "
        "(.csv, .jsonl or .parquet) and --ics-dir (one .ics per member in their own zone). 'check' lists the "
        "rules ROSTER breaks and the intervals it leaves uncovered, and exits 1 when it breaks a rule. 'burden' "
        "shows each member's and region's night, weekend and holiday hours and pain against the fair share. "
        "--now replaces the problem file's horizon.now: no shift starts before it, and it is the .ics files' DTSTAMP.",
    )
    parser.add_argument("action", choices=ACTIONS, help="solve, check or burden")
    parser.add_argument("problem", type=Path, metavar="PROBLEM", help="the roster problem file (.toml)")
    parser.add_argument(
        "roster", type=Path, nargs="?", metavar="ROSTER", help="check, burden: the roster file (.csv, .jsonl, .parquet)"
    )
    add_now(parser, required=False)
    parser.add_argument(
        "--time-limit", type=float, default=10.0, metavar="S", help="solve: CP-SAT deterministic seconds (10)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="solve: the solver's random seed (0)")
    parser.add_argument(
        "--no-fairness", action="store_true", help="solve: skip the fairness objective (coverage, then preferences)"
    )
    add_output(parser, "--out", "solve: write the roster to FILE (.csv, .jsonl or .parquet, by its suffix)")
    parser.add_argument(
        "--ics-dir",
        type=Path,
        metavar="DIR",
        help="write each member's shifts to DIR/<member>.ics (an existing folder)",
    )
    add_format(parser, csv_help="solve: the shifts; check: the violations; burden: per member")
    parser.set_defaults(run=run, usage_error=parser.error)


def _check_args(args: argparse.Namespace) -> None:
    if args.action == "solve":
        if args.roster is not None:
            args.usage_error(
                f"solve takes no ROSTER (it makes one; write it with --out FILE), got {str(args.roster)!r}"
            )
        if not 0 < args.time_limit <= 3600:
            raise InvalidValue("--time-limit", args.time_limit, "seconds from 0 to 3600")
        require("ortools.sat.python.cp_model", "rostering", "teamcore roster solve")
    else:
        if args.roster is None:
            args.usage_error(f"{args.action} needs ROSTER, a roster file (.csv, .jsonl or .parquet)")
        if args.out is not None:
            args.usage_error("--out goes with solve only (it writes the roster solved)")
        if args.roster.suffix.lower() not in _ROSTER_SUFFIXES:
            raise InvalidValue("ROSTER", str(args.roster), "a .csv, .jsonl or .parquet roster file")
    if args.out is not None and args.out.suffix.lower() not in _ROSTER_SUFFIXES:
        raise InvalidValue("--out", str(args.out), "a .csv, .jsonl or .parquet file")
    if args.ics_dir is not None:
        require("icalendar", "calendar", "--ics-dir")
        if not args.ics_dir.is_dir():
            raise InvalidValue("--ics-dir", str(args.ics_dir), "an existing folder")


def _known(problem: RosterProblem, roster: Roster, path: Path) -> None:
    """Refuse a roster with a shift of a member or template the problem lacks, naming the roster file."""
    members = {m.id for m in problem.members}
    templates = {t.name for t in problem.templates}
    for shift in roster:
        if shift.member not in members:
            raise UnknownReference(f"{path}: member", shift.member, f"a member of the problem: {sorted(members)}")
        if shift.template not in templates:
            raise UnknownReference(
                f"{path}: template", shift.template, f"a template of the problem: {sorted(templates)}"
            )


def _roster_bytes(roster: Roster, path: Path) -> bytes:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        buffer = io.BytesIO()
        roster.to_polars().write_parquet(buffer)
        return buffer.getvalue()
    return dump_roster(roster, format="csv" if suffix == ".csv" else "jsonl").encode("utf-8")


def _write_ics(args: argparse.Namespace, problem: RosterProblem, roster: Roster) -> list[str]:
    written: list[str] = []
    for member in problem.members:
        path = args.ics_dir / f"{member.id}.ics"
        write_atomic("--ics-dir", path, roster_ics(roster, problem, member.id, now=problem.now))
        written.append(str(path))
    return written


def run(args: argparse.Namespace) -> int:
    """Load the problem (and roster), solve, check or report, print, and write the files asked for."""
    _check_args(args)
    console = console_for(args)
    now = None if args.now is None else now_from(args)
    problem = load_roster_problem(args.problem, now=now)
    if args.action == "solve":
        solved = solve(problem, time_limit=args.time_limit, seed=args.seed, fairness=not args.no_fairness)
        result: RosterResult | None = solved
        roster = solved.roster
        if args.out is not None:
            write_atomic("--out", args.out, _roster_bytes(roster, args.out))
    else:
        result = None
        roster = load_roster(args.roster)
        if args.action == "burden":
            _known(problem, roster, args.roster)
    written = _write_ics(args, problem, roster) if args.ics_dir is not None else []
    if args.action == "check":
        return _check(args, console, problem, roster, written)
    report = burden_report(problem, roster)
    gaps = list(result.uncovered) if result is not None else []
    data: dict[str, Any] = {"action": args.action, "problem": str(args.problem), **_horizon(problem)}
    if result is not None:
        data.update(
            solve=_solve_data(result),
            shifts=_shift_records(roster),
            uncovered=[_gap(u) for u in gaps],
            out=None if args.out is None else str(args.out),
        )
    data.update(burden=_burden_data(report), ics=written)

    def show(out: Console) -> None:
        if result is not None:
            _show_solve(out, result, problem, args)
            for table in _week_tables(problem, roster):
                print_whole(out, table)
        print_whole(out, _burden_table(report))
        worst = report.worst
        out.print(
            f"Worst: {worst.name} ({worst.region}) {worst.pain:g} pain against a fair share of "
            f"{worst.fair_share:.1f}; total {report.total:g}.",
            markup=False,
        )
        for path in written:
            out.print(f"wrote {path}", markup=False)

    emit(
        args,
        console,
        "roster",
        data=lambda: data,
        table=lambda: _shift_table(roster) if result is not None else _burden_rows(report),
        show=show,
    )
    return EXIT_OK


def _check(
    args: argparse.Namespace, console: Console, problem: RosterProblem, roster: Roster, written: list[str]
) -> int:
    violations = check_roster(problem, roster)
    gaps = uncovered(problem, roster)
    data = {
        "action": "check",
        "problem": str(args.problem),
        **_horizon(problem),
        "roster": str(args.roster),
        "ok": not violations,
        "violations": [_violation(v) for v in violations],
        "uncovered": [_gap(u) for u in gaps],
        "ics": written,
    }

    def show(out: Console) -> None:
        if violations:
            out.print(f"{len(violations)} broken rules:", markup=False)
            for v in violations:
                out.print(f"  {v}", markup=False)
        else:
            out.print(f"{len(roster)} shifts keep every rule.", markup=False)
        missing = sum(u.missing for u in gaps)
        out.print(f"{len(gaps)} uncovered intervals ({missing} agent-intervals short).", markup=False)
        for path in written:
            out.print(f"wrote {path}", markup=False)

    emit(args, console, "roster", data=lambda: data, table=lambda: _violation_table(violations), show=show)
    return EXIT_OK if not violations else EXIT_INVALID


def _horizon(problem: RosterProblem) -> dict[str, Any]:
    return {
        "start": problem.start,
        "end": problem.end,
        "step_minutes": int(problem.step.total_seconds()) // 60,
        "members": [m.id for m in problem.members],
    }


def _solve_data(result: RosterResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "shortfall": result.shortfall,
        "gap": result.gap,
        "seed": result.seed,
        "binding": list(result.binding),
        "reasons": {key: list(value) for key, value in result.reasons.items()},
        "phases": [
            {"name": p.name, "status": p.status, "objective": p.objective, "bound": p.bound, "seconds": p.seconds}
            for p in result.phases
        ],
    }


def _shift_table(roster: Roster) -> CsvTable:
    rows = [(a.member, a.template, a.start, a.end, a.local_date, round(a.hours, 6)) for a in roster]
    return ROSTER_COLUMNS, rows


def _shift_records(roster: Roster) -> list[dict[str, Any]]:
    header, rows = _shift_table(roster)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _gap(item: Uncovered) -> dict[str, Any]:
    return {
        "start": item.start,
        "end": item.end,
        "group": item.group,
        "required": item.required,
        "covered": item.covered,
    }


def _violation(item: Violation) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "member": item.member,
        "value": item.value,
        "limit": item.limit,
        "shifts": [a.start for a in item.shifts],
        "message": item.message,
    }


def _violation_table(violations: list[Violation]) -> CsvTable:
    return _VIOLATION_COLUMNS, [tuple(_violation(v).values()) for v in violations]


def _row(row: BurdenRow) -> tuple[Any, ...]:
    return (
        row.name,
        row.region,
        row.shifts,
        row.hours,
        row.contract_hours,
        row.night,
        row.weekend,
        row.holiday,
        row.pain,
        row.fair_share,
        row.excess,
    )


def _burden_rows(report: BurdenReport) -> CsvTable:
    return _BURDEN_COLUMNS, [_row(row) for row in report.members]


def _burden_data(report: BurdenReport) -> dict[str, Any]:
    members = [dict(zip(_BURDEN_COLUMNS, _row(row), strict=True)) for row in report.members]
    regions = [
        {"region": row.name, **dict(zip(_BURDEN_COLUMNS[2:], _row(row)[2:], strict=True))} for row in report.regions
    ]
    return {
        "total": report.total,
        "unfairness": report.unfairness,
        "worst": report.worst.name,
        "worst_region": report.worst_region.name,
        "members": members,
        "regions": regions,
    }


def _burden_table(report: BurdenReport) -> Table:
    table = Table(title="Unsocial hours and pain against the fair share")
    for name in ("member", "region", "shifts", "hours", "night", "weekend", "holiday", "pain", "fair", "excess"):
        table.add_column(name, no_wrap=True, justify="left" if name in {"member", "region"} else "right")
    for row in (*report.members, *report.regions):
        table.add_row(
            row.name if row.name != row.region else f"[{row.region}]",
            row.region,
            str(row.shifts),
            f"{row.hours:g}",
            f"{row.night:g}",
            f"{row.weekend:g}",
            f"{row.holiday:g}",
            f"{row.pain:g}",
            f"{row.fair_share:.1f}",
            f"{row.excess:+.1f}",
        )
    return table


def _week_tables(problem: RosterProblem, roster: Roster) -> list[Table]:
    """One table per Monday-Sunday week: a row per member, their shifts in their own local time by local date."""
    cells: dict[tuple[str, dt.date], list[str]] = {}
    for shift in roster:
        zone = problem.member(shift.member).zone
        start, end = shift.start.astimezone(zone), shift.end.astimezone(zone)
        cells.setdefault((shift.member, shift.local_date), []).append(f"{start:%H:%M}-{end:%H:%M} {shift.template}")
    # The horizon's UTC dates, and the local dates of shifts beyond them (the edges of the horizon in far zones).
    first, last = problem.start.date(), (problem.end - dt.timedelta(microseconds=1)).date()
    utc_dates = {first + dt.timedelta(days=k) for k in range((last - first).days + 1)}
    dates = sorted(utc_dates | {day for _member, day in cells})
    weeks: dict[dt.date, list[dt.date]] = {}
    for day in dates:
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(day)
    tables = []
    for monday, days in weeks.items():
        table = Table(title=f"Shifts in each member's local time, week of {monday:%Y-%m-%d}")
        table.add_column("member", no_wrap=True)
        table.add_column("zone", no_wrap=True)
        for day in days:
            table.add_column(f"{day:%a %d}", no_wrap=True)
        for m in problem.members:
            table.add_row(m.id, m.timezone, *("\n".join(cells.get((m.id, day), [])) for day in days))
        tables.append(table)
    return tables


def _show_solve(out: Console, result: RosterResult, problem: RosterProblem, args: argparse.Namespace) -> None:
    phases = ", ".join(f"{p.name} {p.status}" for p in result.phases)
    out.print(
        f"{len(result.roster)} shifts for {len(problem.members)} members; shortfall {result.shortfall} "
        f"agent-intervals ({phases}; seed {result.seed}).",
        markup=False,
    )
    for key in result.binding:
        out.print(f"dropped {key}: cannot hold with {', '.join(result.reasons[key])}", markup=False)
    shown = result.uncovered[:10]
    for gap in shown:
        out.print(
            f"  uncovered {gap.start:%a %Y-%m-%d %H:%M}Z {gap.group}: {gap.covered} of {gap.required}", markup=False
        )
    if len(result.uncovered) > len(shown):
        out.print(f"  and {len(result.uncovered) - len(shown)} more uncovered intervals", markup=False)
    if args.out is not None:
        out.print(f"wrote {args.out}", markup=False)
