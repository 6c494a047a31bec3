"""The whole-matrix scores of matching_problem: the same numbers as match_score, pair by pair."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.mentoring import Blocker, MatchConstraints, MatchProblem, MatchWeights, match_score, matching_problem
from teamcore.mentoring._batch import _overlap_minutes
from teamcore.people import Member, Organisation, Team
from teamcore.scheduling import IntervalSet

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def _member(id: str, zone: str, **kwargs: object) -> Member:
    return Member(id=id, name=id.upper(), timezone=zone, country="SE", **kwargs)  # type: ignore[arg-type]


def _reference(
    org: Organisation, mentees: list[str], mentors: list[str], **kwargs: object
) -> dict[tuple[str, str], object]:
    """Every pair scored on its own by match_score (overlap computed per pair), as matching_problem once did."""
    return {
        (a, b): match_score(org.member(b), org.member(a), org=org, now=NOW, **kwargs)  # type: ignore[arg-type]
        for a in mentees
        for b in mentors
        if a != b
    }


class TestScoreMatrix:
    def test_small_case_pinned(self) -> None:
        """Two newcomers, three mentors (two share a pattern): scores, allowed and reasons as pinned."""
        hours = {"mon-fri": ["09:00-17:00"]}
        people = [
            _member("m1", "Europe/Stockholm", hours=hours, skills={"billing": 5}, languages=["sv", "en"],
                    start_date=dt.date(2020, 1, 6), role="senior_agent"),
            _member("m2", "Europe/Stockholm", hours=hours, skills={"api": 4}, languages=["en"],
                    start_date=dt.date(2024, 1, 8)),
            _member("m3", "Pacific/Auckland", hours={"mon-fri": ["10:00-14:00"]}, skills={"billing": 4},
                    start_date=dt.date(2019, 1, 7)),
            _member("n1", "Europe/Stockholm", hours=hours, skills={"billing": 1}, languages=["sv"],
                    start_date=dt.date(2026, 11, 2)),
            _member("n2", "America/New_York", hours=hours, languages=["en", "pt-BR"], start_date=dt.date(2026, 11, 9)),
        ]  # fmt: skip
        org = Organisation(
            name="O", members=people, teams=[Team(id="t", name="T", lead="m1", members=["m1", "n1", "m3"])]
        )
        problem = matching_problem(org, NOW)
        assert problem.mentees == ("n2", "n1")
        assert problem.mentors == ("m1", "m2", "m3")
        # The numbers matching_problem gave when it called match_score for every pair (teamcore before 17.2).
        assert problem.scores.tolist() == [[6.5, 6.25, 5.15], [7.6, 6.15, 3.35]]
        assert problem.allowed.tolist() == [[True, True, True], [True, True, False]]  # Auckland meets Stockholm never
        assert problem.details["n1", "m1"].total == problem.scores[1, 0]
        assert problem.details["n1", "m3"].blockers == (Blocker.NO_OVERLAP,)

    @settings(max_examples=60, deadline=None)
    @given(
        tst.organisations(min_members=2, max_members=8),
        st.integers(0, 2),
        st.booleans(),
        st.booleans(),
        st.integers(0, 600),
    )
    def test_same_as_match_score_per_pair(
        self, org: Organisation, capacity: int, cross: bool, require: bool, min_overlap: int
    ) -> None:
        """Every score and allowed pair is match_score's, for any organisation, weights and constraints."""
        ids = [m.id for m in org.members]
        mentees, mentors = ids[: len(ids) // 2 + 1], ids[len(ids) // 2 :]  # one member may be on both sides
        weights = MatchWeights(cross_functional=cross, skills=3, team=0.5)
        constraints = MatchConstraints(min_overlap_minutes=min_overlap, require_skill_coverage=require)
        problem = matching_problem(
            org, NOW, mentees=mentees, mentors=mentors, default_capacity=capacity, weights=weights,
            constraints=constraints,
        )  # fmt: skip
        reference = _reference(org, mentees, mentors, weights=weights, constraints=constraints)
        for i, a in enumerate(mentees):
            for j, b in enumerate(mentors):
                if a == b:
                    assert problem.scores[i, j] == 0.0
                    assert not problem.allowed[i, j]
                    continue
                expected = reference[a, b]
                assert problem.scores[i, j] == expected.total  # type: ignore[attr-defined]
                assert problem.allowed[i, j] == (expected.allowed and capacity > 0)  # type: ignore[attr-defined]
                assert problem.details[a, b] == expected
        assert set(problem.details) == set(reference)
        assert len(problem.details) == len(reference)


class TestSharedPoints:
    def test_one_matrix_for_one_score(self) -> None:
        """Without mentor scores of their own, both sides read one points matrix; with them, each its own."""
        shared = MatchProblem.from_scores(["x", "y"], ["m"], [[2.0], [1.5]], [1])
        assert shared.mentor_points is shared.points
        own = MatchProblem.from_scores(["x", "y"], ["m"], [[2.0], [1.5]], [1], mentor_scores=[[1.0], [3.0]])
        assert own.points.tolist() == [[2000], [1500]]
        assert own.mentor_points.tolist() == [[1000], [3000]]


@st.composite
def interval_sets(draw: st.DrawFn) -> IntervalSet:
    bounds = draw(st.lists(st.integers(-200, 400), max_size=12))
    pairs = [(a, a + draw(st.integers(1, 90))) for a in bounds]
    return IntervalSet.from_arrays([a for a, _ in pairs], [b for _, b in pairs])


class TestPatternOverlaps:
    @settings(max_examples=80)
    @given(st.lists(interval_sets(), max_size=4), st.lists(interval_sets(), max_size=4))
    def test_same_as_one_intersection_per_pair(self, own: list[IntervalSet], around: list[IntervalSet]) -> None:
        """The table of summed pairwise overlaps is each pair's intersection in whole minutes."""
        own = [IntervalSet.from_arrays(x.starts * 60 + 7, x.ends * 60 + 7) for x in own]  # seconds, off the minute
        around = [IntervalSet.from_arrays(x.starts * 60, x.ends * 60) for x in around]
        table = _overlap_minutes(own, around)
        expected = [[a.intersection(b).total_seconds() // 60 for b in around] for a in own]
        assert table.shape == (len(own), len(around))
        assert table.tolist() == expected
