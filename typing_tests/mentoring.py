"""assert_type cases for teamcore.mentoring."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import networkx as nx

from teamcore.mentoring import (
    Assignment,
    Backup,
    MatchProblem,
    MatchResult,
    MatchScore,
    MentoringPair,
    SkillsMatrix,
    Unmatched,
    backups,
    bus_factor,
    load_pairs,
    match_score,
    matching_problem,
    mentoring_cycles,
    mentoring_graph,
    newcomers_without_mentor,
    optimal_matching,
    skills_matrix,
    stable_matching,
)
from teamcore.people import Member, Organisation


def graphs(path: str, org: Organisation, now: dt.datetime) -> None:
    """Mentoring pairs from a file, the graph they make, and queries over it."""
    pairs = load_pairs(path, org=org)
    assert_type(pairs.items, tuple[MentoringPair, ...])
    graph = mentoring_graph(org, pairs.items)
    assert_type(graph, nx.DiGraph[str])
    assert_type(mentoring_cycles(graph), list[list[str]])
    assert_type(newcomers_without_mentor(org, graph, now), tuple[Member, ...])


def matching(org: Organisation, now: dt.datetime, a: Member, b: Member) -> None:
    """Both solvers return one MatchResult."""
    problem = matching_problem(org, now)
    assert_type(problem, MatchProblem)
    result = stable_matching(problem, proposing="mentor")
    assert_type(result, MatchResult)
    assert_type(optimal_matching(problem), MatchResult)
    assert_type(result.assignments, tuple[Assignment, ...])
    assert_type(result.unmatched, tuple[Unmatched, ...])
    assert_type(result.mentor_of(), dict[str, str])
    assert_type(match_score(a, b, org=org, now=now), MatchScore)
    stable_matching(problem, proposing="both")  # type: ignore[arg-type]


def skills(org: Organisation) -> None:
    """Skills queries over an organisation."""
    assert_type(skills_matrix(org), SkillsMatrix)
    assert_type(bus_factor(org, level=4), dict[str, int])
    assert_type(backups(org, "ann"), list[Backup])
