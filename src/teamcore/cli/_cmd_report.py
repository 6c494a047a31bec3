"""``teamcore report PATH --now ISO``: the team health report."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs
from rich.console import Console

from teamcore._optional import require
from teamcore._rows import LoadResult
from teamcore.cli._common import (
    EXIT_OK,
    add_max_rejected,
    add_now,
    add_org_path,
    add_output,
    console_for,
    load_org,
    now_from,
    progress_for,
    warn_rejected,
    write_output,
)
from teamcore.cli._defaults import from_command_line
from teamcore.cli._importing import ticket_inputs
from teamcore.cli._output import CsvTable, _rendered, add_format, csv_text, write_atomic
from teamcore.cli._project import SHARED_DEFAULTS
from teamcore.exceptions import InvalidValue, ValidationError
from teamcore.feedback import FeedbackLog, load_feedback, load_feedback_policy
from teamcore.knowledge import KnowledgeBase, load_articles
from teamcore.kpi import load_events, load_sla_policy, load_tickets
from teamcore.mentoring import load_capacities, load_pairs
from teamcore.people import Organisation
from teamcore.report import (
    SUMMARY_SHOWN,
    WEEK_KEY,
    Report,
    ReportContext,
    build_report,
    compare_reports,
    lead_view,
    load_report_json,
    member_view,
    render_summary,
    render_terminal,
    report_to_html,
    report_to_json,
)
from teamcore.rostering import load_roster, load_roster_problem
from teamcore.staffing import StaffingPlan, load_forecast

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add the ``report`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "report",
        help="the team health report: overview and every section whose data is given",
        description="Print the team health report for an organisation as of --now. Sections whose data is not "
        "given are left out.",
    )
    add_org_path(parser)
    add_now(parser)
    parser.add_argument("--team", metavar="T", help="restrict the report to one team (its id)")
    parser.add_argument(
        "--knowledge", metavar="FILE", type=Path, help="knowledge-base articles (.csv or .jsonl) for freshness"
    )
    parser.add_argument(
        "--mentoring", metavar="FILE", type=Path, help="mentoring pairs (.toml, .csv or .jsonl) for newcomers' mentors"
    )
    parser.add_argument(
        "--feedback", metavar="FILE", type=Path, help="feedback log (.csv or .jsonl) for feedback-cycle compliance"
    )
    parser.add_argument(
        "--feedback-policy",
        metavar="FILE",
        type=Path,
        help="feedback policy (.toml or .json) to check the --feedback log against (default: the built-in policy)",
    )
    parser.add_argument(
        "--staffing", metavar="FILE", type=Path, help="forecast (start, volume) for required vs scheduled agents"
    )
    parser.add_argument(
        "--roster",
        metavar="FILE",
        type=Path,
        help="a roster (.csv, .jsonl or .parquet, as `teamcore roster solve --out` writes it): the staffing section "
        "holds its shifts against the --staffing requirement instead of the members' weekly hours",
    )
    parser.add_argument(
        "--roster-problem",
        metavar="FILE",
        type=Path,
        help="the roster problem file (.toml) --roster answers: the staffing section shows the roster's shortfall "
        "per requirement group (language, skill)",
    )
    aht, sl, shrinkage = SHARED_DEFAULTS["aht"], SHARED_DEFAULTS["service-level"], SHARED_DEFAULTS["shrinkage"]
    parser.add_argument(
        "--staffing-aht", type=float, default=aht, metavar="SECONDS", help=f"AHT in seconds (default {aht:g})"
    )
    parser.add_argument("--staffing-sl", default=sl, metavar="P/S", help=f"service level (default {sl})")
    parser.add_argument(
        "--staffing-shrinkage", type=float, default=shrinkage, metavar="S", help=f"shrinkage (default {shrinkage:g})"
    )
    parser.add_argument(
        "--tickets",
        metavar="FILE",
        type=Path,
        help="tickets (.csv/.parquet/.jsonl) for the dashboard, or a `teamcore import` folder (its events implied)",
    )
    parser.add_argument("--events", metavar="FILE", type=Path, help="ticket events for the dashboard's reply times")
    parser.add_argument(
        "--sla", metavar="FILE", type=Path, help="SLA policy (.toml or .json): achievement and tickets nearest a breach"
    )
    parser.add_argument(
        "--sections",
        metavar="KEYS",
        type=_keys,
        help="only these sections, comma-separated keys as in the JSON (overview,kpi,...), in report order; "
        "'Needs attention' keeps their items; --lead and --member keep their week too. Applies to the terminal, "
        "--json and --html",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument(
        "--lead",
        metavar="ID",
        help="a lead's own view: their teams (--team picks one), what they and their members act on, and their "
        "week (Monday to Sunday in their timezone), times in their zone",
    )
    view.add_argument(
        "--member",
        metavar="ID",
        help="a member's own page: their KPIs against target, 1:1s, feedback and reviews due, mentoring and week, "
        "within the feedback privacy rules; --team scopes the sections to one of their teams",
    )
    parser.add_argument(
        "--compare",
        metavar="PREVIOUS.json",
        type=Path,
        help="compare with an earlier --json report: figure deltas and the attention items new, resolved and "
        "still open ('Since last time'); compares the report as shown (after --lead/--member/--team/--sections)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help=f"print a one-screen summary instead: the top {SUMMARY_SHOWN} attention items and one line a section",
    )
    add_format(parser, csv_help="the ranked attention list")
    add_output(parser, "--json", "also write the report as JSON to FILE")
    add_output(parser, "--html", "also write the report as one HTML file")
    add_max_rejected(parser)
    parser.add_argument(
        "--progress",
        action="store_true",
        help="print a line per stage on stderr (rows loaded and rejected, seconds); always so when stderr is a "
        "terminal. Never on stdout",
    )
    parser.set_defaults(run=run)


def _keys(text: str) -> tuple[str, ...]:
    """``--sections``: comma-separated section keys, blanks ignored; at least one."""
    keys = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    if not keys:
        raise argparse.ArgumentTypeError(f"expected comma-separated section keys, got {text!r}")
    return keys


def _select(report: Report, keys: tuple[str, ...] | None) -> Report:
    """The report with only the `keys` sections; an unknown key is one error naming the keys this report has.

    A lead's or member's view keeps its week section whatever the keys.
    """
    if keys is None:
        return report
    if report.view.kind != "organisation":
        keys = (WEEK_KEY, *(k for k in keys if k != WEEK_KEY))
    have = [s.key for s in report.sections]
    unknown = [k for k in keys if k not in have]
    if unknown:
        raise InvalidValue(
            "--sections",
            ",".join(unknown),
            f"keys of this report's sections {have} (a section whose data is not given is left out)",
        )
    return report.select(keys)


def _rows_line(what: str, result: LoadResult[Any], seconds: float) -> str:
    """A ``--progress`` line for a loaded table: rows read, loaded and rejected, and the seconds it took."""
    kept = result.rows_in - len(result.rejected)
    return (
        f"{what} {result.source}: {result.rows_in:,} rows read, {kept:,} loaded, {len(result.rejected):,} rejected "
        f"in {seconds:.1f} s"
    )


def _inputs(
    args: argparse.Namespace,
    console: Console,
    org: Organisation,
    step: Callable[[str], None],
    said: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """Load every optional input given on the command line into ReportContext keyword arguments.

    `said` gets a line for each long load (the tickets and events tables), for ``--progress``.
    """
    found: dict[str, Any] = {}
    if args.knowledge is not None:
        step(f"loading {args.knowledge}")
        articles = load_articles(args.knowledge)
        warn_rejected(console, articles, limit=args.max_rejected)
        found["knowledge"] = KnowledgeBase(articles.items)
    if args.mentoring is not None:
        step(f"loading {args.mentoring}")
        pairs = load_pairs(args.mentoring, org=org)
        warn_rejected(console, pairs, limit=args.max_rejected)
        found["mentoring"], found["mentor_capacities"] = pairs.items, load_capacities(args.mentoring)
    if args.feedback is not None:
        step(f"loading {args.feedback}")
        loaded = load_feedback(args.feedback, org=org)
        warn_rejected(console, loaded, limit=args.max_rejected)
        found["feedback"] = FeedbackLog.from_records(loaded.items)
    if args.feedback_policy is not None and args.feedback is None:
        # A policy given with no log to check would be silently ignored; a project file's policy waits for a log.
        if from_command_line(args, "feedback_policy"):
            raise InvalidValue("--feedback-policy", str(args.feedback_policy), "a --feedback log to check against it")
    elif args.feedback_policy is not None:
        step(f"loading {args.feedback_policy}")
        found["feedback_policy"] = load_feedback_policy(args.feedback_policy, org=org)
    found.update(_staffing_inputs(args, org, step))
    if args.sla is not None:
        step(f"loading {args.sla}")
        found["sla_policy"] = load_sla_policy(args.sla)
    if args.tickets is not None:
        args.tickets, args.events = ticket_inputs(args.tickets, args.events)
        step(f"loading {args.tickets}")
        started = time.perf_counter()
        ticket_load = load_tickets(args.tickets, members=org)
        said(_rows_line("tickets", ticket_load, time.perf_counter() - started))
        warn_rejected(console, ticket_load, limit=args.max_rejected)
        found["tickets"] = ticket_load.frame
        if args.events is not None:
            step(f"loading {args.events}")
            started = time.perf_counter()
            loaded_events = load_events(args.events, ticket_load.frame, members=org)
            said(_rows_line("events", loaded_events, time.perf_counter() - started))
            warn_rejected(console, loaded_events, limit=args.max_rejected)
            found["ticket_events"] = loaded_events.frame
    return found


def _staffing_inputs(args: argparse.Namespace, org: Organisation, step: Callable[[str], None]) -> dict[str, Any]:
    """The staffing plan of ``--staffing``, the roster of ``--roster`` and the problem it answers."""
    found: dict[str, Any] = {}
    if args.staffing is not None:
        step(f"loading {args.staffing}")
        found["staffing"] = StaffingPlan(
            forecast=load_forecast(args.staffing),
            aht=args.staffing_aht,
            target=args.staffing_sl,
            shrinkage=args.staffing_shrinkage,
        )
    wanted = args.staffing is not None or args.roster_problem is not None
    if args.roster is None and args.roster_problem is not None:
        if from_command_line(args, "roster_problem"):
            raise InvalidValue("--roster-problem", str(args.roster_problem), "a --roster to hold against it")
    elif args.roster is not None and not wanted:
        # A roster with no requirement to hold it against would be silently ignored; a project file's waits.
        if from_command_line(args, "roster"):
            raise InvalidValue(
                "--roster", str(args.roster), "a --staffing forecast or a --roster-problem to hold the roster against"
            )
    elif args.roster is not None:
        step(f"loading {args.roster}")
        found["roster"] = load_roster(args.roster)
        if args.roster_problem is not None:
            step(f"loading {args.roster_problem}")
            found["roster_problem"] = load_roster_problem(args.roster_problem, org)
    return found


def _build(args: argparse.Namespace, ctx: ReportContext) -> Report:
    """The organisation's (or team's) report, or the view `--lead` or `--member` asks for."""
    try:
        if args.lead is not None:
            return lead_view(ctx, args.lead)
        if args.member is not None:
            return member_view(ctx, args.member)
    except ValidationError as err:
        if err.field in {"lead", "member", "team"} and err.path is None:
            raise err.located(prefix="--") from None
        raise
    return build_report(ctx)


def run(args: argparse.Namespace) -> int:
    """Build the report and print it (and write JSON and HTML if asked)."""
    if args.html is not None:  # say so before the report is computed, not after
        require("matplotlib.figure", "report", "--html")
    console = console_for(args)
    inputs = [
        args.knowledge,
        args.mentoring,
        args.feedback,
        args.feedback_policy,
        args.staffing,
        args.roster,
        args.roster_problem,
        args.sla,
        args.tickets,
        args.events,
        args.compare,
    ]
    with progress_for(console) as progress:
        task = progress.add_task(f"loading {args.path}", total=3 + sum(i is not None for i in inputs))

        def step(description: str) -> None:
            progress.update(task, advance=1, description=description)

        # A line per stage on stderr, above the bar on a terminal; stdout (a JSON report, a CSV) never sees them.
        lines = args.progress or progress.console.is_terminal

        def said(line: str) -> None:
            if lines:
                progress.console.print(line, markup=False, highlight=False, soft_wrap=True)

        previous = None
        if args.compare is not None:  # a wrong file fails before the report is computed
            previous = load_report_json(args.compare)
        org = load_org(args)
        ctx = ReportContext(org=org, now=now_from(args), team=args.team, **_inputs(args, console, org, step, said))
        step("computing the report")
        started = time.perf_counter()
        report = _select(_build(args, ctx), args.sections)
        if previous is not None:
            step(f"comparing with {args.compare}")
            report = attrs.evolve(report, comparison=compare_reports(report, previous))
        said(f"report computed in {time.perf_counter() - started:.1f} s")
        step("rendering")
        started = time.perf_counter()
        json_text = report_to_json(report) if args.json is not None else None
        html_text = report_to_html(report) if args.html is not None else None
        if json_text is not None or html_text is not None:
            said(f"--json/--html rendered in {time.perf_counter() - started:.1f} s")
        step("done")

    def show(out: Console) -> None:
        (render_summary if args.summary else render_terminal)(report, out)

    if args.format == "table" and args.output is None:
        show(console)
    else:
        text = (
            report_to_json(report)
            if args.format == "json"
            else csv_text(_attention_csv(report))
            if args.format == "csv"
            else _rendered(show)
        )
        if args.output is None:
            sys.stdout.write(text)
        else:
            write_atomic("--output", args.output, text)
    if json_text is not None:
        write_output("--json", args.json, json_text)
    if html_text is not None:
        write_output("--html", args.html, html_text)
    return EXIT_OK


_ATTENTION_COLUMNS: Final = (
    "rank", "status", "kind", "due", "due_local", "timezone", "member", "name", "role", "what", "section", "identity",
)  # fmt: skip


def _attention_csv(report: Report) -> CsvTable:
    """``--format csv``: the ranked "Needs attention" list, one item a row, due in UTC and in the actor's zone."""
    rows = []
    for rank, item in enumerate(report.attention, start=1):
        local = item.local_due()
        rows.append(
            (
                rank,
                item.severity.value,
                item.kind,
                item.due,
                None if local is None else local.isoformat(),
                item.actor.timezone,
                item.actor.member,
                item.actor.name,
                item.actor.role,
                item.what,
                item.section,
                item.identity,
            )
        )
    return _ATTENTION_COLUMNS, rows
