"""Stable and optimal matching: capacities, hard constraints, stability, optimality."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import random
import sys
from collections.abc import Callable

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, MissingDependency, ValidationError, WrongType
from teamcore.mentoring import (
    Assignment,
    Blocker,
    MatchProblem,
    MatchResult,
    optimal_matching,
    stable_matching,
    verify_stable,
)


@st.composite
def problems(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4) -> MatchProblem:
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    score = st.integers(0, 5).map(float)  # few values: many ties, the hard case for tie-breaking
    scores = draw(st.lists(st.lists(score, min_size=m, max_size=m), min_size=n, max_size=n))
    theirs = draw(st.none() | st.lists(st.lists(score, min_size=m, max_size=m), min_size=n, max_size=n))
    allowed = draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n))
    caps = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    return MatchProblem.from_scores(
        [f"e{i}" for i in range(n)],
        [f"r{j}" for j in range(m)],
        np.array(scores).reshape(n, m),
        np.array(caps, dtype=np.int64),
        allowed=np.array(allowed, dtype=bool).reshape(n, m),
        mentor_scores=None if theirs is None else np.array(theirs).reshape(n, m),
    )


def brute_force_blocking(p: MatchProblem, result: MatchResult) -> set[tuple[str, str]]:
    """The definition of a blocking pair, pair by pair, with the documented tie-break (lower index wins)."""
    mentor_of = result.mentor_of()
    held: dict[str, list[str]] = {r: [] for r in p.mentors}
    for mentee, mentor in mentor_of.items():
        held[mentor].append(mentee)

    def mentee_prefers(i: int, j: int, current: str | None) -> bool:
        if current is None:
            return True
        c = p.mentors.index(current)
        return (p.points[i, j], -j) > (p.points[i, c], -c)

    def mentor_prefers(j: int, i: int, other: str) -> bool:
        o = p.mentees.index(other)
        return (p.mentor_points[i, j], -i) > (p.mentor_points[o, j], -o)

    found = set()
    for i, mentee in enumerate(p.mentees):
        for j, mentor in enumerate(p.mentors):
            if not p.allowed[i, j] or mentor_of.get(mentee) == mentor:
                continue
            if not mentee_prefers(i, j, mentor_of.get(mentee)):
                continue
            if len(held[mentor]) < p.capacities[j] or any(mentor_prefers(j, i, o) for o in held[mentor]):
                found.add((mentee, mentor))
    return found


def respects_constraints(p: MatchProblem, result: MatchResult) -> bool:
    load = dict.fromkeys(p.mentors, 0)
    seen = set()
    for a in result.assignments:
        i, j = p.mentees.index(a.mentee), p.mentors.index(a.mentor)
        if not p.allowed[i, j] or a.mentee in seen:
            return False
        seen.add(a.mentee)
        load[a.mentor] += 1
    matched = seen | {u.mentee for u in result.unmatched}
    return all(load[r] <= p.capacities[j] for j, r in enumerate(p.mentors)) and matched == set(p.mentees)


def best_total_brute_force(p: MatchProblem) -> float:
    n, m = p.points.shape
    best = 0.0
    for choice in itertools.product(range(-1, m), repeat=n):
        if any(j >= 0 and not p.allowed[i, j] for i, j in enumerate(choice)):
            continue
        if any(choice.count(j) > p.capacities[j] for j in range(m)):
            continue
        best = max(best, sum(float(p.scores[i, j]) for i, j in enumerate(choice) if j >= 0))
    return best


class TestStableMatching:
    @settings(max_examples=150)
    @given(problems(), st.sampled_from(["mentee", "mentor"]))
    def test_stable_and_feasible(self, p: MatchProblem, proposing: str) -> None:
        """Output respects capacities and constraints and has no blocking pair, by the verifier and brute force."""
        result = stable_matching(p, proposing=proposing)  # type: ignore[arg-type]
        assert respects_constraints(p, result)
        assert verify_stable(p, result) == []
        assert brute_force_blocking(p, result) == set()

    @settings(max_examples=80)
    @given(problems(max_mentees=12, max_mentors=6), st.sampled_from(["mentee", "mentor"]), st.integers(1, 7))
    def test_key_rows_in_blocks_change_nothing(self, p: MatchProblem, proposing: str, block: int) -> None:
        """Preference keys computed a few rows at a time match the whole matrix of keys, and so do the results."""
        from teamcore.mentoring import _solve  # noqa: PLC0415 - the block size is the private knob under test

        whole = stable_matching(p, proposing=proposing)  # type: ignore[arg-type]
        for points, allowed, axis in ((p.points, p.allowed, 1), (p.mentor_points.T, p.allowed.T, 1)):
            rows = _solve._KeyRows(points, allowed)
            assert np.array_equal(rows.block(0, points.shape[0]), _solve._strict_keys(points, allowed, axis))
        original = _solve._BLOCK
        try:
            _solve._BLOCK = block
            assert stable_matching(p, proposing=proposing) == whole  # type: ignore[arg-type]
        finally:
            _solve._BLOCK = original

    @settings(max_examples=100)
    @given(problems())
    def test_verifier_agrees_with_brute_force_on_any_assignment(self, p: MatchProblem) -> None:
        """On a random feasible assignment, verify_stable finds exactly the brute-force blocking pairs."""
        result = random_feasible(p, random.Random(len(p.mentees) * 7 + len(p.mentors)))
        assert set(verify_stable(p, result)) == brute_force_blocking(p, result)

    def test_unmatched_reasons(self) -> None:
        """A mentee without any allowed mentor and one crowded out get different reasons."""
        p = MatchProblem.from_scores(
            ["a", "b", "c"], ["m"], [[1.0], [2.0], [3.0]], [1], allowed=[[False], [True], [True]]
        )
        result = stable_matching(p)
        assert result.mentor_of() == {"c": "m"}
        assert {u.mentee: u.reason for u in result.unmatched} == {"a": Blocker.NO_MENTOR, "b": Blocker.NO_CAPACITY}

    def test_deep_displacement_chain_does_not_recurse(self) -> None:
        """2,000 mentees all wanting the same mentors in the same order: no RecursionError, everyone placed."""
        n, m = 2000, 200
        scores = np.tile(np.arange(m, 0, -1, dtype=float), (n, 1))
        theirs = np.tile(np.arange(n, 0, -1, dtype=float)[:, None], (1, m))
        p = MatchProblem.from_scores(
            [f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)], scores, np.full(m, 10), mentor_scores=theirs
        )
        for proposing in ("mentee", "mentor"):
            result = stable_matching(p, proposing=proposing)  # type: ignore[arg-type]
            assert len(result.assignments) == n
            assert result.mentor_of()["e0"] == "r0"
            assert result.mentor_of()[f"e{n - 1}"] == f"r{m - 1}"

    def test_long_preference_lists_are_read_to_the_end(self) -> None:
        """300 mentees ranking 60 mentors (5 places each) alike, mentors ranking them alike: mentee i gets r(i // 5).

        The last mentees go through every mentor, and the last mentors through every mentee, past each side's first
        chunk of sorted preferences (16 and 32) and the next (x4).
        """
        n, m, places = 300, 60, 5
        scores = np.tile(np.arange(m, 0, -1, dtype=float), (n, 1))
        theirs = np.tile(np.arange(n, 0, -1, dtype=float)[:, None], (1, m))
        p = MatchProblem.from_scores(
            [f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)], scores, np.full(m, places), mentor_scores=theirs
        )
        expected = {f"e{i}": f"r{i // places}" for i in range(n)}
        for proposing in ("mentee", "mentor"):
            assert stable_matching(p, proposing=proposing).mentor_of() == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize("proposing", ["mentee", "mentor"])
    def test_ties_go_to_the_mentor_listed_first(self, proposing: str) -> None:
        """A mentee who scores two mentors alike gets the one listed first, whichever side proposes."""
        p = MatchProblem.from_scores(["a"], ["x", "y", "z"], [[0.0, 1.0, 1.0]], [1, 1, 1])
        assert stable_matching(p, proposing=proposing).mentor_of() == {"a": "y"}  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("scores", "theirs", "caps"),
        [
            # a mentor with 2 places once went over capacity here when a place came free (mutation run)
            (
                [[1, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]],
                [[0, 1, 1, 0], [0, 0, 1, 0], [1, 0, 2, 2], [1, 0, 2, 1]],
                [0, 2, 1, 2],
            ),
            # a mentor whose place came free was once left with too few places here (mutation run)
            (
                [[1, 1, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 1]],
                [[0, 1, 1, 1], [2, 0, 2, 2], [0, 0, 2, 1], [0, 1, 1, 1], [1, 1, 1, 2]],
                [2, 2, 1, 2],
            ),
        ],
    )
    def test_mentors_propose_again_after_losing_a_mentee(
        self, scores: list[list[float]], theirs: list[list[float]], caps: list[int]
    ) -> None:
        """Mentor-proposing with places of 2: displacements keep every capacity and leave no blocking pair."""
        n, m = len(scores), len(caps)
        p = MatchProblem.from_scores(
            [f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)], scores, caps, mentor_scores=theirs
        )
        result = stable_matching(p, proposing="mentor")
        assert respects_constraints(p, result)
        assert brute_force_blocking(p, result) == set()

    @pytest.mark.parametrize(
        "solve",
        [
            stable_matching,
            lambda p: stable_matching(p, proposing="mentor"),
            lambda p: optimal_matching(p, method="flow"),
            lambda p: optimal_matching(p, method="lp"),
            lambda p: optimal_matching(p, method="assignment"),
        ],
    )
    def test_empty(self, solve: Callable[[MatchProblem], MatchResult]) -> None:
        """No mentees, or no mentors: an empty result, every mentee unmatched with a reason."""
        for mentors in (["m"], ["m", "k"]):
            empty = MatchProblem.from_scores([], mentors, np.zeros((0, len(mentors))), [1] * len(mentors))
            assert solve(empty) == MatchResult(solver=solve(empty).solver, assignments=(), unmatched=())
        result = solve(MatchProblem.from_scores(["a", "b"], [], np.zeros((2, 0)), np.zeros(0, dtype=int)))
        assert [(u.mentee, u.reason) for u in result.unmatched] == [("a", Blocker.NO_MENTOR), ("b", Blocker.NO_MENTOR)]

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"proposing": "both"}, InvalidValue, "proposing"),  # not a side
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, str], error: type[Exception], match: str) -> None:
        """Bad options raise naming the option."""
        p = MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1])
        with pytest.raises(error, match=match):
            stable_matching(p, **kwargs)  # type: ignore[arg-type]

    def test_not_a_problem(self) -> None:
        """Anything but a MatchProblem is refused."""
        with pytest.raises(WrongType, match="problem"):
            stable_matching([[1.0]])  # type: ignore[arg-type]


def random_feasible(p: MatchProblem, rng: random.Random) -> MatchResult:
    n, m = p.points.shape
    load = [0] * m
    assignments = []
    for i in rng.sample(range(n), n):
        options = [j for j in range(m) if p.allowed[i, j] and load[j] < p.capacities[j]]
        if options and rng.random() < 0.8:
            j = rng.choice(options)
            load[j] += 1
            assignments.append(Assignment(p.mentees[i], p.mentors[j], float(p.scores[i, j])))
    return MatchResult(solver="random", assignments=tuple(assignments), unmatched=())


class TestOptimalMatching:
    @settings(max_examples=80)
    @given(problems(max_mentees=5, max_mentors=3), st.randoms(use_true_random=False))
    def test_optimal_beats_stable_and_random_and_equals_brute_force(self, p: MatchProblem, rng: random.Random) -> None:
        """Both methods reach the brute-force best total, ≥ stable and ≥ a random feasible assignment."""
        best = best_total_brute_force(p)
        stable = stable_matching(p).total
        for method in ("flow", "lp", "assignment"):
            result = optimal_matching(p, method=method)  # type: ignore[arg-type]
            assert respects_constraints(p, result)
            assert result.total == pytest.approx(best)
            assert result.total >= stable - 1e-9
            assert result.total >= random_feasible(p, rng).total - 1e-9

    def test_one_point_is_better_than_none(self) -> None:
        """A pair worth one point (0.001) beats leaving its place to a pair worth nothing."""
        p = MatchProblem.from_scores(["a", "b", "c"], ["m"], [[0.0], [0.001], [0.002]], [1], allowed=[[1], [1], [0]])
        for method in ("flow", "lp", "assignment"):
            result = optimal_matching(p, method=method)  # type: ignore[arg-type]
            assert (result.mentor_of(), result.total) == ({"b": "m"}, 0.001)

    @settings(max_examples=25)
    @given(problems(max_mentees=30, max_mentors=12))
    def test_methods_agree_on_larger_instances(self, p: MatchProblem) -> None:
        """The LP with its dual certificate, the certified assignment and network simplex find the same total."""
        flow, lp = optimal_matching(p, method="flow"), optimal_matching(p, method="lp")
        assignment = optimal_matching(p, method="assignment")
        assert flow.total == pytest.approx(lp.total) == pytest.approx(assignment.total)
        assert respects_constraints(p, assignment)
        assert respects_constraints(p, lp)
        assert lp.total >= stable_matching(p, proposing="mentor").total - 1e-9

    @pytest.mark.parametrize("m", [9, 10, 20])  # one and two more than the LP's 8 first candidates, and many more
    def test_lp_adds_pairs_the_candidates_missed(self, m: int) -> None:
        """When every mentee's favourites are the same full mentors, the certificate pulls in other pairs."""
        n = 40
        rng = np.random.default_rng(3)
        scores = rng.integers(0, 5, size=(n, m)).astype(float)
        scores[:, :8] += 10  # everybody's top 8 are the same 8 mentors, capacity 1 each
        p = MatchProblem.from_scores([f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)], scores, np.ones(m, int))
        best = optimal_matching(p, method="flow").total
        assert optimal_matching(p, method="lp").total == pytest.approx(best)
        assert optimal_matching(p, method="assignment").total == pytest.approx(best)

    @settings(max_examples=60)
    @given(
        st.integers(1, 40),
        st.integers(1, 12),
        st.integers(0, 2**32 - 1),
        st.sampled_from([0.0, 0.3, 0.7]),
        st.booleans(),
    )
    def test_assignment_equals_linear_sum_assignment(
        self, n: int, m: int, seed: int, forbidden: float, negative: bool
    ) -> None:
        """The certified assignment's total equals SciPy's LSA on the capacity-expanded matrix, exactly in points.

        The expanded matrix has one column per mentor place and one "unmatched" column worth 0 per mentee; a pair
        that is not allowed or scores below 0 is worth 0 there (never better than staying unmatched).
        """
        from scipy.optimize import linear_sum_assignment  # noqa: PLC0415 - the optional extra

        rng = np.random.default_rng(seed)
        scores = rng.integers(-3000 if negative else 0, 10_001, size=(n, m)) / 1000
        allowed = rng.random((n, m)) >= forbidden
        caps = rng.integers(0, 4, size=m)
        p = MatchProblem.from_scores(
            [f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)], scores, caps, allowed=allowed
        )
        worth = np.where(p.allowed, np.maximum(p.points, 0), 0)
        expanded = np.hstack((np.repeat(worth, p.capacities, axis=1), np.zeros((n, n), np.int64)))
        rows, cols = linear_sum_assignment(expanded, maximize=True)
        result = optimal_matching(p, method="assignment")
        assert respects_constraints(p, result)
        row, col = {e: i for i, e in enumerate(p.mentees)}, {r: j for j, r in enumerate(p.mentors)}
        got = sum(int(p.points[row[a.mentee], col[a.mentor]]) for a in result.assignments)
        assert got == int(expanded[rows, cols].sum())

    def test_lp_solver_failure_is_a_teamcore_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If HiGHS gives up, method='lp' raises InvalidValue carrying HiGHS's message, not a SciPy result or error."""
        from scipy import optimize  # noqa: PLC0415 - the optional extra the LP method needs

        def gives_up(*_args: object, **_kwargs: object) -> optimize.OptimizeResult:
            return optimize.OptimizeResult(status=4, message="Numerical difficulties encountered.", x=None)

        monkeypatch.setattr(optimize, "linprog", gives_up)
        p = MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1])
        with pytest.raises(InvalidValue) as caught:
            optimal_matching(p, method="lp")
        assert (caught.value.field, caught.value.value, caught.value.expected) == (
            "problem",
            "Numerical difficulties encountered.",
            "a problem HiGHS solves",
        )

    def test_lp_gives_up_after_100_rounds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Duals that never certify the candidates (a broken solver) end in InvalidValue after 100 rounds, not a hang.

        One mentee and 900 mentors: the 8 first candidates and 8 more per round stay short of all 900 pairs.
        """
        from scipy import optimize  # noqa: PLC0415 - the optional extra the LP method needs

        def no_certificate(c: np.ndarray, **kwargs: np.ndarray) -> optimize.OptimizeResult:
            duals = optimize.OptimizeResult(marginals=np.zeros(len(kwargs["b_ub"])))
            return optimize.OptimizeResult(status=0, message="", x=np.zeros(len(c)), ineqlin=duals)

        monkeypatch.setattr(optimize, "linprog", no_certificate)
        m = 900
        p = MatchProblem.from_scores(
            ["a"], [f"r{j}" for j in range(m)], np.arange(1.0, m + 1)[None, :], np.ones(m, int)
        )
        with pytest.raises(InvalidValue) as caught:
            optimal_matching(p, method="lp")
        assert (caught.value.field, caught.value.value, caught.value.expected) == (
            "problem",
            "no convergence",
            "a problem solved in 100 rounds",
        )

    def test_lp_fractional_answer_is_made_integral(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Should HiGHS end off a vertex (x = 1/2 everywhere), the integer programme on those pairs finds the best."""
        from scipy import optimize  # noqa: PLC0415 - the optional extra the LP method needs

        real = optimize.linprog

        def off_vertex(*args: object, **kwargs: object) -> optimize.OptimizeResult:
            solved = real(*args, **kwargs)  # type: ignore[call-overload]
            solved.x = np.full_like(solved.x, 0.5)
            return solved

        monkeypatch.setattr(optimize, "linprog", off_vertex)
        p = MatchProblem.from_scores(["a", "b"], ["m", "k"], [[2.0, 3.0], [0.0, 2.0]], [1, 1])
        result = optimal_matching(p, method="lp")
        assert (result.mentor_of(), result.total) == ({"a": "m", "b": "k"}, 4.0)

    def test_unmatched_when_capacity_runs_out(self) -> None:
        """Three mentees, two places: one is unmatched with reason no_capacity."""
        p = MatchProblem.from_scores(["a", "b", "c"], ["m"], [[1.0], [2.0], [3.0]], [2])
        result = optimal_matching(p)
        assert sorted(result.mentor_of()) == ["b", "c"]
        assert [(u.mentee, u.reason) for u in result.unmatched] == [("a", Blocker.NO_CAPACITY)]

    def test_bad_method(self) -> None:
        """An unknown method is refused, naming it."""
        with pytest.raises(InvalidValue, match="method"):
            optimal_matching(MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1]), method="magic")  # type: ignore[arg-type]


