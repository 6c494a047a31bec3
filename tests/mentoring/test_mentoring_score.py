"""Match scores: components, weights, hard constraints, and the problem built from an organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import OutOfRange, WrongType
from teamcore.mentoring import (
    Blocker,
    MatchConstraints,
    MatchWeights,
    MentoringPair,
    match_score,
    matching_problem,
    mentoring_graph,
    optimal_matching,
    stable_matching,
    verify_stable,
    weekly_overlap_minutes,
)
from teamcore.people import Member, Organisation

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


class TestMatchWeights:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"skills": -0.5}, OutOfRange, "skills"),  # negative weight
            ({"overlap": float("inf")}, OutOfRange, "overlap"),  # not finite
            ({"team": "1"}, WrongType, "team"),  # text
            ({"target_level": 0}, OutOfRange, "target_level"),  # below 1
            ({"overlap_target_minutes": 0}, OutOfRange, "overlap_target_minutes"),  # nothing to reach
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Bad weights raise naming the field."""
        with pytest.raises(error, match=match):
            MatchWeights(**kwargs)  # type: ignore[arg-type]


class TestMatchScore:
    def test_components_are_visible_and_sum(self, org: Organisation) -> None:
        """The total is the sum of the five components' points; each is named and explained."""
        score = match_score(org.member("anna"), org.member("dag"), org=org, now=NOW)
        assert [c.name for c in score.components] == ["skills", "overlap", "languages", "team", "seniority"]
        assert score.total == pytest.approx(sum(c.value * c.weight for c in score.components))
        assert score.component("team").value == 1.0
        assert score.component("languages").value == 1.0  # anna speaks both of dag's languages
        assert "anna -> dag" in score.explain()

    def test_cross_functional_flips_team(self, org: Organisation) -> None:
        """With cross_functional, a mentor from another team earns the team component."""
        same = match_score(org.member("anna"), org.member("dag"), org=org, now=NOW)
        other = match_score(
            org.member("anna"), org.member("dag"), org=org, now=NOW, weights=MatchWeights(cross_functional=True)
        )
        assert (same.component("team").value, other.component("team").value) == (1.0, 0.0)

    def test_no_overlap_is_a_hard_constraint(self, org: Organisation) -> None:
        """Stockholm office hours and Auckland office hours never meet: not allowed, whatever the score."""
        score = match_score(org.member("anna"), org.member("eva"), org=org, now=NOW)
        assert score.blockers == (Blocker.NO_OVERLAP,)
        relaxed = match_score(
            org.member("anna"), org.member("eva"), org=org, now=NOW, constraints=MatchConstraints(min_overlap_minutes=0)
        )
        assert relaxed.allowed

    def test_skill_coverage_constraint(self, org: Organisation) -> None:
        """Requiring coverage refuses a mentor who teaches none of the gaps."""
        c = MatchConstraints(require_skill_coverage=True)
        assert match_score(org.member("bo"), org.member("dag"), org=org, now=NOW, constraints=c).allowed
        assert (
            Blocker.NO_SKILL_COVERAGE
            in match_score(
                org.member("cleo"), org.member("finn"), org=org, now=NOW, constraints=c, skills=["api"]
            ).blockers
        )

    def test_zero_weights_give_zero(self, org: Organisation) -> None:
        """All weights 0: total 0, constraints unchanged."""
        zero = MatchWeights(skills=0, overlap=0, languages=0, team=0, seniority=0)
        assert match_score(org.member("anna"), org.member("dag"), org=org, now=NOW, weights=zero).total == 0

    def test_not_a_member(self, org: Organisation) -> None:
        """Scoring someone outside the organisation raises."""
        with pytest.raises(WrongType, match="mentor"):
            match_score("anna", org.member("dag"), org=org, now=NOW)  # type: ignore[arg-type]


