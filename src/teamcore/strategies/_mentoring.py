"""Hypothesis strategies for mentoring; public through :mod:`teamcore.strategies`."""

from __future__ import annotations

import datetime as dt

import networkx as nx
from hypothesis import strategies as st

from teamcore.mentoring import MentoringPair, PairStatus, mentoring_graph
from teamcore.people import Organisation

__all__ = ["mentoring_graphs", "mentoring_pairs"]


@st.composite
def mentoring_pairs(
    draw: st.DrawFn, org: Organisation, *, capacity: int = 2, acyclic: bool = False
) -> list[MentoringPair]:
    """Pairs among `org`'s members that :func:`~teamcore.mentoring.mentoring_graph` accepts with `capacity`.

    No self-mentoring, each pair once, at most `capacity` active mentees per mentor, and with `acyclic` no cycle
    (mentors come before mentees in a random order of the members).
    """
    ids = [m.id for m in org.members]
    order = draw(st.permutations(ids))
    rank = {member_id: i for i, member_id in enumerate(order)}
    candidates = [(a, b) for a in ids for b in ids if a != b and (not acyclic or rank[a] < rank[b])]
    if not candidates:
        return []
    chosen = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=min(len(candidates), 3 * len(ids))))
    load: dict[str, int] = {}
    pairs: list[MentoringPair] = []
    for mentor, mentee in chosen:
        status = draw(st.sampled_from(PairStatus))
        if status is PairStatus.ACTIVE:
            if load.get(mentor, 0) >= capacity:
                status = PairStatus.ENDED
            else:
                load[mentor] = load.get(mentor, 0) + 1
        since = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)))
        pairs.append(MentoringPair(mentor=mentor, mentee=mentee, since=since, status=status))
    return pairs


@st.composite
def mentoring_graphs(
    draw: st.DrawFn, org: Organisation, *, capacity: int = 2, acyclic: bool = False
) -> nx.DiGraph[str]:
    """A valid mentoring graph of `org` (see :func:`mentoring_pairs`), every member with `capacity`.

    Examples
    --------
    >>> import networkx as nx
    >>> from hypothesis import given, settings
    >>> from teamcore import strategies as tst
    >>> @settings(max_examples=10)
    ... @given(tst.organisations().flatmap(lambda org: tst.mentoring_graphs(org, acyclic=True)))
    ... def test_acyclic(graph):
    ...     assert nx.is_directed_acyclic_graph(graph)
    >>> test_acyclic()
    """
    pairs = draw(mentoring_pairs(org, capacity=capacity, acyclic=acyclic))
    return mentoring_graph(org, pairs, default_capacity=capacity, acyclic=acyclic)
