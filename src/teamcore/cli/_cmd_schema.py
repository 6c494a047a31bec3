"""``teamcore schema``: print the JSON Schema of the team-file format."""

from __future__ import annotations

import argparse
import json
from typing import Any

from teamcore.cli._common import EXIT_OK
from teamcore.people import organisation_schema
from teamcore.report import report_schema

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add the ``schema`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema",
        help="print the JSON Schema of team files (or of JSON reports)",
        description="Print the JSON Schema (draft 2020-12) of the team-file format, for editors and CI checks; "
        "with --report, the schema of `teamcore report --json` output.",
    )
    parser.add_argument("--report", action="store_true", help="the schema of JSON reports instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema as indented JSON."""
    schema = report_schema() if args.report else organisation_schema()
    print(json.dumps(schema, indent=2, sort_keys=True))
    return EXIT_OK
