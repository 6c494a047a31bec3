"""``teamcore skills PATH``: bus factor per skill, single points of failure, training and peer learning."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.table import Table

from teamcore.cli._common import EXIT_OK, add_org_path, console_for, load_org
from teamcore.cli._output import add_format, emit
from teamcore.mentoring import (
    bus_factor,
    collaboration_graph,
    knowledge_silos,
    peer_learning_pairs,
    single_points_of_failure,
    training_suggestions,
)

__all__ = ["register", "run"]


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private
    """Add the ``skills`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "skills",
        help="skills resilience: bus factor, single points of failure, training, silos",
        description="For each skill, how many members cover it at --level or above (the bus factor); skills only "
        "one member covers; who could teach and learn the skills at risk; pairs who can teach each other; and "
        "members who are the only link between groups.",
    )
    add_org_path(parser)
    parser.add_argument("--team", metavar="T", help="only team T's members")
    parser.add_argument("--level", type=int, default=3, metavar="N", help="level that counts as covering (1-5)")
    parser.add_argument("--min-bus-factor", type=int, default=2, metavar="N", help="suggest training below this")
    add_format(parser, csv_help="the bus factor per skill")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the skills tables (or write them as JSON, or the bus factors as CSV)."""
    console = console_for(args)
    org = load_org(args)
    factors = bus_factor(org, level=args.level, team=args.team)
    spof = single_points_of_failure(org, level=args.level, team=args.team)
    ranked = sorted(factors.items(), key=lambda item: (item[1], item[0]))
    training = training_suggestions(org, level=args.level, min_bus_factor=args.min_bus_factor)
    peers = peer_learning_pairs(org, level=args.level, team=args.team)
    silos = knowledge_silos(collaboration_graph(org))

    def show(out: Console) -> None:
        table = Table(title=f"Bus factor per skill (level {args.level}+)", title_justify="left")
        for column in ("skill", "bus factor", "only"):
            table.add_column(column, justify="right" if column == "bus factor" else "left")
        for skill, count in ranked:
            style = "red" if count == 0 else ("yellow" if count < args.min_bus_factor else "")
            table.add_row(skill, str(count), spof.get(skill, ""), style=style)
        out.print(table)
        shown = Table(title="Training suggestions", title_justify="left")
        for column in ("skill", "bus factor", "teachers", "closest learners"):
            shown.add_column(column)
        for t in training:
            shown.add_row(
                t.skill, str(t.bus_factor), ", ".join(t.teachers) or "(train externally)", ", ".join(t.learners)
            )
        out.print(shown)
        pairs = Table(title="Peer-learning pairs (top 10)", title_justify="left")
        for column in ("a", "teaches", "b", "teaches back"):
            pairs.add_column(column)
        for p in peers[:10]:
            pairs.add_row(p.a, ", ".join(p.a_teaches), p.b, ", ".join(p.b_teaches))
        out.print(pairs)
        out.print(
            f"groups: {len(silos.communities)}; only links between groups: "
            + (", ".join(silos.articulation_points) or "none"),
            markup=False,
        )
        if silos.isolated:
            out.print("working with nobody: " + ", ".join(silos.isolated), markup=False)

    def data() -> dict[str, Any]:
        return {
            "level": args.level,
            "team": args.team,
            "min_bus_factor": args.min_bus_factor,
            "bus_factor": [{"skill": skill, "bus_factor": n, "only": spof.get(skill)} for skill, n in ranked],
            "training": [
                {"skill": t.skill, "bus_factor": t.bus_factor, "teachers": t.teachers, "learners": t.learners}
                for t in training
            ],
            "peers": [{"a": p.a, "a_teaches": p.a_teaches, "b": p.b, "b_teaches": p.b_teaches} for p in peers],
            "silos": {
                "communities": silos.communities,
                "articulation_points": silos.articulation_points,
                "bridges": silos.bridges,
                "isolated": silos.isolated,
            },
        }

    emit(
        args,
        console,
        "skills",
        data=data,
        table=lambda: (("skill", "bus_factor", "only"), [(skill, n, spof.get(skill)) for skill, n in ranked]),
        show=show,
    )
    return EXIT_OK
