"""Rostering: teamcore's CP-SAT `solve` against pyworkforce, at scale, and with and without the fairness objective.

(a) **pyworkforce** (0.5.1), on what both can express: one week, hourly intervals, one group, 30 members in one
    zone, three fixed 8-hour shifts (early 06-14, mid 10-18, late 16-24 local) and an Erlang C requirement from a
    simulated forecast. pyworkforce's workflow: ``MinRequiredResources`` (or ``MinAbsDifference``) chooses how many
    agents per shift and day, ``MinHoursRoster`` assigns members (at most ``max_resting`` days off, the 11-hour rest
    as ``non_sequential_shifts`` late -> early and late -> mid). Each answer becomes a teamcore ``Roster`` (the
    schedulers' counts given to members round-robin, as a lead would without a rostering tool) and is judged by the
    same independent ``check_roster`` and ``uncovered`` as teamcore's own roster. pyworkforce cannot express: time
    zones or DST (day indices only), a maximum of hours per week (only a minimum over the horizon), rest as a
    duration (only forbidden shift pairs), public holidays, contracts per member, fairness of unsocial hours; and it
    answers INFEASIBLE with no roster when the requirement cannot be met in full.
(b) **scale**: 200 and 500 members in Stockholm, Manila, São Paulo and Lisbon, four weeks of 30-minute intervals,
    three languages, Erlang C requirement per language (``_roster_problems.py``); wall time, status, gap.
(c) **fairness**: worst member's unsocial burden against the fair share, ``fairness=True`` vs ``False``.

Every roster is checked: ``check_roster`` must find no violation in teamcore's rosters (asserted).

Run: ``python benchmarks/bench_roster.py [pyworkforce|scale|fairness|all] [--members 200,500] [--limit 20]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import time
from collections import Counter

import numpy as np

import _roster_problems as rp  # benchmarks run as scripts; their folder is on sys.path
from teamcore.people import Member
from teamcore.rostering import (
    Contract,
    LabourRules,
    Roster,
    RosterProblem,
    ShiftTemplate,
    check_roster,
    solve,
    uncovered,
)
from teamcore.staffing import StaffingCriteria, required_agents

H = dt.timedelta(hours=1)
WEEK = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)  # Stockholm is UTC+1 all week; no holiday in SE
ZONE = "Europe/Stockholm"
SHIFTS = {"early": 6, "mid": 10, "late": 16}  # local start hour, 8 hours each


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


# -- (a) pyworkforce ---------------------------------------------------------------------------------------------
def small_problem(n: int = 30) -> RosterProblem:
    """One week, hourly, one group; the requirement 06:00-24:00 local from Erlang C on a simulated forecast."""
    import zoneinfo  # noqa: PLC0415

    zone = zoneinfo.ZoneInfo(ZONE)
    rng = np.random.default_rng(3)
    volume = np.zeros(168)
    for k in range(168):
        local = (WEEK + k * H).astimezone(zone)
        if local.hour >= 6:
            daily = 0.3 + 0.7 * math.exp(-(((local.hour - 13) / 4.5) ** 2))
            volume[k] = 60 * daily * (0.6 if local.weekday() >= 5 else 1.0)
    traffic = rng.poisson(volume) * 300 / 3600
    need = [int(v) for v in required_agents(traffic, StaffingCriteria.parse("80/20"), aht=300, shrinkage=0.2).rostered]
    team = [Member(id=f"a{i:02d}", name=f"A{i}", timezone=ZONE, country="SE", languages=["en"]) for i in range(n)]
    return RosterProblem(
        members=team,
        templates=[ShiftTemplate(name=s, starts=[dt.time(h)], length=8 * H) for s, h in SHIFTS.items()],
        requirement={"en": need},
        start=WEEK,
        step=H,
        now=WEEK,
        rules=LabourRules(max_hours_per_week=40, min_days_off_per_week=2, max_weekends=1, weekend_window=1),
        contracts={m.id: Contract(max_hours=40) for m in team},
    )


def _local_day_need(problem: RosterProblem) -> list[list[int]]:
    """The requirement as pyworkforce's [day][period] table, on local days (UTC+1 all week)."""
    need = problem.requirement["en"]
    shifted = [0] * 1 + list(need[:-1])  # local hour h of day d is UTC interval 24d + h - 1; the first local hour 0
    return [shifted[24 * d : 24 * d + 24] for d in range(7)]


def _coverage() -> dict[str, list[int]]:
    return {s: [int(h <= p < h + 8) for p in range(24)] for s, h in SHIFTS.items()}


