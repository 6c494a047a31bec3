"""The team health report for the Northwind example with 1 million simulated tickets: wall time, peak memory,
and where the time goes (each section builder timed on its own, plus rendering).

Baseline: the same report without tickets (the sections that do not read them), so the cost of the ticket-driven
sections stands out. Run: ``python benchmarks/bench_report.py [N_TICKETS]``.
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

import attrs

from teamcore.feedback import FeedbackLog, load_feedback
from teamcore.knowledge import KnowledgeBase, load_articles
from teamcore.kpi import load_sla_policy, simulate_tickets
from teamcore.people import load_organisation
from teamcore.report import SECTIONS, ReportContext, build_report, report_to_html, report_to_json
from teamcore.report._kpi import kpi_section

EXAMPLE = Path(__file__).parents[1] / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    org = load_organisation(EXAMPLE / "organisation.toml")
    base_mib = peak_mib()
    days = 90
    start = time.perf_counter()
    log = simulate_tickets(org, start=NOW - dt.timedelta(days=days), end=NOW, tickets_per_day=n / days / 0.81, seed=7)
    simulate_s = time.perf_counter() - start
    feedback = FeedbackLog.from_records(load_feedback(EXAMPLE / "feedback.jsonl", org=org).items)
    knowledge = KnowledgeBase(load_articles(EXAMPLE / "knowledge.csv").items)
    ctx = ReportContext(
        org=org, now=NOW, tickets=log.tickets, ticket_events=log.events, feedback=feedback, knowledge=knowledge
    )
    without = ReportContext(org=org, now=NOW, feedback=feedback, knowledge=knowledge)
    print(f"report for Northwind (44 members) with {log.tickets.height:,} tickets and {log.events.height:,} events")
    print(f"  simulating the tickets: {simulate_s:.1f} s (not part of the report)")
    total_s, report = timed(lambda: build_report(ctx))
    base_s, _ = timed(lambda: build_report(without))
    print(f"  build_report with tickets      median {total_s:7.2f} s")
    print(f"  build_report without tickets   median {base_s:7.2f} s   (ratio {total_s / base_s:.1f}x)")
    print("  where the time goes (median of 3 per section):")
    for builder in SECTIONS:
        seconds, section = timed(lambda b=builder: b(ctx))
        if section is not None:
            print(f"    {section.key:<12} {seconds:7.2f} s")
    html_s, _ = timed(lambda: report_to_html(report))
    json_s, _ = timed(lambda: report_to_json(report))
    print(f"    render HTML  {html_s:7.2f} s   render JSON {json_s:.3f} s")
    with_sla = attrs.evolve(ctx, sla_policy=load_sla_policy(EXAMPLE / "sla.toml"))
    kpi_s, _ = timed(lambda: kpi_section(ctx))
    sla_s, _ = timed(lambda: kpi_section(with_sla))
    print(f"  dashboard with the Northwind SLA policy (business hours): {sla_s:.2f} s against {kpi_s:.2f} s without")
    print(f"  peak memory (max RSS): {peak_mib():,.0f} MiB; after loading the organisation {base_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
