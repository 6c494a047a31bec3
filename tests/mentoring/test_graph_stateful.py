"""The mentoring graph edited step by step, every query checked against a plain model of dicts and sets.

The model keeps what a lead keeps: who is in the organisation, the mentoring pairs (status, since, focus), the
configured capacities, the default capacity and whether cycles are refused. Each step changes one of these and
rebuilds the graph with :func:`mentoring_graph`, or edits the built graph in place (lowering a node's capacity,
ending or restarting a relation), as :func:`overloaded_mentors` invites. A step the rules forbid must raise the
documented :mod:`teamcore.exceptions` error and leave both the model and the graph as they were.

The oracles are written from the definitions, not from the implementation: cycles by a walk that only visits
members after the start (so each cycle is found once, already starting at its smallest id), "on a cycle" by
reachability, chains by extending paths among the members on no cycle.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from teamcore import strategies as tst
from teamcore.exceptions import DuplicateId, InvalidValue, OutOfRange, TeamcoreError, UnknownReference, WrongType
from teamcore.mentoring import (
    DEFAULT_CAPACITY,
    MentoringPair,
    active_load,
    mentoring_chains,
    mentoring_cycles,
    mentoring_graph,
    newcomers_without_mentor,
    overloaded_mentors,
)
from teamcore.people import Member, Organisation, Team

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
HOURS = {"mon-fri": ["09:00-17:00"]}
# Everyone who may ever be a member: (timezone, country, start date). Start dates are far enough from the 90-day
# onboarding edge and from midnight at NOW that being a newcomer does not depend on the member's timezone.
PEOPLE: dict[str, tuple[str, str, dt.date]] = {
    "anna": ("Europe/Stockholm", "SE", dt.date(2020, 1, 6)),
    "bo": ("Europe/Stockholm", "SE", dt.date(2021, 3, 1)),
    "cleo": ("America/New_York", "US", dt.date(2022, 5, 2)),
    "dag": ("Europe/Stockholm", "SE", dt.date(2026, 11, 2)),
    "eva": ("Pacific/Auckland", "NZ", dt.date(2026, 10, 1)),
    "finn": ("Europe/Stockholm", "SE", dt.date(2026, 9, 1)),
    "gus": ("Asia/Manila", "PH", dt.date(2026, 11, 20)),
    "hal": ("Europe/Stockholm", "SE", dt.date(2027, 1, 4)),  # hired, not started yet: not a newcomer
}
FOUNDERS = frozenset({"anna", "bo", "cleo", "dag", "eva", "finn"})
NEWEST_FIRST = ("gus", "dag", "eva", "finn")  # the newcomers at NOW, by start date, newest first
LEAD = "anna"  # leads the Nordic team, never leaves
NORDIC = frozenset({"anna", "bo", "dag", "finn", "gus", "hal"})
IDS = sorted(PEOPLE)
STATUSES = ("active", "ended")
CAPACITY_VALUES = (-1, 0, 1, 2, 3, 1001)  # -1 and 1001 are outside the accepted 0..1000
SINCE = (None, dt.date(2024, 2, 1), dt.date(2026, 11, 3))
FOCUS = ((), ("billing",), ("api", "returns"))

Pairs = dict[tuple[str, str], dict[str, Any]]
Problem = tuple[type[TeamcoreError], str]


def organisation(members: frozenset[str]) -> Organisation:
    """The organisation with exactly `members`, and one Nordic team of those who belong to it."""
    people = [
        Member(id=i, name=i.title(), timezone=PEOPLE[i][0], country=PEOPLE[i][1], start_date=PEOPLE[i][2], hours=HOURS)
        for i in IDS
        if i in members
    ]
    team = Team(id="nordic", name="Nordic", lead=LEAD, members=sorted(NORDIC & members))
    return Organisation(name="Acme", members=people, teams=[team])


def active_edges(pairs: Pairs) -> set[tuple[str, str]]:
    return {edge for edge, data in pairs.items() if data["status"] == "active"}


def successors(edges: set[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for u, v in edges:
        out.setdefault(u, set()).add(v)
    return out


def model_cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Every simple cycle, found once from its smallest member by a walk that visits only larger members."""
    after = successors(edges)
    found: list[list[str]] = []
    for start in sorted(after):
        stack = [[start]]
        while stack:
            path = stack.pop()
            for nxt in after.get(path[-1], ()):
                if nxt == start:
                    found.append(path)
                elif nxt > start and nxt not in path:
                    stack.append([*path, nxt])
    return sorted(found, key=lambda c: (len(c), c))


