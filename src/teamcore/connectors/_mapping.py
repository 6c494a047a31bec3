"""How one source's values become teamcore's: the tables of statuses, priorities, channels and roles.

Every adapter has a documented default :class:`ConnectorMapping` (``DEFAULT_MAPPING`` in its module), overridable
entry by entry in code or from a TOML or JSON file. Source values are looked up by :func:`normal_key`, so one table
serves sources that give a status as a number, as ``"Open"`` or as ``"open"``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

import attrs

from teamcore import _documents
from teamcore.exceptions import InvalidValue, Problem, ValidationError, WrongType
from teamcore.kpi import PRIORITIES, STATUSES

__all__ = ["ROLES", "ConnectorMapping", "normal_key"]

ROLES: Final = ("agent", "customer", "system")
"""Who wrote a message or made a change: an agent (a member), the customer (requester or CC), or the system."""

_KINDS: Final = {"statuses": STATUSES, "priorities": PRIORITIES, "channels": None, "roles": ROLES}


def _table(value: object, field: str, targets: tuple[str, ...] | None) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a table of source value = teamcore value")
    out: dict[str, str] = {}
    for key, target in value.items():
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise WrongType(f"{field} key", key, "a source value (text or a whole number)")
        if not isinstance(target, str) or not target.strip():
            raise WrongType(f"{field}[{key!r}]", target, "a non-empty text")
        if targets is not None and target not in targets:
            raise InvalidValue(f"{field}[{key!r}]", target, f"one of {', '.join(targets)}")
        out[normal_key(key)] = target
    return out


def _statuses(value: object) -> Mapping[str, str]:
    return _table(value, "statuses", STATUSES)


def _priorities(value: object) -> Mapping[str, str]:
    return _table(value, "priorities", PRIORITIES)


def _channels(value: object) -> Mapping[str, str]:
    return _table(value, "channels", None)


def _roles(value: object) -> Mapping[str, str]:
    return _table(value, "roles", ROLES)


def normal_key(value: object) -> str:
    """The key a source value is looked up by: text stripped and lower-cased; whole numbers as their digits.

    Helpdesk exports give statuses and priorities as numbers (django-helpdesk, Freshdesk) or as text in any case
    (Zammad's ``"Open"``); one key form lets one mapping serve all. A float with a whole value (``2.0``, as JSON
    readers may give) counts as that whole number.

    Examples
    --------
    >>> normal_key(" Open "), normal_key(2), normal_key(2.0)
    ('open', '2', '2')
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().lower()


