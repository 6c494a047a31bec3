"""Row accounting for loaders of tabular files (tickets, events, forecasts, feedback logs, knowledge bases).

Every row loader returns a :class:`LoadResult`: the items (or a DataFrame of the rows) it loaded and a
:class:`Rejected` entry for every row it did not, with the row number and the reason, so that
``rows_in == loaded + len(rejected)`` always holds and nothing is lost silently. Both are public as
``teamcore.LoadResult`` and ``teamcore.Rejected``. Use :func:`read_records` to read CSV or JSON lines into numbered
records with the size limit and encoding checks every loader needs.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

import attrs

from teamcore._suggest import suggest
from teamcore.exceptions import (
    FileTooLarge,
    InvalidValue,
    LoadError,
    MalformedFile,
    Problem,
    UnknownColumn,
    ValidationError,
    WrongType,
)

__all__ = [
    "MAX_TABLE_BYTES",
    "LoadResult",
    "Rejected",
    "Unreadable",
    "MAX_JSON_NESTING",
    "json_nested_too_deep",
    "loads_json",
    "load_rows",
    "misnamed_column",
    "read_limited",
    "read_records",
]

T = TypeVar("T")

MAX_TABLE_BYTES: Final = 512 * 1024 * 1024
"""Default size limit for a tabular file read row by row (512 MiB); larger data belongs in a DataFrame engine."""

MAX_JSON_NESTING: Final = 100
"""JSON nested deeper than this many arrays and objects is refused before it is parsed (no helpdesk record needs 10)."""

_JSON_STRING: Final = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(rb"[^\[\]{}]+")
_DEPTH_STEP: Final = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def json_nested_too_deep(text: str | bytes, limit: int = MAX_JSON_NESTING) -> bool:
    """Whether the JSON `text` opens more than `limit` arrays and objects inside one another.

    Checked on the text, before parsing, so that a hostile input (thousands of ``[``) never reaches the parser's
    recursion: near the recursion limit, a garbage collection that runs a finaliser fails in ways no ``except``
    catches. Strings are skipped, so brackets inside them do not count. Text that opens at most `limit` brackets in
    all is answered without scanning.

    Examples
    --------
    >>> json_nested_too_deep("[" * 101 + "]" * 101)
    True
    >>> json_nested_too_deep('{"a": "[[[[[[["}', limit=2)
    False
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data))
    depth = 0
    for step in brackets.translate(_DEPTH_STEP):
        depth += 1 if step == 1 else -1
        if depth > limit:
            return True
    return False


def loads_json(text: str | bytes, parse_constant: Callable[[str], object] | None = None) -> Any:
    """:func:`json.loads`, refusing nesting deeper than :data:`MAX_JSON_NESTING` first, as a ``ValueError``.

    Every JSON reader in teamcore parses through here, so each one's ``except ValueError`` covers bad nesting too.

    Examples
    --------
    >>> loads_json('{"a": [1]}')
    {'a': [1]}
    >>> loads_json("[" * 101)
    Traceback (most recent call last):
    ...
    ValueError: nested deeper than 100 levels
    """
    if json_nested_too_deep(text):
        raise ValueError(f"nested deeper than {MAX_JSON_NESTING} levels")
    return json.loads(text, parse_constant=parse_constant)


@attrs.frozen
class Rejected:
    """A row a loader did not load, and why.

    Attributes
    ----------
    row
        Where the row is, as an editor or a spreadsheet numbers it: in a file, the line it starts on (a CSV's
        header is line 1, so its first data row is row 2; in JSON lines, line N is row N); in a DataFrame, its
        first row is row 1.
    reason
        What was wrong, naming the field, the value and what was expected.
    record
        The row as read (not compared, not shown in the repr).

    Examples
    --------
    >>> Rejected(3, "volume: expected a number, got 'many'", {"start": "2026-11-23T09:00Z", "volume": "many"})
    Rejected(row=3, reason="volume: expected a number, got 'many'")
    """

    row: int
    reason: str
    record: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