def _to_roster(problem: RosterProblem, picks: list[tuple[str, int, str]]) -> Roster:
    """(member, day, shift) -> teamcore assignments in the member's local time."""
    day0 = WEEK.astimezone(problem.members[0].zone).date()
    return Roster(
        problem.shift(m, s, day0 + dt.timedelta(days=d), dt.time(SHIFTS[s]))
        for m, d, s in picks
        if problem.shift(m, s, day0 + dt.timedelta(days=d), dt.time(SHIFTS[s])).end <= problem.end
    )


def _round_robin(problem: RosterProblem, counts: list[dict[str, object]]) -> list[tuple[str, int, str]]:
    """Scheduler counts to members: day by day, shift by shift, the next members in turn (one shift a day each)."""
    ids = [m.id for m in problem.members]
    picks: list[tuple[str, int, str]] = []
    turn = 0
    for row in counts:
        day, shift, many = int(row["day"]), str(row["shift"]), int(row["resources"])  # type: ignore[call-overload]
        for _ in range(many):
            picks.append((ids[turn % len(ids)], day, shift))
            turn += 1
    # a member may be picked twice on one day when the day needs more shifts than members: keep the first
    seen: set[tuple[str, int]] = set()
    return [p for p in picks if (p[0], p[1]) not in seen and not seen.add((p[0], p[1]))]  # type: ignore[func-returns-value]


def _judge(problem: RosterProblem, roster: Roster) -> tuple[int, int, Counter[str], int]:
    violations = check_roster(problem, roster)
    short = sum(u.missing for u in uncovered(problem, roster))
    hours = round(sum(problem.paid_hours(a) for a in roster))
    return short, len(violations), Counter(v.rule for v in violations), hours


def bench_pyworkforce(limit: float) -> None:
    from pyworkforce.rostering import MinHoursRoster  # noqa: PLC0415
    from pyworkforce.scheduling import MinAbsDifference, MinRequiredResources  # noqa: PLC0415

    problem = small_problem()
    n = len(problem.members)
    table = _local_day_need(problem)
    print(f"\n(a) pyworkforce: {n} members, 1 week, hourly, 1 group, requirement {sum(map(sum, table))} agent-hours")
    print(f"    load {load()}; every solver {limit:g} s, CP-SAT 2 workers for pyworkforce (its default)")
    rows: list[tuple[str, str, float, tuple[int, int, Counter[str], int]]] = []
    common = {"num_days": 7, "periods": 24, "shifts_coverage": _coverage(), "required_resources": table}
    concurrency = {"max_period_concurrency": n, "max_shift_concurrency": n}
    for name, kind in (("MinAbsDifference", MinAbsDifference), ("MinRequiredResources", MinRequiredResources)):
        t = time.perf_counter()
        out = kind(**common, **concurrency, max_search_time=float(limit), num_search_workers=2).solve()
        seconds = time.perf_counter() - t
        if out["status"] not in ("OPTIMAL", "FEASIBLE"):
            rows.append((f"{name} + round-robin", out["status"], seconds, (-1, -1, Counter(), 0)))
            continue
        roster = _to_roster(problem, _round_robin(problem, out["resources_shifts"]))
        rows.append((f"{name} + round-robin", out["status"], seconds, _judge(problem, roster)))
        if kind is MinRequiredResources:
            per_shift = {s: [0] * 7 for s in SHIFTS}
            for row in out["resources_shifts"]:
                per_shift[row["shift"]][row["day"]] = row["resources"]
            # The rest rule as forbidden pairs: late -> early and late -> mid. pyworkforce writes each pair's
            # constraint as ``sum_j(x[d][s] * ban[s][j] + x[d+1][j]) <= 1``, which with two banned successors
            # forbids the origin shift altogether (INFEASIBLE here) and with one forbids any shift the next day.
            # max_resting=2 (at least five working days, the 40-hour week as a floor) and 7 (no floor).
            for bans, resting in ((["early", "mid"], 2), (["early"], 2), (["early"], 7), ([], 2)):
                t = time.perf_counter()
                rostered = MinHoursRoster(
                    num_days=7,
                    resources=[m.id for m in problem.members],
                    shifts=list(SHIFTS),
                    shifts_hours=[8, 8, 8],
                    min_working_hours=0,
                    banned_shifts=[],
                    max_resting=resting,
                    required_resources=per_shift,
                    non_sequential_shifts=[{"origin": "late", "destination": b} for b in bans],
                    max_search_time=float(limit),
                    num_search_workers=2,
                ).solve()
                took = seconds + time.perf_counter() - t
                if rostered["status"] in ("OPTIMAL", "FEASIBLE"):
                    picks = [(r["resource"], r["day"], r["shift"]) for r in rostered["resource_shifts"]]
                    result = _judge(problem, _to_roster(problem, picks))
                else:
                    result = (-1, -1, Counter(), 0)
                banned = f"late -> {'/'.join(bans)} banned" if bans else "no ban"
                label = f"MinRequiredResources + MinHoursRoster ({banned}, max_resting {resting})"
                rows.append((label, rostered["status"], took, result))
    t = time.perf_counter()
    ours = solve(problem, time_limit=limit)
    seconds = time.perf_counter() - t
    judged = _judge(problem, ours.roster)
    assert judged[1] == 0, check_roster(problem, ours.roster)
    rows.append((f"teamcore solve (shortfall gap {ours.gap:.1%})", ours.status, seconds, judged))
    print("| solver | status | shortfall (agent-hours) | violations (checker) | by rule | paid hours | time |")
    print("|---|---|---|---|---|---|---|")
    for name, status, seconds, (short, count, rules, hours) in rows:
        by = ", ".join(f"{r} {c}" for r, c in rules.most_common()) or "-"
        print(f"| {name} | {status} | {short} | {count} | {by} | {hours} | {seconds:.1f} s |")


