"""Optional dependencies: the one place that knows which extra installs which package, and says so in one line.

A feature that needs an optional package imports it through :func:`require` at the point of use (as pandas imports
matplotlib only inside ``.plot()``), so ``import teamcore`` and every command without that feature work after a
plain ``pip install teamcore``.

Examples
--------
>>> from teamcore._optional import hint
>>> print(hint("report", "--html"))
--html needs the 'report' extra: pip install 'teamcore[report]'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final

from teamcore.exceptions import MissingDependency

__all__ = ["EXTRAS", "hint", "require"]

EXTRAS: Final = {
    "calendar": "icalendar",
    "report": "matplotlib",
    "optimal": "scipy",
    "strategies": "hypothesis",
    "dask": "dask",
    "fetch": "httpx",
    "postgres": "psycopg",
    "pandas": "pandas",
    "rostering": "ortools",
}
"""Each user-facing extra of ``pyproject.toml`` and the package whose import tells whether it is installed."""


def hint(extra: str, feature: str) -> str:
    """The one-line message: `feature` needs `extra`, and the command that installs it.

    Raises
    ------
    KeyError
        If `extra` is not one of :data:`EXTRAS` (a hint must never name an extra that does not exist).
    """
    if extra not in EXTRAS:
        raise KeyError(f"no extra {extra!r}; teamcore's extras are {', '.join(sorted(EXTRAS))}")
    return f"{feature} needs the {extra!r} extra: pip install 'teamcore[{extra}]'"


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module` and return it, or raise :class:`~teamcore.exceptions.MissingDependency` naming `extra`.

    Parameters
    ----------
    module
        The module to import, e.g. ``"icalendar"`` or ``"matplotlib.figure"``.
    extra
        The extra of teamcore that installs it, one of :data:`EXTRAS`.
    feature
        What needs it, as the user asked for it: ``"--html"``, ``"rotation_ics"``, ``"plots"``.

    Raises
    ------
    MissingDependency
        If `module` (or a package it needs) cannot be imported; the message is :func:`hint`'s line.

    Examples
    --------
    >>> import sys
    >>> from unittest import mock
    >>> with mock.patch.dict(sys.modules, {"icalendar": None}):
    ...     require("icalendar", "calendar", "--ics")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.MissingDependency: --ics needs the 'calendar' extra: pip install 'teamcore[calendar]'
    """
    message = hint(extra, feature)
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependency(message) from error
