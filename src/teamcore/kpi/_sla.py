"""SLA policies: targets per metric and priority, in business or calendar time, with pausing statuses.

Two SLA metrics, as Zendesk and Freshdesk define them:

``first_reply``
    From creation to the first public agent reply.
``resolution``
    From creation to the latest solve, **not counting** time in the policy's pausing statuses (default
    ``pending``, when the team waits for the requester) nor time spent solved before a reopen.

A target is *achieved* if the metric stopped within it, *breached* if it stopped later or is still running past it,
and *active* while running inside it; for active targets ``remaining`` is the time until breach at ``now`` (in the
policy's clock: business seconds for a business-hours policy), and ``breach_at`` is the instant it runs out: in
business time the remaining seconds run only while the ticket's team is open (:func:`business_deadline`), and a
paused ticket's ``breach_at`` is when it would breach if its clock ran again now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

import attrs
import narwhals as nw
import numpy as np
import numpy.typing as npt
import polars as pl

from teamcore._display import result_html, short_repr, to_pandas
from teamcore._frames import EPOCH, Engine, FrameT, joinable, lazy, polars_of, seconds, to_polars
from teamcore._time import as_utc
from teamcore._validators import attrs_validator, check_bool, check_choice, check_text
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.kpi._business import business_deadline, team_calendars
from teamcore.kpi._facts import ticket_facts
from teamcore.kpi._metrics import Clock, _clock_columns
from teamcore.kpi._schema import PRIORITIES
from teamcore.kpi._states import UNSOLVED
from teamcore.people import Organisation
from teamcore.scheduling import IntervalSet

__all__ = [
    "SlaEvaluation",
    "SlaPolicy",
    "SlaTarget",
    "evaluate_sla",
    "sla_achievement",
    "sla_calendars",
    "sla_queue",
    "sla_status",
]

SlaMetric = Literal["first_reply", "resolution"]
_METRICS: Final[tuple[SlaMetric, ...]] = ("first_reply", "resolution")


def _metric(value: object) -> SlaMetric:
    return check_choice(value, "metric", _METRICS, expected="'first_reply' or 'resolution'")


def _priority(value: object) -> str:
    return str(check_choice(value, "priority", PRIORITIES, expected=f"one of {', '.join(PRIORITIES)}"))


def _within(value: object) -> dt.timedelta:
    if not isinstance(value, dt.timedelta):
        raise WrongType("within", value, "a timedelta")
    if value <= dt.timedelta(0):
        raise OutOfRange("within", value, "a positive duration")
    return value


@attrs.frozen(kw_only=True)
class SlaTarget:
    """One target: `metric` for tickets of `priority` must stop within `within`."""

    metric: SlaMetric = attrs.field(converter=_metric)
    priority: str = attrs.field(converter=_priority)
    within: dt.timedelta = attrs.field(converter=_within)


def _policy_name(value: object, field: str) -> str:
    """Check a policy's name: a non-empty string, taken as written (the rule of the constructor and the file)."""
    return check_text(value, field, max_length=None, allow_padding=True)


def _business_hours(value: object) -> bool:
    return check_bool(value, "business_hours")


