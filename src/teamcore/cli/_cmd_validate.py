"""``teamcore validate PATH``: list every problem of a team file with its location."""

from __future__ import annotations

import argparse
from typing import Any

from teamcore.cli._common import EXIT_INVALID, EXIT_OK, add_org_path, console_for
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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate the file; print problems, or a one-line summary of a valid organisation."""
    console = console_for(args)
    problems = check_organisation_file(args.path)
    if problems:
        for problem in problems:
            console.print(str(problem), markup=False)
        console.print(f"{len(problems)} problem(s) in {args.path}", markup=False)
        return EXIT_INVALID
    org = load_organisation(args.path)
    console.print(
        f"{args.path}: valid — {len(org.members)} members in {len(org.teams)} teams ({org.name})",
        markup=False,
    )
    return EXIT_OK
