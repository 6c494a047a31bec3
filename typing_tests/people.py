"""assert_type cases for teamcore.people: the types a user's editor and mypy see."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import networkx as nx

from teamcore.exceptions import Problem
from teamcore.people import (
    EmploymentType,
    Member,
    MemberId,
    Organisation,
    Role,
    SkillLevel,
    Team,
    TeamId,
    TimeOff,
    WeeklyHours,
    check_organisation_file,
    dump_organisation,
    group_by,
    load_organisation,
    loads_organisation,
    members_by_country,
    members_by_role,
    members_by_timezone,
    newcomers,
    organisation_graph,
    with_language,
    with_skill,
)


def files(path: str) -> None:
    """Team files load to an Organisation and dump to text."""
    org = load_organisation(path)
    assert_type(org, Organisation)
    assert_type(loads_organisation("", format="json"), Organisation)
    assert_type(dump_organisation(org), str)
    assert_type(check_organisation_file(path), list[Problem])
    load_organisation(path, format="yaml")  # type: ignore[arg-type]


def member_fields(m: Member) -> None:
    """Member fields keep validated, immutable types."""
    assert_type(m.id, MemberId)
    assert_type(m.name, str)
    assert_type(m.timezone, str)
    assert_type(m.subdivision, str | None)
    assert_type(m.role, Role)
    assert_type(m.employment, EmploymentType)
    assert_type(m.start_date, dt.date | None)
    assert_type(m.hours, WeeklyHours)
    assert_type(m.time_off, tuple[TimeOff, ...])
    assert_type(m.languages, tuple[str, ...])
    assert_type(m.skills, tuple[SkillLevel, ...])
    m.name = "x"  # type: ignore[misc]


def team_fields(t: Team) -> None:
    """Team fields use the identifier NewTypes."""
    assert_type(t.id, TeamId)
    assert_type(t.lead, MemberId)
    assert_type(t.members, tuple[MemberId, ...])
    assert_type(t.timezone, str | None)


def queries(org: Organisation, now: dt.datetime) -> None:
    """Queries over an organisation return tuples of members."""
    assert_type(org.members, tuple[Member, ...])
    assert_type(org.teams, tuple[Team, ...])
    assert_type(newcomers(org, now), tuple[Member, ...])
    assert_type(members_by_timezone(org), dict[str, tuple[Member, ...]])
    assert_type(members_by_country(org, team="t"), dict[str, tuple[Member, ...]])
    assert_type(members_by_role(org), dict[Role, tuple[Member, ...]])
    assert_type(with_language(org, "en"), tuple[Member, ...])
    assert_type(with_skill(org, "billing", 3), tuple[Member, ...])
    assert_type(group_by(org.members, lambda m: m.country), dict[str, tuple[Member, ...]])
    assert_type(group_by(org.members, lambda m: m.start_date), dict[dt.date | None, tuple[Member, ...]])
    assert_type(organisation_graph(org), nx.DiGraph[str])
    newcomers(org, now.date())  # type: ignore[arg-type]
