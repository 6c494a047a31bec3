"""Helpdesk connectors: Zendesk, Freshdesk, Zammad and django-helpdesk exports as teamcore's tickets and events.

Each adapter reads one source's export and returns an :class:`ImportResult`: the canonical tables of
:mod:`teamcore.kpi`, and the account of every source record (used, ignored with a reason, or rejected with the entry
and the reason). Mappings of statuses, priorities, channels and roles are documented per source and overridable
(:class:`ConnectorMapping`).
"""

from __future__ import annotations

from teamcore.connectors._base import (
    ROLES,
    ConnectorMapping,
    EntityCount,
    Flag,
    ImportResult,
    SourceRejection,
    read_import,
)

__all__ = [
    "ROLES",
    "ConnectorMapping",
    "EntityCount",
    "Flag",
    "ImportResult",
    "SourceRejection",
    "read_import",
]
