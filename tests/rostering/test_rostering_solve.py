"""Tests for the CP-SAT roster solver: the worked example, infeasible minimums, determinism, DST, fairness."""

from __future__ import annotations

import datetime as dt
import math
import sys
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import MissingDependency, OutOfRange, WrongType
from teamcore.people import Member, TimeOff
from teamcore.rostering import (
    Availability,
    Contract,
    LabourRules,
    RosterProblem,
    RosterResult,
    ShiftTemplate,
    check_roster,
    solve,
    uncovered,
)
from tests.rostering.example import MONDAY, members, problem

pytest.importorskip("ortools")

H = dt.timedelta(hours=1)
LIMIT = 3.0
"""Deterministic seconds per solve: small instances, a few seconds each."""


@pytest.fixture(scope="module")
def worked() -> tuple[RosterProblem, RosterResult]:
    """The worked example, solved once for the module."""
    p = problem()
    return p, solve(p, time_limit=LIMIT)


class TestWorkedExample:
    def test_passes_the_checker(self, worked):
        """The roster keeps every rule."""
        p, result = worked
        assert check_roster(p, result.roster) == []
        assert result.binding == ()

    def test_shortfall_is_proved_minimal(self, worked):
        """Swedish and Portuguese 09:00-17:00 fit 8.5-hour shifts; the optimum leaves two English hours short."""
        p, result = worked
        assert result.phases[0].name == "shortfall"
        assert result.status == "optimal"
        assert result.gap == 0
        assert result.shortfall == result.phases[0].objective == 2
        assert list(result.uncovered) == uncovered(p, result.roster)

    def test_every_language_is_served_by_its_speakers(self, worked):
        """Swedish hours are covered by the Stockholm members, Portuguese ones by São Paulo's."""
        p, result = worked
        assert not [u for u in result.uncovered if u.group in {"sv", "pt"}]
        assert {a.member for a in result.roster} == {m.id for m in p.members}

    def test_phases_report_their_gap(self, worked):
        """Three phases, each with a status, an objective and a bound."""
        _, result = worked
        assert [ph.name for ph in result.phases] == ["shortfall", "unfairness", "preferences"]
        for ph in result.phases:
            assert ph.status in {"optimal", "feasible"}
            assert ph.bound <= ph.objective + 1e-6
            assert 0 <= ph.gap <= 1

    def test_fairness_lowers_the_worst_burden(self, worked):
        """With the fairness objective the worst member's unsocial burden is below the roster found without it."""
        p, fair = worked
        plain = solve(p, time_limit=LIMIT, fairness=False)
        assert check_roster(p, plain.roster) == []
        assert plain.shortfall == fair.shortfall
        assert max(fair.burden.values()) < max(plain.burden.values())
        assert sum(fair.fair_share.values()) == pytest.approx(sum(fair.burden.values()))

    def test_region_burden_sums_members(self, worked):
        """Burden per country adds up the members'."""
        p, result = worked
        regions = result.region_burden(p)
        assert set(regions) == {"SE", "PH", "BR"}
        assert sum(regions.values()) == pytest.approx(sum(result.burden.values()))

    def test_deterministic_for_a_seed(self, worked):
        """The same problem and seed give the same roster."""
        p, result = worked
        again = solve(p, time_limit=LIMIT)
        assert again.roster == result.roster


class TestNeverJustNo:
    def test_impossible_minimum_names_the_binding_rule(self):
        """A 45-hour minimum under a 40-hour week cannot hold: it is named and the rest of the roster stands."""
        contracts = {m.id: Contract(max_hours=40) for m in members()}
        contracts["anna"] = Contract(min_hours=45, max_hours=50)
        p = problem(contracts=contracts)
        result = solve(p, time_limit=LIMIT)
        assert result.binding == ("contract_min:anna",)
        assert result.reasons == {"contract_min:anna": ("hours_per_week",)}
        assert [(v.rule, v.member) for v in check_roster(p, result.roster)] == [("contract_min", "anna")]
        assert len(result.roster) > 0

    def test_minimum_impossible_because_of_time_off(self):
        """Time off all week makes any minimum impossible for that member only."""
        away = Member(
            id="erik",
            name="Erik",
            timezone="Europe/Stockholm",
            country="SE",
            languages=["sv", "en"],
            time_off=[TimeOff(dt.date(2026, 11, 23), dt.date(2026, 11, 29))],
        )
        people = [away if m.id == "erik" else m for m in members()]
        contracts = {m.id: Contract(min_hours=16, max_hours=40) for m in people}
        p = problem(members=people, contracts=contracts)
        result = solve(p, time_limit=LIMIT)
        assert result.binding == ("contract_min:erik",)
        assert result.reasons == {"contract_min:erik": ("shifts",)}
        assert [(v.rule, v.member) for v in check_roster(p, result.roster)] == [("contract_min", "erik")]
        assert not result.roster.for_member("erik")

    def test_more_required_than_members_gives_a_partial_roster(self):
        """Three agents in every hour from six members: a partial roster, its uncovered intervals, no broken rule."""
        p = problem(requirement={"*": [3] * 168})
        result = solve(p, time_limit=LIMIT)
        assert check_roster(p, result.roster) == []
        assert result.shortfall > 0
        assert result.shortfall == sum(u.missing for u in result.uncovered)
        assert result.binding == ()


