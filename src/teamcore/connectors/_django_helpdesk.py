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

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Final

from teamcore import _time
from teamcore.connectors._base import ConnectorMapping, ImportResult, Ledger, normal_key
from teamcore.connectors._django_helpdesk_read import TABLES, read_records
from teamcore.exceptions import InvalidValue, ValidationError, WrongType
from teamcore.kpi import TICKET_TRANSITIONS, UNSOLVED

__all__ = ["DEFAULT_MAPPING", "DUPLICATE_STATUS", "load_django_helpdesk"]

SOURCE: Final = "django-helpdesk"

DUPLICATE_STATUS: Final = 5
"""django-helpdesk's ``Ticket.DUPLICATE_STATUS``: a ticket closed as a duplicate of another, flagged ``merged``."""

DEFAULT_MAPPING: Final = ConnectorMapping(
    statuses={1: "open", 2: "open", 3: "solved", 4: "closed", DUPLICATE_STATUS: "closed"},
    priorities={1: "urgent", 2: "high", 3: "normal", 4: "low", 5: "low"},
    channels={"email": "email"},
    roles={"staff": "agent", "user": "customer", "anonymous": "customer"},
)
"""django-helpdesk's defaults: statuses Open 1, Reopened 2, Resolved 3, Closed 4, Duplicate 5; priorities
1 Critical … 5 Very Low (Low and Very Low are both ``low``); authors ``staff`` (``auth_user.is_staff``), ``user``
(any other user) and ``anonymous`` (no user: an e-mail or the public form)."""

