"""Team files: an :class:`Organisation` in TOML or JSON, loaded with every problem reported, and saved losslessly.

The loader never executes anything from its input (TOML and JSON only; no pickle, no YAML tags), refuses files over
a size limit before parsing them, and reports *all* problems it finds, each with the path, the entry (member or
team id) and the field, the way a compiler reports errors.

Why the loader walks attrs fields itself instead of ``cattrs.structure``: cattrs' detailed validation collects
type errors per field, but teamcore's domain checks (IANA zones, country codes, overlapping hours) live in the attrs
validators, which run in ``__init__`` and stop at the first failure. Walking the fields and calling each field's own
converter and validator reports every problem while keeping each rule in one place. Saving uses cattrs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal, TypeVar, cast, get_args

import attrs
import cattrs
import tomli_w
from cattrs.gen import make_dict_unstructure_fn, override

from teamcore._rows import read_limited
from teamcore.exceptions import (
    InvalidValue,
    LoadError,
    MalformedFile,
    Problem,
    TeamcoreError,
    ValidationError,
    WrongType,
)
from teamcore.people._hours import Shift, TimeOff, Weekday, WeeklyHours, _day_range
from teamcore.people._member import EmploymentType, Member, Role, SkillLevel
from teamcore.people._schema import FORMAT
from teamcore.people._team import ClosedDay, Organisation, Team, organisation_problems

__all__ = [
    "FORMAT",
    "MAX_FILE_BYTES",
    "FileFormat",
    "check_organisation_file",
    "dump_organisation",
    "load_organisation",
    "loads_organisation",
    "save_organisation",
]

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
"""Default size limit for a team file (10 MiB: some 20,000 members)."""

FileFormat = Literal["toml", "json"]
_FORMATS: Final = frozenset(get_args(FileFormat))
_TOP_KEYS: Final = ("format", "name", "members", "teams")

T = TypeVar("T")


class _Problems(Exception):
    """Internal: several field problems found while decoding one value."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _date(value: object, field: str) -> dt.date:
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


def _hours_table(value: object, field: str) -> WeeklyHours:
    """Decode a working-hours table, reporting every bad range, then the overlap check."""
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a table of day -> ['HH:MM-HH:MM', ...]")
    shifts: list[Shift] = []
    errors: list[ValidationError] = []
    for key, ranges in value.items():
        try:
            days = _day_range(key, field)
        except ValidationError as err:
            errors.append(err)
            continue
        if isinstance(ranges, str) or not isinstance(ranges, Sequence):
            errors.append(WrongType(f"{field}.{key}", ranges, "a list of 'HH:MM-HH:MM' ranges"))
            continue
        for i, text in enumerate(ranges):
            for day in days:
                try:
                    shifts.append(Shift.parse(day, text, field))
                except ValidationError as err:
                    errors.append(type(err)(f"{field}.{key}[{i}]", err.value, err.expected))
                    break
    if errors:
        raise _Problems(errors)
    return WeeklyHours(shifts)


def _skills_table(value: object, field: str) -> tuple[SkillLevel, ...]:
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a table of skill name -> level 0-5")
    skills: list[SkillLevel] = []
    errors: list[ValidationError] = []
    for name, level in value.items():
        try:
            skills.append(SkillLevel(name, level))
        except ValidationError as err:
            errors.append(err)
    if errors:
        raise _Problems(errors)
    return tuple(skills)


def _table_list(cls: type[T]) -> Callable[[object, str], tuple[T, ...]]:
    def decode(value: object, field: str) -> tuple[T, ...]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            raise WrongType(field, value, f"a list of tables ({cls.__name__})")
        items: list[T] = []
        errors: list[ValidationError] = []
        for i, raw in enumerate(value):
            built, problems = _build(cls, raw, f"{field}[{i}]")
            errors.extend(problems)
            if built is not None:
                items.append(built)
        if errors:
            raise _Problems(errors)
        return tuple(items)

    return decode


# File form -> what the attrs field's converter accepts. Fields not listed are passed as they are.
_DECODERS: Final[dict[tuple[type, str], Callable[[object, str], object]]] = {
    (Member, "start_date"): lambda v, f: None if v is None else _date(v, f),
    (Member, "hours"): _hours_table,
    (Member, "skills"): _skills_table,
    (Member, "time_off"): _table_list(TimeOff),
    (TimeOff, "start"): _date,
    (TimeOff, "end"): _date,
    (Team, "closed_days"): _table_list(ClosedDay),
    (ClosedDay, "date"): _date,
}


