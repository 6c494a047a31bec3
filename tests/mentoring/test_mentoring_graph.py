"""The mentoring graph, its validation and queries."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import DuplicateId, InvalidValue, OutOfRange, UnknownReference, WrongType
from teamcore.mentoring import (
    MentoringPair,
    active_load,
    mentoring_chains,
    mentoring_cycles,
    mentoring_graph,
    newcomers_without_mentor,
    overloaded_mentors,
)
from teamcore.people import Organisation

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


class TestMentoringPair:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"mentor": "a", "mentee": "a"}, InvalidValue, "mentee"),  # self-mentoring
            ({"mentor": "a b", "mentee": "c"}, InvalidValue, "mentor"),  # malformed id
            ({"mentor": "a", "mentee": "c", "status": "paused"}, InvalidValue, "status"),  # unknown status
            ({"mentor": "a", "mentee": "c", "focus": "billing"}, WrongType, "focus"),  # a string, not a list
            ({"mentor": "a", "mentee": "c", "focus": ["Billing!"]}, InvalidValue, r"focus\[0\]"),  # bad skill name
            ({"mentor": "a", "mentee": "c", "since": "2026-01-01"}, WrongType, "since"),  # text, not a date
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Each bad field raises naming the field."""
        with pytest.raises(error, match=match):
            MentoringPair(**kwargs)  # type: ignore[arg-type]


class TestMentoringGraph:
    def test_nodes_and_edges(self, org: Organisation) -> None:
        """Every member is a node with its capacity; edges carry since, focus and status."""
        pair = MentoringPair(mentor="anna", mentee="dag", since=dt.date(2026, 11, 3), focus=["billing"])
        g = mentoring_graph(org, [pair], capacities={"anna": 3})
        assert set(g.nodes) == {m.id for m in org.members}
        assert g.nodes["anna"]["capacity"] == 3
        assert g.nodes["bo"]["capacity"] == 2
        assert g.edges["anna", "dag"] == {"since": dt.date(2026, 11, 3), "focus": ("billing",), "status": "active"}

    @pytest.mark.parametrize(
        ("pairs", "kwargs", "error", "match"),
        [
            ([("anna", "zed")], {}, UnknownReference, r"pairs\[0\].mentee"),  # mentee not a member
            ([("zed", "anna")], {}, UnknownReference, r"pairs\[0\].mentor"),  # mentor not a member
            ([("anna", "dag"), ("anna", "dag")], {}, DuplicateId, r"pairs\[1\]"),  # same pair twice
            ([("anna", "dag"), ("anna", "eva")], {"capacities": {"anna": 1}}, OutOfRange, "anna"),  # over capacity
            ([("anna", "dag")], {"capacities": {"zed": 1}}, UnknownReference, "zed"),  # capacity for a stranger
            ([("anna", "dag")], {"capacities": {"anna": -1}}, OutOfRange, "anna"),  # negative capacity
            ([("anna", "bo"), ("bo", "anna")], {"acyclic": True}, InvalidValue, "anna -> bo -> anna"),  # cycle
        ],
    )
    def test_invalid(
        self,
        org: Organisation,
        pairs: list[tuple[str, str]],
        kwargs: dict[str, object],
        error: type[Exception],
        match: str,
    ) -> None:
        """Violations of the organisation's rules raise naming the entry."""
        items = [MentoringPair(mentor=a, mentee=b) for a, b in pairs]
        with pytest.raises(error, match=match):
            mentoring_graph(org, items, **kwargs)  # type: ignore[arg-type]

    def test_ended_pairs_do_not_use_capacity(self, org: Organisation) -> None:
        """An ended relation is kept in the graph but does not count against capacity."""
        pairs = [
            MentoringPair(mentor="anna", mentee="bo", status="ended"),
            MentoringPair(mentor="anna", mentee="dag"),
        ]
        g = mentoring_graph(org, pairs, capacities={"anna": 1})
        assert active_load(g) == {"anna": 1}

    def test_cycles_allowed_by_default(self, org: Organisation) -> None:
        """Peers may mentor each other unless acyclic=True; the cycle is reported."""
        g = mentoring_graph(org, [MentoringPair(mentor="anna", mentee="bo"), MentoringPair(mentor="bo", mentee="anna")])
        assert mentoring_cycles(g) == [["anna", "bo"]]
        assert mentoring_chains(g) == []


