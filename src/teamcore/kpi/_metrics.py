"""KPI definitions and their computation, written once against narwhals and run lazily on any engine.

Each metric has a key, a definition version and the convention it follows; :data:`METRICS` is the table the docs
print. Durations are differences of a *clock*: epoch seconds for calendar time, or open seconds ``B(t)`` of each
ticket's team calendar for business time (see :mod:`teamcore.kpi._business`), so both are the same query.

Which tickets a metric counts (its *basis*):

* ``created``: tickets created in the period (incoming, first reply time);
* ``solved``: tickets whose latest solve falls in the period and that are solved or closed now (solved, resolution
  times, waits, reopens, one-touch, FCR, satisfaction, AHT), as Zendesk's "Solved tickets" dataset does;
* ``period end``: tickets created before the period's end and not solved by then (backlog, high-priority open),
  judged by each ticket's latest solve.

Empty input (or a period without tickets) gives counts of 0 and null means, medians, percentiles and rates,
never an exception.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import narwhals as nw
import polars as pl

from teamcore._frames import collect_all, joinable, lazy, seconds, to_polars, with_optional
from teamcore._time import as_utc
from teamcore.exceptions import InvalidInterval, InvalidValue
from teamcore.kpi._business import business_clock
from teamcore.kpi._periods import Period, check_period, period_bounds, period_key, to_date
from teamcore.kpi._schema import EVENT_COLUMNS, TICKET_COLUMNS
from teamcore.kpi._states import REQUESTER_WAIT, UNSOLVED
from teamcore.scheduling import IntervalSet

__all__ = ["DURATIONS", "GROUPS", "METRICS", "Clock", "Metric"]

Clock = Literal["calendar", "business"]
"""How durations are measured: elapsed time, or open seconds of each ticket's team calendar."""

GROUPS: Final = ("assignee", "team", "channel", "priority")
"""Columns a KPI table can be grouped by (``assignee`` is the member)."""


@attrs.frozen(kw_only=True)
class Metric:
    """A KPI's definition: key, name, version, unit, basis, the convention it follows, and the rule in words."""

    key: str
    name: str
    version: int
    unit: Literal["count", "seconds", "ratio", "score"]
    basis: Literal["created", "solved", "period end", "schedule"]
    convention: str
    definition: str


