"""The questions a lead asks of an organisation: who is new, who is where, who knows what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from teamcore._time import as_utc
from teamcore._validators import check_int_range, check_language, check_skill_name
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.people._member import MAX_SKILL_LEVEL, Member, Role
from teamcore.people._team import Organisation

if TYPE_CHECKING:  # networkx takes longer to import than the rest of teamcore.people; only the graph needs it
    import networkx as nx

__all__ = [
    "DEFAULT_ONBOARDING",
    "group_by",
    "members_by_country",
    "members_by_role",
    "members_by_timezone",
    "newcomers",
    "organisation_graph",
    "with_language",
    "with_skill",
]

K = TypeVar("K")

DEFAULT_ONBOARDING = dt.timedelta(days=90)
"""How long a member counts as a newcomer after their start date unless told otherwise."""


def _scope(org: Organisation, team: str | None) -> tuple[Member, ...]:
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    return org.members if team is None else org.members_of(team)


def newcomers(
    org: Organisation,
    now: dt.datetime,
    *,
    onboarding: dt.timedelta = DEFAULT_ONBOARDING,
    team: str | None = None,
) -> tuple[Member, ...]:
    """Members who started within `onboarding` before `now`, newest first.

    A member's start date is read in their own timezone: at `now` it may already be Tuesday in Sydney and still
    Monday in São Paulo. Members who have not started yet are not newcomers.

    Parameters
    ----------
    org
        The organisation.
    now
        The current instant (aware); teamcore never reads the clock itself.
    onboarding
        The onboarding period; default 90 days.
    team
        Restrict to this team's members.

    Returns
    -------
    tuple of Member
        Sorted by start date, newest first, then by id.

    Raises
    ------
    NaiveDatetime
        If `now` has no timezone.
    InvalidValue
        If `onboarding` is negative.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> new = Member(id="n", name="N", timezone="Asia/Manila", country="PH", start_date=dt.date(2026, 11, 2))
    >>> org = Organisation(name="Acme", members=[new])
    >>> [m.id for m in newcomers(org, dt.datetime(2026, 11, 25, tzinfo=dt.UTC))]
    ['n']
    """
    instant = as_utc(now, "now")
    if not isinstance(onboarding, dt.timedelta):
        raise WrongType("onboarding", onboarding, "a datetime.timedelta")
    if onboarding < dt.timedelta(0):
        raise InvalidValue("onboarding", onboarding, "a non-negative duration")
    found = [m for m in _scope(org, team) if m.is_newcomer(instant.astimezone(m.zone).date(), onboarding)]
    return tuple(sorted(found, key=lambda m: (-(m.start_date or dt.date.min).toordinal(), m.id)))


def group_by(members: Iterable[Member], key: Callable[[Member], K]) -> dict[K, tuple[Member, ...]]:
    """Group `members` by `key`, keys in first-seen order, members in input order."""
    groups: dict[K, list[Member]] = {}
    for member in members:
        groups.setdefault(key(member), []).append(member)
    return {k: tuple(v) for k, v in groups.items()}


def members_by_timezone(org: Organisation, *, team: str | None = None) -> dict[str, tuple[Member, ...]]:
    """Members grouped by IANA timezone, zones sorted by name."""
    groups = group_by(_scope(org, team), lambda m: m.timezone)
    return dict(sorted(groups.items()))


def members_by_country(org: Organisation, *, team: str | None = None) -> dict[str, tuple[Member, ...]]:
    """Members grouped by country code, countries sorted."""
    groups = group_by(_scope(org, team), lambda m: m.country)
    return dict(sorted(groups.items()))


def members_by_role(org: Organisation, *, team: str | None = None) -> dict[Role, tuple[Member, ...]]:
    """Members grouped by role, in the order roles are declared in :class:`Role`."""
    groups = group_by(_scope(org, team), lambda m: m.role)
    return {role: groups[role] for role in Role if role in groups}


def with_language(org: Organisation, language: str, *, team: str | None = None) -> tuple[Member, ...]:
    """Members who serve customers in `language` (``"pt"`` also finds ``"pt-BR"``)."""
    check_language(language, "language")
    return tuple(m for m in _scope(org, team) if m.speaks(language))


def with_skill(org: Organisation, skill: str, min_level: int = 1, *, team: str | None = None) -> tuple[Member, ...]:
    """Members at or above `min_level` in `skill`, best first (then by id).

    Raises
    ------
    OutOfRange
        If `min_level` is not 0-5.
    """
    check_skill_name(skill, "skill")
    check_int_range(min_level, "min_level", 0, MAX_SKILL_LEVEL)
    found = [m for m in _scope(org, team) if m.skill_level(skill) >= min_level]
    return tuple(sorted(found, key=lambda m: (-m.skill_level(skill), m.id)))


def organisation_graph(org: Organisation) -> nx.DiGraph[str]:
    """The organisation as a directed graph: team → member edges.

    Nodes are team ids and member ids (they never collide, see
    :func:`~teamcore.people.organisation_problems`). Every node has ``kind`` (``"team"`` or ``"member"``) and
    ``name``; member nodes also carry ``role``, ``timezone`` and ``country``. Each team → member edge has
    ``lead`` (whether the member leads that team). A member in several teams has several in-edges.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> m = [Member(id=i, name=i, timezone="UTC", country="SE") for i in ("a", "b")]
    >>> org = Organisation(name="O", members=m, teams=[Team(id="t", name="T", lead="a", members=["a", "b"])])
    >>> g = organisation_graph(org)
    >>> sorted(g.successors("t")), g.edges["t", "a"]["lead"]
    (['a', 'b'], True)
    """
    import networkx as nx  # noqa: PLC0415 - see the TYPE_CHECKING import above

    graph: nx.DiGraph[str] = nx.DiGraph(name=org.name)
    for member in org.members:
        graph.add_node(
            member.id,
            kind="member",
            name=member.name,
            role=member.role.value,
            timezone=member.timezone,
            country=member.country,
        )
    for team in org.teams:
        graph.add_node(team.id, kind="team", name=team.name)
        for member_id in team.members:
            graph.add_edge(team.id, member_id, lead=member_id == team.lead)
    return graph