_UNASSIGNED: Final = frozenset({"", "unassigned", "none"})
_DURATION: Final = re.compile(r"^(?:(?P<days>-?\d+) )?(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)(?:\.(?P<us>\d{1,6}))?$")


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
        :func:`~teamcore.connectors._base.normal_key`).
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
    used = DEFAULT_MAPPING if mapping is None else DEFAULT_MAPPING.updated(**mapping.as_dict())
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
            replay = _Replay(self, ticket, changes)
            replay.run(sorted(by_ticket.get(ticket_id, []), key=lambda f: (f["date"], f["id"])))
            ticket_rows.append(replay.ticket_row())
            event_rows.extend(replay.events)
        return ticket_rows, event_rows

    def _reject(self, entity: str, entry: str, reason: str, record: Mapping[str, Any], ticket: object = None) -> None:
        self.ledger.reject(entity, entry, reason, ticket_id=ticket, record=record)

    def _queues(self) -> None:
        for entry, rec in self.rows.get("queues", ()):
            try:
                key = _int(rec.get("id"), "id")
                self.queues[key] = _text(rec.get("slug"), "slug")
            except ValidationError as err:
                self._reject("queues", entry, str(err), rec)
                continue
            self.ledger.used("queues")

    def _users(self) -> None:
        for entry, rec in self.rows.get("users", ()):
            try:
                key = _int(rec.get("id"), "id")
                name = _text(rec.get("username"), "username")
                kind = "staff" if _bool(rec.get("is_staff"), "is_staff") else "user"
            except ValidationError as err:
                self._reject("users", entry, str(err), rec)
                continue
            self.users[key] = (name, kind)
            self.usernames.add(name)
            self.ledger.used("users")

    def _user(self, value: object, field: str) -> tuple[str, str] | None:
        if value is None:
            return None
        key = _int(value, field)
        if key not in self.users:
            raise InvalidValue(field, value, f"the id of a user in {TABLES['users']} (or null)")
        return self.users[key]

    def _tickets(self) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for entry, rec in self.rows.get("tickets", ()):
            try:
                key = _int(rec.get("id"), "id")
                if key in out:
                    raise InvalidValue("id", key, "a ticket id not used by an earlier ticket")
                queue = _int(rec.get("queue_id"), "queue_id")
                if queue not in self.queues:
                    raise InvalidValue("queue_id", queue, f"the id of a queue in {TABLES['queues']}")
                owner = self._user(rec.get("assigned_to_id"), "assigned_to_id")
                ticket = {
                    "id": key,
                    "entry": entry,
                    "created": _instant(rec.get("created"), "created", self.tz),
                    "modified": _instant(rec.get("modified"), "modified", self.tz),
                    "raw_status": rec.get("status"),
                    "status": self.mapping.status(_code(rec.get("status"), "status"), "status"),
                    "priority": self.mapping.priority(_code(rec.get("priority"), "priority"), "priority"),
                    "team": self.queues[queue],
                    "assignee": None if owner is None else owner[0],
                    "requester": _optional_text(rec.get("submitter_email"), "submitter_email"),
                    "description": _optional_text(rec.get("description"), "description") or "",
                    "merged_to": rec.get("merged_to_id"),
                }
            except ValidationError as err:
                self._reject("tickets", entry, str(err), rec, rec.get("id"))
                continue
            out[key] = ticket
            self.ledger.used("tickets")
        return out

    def _followups(self, tickets: Mapping[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for entry, rec in self.rows.get("followups", ()):
            ticket_id = rec.get("ticket_id")
            try:
                key = _int(rec.get("id"), "id")
                if key in out:
                    raise InvalidValue("id", key, "a follow-up id not used by an earlier follow-up")
                ticket = _int(ticket_id, "ticket_id")
                if ticket not in tickets:
                    raise InvalidValue("ticket_id", ticket_id, f"the id of a loaded ticket of {TABLES['tickets']}")
                date = _instant(rec.get("date"), "date", self.tz)
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
                    "public": _bool(rec.get("public"), "public"),
                    "role": self.mapping.role("anonymous" if author is None else author[1], "user_id"),
                    "user": None if author is None else author[0],
                    "raw_status": new_status,
                    "new_status": None
                    if new_status is None
                    else self.mapping.status(_code(new_status, "new_status"), "new_status"),
                    "comment": (_optional_text(rec.get("comment"), "comment") or "").strip(),
                    "message_id": _optional_text(rec.get("message_id"), "message_id"),
                    "seconds": _seconds(rec.get("time_spent"), "time_spent"),
                }
            except ValidationError as err:
                self._reject("followups", entry, str(err), rec, ticket_id)
                continue
            followup["actor"] = (
                followup["user"] if followup["role"] == "agent" else None
            )  # the requester is not a member
            out[key] = followup
        return out

    def _changes(self, followups: Mapping[int, dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for entry, rec in self.rows.get("ticketchanges", ()):
            owner = rec.get("followup_id")
            try:
                _int(rec.get("id"), "id")
                key = _int(owner, "followup_id")
                if key not in followups:
                    raise InvalidValue("followup_id", owner, f"the id of a loaded follow-up of {TABLES['followups']}")
                change = {
                    "entry": entry,
                    "record": rec,
                    "field": _text(rec.get("field"), "field"),
                    "old": _optional_text(rec.get("old_value"), "old_value"),
                    "new": _optional_text(rec.get("new_value"), "new_value"),
                }
            except ValidationError as err:
                self._reject("ticketchanges", entry, str(err), rec)
                continue
            out[key].append(change)
        return out


class _Replay:
    """One ticket's follow-ups, in order, as canonical events (see the module's rules)."""

    def __init__(self, reader: _Reader, ticket: dict[str, Any], changes: Mapping[int, list[dict[str, Any]]]) -> None:
        self.reader = reader
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
            self.reader.ledger.flag(self.id, code, reason)

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
        ledger = self.reader.ledger
        for index, f in enumerate(followups):
            opening = index == 0 and f["comment"] == self.ticket["description"].strip()
            if opening and f["message_id"]:
                self.channel = self.reader.mapping.channel("email")
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
        ledger = self.reader.ledger
        field = change["field"].strip().lower()
        try:
            if field == "priority":
                old = None if change["old"] is None else self.reader.mapping.priority(change["old"], "old_value")
                new = self.reader.mapping.priority(change["new"], "new_value")
                if old == new:
                    ledger.ignore("ticketchanges", "priority: the same teamcore priority before and after")
                    return
                self._event(f["date"], "priority", f["actor"], value=new)
            elif field == "owner":
                value = (change["new"] or "").strip()
                if value.lower() in _UNASSIGNED:
                    self._event(f["date"], "assign", f["actor"], value=None)
                elif value in self.reader.usernames:
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


def _int(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise WrongType(field, value, "a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise WrongType(field, value, "a whole number")


def _code(value: object, field: str) -> object:
    """A status or priority code as its mapping key: a whole number, or text; anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise WrongType(field, value, "a django-helpdesk code (a whole number)")
    return value


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WrongType(field, value, "a non-empty text")
    return value


def _optional_text(value: object, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return normal_key(value)
    if not isinstance(value, str):
        raise WrongType(field, value, "a text or null")
    return value


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in {0, 1}:
        return bool(value)
    raise WrongType(field, value, "a boolean (true/false, or 0/1 in SQLite)")


def _instant(value: object, field: str, tz: dt.tzinfo) -> dt.datetime:
    expected = "a timestamp ('2026-11-02 09:00:00', '2026-11-02T09:00:00Z', or a datetime)"
    parsed: dt.datetime | None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    else:
        raise WrongType(field, value, expected)
    if parsed is None:
        raise InvalidValue(field, value, expected)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=tz)
    try:
        return parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise InvalidValue(field, value, "an instant between years 1 and 9999 in UTC") from None


def _seconds(value: object, field: str) -> int | None:
    """``time_spent``: SQLite's microseconds, PostgreSQL's interval, or dumpdata's ``[D ]HH:MM:SS[.ffffff]``."""
    if value is None:
        return None
    try:
        total = _duration(value, field)
    except OverflowError:
        raise InvalidValue(field, value, "a duration a timedelta holds (under 999999999 days)") from None
    if total < dt.timedelta(0):
        raise InvalidValue(field, value, "a duration that is not negative")
    return int(total.total_seconds())


def _duration(value: object, field: str) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.timedelta(microseconds=value)
    if isinstance(value, str) and (match := _DURATION.match(value.strip())):
        return dt.timedelta(
            days=int(match["days"] or 0),
            hours=int(match["h"]),
            minutes=int(match["m"]),
            seconds=int(match["s"]),
            microseconds=int((match["us"] or "0").ljust(6, "0")),
        )
    if isinstance(value, str) and value.strip().upper().startswith("P"):
        return _time.parse_duration(value.strip(), field)
    raise WrongType(field, value, "a duration ('01:30:00', microseconds, or an interval) or null")
