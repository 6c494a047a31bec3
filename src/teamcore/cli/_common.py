"""Helpers every command uses: loading the organisation, parsing --now, checking outputs, reporting errors.

Three rules live here once for every command: output paths are checked before any work (:func:`check_outputs`,
for each flag added with :func:`add_output`), rejected rows are reported and judged against ``--max-rejected``
(:func:`warn_rejected`), and an error becomes its lines on stderr and its exit status (:func:`fail`, with the
statuses of :mod:`teamcore.cli._exit`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from rich.console import Console, RenderableType
from rich.markup import escape

from teamcore.cli._exit import Exit
from teamcore.exceptions import InvalidValue, LoadError, OutOfRange, TeamcoreError

if TYPE_CHECKING:  # what the commands need is imported where they use it: each command loads only its own part
    from rich.progress import Progress

    from teamcore._rows import LoadResult
    from teamcore.people import Organisation

__all__ = [
    "DEFAULT_MAX_REJECTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "TooManyRejected",
    "UnwritableOutput",
    "add_max_rejected",
    "add_now",
    "add_org_path",
    "add_output",
    "check_outputs",
    "console_for",
    "date_arg",
    "fail",
    "instant_from",
    "load_org",
    "now_from",
    "print_whole",
    "progress_for",
    "rejected_rate",
    "warn_rejected",
    "write_output",
]

EXIT_OK: Final = Exit.OK
EXIT_INVALID: Final = Exit.INVALID
"""Exit status when the input is invalid (a problem the user can fix); the full table is :data:`EXIT_CODES`."""

DEFAULT_MAX_REJECTED: Final = 1.0
"""``--max-rejected`` by default: a command fails only when *every* row of a file was rejected.

Stricter defaults would stop a nightly report over one malformed row of a ticket export; the rows rejected are
always listed on stderr, and ``--max-rejected 5%`` makes a pipeline strict.
"""

_SHOWN_REJECTED: Final = 10


class UnwritableOutput(InvalidValue):
    """An output flag names a path teamcore cannot write (exit status :attr:`Exit.OUTPUT`)."""


class TooManyRejected(TeamcoreError, ValueError):
    """More rows of an input file were rejected than ``--max-rejected`` allows, or all of them (exit status 3).

    Parameters
    ----------
    source
        The file.
    rejected
        The rejected rows, as ``(row, reason)`` pairs in file order (for a source record, ``(entry, reason)``).
    rows_in
        The rows read.
    limit
        The ``--max-rejected`` share in force.
    """

    def __init__(self, source: str, rejected: Sequence[tuple[int | str, str]], rows_in: int, limit: float) -> None:
        self.source = source
        self.rejected = tuple(rejected)
        self.rows_in = rows_in
        self.limit = limit
        count = len(self.rejected)
        share = "every row" if count == rows_in else f"more than --max-rejected {limit:.4g}"
        super().__init__(f"{source}: {count} of {rows_in} rows rejected ({share}); nothing computed from it")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.source, self.rejected, self.rows_in, self.limit))


def add_org_path(parser: argparse.ArgumentParser) -> None:
    """Add the positional team-file argument; without it, the project file's ``organisation`` is the team file."""
    parser.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        default=None,
        help="team file (.toml or .json); default: the `organisation` of the project file (teamcore.toml)",
    )