def _rejected(value: object) -> tuple[Rejected, ...]:
    rows = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping) else None
    if rows is None or not all(isinstance(r, Rejected) for r in rows):
        raise WrongType("rejected", value, "a sequence of Rejected rows")
    return rows


def _items(value: object) -> tuple[Any, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
        raise WrongType("items", value, "a sequence of loaded values")
    return tuple(value)


def _warnings(value: object) -> tuple[str, ...]:
    texts = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping) else None
    if texts is None or not all(isinstance(t, str) for t in texts):
        raise WrongType("warnings", value, "a sequence of warning texts")
    return texts


def _rows_in(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType("rows_in", value, "a whole number of rows read")
    if value < 0:
        raise InvalidValue("rows_in", value, "a number of rows read >= 0")
    return value


@attrs.frozen(kw_only=True, repr=False)
class LoadResult(Generic[T]):
    """What a row loader made of its input: every row read is either loaded or in :attr:`rejected`.

    One result type for every row-wise loader. Object loaders (:func:`teamcore.feedback.load_feedback`,
    :func:`teamcore.knowledge.load_articles`, :func:`teamcore.mentoring.load_pairs`) fill :attr:`items`; table
    loaders (:func:`teamcore.kpi.load_tickets`, :func:`teamcore.kpi.load_events`,
    :func:`teamcore.staffing.load_forecast_rows`) fill :attr:`frame`. Either way ``rows_in == loaded +
    len(rejected)``: nothing is lost silently.

    Parameters
    ----------
    source
        The path or name of the input (a DataFrame's type name).
    items
        The loaded values, in input order (object loaders; empty for table loaders).
    frame
        The loaded rows as a DataFrame in canonical columns and dtypes (table loaders; ``None`` for object loaders).
    rejected
        Every row not loaded, with its row number and reason, in row order.
    rows_in
        Rows read. With items, ``rows_in == len(items) + len(rejected)``; with a frame, ``rows_in >= len(rejected)``
        (the frame may be lazy, so its length is not counted here).
    warnings
        What the loaded data cannot answer, or answers doubtfully, though every row in it is valid: an optional
        column that is absent (which metrics it leaves empty), rows that disagree with another table. Each is one
        sentence naming the column or the entries and the metrics affected; the repr shows their count.

    Raises
    ------
    WrongType
        For a field of the wrong type.
    InvalidValue
        If `rows_in` does not account for every row, or both `items` and `frame` are given.

    Notes
    -----
    Results compare equal when their fields are equal, the frame by identity (DataFrames have no single truth
    value for ``==``). The repr shows only the counts, never the rows.

    Examples
    --------
    >>> result = LoadResult(source="pairs.csv", items=("anna>bo",), rejected=[Rejected(2, "mentee: expected ...")],
    ...                     rows_in=2)
    >>> result
    LoadResult(source='pairs.csv', rows_in=2, loaded=1, rejected=1)
    >>> result.ok, result.loaded
    (False, 1)
    >>> result.raise_if_rejected()
    Traceback (most recent call last):
    ...
    teamcore.exceptions.LoadError: pairs.csv: 1 problem
      pairs.csv: row 2: mentee: expected ...

    Warnings do not change the accounting; the repr counts them (only when there are some):

    >>> LoadResult(source="t.csv", items=("a",), rows_in=1, warnings=["no 'team' column: per-team KPIs are empty"])
    LoadResult(source='t.csv', rows_in=1, loaded=1, rejected=0, warnings=1)

    Every row read must be accounted for:

    >>> try:
    ...     LoadResult(source="pairs.csv", items=("anna>bo",), rows_in=3)
    ... except ValueError as err:
    ...     print(err)
    rows_in: expected len(items) + len(rejected) = 1 (every row read is loaded or rejected), got 3
    """

    source: str = attrs.field(validator=attrs.validators.instance_of(str))
    items: tuple[T, ...] = attrs.field(default=(), converter=_items)
    frame: Any = attrs.field(default=None, eq=attrs.cmp_using(eq=operator.is_), hash=False)
    rejected: tuple[Rejected, ...] = attrs.field(default=(), converter=_rejected)
    rows_in: int = attrs.field(converter=_rows_in)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_warnings)

    def __attrs_post_init__(self) -> None:
        if self.frame is None:
            accounted = len(self.items) + len(self.rejected)
            if self.rows_in != accounted:
                raise InvalidValue(
                    "rows_in",
                    self.rows_in,
                    f"len(items) + len(rejected) = {accounted} (every row read is loaded or rejected)",
                )
            return
        if self.items:
            raise InvalidValue("items", f"{len(self.items)} items", "no items in a result that holds a frame")
        if self.rows_in < len(self.rejected):
            raise InvalidValue("rows_in", self.rows_in, f"at least len(rejected) = {len(self.rejected)}")

    @property
    def loaded(self) -> int:
        """Rows loaded: ``rows_in - len(rejected)``."""
        return self.rows_in - len(self.rejected)

    @property
    def ok(self) -> bool:
        """Whether every row loaded."""
        return not self.rejected

    def raise_if_rejected(self) -> LoadResult[T]:
        """Return self, or raise one error listing every rejected row.

        Returns
        -------
        LoadResult
            This result, when no row was rejected.

        Raises
        ------
        LoadError
            Naming the source, with one problem per rejected row (entry ``row N``, the reason), in row order.
        """
        if self.rejected:
            raise LoadError(self.source, [Problem(self.source, f"row {r.row}", "", r.reason) for r in self.rejected])
        return self

    def __repr__(self) -> str:
        warned = f", warnings={len(self.warnings)}" if self.warnings else ""
        return (
            f"LoadResult(source={self.source!r}, rows_in={self.rows_in}, loaded={self.loaded}, "
            f"rejected={len(self.rejected)}{warned})"
        )


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


