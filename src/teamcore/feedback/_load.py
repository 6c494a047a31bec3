"""Feedback logs in CSV and JSON lines: one record a row, every row accounted for.

Each row has a ``record`` column naming its kind, and the fields of that kind:

==============  ==================================================================================================
``record``      fields
==============  ==================================================================================================
``feedback``    id, kind, observed_on, given_at, giver, receiver, topics, visibility, anonymous, text
``request``     id, requester, requested_at, kind
``series``      id, lead, member, cadence, anchor
``occurrence``  series, scheduled, status, held_on
``point``       id, series, text, raised_on, done_on
``review``      id, member, reviewer, kind, period_start, period_end, held_on, topics, outcome
``plan``        member, updated_on, career_interests, goals, training, mentor
==============  ==================================================================================================

Dates are ``YYYY-MM-DD``; instants are ISO 8601 with an offset. In CSV, lists are separated by ``;`` and an empty
cell is an absent value; in JSON lines, lists are arrays. A goal written ``"Raise CSAT to 4.6 @csat"`` links to the
KPI target ``csat`` (JSON lines also accept ``{"text": ..., "kpi_target": ...}``). Occurrences and talking points
must come after the series they name.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from teamcore._rows import LoadResult, load_rows, read_records
from teamcore._suggest import suggest
from teamcore._time import parse_instant
from teamcore.exceptions import DuplicateId, InvalidValue, UnknownKey, UnknownReference, ValidationError, WrongType
from teamcore.feedback._model import (
    DevelopmentPlan,
    FeedbackItem,
    FeedbackLog,
    FeedbackRequest,
    Goal,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Record,
    Review,
    TalkingPoint,
)
from teamcore.people import Organisation

__all__ = [
    "FIELDS",
    "dump_feedback_jsonl",
    "load_feedback",
    "load_feedback_log",
    "record_from_mapping",
    "record_to_json",
]

FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "feedback": (
        "id", "kind", "observed_on", "given_at", "giver", "receiver", "topics", "visibility", "anonymous", "text",
    ),
    "request": ("id", "requester", "requested_at", "kind"),
    "series": ("id", "lead", "member", "cadence", "anchor"),
    "occurrence": ("series", "scheduled", "status", "held_on"),
    "point": ("id", "series", "text", "raised_on", "done_on"),
    "review": ("id", "member", "reviewer", "kind", "period_start", "period_end", "held_on", "topics", "outcome"),
    "plan": ("member", "updated_on", "career_interests", "goals", "training", "mentor"),
}  # fmt: skip
"""The fields of each record kind, in file order."""

_DATES: Final = frozenset(
    {
        "observed_on",
        "anchor",
        "scheduled",
        "held_on",
        "raised_on",
        "done_on",
        "period_start",
        "period_end",
        "updated_on",
    }
)
_INSTANTS: Final = frozenset({"given_at", "requested_at"})
_LISTS: Final = frozenset({"topics", "career_interests", "training", "goals"})
_PEOPLE: Final = ("giver", "receiver", "requester", "lead", "member", "reviewer", "mentor")
_GOAL_KPI: Final = re.compile(r"^(.*\S)\s+@([A-Za-z0-9][A-Za-z0-9._\-]{0,63})$")
_TYPES: Final[Mapping[str, Callable[..., Record]]] = {
    "feedback": FeedbackItem,
    "request": FeedbackRequest,
    "series": OneOnOneSeries,
    "occurrence": OneOnOneOccurrence,
    "point": TalkingPoint,
    "review": Review,
    "plan": DevelopmentPlan,
}


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise WrongType(field, value, "a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(field, value, "a date YYYY-MM-DD") from None


def _list(value: object, field: str) -> list[Any]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        raise WrongType(field, value, "a list (or in CSV, values separated by ';')")
    return value


def _goal(value: object, field: str) -> Goal:
    if isinstance(value, Mapping):
        return Goal(value.get("text"), value.get("kpi_target"))  # type: ignore[arg-type]  # Goal checks the text
    if not isinstance(value, str):
        raise WrongType(field, value, "a goal: text, optionally ending in ' @kpi_target'")
    match = _GOAL_KPI.match(value)
    return Goal(match[1], match[2]) if match else Goal(value)


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    raise WrongType(field, value, "true or false")


def _value(key: str, raw: object) -> object:
    if key in _DATES:
        return _date(raw, key)
    if key in _INSTANTS:
        return parse_instant(raw, key)
    if key == "goals":
        return [_goal(v, f"goals[{i}]") for i, v in enumerate(_list(raw, key))]
    if key in _LISTS:
        return _list(raw, key)
    if key == "anonymous":
        return _bool(raw, key)
    return raw


def record_from_mapping(record: Mapping[str, Any]) -> Record:
    """Build one record from a row (strings from CSV or JSON values).

    Raises
    ------
    ValidationError
        For an unknown record kind, an unknown field with a value, or a bad value (naming the field).

    Examples
    --------
    >>> record_from_mapping({"record": "series", "id": "s1", "lead": "lena", "member": "ola",
    ...                      "cadence": "weekly", "anchor": "2026-09-07"}).cadence
    <Cadence.WEEKLY: 'weekly'>
    """
    kind = record.get("record")
    if not isinstance(kind, str) or kind not in FIELDS:
        raise InvalidValue("record", kind, f"one of {sorted(FIELDS)}", suggestion=suggest(kind, sorted(FIELDS)))
    allowed = FIELDS[kind]
    values: dict[str, Any] = {}
    for key, raw in record.items():
        if key == "record" or raw is None or raw == "":
            continue
        if key not in allowed:
            raise UnknownKey(
                key, key, f"a field of a {kind} record ({', '.join(allowed)})", suggestion=suggest(key, allowed)
            )
        values[key] = _value(key, raw)
    try:
        return _TYPES[kind](**values)
    except ValidationError:
        raise
    except TypeError as err:  # a required field is missing
        missing = [f for f in allowed if f not in values]
        raise InvalidValue("record", kind, f"the fields {', '.join(allowed)} (missing some of {missing})") from err


def load_feedback(path: str | os.PathLike[str], *, org: Organisation | None = None) -> LoadResult[Record]:
    r"""Load a feedback log file (``.csv`` or ``.jsonl``), every row loaded or rejected with its row number.

    Rows are rejected for a bad value, an id an earlier row used, an occurrence or talking point naming a series
    no earlier row defined, a second occurrence of the same slot or plan of the same member, and (given `org`) a
    person who is not a member of the organisation.

    Parameters
    ----------
    path
        The file.
    org
        The organisation people must belong to, or ``None`` not to check.

    Returns
    -------
    LoadResult of Record
        The records in :attr:`~teamcore.LoadResult.items`, ``rows_in == len(items) + len(rejected)``; build the
        log with :meth:`FeedbackLog.from_records`.

    Raises
    ------
    LoadError
        If the file cannot be read at all (missing, too large, not UTF-8, no header).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = path.write_text("record,id,lead,member,cadence,anchor\n"
    ...                     "series,s1,lena,ola,weekly,2026-09-07\n"
    ...                     "series,s2,lena,ola,daily,2026-09-07\n")
    >>> result = load_feedback(path)
    >>> result.loaded, [r.row for r in result.rejected]  # line 3 of the file
    (1, [3])
    >>> len(FeedbackLog.from_records(result.items).series)
    1
    """
    seen: set[tuple[str, str]] = set()

    def build(row: Mapping[str, Any]) -> Record:
        record = record_from_mapping(row)
        if org is not None:
            for field in _PEOPLE:
                person = getattr(record, field, None)
                if person is not None and person not in org:
                    raise UnknownReference(
                        field,
                        person,
                        "the id of a member of the organisation",
                        suggestion=suggest(person, [m.id for m in org.members]),
                    )
        series = getattr(record, "series", None)
        if series is not None and ("series", series) not in seen:
            raise UnknownReference("series", series, "the id of a series defined on an earlier row")
        key = _key(record)
        if key in seen:
            raise DuplicateId(key[0], key[1], f"a unique {key[0]} (an earlier row has it)")
        seen.add(key)
        return record

    return load_rows(read_records(path), build, source=str(path))


def _key(record: Record) -> tuple[str, str]:
    if isinstance(record, OneOnOneOccurrence):
        return ("occurrence", f"{record.series}@{record.scheduled.isoformat()}")
    if isinstance(record, DevelopmentPlan):
        return ("plan", record.member)
    kind = next(k for k, t in _TYPES.items() if isinstance(record, t))  # type: ignore[arg-type]
    return (kind, record.id)


def load_feedback_log(
    path: str | os.PathLike[str], *, org: Organisation | None = None
) -> tuple[FeedbackLog, LoadResult[Record]]:
    """Load a file and build the log from the rows that loaded, with the result that says what was rejected.

    .. deprecated:: 0.1.0
        Returns a tuple where every other loader returns one :class:`~teamcore.LoadResult`; it will be removed in
        the next release. Use ``result = load_feedback(path, org=org)`` and
        ``FeedbackLog.from_records(result.items)``.

    Warns
    -----
    DeprecationWarning
        On every call.
    """
    warnings.warn(
        "teamcore.feedback.load_feedback_log is deprecated and will be removed in the next release; use "
        "`result = load_feedback(path, org=org)` and `FeedbackLog.from_records(result.items)`",
        DeprecationWarning,
        stacklevel=2,
    )
    result = load_feedback(path, org=org)
    return FeedbackLog.from_records(result.items), result


def record_to_json(record: Record) -> dict[str, Any]:
    """The JSON-lines form of one record (absent optional values left out).

    Examples
    --------
    >>> record_to_json(OneOnOneOccurrence(series="s1", scheduled=dt.date(2026, 9, 7)))
    {'record': 'occurrence', 'series': 's1', 'scheduled': '2026-09-07', 'status': 'scheduled'}
    """
    kind = next(k for k, t in _TYPES.items() if isinstance(record, t))  # type: ignore[arg-type]
    out: dict[str, Any] = {"record": kind}
    for field in FIELDS[kind]:
        value = getattr(record, field)
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.isoformat().replace("+00:00", "Z")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif field == "goals":
            value = [{"text": g.text, "kpi_target": g.kpi_target} if g.kpi_target else g.text for g in value]
        elif isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "value"):
            value = value.value
        out[field] = value
    return out


def dump_feedback_jsonl(records: FeedbackLog | Iterable[Record]) -> str:
    """Write records as JSON lines (series before what refers to them when given a log)."""
    items = records.records() if isinstance(records, FeedbackLog) else records
    return "".join(json.dumps(record_to_json(r), ensure_ascii=False) + "\n" for r in items)
