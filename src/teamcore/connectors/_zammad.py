"""Zammad: tickets, articles and ticket history from the REST API JSON.

The input is a folder of the API's responses saved as they came, or JSON lines:

==============================================  =====================================================================
file or folder                                  what it holds
==============================================  =====================================================================
``tickets*.json[l]``                            ``GET /api/v1/tickets?page=N&per_page=M`` pages (arrays of tickets;
                                                with ``expand=true`` the state and priority names are read too)
``ticket_articles*``, ``articles/<id>.json``    ``GET /api/v1/ticket_articles/by_ticket/{id}`` (arrays of articles)
``ticket_history*``, ``ticket_history/<id>``    ``GET /api/v1/ticket_history/{id}`` (``{"history": [...], ...}``)
==============================================  =====================================================================

Status changes come from the history's ``state`` entries, which carry both ends (``value_from``, ``value_to``).
Zammad has no *solved*: a ticket is closed and may be reopened. Each change to a state mapped to ``closed`` is
therefore loaded as a solve, and a ticket that is closed now also closes at its latest solve, so that a reopen of a
closed Zammad ticket stays a legal ``solved → open``. ``docs/connectors/zammad.md`` lists what is mapped and lost.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any, Final

from teamcore.connectors._canonical import vendor_metrics_frame
from teamcore.connectors._import_result import ImportResult
from teamcore.connectors._json_input import entity_files
from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping, normal_key
from teamcore.connectors._records import (
    ident,
    instant,
    minutes_between,
    number,
    optional_ident,
    optional_instant,
    records,
    scalar,
)
from teamcore.connectors._zammad_history import NOBODY, STATE_NAMES, Change, change_event, history, status_chain
from teamcore.exceptions import InvalidValue, ValidationError

__all__ = ["DEFAULT_MAPPING", "STATE_NAMES", "load_zammad"]

SOURCE: Final = "zammad"
_FLOOR: Final = dt.datetime.min.replace(tzinfo=dt.UTC)

DEFAULT_MAPPING: Final = ConnectorMapping(
    statuses={
        "new": "new",
        "open": "open",
        "pending reminder": "pending",
        "pending close": "pending",
        "closed": "closed",
        "merged": "closed",
    },
    priorities={"1 low": "low", "2 normal": "normal", "3 high": "high", 1: "low", 2: "normal", 3: "high"},
    # create_article_type_id of Zammad's default article types (db/seeds/ticket_article_types.rb).
    channels={
        1: "email",
        2: "sms",
        3: "chat",
        4: "fax",
        5: "phone",
        6: "social",
        7: "social",
        8: "social",
        9: "social",
        10: "note",
        11: "web",
        12: "social",
    },
    # Article senders by name (expanded) or by Zammad's default sender ids.
    roles={"agent": "agent", "customer": "customer", "system": "system", 1: "agent", 2: "customer", 3: "system"},
)
"""The default mapping: Zammad's default state names, priorities, article types and senders."""

_ENTITIES: Final = {
    "tickets": "tickets",
    "ticket_articles": "ticket_articles",
    "articles": "ticket_articles",
    "ticket_history": "ticket_history",
    "history": "ticket_history",
}


