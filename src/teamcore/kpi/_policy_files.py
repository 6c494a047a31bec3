"""SLA policy and KPI target files in TOML or JSON, loaded with every problem reported, and written back losslessly.

Both follow the rules of every document file (:mod:`teamcore._documents`): the size limit is checked before
parsing, the text must be UTF-8 TOML or JSON (nothing is ever executed), and every problem is reported at once with
the path, the entry (``target #3``) and the field (``targets[2].within``).

An SLA policy file::

    name = "Northwind standard"
    business_hours = true          # default false: calendar time
    pause = ["pending"]            # statuses that stop the resolution clock (default ["pending"])

    [[targets]]
    metric = "first_reply"         # or "resolution"
    priority = "urgent"            # low, normal, high or urgent
    within = "PT1H"                # an ISO 8601 duration, or instead: hours = 1

A targets file::

    [[targets]]
    metric = "csat"                # a column of the KPI table or scorecard
    goal = 0.9                     # a number, or an ISO 8601 duration ("PT4H") for time columns (in seconds)
    direction = "at_least"         # or "at_most"
    team = "nordics"               # optional: member = "..." or team = "...", not both

Both may start with ``format = "teamcore.sla/1"`` (``"teamcore.targets/1"``), which :func:`dump_sla_policy` and
:func:`dump_targets` write.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Final

from teamcore._documents import (
    MAX_FILE_BYTES,
    FileFormat,
    dump_document,
    load_document,
    loads_document,
    problem,
    top_table,
    unknown_key,
)
from teamcore._suggest import suggest
from teamcore._time import parse_duration
from teamcore._validators import check_identifier, check_number, check_text
from teamcore.exceptions import (
    DuplicateId,
    InvalidValue,
    OutOfRange,
    Problem,
    UnknownReference,
    ValidationError,
    WrongType,
)
from teamcore.kpi._sla import SlaPolicy, SlaTarget, _metric, _policy_name, _priority, _within
from teamcore.kpi._states import UNSOLVED
from teamcore.kpi._targets import KpiTarget, _direction
from teamcore.people import Organisation

__all__ = [
    "SLA_FORMAT",
    "TARGETS_FORMAT",
    "dump_sla_policy",
    "dump_targets",
    "load_sla_policy",
    "load_targets",
    "loads_sla_policy",
    "loads_targets",
]

SLA_FORMAT: Final = "teamcore.sla/1"
"""The format tag an SLA policy file may carry in its ``format`` key."""

TARGETS_FORMAT: Final = "teamcore.targets/1"
"""The format tag a targets file may carry in its ``format`` key."""

_SLA_KEYS: Final = ("format", "name", "business_hours", "pause", "targets")
_SLA_TARGET_KEYS: Final = ("metric", "priority", "within", "hours")
_TARGETS_KEYS: Final = ("format", "targets")
_TARGET_KEYS: Final = ("metric", "goal", "direction", "member", "team")
_MAX_HOURS: Final = 24 * 3653  # ten years: beyond any SLA, far below timedelta's limit


def _hours(value: object, field: str) -> dt.timedelta:
    hours = check_number(value, field, "a number of hours")
    if hours <= 0:
        raise OutOfRange(field, value, "a positive number of hours")
    if hours > _MAX_HOURS:
        raise OutOfRange(field, value, f"at most {_MAX_HOURS} hours (ten years)")
    return dt.timedelta(hours=hours)


def _unknown(raw: Mapping[str, Any], known: Sequence[str], prefix: str) -> list[ValidationError]:
    return [unknown_key(f"{prefix}{key}", key, known) for key in raw if key not in known]


def _targets_list(data: Mapping[str, Any], path: str, kind: str) -> tuple[Sequence[Any], list[Problem]]:
    raw = data.get("targets")
    if raw is None:
        return [], [Problem(path, "", "targets", f"expected at least one [[targets]] table ({kind}), got none")]
    if isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Sequence):
        return [], [Problem(path, "", "targets", f"expected a list of [[targets]] tables ({kind}), got {raw!r}")]
    if not raw:
        return [], [Problem(path, "", "targets", f"expected at least one [[targets]] table ({kind}), got none")]
    return raw, []


def _sla_target(raw: object, field: str) -> tuple[SlaTarget | None, list[ValidationError]]:
    if not isinstance(raw, Mapping):
        return None, [WrongType(field, raw, "a table with metric, priority and within (or hours)")]
    prefix = f"{field}."
    errors = _unknown(raw, _SLA_TARGET_KEYS, prefix)
    values: dict[str, Any] = {}
    for name, convert in (("metric", _metric), ("priority", _priority)):
        if name not in raw:
            errors.append(InvalidValue(prefix + name, None, "a value (the key is required)"))
            continue
        try:
            values[name] = convert(raw[name])
        except ValidationError as err:
            errors.append(err.located(prefix=prefix))
    given = [name for name in ("within", "hours") if name in raw]
    if len(given) != 1:
        shown = {name: raw[name] for name in given} or None
        errors.append(InvalidValue(prefix + "within", shown, "either within (an ISO 8601 duration) or hours"))
    else:
        name = given[0]
        try:
            value = parse_duration(raw[name], name) if name == "within" else _hours(raw[name], name)
            values["within"] = _within(value)
        except ValidationError as err:
            errors.append(type(err)(prefix + name, raw[name], err.expected))
    if errors:
        return None, errors
    return SlaTarget(**values), []


def _sla_policy(data: object, path: str) -> tuple[SlaPolicy | None, list[Problem]]:
    top, problems = top_table(data, path, tag=SLA_FORMAT, keys=_SLA_KEYS)
    if top is None:
        return None, problems
    name = top.get("name")
    try:
        _policy_name(name, "name")
    except ValidationError:
        problems.append(Problem(path, "", "name", f"expected the policy's name (a non-empty string), got {name!r}"))
    business = top.get("business_hours", False)
    if not isinstance(business, bool):
        problems.append(Problem(path, "", "business_hours", f"expected true or false, got {business!r}"))
    pause = top.get("pause", ["pending"])
    if isinstance(pause, str | bytes | Mapping) or not isinstance(pause, Sequence):
        problems.append(Problem(path, "", "pause", f"expected a list of statuses, got {pause!r}"))
    else:
        statuses = ", ".join(sorted(UNSOLVED))
        for i, status in enumerate(pause):
            if not isinstance(status, str) or status not in UNSOLVED:
                problems.append(Problem(path, "", f"pause[{i}]", f"expected one of {statuses}, got {status!r}"))
    raw_targets, missing = _targets_list(top, path, "metric, priority, within")
    problems.extend(missing)
    targets: list[SlaTarget] = []
    seen: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(raw_targets):
        entry = f"target #{i + 1}"
        target, errors = _sla_target(raw, f"targets[{i}]")
        problems.extend(problem(path, entry, err) for err in errors)
        if target is None:
            continue
        key = (target.metric, target.priority)
        if key in seen:
            err = DuplicateId(f"targets[{i}]", key, f"one target per (metric, priority); target #{seen[key]} has it")
            problems.append(problem(path, entry, err))
            continue
        seen[key] = i + 1
        targets.append(target)
    if problems:
        return None, problems
    return SlaPolicy(name=str(name), business_hours=bool(business), pause=pause, targets=targets), []


def _goal(value: object, field: str) -> float:
    if isinstance(value, str):
        return parse_duration(value, field).total_seconds()
    return check_number(value, field, "a number, or an ISO 8601 duration such as 'PT4H' for a time column")


def _whom(value: object, name: str, org: Organisation | None) -> str:
    """A target's member or team id, checked against `org` when given."""
    text = check_identifier(value, name)
    if org is not None and name == "member" and text not in org:
        raise UnknownReference(
            name, text, "the id of a member of the organisation", suggestion=suggest(text, [m.id for m in org.members])
        )
    teams = [] if org is None else sorted(t.id for t in org.teams)
    if org is not None and name == "team" and text not in teams:
        raise UnknownReference(name, text, f"one of the teams {teams}", suggestion=suggest(text, teams))
    return text


