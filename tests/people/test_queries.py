"""Tests for the lead's queries over an organisation and the organisation graph."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from hypothesis import given

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, NaiveDatetime, OutOfRange, UnknownReference
from teamcore.people import (
    Member,
    Organisation,
    Role,
    Team,
    members_by_country,
    members_by_role,
    members_by_timezone,
    newcomers,
    organisation_graph,
    with_language,
    with_skill,
)

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


def org() -> Organisation:
    people = [
        Member(
            id="anna",
            name="Anna",
            timezone="Europe/Stockholm",
            country="SE",
            role=Role.TEAM_LEAD,
            start_date=dt.date(2019, 5, 1),
            languages=["sv", "en"],
            skills={"billing": 5, "api": 2},
        ),
        Member(
            id="bo",
            name="Bo",
            timezone="Asia/Manila",
            country="PH",
            start_date=dt.date(2026, 10, 1),
            languages=["fil", "en"],
            skills={"billing": 3},
        ),
        Member(
            id="cleo",
            name="Cleo",
            timezone="America/Sao_Paulo",
            country="BR",
            start_date=dt.date(2026, 11, 23),
            languages=["pt-BR"],
            skills={"api": 4},
        ),
        Member(
            id="dev",
            name="Dev",
            timezone="Pacific/Auckland",
            country="NZ",
            start_date=dt.date(2026, 11, 24),
            languages=["en"],
        ),
        Member(id="eve", name="Eve", timezone="Europe/Stockholm", country="SE", start_date=dt.date(2026, 12, 1)),
    ]
    teams = [
        Team(id="nordics", name="Nordics", lead="anna", members=["anna", "eve", "bo"]),
        Team(id="global", name="Global", lead="bo", members=["bo", "cleo", "dev"]),
    ]
    return Organisation(name="Acme", members=people, teams=teams)


class TestNewcomers:
    def test_within_onboarding(self):
        """Members who started in the last 90 days, newest first; future starters excluded."""
        assert [m.id for m in newcomers(org(), NOW)] == ["cleo", "bo"]

    def test_start_date_in_members_zone(self):
        """Dev starts on the 24th in Auckland (UTC+13): that is 11:00Z on the 23rd, not before."""
        early = dt.datetime(2026, 11, 23, 10, 59, tzinfo=dt.UTC)
        assert "dev" not in [m.id for m in newcomers(org(), early)]
        late = dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC)
        assert "dev" in [m.id for m in newcomers(org(), late)]

    def test_onboarding_period(self):
        """A shorter onboarding period keeps fewer newcomers."""
        later = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)
        assert [m.id for m in newcomers(org(), later, onboarding=dt.timedelta(days=30))] == ["dev", "cleo"]

    def test_team_scope(self):
        """Newcomers of one team only."""
        assert [m.id for m in newcomers(org(), NOW, team="nordics")] == ["bo"]

    def test_naive_now_refused(self):
        """A naive now is refused."""
        with pytest.raises(NaiveDatetime, match="now"):
            newcomers(org(), dt.datetime(2026, 11, 23))

    def test_negative_onboarding(self):
        """A negative onboarding period is refused."""
        with pytest.raises(InvalidValue, match="onboarding"):
            newcomers(org(), NOW, onboarding=dt.timedelta(days=-1))

    def test_unknown_team(self):
        """An unknown team is an UnknownReference."""
        with pytest.raises(UnknownReference):
            newcomers(org(), NOW, team="apac")

    @given(tst.organisations(), tst.aware_datetimes())
    def test_newcomers_started_and_recent(self, organisation, now):
        """Every newcomer started on or before now (locally) and within the onboarding period."""
        for m in newcomers(organisation, now):
            assert m.start_date is not None
            local = now.astimezone(m.zone).date()
            assert local - dt.timedelta(days=90) < m.start_date <= local


class TestGrouping:
    def test_by_timezone(self):
        """Zones sorted, members in input order."""
        groups = members_by_timezone(org())
        assert list(groups) == sorted(groups)
        assert [m.id for m in groups["Europe/Stockholm"]] == ["anna", "eve"]

    def test_by_country_and_role(self):
        """Countries sorted; roles in declaration order."""
        assert list(members_by_country(org())) == ["BR", "NZ", "PH", "SE"]
        assert list(members_by_role(org())) == [Role.AGENT, Role.TEAM_LEAD]

    def test_language_prefix(self):
        """'pt' finds the pt-BR speaker."""
        assert [m.id for m in with_language(org(), "pt")] == ["cleo"]

    def test_skill_level(self):
        """Best first, at or above the level."""
        assert [m.id for m in with_skill(org(), "billing", 3)] == ["anna", "bo"]
        assert [m.id for m in with_skill(org(), "api", 1, team="global")] == ["cleo"]

    def test_skill_level_range(self):
        """A level above 5 is refused."""
        with pytest.raises(OutOfRange):
            with_skill(org(), "billing", 6)

    def test_empty_organisation(self):
        """Queries on an empty organisation answer empty."""
        empty = Organisation(name="New", members=[])
        assert newcomers(empty, NOW) == ()
        assert members_by_timezone(empty) == {}
        assert with_skill(empty, "api") == ()

    @given(tst.organisations())
    def test_grouping_partitions(self, organisation):
        """Grouping by timezone partitions the members."""
        groups = members_by_timezone(organisation)
        assert sorted(m.id for g in groups.values() for m in g) == sorted(m.id for m in organisation.members)


class TestGraph:
    def test_structure(self):
        """Team -> member edges with the lead flagged; a cross-team member has two teams."""
        graph = organisation_graph(org())
        assert graph.nodes["nordics"]["kind"] == "team"
        assert graph.nodes["bo"]["kind"] == "member"
        assert sorted(graph.predecessors("bo")) == ["global", "nordics"]
        assert graph.edges["global", "bo"]["lead"]
        assert not graph.edges["nordics", "bo"]["lead"]

    @given(tst.organisations())
    def test_graph_matches_org(self, organisation):
        """One node per member and team, one edge per membership, members carry attributes."""
        graph = organisation_graph(organisation)
        assert graph.number_of_nodes() == len(organisation.members) + len(organisation.teams)
        assert graph.number_of_edges() == sum(t.size for t in organisation.teams)
        assert nx.is_directed_acyclic_graph(graph)
