"""Zendesk: the Incremental Export API's tickets and ticket events as teamcore's tickets and events.

:func:`load_zendesk` reads a folder (or one file) of Zendesk API JSON: paged ``.json`` files as the APIs return
them, or ``.jsonl`` files with one record a line (see :mod:`teamcore.connectors._zendesk_read`). The rules below run
as polars expressions over whole frames, the same for both forms: the per-ticket records' in
:mod:`teamcore.connectors._zendesk_tickets`, the audits' in :mod:`teamcore.connectors._zendesk_events`.

Tickets
    The incremental export repeats a ticket each time it changes: the latest version (by ``updated_at``, then
    ``generated_timestamp``, then position in the export) is kept and every earlier one is ignored as *superseded*,
    so reading a folder with a later export appended gives the same result. A ticket whose latest version has
    ``status: "deleted"`` is ignored with its events, metrics, metric events and ratings. A ticket closed with the
    ``closed_by_merge`` tag is flagged ``merged``. A null priority becomes ``normal`` (flag ``priority_default``).
Events (the audits' ``child_events``)
    ``Change`` of ``status`` → a ``status`` event from ``previous_value`` to ``value`` (a null ``previous_value``
    is the status before, or ``new``); ``Create`` of ``status`` other than ``new`` → a change from ``new``. A
    change straight to ``closed`` from an unsolved status is recorded as a solve and a close at the same instant
    (flag ``closed_without_solve``), as teamcore's state table has no such change. A public ``Comment`` by an agent →
    ``reply``; a private one → ``note``; a comment by the customer is a customer message, not a reply, and is
    ignored with that reason. ``assignee_id`` → ``assign``; a ``Change`` of ``priority`` → ``priority``. Any other
    child event (tags, notifications, custom fields, groups, SLA, satisfaction…) is ignored with its reason counted.
Who wrote a comment
    With ``users`` in the export, the author's ``role`` decides (``end-user`` → customer, ``agent``/``admin`` →
    agent). Without it, or for an author the users do not list, the ticket's requester is the customer, Zendesk's
    system user ``-1`` is the system, and anyone else is an agent.
Integrity
    Audits of one ticket out of time order in the export are sorted (flag ``out_of_order``); an audit repeated (the
    same id) is ignored; ``solved_at`` from Ticket Metrics that differs from the latest solve in the events is
    flagged ``solved_at_disagrees`` (teamcore keeps the events' instant); a ticket whose status differs from its
    last status event is flagged ``status_disagrees``.
Vendor metrics
    Ticket Metrics' ``*_in_minutes`` values (calendar and business) become :attr:`ImportResult.vendor_metrics`;
    Ticket Metric Events become :attr:`ImportResult.vendor_events`.
"""

from __future__ import annotations

import os
from typing import Final

import attrs
import polars as pl

from teamcore.connectors._canonical import EVENT_SCHEMA, TICKET_SCHEMA
from teamcore.connectors._import_result import ImportResult
from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.connectors._zendesk_events import canonical_events
from teamcore.connectors._zendesk_job import Job
from teamcore.connectors._zendesk_read import ENTITIES, read_export
from teamcore.connectors._zendesk_tickets import (
    answered_ratings,
    kept_tickets,
    latest_metrics,
    metric_events,
    solves,
    user_roles,
    vendor_minutes,
)

__all__ = ["DEFAULT_MAPPING", "MAX_BYTES", "load_zendesk"]

DEFAULT_MAPPING: Final = ConnectorMapping(
    statuses={
        "new": "new",
        "open": "open",
        "pending": "pending",
        "hold": "on_hold",
        "on-hold": "on_hold",
        "solved": "solved",
        "closed": "closed",
    },
    priorities={"low": "low", "normal": "normal", "high": "high", "urgent": "urgent"},
    channels={
        "voice": "phone",
        "twitter": "social",
        "facebook": "social",
        "instagram_dm": "social",
        "native_messaging": "chat",
        "web_widget": "web",
        "mobile_sdk": "web",
    },
    roles={"end-user": "customer", "agent": "agent", "admin": "agent"},
)
"""Zendesk's values → teamcore's: statuses one to one (``hold`` → ``on_hold``), the four priorities, a few channels
of ``via.channel`` (any other channel is kept as Zendesk names it) and the user roles."""

MAX_BYTES: Final = 8 * 1024**3
"""The largest file read (8 GiB): a bound on memory, not on the number of tickets."""


def load_zendesk(
    input: str | os.PathLike[str], *, mapping: ConnectorMapping | None = None, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Read a Zendesk export (paged API JSON or JSON lines) into teamcore's tickets and events.

    Parameters
    ----------
    input
        A folder of ``.json`` pages and/or ``.jsonl`` files, or one such file.
    mapping
        Overrides of :data:`DEFAULT_MAPPING` (``None``: the default).
    max_bytes
        The largest file read.

    Returns
    -------
    ImportResult
        The canonical tables, the account of every record of each entity, flags, the mapping used, and the
        vendor's metrics (:attr:`~ImportResult.vendor_metrics`) and metric events (``vendor_events``).

    Raises
    ------
    LoadError
        If the input cannot be read, or a file is not a Zendesk page or is not named for its entity.

    Examples
    --------
    >>> result = load_zendesk("tests/connectors/data/zendesk/jsonl")
    >>> result
    ImportResult(source='zendesk', tickets=7, events=..., rejected=0, flags=...)
    >>> sorted({f.code for f in result.flags})
    ['closed_without_solve', 'merged', 'out_of_order', 'priority_default', 'solved_at_disagrees']
    """
    used = DEFAULT_MAPPING.with_overrides(mapping)
    raw = read_export(input, max_bytes=max_bytes)
    ledger = Ledger("zendesk", str(input))
    for entity in ENTITIES:
        ledger.seen(entity, raw.frames[entity].height + sum(r.entity == entity for r in raw.rejects))
    for r in raw.rejects:
        ledger.reject(r.entity, r.entry, r.reason)
    ledger.seen("child_events", 0)  # accounted after ticket_events, before the canonical rows
    job = Job(raw, used, ledger)
    users = user_roles(job)
    tickets = kept_tickets(job)
    ratings = answered_ratings(job)
    tickets = tickets.join(ratings, on="ticket_id", how="left").with_columns(
        pl.coalesce("rated", "satisfaction").alias("satisfaction")
    )
    events = canonical_events(job, tickets, users)
    metrics = latest_metrics(job)
    tickets = solves(job, tickets, events, metrics)
    vendor_events = metric_events(job)
    result = ledger.finish(
        tickets.select(list(TICKET_SCHEMA)).cast(pl.Schema(TICKET_SCHEMA)),
        events.select(list(EVENT_SCHEMA)).cast(pl.Schema(EVENT_SCHEMA)),
        used,
        vendor_metrics=vendor_minutes(metrics),
    )
    return attrs.evolve(result, vendor_events=vendor_events)
