"""Zendesk's per-ticket records: users, tickets, satisfaction ratings, Ticket Metrics and Ticket Metric Events.

Each function applies one entity's rules (described in :mod:`teamcore.connectors._zendesk`) to its whole frame and
accounts for every record in the :class:`~teamcore.connectors._zendesk_job.Job`'s ledger: the latest version of
each record is kept, deleted tickets are ignored with their records, and the tickets' ``solved_at`` comes from the
events, Ticket Metrics' own ``solved_at`` and minutes kept beside them for reconciliation.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from teamcore.connectors._zendesk_job import DEFAULT_PRIORITY, ISO_EXPECTED, Job, instant, shown, source_key

__all__ = [
    "VENDOR_METRICS",
    "answered_ratings",
    "kept_tickets",
    "latest_metrics",
    "metric_events",
    "solves",
    "user_roles",
    "vendor_minutes",
]

VENDOR_METRICS: Final = {
    "reply_time": "reply_time_in_minutes",
    "first_resolution_time": "first_resolution_time_in_minutes",
    "full_resolution_time": "full_resolution_time_in_minutes",
    "requester_wait_time": "requester_wait_time_in_minutes",
    "agent_wait_time": "agent_wait_time_in_minutes",
    "on_hold_time": "on_hold_time_in_minutes",
}
"""teamcore's vendor-metric name → the Ticket Metrics field holding its ``{"calendar", "business"}`` minutes."""


_MERGED_TAG: Final = "closed_by_merge"


def user_roles(job: Job) -> pl.DataFrame:
    """Users by id with their teamcore role (``agent``/``customer``/``system``)."""
    frame = job.raw.frames["users"].with_columns(pl.col("id").cast(pl.String))
    frame = job.split("users", frame, [(pl.col("id").is_null(), pl.lit("id: expected a user id, got None"))])
    frame = job.latest("users", frame, "id", ["updated_at"])
    roles = job.mapping.roles
    frame = frame.with_columns(
        source_key("role").replace_strict(dict(roles), default=None, return_dtype=pl.String).alias("role_as")
    )
    known = f"a source value the roles mapping knows ({', '.join(sorted(roles))})"
    frame = job.split(
        "users",
        frame,
        [(pl.col("role_as").is_null(), pl.lit(f"role: expected {known}, got ") + shown("role"))],
    )
    job.ledger.used("users", frame.height)
    return frame.select(pl.col("id").alias("who"), pl.col("role_as").alias("role"))


def kept_tickets(job: Job) -> pl.DataFrame:
    """The kept tickets with their canonical columns (``solved_at`` is filled by :meth:`solves`)."""
    e = "tickets"
    frame = job.raw.frames[e].with_columns(
        pl.col("id").cast(pl.String).alias("ticket_id"),
        instant("updated_at").alias("__updated"),
        pl.col("generated_timestamp").cast(pl.Int64, strict=False).alias("__generated"),
    )
    frame = job.split(
        e,
        frame,
        [
            (
                pl.col("ticket_id").is_null(),
                pl.lit("id: expected a ticket id, got None"),
            )
        ],
    )
    frame = job.latest(e, frame, "ticket_id", ["__updated", "__generated"])
    deleted = source_key("status") == "deleted"
    job.ignore(e, frame.filter(deleted), "deleted in Zendesk (status 'deleted')")
    job.gone = frame.filter(deleted).select("ticket_id")
    frame = frame.filter(~deleted)
    m = job.mapping
    frame = frame.with_columns(
        instant("created_at").alias("created_at_utc"),
        source_key("status").replace_strict(dict(m.statuses), default=None, return_dtype=pl.String).alias("status_as"),
        source_key("priority")
        .replace_strict(dict(m.priorities), default=None, return_dtype=pl.String)
        .alias("priority_as"),
        pl.col("via").struct.field("channel").str.strip_chars().str.to_lowercase().alias("__channel"),
    )
    statuses = f"a source value the statuses mapping knows ({', '.join(sorted(m.statuses))})"
    priorities = f"a source value the priorities mapping knows ({', '.join(sorted(m.priorities))})"
    frame = job.split(
        e,
        frame,
        [
            (
                pl.col("created_at_utc").is_null(),
                pl.lit(f"created_at: expected {ISO_EXPECTED}, got ") + shown("created_at"),
            ),
            (pl.col("status_as").is_null(), pl.lit(f"status: expected {statuses}, got ") + shown("status")),
            (
                pl.col("priority").is_not_null() & pl.col("priority_as").is_null(),
                pl.lit(f"priority: expected {priorities} or null, got ") + shown("priority"),
            ),
        ],
    )
    job.ledger.used(e, frame.height)
    for ticket_id in frame.filter(pl.col("priority").is_null())["ticket_id"]:
        job.ledger.flag(ticket_id, "priority_default", f"Zendesk priority is null; teamcore uses {DEFAULT_PRIORITY!r}")
    merged = (pl.col("status_as") == "closed") & pl.col("tags").list.contains(_MERGED_TAG)
    for ticket_id in frame.filter(merged.fill_null(value=False))["ticket_id"]:
        job.ledger.flag(
            ticket_id, "merged", "closed by a merge into another ticket (tag closed_by_merge); kept as closed"
        )
    job.kept = frame.select("ticket_id")
    channel = pl.col("__channel").replace(dict(m.channels))
    score = pl.col("satisfaction_rating").struct.field("score").str.to_lowercase()
    return frame.select(
        "ticket_id",
        pl.col("created_at_utc").alias("created_at"),
        pl.when(pl.col("__channel") != "").then(channel).alias("channel"),
        pl.col("priority_as").fill_null(DEFAULT_PRIORITY).alias("priority"),
        pl.col("requester_id").cast(pl.String).alias("requester"),
        pl.col("assignee_id").cast(pl.String).alias("assignee"),
        pl.col("group_id").cast(pl.String).alias("team"),
        pl.col("status_as").alias("status"),
        pl.when(score.is_in(["good", "bad"])).then(score).alias("satisfaction"),
        pl.lit(None, pl.Int64).alias("csat_score"),
        pl.lit(None, pl.Int64).alias("handle_seconds"),
        pl.lit(None, pl.String).alias("topic"),
    )


