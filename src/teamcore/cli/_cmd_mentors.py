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
    table = Table(title=f"Newcomers without a mentor ({len(waiting)})", title_justify="left")
    for column in ("member", "name", "started", "timezone"):
        table.add_column(column)
    for member in waiting:
        table.add_row(member.id, member.name, str(member.start_date), member.timezone)
    console.print(table)
    load = Table(title="Mentors' load", title_justify="left")
    for column in ("mentor", "active mentees", "capacity"):
        load.add_column(column, justify="right" if column != "mentor" else "left")
    for mentor in sorted(graph.nodes):
        mentees = [v for v in graph.successors(mentor) if graph.edges[mentor, v]["status"] == "active"]
        if mentees:
            load.add_row(mentor, str(len(mentees)), str(graph.nodes[mentor]["capacity"]))
    console.print(load)
    for mentor, (count, capacity) in overloaded_mentors(graph).items():
        console.print(f"overloaded: {mentor} has {count} active mentees, capacity {capacity}", markup=False)
    for chain in mentoring_chains(graph):
        console.print("chain: " + " -> ".join(chain), markup=False)
    if args.assign:
        weights = MatchWeights(cross_functional=args.cross_functional)
        problem = matching_problem(org, now, graph=graph, weights=weights)
        result = stable_matching(problem) if args.solver == "stable" else optimal_matching(problem)
        _print_result(console, problem, result, explain=args.explain)
    return EXIT_OK


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
