"""Freshdesk's status changes, rebuilt from the timestamps of a ticket's ``stats``.

Freshdesk's tickets and conversations endpoints carry no status history: only the current ``status`` and, with
``include=stats``, the *latest* time of some changes. :func:`rebuild` turns them into the status changes teamcore
needs (both ends, starting from ``new``), by one rule per current status:

* every ticket goes ``new → open`` at ``created_at`` (Freshdesk has no New status; a ticket arrives Open);
* a reopen (``reopened_at``) after the latest resolve (``resolved_at``) of an unsolved ticket is
  ``open → solved`` at ``resolved_at`` and ``solved → open`` at ``reopened_at``;
* a solved or closed ticket is solved at ``resolved_at`` (or, without one, at ``closed_at`` or
  ``status_updated_at``, flagged); a closed one then closes at ``closed_at``;
* a pending ticket (Pending, Waiting on customer) entered pending at ``pending_since`` (else
  ``status_updated_at``); one waiting on a third party entered ``on_hold`` at ``status_updated_at``.

What is lost, and flagged where it shows: every earlier visit to a status (time in pending before the last one,
earlier solves and reopens: Freshdesk keeps only the latest of each), so agent wait counts only the current pending
spell and first resolution equals full resolution when the stats cannot place an earlier solve.
"""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = ["Stats", "Timeline", "rebuild"]


@attrs.frozen
class Stats:
    """The ``stats`` timestamps of one ticket (``include=stats``), each ``None`` when Freshdesk gives none."""

    agent_responded_at: dt.datetime | None = None
    requester_responded_at: dt.datetime | None = None
    first_responded_at: dt.datetime | None = None
    status_updated_at: dt.datetime | None = None
    reopened_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    pending_since: dt.datetime | None = None


@attrs.frozen
class Timeline:
    """The status changes rebuilt for one ticket, its ``solved_at``, and the doubts found on the way."""

    changes: tuple[tuple[dt.datetime, str, str], ...]
    solved_at: dt.datetime | None
    flags: tuple[tuple[str, str], ...]


def rebuild(created: dt.datetime, status: str, stats: Stats) -> Timeline:
    """The status changes of a ticket now in teamcore status `status`, from its `stats` (see the module).

    Examples
    --------
    >>> at = lambda h: dt.datetime(2026, 11, 2, h, tzinfo=dt.UTC)
    >>> t = rebuild(at(9), "open", Stats(resolved_at=at(10), reopened_at=at(11)))
    >>> [(c[0].hour, c[1], c[2]) for c in t.changes]
    [(9, 'new', 'open'), (10, 'open', 'solved'), (11, 'solved', 'open')]
    """
    flags: list[tuple[str, str]] = []
    marks: list[tuple[dt.datetime, str]] = [] if status == "new" else [(created, "open")]
    solved_now = status in {"solved", "closed"}
    resolved, reopened = stats.resolved_at, stats.reopened_at
    if reopened is not None and status != "new":
        if resolved is not None and resolved <= reopened and not solved_now:
            marks += [(resolved, "solved"), (reopened, "open")]
        elif resolved is not None and solved_now and reopened <= resolved:
            flags.append(
                (
                    "reopen_lost",
                    (
                        f"reopened at {_iso(reopened)} before its latest resolve at {_iso(resolved)}; Freshdesk keeps "
                        "no time for the earlier resolve, so the reopen is not counted and first resolution "
                        "is the latest"
                    ),
                )
            )
        else:
            flags.append(
                (
                    "stats_disagree",
                    (
                        f"reopened_at {_iso(reopened)} does not fit the status and resolved_at "
                        f"{_iso(resolved) if resolved else 'null'}; the reopen is left out"
                    ),
                )
            )
    if solved_now:
        marks += _solve_marks(status, stats, marks[-1][0] if marks else created, flags)
    elif status in {"pending", "on_hold"}:
        entered = stats.pending_since if status == "pending" else None
        entered = entered or stats.status_updated_at
        if entered is None:
            entered = marks[-1][0]
            flags.append(
                ("no_status_time", f"no pending_since or status_updated_at: {status} entered at the last change")
            )
        marks.append((entered, status))
    changes: list[tuple[dt.datetime, str, str]] = []
    current, last = "new", created
    for at, target in marks:
        if at < last:
            flags.append(
                (
                    "stats_out_of_order",
                    (
                        f"the change to {target} at {_iso(at)} is before the change before it at {_iso(last)}; "
                        "it is placed at that earlier change"
                    ),
                )
            )
            at = last  # noqa: PLW2901 - flagged: the stats are kept in the order the rules give
        if target != current:
            changes.append((at, current, target))
        current, last = target, at
    solved_at = next((at for at, _, to in reversed(changes) if to == "solved"), None) if solved_now else None
    return Timeline(tuple(changes), solved_at, tuple(flags))


def _solve_marks(
    status: str, stats: Stats, last: dt.datetime, flags: list[tuple[str, str]]
) -> list[tuple[dt.datetime, str]]:
    solve = stats.resolved_at
    if solve is None:
        solve = (stats.closed_at if status == "closed" else None) or stats.status_updated_at or last
        flags.append(
            (
                "solve_time_guessed",
                (
                    f"{status} without stats.resolved_at: the solve is placed at {_iso(solve)} "
                    "(closed_at, status_updated_at or the last change)"
                ),
            )
        )
    marks = [(solve, "solved")]
    if status == "closed":
        close = stats.closed_at or stats.status_updated_at or solve
        if stats.closed_at is None:
            flags.append(
                ("close_time_guessed", f"closed without stats.closed_at: the close is placed at {_iso(close)}")
            )
        marks.append((close, "closed"))
    return marks


def _iso(at: dt.datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")
