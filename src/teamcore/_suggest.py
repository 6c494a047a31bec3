"""Suggestions ("did you mean"): the valid choice nearest to a refused value, as ``git`` and ``cargo`` give.

Every place that refuses an id, a timezone, a team, a country, a file key or a column name asks :func:`suggest`
for the nearest valid choice and hands it to the error (its ``suggestion`` attribute), which adds
``(did you mean 'nordics'?)`` to its message. One rule, defined here once:

1. a choice equal to the value but for letter case (``"se"`` → ``"SE"``);
2. else a choice one edit away: one character inserted, deleted, replaced, or two neighbours swapped (the
   Damerau-Levenshtein distance 1 of a typo). Several such choices are ranked by :mod:`difflib`'s similarity ratio,
   then by the order given;
3. else the closest choice by :func:`difflib.get_close_matches` with a similarity ratio of at least 0.75, so a
   value far from every choice gets no suggestion rather than a random one.

Values shorter than three characters get only rule 1: every two-letter country code is one edit from dozens of
others, and a guess among them would mislead more than help.

Examples
--------
>>> suggest("nordic", ["americas", "emea", "nordics"])
'nordics'
>>> suggest("Europe/Stokholm", timezone_names())
'Europe/Stockholm'
>>> suggest("se", ["SE", "NO"]), suggest("SW", ["SE", "SI"]), suggest("zzz", ["emea"])
('SE', None, None)
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from collections.abc import Iterable
from typing import Final

__all__ = ["MIN_RATIO", "did_you_mean", "suggest", "timezone_names"]

MIN_RATIO: Final = 0.75
"""The smallest :class:`difflib.SequenceMatcher` ratio for a suggestion that is more than one edit away."""

_MIN_LENGTH: Final = 3


def _one_edit(a: str, b: str) -> bool:
    """Whether `b` is `a` with one character inserted, deleted, replaced, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def suggest(value: object, choices: Iterable[object]) -> str | None:
    """The valid choice nearest to `value`, or ``None`` when none is near (or `value` is not a string).

    Parameters
    ----------
    value
        What was refused.
    choices
        The values that would have been accepted; non-strings among them are ignored.

    Returns
    -------
    str or None
        By the rules of this module: a case-insensitive match, else a choice one edit away, else a close one.

    Examples
    --------
    >>> suggest("mikael.hom", ["mikael.holm", "mikko.korhonen"])
    'mikael.holm'
    >>> suggest("tiemzone", ["name", "timezone", "country"])
    'timezone'
    """
    if not isinstance(value, str) or not value:
        return None
    options = [c for c in dict.fromkeys(choices) if isinstance(c, str) and c != value]
    folded = value.casefold()
    for option in options:
        if option.casefold() == folded:
            return option
    if len(value) < _MIN_LENGTH:
        return None
    near = [option for option in options if _one_edit(value, option)]
    if near:
        return max(near, key=lambda option: difflib.SequenceMatcher(None, value, option).ratio())
    close = difflib.get_close_matches(value, options, n=1, cutoff=MIN_RATIO)
    return close[0] if close else None


def did_you_mean(suggestion: str | None) -> str:
    """The words a message ends with for `suggestion`: ``" (did you mean 'x'?)"``, or ``""`` for none.

    Examples
    --------
    >>> "unknown team 'nordic'" + did_you_mean("nordics")
    "unknown team 'nordic' (did you mean 'nordics'?)"
    """
    return "" if suggestion is None else f" (did you mean {suggestion!r}?)"


@functools.cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA timezone name :mod:`zoneinfo` offers, sorted: the choices for a misspelt timezone.

    That is the pinned ``tzdata`` package's names (and the system's, unless ``PYTHONTZPATH`` is empty, as in
    teamcore's tests), the same database :func:`teamcore._time.validate_timezone` checks against.
    """
    return tuple(sorted(name for name in zoneinfo.available_timezones() if name.lower() != "localtime"))
