"""Roster problem files: a TOML file of templates, contracts, rules and availability, beside a requirement table.

The schema (every key but ``horizon.start``, ``horizon.days``, ``templates`` and ``requirement`` is optional)::

    format = "teamcore.roster-problem/1"
    organisation = "organisation.toml"   # the team file, relative to this file (or pass the organisation)
    members = ["anna", "erik"]           # who to roster: default every member of the organisation

    [horizon]
    start = 2026-11-23T00:00:00Z         # an instant with an offset (a TOML date-time or a string)
    days = 7                             # the horizon is `days` days from `start`
    step_minutes = 60                    # the intervals' length (default 60)
    now = 2026-11-20T00:00:00Z           # no shift starts before it (default: the start)

    [[templates]]                        # ShiftTemplate; times "HH:MM" local, durations ISO 8601
    name = "day"
    starts = ["07:00", "08:00"]
    length = "PT8H30M"
    unpaid_break = "PT30M"
    days = ["mon", "tue", "wed", "thu", "fri"]

    [contracts."*"]                      # Contract of every member without their own
    max_hours = 40
    [contracts.anna]
    min_hours = 20
    max_hours = 30

    [[availability]]                     # Availability
    member = "anna"
    start = "18:00"
    end = "08:00"
    days = ["fri"]
    hard = false
    weight = 2

    [rules]                              # LabourRules; min_rest an ISO 8601 duration, night times "HH:MM"
    min_rest = "PT11H"
    max_hours_per_week = 40

    [weights]                            # PainWeights of the meeting rotation
    night = 10

    [[requirement]]                      # one or more tables
    file = "requirement.csv"             # columns start, group, agents (one row per interval and group)
    [[requirement]]
    file = "staffing-en.csv"             # `teamcore staffing --format csv` output: columns start, required, ...
    group = "en"                         # the group its `required` column is for

A requirement table is CSV or JSON lines. Its starts must fall on the horizon's grid (``start + k * step``) and
inside it; intervals no row names require no one; a start given twice for one group is refused. Every row of it
is accounted for: a file with a bad row is refused with every bad row listed, like the problem file itself.
Members' time off comes from the team file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, cast

from teamcore._documents import MAX_FILE_BYTES, Decoders, build, parse_text, problem, read_text, top_table
from teamcore._rows import MAX_TABLE_BYTES, Rejected, Unreadable, read_records
from teamcore._time import as_utc, parse_duration, parse_instant
from teamcore._validators import check_identifier
from teamcore.exceptions import (
    InvalidValue,
    LoadError,
    OutOfRange,
    Problem,
    UnknownReference,
    ValidationError,
    WrongType,
)
from teamcore.people import Organisation, load_organisation
from teamcore.rostering._problem import ALL, RosterProblem
from teamcore.rostering._rules import Availability, Contract, LabourRules, ShiftTemplate
from teamcore.scheduling import PainWeights

__all__ = ["ROSTER_PROBLEM_FORMAT", "load_roster_problem"]

ROSTER_PROBLEM_FORMAT: Final = "teamcore.roster-problem/1"
"""The ``format`` tag of a roster problem file (optional in the file; any other value is refused)."""

_KEYS: Final = (
    "format",
    "organisation",
    "members",
    "horizon",
    "templates",
    "contracts",
    "availability",
    "rules",
    "weights",
    "requirement",
)
_HORIZON_KEYS: Final = ("start", "days", "step_minutes", "now")
_REQUIREMENT_KEYS: Final = ("file", "group")


def _clock(value: object, field: str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and len(value.strip()) == 5:
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValue(field, value, "a local wall-clock time 'HH:MM'")


def _clocks(value: object, field: str) -> list[dt.time]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise WrongType(field, value, "a list of local times such as ['07:00', '08:00']")
    return [_clock(item, f"{field}[{i}]") for i, item in enumerate(value)]


def _duration(value: object, field: str) -> dt.timedelta:
    return parse_duration(value, field)


_DECODERS: Final[Decoders] = {
    (ShiftTemplate, "starts"): _clocks,
    (ShiftTemplate, "length"): _duration,
    (ShiftTemplate, "unpaid_break"): _duration,
    (Availability, "start"): _clock,
    (Availability, "end"): _clock,
    (LabourRules, "min_rest"): _duration,
    (LabourRules, "night_start"): _clock,
    (LabourRules, "night_end"): _clock,
    (PainWeights, "night_start"): _clock,
    (PainWeights, "night_end"): _clock,
}


def _instant(value: object, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return as_utc(value, field)
    return parse_instant(value, field)


class _Collector:
    """Problems of one file, each with its entry, and the values built so far."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, entry: str, err: ValidationError) -> None:
        self.problems.append(problem(self.path, entry, err))

    def build(self, cls: type[Any], raw: object, where: str, entry: str) -> Any:
        value, errors = build(cls, raw, where, _DECODERS)
        for err in errors:
            self.add(entry, err)
        return value


