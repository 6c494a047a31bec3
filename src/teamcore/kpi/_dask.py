"""The scorecard on Dask: polars work on groups of whole tickets, one small exchange, one ``compute``.

A Dask frame's partitions hold rows in file order, so a ticket's row and its events sit in any partitions. A
``merge`` and a ``groupby`` by ticket would each shuffle every row across the cluster, in many small pandas tasks.
Here each input partition is read into polars once and split by a hash of ``ticket_id`` into `k` buckets (events
first reduced to their earliest reply per ticket, the only event fact the scorecard reads); bucket ``j`` then holds
whole tickets with all their replies, and the scorecard's own polars code (:class:`~teamcore.kpi._targets.
_ScorecardRows`, the code of the polars path) gives its rows. Counts are summed per (period, group) across
buckets; for the median each bucket sends its (period, group, first reply) rows to the part that owns the group
(a hash of the keys), which takes the exact polars median of every value of its groups. Only these small tables
cross the network, and the whole graph is one ``compute``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import narwhals as nw
import polars as pl

from teamcore._frames import collect_all, lazy, with_optional
from teamcore.kpi._schema import EVENT_COLUMNS, TICKET_COLUMNS

if TYPE_CHECKING:
    from teamcore.kpi._targets import _ScorecardRows as Rows

__all__ = ["MAX_BUCKETS", "buckets", "scorecard_parts"]

MAX_BUCKETS: Final = 8
"""At most this many groups of tickets: each is one polars task, big enough that the per-task cost is small."""

_STRINGS: Final = ("ticket_id", "team", "assignee", "priority", "status", "satisfaction", "kind")


def buckets(npartitions: int) -> int:
    """How many groups of tickets for inputs of `npartitions` partitions: one per partition, at most 8."""
    return max(1, min(npartitions, MAX_BUCKETS))


def _polars(part: Any, columns: Sequence[str]) -> pl.DataFrame:
    """A pandas partition as polars with stable dtypes: ids as strings, instants in UTC microseconds.

    A partition where a column is all null reads as polars' Null type; the buckets are concatenated, so every
    partition must give the same schema.
    """
    frame = pl.from_pandas(part[list(columns)])
    casts = []
    for name, dtype in frame.schema.items():
        if name in _STRINGS:
            casts.append(pl.col(name).cast(pl.String))
        elif dtype == pl.Null:
            casts.append(pl.col(name).cast(pl.Datetime("us", "UTC")))
        elif isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            casts.append(pl.col(name).dt.convert_time_zone("UTC").dt.cast_time_unit("us"))
    return frame.with_columns(casts)


def _split(frame: pl.DataFrame, keys: Sequence[str], k: int) -> tuple[pl.DataFrame, ...]:
    """`frame` in `k` parts by a hash of `keys` (the same hash on every worker: one polars version, seed 0)."""
    if k == 1:
        return (frame,)
    bucket = frame.select(pl.struct(list(keys)).hash(seed=0) % k).to_series()
    return tuple(frame.filter(bucket == j) for j in range(k))


def _split_tickets(part: Any, columns: Sequence[str], k: int) -> tuple[pl.DataFrame, ...]:
    return _split(_polars(part, columns), ["ticket_id"], k)


def _split_replies(part: Any, k: int) -> tuple[pl.DataFrame, ...]:
    """A partition's earliest reply per ticket (the min of the partitions' minima is the ticket's), split."""
    frame = _polars(part, ["ticket_id", "kind", "at"]).filter(pl.col("kind") == "reply")
    first = frame.group_by("ticket_id").agg(pl.col("at").min()).with_columns(kind=pl.lit("reply"))
    return _split(first, ["ticket_id"], k)


def _bucket(
    tickets: list[pl.DataFrame], replies: list[pl.DataFrame] | None, rows: Rows, by: str, k: int
) -> tuple[pl.DataFrame, pl.DataFrame, tuple[pl.DataFrame, ...]]:
    """One group of whole tickets: its created counts, its solved counts and its first replies split by group."""
    t = pl.concat(tickets)
    e = None if replies is None else pl.concat(replies)
    created, solved = rows(t, e)
    a = created.group_by("period", by).agg(
        nw.col("incoming").sum(), nw.col("sla_met").sum(), nw.col("sla_decided").sum()
    )
    b = solved.group_by("period", by).agg(nw.col("solved").sum(), nw.col("good").sum(), nw.col("bad").sum())
    values = created.select("period", by, "first_reply")
    pa, pb, pv = collect_all(a, b, values)
    return pa, pb, _split(pv, ["period", by], k)


def _medians(values: list[pl.DataFrame], by: str) -> pl.DataFrame:
    """Exact median first reply of every (period, group) whose rows all came to this part."""
    return pl.concat(values).group_by("period", by).agg(pl.col("first_reply").median().alias("first_reply_median"))


def _combine(
    parts: list[tuple[pl.DataFrame, pl.DataFrame, tuple[pl.DataFrame, ...]]], medians: list[pl.DataFrame], by: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The scorecard's created part (counts and median) and solved part, summed over the buckets."""
    on = ["period", by]
    a = pl.concat([p[0] for p in parts]).group_by(on).agg(pl.col("incoming", "sla_met", "sla_decided").sum())
    b = pl.concat([p[1] for p in parts]).group_by(on).agg(pl.col("solved", "good", "bad").sum())
    a = a.join(pl.concat(medians), on=on, how="left", nulls_equal=True)
    return a, b


def scorecard_parts(tickets: Any, events: Any, rows: Rows) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The scorecard's created and solved parts of Dask `tickets` and `events` (or ``None``), in one ``compute``.

    The parts are those the polars path collects (``period, <by>, incoming, first_reply_median, sla_met,
    sla_decided`` and ``period, <by>, solved, good, bad``), so :func:`~teamcore.kpi.scorecard` finishes both alike.
    Missing columns are reported here, before anything runs on the cluster.
    """
    import dask  # noqa: PLC0415 - the frames are Dask frames, so Dask is installed

    by: str = rows.by
    t = with_optional(lazy(tickets, "tickets"), TICKET_COLUMNS, "tickets").to_native()
    columns = list(
        dict.fromkeys(["ticket_id", "team", "created_at", "solved_at", "status", by, "priority", "satisfaction"])
    )
    k = buckets(t.npartitions)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        split = dask.delayed(_split_tickets, nout=k, pure=True)  # type: ignore[attr-defined]
        t_parts = [split(p, columns, k) for p in t[columns].to_delayed()]
        r_parts = None
        if events is not None:
            e = with_optional(lazy(events, "events"), EVENT_COLUMNS, "events").to_native()
            reduce = dask.delayed(_split_replies, nout=k, pure=True)  # type: ignore[attr-defined]
            r_parts = [reduce(p, k) for p in e[["ticket_id", "kind", "at"]].to_delayed()]
        work = dask.delayed(rows)  # type: ignore[attr-defined]
        bucket = dask.delayed(_bucket, nout=3, pure=True)  # type: ignore[attr-defined]
        done = [
            bucket([p[j] for p in t_parts], None if r_parts is None else [p[j] for p in r_parts], work, by, k)
            for j in range(k)
        ]
        median = dask.delayed(_medians, pure=True)  # type: ignore[attr-defined]
        medians = [median([d[2][j] for d in done], by) for j in range(k)]
        result = dask.delayed(_combine, pure=True)(done, medians, by)  # type: ignore[attr-defined]
        a, b = result.compute()
    return a, b