def _targets(value: Iterable[SlaTarget]) -> tuple[SlaTarget, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise WrongType("targets", value, "a list of SlaTarget")
    items = tuple(value)
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        if not isinstance(item, SlaTarget):
            raise WrongType(f"targets[{i}]", item, "an SlaTarget")
        key = (item.metric, item.priority)
        if key in seen:
            raise InvalidValue(f"targets[{i}]", key, "one target per (metric, priority)")
        seen.add(key)
    return items


def _pause(value: Iterable[str]) -> frozenset[str]:
    statuses = ", ".join(sorted(UNSOLVED))
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise WrongType("pause", value, f"a collection of unsolved statuses among {statuses}")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise WrongType(f"pause[{i}]", item, f"a status string, one of {statuses}")
    out = frozenset(items)
    bad = sorted(out - set(UNSOLVED))
    if bad:
        raise InvalidValue("pause", bad, f"unsolved statuses among {statuses}")
    return out


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """An SLA policy: targets per metric × priority, the clock, and the statuses that pause resolution time.

    Examples
    --------
    >>> policy = SlaPolicy(name="standard", business_hours=True, targets=[
    ...     SlaTarget(metric="first_reply", priority="urgent", within=dt.timedelta(hours=1)),
    ...     SlaTarget(metric="resolution", priority="urgent", within=dt.timedelta(hours=8))])
    >>> sorted(policy.pause)
    ['pending']
    """

    name: str = attrs.field(validator=attrs_validator(_policy_name))
    targets: tuple[SlaTarget, ...] = attrs.field(converter=_targets)
    business_hours: bool = attrs.field(default=False, converter=_business_hours)
    pause: frozenset[str] = attrs.field(default=frozenset({"pending"}), converter=_pause)

    def __repr__(self) -> str:
        return short_repr(self)


def sla_status(
    tickets: FrameT,
    events: Any,
    policy: SlaPolicy,
    *,
    now: dt.datetime,
    calendars: Mapping[str | None, IntervalSet] | None = None,
) -> FrameT:
    """Each ticket's state against each target of `policy` that applies to its priority, at `now`.

    Returns
    -------
    DataFrame
        On the engine of `tickets` (see :func:`~teamcore.kpi.kpi_table`): ``ticket_id, team, assignee, priority,
        metric, target, elapsed, state, remaining, breach_at`` (seconds in the
        policy's clock; ``state`` is ``achieved``, ``breached`` or ``active``; ``remaining`` and ``breach_at``, the
        instant it runs out, only for active targets). Sorted by ticket and metric.

    Examples
    --------
    >>> utc = dt.timezone.utc
    >>> t0 = dt.datetime(2026, 11, 2, 9, tzinfo=utc)
    >>> tickets = pl.DataFrame({"ticket_id": ["a"], "created_at": [t0], "priority": ["urgent"], "status": ["open"],
    ...                         "solved_at": pl.Series([None], dtype=pl.Datetime("us", "UTC")), "team": ["t"],
    ...                         "assignee": ["ann"]})
    >>> events = pl.DataFrame({"ticket_id": ["a", "a"], "kind": ["reply", "status"],
    ...                        "at": [t0 + dt.timedelta(minutes=30)] * 2,
    ...                        "from_status": [None, "new"], "to_status": [None, "open"]})
    >>> policy = SlaPolicy(name="p", targets=[
    ...     SlaTarget(metric="first_reply", priority="urgent", within=dt.timedelta(hours=1)),
    ...     SlaTarget(metric="resolution", priority="urgent", within=dt.timedelta(hours=4))])
    >>> status = sla_status(tickets, events, policy, now=t0 + dt.timedelta(hours=3))
    >>> status.select("metric", "state", "remaining").rows()
    [('first_reply', 'achieved', None), ('resolution', 'active', 3600.0)]
    """
    table: FrameT = Engine.of(tickets).convert(
        evaluate_sla(tickets, events, policy, now=now, calendars=calendars).status
    )
    return table


def sla_queue(
    tickets: FrameT,
    events: Any,
    policy: SlaPolicy,
    *,
    now: dt.datetime,
    calendars: Mapping[str | None, IntervalSet] | None = None,
) -> FrameT:
    """The targets still running on unsolved tickets at `now`, soonest breach first: what needs attention.

    A target is running while its metric has not stopped: no public reply yet for ``first_reply``, not solved for
    ``resolution`` (a paused ticket, e.g. ``pending``, stays in the queue with its clock stopped; its ``status``
    says so). Targets that stopped are left out, achieved or not: nothing can be done about them any more.

    Returns
    -------
    DataFrame
        On the engine of `tickets` (see :func:`~teamcore.kpi.kpi_table`): ``ticket_id, team, assignee, priority,
        status, metric, target, elapsed, until_breach, breached, breach_at``
        (seconds in the policy's clock). ``until_breach`` is ``target - elapsed``, negative once ``breached``;
        ``breach_at`` is the instant of the breach, past or future (in business time: counting only the team's open
        hours; null beyond its calendar). Sorted by ``until_breach`` (overdue longest first), then ticket and metric.

    Examples
    --------
    >>> utc = dt.timezone.utc
    >>> t0 = dt.datetime(2026, 11, 2, 9, tzinfo=utc)
    >>> tickets = pl.DataFrame({"ticket_id": ["a", "b"], "created_at": [t0, t0 + dt.timedelta(hours=1)],
    ...                         "priority": ["urgent", "urgent"], "status": ["open", "new"],
    ...                         "solved_at": pl.Series([None, None], dtype=pl.Datetime("us", "UTC")),
    ...                         "team": ["t", "t"], "assignee": ["ann", "bo"]})
    >>> events = pl.DataFrame({"ticket_id": ["a", "a"], "kind": ["reply", "status"],
    ...                        "at": [t0 + dt.timedelta(minutes=30)] * 2,
    ...                        "from_status": [None, "new"], "to_status": [None, "open"]})
    >>> policy = SlaPolicy(name="p", targets=[
    ...     SlaTarget(metric="first_reply", priority="urgent", within=dt.timedelta(hours=1)),
    ...     SlaTarget(metric="resolution", priority="urgent", within=dt.timedelta(hours=4))])
    >>> queue = sla_queue(tickets, events, policy, now=t0 + dt.timedelta(hours=3))
    >>> queue.select("ticket_id", "metric", "until_breach", "breached").rows()
    [('b', 'first_reply', -3600.0, True), ('a', 'resolution', 3600.0, False), ('b', 'resolution', 7200.0, False)]
    """
    table: FrameT = Engine.of(tickets).convert(
        evaluate_sla(tickets, events, policy, now=now, calendars=calendars).queue
    )
    return table


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SlaEvaluation:
    """Tickets checked against an SLA policy at one instant: each target's state, and the queue still running.

    Made by :func:`evaluate_sla`; both tables come from one evaluation. Equality is identity.

    Attributes
    ----------
    policy
        The policy evaluated.
    now
        The instant of the evaluation (UTC).
    status
        What :func:`sla_status` returns: one row per ticket and applicable target.
    queue
        What :func:`sla_queue` returns: the targets still running on unsolved tickets, soonest breach first.
    """

    policy: SlaPolicy
    now: dt.datetime
    status: pl.DataFrame
    queue: pl.DataFrame

    def __repr__(self) -> str:
        return (
            f"SlaEvaluation(policy={self.policy.name!r}, now={self.now.isoformat()!r}, "
            f"targets={self.status.height}, running={self.queue.height})"
        )

    def achievement(self, by: str | Iterable[str] = ()) -> pl.DataFrame:
        """:func:`sla_achievement` of :attr:`status`, per group `by`."""
        table: pl.DataFrame = sla_achievement(self.status, by)
        return table

    def to_polars(self, table: Literal["status", "queue"] = "status") -> pl.DataFrame:
        """:attr:`status` or :attr:`queue` (the polars frames they are).

        Raises
        ------
        InvalidValue
            If `table` is neither ``"status"`` nor ``"queue"``.
        """
        if table not in ("status", "queue"):
            raise InvalidValue("table", table, "'status' or 'queue'")
        return self.status if table == "status" else self.queue

    def to_pandas(self, table: Literal["status", "queue"] = "status") -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        InvalidValue
            If `table` is neither ``"status"`` nor ``"queue"``.
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars(table))

    def _repr_html_(self) -> str:
        """In a notebook: the summary line, achievement per metric and priority, and the queue nearest a breach."""
        return result_html(
            self,
            ("Achievement by metric and priority", self.achievement(["metric", "priority"])),
            ("Running targets, soonest breach first", self.queue),
        )