def _target(
    raw: object, field: str, org: Organisation | None, metrics: Collection[str] | None
) -> tuple[KpiTarget | None, list[ValidationError]]:
    if not isinstance(raw, Mapping):
        return None, [WrongType(field, raw, "a table with metric, goal and direction")]
    prefix = f"{field}."
    errors = _unknown(raw, _TARGET_KEYS, prefix)
    values: dict[str, Any] = {}
    checks: tuple[tuple[str, Callable[[object, str], object]], ...] = (
        ("metric", check_text),
        ("goal", _goal),
        ("direction", lambda v, _f: _direction(v)),
    )
    for name, check in checks:
        if name not in raw:
            errors.append(InvalidValue(prefix + name, None, "a value (the key is required)"))
            continue
        try:
            values[name] = check(raw[name], name)
        except ValidationError as err:
            errors.append(type(err)(prefix + name, raw[name], err.expected))
    if metrics is not None and isinstance(values.get("metric"), str) and values["metric"] not in metrics:
        errors.append(InvalidValue(prefix + "metric", values["metric"], f"one of {', '.join(metrics)}"))
    for name in ("member", "team"):
        if name in raw:
            try:
                values[name] = _whom(raw[name], name, org)
            except ValidationError as err:
                errors.append(err.located(prefix=prefix))
    if "member" in raw and "team" in raw:
        errors.append(InvalidValue(prefix + "team", raw["team"], "a member target or a team target, not both"))
    if errors:
        return None, errors
    return KpiTarget(**values), []


