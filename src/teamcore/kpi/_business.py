"""Business-hours durations, vectorised: cumulative open seconds and ``np.searchsorted``.

A business calendar's open time is an :class:`~teamcore.scheduling.IntervalSet` (sorted, disjoint, half-open UTC
intervals). Let ``B(t)`` be the open seconds of the set before instant ``t``. The business duration between two
instants is ``B(end) - B(start)``: one ``searchsorted`` per instant over the cumulative sums, no per-row Python.
This makes business time *additive* by construction (``B(c) - B(a) = (B(b) - B(a)) + (B(c) - B(b))``) and never
more than calendar time.

Because every duration is a difference of ``B``, the KPI pipeline computes business-hours metrics exactly as it
computes calendar ones, with ``B(t)`` in place of the epoch seconds of ``t`` (see :func:`business_clock`).

Schedule changes during a ticket's life
    Each instant is measured by the schedule **in force at that instant**: build the team's set as
    ``old.clip(…, change) | new.clip(change, …)`` and a ticket open across the change counts the old hours before it
    and the new hours after. Zendesk instead re-applies the schedule assigned when the metric is *computed*, and
    Freshdesk the one in force when the ticket was *created*; both make a finished ticket's number move, or keep
    counting hours the team no longer works. Measuring each second by the hours in force then is the only rule under
    which a past duration never changes and splitting a span at the change sums to the whole.

Instants outside the set's span count as closed: give a calendar that covers the data (a year around it is cheap).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping
from typing import Any, Final

import narwhals as nw
import numpy as np
import numpy.typing as npt
import polars as pl

from teamcore._frames import EPOCH, lazy
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.people import Organisation
from teamcore.scheduling import IntervalSet, working_intervals

__all__ = ["business_clock", "business_deadline", "business_seconds", "open_seconds_before", "team_calendars"]

Int64Array = npt.NDArray[np.int64]


def _numbers(value: npt.ArrayLike, field: str, dtype: type[np.int64] | type[np.float64]) -> npt.NDArray[Any]:
    """`value` as a numpy array of `dtype` (epoch or plain seconds); :class:`WrongType` when it holds no numbers."""
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise WrongType(field, value, "numbers of seconds (an array or a list)") from None


def _intervals(value: object) -> IntervalSet:
    if not isinstance(value, IntervalSet):
        raise WrongType("intervals", value, "an IntervalSet")
    return value


def open_seconds_before(instants: npt.ArrayLike, intervals: IntervalSet) -> Int64Array:
    """``B(t)``: the open seconds of `intervals` before each instant (epoch seconds), vectorised.

    Examples
    --------
    >>> week = IntervalSet.from_arrays([0, 100], [10, 110])
    >>> open_seconds_before([-5, 5, 50, 105, 500], week).tolist()
    [0, 5, 10, 15, 20]
    """
    t = _numbers(instants, "instants", np.int64)
    starts, ends = _intervals(intervals).starts, intervals.ends
    if starts.size == 0:
        return np.zeros(t.shape, np.int64)
    before = np.concatenate(([0], np.cumsum(ends - starts)))
    i = np.searchsorted(starts, t, side="right") - 1
    j = np.maximum(i, 0)
    inside = np.clip(t - starts[j], 0, ends[j] - starts[j])
    return np.where(i < 0, 0, before[j] + inside).astype(np.int64)


def business_seconds(start: npt.ArrayLike, end: npt.ArrayLike, intervals: IntervalSet) -> Int64Array:
    """Open seconds of `intervals` between each ``start`` and ``end`` (epoch seconds): ``B(end) - B(start)``.

    A start after its end gives a negative duration, as calendar subtraction would.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import WeeklyHours
    >>> from teamcore.scheduling import BusinessCalendar
    >>> cal = BusinessCalendar(hours=WeeklyHours.weekdays(), timezone="Europe/Berlin", country="DE")
    >>> hours = cal.intervals(dt.date(2026, 12, 1), dt.date(2027, 1, 8))
    >>> friday_4pm = dt.datetime(2026, 12, 18, 15, tzinfo=dt.UTC).timestamp()  # 16:00 in Berlin
    >>> monday_10am = dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC).timestamp()
    >>> (business_seconds([friday_4pm], [monday_10am], hours) / 3600).tolist()
    [2.0]
    """
    return open_seconds_before(end, intervals) - open_seconds_before(start, intervals)


def business_deadline(start: npt.ArrayLike, seconds: npt.ArrayLike, intervals: IntervalSet) -> npt.NDArray[np.float64]:
    """The instant at which `seconds` of open time have passed since each `start` (epoch seconds), vectorised.

    The inverse of :func:`business_seconds`: the earliest ``t >= start`` with ``business_seconds(start, t) ==
    seconds`` — "four business hours from now" as a wall-clock instant (whole seconds, as :func:`business_seconds`
    counts). A negative `seconds` looks back: the earliest instant that far back in open time. NaN where `start` or
    `seconds` is NaN, or where the calendar ends before the time is used up.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import WeeklyHours
    >>> from teamcore.scheduling import BusinessCalendar
    >>> cal = BusinessCalendar(hours=WeeklyHours.weekdays("09:00", "17:00"), timezone="UTC")
    >>> hours = cal.intervals(dt.date(2026, 11, 16), dt.date(2026, 11, 30))
    >>> friday_3pm = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC).timestamp()
    >>> due = business_deadline([friday_3pm], [4 * 3600], hours)[0]
    >>> dt.datetime.fromtimestamp(due, dt.UTC).isoformat()  # 2 h on Friday, 2 h on Monday
    '2026-11-23T11:00:00+00:00'
    """
    first_seen, spans = _numbers(start, "start", np.float64), _numbers(seconds, "seconds", np.float64)
    try:
        t0, span = np.broadcast_arrays(first_seen, spans)
    except ValueError:
        raise InvalidValue("seconds", spans.shape, f"one value, or one per start ({first_seen.shape})") from None
    out = np.full(t0.shape, np.nan)
    starts, ends = _intervals(intervals).starts, intervals.ends
    ok = ~np.isnan(t0) & ~np.isnan(span)
    if starts.size == 0 or not ok.any():
        return np.where(ok & (span == 0), np.floor(t0), out)  # nothing to spend: due at once
    lengths = ends - starts
    done = np.cumsum(lengths)  # open seconds by the end of each interval
    first = t0[ok].astype(np.int64)
    target = open_seconds_before(first, intervals) + span[ok]
    k = np.searchsorted(done, target, side="left")  # the first interval whose end reaches the target
    j = np.minimum(k, starts.size - 1)
    instant = starts[j] + (target - (done[j] - lengths[j]))
    instant = np.where((k < starts.size) & (target >= 0), instant, np.nan)
    out[ok] = np.where(span[ok] >= 0, np.maximum(instant, first), instant)  # never before its own start
    return out


def _clock_numpy(
    seconds: npt.NDArray[np.float64], codes: npt.NDArray[np.int64], sets: list[IntervalSet]
) -> npt.NDArray[np.float64]:
    """B(t) per row under calendar ``sets[code]``; code -1 (no calendar) and NaN instants give NaN.

    All calendars are laid end to end on one axis (calendar ``k``'s instants shifted by ``k`` times a span wider
    than every instant involved), so a single ``searchsorted`` serves every row without grouping or sorting them.
    """
    out = np.full(seconds.shape, np.nan)
    valid = ~np.isnan(seconds) & (codes >= 0)
    if not valid.any() or not sets:
        return out
    t = seconds[valid].astype(np.int64)
    code = codes[valid]
    starts = [s.starts for s in sets]
    lows = [int(t.min()), *(int(s[0]) for s in starts if s.size)]
    highs = [int(t.max()), *(int(s.ends[-1]) for s in sets if s.starts.size)]
    base, span = min(lows), max(highs) - min(lows) + 1
    shift = np.arange(len(sets), dtype=np.int64) * span - base
    axis = np.concatenate([s + shift[k] for k, s in enumerate(starts)])
    lengths = np.concatenate([s.ends - s.starts for s in sets])
    # Open seconds before each interval, restarting at 0 for every calendar.
    before = np.concatenate([np.cumsum(s.ends - s.starts) - (s.ends - s.starts) for s in sets])
    first = np.cumsum([0, *(s.size for s in starts)])[:-1]
    key = t + shift[code]
    i = np.searchsorted(axis, key, side="right") - 1
    j = np.maximum(i, 0)
    inside = np.clip(key - axis[j], 0, lengths[j]) if axis.size else np.zeros(t.shape, np.int64)
    values = np.where(i < first[code], 0, before[j] + inside) if axis.size else inside
    out[valid] = values
    return out


_SPAN: Final = 1 << 40
"""Where calendar ``k`` starts on the polars axis (``k * _SPAN``): wider than any instant after clipping to ±2**38."""
_REACH: Final = 1 << 38


def _clock_polars(
    frame: pl.LazyFrame, instants: Mapping[str, str], team: str, calendars: Mapping[str | None, IntervalSet]
) -> pl.LazyFrame:
    """:func:`_clock_numpy` as native polars expressions: one lazy plan, so filters and projections push through it.

    The calendars lie end to end on one axis (calendar ``k`` shifted by ``k * _SPAN``); ``search_sorted`` of each
    row's shifted instant finds its interval. Instants are clipped to ±2**38 s (8,700 years): every calendar lies
    well inside, so ``B`` is unchanged, and the shifted instants of two calendars never meet.
    """
    named = [k for k in calendars if k is not None]
    sets = [calendars[k] for k in named]
    fallback = None
    if None in calendars:
        sets.append(calendars[None])
        fallback = len(sets) - 1
    code: pl.Expr = pl.lit(fallback, pl.Int64)
    if team in frame.collect_schema().names() and named:
        code = pl.col(team).replace_strict(named, list(range(len(named))), default=fallback, return_dtype=pl.Int64)
    sizes = [s.starts.size for s in sets]
    if sum(sizes) == 0:  # no open time anywhere: B is 0 wherever it is defined
        return frame.with_columns(
            pl.when(pl.col(i).is_not_null() & code.is_not_null()).then(0.0).cast(pl.Float64).alias(o)
            for o, i in instants.items()
        )
    axis = pl.Series(np.concatenate([s.starts + k * _SPAN for k, s in enumerate(sets)]))
    lengths = pl.Series(np.concatenate([s.ends - s.starts for s in sets]))
    before = pl.Series(np.concatenate([np.cumsum(s.ends - s.starts) - (s.ends - s.starts) for s in sets]))
    first = pl.Series(np.cumsum([0, *sizes])[:-1].astype(np.int64))
    # Step by step through temporary columns, so each search runs once per row.
    temp = {out: (f"__key_{out}", f"__i_{out}") for out in instants}
    keys = [
        ((pl.col(instant).dt.convert_time_zone("UTC") - EPOCH).dt.total_seconds().clip(-_REACH, _REACH))
        .add(pl.col("__code") * _SPAN)
        .alias(temp[out][0])
        for out, instant in instants.items()
    ]
    found = [
        (pl.lit(axis).search_sorted(pl.col(k), side="right").cast(pl.Int64) - 1).alias(i) for k, i in temp.values()
    ]
    values = []
    for out, (k, i) in temp.items():
        j = pl.col(i).clip(0)
        inside = (pl.col(k) - pl.lit(axis).gather(j)).clip(0, pl.lit(lengths).gather(j))
        value = (
            pl.when(pl.col(k).is_null())
            .then(None)
            .when(pl.col(i) < pl.col("__first"))
            .then(0)
            .otherwise(pl.lit(before).gather(j) + inside)
        )
        values.append(value.cast(pl.Float64).alias(out))
    return (
        frame.with_columns(code.alias("__code"))
        .with_columns(*keys, pl.lit(first).gather(pl.col("__code")).alias("__first"))
        .with_columns(found)
        .with_columns(values)
        .drop("__code", "__first", *[c for pair in temp.values() for c in pair])
    )


def _apply(pdf: Any, instants: Mapping[str, str], team: str, calendars: Mapping[str | None, IntervalSet]) -> Any:
    frame = nw.from_native(pdf, eager_only=True)
    named = [k for k in calendars if k is not None]
    sets = [calendars[k] for k in named]
    fallback = -1
    if None in calendars:
        sets.append(calendars[None])
        fallback = len(sets) - 1
    code: Any = nw.lit(fallback)
    if team in frame.columns:
        for i in reversed(range(len(named))):
            code = nw.when(nw.col(team) == named[i]).then(nw.lit(i)).otherwise(code)
    codes = frame.select(code.cast(nw.Int64).alias("c"))["c"].to_numpy().astype(np.int64)
    new = []
    for out, instant in instants.items():
        utc = nw.col(instant).dt.convert_time_zone("UTC")  # DuckDB hands over Etc/UTC
        column = frame.select(((utc - nw.lit(EPOCH)).dt.total_seconds()).cast(nw.Float64).alias("s"))["s"]
        values = _clock_numpy(column.to_numpy().astype(np.float64), codes, sets)
        new.append(nw.new_series(out, values, nw.Float64(), backend=frame.implementation))
    # A typed null: an untyped one turns a pandas column into objects (and a Dask partition unlike its meta).
    null = nw.lit(None, nw.Float64())
    filled = frame.with_columns(*new).with_columns(
        *[nw.when(nw.col(out).is_nan()).then(null).otherwise(nw.col(out)).alias(out) for out in instants]
    )
    return filled.to_native()


def business_clock(
    frame: Any,
    *,
    instant: str | Mapping[str, str],
    team: str,
    calendars: Mapping[str | None, IntervalSet],
    out: str | None = None,
) -> nw.LazyFrame[Any]:
    """Add column `out` = ``B(instant)`` under the calendar of each row's `team` (float seconds; null if no calendar).

    Parameters
    ----------
    frame
        Any frame narwhals supports. Polars frames get native polars expressions (the result is a lazy plan that
        filters and projections push through); other eager frames are computed at once; a Dask frame partition by
        partition (so it scales out on a cluster); a DuckDB relation is read into polars.
    instant
        The column of instants; or a mapping of output column → instant column, to clock several in one pass.
    team
        The column of team ids.
    calendars
        Team id → open intervals; the key ``None`` is the calendar of teams not listed.
    out
        Name of the new column (required with a single `instant`).

    Examples
    --------
    >>> import datetime as dt
    >>> frame = pl.DataFrame({"team": ["a", "b"], "at": [dt.datetime(1970, 1, 1, 0, 0, 30, tzinfo=dt.UTC)] * 2})
    >>> hours = {"a": IntervalSet.from_arrays([0], [10]), "b": IntervalSet.from_arrays([20], [100])}
    >>> business_clock(frame, instant="at", team="team", calendars=hours, out="b").collect()["b"].to_list()
    [10.0, 10.0]
    """
    for key, value in calendars.items():
        if not isinstance(value, IntervalSet):
            raise WrongType(f"calendars[{key!r}]", value, "an IntervalSet")
    if isinstance(instant, str):
        if out is None:
            raise InvalidValue("out", out, "the name of the new column")
        instants: dict[str, str] = {out: instant}
    else:
        instants = dict(instant)
    native = frame.to_native() if isinstance(frame, nw.DataFrame | nw.LazyFrame) else frame
    wrapped = lazy(native)
    impl = wrapped.implementation
    if impl.is_dask():
        meta = native._meta.assign(**dict.fromkeys(instants, np.float64(0)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            result = native.map_partitions(_apply, instants, team, calendars, meta=meta)
        return lazy(result)
    if impl.is_duckdb():
        native = native.pl()
    if isinstance(native, pl.LazyFrame | pl.DataFrame):
        return lazy(_clock_polars(native.lazy(), instants, team, calendars))
    return lazy(_apply(native, instants, team, calendars))


def team_calendars(org: Organisation, start: dt.date, end: dt.date) -> dict[str | None, IntervalSet]:
    """Each team's open hours for local dates ``[start, end)``: the union of its members' working intervals.

    A team is open when at least one member works (their weekly hours, public holidays of their country, the team's
    closed days and their time off), which is how a follow-the-sun team's customers see it.

    Examples
    --------
    >>> from teamcore.people import Member, Team
    >>> org = Organisation(name="A", members=[Member(id="a", name="A", timezone="Europe/Oslo", country="NO",
    ...                                              hours={"mon-fri": ["09:00-17:00"]})],
    ...                    teams=[Team(id="t", name="T", lead="a", members=["a"])])
    >>> team_calendars(org, dt.date(2026, 11, 2), dt.date(2026, 11, 9))["t"].total_seconds() // 3600
    40
    """
    return {
        team.id: IntervalSet.union_of(
            working_intervals(org.member(member_id), start, end, team=org.teams) for member_id in team.members
        )
        for team in org.teams
    }
