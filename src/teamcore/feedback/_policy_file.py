"""Feedback policy files in TOML or JSON, loaded with every problem reported, and written back losslessly.

They follow the rules of every document file (:mod:`teamcore._documents`): the size limit is checked before
parsing, the text must be UTF-8 TOML or JSON (nothing is ever executed), and every problem is reported at once with
the path and the field (``cadence_overrides.elin.sjoberg``). Each setting is checked by :class:`FeedbackPolicy`'s
own converter and validator, so the file accepts exactly what the class does. A policy file::

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
import os
from collections.abc import Mapping
from typing import Any, Final

from teamcore._documents import (
    MAX_FILE_BYTES,
    FileFormat,
    dump_document,
    load_document,
    loads_document,
    problem,
    top_table,
)
from teamcore.exceptions import Problem, WrongType
from teamcore.feedback._model import ReviewKind
from teamcore.feedback._policy import FeedbackPolicy, Rule, from_settings
from teamcore.people import Organisation

__all__ = ["FEEDBACK_POLICY_FORMAT", "dump_feedback_policy", "load_feedback_policy", "loads_feedback_policy"]

FEEDBACK_POLICY_FORMAT: Final = "teamcore.feedback-policy/1"
"""The format tag a feedback policy file may carry in its ``format`` key."""

_TABLE: Final = "feedback"  # the optional table holding the settings


def _feedback_policy(data: object, path: str, org: Organisation | None) -> tuple[FeedbackPolicy | None, list[Problem]]:
    top, problems = top_table(data, path, tag=FEEDBACK_POLICY_FORMAT)
    if top is None:
        return None, problems
    data = top
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
    policy, errors = from_settings(table, org, where)
    problems.extend(problem(path, "", err) for err in errors)
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
    return load_document(
        path, format=format, max_bytes=max_bytes, parse=lambda data, source: _feedback_policy(data, source, org)
    )


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
      <string>: k: unknown key 'k'; expected one of the known keys [...]
    """
    return loads_document(
        text, format=format, source=source, parse=lambda data, name: _feedback_policy(data, name, org)
    )


def _policy_table(policy: FeedbackPolicy, format: FileFormat) -> dict[str, Any]:
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
    return data


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
    return dump_document(policy, format=format, unstructure=_policy_table)
