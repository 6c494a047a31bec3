"""The team health report for organisations of 10,000 and 60,000 members: wall time and peak memory.

Each size runs in its own process (so the peak RSS is that size's): it builds the organisation and the report's
inputs with :mod:`_big_org` (members over 25 timezones with working hours, teams of 8-12 with leads, skills,
mentoring pairs, three months of feedback log, a knowledge base and a staffing forecast scaled with the members;
not timed as part of the report), then times ``build_report`` with the demo's sections (overview, coverage,
knowledge, mentoring, feedback, staffing; KPIs too with ``--tickets``), each section on its own, and rendering to
JSON and HTML. The goal (issue 17): 60,000 members in at most 60 s and 4 GiB, 10,000 in at most 10 s. Wall time
is the measure; the process's CPU time is printed beside it, because on a shared machine the wall time also counts
the time other processes held the cores.

The baseline is teamcore before the fix, run by the same script: ``PYTHONPATH=/path/to/old/src python
benchmarks/bench_org_scale.py --sizes 10000 --timeout 900`` (a size that does not finish by `--timeout` is reported
as such, with the memory it had reached).

Run: ``python benchmarks/bench_org_scale.py [--sizes 10000,60000] [--repeat 3] [--tickets PER_DAY]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(n: int, repeat: int, tickets_per_day: float, *, html: bool) -> dict[str, object]:
    """Build and time one size in this process."""
    sys.path.insert(0, str(HERE))
    import attrs  # noqa: PLC0415

    from _big_org import NOW, big_context, big_org  # noqa: PLC0415
    from teamcore.report import SECTIONS, build_report, report_to_html, report_to_json  # noqa: PLC0415

    start = time.perf_counter()
    org = big_org(n)
    ctx = big_context(org)
    if tickets_per_day:
        from teamcore.kpi import simulate_tickets  # noqa: PLC0415

        log = simulate_tickets(org, start=NOW - dt.timedelta(days=28), end=NOW, tickets_per_day=tickets_per_day,
                               seed=7)  # fmt: skip
        ctx = attrs.evolve(ctx, tickets=log.tickets, ticket_events=log.events)
    inputs_s = time.perf_counter() - start
    inputs_mib = peak_mib()
    times, cpu = [], []
    report = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        report = build_report(ctx)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert report is not None
    sections, sections_cpu = {}, {}
    for builder in SECTIONS:
        start, start_cpu = time.perf_counter(), time.process_time()
        built = builder(ctx)
        if built is not None:
            sections[built.key] = round(time.perf_counter() - start, 2)
            sections_cpu[built.key] = round(time.process_time() - start_cpu, 2)
    start = time.perf_counter()
    text = report_to_json(report)
    json_s = time.perf_counter() - start
    html_s, html_mb = None, None
    if html:
        start = time.perf_counter()
        page = report_to_html(report)
        html_s, html_mb = round(time.perf_counter() - start, 2), round(len(page) / 1e6, 1)
    return {
        "members": len(org.members),
        "teams": len(org.teams),
        "feedback records": ctx.feedback.size if ctx.feedback is not None else 0,
        "inputs s": round(inputs_s, 1),
        "inputs MiB": round(inputs_mib),
        "build_report s": [round(t, 2) for t in times],
        "median s": round(statistics.median(times), 2),
        "build_report cpu s": [round(t, 2) for t in cpu],
        "median cpu s": round(statistics.median(cpu), 2),
        "sections s": sections,
        "sections cpu s": sections_cpu,
        "json s": round(json_s, 2),
        "json MB": round(len(text) / 1e6, 1),
        "html s": html_s,
        "html MB": html_mb,
        "peak MiB": round(peak_mib()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,60000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tickets", type=float, default=0.0, metavar="PER_DAY", help="simulated tickets a weekday")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per size")
    parser.add_argument("--html", action="store_true", help="also time rendering to HTML (its plots take long)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.repeat, args.tickets, html=args.html)))
        return
    print(f"load average before: {os.getloadavg()}")
    for n in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(n), "--repeat", str(args.repeat),
                   "--tickets", str(args.tickets), *(["--html"] if args.html else [])]  # fmt: skip
        start = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"{n:,} members: not finished after {args.timeout:.0f} s")
            continue
        wall = time.perf_counter() - start
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{n:,} members, {result['teams']:,} teams, {result['feedback records']:,} feedback records; "
              f"process wall {wall:.1f} s, peak RSS {result['peak MiB']:,} MiB")  # fmt: skip
        print(f"  inputs built in {result['inputs s']} s ({result['inputs MiB']:,} MiB; not part of the report)")
        print(f"  build_report: median {result['median s']} s of {result['build_report s']}; process CPU time "
              f"median {result['median cpu s']} s of {result['build_report cpu s']}")  # fmt: skip
        print(f"  sections (wall): {result['sections s']}")
        print(f"  sections (CPU):  {result['sections cpu s']}")
        print(f"  render JSON {result['json s']} s ({result['json MB']} MB), HTML {result['html s']} s "
              f"({result['html MB']} MB)")  # fmt: skip
        print(f"  load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
