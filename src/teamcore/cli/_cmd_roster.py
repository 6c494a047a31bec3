"""``teamcore roster solve|check|burden|time-off|swap PROBLEM [ROSTER]``: propose, check and question a roster.

The problem is a TOML roster problem file (:func:`teamcore.rostering.load_roster_problem`); a roster is a CSV,
JSON-lines or Parquet file with the columns of :meth:`~teamcore.rostering.Roster.to_polars`
(:func:`teamcore.rostering.load_roster`).

- ``solve`` runs the CP-SAT solver (the ``rostering`` extra) and prints the shifts, the shortfall and the burden;
  ``--out`` writes the roster file, ``--ics-dir`` one ``<member>.ics`` per member.
- ``check`` lists every broken rule and every uncovered interval; it exits 1 when a rule is broken (uncovered
  intervals alone are not an error: coverage is the solver's objective, not a rule).
- ``burden`` prints unsocial hours and pain per member and region against the fair share.
- ``time-off`` answers "can I approve this request?" (:func:`teamcore.rostering.approve_time_off`): the verdict,
  the coverage it costs per group, and with ``--resolve`` the cover a re-solved roster finds (``--out`` writes it).
- ``swap`` checks a proposed swap (:func:`teamcore.rostering.check_swap`): ``--shift`` with ``--with`` (two
  members exchange shifts) or ``--give-to`` (one shift changes hands); it exits 1 when the swap breaks a rule.
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
from teamcore.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    add_now,
    add_output,
    console_for,
    date_arg,
    instant_from,
    now_from,
    print_whole,
)
from teamcore.cli._output import CsvTable, add_format, emit, write_atomic
from teamcore.exceptions import InvalidValue, UnknownReference
from teamcore.rostering import (
    ROSTER_COLUMNS,
    BurdenReport,
    BurdenRow,
    Roster,
    RosterProblem,
    RosterResult,
    ShiftAssignment,
    SwapCheck,
    TimeOffDecision,
    Uncovered,
    Violation,
    approve_time_off,
    burden_report,
    check_roster,
    check_swap,
    dump_roster,
    load_roster,
    load_roster_problem,
    roster_ics,
    solve,
    uncovered,
)

__all__ = ["register", "run"]

ACTIONS: Final = ("solve", "check", "burden", "time-off", "swap")
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
_CHANGE_COLUMNS: Final = ("start", "end", "group", "required", "missing_before", "missing_after")


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
        "'time-off' says whether --member can have the local days --from to --to off (the coverage it costs per "
        "group; --resolve re-solves for cover, keeping every other shift). 'swap' checks --shift MEMBER@START "
        "exchanged --with another, or given to --give-to MEMBER, against every rule and the coverage, and exits 1 "
        "when it breaks a rule. "
        "--now replaces the problem file's horizon.now: no shift starts before it, and it is the .ics files' DTSTAMP.",
    )
    parser.add_argument("action", choices=ACTIONS, help="solve, check, burden, time-off or swap")
    parser.add_argument("problem", type=Path, metavar="PROBLEM", help="the roster problem file (.toml)")
    parser.add_argument(
        "roster",
        type=Path,
        nargs="?",
        metavar="ROSTER",
        help="check, burden, time-off, swap: the roster file (.csv, .jsonl, .parquet)",
    )
    add_now(parser, required=False)
    parser.add_argument(
        "--time-limit", type=float, default=10.0, metavar="S", help="solve: CP-SAT deterministic seconds (10)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="solve: the solver's random seed (0)")
    parser.add_argument(
        "--no-fairness", action="store_true", help="solve: skip the fairness objective (coverage, then preferences)"
    )
    parser.add_argument(
        "--resolve", action="store_true", help="time-off: re-solve the roster with the time off for cover"
    )
    parser.add_argument(
        "--keep",
        choices=("all", "member"),
        default="all",
        help="time-off --resolve: keep every other shift (all, the default) or only the member's own",
    )
    parser.add_argument("--member", metavar="ID", help="time-off: the member asking")
    parser.add_argument("--from", dest="first", type=date_arg, metavar="DATE", help="time-off: first local day off")
    parser.add_argument("--to", dest="last", type=date_arg, metavar="DATE", help="time-off: last local day off")
    parser.add_argument(
        "--shift", metavar="MEMBER@START", help="swap: the shift to move, by its member and start instant"
    )
    parser.add_argument("--with", dest="other", metavar="MEMBER@START", help="swap: the shift to exchange it with")
    parser.add_argument("--give-to", dest="give_to", metavar="ID", help="swap: the member to give the shift to")
    add_output(
        parser,
        "--out",
        "solve, time-off --resolve: write the roster to FILE (.csv, .jsonl or .parquet, by its suffix)",
    )
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
        if args.out is not None and not (args.action == "time-off" and args.resolve):
            args.usage_error("--out goes with solve and time-off --resolve only (it writes the roster solved)")
        if args.roster.suffix.lower() not in _ROSTER_SUFFIXES:
            raise InvalidValue("ROSTER", str(args.roster), "a .csv, .jsonl or .parquet roster file")
    _check_question(args)
    if args.out is not None and args.out.suffix.lower() not in _ROSTER_SUFFIXES:
        raise InvalidValue("--out", str(args.out), "a .csv, .jsonl or .parquet file")
    if args.ics_dir is not None:
        require("icalendar", "calendar", "--ics-dir")
        if not args.ics_dir.is_dir():
            raise InvalidValue("--ics-dir", str(args.ics_dir), "an existing folder")


def _check_question(args: argparse.Namespace) -> None:
    """The flags of time-off and swap: each asked by its own action, and complete."""
    own = {
        "time-off": ("--member", "--from", "--to", "--resolve", "--keep"),
        "swap": ("--shift", "--with", "--give-to"),
    }
    given = {
        "--member": args.member is not None,
        "--from": args.first is not None,
        "--to": args.last is not None,
        "--resolve": args.resolve,
        "--keep": args.keep != "all",
        "--shift": args.shift is not None,
        "--with": args.other is not None,
        "--give-to": args.give_to is not None,
    }
    for action, flags in own.items():
        for flag in flags:
            if given[flag] and args.action != action:
                args.usage_error(f"{flag} goes with {action} only")
    if args.action == "time-off":
        missing = [flag for flag in ("--member", "--from", "--to") if not given[flag]]
        if missing:
            args.usage_error(f"time-off needs {', '.join(missing)}")
        if args.last < args.first:
            raise InvalidValue("--to", args.last.isoformat(), f"a day on or after --from {args.first.isoformat()}")
        if args.keep != "all" and not args.resolve:
            args.usage_error("--keep goes with --resolve")
        if args.ics_dir is not None and not args.resolve:
            args.usage_error("--ics-dir goes with time-off --resolve (the re-solved roster's calendars)")
        if args.resolve:
            require("ortools.sat.python.cp_model", "rostering", "teamcore roster time-off --resolve")
    if args.action == "swap":
        if args.shift is None or (args.other is None) == (args.give_to is None):
            args.usage_error("swap needs --shift MEMBER@START and one of --with MEMBER@START or --give-to ID")
        if args.ics_dir is not None:
            args.usage_error("--ics-dir does not go with swap")


def _find_shift(flag: str, text: str, roster: Roster) -> ShiftAssignment:
    """The shift of `roster` that ``MEMBER@START`` names (START an ISO 8601 instant with an offset)."""
    member, at, start_text = text.partition("@")
    if not at or not member or not start_text:
        raise InvalidValue(flag, text, "MEMBER@START, e.g. anna@2026-11-23T06:00Z")
    start = instant_from(start_text, flag)
    theirs = roster.for_member(member)
    for shift in theirs:
        if shift.start == start:
            return shift
    starts = ", ".join(s.start.isoformat().replace("+00:00", "Z") for s in theirs[:5])
    expected = (
        f"a shift of the roster; {member}'s start at {starts}" if theirs else "a member with shifts in the roster"
    )
    raise UnknownReference(flag, text, expected + (" ..." if len(theirs) > 5 else ""))


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
    if args.action == "time-off":
        return _time_off(args, console, problem)
    if args.action == "swap":
        return _swap(args, console, problem)
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


def _change_table(table: Any) -> CsvTable:
    """The rows of a question's ``to_polars()`` (per interval and group short before or after) for --format csv."""
    return _CHANGE_COLUMNS, [tuple(row) for row in table.select(_CHANGE_COLUMNS).iter_rows()]