class TestMatchProblem:
    @pytest.mark.parametrize(
        ("scores", "caps", "match"),
        [
            ([[1.0, 2.0]], [1], "capacities"),  # one capacity for two mentors
            ([[1.0]], [-1], "capacities"),  # negative capacity
            ([[float("nan")]], [1], "finite"),  # not a number
            ([[1.0], [2.0]], [1], "shape"),  # two rows for one mentee
        ],
    )
    def test_bad_input(self, scores: list[list[float]], caps: list[int], match: str) -> None:
        """Malformed matrices and capacities raise naming the field."""
        mentors = ["m", "k"][: len(scores[0])]
        with pytest.raises(InvalidValue, match=match):
            MatchProblem.from_scores(["a"], mentors, scores, np.array(caps))

    def test_capacity_zero_forbids(self) -> None:
        """A mentor with capacity 0 is not allowed for anyone."""
        p = MatchProblem.from_scores(["a"], ["m"], [[5.0]], [0])
        assert not p.allowed.any()
        assert stable_matching(p).unmatched[0].reason is Blocker.NO_CAPACITY


class TestVerifyStable:
    @pytest.mark.parametrize(
        ("assignments", "match"),
        [
            ([("a", "m"), ("b", "m")], "at most 1"),  # over capacity
            ([("c", "m")], "hard constraints"),  # a forbidden pair
            ([("a", "zed")], "problem's mentees and mentors"),  # unknown mentor
            ([("a", "m"), ("a", "k")], "at most once"),  # one mentee twice
        ],
    )
    def test_infeasible_results_are_refused(self, assignments: list[tuple[str, str]], match: str) -> None:
        """A result that breaks capacity or constraints is an error, not a list of blocking pairs."""
        p = MatchProblem.from_scores(
            ["a", "b", "c"], ["m", "k"], [[1.0, 1.0]] * 3, [1, 1], allowed=[[True, True], [True, True], [False, True]]
        )
        result = MatchResult(
            solver="hand", assignments=tuple(Assignment(e, r, 1.0) for e, r in assignments), unmatched=()
        )
        with pytest.raises(InvalidValue, match=match):
            verify_stable(p, result)

    def test_finds_the_blocking_pair(self) -> None:
        """Both prefer each other to what they got: that pair is reported."""
        p = MatchProblem.from_scores(["a", "b"], ["m", "k"], [[2.0, 1.0], [1.0, 2.0]], [1, 1])
        swapped = MatchResult(
            solver="hand", assignments=(Assignment("a", "k", 1.0), Assignment("b", "m", 1.0)), unmatched=()
        )
        assert sorted(verify_stable(p, swapped)) == [("a", "m"), ("b", "k")]


