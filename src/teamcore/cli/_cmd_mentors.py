"""``teamcore mentors PATH [--pairs FILE] [--assign] [--solver stable|optimal] --now ISO``: mentoring status."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from teamcore.cli._common import (
    EXIT_OK,
    add_max_rejected,
    add_now,
    add_org_path,
    console_for,
    load_org,
    now_from,
    warn_rejected,
)
from teamcore.cli._output import CsvTable, add_format, emit
from teamcore.mentoring import (
    DEFAULT_CAPACITY,
    MatchProblem,
    MatchResult,
    MatchWeights,
    load_capacities,
    load_pairs,
    matching_problem,
    mentoring_chains,
    mentoring_graph,
    newcomers_without_mentor,
    optimal_matching,
    overloaded_mentors,
    stable_matching,
)

__all__ = ["register", "run"]


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private
    """Add the ``mentors`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "mentors",
        help="mentoring: newcomers without a mentor, mentors' load, and suggested mentors",
        description="Show newcomers without an active mentor, mentors' load and mentoring chains as of --now. "
        "With --assign, suggest a mentor for each newcomer without one: --solver stable (nobody would rather "
        "swap) or optimal (highest total score). Each suggestion shows its score; unmatched newcomers show why.",
    )
    add_org_path(parser)
    add_now(parser)
    parser.add_argument("--pairs", metavar="FILE", type=Path, help="existing mentoring pairs (.toml, .csv, .jsonl)")
    parser.add_argument("--assign", action="store_true", help="suggest mentors for newcomers without one")
    parser.add_argument("--solver", choices=("stable", "optimal"), default="stable", help="how to assign")
    parser.add_argument(
        "--capacity", type=int, default=DEFAULT_CAPACITY, metavar="N", help="places per mentor unless the file says"
    )
    parser.add_argument(
        "--cross-functional", action="store_true", help="prefer mentors from another team instead of the same team"
    )
    parser.add_argument("--explain", action="store_true", help="show every score component of each suggestion")
    add_max_rejected(parser)
    add_format(parser, csv_help="the newcomers without a mentor; with --assign, the suggested mentors")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the mentoring status and, with --assign, the suggested mentors."""
    console = console_for(args)
    org = load_org(args)
    now = now_from(args)
    pairs: tuple[Any, ...] = ()
    capacities: dict[str, int] = {}
    if args.pairs is not None:
        loaded = load_pairs(args.pairs, org=org)
        warn_rejected(console, loaded, limit=args.max_rejected)
        pairs, capacities = loaded.items, load_capacities(args.pairs)
    graph = mentoring_graph(org, pairs, capacities=capacities, default_capacity=args.capacity)
    waiting = newcomers_without_mentor(org, graph, now)
    load = [
        (mentor, len(mentees), int(graph.nodes[mentor]["capacity"]))
        for mentor in sorted(graph.nodes)
        if (mentees := [v for v in graph.successors(mentor) if graph.edges[mentor, v]["status"] == "active"])
    ]
    overloaded = overloaded_mentors(graph)
    chains = mentoring_chains(graph)
    suggested: tuple[MatchProblem, MatchResult] | None = None
    if args.assign:
        weights = MatchWeights(cross_functional=args.cross_functional)
        problem = matching_problem(org, now, graph=graph, weights=weights)
        suggested = problem, stable_matching(problem) if args.solver == "stable" else optimal_matching(problem)

    def show(out: Console) -> None:
        table = Table(title=f"Newcomers without a mentor ({len(waiting)})", title_justify="left")
        for column in ("member", "name", "started", "timezone"):
            table.add_column(column)
        for member in waiting:
            table.add_row(member.id, member.name, str(member.start_date), member.timezone)
        out.print(table)
        shown = Table(title="Mentors' load", title_justify="left")
        for column in ("mentor", "active mentees", "capacity"):
            shown.add_column(column, justify="right" if column != "mentor" else "left")
        for mentor, count, capacity in load:
            shown.add_row(mentor, str(count), str(capacity))
        out.print(shown)
        for mentor, (count, capacity) in overloaded.items():
            out.print(f"overloaded: {mentor} has {count} active mentees, capacity {capacity}", markup=False)
        for chain in chains:
            out.print("chain: " + " -> ".join(chain), markup=False)
        if suggested is not None:
            _print_result(out, *suggested, explain=args.explain)

    def data() -> dict[str, Any]:
        return {
            "now": now,
            "waiting": [
                {"member": m.id, "name": m.name, "started": m.start_date, "timezone": m.timezone} for m in waiting
            ],
            "load": [{"mentor": mentor, "active": count, "capacity": capacity} for mentor, count, capacity in load],
            "overloaded": [
                {"mentor": mentor, "active": count, "capacity": capacity}
                for mentor, (count, capacity) in overloaded.items()
            ],
            "chains": [list(chain) for chain in chains],
            "suggestions": None if suggested is None else _suggestions(*suggested),
        }

    def table() -> CsvTable:
        if suggested is None:
            return ("member", "name", "started", "timezone"), [
                (m.id, m.name, m.start_date, m.timezone) for m in waiting
            ]
        problem, result = suggested
        header = ("mentee", "mentor", "score", *(c.name for c in _components(problem, result)))
        rows = [
            (
                a.mentee,
                a.mentor,
                round(a.score, 6),
                *(round(c.points, 6) for c in problem.details[a.mentee, a.mentor].components),
            )
            for a in result.assignments
        ]
        return header, rows

    emit(args, console, "mentors", data=data, table=table, show=show)
    return EXIT_OK


def _components(problem: MatchProblem, result: MatchResult) -> tuple[Any, ...]:
    """The score components of the first suggestion (every score has the same ones, in the same order)."""
    if not result.assignments:
        return ()
    first = result.assignments[0]
    return tuple(problem.details[first.mentee, first.mentor].components)


def _suggestions(problem: MatchProblem, result: MatchResult) -> dict[str, Any]:
    return {
        "solver": result.solver,
        "total": round(result.total, 6),
        "assignments": [
            {
                "mentee": a.mentee,
                "mentor": a.mentor,
                "score": round(a.score, 6),
                "components": {
                    c.name: {"points": round(c.points, 6), "value": c.value, "weight": c.weight, "detail": c.detail}
                    for c in problem.details[a.mentee, a.mentor].components
                },
            }
            for a in result.assignments
        ],
        "unmatched": [{"mentee": u.mentee, "reason": u.reason, "detail": u.detail} for u in result.unmatched],
    }


def _print_result(console: Console, problem: MatchProblem, result: MatchResult, *, explain: bool) -> None:
    table = Table(title=f"Suggested mentors: {result.solver}, total {result.total:.2f}", title_justify="left")
    for column in ("mentee", "mentor", "score", "skills", "overlap", "lang", "team", "senior"):
        table.add_column(column, justify="left" if column in ("mentee", "mentor") else "right")
    for a in result.assignments:
        score = problem.details[a.mentee, a.mentor]
        table.add_row(a.mentee, a.mentor, f"{a.score:.2f}", *(f"{c.points:.2f}" for c in score.components))
    console.print(table)
    if explain:
        for a in result.assignments:
            console.print(problem.details[a.mentee, a.mentor].explain(), markup=False)
    for u in result.unmatched:
        console.print(f"unmatched: {u.mentee}: {u.reason.value}: {u.detail}", markup=False)