METRICS: Final = (
    Metric(
        key="incoming",
        name="Incoming requests",
        version=1,
        unit="count",
        basis="created",
        convention="Zendesk 'Tickets created'",
        definition="Tickets created in the period.",
    ),
    Metric(
        key="solved",
        name="Solved requests",
        version=1,
        unit="count",
        basis="solved",
        convention="Zendesk 'Tickets solved'",
        definition="Tickets solved or closed now whose latest solve is in the period.",
    ),
    Metric(
        key="backlog",
        name="Backlog at period end",
        version=1,
        unit="count",
        basis="period end",
        convention="Zendesk 'Unsolved tickets'",
        definition="Tickets created before the period's end and not solved by then (latest solve).",
    ),
    Metric(
        key="high_priority_open",
        name="High-priority open",
        version=1,
        unit="count",
        basis="period end",
        convention="industry",
        definition="Backlog tickets with priority high or urgent.",
    ),
    Metric(
        key="first_reply",
        name="First reply time",
        version=1,
        unit="seconds",
        basis="created",
        convention="Zendesk 'First reply time'",
        definition="From creation to the first public agent reply; tickets without a reply are left out.",
    ),
    Metric(
        key="first_resolution",
        name="First resolution time",
        version=1,
        unit="seconds",
        basis="solved",
        convention="Zendesk 'First resolution time'",
        definition="From creation to the first solve.",
    ),
    Metric(
        key="full_resolution",
        name="Full resolution time",
        version=1,
        unit="seconds",
        basis="solved",
        convention="Zendesk 'Full resolution time'",
        definition="From creation to the latest solve.",
    ),
    Metric(
        key="requester_wait",
        name="Requester wait time",
        version=1,
        unit="seconds",
        basis="solved",
        convention="Zendesk 'Requester wait time'",
        definition="Time in new, open and on-hold up to the latest solve (on-hold included).",
    ),
    Metric(
        key="agent_wait",
        name="Agent wait time",
        version=1,
        unit="seconds",
        basis="solved",
        convention="Zendesk 'Agent wait time'",
        definition="Time in pending up to the latest solve.",
    ),
    Metric(
        key="on_hold",
        name="On-hold time",
        version=1,
        unit="seconds",
        basis="solved",
        convention="Zendesk 'On-hold time'",
        definition="Time in on-hold up to the latest solve.",
    ),
    Metric(
        key="reopens",
        name="Reopens",
        version=1,
        unit="count",
        basis="solved",
        convention="Zendesk 'Reopens'",
        definition="Changes from solved back to an unsolved status, summed.",
    ),
    Metric(
        key="one_touch_rate",
        name="One-touch resolution",
        version=1,
        unit="ratio",
        basis="solved",
        convention="Zendesk 'One-touch tickets'",
        definition="Share of solved tickets solved with exactly one public agent reply.",
    ),
    Metric(
        key="fcr_rate",
        name="First-contact resolution",
        version=1,
        unit="ratio",
        basis="solved",
        convention="Freshdesk 'First contact resolution'",
        definition="Share of solved tickets with at most one agent reply and never reopened.",
    ),
    Metric(
        key="csat",
        name="CSAT (good / rated)",
        version=1,
        unit="ratio",
        basis="solved",
        convention="Zendesk satisfaction score",
        definition="good / (good + bad) of answered two-point surveys.",
    ),
    Metric(
        key="csat_top2",
        name="CSAT (4–5 of 5)",
        version=1,
        unit="ratio",
        basis="solved",
        convention="industry (ACSI-style top-two-box)",
        definition="Share of 1–5 answers that are 4 or 5.",
    ),
    Metric(
        key="nps",
        name="Net Promoter Score",
        version=1,
        unit="score",
        basis="solved",
        convention="Bain NPS",
        definition="% promoters (9–10) − % detractors (0–6) of 0–10 answers, −100…100.",
    ),
    Metric(
        key="ces",
        name="Customer Effort Score",
        version=1,
        unit="score",
        basis="solved",
        convention="Gartner CES 2.0 (1–7)",
        definition="Mean 1–7 answer; 7 = very easy.",
    ),
    Metric(
        key="aht",
        name="Average handle time",
        version=1,
        unit="seconds",
        basis="solved",
        convention="industry AHT",
        definition="Mean logged agent work time (handle_seconds) per solved ticket.",
    ),
)
"""Every KPI teamcore computes, with its definition version."""

DURATIONS: Final = ("first_reply", "first_resolution", "full_resolution", "requester_wait", "agent_wait", "on_hold")
"""Duration metrics; each gives ``<key>_mean``, ``<key>_median`` and ``<key>_p<N>`` columns."""

_STATES: Final = ("new", "open", "pending", "on_hold", "solved")


def _clock_columns(
    frame: nw.LazyFrame[Any],
    instants: Mapping[str, str],
    clock: Clock,
    calendars: Mapping[str | None, IntervalSet] | None,
) -> nw.LazyFrame[Any]:
    """Add each ``out: instant`` pair's clock reading: epoch seconds, or ``B(t)`` of the row's team calendar."""
    if clock == "calendar":
        return frame.with_columns(*[seconds(instant).alias(out) for out, instant in instants.items()])
    if calendars is None:
        raise InvalidValue("calendars", None, "a team → IntervalSet mapping for business-hours metrics")
    return business_clock(frame, instant=instants, team="team", calendars=calendars)