class TestContracts:
    """Every refusal names the field, carries the value received and says what was expected."""

    @pytest.mark.parametrize(
        ("assignments", "value", "expected"),
        [
            ([("a", "m"), ("b", "m")], "m", "at most 1 mentees for this mentor"),  # over capacity: the mentor
            ([("c", "m")], "c -> m", "only pairs hard constraints allow"),  # a forbidden pair
            ([("a", "zed")], "a -> zed", "pairs of the problem's mentees and mentors"),  # unknown mentor
            ([("zed", "k")], "zed -> k", "pairs of the problem's mentees and mentors"),  # unknown mentee
            ([("a", "m"), ("a", "k")], "a", "each mentee assigned at most once"),  # one mentee twice: the mentee
        ],
    )
    def test_verify_stable_errors(self, assignments: list[tuple[str, str]], value: str, expected: str) -> None:
        """An infeasible result is refused as field ``result``, with the offending pair, mentee or mentor."""
        p = MatchProblem.from_scores(
            ["a", "b", "c"], ["m", "k"], [[1.0, 1.0]] * 3, [1, 1], allowed=[[True, True], [True, True], [False, True]]
        )
        result = MatchResult(
            solver="hand", assignments=tuple(Assignment(e, r, 1.0) for e, r in assignments), unmatched=()
        )
        with pytest.raises(InvalidValue) as caught:
            verify_stable(p, result)
        assert (caught.value.field, caught.value.value, caught.value.expected) == ("result", value, expected)

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (
                lambda p: stable_matching(p, proposing="both"),  # type: ignore[arg-type]
                InvalidValue,
                "proposing",
                "both",
                "'mentee' or 'mentor'",
            ),
            (
                lambda p: optimal_matching(p, method="magic"),  # type: ignore[arg-type]
                InvalidValue,
                "method",
                "magic",
                "'auto', 'assignment', 'lp' or 'flow'",
            ),
            (
                lambda p: verify_stable([[1.0]], MatchResult(solver="x", assignments=(), unmatched=())),  # type: ignore[arg-type]
                WrongType,
                "problem",
                [[1.0]],
                "a MatchProblem (see matching_problem or MatchProblem.from_scores)",
            ),
        ],
    )
    def test_option_errors(
        self,
        call: Callable[[MatchProblem], object],
        error: type[ValidationError],
        field: str,
        value: object,
        expected: str,
    ) -> None:
        """A bad option or a problem of the wrong type names the field, the value and what is accepted."""
        p = MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1])
        with pytest.raises(error) as caught:
            call(p)
        assert (caught.value.field, caught.value.value, caught.value.expected) == (field, value, expected)


