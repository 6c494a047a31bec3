"""Loaders for the ticket tables: CSV, Parquet, JSON lines, or any DataFrame through narwhals.

Every row is accounted for: ``rows_in == loaded + len(rejected)``, and each rejected row carries its 1-based row
number and a reason naming the field, the value and what was expected. Rows are checked with vectorised
expressions on the input's own engine; only the rejected rows are collected to build their messages, so a lazy
DuckDB relation or Dask frame stays lazy.

Rows are rejected for: a missing id or timestamp; a **naive** timestamp (text without a UTC offset, or a datetime
column without a timezone); a timestamp that cannot be read (a duration such as ``P1D``, year 10000) or that lies
outside the years 1–9999 in UTC (year 0; ``9999-12-31T23:59:59-12:00``), which no Python datetime can hold; an
unknown status, priority or event kind; an assignee, actor or team that is not in the organisation given; a ticket
id that occurs twice (every occurrence); an event of an unknown ticket or **before the ticket's creation**; a status
change the state table (:data:`~teamcore.kpi.TICKET_TRANSITIONS`) does not allow; a whole-number field (survey
answers, ``handle_seconds``) that is not digits only (``" 4 "``, ``4.5``, NaN, infinities) or is out of its range
(which also covers integers beyond int64).

Columns: only the canonical columns are read; any other input column is ignored, including one named like a
working column of the loader (``__row``, ``__check`` …). Text columns also accept integers, as helpdesk exports
number their tickets, members, statuses and priorities: an id becomes its digits, and an integer status or priority
is rejected row by row (``status: expected one of new, …, got '3'``); map the codes to names before loading. A
column of any other type (floats or booleans for text, lists, dates) is a :class:`~teamcore.exceptions.WrongType`
naming the column, its type and the source. CSV files are read with Python's :mod:`csv` module, so LF, CRLF and
lone-CR line ends all give their rows; a column named twice in the header is a
:class:`~teamcore.exceptions.MalformedFile`, as is a damaged Parquet file a :class:`~teamcore.exceptions.LoadError`.

Warnings (:attr:`~teamcore.LoadResult.warnings`): a loader warns, rather than rejects, where every row is valid but
the numbers would be incomplete or would not fit together. :func:`load_tickets` warns of an absent ``assignee``,
``team``, ``satisfaction`` or ``csat_score`` column, naming the metrics it leaves empty or collapsed.
:func:`load_events` warns when the events have no status change (resolution times, reopens, waits are empty) or no
reply (first reply time is empty), and names the tickets whose solve disagrees with their events: solved or closed
tickets without any status event to ``solved`` (they count as solved but have no resolution time), and tickets
whose ``solved_at`` is not their latest solve event (the solved count and the resolution time fall in different
periods). These are warnings, not rejections, because the ticket rows were loaded by :func:`load_tickets` before
the events were seen, and rejecting the ticket's *events* would not take it out of the solved count: it would only
hide more. The warning names the tickets (the first ten, and how many more) so they can be fixed at the source.

Row numbers: in a CSV or JSON lines file, the line the row starts on (a CSV's header is line 1, so its first data
row is row 2), as an editor or a spreadsheet shows it; in Parquet, row 1 is the first row. For an eager DataFrame
(polars, pandas, pyarrow) row 1 is its first row. Lazy engines (DuckDB, Dask) have no row order, so there rows are
numbered in ``(ticket_id, time)`` order.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import mmap
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import narwhals as nw
import polars as pl

from teamcore._frames import collect_all, joinable, lazy, to_polars
from teamcore._rows import (
    MAX_TABLE_BYTES,
    LoadResult,
    Rejected,
    Unreadable,
    misnamed_column,
    read_records,
)
from teamcore.exceptions import FileTooLarge, InvalidValue, LoadError, MalformedFile, Problem, WrongType
from teamcore.kpi._schema import EVENT_COLUMNS, PRIORITIES, TICKET_COLUMNS, Column
from teamcore.kpi._states import EVENT_KINDS, STATUSES, TRANSITION_PAIRS
from teamcore.people import Organisation

__all__ = ["load_events", "load_tickets", "read_table"]

_ROW: Final = "__row"
_WHY: Final = "__why"
_LINE: Final = "__line"
_TS_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"
_Z_WIDTH: Final = len("2026-11-02T09:00:00Z")
_NAIVE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$"


def read_table(path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES) -> pl.DataFrame:
    """Read a ``.csv``, ``.parquet`` or ``.jsonl`` file into polars, values as written (text for CSV and JSON lines).

    A JSON line that is not an object becomes a row whose ``__why`` column says so; the loaders reject it. For CSV
    and JSON lines, the ``__line`` column holds the line each row starts on (a CSV's header is line 1).

    Raises
    ------
    InvalidValue
        For another suffix.
    FileTooLarge, MalformedFile, LoadError
        As :func:`teamcore._rows.read_records`.
    """
    return _read_file(Path(path), max_bytes, None)


def _read_file(file: Path, max_bytes: int, columns: frozenset[str] | None) -> pl.DataFrame:
    """:func:`read_table`, reading only `columns` (and the reader's own) where the format allows; all if ``None``.

    Every column name of the file is still in the result (a column not read is a column of nulls, of dtype
    ``Null``), so that a misnamed column can be told from a missing one.
    """
    suffix = file.suffix.lower()
    if suffix == ".parquet":
        size = file.stat().st_size if file.exists() else 0
        if size > max_bytes:
            raise FileTooLarge(
                str(file), [Problem(str(file), "", "", f"file is {size} bytes; the limit is {max_bytes}")]
            )
        try:
            names = list(pl.read_parquet_schema(file))
            wanted = names if columns is None else [n for n in names if n in columns] or names[:1]
            frame = _contiguous(pl.read_parquet(file, columns=wanted).get_columns())  # the list alone holds them
            return frame if wanted == names else _with_unread(frame, names)
        # polars panics (a BaseException) on some damaged footers instead of raising an error.
        except (OSError, pl.exceptions.PolarsError, pl.exceptions.PanicException) as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise LoadError(str(file), [Problem(str(file), "", "", f"cannot read Parquet: {first}")]) from None
    if suffix == ".csv":
        return _read_csv(file, max_bytes, columns)
    if suffix in {".jsonl", ".ndjson"}:
        rows: list[dict[str, str | int | None]] = []
        for line, record in read_records(file, max_bytes=max_bytes):
            if isinstance(record, Unreadable):
                rows.append({_WHY: record.reason, _LINE: line})
                continue
            row: dict[str, str | int | None] = {k: (None if v is None else str(v)) for k, v in record.items()}
            rows.append(row | {_WHY: None, _LINE: line})
        return (
            pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame({_WHY: []}, schema={_WHY: pl.String})
        )
    raise InvalidValue("path", str(file), "a .csv, .parquet or .jsonl file")


def _with_unread(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """`frame` with every name of `names` it lacks as a column of nulls (dtype ``Null``: no memory), `names` first."""
    missing = [pl.repeat(None, frame.height, dtype=pl.Null, eager=True).alias(n) for n in names if n not in frame]
    out = pl.DataFrame([*frame.get_columns(), *missing])
    return out.select(*names, *[c for c in frame.columns if c not in names])


def _read_csv(file: Path, max_bytes: int, columns: frozenset[str] | None = None) -> pl.DataFrame:
    """A CSV file as text columns, read as Python's csv module reads it (any line ends: LF, CRLF or a lone CR).

    Empty cells are null, as polars reads them; a row with more cells than the header gets a ``__why``.

    A well-formed file (RFC 4180 quoting, LF or CRLF line ends, no blank line, every row no longer than the
    header) is parsed by polars' multi-threaded reader: the same rows and values as the csv module gives, about
    ten times faster. The file is checked through a memory map (no copy of it is held) and polars reads it from
    its path, only `columns` when no cell is quoted. Any other file (a lone CR, a blank line, a long row, a stray
    quote) is read by the csv module, so that each odd row is rejected with its number rather than the whole file
    failing.

    Raises
    ------
    MalformedFile
        If a column name occurs twice in the header (which of the two would be meant?), or the CSV is damaged.
    """
    with _mapped(file, max_bytes) as raw:
        fast = _read_csv_fast(raw, str(file), path=file, columns=columns)
    return fast if fast is not None else _read_csv_rows(file, max_bytes)


@contextlib.contextmanager
def _mapped(file: Path, max_bytes: int) -> Iterator[bytes | mmap.mmap]:
    """The file's bytes as a read-only memory map (``b""`` when empty), refused over `max_bytes` as read_limited."""
    shown = str(file)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(shown, [Problem(shown, "", "", f"file is {size} bytes; the limit is {max_bytes}")])
        if size == 0:
            yield b""
            return
        with file.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped
    except OSError as err:
        raise LoadError(shown, [Problem(shown, "", "", f"cannot read the file: {err.strerror or err}")]) from None


def _read_csv_rows(file: Path, max_bytes: int) -> pl.DataFrame:
    """:func:`_read_csv` by Python's csv module, row by row: any CSV the module reads, each odd row marked."""
    shown = str(file)
    try:
        records = list(read_records(file, max_bytes=max_bytes))
        with file.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = next(csv.reader(handle), [])
    except csv.Error as err:
        raise MalformedFile(shown, [Problem(shown, "", "", f"cannot read CSV: {err}")]) from None
    # A column named twice is refused by read_records, which names the file, the line and the column.
    names = list(dict.fromkeys(header))
    data: dict[str, list[str | None]] = {name: [] for name in [*names, _WHY] if name not in {_WHY, _LINE}}
    data[_WHY] = []
    lines: list[int] = []
    for line, record in records:
        why = record.reason if isinstance(record, Unreadable) else None
        for name in names:
            if name not in {_WHY, _LINE}:
                data[name].append(None if why is not None else (record.get(name) or None))
        data[_WHY].append(None if why is None else str(why))
        lines.append(line)
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)).with_columns(pl.Series(_LINE, lines, pl.Int64))


