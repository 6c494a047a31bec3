"""``python -m fuzz [--inputs N] [--seed S] [--timeout T] [--only NAME]``: a long fuzzing run over every target.

Inputs are shared out round-robin over the targets of ``fuzz/targets_*.py``. For each entry point it prints the
inputs tried, foreign exceptions (distinct by type and the line that raised them), hangs and row-accounting
violations, then one example of each defect; the inputs behind defects are written to ``build/fuzz/`` to replay.
Exits 1 when any defect was found. The run is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

from fuzz._core import Outcome, all_targets, mutate, run_one


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer; the exit status is 1 when any defect was found, 2 when no target matched."""
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs in all (default 100,000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds before an input counts as a hang")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="fuzz only these targets")
    parser.add_argument("--out", type=Path, default=Path("build/fuzz"), help="where defect inputs are written")
    args = parser.parse_args(argv)
    targets = [t for t in all_targets() if not args.only or t.name in args.only]
    if not targets:
        print("no targets", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    tried: collections.Counter[str] = collections.Counter()
    counts: dict[str, collections.Counter[str]] = {t.name: collections.Counter() for t in targets}
    examples: dict[tuple[str, str, str], tuple[Outcome, bytes]] = {}
    started = time.perf_counter()
    for n in range(args.inputs):
        target = targets[n % len(targets)]
        data = mutate(rng.choice(target.seeds), rng, target.suffix)
        outcome = run_one(target, data, timeout=args.timeout)
        tried[target.name] += 1
        if outcome.verdict != "ok":
            counts[target.name][outcome.verdict] += 1
            key = (target.name, outcome.verdict, outcome.where or outcome.detail[:60])
            examples.setdefault(key, (outcome, data))
        if (n + 1) % 10_000 == 0:
            print(f"... {n + 1:,} inputs, {time.perf_counter() - started:,.0f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    print(f"{'entry point':<28} {'inputs':>8} {'foreign':>8} {'distinct':>8} {'hangs':>6} {'accounting':>10}")
    for target in targets:
        c = counts[target.name]
        distinct = sum(1 for k in examples if k[0] == target.name and k[1] == "foreign")
        print(
            f"{target.name:<28} {tried[target.name]:>8,} {c['foreign']:>8,} {distinct:>8,} {c['hang']:>6,} "
            f"{c['accounting']:>10,}"
        )
    total: collections.Counter[str] = collections.Counter()
    for c in counts.values():
        total.update(c)
    print(
        f"{'all':<28} {sum(tried.values()):>8,} {total['foreign']:>8,} "
        f"{sum(1 for k in examples if k[1] == 'foreign'):>8,} {total['hang']:>6,} {total['accounting']:>10,}"
    )
    print(f"{elapsed:,.0f} s, seed {args.seed}, timeout {args.timeout:g} s")
    if examples:
        args.out.mkdir(parents=True, exist_ok=True)
        by_name = {t.name: t for t in targets}
        for i, ((name, verdict, where), (outcome, data)) in enumerate(sorted(examples.items())):
            file = args.out / f"{i:03d}-{name}-{verdict}{by_name[name].suffix}"
            file.write_bytes(data)
            print(f"\n{name}: {verdict} at {where}: {outcome.detail}\n  input: {file}")
            if outcome.trace:
                print("  " + outcome.trace.strip().replace("\n", "\n  "))
    return 1 if examples else 0


if __name__ == "__main__":
    raise SystemExit(main())
