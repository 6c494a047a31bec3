"""A member of a customer-service team: who they are, where and when they work, what they know."""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import NewType

import attrs

from teamcore._suggest import suggest
from teamcore._time import timezone, validate_timezone
from teamcore._validators import (
    attrs_validator,
    check_country,
    check_date,
    check_identifier,
    check_int_range,
    check_language,
    check_skill_name,
    check_subdivision,
    check_text,
    instance_tuple,
    text_tuple,
)
from teamcore.exceptions import DuplicateId, InvalidValue, WrongType
from teamcore.people._hours import TimeOff, WeeklyHours

__all__ = ["MAX_SKILL_LEVEL", "EmploymentType", "Member", "MemberId", "Role", "SkillLevel"]

MemberId = NewType("MemberId", str)
"""A member identifier that passed validation (1-64 of ``A-Za-z0-9._-``)."""

MAX_SKILL_LEVEL = 5
"""Skill levels run from 0 (none) to 5 (expert, can teach it)."""


class Role(enum.StrEnum):
    """What a member does in the organisation."""

    AGENT = "agent"
    SENIOR_AGENT = "senior_agent"
    SPECIALIST = "specialist"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    QUALITY_ANALYST = "quality_analyst"
    WORKFORCE_PLANNER = "workforce_planner"


class EmploymentType(enum.StrEnum):
    """How a member is employed; KPIs and feedback apply to all three alike."""

    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    PROJECT = "project"


def _role(value: Role | str) -> Role:
    if isinstance(value, Role):
        return value
    if isinstance(value, str) and value in Role.__members__.values():
        return Role(value)
    roles = [r.value for r in Role]
    raise InvalidValue("role", value, f"one of {roles}", suggestion=suggest(value, roles))


def _employment(value: EmploymentType | str) -> EmploymentType:
    if isinstance(value, EmploymentType):
        return value
    if isinstance(value, str) and value in EmploymentType.__members__.values():
        return EmploymentType(value)
    kinds = [e.value for e in EmploymentType]
    raise InvalidValue("employment", value, f"one of {kinds}", suggestion=suggest(value, kinds))


def _member_id(value: str) -> MemberId:
    return MemberId(check_identifier(value, "id"))


@attrs.frozen(order=True)
class SkillLevel:
    """A skill and how well a member masters it, from 0 (none) to 5 (expert).

    Examples
    --------
    >>> SkillLevel("billing", 4)
    SkillLevel(name='billing', level=4)
    >>> SkillLevel("billing", 7)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OutOfRange: skills.billing: expected an integer from 0 to 5, got 7
    """

    name: str = attrs.field(validator=attrs_validator(lambda v, _f: check_skill_name(v, "skills")))
    level: int

    def __attrs_post_init__(self) -> None:
        check_int_range(self.level, f"skills.{self.name}", 0, MAX_SKILL_LEVEL)


