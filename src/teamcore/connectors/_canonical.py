"""The canonical frames adapters build: teamcore's tickets, events and vendor-metrics columns, and source instants.

An adapter's rows become polars frames with exactly the columns and dtypes :func:`teamcore.kpi.load_tickets` and
:func:`teamcore.kpi.load_events` read (:data:`TICKET_SCHEMA`, :data:`EVENT_SCHEMA`), and the source's own metric
values the frame of :data:`VENDOR_METRIC_SCHEMA`. Source instants are read by :func:`iso_instant`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

import polars as pl

from teamcore.exceptions import InvalidValue, WrongType

__all__ = [
    "EVENT_SCHEMA",
    "TICKET_SCHEMA",
    "VENDOR_METRIC_SCHEMA",
    "canonical_frame",
    "iso_instant",
    "vendor_metrics_frame",
]

_UTC = pl.Datetime("us", "UTC")
TICKET_SCHEMA: Final[dict[str, Any]] = {
    "ticket_id": pl.String,
    "created_at": _UTC,
    "channel": pl.String,
    "priority": pl.String,
    "requester": pl.String,
    "assignee": pl.String,
    "team": pl.String,
    "status": pl.String,
    "solved_at": _UTC,
    "satisfaction": pl.String,
    "csat_score": pl.Int64,
    "handle_seconds": pl.Int64,
    "topic": pl.String,
}
EVENT_SCHEMA: Final[dict[str, Any]] = {
    "ticket_id": pl.String,
    "at": _UTC,
    "kind": pl.String,
    "actor": pl.String,
    "from_status": pl.String,
    "to_status": pl.String,
    "value": pl.String,
}


def canonical_frame(rows: Iterable[Mapping[str, Any]], schema: Mapping[str, Any]) -> pl.DataFrame:
    """Rows (dicts whose datetimes are aware) as a polars frame with the canonical columns and dtypes."""
    columns: dict[str, list[Any]] = {name: [] for name in schema}
    for row in rows:
        for name, values in columns.items():
            values.append(row.get(name))
    return pl.DataFrame(columns, schema=dict(schema))


VENDOR_METRIC_SCHEMA: Final[dict[str, Any]] = {
    "ticket_id": pl.String,
    "metric": pl.String,
    "basis": pl.String,
    "minutes": pl.Float64,
    "source_field": pl.String,
}
"""The columns of :attr:`ImportResult.vendor_metrics`: one row per ticket × metric × basis."""


def vendor_metrics_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """The source's own metric values as the :attr:`ImportResult.vendor_metrics` frame.

    Each row has ``ticket_id``, ``metric`` (``reply_time``, ``first_resolution_time``, ``full_resolution_time``,
    ``requester_wait_time``, ``agent_wait_time``, ``on_hold_time``), ``basis`` (``calendar`` or ``business``),
    ``minutes`` (``None`` when the source gives none) and ``source_field`` (the source's own field name).
    """
    return canonical_frame(rows, VENDOR_METRIC_SCHEMA)


def iso_instant(value: object, field: str) -> dt.datetime:
    """An ISO 8601 instant with an offset or ``Z`` (as every helpdesk API gives them), as an aware UTC datetime.

    Raises
    ------
    WrongType
        If `value` is not text.
    InvalidValue
        If it is not an ISO instant with an offset, naming `field` and the value.
    """
    if not isinstance(value, str):
        raise WrongType(field, value, "an ISO 8601 instant with a UTC offset, such as '2026-11-02T09:00:00Z'")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidValue(field, value, "an ISO 8601 instant with a UTC offset, such as '2026-11-02T09:00:00Z'")
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidValue(field, value, "an instant between years 1 and 9999 in UTC") from None
