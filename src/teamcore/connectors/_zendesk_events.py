"""Zendesk's audits and their child events as teamcore's canonical events.

:func:`canonical_events` reads the Incremental Export's ticket events (audits): each audit of a kept ticket is
accounted for under ``ticket_events`` and each of its child events under ``child_events``. Status changes, agents'
public and private comments, assignments and priority changes become canonical events (the rules are described in
:mod:`teamcore.connectors._zendesk`); every other child event is ignored with its reason counted.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from teamcore.connectors._zendesk_job import DEFAULT_PRIORITY, ISO_EXPECTED, SYSTEM, Job, instant, shown, source_key
from teamcore.connectors._zendesk_read import FILE, POS

__all__ = ["canonical_events"]

_UNSOLVED: Final = ("new", "open", "pending", "on_hold")


def canonical_events(job: Job, tickets: pl.DataFrame, users: pl.DataFrame) -> pl.DataFrame:
    """The canonical events of the audits' child events, sorted by ticket and time."""
    e = "ticket_events"
    total = int(job.raw.frames[e]["child_events"].list.len().sum())
    frame = job.raw.frames[e].with_columns(
        pl.col("ticket_id").cast(pl.String),
        pl.coalesce(
            instant("created_at"),
            pl.from_epoch(pl.col("timestamp").cast(pl.Int64, strict=False), time_unit="s")
            .dt.replace_time_zone("UTC")
            .cast(pl.Datetime("us", "UTC")),
        ).alias("__at"),
    )
    frame = job.split(
        e,
        frame,
        [
            (pl.col("ticket_id").is_null(), pl.lit("ticket_id: expected a ticket id, got None")),
            (
                pl.col("__at").is_null(),
                pl.lit(f"created_at: expected {ISO_EXPECTED} (or timestamp: epoch seconds), got ")
                + shown("created_at"),
            ),
        ],
    )
    frame = job.of_kept_tickets(e, frame, "an audit")
    frame = frame.with_columns(pl.col("id").cast(pl.String), pl.col("updater_id").cast(pl.String))
    frame = frame.sort(FILE, POS)
    repeated = pl.col("id").is_not_null() & pl.col("id").is_duplicated() & ~pl.col("id").is_first_distinct()
    job.ignore(e, frame.filter(repeated), "the same audit (id) read again")
    frame = frame.filter(~repeated).with_row_index("__audit")
    late = pl.col("__at") < pl.col("__at").cum_max().over("ticket_id")
    for ticket_id in frame.filter(late)["ticket_id"].unique().sort():
        job.ledger.flag(ticket_id, "out_of_order", "audits listed out of time order in the export; sorted by time")
    children = (
        frame.select(FILE, POS, "__audit", "ticket_id", "__at", "updater_id", "child_events")
        .explode("child_events")
        .filter(pl.col("child_events").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("__audit").alias("__child"))
        .unnest("child_events")
    )
    job.ledger.seen("child_events", total)
    if total > children.height:
        why = "in an audit ignored or rejected (counted under ticket_events)"
        job.ledger.ignore("child_events", why, total - children.height)
    audits_used, events = _children(job, children, tickets, users)
    job.ledger.used(e, audits_used.height)
    empty = frame.join(audits_used, on="__audit", how="anti")
    job.ignore(e, empty, "no child event a KPI reads (each child is counted under child_events)")
    return events


