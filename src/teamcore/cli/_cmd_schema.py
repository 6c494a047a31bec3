"""``teamcore schema [NAME]``: print a JSON Schema: of team files, of JSON reports, or of a command's JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Final

from teamcore.cli._common import EXIT_OK
from teamcore.cli._json_schemas import JSON_COMMANDS, command_schema
from teamcore.cli._output import write_atomic

__all__ = ["register", "run"]

_FILES: Final = ("organisation", "report")


def _output_path(text: str) -> Path | None:
    return None if text == "-" else Path(text)


def register(sub: Any) -> None:
    """Add the ``schema`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema",
        help="print a JSON Schema: of team files, of JSON reports, or of a command's --format json output",
        description="Print a JSON Schema (draft 2020-12), for editors and CI checks: of the team-file format "
        "(default, or NAME organisation), of `teamcore report --json` output (NAME report, or --report), or of "
        "a command's `--format json` output (NAME the command, e.g. coverage).",
    )
    parser.add_argument(
        "name",
        nargs="?",
        default="organisation",
        choices=(*_FILES, *JSON_COMMANDS),
        metavar="NAME",
        help=f"organisation (default), report, or a command: {', '.join(JSON_COMMANDS)}",
    )
    parser.add_argument("--report", action="store_true", help="the schema of JSON reports (as NAME report)")
    parser.add_argument(
        "--output", type=_output_path, metavar="FILE", help="write the schema to FILE (atomically); '-': stdout"
    )
    parser.set_defaults(run=run, outputs=(("--output", "output"),))


def run(args: argparse.Namespace) -> int:
    """Print the schema as indented JSON."""
    name = "report" if args.report else args.name
    if name == "report":
        from teamcore.report import report_schema  # noqa: PLC0415 - only this schema needs the report package

        schema = report_schema()
    elif name == "organisation":
        from teamcore.people import organisation_schema  # noqa: PLC0415 - see above

        schema = organisation_schema()
    else:
        schema = command_schema(name)
    text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomic("--output", args.output, text)
    return EXIT_OK
