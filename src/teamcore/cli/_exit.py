"""The exit statuses of the ``teamcore`` command line: one table, used by every command and shown by ``--help``.

Light on purpose (the standard library only): ``teamcore --help`` prints the table in its epilog without loading
rich or any command.
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["EXIT_CODES", "REPORT_TO", "TRACEBACK_ENV", "Exit", "exit_code_table"]

REPORT_TO: Final = "the teamcore issue tracker"
"""Where an internal error is to be reported; the one-line message says so (the project has no public URL yet)."""

TRACEBACK_ENV: Final = "TEAMCORE_TRACEBACK"
"""Set this environment variable to ``1`` to see the traceback of an internal error instead of the one line."""


class Exit(enum.IntEnum):
    """An exit status of ``teamcore``; :data:`EXIT_CODES` says what each one means."""

    OK = 0
    INVALID = 1
    USAGE = 2
    REJECTED = 3
    OUTPUT = 4
    PARTIAL = 5
    INTERNAL = 70
    INTERRUPTED = 130
    PIPE = 141


EXIT_CODES: Final[dict[Exit, str]] = {
    Exit.OK: "success",
    Exit.INVALID: "invalid input: a file or a value the user can fix (every problem is listed)",
    Exit.USAGE: "usage error: an unknown command or flag, a missing or malformed argument (argparse)",
    Exit.REJECTED: "too many rows of an input file rejected: all of them, or more than --max-rejected",
    Exit.OUTPUT: "an output file cannot be written: missing folder, a directory, no permission",
    Exit.PARTIAL: "written, but some source records were rejected: `teamcore import`'s load report lists them",
    Exit.INTERNAL: "internal error: a bug in teamcore; the one-line message says where to report it",
    Exit.INTERRUPTED: "interrupted (Ctrl-C)",
    Exit.PIPE: "the reader of the output went away (a pipe closed early, as by `head -1`): 128 + SIGPIPE",
}
"""Every exit status with its meaning, in the order ``teamcore --help`` and the docs show them."""


def exit_code_table() -> str:
    """The table of exit statuses as plain text lines, for the epilog of ``teamcore --help``.

    Examples
    --------
    >>> print(exit_code_table().splitlines()[1])
      0    success
    """
    lines = ["exit status:"]
    lines += [f"  {int(code):<4} {meaning}" for code, meaning in EXIT_CODES.items()]
    return "\n".join(lines)