def _skills(value: Mapping[str, int] | Iterable[SkillLevel] | None) -> tuple[SkillLevel, ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items = [SkillLevel(check_skill_name(name, "skills"), level) for name, level in value.items()]
    elif isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("skills", value, "a mapping of skill name -> level 0-5")
    else:
        items = list(value)
        for i, item in enumerate(items):
            if not isinstance(item, SkillLevel):
                raise WrongType(f"skills[{i}]", item, "a SkillLevel")
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise DuplicateId("skills", item.name, "each skill named once")
        seen.add(item.name)
    return tuple(sorted(items))


def _time_off(value: Iterable[TimeOff] | None) -> tuple[TimeOff, ...]:
    if value is None:
        return ()
    items = instance_tuple(value, "time_off", TimeOff, "a TimeOff")
    return tuple(sorted(items, key=lambda t: (t.start, t.end)))


def _hours(value: WeeklyHours | Mapping[str, list[str]] | None) -> WeeklyHours:
    if value is None:
        return WeeklyHours(())
    if isinstance(value, WeeklyHours):
        return value
    return WeeklyHours.parse(value)


def _phrase(value: object, field: str) -> str:
    return check_text(value, field, max_length=200)


_career_interests = text_tuple(_phrase, "career_interests")
_strengths = text_tuple(_phrase, "strengths")
_growth_areas = text_tuple(_phrase, "growth_areas")


def _phrases_career(value: Iterable[object] | None) -> tuple[str, ...]:
    return _career_interests(value)


def _phrases_strengths(value: Iterable[object] | None) -> tuple[str, ...]:
    return _strengths(value)


def _phrases_growth(value: Iterable[object] | None) -> tuple[str, ...]:
    return _growth_areas(value)


def _languages(value: Iterable[object] | None) -> tuple[str, ...]:
    tags = text_tuple(check_language, "languages")(value)
    if len(set(tags)) != len(tags):
        raise DuplicateId("languages", list(tags), "each language listed once")
    return tags


def _about(value: object, field: str) -> str:
    return check_text(value, field, max_length=2000, allow_empty=True)


def _subdivision_shape(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise WrongType(field, value, "a subdivision code string")
    return value


@attrs.frozen(kw_only=True)
class Member:
    """A member of the organisation.

    Every field is checked when the member is made; a bad value raises a
    :class:`~teamcore.exceptions.ValidationError` subclass that names the field, the value and what was expected.

    Parameters
    ----------
    id
        Unique identifier, 1-64 of ``A-Za-z0-9._-``.
    name
        Display name.
    timezone
        IANA timezone where the member works, e.g. ``"Europe/Stockholm"``.
    country
        ISO 3166-1 alpha-2 code whose public holidays apply (as the ``holidays`` package knows them).
    subdivision
        Optional state or region code for regional holidays, e.g. ``"CA"`` with country ``"US"``.
    role
        A :class:`Role`; default agent.
    employment
        An :class:`EmploymentType`; default full time.
    start_date
        First working day, or ``None`` if unknown (then the member is never a newcomer).
    hours
        Recurring weekly working hours in local time; a mapping in team-file form is accepted.
    time_off
        Planned time off.
    languages
        BCP 47 language tags the member serves customers in.
    skills
        Skill levels 0-5, as a mapping of name to level or as :class:`SkillLevel` values.
    career_interests, strengths, growth_areas
        Short phrases from 1:1s and reviews (development planning, succession).
    about
        A short "about me" text (at most 2000 characters).

    Examples
    --------
    >>> anna = Member(
    ...     id="anna", name="Anna Berg", timezone="Europe/Stockholm", country="SE",
    ...     hours={"mon-fri": ["08:00-16:30"]}, languages=["sv", "en"], skills={"billing": 4},
    ... )
    >>> anna.skill_level("billing"), anna.skill_level("api")
    (4, 0)
    >>> Member(id="x", name="X", timezone="Europe/Stokholm", country="SE")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.UnknownTimezone: timezone: expected an IANA timezone name ... (did you mean 'Europe/Stockholm'?)
    """

    id: MemberId = attrs.field(converter=_member_id)
    name: str = attrs.field(validator=attrs_validator(check_text))
    timezone: str = attrs.field(validator=attrs_validator(validate_timezone))
    country: str = attrs.field(validator=attrs_validator(check_country))
    subdivision: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs_validator(_subdivision_shape))
    )
    role: Role = attrs.field(default=Role.AGENT, converter=_role)
    employment: EmploymentType = attrs.field(default=EmploymentType.FULL_TIME, converter=_employment)
    start_date: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs_validator(check_date))
    )
    hours: WeeklyHours = attrs.field(factory=lambda: WeeklyHours(()), converter=_hours)
    time_off: tuple[TimeOff, ...] = attrs.field(factory=tuple, converter=_time_off)
    languages: tuple[str, ...] = attrs.field(factory=tuple, converter=_languages)
    skills: tuple[SkillLevel, ...] = attrs.field(factory=tuple, converter=_skills)
    career_interests: tuple[str, ...] = attrs.field(factory=tuple, converter=_phrases_career)
    strengths: tuple[str, ...] = attrs.field(factory=tuple, converter=_phrases_strengths)
    growth_areas: tuple[str, ...] = attrs.field(factory=tuple, converter=_phrases_growth)
    about: str = attrs.field(default="", validator=attrs_validator(_about))

    def __repr__(self) -> str:
        return f"<Member {self.id!r} {self.name!r}: {self.role.value}, {self.timezone}, {self.country}>"

    def __attrs_post_init__(self) -> None:
        # The one rule that needs two fields: a subdivision must belong to the country.
        if self.subdivision is not None:
            check_subdivision(self.country, self.subdivision, "subdivision")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The member's timezone as a :class:`zoneinfo.ZoneInfo`."""
        return timezone(self.timezone)

    def skill_level(self, skill: str) -> int:
        """The member's level in `skill`, 0 when the skill is not listed."""
        for item in self.skills:
            if item.name == skill:
                return item.level
        return 0

    @property
    def skill_map(self) -> dict[str, int]:
        """Skills as a new ``{name: level}`` dict."""
        return {item.name: item.level for item in self.skills}

    def speaks(self, language: str) -> bool:
        """Whether the member serves customers in `language` (``"pt"`` matches ``"pt-BR"``)."""
        return any(tag == language or tag.startswith(language + "-") for tag in self.languages)

    def is_newcomer(self, today: dt.date, onboarding: dt.timedelta) -> bool:
        """Whether the member started within `onboarding` before `today` (and not after it)."""
        return self.start_date is not None and today - onboarding < self.start_date <= today
