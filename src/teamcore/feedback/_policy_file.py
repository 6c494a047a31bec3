"""Feedback policy files in TOML or JSON, loaded with every problem reported, and written back losslessly.

They follow the team file's rules (:mod:`teamcore.people._files`): the size limit is checked before parsing, the
text must be UTF-8 TOML or JSON (nothing is ever executed), and every problem is reported at once with the path and
the field (``cadence_overrides.elin.sjoberg``). Each setting is checked by :class:`FeedbackPolicy`'s own converter
and validator, so the file accepts exactly what the class does. A policy file::

    format = "teamcore.feedback-policy/1"      # optional
    rules = ["timely_feedback", "quarterly_review", "one_on_one",
             "no_surprises", "upward_requested", "recognition_ratio"]   # default: all
    feedback_within = 3                        # business days after the observation (0-60)
    review_kinds = ["manager"]                 # review kinds that count as the quarterly review
    one_on_one_cadence = "biweekly"            # weekly, biweekly or monthly
    min_recognition_ratio = 3                  # recognitions per constructive item, per quarter (0-100)
    anonymity_threshold = 3                    # upward and peer feedback shown from this many givers (2-1000)
    tracking_since = 2026-09-01                # optional; a TOML date or "YYYY-MM-DD"

    [cadence_overrides]                        # member id -> cadence
    "elin.sjoberg" = "monthly"

Every key is optional; a missing one keeps the default. The settings may instead sit in a ``[feedback]`` table (in
JSON, a ``"feedback"`` object), the form ``teamcore feedback --policy`` read before this module existed.
:func:`dump_feedback_policy` writes the top-level form with every setting.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from teamcore._validators import check_enum, check_identifier
from teamcore.exceptions import LoadError, Problem, UnknownReference, ValidationError, WrongType
from teamcore.feedback._model import Cadence, ReviewKind
from teamcore.feedback._policy import FeedbackPolicy, Rule
from teamcore.people import Organisation

# The team file's reading rules, one definition: size limit, UTF-8, TOML or JSON by suffix, no NaN in JSON; and its
# field walker, which calls each attrs field's converter and validator and collects every problem.
from teamcore.people._files import (
    MAX_FILE_BYTES,
    FileFormat,
    _build,
    _check_format,
    _date,
    _dumps,
    _format_of,
    _parse,
    _problem,
    _read,
)

__all__ = ["FEEDBACK_POLICY_FORMAT", "dump_feedback_policy", "load_feedback_policy", "loads_feedback_policy"]

FEEDBACK_POLICY_FORMAT: Final = "teamcore.feedback-policy/1"
"""The format tag a feedback policy file may carry in its ``format`` key."""

_TABLE: Final = "feedback"  # the optional table holding the settings


def _names(cls: type[enum.StrEnum], field: str, value: object) -> tuple[list[Any], list[ValidationError]]:
    """A list of enum values, each element checked so every bad one is reported (``rules[2]``)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        return [], [WrongType(field, value, f"a list of {field.replace('_', ' ')}: {[e.value for e in cls]}")]
    errors: list[ValidationError] = []
    for i, each in enumerate(value):
        try:
            check_enum(cls, f"{field}[{i}]")(each)
        except ValidationError as err:
            errors.append(err)
    return list(value), errors


def _overrides(value: object, org: Organisation | None) -> tuple[Any, list[ValidationError]]:
    """Member id -> cadence, each entry checked (and the member looked up in `org` when given)."""
    if not isinstance(value, Mapping):
        return value, [WrongType("cadence_overrides", value, "a table of member id -> cadence")]
    errors: list[ValidationError] = []
    for key, cadence in value.items():
        field = f"cadence_overrides.{key}"
        try:
            check_identifier(key, field)
            if org is not None and key not in org:
                raise UnknownReference(field, key, "the id of a member of the organisation")
            check_enum(Cadence, field)(cadence)
        except ValidationError as err:
            errors.append(err)
    return value, errors


