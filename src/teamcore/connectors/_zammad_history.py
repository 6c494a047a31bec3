"""Zammad's ticket history as teamcore events: state changes chained from ``new``, priority and owner changes.

``GET /api/v1/ticket_history/{id}`` returns every change of a ticket (``History.list``): entries with ``object``,
``type`` (``created``, ``updated``, ``notification``…), ``attribute`` (``state``, ``priority``, ``owner``…),
``value_from``/``value_to``, ``id_from``/``id_to``, ``created_at`` and ``created_by_id``. :func:`history` keeps the
``state``, ``priority`` and ``owner`` updates of each ticket in time order and counts every other entry as ignored,
by kind; :func:`status_chain` turns the state changes into teamcore status changes that the state table allows.

Zammad has no *solved*: each change to a state mapped to ``closed`` is a change to ``solved``, and a ticket closed
now also goes ``solved → closed`` at its latest close, so a reopen of a closed Zammad ticket is a legal
``solved → open``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

import attrs

from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping, normal_key
from teamcore.connectors._records import ident, instant, optional_ident
from teamcore.exceptions import InvalidValue, ValidationError

__all__ = ["NOBODY", "STATE_NAMES", "Change", "change_event", "history", "status_chain"]

STATE_NAMES: Final[Mapping[int, str]] = {
    1: "new",
    2: "open",
    3: "pending reminder",
    4: "closed",
    5: "merged",
    6: "removed",
    7: "pending close",
}
"""Zammad's default ticket states by ``state_id`` (``db/seeds/ticket_states.rb``), for exports without names."""

NOBODY: Final = "1"
"""Zammad's user 1 is the system user ``-``: an owner of 1 means unassigned, an actor of 1 a trigger."""


@attrs.frozen
class Change:
    """One state, priority or owner change of a ticket, with its place in the export."""

    at: dt.datetime
    order: int
    attribute: str
    entry: str
    record: Mapping[str, Any] = attrs.field(eq=False, repr=False)


def history(
    items: list[tuple[str, Mapping[str, Any]]],
    tickets: Mapping[str, Any],
    skipped: Mapping[str, str],
    ledger: Ledger,
) -> dict[str, list[Change]]:
    """The state, priority and owner changes per ticket, in time order; every other entry counted as ignored."""
    changes: dict[str, list[Change]] = {}
    for order, (entry, record) in enumerate(items):
        try:
            kind = record.get("type", record.get("history_type"))
            obj = record.get("object")
            if obj != "Ticket":
                ledger.ignore("ticket_history", f"history of {obj!r} (articles come from the ticket_articles files)")
                continue
            ticket_id = ident(record, "o_id")
            if kind != "updated":
                ledger.ignore("ticket_history", f"history type {kind!r}, not a change of a field")
                continue
            attribute = record.get("attribute")
            if not isinstance(attribute, str) or attribute not in {"state", "priority", "owner"}:
                ledger.ignore("ticket_history", f"change of {attribute!r}, not read by the KPIs")
                continue
            at = instant(record, "created_at")
        except ValidationError as err:
            ledger.reject("ticket_history", entry, str(err), record=record)
            continue
        if ticket_id in skipped:
            ledger.ignore("ticket_history", f"belongs to a {skipped[ticket_id]} ticket")
            continue
        if ticket_id not in tickets:
            ledger.reject(
                "ticket_history",
                entry,
                f"o_id: expected a ticket of the tickets files, got {record.get('o_id')!r}",
                ticket_id=ticket_id,
                record=record,
            )
            continue
        changes.setdefault(ticket_id, []).append(Change(at, order, str(attribute), entry, record))
    for ticket_id, found in changes.items():
        ordered = sorted(found, key=lambda c: (c.at, c.order))
        if ordered != found:
            ledger.flag(ticket_id, "out_of_order", "history entries were not in time order in the file: sorted")
        changes[ticket_id] = ordered
    return changes


