"""Usage errors that suggest: argparse's "invalid choice" and "unrecognized arguments", with "did you mean".

``teamcore kpii`` and ``teamcore kpi --fromat json`` are refused by argparse (exit status 2); this parser adds the
command or flag meant, by the rule of :mod:`teamcore._suggest`. Light on purpose, like :mod:`teamcore.cli._exit`:
``teamcore --help`` loads it.
"""

from __future__ import annotations

import argparse
import re
from typing import Final, NoReturn

from teamcore._suggest import did_you_mean, suggest

__all__ = ["Parser"]

_CHOICE: Final = re.compile(r"invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)")
_UNRECOGNIZED: Final = re.compile(r"unrecognized arguments: (?P<words>.*)")


def _flags(parser: argparse.ArgumentParser) -> list[str]:
    """Every option string of `parser` and of its commands' parsers."""
    found: list[str] = []
    for action in parser._actions:
        found.extend(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_flags(sub))
    return list(dict.fromkeys(found))


def hint(parser: argparse.ArgumentParser, message: str) -> str:
    """What to add to argparse's `message`: `` (did you mean '...'?)`` for the value or flag meant, or ``""``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("--format", choices=["table", "json"])
    >>> hint(parser, "argument --format: invalid choice: 'jsno' (choose from 'table', 'json')")
    " (did you mean 'json'?)"
    >>> hint(parser, "unrecognized arguments: --fromat json")
    " (did you mean '--format'?)"
    """
    choice = _CHOICE.search(message)
    if choice is not None:
        options = re.findall(r"'([^']*)'", choice["choices"]) or choice["choices"].split(", ")
        return did_you_mean(suggest(choice["value"], options))
    unrecognized = _UNRECOGNIZED.search(message)
    if unrecognized is not None:
        flags = _flags(parser)
        for word in unrecognized["words"].split():
            if word.startswith("--"):
                found = suggest(word.partition("=")[0], flags)
                if found is not None:
                    return did_you_mean(found)
    return ""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors end with the command, choice or flag meant, when one is near."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and `message` with its suggestion, and exit with status 2 (as argparse does)."""
        super().error(message + hint(self, message))
