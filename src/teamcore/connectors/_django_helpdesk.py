"""django-helpdesk: its database (SQLite, PostgreSQL) or ``dumpdata`` JSON as teamcore's tickets and events.

django-helpdesk keeps a ticket's history as *follow-ups* (``helpdesk_followup``: a comment, public or private, by
a user or by nobody, optionally with a ``new_status``) and the field changes each one made (``helpdesk_ticketchange``:
``Priority``, ``Owner``, ``Status`` …). This adapter replays them into the canonical events:

* **statuses**: each ``new_status`` becomes a status event with both ends, the first one leaving ``new``; a change
  that stays in one teamcore status (Open → Reopened, both ``open``) makes no event;
* **closed without a solve**: teamcore closes only solved tickets, so a close from an unsolved status is a solve
  and a close at the same instant, flagged ``closed_without_solve``; a Duplicate is such a close, flagged
  ``merged`` (so is a ticket with ``merged_to``);
* **reopened after a close**: django-helpdesk reopens closed tickets; teamcore's ``closed`` is final, so the close
  is dropped (the solve before it stays) and the reopen leaves ``solved``, flagged ``reopened_after_close``;
* **replies**: a public follow-up with a comment by a user the roles mapping calls an agent (``is_staff``) is a
  ``reply``, and also a status event when it changes the status; a follow-up without a user, or by a non-staff user,
  is the customer's message, never a reply; a private one by an agent is a ``note``; the follow-up that opened the
  ticket (its first, whose comment is the ticket's description) is the request itself;
* **priority and owner**: ``Priority`` and ``Owner`` changes become ``priority`` and ``assign`` events;
* **status without a follow-up**: when the ticket's own status (mapped) is not where the replay ends (a status set
  outside the helpdesk's views), a status event at ``modified`` brings it there, flagged ``status_without_followup``.

``solved_at`` is the latest solve, null when the ticket is not solved or closed now.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Final

from teamcore import _time
from teamcore.connectors._django_helpdesk_read import TABLES, read_records
from teamcore.connectors._django_helpdesk_replay import DUPLICATE_STATUS, Replay
from teamcore.connectors._django_helpdesk_values import boolean, code, instant, optional_text, seconds, text, whole
from teamcore.connectors._import_result import ImportResult
from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.exceptions import InvalidValue, ValidationError

__all__ = ["DEFAULT_MAPPING", "DUPLICATE_STATUS", "load_django_helpdesk"]

SOURCE: Final = "django-helpdesk"

DEFAULT_MAPPING: Final = ConnectorMapping(
    statuses={1: "open", 2: "open", 3: "solved", 4: "closed", DUPLICATE_STATUS: "closed"},
    priorities={1: "urgent", 2: "high", 3: "normal", 4: "low", 5: "low"},
    channels={"email": "email"},
    roles={"staff": "agent", "user": "customer", "anonymous": "customer"},
)
"""django-helpdesk's defaults: statuses Open 1, Reopened 2, Resolved 3, Closed 4, Duplicate 5; priorities
1 Critical … 5 Very Low (Low and Very Low are both ``low``); authors ``staff`` (``auth_user.is_staff``), ``user``
(any other user) and ``anonymous`` (no user: an e-mail or the public form)."""


def load_django_helpdesk(
    input: str | os.PathLike[str], *, mapping: ConnectorMapping | None = None, zone: str = "UTC"
) -> ImportResult:
    """Read a django-helpdesk installation into teamcore's canonical tickets and events.

    Parameters
    ----------
    input
        A SQLite database file, a ``postgresql://user:password@host:port/db`` URL (needs the ``postgres`` extra),
        or the JSON of ``manage.py dumpdata helpdesk auth.user`` (a file, or a folder of them).
    mapping
        Overrides of :data:`DEFAULT_MAPPING` (keys are django-helpdesk's integers or names, see
        :func:`~teamcore.connectors._mapping.normal_key`).
    zone
        The zone of timestamps stored without an offset: Django with ``USE_TZ = True`` (the default) stores UTC,
        so ``"UTC"``; with ``USE_TZ = False``, the site's ``TIME_ZONE``. Ambiguous local times take the earlier
        instant (the ``compatible`` rule).

    Returns
    -------
    ImportResult
        The tickets and events, with every queue, user, ticket, follow-up and ticket change accounted for.

    Raises
    ------
    LoadError
        If the input is not a django-helpdesk database or dump, or cannot be read (naming it).
    MissingDependency
        For a PostgreSQL URL without psycopg installed (the ``postgres`` extra).
    UnknownTimezone
        If `zone` is not an IANA zone.

    Examples
    --------
    >>> from teamcore.connectors import load_source
    >>> result = load_source("django-helpdesk", "tests/connectors/data/django-helpdesk-dump.json")
    >>> result.tickets.loaded, result.events.loaded, result.ok
    (2, 10, True)
    >>> [(f.ticket_id, f.code) for f in result.flags]
    [('2', 'closed_without_solve')]
    """
    tz = _time.timezone(_time.validate_timezone(zone, "zone"))
    used = DEFAULT_MAPPING.with_overrides(mapping)
    ledger = Ledger(SOURCE, os.fspath(input))
    records = read_records(input, ledger)
    ledger.origin = records.origin
    reader = _Reader(records.rows, used, tz, ledger)
    tickets, events = reader.run()
    return ledger.finish(tickets, events, used)


class _Reader:
    """One import: parses the records, then replays each ticket's follow-ups in order."""

    def __init__(self, rows: Mapping[str, Any], mapping: ConnectorMapping, tz: dt.tzinfo, ledger: Ledger) -> None:
        self.rows = rows
        self.mapping = mapping
        self.tz = tz
        self.ledger = ledger
        self.queues: dict[int, str] = {}
        self.users: dict[int, tuple[str, str]] = {}  # id -> (username, author type)
        self.usernames: set[str] = set()
        self.rejected_tickets: set[int] = set()

    def run(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        for name in TABLES:
            self.ledger.seen(name, len(self.rows.get(name, ())))
        self._queues()
        self._users()
        tickets = self._tickets()
        followups = self._followups(tickets)
        changes = self._changes(followups)
        ticket_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        by_ticket: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for f in followups.values():
            by_ticket[f["ticket_id"]].append(f)
        for ticket_id, ticket in tickets.items():
            replay = Replay(self.ledger, self.mapping, self.usernames, ticket, changes)
            replay.run(sorted(by_ticket.get(ticket_id, []), key=lambda f: (f["date"], f["id"])))
            ticket_rows.append(replay.ticket_row())
            event_rows.extend(replay.events)
        return ticket_rows, event_rows

    def _reject(self, entity: str, entry: str, reason: str, record: Mapping[str, Any], ticket: object = None) -> None:
        self.ledger.reject(entity, entry, reason, ticket_id=ticket, record=record)

    def _queues(self) -> None:
        for entry, rec in self.rows.get("queues", ()):
            try:
                key = whole(rec.get("id"), "id")
                if key in self.queues:
                    raise InvalidValue("id", key, "a queue id not used by an earlier queue")
                self.queues[key] = text(rec.get("slug"), "slug")
            except ValidationError as err:
                self._reject("queues", entry, str(err), rec)
                continue
            self.ledger.used("queues")

    def _users(self) -> None:
        for entry, rec in self.rows.get("users", ()):
            try:
                key = whole(rec.get("id"), "id")
                if key in self.users:
                    raise InvalidValue("id", key, "a user id not used by an earlier user")
                name = text(rec.get("username"), "username")
                kind = "staff" if boolean(rec.get("is_staff"), "is_staff") else "user"
            except ValidationError as err:
                self._reject("users", entry, str(err), rec)
                continue
            self.users[key] = (name, kind)
            self.usernames.add(name)
            self.ledger.used("users")

    def _user(self, value: object, field: str) -> tuple[str, str] | None:
        if value is None:
            return None
        key = whole(value, field)
        if key not in self.users:
            raise InvalidValue(field, value, f"the id of a user in {TABLES['users']} (or null)")
        return self.users[key]

    def _tickets(self) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for entry, rec in self.rows.get("tickets", ()):
            try:
                key = whole(rec.get("id"), "id")
                if key in out:
                    raise InvalidValue("id", key, "a ticket id not used by an earlier ticket")
                queue = whole(rec.get("queue_id"), "queue_id")
                if queue not in self.queues:
                    raise InvalidValue("queue_id", queue, f"the id of a queue in {TABLES['queues']}")
                owner = self._user(rec.get("assigned_to_id"), "assigned_to_id")
                ticket = {
                    "id": key,
                    "entry": entry,
                    "created": instant(rec.get("created"), "created", self.tz),
                    "modified": instant(rec.get("modified"), "modified", self.tz),
                    "raw_status": rec.get("status"),
                    "status": self.mapping.status(code(rec.get("status"), "status"), "status"),
                    "priority": self.mapping.priority(code(rec.get("priority"), "priority"), "priority"),
                    "team": self.queues[queue],
                    "assignee": None if owner is None else owner[0],
                    "requester": optional_text(rec.get("submitter_email"), "submitter_email"),
                    "description": optional_text(rec.get("description"), "description") or "",
                    "merged_to": rec.get("merged_to_id"),
                }
            except ValidationError as err:
                self._reject("tickets", entry, str(err), rec, rec.get("id"))
                with contextlib.suppress(ValidationError):
                    self.rejected_tickets.add(whole(rec.get("id"), "id"))
                continue
            out[key] = ticket
            self.ledger.used("tickets")
        return out

    def _followups(self, tickets: Mapping[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for entry, rec in self.rows.get("followups", ()):
            ticket_id = rec.get("ticket_id")
            try:
                key = whole(rec.get("id"), "id")
                if key in out:
                    raise InvalidValue("id", key, "a follow-up id not used by an earlier follow-up")
                ticket = whole(ticket_id, "ticket_id")
                if ticket not in tickets:
                    raise InvalidValue(
                        "ticket_id",
                        ticket_id,
                        f"the id of a ticket in {TABLES['tickets']}"
                        + (" that loaded (that ticket was rejected)" if ticket in self.rejected_tickets else ""),
                    )
                date = instant(rec.get("date"), "date", self.tz)
                if date < tickets[ticket]["created"]:
                    raise InvalidValue("date", rec.get("date"), "a time not before the ticket's created")
                author = self._user(rec.get("user_id"), "user_id")
                new_status = rec.get("new_status")
                followup = {
                    "id": key,
                    "entry": entry,
                    "record": rec,
                    "ticket_id": ticket,
                    "date": date,
                    "public": boolean(rec.get("public"), "public"),
                    "role": self.mapping.role("anonymous" if author is None else author[1], "user_id"),
                    "user": None if author is None else author[0],
                    "raw_status": new_status,
                    "new_status": None
                    if new_status is None
                    else self.mapping.status(code(new_status, "new_status"), "new_status"),
                    "comment": (optional_text(rec.get("comment"), "comment") or "").strip(),
                    "message_id": optional_text(rec.get("message_id"), "message_id"),
                    "seconds": seconds(rec.get("time_spent"), "time_spent"),
                }
            except ValidationError as err:
                self._reject("followups", entry, str(err), rec, ticket_id)
                continue
            # Only an agent is a member: a customer's reopen is the requester's act, with no actor.
            followup["actor"] = followup["user"] if followup["role"] == "agent" else None
            out[key] = followup
        return out

    def _changes(self, followups: Mapping[int, dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for entry, rec in self.rows.get("ticketchanges", ()):
            owner = rec.get("followup_id")
            try:
                whole(rec.get("id"), "id")
                key = whole(owner, "followup_id")
                if key not in followups:
                    raise InvalidValue("followup_id", owner, f"the id of a loaded follow-up of {TABLES['followups']}")
                change = {
                    "entry": entry,
                    "record": rec,
                    "field": text(rec.get("field"), "field"),
                    "old": optional_text(rec.get("old_value"), "old_value"),
                    "new": optional_text(rec.get("new_value"), "new_value"),
                }
            except ValidationError as err:
                self._reject("ticketchanges", entry, str(err), rec)
                continue
            out[key].append(change)
        return out
