"""A seeded simulator of realistic ticket logs for an organisation, vectorised with numpy.

Arrivals follow each team's region: a Poisson count per local day, scaled by weekday (weekends are quiet) and
spread over the day by a business-hours profile in the team's timezone (:attr:`~teamcore.people.Team.timezone`, or
its lead's). Each ticket goes ``new → open`` at the first agent reply (faster for urgent tickets and chat), may
wait on the requester (``pending``) or a third party (``on_hold``), is solved, may be reopened and solved again, and
is closed four days after its last solve. Satisfaction answers are more often good for fast resolutions. Each
ticket is tagged with a topic (billing, shipping, sso, …). Everything
after ``end`` is cut off, as if the log were exported at ``end``.

The same seed and inputs give the same tables, on every machine.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt
import polars as pl

from teamcore._display import short_repr
from teamcore._time import as_utc
from teamcore._zones import local_seconds_to_utc
from teamcore.exceptions import InvalidInterval, OutOfRange, WrongType
from teamcore.kpi._schema import CHANNELS, PRIORITIES
from teamcore.people import Organisation, Team

__all__ = ["TicketLog", "simulate_tickets", "team_timezone"]

_HOURLY: Final = np.array(
    [
        0.2,
        0.15,
        0.1,
        0.1,
        0.15,
        0.3,
        0.6,
        1.2,
        2.2,
        3.0,
        3.2,
        3.0,
        2.4,
        2.8,
        3.0,
        2.8,
        2.4,
        1.8,
        1.2,
        0.9,
        0.7,
        0.5,
        0.4,
        0.3,
    ]
)
_WEEKDAY: Final = np.array([1.1, 1.05, 1.0, 0.95, 0.9, 0.35, 0.3])  # Monday first
_PRIORITY_P: Final = np.array([0.2, 0.55, 0.2, 0.05])
_CHANNEL_P: Final = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
_REPLY_MEDIAN: Final = np.array([8.0, 4.0, 1.5, 0.4]) * 3600  # first reply, by priority (low..urgent)
_CLOSE_AFTER: Final = 4 * 86_400
_TOPICS: Final = {
    "billing": 12,
    "payments": 9,
    "invoices": 6,
    "refunds": 6,
    "returns": 7,
    "shipping": 8,
    "order-status": 7,
    "accounts": 5,
    "password-reset": 6,
    "two-factor": 3,
    "sso": 3,
    "onboarding": 4,
    "api": 4,
    "integrations": 4,
    "reporting": 3,
    "data-export": 2,
    "mobile-app": 4,
    "privacy": 2,
    "tax": 2,
    "gift-cards": 2,
    "chargebacks": 1,
}
"""Topics the simulator tags tickets with, and their relative frequencies."""


@attrs.frozen
class TicketLog:
    """A tickets table and its events table, in the canonical schema (polars)."""

    tickets: pl.DataFrame = attrs.field(repr=lambda f: f"<{f.height} tickets>")
    events: pl.DataFrame = attrs.field(repr=lambda f: f"<{f.height} events>")

    def __repr__(self) -> str:
        return short_repr(self)


def team_timezone(org: Organisation, team: Team) -> str:
    """The zone a team reports in: its own ``timezone``, else its lead's."""
    return team.timezone or org.member(team.lead).timezone


def _lognormal(
    rng: np.random.Generator, median: npt.NDArray[np.float64] | float, sigma: float, n: int
) -> npt.NDArray[np.int64]:
    return np.maximum(60, (np.asarray(median) * rng.lognormal(0.0, sigma, n))).astype(np.int64)


def _arrivals(
    rng: np.random.Generator, org: Organisation, team: Team, *, first: int, last: int, rate: float
) -> npt.NDArray[np.int64]:
    days = np.arange(first - 1, last + 2, dtype=np.int64)  # local days around the window; clipped later
    counts = rng.poisson(rate * _WEEKDAY[(days + 3) % 7])
    day = np.repeat(days, counts)
    hour = rng.choice(24, size=day.size, p=_HOURLY / _HOURLY.sum())
    minute = rng.integers(0, 60, day.size)
    local = day * 86_400 + hour * 3600 + minute * 60
    return local_seconds_to_utc(local, team_timezone(org, team)) + rng.integers(0, 60, day.size)


