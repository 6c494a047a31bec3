"""Coverage for 5,000 members over one year on a 15-minute grid, holidays and DST included.

teamcore: :func:`teamcore.scheduling.coverage` (working intervals per weekly pattern with numpy, then one difference
array over every interval). Baseline: a straightforward per-slot loop — for each 15-minute slot of the year and each
member, convert the slot to the member's local time, check the local date against holidays, closed days and time
off, and check whether a shift of that weekday covers the slot (overnight shifts from the day before included).
The loop is far too slow to run on 5,000 members × 35,040 slots, so it is timed on a sample of members and slots and
extrapolated linearly (its cost is exactly members × slots × constant work); the sample's counts are checked against
teamcore's for the same members and slots.

Run: ``python benchmarks/bench_coverage.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from datetime import UTC

import holidays
import numpy as np

from _places import PLACES  # benchmarks run as scripts; their folder is on sys.path
from teamcore.people import ClosedDay, Member, Organisation, Team, TimeOff
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


# -- the baseline: one question per member per slot -----------------------------------------------------------------


def loop_counts(org: Organisation, members: list[Member], slots: list[dt.datetime]) -> list[int]:
    """Per slot, count members whose shift covers the whole slot, asking each member separately."""
    closed = {m.id: set() for m in members}
    for team in org.teams:
        for member_id in team.members:
            if member_id in closed:
                closed[member_id].update(day.date for day in team.closed_days)
    tables = {
        m.id: holidays.country_holidays(m.country, subdiv=m.subdivision, years=[2025, 2026, 2027]) for m in members
    }
    counts = []
    for slot in slots:
        n = 0
        for m in members:
            local = slot.astimezone(m.zone)
            local_end = (slot + STEP).astimezone(m.zone)
            for back in (0, 1):  # shifts starting today, and overnight shifts from yesterday
                day = local.date() - dt.timedelta(days=back)
                if day in tables[m.id] or day in closed[m.id] or any(day in t for t in m.time_off):
                    continue
                for shift in m.hours.on(day.weekday()):
                    begin = dt.datetime.combine(day, shift.start, m.zone)
                    end_day = day + dt.timedelta(days=1) if shift.overnight else day
                    finish = dt.datetime.combine(end_day, shift.end, m.zone)
                    if begin.astimezone(UTC) <= slot and local_end.astimezone(UTC) <= finish.astimezone(UTC):
                        n += 1
        counts.append(n)
    return counts


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    n = 5_000
    org = make_org(n)
    slots_year = int((END - START) / STEP)
    cold = time.perf_counter()
    result = coverage(org, START, END, step=STEP)
    cold = time.perf_counter() - cold
    warm = median_time(lambda: coverage(org, START, END, step=STEP), 5)
    print(f"teamcore coverage, {n} members x {slots_year} slots: first run {cold:.3f} s, median of 5 {warm:.3f} s")

    # The baseline on a sample: 50 members x 400 slots spread over the year.
    rng = np.random.default_rng(7)
    sample_members = [org.members[i] for i in rng.choice(n, 50, replace=False)]
    sample_slots = sorted(START + STEP * int(k) for k in rng.choice(slots_year, 400, replace=False))
    loop = median_time(lambda: loop_counts(org, sample_members, sample_slots), 3)
    per_check = loop / (len(sample_members) * len(sample_slots))
    extrapolated = per_check * n * slots_year
    print(f"per-slot loop: {loop:.3f} s for 50 members x 400 slots = {per_check * 1e6:.2f} us per member-slot")
    print(f"per-slot loop extrapolated to {n} x {slots_year}: {extrapolated:.0f} s ({extrapolated / 60:.1f} min)")
    print(f"ratio loop / teamcore (warm median): {extrapolated / warm:.0f}x")

    # The loop is the oracle for the sample: same counts as teamcore on the same members and slots.
    sub = coverage(sample_members, START, END, step=STEP, closed_days=())
    expect = loop_counts(Organisation(name="s", members=sample_members), sample_members, sample_slots)
    got = [int(sub.counts[sub.slot_of(s)]) for s in sample_slots]
    assert got == expect, "teamcore and the per-slot loop disagree"
    print(f"check: teamcore equals the loop on the sample ({sum(got)} member-slots); total slots {len(result)}")


if __name__ == "__main__":
    main()