def _targets(
    data: object, path: str, org: Organisation | None, metrics: Collection[str] | None
) -> tuple[tuple[KpiTarget, ...] | None, list[Problem]]:
    top, problems = top_table(data, path, tag=TARGETS_FORMAT, keys=_TARGETS_KEYS)
    if top is None:
        return None, problems
    raw_targets, missing = _targets_list(top, path, "metric, goal, direction")
    problems.extend(missing)
    targets: list[KpiTarget] = []
    seen: dict[tuple[str, str | None, str | None], int] = {}
    for i, raw in enumerate(raw_targets):
        entry = f"target #{i + 1}"
        target, errors = _target(raw, f"targets[{i}]", org, metrics)
        problems.extend(problem(path, entry, err) for err in errors)
        if target is None:
            continue
        key = (target.metric, target.member, target.team)
        if key in seen:
            whom = f"member {target.member!r}" if target.member else f"team {target.team!r}" if target.team else "all"
            err = DuplicateId(
                f"targets[{i}]", target.metric, f"one target per metric for {whom}; target #{seen[key]} has it"
            )
            problems.append(problem(path, entry, err))
            continue
        seen[key] = i + 1
        targets.append(target)
    if problems:
        return None, problems
    return tuple(targets), []


def load_sla_policy(
    path: str | os.PathLike[str], *, format: FileFormat | None = None, max_bytes: int = MAX_FILE_BYTES
) -> SlaPolicy:
    """Load an SLA policy from a TOML or JSON file (see the module docstring for the format).

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
    SlaPolicy

    Raises
    ------
    LoadError
        With every problem found, each naming the path, the entry (``target #2``) and the field
        (``targets[1].within``); :class:`~teamcore.exceptions.MalformedFile` if it is not TOML/JSON/UTF-8,
        :class:`~teamcore.exceptions.FileTooLarge` if it is over `max_bytes`.
    InvalidValue
        If the format cannot be told from the suffix.
    """
    return load_document(path, format=format, max_bytes=max_bytes, parse=_sla_policy)


def loads_sla_policy(text: str, *, format: FileFormat = "toml", source: str = "<string>") -> SlaPolicy:
    r"""Load an SLA policy from the text of a policy file.

    Raises
    ------
    LoadError
        As :func:`load_sla_policy`; `source` is the path named in problems.

    Examples
    --------
    >>> policy = loads_sla_policy('''
    ... name = "standard"
    ... business_hours = true
    ... [[targets]]
    ... metric = "first_reply"
    ... priority = "urgent"
    ... within = "PT1H"
    ... [[targets]]
    ... metric = "resolution"
    ... priority = "urgent"
    ... hours = 8
    ... ''')
    >>> [(t.metric, t.within.total_seconds() / 3600) for t in policy.targets]
    [('first_reply', 1.0), ('resolution', 8.0)]
    >>> loads_sla_policy('name = "x"\n[[targets]]\nmetric = "first_reply"\npriority = "soon"\nhours = 0')
    Traceback (most recent call last):
    ...
    teamcore.exceptions.LoadError: <string>: 2 problems
      <string>: target #1: targets[0].priority: expected one of low, normal, high, urgent, got 'soon'
      <string>: target #1: targets[0].hours: expected a positive number of hours, got 0
    """
    return loads_document(text, format=format, source=source, parse=_sla_policy)