def _time_off(args: argparse.Namespace, console: Console, problem: RosterProblem) -> int:
    roster = load_roster(args.roster)
    _known(problem, roster, args.roster)
    if args.member not in {m.id for m in problem.members}:
        raise UnknownReference("--member", args.member, f"a member of the problem: {[m.id for m in problem.members]}")
    decision = approve_time_off(
        problem,
        roster,
        args.member,
        args.first,
        args.last,
        resolve=args.resolve,
        keep=args.keep,
        time_limit=args.time_limit,
        seed=args.seed,
    )
    cover = decision.resolved.roster if decision.resolved is not None else None
    if cover is not None and args.out is not None:
        write_atomic("--out", args.out, _roster_bytes(cover, args.out))
    written = _write_ics(args, problem, cover) if cover is not None and args.ics_dir is not None else []
    data: dict[str, Any] = {
        "action": "time-off",
        "problem": str(args.problem),
        **_horizon(problem),
        "roster": str(args.roster),
        "time_off": _decision_data(decision),
        "out": None if args.out is None else str(args.out),
        "ics": written,
    }

    def show(out: Console) -> None:
        out.print(str(decision), markup=False)
        for shift in decision.removed:
            out.print(f"  takes out {_local(problem, shift)}", markup=False)
        for v in decision.violations:
            out.print(f"  breaks {v}", markup=False)
        added, dropped = decision.changes()
        for shift in added:
            out.print(f"  cover: add {_local(problem, shift)}", markup=False)
        for shift in dropped:
            out.print(f"  cover: drop {_local(problem, shift)}", markup=False)
        short = decision.shortfall()
        for gap in short[:_SHOWN]:
            out.print(f"  short {_gap_text(gap)}", markup=False)
        if len(short) > _SHOWN:
            out.print(f"  ... and {len(short) - _SHOWN} more intervals (--format csv lists them all)", markup=False)
        for path in [*([] if args.out is None or cover is None else [str(args.out)]), *written]:
            out.print(f"wrote {path}", markup=False)

    emit(args, console, "roster", data=lambda: data, table=lambda: _change_table(decision.to_polars()), show=show)
    return EXIT_OK