# -- (b) scale ---------------------------------------------------------------------------------------------------
def bench_scale(members: list[int], limit: float) -> None:
    print(f"\n(b) scale: four weeks of 30-minute intervals, 3 languages; time_limit={limit:g} (deterministic s)")
    print("| members | candidate shifts | required agent-intervals | wall | load start -> end | shortfall | status "
          "| bound | gap | gap / requirement | violations |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in members:
        problem = rp.problem(n)
        before = load()
        need = sum(sum(r) for r in problem.requirement.values())
        t = time.perf_counter()
        result = solve(problem, time_limit=limit, fairness=False)
        seconds = time.perf_counter() - t
        violations = check_roster(problem, result.roster)
        assert violations == [], violations[:3]
        first = result.phases[0]
        shifts = sum(len(problem.candidates(m.id)) for m in problem.members)
        print(
            f"| {n} | {shifts} | {need} | {seconds:.1f} s | {before} -> {load()} | {result.shortfall} | "
            f"{result.status} | {first.bound:g} | {result.gap:.1%} | {(first.objective - first.bound) / need:.2%} | "
            f"{len(violations)} |",
            flush=True,
        )


# -- (c) fairness ------------------------------------------------------------------------------------------------
def bench_fairness(members: int, weeks: int, limit: float) -> None:
    problem = rp.problem(members, weeks=weeks)
    print(f"\n(c) fairness: {members} members, {weeks} week(s) of 30-minute intervals, time_limit={limit:g}; "
          f"load {load()}")  # fmt: skip
    print("| objective | shortfall | worst member burden | its fair share | worst / fair | worst region vs share "
          "| unfairness phase | wall |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for fair in (True, False):
        t = time.perf_counter()
        result = solve(problem, time_limit=limit, fairness=fair)
        seconds = time.perf_counter() - t
        assert check_roster(problem, result.roster) == []
        worst = max(result.burden, key=lambda m: result.burden[m] - result.fair_share[m])
        regions = result.region_burden(problem)
        share: dict[str, float] = {}
        for m, value in result.fair_share.items():
            share[problem.region(m)] = share.get(problem.region(m), 0.0) + value
        region = max(regions, key=lambda r: regions[r] / share[r] if share[r] else 0.0)
        phase = next((f"{p.status}, gap {p.gap:.1%}" for p in result.phases if p.name == "unfairness"), "-")
        print(
            f"| {'with' if fair else 'without'} fairness | {result.shortfall} | {result.burden[worst]:.1f} | "
            f"{result.fair_share[worst]:.1f} | {result.burden[worst] / max(result.fair_share[worst], 1e-9):.2f} | "
            f"{region} {regions[region]:.0f} vs {share[region]:.0f} | {phase} | {seconds:.1f} s |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", nargs="?", default="all", choices=["pyworkforce", "scale", "fairness", "all"])
    parser.add_argument("--members", default="200,500")
    parser.add_argument("--limit", type=float, default=20.0)
    args = parser.parse_args()
    if args.what in ("pyworkforce", "all"):
        bench_pyworkforce(10.0)
    if args.what in ("scale", "all"):
        bench_scale([int(n) for n in args.members.split(",")], args.limit)
    if args.what in ("fairness", "all"):
        bench_fairness(40, 2, 10.0)


if __name__ == "__main__":
    main()
