"""Helpers every command uses: loading the organisation, parsing --now, reporting errors."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.markup import escape

from teamcore.exceptions import LoadError, TeamcoreError

if TYPE_CHECKING:  # what the commands need is imported where they use it: each command loads only its own part
    from rich.progress import Progress

    from teamcore._rows import LoadResult
    from teamcore.people import Organisation

__all__ = [
    "print_whole",
    "EXIT_INVALID",
    "EXIT_OK",
    "add_now",
    "add_org_path",
    "console_for",
    "fail",
    "load_org",
    "now_from",
    "progress_for",
    "warn_rejected",
]

EXIT_OK = 0
EXIT_INVALID = 1
"""Exit status when the input is invalid (a problem the user can fix); usage errors exit 2 (argparse)."""


def add_org_path(parser: argparse.ArgumentParser) -> None:
    """Add the positional team-file argument."""
    parser.add_argument("path", metavar="PATH", help="team file (.toml or .json)")


def add_now(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add ``--now``: the instant the answer is for (ISO 8601 with an offset); teamcore never reads the clock."""
    parser.add_argument(
        "--now",
        required=required,
        metavar="ISO",
        help="the current instant, ISO 8601 with an offset, e.g. 2026-11-23T08:00Z (teamcore never reads the clock)",
    )


def now_from(args: argparse.Namespace) -> dt.datetime:
    """Parse ``--now`` into a UTC instant (raises a TeamcoreError with the value if malformed)."""
    from teamcore._time import parse_instant  # noqa: PLC0415 - pendulum is loaded only by commands that take --now

    return parse_instant(args.now, "--now")


def load_org(args: argparse.Namespace) -> Organisation:
    """Load the organisation named by ``PATH``."""
    from teamcore.people import load_organisation  # noqa: PLC0415 - see the imports at the top

    return load_organisation(args.path)


def console_for(args: argparse.Namespace) -> Console:
    """A console on stdout; ``--no-color`` and non-terminals get plain text."""
    # soft_wrap: a problem line stays one line, so editors and grep can read "path: entry: field: message".
    return Console(no_color=getattr(args, "no_color", False), highlight=False, soft_wrap=True)


def warn_rejected(console: Console, result: LoadResult[Any]) -> None:
    """Say on stderr how many rows of a file were rejected and why (the first few), so nothing is lost silently."""
    if result.ok:
        return
    stderr = Console(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
    stderr.print(f"warning: {result.source}: {len(result.rejected)} of {result.rows_in} rows rejected", markup=False)
    for rejected in result.rejected[:10]:
        stderr.print(f"  row {rejected.row}: {rejected.reason}", markup=False)
    if len(result.rejected) > 10:
        stderr.print(f"  ... and {len(result.rejected) - 10} more", markup=False)


def progress_for(console: Console) -> Progress:
    """A progress bar on stderr for long loads and computations; it shows only on a terminal and then vanishes."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: PLC0415 - on use

    stderr = Console(stderr=True, no_color=console.no_color)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )


def fail(console: Console, err: TeamcoreError) -> int:
    """Print `err` (every problem of a file, one a line) to stderr and return the exit status."""
    stderr = Console(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
    if isinstance(err, LoadError):
        stderr.print(f"[bold red]error:[/] {escape(err.path)}: {len(err.problems)} problem(s)", markup=True)
        for problem in err.problems:
            stderr.print(f"  {problem}", markup=False)
    else:
        stderr.print(f"[bold red]error:[/] {escape(str(err))}", markup=True)
    return EXIT_INVALID


def print_whole(console: Console, renderable: RenderableType) -> None:
    """Print at the terminal's width, or whole when the output goes to a file or pipe (nothing cut off)."""
    if not console.is_terminal:
        width = console.measure(renderable, options=console.options.update_width(10_000)).maximum
        if width > console.width:
            console = Console(file=console.file, width=width, no_color=console.no_color, highlight=False)
    console.print(renderable)
