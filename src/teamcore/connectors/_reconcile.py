"""Reconciliation: the helpdesk's own metric values beside teamcore's, ticket by ticket, each difference explained.

:func:`reconcile` reads :attr:`ImportResult.vendor_metrics` (one row per ticket × metric × basis, the schema of
:data:`VENDOR_METRIC_COLUMNS`), computes teamcore's value of each with the KPI engine
(:func:`teamcore.kpi.ticket_facts`, in calendar time and in business time on the account's schedules), and for
every pair that differs recomputes teamcore's value under each alternative rule a helpdesk may follow. The first rule
(fewest changes first) that reproduces the vendor's number within the tolerance is the *cause*:

==============  ==========================================================================================
cause           the vendor's number follows
==============  ==========================================================================================
``match``       teamcore's rule (equal values, or both absent)
``rounding``    teamcore's rule, rounded to whole minutes
``schedule``    one schedule for the whole ticket: the one in force at the metric's event (the reply or the
                solve: Zendesk's single-event metrics), today's, or the one in force when the ticket was
                created; teamcore counts each minute on the schedule and hours in force then
``timezone``    the schedule's hours and holidays read in UTC instead of the schedule's zone
``pauses``      other statuses as waiting: on-hold not counted as requester wait, pending counted as
                requester wait, or on-hold counted as agent wait
``definition``  another reply: the first agent response of any kind (internal notes too), or Zendesk's
                first public agent reply after the requester's first comment, measured from that comment
``reopen``      another solve: the first solve for full resolution, the latest for first resolution, or the
                first solve of a ticket reopened and unsolved now (teamcore leaves it out)
``unsolved``    the waits of a ticket unsolved now, up to its last status change (teamcore counts waits of
                solved tickets only)
``flagged``     no rule, but the import flagged the ticket (a ``solved_at`` that disagrees with the events…):
                the flag is quoted
``unexplained`` no rule: never hidden, the report lists the largest
``no_schedule`` nothing to compare business minutes with: no schedule given or found for the ticket
``not_imported``  nothing to compare with: the ticket is not among the imported tickets (rejected, deleted)
==============  ==========================================================================================

Two causes together (``schedule+pauses``) are tried after every single one. The method needs no vendor code: it
works for any source whose ``vendor_metrics`` follow the schema, Zendesk's ticket metrics or Freshdesk's stats.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import polars as pl

from teamcore.connectors._causes import explain_all
from teamcore.connectors._clocks import business_clocks, durations_in_minutes
from teamcore.connectors._import_result import ImportResult
from teamcore.connectors._reconciliation import TABLE_SCHEMA, Reconciliation
from teamcore.connectors._rules import METRIC_DURATIONS
from teamcore.connectors._schedules import Schedules, read_schedules
from teamcore.exceptions import InvalidValue, WrongType

__all__ = ["VENDOR_METRIC_COLUMNS", "reconcile"]

VENDOR_METRIC_COLUMNS: Final = {
    "ticket_id": pl.String,
    "metric": pl.String,
    "basis": pl.String,
    "minutes": pl.Float64,
    "source_field": pl.String,
}
"""The columns of :attr:`ImportResult.vendor_metrics` and their dtypes."""

_BASES: Final = ("calendar", "business")


def _vendor_frame(value: object) -> pl.DataFrame:
    """The vendor metrics checked against :data:`VENDOR_METRIC_COLUMNS`, one row per ticket × metric × basis."""
    if value is None:
        raise InvalidValue(
            "vendor_metrics", None, "an import whose source carries metric values (Zendesk ticket metrics)"
        )
    if not isinstance(value, pl.DataFrame):
        raise WrongType("vendor_metrics", value, "a polars DataFrame")
    missing = [c for c in VENDOR_METRIC_COLUMNS if c not in value.columns]
    if missing:
        raise InvalidValue("vendor_metrics columns", value.columns, f"the columns {', '.join(VENDOR_METRIC_COLUMNS)}")
    for name, dtype in VENDOR_METRIC_COLUMNS.items():
        have = value.schema[name]
        numeric_ok = have.is_numeric() and (dtype == pl.Float64 or (name == "ticket_id" and have.is_integer()))
        if have != dtype and not numeric_ok and have != pl.Null:
            raise WrongType(f"vendor_metrics.{name}", str(have), f"a {dtype} column")
    frame = value.select(pl.col(n).cast(t) for n, t in VENDOR_METRIC_COLUMNS.items())
    for name, allowed in (("metric", tuple(METRIC_DURATIONS)), ("basis", _BASES)):
        bad = frame.filter(~pl.col(name).is_in(allowed) | pl.col(name).is_null())
        if bad.height:
            raise InvalidValue(f"vendor_metrics.{name}", bad[name][0], f"one of {', '.join(allowed)}")
    if frame["ticket_id"].null_count():
        raise InvalidValue("vendor_metrics.ticket_id", None, "a ticket id on every row")
    bad_minutes = frame.filter(pl.col("minutes").is_nan() | pl.col("minutes").is_infinite() | (pl.col("minutes") < 0))
    if bad_minutes.height:
        raise InvalidValue("vendor_metrics.minutes", bad_minutes["minutes"][0], "minutes ≥ 0, or null")
    twice = frame.filter(pl.struct("ticket_id", "metric", "basis").is_duplicated())
    if twice.height:
        row = twice.row(0, named=True)
        raise InvalidValue(
            "vendor_metrics", f"{row['ticket_id']}/{row['metric']}/{row['basis']}", "one row per ticket, metric, basis"
        )
    return frame


def _collect(frame: Any) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def _find_schedules(origin: str) -> Schedules | None:
    """The schedules next to the input: ``schedules*.json`` in the input folder, else in the folder holding it."""
    if not origin:
        return None
    base = Path(origin)
    for folder in (base, base.parent) if base.is_dir() else (base.parent,):
        if folder.is_dir() and any(folder.glob("schedules*.json*")):
            return read_schedules(folder)
    return None


def reconcile(
    result: ImportResult,
    *,
    schedules: Schedules | str | os.PathLike[str] | None = None,
    ticket_schedules: Mapping[Any, Any] | None = None,
    requester_comments: pl.DataFrame | None = None,
    tolerance_minutes: float = 1.0,
) -> Reconciliation:
    """Compare the source's own metric values with teamcore's, ticket by ticket, and explain each difference.

    Parameters
    ----------
    result
        An import whose :attr:`~ImportResult.vendor_metrics` is filled (schema: :data:`VENDOR_METRIC_COLUMNS`).
    schedules
        The business-hours schedules: a :class:`Schedules`, or a Zendesk schedules file or folder (see
        :func:`read_schedules`). ``None``: the ``schedules*.json`` files next to the input, if any; without
        schedules, business rows are marked ``no_schedule`` and only calendar minutes are compared.
    ticket_schedules
        Ticket id → schedule id, for accounts with several schedules (with a path or ``None`` for `schedules`).
    requester_comments
        The requester's comments (``ticket_id``, ``at``), for Zendesk's reply rule; without them the requester is
        taken to have written when the ticket was created.
    tolerance_minutes
        How close (minutes) an alternative rule must come to the vendor's number to explain it.

    Returns
    -------
    Reconciliation

    Raises
    ------
    InvalidValue
        If the import has no vendor metrics, or they do not follow the schema (naming the column and value).
    WrongType
        If `result` is not an :class:`ImportResult`, `tolerance_minutes` not a number ≥ 0 or `requester_comments`
        not a polars DataFrame.
    LoadError
        If a schedules file cannot be read.

    Examples
    --------
    >>> from teamcore.connectors import import_tables
    >>> folder = "tests/connectors/data/reconcile/canonical"
    >>> result = import_tables(f"{folder}/tickets.csv", f"{folder}/events.csv",
    ...                        vendor_metrics=f"{folder}/vendor_metrics.csv", source="zendesk")
    >>> rec = reconcile(result)  # the schedules are found beside the canonical folder
    >>> rec.differences.filter(pl.col("ticket_id") == "101")["metric"].to_list()
    ['first_resolution_time', 'full_resolution_time', 'reply_time', 'requester_wait_time']
    >>> rec.differences.filter(pl.col("ticket_id") == "101")["cause"].unique().to_list()
    ['schedule']
    """
    if not isinstance(result, ImportResult):
        raise WrongType("result", result, "an ImportResult (from load_source or import_tables)")
    if isinstance(tolerance_minutes, bool) or not isinstance(tolerance_minutes, int | float):
        raise WrongType("tolerance_minutes", tolerance_minutes, "a number of minutes ≥ 0")
    if not math.isfinite(tolerance_minutes) or tolerance_minutes < 0:
        raise InvalidValue("tolerance_minutes", tolerance_minutes, "a number of minutes ≥ 0")
    if requester_comments is not None and not isinstance(requester_comments, pl.DataFrame):
        raise WrongType("requester_comments", requester_comments, "a polars DataFrame with ticket_id and at")
    vendor = _vendor_frame(result.vendor_metrics)
    tickets = _collect(result.tickets.frame)
    events = _collect(result.events.frame)
    book = _schedule_book(schedules, ticket_schedules, result.origin)
    comments = None
    if requester_comments is not None:
        comments = requester_comments.select(
            pl.col("ticket_id").cast(pl.String), pl.col("at").cast(pl.Datetime("us", "UTC"))
        )
    rows = _compare(
        vendor=vendor,
        tickets=tickets,
        events=events,
        book=book,
        comments=comments,
        tolerance=float(tolerance_minutes),
        result=result,
    )
    described = "no schedules: calendar minutes only" if book is None else _describe(book)
    return Reconciliation(
        table=rows, source=result.source, tolerance_minutes=float(tolerance_minutes), schedules=described
    )


def _schedule_book(
    schedules: Schedules | str | os.PathLike[str] | None, ticket_schedules: Mapping[Any, Any] | None, origin: str
) -> Schedules | None:
    if isinstance(schedules, Schedules):
        return schedules if ticket_schedules is None else attrs.evolve(schedules, ticket_schedules=ticket_schedules)
    if schedules is None:
        book = _find_schedules(origin)
    elif isinstance(schedules, str | os.PathLike):
        book = read_schedules(schedules)
    else:
        raise WrongType("schedules", schedules, "Schedules, a schedules file or folder, or None")
    if book is not None and ticket_schedules is not None:
        book = attrs.evolve(book, ticket_schedules=ticket_schedules)
    return book


def _describe(book: Schedules) -> str:
    parts = []
    for s in book.ids:
        versions = book.history(s)
        parts.append(f"schedule {versions[-1].name or s} ({versions[-1].timezone}, {len(versions)} version(s))")
    return "business minutes on " + "; ".join(parts)


def _long(minutes: pl.DataFrame, basis: str) -> pl.DataFrame:
    """Per-ticket durations as rows ``ticket_id, metric, basis, ours`` (vendor metric names)."""
    return pl.concat(
        [
            minutes.select(
                "ticket_id", pl.lit(metric).alias("metric"), pl.lit(basis).alias("basis"), pl.col(column).alias("ours")
            )
            for metric, column in METRIC_DURATIONS.items()
        ]
    )


def _compare(
    *,
    vendor: pl.DataFrame,
    tickets: pl.DataFrame,
    events: pl.DataFrame,
    book: Schedules | None,
    comments: pl.DataFrame | None,
    tolerance: float,
    result: ImportResult,
) -> pl.DataFrame:
    """Every vendor row with its cause: the plain cases as whole-frame expressions, the rest rule by rule."""
    wanted = vendor["ticket_id"].unique()
    subset = tickets.filter(pl.col("ticket_id").is_in(wanted.implode()))
    sub_events = events.filter(pl.col("ticket_id").is_in(subset["ticket_id"].implode()))
    window = None
    if book is not None and subset.height:
        instants = [*subset["created_at"].to_list(), *sub_events["at"].to_list()]
        window = (min(instants) - dt.timedelta(days=2), max(instants) + dt.timedelta(days=2))
    ours = [_long(durations_in_minutes(subset, sub_events, None), "calendar")]
    scheduled: list[str] = []
    if book is not None and window is not None:
        own = business_clocks(book, subset, *window, {}, own_only=True)[0]
        scheduled = list(own.keys)
        ours.append(
            _long(
                durations_in_minutes(subset.filter(pl.col("ticket_id").is_in(scheduled)), sub_events, own), "business"
            )
        )
    rejected = {r.ticket_id: r.reason for r in result.rejected if r.ticket_id is not None}
    unscheduled = "no schedule given or found next to the input" if book is None else "no schedule for this ticket"
    theirs, mine = pl.col("minutes"), pl.col("ours")
    imported = pl.col("ticket_id").is_in(subset["ticket_id"].implode())
    timed = (pl.col("basis") == "calendar") | pl.col("ticket_id").is_in(pl.Series(scheduled, dtype=pl.String).implode())
    equal = (theirs.is_null() & mine.is_null()) | ((theirs - mine).abs() < 1e-9).fill_null(value=False)
    whole = ((theirs == mine.floor()) | (theirs == mine.ceil())).fill_null(value=False)
    said = pl.col("ticket_id").replace_strict(rejected, default=None, return_dtype=pl.String)
    rows = (
        vendor.join(pl.concat(ours), on=["ticket_id", "metric", "basis"], how="left")
        .with_columns(pl.when(imported & timed).then(mine).otherwise(None).alias("ours"))
        .with_columns(
            pl.when(~imported)
            .then(pl.lit("not_imported"))
            .when(~timed)
            .then(pl.lit("no_schedule"))
            .when(equal)
            .then(pl.lit("match"))
            .when(whole)
            .then(pl.lit("rounding"))
            .alias("cause"),
        )
        .with_columns(
            pl.when(pl.col("cause") == "not_imported")
            .then(
                pl.format("ticket {} is not among the imported tickets", "ticket_id")
                + pl.when(said.is_not_null()).then(pl.lit(": ") + said).otherwise(pl.lit(" (see the load report)"))
            )
            .when(pl.col("cause") == "no_schedule")
            .then(pl.lit(f"{unscheduled}; only calendar minutes are compared"))
            .when(pl.col("cause") == "match")
            .then(pl.lit("the same value"))
            .when(pl.col("cause") == "rounding")
            .then(pl.format("the vendor gives whole minutes (teamcore: {})", mine.round(2)))
            .alias("explanation")
        )
    )
    done = rows.filter(pl.col("cause").is_not_null())
    rest = rows.filter(pl.col("cause").is_null())
    flags: dict[str, list[str]] = {}
    for flag in result.flags:
        flags.setdefault(flag.ticket_id, []).append(f"{flag.code}: {flag.reason}")
    explained = explain_all(
        flags=flags,
        rest=rest,
        tickets=subset,
        events=sub_events,
        book=book,
        window=window,
        comments=comments,
        tolerance=tolerance,
    )
    table = pl.concat([done, explained]).select(
        "ticket_id",
        "metric",
        "basis",
        pl.col("minutes").alias("vendor_minutes"),
        pl.col("ours").alias("teamcore_minutes"),
        (pl.col("minutes") - pl.col("ours")).round(6).alias("difference"),
        "cause",
        "explanation",
    )
    return table.cast(pl.Schema(TABLE_SCHEMA)).sort("ticket_id", "metric", "basis")
