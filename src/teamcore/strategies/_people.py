"""Hypothesis strategies for people: zones, countries, members, weekly hours, teams and organisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from teamcore._optional import hint
from teamcore.exceptions import MissingDependency

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - the test environment installs the extra
    raise MissingDependency(hint("strategies", "teamcore.strategies")) from error

from teamcore.people import (
    ClosedDay,
    EmploymentType,
    Member,
    Organisation,
    Role,
    Shift,
    Team,
    TimeOff,
    Weekday,
    WeeklyHours,
)

__all__ = [
    "COUNTRIES",
    "TIMEZONES",
    "aware_datetimes",
    "countries",
    "member_ids",
    "members",
    "organisations",
    "teams",
    "time_offs",
    "timezone_names",
    "weekly_hours",
]

TIMEZONES: Final = (
    "UTC",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Helsinki",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Santiago",
    "Africa/Cairo",
    "Asia/Manila",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
)
"""Zones with every kind of trap: DST in both hemispheres, 30- and 45-minute offsets, a 30-minute DST change,
midnights that do not exist (Santiago, Cairo)."""

COUNTRIES: Final = (
    ("SE", None),
    ("NO", None),
    ("FI", None),
    ("DE", None),
    ("DE", "BY"),
    ("GB", None),
    ("US", "CA"),
    ("US", "NY"),
    ("BR", None),
    ("PH", None),
    ("IN", None),
    ("NP", None),
    ("JP", None),
    ("AU", "NSW"),
    ("NZ", None),
    ("AE", None),
    ("IL", None),
)
"""(country, subdivision) pairs the ``holidays`` package knows, including countries whose weekend is not
Saturday-Sunday (AE, IL)."""

_QUARTER: Final = 15
_WEEK: Final = 7 * 24 * 60


def timezone_names(*, any_zone: bool = False) -> st.SearchStrategy[str]:
    """IANA zone names: the tricky :data:`TIMEZONES`, or with `any_zone` every zone in ``tzdata``."""
    if any_zone:
        return st.timezone_keys(allow_prefix=False)
    return st.sampled_from(TIMEZONES)


def countries() -> st.SearchStrategy[tuple[str, str | None]]:
    """(country, subdivision) pairs from :data:`COUNTRIES`."""
    return st.sampled_from(COUNTRIES)


def member_ids() -> st.SearchStrategy[str]:
    """Valid member ids (short, lower-case)."""
    return st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True)


@st.composite
def weekly_hours(draw: st.DrawFn, *, max_shifts: int = 7, overnight: bool = True) -> WeeklyHours:
    """Valid weekly hours: up to `max_shifts` disjoint shifts on a 15-minute grid, possibly overnight.

    Shifts are laid out along the week with gaps, so they never overlap, including across Sunday night.
    """
    offset = draw(st.integers(0, 24 * 4 - 1)) * _QUARTER
    first = offset
    shifts: list[Shift] = []
    for _ in range(draw(st.integers(0, max_shifts))):
        max_len = 12 * 4 if overnight else max(1, (24 * 60 - offset % (24 * 60)) // _QUARTER - 1)
        length = draw(st.integers(1, min(12 * 4, max_len))) * _QUARTER
        if offset + length > first + _WEEK:
            break
        start = offset % (24 * 60)
        end = (offset + length) % (24 * 60)
        if not overnight and end <= start:
            break
        shifts.append(
            Shift(
                Weekday((offset // (24 * 60)) % 7),
                dt.time(start // 60, start % 60),
                dt.time(end // 60, end % 60),
            )
        )
        offset += length + draw(st.integers(1, 24 * 4)) * _QUARTER
    return WeeklyHours(shifts)


@st.composite
def time_offs(draw: st.DrawFn, *, year: int = 2026) -> TimeOff:
    """A block of 1-21 days of time off within `year`."""
    start = dt.date(year, 1, 1) + dt.timedelta(days=draw(st.integers(0, 340)))
    return TimeOff(start, start + dt.timedelta(days=draw(st.integers(0, 20))), draw(st.sampled_from(["", "leave"])))


_SKILLS: Final = ("billing", "api", "integrations", "returns", "escalations", "sso", "reporting", "payments")
_LANGUAGES: Final = ("en", "sv", "no", "fi", "de", "fil", "pt-BR", "es", "hi", "ne", "ja")


@st.composite
def members(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] | None = None,
    timezones: st.SearchStrategy[str] | None = None,
    hours: st.SearchStrategy[WeeklyHours] | None = None,
) -> Member:
    """A valid :class:`~teamcore.people.Member` with varied zones, hours, skills and languages."""
    country, subdivision = draw(countries())
    return Member(
        id=draw(ids if ids is not None else member_ids()),
        name=draw(st.sampled_from(["Anna Berg", "Bo Li", "Carla Souza", "Dev Rai", "Emi Sato", "Femi Ade"])),
        timezone=draw(timezones if timezones is not None else timezone_names()),
        country=country,
        subdivision=subdivision,
        role=draw(st.sampled_from(list(Role))),
        employment=draw(st.sampled_from(list(EmploymentType))),
        start_date=draw(st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))),
        hours=draw(hours if hours is not None else weekly_hours()),
        time_off=draw(st.lists(time_offs(), max_size=3)),
        languages=draw(st.lists(st.sampled_from(_LANGUAGES), unique=True, max_size=3)),
        skills=draw(st.dictionaries(st.sampled_from(_SKILLS), st.integers(0, 5), max_size=4)),
        career_interests=draw(st.lists(st.sampled_from(["team lead", "quality", "training"]), unique=True, max_size=2)),
        about=draw(st.sampled_from(["", "Loves hiking.", "Two kids, one cat."])),
    )


@st.composite
def teams(draw: st.DrawFn, member_pool: Sequence[str], *, team_id: str = "team-1") -> Team:
    """A valid :class:`~teamcore.people.Team` drawing its members from `member_pool` (non-empty)."""
    chosen = draw(st.lists(st.sampled_from(member_pool), min_size=1, max_size=len(member_pool), unique=True))
    closed = draw(st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), unique=True, max_size=3))
    return Team(
        id=team_id,
        name=team_id.replace("-", " ").title(),
        lead=draw(st.sampled_from(chosen)),
        members=chosen,
        values=draw(st.lists(st.sampled_from(["Trust first", "Customers first"]), unique=True, max_size=2)),
        goals=draw(st.lists(st.sampled_from(["CSAT above 90%", "First reply within 4 h"]), unique=True, max_size=2)),
        timezone=draw(st.none() | timezone_names()),
        closed_days=[ClosedDay(d, "closed") for d in closed],
    )


@st.composite
def organisations(draw: st.DrawFn, *, min_members: int = 1, max_members: int = 8, max_teams: int = 3) -> Organisation:
    """A valid :class:`~teamcore.people.Organisation`: unique ids, leads among members, members in 0-n teams."""
    people = draw(st.lists(members(), min_size=min_members, max_size=max_members, unique_by=lambda m: m.id))
    pool = [m.id for m in people]
    team_list = [draw(teams(pool, team_id=f"team-{i + 1}")) for i in range(draw(st.integers(0, max_teams)))]
    return Organisation(name=draw(st.sampled_from(["Northwind", "Acme Support"])), members=people, teams=team_list)


def aware_datetimes(
    *,
    min_value: dt.datetime = dt.datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive wall times
    max_value: dt.datetime = dt.datetime(2030, 12, 31),  # noqa: DTZ001 - the zone comes from `timezones`
) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes in the tricky :data:`TIMEZONES`, folds included."""
    from teamcore._time import timezone  # noqa: PLC0415 - keep module import light

    return st.datetimes(
        min_value=min_value,
        max_value=max_value,
        timezones=st.sampled_from(TIMEZONES).map(timezone),
        allow_imaginary=False,
    )
