"""Roster files: one row per shift, in CSV, JSON lines or Parquet, every row either loaded or rejected with its reason.

The columns are those of :meth:`Roster.to_polars`:

``member``
    The member's id.
``template``
    The shift template's name.
``start``, ``end``
    Instants with an offset (``2026-11-23T06:00:00Z``); written in UTC.
``local_date``
    The member's local date on which the shift starts (``YYYY-MM-DD``).
``hours``
    Real hours from start to end; optional when reading, and checked against `start` and `end` when given.

A roster is read whole or not at all (:func:`load_roster`): a roster with a shift left out would be checked and
reported as if the shift did not exist. :func:`load_roster_rows` gives the row-by-row account.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal

from teamcore._rows import MAX_TABLE_BYTES, LoadResult, load_rows, read_limited, read_records
from teamcore._suggest import suggest
from teamcore._time import UTC, as_utc, parse_instant
from teamcore._validators import cell_date, check_number
from teamcore.exceptions import DuplicateId, InvalidValue, MalformedFile, Problem, UnknownColumn, WrongType
from teamcore.rostering._roster import Roster, ShiftAssignment

__all__ = ["ROSTER_COLUMNS", "dump_roster", "load_roster", "load_roster_rows", "write_roster"]

ROSTER_COLUMNS: Final = ("member", "template", "start", "end", "local_date", "hours")
"""The columns of a roster file, in the order they are written."""

_REQUIRED: Final = frozenset(ROSTER_COLUMNS) - {"hours"}
_HOURS_TOLERANCE: Final = 1e-6


def _instant(value: object, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return as_utc(value, field)
    return parse_instant(value, field)


def _hours(value: object) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidValue("hours", value, "a number of hours or nothing") from None
    return check_number(value, "hours", "a number of hours")


def _builder() -> Any:
    seen: dict[tuple[str, dt.datetime, str], int] = {}

    def build(record: Mapping[str, Any]) -> ShiftAssignment:
        unknown = sorted(set(record) - set(ROSTER_COLUMNS))
        if unknown:
            raise UnknownColumn(
                unknown[0],
                unknown[0],
                f"only the columns {list(ROSTER_COLUMNS)}",
                suggestion=suggest(unknown[0], ROSTER_COLUMNS),
            )
        missing = sorted(_REQUIRED - set(record))
        if missing:
            raise InvalidValue(missing[0], None, f"the columns {sorted(_REQUIRED)} (and optionally 'hours')")
        shift = ShiftAssignment(
            member=record["member"],
            template=record["template"],
            start=_instant(record["start"], "start"),
            end=_instant(record["end"], "end"),
            local_date=cell_date(record["local_date"], "local_date"),
        )
        hours = record.get("hours")
        if hours not in (None, ""):
            given = _hours(hours)
            if not math.isclose(given, shift.hours, abs_tol=_HOURS_TOLERANCE):
                raise InvalidValue("hours", hours, f"the real hours from start to end ({shift.hours:g}) or nothing")
        if shift.key in seen:
            raise DuplicateId(
                "start",
                f"{shift.member} {shift.template} {_text(shift.start)}",
                "each member, template and start once",
            )
        seen[shift.key] = 1
        return shift

    return build


def _parquet_records(file: Path, max_bytes: int) -> Iterator[tuple[int, dict[str, Any]]]:
    import polars as pl  # noqa: PLC0415 - polars loads on use

    raw = read_limited(file, max_bytes)
    shown = str(file)
    try:
        frame = pl.read_parquet(io.BytesIO(raw))
    except Exception as err:  # noqa: BLE001 - polars raises several kinds for a file that is not Parquet
        raise MalformedFile(shown, [Problem(shown, "file", "", f"expected a Parquet file: {err}")]) from None
    yield from enumerate(frame.iter_rows(named=True), start=1)


def _records(file: Path, max_bytes: int) -> Iterator[tuple[int, dict[str, Any]]]:
    if file.suffix.lower() == ".parquet":
        return _parquet_records(file, max_bytes)
    return read_records(file, max_bytes=max_bytes)


def load_roster_rows(path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES) -> LoadResult[ShiftAssignment]:
    """Read a roster file row by row; each row is loaded as a :class:`ShiftAssignment` or rejected with its reason.

    Parameters
    ----------
    path
        A ``.csv``, ``.jsonl`` or ``.parquet`` file with the columns :data:`ROSTER_COLUMNS`.
    max_bytes
        Size limit, checked before reading.

    Returns
    -------
    LoadResult of ShiftAssignment
        ``rows_in == len(items) + len(rejected)``; a repeated shift (member, template, start) is rejected the second
        time. Rows are numbered by line in CSV and JSON lines (the CSV header is line 1), from 1 in Parquet.

    Raises
    ------
    LoadError
        If the file cannot be read at all (``MalformedFile``, ``FileTooLarge``).
    InvalidValue
        For another suffix.
    """
    file = Path(path)
    if file.suffix.lower() not in {".csv", ".jsonl", ".ndjson", ".parquet"}:
        raise InvalidValue("path", str(file), "a .csv, .jsonl or .parquet roster file")
    return load_rows(_records(file, max_bytes), _builder(), source=str(file))


def load_roster(path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES) -> Roster:
    r"""Read a roster file (see :func:`load_roster_rows`) whole: any rejected row refuses the file.

    Raises
    ------
    LoadError
        For an unreadable or oversized file, or listing every rejected row (``row N``) with its reason.
    InvalidValue
        For another suffix.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "roster.csv"
    >>> _ = path.write_text("member,template,start,end,local_date,hours\n"
    ...                     "anna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23,8.5\n")
    >>> load_roster(path)
    <Roster 1 shifts for 1 members>
    >>> _ = path.write_text("member,template,start,end,local_date,hours\n"
    ...                     "anna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23,8\n"
    ...                     "erik,day,2026-11-23T06:00,2026-11-23T14:30Z,2026-11-23,\n")
    >>> load_roster(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    teamcore.exceptions.LoadError: ...roster.csv: 2 problems
      ...roster.csv: row 2: hours: expected the real hours from start to end (8.5) or nothing, got '8'
      ...roster.csv: row 3: start: expected a date-time with an offset such as 'Z' or '+01:00', got ...
    """
    return Roster(load_roster_rows(path, max_bytes=max_bytes).raise_if_rejected().items)


def _text(instant: dt.datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _row(shift: ShiftAssignment) -> dict[str, Any]:
    return {
        "member": shift.member,
        "template": shift.template,
        "start": _text(shift.start),
        "end": _text(shift.end),
        "local_date": shift.local_date.isoformat(),
        "hours": round(shift.hours, 6),
    }


def dump_roster(roster: Roster, *, format: Literal["csv", "jsonl"] = "csv") -> str:
    r"""The roster as CSV (RFC 4180, CRLF line ends) or JSON lines text, one row per shift in roster order.

    Examples
    --------
    >>> shift = ShiftAssignment(member="anna", template="day", start=dt.datetime(2026, 11, 23, 6, tzinfo=UTC),
    ...                         end=dt.datetime(2026, 11, 23, 14, 30, tzinfo=UTC), local_date=dt.date(2026, 11, 23))
    >>> print(dump_roster(Roster([shift])).replace("\r\n", "\n"), end="")
    member,template,start,end,local_date,hours
    anna,day,2026-11-23T06:00:00Z,2026-11-23T14:30:00Z,2026-11-23,8.5
    """
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")
    rows = [_row(a) for a in roster]
    if format == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if format != "csv":
        raise InvalidValue("format", format, "'csv' or 'jsonl'")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROSTER_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({**row, "hours": f"{row['hours']:.12g}"} for row in rows)
    return out.getvalue()


def write_roster(roster: Roster, path: str | os.PathLike[str]) -> None:
    """Write the roster to `path`, in the format its suffix names: ``.csv``, ``.jsonl`` or ``.parquet``.

    Parquet has the schema of :meth:`Roster.to_polars` (UTC microsecond instants, a date, float hours).

    Raises
    ------
    InvalidValue
        For another suffix.
    """
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".parquet":
        roster.to_polars().write_parquet(file)
    elif suffix in {".csv", ".jsonl", ".ndjson"}:
        text = dump_roster(roster, format="csv" if suffix == ".csv" else "jsonl")
        file.write_bytes(text.encode("utf-8"))
    else:
        raise InvalidValue("path", str(file), "a .csv, .jsonl or .parquet roster file")