def evaluate_sla(
    tickets: Any,
    events: Any,
    policy: SlaPolicy,
    *,
    now: dt.datetime,
    calendars: Mapping[str | None, IntervalSet] | None = None,
) -> SlaEvaluation:
    """Check `tickets` against `policy` at `now` once, for both the per-target states and the running queue.

    Parameters
    ----------
    tickets, events
        Canonical tables on any engine narwhals supports.
    policy
        The SLA policy.
    now
        The instant of the evaluation (aware).
    calendars
        Team id → open intervals, needed for a business-hours policy (:func:`sla_calendars` gives them).

    Returns
    -------
    SlaEvaluation
        ``status`` as :func:`sla_status` returns it, ``queue`` as :func:`sla_queue` does.

    Raises
    ------
    WrongType
        If `policy` is not an :class:`SlaPolicy`.
    InvalidValue
        For a business-hours policy without `calendars`.

    Examples
    --------
    >>> utc = dt.timezone.utc
    >>> t0 = dt.datetime(2026, 11, 2, 9, tzinfo=utc)
    >>> tickets = pl.DataFrame({"ticket_id": ["a"], "created_at": [t0], "priority": ["urgent"], "status": ["new"],
    ...                         "solved_at": pl.Series([None], dtype=pl.Datetime("us", "UTC")), "team": ["t"],
    ...                         "assignee": ["ann"]})
    >>> events = pl.DataFrame({"ticket_id": ["a"], "kind": ["status"], "at": [t0],
    ...                        "from_status": [None], "to_status": ["new"]})
    >>> policy = SlaPolicy(name="p", targets=[
    ...     SlaTarget(metric="first_reply", priority="urgent", within=dt.timedelta(hours=1))])
    >>> evaluation = evaluate_sla(tickets, events, policy, now=t0 + dt.timedelta(hours=2))
    >>> evaluation
    SlaEvaluation(policy='p', now='2026-11-02T11:00:00+00:00', targets=1, running=1)
    >>> evaluation.queue.select("ticket_id", "until_breach", "breached").row(0)
    ('a', -3600.0, True)
    """
    rows = _evaluate(tickets, events, policy, now=now, calendars=calendars)
    moment = as_utc(now, "now")
    return SlaEvaluation(policy=policy, now=moment, status=_status(rows), queue=_queue(rows, moment, policy, calendars))