class TestQueries:
    def test_newcomers_without_mentor(self, org: Organisation) -> None:
        """Newcomers (by start date at now) with no active mentor, newest first."""
        g = mentoring_graph(
            org, [MentoringPair(mentor="anna", mentee="eva"), MentoringPair(mentor="bo", mentee="finn", status="ended")]
        )
        assert [m.id for m in newcomers_without_mentor(org, g, NOW)] == ["dag", "finn"]

    def test_overloaded_after_lowering_capacity(self, org: Organisation) -> None:
        """Lowering a node's capacity below its load makes the mentor overloaded."""
        g = mentoring_graph(
            org, [MentoringPair(mentor="anna", mentee="dag"), MentoringPair(mentor="anna", mentee="eva")]
        )
        assert overloaded_mentors(g) == {}
        g.nodes["anna"]["capacity"] = 1
        assert overloaded_mentors(g) == {"anna": (2, 1)}

    def test_chains(self, org: Organisation) -> None:
        """Root-to-leaf chains of at least two edges, longest first."""
        pairs = [("anna", "bo"), ("bo", "dag"), ("dag", "finn"), ("anna", "cleo"), ("cleo", "eva")]
        g = mentoring_graph(org, [MentoringPair(mentor=a, mentee=b) for a, b in pairs], default_capacity=3)
        assert mentoring_chains(g) == [("anna", "bo", "dag", "finn"), ("anna", "cleo", "eva")]
        assert mentoring_chains(g, min_length=3) == [("anna", "bo", "dag", "finn")]

    def test_long_chain_does_not_recurse(self) -> None:
        """A chain of 5,000 relations is walked without recursion."""
        g = nx.DiGraph()
        nx.add_path(g, range(5000), status="active")
        assert len(mentoring_chains(g)[0]) == 5000

    @settings(max_examples=30)
    @given(tst.organisations(min_members=2, max_members=8), st.data())
    def test_graph_of_random_pairs(self, org: Organisation, data: st.DataObject) -> None:
        """Any valid set of pairs within capacity builds; load never exceeds capacity."""
        ids = [m.id for m in org.members]
        edges = data.draw(st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda e: e[0] != e[1])))
        pairs = [MentoringPair(mentor=a, mentee=b) for a, b in sorted(edges)]
        g = mentoring_graph(org, pairs, default_capacity=len(ids))
        assert all(load <= g.nodes[m]["capacity"] for m, load in active_load(g).items())
        assert overloaded_mentors(g) == {}


class TestStrategies:
    @settings(max_examples=30)
    @given(
        tst.organisations(min_members=2, max_members=8).flatmap(
            lambda org: st.tuples(st.just(org), tst.mentoring_graphs(org, capacity=2, acyclic=True))
        )
    )
    def test_chains_follow_active_edges_from_unmentored_roots(self, drawn: tuple[Organisation, nx.DiGraph]) -> None:
        """In a generated acyclic graph, each chain is a path of active edges from someone nobody mentors."""
        _org, graph = drawn
        assert mentoring_cycles(graph) == []
        assert overloaded_mentors(graph) == {}
        for chain in mentoring_chains(graph, min_length=1):
            assert all(graph.edges[u, v]["status"] == "active" for u, v in itertools.pairwise(chain))
            assert not any(graph.edges[u, chain[0]]["status"] == "active" for u in graph.predecessors(chain[0]))
            assert not any(graph.edges[chain[-1], v]["status"] == "active" for v in graph.successors(chain[-1]))
