"""Freshdesk: tickets, conversations, time entries and satisfaction ratings from the v2 API JSON.

The input is a folder of the API's responses saved as they came (Freshdesk pages with a ``link`` header, not in
the body, so each page is its own file), or JSON lines with one record per line:

=========================  ==========================================================================================
file or folder             what it holds
=========================  ==========================================================================================
``tickets*.json[l]``       ``GET /api/v2/tickets?include=stats`` pages (bare arrays of tickets)
``conversations*``         ``GET /api/v2/tickets/[id]/conversations`` pages; also ``conversations/<ticket_id>.json``
``time_entries*``          ``GET /api/v2/time_entries`` pages
``satisfaction_ratings*``  ``GET /api/v2/surveys/satisfaction_ratings`` pages
``agents*``                ``GET /api/v2/agents`` pages (optional: who counts as an agent)
=========================  ==========================================================================================

Freshdesk keeps no status history in these endpoints: status changes are rebuilt from the ticket's ``stats``
(:mod:`teamcore.connectors._freshdesk_status`). ``docs/connectors/freshdesk.md`` lists what is mapped and lost.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from teamcore.connectors._canonical import vendor_metrics_frame
from teamcore.connectors._freshdesk_status import Stats, rebuild
from teamcore.connectors._import_result import ImportResult
from teamcore.connectors._json_input import entity_files
from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.connectors._records import (
    boolean,
    ident,
    instant,
    minutes_between,
    optional_ident,
    optional_instant,
    records,
    scalar,
    table,
)
from teamcore.exceptions import InvalidValue, ValidationError, WrongType

__all__ = ["CSAT_SCORES", "DEFAULT_MAPPING", "load_freshdesk"]

SOURCE: Final = "freshdesk"

DEFAULT_MAPPING: Final = ConnectorMapping(
    # Freshdesk's built-in statuses; custom statuses (ids from 8) need an override.
    statuses={2: "open", 3: "pending", 4: "solved", 5: "closed", 6: "pending", 7: "on_hold"},
    priorities={1: "low", 2: "normal", 3: "high", 4: "urgent"},
    # Ticket sources: 1 Email, 2 Portal, 3 Phone, 4 Forum, 5 Twitter, 6 Facebook, 7 Chat, 8 MobiHelp,
    # 9 Feedback widget, 10 Outbound email.
    channels={
        1: "email",
        2: "web",
        3: "phone",
        4: "web",
        5: "social",
        6: "social",
        7: "chat",
        8: "web",
        9: "web",
        10: "email",
    },
    # A conversation is "incoming" (from the customer) or "outgoing" (from an agent): its `incoming` flag.
    roles={"incoming": "customer", "outgoing": "agent"},
)
"""The default mapping: Freshdesk's status, priority and source codes, and the roles of conversations."""

CSAT_SCORES: Final[Mapping[int, int]] = {103: 5, 102: 4, 101: 4, 100: 3, -101: 2, -102: 2, -103: 1}
"""Freshdesk's survey answers (``ratings.default_question``) on teamcore's 1–5 CSAT scale.

Freshdesk codes a 3-point survey as 103/100/-103, a 5-point one as 103/102/100/-102/-103 and a 7-point one with
all seven codes (103 "extremely happy" … -103 "extremely unhappy"). Positive answers are ``good``, negative ones
``bad``, 100 (neutral) neither."""

_ENTITIES: Final = {
    "tickets": "tickets",
    "conversations": "conversations",
    "time_entries": "time_entries",
    "satisfaction_ratings": "satisfaction_ratings",
    "agents": "agents",
}
_TIME_SPENT: Final = re.compile(r"^(\d{1,6}):([0-5]\d)$")
_FLOOR: Final = dt.datetime.min.replace(tzinfo=dt.UTC)


@attrs.frozen
class _Ticket:
    id: str
    entry: str
    updated_at: dt.datetime | None
    record: Mapping[str, Any] = attrs.field(eq=False, repr=False)


