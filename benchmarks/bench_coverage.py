"""Coverage for 5,000 members over one year on a 15-minute grid, holidays and DST included.

teamcore: :func:`teamcore.scheduling.coverage` (members grouped by weekly hours and zone, one pattern of shifts per
group, a members × days matrix of days off, then one difference array over every interval).

Baseline: the loop a competent Python user writes, with the same rules: for each member and each local day, skip
the day if it is a public holiday (``holidays``, one table per country and subdivision, built once), a team closed
day or time off; otherwise turn each of that weekday's shifts into UTC instants with ``zoneinfo``
(``datetime.combine(day, time, zone)``: gaps and folds by Python's ``fold=0``, which is teamcore's default
"compatible" rule), and add +1 at its first whole slot and -1 after its last in a difference array; one cumulative
sum at the end. That is members × days × shifts of work, not members × slots (the per-slot loop this benchmark
used before was a straw man, thousands of times slower). The six patterns here have no touching shifts, so the
loop needs no merging; it is run on all 5,000 members and its counts must equal teamcore's.

Both run in one process, alternating, median of 5 (teamcore) and 3 (loop); peak memory of each is measured in a
separate untimed call with ``tracemalloc`` (numpy reports its buffers to it).

Run: ``python benchmarks/bench_coverage.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC
from zoneinfo import ZoneInfo

import holidays

from _places import PLACES  # benchmarks run as scripts; their folder is on sys.path
from teamcore.people import ClosedDay, Member, Organisation, Team, TimeOff, Weekday
from teamcore.scheduling import coverage

PATTERNS = [
    {"mon-fri": ["09:00-17:00"]},
    {"mon-fri": ["08:00-12:00", "13:00-16:30"]},
    {"mon-thu": ["07:00-17:00"]},
    {"sun-thu": ["22:00-06:00"]},
    {"sat-sun": ["10:00-18:00"], "wed-thu": ["12:00-20:00"]},
    {"mon-fri": ["14:00-22:00"]},
]
START = dt.datetime(2026, 1, 1, tzinfo=UTC)
END = dt.datetime(2027, 1, 1, tzinfo=UTC)
STEP = dt.timedelta(minutes=15)


def make_org(n: int) -> Organisation:
    members = []
    for i in range(n):
        zone, country, subdivision = PLACES[i % len(PLACES)]
        off = dt.date(2026, 1, 1) + dt.timedelta(days=(i * 37) % 340)
        members.append(
            Member(
                id=f"m{i:05d}",
                name=f"Member {i}",
                timezone=zone,
                country=country,
                subdivision=subdivision,
                hours=PATTERNS[(i // len(PLACES)) % len(PATTERNS)],
                time_off=[TimeOff(off, off + dt.timedelta(days=i % 15))],
                languages=["en"],
            )
        )
    teams = [
        Team(
            id=f"t{t}",
            name=f"Team {t}",
            lead=members[t * 100].id,
            members=[m.id for m in members[t * 100 : (t + 1) * 100]],
            closed_days=[ClosedDay(dt.date(2026, 6, 19)), ClosedDay(dt.date(2026, 12, 24))] if t % 2 else [],
        )
        for t in range(n // 100)
    ]
    return Organisation(name="Bench", members=members, teams=teams)


# -- the baseline: per member, per day, a difference array -----------------------------------------------------------


def loop_counts(org: Organisation, start: dt.datetime, end: dt.datetime, step: dt.timedelta) -> list[int]:
    """Members working for the whole of each slot, by a per-member, per-day loop and one cumulative sum."""
    width = int(step.total_seconds())
    lo, hi = int(start.timestamp()), int(end.timestamp())
    slots = (hi - lo) // width
    diff = [0] * (slots + 1)
    closed: dict[str, set[dt.date]] = {m.id: set() for m in org.members}
    for team in org.teams:
        for member_id in team.members:
            closed[member_id].update(day.date for day in team.closed_days)
    first, last = start.date() - dt.timedelta(days=2), end.date() + dt.timedelta(days=2)
    years = range(first.year, last.year + 1)
    tables: dict[tuple[str, str | None], object] = {}
    one_day = dt.timedelta(days=1)
    for m in org.members:
        zone = ZoneInfo(m.timezone)
        key = (m.country, m.subdivision)
        if key not in tables:
            tables[key] = holidays.country_holidays(m.country, subdiv=m.subdivision, years=years)
        table = tables[key]
        off = closed[m.id]
        time_off = m.time_off
        shifts = [m.hours.on(Weekday(d)) for d in range(7)]
        day = first
        while day < last:
            todays = shifts[day.weekday()]
            if todays and day not in table and day not in off and not any(t.start <= day <= t.end for t in time_off):
                for shift in todays:
                    begin = int(dt.datetime.combine(day, shift.start, zone).timestamp())
                    finish_day = day + one_day if shift.overnight else day
                    finish = int(dt.datetime.combine(finish_day, shift.end, zone).timestamp())
                    a = max(0, -((lo - begin) // width))  # the first whole slot
                    b = min(slots, (finish - lo) // width)  # after the last whole slot
                    if b > a:
                        diff[a] += 1
                        diff[b] -= 1
            day += one_day
    return list(itertools.accumulate(diff[:slots]))


def peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    n = 5_000
    org = make_org(n)
    slots_year = int((END - START) / STEP)
    print(f"{n} members x {slots_year} slots; load average {os.getloadavg()[0]:.2f} at start")
    cold = time.perf_counter()
    result = coverage(org, START, END, step=STEP)
    cold = time.perf_counter() - cold
    loop_cold = time.perf_counter()
    expect = loop_counts(org, START, END, STEP)
    loop_cold = time.perf_counter() - loop_cold
    assert result.counts.tolist() == expect, "teamcore and the per-member loop disagree"
    ours, theirs = [], []
    for i in range(5):  # alternate, so both see the same load on a shared machine
        t = time.perf_counter()
        coverage(org, START, END, step=STEP)
        ours.append(time.perf_counter() - t)
        if i < 3:
            t = time.perf_counter()
            loop_counts(org, START, END, STEP)
            theirs.append(time.perf_counter() - t)
    warm, loop = statistics.median(ours), statistics.median(theirs)
    tc_mem = peak_mib(lambda: coverage(org, START, END, step=STEP))
    loop_mem = peak_mib(lambda: loop_counts(org, START, END, STEP))
    print(f"teamcore coverage: first call {cold:.3f} s, median of 5 {warm:.3f} s, peak {tc_mem:.0f} MiB")
    print(f"per-member, per-day loop: first call {loop_cold:.2f} s, median of 3 {loop:.2f} s, peak {loop_mem:.0f} MiB")
    print(f"ratio loop / teamcore: {loop / warm:.0f}x (medians), {loop_cold / cold:.0f}x (first calls)")
    print(f"check: equal counts on all {slots_year} slots ({int(result.counts.sum())} member-slots)")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
