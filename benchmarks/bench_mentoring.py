"""Mentor matching at scale: teamcore's solvers against the ``matching`` package and plain networkx.

Instances: n newcomers × n/10 mentors, capacity 10 each (places for everyone), every pair allowed, scores drawn
uniformly from 0.000-10.000 (seeded). Peers, in one process (each peer run in a child process with a time limit,
so a peer that hangs or dies does not stop the benchmark):

- ``matching.games.HospitalResident`` (the ``matching`` package, resident-optimal): the same strict preferences,
  given as lists; its result must equal teamcore's mentee-proposing result (the resident-optimal stable matching
  is unique).
- ``networkx.max_flow_min_cost`` on the plain flow network source → newcomer → mentor → sink with costs
  ``-round(score * 1000)``.

Sizes grow until each peer fails (RecursionError, or over the time limit). Then teamcore alone at 10,000 × 1,000.

The optimal solver's strongest peer, in one process (``python benchmarks/bench_mentoring.py lsa``):
``scipy.optimize.linear_sum_assignment`` on the capacity-expanded score matrix (``np.repeat(points, capacities,
axis=1)``: one column per mentor place, n × n here), the dense LAPJV solver a competent user reaches for first.
It is exact, so its total must equal teamcore's, in integer points. Timed with the expansion included (the user
has the mentees × mentors matrix, as teamcore does); the two alternate, medians of 5 (3 for LSA at 5,000 and
10,000); peak memory of each from ``tracemalloc`` in a separate untimed call (numpy and SciPy's sparse arrays
report to it; LSA's own working vectors are O(n)).

Run: ``python benchmarks/bench_mentoring.py`` (needs the ``bench`` extra: ``matching``, ``scipy``).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from teamcore.mentoring import MatchProblem, optimal_matching, stable_matching, verify_stable

LIMIT_S = 120.0
CAPACITY = 10
SIZES = (200, 500, 1000, 2000, 5000, 10000)


def make_problem(n: int, seed: int = 1) -> MatchProblem:
    m = max(1, n // 10)
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 10001, size=(n, m)) / 1000
    return MatchProblem.from_scores(
        [f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)], scores, np.full(m, CAPACITY)
    )


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _preferences(p: MatchProblem) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    # The documented strict order: more points first, ties to the lower index.
    n, m = p.points.shape
    mentee_order = np.lexsort((np.tile(np.arange(m), (n, 1)), -p.points), axis=1)
    mentor_order = np.lexsort((np.tile(np.arange(n), (m, 1)), -p.mentor_points.T), axis=1)
    residents = {p.mentees[i]: [p.mentors[j] for j in mentee_order[i]] for i in range(n)}
    hospitals = {p.mentors[j]: [p.mentees[i] for i in mentor_order[j]] for j in range(m)}
    return residents, hospitals


def run_matching_package(n: int) -> dict[str, Any]:
    from matching.games import HospitalResident  # noqa: PLC0415 - the peer, only in the child

    sys.setrecursionlimit(1000)  # the interpreter's default, as users run it
    p = make_problem(n)
    residents, hospitals = _preferences(p)
    capacities = dict.fromkeys(p.mentors, CAPACITY)
    start = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    built = time.perf_counter() - start
    start = time.perf_counter()
    solution = game.solve(optimal="resident")
    solved = time.perf_counter() - start
    pairs = {r.name: h.name for h, rs in solution.items() for r in rs}
    ours = stable_matching(p).mentor_of()
    return {"build_s": built, "solve_s": solved, "same_as_teamcore": pairs == ours}


def run_networkx_flow(n: int) -> dict[str, Any]:
    p = make_problem(n)
    g: nx.DiGraph[object] = nx.DiGraph()
    for i in range(len(p.mentees)):
        g.add_edge("s", ("e", i), capacity=1, weight=0)
        for j in range(len(p.mentors)):
            g.add_edge(("e", i), ("r", j), capacity=1, weight=-int(p.points[i, j]))
    for j in range(len(p.mentors)):
        g.add_edge(("r", j), "t", capacity=CAPACITY, weight=0)
    start = time.perf_counter()
    flow = nx.max_flow_min_cost(g, "s", "t")
    solved = time.perf_counter() - start
    total = -nx.cost_of_flow(g, flow) / 1000
    return {"solve_s": solved, "total": total}


def _child(target: Callable[[int], dict[str, Any]], n: int, queue: mp.Queue[dict[str, Any]]) -> None:
    try:
        queue.put(target(n))
    except RecursionError as err:
        queue.put({"error": f"RecursionError: {err}"})
    except MemoryError:
        queue.put({"error": "MemoryError"})


def limited(target: Callable[[int], dict[str, Any]], n: int) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue: mp.Queue[dict[str, Any]] = ctx.Queue()
    child = ctx.Process(target=_child, args=(target, n, queue))
    start = time.perf_counter()
    child.start()
    child.join(LIMIT_S)
    if child.is_alive():
        child.terminate()
        child.join()
        return {"error": f"over {LIMIT_S:.0f} s"}
    if queue.empty():
        return {"error": f"died (exit code {child.exitcode})", "wall_s": time.perf_counter() - start}
    return queue.get()


def main() -> None:
    print(
        f"{'n x m':>12}  {'tc stable':>10}  {'matching HR':>12}  {'ratio':>7}  {'tc optimal':>10}  "
        f"{'nx flow':>10}  {'ratio':>7}  notes"
    )
    alive = {"matching": True, "networkx": True}
    for n in SIZES:
        p = make_problem(n)
        runs = 5 if n <= 2000 else 3
        stable_s, stable = median_time(lambda p=p: stable_matching(p), runs)
        optimal_s, optimal = median_time(lambda p=p: optimal_matching(p), 3)
        assert isinstance(stable, type(optimal))
        assert verify_stable(p, stable) == []  # type: ignore[arg-type]
        notes = []
        hr = limited(run_matching_package, n) if alive["matching"] else {"error": "not run (failed smaller)"}
        if "error" in hr:
            alive["matching"] = False
            hr_text, hr_ratio = hr["error"].split(":")[0], "-"
            notes.append(f"matching: {hr['error'][:60]}")
        else:
            hr_text, hr_ratio = f"{hr['solve_s'] * 1000:.0f} ms", f"{hr['solve_s'] / stable_s:.1f}x"
            notes.append(f"same matching: {hr['same_as_teamcore']}, HR build {hr['build_s'] * 1000:.0f} ms")
        fl = limited(run_networkx_flow, n) if alive["networkx"] else {"error": "not run (failed smaller)"}
        if "error" in fl:
            alive["networkx"] = False
            fl_text, fl_ratio = fl["error"], "-"
        else:
            fl_text, fl_ratio = f"{fl['solve_s'] * 1000:.0f} ms", f"{fl['solve_s'] / optimal_s:.1f}x"
            notes.append(f"nx total {fl['total']:.3f} vs ours {optimal.total:.3f}")  # type: ignore[attr-defined]
        print(
            f"{n:>6} x {n // 10:<4}  {stable_s * 1000:>7.0f} ms  {hr_text:>12}  {hr_ratio:>7}  "
            f"{optimal_s * 1000:>7.0f} ms  {fl_text:>10}  {fl_ratio:>7}  {'; '.join(notes)}",
            flush=True,
        )
    p = make_problem(10000)
    for proposing in ("mentee", "mentor"):
        seconds, _ = median_time(lambda p=p, side=proposing: stable_matching(p, proposing=side), 5)  # type: ignore[misc]
        print(f"teamcore stable ({proposing}-proposing) 10,000 x 1,000, capacity 10: median {seconds * 1000:.0f} ms")
    seconds, result = median_time(lambda p=p: optimal_matching(p), 3)
    stable_total = stable_matching(p).total
    print(
        f"teamcore optimal (assignment) 10,000 x 1,000: median {seconds * 1000:.0f} ms, total {result.total:.3f} "  # type: ignore[attr-defined]
        f"vs stable {stable_total:.3f}"
    )


def peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def lsa_expanded(p: MatchProblem) -> int:
    """The peer: LSA on one column per mentor place; returns the optimal total in points."""
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415 - the bench extra

    expanded = np.repeat(p.points, p.capacities, axis=1)
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    return int(expanded[rows, cols].sum())


def points_total(p: MatchProblem, result: Any) -> int:
    row = {e: i for i, e in enumerate(p.mentees)}
    col = {r: j for j, r in enumerate(p.mentors)}
    return sum(int(p.points[row[a.mentee], col[a.mentor]]) for a in result.assignments)


def main_lsa() -> None:
    print(f"load average {os.getloadavg()[0]:.2f} at start")
    print(
        f"{'n x m':>12}  {'teamcore optimal':>16}  {'LSA expanded':>12}  {'ratio':>7}  {'peak tc':>8}  {'peak LSA':>9}"
    )
    for n in (1000, 2000, 5000, 10000):
        p = make_problem(n)
        ours, theirs = [], []
        for i in range(5):
            start = time.perf_counter()
            result = optimal_matching(p)
            ours.append(time.perf_counter() - start)
            if i < (5 if n <= 2000 else 3):
                start = time.perf_counter()
                best = lsa_expanded(p)
                theirs.append(time.perf_counter() - start)
        assert points_total(p, result) == best, "teamcore's total differs from the LSA optimum"
        tc_mem = peak_mib(lambda p=p: optimal_matching(p))
        lsa_mem = peak_mib(lambda p=p: lsa_expanded(p))
        a, b = statistics.median(ours), statistics.median(theirs)
        print(
            f"{n:>6} x {n // 10:<4}  {a * 1000:>13.0f} ms  {b * 1000:>9.0f} ms  {b / a:>6.1f}x  {tc_mem:>5.0f} MiB"
            f"  {lsa_mem:>6.0f} MiB  (equal totals: {best} points; load {os.getloadavg()[0]:.2f})",
            flush=True,
        )


if __name__ == "__main__":
    main_lsa() if sys.argv[1:] == ["lsa"] else main()
