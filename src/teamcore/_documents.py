"""Document files: the shared reading and writing of every whole-document TOML or JSON file teamcore loads.

Team files (:mod:`teamcore.people`), SLA policy and KPI target files (:mod:`teamcore.kpi`), feedback policy files
(:mod:`teamcore.feedback`) and mentoring TOML files (:mod:`teamcore.mentoring`) all follow these rules, defined here
once:

- the format comes from the suffix (``.toml`` or ``.json``) unless the caller says (:func:`format_of`);
- files over a size limit are refused before they are read (:data:`MAX_FILE_BYTES`, :func:`read_text`);
- the text must be UTF-8 TOML or JSON; nothing is ever executed, JSON's ``NaN`` and ``Infinity`` are refused, and
  so is nesting deeper than :data:`MAX_DEPTH` levels, which no document needs (:func:`parse_text`);
- every problem is reported at once, each with the path, the entry and the field, like a compiler
  (:func:`build`, :func:`problem`, :func:`top_table`);
- :func:`load_document`, :func:`loads_document` and :func:`dump_document` are the ``load_X``, ``loads_X`` and
  ``dump_X`` of every file kind, which only supplies "data → (value or None, problems)" and "value → table".

Why :func:`build` walks attrs fields itself instead of ``cattrs.structure``: cattrs' detailed validation collects
type errors per field, but teamcore's domain checks (IANA zones, country codes, overlapping hours) live in the attrs
validators, which run in ``__init__`` and stop at the first failure. Walking the fields and calling each field's own
converter and validator reports every problem while keeping each rule in one place.

This is a private root module, shared machinery like :mod:`teamcore._rows` (row-by-row tables) and
:mod:`teamcore._validators` (field checks); the subpackages build on it and none reaches into another's helpers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias, TypeVar, cast, get_args

import attrs

from teamcore._rows import json_nested_too_deep, read_limited
from teamcore._suggest import suggest
from teamcore.exceptions import (
    InvalidValue,
    LoadError,
    MalformedFile,
    Problem,
    TeamcoreError,
    UnknownKey,
    ValidationError,
    WrongType,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Decoder",
    "Decoders",
    "FieldProblems",
    "FileFormat",
    "TableList",
    "build",
    "check_format",
    "dump_document",
    "dumps",
    "format_of",
    "load_document",
    "loads_document",
    "parse_date",
    "parse_text",
    "problem",
    "read_text",
    "top_table",
    "unknown_key",
]

T = TypeVar("T")

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
"""Default size limit for a document file (10 MiB: a team file of some 20,000 members)."""

MAX_DEPTH: Final = 32
"""Most levels of tables and lists a document may nest, its top-level table counted as one; teamcore's own files
nest at most five.

Deeper data is refused as soon as it is parsed, so neither the field walker nor an error message that shows a value
recurses through thousands of levels."""

FileFormat = Literal["toml", "json"]
_FORMATS: Final = frozenset(get_args(FileFormat))

Parse: TypeAlias = Callable[[object, str], tuple[T | None, list[Problem]]]
"""A file kind's reading: the parsed data and the source name → the value (or None) and every problem."""


# -- formats, reading, parsing, writing -----------------------------------------------------------------------------


def check_format(fmt: object) -> FileFormat:
    """`fmt` if it is ``"toml"`` or ``"json"``; :class:`InvalidValue` otherwise."""
    if fmt not in _FORMATS:
        raise InvalidValue("format", fmt, f"one of {sorted(_FORMATS)}")
    return cast("FileFormat", fmt)


def format_of(path: Path, fmt: FileFormat | None) -> FileFormat:
    """`fmt` when given (checked), else the format `path`'s suffix names.

    Examples
    --------
    >>> format_of(Path("team.JSON"), None), format_of(Path("team.txt"), "toml")
    ('json', 'toml')
    """
    if fmt is not None:
        return check_format(fmt)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in _FORMATS:
        raise InvalidValue("path", str(path), "a file ending in .toml or .json (or pass format=)")
    return cast("FileFormat", suffix)


