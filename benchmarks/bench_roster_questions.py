"""Day-to-day questions at organisation scale: approve_time_off and check_swap against re-checking the whole roster.

The roster: 200 members in Stockholm, Manila and São Paulo (three languages), four weeks of 30-minute intervals, a
weekday day shift each (4,000 shifts); the requirement: 20 agents per language in every interval.

teamcore: :func:`teamcore.rostering.approve_time_off` (three days off for one member) and
:func:`teamcore.rostering.check_swap` (one shift given to another member), which check the rules of the members a
question touches only and recount the coverage on the intervals the changed shifts touch.

Baseline: what a user writes with the public checker and nothing else, and what those functions first did: the
same answer from :func:`check_roster` and :func:`uncovered` on the whole roster before and after (the problem with
the time off, the roster without the member's shifts). Fair because it is the obvious correct way with the same
two definitions, and both give the same answer (checked on every run). No peer tool has these questions:
pyworkforce rosters, but cannot check a change to a roster.

Run: ``python benchmarks/bench_roster_questions.py [--members 200] [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import attrs

from teamcore.people import Member, TimeOff
from teamcore.rostering import (
    LabourRules,
    Roster,
    RosterProblem,
    ShiftTemplate,
    approve_time_off,
    check_roster,
    check_swap,
    uncovered,
)

START = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
OFFICES = (("Europe/Stockholm", "SE", ["sv", "en"]), ("Asia/Manila", "PH", ["en"]),
           ("America/Sao_Paulo", "BR", ["pt-BR", "en"]))  # fmt: skip


def build(members: int) -> tuple[RosterProblem, Roster]:
    """The problem and a rule-abiding roster of weekday day shifts."""
    team = [
        Member(id=f"m{i:04d}", name=f"M{i}", timezone=OFFICES[i % 3][0], country=OFFICES[i % 3][1],
               languages=OFFICES[i % 3][2])
        for i in range(members)
    ]  # fmt: skip
    day = ShiftTemplate(
        name="day", starts=[dt.time(8)], length=dt.timedelta(hours=8, minutes=30), unpaid_break=dt.timedelta(minutes=30)
    )
    intervals = 4 * 7 * 48
    problem = RosterProblem(
        members=team,
        templates=[day],
        requirement={g: [members // 10] * intervals for g in ("en", "sv", "pt")},
        start=START,
        step=dt.timedelta(minutes=30),
        now=START - dt.timedelta(days=1),
        rules=LabourRules(max_hours_per_week=40),
    )
    shifts = []
    for m in team:
        for d in range(28):
            date = START.date() + dt.timedelta(days=d)
            if date.weekday() < 5:
                a = problem.shift(m.id, "day", date, dt.time(8))
                if problem.start <= a.start and a.end <= problem.end:
                    shifts.append(a)
    return problem, Roster(shifts)


def baseline_time_off(problem: RosterProblem, roster: Roster, member: str, first: dt.date, last: dt.date) -> Any:
    """The same question from the whole roster: removed shifts, coverage cost per group, new violations."""
    m = problem.member(member)
    asked = attrs.evolve(
        problem,
        members=[attrs.evolve(m, time_off=[*m.time_off, TimeOff(first, last)]) if x.id == member else x
                 for x in problem.members],
    )  # fmt: skip
    removed = {a for v in check_roster(asked, roster) if v.rule == "time_off" for a in v.shifts}
    without = Roster(a for a in roster.assignments if a not in removed)
    before, after = uncovered(problem, roster), uncovered(asked, without)
    new = set(check_roster(asked, without)) - set(check_roster(problem, roster))
    cost: dict[str, int] = {}
    for u in after:
        cost[u.group] = cost.get(u.group, 0) + u.missing
    for u in before:
        cost[u.group] = cost.get(u.group, 0) - u.missing
    return removed, {g: n for g, n in cost.items() if n}, new, tuple(after)


def baseline_swap(problem: RosterProblem, roster: Roster, a: Any, member: str) -> Any:
    moved = attrs.evolve(a, member=member, local_date=a.start.astimezone(problem.member(member).zone).date())
    swapped = Roster([*(x for x in roster.assignments if x != a), moved])
    new = set(check_roster(problem, swapped)) - set(check_roster(problem, roster))
    return new, tuple(uncovered(problem, swapped))


def median(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    problem, roster = build(args.members)
    print(f"{args.members} members x 4 weeks x 30 min, 3 languages: {len(roster)} shifts")
    member, first, last = "m0000", dt.date(2026, 11, 24), dt.date(2026, 11, 26)
    ours, decision = median(lambda: approve_time_off(problem, roster, member, first, last), args.repeats)
    theirs, (removed, cost, new, after) = median(
        lambda: baseline_time_off(problem, roster, member, first, last), max(1, args.repeats // 2)
    )
    assert set(decision.removed) == removed
    assert decision.cost == cost
    assert set(decision.violations) == new
    assert decision.after == after
    print(f"approve_time_off: teamcore {ours:.3f} s, whole-roster re-check {theirs:.3f} s, {theirs / ours:.1f}x"
          f" (verdict {decision.verdict}, {len(removed)} shifts removed)")  # fmt: skip
    shift = roster.for_member(member)[0]
    ours, swap = median(lambda: check_swap(problem, roster, shift, "m0003"), args.repeats)
    theirs, (new, after) = median(lambda: baseline_swap(problem, roster, shift, "m0003"), max(1, args.repeats // 2))
    assert set(swap.introduced) == new
    assert swap.after == after
    print(f"check_swap: teamcore {ours:.3f} s, whole-roster re-check {theirs:.3f} s, {theirs / ours:.1f}x"
          f" ({len(new)} violations introduced)")  # fmt: skip
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