def sla_calendars(org: Organisation, first: dt.date | dt.datetime, now: dt.datetime) -> dict[str | None, IntervalSet]:
    """The team calendars an SLA evaluation at `now` reads, for tickets created from `first` on.

    They run from the day before `first` (the earliest ticket or window start; a datetime counts by its UTC date) to
    60 days after `now`: far enough ahead for the instants at which running targets breach.

    Parameters
    ----------
    org
        The organisation whose teams' open hours count.
    first
        The earliest ticket's creation (a date, or an aware datetime).
    now
        The instant of the evaluation (aware).

    Returns
    -------
    dict
        Team id → open intervals (see :func:`team_calendars`).

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> ann = Member(id="ann", name="Ann", timezone="UTC", country="GB",
    ...              hours={"mon-fri": ["09:00-17:00"]})
    >>> org = Organisation(name="A", members=[ann], teams=[Team(id="t", name="T", lead="ann", members=["ann"])])
    >>> hours = sla_calendars(org, dt.date(2026, 11, 2), dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    >>> hours["t"].total_seconds() // 3600  # 1 Nov 2026 to 1 Jan 2027: 42 English working days of 8 hours
    336
    """
    if isinstance(first, dt.datetime):
        day = as_utc(first, "first").date()
    elif isinstance(first, dt.date):
        day = first
    else:
        raise WrongType("first", first, "a date or an aware datetime")
    return team_calendars(org, day - dt.timedelta(days=1), as_utc(now, "now").date() + dt.timedelta(days=60))


