"""Helpdesk connectors: Zendesk, Freshdesk, Zammad and django-helpdesk exports as teamcore's tickets and events.

Each adapter reads one source's export and returns an :class:`ImportResult`: the canonical tables of
:mod:`teamcore.kpi`, and the account of every source record (used, ignored with a reason, or rejected with the entry
and the reason). Mappings of statuses, priorities, channels and roles are documented per source and overridable
(:class:`ConnectorMapping`). :func:`load_source` picks the adapter by name, as ``teamcore import SOURCE`` does.
"""

from __future__ import annotations

import importlib
import os
from typing import Final

from teamcore.connectors._fetch import FETCH_SOURCES, FetchSummary, fetch
from teamcore.connectors._import_result import (
    EVENTS_FILE,
    IMPORT_FILES,
    REPORT_FILE,
    TICKETS_FILE,
    VENDOR_EVENTS_FILE,
    VENDOR_METRICS_FILE,
    EntityCount,
    Flag,
    ImportResult,
    SourceRejection,
    read_import,
)
from teamcore.connectors._mapping import ROLES, ConnectorMapping
from teamcore.connectors._reconcile import VENDOR_METRIC_COLUMNS, reconcile
from teamcore.connectors._reconciliation import CAUSES, Reconciliation
from teamcore.connectors._rules import METRIC_DURATIONS
from teamcore.connectors._schedules import RAILS_ZONES, Schedule, Schedules, read_schedules
from teamcore.connectors._tables import import_tables, read_import_result, read_vendor_metrics
from teamcore.exceptions import InvalidValue, WrongType

__all__ = [
    "CAUSES",
    "EVENTS_FILE",
    "FETCH_SOURCES",
    "IMPORT_FILES",
    "METRIC_DURATIONS",
    "RAILS_ZONES",
    "REPORT_FILE",
    "ROLES",
    "SOURCES",
    "TICKETS_FILE",
    "VENDOR_EVENTS_FILE",
    "VENDOR_METRICS_FILE",
    "VENDOR_METRIC_COLUMNS",
    "ConnectorMapping",
    "EntityCount",
    "FetchSummary",
    "Flag",
    "ImportResult",
    "Reconciliation",
    "Schedule",
    "Schedules",
    "SourceRejection",
    "fetch",
    "import_tables",
    "read_import_result",
    "load_source",
    "read_import",
    "read_schedules",
    "read_vendor_metrics",
    "reconcile",
]

_LOADERS: Final = {
    "zendesk": ("teamcore.connectors._zendesk", "load_zendesk"),
    "freshdesk": ("teamcore.connectors._freshdesk", "load_freshdesk"),
    "zammad": ("teamcore.connectors._zammad", "load_zammad"),
    "django-helpdesk": ("teamcore.connectors._django_helpdesk", "load_django_helpdesk"),
}

SOURCES: Final = tuple(_LOADERS)
"""The sources :func:`load_source` and ``teamcore import`` know."""


def load_source(source: str, input: str | os.PathLike[str], *, mapping: ConnectorMapping | None = None) -> ImportResult:
    """Read `input` with the adapter named `source` (one of :data:`SOURCES`).

    Parameters
    ----------
    source
        ``zendesk``, ``freshdesk``, ``zammad`` or ``django-helpdesk``.
    input
        What that adapter reads: an export file or folder; for django-helpdesk also a database URL.
    mapping
        Overrides of the adapter's default mapping (``None``: the default).

    Raises
    ------
    InvalidValue
        If `source` is not one of :data:`SOURCES`.
    WrongType
        If `input` is not a path or text, or `mapping` is not a :class:`ConnectorMapping`.
    """
    if source not in _LOADERS:
        raise InvalidValue("source", source, f"one of {', '.join(SOURCES)}")
    if not isinstance(input, str | os.PathLike):
        raise WrongType("input", input, "a path, or for django-helpdesk a postgresql:// URL")
    if mapping is not None and not isinstance(mapping, ConnectorMapping):
        raise WrongType("mapping", mapping, "a ConnectorMapping of overrides, or None")
    module, name = _LOADERS[source]
    loader = getattr(importlib.import_module(module), name)
    result: ImportResult = loader(input, mapping=mapping)
    return result
