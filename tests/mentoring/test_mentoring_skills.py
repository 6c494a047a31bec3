"""Skills matrix, bus factor, backups, training, peer learning, silos and networkx backends."""

from __future__ import annotations

import types
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import OutOfRange, UnknownReference
from teamcore.mentoring import (
    MentoringPair,
    backups,
    bus_factor,
    collaboration_graph,
    knowledge_silos,
    mentoring_graph,
    peer_learning_pairs,
    single_points_of_failure,
    skills_matrix,
    training_suggestions,
)
from teamcore.people import Organisation


class TestSkillsMatrix:
    def test_cells_and_exports(self, org: Organisation) -> None:
        """One row per member, one column per skill, 0 where unlisted; dicts and polars agree."""
        matrix = skills_matrix(org)
        assert matrix.skills == ("api", "billing", "returns")
        assert matrix.level("anna", "billing") == 5
        assert matrix.level("eva", "api") == 0
        rows = matrix.to_dicts()
        assert rows[0] == {"member": "anna", "api": 0, "billing": 5, "returns": 4}
        assert matrix.to_polars().to_dicts() == rows

    def test_team_scope(self, org: Organisation) -> None:
        """A team's matrix holds only its members and their skills."""
        matrix = skills_matrix(org, team="global")
        assert matrix.members == ("cleo", "eva")
        assert matrix.skills == ("returns",)

    def test_empty_organisation_skills(self, org: Organisation) -> None:
        """No skills listed at all: an empty matrix and an empty bus-factor table."""
        bare = Organisation(
            name="Bare", members=[m.__class__(id=m.id, name=m.name, timezone="UTC", country="SE") for m in org.members]
        )
        assert skills_matrix(bare).skills == ()
        assert bus_factor(bare) == {}


class TestBusFactor:
    def test_counts_and_spof(self, org: Organisation) -> None:
        """Bus factor counts members at or above the level; single points of failure have exactly one."""
        assert bus_factor(org) == {"api": 1, "billing": 1, "returns": 2}
        assert bus_factor(org, level=1) == {"api": 2, "billing": 3, "returns": 2}
        assert single_points_of_failure(org) == {"api": "bo", "billing": "anna"}
        assert bus_factor(org, skills=["sso"]) == {"sso": 0}

    @pytest.mark.parametrize("level", [0, 6, "3"])  # below 1, above 5, text
    def test_bad_level(self, org: Organisation, level: object) -> None:
        """Levels outside 1-5 raise naming the field."""
        with pytest.raises((OutOfRange, TypeError), match="level"):
            bus_factor(org, level=level)  # type: ignore[arg-type]

    @settings(max_examples=40)
    @given(tst.organisations(min_members=2, max_members=6), st.data(), st.integers(1, 5))
    def test_removing_a_member_never_raises_bus_factor(
        self, org: Organisation, data: st.DataObject, level: int
    ) -> None:
        """Take any member away: no skill's bus factor goes up, and at most by one it goes down."""
        gone = data.draw(st.sampled_from(org.members))
        rest = Organisation(name=org.name, members=[m for m in org.members if m.id != gone.id])
        before = bus_factor(org, level=level)
        after = bus_factor(rest, level=level, skills=before)
        for skill, count in before.items():
            assert before[skill] - 1 <= after[skill] <= count


class TestBackups:
    def test_ranked(self, org: Organisation) -> None:
        """Anna's backups: cleo covers returns (4 of 9 levels), nobody covers billing at 3."""
        found = backups(org, "anna")
        assert [(b.member, round(b.coverage, 3), b.skills) for b in found] == [("cleo", 0.444, ("returns",))]

    def test_unknown_member(self, org: Organisation) -> None:
        """An unknown member raises naming the id."""
        with pytest.raises(UnknownReference, match="zed"):
            backups(org, "zed")

    def test_member_without_strong_skills_has_no_backups(self, org: Organisation) -> None:
        """Nothing at the level to cover: an empty list, not an error."""
        assert backups(org, "eva") == []


class TestTrainingAndPeers:
    def test_suggestions(self, org: Organisation) -> None:
        """Skills below the minimum bus factor, with teachers and closest learners."""
        found = training_suggestions(org, learners=2)
        assert [(t.skill, t.bus_factor, t.teachers, t.learners) for t in found] == [
            ("api", 1, ("bo",), ("finn", "anna")),
            ("billing", 1, ("anna",), ("bo", "dag")),
        ]

    def test_peer_pairs(self, org: Organisation) -> None:
        """Bo (api) and anna (billing, returns) can teach each other."""
        pairs = peer_learning_pairs(org)
        assert (pairs[0].a, pairs[0].b, pairs[0].a_teaches, pairs[0].b_teaches) == (
            "anna",
            "bo",
            ("billing", "returns"),
            ("api",),
        )
        assert all(set(p.a_teaches).isdisjoint(p.b_teaches) for p in pairs)


