"""Which members a scheduling question is about: an organisation or a list, filtered by team, skill, language, role."""

from __future__ import annotations

from collections.abc import Iterable

from teamcore._validators import check_int_range
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.people import MAX_SKILL_LEVEL, Member, Organisation, Role, Team

__all__ = ["People", "select_members"]

People = Organisation | Iterable[Member]
"""An :class:`~teamcore.people.Organisation` or any iterable of :class:`~teamcore.people.Member`."""


def _role(value: object) -> Role:
    if isinstance(value, Role):
        return value
    if isinstance(value, str) and value in {r.value for r in Role}:
        return Role(value)
    raise InvalidValue("role", value, f"one of {[r.value for r in Role]}")


def _everyone(people: People) -> tuple[tuple[Member, ...], tuple[Team, ...]]:
    if isinstance(people, Organisation):
        return people.members, people.teams
    if isinstance(people, str | bytes) or not isinstance(people, Iterable):
        raise WrongType("members", people, "an Organisation or an iterable of Member")
    members = tuple(people)
    for i, item in enumerate(members):
        if not isinstance(item, Member):
            raise WrongType(f"members[{i}]", item, "a Member")
    return members, ()


def select_members(
    people: People,
    *,
    team: str | Team | None = None,
    skill: str | None = None,
    min_level: int = 1,
    language: str | None = None,
    role: Role | str | None = None,
) -> tuple[tuple[Member, ...], tuple[Team, ...]]:
    """Return the members that pass every filter, and the teams whose closed days may apply to them.

    Parameters
    ----------
    people
        An organisation, or members.
    team
        A team id (with an organisation) or a :class:`~teamcore.people.Team`: only its members.
    skill, min_level
        Only members with `skill` at `min_level` or above (1-5).
    language
        Only members who serve customers in `language` (``"pt"`` matches ``"pt-BR"``).
    role
        Only members with this role.

    Raises
    ------
    WrongType, InvalidValue, UnknownReference
        For a bad filter or an unknown team id.
    """
    members, teams = _everyone(people)
    if team is not None:
        if isinstance(team, str):
            if not isinstance(people, Organisation):
                raise WrongType(
                    "team", team, "a Team when members are given as a list (a team id needs an organisation)"
                )
            team = people.team(team)
        if not isinstance(team, Team):
            raise WrongType("team", team, "a team id or a Team")
        members = tuple(m for m in members if m.id in team.members)
        teams = (*teams, team) if team not in teams else teams
    if skill is not None:
        check_int_range(min_level, "min_level", 1, MAX_SKILL_LEVEL)
        members = tuple(m for m in members if m.skill_level(skill) >= min_level)
    if language is not None:
        if not isinstance(language, str):
            raise WrongType("language", language, "a language tag such as 'sv' or 'pt-BR'")
        members = tuple(m for m in members if m.speaks(language))
    if role is not None:
        wanted = _role(role)
        members = tuple(m for m in members if m.role == wanted)
    return members, teams