class TestMatchResult:
    def test_pairs_and_total(self) -> None:
        """A result turns into active mentoring pairs; its total is the sum of scores."""
        p = MatchProblem.from_scores(["a", "b"], ["m"], [[2.5], [1.0]], [2])
        result = stable_matching(p)
        assert result.total == 3.5
        pairs = result.pairs(dt.date(2026, 11, 23))
        assert [(x.mentor, x.mentee, x.since) for x in pairs] == [
            ("m", "a", dt.date(2026, 11, 23)),
            ("m", "b", dt.date(2026, 11, 23)),
        ]

    def test_auto_without_scipy_uses_flow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without SciPy, method='auto' falls back to networkx's network simplex."""
        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "scipy" else real(name, *a))
        p = MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1])
        assert optimal_matching(p).solver == "optimal (flow)"

    def test_lp_without_scipy_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """method='lp' without SciPy raises MissingDependency naming the call and the extra that installs it."""
        monkeypatch.setitem(sys.modules, "scipy.optimize", None)
        p = MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1])
        with pytest.raises(MissingDependency) as caught:
            optimal_matching(p, method="lp")
        assert (
            str(caught.value)
            == "optimal_matching(method='lp') needs the 'optimal' extra: pip install 'teamcore[optimal]'"
        )