def _swap(args: argparse.Namespace, console: Console, problem: RosterProblem) -> int:
    roster = load_roster(args.roster)
    _known(problem, roster, args.roster)
    shift = _find_shift("--shift", args.shift, roster)
    if args.other is not None:
        other: ShiftAssignment | str = _find_shift("--with", args.other, roster)
    else:
        if args.give_to not in {m.id for m in problem.members}:
            raise UnknownReference(
                "--give-to", args.give_to, f"a member of the problem: {[m.id for m in problem.members]}"
            )
        other = args.give_to
    checked = check_swap(problem, roster, shift, other)
    data: dict[str, Any] = {
        "action": "swap",
        "problem": str(args.problem),
        **_horizon(problem),
        "roster": str(args.roster),
        "ok": not checked.introduced,
        "swap": _swap_data(checked),
    }

    def show(out: Console) -> None:
        out.print(str(checked), markup=False)
        for moved in checked.moved:
            out.print(f"  after the swap: {_local(problem, moved)}", markup=False)
        for v in checked.resolved:
            out.print(f"  no longer broken: {v}", markup=False)

    emit(args, console, "roster", data=lambda: data, table=lambda: _change_table(checked.to_polars()), show=show)
    return EXIT_OK if not checked.introduced else EXIT_INVALID


_SHOWN: Final = 12
"""Intervals a question lists on the terminal before it summarises the rest."""


def _gap_text(gap: Uncovered) -> str:
    """An uncovered interval in one line: when (UTC), the group, the agents there of those required."""
    return f"{gap.start:%a %Y-%m-%d %H:%M}-{gap.end:%H:%M} UTC {gap.group}: {gap.covered} of {gap.required} agents"


def _local(problem: RosterProblem, shift: ShiftAssignment) -> str:
    """A shift as its member reads it: the local wall-clock times and zone."""
    member = problem.member(shift.member)
    start, end = shift.start.astimezone(member.zone), shift.end.astimezone(member.zone)
    return f"{shift.member} {shift.template} {start:%a %Y-%m-%d %H:%M}-{end:%H:%M} {member.timezone}"


def _decision_data(decision: TimeOffDecision) -> dict[str, Any]:
    added, dropped = decision.changes()
    return {
        "member": decision.member,
        "start": decision.start,
        "end": decision.end,
        "verdict": decision.verdict,
        "cost": decision.cost,
        "cost_with_cover": decision.cost_with_cover,
        "removed": [_shift_record(a) for a in decision.removed],
        "violations": [_violation(v) for v in decision.violations],
        "shortfall": [_gap(u) for u in decision.shortfall()],
        "added": [_shift_record(a) for a in added],
        "dropped": [_shift_record(a) for a in dropped],
    }


def _swap_data(checked: SwapCheck) -> dict[str, Any]:
    return {
        "moved": [_shift_record(a) for a in checked.moved],
        "introduced": [_violation(v) for v in checked.introduced],
        "resolved": [_violation(v) for v in checked.resolved],
        "coverage_change": checked.coverage_change,
        "keeps_coverage": not any(n > 0 for n in checked.coverage_change.values()),
    }


def _shift_record(a: ShiftAssignment) -> dict[str, Any]:
    return dict(
        zip(ROSTER_COLUMNS, (a.member, a.template, a.start, a.end, a.local_date, round(a.hours, 6)), strict=True)
    )


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