def add_now(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add ``--now``: the instant the answer is for (ISO 8601 with an offset); teamcore never reads the clock."""
    parser.add_argument(
        "--now",
        required=required,
        metavar="ISO",
        help="the current instant, ISO 8601 with an offset, e.g. 2026-11-23T08:00Z (teamcore never reads the clock)",
    )


_FIRST_INSTANT: Final = dt.datetime(2, 1, 1, tzinfo=dt.UTC)
_LAST_INSTANT: Final = dt.datetime(9998, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def instant_from(text: str, flag: str) -> dt.datetime:
    """Parse an instant flag (``--now``, ``--start``) into a UTC instant, in years 0002 to 9998.

    :func:`teamcore.parse_instant` takes every instant of years 0001 to 9999; the commands look a year and more
    around the instant they are given (28 days of KPIs, 400 days of calendars, the next meeting), so a flag keeps a
    year's margin from the ends of the range rather than overflow in the middle of a computation.

    Raises
    ------
    InvalidValue, NaiveDatetime, OutOfRange
        Naming `flag`, the value and the form expected.
    """
    from teamcore._time import parse_instant  # noqa: PLC0415 - pendulum is loaded only by commands that take --now

    value = parse_instant(text, flag)
    if not _FIRST_INSTANT <= value <= _LAST_INSTANT:
        raise OutOfRange(flag, text, "an instant from 0002-01-01T00:00Z to 9998-12-31T23:59:59Z (a year from the ends)")
    return value


def now_from(args: argparse.Namespace) -> dt.datetime:
    """Parse ``--now`` into a UTC instant, as :func:`instant_from` does."""
    return instant_from(args.now, "--now")


def load_org(args: argparse.Namespace) -> Organisation:
    """Load the organisation named by ``PATH``."""
    from teamcore.people import load_organisation  # noqa: PLC0415 - see the imports at the top

    return load_organisation(args.path)


def date_arg(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` flag value as a date (an argparse ``type``: a bad value is a usage error)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def rejected_rate(text: str) -> float:
    """Parse ``--max-rejected``: a fraction from 0 to 1 (``0.05``) or a percentage (``5%``).

    Examples
    --------
    >>> rejected_rate("5%"), rejected_rate("0.25"), rejected_rate("1")
    (0.05, 0.25, 1.0)
    """
    stripped = text.strip()
    percent = stripped.endswith("%")
    try:
        value = float(stripped.removesuffix("%"))
    except ValueError:
        value = math.nan
    if percent:
        value /= 100
    if not 0 <= value <= 1:  # NaN fails too
        raise argparse.ArgumentTypeError(f"expected a fraction from 0 to 1 or a percentage such as 5%, got {text!r}")
    return value


def add_max_rejected(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-rejected RATE``, for every command that loads rows from a file."""
    parser.add_argument(
        "--max-rejected",
        type=rejected_rate,
        default=DEFAULT_MAX_REJECTED,
        metavar="RATE",
        help="fail (exit 3) when more than this share of a file's rows is rejected: 0-1 or a percentage such as "
        "5%%; default 1 (only a file whose every row is rejected fails)",
    )


def add_output(parser: argparse.ArgumentParser, flag: str, help: str) -> None:
    """Add an output flag (``--json FILE``); :func:`check_outputs` checks its path before the command runs."""
    action = parser.add_argument(flag, metavar="FILE", type=Path, help=help)
    outputs: tuple[tuple[str, str], ...] = parser.get_default("outputs") or ()
    parser.set_defaults(outputs=(*outputs, (flag, action.dest)))


def special_file(path: Path) -> bool:
    """Whether `path` exists as something other than a regular file or a folder: a device or a named pipe.

    Such a path is written where it is, never renamed over (that would put a plain file in its place: as root,
    ``/dev/null`` for everyone), and never opened to check it (a pipe with no reader blocks, and opening it ends
    its reader's stream before the answer is written).
    """
    return path.exists() and not path.is_file() and not path.is_dir()


def _unwritable(path: Path) -> str | None:
    """Why `path` cannot be written as a file, or ``None`` if it can.

    The answer comes from the operating system itself: an existing file is opened for appending (its content and
    times are untouched), a new one is created and removed again. ``os.access`` would be wrong for root, on
    read-only file systems and on ``/proc``; it is asked only of a device or a named pipe, which is not opened
    twice. A symbolic link is checked where it leads (the output is written through it), even where that file
    does not exist yet.
    """
    if path.is_symlink():
        try:
            path = path.resolve()
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            return "a path teamcore can write (a symbolic link that leads nowhere)"
    folder = path.parent
    problem: str | None = None
    try:
        if path.is_dir():
            problem = "a file, not a directory"
        elif not folder.exists():
            problem = f"a file in an existing folder (the folder '{folder}' does not exist)"
        elif not folder.is_dir():
            problem = f"a file in a folder ('{folder}' is not a folder)"
        elif special_file(path):
            if not os.access(path, os.W_OK):
                problem = "a file teamcore may write (permission denied)"
        elif path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
        else:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            path.unlink()
    except PermissionError:
        problem = "a file teamcore may write (permission denied)"
    except (OSError, ValueError) as err:  # a read-only file system, a name too long, a NUL
        problem = f"a path teamcore can write ({getattr(err, 'strerror', None) or err})"
    return problem


def check_outputs(args: argparse.Namespace) -> None:
    """Check every output path the command was given, before it loads or prints anything.

    Raises
    ------
    UnwritableOutput
        For the first output flag whose path is a directory, is in a missing folder, cannot be written, or is
        the same file as another output flag's.
    """
    seen: dict[Path, str] = {}
    for flag, dest in getattr(args, "outputs", ()):
        path: Path | None = getattr(args, dest)
        if path is None:
            continue
        problem = _unwritable(path)
        if problem is not None:
            raise UnwritableOutput(flag, str(path), problem)
        key = path.resolve()
        if key in seen:
            raise UnwritableOutput(flag, str(path), f"a file other than {seen[key]}'s")
        seen[key] = flag


def write_output(flag: str, path: Path, data: str | bytes) -> None:
    """Write `data` to the output file of `flag`; a failure (disk full, a folder removed meanwhile) is one line.

    Raises
    ------
    UnwritableOutput
        If the operating system refuses the write.
    """
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as err:
        raise UnwritableOutput(flag, str(path), f"a file teamcore can write ({err.strerror or err})") from None


class _PipeConsole(Console):
    """A rich console that lets a closed pipe reach :func:`teamcore.cli.main`, which ends the run quietly.

    Rich's own answer to a ``BrokenPipeError`` is ``SystemExit(1)``: the status of invalid input, for a reader
    that merely stopped reading (``teamcore report ... | head -1``).
    """

    def on_broken_pipe(self) -> None:
        """Stop writing, and raise the error for ``main`` (exit status :attr:`Exit.PIPE`)."""
        self.quiet = True
        raise BrokenPipeError


def console_for(args: argparse.Namespace) -> Console:
    """A console on stdout; ``--no-color`` and non-terminals get plain text."""
    # soft_wrap: a problem line stays one line, so editors and grep can read "path: entry: field: message".
    return _PipeConsole(no_color=getattr(args, "no_color", False), highlight=False, soft_wrap=True)


def warn_rejected(console: Console, result: LoadResult[Any], *, limit: float, source: str | None = None) -> None:
    """Say on stderr how many rows of a file were rejected and why (the first few), and the loader's warnings.

    Warnings (an absent column that empties metrics, solve times that disagree with the status events) are printed
    whatever the rejected rows, one line each, so no number is silently wrong.

    The one rule for rejected rows, for every command: a file with rows of which every one was rejected, or more
    than `limit` of them, stops the command.

    Parameters
    ----------
    console
        The command's console (for ``--no-color``).
    result
        What the loader made of the file.
    limit
        ``--max-rejected``: the largest share of rejected rows that still lets the command go on.
    source
        The file's name as the user gave it, when ``result.source`` is not (a loader given a frame).

    Raises
    ------
    TooManyRejected
        If every row, or more than `limit` of the rows, was rejected.
    """
    name = source if source is not None else result.source
    if result.warnings:
        stderr = Console(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
        for warning in result.warnings:
            stderr.print(f"warning: {name}: {warning}", markup=False)
    if result.ok:
        return
    count = len(result.rejected)
    if count == result.rows_in or count / result.rows_in > limit:
        raise TooManyRejected(name, [(r.row, r.reason) for r in result.rejected], result.rows_in, limit)
    stderr = Console(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
    stderr.print(f"warning: {name}: {count} of {result.rows_in} rows rejected", markup=False)
    _print_rejected(stderr, [(r.row, r.reason) for r in result.rejected])


def _print_rejected(stderr: Console, rejected: Sequence[tuple[int | str, str]]) -> None:
    """The first rejected rows, one a line: ``row 3: reason``, or a source record's own entry (``page 2 entry 7``)."""
    for row, reason in rejected[:_SHOWN_REJECTED]:
        where = f"row {row}" if isinstance(row, int) else row
        stderr.print(f"  {where}: {reason}", markup=False)
    if len(rejected) > _SHOWN_REJECTED:
        stderr.print(f"  ... and {len(rejected) - _SHOWN_REJECTED} more", markup=False)


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
        disable=not stderr.is_terminal,  # in a pipe or a log, a vanished bar still leaves an empty line
    )


def fail(console: Console | None, err: TeamcoreError) -> Exit:
    """Print `err` to stderr and return its exit status.

    The error is one line starting ``error:``; a file's problems (a :class:`~teamcore.exceptions.LoadError`) and
    rejected rows (:class:`TooManyRejected`) follow it, indented, one a line.
    """
    no_color = console.no_color if console is not None else False
    stderr = Console(stderr=True, highlight=False, no_color=no_color, soft_wrap=True)
    if isinstance(err, LoadError):
        stderr.print(f"[bold red]error:[/] {escape(err.path)}: {len(err.problems)} problem(s)", markup=True)
        for problem in err.problems:
            stderr.print(f"  {problem}", markup=False)
        return Exit.INVALID
    stderr.print(f"[bold red]error:[/] {escape(str(err))}", markup=True)
    if isinstance(err, TooManyRejected):
        _print_rejected(stderr, err.rejected)
        return Exit.REJECTED
    if isinstance(err, UnwritableOutput):
        return Exit.OUTPUT
    return Exit.INVALID


def print_whole(console: Console, renderable: RenderableType) -> None:
    """Print at the terminal's width, or whole when the output goes to a file or pipe (nothing cut off)."""
    if not console.is_terminal:
        width = console.measure(renderable, options=console.options.update_width(10_000)).maximum
        if width > console.width:
            console = _PipeConsole(file=console.file, width=width, no_color=console.no_color, highlight=False)
    console.print(renderable)
