"""KPI targets per member and team, their evaluation (met or missed, delta, trend) and the member scorecard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

import attrs
import narwhals as nw
import polars as pl

from teamcore._frames import Engine, FrameT, collect_all, polars_of
from teamcore._time import as_utc
from teamcore._validators import (
    attrs_validator,
    check_choice,
    check_identifier,
    check_number,
    check_text,
    optional,
)
from teamcore.exceptions import InvalidInterval, InvalidValue, WrongType
from teamcore.kpi._metrics import Clock, _facts, _indicator
from teamcore.kpi._periods import Period, check_period, period_key, to_date
from teamcore.kpi._sla import SlaPolicy
from teamcore.scheduling import IntervalSet

__all__ = ["SCORECARD_COLUMNS", "KpiTarget", "evaluate_targets", "scorecard"]

SCORECARD_COLUMNS = ("incoming", "solved", "first_reply_median", "sla_first_reply", "csat")
"""The scorecard's figures; each is defined as the KPI table's column of the same name (``sla_first_reply`` is
the share of first-reply SLA targets achieved among tickets created in the period, decided ones only)."""


_DIRECTIONS: Final[tuple[Literal["at_least", "at_most"], ...]] = ("at_least", "at_most")


def _direction(value: object) -> Literal["at_least", "at_most"]:
    return check_choice(value, "direction", _DIRECTIONS, expected="'at_least' or 'at_most'")


def _goal(value: object) -> float:
    return check_number(value, "goal")


@attrs.frozen(kw_only=True)
class KpiTarget:
    """A goal for one KPI column: ``value`` must be ``at_least`` or ``at_most`` `goal`.

    A target with ``member`` (or ``team``) applies to that group's rows only; one with neither applies to every row
    without a more specific target.

    Examples
    --------
    >>> KpiTarget(metric="csat", goal=0.9, direction="at_least", member="ann").member
    'ann'
    """

    metric: str = attrs.field(validator=attrs_validator(check_text))
    goal: float = attrs.field(converter=_goal)
    direction: Literal["at_least", "at_most"] = attrs.field(converter=_direction)
    member: str | None = attrs.field(default=None, validator=attrs_validator(optional(check_identifier)))
    team: str | None = attrs.field(default=None, validator=attrs_validator(optional(check_identifier)))

    def __attrs_post_init__(self) -> None:
        if self.member is not None and self.team is not None:
            raise InvalidValue("team", self.team, "a member target or a team target, not both")


def evaluate_targets(table: FrameT, targets: Iterable[KpiTarget], *, key: str) -> FrameT:
    """Evaluate `targets` on a per-period, per-group KPI table (from :func:`kpi_table` or :func:`scorecard`).

    Parameters
    ----------
    table
        Has ``period``, the group column `key` and the targets' metric columns; any engine (the result is on it).
    targets
        The goals; the most specific one per (group, metric) applies.
    key
        The group column: ``"assignee"`` for member targets, ``"team"`` for team targets.

    Returns
    -------
    polars.DataFrame
        ``period, <key>, metric, value, goal, met, delta, previous, trend``: ``delta`` is how far the value is on
        the good side of the goal (negative when missed); ``previous`` is the group's value in the previous period
        of the table, ``trend`` is ``"better"``, ``"worse"``, ``"same"`` or null. A null value is not met.

    Examples
    --------
    >>> import datetime as dt
    >>> table = pl.DataFrame({"period": [dt.date(2026, 11, 2), dt.date(2026, 11, 9)], "assignee": ["ann", "ann"],
    ...                       "csat": [0.8, 0.95]})
    >>> evaluate_targets(table, [KpiTarget(metric="csat", goal=0.9, direction="at_least")], key="assignee").select(
    ...     "met", "delta", "trend").rows()
    [(False, -0.1, None), (True, 0.05, 'better')]
    """
    engine, frame = Engine.of(table), polars_of(table, "table")
    if isinstance(frame.schema.get("period"), pl.Datetime):  # a pandas table: pandas has no date type
        frame = frame.with_columns(pl.col("period").dt.date())
    rows = []
    items = list(targets)
    for i, target in enumerate(items):
        if not isinstance(target, KpiTarget):
            raise WrongType(f"targets[{i}]", target, "a KpiTarget")
        if target.metric not in frame.columns:
            raise InvalidValue(
                f"targets[{i}].metric", target.metric, f"a column of the table: {', '.join(frame.columns)}"
            )
    for metric in dict.fromkeys(t.metric for t in items):
        general = [t for t in items if t.metric == metric and t.member is None and t.team is None]
        special = {t.member or t.team: t for t in items if t.metric == metric and (t.member or t.team)}
        for row in frame.select("period", key, metric).iter_rows(named=True):
            chosen = special.get(row[key]) or (general[0] if general else None)
            if chosen is None:
                continue
            value = row[metric]
            sign = 1.0 if chosen.direction == "at_least" else -1.0
            delta = None if value is None else round(sign * (value - chosen.goal), 9)
            rows.append(
                {
                    "period": row["period"],
                    key: row[key],
                    "metric": metric,
                    "value": value,
                    "goal": chosen.goal,
                    "met": delta is not None and delta >= 0,
                    "delta": delta,
                    "sign": sign,
                }
            )
    schema = {
        "period": pl.Date,
        key: pl.String,
        "metric": pl.String,
        "value": pl.Float64,
        "goal": pl.Float64,
        "met": pl.Boolean,
        "delta": pl.Float64,
        "sign": pl.Float64,
    }
    out = pl.DataFrame(rows, schema=schema, orient="row").sort(key, "metric", "period")
    previous = pl.col("value").shift(1).over(key, "metric")
    change = (pl.col("value") - previous) * pl.col("sign")
    evaluated = (
        out.with_columns(previous.alias("previous"))
        .with_columns(
            pl.when(change > 1e-12)
            .then(pl.lit("better"))
            .when(change < -1e-12)
            .then(pl.lit("worse"))
            .when(change.is_not_null())
            .then(pl.lit("same"))
            .alias("trend")
        )
        .drop("sign")
        .sort("period", key, "metric")
    )
    result: FrameT = engine.convert(evaluated)
    return result


def scorecard(
    tickets: FrameT,
    events: Any,
    *,
    start: dt.datetime,
    end: dt.datetime,
    policy: SlaPolicy,
    by: Literal["assignee", "team"] = "assignee",
    period: Period | None = "week",
    tz: str = "UTC",
    calendars: Mapping[str | None, IntervalSet] | None = None,
) -> FrameT:
    """The per-member (or per-team) scorecard: incoming, solved, median first reply, first-reply SLA, CSAT.

    Durations and the SLA use the policy's clock (business hours when ``policy.business_hours``). The figures
    follow the definitions of :data:`~teamcore.kpi.METRICS`; this is a lean query computing only them, checked
    against :func:`kpi_table` by the tests.

    Returns
    -------
    DataFrame
        On the engine of `tickets` (see :func:`~teamcore.kpi.kpi_table`): ``period, <by>,``
        :data:`SCORECARD_COLUMNS`, sorted.
    """
    lo, hi = as_utc(start, "start"), as_utc(end, "end")
    if hi <= lo:
        raise InvalidInterval("end", end, f"an instant after start {start.isoformat()}")
    if by not in {"assignee", "team"}:
        raise InvalidValue("by", by, "'assignee' or 'team'")
    period = check_period(period)
    clock: Clock = "business" if policy.business_hours else "calendar"
    rows = _ScorecardRows(lo=lo, hi=hi, policy=policy, by=by, period=period, tz=tz, clock=clock, calendars=calendars)
    if _on_dask(tickets, events):
        from teamcore.kpi._dask import scorecard_parts  # noqa: PLC0415 - Dask is optional

        pa, pb = scorecard_parts(tickets, events, rows)
    else:
        created, solved = rows(tickets, events)
        a = created.group_by("period", by).agg(
            nw.col("incoming").sum(),
            nw.col("first_reply").median().alias("first_reply_median"),
            nw.col("sla_met").sum(),
            nw.col("sla_decided").sum(),
        )
        b = solved.group_by("period", by).agg(nw.col("solved").sum(), nw.col("good").sum(), nw.col("bad").sum())
        pa, pb = collect_all(a, b)
    card = _card(pa, pb, by)
    result: FrameT = Engine.of(tickets).convert(card)
    return result


def _on_dask(tickets: object, events: object) -> bool:
    """Whether the scorecard runs on Dask: Dask tickets, and Dask events or none."""
    dask = nw.dependencies.is_dask_dataframe
    return bool(dask(tickets) and (events is None or dask(events)))


@attrs.frozen(kw_only=True)
class _ScorecardRows:
    """The scorecard's rows before grouping: tickets created and tickets solved in the window, with their marks.

    Called on the caller's engine by :func:`scorecard`, or on polars per group of tickets on each Dask worker
    (:func:`teamcore.kpi._dask.scorecard_parts`): one definition of every figure for both.
    """

    lo: dt.datetime
    hi: dt.datetime
    policy: SlaPolicy
    by: Literal["assignee", "team"]
    period: Period | None
    tz: str
    clock: Clock
    calendars: Mapping[str | None, IntervalSet] | None

    def __call__(self, tickets: Any, events: Any) -> tuple[nw.LazyFrame[Any], nw.LazyFrame[Any]]:
        """The created and solved rows of `tickets` and `events` (any engine), as lazy frames.

        Created rows carry ``incoming, first_reply, sla_met, sla_decided``, solved rows ``solved, good, bad``;
        both ``period`` and the group column.
        """
        by, period, tz, lo, hi = self.by, self.period, self.tz, self.lo, self.hi
        facts = _facts(
            tickets,
            events,
            clock=self.clock,
            calendars=self.calendars,
            parts=frozenset({"replies"}),
            columns=[by, "priority", "satisfaction", "created_s", "solved_s", "solved_now", "first_reply"],
        )
        goals = {t.priority: t.within.total_seconds() for t in self.policy.targets if t.metric == "first_reply"}
        goal: Any = nw.lit(None, nw.Float64())
        for priority, seconds in goals.items():
            goal = nw.when(nw.col("priority") == priority).then(nw.lit(seconds)).otherwise(goal)
        lo_s, hi_s = lo.timestamp(), hi.timestamp()
        created = (
            facts.filter((nw.col("created_s") >= lo_s) & (nw.col("created_s") < hi_s))
            .with_columns(
                period_key(nw.col("created_s"), period, tz, lo, hi).alias("period"),
                nw.lit(1).alias("incoming"),
                goal.alias("goal"),
            )
            .with_columns(
                _indicator(nw.col("first_reply") <= nw.col("goal"), "sla_met"),
                _indicator(~nw.col("goal").is_null() & ~nw.col("first_reply").is_null(), "sla_decided"),
            )
        )
        solved = facts.filter(
            nw.col("solved_now") & (nw.col("solved_s") >= lo_s) & (nw.col("solved_s") < hi_s)
        ).with_columns(
            period_key(nw.col("solved_s"), period, tz, lo, hi).alias("period"),
            nw.lit(1).alias("solved"),
            _indicator(nw.col("satisfaction") == "good", "good"),
            _indicator(nw.col("satisfaction") == "bad", "bad"),
        )
        return created, solved


def _card(pa: pl.DataFrame, pb: pl.DataFrame, by: str) -> pl.DataFrame:
    """The scorecard from its created part `pa` and solved part `pb` (per period and group)."""
    table = pa.with_columns(pl.col(by).cast(pl.String)).join(
        pb.with_columns(pl.col(by).cast(pl.String)), on=["period", by], how="full", coalesce=True, nulls_equal=True
    )
    rated = (pl.col("good") + pl.col("bad")).cast(pl.Float64)
    decided = pl.col("sla_decided").cast(pl.Float64)
    return table.select(
        pl.col("period").cast(pl.Int64).map_elements(to_date, return_dtype=pl.Date),
        pl.col(by),
        pl.col("incoming").cast(pl.Int64).fill_null(0),
        pl.col("solved").cast(pl.Int64).fill_null(0),
        pl.col("first_reply_median").cast(pl.Float64).fill_nan(None).round(6),
        pl.when(decided > 0).then(pl.col("sla_met") / decided).round(6).alias("sla_first_reply"),
        pl.when(rated > 0).then(pl.col("good") / rated).round(6).alias("csat"),
    ).sort("period", by, nulls_last=True)
