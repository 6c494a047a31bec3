"""Zendesk: the Incremental Export API's tickets and ticket events as teamcore's tickets and events.

:func:`load_zendesk` reads a folder (or one file) of Zendesk API JSON: paged ``.json`` files as the APIs return
them, or ``.jsonl`` files with one record a line (see :mod:`teamcore.connectors._zendesk_read`). The rules below run
as polars expressions over whole frames, the same for both forms.

Tickets
    The incremental export repeats a ticket each time it changes: the latest version (by ``updated_at``, then
    ``generated_timestamp``, then position in the export) is kept and every earlier one is ignored as *superseded*,
    so reading a folder with a later export appended gives the same result. A ticket whose latest version has
    ``status: "deleted"`` is ignored with its events, metrics, metric events and ratings. A ticket closed with the
    ``closed_by_merge`` tag is flagged ``merged``. A null priority becomes ``normal`` (flag ``priority_default``).
Events (the audits' ``child_events``)
    ``Change`` of ``status`` → a ``status`` event from ``previous_value`` to ``value`` (a null ``previous_value``
    is the status before, or ``new``); ``Create`` of ``status`` other than ``new`` → a change from ``new``. A
    change straight to ``closed`` from an unsolved status is recorded as a solve and a close at the same instant
    (flag ``closed_without_solve``), as teamcore's state table has no such change. A public ``Comment`` by an agent →
    ``reply``; a private one → ``note``; a comment by the customer is a customer message, not a reply, and is
    ignored with that reason. ``assignee_id`` → ``assign``; a ``Change`` of ``priority`` → ``priority``. Any other
    child event (tags, notifications, custom fields, groups, SLA, satisfaction…) is ignored with its reason counted.
Who wrote a comment
    With ``users`` in the export, the author's ``role`` decides (``end-user`` → customer, ``agent``/``admin`` →
    agent). Without it, or for an author the users do not list, the ticket's requester is the customer, Zendesk's
    system user ``-1`` is the system, and anyone else is an agent.
Integrity
    Audits of one ticket out of time order in the export are sorted (flag ``out_of_order``); an audit repeated (the
    same id) is ignored; ``solved_at`` from Ticket Metrics that differs from the latest solve in the events is
    flagged ``solved_at_disagrees`` (teamcore keeps the events' instant); a ticket whose status differs from its
    last status event is flagged ``status_disagrees``.
Vendor metrics
    Ticket Metrics' ``*_in_minutes`` values (calendar and business) become :attr:`ImportResult.vendor_metrics`;
    Ticket Metric Events become :attr:`ImportResult.vendor_events`.
"""

from __future__ import annotations

import os
from typing import Any, Final

import attrs
import polars as pl

from teamcore.connectors._canonical import EVENT_SCHEMA, TICKET_SCHEMA
from teamcore.connectors._import_result import ImportResult
from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.connectors._zendesk_read import ENTITIES, FILE, POS, RawExport, read_export

__all__ = ["DEFAULT_MAPPING", "MAX_BYTES", "VENDOR_METRICS", "load_zendesk"]

DEFAULT_MAPPING: Final = ConnectorMapping(
    statuses={
        "new": "new",
        "open": "open",
        "pending": "pending",
        "hold": "on_hold",
        "on-hold": "on_hold",
        "solved": "solved",
        "closed": "closed",
    },
    priorities={"low": "low", "normal": "normal", "high": "high", "urgent": "urgent"},
    channels={
        "voice": "phone",
        "twitter": "social",
        "facebook": "social",
        "instagram_dm": "social",
        "native_messaging": "chat",
        "web_widget": "web",
        "mobile_sdk": "web",
    },
    roles={"end-user": "customer", "agent": "agent", "admin": "agent"},
)
"""Zendesk's values → teamcore's: statuses one to one (``hold`` → ``on_hold``), the four priorities, a few channels
of ``via.channel`` (any other channel is kept as Zendesk names it) and the user roles."""

DEFAULT_PRIORITY: Final = "normal"
"""The priority of a ticket whose Zendesk priority is null (each such ticket is flagged ``priority_default``)."""