_UTF8_CHUNK: Final = 1 << 24
"""Bytes decoded at a time when checking that a CSV file is UTF-8 (so that no copy of the whole text is made)."""


def _check_utf8(raw: bytes | mmap.mmap, shown: str, start: int = 0) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    for at in range(start, len(raw), _UTF8_CHUNK):
        try:
            decoder.decode(raw[at : at + _UTF8_CHUNK], final=at + _UTF8_CHUNK >= len(raw))
        except UnicodeDecodeError as err:
            raise MalformedFile(
                shown, [Problem(shown, f"byte {at - start + err.start}", "", "expected UTF-8 text")]
            ) from None


_LONE_CR: Final = re.compile(rb"\r(?!\n)")
_NOT_SPACE: Final = re.compile(rb"\S")


def _read_csv_fast(
    raw: bytes | mmap.mmap, shown: str, *, path: Path | None = None, columns: frozenset[str] | None = None
) -> pl.DataFrame | None:
    """`raw` parsed by polars when it is a CSV the csv module would read the same way; ``None`` otherwise.

    With `path` (the file `raw` maps), polars reads the file itself; with `columns`, only those of a file without
    quotes (every other column of the header is a column of nulls).
    """
    start = len(codecs.BOM_UTF8) if raw[: len(codecs.BOM_UTF8)] == codecs.BOM_UTF8 else 0
    lone_cr = raw.find(b"\r", start) >= 0 and _LONE_CR.search(raw, start) is not None
    blank = raw[start : start + 1] == b"\n" or raw[start : start + 2] == b"\r\n"
    blank = blank or raw.find(b"\n\n", start) >= 0 or raw.find(b"\n\r\n", start) >= 0
    if lone_cr or blank or raw.find(b"\x00", start) >= 0 or _NOT_SPACE.search(raw, start) is None:
        return None
    _check_utf8(raw, shown, start)
    head = raw[start : start + (1 << 16)].decode("utf-8", errors="ignore")
    try:
        header = next(csv.reader(io.StringIO(head, newline="")), [])
    except csv.Error:
        return None
    line_end = head.find("\n")
    if (
        not header
        or line_end < 0
        or '"' in head[:line_end]
        or len(set(header)) != len(header)
        or not all(name.strip("\r") for name in header)
    ):
        # Quoted, repeated or empty names (polars renames an empty one ``column_<n>``), or a header longer than the
        # sample: the csv module decides.
        return None
    quoted = raw.find(b'"', start) >= 0
    if isinstance(raw, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        # The checks above touched every page of the map: let them go, or they count in this process's memory
        # beside polars' own reading of the file (they stay in the page cache, so polars reads them from memory).
        raw.madvise(mmap.MADV_DONTNEED)
    names = [name.strip("\r") for name in header]
    wanted = names if columns is None or quoted else [n for n in names if n in columns or n in {_WHY, _LINE}]
    source: Path | io.BytesIO = path if path is not None and not start else io.BytesIO(raw[start:])
    try:
        frame = pl.read_csv(
            source,
            has_header=True,
            infer_schema=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
            columns=wanted or names[:1],
        )
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):
        return None  # a long row or a stray quote: read row by row, so each one is rejected with its number
    if frame.columns != (wanted or names[:1]):
        return None
    kept = [n for n in frame.columns if n not in {_WHY, _LINE}]
    # The line each row starts on: the header is line 1, and a quoted cell may hold line breaks (LF or CRLF; lone
    # CRs never reach here), each one a line the csv module counts.
    line = pl.int_range(pl.len(), dtype=pl.Int64) + 2
    if quoted and frame.width:
        breaks = pl.sum_horizontal(pl.col(n).str.count_matches("\n", literal=True).fill_null(0) for n in frame.columns)
        line = line + breaks.cum_sum().shift(1, fill_value=0).cast(pl.Int64)
    # Unquoted, an empty cell is already null; a quoted empty cell ("") is read as "" and made null here.
    cells = [pl.when(pl.col(n) == "").then(None).otherwise(pl.col(n)).alias(n) if quoted else pl.col(n) for n in kept]
    read = frame.select(*cells, pl.repeat(None, frame.height, dtype=pl.String).alias(_WHY), line.alias(_LINE))
    pieces = read.get_columns()
    del frame, read  # only `pieces` holds the reader's chunks now, so that _contiguous lets each go in turn
    out = _contiguous(pieces)
    return out if wanted == names else _with_unread(out, [n for n in names if n not in {_WHY, _LINE}])


