"""assert_type cases for the day-to-day questions of teamcore.rostering and the roster as a Schedule."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

from teamcore import Schedule
from teamcore.rostering import (
    Roster,
    RosterProblem,
    RosterResult,
    ShiftAssignment,
    SwapCheck,
    TimeOffDecision,
    Uncovered,
    Verdict,
    Violation,
    approve_time_off,
    check_swap,
    fixed_name,
    load_roster,
    solve,
)
from teamcore.scheduling import Coverage, coverage
from teamcore.staffing import Comparison, StaffingPlan


def questions(problem: RosterProblem, roster: Roster, a: ShiftAssignment, b: ShiftAssignment) -> None:
    """Time off, swaps and fixed shifts give their frozen answers."""
    decision = approve_time_off(problem, roster, "anna", dt.date(2026, 11, 24), dt.date(2026, 11, 24))
    assert_type(decision, TimeOffDecision)
    assert_type(decision.verdict, Verdict)
    assert_type(decision.cost, dict[str, int])
    assert_type(decision.cost_with_cover, dict[str, int] | None)
    assert_type(decision.shortfall(), tuple[Uncovered, ...])
    assert_type(decision.resolved, RosterResult | None)
    swap = check_swap(problem, roster, a, b)
    assert_type(swap, SwapCheck)
    assert_type(check_swap(problem, roster, a, "erik").introduced, tuple[Violation, ...])
    assert_type(swap.ok, bool)
    assert_type(solve(problem, fixed=roster, forbidden=[a]), RosterResult)
    assert_type(fixed_name(a), str)
    assert_type(load_roster("roster.csv"), Roster)


def schedule(problem: RosterProblem, roster: Roster, plan: StaffingPlan) -> None:
    """A roster is a Schedule for coverage and staffing."""
    as_schedule: Schedule = roster
    assert_type(coverage(problem.members, problem.start, problem.end, schedule=as_schedule), Coverage)
    assert_type(plan.against(problem.members, schedule=roster), Comparison)
