"""``teamcore schema``: print the JSON Schema of the team-file format."""

from __future__ import annotations

import argparse
import json
from typing import Any

from teamcore.cli._common import EXIT_OK
from teamcore.people import organisation_schema

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add the ``schema`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema",
        help="print the JSON Schema of team files",
        description="Print the JSON Schema (draft 2020-12) of the team-file format, for editors and CI checks.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:  # noqa: ARG001 - every command takes the parsed arguments
    """Print the schema as indented JSON."""
    print(json.dumps(organisation_schema(), indent=2, sort_keys=True))
    return EXIT_OK