def _facts(
    tickets: Any,
    events: Any,
    *,
    clock: Clock,
    calendars: Mapping[str | None, IntervalSet] | None,
    parts: frozenset[str],
    columns: Sequence[str] | None = None,
) -> nw.LazyFrame[Any]:
    """The frame of :func:`~teamcore.kpi.ticket_facts`, computing only some `parts` and returning some `columns`.

    `parts` holds ``"replies"``, ``"solves"`` and ``"waits"``. With `columns` (ticket columns and fact columns such
    as ``created_s`` or ``first_reply``), the result holds only those and stays a lazy plan for the caller to
    collect with its queries (:func:`~teamcore._frames.collect_all`): the scorecard needs first replies alone, and
    on polars nothing wider than its own columns is ever materialised. Without, every column, computed once.
    """
    if clock not in {"calendar", "business"}:
        raise InvalidValue("clock", clock, "'calendar' or 'business'")
    t = lazy(tickets, "tickets")
    ev = None if events is None else lazy(events, "events")
    if clock == "business" and t.implementation.is_duckdb():
        # B(t) is numpy work on columns; a DuckDB relation is read into polars for it (Dask stays distributed).
        t = lazy(to_polars(t))
        ev = None if ev is None else lazy(to_polars(ev))
    t = with_optional(t, TICKET_COLUMNS, "tickets")
    ev = None if ev is None else with_optional(ev, EVENT_COLUMNS, "events")
    if t.implementation.is_dask():
        # One key dtype for the joins: loaded Dask tables hold pandas "str" ids, read_parquet's are "string".
        t = t.with_columns(nw.col("ticket_id").cast(nw.String))
        ev = None if ev is None else ev.with_columns(nw.col("ticket_id").cast(nw.String))
    if columns is not None:
        carried = [c for c in columns if c in {col.name for col in TICKET_COLUMNS}]
        t = t.select(*dict.fromkeys(["ticket_id", "team", "created_at", "solved_at", "status", *carried]))
    t = t.with_columns(
        seconds("created_at").alias("created_s"),
        seconds("solved_at").alias("solved_s"),
        nw.col("status").is_in(("solved", "closed")).fill_null(value=False).alias("solved_now"),
    )
    if ev is None:
        t = _clock_columns(t, {"c_created": "created_at", "c_solved": "solved_at"}, clock, calendars)
        return _once(
            columns,
            t.with_columns(
                *[nw.lit(None, nw.Float64()).alias(k) for k in DURATIONS if k != "full_resolution"],
                nw.when(nw.col("solved_now")).then(nw.col("c_solved") - nw.col("c_created")).alias("full_resolution"),
                nw.lit(None, nw.Float64()).alias("reopens"),
                nw.lit(None, nw.Float64()).alias("replies"),
            ),
        )
    solves = "solves" in parts or "waits" in parts
    # Only status changes and replies carry metrics; notes, assignments and priority changes are not clocked.
    ev = ev.filter(nw.col("kind").is_in(("status", "reply") if solves else ("reply",)))
    is_status = nw.col("kind") == "status"
    reply = nw.col("kind") == "reply"
    if solves:
        marks = [nw.when(reply).then(nw.col("at")).alias("reply_at"), reply.cast(nw.Int64).alias("reply")]
        aggs = [nw.col("reply_at").min().alias("first_reply_at"), nw.col("reply").sum().alias("replies")]
    else:  # every row left is a reply
        marks, aggs = [], [nw.col("at").min().alias("first_reply_at"), nw.len().alias("replies")]
    instants = {"c_created": "created_at", "first_reply_c": "first_reply_at"}
    if solves:
        reopen = is_status & (nw.col("from_status") == "solved") & nw.col("to_status").is_in(UNSOLVED)
        marks += [
            nw.when(is_status & (nw.col("to_status") == "solved")).then(nw.col("at")).alias("solve_at"),
            reopen.fill_null(value=False).cast(nw.Int64).alias("reopen"),
        ]
        aggs += [
            nw.col("solve_at").min().alias("first_solve_at"),
            nw.col("solve_at").max().alias("last_solve_at"),
            nw.col("reopen").sum().alias("reopens"),
        ]
        instants |= {"first_solve_c": "first_solve_at", "last_solve_c": "last_solve_at"}
    per = joinable((ev.with_columns(*marks) if marks else ev).group_by("ticket_id").agg(*aggs))
    joined = t.join(per, on="ticket_id", how="left")
    f = _clock_columns(joined, instants, clock, calendars)
    done = nw.col("solved_now") & ~nw.col("last_solve_c").is_null()
    null = nw.lit(None, nw.Float64())
    common = [
        (nw.col("first_reply_c") - nw.col("c_created")).alias("first_reply"),
        nw.col("replies").fill_null(0).cast(nw.Float64),
        *(
            [
                nw.when(done).then(nw.col("first_solve_c") - nw.col("c_created")).alias("first_resolution"),
                nw.when(done).then(nw.col("last_solve_c") - nw.col("c_created")).alias("full_resolution"),
                nw.col("reopens").fill_null(0).cast(nw.Float64),
            ]
            if solves
            else [null.alias("first_resolution"), null.alias("full_resolution"), null.alias("reopens")]
        ),
    ]
    if "waits" not in parts:
        nulls = [null.alias(k) for k in ("requester_wait", "agent_wait", "on_hold", "solved_gap")]
        return _once(columns, f.with_columns(*common, *nulls))
    # Time in each status up to the latest solve: leaving a status at t adds B(t), entering it subtracts B(t).
    s = ev.filter(is_status).join(joined.select("ticket_id", "team", "last_solve_at"), on="ticket_id", how="inner")
    s = _clock_columns(s.filter(nw.col("at") <= nw.col("last_solve_at")), {"c_at": "at"}, clock, calendars)
    s = s.with_columns(
        *[
            (
                nw.when(nw.col("from_status") == st).then(nw.col("c_at")).otherwise(nw.lit(0.0))
                - nw.when(nw.col("to_status") == st).then(nw.col("c_at")).otherwise(nw.lit(0.0))
            ).alias(f"in_{st}")
            for st in _STATES
        ]
    )
    spans = joinable(s.group_by("ticket_id").agg(*[nw.col(f"in_{st}").sum() for st in _STATES]))
    f = f.join(spans, on="ticket_id", how="left")
    zero = {st: nw.col(f"in_{st}").fill_null(0.0) for st in _STATES}
    spans_of = {
        "requester_wait": sum((zero[st] for st in REQUESTER_WAIT if st != "new"), zero["new"]) - nw.col("c_created"),
        "agent_wait": zero["pending"],
        "on_hold": zero["on_hold"],
        "solved_gap": zero["solved"] + nw.col("last_solve_c"),
    }
    return _once(
        columns, f.with_columns(*common, *[nw.when(done).then(expr).alias(name) for name, expr in spans_of.items()])
    )