def simulate_tickets(
    org: Organisation,
    *,
    start: dt.datetime,
    end: dt.datetime,
    tickets_per_day: float = 100.0,
    seed: int = 0,
) -> TicketLog:
    """Simulate the tickets created in ``[start, end)`` and their events up to `end`.

    Parameters
    ----------
    org
        The organisation; tickets go to its teams (by team size) and their members (the lead takes fewer).
    start, end
        The window, aware datetimes.
    tickets_per_day
        Mean tickets on a weekday across the organisation.
    seed
        The random seed.

    Returns
    -------
    TicketLog
        Tickets and events in the canonical schema.

    Raises
    ------
    WrongType
        If `org` is not an Organisation.
    InvalidInterval
        If `end` is not after `start`.
    OutOfRange
        If `tickets_per_day` or `seed` is negative.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member, Organisation, Team
    >>> org = Organisation(name="Acme", members=[Member(id="ann", name="Ann", timezone="Europe/Oslo", country="NO"),
    ...     Member(id="bo", name="Bo", timezone="Europe/Oslo", country="NO")],
    ...     teams=[Team(id="nordic", name="Nordic", lead="ann", members=["ann", "bo"])])
    >>> log = simulate_tickets(org, start=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    ...                        end=dt.datetime(2026, 11, 9, tzinfo=dt.UTC), tickets_per_day=20, seed=1)
    >>> log.tickets.height > 50, set(log.tickets["team"]) == {"nordic"}
    (True, True)
    """
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    lo, hi = as_utc(start, "start"), as_utc(end, "end")
    if hi <= lo:
        raise InvalidInterval("end", end, f"an instant after start {start.isoformat()}")
    if not tickets_per_day >= 0:
        raise OutOfRange("tickets_per_day", tickets_per_day, "a number >= 0")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise OutOfRange("seed", seed, "an integer >= 0")
    rng = np.random.default_rng(seed)
    t0, t1 = int(lo.timestamp()), int(hi.timestamp())
    teams = org.teams or (Team(id="all", name="All", lead=org.members[0].id, members=[m.id for m in org.members]),)
    sizes = np.array([len(t.members) for t in teams], float)
    created_parts, team_parts, assignee_parts = [], [], []
    for team, share in zip(teams, sizes / sizes.sum(), strict=True):
        created = _arrivals(rng, org, team, first=t0 // 86_400, last=t1 // 86_400, rate=tickets_per_day * share)
        created = created[(created >= t0) & (created < t1)]
        weights = np.array([0.3 if m == team.lead and len(team.members) > 1 else 1.0 for m in team.members])
        who = rng.choice(len(team.members), size=created.size, p=weights / weights.sum())
        created_parts.append(created)
        team_parts.append(np.full(created.size, team.id, dtype=object))
        assignee_parts.append(np.asarray(team.members, dtype=object)[who])
    created = np.concatenate(created_parts) if created_parts else np.empty(0, np.int64)
    order = np.argsort(created, kind="stable")
    created = created[order]
    team_of = np.concatenate(team_parts)[order]
    assignee = np.concatenate(assignee_parts)[order]
    log = _lifecycle(rng, created, team_of, assignee, t1)
    # Topics come from their own stream, so adding them left every other simulated column as it was.
    weights = np.array(list(_TOPICS.values()), float)
    pick = np.random.default_rng([seed, 1]).choice(len(_TOPICS), size=log.tickets.height, p=weights / weights.sum())
    topic = pl.Series("topic", np.asarray(list(_TOPICS), dtype=object)[pick], dtype=pl.String)
    return TicketLog(tickets=log.tickets.with_columns(topic), events=log.events)


def _lifecycle(  # noqa: PLR0915 - one straight-line vectorised simulation reads best in one place
    rng: np.random.Generator,
    created: npt.NDArray[np.int64],
    team: npt.NDArray[np.object_],
    assignee: npt.NDArray[np.object_],
    cutoff: int,
) -> TicketLog:
    n = created.size
    ids = np.array([f"T{i + 1:07d}" for i in range(n)], dtype=object)
    prio = rng.choice(4, size=n, p=_PRIORITY_P)
    channel = rng.choice(5, size=n, p=_CHANNEL_P)
    fast = np.where(channel == 1, 0.3, 1.0)  # chat is answered in minutes
    reply1 = created + _lognormal(rng, _REPLY_MEDIAN[prio] * fast, 1.0, n)
    pending = rng.random(n) < 0.35
    back = reply1 + 1 + _lognormal(rng, 10 * 3600.0, 1.2, n)
    reply2 = back + _lognormal(rng, 2 * 3600.0, 1.0, n)
    last = np.where(pending, reply2, reply1)
    hold = rng.random(n) < 0.08
    unhold = last + 1 + _lognormal(rng, 20 * 3600.0, 0.8, n)
    last = np.where(hold, unhold, last)
    solve1 = last + _lognormal(rng, 3600.0, 1.0, n)
    reopen = rng.random(n) < 0.06
    reopened = solve1 + _lognormal(rng, 86_400.0, 1.0, n)
    reply3 = reopened + _lognormal(rng, 3 * 3600.0, 1.0, n)
    solve2 = reply3 + _lognormal(rng, 1800.0, 1.0, n)
    final = np.where(reopen, solve2, solve1)
    close = final + _CLOSE_AFTER
    # Status events, in lifecycle order: (time, from, to, present?)
    steps = [
        (reply1, "new", "open", np.ones(n, bool)),
        (reply1 + 1, "open", "pending", pending),
        (back, "pending", "open", pending),
        (np.where(pending, reply2, reply1) + 1, "open", "on_hold", hold),
        (unhold, "on_hold", "open", hold),
        (solve1, "open", "solved", np.ones(n, bool)),
        (reopened, "solved", "open", reopen),
        (solve2, "open", "solved", reopen),
        (close, "solved", "closed", np.ones(n, bool)),
    ]
    status = np.full(n, "new", dtype=object)
    solved_at = np.full(n, -1, np.int64)
    frames = []
    for at, src, dst, present in steps:
        keep = present & (at < cutoff)
        status = np.where(keep, dst, status)
        if dst == "solved":
            solved_at = np.where(keep, at, solved_at)
        frames.append(_events(ids[keep], at[keep], "status", actor=assignee[keep], src=src, dst=dst))
    solved_at = np.where(np.isin(status, ["solved", "closed"]), solved_at, -1)
    for at, present in ((reply1, np.ones(n, bool)), (reply2, pending), (reply3, reopen)):
        keep = present & (at < cutoff)
        frames.append(_events(ids[keep], at[keep], "reply", actor=assignee[keep]))
    note = rng.random(n) < 0.15
    note_at = created + (reply1 - created) // 2
    keep = note & (note_at < cutoff)
    frames.append(_events(ids[keep], note_at[keep], "note", actor=assignee[keep]))
    assign_at = created + np.minimum(60, (reply1 - created) // 2)
    keep = assign_at < cutoff
    frames.append(_events(ids[keep], assign_at[keep], "assign", value=assignee[keep]))
    events = pl.concat(frames).sort("at", "ticket_id", "kind", maintain_order=True)
    # Surveys, answered on solved tickets; faster resolutions are rated better.
    solved = solved_at >= 0
    hours = np.where(solved, (solved_at - created) / 3600, 0.0)
    answered = solved & (rng.random(n) < 0.25)
    score = np.clip(np.rint(4.6 - 0.015 * hours - 0.6 * reopen + rng.normal(0, 0.8, n)), 1, 5).astype(np.int64)
    nps = np.clip(np.rint(score * 2 - 0.5 + rng.normal(0, 1.2, n)), 0, 10).astype(np.int64)
    ces = np.clip(np.rint(score * 1.3 + rng.normal(0, 0.8, n)), 1, 7).astype(np.int64)
    nps_on = solved & (rng.random(n) < 0.1)
    ces_on = solved & (rng.random(n) < 0.1)
    replies = 1 + pending + reopen
    handle = np.where(solved, replies * _lognormal(rng, 600.0, 0.6, n), 0)
    tickets = pl.DataFrame(
        {
            "ticket_id": ids.astype(str),
            "created_at": _utc(created),
            "channel": np.asarray(CHANNELS, dtype=object)[channel].astype(str),
            "priority": np.asarray(PRIORITIES, dtype=object)[prio].astype(str),
            "requester": np.char.add("C", (rng.integers(1, max(2, n // 2), n)).astype(str)),
            "assignee": assignee.astype(str),
            "team": team.astype(str),
            "status": status.astype(str),
            "solved_at": _utc(solved_at),
            "satisfaction": pl.Series(
                np.where(answered, np.where(score >= 4, "good", "bad"), ""), dtype=pl.String
            ).replace("", None),
            "csat_score": pl.Series(np.where(answered, score, 0)).replace(0, None)
            if n
            else pl.Series([], dtype=pl.Int64),
            "nps": pl.Series(np.where(nps_on, nps, -1)).replace(-1, None) if n else pl.Series([], dtype=pl.Int64),
            "ces": pl.Series(np.where(ces_on, ces, 0)).replace(0, None) if n else pl.Series([], dtype=pl.Int64),
            "handle_seconds": pl.Series(np.where(solved, handle, -1)).replace(-1, None)
            if n
            else pl.Series([], dtype=pl.Int64),
        },
    )
    return TicketLog(tickets=tickets, events=events)


def _utc(seconds: npt.NDArray[np.int64]) -> pl.Series:
    """Epoch seconds as a UTC datetime series; negative values (not happened) become null."""
    values = pl.Series("v", seconds * 1_000_000, dtype=pl.Int64)
    return pl.select(pl.when(values >= 0).then(values).otherwise(None).cast(pl.Datetime("us", "UTC"))).to_series()


def _events(
    ids: npt.NDArray[np.object_],
    at: npt.NDArray[np.int64],
    kind: str,
    *,
    actor: npt.NDArray[np.object_] | None = None,
    src: str | None = None,
    dst: str | None = None,
    value: npt.NDArray[np.object_] | None = None,
) -> pl.DataFrame:
    n = ids.size
    return pl.DataFrame(
        {
            "ticket_id": pl.Series(ids.astype(str), dtype=pl.String),
            "at": _utc(at.astype(np.int64)),
            "kind": pl.Series([kind] * n, dtype=pl.String),
            "actor": pl.Series(actor.astype(str) if actor is not None else [None] * n, dtype=pl.String),
            "from_status": pl.Series([src] * n, dtype=pl.String),
            "to_status": pl.Series([dst] * n, dtype=pl.String),
            "value": pl.Series(value.astype(str) if value is not None else [None] * n, dtype=pl.String),
        }
    )