def load_freshdesk(input: str | os.PathLike[str], *, mapping: ConnectorMapping | None = None) -> ImportResult:
    """Read a Freshdesk v2 API export (a folder of pages, or one file) into teamcore's tickets and events.

    Parameters
    ----------
    input
        A folder of ``tickets*``, ``conversations*`` (or ``conversations/<id>.json``), ``time_entries*``,
        ``satisfaction_ratings*`` and ``agents*`` files (``.json`` pages or ``.jsonl``), or one tickets file.
    mapping
        Overrides of :data:`DEFAULT_MAPPING` (``None``: the default).

    Returns
    -------
    ImportResult
        The canonical tickets and events, every source record accounted for, and Freshdesk's own first-response
        and resolution times (calendar minutes from ``stats``) in :attr:`~ImportResult.vendor_metrics`.

    Raises
    ------
    LoadError
        If the input cannot be read, a ``.json`` file is not JSON, or a file's name names no entity.

    Examples
    --------
    >>> result = load_freshdesk("tests/connectors/data/freshdesk")
    >>> result.tickets.loaded, result.events.loaded
    (5, 19)
    """
    mapping = DEFAULT_MAPPING.with_overrides(mapping)
    ledger = Ledger(SOURCE, str(input))
    grouped: dict[str, list[tuple[str, Mapping[str, Any]]]] = {name: [] for name in _ENTITIES.values()}
    for entity, file in entity_files(input, _ENTITIES):
        stem = file.stem if file.parent.name == "conversations" else None
        for entry, record in records(entity, file, ledger):
            if stem is not None and "ticket_id" not in record:
                record = {**record, "ticket_id": stem}  # noqa: PLW2901 - per-ticket files name their ticket
            grouped[entity].append((entry, record))
    agents = _agents(grouped["agents"], ledger)
    tickets, skipped = _tickets(grouped["tickets"], ledger)
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    metrics: list[dict[str, Any]] = []
    known: set[str] = set()
    for ticket in tickets:
        try:
            row, ticket_events, row_metrics = _ticket_rows(ticket, mapping, ledger)
        except ValidationError as err:
            ledger.reject("tickets", ticket.entry, str(err), ticket_id=ticket.id, record=ticket.record)
            skipped[ticket.id] = "rejected"
            continue
        ledger.used("tickets")
        known.add(ticket.id)
        rows.append(row)
        events.extend(ticket_events)
        metrics.extend(row_metrics)
    events.extend(
        _conversations(
            grouped["conversations"], known=known, skipped=skipped, agents=agents, mapping=mapping, ledger=ledger
        )
    )
    handle = _time_entries(grouped["time_entries"], known, skipped, ledger)
    ratings = _ratings(grouped["satisfaction_ratings"], known, skipped, ledger)
    for row in rows:
        row["handle_seconds"] = handle.get(row["ticket_id"])
        row["csat_score"], row["satisfaction"] = ratings.get(row["ticket_id"], (None, None))
    return ledger.finish(rows, events, mapping, vendor_metrics=vendor_metrics_frame(metrics))


def _agents(items: list[tuple[str, Mapping[str, Any]]], ledger: Ledger) -> frozenset[str] | None:
    """The agent ids of the agents files, or ``None`` when there are none (roles then come from `incoming`)."""
    found: set[str] = set()
    for entry, record in items:
        try:
            found.add(ident(record, "id"))
        except ValidationError as err:
            ledger.reject("agents", entry, str(err), record=record)
            continue
        ledger.used("agents")
    return frozenset(found) if items else None


def _tickets(items: list[tuple[str, Mapping[str, Any]]], ledger: Ledger) -> tuple[list[_Ticket], dict[str, str]]:
    """The tickets to load (the latest copy of each), and the ids left out with why (deleted, spam)."""
    latest: dict[str, _Ticket] = {}
    for entry, record in items:
        try:
            ticket = _Ticket(ident(record, "id"), entry, optional_instant(record, "updated_at"), record)
        except ValidationError as err:
            ledger.reject("tickets", entry, str(err), ticket_id=record.get("id"), record=record)
            continue
        before = latest.get(ticket.id)
        if before is None:
            latest[ticket.id] = ticket
            continue
        # Paging by updated_since can return a ticket twice; the copy updated last is the ticket.
        ledger.ignore("tickets", "an older copy of a ticket read twice (the latest updated_at is kept)")
        if (ticket.updated_at or _FLOOR) >= (before.updated_at or _FLOOR):
            latest[ticket.id] = ticket
    kept: list[_Ticket] = []
    skipped: dict[str, str] = {}
    for ticket in latest.values():
        try:
            deleted, spam = boolean(ticket.record, "deleted"), boolean(ticket.record, "spam")
        except ValidationError as err:
            ledger.reject("tickets", ticket.entry, str(err), ticket_id=ticket.id, record=ticket.record)
            skipped[ticket.id] = "rejected"
            continue
        if deleted or spam:
            why = "deleted" if deleted else "spam"
            ledger.ignore("tickets", f"{why} ticket ({why}: true)")
            skipped[ticket.id] = why
            continue
        kept.append(ticket)
    return kept, skipped