def _once(columns: Sequence[str] | None, facts: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """Materialise the per-ticket facts once on in-process polars, where several queries read them.

    A lazy plan is re-run by every query built on it; for polars, one row per ticket is cheap to keep, and the
    business clock then runs once. PyArrow tables are in-process too and have no grouped percentile in narwhals,
    so their facts are kept in polars as well. DuckDB, Dask and pandas keep their own engines. With `columns`,
    only those, left lazy: the caller collects its few queries together (polars shares their common sub-plan).
    """
    if columns is not None:
        return facts.select(*columns)
    if facts.implementation.is_polars() or facts.implementation.is_pyarrow():
        return lazy(to_polars(facts))
    return facts


def _percent(stat: str) -> int | None:
    """The N of a ``"p<N>"`` statistic (0 < N < 100), else ``None``."""
    if stat.startswith("p") and stat[1:].isdigit() and 0 < int(stat[1:]) < 100:
        return int(stat[1:])
    return None


def _check_stats(stats: Sequence[str]) -> None:
    for stat in stats:
        if stat not in {"mean", "median"} and _percent(stat) is None:
            raise InvalidValue("stats", stat, "'mean', 'median' or a percentile such as 'p90'")


def _stat_exprs(key: str, stats: Sequence[str], dask: bool) -> list[nw.Expr]:
    """Aggregations of one duration; on Dask the percentiles are left to :func:`_dask_percentiles`."""
    out = []
    for stat in stats:
        col = nw.col(key)
        if stat == "mean":
            out.append(col.mean().alias(f"{key}_mean"))
        elif stat == "median":
            out.append(col.median().alias(f"{key}_median"))
        elif not dask:
            out.append(col.quantile(_percent(stat) / 100, interpolation="linear").alias(f"{key}_{stat}"))  # type: ignore[operator]
    return out


def _dask_percentiles(
    rows: nw.LazyFrame[Any], on: list[str], columns: Sequence[str], stats: Sequence[str]
) -> nw.LazyFrame[Any] | None:
    """Grouped percentiles of `columns` on Dask, which has no grouped quantile (``None`` if `stats` asks for none).

    The rows are shuffled so that each group sits in one partition, then pandas takes each group's quantile with
    linear interpolation (as polars, pandas and DuckDB do here): exact, and it stays distributed. The result is
    lazy, collected with the rest of the table (:func:`_with_percentiles` joins it on).
    """
    percents = [(stat, p) for stat in stats if (p := _percent(stat)) is not None]
    if not percents:
        return None
    import pandas as pd  # noqa: PLC0415 - Dask brings pandas; teamcore does not need it otherwise

    native = rows.select(*on, *columns).to_native()
    names = [f"{c}_{stat}" for c in columns for stat, _p in percents]

    def quantiles(frame: pd.DataFrame) -> pd.DataFrame:
        groups = frame.groupby(on, dropna=False, sort=False)
        series = [
            groups[c].quantile(p / 100, interpolation="linear").rename(f"{c}_{s}") for c in columns for s, p in percents
        ]
        return pd.concat(series, axis=1).reset_index() if series[0].size else meta

    meta = pd.DataFrame({**{k: native._meta[k] for k in on}, **{n: pd.Series(dtype="float64") for n in names}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return lazy(native.shuffle(on=on).map_partitions(quantiles, meta=meta))


def _with_percentiles(part: pl.DataFrame, found: pl.DataFrame | None, on: list[str]) -> pl.DataFrame:
    """`part` with the percentile columns of `found` (from :func:`_dask_percentiles`) joined on the group keys."""
    if found is None:
        return part
    found = found.with_columns([pl.col(k).cast(part.schema[k]) for k in on])
    return part.join(found, on=on, how="left", nulls_equal=True)


def _indicator(expr: nw.Expr, name: str) -> nw.Expr:
    return expr.fill_null(value=False).cast(nw.Int64).alias(name)


def _check_table(
    start: dt.datetime, end: dt.datetime, period: object, by: str | Sequence[str], stats: Sequence[str]
) -> tuple[dt.datetime, dt.datetime, Period | None, list[str]]:
    lo, hi = as_utc(start, "start"), as_utc(end, "end")
    if hi <= lo:
        raise InvalidInterval("end", end, f"an instant after start {start.isoformat()}")
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in GROUPS:
            raise InvalidValue("by", key, f"one of {', '.join(GROUPS)}")
    _check_stats(stats)
    return lo, hi, check_period(period), keys


def _table(
    facts: nw.LazyFrame[Any],
    *,
    start: dt.datetime,
    end: dt.datetime,
    period: Period | None,
    by: str | Sequence[str],
    tz: str,
    stats: Sequence[str],
    has_events: bool,
) -> pl.DataFrame:
    """:func:`~teamcore.kpi.kpi_table` over per-ticket facts already computed (:meth:`TicketFacts.table`)."""
    lo, hi, period, keys = _check_table(start, end, period, by, stats)
    dask = facts.implementation.is_dask()
    lo_s, hi_s = int(lo.timestamp()), int(hi.timestamp())
    created = facts.filter((nw.col("created_s") >= lo_s) & (nw.col("created_s") < hi_s)).with_columns(
        period_key(nw.col("created_s"), period, tz, lo, hi).alias("period"),
        nw.lit(1).alias("incoming"),
    )
    part_created = created.group_by("period", *keys).agg(
        nw.col("incoming").sum(), *_stat_exprs("first_reply", stats, dask)
    )
    solved = facts.filter(
        nw.col("solved_now") & (nw.col("solved_s") >= lo_s) & (nw.col("solved_s") < hi_s)
    ).with_columns(
        period_key(nw.col("solved_s"), period, tz, lo, hi).alias("period"),
        nw.lit(1).alias("solved"),
        _indicator(nw.col("replies") == 1, "one_touch"),
        _indicator((nw.col("replies") <= 1) & (nw.col("reopens") == 0), "fcr"),
        _indicator(nw.col("satisfaction") == "good", "good"),
        _indicator(nw.col("satisfaction") == "bad", "bad"),
        _indicator(nw.col("csat_score") >= 4, "top2"),
        _indicator(~nw.col("csat_score").is_null(), "scored"),
        _indicator(nw.col("nps") >= 9, "promoters"),
        _indicator(nw.col("nps") <= 6, "detractors"),
        _indicator(~nw.col("nps").is_null(), "nps_answers"),
        nw.col("ces").cast(nw.Float64).alias("ces"),
        nw.col("handle_seconds").cast(nw.Float64).alias("aht"),
        _indicator(~nw.col("replies").is_null(), "with_events"),
    )
    sums = [
        "solved",
        "one_touch",
        "fcr",
        "good",
        "bad",
        "top2",
        "scored",
        "promoters",
        "detractors",
        "nps_answers",
        "with_events",
    ]
    part_solved = solved.group_by("period", *keys).agg(
        *[nw.col(c).sum() for c in sums],
        nw.col("reopens").sum(),
        nw.col("ces").mean(),
        nw.col("aht").mean(),
        *[e for k in DURATIONS if k != "first_reply" for e in _stat_exprs(k, stats, dask)],
    )
    # Backlog at each period end, all periods in one pass: one indicator column per period end.
    ends = period_bounds(lo, hi, period, tz)
    flags = []
    for i, (_first, stop) in enumerate(ends):
        e_s = int(stop.timestamp())
        still_open = (nw.col("created_s") < e_s) & (
            ~nw.col("solved_now") | nw.col("solved_s").is_null() | (nw.col("solved_s") >= e_s)
        )
        flags += [
            _indicator(still_open, f"b{i}"),
            _indicator(still_open & nw.col("priority").is_in(("high", "urgent")), f"h{i}"),
        ]
    marked = facts.with_columns(*flags)
    sums_b = [nw.col(f"{k}{i}").sum() for i in range(len(ends)) for k in ("b", "h")]
    on = ["period", *keys]
    queries = [part_created, part_solved, marked.group_by(*keys).agg(*sums_b) if keys else marked.select(*sums_b)]
    if dask:
        extra = [
            _dask_percentiles(created, on, ["first_reply"], stats),
            _dask_percentiles(solved, on, [k for k in DURATIONS if k != "first_reply"], stats),
        ]
        queries += [q for q in extra if q is not None]
    # One collection for every part: on Dask one graph, so the per-ticket facts under all of them run once.
    created_table, solved_table, wide, *found = collect_all(*queries)
    if found:
        created_table = _with_percentiles(created_table, found[0], on)
        solved_table = _with_percentiles(solved_table, found[1], on)
    backlog_parts = [
        wide.select(*keys, pl.col(f"b{i}").alias("backlog"), pl.col(f"h{i}").alias("high_priority_open")).with_columns(
            pl.lit(first).alias("period")
        )
        for i, (first, _stop) in enumerate(ends)
    ]
    return _assemble(created_table, solved_table, backlog_parts, keys, stats, has_events=has_events)


def _assemble(
    created: pl.DataFrame,
    solved: pl.DataFrame,
    backlog: list[pl.DataFrame],
    keys: list[str],
    stats: Sequence[str],
    *,
    has_events: bool,
) -> pl.DataFrame:
    def dates(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("period").cast(pl.Int64).map_elements(to_date, return_dtype=pl.Date))

    def norm(frame: pl.DataFrame) -> pl.DataFrame:
        casts = dict.fromkeys(keys, pl.String)
        return frame.with_columns([pl.col(c).cast(t) for c, t in casts.items()])

    on = ["period", *keys]
    parts = [norm(dates(created)), norm(dates(solved))]
    if backlog:
        frames = [
            norm(b.with_columns(pl.col("backlog").cast(pl.Int64), pl.col("high_priority_open").cast(pl.Int64)))
            for b in backlog
        ]
        parts.append(pl.concat(frames, how="diagonal_relaxed").filter(pl.col("backlog").is_not_null()))
    table = parts[0]
    for other in parts[1:]:
        table = table.join(other, on=on, how="full", coalesce=True, nulls_equal=True)  # unassigned: one row
    counts = ["incoming", "solved", "backlog", "high_priority_open"]

    def ratio(num: str, den: pl.Expr) -> pl.Expr:
        return pl.when(den > 0).then(pl.col(num).cast(pl.Float64) / den).otherwise(None)

    answered = pl.col("nps_answers").cast(pl.Float64)
    table = table.with_columns(
        *[pl.col(c).cast(pl.Int64).fill_null(0) for c in counts],
        ratio("one_touch", pl.col("with_events").cast(pl.Float64)).alias("one_touch_rate"),
        ratio("fcr", pl.col("with_events").cast(pl.Float64)).alias("fcr_rate"),
        ratio("good", (pl.col("good") + pl.col("bad")).cast(pl.Float64)).alias("csat"),
        ratio("top2", pl.col("scored").cast(pl.Float64)).alias("csat_top2"),
        pl.when(answered > 0)
        .then((pl.col("promoters") - pl.col("detractors")).cast(pl.Float64) * 100 / answered)
        .otherwise(None)
        .alias("nps"),
        pl.col("reopens").cast(pl.Float64).cast(pl.Int64).fill_null(0),
    )
    durations = [f"{k}_{s}" for k in DURATIONS for s in stats]
    if not has_events:
        table = table.with_columns(pl.lit(None, pl.Int64).alias("reopens"))
    floats = [*durations, "one_touch_rate", "fcr_rate", "csat", "csat_top2", "nps", "ces", "aht"]
    # Rounded to a microsecond / 1e-6: engines sum and interpolate in different orders and differ in the last bits.
    table = table.with_columns([pl.col(c).cast(pl.Float64).fill_nan(None).round(6) for c in floats])
    columns = [
        *on,
        *counts,
        *durations,
        "reopens",
        "one_touch_rate",
        "fcr_rate",
        "csat",
        "csat_top2",
        "nps",
        "ces",
        "aht",
    ]
    return table.select(columns).sort(on, nulls_last=True)
