"""The alternative rules a helpdesk may follow, per vendor metric, and the data each one reads.

:func:`~teamcore.connectors.reconcile` tries these after teamcore's own rule. Each :class:`Rule` names its cause,
says in words what the vendor does differently, and reads one *data set*: the import itself, or the import rewritten
the way the rule sees it (:func:`datasets`): internal notes counted as replies, replies only after the requester's
first comment, the ticket as it stood at its first solve, or a ticket unsolved now as if solved at its last status
change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

import attrs
import polars as pl

__all__ = ["METRIC_DURATIONS", "RULES", "Rule", "column", "datasets"]

METRIC_DURATIONS: Final = {
    "reply_time": "first_reply",
    "first_resolution_time": "first_resolution",
    "full_resolution_time": "full_resolution",
    "requester_wait_time": "requester_wait",
    "agent_wait_time": "agent_wait",
    "on_hold_time": "on_hold",
}
"""Vendor metric name → the teamcore duration (:data:`teamcore.kpi.DURATIONS`) it is compared with."""


@attrs.frozen(kw_only=True)
class Rule:
    """One alternative rule: its cause, what it says, the data set it reads and how it gives a duration."""

    cause: str
    says: str
    dataset: str
    value: Callable[[Mapping[str, float | None]], float | None]


def column(name: str) -> Callable[[Mapping[str, float | None]], float | None]:
    return lambda row: row.get(name)


def _sum(first: str, second: str, sign: int) -> Callable[[Mapping[str, float | None]], float | None]:
    def value(row: Mapping[str, float | None]) -> float | None:
        a, b = row.get(first), row.get(second)
        return None if a is None or b is None else a + sign * b

    return value


# The rules per vendor metric, tried after teamcore's own. Data sets: "base" (the import), "any_reply" (internal
# notes count as replies), "after_requester" (replies after the requester's first comment, from that comment),
# "first_solve" (the ticket as it stood at its first solve) and "so_far" (a ticket unsolved now, as if solved at its
# last status change).
RULES: Final[Mapping[str, tuple[Rule, ...]]] = {
    "reply_time": (
        Rule(
            cause="definition",
            says="the first agent response of any kind counts, an internal note too (teamcore: public replies only)",
            dataset="any_reply",
            value=column("first_reply"),
        ),
        Rule(
            cause="definition",
            says="only public agent replies after the requester's first comment count, measured from that comment "
            "(Zendesk's reply time)",
            dataset="after_requester",
            value=column("first_reply"),
        ),
    ),
    "first_resolution_time": (
        Rule(
            cause="reopen",
            says="the ticket's first solve counts although it was reopened and is unsolved now (teamcore leaves "
            "unsolved tickets out)",
            dataset="first_solve",
            value=column("first_resolution"),
        ),
        Rule(
            cause="reopen",
            says="the latest solve counts as the first resolution",
            dataset="base",
            value=column("full_resolution"),
        ),
    ),
    "full_resolution_time": (
        Rule(
            cause="reopen",
            says="the first solve counts as the full resolution (teamcore: the latest solve)",
            dataset="base",
            value=column("first_resolution"),
        ),
    ),
    "requester_wait_time": (
        Rule(
            cause="pauses",
            says="on-hold time is not counted as requester wait (teamcore and Zendesk count it)",
            dataset="base",
            value=_sum("requester_wait", "on_hold", -1),
        ),
        Rule(
            cause="pauses",
            says="pending time is counted as requester wait (teamcore counts it as agent wait)",
            dataset="base",
            value=_sum("requester_wait", "agent_wait", 1),
        ),
        Rule(
            cause="reopen",
            says="the wait up to the first solve counts (teamcore: up to the latest solve)",
            dataset="first_solve",
            value=column("requester_wait"),
        ),
        Rule(
            cause="unsolved",
            says="the requester wait of a ticket unsolved now counts, up to its last status change "
            "(teamcore: solved tickets only)",
            dataset="so_far",
            value=column("requester_wait"),
        ),
    ),
    "agent_wait_time": (
        Rule(
            cause="pauses",
            says="on-hold time is counted as agent wait (teamcore: pending only)",
            dataset="base",
            value=_sum("agent_wait", "on_hold", 1),
        ),
        Rule(
            cause="reopen",
            says="the wait up to the first solve counts (teamcore: up to the latest solve)",
            dataset="first_solve",
            value=column("agent_wait"),
        ),
        Rule(
            cause="unsolved",
            says="the agent wait of a ticket unsolved now counts, up to its last status change "
            "(teamcore: solved tickets only)",
            dataset="so_far",
            value=column("agent_wait"),
        ),
    ),
    "on_hold_time": (
        Rule(
            cause="reopen",
            says="the time on hold up to the first solve counts (teamcore: up to the latest solve)",
            dataset="first_solve",
            value=column("on_hold"),
        ),
        Rule(
            cause="unsolved",
            says="the time on hold of a ticket unsolved now counts, up to its last status change "
            "(teamcore: solved tickets only)",
            dataset="so_far",
            value=column("on_hold"),
        ),
    ),
}


def datasets(
    tickets: pl.DataFrame, events: pl.DataFrame, comments: pl.DataFrame | None
) -> dict[str, tuple[pl.DataFrame, pl.DataFrame]]:
    """The import, and the import rewritten as each alternative rule reads it."""
    out = {"base": (tickets, events)}
    out["any_reply"] = (
        tickets,
        events.with_columns(pl.when(pl.col("kind") == "note").then(pl.lit("reply")).otherwise("kind").alias("kind")),
    )
    first_comment = tickets.select("ticket_id", pl.col("created_at").alias("anchor"))
    if comments is not None and comments.height:
        earliest = comments.group_by("ticket_id").agg(pl.col("at").min().alias("said"))
        first_comment = first_comment.join(earliest, on="ticket_id", how="left").select(
            "ticket_id", pl.coalesce("said", "anchor").alias("anchor")
        )
    anchored = events.join(first_comment, on="ticket_id", how="left")
    out["after_requester"] = (
        tickets.join(first_comment, on="ticket_id", how="left")
        .with_columns(pl.col("anchor").alias("created_at"))
        .drop("anchor"),
        anchored.filter((pl.col("kind") != "reply") | (pl.col("at") > pl.col("anchor"))).drop("anchor"),
    )
    solves = events.filter((pl.col("kind") == "status") & (pl.col("to_status") == "solved"))
    first = solves.group_by("ticket_id").agg(pl.col("at").min().alias("first_solve"))
    cut = events.join(first, on="ticket_id", how="left")
    out["first_solve"] = (
        tickets.join(first, on="ticket_id", how="left")
        .with_columns(
            pl.when(pl.col("first_solve").is_not_null()).then(pl.lit("solved")).otherwise("status").alias("status"),
            pl.coalesce("first_solve", "solved_at").alias("solved_at"),
        )
        .drop("first_solve"),
        cut.filter(pl.col("first_solve").is_null() | (pl.col("at") <= pl.col("first_solve"))).drop("first_solve"),
    )
    # A ticket unsolved now, as if solved at its last status change (or its creation): its waits so far.
    changes = events.filter(pl.col("kind") == "status")
    last = changes.sort("at").group_by("ticket_id").agg(pl.col("at").last().alias("stop"), pl.col("to_status").last())
    open_now = tickets.filter(~pl.col("status").is_in(("solved", "closed"))).join(last, on="ticket_id", how="left")
    open_now = open_now.with_columns(
        pl.coalesce("stop", "created_at").alias("stop"), pl.coalesce("to_status", pl.lit("new")).alias("was")
    )
    stops = open_now.select(
        "ticket_id",
        pl.col("stop").alias("at"),
        pl.lit("status").alias("kind"),
        pl.col("was").alias("from_status"),
        pl.lit("solved").alias("to_status"),
    )
    out["so_far"] = (
        tickets.join(open_now.select("ticket_id", "stop"), on="ticket_id", how="left")
        .with_columns(
            pl.when(pl.col("stop").is_not_null()).then(pl.lit("solved")).otherwise("status").alias("status"),
            pl.coalesce("stop", "solved_at").alias("solved_at"),
        )
        .drop("stop"),
        pl.concat([events, stops], how="diagonal_relaxed"),
    )
    return out