def _children(
    job: Job, c: pl.DataFrame, tickets: pl.DataFrame, users: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Account for each child event; return the audits that gave a row and the canonical events."""
    e = "child_events"
    m = job.mapping
    # The flattened shape names the field by its key ({"status": "open"}): only for Create and Change events,
    # as other events carry such keys for context (a SatisfactionRating event has an assignee_id).
    flat = pl.coalesce("event_type", "type").is_in(["Create", "Change"])
    field = pl.coalesce(
        source_key("field_name"),
        *[pl.when(flat & pl.col(k).is_not_null()).then(pl.lit(k)) for k in ("status", "priority", "assignee_id")],
    )
    value = pl.coalesce(
        "value", *[pl.when(flat).then(pl.col(k).cast(pl.String)) for k in ("status", "priority", "assignee_id")]
    )
    c = c.with_columns(
        pl.coalesce("event_type", "type").alias("__type"),
        field.alias("__field"),
        value.alias("__value"),
        pl.coalesce("public", "comment_public").alias("__public"),
        pl.coalesce(pl.col("author_id").cast(pl.String), "updater_id").alias("__author"),
    ).join(tickets.select("ticket_id", "requester"), on="ticket_id", how="left")
    c = c.join(users.rename({"who": "__author"}), on="__author", how="left")
    role = pl.coalesce(
        "role",
        pl.when(pl.col("__author") == pl.col("requester")).then(pl.lit("customer")),
        pl.when(pl.col("__author") == SYSTEM).then(pl.lit("system")),
        pl.lit("agent"),
    )
    updater_role = pl.coalesce(
        pl.col("updater_id").replace_strict(dict(users.iter_rows()), default=None, return_dtype=pl.String),
        pl.when(pl.col("updater_id") == pl.col("requester")).then(pl.lit("customer")),
        pl.when(pl.col("updater_id") == SYSTEM).then(pl.lit("system")),
        pl.lit("agent"),
    )
    t = pl.col("__type")
    f = pl.col("__field")
    is_status = t.is_in(["Create", "Change"]) & (f == "status")
    is_comment = t.is_in(["Comment", "VoiceComment"])
    c = c.with_columns(
        role.alias("__role"),
        pl.when(updater_role == "agent").then(pl.col("updater_id")).alias("__actor"),
        source_key("__value").replace_strict(dict(m.statuses), default=None, return_dtype=pl.String).alias("__to"),
        source_key("previous_value")
        .replace_strict(dict(m.statuses), default=None, return_dtype=pl.String)
        .alias("__from"),
        source_key("__value").replace_strict(dict(m.priorities), default=None, return_dtype=pl.String).alias("__prio"),
    )
    statuses = f"a status the statuses mapping knows ({', '.join(sorted(m.statuses))})"
    c = c.with_columns(
        pl.when(is_status & (source_key("__value") == "deleted"))
        .then(pl.lit("status change to deleted (the ticket is ignored)"))
        .when(is_status & (t == "Create") & (pl.col("__to") == "new"))
        .then(pl.lit("status set at creation (the ticket starts new)"))
        .when((t == "Create") & (f == "priority"))
        .then(pl.lit("priority set at creation (the ticket carries its priority)"))
        .when(is_comment & (pl.col("__role") != "agent"))
        .then(pl.lit("a customer's or the system's comment, not an agent reply"))
        .when(
            ~is_status
            & ~is_comment
            & ~(f == "assignee_id").fill_null(value=False)
            & ~((t == "Change") & (f == "priority")).fill_null(value=False)
        )
        .then(
            pl.when(f.is_not_null())
            .then(pl.lit("") + t.fill_null("?") + pl.lit(" of ") + f + pl.lit(" (not read by any KPI)"))
            .otherwise(t.fill_null("an untyped") + pl.lit(" event (not read by any KPI)"))
        )
        .alias("__ignored")
    )
    job.ignore(e, c.filter(pl.col("__ignored").is_not_null()), pl.col("__ignored"))
    c = c.filter(pl.col("__ignored").is_null())
    checks = [
        (is_status & pl.col("__to").is_null(), pl.lit(f"value: expected {statuses}, got ") + shown("__value")),
        (
            is_status & (t == "Change") & pl.col("previous_value").is_not_null() & pl.col("__from").is_null(),
            pl.lit(f"previous_value: expected {statuses}, got ") + shown("previous_value"),
        ),
        (
            (t == "Change") & (f == "priority") & pl.col("__value").is_not_null() & pl.col("__prio").is_null(),
            pl.lit("value: expected a priority the priorities mapping knows, got ") + shown("__value"),
        ),
        (
            is_comment & pl.col("__public").is_null(),
            pl.lit("public: expected true or false, got None"),
        ),
    ]
    why: Any = pl.lit(None, pl.String)
    for bad, reason in reversed(checks):
        why = pl.when(bad.fill_null(value=False)).then(reason).otherwise(why)
    c = c.with_columns(why.alias("__why"))
    failed = c.filter(pl.col("__why").is_not_null()).select(FILE, POS, "__child", "__why", "ticket_id")
    for file, pos, child, reason, ticket_id in failed.iter_rows():
        job.ledger.reject(e, f"{job.raw.entry(file, pos)} child {child + 1}", reason, ticket_id=ticket_id)
    c = c.filter(pl.col("__why").is_null())
    job.ledger.used(e, c.height)
    return c.select("__audit").unique(), _canonical(job, c, is_status, is_comment)


def _canonical(job: Job, c: pl.DataFrame, is_status: pl.Expr, is_comment: pl.Expr) -> pl.DataFrame:
    t, f = pl.col("__type"), pl.col("__field")
    c = c.sort("ticket_id", "__at", "__audit", "__child")
    status = c.filter(is_status).with_columns(
        pl.coalesce(
            pl.when(t == "Create").then(pl.lit("new")),
            "__from",
            pl.col("__to").shift(1).over("ticket_id"),
            pl.lit("new"),
        ).alias("from_status")
    )
    jump = (pl.col("to_status_") == "closed") & pl.col("from_status").is_in(_UNSOLVED)
    status = status.with_columns(pl.col("__to").alias("to_status_"))
    for ticket_id in status.filter(jump)["ticket_id"].unique().sort():
        job.ledger.flag(
            ticket_id,
            "closed_without_solve",
            "closed straight from an unsolved status; recorded as solved then closed at the same instant",
        )
    base = ["ticket_id", "__at", "__audit", "__child"]
    solve = status.filter(jump).select(
        *base,
        pl.lit("status").alias("kind"),
        pl.col("__actor").alias("actor"),
        "from_status",
        pl.lit("solved").alias("to_status"),
        pl.lit(None, pl.String).alias("value"),
    )
    close = status.filter(jump).select(
        *base[:-1],
        (pl.col("__child") + 0.5).alias("__child"),
        pl.lit("status").alias("kind"),
        pl.col("__actor").alias("actor"),
        pl.lit("solved").alias("from_status"),
        pl.lit("closed").alias("to_status"),
        pl.lit(None, pl.String).alias("value"),
    )
    plain = status.filter(~jump).select(
        *base,
        pl.lit("status").alias("kind"),
        pl.col("__actor").alias("actor"),
        "from_status",
        pl.col("to_status_").alias("to_status"),
        pl.lit(None, pl.String).alias("value"),
    )
    others = c.filter(~is_status).select(
        *base,
        pl.when(is_comment & pl.col("__public"))
        .then(pl.lit("reply"))
        .when(is_comment)
        .then(pl.lit("note"))
        .when(f == "assignee_id")
        .then(pl.lit("assign"))
        .otherwise(pl.lit("priority"))
        .alias("kind"),
        pl.when(is_comment).then(pl.col("__author")).otherwise(pl.col("__actor")).alias("actor"),
        pl.lit(None, pl.String).alias("from_status"),
        pl.lit(None, pl.String).alias("to_status"),
        pl.when(f == "assignee_id")
        .then(pl.col("__value"))
        .when(~is_comment)
        .then(pl.col("__prio").fill_null(DEFAULT_PRIORITY))
        .alias("value"),
    )
    parts = [p.with_columns(pl.col("__child").cast(pl.Float64)) for p in (solve, close, plain, others)]
    return pl.concat(parts).sort("ticket_id", "__at", "__audit", "__child").rename({"__at": "at"})