def load_zammad(input: str | os.PathLike[str], *, mapping: ConnectorMapping | None = None) -> ImportResult:
    """Read a Zammad REST API export (a folder of pages, or one file) into teamcore's tickets and events.

    Parameters
    ----------
    input
        A folder of ``tickets*``, ``ticket_articles*`` (or ``articles/<id>.json``) and ``ticket_history*`` (or
        ``ticket_history/<id>.json``) files, ``.json`` pages or ``.jsonl``; or one tickets file.
    mapping
        Overrides of :data:`DEFAULT_MAPPING` (``None``: the default).

    Returns
    -------
    ImportResult
        The canonical tickets and events, every source record accounted for, and Zammad's own first response and
        close times (business minutes of its SLA calendar) in :attr:`~ImportResult.vendor_metrics`.

    Raises
    ------
    LoadError
        If the input cannot be read, a ``.json`` file is not JSON, or a file's name names no entity.

    Examples
    --------
    >>> result = load_zammad("tests/connectors/data/zammad")
    >>> result.tickets.loaded, result.events.loaded
    (4, 16)
    """
    mapping = DEFAULT_MAPPING.with_overrides(mapping)
    ledger = Ledger(SOURCE, str(input))
    grouped: dict[str, list[tuple[str, Mapping[str, Any]]]] = {"tickets": [], "ticket_articles": [],
                                                                "ticket_history": []}  # fmt: skip
    for entity, file in entity_files(input, _ENTITIES):
        key = "history" if entity == "ticket_history" else None
        grouped[entity].extend(records(entity, file, ledger, key=key))
    tickets, skipped = _tickets(grouped["tickets"], mapping, ledger)
    changes = history(grouped["ticket_history"], tickets, skipped, ledger)
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    metrics: list[dict[str, Any]] = []
    for ticket_id, (entry, record, status) in tickets.items():
        try:
            ticket_metrics = _metrics(ticket_id, record)
            row, ticket_events = _ticket(
                ticket_id, record, status, changes=changes.get(ticket_id, []), mapping=mapping, ledger=ledger
            )
        except ValidationError as err:
            ledger.reject("tickets", entry, str(err), ticket_id=ticket_id, record=record)
            ledger.ignore("ticket_history", "belongs to a rejected ticket", len(changes.get(ticket_id, [])))
            skipped[ticket_id] = "rejected"
            continue
        ledger.used("tickets")
        rows.append(row)
        events.extend(ticket_events)
        metrics.extend(ticket_metrics)
    loaded = {row["ticket_id"] for row in rows}
    articles, read = _articles(grouped["ticket_articles"], loaded, skipped, mapping, ledger)
    events.extend(articles)
    for ticket_id, (_, record, _) in tickets.items():
        expected = record.get("article_count")
        if ticket_id in loaded and isinstance(expected, int) and read.get(ticket_id, 0) < expected:
            ledger.flag(
                ticket_id,
                "articles_missing",
                f"article_count is {expected} but {read.get(ticket_id, 0)} article(s) were read: replies may be "
                "missing, so the first reply may be later than in Zammad or absent",
            )
    return ledger.finish(rows, events, mapping, vendor_metrics=vendor_metrics_frame(metrics))


def _state_key(record: Mapping[str, Any]) -> str:
    """The ticket's state name: ``state`` when expanded, else the default name of ``state_id``, else its id."""
    name = record.get("state")
    if isinstance(name, str) and name.strip():
        return normal_key(name)
    state_id = record.get("state_id")
    if isinstance(state_id, int) and not isinstance(state_id, bool):
        return STATE_NAMES.get(state_id, str(state_id))
    raise InvalidValue("state_id", state_id, "a state id or an expanded state name")


def _tickets(
    items: list[tuple[str, Mapping[str, Any]]], mapping: ConnectorMapping, ledger: Ledger
) -> tuple[dict[str, tuple[str, Mapping[str, Any], str]], dict[str, str]]:
    """Tickets to load by id (with their teamcore status), and the ids left out with why (removed, rejected)."""
    latest: dict[str, tuple[dt.datetime, str, Mapping[str, Any]]] = {}
    for entry, record in items:
        try:
            ticket_id = ident(record, "id")
            updated = optional_instant(record, "updated_at") or _FLOOR
        except ValidationError as err:
            ledger.reject("tickets", entry, str(err), ticket_id=record.get("id"), record=record)
            continue
        before = latest.get(ticket_id)
        if before is not None:
            # Pages shift while paging (tickets created meanwhile): the copy updated last is the ticket.
            ledger.ignore("tickets", "an older copy of a ticket read twice (the latest updated_at is kept)")
            if updated < before[0]:
                continue
        latest[ticket_id] = (updated, entry, record)
    found: dict[str, tuple[str, Mapping[str, Any], str]] = {}
    skipped: dict[str, str] = {}
    for ticket_id, (_, entry, record) in latest.items():
        try:
            state = _state_key(record)
            status = None if state == "removed" else mapping.status(state, "state")
        except ValidationError as err:
            ledger.reject("tickets", entry, str(err), ticket_id=ticket_id, record=record)
            skipped[ticket_id] = "rejected"
            continue
        if status is None:
            ledger.ignore("tickets", "removed ticket (state 'removed')")
            skipped[ticket_id] = "removed"
            continue
        if state == "merged":
            ledger.flag(
                ticket_id,
                "merged",
                "merged into another ticket (state 'merged'): loaded as closed; its articles stay on this ticket",
            )
        found[ticket_id] = (entry, record, status)
    return found, skipped


