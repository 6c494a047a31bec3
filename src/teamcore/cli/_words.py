"""Messages in the user's words: an error the library raises names a Python parameter, the CLI names the flag.

``Organisation.team("nordic")`` rightly says ``team_id: expected one of the teams ...``; a user who typed
``teamcore meetings team.toml --team nordic`` should read ``--team: ...``. :func:`in_flags` rewrites the field of
such an error to the flag (or the positional argument's name) of the command that was run, found among the
command's own parser actions: the action whose destination is the parameter's name (``team``), the name without
its ``_id`` suffix (``team_id`` → ``team``), or a name of :data:`PARAMETER_FLAGS`, and whose value on the command
line is the value the error shows. That last condition keeps a value that came from a file (a team's timezone)
from being blamed on a flag that merely shares its name.

Errors about a file (those with a ``path``) already name the key as it is written in the file and are left alone.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Final

from teamcore.exceptions import TeamcoreError, ValidationError

__all__ = ["PARAMETER_FLAGS", "command_parser", "flag_for", "in_flags"]

PARAMETER_FLAGS: Final[dict[str, tuple[str, ...]]] = {
    "member_id": ("member",),
    "team_id": ("team",),
    "timezone": ("tz",),
    "tz": ("tz",),
}
"""Library parameter names → the destinations of the flags that pass them, where the names differ by more than
an ``_id`` suffix."""


def command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser | None:
    """The parser of the command `args` were parsed for, or None (no command, or one without a parser of its own)."""
    name = getattr(args, "command", None)
    # argparse keeps its actions and the subparsers' map in attributes it does not document; argcomplete and
    # sphinx-argparse read the same ones.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found = action.choices.get(name) if isinstance(name, str) else None
            return found if isinstance(found, argparse.ArgumentParser) else None
    return None


def _names(field: str) -> Iterator[str]:
    yield field
    if field.endswith("_id"):
        yield field.removesuffix("_id")
    yield from PARAMETER_FLAGS.get(field, ())


def _given(value: object, shown: object) -> bool:
    """Whether the command-line value `value` is the value `shown` by the error (compared as text)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, list | tuple):
        return any(_given(v, shown) for v in value)
    return str(value) == str(shown)


def flag_for(field: str, value: object, parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The flag (``--team``) or positional name (``PATH``) through which `value` reached parameter `field`, or None.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("--team", "-t")
    >>> args = parser.parse_args(["--team", "nordic"])
    >>> flag_for("team_id", "nordic", parser, args), flag_for("team_id", "emea", parser, args)
    ('--team', None)
    """
    if not field.isidentifier():  # "members[3].timezone", "--now": a file's key or a flag already
        return None
    for name in _names(field):
        for action in parser._actions:
            if action.dest != name or not _given(getattr(args, name, None), value):
                continue
            if action.option_strings:
                return max(action.option_strings, key=len)
            metavar = action.metavar
            return metavar if isinstance(metavar, str) else name.upper()
    return None


def in_flags(err: TeamcoreError, parser: argparse.ArgumentParser, args: argparse.Namespace) -> TeamcoreError:
    """`err`, naming the command's flag instead of the library's parameter where the flag gave the value.

    Parameters
    ----------
    err
        The error a command raised.
    parser
        The ``teamcore`` parser the command line was parsed with.
    args
        What it parsed.
    """
    if not isinstance(err, ValidationError) or err.path is not None:
        return err
    command = command_parser(parser, args)
    flag = flag_for(err.field, err.value, command, args) if command is not None else None
    return err if flag is None else err.renamed(flag)