def _contiguous(columns: list[pl.Series]) -> pl.DataFrame:
    """A frame of `columns`, each in one chunk, made one column at a time (`columns` is emptied of the old ones).

    polars' readers give each column in many chunks (CSV: one per block read in parallel; Parquet: one per row
    group), the columns a loader adds come in one, and the first eager operation that meets columns chunked
    differently copies them all into one chunk at once, holding the old chunks until it is done: 520 MiB more at
    peak for 6.4 M events from CSV. Made one column at a time, while nothing but `columns` holds the reader's
    chunks, only that column's are held twice.
    """
    for index in range(len(columns)):
        if columns[index].n_chunks() > 1:
            columns[index] = columns[index].rechunk()
    return pl.DataFrame(columns)


def _prepare(
    source: Any, columns: tuple[Column, ...], order: tuple[str, str]
) -> tuple[str, nw.LazyFrame[Any], frozenset[str]]:
    """Numbered rows with every canonical column present; text timestamps parsed (engine: polars).

    Returns the source's name, the frame, and the optional columns the input did not have.
    """
    is_file = isinstance(source, str | os.PathLike)
    name = str(source) if is_file else type(source).__name__
    native = _read_file(Path(source), MAX_TABLE_BYTES, frozenset(c.name for c in columns)) if is_file else source
    if isinstance(native, pl.LazyFrame):
        native = native.collect()
    frame = lazy(native, "source")
    if not frame.implementation.is_polars() and not _is_lazy_engine(frame):
        native = to_polars(frame)  # eager pandas / pyarrow: load into polars, which keeps row order and nulls
        frame = lazy(native)
    schema = frame.collect_schema()
    for column in columns:
        if column.required and column.name not in schema:
            raise misnamed_column(
                column.name, schema, [c.name for c in columns], path=name if is_file else None
            ) or InvalidValue(
                "columns",
                sorted(c for c in schema if not c.startswith("__")),
                f"a {column.name!r} column ({column.meaning}) in {name}",
            )
    present = [c for c in columns if c.name in schema]
    absent = frozenset(c.name for c in columns if c.name not in schema)
    # Only the canonical columns go on, and a file reader's own error column: an input column named like one of
    # the loader's working columns (__row, __check, __ts_created_at …) is an extra column like any other, ignored.
    keep = [c.name for c in present] + [c for c in (_WHY, _LINE) if is_file and c in schema]
    if isinstance(native, pl.DataFrame):
        native = _null_columns(native.select(keep), present)
        frame = lazy(native)
    else:
        frame = frame.select(*keep)
    frame = _normalise(frame, present, name)
    if isinstance(native, pl.DataFrame):
        native = nw.to_native(frame)
        if isinstance(native, pl.LazyFrame):
            native = native.collect()
    schema = frame.collect_schema()
    text_times = [c.name for c in columns if c.kind == "datetime" and c.name in schema and schema[c.name] == nw.String]
    if text_times and not isinstance(native, pl.DataFrame):
        raise WrongType(
            text_times[0], "text", "a datetime column (lazy engines must parse timestamps first)", path=name
        )
    if isinstance(native, pl.DataFrame):
        # A file's rows are numbered by the line they start on, as an editor shows them; a frame's from 1.
        native = native.rename({_LINE: _ROW}) if _LINE in native.columns else native.with_row_index(_ROW, offset=1)
        if text_times:
            native = _parse_times(native, text_times)
        frame = nw.from_native(native).lazy()
    else:
        frame = _numbered(frame, [c for c in order if c in schema] or list(schema)[:1])
    return name, _fill_absent(frame, columns), absent


def _numbered(frame: nw.LazyFrame[Any], order: list[str]) -> nw.LazyFrame[Any]:
    """A lazy engine's rows numbered from 1: by `order` in general; a Dask frame in its own order.

    narwhals numbers Dask rows with an ordered cumulative sum that sorts by `order` and assigns the result back by
    index label; each partition of ``read_parquet`` (and of most readers) starts its index at 0, so the labels
    repeat and pandas fails with "cannot reindex on an axis with duplicate labels". A Dask frame has an order, its
    partitions', which is the input's; a cumulative sum of ones over it is blockwise (no sort, no shuffle) and
    numbers the rows as polars numbers a file's. DuckDB and the others have no row order: `order` gives one.
    """
    if frame.implementation.is_dask():
        native = frame.to_native()
        ones = native.assign(**{_ROW: 1})
        return lazy(ones.assign(**{_ROW: ones[_ROW].cumsum()}))
    numbered = frame.with_row_index(_ROW, order_by=order)
    return numbered.with_columns((nw.col(_ROW) + 1).alias(_ROW))