def _build(cls: type[Any], raw: object, where: str) -> tuple[Any, list[ValidationError]]:
    """Build `cls` from a decoded table, collecting a problem for every bad field, missing or unknown key."""
    if not isinstance(raw, Mapping):
        return None, [WrongType(where, raw, f"a table ({cls.__name__})")]
    fields = {a.name: a for a in attrs.fields(cls) if a.init}
    prefix = f"{where}." if where else ""
    problems: list[ValidationError] = [
        InvalidValue(f"{prefix}{key}", raw[key], f"one of the known keys {sorted(fields)}")
        for key in raw
        if key not in fields
    ]
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in raw:
            if field.default is attrs.NOTHING:
                problems.append(InvalidValue(f"{prefix}{name}", None, "a value (the key is required)"))
            continue
        value = raw[name]
        try:
            decode = _DECODERS.get((cls, name))
            if decode is not None:
                value = decode(value, name)
            if field.converter is not None:
                value = field.converter(value)
            if field.validator is not None:
                field.validator(None, field, value)
            kwargs[name] = value
        except _Problems as many:
            problems.extend(err.located(prefix=prefix) for err in many.errors)
        except ValidationError as err:
            problems.append(err.located(prefix=prefix))
    if problems:
        return None, problems
    try:
        return cls(**kwargs), []
    except ValidationError as err:
        return None, [err.located(prefix=prefix)]


