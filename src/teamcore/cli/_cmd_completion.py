"""``teamcore completion bash|zsh|fish``: print a shell completion script generated from the parser."""

from __future__ import annotations

import argparse
from typing import Any

from teamcore.cli._completion import LISTS, SHELLS, list_values, script

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add the ``completion`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "completion",
        help="print a shell completion script for bash, zsh or fish",
        description="Print the completion script for SHELL: commands, flags, choices, files, and member and team "
        'ids from the team file on the command line. bash: eval "$(teamcore completion bash)" in ~/.bashrc; '
        'zsh: eval "$(teamcore completion zsh)" in ~/.zshrc after compinit; fish: teamcore completion fish | '
        "source in ~/.config/fish/config.fish.",
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    # Used by the scripts themselves: the values to offer for --team, --member and --tz.
    parser.add_argument("--list", choices=LISTS, help=argparse.SUPPRESS)
    parser.add_argument("--words", nargs=argparse.REMAINDER, default=[], help=argparse.SUPPRESS)
    parser.set_defaults(run=run, usage_error=parser.error)


def run(args: argparse.Namespace) -> int:
    """Print the script for ``SHELL``, or with ``--list`` the ids or zones the scripts offer, one a line."""
    if args.list is not None:
        for value in list_values(args.list, args.words):
            print(value)
        return 0
    if args.shell is None:
        args.usage_error("the following arguments are required: SHELL (bash, zsh or fish)")
    from teamcore.cli._app import build_parser  # noqa: PLC0415 - the full parser, every command loaded

    print(script(args.shell, build_parser()), end="")
    return 0