class TestWeeklyOverlap:
    @pytest.mark.parametrize(
        ("zone_a", "zone_b", "hours"),
        [
            ("Europe/Stockholm", "Europe/Stockholm", 40),  # same zone
            ("Europe/Stockholm", "America/New_York", 10),  # 2 h a day (Stockholm is 6 h ahead in November)
            ("Europe/Stockholm", "Pacific/Auckland", 0),  # 12 h apart: never
            ("Asia/Kathmandu", "Asia/Kolkata", 5 * 7.75),  # 15 minutes apart
        ],
    )
    def test_office_hours(self, zone_a: str, zone_b: str, hours: float) -> None:
        """Mon-Fri 09-17 in two zones overlap for the expected hours."""
        a = Member(id="a", name="A", timezone=zone_a, country="SE", hours={"mon-fri": ["09:00-17:00"]})
        b = Member(id="b", name="B", timezone=zone_b, country="SE", hours={"mon-fri": ["09:00-17:00"]})
        assert weekly_overlap_minutes(a, b, NOW) == hours * 60

    @settings(max_examples=40)
    @given(st.sampled_from(["UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Tokyo", "Pacific/Chatham"]))
    def test_symmetric_for_same_zone_shift(self, zone: str) -> None:
        """A member overlaps fully with a copy of themselves."""
        a = Member(id="a", name="A", timezone=zone, country="SE", hours={"mon-sun": ["22:00-06:00"]})
        assert weekly_overlap_minutes(a, a, NOW) == a.hours.minutes_per_week


class TestMatchingProblem:
    def test_defaults_from_the_organisation(self, org: Organisation) -> None:
        """Mentees are newcomers without a mentor; mentors are the others, capacity minus active load."""
        g = mentoring_graph(org, [MentoringPair(mentor="anna", mentee="finn")])
        p = matching_problem(org, NOW, graph=g)
        assert p.mentees == ("dag", "eva")
        assert p.mentors == ("anna", "bo", "cleo")
        assert p.capacities.tolist() == [1, 2, 2]
        assert p.details["dag", "anna"].total == pytest.approx(p.score("dag", "anna"))

    def test_unmatched_reason_no_overlap(self, org: Organisation) -> None:
        """Eva in Auckland shares no hours with the Stockholm mentors: both solvers say so."""
        p = matching_problem(org, NOW, mentors=["anna", "bo"])
        for result in (stable_matching(p), optimal_matching(p)):
            assert [(u.mentee, u.reason) for u in result.unmatched] == [("eva", Blocker.NO_OVERLAP)]
            assert verify_stable(p, stable_matching(p)) == []

    def test_unmatched_reason_no_capacity(self, org: Organisation) -> None:
        """With every mentor at capacity 0 the reason is capacity."""
        p = matching_problem(org, NOW, default_capacity=0)
        assert {u.reason for u in stable_matching(p).unmatched} == {Blocker.NO_CAPACITY}


class TestProblemsFromOrganisations:
    @settings(max_examples=25)
    @given(tst.organisations(min_members=2, max_members=7), st.integers(0, 3))
    def test_assignments_respect_hard_constraints(self, org: Organisation, capacity: int) -> None:
        """Everyone a member: every suggested pair is allowed by its score, within capacity, and stable."""
        ids = [m.id for m in org.members]
        half = len(ids) // 2
        p = matching_problem(org, NOW, mentees=ids[:half], mentors=ids[half:], default_capacity=capacity)
        for result in (stable_matching(p), optimal_matching(p, method="flow")):
            load: dict[str, int] = {}
            for a in result.assignments:
                assert p.details[a.mentee, a.mentor].allowed
                load[a.mentor] = load.get(a.mentor, 0) + 1
            assert all(count <= capacity for count in load.values())
            assert {a.mentee for a in result.assignments} | {u.mentee for u in result.unmatched} == set(ids[:half])
            for u in result.unmatched:
                if u.reason is Blocker.NO_OVERLAP:  # the reason is true: nobody with a place overlaps
                    assert all(
                        Blocker.NO_OVERLAP in p.details[u.mentee, m].blockers
                        for j, m in enumerate(p.mentors)
                        if p.capacities[j] > 0
                    )
        assert verify_stable(p, stable_matching(p)) == []
