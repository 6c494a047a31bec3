"""Ticket statuses and event kinds, with the one table of allowed status changes.

:data:`TICKET_TRANSITIONS` is the one table of allowed transitions, in the shape every teamcore state table has
(``h11/_state.py``): ``(state, event) → next state``. For a ticket the event is the status it changes to (the data
carries both ends of each change), so every entry maps ``(a, b)`` to ``b``. :func:`check_transition` and the
loaders' check of each event's ``from_status → to_status`` read only this table, and a change it does not allow
raises :class:`~teamcore.exceptions.InvalidTransition` naming the state and the event.

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

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

from teamcore.exceptions import InvalidTransition

__all__ = [
    "EVENT_KINDS",
    "REQUESTER_WAIT",
    "STATUSES",
    "TICKET_TRANSITIONS",
    "UNSOLVED",
    "EventKind",
    "TicketStatus",
    "check_transition",
]

TicketStatus = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
"""A ticket's status."""

EventKind = Literal["status", "reply", "note", "assign", "priority"]
"""What a ticket event records: a status change, a public agent reply, an internal note, an assignment, or a
priority change."""

STATUSES: Final[tuple[TicketStatus, ...]] = ("new", "open", "pending", "on_hold", "solved", "closed")
EVENT_KINDS: Final[tuple[EventKind, ...]] = ("status", "reply", "note", "assign", "priority")

UNSOLVED: Final[frozenset[str]] = frozenset({"new", "open", "pending", "on_hold"})
"""Statuses of a ticket that still needs work (the backlog)."""

REQUESTER_WAIT: Final[frozenset[str]] = frozenset({"new", "open", "on_hold"})
"""Statuses in which the requester waits for the company (Zendesk's requester wait time)."""

_NEXT: Final[dict[str, tuple[str, ...]]] = {
    "new": ("open", "pending", "on_hold", "solved"),
    "open": ("pending", "on_hold", "solved"),
    "pending": ("open", "on_hold", "solved"),
    "on_hold": ("open", "pending", "solved"),
    "solved": ("open", "pending", "on_hold", "closed"),
    "closed": (),
}

TICKET_TRANSITIONS: Final[Mapping[tuple[str, str], str]] = MappingProxyType(
    {(state, event): event for state, events in _NEXT.items() for event in events}
)
"""``(status, event)`` → next status, where the event is the status changed to. A pair that is absent is not
allowed. A ticket starts ``new``; ``solved → unsolved`` is a reopen; ``closed`` is final."""

TRANSITION_PAIRS: Final[frozenset[str]] = frozenset(f"{a}>{b}" for a, b in TICKET_TRANSITIONS)
"""Every allowed change of :data:`TICKET_TRANSITIONS` as ``"from>to"``, for vectorised checks in DataFrame engines."""


def _allowed(state: str) -> tuple[str, ...]:
    """The events `state` allows, sorted (empty for ``closed`` and for an unknown state)."""
    return tuple(sorted(event for (each, event) in TICKET_TRANSITIONS if each == state))


def _old_shape() -> dict[str, frozenset[str]]:
    """:data:`TICKET_TRANSITIONS` as the deprecated ``teamcore.kpi.TRANSITIONS`` had it: status → next statuses."""
    return {state: frozenset(_allowed(state)) for state in STATUSES}


def check_transition(current: str, target: str) -> None:
    """Raise :class:`~teamcore.exceptions.InvalidTransition` unless a ticket may go from `current` to `target`.

    Raises
    ------
    InvalidTransition
        If :data:`TICKET_TRANSITIONS` has no ``(current, target)``; the message names the state, the event and
        what the state allows.
    """
    if (current, target) not in TICKET_TRANSITIONS:
        raise InvalidTransition("ticket", current, target, _allowed(current))
