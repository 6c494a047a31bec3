"""The argument parser and dispatch; each command lives in its own ``_cmd_<name>.py`` module."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from types import ModuleType

from teamcore import __version__
from teamcore.cli import (
    _cmd_coverage,
    _cmd_feedback,
    _cmd_kpi,
    _cmd_meetings,
    _cmd_mentors,
    _cmd_report,
    _cmd_schema,
    _cmd_skills,
    _cmd_sla,
    _cmd_staffing,
    _cmd_validate,
)
from teamcore.cli._common import console_for, fail
from teamcore.exceptions import TeamcoreError

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS: tuple[ModuleType, ...] = (
    _cmd_validate,
    _cmd_report,
    _cmd_coverage,
    _cmd_meetings,
    _cmd_mentors,
    _cmd_skills,
    _cmd_feedback,
    _cmd_kpi,
    _cmd_sla,
    _cmd_staffing,
    _cmd_schema,
)
"""Command modules, in ``--help`` order. Each has ``register(subparsers)`` that adds its parser and sets ``run``."""

Runner = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The ``teamcore`` parser with every command of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="teamcore",
        description="Lead a customer-service team across countries and timezones: coverage, KPIs, feedback, "
        "mentoring, staffing, and the team health report.",
    )
    parser.add_argument("--version", action="version", version=f"teamcore {__version__}")
    parser.add_argument("--no-color", action="store_true", help="plain text output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 invalid input, 2 usage error).

    Parameters
    ----------
    argv
        Arguments without the program name; default ``sys.argv[1:]``.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Runner = args.run
    try:
        return run(args)
    except TeamcoreError as err:
        return fail(console_for(args), err)
