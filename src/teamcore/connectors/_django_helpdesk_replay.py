"""Replaying one django-helpdesk ticket's follow-ups into canonical events (the rules are in the adapter's module).

A :class:`Replay` walks the follow-ups in ``(date, id)`` order, keeping the teamcore status reached so far: it
emits status events with both ends, replies and notes, priority and assignment events from the ticket changes,
adds a solve before a close without one, drops a close that a reopen undoes, and flags each doubt once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set
from typing import Any, Final

from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping, normal_key
from teamcore.exceptions import InvalidValue, ValidationError
from teamcore.kpi import TICKET_TRANSITIONS, UNSOLVED

__all__ = ["DUPLICATE_STATUS", "Replay"]

DUPLICATE_STATUS: Final = 5
"""django-helpdesk's ``Ticket.DUPLICATE_STATUS``: a ticket closed as a duplicate of another, flagged ``merged``."""

_UNASSIGNED: Final = frozenset({"", "unassigned", "none"})
"""``Owner`` values that mean nobody: django-helpdesk writes ``Unassigned``; an empty or ``None`` value, the same."""


class Replay:
    """One ticket's follow-ups, in order, as canonical events (see the module's rules)."""

    def __init__(
        self,
        ledger: Ledger,
        mapping: ConnectorMapping,
        usernames: Set[str],
        ticket: dict[str, Any],
        changes: Mapping[int, list[dict[str, Any]]],
    ) -> None:
        self.ledger = ledger
        self.mapping = mapping
        self.usernames = usernames
        self.ticket = ticket
        self.changes = changes
        self.id = str(ticket["id"])
        self.state = "new"
        self.events: list[dict[str, Any]] = []
        self.flagged: set[str] = set()
        self.channel: str | None = None
        self.seconds: int | None = None

    def _flag(self, code: str, reason: str) -> None:
        if code not in self.flagged:
            self.flagged.add(code)
            self.ledger.flag(self.id, code, reason)

    def _event(self, at: dt.datetime, kind: str, actor: str | None = None, **values: str | None) -> None:
        self.events.append({"ticket_id": self.id, "at": at, "kind": kind, "actor": actor, **values})

    def _status(self, target: str, raw: object, field: str, at: dt.datetime, actor: str | None) -> list[dict[str, Any]]:
        """The status events that take the ticket to `target` (none when it is there); raises if not allowed."""
        state = self.state
        planned: list[tuple[str, str]] = []
        reopened = False
        if state == "closed" and target != "closed":
            state, reopened = "solved", True  # django-helpdesk reopens closed tickets: the close was not final
        if target == "closed" and state not in {"solved", "closed"}:
            planned.append((state, "solved"))
            state = "solved"
        if target != state:
            if (state, target) not in TICKET_TRANSITIONS:
                raise InvalidValue(field, raw, f"a status teamcore reaches from {self.state!r} (it is {target!r})")
            planned.append((state, target))
        if reopened:
            self._drop_close()
        made = []
        for source, goal in planned:
            made.append(
                {
                    "ticket_id": self.id,
                    "at": at,
                    "kind": "status",
                    "actor": actor,
                    "from_status": source,
                    "to_status": goal,
                }
            )
        if planned and target == "closed" and planned[0][1] == "solved":
            if normal_key(raw) == str(DUPLICATE_STATUS):
                self._flag("merged", f"closed as a duplicate ({field} {raw!r}): solved and closed at {at.isoformat()}")
            else:
                self._flag(
                    "closed_without_solve",
                    f"closed from {planned[0][0]!r} without a resolve: a solve is added at the close "
                    f"({at.isoformat()})",
                )
        self.state = target
        return made

    def _drop_close(self) -> None:
        for index in range(len(self.events) - 1, -1, -1):
            event = self.events[index]
            if event["kind"] == "status" and event["to_status"] == "closed":
                del self.events[index]
                self._flag(
                    "reopened_after_close",
                    f"reopened after its close at {event['at'].isoformat()}: teamcore's closed is final, so the "
                    "close is dropped and the reopen leaves 'solved'",
                )
                return

    def run(self, followups: list[dict[str, Any]]) -> None:
        ledger = self.ledger
        for index, f in enumerate(followups):
            opening = index == 0 and f["comment"] == self.ticket["description"].strip()
            if opening and f["message_id"]:
                self.channel = self.mapping.channel("email")
            try:
                made = (
                    []
                    if f["new_status"] is None
                    else self._status(f["new_status"], f["raw_status"], "new_status", f["date"], f["actor"])
                )
            except ValidationError as err:
                ledger.reject("followups", f["entry"], str(err), ticket_id=self.id, record=f["record"])
                for change in self.changes.get(f["id"], ()):
                    ledger.reject(
                        "ticketchanges",
                        change["entry"],
                        "followup_id: its follow-up was rejected",
                        record=change["record"],
                    )
                continue
            message = self._message(f, opening)
            self.events.extend(message)
            self.events.extend(made)
            if f["seconds"] is not None:
                self.seconds = (self.seconds or 0) + f["seconds"]
            if message or made:
                ledger.used("followups")
            else:
                ledger.ignore("followups", self._why_ignored(f, opening))
            for change in self.changes.get(f["id"], ()):
                self._change(f, change)
        self._settle()

    def _message(self, f: dict[str, Any], opening: bool) -> list[dict[str, Any]]:
        if opening or not f["comment"] or f["role"] != "agent":
            return []
        kind = "reply" if f["public"] else "note"
        return [{"ticket_id": self.id, "at": f["date"], "kind": kind, "actor": f["actor"]}]

    @staticmethod
    def _why_ignored(f: dict[str, Any], opening: bool) -> str:
        if opening:
            return "the request that opened the ticket (its description), not a reply"
        if f["comment"] and f["role"] == "customer":
            return "a customer's message (not an agent reply)"
        if f["comment"] and f["role"] != "agent":
            return "a message by a role that is neither agent nor customer"
        if f["new_status"] is not None:
            return "a status change within one teamcore status"
        return "no comment and no status change"

    def _change(self, f: dict[str, Any], change: dict[str, Any]) -> None:
        ledger = self.ledger
        field = change["field"].strip().lower()
        try:
            if field == "priority":
                old = None if change["old"] is None else self.mapping.priority(change["old"], "old_value")
                new = self.mapping.priority(change["new"], "new_value")
                if old == new:
                    ledger.ignore("ticketchanges", "priority: the same teamcore priority before and after")
                    return
                self._event(f["date"], "priority", f["actor"], value=new)
            elif field == "owner":
                value = (change["new"] or "").strip()
                if value.lower() in _UNASSIGNED:
                    self._event(f["date"], "assign", f["actor"], value=None)
                elif value in self.usernames:
                    self._event(f["date"], "assign", f["actor"], value=value)
                else:
                    raise InvalidValue("new_value", change["new"], "a username of auth_user, or 'Unassigned'")
            elif field == "status":
                ledger.ignore("ticketchanges", "status: replayed from the follow-up's new_status")
                return
            else:
                ledger.ignore("ticketchanges", f"field {change['field']!r}: not read by teamcore")
                return
        except ValidationError as err:
            ledger.reject("ticketchanges", change["entry"], str(err), ticket_id=self.id, record=change["record"])
            return
        ledger.used("ticketchanges")

    def _settle(self) -> None:
        """Bring the replay to the ticket's own status when they differ, and flag merged tickets."""
        ticket = self.ticket
        target = ticket["status"]
        if target != self.state and not (self.state == "new" and target == "open"):
            at = max([ticket["modified"], ticket["created"], *(e["at"] for e in self.events)])
            try:
                made = self._status(target, ticket["raw_status"], "status", at, None)
            except ValidationError:
                self._flag(
                    "status_disagrees",
                    f"status {ticket['raw_status']!r} ({target}) cannot follow the follow-ups' last status "
                    f"{self.state!r}: the events end in {self.state!r}",
                )
            else:
                self.events.extend(made)
                self._flag(
                    "status_without_followup",
                    f"status {ticket['raw_status']!r} ({target}) is not where the follow-ups end: a status event "
                    f"at modified ({at.isoformat()}) brings it there",
                )
        if ticket["merged_to"] is not None or normal_key(ticket["raw_status"]) == str(DUPLICATE_STATUS):
            self._flag("merged", f"merged into ticket {ticket['merged_to']!r} (or closed as a duplicate)")

    def ticket_row(self) -> dict[str, Any]:
        solves = [e["at"] for e in self.events if e["kind"] == "status" and e["to_status"] == "solved"]
        final = self.state if not (self.state == "new" and self.ticket["status"] == "open") else "open"
        solved_at = max(solves) if solves and final not in UNSOLVED else None
        return {
            "ticket_id": self.id,
            "created_at": self.ticket["created"],
            "channel": self.channel,
            "priority": self.ticket["priority"],
            "requester": self.ticket["requester"],
            "assignee": self.ticket["assignee"],
            "team": self.ticket["team"],
            "status": final,
            "solved_at": solved_at,
            "handle_seconds": self.seconds,
        }
