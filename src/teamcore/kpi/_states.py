"""Ticket statuses and event kinds, with the one table of allowed status changes.

The statuses are Zendesk's (``new``, ``open``, ``pending``, ``on_hold``, ``solved``, ``closed``), which Freshdesk
maps one to one (Open, Pending, Waiting on customer/third party, Resolved, Closed). ``pending`` means the agent waits
for the requester (agent wait time); ``on_hold`` means the agent waits for a third party and the requester still
waits (requester wait time). A change from ``solved`` back to an unsolved status is a *reopen*; ``closed`` is
final.

Examples
--------
>>> check_transition("solved", "open")
>>> check_transition("closed", "open")
Traceback (most recent call last):
...
teamcore.exceptions.InvalidTransition: ticket: event 'open' is not allowed in state 'closed'; ...
"""

from __future__ import annotations

from typing import Final, Literal

from teamcore.exceptions import InvalidTransition

__all__ = [
    "EVENT_KINDS",
    "REQUESTER_WAIT",
    "STATUSES",
    "TRANSITIONS",
    "UNSOLVED",
    "EventKind",
    "Status",
    "check_transition",
]

Status = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
"""A ticket's status."""

EventKind = Literal["status", "reply", "note", "assign", "priority"]
"""What a ticket event records: a status change, a public agent reply, an internal note, an assignment, or a
priority change."""

STATUSES: Final[tuple[Status, ...]] = ("new", "open", "pending", "on_hold", "solved", "closed")
EVENT_KINDS: Final[tuple[EventKind, ...]] = ("status", "reply", "note", "assign", "priority")

UNSOLVED: Final[frozenset[str]] = frozenset({"new", "open", "pending", "on_hold"})
"""Statuses of a ticket that still needs work (the backlog)."""

REQUESTER_WAIT: Final[frozenset[str]] = frozenset({"new", "open", "on_hold"})
"""Statuses in which the requester waits for the company (Zendesk's requester wait time)."""

TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    "new": frozenset({"open", "pending", "on_hold", "solved"}),
    "open": frozenset({"pending", "on_hold", "solved"}),
    "pending": frozenset({"open", "on_hold", "solved"}),
    "on_hold": frozenset({"open", "pending", "solved"}),
    "solved": frozenset({"open", "pending", "on_hold", "closed"}),
    "closed": frozenset(),
}
"""Status → the statuses it may change to. A ticket starts ``new``; ``solved → unsolved`` is a reopen."""

TRANSITION_PAIRS: Final[frozenset[str]] = frozenset(f"{a}>{b}" for a, targets in TRANSITIONS.items() for b in targets)
"""Every allowed change as ``"from>to"``, for vectorised checks in DataFrame engines."""


def check_transition(current: str, target: str) -> None:
    """Raise :class:`~teamcore.exceptions.InvalidTransition` unless a ticket may go from `current` to `target`."""
    allowed = TRANSITIONS.get(current)
    if allowed is None or target not in allowed:
        raise InvalidTransition("ticket", current, target, sorted(allowed or ()))
