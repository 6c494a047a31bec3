"""Business clocks: teamcore's (each minute on the schedule and hours in force then) and the ones vendors use.

A :class:`Clock` gives every ticket a calendar key and every key its open intervals, so that
:func:`teamcore.kpi.ticket_facts` measures business time per ticket (the key stands in the ``team`` column). Besides
teamcore's own, :func:`business_clocks` builds one schedule for the whole ticket (the one in force at the metric's
event, today's, or the one in force at creation, after Zendesk and Freshdesk), and the hours read in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import attrs
import polars as pl

from teamcore.connectors._rules import METRIC_DURATIONS
from teamcore.connectors._schedules import Assignment, Schedule, Schedules
from teamcore.kpi import ticket_facts
from teamcore.scheduling import IntervalSet

__all__ = ["Clock", "business_clocks", "durations_in_minutes", "event_moments"]

# One stretch of a ticket's business clock: [from, to), the schedule, and which of its versions counts ("in force":
# each instant on the version in force then; "latest": today's; or a Schedule: that version).
_Segment = tuple[dt.datetime, dt.datetime, str, "str | Schedule"]


@attrs.frozen(kw_only=True)
class Clock:
    """How business minutes are counted: a cause (``""`` for teamcore's rule), what it says, and the calendars."""

    cause: str
    says: str
    calendars: Mapping[str, IntervalSet]
    keys: Mapping[str, str]  # ticket id → calendar key
    metrics: frozenset[str] | None = None  # the vendor metrics this clock may explain (None: all)


def event_moments(events: pl.DataFrame) -> dict[str, dict[str, dt.datetime]]:
    """Per single-event vendor metric, each ticket's instant of the event that ends it (reply, first or last solve)."""
    replies = events.filter(pl.col("kind") == "reply").group_by("ticket_id").agg(pl.col("at").min())
    solves = events.filter((pl.col("kind") == "status") & (pl.col("to_status") == "solved")).group_by("ticket_id")
    first, last = solves.agg(pl.col("at").min()), solves.agg(pl.col("at").max())
    return {
        metric: dict(frame.iter_rows())
        for metric, frame in (("reply_time", replies), ("first_resolution_time", first), ("full_resolution_time", last))
    }


def business_clocks(
    book: Schedules,
    tickets: pl.DataFrame,
    lo: dt.datetime,
    hi: dt.datetime,
    moments: Mapping[str, Mapping[str, dt.datetime]],
    *,
    own_only: bool = False,
) -> list[Clock]:
    """The business clock of teamcore (each minute on the schedule and version in force then) and the others."""
    created = dict(zip(tickets["ticket_id"].to_list(), tickets["created_at"].to_list(), strict=True))
    plans = {t: a for t in created if (a := book.schedule_of(t)) is not None}

    def stretches(plan: Assignment) -> list[tuple[dt.datetime, dt.datetime, str]]:
        starts = [lo if a is None else max(lo, a) for a, _ in plan]
        return [(a, b, s) for a, b, (_, s) in zip(starts, [*starts[1:], hi], plan, strict=True) if a < b]

    def clock(
        cause: str,
        says: str,
        recipe: Callable[[str, Assignment], list[_Segment] | None],
        zone: str | None,
        metrics: frozenset[str] | None = None,
    ) -> Clock:
        calendars: dict[str, IntervalSet] = {}
        keys: dict[str, str] = {}
        for ticket, plan in plans.items():
            segments = recipe(ticket, plan)
            if segments is None:
                continue
            key = repr(
                [
                    (a.isoformat(), b.isoformat(), s, v if isinstance(v, str) else v.updated_at)
                    for a, b, s, v in segments
                ]
            )
            if key not in calendars:
                calendars[key] = IntervalSet.union_of(_open(book, segment, zone) for segment in segments)
            keys[ticket] = key
        return Clock(cause=cause, says=says, calendars=calendars, keys=keys, metrics=metrics)

    def whole(schedule: str, version: str | Schedule) -> list[_Segment]:
        return [(lo, hi, schedule, version)]

    own = clock("", "", lambda _t, plan: [(a, b, s, "in force") for a, b, s in stretches(plan)], None)
    found = [own]
    if own_only:
        return found
    versioned = any(len(book.history(s)) > 1 for plan in plans.values() for _, s in plan)
    moved = any(len(plan) > 1 for plan in plans.values())
    if versioned or moved:

        def at_event(metric: str) -> Callable[[str, Assignment], list[_Segment] | None]:
            def recipe(ticket: str, plan: Assignment) -> list[_Segment] | None:
                moment = moments.get(metric, {}).get(ticket)
                if moment is None:
                    return None
                schedule = [s for a, s in plan if a is None or a <= moment][-1]
                return whole(schedule, book.in_force(schedule, moment))

            return recipe

        for metric, event in (
            ("reply_time", "the first public reply"),
            ("first_resolution_time", "the first solve"),
            ("full_resolution_time", "the latest solve"),
        ):
            found.append(
                clock(
                    "schedule",
                    f"the schedule in force at {event} counts for the whole ticket (Zendesk's single-event metrics; "
                    "teamcore counts each minute on the hours in force then)",
                    at_event(metric),
                    None,
                    frozenset({metric}),
                )
            )
        found.append(
            clock(
                "schedule",
                "the ticket's current schedule, as it is today, counts for the whole ticket (Zendesk recomputes on "
                "the hours in force when it computes; teamcore counts each minute on the hours in force then)",
                lambda _t, plan: whole(plan[-1][1], "latest"),
                None,
            )
        )
        found.append(
            clock(
                "schedule",
                "the schedule in force when the ticket was created counts for the whole ticket (teamcore counts each "
                "minute on the hours in force then)",
                lambda t, plan: whole(plan[0][1], book.in_force(plan[0][1], created[t])),
                None,
            )
        )
    if moved:
        found.append(
            clock(
                "schedule",
                "the ticket's last schedule counts for the whole ticket, before it was applied too (teamcore counts "
                "each minute on the schedule applied then)",
                lambda _t, plan: whole(plan[-1][1], "in force"),
                None,
            )
        )
    zones = sorted({v.timezone for plan in plans.values() for _, s in plan for v in book.history(s)})
    if zones and not set(zones) <= {"Etc/UTC", "UTC"}:
        found.append(
            clock(
                "timezone",
                f"the schedule's hours and holidays are read in UTC instead of {', '.join(zones)}",
                lambda _t, plan: [(a, b, s, "in force") for a, b, s in stretches(plan)],
                "UTC",
            )
        )
    return found


def _open(book: Schedules, segment: _Segment, zone: str | None) -> IntervalSet:
    lo, hi, schedule, version = segment
    if version == "in force":
        return book.open_intervals(schedule, lo, hi, zone=zone)
    chosen = book.history(schedule)[-1] if version == "latest" else version
    assert isinstance(chosen, Schedule)  # "in force" and "latest" are the only texts
    return chosen.open_intervals(lo, hi, zone=zone)


def durations_in_minutes(tickets: pl.DataFrame, events: pl.DataFrame, clock: Clock | None) -> pl.DataFrame:
    """The durations per ticket in minutes: calendar time (`clock` ``None``), or on `clock`'s calendars."""
    durations = list(dict.fromkeys(METRIC_DURATIONS.values()))
    if clock is None:
        facts = ticket_facts(tickets, events).to_polars()
    else:
        keyed = tickets.with_columns(pl.col("ticket_id").replace_strict(clock.keys, default=None).alias("team"))
        calendars: dict[str | None, IntervalSet] = {k: v for k, v in clock.calendars.items()}  # noqa: C416
        facts = ticket_facts(keyed, events, clock="business", calendars=calendars).to_polars()
    return facts.select("ticket_id", *[(pl.col(d) / 60).alias(d) for d in durations])
