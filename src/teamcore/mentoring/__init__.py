"""Mentoring and skills: the mentoring graph, explainable match scores, stable and optimal matching."""

from teamcore.mentoring._graph import (
    DEFAULT_CAPACITY,
    MentoringPair,
    PairStatus,
    active_load,
    mentoring_chains,
    mentoring_cycles,
    mentoring_graph,
    newcomers_without_mentor,
    overloaded_mentors,
)
from teamcore.mentoring._load import load_capacities, load_pairs
from teamcore.mentoring._problem import SCALE, MatchProblem, matching_problem
from teamcore.mentoring._score import (
    Blocker,
    MatchConstraints,
    MatchScore,
    MatchWeights,
    ScoreComponent,
    match_score,
    skill_gaps,
    weekly_overlap_minutes,
)
from teamcore.mentoring._solve import (
    Assignment,
    MatchResult,
    Unmatched,
    optimal_matching,
    stable_matching,
    verify_stable,
)

__all__ = [
    "DEFAULT_CAPACITY",
    "SCALE",
    "Assignment",
    "Blocker",
    "MatchConstraints",
    "MatchProblem",
    "MatchResult",
    "MatchScore",
    "MatchWeights",
    "MentoringPair",
    "PairStatus",
    "ScoreComponent",
    "Unmatched",
    "active_load",
    "load_capacities",
    "load_pairs",
    "match_score",
    "matching_problem",
    "mentoring_chains",
    "mentoring_cycles",
    "mentoring_graph",
    "newcomers_without_mentor",
    "optimal_matching",
    "overloaded_mentors",
    "skill_gaps",
    "stable_matching",
    "verify_stable",
    "weekly_overlap_minutes",
]