def _ticket(
    ticket_id: str,
    record: Mapping[str, Any],
    status: str,
    *,
    changes: list[Change],
    mapping: ConnectorMapping,
    ledger: Ledger,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    created = instant(record, "created_at")
    priority_key = record.get("priority") if isinstance(record.get("priority"), str) else record.get("priority_id")
    owner = optional_ident(record, "owner_id")
    row = {
        "ticket_id": ticket_id,
        "created_at": created,
        "channel": mapping.channel(scalar(record, "create_article_type_id")),
        "priority": mapping.priority(priority_key, "priority_id"),
        "requester": optional_ident(record, "customer_id"),
        "assignee": None if owner == NOBODY else owner,
        "team": optional_ident(record, "group_id"),
        "status": status,
    }
    close_at = optional_instant(record, "close_at")
    updated_at = optional_instant(record, "updated_at")
    # The ticket is valid from here on: its history entries are accounted for one by one.
    events: list[dict[str, Any]] = []
    state_changes: list[tuple[dt.datetime, str | None, str, str | None]] = []
    for change in changes:
        try:
            event = change_event(ticket_id, change, mapping)
        except ValidationError as err:
            ledger.reject("ticket_history", change.entry, str(err), ticket_id=ticket_id, record=change.record)
            continue
        if event is None:
            ledger.ignore("ticket_history", "a state change within one teamcore status (such as two pending states)")
            continue
        ledger.used("ticket_history")
        if event["kind"] == "state":
            state_changes.append((event["at"], event["from_status"], event["to_status"], event["actor"]))
        else:
            events.append(event)
    fallback = (close_at if status == "closed" else None) or updated_at or created
    statuses, row["solved_at"], row["status"] = status_chain(ticket_id, status, state_changes, fallback, ledger)
    events.extend(statuses)
    # The requester is not a member: a change they made (a reopen by e-mail) has no actor, as the schema says.
    for event in events:
        if event["actor"] is not None and event["actor"] == row["requester"]:
            event["actor"] = None
    return row, events


def _metrics(ticket_id: str, record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Zammad's first response and first close: business minutes of its SLA calendar, and calendar minutes.

    The business values are Zammad's own (``*_in_min``, set only when an SLA applies); the calendar ones are the
    minutes from ``created_at`` to Zammad's own ``first_response_at`` and ``close_at`` instants.
    """
    created = instant(record, "created_at")
    rows = []
    for metric, minutes, at in (
        ("reply_time", "first_response_in_min", "first_response_at"),
        ("first_resolution_time", "close_in_min", "close_at"),
    ):
        rows += [
            {"ticket_id": ticket_id, "metric": metric, "basis": "business", "minutes": number(record, minutes),
             "source_field": minutes},
            {"ticket_id": ticket_id, "metric": metric, "basis": "calendar",
             "minutes": minutes_between(created, optional_instant(record, at)), "source_field": at},
        ]  # fmt: skip
    return rows


def _articles(
    items: list[tuple[str, Mapping[str, Any]]],
    loaded: set[str],
    skipped: Mapping[str, str],
    mapping: ConnectorMapping,
    ledger: Ledger,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Public agent articles as replies, internal ones as notes, and the articles read per ticket (any sender)."""
    events: list[dict[str, Any]] = []
    seen: set[str] = set()
    read: dict[str, int] = {}
    for entry, record in items:
        try:
            ticket_id = ident(record, "ticket_id")
            article_id = optional_ident(record, "id")
            sender = record.get("sender") if isinstance(record.get("sender"), str) else record.get("sender_id")
            role = mapping.role(sender, "sender")
            internal = record.get("internal", False)
            if not isinstance(internal, bool):
                raise InvalidValue("internal", internal, "true or false")
            at = instant(record, "created_at")
            author = optional_ident(record, "created_by_id")
        except ValidationError as err:
            ledger.reject("ticket_articles", entry, str(err), ticket_id=record.get("ticket_id"), record=record)
            continue
        if ticket_id in skipped:
            ledger.ignore("ticket_articles", f"belongs to a {skipped[ticket_id]} ticket")
            continue
        if ticket_id not in loaded:
            ledger.reject(
                "ticket_articles",
                entry,
                f"ticket_id: expected a ticket of the tickets files, got {record.get('ticket_id')!r}",
                ticket_id=ticket_id,
                record=record,
            )
            continue
        if article_id is not None and article_id in seen:
            ledger.ignore("ticket_articles", "an article read twice")
            continue
        if article_id is not None:
            seen.add(article_id)
        read[ticket_id] = read.get(ticket_id, 0) + 1
        if role != "agent":
            ledger.ignore("ticket_articles", f"{role} article, not a reply")
            continue
        ledger.used("ticket_articles")
        events.append({"ticket_id": ticket_id, "at": at, "kind": "note" if internal else "reply", "actor": author})
    return events, read