@attrs.frozen
class ConnectorMapping:
    """How one source's values become teamcore's: statuses, priorities, channels and roles.

    Each table maps a source value (looked up by :func:`normal_key`: case-insensitive text, or a whole number) to a
    teamcore value. Every adapter has a documented default (``DEFAULT_MAPPING`` in its module);
    :meth:`updated` overrides entries, :meth:`from_file` reads overrides from TOML or JSON.

    Parameters
    ----------
    statuses
        Source status → one of :data:`teamcore.kpi.STATUSES`.
    priorities
        Source priority → one of :data:`teamcore.kpi.PRIORITIES`.
    channels
        Source channel or origin → a channel name (free text, such as ``email``). A channel absent here is kept
        as the source gives it, lower-cased.
    roles
        Source role or author type → ``agent``, ``customer`` or ``system``.

    Raises
    ------
    WrongType
        If a table is not a mapping of text to text.
    InvalidValue
        If a status, priority or role maps to a value teamcore does not know, naming it and the choices.

    Examples
    --------
    >>> m = ConnectorMapping(statuses={"Open": "open", 4: "closed"}, priorities={"P1": "urgent"})
    >>> m.status(4, "status"), m.status("OPEN", "status")
    ('closed', 'open')
    >>> m.updated(priorities={"p1": "high"}).priorities
    {'p1': 'high'}
    """

    statuses: Mapping[str, str] = attrs.field(factory=dict, converter=_statuses)
    priorities: Mapping[str, str] = attrs.field(factory=dict, converter=_priorities)
    channels: Mapping[str, str] = attrs.field(factory=dict, converter=_channels)
    roles: Mapping[str, str] = attrs.field(factory=dict, converter=_roles)

    def updated(self, **tables: Mapping[str, str]) -> ConnectorMapping:
        """A copy with the entries of `tables` (``statuses=``, ``priorities=``, ``channels=``, ``roles=``) added.

        Raises
        ------
        InvalidValue
            For a table name that is not one of the four.
        """
        unknown = sorted(set(tables) - set(_KINDS))
        if unknown:
            raise InvalidValue("mapping table", unknown[0], f"one of {', '.join(_KINDS)}")
        merged = {kind: {**getattr(self, kind), **dict(tables.get(kind, {}))} for kind in _KINDS}
        return ConnectorMapping(**merged)

    def with_overrides(self, overrides: ConnectorMapping | None) -> ConnectorMapping:
        """A copy of this mapping (an adapter's default) with the entries of `overrides` on top; itself when ``None``.

        Examples
        --------
        >>> default = ConnectorMapping(priorities={"1": "urgent", "2": "high"})
        >>> default.with_overrides(ConnectorMapping(priorities={"2": "normal"})).priorities
        {'1': 'urgent', '2': 'normal'}
        """
        return self if overrides is None else self.updated(**overrides.as_dict())

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], base: ConnectorMapping | None = None) -> ConnectorMapping:
        """Read overrides (``[statuses]``, ``[priorities]``, ``[channels]``, ``[roles]`` tables) onto `base`.

        Raises
        ------
        LoadError
            If the file cannot be read or parsed, or an entry is invalid (naming the path and the entry).
        """
        fmt_tag = "teamcore-mapping/1"

        def parse(data: object, source: str) -> tuple[ConnectorMapping | None, list[Problem]]:
            table, problems = _documents.top_table(data, source, tag=fmt_tag, keys=("format", *_KINDS))
            if table is None or problems:
                return None, problems
            try:
                tables = {k: v for k, v in table.items() if k != "format"}
                return (base or cls()).updated(**tables), []
            except ValidationError as err:
                return None, [_documents.problem(source, "", err)]

        return _documents.load_document(path, format=None, max_bytes=1024 * 1024, parse=parse)

    def status(self, value: object, field: str) -> str:
        """The teamcore status of a source status. Raises :class:`InvalidValue` naming `field` if unmapped."""
        return self._look("statuses", value, field)

    def priority(self, value: object, field: str) -> str:
        """The teamcore priority of a source priority. Raises :class:`InvalidValue` naming `field` if unmapped."""
        return self._look("priorities", value, field)

    def role(self, value: object, field: str) -> str:
        """The role of a source author type. Raises :class:`InvalidValue` naming `field` if unmapped."""
        return self._look("roles", value, field)

    def channel(self, value: object) -> str | None:
        """The channel of a source channel: mapped, else the source's own name lower-cased; ``None`` if empty."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        key = normal_key(value)
        return self.channels.get(key, key)

    def _look(self, kind: str, value: object, field: str) -> str:
        table: Mapping[str, str] = getattr(self, kind)
        if value is None or isinstance(value, bool | dict | list):
            raise InvalidValue(field, value, f"a source value the {kind} mapping knows ({_known(table)})")
        found = table.get(normal_key(value))
        if found is None:
            raise InvalidValue(field, value, f"a source value the {kind} mapping knows ({_known(table)})")
        return found

    def as_dict(self) -> dict[str, dict[str, str]]:
        """The four tables as plain dictionaries (for the load report)."""
        return {kind: dict(getattr(self, kind)) for kind in _KINDS}


def _known(table: Mapping[str, str]) -> str:
    keys = sorted(table)
    shown = ", ".join(repr(k) for k in keys[:12])
    return shown + (", …" if len(keys) > 12 else "") if keys else "none: the table is empty"