def _ticket_rows(
    ticket: _Ticket, mapping: ConnectorMapping, ledger: Ledger
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    record = ticket.record
    created = instant(record, "created_at")
    status = mapping.status(record.get("status"), "status")
    priority = mapping.priority(record.get("priority"), "priority")
    stats_record = table(record, "stats")
    stats = Stats(
        **{name: optional_instant(stats_record, name) for name in attrs.fields_dict(Stats)},
    )
    association = record.get("association_type")
    if association is not None and (isinstance(association, bool) or not isinstance(association, int)):
        raise WrongType("association_type", association, "a whole number (1 parent … 4 related) or null")
    timeline = rebuild(created, status, stats)
    for code, reason in timeline.flags:
        ledger.flag(ticket.id, code, reason)
    if association is not None and status == "closed":
        ledger.flag(
            ticket.id,
            "merged",
            f"closed with association_type {association}: Freshdesk closes the secondary tickets of a merge and "
            "its API does not say which; loaded as an ordinary closed ticket",
        )
    row = {
        "ticket_id": ticket.id,
        "created_at": created,
        "channel": mapping.channel(scalar(record, "source")),
        "priority": priority,
        "requester": optional_ident(record, "requester_id"),
        "assignee": optional_ident(record, "responder_id"),
        "team": optional_ident(record, "group_id"),
        "status": status,
        "solved_at": timeline.solved_at,
    }
    events = [
        {"ticket_id": ticket.id, "at": at, "kind": "status", "from_status": before, "to_status": after}
        for at, before, after in timeline.changes
    ]
    solved_now = status in {"solved", "closed"}
    metrics = [
        _metric(ticket.id, "reply_time", created, stats.first_responded_at, "stats.first_responded_at"),
        _metric(
            ticket.id, "full_resolution_time", created, stats.resolved_at if solved_now else None, "stats.resolved_at"
        ),
    ]
    return row, events, metrics


def _metric(ticket_id: str, metric: str, start: dt.datetime, end: dt.datetime | None, field: str) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id,
        "metric": metric,
        "basis": "calendar",
        "minutes": minutes_between(start, end),
        "source_field": field,
    }


def _parent(
    entity: str,
    entry: str,
    record: Mapping[str, Any],
    *,
    known: set[str],
    skipped: Mapping[str, str],
    ledger: Ledger,
) -> str | None:
    """The ticket a child record belongs to if it was loaded; else the record is ignored or rejected here."""
    try:
        ticket_id = ident(record, "ticket_id")
    except ValidationError as err:
        ledger.reject(entity, entry, str(err), record=record)
        return None
    if ticket_id in known:
        return ticket_id
    if ticket_id in skipped:
        ledger.ignore(entity, f"belongs to a {skipped[ticket_id]} ticket")
        return None
    ledger.reject(
        entity,
        entry,
        f"ticket_id: expected a ticket of the tickets files, got {record.get('ticket_id')!r}",
        ticket_id=ticket_id,
        record=record,
    )
    return None


