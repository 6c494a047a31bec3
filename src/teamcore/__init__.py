"""teamcore: the domain logic of leading a customer-service team spread over countries and timezones.

The subpackages mirror the domain: :mod:`teamcore.people` (members, teams, organisations, team files),
:mod:`teamcore.scheduling`, :mod:`teamcore.kpi`, :mod:`teamcore.feedback`, :mod:`teamcore.mentoring`,
:mod:`teamcore.staffing` and :mod:`teamcore.report`. Every row loader returns a :class:`LoadResult`; errors live in
:mod:`teamcore.exceptions`; hypothesis strategies for property-testing code that uses teamcore live in
:mod:`teamcore.strategies`. Machinery every subpackage shares (document files, row accounting, zone offsets,
DataFrame helpers, validators) lives in private modules at the package root.

The names below are loaded on first use, so ``import teamcore`` (and ``teamcore --help``) costs next to nothing;
``from teamcore import Member`` imports what ``Member`` needs and no more.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teamcore._rows import LoadResult, Rejected
    from teamcore._schedule import Schedule
    from teamcore._time import Disambiguate, local_to_utc, parse_instant, timezone
    from teamcore.exceptions import TeamcoreError
    from teamcore.people import Member, Organisation, Team, load_organisation, save_organisation

__version__ = "0.1.0.dev0"

_LAZY = {
    "Disambiguate": "teamcore._time",
    "LoadResult": "teamcore._rows",
    "Rejected": "teamcore._rows",
    "Schedule": "teamcore._schedule",
    "Member": "teamcore.people",
    "Organisation": "teamcore.people",
    "Team": "teamcore.people",
    "TeamcoreError": "teamcore.exceptions",
    "load_organisation": "teamcore.people",
    "local_to_utc": "teamcore._time",
    "parse_instant": "teamcore._time",
    "save_organisation": "teamcore.people",
    "timezone": "teamcore._time",
}
"""Each public name and the module it comes from (keep in step with the ``TYPE_CHECKING`` imports above)."""

__all__ = [
    "Disambiguate",
    "LoadResult",
    "Member",
    "Organisation",
    "Rejected",
    "Schedule",
    "Team",
    "TeamcoreError",
    "__version__",
    "load_organisation",
    "local_to_utc",
    "parse_instant",
    "save_organisation",
    "timezone",
]


def __getattr__(name: str) -> object:
    """Import a public name's module on first use and cache the name here (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