def load_targets(
    path: str | os.PathLike[str],
    *,
    org: Organisation | None = None,
    metrics: Iterable[str] | None = None,
    format: FileFormat | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[KpiTarget, ...]:
    """Load KPI targets from a TOML or JSON file (see the module docstring for the format).

    Parameters
    ----------
    path
        The file; ``.toml`` or ``.json`` unless `format` says.
    org
        When given, a target naming a member or team the organisation does not have is a problem.
    metrics
        When given, the columns a target may name (e.g. :data:`~teamcore.kpi.SCORECARD_COLUMNS`).
    format
        ``"toml"`` or ``"json"``; by default taken from the suffix.
    max_bytes
        Files larger than this are refused before parsing (default 10 MiB).

    Returns
    -------
    tuple of KpiTarget
        In file order. Each (metric, member or team) has at most one target.

    Raises
    ------
    LoadError
        With every problem found, each naming the path, the entry and the field.
    InvalidValue
        If the format cannot be told from the suffix.
    """
    allowed = None if metrics is None else tuple(metrics)
    return load_document(
        path, format=format, max_bytes=max_bytes, parse=lambda data, source: _targets(data, source, org, allowed)
    )


def loads_targets(
    text: str,
    *,
    format: FileFormat = "toml",
    source: str = "<string>",
    org: Organisation | None = None,
    metrics: Iterable[str] | None = None,
) -> tuple[KpiTarget, ...]:
    """Load KPI targets from the text of a targets file.

    Raises
    ------
    LoadError
        As :func:`load_targets`; `source` is the path named in problems.

    Examples
    --------
    >>> targets = loads_targets('''
    ... [[targets]]
    ... metric = "first_reply_median"
    ... goal = "PT4H"
    ... direction = "at_most"
    ... team = "nordics"
    ... ''')
    >>> targets[0].goal, targets[0].team
    (14400.0, 'nordics')
    """
    allowed = None if metrics is None else tuple(metrics)
    return loads_document(
        text, format=format, source=source, parse=lambda data, name: _targets(data, name, org, allowed)
    )


def _iso_duration(delta: dt.timedelta) -> str:
    """An ISO 8601 duration of days, hours, minutes and seconds that :func:`parse_duration` reads back.

    Examples
    --------
    >>> _iso_duration(dt.timedelta(days=1, hours=2, seconds=30.5))
    'P1DT2H30.5S'
    """
    micros = delta // dt.timedelta(microseconds=1)
    if micros < 0:
        raise OutOfRange("within", delta, "a duration of zero or more")
    days, rest = divmod(micros, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, fraction = divmod(rest, 1_000_000)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    if seconds or fraction:
        time += f"{seconds}.{fraction:06d}".rstrip("0").rstrip(".") + "S"
    text = "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return text if text != "P" else "PT0S"


def _sla_table(policy: SlaPolicy, _format: FileFormat) -> dict[str, Any]:
    return {
        "format": SLA_FORMAT,
        "name": policy.name,
        "business_hours": policy.business_hours,
        "pause": sorted(policy.pause),
        "targets": [
            {"metric": t.metric, "priority": t.priority, "within": _iso_duration(t.within)} for t in policy.targets
        ],
    }


def dump_sla_policy(policy: SlaPolicy, *, format: FileFormat = "toml") -> str:
    """The text of a policy file for `policy`, which :func:`loads_sla_policy` reads back equal.

    Durations are written as ISO 8601 (``within = "PT4H"``); exact to the microsecond for durations up to some
    years (the reader goes through a float of seconds).

    Examples
    --------
    >>> policy = SlaPolicy(name="p", targets=[
    ...     SlaTarget(metric="first_reply", priority="high", within=dt.timedelta(hours=4))])
    >>> print(dump_sla_policy(policy, format="toml"))
    format = "teamcore.sla/1"
    name = "p"
    business_hours = false
    pause = [
        "pending",
    ]
    targets = [
        { metric = "first_reply", priority = "high", within = "PT4H" },
    ]
    <BLANKLINE>
    >>> loads_sla_policy(dump_sla_policy(policy, format="json"), format="json") == policy
    True
    """
    if not isinstance(policy, SlaPolicy):
        raise WrongType("policy", policy, "an SlaPolicy")
    return dump_document(policy, format=format, unstructure=_sla_table)


def dump_targets(targets: Iterable[KpiTarget], *, format: FileFormat = "toml") -> str:
    """The text of a targets file for `targets`, which :func:`loads_targets` reads back equal.

    Examples
    --------
    >>> print(dump_targets([KpiTarget(metric="csat", goal=0.9, direction="at_least", team="nordics")]))
    format = "teamcore.targets/1"
    targets = [
        { metric = "csat", goal = 0.9, direction = "at_least", team = "nordics" },
    ]
    <BLANKLINE>
    """
    items = tuple(targets)
    for i, target in enumerate(items):
        if not isinstance(target, KpiTarget):
            raise WrongType(f"targets[{i}]", target, "a KpiTarget")
    return dump_document(items, format=format, unstructure=_targets_table)


def _targets_table(targets: tuple[KpiTarget, ...], _format: FileFormat) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for target in targets:
        row: dict[str, Any] = {"metric": target.metric, "goal": target.goal, "direction": target.direction}
        if target.member is not None:
            row["member"] = target.member
        if target.team is not None:
            row["team"] = target.team
        rows.append(row)
    return {"format": TARGETS_FORMAT, "targets": rows}
