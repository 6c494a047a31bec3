"""Row accounting for loaders of tabular files (tickets, feedback logs, knowledge bases).

Every loader of rows returns a :class:`LoadResult`: the items it loaded and a :class:`Rejected` entry for every row
it did not, with the row number and the reason, so that ``rows_in == loaded + rejected`` always holds and nothing is
lost silently. Use :func:`read_records` to read CSV or JSON lines into numbered records with the size limit and
encoding checks every loader needs.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

import attrs

from teamcore.exceptions import FileTooLarge, InvalidValue, LoadError, MalformedFile, Problem, ValidationError

__all__ = ["MAX_TABLE_BYTES", "LoadResult", "Rejected", "load_rows", "read_limited", "read_records"]

T = TypeVar("T")

MAX_TABLE_BYTES: Final = 512 * 1024 * 1024
"""Default size limit for a tabular file read row by row (512 MiB); larger data belongs in a DataFrame engine."""


@attrs.frozen
class Rejected:
    """A row a loader did not load, and why.

    Attributes
    ----------
    row
        1-based row number: the CSV line after the header is row 1; in JSON lines, line 1 is row 1.
    reason
        What was wrong, naming the field, the value and what was expected.
    record
        The row as read.
    """

    row: int
    reason: str
    record: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class LoadResult(Generic[T]):
    """What a loader made of a file: every row is either in :attr:`items` or in :attr:`rejected`.

    Attributes
    ----------
    source
        The path or name of the input.
    items
        The loaded values, in input order.
    rejected
        The rows not loaded, in input order.
    """

    source: str
    items: tuple[T, ...]
    rejected: tuple[Rejected, ...]

    @property
    def rows_in(self) -> int:
        """Rows read: ``len(items) + len(rejected)``."""
        return len(self.items) + len(self.rejected)

    @property
    def ok(self) -> bool:
        """Whether every row loaded."""
        return not self.rejected

    def raise_if_rejected(self) -> LoadResult[T]:
        """Return self, or raise :class:`~teamcore.exceptions.LoadError` listing every rejected row."""
        if self.rejected:
            raise LoadError(self.source, [Problem(self.source, f"row {r.row}", "", r.reason) for r in self.rejected])
        return self


def read_limited(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Read a whole file, refusing one over `max_bytes` before reading it.

    Raises
    ------
    FileTooLarge
        If the file is larger than `max_bytes`.
    LoadError
        If it cannot be read (missing, a directory, no permission), naming the path.
    """
    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise FileTooLarge(shown, [Problem(shown, "", "", f"file is {size} bytes; the limit is {max_bytes}")])
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise LoadError(shown, [Problem(shown, "", "", f"cannot read the file: {err.strerror or err}")]) from None
    if len(data) > max_bytes:  # the file grew after stat
        raise FileTooLarge(shown, [Problem(shown, "", "", f"file is over the limit of {max_bytes} bytes")])
    return data


def read_records(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row number, record)`` from a ``.csv`` or ``.jsonl`` file.

    CSV values are strings (empty cells are ``""``); JSON lines values keep their JSON types. A JSON line that is
    not an object is yielded as ``{"__error__": reason}`` so the caller rejects it with its row number.

    Raises
    ------
    FileTooLarge
        If the file is over `max_bytes` (checked before reading).
    MalformedFile
        If it is not UTF-8, or a CSV has no header.
    LoadError
        If it cannot be read.
    InvalidValue
        If the suffix is neither ``.csv`` nor ``.jsonl``/``.ndjson``.
    """
    file = Path(path)
    shown = str(file)
    suffix = file.suffix.lower()
    if suffix not in {".csv", ".jsonl", ".ndjson"}:
        raise InvalidValue("path", shown, "a .csv or .jsonl file")
    raw = read_limited(file, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MalformedFile(shown, [Problem(shown, f"byte {err.start}", "", "expected UTF-8 text")]) from None
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise MalformedFile(shown, [Problem(shown, "line 1", "", "expected a header row")])
        for number, record in enumerate(reader, start=1):
            if None in record:  # more cells than header columns
                yield number, {"__error__": f"expected {len(reader.fieldnames)} cells, got more"}
                continue
            yield number, {k: ("" if v is None else v) for k, v in record.items()}
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            yield number, {"__error__": "empty line"}
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, {"__error__": f"invalid JSON: {err.msg}"}
            continue
        if not isinstance(value, dict):
            yield number, {"__error__": f"expected a JSON object, got {type(value).__name__}"}
            continue
        yield number, value


def load_rows(
    records: Iterator[tuple[int, dict[str, Any]]] | Sequence[tuple[int, dict[str, Any]]],
    build: Callable[[Mapping[str, Any]], T],
    *,
    source: str,
) -> LoadResult[T]:
    """Build an item from each record with `build`; a record `build` refuses becomes a :class:`Rejected` row.

    `build` raises a :class:`~teamcore.exceptions.ValidationError` for a bad record; its message is the reason.
    """
    items: list[T] = []
    rejected: list[Rejected] = []
    for number, record in records:
        if "__error__" in record:
            rejected.append(Rejected(number, str(record["__error__"]), record))
            continue
        try:
            items.append(build(record))
        except ValidationError as err:
            rejected.append(Rejected(number, str(err), record))
    return LoadResult(source, tuple(items), tuple(rejected))