def answered_ratings(job: Job) -> pl.DataFrame:
    """The latest answered satisfaction rating per kept ticket (``good``/``bad``)."""
    e = "satisfaction_ratings"
    frame = job.raw.frames[e].with_columns(
        pl.col("ticket_id").cast(pl.String),
        pl.coalesce(instant("updated_at"), instant("created_at")).alias("__at"),
        source_key("score").alias("__score"),
    )
    frame = job.of_kept_tickets(e, frame, "a rating")
    frame = job.latest(e, frame, "ticket_id", ["__at"])
    answered = pl.col("__score").is_in(["good", "bad"])
    job.ignore(e, frame.filter(~answered.fill_null(value=False)), "survey offered or not offered, not answered")
    frame = frame.filter(answered.fill_null(value=False))
    job.ledger.used(e, frame.height)
    return frame.select("ticket_id", pl.col("__score").alias("rated"))


def latest_metrics(job: Job) -> pl.DataFrame:
    """The latest Ticket Metrics record per kept ticket."""
    e = "ticket_metrics"
    frame = job.raw.frames[e].with_columns(
        pl.col("ticket_id").cast(pl.String), instant("updated_at").alias("__updated")
    )
    frame = job.of_kept_tickets(e, frame, "ticket metrics")
    frame = job.latest(e, frame, "ticket_id", ["__updated"])
    job.ledger.used(e, frame.height)
    return frame


def solves(job: Job, tickets: pl.DataFrame, events: pl.DataFrame, metrics: pl.DataFrame) -> pl.DataFrame:
    """``solved_at`` from the latest solve event of a solved or closed ticket, with the disagreement flags."""
    status = events.filter(pl.col("kind") == "status")
    last_solve = (
        status.filter(pl.col("to_status") == "solved").group_by("ticket_id").agg(pl.col("at").max().alias("__solve"))
    )
    last_status = status.group_by("ticket_id").agg(pl.col("to_status").last().alias("__last"))
    vendor = metrics.select("ticket_id", instant("solved_at").alias("__vendor_solve"))
    t = (
        tickets.join(last_solve, on="ticket_id", how="left")
        .join(last_status, on="ticket_id", how="left")
        .join(vendor, on="ticket_id", how="left")
    )
    done = pl.col("status").is_in(["solved", "closed"])
    t = t.with_columns(
        pl.when(done)
        .then(pl.coalesce("__solve", pl.when(pl.col("__last").is_null()).then("__vendor_solve")))
        .alias("solved_at")
    )
    differ = (
        done
        & pl.col("__vendor_solve").is_not_null()
        & pl.col("__solve").is_not_null()
        & (pl.col("__vendor_solve") != pl.col("__solve"))
    )
    for ticket_id, ours, theirs in t.filter(differ).select("ticket_id", "__solve", "__vendor_solve").iter_rows():
        job.ledger.flag(
            ticket_id,
            "solved_at_disagrees",
            f"Ticket Metrics' solved_at {theirs:%Y-%m-%dT%H:%M:%SZ} differs from the latest solve event "
            f"{ours:%Y-%m-%dT%H:%M:%SZ}; teamcore uses the event",
        )
    moved = pl.col("__last").is_not_null() & (pl.col("__last") != pl.col("status"))
    for ticket_id, last, now in t.filter(moved).select("ticket_id", "__last", "status").iter_rows():
        job.ledger.flag(
            ticket_id,
            "status_disagrees",
            f"the ticket's status {now!r} differs from its last status event (to {last!r}); events may be missing",
        )
    return t


def vendor_minutes(metrics: pl.DataFrame) -> pl.DataFrame:
    """Ticket Metrics' minutes: one row per ticket × metric × basis."""
    parts = [
        metrics.select(
            "ticket_id",
            pl.lit(name).alias("metric"),
            pl.lit(basis).alias("basis"),
            pl.col(field).struct.field(basis).alias("minutes"),
            pl.lit(f"{field}.{basis}").alias("source_field"),
        )
        for name, field in VENDOR_METRICS.items()
        for basis in ("calendar", "business")
    ]
    schema = {
        "ticket_id": pl.String,
        "metric": pl.String,
        "basis": pl.String,
        "minutes": pl.Float64,
        "source_field": pl.String,
    }
    return (
        pl.concat(parts).cast(pl.Schema(schema)).sort("ticket_id", "metric", "basis")
        if parts
        else pl.DataFrame(schema=schema)
    )


def metric_events(job: Job) -> pl.DataFrame:
    """Ticket Metric Events of kept tickets: ``ticket_id, metric, instance_id, type, time, sla, status``."""
    e = "ticket_metric_events"
    frame = job.raw.frames[e].with_columns(pl.col("ticket_id").cast(pl.String), instant("time").alias("at"))
    frame = job.split(
        e, frame, [(pl.col("at").is_null(), pl.lit(f"time: expected {ISO_EXPECTED}, got ") + shown("time"))]
    )
    frame = job.of_kept_tickets(e, frame, "a metric event")
    job.ledger.used(e, frame.height)
    return frame.select(
        "ticket_id",
        "metric",
        pl.col("instance_id").cast(pl.String),
        "type",
        "at",
        "sla",
        "status",
        pl.col("id").cast(pl.String).alias("event_id"),
    ).sort("ticket_id", "at", "event_id")