def on_cycles(edges: set[tuple[str, str]]) -> set[str]:
    """Members who can reach themselves along active relations."""
    after = successors(edges)
    found = set()
    for start in after:
        seen: set[str] = set()
        todo = list(after[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(after.get(node, ()))
        if start in seen:
            found.add(start)
    return found


def model_chains(edges: set[tuple[str, str]], min_length: int) -> list[tuple[str, ...]]:
    """Paths among members on no cycle, from one nobody mentors to one who mentors nobody, longest first."""
    cyclic = on_cycles(edges)
    kept = {(u, v) for u, v in edges if u not in cyclic and v not in cyclic}
    mentored = {v for _, v in kept}
    after = successors(kept)
    paths = [(u,) for u in after if u not in mentored]
    chains = []
    while paths:
        path = paths.pop()
        if path[-1] in after:
            paths.extend((*path, v) for v in after[path[-1]])
        elif len(path) - 1 >= min_length:
            chains.append(path)
    return sorted(chains, key=lambda c: (-len(c), c))


def problems(
    members: frozenset[str],
    pairs: list[tuple[str, str, str]],
    caps: Mapping[str, int],
    default: int,
    acyclic: bool,
) -> list[Problem]:
    """Each rule of mentoring_graph's Raises section that this configuration breaks, with the field it names."""
    found: list[Problem] = []
    if not 0 <= default <= 1000:
        found.append((OutOfRange, "default_capacity"))
    for member, value in caps.items():
        if member not in members:
            found.append((UnknownReference, f"capacities['{member}']"))
        elif not 0 <= value <= 1000:
            found.append((OutOfRange, f"capacities['{member}']"))
    seen: set[tuple[str, str]] = set()
    for i, (u, v, _) in enumerate(pairs):
        if u not in members:
            found.append((UnknownReference, f"pairs[{i}].mentor"))
        if v not in members:
            found.append((UnknownReference, f"pairs[{i}].mentee"))
        if (u, v) in seen:
            found.append((DuplicateId, f"pairs[{i}]"))
        seen.add((u, v))
    active = {(u, v) for u, v, status in pairs if status == "active"}
    load = {mentor: sum(u == mentor for u, _ in active) for mentor, _ in active}
    found.extend((OutOfRange, f"capacities['{m}']") for m, n in sorted(load.items()) if n > caps.get(m, default))
    if acyclic and model_cycles(active):
        found.append((InvalidValue, "pairs"))
    return found


def snapshot(graph: nx.DiGraph[str]) -> object:
    return copy.deepcopy((graph.graph, list(graph.nodes(data=True)), list(graph.edges(data=True))))


class MentoringGraph(RuleBasedStateMachine):
    """Plain model: members, pairs, configured and in-place capacities, default capacity, acyclic flag."""

    def __init__(self) -> None:
        super().__init__()
        self.members = FOUNDERS
        self.pairs: Pairs = {}
        self.caps: dict[str, int] = {}
        self.default = DEFAULT_CAPACITY
        self.acyclic = False
        self.in_place_caps: dict[str, int] = {}  # capacities set on the built graph's nodes, lost on rebuild
        self.edited = False  # a status changed on the built graph since it was built
        self.org = organisation(self.members)
        self.graph = mentoring_graph(self.org, [])

    # --- the operations -------------------------------------------------------------------------------------------

    @initialize(pairs=tst.mentoring_pairs(organisation(FOUNDERS), capacity=DEFAULT_CAPACITY))
    def start(self, pairs: list[MentoringPair]) -> None:
        """Start from a valid set of relations (cycles allowed), as the public strategy draws them."""
        self.rebuild(
            pairs={(p.mentor, p.mentee): {"status": p.status.value, "since": p.since, "focus": p.focus} for p in pairs}
        )
        assert len(self.pairs) == len(pairs), "a pair the public strategy drew was refused"

    def rebuild(
        self,
        *,
        members: frozenset[str] | None = None,
        pairs: Pairs | None = None,
        extra: tuple[str, str, dict[str, Any]] | None = None,
        caps: dict[str, int] | None = None,
        default: int | None = None,
        acyclic: bool | None = None,
    ) -> None:
        """Build the graph from a changed configuration: adopt it if valid, else expect the error and no change."""
        new_members = self.members if members is None else members
        new_pairs = dict(self.pairs if pairs is None else pairs)
        new_caps = dict(self.caps if caps is None else caps)
        new_default = self.default if default is None else default
        new_acyclic = self.acyclic if acyclic is None else acyclic
        listed = [(u, v, d["status"]) for (u, v), d in new_pairs.items()]
        items = [MentoringPair(mentor=u, mentee=v, **d) for (u, v), d in new_pairs.items()]
        if extra is not None:
            listed.append((extra[0], extra[1], extra[2]["status"]))
            items.append(MentoringPair(mentor=extra[0], mentee=extra[1], **extra[2]))
        expected = problems(new_members, listed, new_caps, new_default, new_acyclic)
        org = organisation(new_members)
        passed_caps = dict(new_caps)
        before = snapshot(self.graph)

        def build() -> nx.DiGraph[str]:
            return mentoring_graph(
                org, items, capacities=passed_caps, default_capacity=new_default, acyclic=new_acyclic
            )

        if expected:
            with pytest.raises(TeamcoreError) as raised:
                build()
            error = raised.value
            assert any(
                isinstance(error, kind) and getattr(error, "field", None) == field for kind, field in expected
            ), f"raised {error!r}, expected one of {expected}"
            assert snapshot(self.graph) == before, "a refused change altered the graph"
            assert passed_caps == new_caps, "mentoring_graph changed the capacities it was given"
            return
        graph = build()
        assert passed_caps == new_caps, "mentoring_graph changed the capacities it was given"
        if extra is not None:
            new_pairs[extra[0], extra[1]] = extra[2]
        self.members, self.pairs, self.caps = new_members, new_pairs, new_caps
        self.default, self.acyclic, self.in_place_caps, self.edited = new_default, new_acyclic, {}, False
        self.org, self.graph = org, graph

    def refused(self, error: type[TeamcoreError], field: str, call: Any) -> None:
        """`call` raises `error` naming `field`, and neither the graph nor the model changes."""
        before = snapshot(self.graph)
        model = copy.deepcopy((self.members, self.pairs, self.caps, self.default, self.acyclic, self.in_place_caps))
        with pytest.raises(error, match=f"^{re.escape(field)}: expected"):
            call()
        assert snapshot(self.graph) == before
        assert (self.members, self.pairs, self.caps, self.default, self.acyclic, self.in_place_caps) == model

    @rule(
        mentor=st.sampled_from(IDS),
        mentee=st.sampled_from(IDS),
        status=st.sampled_from(STATUSES),
        since=st.sampled_from(SINCE),
        focus=st.sampled_from(FOCUS),
    )
    def add_pair(self, mentor: str, mentee: str, status: str, since: dt.date | None, focus: tuple[str, ...]) -> None:
        """A new relation: refused for self-mentoring, strangers, a repeat, a full mentor or (if asked) a cycle."""
        data = {"status": status, "since": since, "focus": list(focus)}
        if mentor == mentee:
            self.refused(InvalidValue, "mentee", lambda: MentoringPair(mentor=mentor, mentee=mentee, **data))
            return
        self.rebuild(extra=(mentor, mentee, data))

    @precondition(lambda self: self.pairs)
    @rule(data=st.data())
    def pass_it_on(self, data: st.DataObject) -> None:
        """A mentee starts mentoring someone, often their own mentor or mentor's mentor: chains grow, cycles close."""
        mentor, mentee = data.draw(st.sampled_from(sorted(self.pairs)))
        upstream = sorted({u for u, v in self.pairs if v == mentor} | {mentor})
        target = data.draw(st.sampled_from(upstream) | st.sampled_from(sorted(self.members)))
        self.add_pair(mentee, target, "active", None, ())

    @precondition(lambda self: self.pairs)
    @rule(data=st.data())
    def remove_pair(self, data: st.DataObject) -> None:
        """A relation is deleted from the list (refused only if the rest was already invalid)."""
        edge = data.draw(st.sampled_from(sorted(self.pairs)))
        self.rebuild(pairs={k: v for k, v in self.pairs.items() if k != edge})

    @precondition(lambda self: self.pairs)
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def set_status(self, data: st.DataObject, status: str) -> None:
        """A relation ends or restarts; restarting counts against the mentor's capacity again."""
        edge = data.draw(st.sampled_from(sorted(self.pairs)))
        self.rebuild(pairs={**self.pairs, edge: {**self.pairs[edge], "status": status}})

    @rule(member=st.sampled_from(IDS), value=st.sampled_from(CAPACITY_VALUES))
    def set_capacity(self, member: str, value: int) -> None:
        """A member's own capacity: refused for a stranger, outside 0..1000, or below their active load."""
        self.rebuild(caps={**self.caps, member: value})

    @precondition(lambda self: self.caps)
    @rule(data=st.data())
    def forget_capacity(self, data: st.DataObject) -> None:
        """A member goes back to the default capacity."""
        member = data.draw(st.sampled_from(sorted(self.caps)))
        self.rebuild(caps={k: v for k, v in self.caps.items() if k != member})

    @rule(value=st.sampled_from(CAPACITY_VALUES))
    def set_default(self, value: int) -> None:
        """The default capacity, for everyone without their own."""
        self.rebuild(default=value)

    @rule(acyclic=st.booleans())
    def set_acyclic(self, acyclic: bool) -> None:
        """Refusing cycles is refused while active relations form one."""
        self.rebuild(acyclic=acyclic)

    @rule(member=st.sampled_from(IDS))
    def hire(self, member: str) -> None:
        """Someone joins (if already a member, nothing changes)."""
        self.rebuild(members=self.members | {member})

    @rule(member=st.sampled_from(sorted(set(IDS) - {LEAD})))
    def leave(self, member: str) -> None:
        """Someone leaves: refused while a relation or a capacity still names them."""
        self.rebuild(members=self.members - {member})

    @rule(
        bad=st.sampled_from([
            ("capacities", {"capacities": [("anna", 1)]}, WrongType),  # a list of pairs, not a mapping
            ("capacities", {"capacities": 5}, WrongType),  # a number, not a mapping
            ("capacities", {"capacities": "anna"}, WrongType),  # a string, not a mapping
            ("capacities['anna']", {"capacities": {"anna": "2"}}, WrongType),  # a capacity as text
            ("default_capacity", {"default_capacity": True}, WrongType),  # a bool is not a number here
            ("pairs[0]", {"pairs": [("anna", "bo")]}, WrongType),  # a tuple, not a MentoringPair
            ("org", {"org": "Acme"}, WrongType),  # a name, not an Organisation
        ])
    )  # fmt: skip
    def malformed(self, bad: tuple[str, dict[str, Any], type[TeamcoreError]]) -> None:
        """Arguments of the wrong type raise WrongType naming the argument, and change nothing."""
        field, changed, error = bad
        kwargs: dict[str, Any] = {"org": self.org, "pairs": [], "capacities": dict(self.caps), **changed}
        self.refused(error, field, lambda: mentoring_graph(**kwargs))

    @rule(member=st.sampled_from(IDS), value=st.integers(0, 3))
    def edit_capacity_in_place(self, member: str, value: int) -> None:
        """The lead lowers or raises a capacity on the built graph (no validation: overloads become visible)."""
        if member in self.graph:
            self.graph.nodes[member]["capacity"] = value
            self.in_place_caps[member] = value

    @precondition(lambda self: self.pairs)
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def edit_status_in_place(self, data: st.DataObject, status: str) -> None:
        """A relation ends or restarts on the built graph; the pair list follows, so later rebuilds keep it."""
        edge = data.draw(st.sampled_from(sorted(self.pairs)))
        self.graph.edges[edge]["status"] = status
        self.pairs[edge] = {**self.pairs[edge], "status": status}
        self.edited = True

    # --- the queries, after every step ----------------------------------------------------------------------------

    def capacity(self, member: str) -> int:
        return self.in_place_caps.get(member, self.caps.get(member, self.default))

    @invariant()
    def nodes_and_edges(self) -> None:
        """Every member is a node with name and capacity; every pair an edge with its data, nothing else."""
        assert dict(self.graph.nodes(data=True)) == {
            m: {"name": m.title(), "capacity": self.capacity(m)} for m in self.members
        }
        assert {(u, v): d for u, v, d in self.graph.edges(data=True)} == {
            edge: {"since": d["since"], "focus": tuple(d["focus"]), "status": d["status"]}
            for edge, d in self.pairs.items()
        }

    @invariant()
    def loads(self) -> None:
        """Active mentees per mentor, and the mentors above their capacity, sorted."""
        load: dict[str, int] = {}
        for u, _ in active_edges(self.pairs):
            load[u] = load.get(u, 0) + 1
        assert active_load(self.graph) == load
        over = {m: (n, self.capacity(m)) for m, n in sorted(load.items()) if n > self.capacity(m)}
        assert overloaded_mentors(self.graph) == over
        assert list(overloaded_mentors(self.graph)) == sorted(over)
        if not self.in_place_caps and not self.edited:  # as mentoring_graph built it: nobody is overloaded
            assert over == {}

    @invariant()
    def newcomers(self) -> None:
        """Newcomers with no active mentor, newest first, for the organisation and for the Nordic team."""
        mentored = {v for _, v in active_edges(self.pairs)}
        alone = [m for m in NEWEST_FIRST if m in self.members and m not in mentored]
        assert [m.id for m in newcomers_without_mentor(self.org, self.graph, NOW)] == alone
        nordic = [m.id for m in newcomers_without_mentor(self.org, self.graph, NOW, team="nordic")]
        assert nordic == [m for m in alone if m in NORDIC]

    @invariant()
    def cycles_and_chains(self) -> None:
        """Cycles of active relations, shortest first; chains among the others, longest first, for each length."""
        active = active_edges(self.pairs)
        assert mentoring_cycles(self.graph) == model_cycles(active)
        for min_length in (1, 2, 3):
            assert mentoring_chains(self.graph, min_length=min_length) == model_chains(active, min_length)
        if self.acyclic and not self.edited:  # built with acyclic=True and not restarted in place: no cycle
            assert model_cycles(active) == []


MentoringGraph.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestMentoringGraph = MentoringGraph.TestCase


class TestRegressions:
    """Bugs the state machine found, pinned as plain examples."""

    @pytest.mark.parametrize(
        "capacities",
        [
            [("anna", 1)],  # a list of pairs was silently taken as a mapping
            5,  # a number raised a bare TypeError from dict()
            "anna",  # a string raised a bare ValueError from dict()
            [],  # an empty list was taken as "no capacities"
        ],
    )
    def test_capacities_must_be_a_mapping(self, capacities: object) -> None:
        """Capacities that are not a mapping raise WrongType naming capacities."""
        org = organisation(FOUNDERS)
        with pytest.raises(WrongType, match=r"^capacities: expected a mapping"):
            mentoring_graph(org, [], capacities=capacities)  # type: ignore[arg-type]