def _tracking_since(value: object) -> tuple[Any, list[ValidationError]]:
    if value is None:  # JSON null: not set, as when the key is absent
        return None, []
    try:
        return _date(value, "tracking_since"), []
    except ValidationError as err:
        return value, [err]


def _decode(table: Mapping[str, Any], org: Organisation | None) -> tuple[dict[str, Any], list[ValidationError]]:
    """The file's values in the form the policy's converters take; keys that fail are left out, with their errors.

    Settings not decoded here (numbers, the cadence) go to the converters and validators as they are.
    """
    decoders: dict[str, Callable[[object], tuple[Any, list[ValidationError]]]] = {
        "rules": lambda v: _names(Rule, "rules", v),
        "review_kinds": lambda v: _names(ReviewKind, "review_kinds", v),
        "cadence_overrides": lambda v: _overrides(v, org),
        "tracking_since": _tracking_since,
    }
    decoded: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, raw in table.items():
        decode = decoders.get(key)
        value, found = (raw, []) if decode is None else decode(raw)
        errors.extend(found)
        if not found:
            decoded[key] = value
    return decoded, errors


def from_table(table: Mapping[str, Any], org: Organisation | None = None) -> FeedbackPolicy:
    """A policy from a table of settings, raising the first problem (:meth:`FeedbackPolicy.from_mapping`)."""
    if not isinstance(table, Mapping):
        raise WrongType("policy", table, "a table of policy settings")
    policy, errors = _from_settings(table, org, "")
    if errors:
        raise errors[0]
    assert isinstance(policy, FeedbackPolicy)
    return policy


def _from_settings(
    table: Mapping[str, Any], org: Organisation | None, where: str
) -> tuple[FeedbackPolicy | None, list[ValidationError]]:
    """Decode and build the policy; every problem, in the order of the table's keys."""
    decoded, errors = _decode(table, org)
    prefix = f"{where}." if where else ""
    policy, invalid = _build(FeedbackPolicy, decoded, where)
    errors = [err.located(prefix=prefix) for err in errors] + invalid
    position = {key: i for i, key in enumerate(table)}
    errors.sort(key=lambda err: position.get(re.split(r"[.\[]", err.field.removeprefix(prefix))[0], 0))
    return (None, errors) if errors else (policy, [])


def _feedback_policy(data: object, path: str, org: Organisation | None) -> tuple[FeedbackPolicy | None, list[Problem]]:
    if not isinstance(data, Mapping):
        return None, [Problem(path, "", "", f"expected a table at the top level, got {type(data).__name__}")]
    problems: list[Problem] = []
    if data.get("format", FEEDBACK_POLICY_FORMAT) != FEEDBACK_POLICY_FORMAT:
        problems.append(Problem(path, "", "format", f"expected {FEEDBACK_POLICY_FORMAT!r}, got {data['format']!r}"))
    where = ""
    table: Mapping[str, Any] = {key: value for key, value in data.items() if key != "format"}
    if _TABLE in data:
        where = _TABLE
        expected = f"unknown top-level key; with a [{_TABLE}] table, every setting goes in it"
        problems.extend(Problem(path, "", key, expected) for key in table if key != _TABLE)
        table = data[_TABLE]
        if not isinstance(table, Mapping):
            problems.append(Problem(path, "", _TABLE, f"expected a table of policy settings, got {table!r}"))
            return None, problems
    policy, errors = _from_settings(table, org, where)
    problems.extend(_problem(path, "", err) for err in errors)
    return (None, problems) if problems else (policy, [])