MAX_BYTES: Final = 8 * 1024**3
"""The largest file read (8 GiB): a bound on memory, not on the number of tickets."""

VENDOR_METRICS: Final = {
    "reply_time": "reply_time_in_minutes",
    "first_resolution_time": "first_resolution_time_in_minutes",
    "full_resolution_time": "full_resolution_time_in_minutes",
    "requester_wait_time": "requester_wait_time_in_minutes",
    "agent_wait_time": "agent_wait_time_in_minutes",
    "on_hold_time": "on_hold_time_in_minutes",
}
"""teamcore's vendor-metric name → the Ticket Metrics field holding its ``{"calendar", "business"}`` minutes."""

_ISO: Final = "%Y-%m-%dT%H:%M:%S%.f%#z"
_ISO_EXPECTED: Final = "an ISO 8601 instant with a UTC offset, such as '2026-11-02T09:00:00Z'"
_SYSTEM: Final = "-1"
_UNSOLVED: Final = ("new", "open", "pending", "on_hold")
_MERGED_TAG: Final = "closed_by_merge"


def load_zendesk(
    input: str | os.PathLike[str], *, mapping: ConnectorMapping | None = None, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Read a Zendesk export (paged API JSON or JSON lines) into teamcore's tickets and events.

    Parameters
    ----------
    input
        A folder of ``.json`` pages and/or ``.jsonl`` files, or one such file.
    mapping
        Overrides of :data:`DEFAULT_MAPPING` (``None``: the default).
    max_bytes
        The largest file read.

    Returns
    -------
    ImportResult
        The canonical tables, the account of every record of each entity, flags, the mapping used, and the
        vendor's metrics (:attr:`~ImportResult.vendor_metrics`) and metric events (``vendor_events``).

    Raises
    ------
    LoadError
        If the input cannot be read, or a file is not a Zendesk page or is not named for its entity.

    Examples
    --------
    >>> result = load_zendesk("tests/connectors/data/zendesk/jsonl")
    >>> result
    ImportResult(source='zendesk', tickets=7, events=..., rejected=0, flags=...)
    >>> sorted({f.code for f in result.flags})
    ['closed_without_solve', 'merged', 'out_of_order', 'priority_default', 'solved_at_disagrees']
    """
    used = DEFAULT_MAPPING.with_overrides(mapping)
    raw = read_export(input, max_bytes=max_bytes)
    ledger = Ledger("zendesk", str(input))
    for entity in ENTITIES:
        ledger.seen(entity, raw.frames[entity].height + sum(r.entity == entity for r in raw.rejects))
    for r in raw.rejects:
        ledger.reject(r.entity, r.entry, r.reason)
    ledger.seen("child_events", 0)  # accounted after ticket_events, before the canonical rows
    job = _Import(raw, used, ledger)
    users = job.users()
    tickets = job.tickets()
    ratings = job.ratings()
    tickets = tickets.join(ratings, on="ticket_id", how="left").with_columns(
        pl.coalesce("rated", "satisfaction").alias("satisfaction")
    )
    events = job.events(tickets, users)
    metrics = job.metrics()
    tickets = job.solves(tickets, events, metrics)
    vendor_events = job.metric_events()
    result = ledger.finish(
        tickets.select(list(TICKET_SCHEMA)).cast(pl.Schema(TICKET_SCHEMA)),
        events.select(list(EVENT_SCHEMA)).cast(pl.Schema(EVENT_SCHEMA)),
        used,
        vendor_metrics=job.vendor_metrics(metrics),
    )
    return attrs.evolve(result, vendor_events=vendor_events)


def _instant(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.to_datetime(_ISO, strict=False, time_zone="UTC", time_unit="us")


def _key(column: str) -> pl.Expr:
    """A source value as :func:`~teamcore.connectors._mapping.normal_key` keys it (text stripped, lower-cased)."""
    return pl.col(column).str.strip_chars().str.to_lowercase()


def _shown(column: str) -> pl.Expr:
    return pl.when(pl.col(column).is_null()).then(pl.lit("None")).otherwise(pl.lit("'") + pl.col(column) + pl.lit("'"))


class _Import:
    """One import's frames and ledger (private: :func:`load_zendesk` is the interface)."""

    def __init__(self, raw: RawExport, mapping: ConnectorMapping, ledger: Ledger) -> None:
        self.raw = raw
        self.mapping = mapping
        self.ledger = ledger
        self.gone: pl.DataFrame = pl.DataFrame(schema={"ticket_id": pl.String})  # deleted tickets
        self.kept: pl.DataFrame = pl.DataFrame(schema={"ticket_id": pl.String})

    # -- accounting helpers ------------------------------------------------------------------------------------

    def _ignore(self, entity: str, frame: pl.DataFrame, reason: str | pl.Expr) -> None:
        if frame.is_empty():
            return
        if isinstance(reason, str):
            self.ledger.ignore(entity, reason, frame.height)
            return
        for why, count in frame.group_by(reason.alias("why")).len().iter_rows():
            self.ledger.ignore(entity, why, count)

    def _reject(self, entity: str, frame: pl.DataFrame, why: str = "__why", ticket: str | None = "ticket_id") -> None:
        has_ticket = ticket is not None and ticket in frame.columns
        cols = [FILE, POS, why, *([ticket] if has_ticket and ticket else [])]
        for row in frame.select(cols).iter_rows(named=True):
            entry = self.raw.entry(row[FILE], row[POS])
            self.ledger.reject(entity, entry, row[why], ticket_id=row[ticket] if has_ticket and ticket else None)

    def _split(self, entity: str, frame: pl.DataFrame, checks: list[tuple[pl.Expr, pl.Expr]]) -> pl.DataFrame:
        """Reject the rows failing a check (the first failing one gives the reason); return the others."""
        if not checks:
            return frame
        why: Any = pl.lit(None, pl.String)
        for bad, reason in reversed(checks):
            why = pl.when(bad.fill_null(value=False)).then(reason).otherwise(why)
        frame = frame.with_columns(why.alias("__why"))
        self._reject(entity, frame.filter(pl.col("__why").is_not_null()))
        return frame.filter(pl.col("__why").is_null()).drop("__why")

    def _latest(self, entity: str, frame: pl.DataFrame, key: str, order: list[str]) -> pl.DataFrame:
        """Keep the last version of each `key` by `order` (then position); ignore the others as superseded."""
        frame = frame.sort([key, *order, FILE, POS], nulls_last=False)
        last = pl.col(FILE).cum_count().over(key) == pl.len().over(key)
        frame = frame.with_columns(last.alias("__last"))
        self._ignore(entity, frame.filter(~pl.col("__last")), "superseded by a later version in the export")
        return frame.filter(pl.col("__last")).drop("__last")

    def _of_kept_tickets(self, entity: str, frame: pl.DataFrame, what: str) -> pl.DataFrame:
        """Ignore the rows of deleted tickets; reject those of tickets not kept; return the rest."""
        gone = frame.join(self.gone, on="ticket_id", how="semi")
        self._ignore(entity, gone, f"{what} of a ticket deleted in Zendesk")
        frame = frame.join(self.gone, on="ticket_id", how="anti")
        frame = frame.join(self.kept.with_columns(pl.lit(value=True).alias("__known")), on="ticket_id", how="left")
        frame = self._split(
            entity,
            frame,
            [
                (
                    pl.col("__known").is_null(),
                    pl.lit("ticket_id: expected a ticket the import kept (in the tickets export, not rejected), got ")
                    + _shown("ticket_id"),
                )
            ],
        )
        return frame.drop("__known")

    # -- entities ----------------------------------------------------------------------------------------------

    def users(self) -> pl.DataFrame:
        """Users by id with their teamcore role (``agent``/``customer``/``system``)."""
        frame = self.raw.frames["users"].with_columns(pl.col("id").cast(pl.String))
        frame = self._split("users", frame, [(pl.col("id").is_null(), pl.lit("id: expected a user id, got None"))])
        frame = self._latest("users", frame, "id", ["updated_at"])
        roles = self.mapping.roles
        frame = frame.with_columns(
            _key("role").replace_strict(dict(roles), default=None, return_dtype=pl.String).alias("role_as")
        )
        known = f"a source value the roles mapping knows ({', '.join(sorted(roles))})"
        frame = self._split(
            "users",
            frame,
            [(pl.col("role_as").is_null(), pl.lit(f"role: expected {known}, got ") + _shown("role"))],
        )
        self.ledger.used("users", frame.height)
        return frame.select(pl.col("id").alias("who"), pl.col("role_as").alias("role"))

    def tickets(self) -> pl.DataFrame:
        """The kept tickets with their canonical columns (``solved_at`` is filled by :meth:`solves`)."""
        e = "tickets"
        frame = self.raw.frames[e].with_columns(
            pl.col("id").cast(pl.String).alias("ticket_id"),
            _instant("updated_at").alias("__updated"),
            pl.col("generated_timestamp").cast(pl.Int64, strict=False).alias("__generated"),
        )
        frame = self._split(
            e,
            frame,
            [
                (
                    pl.col("ticket_id").is_null(),
                    pl.lit("id: expected a ticket id, got None"),
                )
            ],
        )
        frame = self._latest(e, frame, "ticket_id", ["__updated", "__generated"])
        deleted = _key("status") == "deleted"
        self._ignore(e, frame.filter(deleted), "deleted in Zendesk (status 'deleted')")
        self.gone = frame.filter(deleted).select("ticket_id")
        frame = frame.filter(~deleted)
        m = self.mapping
        frame = frame.with_columns(
            _instant("created_at").alias("created_at_utc"),
            _key("status").replace_strict(dict(m.statuses), default=None, return_dtype=pl.String).alias("status_as"),
            _key("priority")
            .replace_strict(dict(m.priorities), default=None, return_dtype=pl.String)
            .alias("priority_as"),
            pl.col("via").struct.field("channel").str.strip_chars().str.to_lowercase().alias("__channel"),
        )
        statuses = f"a source value the statuses mapping knows ({', '.join(sorted(m.statuses))})"
        priorities = f"a source value the priorities mapping knows ({', '.join(sorted(m.priorities))})"
        frame = self._split(
            e,
            frame,
            [
                (
                    pl.col("created_at_utc").is_null(),
                    pl.lit(f"created_at: expected {_ISO_EXPECTED}, got ") + _shown("created_at"),
                ),
                (pl.col("status_as").is_null(), pl.lit(f"status: expected {statuses}, got ") + _shown("status")),
                (
                    pl.col("priority").is_not_null() & pl.col("priority_as").is_null(),
                    pl.lit(f"priority: expected {priorities} or null, got ") + _shown("priority"),
                ),
            ],
        )
        self.ledger.used(e, frame.height)
        for ticket_id in frame.filter(pl.col("priority").is_null())["ticket_id"]:
            self.ledger.flag(
                ticket_id, "priority_default", f"Zendesk priority is null; teamcore uses {DEFAULT_PRIORITY!r}"
            )
        merged = (pl.col("status_as") == "closed") & pl.col("tags").list.contains(_MERGED_TAG)
        for ticket_id in frame.filter(merged.fill_null(value=False))["ticket_id"]:
            self.ledger.flag(
                ticket_id, "merged", "closed by a merge into another ticket (tag closed_by_merge); kept as closed"
            )
        self.kept = frame.select("ticket_id")
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

    def ratings(self) -> pl.DataFrame:
        """The latest answered satisfaction rating per kept ticket (``good``/``bad``)."""
        e = "satisfaction_ratings"
        frame = self.raw.frames[e].with_columns(
            pl.col("ticket_id").cast(pl.String),
            pl.coalesce(_instant("updated_at"), _instant("created_at")).alias("__at"),
            _key("score").alias("__score"),
        )
        frame = self._of_kept_tickets(e, frame, "a rating")
        frame = self._latest(e, frame, "ticket_id", ["__at"])
        answered = pl.col("__score").is_in(["good", "bad"])
        self._ignore(e, frame.filter(~answered.fill_null(value=False)), "survey offered or not offered, not answered")
        frame = frame.filter(answered.fill_null(value=False))
        self.ledger.used(e, frame.height)
        return frame.select("ticket_id", pl.col("__score").alias("rated"))

    def events(self, tickets: pl.DataFrame, users: pl.DataFrame) -> pl.DataFrame:
        """The canonical events of the audits' child events, sorted by ticket and time."""
        e = "ticket_events"
        total = int(self.raw.frames[e]["child_events"].list.len().sum())
        frame = self.raw.frames[e].with_columns(
            pl.col("ticket_id").cast(pl.String),
            pl.coalesce(
                _instant("created_at"),
                pl.from_epoch(pl.col("timestamp").cast(pl.Int64, strict=False), time_unit="s")
                .dt.replace_time_zone("UTC")
                .cast(pl.Datetime("us", "UTC")),
            ).alias("__at"),
        )
        frame = self._split(
            e,
            frame,
            [
                (pl.col("ticket_id").is_null(), pl.lit("ticket_id: expected a ticket id, got None")),
                (
                    pl.col("__at").is_null(),
                    pl.lit(f"created_at: expected {_ISO_EXPECTED} (or timestamp: epoch seconds), got ")
                    + _shown("created_at"),
                ),
            ],
        )
        frame = self._of_kept_tickets(e, frame, "an audit")
        frame = frame.with_columns(pl.col("id").cast(pl.String), pl.col("updater_id").cast(pl.String))
        frame = frame.sort(FILE, POS)
        repeated = pl.col("id").is_not_null() & pl.col("id").is_duplicated() & ~pl.col("id").is_first_distinct()
        self._ignore(e, frame.filter(repeated), "the same audit (id) read again")
        frame = frame.filter(~repeated).with_row_index("__audit")
        late = pl.col("__at") < pl.col("__at").cum_max().over("ticket_id")
        for ticket_id in frame.filter(late)["ticket_id"].unique().sort():
            self.ledger.flag(ticket_id, "out_of_order", "audits listed out of time order in the export; sorted by time")
        children = (
            frame.select(FILE, POS, "__audit", "ticket_id", "__at", "updater_id", "child_events")
            .explode("child_events")
            .filter(pl.col("child_events").is_not_null())
            .with_columns(pl.int_range(pl.len()).over("__audit").alias("__child"))
            .unnest("child_events")
        )
        self.ledger.seen("child_events", total)
        if total > children.height:
            why = "in an audit ignored or rejected (counted under ticket_events)"
            self.ledger.ignore("child_events", why, total - children.height)
        audits_used, events = self._children(children, tickets, users)
        self.ledger.used(e, audits_used.height)
        empty = frame.join(audits_used, on="__audit", how="anti")
        self._ignore(e, empty, "no child event a KPI reads (each child is counted under child_events)")
        return events

    def _children(
        self, c: pl.DataFrame, tickets: pl.DataFrame, users: pl.DataFrame
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Account for each child event; return the audits that gave a row and the canonical events."""
        e = "child_events"
        m = self.mapping
        # The flattened shape names the field by its key ({"status": "open"}): only for Create and Change events,
        # as other events carry such keys for context (a SatisfactionRating event has an assignee_id).
        flat = pl.coalesce("event_type", "type").is_in(["Create", "Change"])
        field = pl.coalesce(
            _key("field_name"),
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
            pl.when(pl.col("__author") == _SYSTEM).then(pl.lit("system")),
            pl.lit("agent"),
        )
        updater_role = pl.coalesce(
            pl.col("updater_id").replace_strict(dict(users.iter_rows()), default=None, return_dtype=pl.String),
            pl.when(pl.col("updater_id") == pl.col("requester")).then(pl.lit("customer")),
            pl.when(pl.col("updater_id") == _SYSTEM).then(pl.lit("system")),
            pl.lit("agent"),
        )
        t = pl.col("__type")
        f = pl.col("__field")
        is_status = t.is_in(["Create", "Change"]) & (f == "status")
        is_comment = t.is_in(["Comment", "VoiceComment"])
        c = c.with_columns(
            role.alias("__role"),
            pl.when(updater_role == "agent").then(pl.col("updater_id")).alias("__actor"),
            _key("__value").replace_strict(dict(m.statuses), default=None, return_dtype=pl.String).alias("__to"),
            _key("previous_value")
            .replace_strict(dict(m.statuses), default=None, return_dtype=pl.String)
            .alias("__from"),
            _key("__value").replace_strict(dict(m.priorities), default=None, return_dtype=pl.String).alias("__prio"),
        )
        statuses = f"a status the statuses mapping knows ({', '.join(sorted(m.statuses))})"
        c = c.with_columns(
            pl.when(is_status & (_key("__value") == "deleted"))
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
        self._ignore(e, c.filter(pl.col("__ignored").is_not_null()), pl.col("__ignored"))
        c = c.filter(pl.col("__ignored").is_null())
        checks = [
            (is_status & pl.col("__to").is_null(), pl.lit(f"value: expected {statuses}, got ") + _shown("__value")),
            (
                is_status & (t == "Change") & pl.col("previous_value").is_not_null() & pl.col("__from").is_null(),
                pl.lit(f"previous_value: expected {statuses}, got ") + _shown("previous_value"),
            ),
            (
                (t == "Change") & (f == "priority") & pl.col("__value").is_not_null() & pl.col("__prio").is_null(),
                pl.lit("value: expected a priority the priorities mapping knows, got ") + _shown("__value"),
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
            self.ledger.reject(e, f"{self.raw.entry(file, pos)} child {child + 1}", reason, ticket_id=ticket_id)
        c = c.filter(pl.col("__why").is_null())
        self.ledger.used(e, c.height)
        return c.select("__audit").unique(), self._canonical(c, is_status, is_comment)

    def _canonical(self, c: pl.DataFrame, is_status: pl.Expr, is_comment: pl.Expr) -> pl.DataFrame:
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
            self.ledger.flag(
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

    def metrics(self) -> pl.DataFrame:
        """The latest Ticket Metrics record per kept ticket."""
        e = "ticket_metrics"
        frame = self.raw.frames[e].with_columns(
            pl.col("ticket_id").cast(pl.String), _instant("updated_at").alias("__updated")
        )
        frame = self._of_kept_tickets(e, frame, "ticket metrics")
        frame = self._latest(e, frame, "ticket_id", ["__updated"])
        self.ledger.used(e, frame.height)
        return frame

    def solves(self, tickets: pl.DataFrame, events: pl.DataFrame, metrics: pl.DataFrame) -> pl.DataFrame:
        """``solved_at`` from the latest solve event of a solved or closed ticket, with the disagreement flags."""
        status = events.filter(pl.col("kind") == "status")
        last_solve = (
            status.filter(pl.col("to_status") == "solved")
            .group_by("ticket_id")
            .agg(pl.col("at").max().alias("__solve"))
        )
        last_status = status.group_by("ticket_id").agg(pl.col("to_status").last().alias("__last"))
        vendor = metrics.select("ticket_id", _instant("solved_at").alias("__vendor_solve"))
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
            self.ledger.flag(
                ticket_id,
                "solved_at_disagrees",
                f"Ticket Metrics' solved_at {theirs:%Y-%m-%dT%H:%M:%SZ} differs from the latest solve event "
                f"{ours:%Y-%m-%dT%H:%M:%SZ}; teamcore uses the event",
            )
        moved = pl.col("__last").is_not_null() & (pl.col("__last") != pl.col("status"))
        for ticket_id, last, now in t.filter(moved).select("ticket_id", "__last", "status").iter_rows():
            self.ledger.flag(
                ticket_id,
                "status_disagrees",
                f"the ticket's status {now!r} differs from its last status event (to {last!r}); events may be missing",
            )
        return t

    def vendor_metrics(self, metrics: pl.DataFrame) -> pl.DataFrame:
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

    def metric_events(self) -> pl.DataFrame:
        """Ticket Metric Events of kept tickets: ``ticket_id, metric, instance_id, type, time, sla, status``."""
        e = "ticket_metric_events"
        frame = self.raw.frames[e].with_columns(pl.col("ticket_id").cast(pl.String), _instant("time").alias("at"))
        frame = self._split(
            e, frame, [(pl.col("at").is_null(), pl.lit(f"time: expected {_ISO_EXPECTED}, got ") + _shown("time"))]
        )
        frame = self._of_kept_tickets(e, frame, "a metric event")
        self.ledger.used(e, frame.height)
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