def _horizon(data: Mapping[str, Any], out: _Collector) -> tuple[dt.datetime, int, dt.timedelta, dt.datetime] | None:
    raw = data.get("horizon")
    if not isinstance(raw, Mapping):
        out.add("horizon", WrongType("horizon", raw, "a table [horizon] with start and days"))
        return None
    for key in raw:
        if key not in _HORIZON_KEYS:
            out.add("horizon", InvalidValue(f"horizon.{key}", key, f"one of the keys {list(_HORIZON_KEYS)}"))
    try:
        start = _instant(raw.get("start"), "horizon.start")
        days = raw.get("days")
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
            raise OutOfRange("horizon.days", days, "a whole number of days from 1 to 366")
        minutes = raw.get("step_minutes", 60)
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0 or 1440 % minutes:
            raise InvalidValue("horizon.step_minutes", minutes, "a whole number of minutes that divides a day")
        now = _instant(raw["now"], "horizon.now") if "now" in raw else start
    except ValidationError as err:
        out.add("horizon", err)
        return None
    return start, days * 1440 // minutes, dt.timedelta(minutes=minutes), now


def _list(data: Mapping[str, Any], key: str, cls: type[Any], out: _Collector) -> list[Any]:
    raw = data.get(key, [])
    if isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Sequence):
        out.add(key, WrongType(key, raw, f"an array of tables [[{key}]]"))
        return []
    built = [out.build(cls, item, f"{key}[{i}]", f"{key}[{i}]") for i, item in enumerate(raw)]
    return [b for b in built if b is not None]


def _contracts(data: Mapping[str, Any], members: Sequence[str], out: _Collector) -> dict[str, Contract]:
    raw = data.get("contracts", {})
    if not isinstance(raw, Mapping):
        out.add("contracts", WrongType("contracts", raw, "a table of member id (or '*') = contract"))
        return {}
    built: dict[str, Contract] = {}
    for key, table in raw.items():
        contract = out.build(Contract, table, f"contracts.{key}", f"contract '{key}'")
        if key != ALL and key not in members:
            out.add(
                f"contract '{key}'", UnknownReference(f"contracts.{key}", key, "the id of a member rostered or '*'")
            )
        elif contract is not None:
            built[key] = contract
    default = built.pop(ALL, None)
    if default is not None:
        for member in members:
            built.setdefault(member, default)
    return built


def _members(data: Mapping[str, Any], org: Organisation, out: _Collector) -> list[Any]:
    raw = data.get("members")
    if raw is None:
        return list(org.members)
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        out.add("members", WrongType("members", raw, "a list of member ids"))
        return []
    chosen = []
    for i, member_id in enumerate(raw):
        try:
            check_identifier(member_id, f"members[{i}]")
            if member_id not in org:
                raise UnknownReference(f"members[{i}]", member_id, "the id of a member of the organisation")
            chosen.append(org.member(member_id))
        except ValidationError as err:
            out.add(f"members[{i}]", err)
    return chosen


def _requirement_file(
    file: Path, group: str | None, grid: tuple[dt.datetime, int, dt.timedelta]
) -> dict[str, dict[int, int]]:
    start, intervals, step = grid
    shown = str(file)
    counts: dict[str, dict[int, int]] = {}
    rejected: list[Rejected] = []
    for number, record in read_records(file, max_bytes=MAX_TABLE_BYTES):
        if isinstance(record, Unreadable):
            rejected.append(Rejected(number, record.reason, record))
            continue
        try:
            at = _instant(record.get("start"), "start")
            name = group if group is not None else record.get("group")
            if not isinstance(name, str) or not name:
                raise WrongType("group", name, "a group: a language tag, a skill name or '*'")
            column = "agents" if group is None else "required"
            agents = _agents(record.get(column), column)
            index, offset = divmod(at - start, step)
            if offset or not 0 <= index < intervals:
                raise InvalidValue("start", record.get("start"), f"an interval start of the horizon (every {step})")
            row = counts.setdefault(name, {})
            if index in row:
                raise InvalidValue("start", record.get("start"), f"each interval once for group {name!r}")
            row[index] = agents
        except ValidationError as err:
            rejected.append(Rejected(number, str(err), record))
    if rejected:
        raise LoadError(shown, [Problem(shown, f"row {r.row}", "", r.reason) for r in rejected])
    return counts


def _agents(value: object, field: str) -> int:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidValue(field, value, "a whole number of agents >= 0") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
        raise InvalidValue(field, value, "a whole number of agents >= 0")
    return int(value)


