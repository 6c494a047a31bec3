"""Fuzz targets: the public constructors, each fed a JSON object whose keys are its keyword arguments.

A constructor given a value of the wrong type or out of range must raise a
:class:`~teamcore.exceptions.TeamcoreError` (``WrongType``, ``InvalidValue``, ``OutOfRange``), never a
``TypeError``, ``AttributeError``, ``ValueError`` or ``OverflowError`` from deep inside.

JSON has no dates, times or durations, so the harness turns the fields that take them into Python values first
(ISO strings to dates, instants and times; numbers of seconds to durations), and nested tables into the records
they stand for (an organisation's members and teams, a member's time off). Where that conversion fails, the raw
JSON value is passed on: the constructor then sees the wrong type, which is what is being fuzzed. What is *not*
fuzzed is Python's own call checking: text that is no JSON object, or keys that are no keyword of the constructor
(unknown or missing), are skipped, since the ``TypeError`` for those comes from the call, not from teamcore.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from fuzz._core import Target
from teamcore.feedback import (
    DevelopmentPlan,
    FeedbackItem,
    FeedbackPolicy,
    FeedbackRequest,
    Goal,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Review,
    TalkingPoint,
)
from teamcore.knowledge import Article
from teamcore.kpi import KpiTarget, SlaPolicy, SlaTarget
from teamcore.people import ClosedDay, Member, Organisation, Shift, SkillLevel, Team, TimeOff, WeeklyHours
from teamcore.rostering import Availability, Contract, LabourRules, ShiftTemplate
from teamcore.staffing import StaffingCriteria

Convert = Callable[[Any], Any]


def _lenient(convert: Convert) -> Convert:
    """`convert`, or the raw value where it fails (the constructor then sees the raw JSON value)."""

    def run(value: Any) -> Any:
        try:
            return convert(value)
        except Exception:  # any failure of the harness's own conversion
            return value

    return run


_date = _lenient(dt.date.fromisoformat)
_instant = _lenient(dt.datetime.fromisoformat)
_time = _lenient(dt.time.fromisoformat)
_seconds = _lenient(lambda value: dt.timedelta(seconds=value))


def _each(convert: Convert) -> Convert:
    return lambda values: [convert(v) for v in values] if isinstance(values, list) else values


def _record(cls: type[Any]) -> Convert:
    """Build `cls` from a nested table; errors of the constructor itself propagate, as they would for a user."""
    return lambda raw: _make(cls, raw)


def _optional(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


FIELDS: dict[type[Any], dict[str, Convert]] = {
    Member: {"start_date": _optional(_date), "time_off": _each(_record(TimeOff))},
    TimeOff: {"start": _date, "end": _date},
    ClosedDay: {"date": _date},
    Team: {"closed_days": _each(_record(ClosedDay))},
    Organisation: {"members": _each(_record(Member)), "teams": _each(_record(Team))},
    Shift: {"start": _time, "end": _time},
    WeeklyHours: {"shifts": _each(_record(Shift))},
    SlaTarget: {"within": _seconds},
    SlaPolicy: {"targets": _each(_record(SlaTarget))},
    FeedbackPolicy: {"tracking_since": _optional(_date)},
    FeedbackItem: {"observed_on": _date, "given_at": _instant},
    FeedbackRequest: {"requested_at": _instant},
    OneOnOneSeries: {"anchor": _date},
    OneOnOneOccurrence: {"scheduled": _date, "held_on": _optional(_date)},
    TalkingPoint: {"raised_on": _date, "done_on": _optional(_date)},
    Review: {"period_start": _date, "period_end": _date, "held_on": _date},
    DevelopmentPlan: {"updated_on": _date, "goals": _each(_record(Goal))},
    Article: {"last_reviewed": _date},
    ShiftTemplate: {"starts": _each(_time), "length": _seconds, "unpaid_break": _seconds},
    Availability: {"start": _time, "end": _time},
    LabourRules: {"min_rest": _seconds, "night_start": _time, "night_end": _time},
}
"""Per class, the fields whose JSON form the harness converts first."""


class _NotACall(Exception):
    """The JSON is no keyword-argument table for the constructor (Python's call check, not teamcore's)."""


def _kwargs(cls: type[Any], raw: object) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise _NotACall
    try:
        inspect.signature(cls).bind(**raw)
    except TypeError:
        raise _NotACall from None
    out = dict(raw)
    for name, convert in FIELDS.get(cls, {}).items():
        if name in out:
            out[name] = convert(out[name])
    return out


def _make(cls: type[Any], raw: object) -> Any:
    """`cls` built from `raw`; a nested table that is no keyword table for `cls` is passed on as it is."""
    try:
        kwargs = _kwargs(cls, raw)
    except _NotACall:
        return raw
    return cls(**kwargs)


def constructor(cls: type[Any]) -> Callable[[Path], object]:
    """A target call: the JSON object in the file, as keyword arguments of `cls`."""

    def call(path: Path) -> object:
        try:
            raw = json.loads(path.read_bytes())
        except (ValueError, RecursionError):
            return None  # no JSON: nothing to call the constructor with
        try:
            kwargs = _kwargs(cls, raw)
        except _NotACall:
            return None
        return cls(**kwargs)

    return call


def _seed(**kwargs: object) -> bytes:
    return json.dumps(kwargs).encode()


ANNA = {
    "id": "anna",
    "name": "Anna Berg",
    "timezone": "Europe/Stockholm",
    "country": "SE",
    "role": "team_lead",
    "employment": "full_time",
    "start_date": "2024-03-04",
    "hours": {"mon-fri": ["08:00-16:30"]},
    "time_off": [{"start": "2026-07-06", "end": "2026-07-31", "reason": "Summer"}],
    "languages": ["sv", "en"],
    "skills": {"billing": 4},
    "career_interests": ["Coaching"],
    "strengths": ["Calm"],
    "growth_areas": ["Delegating"],
    "about": "Sings in a choir.",
}
BO = {"id": "bo", "name": "Bo", "timezone": "America/New_York", "country": "US", "subdivision": "NY"}
TEAM = {
    "id": "nordics",
    "name": "Nordics",
    "lead": "anna",
    "members": ["anna", "bo"],
    "values": ["Kindness"],
    "goals": ["CSAT 90%"],
    "timezone": "Europe/Stockholm",
    "closed_days": [{"date": "2026-06-19", "name": "Midsummer Eve"}],
}
GIVEN = "2026-09-08T09:00:00+02:00"

SEEDS: dict[type[Any], tuple[bytes, ...]] = {
    Member: (_seed(**ANNA), _seed(**BO)),
    Team: (_seed(**TEAM),),
    Organisation: (_seed(name="Acme", members=[ANNA, BO], teams=[TEAM]),),
    WeeklyHours: (
        _seed(
            shifts=[{"day": "mon", "start": "09:00", "end": "17:00"}, {"day": "sun", "start": "22:00", "end": "06:00"}]
        ),
    ),
    Shift: (_seed(day="tue", start="22:00", end="06:00"),),
    TimeOff: (_seed(start="2026-07-06", end="2026-07-31", reason="Summer"),),
    SkillLevel: (_seed(name="billing", level=4),),
    ClosedDay: (_seed(date="2026-12-24", name="Christmas Eve"),),
    SlaTarget: (_seed(metric="first_reply", priority="urgent", within=3600),),
    SlaPolicy: (
        _seed(
            name="standard",
            business_hours=True,
            pause=["pending"],
            targets=[
                {"metric": "first_reply", "priority": "urgent", "within": 3600},
                {"metric": "resolution", "priority": "low", "within": 144000},
            ],
        ),
    ),
    KpiTarget: (_seed(metric="csat", goal=0.9, direction="at_least", team="nordics"),),
    FeedbackPolicy: (
        _seed(
            rules=["timely_feedback", "one_on_one"],
            feedback_within=3,
            review_kinds=["manager"],
            one_on_one_cadence="biweekly",
            cadence_overrides={"anna": "monthly"},
            min_recognition_ratio=3,
            anonymity_threshold=3,
            tracking_since="2026-09-01",
        ),
    ),
    FeedbackItem: (
        _seed(
            id="f1",
            kind="praise",
            observed_on="2026-09-07",
            given_at=GIVEN,
            giver="anna",
            receiver="bo",
            topics=["tone"],
            visibility="public_praise",
            anonymous=False,
            text="Calm with a hard customer.",
        ),
    ),
    FeedbackRequest: (_seed(id="r1", requester="anna", requested_at=GIVEN, kind="upward"),),
    OneOnOneSeries: (_seed(id="s1", lead="anna", member="bo", cadence="biweekly", anchor="2026-09-01"),),
    OneOnOneOccurrence: (_seed(series="s1", scheduled="2026-09-15", status="held", held_on="2026-09-15"),),
    TalkingPoint: (_seed(id="t1", series="s1", text="Rota", raised_on="2026-09-01", done_on="2026-09-15"),),
    Review: (
        _seed(
            id="v1",
            member="bo",
            reviewer="anna",
            kind="manager",
            period_start="2026-07-01",
            period_end="2026-09-30",
            held_on="2026-10-02",
            topics=["growth"],
            outcome="On track.",
        ),
    ),
    Goal: (_seed(text="CSAT 90%", kpi_target="csat-goal"),),
    DevelopmentPlan: (
        _seed(
            member="bo",
            updated_on="2026-10-02",
            career_interests=["Team lead"],
            goals=[{"text": "Lead a huddle"}, "Mentor a newcomer"],
            training=["Coaching course"],
            mentor="anna",
        ),
    ),
    Article: (_seed(id="kb-1", title="Refunds", owner="anna", topics=["refunds"], last_reviewed="2026-09-14"),),
    ShiftTemplate: (_seed(name="day", starts=["07:00", "08:30"], length=30600, unpaid_break=1800, days=["mon"]),),
    Contract: (_seed(employment="part_time", min_hours=10, max_hours=20, per="week"),),
    Availability: (_seed(member="anna", start="18:00", end="08:00", days=["fri"], hard=False, weight=2, note="x"),),
    LabourRules: (
        _seed(
            min_rest=39600,
            max_hours_per_day=10,
            max_hours_per_week=48,
            max_consecutive_days=6,
            min_days_off_per_week=1,
            max_weekends=2,
            weekend_window=3,
            max_nights_per_week=5,
            night_start="22:00",
            night_end="07:00",
            night_hours=3,
            holidays_off=False,
        ),
    ),
    StaffingCriteria: (_seed(service_level=0.8, threshold=20, asa=30, max_occupancy=0.85),),
}

TARGETS = [Target(cls.__name__, ".json", seeds, constructor(cls)) for cls, seeds in SEEDS.items()]