class TestRulesHold:
    def test_tight_rules_hold(self):
        """Rest 12 h, 4 days in a row, 2 days off, one weekend, hard and soft availability: the checker agrees."""
        rules = LabourRules(
            min_rest=12 * H,
            max_consecutive_days=4,
            min_days_off_per_week=2,
            max_weekends=0,
            weekend_window=1,
            max_hours_per_week=32,
        )
        availability = [
            Availability(member="maria", start=dt.time(12), end=dt.time(0), days=["mon", "tue"]),
            Availability(member="anna", start=dt.time(13), end=dt.time(0), hard=False, weight=5),
        ]
        p = problem(rules=rules, availability=availability)
        result = solve(p, time_limit=LIMIT)
        assert check_roster(p, result.roster) == []
        assert result.phases[-1].objective == sum(p.preference_cost(a) for a in result.roster)

    def test_nights_across_fall_back(self):
        """Night shifts in Stockholm over the fall-back weekend: the checker passes and one night lasts 10 h."""
        sthlm = [m for m in members() if m.timezone == "Europe/Stockholm"]
        night = ShiftTemplate(name="night", starts=[dt.time(22)], length=9 * H)
        start = dt.datetime(2026, 10, 19, tzinfo=dt.UTC)
        zone = sthlm[0].zone
        need = [1 if (start + k * H).astimezone(zone).hour in {23, 0, 1, 2, 3, 4, 5} else 0 for k in range(168)]
        p = RosterProblem(
            members=sthlm,
            templates=[night],
            requirement={"sv": need},
            start=start,
            step=H,
            now=start,
            rules=LabourRules(max_nights_per_week=4, max_hours_per_day=10),
        )
        result = solve(p, time_limit=LIMIT)
        assert check_roster(p, result.roster) == []
        fold = [a for a in result.roster if a.local_date == dt.date(2026, 10, 24)]
        assert fold
        assert all(a.hours == 10 for a in fold)
        assert all(p.unsocial(a).night >= 9 for a in result.roster)

    def test_now_excludes_the_past(self):
        """No shift starts before `now`."""
        now = MONDAY + dt.timedelta(days=3)
        p = problem(now=now)
        result = solve(p, time_limit=LIMIT)
        assert all(a.start >= now for a in result.roster)
        assert check_roster(p, result.roster) == []


class TestErrors:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"time_limit": 0}, OutOfRange, "time_limit"),  # no time at all
            ({"time_limit": "5"}, WrongType, "time_limit"),  # a string
            ({"seed": 1.5}, WrongType, "seed"),  # not an integer
        ],
    )
    def test_invalid(self, kwargs, error, match):
        """Bad arguments raise errors naming them."""
        with pytest.raises(error, match=match):
            solve(problem(), **kwargs)

    def test_without_ortools(self):
        """Without OR-tools, one line names the extra."""
        missing = dict.fromkeys(["ortools", "ortools.sat", "ortools.sat.python", "ortools.sat.python.cp_model"])
        with (
            mock.patch.dict(sys.modules, missing),
            pytest.raises(MissingDependency, match=r"pip install 'teamcore\[rostering\]'"),
        ):
            solve(problem())