def serial_dictatorship(p: MatchProblem, order: list[int]) -> dict[str, str]:
    """The one stable matching when every mentor ranks mentees alike: in that order, each takes their best free mentor.

    A mentee's best is the most points, ties to the mentor listed first; only allowed pairs count.
    """
    m = len(p.mentors)
    left = [int(c) for c in p.capacities]
    result = {}
    for i in order:
        options = [j for j in range(m) if p.allowed[i, j] and left[j] > 0]
        if options:
            j = max(options, key=lambda j: (int(p.points[i, j]), -j))
            left[j] -= 1
            result[p.mentees[i]] = p.mentors[j]
    return result


class TestKnownAnswers:
    """Solvers against answers worked out independently of them, and what a result says."""

    @pytest.mark.parametrize("seed", [1, 2])
    def test_mentors_ranking_mentees_alike_have_one_stable_matching(self, seed: int) -> None:
        """150 mentees, 80 mentors of 0-3 places, a third of the pairs forbidden, every mentor rating mentees alike.

        Then the stable matching is unique, whoever proposes: mentees in the mentors' order each take their best
        mentor with a place left. Mentees read past their first 16 and 64 choices, mentors past their first 32 and 128.
        """
        n, m = 150, 80
        rng = np.random.default_rng(seed)
        scores = rng.integers(-3, 10, size=(n, m)).astype(float)  # ties, and negative scores are still acceptable
        level = rng.integers(0, 40, size=n)  # how every mentor rates each mentee: ties, broken by the mentee's index
        theirs = np.tile(level.astype(float)[:, None], (1, m))
        allowed = rng.random((n, m)) < 0.67
        caps = rng.integers(0, 4, size=m)
        p = MatchProblem.from_scores(
            [f"e{i}" for i in range(n)],
            [f"r{j}" for j in range(m)],
            scores,
            caps,
            allowed=allowed,
            mentor_scores=theirs,
        )
        expected = serial_dictatorship(p, sorted(range(n), key=lambda i: (-level[i], i)))
        assert len(expected) < n  # some mentees are left over
        for proposing in ("mentee", "mentor"):
            result = stable_matching(p, proposing=proposing)  # type: ignore[arg-type]
            assert result.mentor_of() == expected
            assert result.solver == f"stable ({proposing}-proposing)"

    @pytest.mark.parametrize("proposing", ["mentee", "mentor"])
    def test_a_mentee_goes_down_to_their_last_choice(self, proposing: str) -> None:
        """Past their first 16 choices, one mentee reaches the 17th (worth 0), another runs out after exactly 16.

        Mentors r0-r16 each hold their own f0-f16 first (r1 keeps a free place); "late" and "last" may have r0 and
        r2-r16, and "late" also r19.
        """
        n, m = 19, 20
        allowed = np.zeros((n, m), dtype=bool)
        allowed[np.arange(17), np.arange(17)] = True
        allowed[17:, [0, *range(2, 17)]] = True
        allowed[17, 19] = True
        scores = np.where(allowed, 5.0, 0.0)
        scores[17, 19] = 0.0
        theirs = np.where(np.arange(n)[:, None] < 17, 2.0, 1.0) * np.ones((1, m))
        caps = np.ones(m, int)
        caps[1] = 2
        mentees = [*(f"f{j}" for j in range(17)), "late", "last"]
        p = MatchProblem.from_scores(
            mentees, [f"r{j}" for j in range(m)], scores, caps, allowed=allowed, mentor_scores=theirs
        )
        result = stable_matching(p, proposing=proposing)  # type: ignore[arg-type]
        assert result.mentor_of() == {**{f"f{j}": f"r{j}" for j in range(17)}, "late": "r19"}
        assert [(u.mentee, u.reason) for u in result.unmatched] == [("last", Blocker.NO_CAPACITY)]

    def test_the_proposing_side_gets_its_best_stable_matching(self) -> None:
        """The two sides rank each other in opposite ways: two stable matchings, each side's best when it proposes."""
        p = MatchProblem.from_scores(
            ["a", "b"], ["x", "y"], [[2.0, 1.0], [1.0, 2.0]], [1, 1], mentor_scores=[[1.0, 2.0], [2.0, 1.0]]
        )
        mentees_best, mentors_best = stable_matching(p), stable_matching(p, proposing="mentor")
        assert (mentees_best.mentor_of(), mentors_best.mentor_of()) == ({"a": "x", "b": "y"}, {"a": "y", "b": "x"})
        assert verify_stable(p, mentees_best) == verify_stable(p, mentors_best) == []

    def test_mentor_ties_go_to_the_mentee_listed_first(self) -> None:
        """A mentor who scores two mentees alike takes the one listed first, whichever side proposes."""
        p = MatchProblem.from_scores(["a", "b", "c"], ["m"], [[1.0], [2.0], [2.0]], [1])
        for proposing in ("mentee", "mentor"):
            assert stable_matching(p, proposing=proposing).mentor_of() == {"b": "m"}  # type: ignore[arg-type]

    @pytest.mark.parametrize("proposing", ["mentee", "mentor"])
    def test_a_mentee_listed_first_displaces_a_tied_mentee_held_earlier(self, proposing: str) -> None:
        """m rates b and c alike and holds c first; b, turned away by k, takes c's place as the mentee listed first."""
        p = MatchProblem.from_scores(
            ["b", "c", "x"],
            ["m", "k"],
            [[1.0, 2.0], [2.0, 0.0], [0.0, 1.0]],
            [1, 1],
            allowed=[[True, True], [True, False], [False, True]],
            mentor_scores=[[1.0, 1.0], [1.0, 0.0], [0.0, 2.0]],
        )
        assert stable_matching(p, proposing=proposing).mentor_of() == {"b": "m", "x": "k"}  # type: ignore[arg-type]

    @pytest.mark.parametrize("proposing", ["mentee", "mentor"])
    def test_a_mentee_keeps_the_tied_mentor_listed_first(self, proposing: str) -> None:
        """The third mentee, scoring x and y alike, is kept by x (listed first) when y proposes later."""
        p = MatchProblem.from_scores(
            ["a", "b", "c"], ["x", "y"], [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]], [1, 1], allowed=[[0, 0], [0, 0], [1, 1]]
        )
        assert stable_matching(p, proposing=proposing).mentor_of() == {"c": "x"}  # type: ignore[arg-type]

    @pytest.mark.parametrize("proposing", ["mentee", "mentor"])
    def test_negative_scores_rank_below_zero(self, proposing: str) -> None:
        """Negative scores are ranked like any other number, and a pair scoring below 0 is still acceptable."""
        p = MatchProblem.from_scores(["a", "b", "c"], ["x", "y"], [[-2.0, -1.0], [-1.0, -3.0], [-5.0, -4.0]], [1, 1])
        assert stable_matching(p, proposing=proposing).mentor_of() == {"a": "y", "b": "x"}  # type: ignore[arg-type]

    def test_results_use_the_mentee_side_score_in_mentee_order(self) -> None:
        """Assignments and unmatched mentees come in mentee order; an assignment's score is the mentee side's."""
        p = MatchProblem.from_scores(
            ["a", "b", "c", "d"],
            ["m", "k"],
            [[1.0, 2.0], [3.0, 0.5], [0.25, 0.75], [1.0, 1.0]],
            [1, 1],
            mentor_scores=[[9.0, 9.0], [8.0, 8.0], [1.0, 1.0], [2.0, 2.0]],
        )
        for result in (stable_matching(p), stable_matching(p, proposing="mentor"), optimal_matching(p)):
            assert result.assignments == (Assignment("a", "k", 2.0), Assignment("b", "m", 3.0))
            assert [u.mentee for u in result.unmatched] == ["c", "d"]
            assert result.total == 5.0

    @pytest.mark.parametrize("method", ["flow", "lp", "assignment"])
    def test_optimal_names_its_method(self, method: str) -> None:
        """The result says which optimal method found it; ``auto`` with SciPy installed is the assignment."""
        p = MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1])
        assert optimal_matching(p, method=method).solver == f"optimal ({method})"  # type: ignore[arg-type]
        assert optimal_matching(p).solver == "optimal (assignment)"

    @pytest.mark.parametrize("method", ["flow", "lp", "assignment"])
    def test_pairs_worth_nothing_are_made_while_places_last(self, method: str) -> None:
        """Mentees whose every pair scores 0 are placed at their mentors' free places, one mentee per place."""
        p = MatchProblem.from_scores(
            ["d", "a", "b", "c"], ["m", "k"], [[5.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [1, 3]
        )
        result = optimal_matching(p, method=method)  # type: ignore[arg-type]
        assert result.mentor_of() == {"d": "m", "a": "k", "b": "k", "c": "k"}
        assert result.total == 5.0
        fewer = MatchProblem.from_scores(["a", "b", "c"], ["m"], [[0.0], [0.0], [0.0]], [2])
        result = optimal_matching(fewer, method=method)  # type: ignore[arg-type]
        assert len(result.assignments) == 2
        assert [u.reason for u in result.unmatched] == [Blocker.NO_CAPACITY]

    @pytest.mark.parametrize("method", ["flow", "lp", "assignment"])
    def test_optimal_leaves_out_pairs_scoring_below_zero(self, method: str) -> None:
        """A pair that scores below 0 lowers the total: the optimum leaves that mentee unmatched, and says why."""
        p = MatchProblem.from_scores(["a", "b"], ["m", "k"], [[-1.0, -0.5], [2.0, -2.0]], [1, 1])
        result = optimal_matching(p, method=method)  # type: ignore[arg-type]
        assert (result.mentor_of(), result.total) == ({"b": "m"}, 2.0)
        assert [(u.mentee, u.reason, u.detail) for u in result.unmatched] == [
            ("a", Blocker.NO_CAPACITY, "every mentor with a free place they could work with scores below 0 for them")
        ]

    def test_unmatched_details(self) -> None:
        """Each reason comes with its sentence; a crowded-out mentee is told how many mentors they could have had."""
        p = MatchProblem.from_scores(
            ["a", "b", "c", "d", "e"],
            ["m", "k", "z"],
            [[1.0, 1.0, 1.0], [2.0, 2.0, 1.0], [3.0, 3.0, 1.0], [4.0, 4.0, 1.0], [5.0, 1.0, 1.0]],
            [1, 1, 0],
            allowed=[[True] * 3, [False, False, True], [False] * 3, [True] * 3, [True] * 3],
        )
        p = attrs.evolve(p, blockers={**p.blockers, "c": Blocker.NO_OVERLAP})
        skills = attrs.evolve(p, blockers={**p.blockers, "c": Blocker.NO_SKILL_COVERAGE})
        result = stable_matching(p)
        assert result.mentor_of() == {"d": "k", "e": "m"}
        assert [(u.mentee, u.reason, u.detail) for u in result.unmatched] == [
            ("a", Blocker.NO_CAPACITY, "all 2 mentors they could work with are full"),
            ("b", Blocker.NO_CAPACITY, "every mentor they could work with has no free place"),
            ("c", Blocker.NO_OVERLAP, "no mentor with free places shares any working hours with them"),
        ]
        assert (
            stable_matching(skills).unmatched[2].detail == "no mentor with free places covers any of their skill gaps"
        )
        alone = stable_matching(MatchProblem.from_scores(["a"], [], np.zeros((1, 0)), np.zeros(0, dtype=int)))
        assert [u.detail for u in alone.unmatched] == ["there is no mentor with a free place"]

    def test_pairs_since_defaults_to_none(self) -> None:
        """``pairs()`` without a date gives active pairs with no start date."""
        result = stable_matching(MatchProblem.from_scores(["a"], ["m"], [[1.0]], [1]))
        assert [(x.mentor, x.mentee, x.since) for x in result.pairs()] == [("m", "a", None)]


class TestPoints:
    @settings(max_examples=60)
    @given(problems(max_mentees=9, max_mentors=5), st.integers(1, 11))
    def test_points_in_blocks_are_the_rounded_scores(self, p: MatchProblem, chunk: int) -> None:
        """Points computed a block of rows at a time are rint(scores * SCALE), whatever the block size."""
        from teamcore.mentoring import SCALE, _problem  # noqa: PLC0415 - the block size is the private knob

        original = _problem._CHUNK
        try:
            _problem._CHUNK = chunk
            again = MatchProblem.from_scores(p.mentees, p.mentors, p.scores, p.capacities, allowed=p.allowed)
        finally:
            _problem._CHUNK = original
        assert np.array_equal(again.points, np.rint(p.scores * SCALE).astype(np.int64))
        assert again.points.dtype == np.int64
        assert again.mentor_points is again.points
