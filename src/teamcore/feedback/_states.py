"""The feedback cycle's state machines, as data: one table of allowed transitions.

Two things in a feedback log have states: a 1:1 occurrence (scheduled, then held, skipped or postponed; a postponed
one is later held or skipped) and a talking point (open until it is done; open points carry over to the next 1:1).
:data:`FEEDBACK_TRANSITIONS` is the one table of allowed transitions: per machine, ``(state, event) → next state``,
the shape of every teamcore state table (the tickets' is :data:`teamcore.kpi.TICKET_TRANSITIONS`).
:func:`transition` is the only code that reads it, and an event the table does not allow raises
:class:`~teamcore.exceptions.InvalidTransition` naming the state and the event, as ``h11/_state.py`` does for HTTP.

Examples
--------
>>> transition("one-on-one", OccurrenceStatus.SCHEDULED, "postpone")
<OccurrenceStatus.POSTPONED: 'postponed'>
>>> transition("one-on-one", OccurrenceStatus.SKIPPED, "hold")
Traceback (most recent call last):
...
teamcore.exceptions.InvalidTransition: one-on-one: event 'hold' is not allowed in state 'skipped'; allowed: none ...
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, TypeVar

from teamcore.exceptions import InvalidTransition

__all__ = ["FEEDBACK_TRANSITIONS", "Machine", "OccurrenceStatus", "PointStatus", "allowed_events", "transition"]


class OccurrenceStatus(enum.StrEnum):
    """Where one 1:1 occurrence stands."""

    SCHEDULED = "scheduled"
    HELD = "held"
    SKIPPED = "skipped"
    POSTPONED = "postponed"


class PointStatus(enum.StrEnum):
    """Where one talking point stands: open points carry over to the next 1:1 until done."""

    OPEN = "open"
    DONE = "done"


Machine = Literal["one-on-one", "talking point"]
"""The state machines of :data:`FEEDBACK_TRANSITIONS`."""

S = TypeVar("S", OccurrenceStatus, PointStatus)

FEEDBACK_TRANSITIONS: Final[Mapping[str, Mapping[tuple[str, str], str]]] = MappingProxyType(
    {
        "one-on-one": MappingProxyType(
            {
                (OccurrenceStatus.SCHEDULED, "hold"): OccurrenceStatus.HELD,
                (OccurrenceStatus.SCHEDULED, "skip"): OccurrenceStatus.SKIPPED,
                (OccurrenceStatus.SCHEDULED, "postpone"): OccurrenceStatus.POSTPONED,
                (OccurrenceStatus.POSTPONED, "hold"): OccurrenceStatus.HELD,
                (OccurrenceStatus.POSTPONED, "skip"): OccurrenceStatus.SKIPPED,
            }
        ),
        "talking point": MappingProxyType({(PointStatus.OPEN, "done"): PointStatus.DONE}),
    }
)
"""Machine → ``(state, event)`` → next state. A pair that is absent is not allowed."""


def allowed_events(machine: Machine, state: OccurrenceStatus | PointStatus) -> tuple[str, ...]:
    """The events `state` allows in `machine`, sorted (empty for a final state).

    Examples
    --------
    >>> allowed_events("one-on-one", OccurrenceStatus.POSTPONED)
    ('hold', 'skip')
    """
    return tuple(sorted(event for (each, event) in FEEDBACK_TRANSITIONS[machine] if each == state))


def transition(machine: Machine, state: S, event: str) -> S:
    """The state after `event` in `state`.

    Parameters
    ----------
    machine
        ``"one-on-one"`` or ``"talking point"``.
    state
        The current state.
    event
        ``"hold"``, ``"skip"``, ``"postpone"`` (1:1) or ``"done"`` (talking point).

    Returns
    -------
    OccurrenceStatus or PointStatus
        The next state, of the same type as `state`.

    Raises
    ------
    InvalidTransition
        If the table has no such transition; the message names the state, the event and what is allowed.
    """
    table = FEEDBACK_TRANSITIONS[machine]
    try:
        following = table[(state, event)]
    except KeyError:
        raise InvalidTransition(machine, str(state), event, allowed_events(machine, state)) from None
    return type(state)(following)