def _status(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(_STATUS_COLUMNS).sort("ticket_id", "metric")


def _queue(
    rows: pl.DataFrame, moment: dt.datetime, policy: SlaPolicy, calendars: Mapping[str | None, IntervalSet] | None
) -> pl.DataFrame:
    until = (pl.col("target") - pl.col("elapsed")).round(6)
    queue = rows.filter(~pl.col("solved_now") & ~pl.col("stopped")).with_columns(
        until.alias("until_breach"), (pl.col("state") == "breached").alias("breached")
    )
    return (
        queue.with_columns(_deadlines(queue, "until_breach", moment, policy.business_hours, calendars))
        .select(
            "ticket_id",
            "team",
            "assignee",
            "priority",
            "status",
            "metric",
            "target",
            "elapsed",
            "until_breach",
            "breached",
            "breach_at",
        )
        .sort("until_breach", "ticket_id", "metric")
    )


_STATUS_COLUMNS: Final = (
    "ticket_id",
    "team",
    "assignee",
    "priority",
    "metric",
    "target",
    "elapsed",
    "state",
    "remaining",
    "breach_at",
)


def _evaluate(
    tickets: Any,
    events: Any,
    policy: SlaPolicy,
    *,
    now: dt.datetime,
    calendars: Mapping[str | None, IntervalSet] | None,
) -> pl.DataFrame:
    """One row per ticket and applicable target: the status columns plus ``status, solved_now, stopped``."""
    if not isinstance(policy, SlaPolicy):
        raise WrongType("policy", policy, "an SlaPolicy")
    moment = as_utc(now, "now")
    clock: Clock = "business" if policy.business_hours else "calendar"
    paused = policy.pause | {"solved"}
    facts = ticket_facts(tickets, events, clock=clock, calendars=calendars, waits=False).frame
    facts = _clock_columns(facts.with_columns(nw.lit(moment).alias("__now")), {"c_now": "__now"}, clock, calendars)
    e = lazy(events, "events")
    if e.implementation != facts.implementation:
        e = lazy(to_polars(e))
        facts = lazy(to_polars(facts))
    e = e.filter((nw.col("kind") == "status") & (seconds("at") <= moment.timestamp()))
    e = e.join(facts.select("ticket_id", "team", "solved_now", "last_solve_c"), on="ticket_id", how="inner")
    e = _clock_columns(e, {"c_at": "at"}, clock, calendars)
    e = e.filter(~nw.col("solved_now") | (nw.col("c_at") <= nw.col("last_solve_c"))).with_columns(
        (
            nw.when(nw.col("from_status").is_in(paused)).then(nw.col("c_at")).otherwise(nw.lit(0.0))
            - nw.when(nw.col("to_status").is_in(paused)).then(nw.col("c_at")).otherwise(nw.lit(0.0))
        ).alias("pause_part")
    )
    pauses = joinable(e.group_by("ticket_id").agg(nw.col("pause_part").sum().alias("paused_raw")))
    f = to_polars(facts.join(pauses, on="ticket_id", how="left"))
    done = pl.col("solved_now") & pl.col("last_solve_c").is_not_null()
    end = pl.when(done).then(pl.col("last_solve_c")).otherwise(pl.col("c_now"))
    state_paused = done | pl.col("status").is_in(sorted(paused))
    f = f.with_columns(
        (
            end
            - pl.col("c_created")
            - pl.col("paused_raw").fill_null(0.0)
            - pl.when(state_paused).then(end).otherwise(0.0)
        ).alias("resolution_elapsed"),
        pl.when(pl.col("first_reply").is_not_null())
        .then(pl.col("first_reply"))
        .otherwise(pl.col("c_now") - pl.col("c_created"))
        .alias("first_reply_elapsed"),
    )
    rules = pl.DataFrame(
        {
            "metric": [t.metric for t in policy.targets],
            "priority": [t.priority for t in policy.targets],
            "target": [t.within.total_seconds() for t in policy.targets],
        },
        schema={"metric": pl.String, "priority": pl.String, "target": pl.Float64},
    )
    rows = f.join(rules, on="priority", how="inner").with_columns(
        pl.when(pl.col("metric") == "first_reply")
        .then(pl.col("first_reply_elapsed"))
        .otherwise(pl.col("resolution_elapsed"))
        .alias("elapsed"),
        pl.when(pl.col("metric") == "first_reply")
        .then(pl.col("first_reply").is_not_null())
        .otherwise(done)
        .alias("stopped"),
    )
    rows = rows.with_columns(
        pl.when(pl.col("elapsed") > pl.col("target"))
        .then(pl.lit("breached"))
        .when(pl.col("stopped"))
        .then(pl.lit("achieved"))
        .otherwise(pl.lit("active"))
        .alias("state"),
    ).with_columns(
        pl.when(pl.col("state") == "active").then(pl.col("target") - pl.col("elapsed")).alias("remaining"),
    )
    rows = rows.with_columns(_deadlines(rows, "remaining", moment, clock == "business", calendars))
    return rows.with_columns(pl.col("elapsed").round(6))


def _deadlines(
    frame: pl.DataFrame,
    seconds_column: str,
    moment: dt.datetime,
    business: bool,
    calendars: Mapping[str | None, IntervalSet] | None,
) -> pl.Series:
    """``moment`` plus each row's `seconds_column` of the policy's clock, as an instant (null when unknown).

    In business time the seconds run only while the row's team is open (:func:`business_deadline`).
    """
    values = frame.get_column(seconds_column).cast(pl.Float64).fill_null(np.nan).to_numpy()
    now_us = (moment - EPOCH) // dt.timedelta(microseconds=1)
    if not business:
        micros: npt.NDArray[np.float64] = now_us + np.round(values * 1e6)  # whole microseconds, exact in float64
    else:
        instants = np.full(frame.height, np.nan)
        teams = np.asarray(frame.get_column("team").to_list(), dtype=object)
        for team in dict.fromkeys(teams.tolist()):
            hours = (calendars or {}).get(team, (calendars or {}).get(None))
            if hours is not None:
                rows = teams == team
                instants[rows] = business_deadline(np.full(int(rows.sum()), moment.timestamp()), values[rows], hours)
        micros = np.round(instants * 1e6)
    whole = pl.Series(micros).fill_nan(None).cast(pl.Int64)
    return whole.cast(pl.Datetime("us", "UTC")).alias("breach_at")


def sla_achievement(status: FrameT, by: str | Iterable[str] = ()) -> FrameT:
    """Share of achieved among decided targets (achieved + breached; active ones wait) per group.

    `status` is a table as :func:`sla_status` returns it, on any engine; the result is on the same engine.

    Examples
    --------
    >>> table = pl.DataFrame({"metric": ["first_reply"] * 3, "state": ["achieved", "breached", "active"]})
    >>> sla_achievement(table, by="metric").rows()
    [('first_reply', 1, 1, 0.5)]
    """
    keys = [by] if isinstance(by, str) else list(by)
    frame = polars_of(status, "status").with_columns(
        (pl.col("state") == "achieved").cast(pl.Int64).alias("achieved"),
        (pl.col("state") == "breached").cast(pl.Int64).alias("breached"),
    )
    aggs = [pl.col("achieved").sum(), pl.col("breached").sum()]
    out = frame.group_by(keys).agg(aggs).sort(keys) if keys else frame.select(aggs)
    total = pl.col("achieved") + pl.col("breached")
    result: FrameT = Engine.of(status).convert(
        out.with_columns(pl.when(total > 0).then(pl.col("achieved") / total).alias("achievement"))
    )
    return result
