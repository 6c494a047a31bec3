"""``teamcore validate PATH``: list every problem of a team file with its location."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from teamcore.cli._common import EXIT_INVALID, EXIT_OK, add_org_path, console_for
from teamcore.cli._output import add_format, emit
from teamcore.people import check_organisation_file, load_organisation

__all__ = ["register", "run"]


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``validate`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="check a team file and list every problem with its location",
        description="Check a team file (TOML or JSON). Prints every problem with its entry and field and exits 1 "
        "if there is any; exits 0 for a valid file.",
    )
    add_org_path(parser)
    add_format(parser, csv_help="the problems: path, entry, field, message")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate the file; print problems, or a one-line summary of a valid organisation (or JSON, CSV of them)."""
    console = console_for(args)
    problems = check_organisation_file(args.path)
    org = None if problems else load_organisation(args.path)

    def show(out: Console) -> None:
        if org is None:
            for problem in problems:
                out.print(str(problem), markup=False)
            out.print(f"{len(problems)} problem(s) in {args.path}", markup=False)
            return
        out.print(
            f"{args.path}: valid — {len(org.members)} members in {len(org.teams)} teams ({org.name})",
            markup=False,
        )

    columns = ("path", "entry", "field", "message")
    rows = [(p.path, p.entry, p.field, p.message) for p in problems]
    emit(
        args,
        console,
        "validate",
        data=lambda: {
            "path": args.path,
            "valid": org is not None,
            "problems": [dict(zip(columns, row, strict=True)) for row in rows],
            "organisation": None
            if org is None
            else {"name": org.name, "members": len(org.members), "teams": [t.id for t in org.teams]},
        },
        table=lambda: (columns, rows),
        show=show,
    )
    return EXIT_OK if org is not None else EXIT_INVALID