def _conversations(
    items: list[tuple[str, Mapping[str, Any]]],
    *,
    known: set[str],
    skipped: Mapping[str, str],
    agents: frozenset[str] | None,
    mapping: ConnectorMapping,
    ledger: Ledger,
) -> list[dict[str, Any]]:
    """Agent replies and private notes as events; customer messages are counted, not replies."""
    events: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry, record in items:
        ticket_id = _parent("conversations", entry, record, known=known, skipped=skipped, ledger=ledger)
        if ticket_id is None:
            continue
        try:
            conversation_id = optional_ident(record, "id")
            at = instant(record, "created_at")
            incoming, private = boolean(record, "incoming"), boolean(record, "private")
            author = optional_ident(record, "user_id")
            role = mapping.role("incoming" if incoming else "outgoing", "incoming")
        except ValidationError as err:
            ledger.reject("conversations", entry, str(err), ticket_id=ticket_id, record=record)
            continue
        if conversation_id is not None and conversation_id in seen:
            ledger.ignore("conversations", "a conversation read twice")
            continue
        if conversation_id is not None:
            seen.add(conversation_id)
        if role == "agent" and agents is not None and author not in agents:
            role = "customer"
        if role != "agent":
            reason = "customer message (incoming: true), not a reply" if incoming else "not written by an agent"
            ledger.ignore("conversations", reason)
            continue
        ledger.used("conversations")
        kind = "note" if private else "reply"
        events.append({"ticket_id": ticket_id, "at": at, "kind": kind, "actor": author})
    return events


def _time_entries(
    items: list[tuple[str, Mapping[str, Any]]], known: set[str], skipped: Mapping[str, str], ledger: Ledger
) -> dict[str, int]:
    """Seconds logged per ticket: the sum of its entries' ``time_spent`` ("hh:mm"), billable or not."""
    total: dict[str, int] = {}
    for entry, record in items:
        ticket_id = _parent("time_entries", entry, record, known=known, skipped=skipped, ledger=ledger)
        if ticket_id is None:
            continue
        try:
            seconds = _time_spent(record.get("time_spent"))
            running = boolean(record, "timer_running")
        except ValidationError as err:
            ledger.reject("time_entries", entry, str(err), ticket_id=ticket_id, record=record)
            continue
        if running:
            ledger.flag(ticket_id, "timer_running", "a time entry's timer was still running: its time_spent grows")
        ledger.used("time_entries")
        total[ticket_id] = total.get(ticket_id, 0) + seconds
    return total


def _time_spent(value: object) -> int:
    if not isinstance(value, str):
        raise WrongType("time_spent", value, "a duration 'hh:mm'")
    match = _TIME_SPENT.match(value.strip())
    if match is None:
        raise InvalidValue("time_spent", value, "a duration 'hh:mm'")
    return int(match[1]) * 3600 + int(match[2]) * 60


def _ratings(
    items: list[tuple[str, Mapping[str, Any]]], known: set[str], skipped: Mapping[str, str], ledger: Ledger
) -> dict[str, tuple[int, str | None]]:
    """Per ticket, the CSAT score and good/bad of its latest rating (:data:`CSAT_SCORES`)."""
    answers: dict[str, list[tuple[dt.datetime, int]]] = {}
    for entry, record in items:
        ticket_id = _parent("satisfaction_ratings", entry, record, known=known, skipped=skipped, ledger=ledger)
        if ticket_id is None:
            continue
        try:
            at = instant(record, "created_at")
            answer = table(record, "ratings").get("default_question")
            if isinstance(answer, bool) or not isinstance(answer, int) or answer not in CSAT_SCORES:
                codes = ", ".join(str(c) for c in CSAT_SCORES)
                raise InvalidValue("ratings.default_question", answer, f"a Freshdesk rating code ({codes})")
        except ValidationError as err:
            ledger.reject("satisfaction_ratings", entry, str(err), ticket_id=ticket_id, record=record)
            continue
        answers.setdefault(ticket_id, []).append((at, answer))
    scores: dict[str, tuple[int, str | None]] = {}
    for ticket_id, given in answers.items():
        # A ticket rated twice (a reopen, a second survey): the latest answer is the ticket's.
        _, answer = max(given)
        ledger.used("satisfaction_ratings")
        if len(given) > 1:
            ledger.ignore(
                "satisfaction_ratings", "an earlier rating of a ticket rated again (the latest is kept)", len(given) - 1
            )
        scores[ticket_id] = (CSAT_SCORES[answer], "good" if answer > 100 else "bad" if answer < 0 else None)
    return scores
