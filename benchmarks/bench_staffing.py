"""Required agents for 100,000 intervals of varying traffic: teamcore vs a loop of pyworkforce's ErlangC.

teamcore: :func:`teamcore.staffing.required_agents`, one call over the whole array (search from ``floor(A) + 1``,
all unmet intervals advanced together in numpy). Peer: ``pyworkforce.queuing.ErlangC(...).required_positions`` called
once per interval, the way its documentation uses it (pyworkforce 0.5.1; its ``asa`` argument is the service-level
threshold, in minutes, like ``aht`` and ``interval``).

The peer is timed on a random sample of intervals and its time extrapolated linearly to all of them (each call is
independent, so the cost is the sum over intervals); its answers on the sample are compared with teamcore's. They
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

from teamcore.staffing import ErlangC, Target, required_agents

INTERVALS = 100_000
INTERVAL_SECONDS = 1800.0
AHT_SECONDS = 180.0
SCENARIOS = {"80/20": Target.parse("80/20"), "50/20 (low target)": Target.parse("50/20")}


def volumes(rng: np.random.Generator) -> np.ndarray:
    """Contacts per 30-minute interval: lognormal, median 50, from a handful to a few thousand (0.1 to ~300 E)."""
    return np.maximum(rng.lognormal(math.log(50.0), 1.2, INTERVALS), 1.0)


def peer(volume: float, target: Target) -> int:
    model = PwfErlangC(
        transactions=volume, aht=AHT_SECONDS / 60, asa=target.threshold / 60, interval=INTERVAL_SECONDS / 60
    )
    assert target.service_level is not None
    return int(model.required_positions(service_level=target.service_level)["raw_positions"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=5000, help="intervals the peer is timed on")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    volume = volumes(rng)
    traffic = volume * AHT_SECONDS / INTERVAL_SECONDS
    spread = f"traffic {traffic.min():.2f} to {traffic.max():.1f} E (median {np.median(traffic):.2f})"
    print(f"{INTERVALS:,} intervals, {spread}")
    sample = rng.choice(INTERVALS, args.sample, replace=False)
    for name, target in SCENARIOS.items():
        ours_times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            ours = required_agents(traffic, target, aht=AHT_SECONDS).agents
            ours_times.append(time.perf_counter() - start)
        peer_times = []
        for _ in range(max(1, args.repeats // 2)):
            start = time.perf_counter()
            theirs = np.array([peer(float(volume[i]), target) for i in sample])
            peer_times.append(time.perf_counter() - start)
        ours_median = statistics.median(ours_times)
        peer_full = statistics.median(peer_times) * INTERVALS / args.sample
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
        print(f"teamcore required_agents, all {INTERVALS:,} intervals: median {ours_median * 1e3:.1f} ms")
        print(
            f"pyworkforce loop: {statistics.median(peer_times):.2f} s for {args.sample:,} sampled intervals, "
            f"extrapolated to {INTERVALS:,}: {peer_full:.1f} s"
        )
        print(f"ratio: {peer_full / ours_median:.0f}x")
        print(
            f"answers differ on {differ.size} of {args.sample:,} sampled intervals; "
            "all of them pyworkforce's off-by-one (start at round(A+1) above a sufficient floor(A)+1): "
            f"{bool(off_by_one.all())}"
        )
        for i in range(min(5, differ.size)):
            sl = float(ErlangC(traffic=a[i], agents=n[i], aht=AHT_SECONDS).service_level(target.threshold))
            print(f"  A = {a[i]:.3f} E: teamcore {n[i]} (SL {sl:.3f}), pyworkforce {theirs[differ][i]}")


if __name__ == "__main__":
    main()