def _requirement_entry(table: object, entry: str, out: _Collector) -> tuple[str, str | None] | None:
    """The file and group of one ``[[requirement]]`` table, or None (with its problems added)."""
    if not isinstance(table, Mapping):
        out.add(entry, WrongType(entry, table, "a table with file (and group)"))
        return None
    for key in table:
        if key not in _REQUIREMENT_KEYS:
            out.add(entry, InvalidValue(f"{entry}.{key}", key, f"one of the keys {list(_REQUIREMENT_KEYS)}"))
    name, group = table.get("file"), table.get("group")
    if not isinstance(name, str) or not name:
        out.add(entry, WrongType(f"{entry}.file", name, "the path of a CSV or JSON-lines requirement table"))
        return None
    if group is not None and (not isinstance(group, str) or not group):
        out.add(entry, WrongType(f"{entry}.group", group, "a language tag, a skill name or '*'"))
        return None
    return name, group


def _requirement(
    data: Mapping[str, Any], folder: Path, grid: tuple[dt.datetime, int, dt.timedelta] | None, out: _Collector
) -> dict[str, list[int]]:
    raw = data.get("requirement")
    if isinstance(raw, Mapping):
        raw = [raw]
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence) or not raw:
        out.add("requirement", WrongType("requirement", raw, "one or more tables [[requirement]] with a file"))
        return {}
    totals: dict[str, dict[int, int]] = {}
    for i, table in enumerate(raw):
        entry = f"requirement[{i}]"
        source = _requirement_entry(table, entry, out)
        if source is None:
            continue
        name, group = source
        if grid is None:
            continue
        try:
            found = _requirement_file(folder / name, group, grid)
        except LoadError as err:
            out.problems.extend(err.problems)
            continue
        except ValidationError as err:  # the path: not a .csv or .jsonl file
            out.add(entry, err)
            continue
        for key, row in found.items():
            target = totals.setdefault(key, {})
            for index, agents in row.items():
                if index in target:
                    when = (grid[0] + grid[2] * index).isoformat()
                    out.add(entry, InvalidValue("start", when, f"each interval once for group {key!r} in all files"))
                target[index] = agents
    if grid is None:
        return {}
    intervals = grid[1]
    return {key: [row.get(k, 0) for k in range(intervals)] for key, row in sorted(totals.items())}


def load_roster_problem(
    path: str | os.PathLike[str],
    organisation: Organisation | None = None,
    *,
    now: dt.datetime | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> RosterProblem:
    """Load a roster problem from a TOML file (the schema is in this module's notes) and its requirement tables.

    Parameters
    ----------
    path
        The ``.toml`` problem file. Requirement tables and the ``organisation`` file are relative to its folder.
    organisation
        The members; by default the team file the problem file names in ``organisation``.
    now
        Overrides ``horizon.now``: no shift starts before it.
    max_bytes
        Size limit of the problem file, checked before reading.

    Returns
    -------
    RosterProblem

    Raises
    ------
    LoadError
        Listing every problem found, each with the path and the entry (``templates[1]``, ``contract 'anna'``,
        ``row 7`` of a requirement table), the field, the value and what was expected.

    Examples
    --------
    >>> import pathlib
    >>> problem = load_roster_problem(pathlib.Path("examples/rostering/problem.toml"))
    >>> problem
    <RosterProblem 6 members, 2 templates, 168 × 1:00:00 from 2026-11-23T00:00:00+00:00, groups ['en', 'pt', 'sv']>
    """
    file = Path(path)
    shown = str(file)
    data = parse_text(read_text(file, max_bytes), "toml", shown)
    table, problems = top_table(data, shown, tag=ROSTER_PROBLEM_FORMAT, keys=_KEYS)
    if table is None:
        raise LoadError(shown, problems)
    out = _Collector(shown)
    out.problems.extend(problems)
    org = organisation
    if org is None:
        name = table.get("organisation")
        if not isinstance(name, str) or not name:
            out.add("organisation", WrongType("organisation", name, "the path of the team file (or pass one)"))
            raise LoadError(shown, out.problems)
        org = load_organisation(file.parent / name)
    elif not isinstance(org, Organisation):
        raise WrongType("organisation", org, "an Organisation")
    members = _members(table, org, out)
    horizon = _horizon(table, out)
    templates = _list(table, "templates", ShiftTemplate, out)
    availability = _list(table, "availability", Availability, out)
    ids = [m.id for m in members]
    for i, item in enumerate(availability):
        if item.member not in ids:
            out.add(f"availability[{i}]", UnknownReference("member", item.member, "the id of a member rostered"))
    contracts = _contracts(table, ids, out)
    rules = out.build(LabourRules, table.get("rules", {}), "rules", "rules")
    weights = out.build(PainWeights, table.get("weights", {}), "weights", "weights")
    grid = None if horizon is None else horizon[:3]
    requirement = _requirement(table, file.parent, grid, out)
    if out.problems or horizon is None:
        raise LoadError(shown, out.problems)
    start, _intervals, step, file_now = horizon
    try:
        return RosterProblem(
            members=members,
            templates=templates,
            requirement=requirement,
            start=start,
            step=step,
            now=file_now if now is None else now,
            rules=cast("LabourRules", rules),
            contracts=contracts,
            availability=availability,
            weights=cast("PainWeights", weights),
        )
    except ValidationError as err:
        raise LoadError(shown, [problem(shown, "", err)]) from None