class TestSolverAgreesWithChecker:
    @settings(max_examples=8, deadline=None)
    @given(
        rest=st.sampled_from([8, 11, 14]),
        per_day=st.sampled_from([8, 10]),
        per_week=st.sampled_from([16, 24, 40]),
        consecutive=st.integers(1, 4),
        days_off=st.integers(0, 4),
        weekends=st.tuples(st.integers(0, 1), st.integers(1, 2)),
        nights=st.integers(0, 3),
        zone=st.sampled_from(["Europe/Stockholm", "Asia/Manila", "America/Sao_Paulo"]),
        start=st.sampled_from([dt.datetime(2026, 10, 21, tzinfo=dt.UTC), dt.datetime(2026, 11, 25, tzinfo=dt.UTC)]),
    )
    def test_any_rules(self, rest, per_day, per_week, consecutive, days_off, weekends, nights, zone, start):
        """Under random rules, across the fall-back weekend or not, the solver's roster passes the checker."""
        country = {"Europe/Stockholm": "SE", "Asia/Manila": "PH", "America/Sao_Paulo": "BR"}[zone]
        team = [Member(id=f"m{i}", name=f"M{i}", timezone=zone, country=country, languages=["en"]) for i in range(2)]
        shapes = [
            ShiftTemplate(name="day", starts=[dt.time(6), dt.time(9)], length=8 * H),
            ShiftTemplate(name="night", starts=[dt.time(21), dt.time(22)], length=9 * H, unpaid_break=H),
        ]
        rules = LabourRules(
            min_rest=rest * H,
            max_hours_per_day=per_day,
            max_hours_per_week=per_week,
            max_consecutive_days=consecutive,
            min_days_off_per_week=days_off,
            max_weekends=min(weekends),
            weekend_window=max(weekends),
            max_nights_per_week=nights,
        )
        p = RosterProblem(
            members=team, templates=shapes, requirement={"en": [1] * (24 * 12)}, start=start, step=H, now=start,
            rules=rules, contracts={m.id: Contract(max_hours=40) for m in team},
        )  # fmt: skip
        result = solve(p, time_limit=0.5)
        assert check_roster(p, result.roster) == []
        assert result.roster.assignments
        assert result.shortfall == sum(u.missing for u in uncovered(p, result.roster))


@pytest.fixture(scope="module")
def large() -> tuple[RosterProblem, RosterResult]:
    """30 members (above the greedy start's threshold) in three offices over three days, solved once."""
    offices = [("Europe/Stockholm", "SE"), ("Asia/Manila", "PH"), ("America/Sao_Paulo", "BR")]
    team = [
        Member(id=f"m{i:02d}", name=f"M{i}", timezone=offices[i % 3][0], country=offices[i % 3][1], languages=["en"])
        for i in range(30)
    ]
    need = [4 + (k % 24 >= 8) * 4 for k in range(72)]
    p = problem(
        members=team,
        requirement={"en": need},
        contracts={m.id: Contract(max_hours=40) for m in team},
    )
    return p, solve(p, time_limit=LIMIT, fairness=False)


class TestLargeTeam:
    def test_greedy_start_keeps_every_rule(self, large):
        """A team large enough to start from the greedy roster: the checker finds nothing, coverage is reported."""
        p, result = large
        assert check_roster(p, result.roster) == []
        assert result.status in {"optimal", "feasible"}
        assert result.shortfall == sum(u.missing for u in uncovered(p, result.roster))

    def test_greedy_start_covers_most(self, large):
        """Thirty members can cover four to eight agents around the clock for three days: at most 5% is short."""
        p, result = large
        need = sum(sum(row) for row in p.requirement.values())
        assert result.shortfall <= 0.05 * need
        assert result.phases[0].bound <= result.phases[0].objective

    def test_greedy_start_is_deterministic(self, large):
        """The greedy start and the search after it give the same roster again for the same seed."""
        p, result = large
        assert solve(p, time_limit=LIMIT, fairness=False).roster == result.roster

    def test_greedy_start_keeps_fixed_and_forbidden_shifts(self, large):
        """Re-rostering a large team: the greedy start takes the fixed shifts and leaves the forbidden ones.

        A candidate shift the first roster does not have is fixed and a shift it has is forbidden; the roster keeps
        both decisions and every rule, and covers nearly as much as before.
        """
        p, result = large
        taken = set(result.roster.assignments)
        first = next(a for a in p.candidates("m00") if a not in taken)
        given_away = next(a for a in result.roster.assignments if a.member != "m00")
        re_solved = solve(p, time_limit=LIMIT, fairness=False, fixed=[first], forbidden=[given_away])
        assert first in re_solved.roster.assignments
        assert given_away not in re_solved.roster.assignments
        assert re_solved.binding == ()
        assert check_roster(p, re_solved.roster) == []
        need = sum(sum(row) for row in p.requirement.values())
        assert re_solved.shortfall <= 0.05 * need


class TestPhase:
    def test_unknown_gap_is_nan(self):
        """A phase without a solution has no gap to report, not a gap of 0."""
        from teamcore.rostering import Phase  # noqa: PLC0415

        assert math.isnan(Phase("shortfall", "unknown", math.nan, math.nan, 1.0).gap)
        assert Phase("shortfall", "feasible", 10.0, 9.0, 1.0).gap == pytest.approx(0.1)