def load_feedback_policy(
    path: str | os.PathLike[str],
    *,
    org: Organisation | None = None,
    format: FileFormat | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> FeedbackPolicy:
    """Load a feedback policy from a TOML or JSON file (see the module docstring for the format).

    Parameters
    ----------
    path
        The file; ``.toml`` or ``.json`` unless `format` says.
    org
        When given, a cadence override naming someone who is not a member of the organisation is a problem.
    format
        ``"toml"`` or ``"json"``; by default taken from the suffix.
    max_bytes
        Files larger than this are refused before parsing (default 10 MiB).

    Returns
    -------
    FeedbackPolicy

    Raises
    ------
    LoadError
        With every problem found, each naming the path and the field (``cadence_overrides.elin.sjoberg``);
        :class:`~teamcore.exceptions.MalformedFile` if it is not TOML/JSON/UTF-8,
        :class:`~teamcore.exceptions.FileTooLarge` if it is over `max_bytes`.
    InvalidValue
        If the format cannot be told from the suffix.
    """
    file = Path(path)
    fmt = _format_of(file, format)
    return loads_feedback_policy(_read(file, max_bytes), format=fmt, source=str(file), org=org)


def loads_feedback_policy(
    text: str, *, format: FileFormat = "toml", source: str = "<string>", org: Organisation | None = None
) -> FeedbackPolicy:
    """Load a feedback policy from the text of a policy file.

    Parameters
    ----------
    text
        TOML or JSON text.
    format
        ``"toml"`` (default) or ``"json"``.
    source
        Name used as the path in problems.
    org
        As :func:`load_feedback_policy`.

    Raises
    ------
    LoadError
        As :func:`load_feedback_policy`.

    Examples
    --------
    >>> policy = loads_feedback_policy('''
    ... feedback_within = 5
    ... one_on_one_cadence = "weekly"
    ... cadence_overrides = { "elin.sjoberg" = "biweekly" }
    ... ''')
    >>> policy.feedback_within, policy.cadence_for("elin.sjoberg").value, policy.cadence_for("ola").value
    (5, 'biweekly', 'weekly')
    >>> loads_feedback_policy('{"feedback_within": 90, "one_on_one_cadence": "daily", "k": 5}', format="json")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.LoadError: <string>: 3 problems
      <string>: feedback_within: expected an integer from 0 to 60, got 90
      <string>: one_on_one_cadence: expected one of ['weekly', 'biweekly', 'monthly'], got 'daily'
      <string>: k: expected one of the known keys [...], got 5
    """
    data = _parse(text, _check_format(format), source)
    policy, problems = _feedback_policy(data, source, org)
    if policy is None:
        raise LoadError(source, problems)
    return policy


def dump_feedback_policy(policy: FeedbackPolicy, *, format: FileFormat = "toml") -> str:
    """The text of a policy file for `policy`, with every setting, which :func:`loads_feedback_policy` reads back equal.

    Raises
    ------
    WrongType
        If `policy` is not a FeedbackPolicy.

    Examples
    --------
    >>> print(dump_feedback_policy(FeedbackPolicy(rules=["one_on_one"], cadence_overrides={"ola": "weekly"})))
    format = "teamcore.feedback-policy/1"
    rules = [
        "one_on_one",
    ]
    feedback_within = 3
    review_kinds = [
        "manager",
    ]
    one_on_one_cadence = "biweekly"
    min_recognition_ratio = 3.0
    anonymity_threshold = 3
    <BLANKLINE>
    [cadence_overrides]
    ola = "weekly"
    <BLANKLINE>
    >>> policy = FeedbackPolicy(tracking_since=dt.date(2026, 9, 1))
    >>> loads_feedback_policy(dump_feedback_policy(policy, format="json"), format="json") == policy
    True
    """
    if not isinstance(policy, FeedbackPolicy):
        raise WrongType("policy", policy, "a FeedbackPolicy")
    _check_format(format)
    data: dict[str, Any] = {
        "format": FEEDBACK_POLICY_FORMAT,
        "rules": [rule.value for rule in Rule if rule in policy.rules],
        "feedback_within": policy.feedback_within,
        "review_kinds": [kind.value for kind in ReviewKind if kind in policy.review_kinds],
        "one_on_one_cadence": policy.one_on_one_cadence.value,
        "cadence_overrides": {member: cadence.value for member, cadence in policy.cadence_overrides.items()},
        "min_recognition_ratio": policy.min_recognition_ratio,
        "anonymity_threshold": policy.anonymity_threshold,
    }
    if policy.tracking_since is not None:
        since: dt.date = policy.tracking_since
        data["tracking_since"] = since.isoformat() if format == "json" else since
    return _dumps(data, format)
