"""Reading a roster file: the columns of :meth:`Roster.to_polars`, one shift a row, CSV or JSON lines.

A roster either loads whole or not at all: a shift dropped silently would show as a shortfall that is not there,
so every problem of every row is collected and raised together as one :class:`~teamcore.exceptions.LoadError`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from teamcore._rows import MAX_TABLE_BYTES, Unreadable, read_records
from teamcore._time import parse_instant
from teamcore.exceptions import LoadError, Problem, ValidationError
from teamcore.rostering._roster import Roster, ShiftAssignment

__all__ = ["ROSTER_COLUMNS", "read_roster"]

ROSTER_COLUMNS: Final = ("member", "template", "start", "end", "local_date", "hours")
"""The columns of a roster file, as :meth:`Roster.to_polars` writes them; ``hours`` is optional (it is derived)."""

_REQUIRED: Final = ROSTER_COLUMNS[:-1]


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{field}: expected a date YYYY-MM-DD, got {value!r}")


def _row(record: Mapping[str, Any]) -> ShiftAssignment:
    """One shift from one record; ValueError or ValidationError naming the field."""
    start = parse_instant(record["start"], "start")
    end = parse_instant(record["end"], "end")
    shift = ShiftAssignment(
        member=record["member"],
        template=record["template"],
        start=start,
        end=end,
        local_date=_date(record["local_date"], "local_date"),
    )
    hours = record.get("hours")
    if hours not in (None, ""):
        try:
            given = float(hours)
        except (TypeError, ValueError):
            given = math.nan
        if not math.isclose(given, shift.hours, abs_tol=0.01):
            raise ValueError(f"hours: expected {shift.hours:g}, the hours from start to end, got {hours!r}")
    return shift


def read_roster(path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES) -> Roster:
    """Read a roster written by ``Roster.to_polars().write_csv(path)`` (or JSON lines with the same fields).

    Parameters
    ----------
    path
        A ``.csv`` or ``.jsonl`` file with the columns :data:`ROSTER_COLUMNS`: ``member``, ``template``,
        ``start`` and ``end`` (ISO 8601 instants with an offset), ``local_date`` (the member's local date of the
        start, ``YYYY-MM-DD``) and optionally ``hours`` (checked against start and end).
    max_bytes
        The size limit.

    Returns
    -------
    Roster
        Every row's shift.

    Raises
    ------
    LoadError
        With every problem of the file: a missing column, and for each bad row its line, field, value and what
        was expected. An empty file (a header only) is an empty roster.
    FileTooLarge, MalformedFile
        As :func:`teamcore._rows.read_records` raises them.

    Examples
    --------
    >>> import datetime as dt, pathlib, tempfile
    >>> t0 = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)
    >>> roster = Roster([ShiftAssignment(member="ana", template="early", start=t0, end=t0 + dt.timedelta(hours=8),
    ...                                  local_date=dt.date(2026, 11, 23))])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "roster.csv"
    >>> roster.to_polars().write_csv(path)
    >>> read_roster(path) == roster
    True
    """
    file = Path(path)
    shown = str(file)
    records = list(read_records(file, max_bytes=max_bytes))
    problems: list[Problem] = []
    shifts: list[ShiftAssignment] = []
    for number, record in records:
        entry = f"line {number}"
        if isinstance(record, Unreadable):
            problems.append(Problem(shown, entry, "", record.reason))
            continue
        missing = [c for c in _REQUIRED if c not in record]
        if missing:
            problems.append(
                Problem(shown, entry, missing[0], f"missing columns {missing} (expected {list(_REQUIRED)})")
            )
            continue
        try:
            shifts.append(_row(record))
        except ValidationError as err:
            problems.append(Problem(shown, entry, err.field, str(err).removeprefix(f"{err.field}: ")))
        except ValueError as err:
            field, _, message = str(err).partition(": ")
            problems.append(Problem(shown, entry, field, message))
    if problems:
        raise LoadError(shown, problems)
    return Roster(shifts)