def _fill_absent(frame: nw.LazyFrame[Any], columns: tuple[Column, ...]) -> nw.LazyFrame[Any]:
    """Every optional column the input lacks, as nulls of its kind; and the reader's error column, if missing."""
    schema = frame.collect_schema()
    for column in columns:
        if column.name not in schema:
            zone = next((d.time_zone for d in schema.values() if isinstance(d, nw.Datetime) and d.time_zone), "UTC")
            # Dask's pandas partitions cannot hold a null in an int64 column: survey answers are floats there.
            whole = nw.Float64() if frame.implementation.is_dask() else nw.Int64()
            dtype = {"string": nw.String(), "datetime": nw.Datetime("us", zone), "int": whole}[column.kind]
            if column.kind == "datetime":  # a null of the same dtype as the table's required timestamp
                like = next(c.name for c in columns if c.kind == "datetime" and c.required)
                frame = frame.with_columns(nw.when(nw.lit(value=False)).then(nw.col(like)).alias(column.name))
            else:
                frame = frame.with_columns(nw.lit(None, dtype).alias(column.name))
    if _WHY not in schema:
        frame = frame.with_columns(nw.lit(None, nw.String()).alias(_WHY))
    return frame


def _null_columns(native: pl.DataFrame, present: list[Column]) -> pl.DataFrame:
    """Columns of only nulls (an all-empty JSON lines field) typed as their kind: text, or integer."""
    nulls = [c for c in present if native.schema[c.name] == pl.Null]
    return native.with_columns(pl.col(c.name).cast(pl.Int64 if c.kind == "int" else pl.String) for c in nulls)


def _normalise(frame: nw.LazyFrame[Any], present: list[Column], name: str) -> nw.LazyFrame[Any]:
    """Each column in a dtype its checks can work on, or a WrongType naming the column, its dtype and the source.

    Text columns accept integers (helpdesk exports number their tickets, members and statuses), which become their
    decimal text; an integer status or priority is then rejected row by row as not one of the names. Whole-number
    columns accept text, integers and floats (checked row by row: a fraction, NaN or infinity is rejected).
    """
    schema = frame.collect_schema()
    casts = []
    for column in present:
        dtype = schema[column.name]
        if column.kind == "string":
            if dtype == nw.String:
                continue
            if dtype.is_integer() or isinstance(dtype, nw.Categorical | nw.Enum):
                casts.append(nw.col(column.name).cast(nw.String))
                continue
            expected = "a text column (or whole numbers, read as their digits)"
        elif column.kind == "int":
            if dtype == nw.String or dtype.is_integer() or dtype.is_float():
                continue
            expected = "a column of whole numbers (integers, or text of digits)"
        else:
            if dtype == nw.String or isinstance(dtype, nw.Datetime):
                continue
            expected = "a datetime column with a timezone (or ISO 8601 text)"
        raise WrongType(column.name, f"a {dtype} column", expected, path=name)
    return frame.with_columns(*casts) if casts else frame


