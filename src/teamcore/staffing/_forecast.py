"""Forecast input: contacts per interval on a UTC grid, given by the user or derived from the ticket history.

From history
------------
:func:`forecast_from_tickets` averages the tickets created in the ``weeks`` whole weeks before ``now`` by *local*
weekday × time of day in a timezone (the team's, so a Monday 09:00 peak stays at 09:00 across a DST change): each
ticket is counted in the bucket of its local creation time, each bucket's count is divided by ``weeks``, and every
slot of the forecast window takes the average of the bucket its local start falls in. Slot lengths must divide a day.
A bucket that a DST change skips in some week is still divided by ``weeks`` (one slot of one Sunday a year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

import attrs
import numpy as np

from teamcore._display import short_repr
from teamcore._rows import LoadResult
from teamcore._time import UTC, as_utc, timezone
from teamcore._validators import check_int_range
from teamcore._zones import utc_offsets
from teamcore.exceptions import InvalidInterval, InvalidValue, WrongType
from teamcore.staffing._erlang import FloatArray, IntArray, _readonly, offered_traffic, traffic_array

__all__ = ["Forecast", "forecast_from_tickets"]

_DAY: Final = 86_400
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=UTC)


def _step(value: object) -> dt.timedelta:
    if not isinstance(value, dt.timedelta):
        raise WrongType("step", value, "a timedelta")
    seconds = value.total_seconds()
    if seconds <= 0 or seconds % 60 or _DAY % seconds:
        raise InvalidValue("step", value, "a whole number of minutes that divides a day (15, 30, 60 …)")
    return value


def _start(value: object) -> dt.datetime:
    return as_utc(value, "start")


def _volume(value: object) -> FloatArray:
    array = traffic_array(value, "volume")
    if array.ndim != 1:
        raise InvalidValue("volume", array.shape, "a one-dimensional sequence of contacts per interval")
    return _readonly(array)


@attrs.frozen(kw_only=True)
class Forecast:
    """Contacts expected per interval of a UTC grid ``start, start + step, …``.

    Parameters
    ----------
    start
        Aware start of the first interval (stored in UTC).
    step
        Interval length: whole minutes dividing a day (default 30 minutes).
    volume
        Contacts arriving in each interval, >= 0 (a sequence or a 1-d numpy array).

    Raises
    ------
    NaiveDatetime, WrongType, InvalidValue, OutOfRange
        For a naive start, a step that does not divide a day, a negative or non-finite volume, or intervals that
        would end after the last instant a datetime holds.

    Examples
    --------
    >>> import datetime as dt
    >>> f = Forecast(start=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), volume=[100, 120, 80])
    >>> f.traffic(aht=180).tolist()
    [10.0, 12.0, 8.0]
    >>> f.end
    datetime.datetime(2026, 11, 23, 10, 30, tzinfo=datetime.timezone.utc)
    """

    start: dt.datetime = attrs.field(converter=_start)
    step: dt.timedelta = attrs.field(default=dt.timedelta(minutes=30), converter=_step)
    volume: FloatArray = attrs.field(converter=_volume, eq=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        try:
            self.start + self.step * len(self)
        except OverflowError:  # the last interval would end after 9999-12-31: no datetime holds its end
            last = f"{len(self)} intervals of {self.step} from {self.start.isoformat()}"
            raise InvalidValue("start", last, "intervals that end by 9999-12-31T23:59:59.999999Z") from None

    def __len__(self) -> int:
        return int(self.volume.size)

    @property
    def end(self) -> dt.datetime:
        """UTC end of the last interval."""
        return self.start + self.step * len(self)

    def slot_starts(self) -> IntArray:
        """UTC epoch seconds at which each interval starts."""
        first = int((self.start - _EPOCH).total_seconds())
        return first + int(self.step.total_seconds()) * np.arange(len(self), dtype=np.int64)

    def traffic(self, aht: float) -> FloatArray:
        """Offered traffic in Erlangs per interval for an average handling time of `aht` seconds."""
        return offered_traffic(self.volume, aht, self.step.total_seconds())

    @classmethod
    def from_frame(cls, frame: Any, *, start: str = "start", volume: str = "volume") -> Forecast:
        """A forecast from a table with a column of aware interval starts and one of volumes.

        `frame` is any table narwhals supports (polars, pandas, pyarrow, DuckDB, Dask, …); a forecast is small, so
        it is read into polars. The starts must be a regular grid (sorted, equally spaced); the step is read from
        them.

        Raises
        ------
        WrongType
            If `frame` is not a table or the start column is not of an aware datetime type.
        InvalidValue
            If a column is missing, there are no rows, or the starts are not equally spaced.

        Examples
        --------
        >>> import datetime as dt, polars as pl
        >>> t0 = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
        >>> frame = pl.DataFrame({"start": [t0, t0 + dt.timedelta(minutes=15)], "volume": [40, 52]})
        >>> Forecast.from_frame(frame).step
        datetime.timedelta(seconds=900)
        """
        import polars as pl  # noqa: PLC0415 - heavy to import; imported on use

        if not isinstance(frame, pl.DataFrame):
            from teamcore._frames import lazy, to_polars  # noqa: PLC0415 - as forecast_from_tickets

            frame = to_polars(lazy(frame, "frame"))
        for name in (start, volume):
            if name not in frame.columns:
                raise InvalidValue(name, frame.columns, f"a column named {name!r}")
        if frame.height == 0:
            raise InvalidValue("frame", "no rows", "at least one interval")
        dtype = frame.schema[start]
        if not isinstance(dtype, pl.Datetime) or dtype.time_zone is None:
            raise WrongType(start, str(dtype), "aware datetimes (a polars Datetime with a time zone)")
        micros = frame[start].dt.convert_time_zone("UTC").cast(pl.Int64).to_numpy() // dtype_scale(dtype)
        gaps = np.unique(np.diff(micros)) if micros.size > 1 else np.array([1800], np.int64)
        if gaps.size != 1 or gaps[0] <= 0:
            raise InvalidValue(start, gaps.tolist(), "sorted, equally spaced interval starts")
        return cls(
            start=_EPOCH + dt.timedelta(seconds=int(micros[0])),
            step=dt.timedelta(seconds=int(gaps[0])),
            volume=frame[volume].cast(pl.Float64).to_numpy(),
        )


def dtype_scale(dtype: Any) -> int:
    """Units of a polars Datetime per second."""
    return {"ns": 1_000_000_000, "us": 1_000_000, "ms": 1_000}[dtype.time_unit]


def forecast_from_tickets(
    tickets: Any,
    *,
    now: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    step: dt.timedelta = dt.timedelta(minutes=30),
    weeks: int = 4,
    tz: str = "UTC",
    channels: Sequence[str] | None = None,
) -> Forecast:
    """Volume per interval from the ticket history: the average by local weekday × time of day over `weeks` weeks.

    The tickets are filtered and counted per weekday × slot on their own engine (polars, pandas, pyarrow, DuckDB,
    Dask, … through narwhals, as in :mod:`teamcore.kpi`); only the counts, at most ``7 × slots per day`` rows, are
    collected. Every engine gives the same forecast.

    Parameters
    ----------
    tickets
        A tickets table (:mod:`teamcore.kpi`) of any engine narwhals supports, with an aware ``created_at`` column
        (and ``channel`` when `channels` is given), or the :class:`~teamcore.LoadResult` of
        :func:`teamcore.kpi.load_tickets`.
    now
        The end of the history (aware); tickets created in ``[now - weeks, now)`` count.
    start, end
        The forecast window (aware); ``end - start`` must be a whole number of steps.
    step
        Interval length, whole minutes dividing a day.
    weeks
        Weeks of history, 1 to 520.
    tz
        The timezone whose weekday and time of day the pattern follows.
    channels
        Count only tickets of these channels (``None``: all).

    Returns
    -------
    Forecast
        With no ticket in the history, every volume is 0.

    Raises
    ------
    NaiveDatetime, InvalidInterval, InvalidValue, UnknownTimezone, WrongType
        For naive instants (or a naive ``created_at`` column), a window that is not a whole number of steps, an
        unknown zone, a missing column, or a `tickets` that is not a DataFrame.

    Examples
    --------
    Two tickets at 09:10 Stockholm time on each of two Mondays: two expected in the Monday 09:00 slot (08:00 UTC):

    >>> import datetime as dt, polars as pl
    >>> created = [dt.datetime(2026, 11, d, 8, 10, tzinfo=dt.UTC) for d in (9, 9, 16, 16)]
    >>> history = pl.DataFrame({"created_at": created})
    >>> f = forecast_from_tickets(history, now=dt.datetime(2026, 11, 22, tzinfo=dt.UTC), weeks=2, tz="Europe/Stockholm",
    ...                           start=dt.datetime(2026, 11, 23, 7, tzinfo=dt.UTC), end=dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
    >>> f.volume.tolist()
    [0.0, 0.0, 2.0, 0.0, 0.0, 0.0]

    The same history as a pandas frame (or a DuckDB relation, a Dask frame, …) gives the same forecast:

    >>> forecast_from_tickets(history.to_pandas(), now=dt.datetime(2026, 11, 22, tzinfo=dt.UTC), weeks=2,
    ...                       tz="Europe/Stockholm", start=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC),
    ...                       end=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)).volume.tolist()
    [2.0, 0.0]
    """  # noqa: E501 - a doctest call reads better on two lines
    import narwhals as nw  # noqa: PLC0415 - heavy to import; imported on use

    from teamcore._frames import lazy  # noqa: PLC0415 - pulls in polars and narwhals; imported on use

    frame = tickets.frame if isinstance(tickets, LoadResult) else tickets
    try:
        table = lazy(frame, "tickets")
    except WrongType:
        raise WrongType(
            "tickets",
            type(tickets).__name__,
            "a tickets DataFrame narwhals supports (polars, pandas, pyarrow, DuckDB, Dask) or a LoadResult",
        ) from None
    schema = table.collect_schema()
    if "created_at" not in schema:
        raise InvalidValue("tickets", schema.names(), "a 'created_at' column")
    dtype = schema["created_at"]
    if not isinstance(dtype, nw.Datetime) or dtype.time_zone is None:
        raise WrongType("created_at", str(dtype), "aware datetimes (a Datetime column with a time zone)")
    check_int_range(weeks, "weeks", 1, 520)
    timezone(tz)  # raises UnknownTimezone
    width = int(_step(step).total_seconds())
    now_utc, lo, hi = as_utc(now, "now"), as_utc(start, "start"), as_utc(end, "end")
    slots, remainder = divmod(int((hi - lo).total_seconds()), width)
    if slots <= 0 or remainder:
        raise InvalidInterval("end", f"{lo.isoformat()}..{hi.isoformat()}", "a whole number of steps after start")
    if channels is not None:
        if "channel" not in schema:
            raise InvalidValue("tickets", schema.names(), "a 'channel' column to filter channels")
        table = table.filter(nw.col("channel").is_in(list(channels)))
    since = now_utc - dt.timedelta(weeks=weeks)
    counts = _history_counts(table, since, now_utc, tz, width)
    first = int((lo - _EPOCH).total_seconds())
    grid = first + width * np.arange(slots, dtype=np.int64)
    return Forecast(start=lo, step=dt.timedelta(seconds=width), volume=counts[_bucket(grid, tz, width)] / weeks)


def _history_counts(table: Any, since: dt.datetime, now: dt.datetime, tz: str, width: int) -> FloatArray:
    """Tickets created in ``[since, now)`` per local weekday × slot-of-day bucket, counted on the table's engine.

    Instants are measured in whole microseconds from ``origin``, a UTC Monday midnight at least two days before
    `since`: every count is then of non-negative integers, which every engine divides and takes remainders of alike
    (floor and truncation agree), and a local time (UTC offsets are within ±26 hours) is never before ``origin``.
    """
    import narwhals as nw  # noqa: PLC0415 - heavy to import; imported on use

    from teamcore._frames import to_polars, zone_offset  # noqa: PLC0415 - pulls in polars and narwhals; imported on use

    per_day = _DAY // width
    days = (since - _EPOCH).days - 2
    origin_day = days - (days + 3) % 7  # 1970-01-01 was a Thursday (weekday 3): back to a Monday
    origin = _EPOCH + dt.timedelta(days=origin_day)
    micros = ((nw.col("created_at") - nw.lit(origin)).dt.total_microseconds()).cast(nw.Int64)
    lo_us, hi_us = (int((t - origin) / dt.timedelta(microseconds=1)) for t in (since, now))
    created = table.select(micros.alias("us")).filter((nw.col("us") >= lo_us) & (nw.col("us") < hi_us))
    seconds = nw.col("us") // 1_000_000
    local = seconds + zone_offset(seconds + origin_day * _DAY, tz, since, now)
    bucket = ((local // _DAY) % 7) * per_day + (local % _DAY) // width
    found = to_polars(created.select(bucket.cast(nw.Int64).alias("b")).group_by("b").agg(nw.len().alias("n")))
    counts = np.zeros(7 * per_day, np.float64)
    counts[found.get_column("b").to_numpy()] = found.get_column("n").to_numpy()
    return counts


def _bucket(seconds: IntArray, tz: str, width: int) -> IntArray:
    """Local weekday × slot-of-day index (Monday 00:00 is 0) of each UTC epoch second."""
    local = seconds + utc_offsets(seconds, tz)
    days = local // _DAY
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (weekday 3)
    bucket: IntArray = weekday * (_DAY // width) + (local - days * _DAY) // width
    return bucket