def _entry_name(kind: str, raw: object, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
        return f"{kind} '{raw['id']}'"
    return f"{kind} #{index + 1}"


def _problem(path: str, entry: str, err: ValidationError) -> Problem:
    return Problem(path, entry, err.field, f"expected {err.expected}, got {err.value!r}")


def _organisation(data: object, path: str) -> tuple[Organisation | None, list[Problem]]:
    if not isinstance(data, Mapping):
        return None, [Problem(path, "", "", f"expected a table at the top level, got {type(data).__name__}")]
    problems = [
        Problem(path, "", key, f"unknown top-level key; expected one of {list(_TOP_KEYS)}")
        for key in data
        if key not in _TOP_KEYS
    ]
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        problems.append(Problem(path, "", "format", f"expected {FORMAT!r}, got {fmt!r}"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem(path, "", "name", f"expected the organisation's name (a non-empty string), got {name!r}")
        )
    built: dict[str, list[Any]] = {"members": [], "teams": []}
    # Ids as written, also of entries that failed, so cross-references are checked for every entry.
    member_ids: list[str] = []
    team_refs: list[tuple[str, Sequence[str]]] = []
    for key, cls, kind in (("members", Member, "member"), ("teams", Team, "team")):
        raw_items = data.get(key, [] if key == "teams" else None)
        if isinstance(raw_items, str | bytes | Mapping) or not isinstance(raw_items, Sequence):
            problems.append(Problem(path, "", key, f"expected a list of {kind} tables, got {raw_items!r}"))
            continue
        for i, raw in enumerate(raw_items):
            entry = _entry_name(kind, raw, i)
            obj, errors = _build(cls, raw, "")
            problems.extend(_problem(path, entry, err.located(prefix=f"{key}[{i}].")) for err in errors)
            if obj is not None:
                built[key].append(obj)
            raw_id = raw.get("id") if isinstance(raw, Mapping) else None
            if not isinstance(raw_id, str):
                continue
            if kind == "member":
                member_ids.append(raw_id)
            else:
                refs = raw.get("members")
                ok = isinstance(refs, Sequence) and not isinstance(refs, str)
                team_refs.append((raw_id, [r for r in refs if isinstance(r, str)] if ok else []))
    problems.extend(_problem(path, entry, err) for entry, err in organisation_problems(member_ids, team_refs))
    if problems:
        return None, problems
    try:
        return Organisation(name=cast("str", name), members=built["members"], teams=built["teams"]), []
    except TeamcoreError as err:  # pragma: no cover - every rule above is also checked by the constructor
        return None, [Problem(path, "", "", str(err))]


def _read(path: Path, max_bytes: int) -> str:
    data = read_limited(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        shown = str(path)
        raise MalformedFile(shown, [Problem(shown, f"byte {err.start}", "", "expected UTF-8 text")]) from None


def _parse(text: str, fmt: FileFormat, source: str) -> object:
    try:
        if fmt == "toml":
            return tomllib.loads(text)
        return json.loads(text, parse_constant=_reject_constant)
    except tomllib.TOMLDecodeError as err:
        raise MalformedFile(source, [Problem(source, "", "", f"invalid TOML: {err}")]) from None
    except json.JSONDecodeError as err:
        entry = f"line {err.lineno}, column {err.colno}"
        raise MalformedFile(source, [Problem(source, entry, "", f"invalid JSON: {err.msg}")]) from None
    except (ValueError, RecursionError) as err:
        raise MalformedFile(source, [Problem(source, "", "", f"invalid JSON: {err}")]) from None


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a valid JSON number")


def _check_format(fmt: object) -> FileFormat:
    """`fmt` if it is ``"toml"`` or ``"json"``; :class:`InvalidValue` otherwise."""
    if fmt not in _FORMATS:
        raise InvalidValue("format", fmt, f"one of {sorted(_FORMATS)}")
    return cast("FileFormat", fmt)


def _dumps(data: dict[str, Any], fmt: FileFormat) -> str:
    """File text for `data`: TOML, or indented JSON ending in a newline (NaN refused)."""
    if _check_format(fmt) == "toml":
        return tomli_w.dumps(data)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _format_of(path: Path, fmt: FileFormat | None) -> FileFormat:
    if fmt is not None:
        return _check_format(fmt)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in _FORMATS:
        raise InvalidValue("path", str(path), "a file ending in .toml or .json (or pass format=)")
    return cast("FileFormat", suffix)


def check_organisation_file(
    path: str | os.PathLike[str], *, format: FileFormat | None = None, max_bytes: int = MAX_FILE_BYTES
) -> list[Problem]:
    """Every problem in a team file, each with its location; an empty list for a valid file.

    Parameters
    ----------
    path
        A ``.toml`` or ``.json`` team file.
    format
        Override the format the suffix implies.
    max_bytes
        Refuse larger files before parsing them.

    Returns
    -------
    list of Problem
        In file order: top-level keys, then members, then teams, then cross-references.
    """
    try:
        load_organisation(path, format=format, max_bytes=max_bytes)
    except LoadError as err:
        return list(err.problems)
    return []


def load_organisation(
    path: str | os.PathLike[str], *, format: FileFormat | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Organisation:
    """Load an organisation from a TOML or JSON team file.

    Parameters
    ----------
    path
        The file; ``.toml`` or ``.json`` unless `format` says.
    format
        ``"toml"`` or ``"json"``; by default taken from the suffix.
    max_bytes
        Files larger than this are refused before parsing (default 10 MiB).

    Returns
    -------
    Organisation

    Raises
    ------
    LoadError
        With every problem found (its :attr:`~teamcore.exceptions.LoadError.problems`), each naming the path, the
        entry and the field. Subclasses: :class:`~teamcore.exceptions.MalformedFile` (not TOML/JSON/UTF-8) and
        :class:`~teamcore.exceptions.FileTooLarge`.
    InvalidValue
        If the format cannot be told from the suffix.
    """
    file = Path(path)
    fmt = _format_of(file, format)
    return loads_organisation(_read(file, max_bytes), format=fmt, source=str(file))


def loads_organisation(text: str, *, format: FileFormat = "toml", source: str = "<string>") -> Organisation:
    """Load an organisation from the text of a team file.

    Parameters
    ----------
    text
        TOML or JSON text.
    format
        ``"toml"`` (default) or ``"json"``.
    source
        Name used as the path in problems.

    Raises
    ------
    LoadError
        As :func:`load_organisation`.

    Examples
    --------
    >>> org = loads_organisation('''
    ... name = "Acme"
    ... [[members]]
    ... id = "anna"
    ... name = "Anna"
    ... timezone = "Europe/Stockholm"
    ... country = "SE"
    ... hours = { mon-fri = ["09:00-17:00"] }
    ... ''')
    >>> org.member("anna").hours.minutes_per_week // 60
    40
    """
    data = _parse(text, _check_format(format), source)
    org, problems = _organisation(data, source)
    if org is None:
        raise LoadError(source, problems)
    return org


def _make_converter(fmt: FileFormat) -> cattrs.Converter:
    conv = cattrs.Converter(omit_if_default=True)
    if fmt == "json":
        conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    else:
        conv.register_unstructure_hook(dt.date, lambda d: d)
    conv.register_unstructure_hook(WeeklyHours, WeeklyHours.to_table)
    conv.register_unstructure_hook(Role, lambda r: r.value)
    conv.register_unstructure_hook(EmploymentType, lambda e: e.value)
    conv.register_unstructure_hook(Weekday, lambda d: d.short)
    member_fn = make_dict_unstructure_fn(Member, conv, _cattrs_omit_if_default=True, skills=override(omit=True))

    def member(m: Member) -> dict[str, Any]:
        out = dict(member_fn(m))
        if m.skills:
            out["skills"] = m.skill_map
        return out

    conv.register_unstructure_hook(Member, member)
    return conv


def _unstructure(org: Organisation, fmt: FileFormat) -> dict[str, Any]:
    conv = _make_converter(fmt)
    return {
        "format": FORMAT,
        "name": org.name,
        "members": [conv.unstructure(m) for m in org.members],
        "teams": [conv.unstructure(t) for t in org.teams],
    }


def dump_organisation(org: Organisation, *, format: FileFormat = "toml") -> str:
    """Write `org` as team-file text; :func:`loads_organisation` reads it back equal.

    Fields at their default are left out, so files stay short.

    Raises
    ------
    WrongType
        If `org` is not an Organisation.
    """
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    return _dumps(_unstructure(org, _check_format(format)), format)


def save_organisation(org: Organisation, path: str | os.PathLike[str], *, format: FileFormat | None = None) -> None:
    """Write `org` to `path` as TOML or JSON (by suffix unless `format` says)."""
    file = Path(path)
    text = dump_organisation(org, format=_format_of(file, format))
    file.write_text(text, encoding="utf-8")