class Unreadable(dict[str, Any]):
    """A record :func:`read_records` could not read, with the reason: ``{"__error__": reason}``.

    It is told apart from data by its type, never by its key: a file may well have a column named ``__error__``,
    and that column is data like any other. (The ``__error__`` key stays for readers that still pop it.)

    Examples
    --------
    >>> Unreadable("empty line").reason
    'empty line'
    >>> isinstance({"__error__": "a value"}, Unreadable)
    False
    """

    def __init__(self, reason: str) -> None:
        super().__init__(__error__=reason)

    @property
    def reason(self) -> str:
        """Why the record could not be read."""
        return str(self["__error__"])


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _json_record(line: str) -> dict[str, Any]:
    """One JSON line as a record, or an :class:`Unreadable` saying why it is not one."""
    if not line.strip():
        return Unreadable("empty line")
    try:
        value = loads_json(line, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        return Unreadable(f"invalid JSON: {err.msg} (column {err.colno})")
    except ValueError as err:  # NaN or Infinity, nested too deep, or an integer of more than 4300 digits
        return Unreadable(f"invalid JSON: {err}")
    if not isinstance(value, dict):
        return Unreadable(f"expected a JSON object, got {type(value).__name__}")
    return value


def _json_lines(text: str) -> Iterator[str]:
    r"""The lines of JSON lines text, split on ``\n`` only (``\r\n`` ends a line too; its ``\r`` is dropped).

    Not :meth:`str.splitlines`: it also splits on U+2028, U+2029, U+0085, form feeds and lone CRs, which JSON
    allows raw inside strings, and would cut one record into two rejected rows. A final line end ends the last
    line rather than starting an empty one.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        yield line.removesuffix("\r")


def _csv_rows(reader: Any, fieldnames: Sequence[str], shown: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each record after the header with the line it starts on (a quoted cell may hold line breaks)."""
    width = len(fieldnames)
    while True:
        number = reader.line_num + 1  # the first line of the next record; the header was line 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:  # a field over the csv module's size limit: the rest cannot be read
            raise MalformedFile(
                shown, [Problem(shown, f"line {reader.line_num}", "", f"unreadable CSV: {err}")]
            ) from None
        if not cells:
            yield number, Unreadable("empty line")
        elif len(cells) > width:
            yield number, Unreadable(f"expected {width} cells, got {len(cells)}")
        else:
            yield number, dict(zip(fieldnames, [*cells, *[""] * (width - len(cells))], strict=True))


def misnamed_column(
    required: str, present: Iterable[str], known: Iterable[str], *, path: str | None = None
) -> UnknownColumn | None:
    """The error for a table that lacks column `required` but has an unknown column spelt close to it, or None.

    Parameters
    ----------
    required
        The column the table lacks.
    present
        The table's columns.
    known
        Every column the loader knows; a present column among them is never taken for a misspelling.
    path
        The file, if any.

    Examples
    --------
    >>> print(misnamed_column("volume", ["start", "volumen"], ["start", "volume"], path="f.csv"))
    f.csv: volumen: unknown column 'volumen' (did you mean 'volume'?); expected the columns ['start', 'volume']
    >>> misnamed_column("volume", ["start", "calls"], ["start", "volume"]) is None
    True
    """
    names = list(known)
    near = suggest(required, [c for c in present if c not in names])
    if near is None:
        return None
    return UnknownColumn(near, near, f"the columns {names}", path=path, suggestion=required)


def read_records(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES
) -> Iterator[tuple[int, dict[str, Any]]]:
    r"""Yield ``(line, record)`` from a ``.csv`` or ``.jsonl`` file: every record in it, readable or not.

    The number is the line the record starts on, as an editor shows it: a CSV's header is line 1, so its first
    record is on line 2; line N of JSON lines is record N.

    CSV values are strings (empty and missing cells are ``""``); JSON lines values keep their JSON types. A row
    that cannot be read (a blank line, a CSV row with more cells than the header, a JSON line that is not an
    object, not JSON, holds ``NaN``/``Infinity`` or is nested too deeply) is yielded as an :class:`Unreadable`
    so the caller rejects it with its row number. CSV rows end at ``\n``, ``\r\n`` or a lone ``\r``, as the
    ``csv`` module reads them; JSON lines end at ``\n`` or ``\r\n`` only, so a U+2028, U+2029 or U+0085 inside a
    string stays in it. A byte order mark is skipped.

    Raises
    ------
    FileTooLarge
        If the file is over `max_bytes` (checked before reading).
    MalformedFile
        If it is not UTF-8, or a CSV has no header, a column name twice, or a field the ``csv`` module cannot
        read.
    LoadError
        If it cannot be read.
    InvalidValue
        If the suffix is neither ``.csv`` nor ``.jsonl``/``.ndjson``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.jsonl"
    >>> _ = path.write_bytes('{"text": "one\u2028line"}\r\n\n[1]\n'.encode())
    >>> for number, record in read_records(path):
    ...     print(number, isinstance(record, Unreadable), record)
    1 False {'text': 'one\u2028line'}
    2 True {'__error__': 'empty line'}
    3 True {'__error__': 'expected a JSON object, got list'}
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
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            fieldnames = next(reader, [])
        except csv.Error as err:
            raise MalformedFile(shown, [Problem(shown, "line 1", "", f"unreadable CSV header: {err}")]) from None
        if not fieldnames:
            raise MalformedFile(shown, [Problem(shown, "line 1", "", "expected a header row")])
        twice = sorted({name for name in fieldnames if fieldnames.count(name) > 1})
        if twice:
            problem = f"expected each column name once, got {', '.join(map(repr, twice))} more than once"
            raise MalformedFile(shown, [Problem(shown, "line 1", "", problem)])
        yield from _csv_rows(reader, fieldnames, shown)
        return
    for number, line in enumerate(_json_lines(text), start=1):
        yield number, _json_record(line)


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
        if isinstance(record, Unreadable):
            rejected.append(Rejected(number, record.reason, record))
            continue
        try:
            items.append(build(record))
        except ValidationError as err:
            rejected.append(Rejected(number, str(err), record))
    return LoadResult(source=source, items=items, rejected=rejected, rows_in=len(items) + len(rejected))
