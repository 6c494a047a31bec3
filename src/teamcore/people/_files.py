"""Team files: an :class:`Organisation` in TOML or JSON, loaded with every problem reported, and saved losslessly.

The loader never executes anything from its input (TOML and JSON only; no pickle, no YAML tags), refuses files over
a size limit before parsing them, and reports *all* problems it finds, each with the path, the entry (member or
team id) and the field, the way a compiler reports errors.

The reading rules and the field walker, which calls each attrs field's own converter and validator so every problem
is reported while each rule stays in one place, are shared with the other document files in
:mod:`teamcore._documents`; this module supplies what is particular to team files. Saving uses cattrs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from teamcore._documents import (
    MAX_FILE_BYTES,
    Decoders,
    FieldProblems,
    FileFormat,
    TableList,
    build,
    dump_document,
    format_of,
    load_document,
    loads_document,
    parse_date,
    problem,
    top_table,
)
from teamcore._validators import check_text
from teamcore.exceptions import LoadError, Problem, TeamcoreError, ValidationError, WrongType
from teamcore.people._hours import Shift, TimeOff, Weekday, WeeklyHours, _day_range
from teamcore.people._member import EmploymentType, Member, Role, SkillLevel
from teamcore.people._schema import FORMAT
from teamcore.people._team import ClosedDay, Organisation, Team, organisation_problems

if TYPE_CHECKING:
    import cattrs

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

_TOP_KEYS: Final = ("format", "name", "members", "teams")


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
        raise FieldProblems(errors)
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
        raise FieldProblems(errors)
    return tuple(skills)


# File form -> what the attrs field's converter accepts. Fields not listed are passed as they are.
_DECODERS: Final[Decoders] = {
    (Member, "start_date"): lambda v, f: None if v is None else parse_date(v, f),
    (Member, "hours"): _hours_table,
    (Member, "skills"): _skills_table,
    (Member, "time_off"): TableList(TimeOff),
    (TimeOff, "start"): parse_date,
    (TimeOff, "end"): parse_date,
    (Team, "closed_days"): TableList(ClosedDay),
    (ClosedDay, "date"): parse_date,
}


def _entry_name(kind: str, raw: object, index: int) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
        return f"{kind} '{raw['id']}'"
    return f"{kind} #{index + 1}"


def _name_problems(name: object, path: str) -> list[Problem]:
    if not isinstance(name, str) or not name.strip():
        return [Problem(path, "", "name", f"expected the organisation's name (a non-empty string), got {name!r}")]
    try:
        check_text(name, "name")  # the constructor's rule: no blanks around it, at most 200 characters
    except ValidationError as err:
        return [problem(path, "", err)]
    return []


def _organisation(data: object, path: str) -> tuple[Organisation | None, list[Problem]]:
    top, problems = top_table(data, path, tag=FORMAT, keys=_TOP_KEYS)
    if top is None:
        return None, problems
    data = top
    name = data.get("name")
    problems.extend(_name_problems(name, path))
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
            obj, errors = build(cls, raw, "", _DECODERS)
            problems.extend(problem(path, entry, err.located(prefix=f"{key}[{i}].")) for err in errors)
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
    problems.extend(problem(path, entry, err) for entry, err in organisation_problems(member_ids, team_refs))
    if problems:
        return None, problems
    try:
        return Organisation(name=cast("str", name), members=built["members"], teams=built["teams"]), []
    except TeamcoreError as err:  # pragma: no cover - every rule above is also checked by the constructor
        return None, [Problem(path, "", "", str(err))]


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
    return load_document(path, format=format, max_bytes=max_bytes, parse=_organisation)


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
    return loads_document(text, format=format, source=source, parse=_organisation)


def _make_converter(fmt: FileFormat) -> cattrs.Converter:
    import cattrs  # noqa: PLC0415 - only saving needs it; keep `import teamcore` light
    from cattrs.gen import make_dict_unstructure_fn, override  # noqa: PLC0415 - as above

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
    return dump_document(org, format=format, unstructure=_unstructure)


def save_organisation(org: Organisation, path: str | os.PathLike[str], *, format: FileFormat | None = None) -> None:
    """Write `org` to `path` as TOML or JSON (by suffix unless `format` says)."""
    file = Path(path)
    text = dump_organisation(org, format=format_of(file, format))
    file.write_text(text, encoding="utf-8")