class TestSilos:
    def test_collaboration_graph_and_silos(self, org: Organisation) -> None:
        """Two teams joined by a mentoring relation: it is a bridge (as is the two-member team), its ends cut points."""
        graph = collaboration_graph(org, mentoring_graph(org, [MentoringPair(mentor="cleo", mentee="dag")]))
        silos = knowledge_silos(graph)
        assert silos.bridges == (("cleo", "dag"), ("cleo", "eva"))
        assert silos.articulation_points == ("cleo", "dag")
        assert set(silos.communities) == {("anna", "bo", "dag", "finn"), ("cleo", "eva")}
        assert silos.isolated == ()

    def test_isolated_members(self, org: Organisation) -> None:
        """Without teams everybody is isolated and there are no communities of more than one."""
        lonely = Organisation(name="L", members=org.members)
        silos = knowledge_silos(collaboration_graph(lonely))
        assert silos.isolated == tuple(sorted(m.id for m in org.members))
        assert silos.communities == ()

    def test_same_seed_same_answer(self, org: Organisation) -> None:
        """Community detection is reproducible for a seed."""
        graph = collaboration_graph(org)
        assert knowledge_silos(graph, seed=7) == knowledge_silos(graph, seed=7)


class TestBackends:
    def test_backend_keyword_reaches_networkx(self, org: Organisation) -> None:
        """backend='networkx' runs; an unknown backend is refused by networkx itself."""
        graph = collaboration_graph(org)
        assert knowledge_silos(graph, backend="networkx") == knowledge_silos(graph)
        with pytest.raises(ImportError, match="no-such-backend"):
            knowledge_silos(graph, backend="no-such-backend")

    def test_configured_backend_is_used(self, org: Organisation, monkeypatch: pytest.MonkeyPatch) -> None:
        """With a backend first in nx.config.backend_priority, the analyses dispatch to it."""
        calls: list[str] = []

        def recorded(name: str) -> Any:
            original = nx.utils.backends._registered_algorithms[name].orig_func

            def run(*args: Any, **kwargs: Any) -> Any:
                calls.append(name)
                return original(*args, **kwargs)

            return run

        names = ("louvain_communities", "articulation_points", "biconnected_component_edges")
        fake = types.SimpleNamespace(
            convert_from_nx=lambda graph, *args, **kwargs: graph,
            convert_to_nx=lambda result, *args, **kwargs: result,
            can_run=lambda name, args, kwargs: True,
            should_run=lambda name, args, kwargs: True,
            **{name: recorded(name) for name in names},
        )
        backends = nx.utils.backends
        monkeypatch.setitem(backends.backends, "teamcore-test", types.SimpleNamespace(load=lambda: fake))
        monkeypatch.setitem(backends.backend_info, "teamcore-test", {"functions": set(names)})
        for name in names:
            algorithm = backends._registered_algorithms[name]
            monkeypatch.setattr(algorithm, "backends", {*algorithm.backends, "teamcore-test"})
        # networkx skips dispatch when no backend was installed at import; with one installed it dispatches.
        monkeypatch.setattr(backends._dispatchable, "__call__", backends._dispatchable._call_if_any_backends_installed)
        monkeypatch.setattr(nx.config.backend_priority, "algos", ["teamcore-test"])
        monkeypatch.setattr(nx.config, "cache_converted_graphs", False)
        silos = knowledge_silos(collaboration_graph(org))
        backends._loaded_backends.pop("teamcore-test", None)
        assert sorted(calls) == sorted(names)
        assert silos == knowledge_silos(collaboration_graph(org), backend="networkx")


class TestFastPaths:
    @settings(max_examples=60)
    @given(st.integers(1, 14), st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=40))
    def test_bridges_are_networkx_bridges(self, nodes: int, pairs: list[tuple[int, int]]) -> None:
        """The bridges knowledge_silos reports are exactly nx.bridges, self-loops and all."""
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(str(k) for k in range(nodes))
        graph.add_edges_from((str(a), str(b)) for a, b in pairs)
        expected = tuple(sorted(tuple(sorted(edge)) for edge in nx.bridges(graph)))
        assert knowledge_silos(graph).bridges == expected

    @settings(max_examples=20)
    @given(tst.organisations(min_members=2, max_members=8, max_teams=3))
    def test_collaboration_graph_is_the_pairwise_one(self, org: Organisation) -> None:
        """The graph equals one built edge by edge (same adjacency order and weights), so Louvain sees the same."""
        simple: nx.Graph[str] = nx.Graph()
        simple.add_nodes_from(m.id for m in org.members)
        for team in org.teams:
            for i, a in enumerate(team.members):
                for b in team.members[i + 1 :]:
                    weight = simple.edges[a, b]["weight"] + 1 if simple.has_edge(a, b) else 1
                    simple.add_edge(a, b, weight=weight)
        graph = collaboration_graph(org)
        assert list(graph.adjacency()) == list(simple.adjacency())

    @settings(max_examples=20)
    @given(tst.organisations(min_members=1, max_members=8), st.integers(1, 5))
    def test_bus_factor_is_the_per_skill_count(self, org: Organisation, level: int) -> None:
        """One pass over members' skills counts what a scan of every member per skill counts."""
        names = sorted({s.name for m in org.members for s in m.skills})
        expected = {skill: sum(1 for m in org.members if m.skill_level(skill) >= level) for skill in names}
        assert bus_factor(org, level=level) == expected