def change_event(ticket_id: str, change: Change, mapping: ConnectorMapping) -> dict[str, Any] | None:
    """One history change as an event (a ``state`` change still to be chained), ``None`` if it changes nothing."""
    record = change.record
    actor = optional_ident(record, "created_by_id")
    base = {"ticket_id": ticket_id, "at": change.at, "actor": None if actor == NOBODY else actor}
    if change.attribute == "owner":
        owner = optional_ident(record, "id_to")
        return {**base, "kind": "assign", "value": None if owner == NOBODY else owner}
    if change.attribute == "priority":
        value = record.get("value_to") if record.get("value_to") is not None else record.get("id_to")
        return {**base, "kind": "priority", "value": mapping.priority(value, "value_to")}
    before = state_value(record, "value_from", "id_from", mapping)
    after = state_value(record, "value_to", "id_to", mapping)
    if after is None:
        raise InvalidValue("value_to", record.get("value_to"), "a state with a teamcore status (not 'removed')")
    if before == after:
        return None
    return {**base, "kind": "state", "from_status": before, "to_status": after}


def state_value(record: Mapping[str, Any], name: str, id_name: str, mapping: ConnectorMapping) -> str | None:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        state_id = record.get(id_name)
        if isinstance(state_id, int) and not isinstance(state_id, bool):
            value = STATE_NAMES.get(state_id, str(state_id))
    key = normal_key(value) if value is not None else None
    if key == "removed":
        return None
    return mapping.status(value, name)


def status_chain(
    ticket_id: str,
    status: str,
    changes: list[tuple[dt.datetime, str | None, str, str | None]],
    fallback: dt.datetime,
    ledger: Ledger,
) -> tuple[list[dict[str, Any]], dt.datetime | None, str]:
    """Status events from ``new``, each change to ``closed`` loaded as a solve, ``solved_at`` and the status.

    A change back to ``new`` (Zammad allows it) is loaded as ``open``, flagged: teamcore's tickets never return to
    ``new``, and the requester waits in both. A ticket that is ``new`` again is then ``open``.

    `fallback` places the change to the ticket's status when the history lacks it (its ``close_at`` or
    ``updated_at``).
    """
    out: list[tuple[dt.datetime, str, str, str | None]] = []
    current, source_state, gap = "new", "new", False
    for at, before, after, actor in changes:
        if before != source_state and not gap:
            gap = True
            ledger.flag(
                ticket_id,
                "history_gap",
                f"a state change from {before!r} follows one to {source_state!r}: the history misses entries; "
                "each change is chained from the state before it",
            )
        target = "solved" if after == "closed" else after
        if target == "new" and current != "new":
            # teamcore has no way back to new; the requester waits in new and open alike
            ledger.flag(ticket_id, "back_to_new", f"set back to new at {at.isoformat()}: loaded as open")
            target = "open"
        if target != current:
            out.append((at, current, target, actor))
        current, source_state = target, after
    final = "solved" if status == "closed" else status
    if final == "new" and current != "new":
        ledger.flag(ticket_id, "back_to_new", "the ticket is new again after its history left new: loaded as open")
        final = status = "open"
    if current != final:
        at = max(fallback, out[-1][0]) if out else fallback
        code, what = (
            ("history_disagrees", f"the history ends in {source_state!r}")
            if changes
            else ("no_history", "no state history")
        )
        ledger.flag(
            ticket_id, code, f"{what} but the ticket is {status!r}: the change to it is placed at {at.isoformat()}"
        )
        out.append((at, current, final, None))
    if status == "closed":
        out.append((out[-1][0], "solved", "closed", None))
    events = [
        {"ticket_id": ticket_id, "at": at, "kind": "status", "actor": actor, "from_status": a, "to_status": b}
        for at, a, b, actor in out
    ]
    solved = [at for at, _, b, _ in out if b == "solved"]
    return events, solved[-1] if solved and status in {"solved", "closed"} else None, status