def _on_engine(table: pl.DataFrame, like: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """`table` moved to the engine of `like` (ticket ids for an events table on another engine)."""
    impl = like.implementation
    if impl.is_duckdb():
        import duckdb  # noqa: PLC0415 - only when the events are a DuckDB relation

        return lazy(duckdb.from_arrow(table.to_arrow()))
    if impl.is_dask():
        import dask.dataframe as dd  # noqa: PLC0415 - only when the events are a Dask frame

        # In the dtypes of `like`'s columns (read_parquet gives pyarrow strings), so the join's keys match.
        meta = like.to_native()._meta
        native = table.to_pandas()
        native = native.astype({c: meta[c].dtype for c in native.columns if c in meta.columns})
        return lazy(dd.from_pandas(native, npartitions=1))  # type: ignore[no-untyped-call]
    return lazy(table)


def _is_lazy_engine(frame: nw.LazyFrame[Any]) -> bool:
    impl = frame.implementation
    return bool(impl.is_duckdb() or impl.is_dask() or impl.is_ibis() or impl.is_pyspark() or impl.is_sqlframe())


def _parse_times(native: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The text timestamps `names` parsed once, each with its flag column ``__ts_<name>`` and the text as read.

    A value is ``naive`` (no UTC offset), ``unreadable`` (not ISO 8601 of the shape ``_TS_PATTERN``, or not a
    real instant: month 13) or fine (null flag). One parse of each value: ``%#z`` reads ``Z`` and numeric offsets,
    values are stripped and the date-time separator made a ``T`` (ISO 8601 allows a space) only when some value
    holds white space; the naive pattern is tried only when some value failed.
    """
    out = native.lazy()
    for c in names:
        spaced = bool(native[c].str.contains(r"\s").any())  # blanks to strip, or a space for the separator
        text = pl.col(c).str.strip_chars() if spaced else pl.col(c)
        iso = text.str.replace(" ", "T", literal=True, n=1) if spaced else text
        # Every value in the one shape ``2026-11-02T09:00:00Z`` (what helpdesk exports write): a fixed-width format
        # parses four times as fast as the general one, to the same instants; the pattern below checks both alike.
        canonical = native.select(((iso.str.len_bytes() == _Z_WIDTH) & iso.str.ends_with("Z")) | iso.is_null())
        if canonical.to_series().all():
            parsed = iso.str.to_datetime("%Y-%m-%dT%H:%M:%SZ", strict=False, time_unit="us").dt.replace_time_zone("UTC")
        else:
            parsed = iso.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%#z", strict=False, time_unit="us")
        blank = text.is_null() | (text == "")
        bad = ~blank & (parsed.is_null() | ~text.str.contains(_TS_PATTERN))
        out = out.with_columns(
            pl.when(blank).then(None).otherwise(parsed.dt.convert_time_zone("UTC")).alias(c),
            bad.alias(f"__ts_{c}"),
            pl.col(c).alias(f"__raw_{c}"),
        )
    table = out.collect()
    flags = []
    for c in names:
        flag = pl.col(f"__ts_{c}")
        if table[f"__ts_{c}"].any():
            naive = pl.col(f"__raw_{c}").str.strip_chars().str.contains(_NAIVE_PATTERN)
            flags.append(
                pl.when(flag & naive).then(pl.lit("naive")).when(flag).then(pl.lit("unreadable")).alias(f"__ts_{c}")
            )
        else:
            flags.append(pl.lit(None, pl.String).alias(f"__ts_{c}"))
    return table.with_columns(flags)


def _ids(values: Iterable[str] | Organisation | None, kind: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, Organisation):
        return tuple(m.id for m in values.members) if kind == "members" else tuple(t.id for t in values.teams)
    return tuple(values)


def _checks(frame: nw.LazyFrame[Any], columns: tuple[Column, ...]) -> list[tuple[str, nw.Expr, str]]:
    """(field, failing condition, expected) for the generic per-column checks: nulls, naive and unreadable times."""
    schema = frame.collect_schema()
    out: list[tuple[str, nw.Expr, str]] = [("row", ~nw.col(_WHY).is_null(), "a JSON object")]
    for column in columns:
        col = nw.col(column.name)
        if column.kind == "datetime":
            dtype = schema[column.name]
            if f"__ts_{column.name}" in schema:
                flag = nw.col(f"__ts_{column.name}")
                out.append(
                    (column.name, flag == "naive", "a timestamp with a UTC offset (naive timestamps are rejected)")
                )
                out.append((column.name, flag == "unreadable", "an ISO 8601 timestamp with a UTC offset"))
            elif isinstance(dtype, nw.Datetime) and dtype.time_zone is None:
                out.append((column.name, ~col.is_null(), "a timezone-aware timestamp (the column is naive)"))
            # Python's datetime, and so every consumer of the table, holds years 1 to 9999 only.
            year = col.dt.year()
            out.append((column.name, (year < 1) | (year > 9999), "an instant in the years 1 to 9999 (in UTC)"))
        if column.required:
            out.append((column.name, col.is_null(), f"a value ({column.meaning})"))
            if column.kind == "string":
                out.append((column.name, col.cast(nw.String) == "", f"a non-empty value ({column.meaning})"))
    return out


def _member_check(field: str, ids: tuple[str, ...] | None) -> list[tuple[str, nw.Expr, str]]:
    if ids is None:
        return []
    col = nw.col(field)
    return [(field, ~col.is_null() & (col != "") & ~col.is_in(ids), "a member of the organisation or empty")]


def _finish(
    name: str,
    frame: nw.LazyFrame[Any],
    checks: list[tuple[str, nw.Expr, str]],
    columns: tuple[Column, ...],
    casts: Mapping[str, nw.Expr],
) -> LoadResult[Any]:
    """Label each row with its first failing check; collect the rejected rows; keep the rest, cast."""
    why: Any = nw.lit(None, nw.Float64() if frame.implementation.is_dask() else nw.Int64())
    for index in reversed(range(len(checks))):
        why = nw.when(checks[index][1].fill_null(value=False)).then(nw.lit(index)).otherwise(why)
    labelled = frame.with_columns(why.alias("__check"))
    if labelled.implementation.is_polars():
        # One pass: the checks run once over every row, and the count, the rejected and the kept rows are cut from
        # that one table (running the plan once per use cost three passes over the input). The output casts run on
        # the kept rows afterwards: computed beside the checks, they held a second copy of every column at once.
        table = to_polars(labelled)
        total = table.height
        flagged = table.filter(pl.col("__check").is_not_null())
        bad = _showable(flagged if flagged[_ROW].is_sorted() else flagged.sort(_ROW), columns)
        kept = table.filter(pl.col("__check").is_null()) if flagged.height else table
        del table
        kept = kept if kept[_ROW].is_sorted() else kept.sort(_ROW)  # input order is the user's order
        # A text column without an empty value is kept as it is: its cast (empty to null) would copy it whole.
        text = [c.name for c in columns if c.kind == "string" and kept.schema[c.name] == pl.String]
        empty = kept.select(pl.col(n).eq("").any() for n in text).row(0) if text else ()
        casts = {**casts, **{n: nw.col(n) for n, has in zip(text, empty, strict=True) if not has}}
        frame_out = to_polars(lazy(kept).select(*[casts.get(c.name, nw.col(c.name)).alias(c.name) for c in columns]))
    else:  # a lazy engine (DuckDB, Dask): the rejected rows and the count come back, the kept rows stay lazy
        flagged, count = collect_all(
            labelled.filter(~nw.col("__check").is_null()), labelled.select(nw.len().alias("n"))
        )
        bad = _showable(flagged.sort(_ROW), columns)
        total = int(count["n"][0])
        good = labelled.filter(nw.col("__check").is_null())
        good = good.select(*[casts.get(c.name, nw.col(c.name)).alias(c.name) for c in columns])
        frame_out = nw.to_native(good) if not isinstance(good, nw.LazyFrame) else _native(good)
    rejected = []
    for record in bad.iter_rows(named=True):
        field, _cond, expected = checks[int(record["__check"])]
        shown = record.get(f"__raw_{field}", record.get(field)) if field != "row" else record[_WHY]
        if isinstance(shown, str) and field == "row":
            reason = f"row: {shown}"
        else:
            reason = f"{field}: expected {expected}, got {shown!r}"
        clean = {k: v for k, v in record.items() if not k.startswith("__")}
        rejected.append(Rejected(int(record[_ROW]), reason, clean))
    return LoadResult(source=name, frame=frame_out, rejected=rejected, rows_in=total)


def _showable(bad: pl.DataFrame, columns: tuple[Column, ...]) -> pl.DataFrame:
    """The rejected rows as they can be shown: timestamps as read (text), or as ISO text outside years 1–9999.

    Python's datetime holds years 1 to 9999 only; a rejected row with year 0 in another field must still be shown.
    """
    fixes = []
    for column in columns:
        if column.kind != "datetime" or column.name not in bad.columns:
            continue
        if f"__raw_{column.name}" in bad.columns:
            fixes.append(pl.col(f"__raw_{column.name}").alias(column.name))
        elif isinstance(bad.schema[column.name], pl.Datetime):
            year = pl.col(column.name).dt.year()
            if not bad.select(year.is_between(1, 9999) | year.is_null()).to_series().all():
                fixes.append(pl.col(column.name).dt.to_string("%Y-%m-%dT%H:%M:%S%.f%:z"))
    return bad.with_columns(fixes) if fixes else bad


def _native(frame: nw.LazyFrame[Any]) -> Any:
    native = nw.to_native(frame)
    if isinstance(native, pl.LazyFrame):
        return native.collect()
    return native


_SCALES: Final = {"csat_score": (1, 5), "nps": (0, 10), "ces": (1, 7), "handle_seconds": (0, 10**9)}
"""The range of each whole-number column of the tickets table."""


def _cast(columns: tuple[Column, ...], schema: Mapping[str, Any], *, dask: bool = False) -> dict[str, nw.Expr]:
    casts: dict[str, nw.Expr] = {}
    whole = nw.Float64 if dask else nw.Int64
    for column in columns:
        col = nw.col(column.name)
        if column.kind == "datetime":
            dtype = schema[column.name]
            if isinstance(dtype, nw.Datetime) and dtype.time_zone in {"UTC", "Etc/UTC"}:
                casts[column.name] = col  # DuckDB's connection zone is Etc/UTC; an instant is an instant
            else:
                casts[column.name] = col.dt.convert_time_zone("UTC").cast(nw.Datetime("us", "UTC"))
        elif column.kind == "int":
            low, high = _SCALES[column.name]
            casts[column.name] = _whole(column.name, schema[column.name], low, high, whole)[1]
        else:
            casts[column.name] = nw.when(col.cast(nw.String) == "").then(None).otherwise(col.cast(nw.String))
    return casts


_DIGITS: Final = r"^-?\d{1,18}$"
"""Whole numbers as text: digits only (no spaces, signs only leading minus), few enough to fit in an int64."""


def _whole(field: str, dtype: Any, low: int, high: int, whole: Any = nw.Int64) -> tuple[nw.Expr, nw.Expr]:
    """(failing condition, the value as an integer where it passes) for a whole-number column of any dtype.

    Text must be digits only: ``" 4 "`` is rejected rather than guessed at. Floats must be whole and finite (NaN
    and infinities are rejected, not cast); integers beyond int64 are out of the range like any other.
    """
    col = nw.col(field)
    if dtype == nw.String:
        digits = col.str.contains(_DIGITS)
        value = nw.when(digits).then(col).otherwise(None).cast(whole)
        bad = (~col.is_null() & (col != "") & ~digits) | (value < low) | (value > high)
        return bad, value
    if dtype.is_float():
        # pandas-backed engines (Dask) hold a missing value as NaN: is_null is true for it there, so NaN is null.
        bad = ~col.is_null() & (col.is_nan() | (col < low) | (col > high) | (col.round(0) != col))
        return bad, nw.when(~bad.fill_null(value=False)).then(col).otherwise(None).cast(whole)
    bad = (col < low) | (col > high)
    return bad, nw.when(~bad.fill_null(value=False)).then(col).otherwise(None).cast(whole)


def _int_range(
    field: str, schema: Mapping[str, Any], low: int, high: int, *, dask: bool = False
) -> tuple[str, nw.Expr, str]:
    bad, _value = _whole(field, schema[field], low, high, nw.Float64 if dask else nw.Int64)
    empty = "empty" if schema[field] == nw.String else "null"
    return field, bad, f"an integer {low}–{high} (digits only) or {empty}"


def load_tickets(
    source: Any,
    *,
    members: Iterable[str] | Organisation | None = None,
    teams: Iterable[str] | None = None,
) -> LoadResult[Any]:
    """Load a tickets table (see :mod:`teamcore.kpi._schema`) from a file or any DataFrame.

    Parameters
    ----------
    source
        A path (``.csv``, ``.parquet``, ``.jsonl``) or a DataFrame of any engine narwhals supports.
    members
        Known member ids (or an organisation, whose members and teams are then both known): assignees outside it are
        rejected. ``None`` accepts any assignee.
    teams
        Known team ids; ``None`` accepts any (unless `members` is an organisation).

    Returns
    -------
    LoadResult
        The loaded rows in :attr:`~teamcore.LoadResult.frame` and the rejected ones. Files and eager frames (polars,
        pandas, pyarrow) load into polars; lazy engines (DuckDB, Dask) stay lazy on their engine. Its
        :attr:`~teamcore.LoadResult.warnings` name absent optional columns that change results (see the module).

    Raises
    ------
    InvalidValue
        If a required column is missing (no row can be loaded then).
    WrongType
        If a column has a type its values cannot be checked in (a float or boolean text column, a timestamp column
        that is neither datetime nor text), naming the column, the type and the source.
    LoadError
        If a file cannot be read: too large, not UTF-8, a damaged Parquet file, a column named twice in a CSV header.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> raw = pl.DataFrame({"ticket_id": ["t1", "t2"], "created_at": ["2026-11-02T09:00:00Z", "2026-11-02T09:00:00"],
    ...                     "priority": ["high", "normal"], "status": ["open", "open"]})
    >>> result = load_tickets(raw)
    >>> result.rows_in, result.loaded
    (2, 1)
    >>> [(r.row, r.reason) for r in result.rejected]  # doctest: +NORMALIZE_WHITESPACE
    [(2, "created_at: expected a timestamp with a UTC offset (naive timestamps are rejected),
          got '2026-11-02T09:00:00'")]
    >>> print(result.warnings[0])
    no 'assignee' column in DataFrame: every ticket counts as unassigned, so KPIs per member have one row, 'unassigned'
    """
    name, frame, absent = _prepare(source, TICKET_COLUMNS, ("ticket_id", "created_at"))
    schema = frame.collect_schema()
    checks = _checks(frame, TICKET_COLUMNS)
    dask = frame.implementation.is_dask()
    if frame.implementation.is_polars():
        # An expression, not a join: a join gives its rows back in another order, to be sorted again.
        frame = frame.with_columns(nw.col("ticket_id").is_duplicated().alias("__copies"))
        repeated = nw.col("__copies")
    else:
        dup = joinable(frame.group_by("ticket_id").agg(nw.len().alias("__copies")).filter(nw.col("__copies") > 1))
        frame = frame.join(dup, on="ticket_id", how="left")
        repeated = ~nw.col("__copies").is_null()
    member_ids = _ids(members, "members")
    team_ids = (
        _ids(teams, "teams")
        if teams is not None
        else (_ids(members, "teams") if isinstance(members, Organisation) else None)
    )
    checks += [
        ("ticket_id", repeated, "a unique ticket id (it occurs more than once)"),
        ("priority", ~nw.col("priority").is_in(PRIORITIES), f"one of {', '.join(PRIORITIES)}"),
        ("status", ~nw.col("status").is_in(STATUSES), f"one of {', '.join(STATUSES)}"),
        (
            "solved_at",
            nw.col("solved_at").is_null() & nw.col("status").is_in(("solved", "closed")),
            "a solve time for a solved or closed ticket",
        ),
        ("solved_at", nw.col("solved_at") < nw.col("created_at"), "a solve time not before created_at"),
        (
            "satisfaction",
            ~nw.col("satisfaction").is_null()
            & (nw.col("satisfaction") != "")
            & ~nw.col("satisfaction").is_in(("good", "bad")),
            "'good', 'bad' or empty",
        ),
        _int_range("csat_score", schema, *_SCALES["csat_score"], dask=dask),
        _int_range("nps", schema, *_SCALES["nps"], dask=dask),
        _int_range("ces", schema, *_SCALES["ces"], dask=dask),
        _int_range("handle_seconds", schema, *_SCALES["handle_seconds"], dask=dask),
        (
            "topic",
            ~nw.col("topic").is_null()
            & (nw.col("topic") != "")
            & ((nw.col("topic") != nw.col("topic").str.to_lowercase()) | (nw.col("topic").str.len_chars() > 64)),
            "a lower-case topic of at most 64 characters, such as 'billing', or empty",
        ),
        *_member_check("assignee", member_ids),
    ]
    if team_ids is not None:
        checks.append(
            (
                "team",
                ~nw.col("team").is_null() & (nw.col("team") != "") & ~nw.col("team").is_in(team_ids),
                "a team of the organisation or empty",
            )
        )
    result = _finish(name, frame, checks, TICKET_COLUMNS, _cast(TICKET_COLUMNS, schema, dask=dask))
    warnings = [
        f"no {c.name!r} column in {name}: {c.if_absent}" for c in TICKET_COLUMNS if c.name in absent and c.if_absent
    ]
    return attrs.evolve(result, warnings=warnings)


def load_events(
    source: Any,
    tickets: Any,
    *,
    members: Iterable[str] | Organisation | None = None,
) -> LoadResult[Any]:
    """Load a ticket-events table (see :mod:`teamcore.kpi._schema`) against the loaded `tickets`.

    Parameters
    ----------
    source
        A path or any DataFrame.
    tickets
        The tickets table (``LoadResult.frame`` of :func:`load_tickets`, or any canonical tickets frame): events of
        unknown tickets or before their ticket's ``created_at`` are rejected.
    members
        Known member ids for ``actor`` and assignment values; ``None`` accepts any.

    Returns
    -------
    LoadResult
        The loaded events in :attr:`~teamcore.LoadResult.frame` and the rejected ones, as :func:`load_tickets`.
        Its :attr:`~teamcore.LoadResult.warnings` say which metrics the events leave empty (no status changes, no
        replies) and name the tickets whose solve disagrees with their events (see the module for why these are
        warnings and not rejections).

    Examples
    --------
    >>> import polars as pl
    >>> tickets = load_tickets(pl.DataFrame({"ticket_id": ["t1"], "created_at": ["2026-11-02T09:00:00Z"],
    ...                                      "priority": ["high"], "status": ["solved"],
    ...                                      "solved_at": ["2026-11-02T10:00:00Z"]})).frame
    >>> events = pl.DataFrame({"ticket_id": ["t1", "t1", "t9"], "kind": ["status", "status", "reply"],
    ...                        "at": ["2026-11-02T08:00:00Z", "2026-11-02T10:00:00Z", "2026-11-02T09:30:00Z"],
    ...                        "from_status": ["new", "new", None], "to_status": ["open", "closed", None]})
    >>> for r in load_events(events, tickets).rejected:
    ...     print(r.row, r.reason)
    1 at: expected a time not before the ticket's created_at, got '2026-11-02T08:00:00Z'
    2 to_status: expected a change the state table allows from 'new' (new>closed is not allowed), got 'closed'
    3 ticket_id: expected a ticket of the tickets table, got 't9'

    With the events fixed, the ticket's ``solved_at`` still disagrees with its solve event:

    >>> events = pl.DataFrame({"ticket_id": ["t1", "t1"], "kind": ["reply", "status"],
    ...                        "at": ["2026-11-02T09:30:00Z", "2026-11-02T11:00:00Z"],
    ...                        "from_status": [None, "new"], "to_status": [None, "solved"]})
    >>> print(*load_events(events, tickets).warnings)  # doctest: +NORMALIZE_WHITESPACE
    1 ticket(s) have a solved_at that differs from their latest status event to 'solved' in DataFrame: the solved
    count (from solved_at) and the resolution times (from the events) disagree: t1
    """
    name, frame, _absent = _prepare(source, EVENT_COLUMNS, ("ticket_id", "at"))
    tickets_frame = _tickets_table(tickets)
    schema = frame.collect_schema()
    checks = _checks(frame, EVENT_COLUMNS)
    known = tickets_frame.select(nw.col("ticket_id"), nw.col("created_at").alias("__created"))
    frame = _with_created(frame, known)
    member_ids = _ids(members, "members")
    pair = nw.concat_str([nw.col("from_status"), nw.lit(">"), nw.col("to_status")])
    is_status = nw.col("kind") == "status"
    checks += [
        ("ticket_id", nw.col("__created").is_null(), "a ticket of the tickets table"),
        ("kind", ~nw.col("kind").is_in(EVENT_KINDS), f"one of {', '.join(EVENT_KINDS)}"),
        ("at", nw.col("at") < nw.col("__created"), "a time not before the ticket's created_at"),
        ("from_status", is_status & ~nw.col("from_status").is_in(STATUSES), f"one of {', '.join(STATUSES)}"),
        ("to_status", is_status & ~nw.col("to_status").is_in(STATUSES), f"one of {', '.join(STATUSES)}"),
        ("to_status", is_status & ~pair.is_in(sorted(TRANSITION_PAIRS)), "__transition__"),
        *_member_check("actor", member_ids),
    ]
    if member_ids is not None:
        checks.append(
            (
                "value",
                (nw.col("kind") == "assign") & ~nw.col("value").is_null() & ~nw.col("value").is_in(member_ids),
                "a member of the organisation",
            )
        )
    result = _finish(
        name, frame, checks, EVENT_COLUMNS, _cast(EVENT_COLUMNS, schema, dask=frame.implementation.is_dask())
    )
    fixed = tuple(
        attrs.evolve(
            r,
            reason=f"to_status: expected a change the state table allows from {r.record['from_status']!r} "
            f"({r.record['from_status']}>{r.record['to_status']} is not allowed), got {r.record['to_status']!r}",
        )
        if "__transition__" in r.reason
        else r
        for r in result.rejected
    )
    return attrs.evolve(result, rejected=fixed, warnings=_event_warnings(lazy(result.frame), tickets_frame, name))


def _with_created(frame: nw.LazyFrame[Any], known: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """The events `frame` with each event's ticket creation time as ``__created`` (null for an unknown ticket).

    In polars a lookup (``replace_strict``) keeps the events in their order and copies none of their columns, where
    a join would give every column back gathered in another order, to be sorted again; other engines join.
    """
    if frame.implementation.is_polars() and known.implementation.is_polars():
        table = to_polars(known)
        if table["ticket_id"].is_duplicated().any():  # a tickets frame not from load_tickets: its first row counts
            table = table.unique("ticket_id", keep="first", maintain_order=True)
        created = pl.col("ticket_id").replace_strict(
            table["ticket_id"], table["__created"], default=None, return_dtype=table.schema["__created"]
        )
        native = frame.to_native()
        return lazy(native.with_columns(created.alias("__created")))
    if frame.implementation != known.implementation:
        known = _on_engine(to_polars(known), frame)
    return frame.join(known, on="ticket_id", how="left")


def _tickets_table(tickets: Any) -> nw.LazyFrame[Any]:
    """The tickets an events table is checked against, with text ids; a WrongType if it is not a tickets table."""
    frame = lazy(tickets, "tickets")
    schema = frame.collect_schema()
    for column in ("ticket_id", "created_at"):
        if column not in schema:
            raise InvalidValue("tickets", sorted(schema), f"a tickets table with a {column!r} column")
    if not isinstance(schema["created_at"], nw.Datetime):
        raise WrongType(
            "tickets.created_at", f"a {schema['created_at']} column", "instants (the frame load_tickets returns)"
        )
    return frame if schema["ticket_id"] == nw.String else frame.with_columns(nw.col("ticket_id").cast(nw.String))


_SHOWN: Final = 10
"""How many ticket ids a warning names before it says how many more there are."""


def _named(ids: list[str]) -> str:
    shown = ", ".join(ids[:_SHOWN])
    return f"{shown} and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else shown


def _event_warnings(events: nw.LazyFrame[Any], tickets: nw.LazyFrame[Any], name: str) -> tuple[str, ...]:
    """What the loaded events leave empty, and the tickets whose solve disagrees with their events.

    A ticket that is solved or closed counts in ``solved`` (from its status and ``solved_at``), while its resolution
    times, reopens and waits come from its status events. When the two disagree, the numbers do not fit together:
    the ticket counts as solved in one period and has its resolution time in another, or none at all.
    """
    is_status = nw.col("kind") == "status"
    counts = events.select(
        is_status.cast(nw.Int64).sum().alias("status"),
        (nw.col("kind") == "reply").cast(nw.Int64).sum().alias("reply"),
    )
    schema = tickets.collect_schema()
    queries = [counts]
    if "status" in schema:
        solves = joinable(
            events.filter(is_status & (nw.col("to_status") == "solved"))
            .group_by("ticket_id")
            .agg(nw.col("at").max().alias("__last_solve"))
        )
        wanted = ["ticket_id", "status", *(["solved_at"] if "solved_at" in schema else [])]
        known = tickets.select(*wanted)
        if known.implementation != solves.implementation:
            known = _on_engine(to_polars(known), solves)
        # One key dtype on both sides: Dask's grouped keys come back as pandas "str" beside read_parquet's "string".
        key = nw.col("ticket_id").cast(nw.String)
        done = (
            known.filter(nw.col("status").is_in(("solved", "closed")))
            .with_columns(key)
            .join(solves.with_columns(key), on="ticket_id", how="left")
        )
        queries.append(done.filter(nw.col("__last_solve").is_null()).select("ticket_id"))
        if "solved_at" in schema:
            moved = done.filter(~nw.col("solved_at").is_null() & (nw.col("solved_at") != nw.col("__last_solve")))
            queries.append(moved.select("ticket_id"))
    # Collected together: on Dask one graph for the counts and both cross-table checks.
    kinds, *checked = collect_all(*queries)
    warnings = []
    if not kinds["status"][0]:
        warnings.append(
            f"no status events in {name}: resolution times (first_resolution, full_resolution), reopens, waits "
            "(requester_wait, agent_wait, on_hold) are empty"
        )
    if not kinds["reply"][0]:
        warnings.append(
            f"no reply events in {name}: first reply time (first_reply) is empty, and one-touch and first-contact "
            "rates see no replies"
        )
    if not kinds["status"][0] or not checked:
        return tuple(warnings)
    unsolved = sorted(checked[0]["ticket_id"])
    if unsolved:
        warnings.append(
            f"{len(unsolved)} solved or closed ticket(s) have no status event to 'solved' in {name}: they count as "
            f"solved, but their resolution times, reopens and waits are missing: {_named(unsolved)}"
        )
    differ = sorted(checked[1]["ticket_id"]) if len(checked) > 1 else []
    if differ:
        warnings.append(
            f"{len(differ)} ticket(s) have a solved_at that differs from their latest status event to 'solved' "
            f"in {name}: the solved count (from solved_at) and the resolution times (from the events) disagree: "
            f"{_named(differ)}"
        )
    return tuple(warnings)
