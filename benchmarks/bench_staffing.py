"""Required agents for 100,000 intervals of varying traffic: teamcore vs a loop of pyworkforce's ErlangC.

teamcore: :func:`teamcore.staffing.required_agents`, one call over the whole array (search from ``floor(A) + 1``,
all unmet intervals advanced together in numpy). Peer: ``pyworkforce.queuing.ErlangC(...).required_positions`` called
once per interval, the way its documentation uses it (pyworkforce 0.5.1; its ``asa`` argument is the service-level
threshold, in minutes, like ``aht`` and ``interval``).

By default the peer runs on all 100,000 intervals (a few seconds per run); ``--sample N`` times it on a random
sample of N intervals instead and extrapolates linearly (each call is independent, so the cost is the sum over
intervals). Its answers are compared with teamcore's on every interval it ran. They
differ exactly where pyworkforce's search starts above the minimum: it starts at ``round(A + 1)``, which is
``floor(A) + 2`` when the fraction of ``A`` is above one half, and answers ``floor(A) + 2`` even when
``floor(A) + 1`` already meets the target. Every difference is checked to be of that kind.

Run: ``python benchmarks/bench_staffing.py [--sample 5000] [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np
from pyworkforce.queuing import ErlangC as PwfErlangC

from teamcore.staffing import ErlangC, StaffingCriteria, required_agents

INTERVALS = 100_000
INTERVAL_SECONDS = 1800.0
AHT_SECONDS = 180.0
SCENARIOS = {"80/20": StaffingCriteria.parse("80/20"), "50/20 (low target)": StaffingCriteria.parse("50/20")}


def volumes(rng: np.random.Generator) -> np.ndarray:
    """Contacts per 30-minute interval: lognormal, median 50, from a handful to a few thousand (0.1 to ~300 E)."""
    return np.maximum(rng.lognormal(math.log(50.0), 1.2, INTERVALS), 1.0)


def peer(volume: float, target: StaffingCriteria) -> int:
    model = PwfErlangC(
        transactions=volume, aht=AHT_SECONDS / 60, asa=target.threshold / 60, interval=INTERVAL_SECONDS / 60
    )
    assert target.service_level is not None
    return int(model.required_positions(service_level=target.service_level)["raw_positions"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=INTERVALS, help="intervals the peer is timed on (all)")
    parser.add_argument("--repeats", type=int, default=7, help="runs of teamcore; the peer runs 3 times")
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    volume = volumes(rng)
    traffic = volume * AHT_SECONDS / INTERVAL_SECONDS
    spread = f"traffic {traffic.min():.2f} to {traffic.max():.1f} E (median {np.median(traffic):.2f})"
    print(f"{INTERVALS:,} intervals, {spread}")
    everything = args.sample >= INTERVALS
    sample = np.arange(INTERVALS) if everything else rng.choice(INTERVALS, args.sample, replace=False)
    for name, target in SCENARIOS.items():
        ours_wall, ours_cpu = [], []
        for _ in range(args.repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            ours = required_agents(traffic, target, aht=AHT_SECONDS).agents
            ours_wall.append(time.perf_counter() - wall)
            ours_cpu.append(time.process_time() - cpu)
        peer_wall, peer_cpu = [], []
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            theirs = np.array([peer(float(volume[i]), target) for i in sample])
            peer_wall.append(time.perf_counter() - wall)
            peer_cpu.append(time.process_time() - cpu)
        scale = INTERVALS / sample.size
        ratio_wall = statistics.median(peer_wall) * scale / statistics.median(ours_wall)
        ratio_cpu = statistics.median(peer_cpu) * scale / statistics.median(ours_cpu)
        differ = np.flatnonzero(theirs != ours[sample])
        a = traffic[sample][differ]
        n = ours[sample][differ]
        off_by_one = (
            (theirs[differ] == n + 1)
            & (n == np.floor(a) + 1)
            & (np.round(a + 1) == np.floor(a) + 2)
            & (ErlangC(traffic=a, agents=n, aht=AHT_SECONDS).service_level(target.threshold) >= target.service_level)
        )
        print(f"\n== {name}, AHT {AHT_SECONDS:.0f} s ==")
        ours_ms = f"{statistics.median(ours_wall) * 1e3:.1f} ms wall, {statistics.median(ours_cpu) * 1e3:.1f} ms CPU"
        print(f"teamcore required_agents, all {INTERVALS:,} intervals: median {ours_ms} ({args.repeats} runs)")
        print(
            f"pyworkforce loop over {sample.size:,} intervals: median {statistics.median(peer_wall):.2f} s wall, "
            f"{statistics.median(peer_cpu):.2f} s CPU (3 runs)"
            + (f"; extrapolated x{scale:.0f} to {INTERVALS:,}" if sample.size < INTERVALS else "")
        )
        print(f"ratio: {ratio_wall:.0f}x wall, {ratio_cpu:.0f}x CPU")
        print(
            f"answers differ on {differ.size} of {sample.size:,} intervals; "
            "all of them pyworkforce's off-by-one (start at round(A+1) above a sufficient floor(A)+1): "
            f"{bool(off_by_one.all())}"
        )
        for i in range(min(5, differ.size)):
            sl = float(ErlangC(traffic=a[i], agents=n[i], aht=AHT_SECONDS).service_level(target.threshold))
            print(f"  A = {a[i]:.3f} E: teamcore {n[i]} (SL {sl:.3f}), pyworkforce {theirs[differ][i]}")


if __name__ == "__main__":
    main()