def read_text(path: Path, max_bytes: int) -> str:
    """The UTF-8 text of `path`, refused before reading when it is over `max_bytes`.

    Raises
    ------
    FileTooLarge, MalformedFile
        Over the limit, or not UTF-8 (the entry names the first bad byte).
    """
    data = read_limited(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        shown = str(path)
        raise MalformedFile(shown, [Problem(shown, f"byte {err.start}", "", "expected UTF-8 text")]) from None


def parse_text(text: str, fmt: FileFormat, source: str) -> object:
    """The data of TOML or JSON `text`; :class:`MalformedFile` naming `source` and the format if it is neither.

    Nesting deeper than :data:`MAX_DEPTH` is refused too, whether the parser itself gives up (thousands of levels)
    or not.

    Examples
    --------
    >>> parse_text('{"a": [1, 2]}', "json", "<string>")
    {'a': [1, 2]}
    >>> parse_text('{"a": NaN}', "json", "a.json")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.MalformedFile: a.json: 1 problem
      a.json: invalid JSON: NaN is not a valid JSON number
    >>> parse_text("a = " + "[" * 40 + "]" * 40, "toml", "a.toml")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.MalformedFile: a.toml: 1 problem
      a.toml: a[0]...[0]: invalid TOML: nested deeper than 32 levels of tables and lists
    """
    name = fmt.upper()
    too_deep = f"invalid {name}: nested deeper than {MAX_DEPTH} levels of tables and lists"
    if json_nested_too_deep(text):  # refused before either parser recurses that deep (TOML brackets count alike)
        raise MalformedFile(source, [Problem(source, "", "", too_deep)])
    try:
        data: object = tomllib.loads(text) if fmt == "toml" else json.loads(text, parse_constant=_reject_constant)
    except tomllib.TOMLDecodeError as err:
        raise MalformedFile(source, [Problem(source, "", "", f"invalid TOML: {err}")]) from None
    except json.JSONDecodeError as err:
        entry = f"line {err.lineno}, column {err.colno}"
        raise MalformedFile(source, [Problem(source, entry, "", f"invalid JSON: {err.msg}")]) from None
    except RecursionError:  # nesting deeper than the parser's recursion allows
        raise MalformedFile(source, [Problem(source, "", "", too_deep)]) from None
    except ValueError as err:  # a NaN in JSON
        raise MalformedFile(source, [Problem(source, "", "", f"invalid {name}: {err}")]) from None
    deep = _too_deep(data)
    if deep is not None:
        raise MalformedFile(source, [Problem(source, "", deep, too_deep)])
    return data


def _too_deep(data: object) -> str | None:
    """The path (``members[0].hours``) of the first value nested deeper than :data:`MAX_DEPTH`, or None.

    Iterative, so it never recurses however deep the data is.
    """
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, dict):
            children: list[tuple[str, object]] = [(f"{where}.{k}" if where else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(f"{where}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        if depth >= MAX_DEPTH:
            return where
        stack.extend((child, path, depth + 1) for path, child in children)
    return None


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a valid JSON number")


def dumps(data: Mapping[str, Any], fmt: FileFormat) -> str:
    """File text for `data`: TOML, or indented JSON ending in a newline (NaN refused)."""
    if check_format(fmt) == "toml":
        import tomli_w  # noqa: PLC0415 - only writing needs it; keep `import teamcore` light

        return tomli_w.dumps(data)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# -- the load / loads / dump trio -----------------------------------------------------------------------------------


def loads_document(text: str, *, format: FileFormat, source: str, parse: Parse[T]) -> T:
    """The value `parse` makes of TOML or JSON `text`; :class:`LoadError` with every problem it found.

    Raises
    ------
    InvalidValue
        If `format` is neither ``"toml"`` nor ``"json"``.
    MalformedFile
        If `text` is not valid TOML or JSON.
    LoadError
        With every problem `parse` reported, each naming `source`.
    """
    data = parse_text(text, check_format(format), source)
    value, problems = parse(data, source)
    if value is None or problems:
        raise LoadError(source, problems)
    return value


def load_document(path: str | os.PathLike[str], *, format: FileFormat | None, max_bytes: int, parse: Parse[T]) -> T:
    """Read `path` (format by suffix unless `format` says, at most `max_bytes`) and load it as :func:`loads_document`.

    Raises
    ------
    InvalidValue
        If the format cannot be told from the suffix.
    LoadError
        As :func:`loads_document`, and :class:`~teamcore.exceptions.FileTooLarge` over `max_bytes`.
    """
    file = Path(path)
    fmt = format_of(file, format)
    return loads_document(read_text(file, max_bytes), format=fmt, source=str(file), parse=parse)


def dump_document(value: T, *, format: FileFormat, unstructure: Callable[[T, FileFormat], Mapping[str, Any]]) -> str:
    """The file text of `value`, as the table `unstructure` makes of it for `format`."""
    fmt = check_format(format)
    return dumps(unstructure(value, fmt), fmt)


# -- problems -------------------------------------------------------------------------------------------------------


def problem(path: str, entry: str, err: ValidationError) -> Problem:
    """A file problem at `path` and `entry` from a field error: ``field: expected ..., got ...`` (its detail)."""
    return Problem(path, entry, err.field, err.detail())


def top_table(
    data: object, path: str, *, tag: str, keys: Sequence[str] | None = None
) -> tuple[Mapping[str, Any] | None, list[Problem]]:
    """Check a document's top level: a table, with only `keys` (when given) and a ``format`` key equal to `tag`.

    Returns
    -------
    tuple
        The table (None if the data is not a table) and the problems found: unknown keys, then the format tag.

    Examples
    --------
    >>> for p in top_table({"format": "x/2", "nmae": 1}, "f.toml", tag="x/1", keys=("format", "name"))[1]:
    ...     print(p)
    f.toml: nmae: unknown key 'nmae' (did you mean 'name'?); expected one of the top-level keys ['format', 'name']
    f.toml: format: expected 'x/1', got 'x/2'
    """
    if not isinstance(data, Mapping):
        return None, [Problem(path, "", "", f"expected a table at the top level, got {type(data).__name__}")]
    problems: list[Problem] = []
    if keys is not None:
        problems.extend(
            problem(path, "", unknown_key(str(key), key, keys, "top-level keys")) for key in data if key not in keys
        )
    if data.get("format", tag) != tag:
        problems.append(Problem(path, "", "format", f"expected {tag!r}, got {data['format']!r}"))
    return data, problems


def unknown_key(field: str, key: object, known: Iterable[str], kind: str = "known keys") -> UnknownKey:
    """The error for a key that is not one of `known`: it shows the key, the nearest known key and all of them.

    Examples
    --------
    >>> print(unknown_key("members[0].tiemzone", "tiemzone", ["name", "timezone"]))
    members[0].tiemzone: unknown key 'tiemzone' (did you mean 'timezone'?); expected one of the known keys ['name', \
'timezone']
    """
    choices = list(known)
    shown = choices if kind == "top-level keys" else sorted(choices)
    return UnknownKey(field, key, f"one of the {kind} {shown}", suggestion=suggest(key, choices))


# -- the field walker -----------------------------------------------------------------------------------------------


class FieldProblems(TeamcoreError):
    """Raised by a :data:`Decoder` that found several field problems in one value; :func:`build` collects them.

    Never escapes :func:`build`.
    """

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(errors)
        self.errors = errors


Decoder: TypeAlias = Callable[[object, str], object]
"""File form → what an attrs field's converter accepts: ``decode(value, field)``, raising ValidationError or
:class:`FieldProblems`."""


@attrs.frozen
class TableList:
    """A decoder for a list of tables, each built as `cls` by :func:`build` with the same decoders."""

    cls: type[Any]


Decoders: TypeAlias = Mapping[tuple[type[Any], str], Decoder | TableList]
"""(attrs class, field name) → its decoder; fields not listed reach the converter as they are in the file."""


def parse_date(value: object, field: str) -> dt.date:
    """A date from a TOML date or a ``YYYY-MM-DD`` string (a date with a time is refused).

    Examples
    --------
    >>> parse_date("2026-09-01", "since")
    datetime.date(2026, 9, 1)
    """
    if isinstance(value, dt.datetime):
        raise WrongType(field, value, "a date YYYY-MM-DD without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidValue(field, value, "a date YYYY-MM-DD") from None
    raise WrongType(field, value, "a date YYYY-MM-DD")


def _table_list(cls: type[Any], value: object, field: str, decoders: Decoders) -> tuple[Any, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise WrongType(field, value, f"a list of tables ({cls.__name__})")
    items: list[Any] = []
    errors: list[ValidationError] = []
    for i, raw in enumerate(value):
        built, problems = build(cls, raw, f"{field}[{i}]", decoders)
        errors.extend(problems)
        if built is not None:
            items.append(built)
    if errors:
        raise FieldProblems(errors)
    return tuple(items)


def build(
    cls: type[T], raw: object, where: str, decoders: Decoders | None = None
) -> tuple[T | None, list[ValidationError]]:
    """Build `cls` from a decoded table, collecting a problem for every bad field, missing or unknown key.

    Each present value goes through its decoder (from `decoders`), then the attrs field's own converter and
    validator; then the class is constructed, so checks across fields run too.

    Parameters
    ----------
    cls
        An attrs class.
    raw
        The table from the file.
    where
        The table's location, prefixed to every field (``members[2]``); ``""`` for the top level.
    decoders
        Per-field decoders, also used for the tables of nested :class:`TableList` fields.

    Returns
    -------
    tuple
        The value, or None, and every problem, each located at its field.
    """
    if not isinstance(raw, Mapping):
        return None, [WrongType(where, raw, f"a table ({cls.__name__})")]
    known = decoders or {}
    fields = {a.name: a for a in attrs.fields(cast("type[attrs.AttrsInstance]", cls)) if a.init}
    prefix = f"{where}." if where else ""
    problems: list[ValidationError] = [unknown_key(f"{prefix}{key}", key, fields) for key in raw if key not in fields]
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in raw:
            if field.default is attrs.NOTHING:
                problems.append(InvalidValue(f"{prefix}{name}", None, "a value (the key is required)"))
            continue
        value = raw[name]
        try:
            decode = known.get((cls, name))
            if isinstance(decode, TableList):
                value = _table_list(decode.cls, value, name, known)
            elif decode is not None:
                value = decode(value, name)
            if field.converter is not None:
                value = field.converter(value)
            if field.validator is not None:
                field.validator(None, field, value)
            kwargs[name] = value
        except FieldProblems as many:
            problems.extend(err.located(prefix=prefix) for err in many.errors)
        except ValidationError as err:
            problems.append(err.located(prefix=prefix))
    if problems:
        return None, problems
    try:
        return cls(**kwargs), []
    except ValidationError as err:
        return None, [err.located(prefix=prefix)]
