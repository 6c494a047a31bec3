"""Mutation fuzzing of teamcore's entry points: the targets, the mutations, and the verdict on one input.

A :class:`Target` is one entry point that takes outside data (a loader, or a constructor fed from a JSON object),
with a few valid seed inputs. :func:`mutate` turns a seed into a hostile input (byte flips, truncation, BOM, CRLF and
lone CR line ends, deleted, duplicated and renamed columns, wrong types, whitespace around numbers, integers beyond
64 bits, NaN and infinities, years 0, 9999 and 10000, ISO durations where an instant is expected, thousands of
nesting levels, column names that clash with internal ones, Unicode line and paragraph separators inside strings).
:func:`run_one` runs the target on it and says what happened:

- ``ok``: it returned, or raised a :class:`~teamcore.exceptions.TeamcoreError` (a clear error is a right answer);
- ``foreign``: any other exception escaped (a defect: the user sees a traceback from deep inside a library);
- ``hang``: it ran past the time limit;
- ``accounting``: a row loader's :class:`~teamcore.LoadResult` lost rows (``rows_in != loaded + rejected``), or
  counted a different number of records than an independent reader of the same bytes (:attr:`Target.records`).

Targets live in ``fuzz/targets_*.py`` modules, each with a ``TARGETS`` list; the bounded tests
(``tests/test_fuzz.py``) and the long runs (``make fuzz``, ``python -m fuzz``) both collect them from there.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import random
import signal
import tempfile
import tomllib
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from teamcore import LoadResult
from teamcore.exceptions import TeamcoreError

__all__ = ["VALUES", "Outcome", "Target", "all_targets", "mutate", "run_one"]

Verdict = Literal["ok", "foreign", "hang", "accounting"]

INTERNAL_COLUMNS = ("__row", "__why", "__check", "__copies", "__created", "__ts_created_at", "__raw_at", "__error__")
"""Column names teamcore uses while it works; an input column named like one must not confuse it."""

VALUES: tuple[object, ...] = (
    "",
    " ",
    "abc",
    " 12 ",
    "\t3\t",
    "1e400",
    "-0",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    99999999999999999999999,
    -(2**63) - 1,
    2**64,
    "99999999999999999999999",
    1.5,
    float("nan"),
    True,
    None,
    [],
    {},
    ["a", ["b"]],
    {"x": 1},
    "0000-01-01T00:00:00Z",
    "0000-01-01",
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31",
    "10000-01-01T00:00:00Z",
    "10000-01-01",
    "P1000000000D",
    "PT1H",
    "-P1D",
    "2026-11-23T08:00:00",
    "2026-02-30T08:00:00Z",
    "2026-11-23T08:00:00Z",
    "a\u2028b",
    "a\u2029b",
    "a\rb",
    "a\nb",
    "\ufeffx",
    "x" * 5000,
    "Europe/Stokholm",
    "\x00",
)
"""Hostile values: wrong types, edges of numbers and instants, durations, separators, huge and empty strings."""


@dataclasses.dataclass(frozen=True)
class Target:
    r"""One entry point under fuzzing.

    Attributes
    ----------
    name
        What the report calls it, e.g. ``"load_tickets"``.
    suffix
        The file suffix its inputs are written with (``".csv"``, ``".jsonl"``, ``".toml"``, ``".json"``).
    seeds
        Valid inputs, as bytes; mutations start from these.
    call
        Runs the entry point on a file and returns what it returned.
    records
        For row loaders: an independent count of the records in the bytes (``csv`` module, splitting JSON lines on
        ``\n``/``\r\n`` only, ``tomllib``), or ``None`` where that reader cannot tell (then only the loader's own
        accounting is checked). ``None`` for targets that are not row loaders.
    """

    name: str
    suffix: str
    seeds: tuple[bytes, ...]
    call: Callable[[Path], object]
    records: Callable[[bytes], int | None] | None = None


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one input did: the verdict, and for defects a one-line description and the traceback."""

    verdict: Verdict
    detail: str = ""
    where: str = ""
    trace: str = ""


class _Timeout(BaseException):
    """Raised by the alarm inside a target that ran too long (a BaseException, so no target code swallows it)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def alarm(_signum: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(error: BaseException) -> str:
    """The innermost frame of the traceback: where a foreign exception was raised, to tell defects apart."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno}"


