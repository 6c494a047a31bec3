"""Forecast files: ``start, volume`` rows, each loaded or rejected with its row number and the reason.

A forecast file is ``.csv``, ``.parquet`` or ``.jsonl`` with a column ``start`` of ISO 8601 instants with an offset
(``2026-11-23T09:00Z``; in Parquet, an aware datetime column) and a column ``volume`` of the contacts expected in
the interval that starts there. :func:`load_forecast_rows` accounts for every row like the other row loaders;
:func:`load_forecast` builds the :class:`~teamcore.staffing.Forecast`, which is a regular grid, so it refuses a file
with any rejected row (a missing interval would shift every interval after it).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from teamcore._rows import LoadResult, Rejected, Unreadable, misnamed_column, read_limited, read_records
from teamcore._time import as_utc, parse_instant
from teamcore.exceptions import DuplicateId, InvalidValue, LoadError, Problem, ValidationError, WrongType
from teamcore.staffing._forecast import Forecast

__all__ = ["MAX_FORECAST_BYTES", "load_forecast", "load_forecast_rows"]

MAX_FORECAST_BYTES: Final = 50_000_000
"""Size limit of a forecast file (50 MB: a year of 5-minute intervals is about 3 MB of CSV)."""

_COLUMNS: Final = ("start", "volume")
_INSTANT: Final = "an ISO 8601 instant with an offset, such as '2026-11-23T09:00Z'"
_VOLUME: Final = "a finite number of contacts >= 0"


def _start(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return as_utc(value, "start")
    if value is None or value == "":
        raise InvalidValue("start", value, _INSTANT)
    return parse_instant(value, "start")


def _volume(value: object) -> float:
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise InvalidValue("volume", value, _VOLUME) from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # a JSON integer beyond a float's range (about 1.8e308)
            raise InvalidValue("volume", value, _VOLUME) from None
    else:
        raise WrongType("volume", value, _VOLUME)
    if not math.isfinite(number) or number < 0:
        raise InvalidValue("volume", value, _VOLUME)
    return number + 0.0  # '-0' is no contacts: 0.0, not -0.0


def _records(file: Path, max_bytes: int) -> tuple[list[tuple[int, dict[str, Any]]], list[str] | None]:
    """Numbered records, and the columns when the format has a schema (Parquet)."""
    suffix = file.suffix.lower()
    if suffix in {".csv", ".jsonl", ".ndjson"}:
        return list(read_records(file, max_bytes=max_bytes)), None
    if suffix != ".parquet":
        raise InvalidValue("path", str(file), "a .csv, .parquet or .jsonl file")
    import polars as pl  # noqa: PLC0415 - optional dependency, imported on use

    data = read_limited(file, max_bytes)
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except pl.exceptions.PolarsError as err:
        raise LoadError(str(file), [Problem(str(file), "", "", f"cannot read Parquet: {err}")]) from None
    return list(enumerate(frame.iter_rows(named=True), start=1)), frame.columns


def _check_columns(records: list[tuple[int, dict[str, Any]]], columns: list[str] | None, shown: str) -> None:
    if columns is None:  # CSV and JSON lines: the columns any readable row has
        present: set[str] = set()
        for _number, record in records:
            if not isinstance(record, Unreadable):
                present.update(record)
        if not present:
            return  # no readable row: nothing to check; every row is rejected, or there are none
        columns = sorted(present)
    for column in _COLUMNS:
        if column not in columns:
            raise misnamed_column(column, columns, _COLUMNS, path=shown) or InvalidValue(
                column, columns, f"a column named {column!r} in {shown}"
            )


def load_forecast_rows(path: str | os.PathLike[str], *, max_bytes: int = MAX_FORECAST_BYTES) -> LoadResult[Any]:
    r"""Load the rows of a forecast file; each row is loaded or rejected with its row number and reason.

    Rows are rejected for a ``start`` that is missing, unreadable or naive (no UTC offset: teamcore never guesses a
    zone), a ``volume`` that is missing, not a number, negative, NaN or infinite, and a ``start`` that another row
    also has (every such row: neither volume can be trusted). Rows are numbered as the file's lines: a CSV's header
    is line 1, so its first data row is row 2; in Parquet, row 1 is the first row.

    Parameters
    ----------
    path
        A ``.csv``, ``.parquet`` or ``.jsonl`` file with columns ``start`` and ``volume``.
    max_bytes
        Size limit, checked before reading.

    Returns
    -------
    LoadResult
        :attr:`~teamcore.LoadResult.frame` is a polars DataFrame of the accepted rows in file order: ``start``
        (``Datetime("us", "UTC")``) and ``volume`` (``Float64``). ``rows_in == loaded + len(rejected)``.

    Raises
    ------
    InvalidValue
        For another suffix, or a missing ``start`` or ``volume`` column (no row can be loaded then).
    LoadError
        If the file cannot be read at all (missing, too large, not UTF-8, not Parquet).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "forecast.csv"
    >>> _ = path.write_text("start,volume\n2026-11-23T09:00Z,12\n2026-11-23T09:30,7\n2026-11-23T10:00Z,-1\n")
    >>> result = load_forecast_rows(path)
    >>> result.loaded, result.frame["volume"].to_list()
    (1, [12.0])
    >>> for r in result.rejected:
    ...     print(r.row, r.reason)
    3 start: expected a date-time with an offset such as 'Z' or '+01:00', got '2026-11-23T09:30'
    4 volume: expected a finite number of contacts >= 0, got '-1'
    """
    import polars as pl  # noqa: PLC0415 - optional dependency, imported on use

    file = Path(path)
    shown = str(file)
    records, columns = _records(file, max_bytes)
    _check_columns(records, columns, shown)
    parsed: dict[int, tuple[dt.datetime, float]] = {}
    reasons: dict[int, str] = {}
    starts: defaultdict[dt.datetime, list[int]] = defaultdict(list)
    for number, record in records:
        if isinstance(record, Unreadable):
            reasons[number] = record.reason
            continue
        try:
            start = _start(record.get("start"))
        except ValidationError as err:
            reasons[number] = str(err)
            continue
        starts[start].append(number)
        try:
            parsed[number] = (start, _volume(record.get("volume")))
        except ValidationError as err:
            reasons[number] = str(err)
    by_row: Mapping[int, dict[str, Any]] = dict(records)
    for numbers in starts.values():
        if len(numbers) > 1:
            expected = f"a start no other row has (rows {', '.join(map(str, numbers))} have it)"
            for number in numbers:
                reasons.setdefault(number, str(DuplicateId("start", by_row[number]["start"], expected)))
    rejected = [Rejected(n, reasons[n], by_row[n]) for n, _record in records if n in reasons]
    good = [parsed[n] for n, _record in records if n not in reasons]
    frame = pl.DataFrame(
        {"start": [s for s, _v in good], "volume": [v for _s, v in good]},
        schema={"start": pl.Datetime("us", "UTC"), "volume": pl.Float64},
    )
    return LoadResult(source=shown, frame=frame, rejected=rejected, rows_in=len(records))


def load_forecast(path: str | os.PathLike[str]) -> Forecast:
    r"""Read a forecast file (see :func:`load_forecast_rows`) into a :class:`~teamcore.staffing.Forecast`.

    A forecast is a regular grid of intervals, so a file with any rejected row is refused: one
    :class:`~teamcore.exceptions.LoadError` lists every rejected row at once, each as ``row N`` with its reason.

    Raises
    ------
    LoadError
        For an unreadable or oversized file, or listing every rejected row.
    InvalidValue, WrongType
        For another suffix, a missing column, no rows, or starts that are not a regular grid (sorted, equally
        spaced).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "forecast.csv"
    >>> _ = path.write_text("start,volume\n2026-11-23T09:00Z,12\n2026-11-23T09:30Z,7.5\n")
    >>> forecast = load_forecast(path)
    >>> forecast.start.isoformat(), forecast.step, forecast.volume.tolist()
    ('2026-11-23T09:00:00+00:00', datetime.timedelta(seconds=1800), [12.0, 7.5])
    >>> _ = path.write_text("start,volume\n2026-11-23T09:00Z,12\n2026-11-23T09:00Z,many\n")
    >>> load_forecast(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    teamcore.exceptions.LoadError: ...forecast.csv: 2 problems
      ...forecast.csv: row 2: start: expected a start no other row has (rows 2, 3 have it), got '2026-11-23T09:00Z'
      ...forecast.csv: row 3: volume: expected a finite number of contacts >= 0, got 'many'
    """
    return Forecast.from_frame(load_forecast_rows(path).raise_if_rejected().frame)