def run_one(target: Target, data: bytes, *, folder: Path | None = None, timeout: float = 5.0) -> Outcome:
    """Run `target` on `data` (written to a file with the target's suffix) and judge what happened."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / f"input{target.suffix}"
        path.write_bytes(data)
        try:
            with _time_limit(timeout):
                result = target.call(path)
        except _Timeout:
            return Outcome("hang", f"no answer within {timeout:g} s")
        except TeamcoreError:
            return Outcome("ok")
        except RecursionError as error:
            return Outcome("foreign", "RecursionError", _where(error), traceback.format_exc(limit=-8))
        except Exception as error:
            detail = f"{type(error).__module__}.{type(error).__qualname__}: {str(error)[:200]}"
            return Outcome("foreign", detail, _where(error), traceback.format_exc(limit=-8))
    if isinstance(result, LoadResult):
        if result.rows_in != result.loaded + len(result.rejected):
            counts = f"rows_in={result.rows_in}, loaded={result.loaded}, rejected={len(result.rejected)}"
            return Outcome("accounting", counts)
        if target.records is not None:
            expected = target.records(data)
            if expected is not None and expected != result.rows_in:
                said = f"an independent reader counts {expected} records, the loader {result.rows_in}"
                return Outcome("accounting", said)
    return Outcome("ok")


# -- mutations ---------------------------------------------------------------------------------------------------------


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _line_ends(data: bytes, rng: random.Random) -> bytes:
    text = data.replace(b"\r\n", b"\n")
    return text.replace(b"\n", rng.choice([b"\r\n", b"\r"]))


def _bom(data: bytes, _rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def _csv_lines(data: bytes) -> list[list[str]]:
    import csv  # noqa: PLC0415 - only the CSV mutations need it
    import io  # noqa: PLC0415

    return list(csv.reader(io.StringIO(_text(data), newline="")))


def _csv_bytes(rows: list[list[str]]) -> bytes:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _csv_columns(data: bytes, rng: random.Random) -> bytes:
    rows = _csv_lines(data)
    if not rows or not rows[0]:
        return data
    width = len(rows[0])
    col = rng.randrange(width)
    how = rng.choice(["delete", "duplicate", "rename", "internal"])
    for row in rows:
        if len(row) != width:
            continue
        if how == "delete":
            del row[col]
        elif how == "duplicate":
            row.append(row[col])
    if how == "rename":
        name = rows[0][col]
        rows[0][col] = rng.choice(["", "x", name.upper(), name + " ", rows[0][rng.randrange(width)]])
    elif how == "internal":
        rows[0][col] = rng.choice(INTERNAL_COLUMNS)
    return _csv_bytes(rows)


def _hostile(rng: random.Random, *, as_text: bool) -> object:
    value = rng.choice(VALUES)
    if as_text:
        return value if isinstance(value, str) else json.dumps(value) if not isinstance(value, float) else repr(value)
    return value


def _csv_cells(data: bytes, rng: random.Random) -> bytes:
    rows = _csv_lines(data)
    if len(rows) < 2:
        return data
    for _ in range(rng.randint(1, 3)):
        row = rows[rng.randrange(1, len(rows))]
        if row:
            i = rng.randrange(len(row))
            row[i] = str(_hostile(rng, as_text=True)) if rng.random() < 0.8 else f" {row[i]} "
    if rng.random() < 0.2:
        rows.insert(rng.randrange(1, len(rows) + 1), list(rows[rng.randrange(1, len(rows))]))
    return _csv_bytes(rows)


def _paths(value: object, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


def mutate_tree(value: object, rng: random.Random) -> object:
    """A copy of a parsed JSON/TOML value with one node replaced, deleted, duplicated, renamed or deeply nested."""
    value = json.loads(json.dumps(value, default=str))
    paths = list(_paths(value))
    path = rng.choice(paths)
    if not path:
        return _hostile(rng, as_text=False) if rng.random() < 0.3 else value
    *head, last = path
    parent: Any = value
    for key in head:
        parent = parent[key]
    how = rng.choice(["replace", "replace", "replace", "delete", "nest", "rename", "list"])
    if how == "replace":
        parent[last] = _hostile(rng, as_text=False)
    elif how == "delete":
        del parent[last]
    elif how == "nest":
        deep: object = parent[last]
        for _ in range(rng.choice([50, 1000, 5000])):
            deep = [deep] if rng.random() < 0.5 else {"a": deep}
        parent[last] = deep
    elif how == "rename" and isinstance(parent, dict):
        parent[rng.choice(["", "x", f"{last}_", "__row", str(last).upper()])] = parent.pop(last)
    elif how == "list":
        parent[last] = [parent[last], parent[last]]
    return value


def _json_doc(data: bytes, rng: random.Random) -> bytes:
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: an earlier mutation nested it too deep to read
        return _flip(data, rng)
    try:
        return json.dumps(mutate_tree(value, rng), ensure_ascii=rng.random() < 0.5, default=str).encode()
    except RecursionError:  # nested too deep for json.dumps: write the nesting as text
        return _deep_json_key(data, rng)


def _deep_json_key(data: bytes, rng: random.Random) -> bytes:
    """The JSON object `data` with a key holding thousands of nested arrays and objects, written as text."""
    text = data.rstrip()
    if not text.endswith(b"}"):
        return data
    depth = rng.choice([100, 1000, 5000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a": ', b"}")])
    deep = opener * depth + b"1" + closer * depth
    return text[:-1] + (b', "zz": ' if text[:-1].rstrip() != b"{" else b'"zz": ') + deep + b"}"


def _jsonl(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    candidates = [i for i, line in enumerate(lines) if line.strip()]
    if not candidates:
        return data
    i = rng.choice(candidates)
    try:
        value = json.loads(lines[i])
    except (ValueError, RecursionError):
        return _flip(data, rng)
    try:
        lines[i] = json.dumps(mutate_tree(value, rng), ensure_ascii=rng.random() < 0.5, default=str).encode()
    except RecursionError:  # a line nested thousands deep by an earlier mutation: nest it by hand instead
        depth = rng.choice([1000, 5000])
        lines[i] = b"[" * depth + lines[i] + b"]" * depth
    if rng.random() < 0.2:
        lines.insert(i, lines[i])
    return b"\n".join(lines)


def _toml_doc(data: bytes, rng: random.Random) -> bytes:
    import tomli_w  # noqa: PLC0415 - only the TOML mutations write TOML

    try:
        value = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):  # RecursionError: nested by _deep_toml
        return _flip(data, rng)
    mutated = mutate_tree(value, rng)
    if not isinstance(mutated, dict):
        return json.dumps(mutated, default=str).encode()  # not TOML at all
    try:
        return tomli_w.dumps(mutated).encode()
    except (TypeError, ValueError, RecursionError):
        return _deep_toml(data, rng)


def _deep_toml(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([100, 1000, 5000])
    return data + b"\nzz = " + b"[" * depth + b"1" + b"]" * depth + b"\n"


def _deep_json(data: bytes, rng: random.Random) -> bytes:
    """A JSON value nested thousands of levels deep, written as text (``json.dumps`` itself cannot go that deep)."""
    depth = rng.choice([100, 1000, 5000, 100_000])
    deep = b"[" * depth + b"1" + b"]" * depth if rng.random() < 0.5 else b'{"a":' * depth + b"1" + b"}" * depth
    if data.lstrip().startswith(b"{") and b"\n" in data.strip():  # JSON lines: one more line, an object
        return data.rstrip(b"\n") + b'\n{"x": ' + deep + b"}\n"
    return deep


def _separators(data: bytes, rng: random.Random) -> bytes:
    text = _text(data)
    quote = [i for i, ch in enumerate(text) if ch == '"']
    if not quote:
        return data
    i = rng.choice(quote) + 1
    return (text[:i] + rng.choice(["\u2028", "\u2029", "\x85", "\r", "\x0b"]) + text[i:]).encode()


def _hostile_line(data: bytes, rng: random.Random) -> bytes:
    """One line of a text input (one value a line, as ``--now`` takes it) replaced by a hostile value."""
    lines = data.split(b"\n")
    lines[rng.randrange(len(lines))] = str(_hostile(rng, as_text=True)).encode("utf-8", errors="replace")
    return b"\n".join(lines)


def _instant_edit(data: bytes, rng: random.Random) -> bytes:
    """An instant pushed to the edges: five-digit or zero years, 24:00, offsets of +25:00 or with seconds."""
    lines = _text(data).split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    how = rng.randrange(6)
    if how == 0:
        line = "1" + line
    elif how == 1:
        line = "0000" + line[4:]
    elif how == 2:
        line = line.replace("Z", rng.choice(["+25:00", "-12:00", "+14:00", "+01:00:30", "", "z", " Z"]))
    elif how == 3:
        line = line.replace("T", rng.choice(["t", " ", "", "TT"]))
    elif how == 4:
        line = line.replace("08:00", rng.choice(["24:00", "23:60", "8:00", "08:00:60", "08:00:00.9999999999"]))
    else:
        line = rng.choice(["P", "PT", "R/", "-", "+"]) + line
    lines[i] = line
    return "\n".join(lines).encode()


def _parquet_change(frame: Any, name: str, row: int, rng: random.Random) -> Any:
    """`frame` (polars) with column `name` deleted, renamed, retyped, or its value in `row` made hostile."""
    import datetime as dt  # noqa: PLC0415

    import polars as pl  # noqa: PLC0415

    how = rng.choice(["delete", "rename", "internal", "codes", "float", "huge", "instant", "naive", "nested", "bool"])
    col = pl.col(name)
    if how == "delete":
        frame = frame.drop(name)
    elif how == "rename":
        new = rng.choice(["", "x", name.upper(), name + " "])
        frame = frame if new in frame.columns else frame.rename({name: new})
    elif how == "internal" and (internal := rng.choice(INTERNAL_COLUMNS)) not in frame.columns:
        frame = frame.rename({name: internal})
    elif how == "codes":  # integer-coded values, as a helpdesk export writes statuses and members
        frame = frame.with_columns(col.rank("dense").cast(pl.Int64))
    elif how == "float":
        bad = rng.choice([float("nan"), float("inf"), -float("inf"), 4.5, 1e300, 3.0])
        frame = frame.with_columns(
            pl.when(pl.int_range(pl.len()) == row).then(bad).otherwise(col.cast(pl.Float64, strict=False)).alias(name)
        )
    elif how == "huge":
        frame = frame.with_columns(
            pl.when(pl.int_range(pl.len()) == row).then(pl.lit(2**64 - 1, pl.UInt64)).otherwise(None).alias(name)
        )
    elif how == "instant":
        edge = rng.choice([dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)])
        value = pl.lit(edge).dt.cast_time_unit("us")
        if rng.random() < 0.5:
            value = value.dt.offset_by(rng.choice(["-1d", "1d", "-400y"]))
        frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == row).then(value).otherwise(None).alias(name))
    elif how == "naive":
        frame = frame.with_columns(pl.lit(dt.datetime(2026, 11, 23, 8)).alias(name))  # noqa: DTZ001 - naive on purpose
    elif how == "nested":
        frame = frame.with_columns(pl.concat_list(col, col).alias(name))
    elif how == "bool":
        frame = frame.with_columns(col.is_null().alias(name))
    return frame


def _parquet_table(data: bytes, rng: random.Random) -> bytes:
    """A Parquet file with one column changed: deleted, renamed, retyped, or one value made hostile."""
    import io  # noqa: PLC0415

    import polars as pl  # noqa: PLC0415 - only the Parquet mutations read Parquet

    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except (Exception, pl.exceptions.PanicException):
        return _flip(data, rng)
    if not frame.columns or not frame.height:
        return data
    name = rng.choice(frame.columns)
    row = rng.randrange(frame.height)
    try:
        frame = _parquet_change(frame, name, row, rng)
        out = io.BytesIO()
        frame.write_parquet(out)
    except pl.exceptions.PolarsError:  # a change this column cannot take (a list cast to float): another one
        return _flip(data, rng)
    return out.getvalue()


_BY_SUFFIX: dict[str, tuple[Callable[[bytes, random.Random], bytes], ...]] = {
    ".txt": (_hostile_line, _instant_edit, _instant_edit),
    ".csv": (_csv_columns, _csv_cells, _csv_cells, _csv_cells),
    ".jsonl": (_jsonl, _jsonl, _jsonl, _separators, _deep_json),
    ".json": (_json_doc, _json_doc, _json_doc, _separators, _deep_json, _deep_json_key),
    ".toml": (_toml_doc, _toml_doc, _toml_doc, _deep_toml, _separators),
    ".parquet": (_parquet_table,),
}
_ANY: tuple[Callable[[bytes, random.Random], bytes], ...] = (_flip, _truncate, _line_ends, _bom)


def mutate(seed: bytes, rng: random.Random, suffix: str) -> bytes:
    """One to three mutations of `seed`, mostly structure-aware for the suffix's format, sometimes byte-level."""
    data = seed
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        own = _BY_SUFFIX.get(suffix, ())
        pool = own if own and rng.random() < 0.8 else _ANY
        try:
            data = rng.choice(pool)(data, rng)
        except RecursionError:  # a structure-aware mutation of an input an earlier one nested too deep to re-encode
            data = _deep_json(data, rng)
    return data


def all_targets() -> list[Target]:
    """Every ``TARGETS`` entry of the ``fuzz/targets_*.py`` modules, in module order."""
    package = importlib.import_module("fuzz")
    found: list[Target] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("targets_"):
            found.extend(importlib.import_module(f"fuzz.{info.name}").TARGETS)
    return found
