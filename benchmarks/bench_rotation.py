"""Fair rotation for 300 members in 25 timezones over 52 weekly meetings (target: <= 1 s).

teamcore: :func:`teamcore.scheduling.rotate` (a pain table built with numpy per distinct calendar, then greedy +
fixed-slot start and improvement passes of a lexicographic min-max). Every member has personal time off, so all 300
calendars differ and nothing is shared.

Baselines, in the same process:

* **speed** — the straightforward way: call :func:`teamcore.scheduling.slot_pain` for every member, occurrence and
  candidate time, then the same greedy choice in plain Python. Its cost is exactly members × occurrences ×
  candidates × constant work, so it is timed on a sample of members and occurrences and extrapolated linearly; the
  sample's pains are checked against teamcore's table.
* **fairness** — the best fixed slot (one UTC time for the whole year, what a lead without a rotation does): the
  ratio of its worst person burden to the rotation's.

Everyone opts in to nights (``night_ok=True``): 25 zones around the globe leave no time outside everyone's night.

Run: ``python benchmarks/bench_rotation.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from _places import PLACES  # benchmarks run as scripts; their folder is on sys.path
from teamcore.people import Member, TimeOff
from teamcore.scheduling import Participant, Series, rotate, slot_pain

PATTERNS = [
    {"mon-fri": ["09:00-17:00"]},
    {"mon-fri": ["08:00-12:00", "13:00-16:30"]},
    {"mon-thu": ["07:00-17:00"]},
]
SERIES = Series(name="All hands", frequency="weekly", first=dt.date(2026, 1, 6), count=52)
RUNS = 5


def make_team(n: int) -> list[Participant]:
    people = []
    for i in range(n):
        zone, country, subdivision = PLACES[i % len(PLACES)]
        off = dt.date(2026, 1, 1) + dt.timedelta(days=(i * 37) % 340)
        member = Member(
            id=f"m{i:03d}",
            name=f"Member {i}",
            timezone=zone,
            country=country,
            subdivision=subdivision,
            hours=PATTERNS[i % len(PATTERNS)],
            time_off=[TimeOff(off, off + dt.timedelta(days=9))],
        )
        people.append(Participant(member, night_ok=True))
    return people


def naive_pain_table(people: list[Participant], series: Series, occurrences: int) -> list[list[list[float]]]:
    """pain[o][j][p] with one slot_pain call per member, occurrence and candidate."""
    return [
        [[slot_pain(p, dt.datetime.fromtimestamp(start, dt.UTC), series.duration)[0] for p in people] for start in row]
        for row in series.candidates()[:occurrences].tolist()
    ]


def naive_greedy(table: list[list[list[float]]]) -> float:
    """Greedy min-max in plain Python: each occurrence takes the candidate with the lowest resulting worst burden."""
    totals = [0.0] * len(table[0][0])
    for candidates in table:
        best = min(range(len(candidates)), key=lambda j: max(t + p for t, p in zip(totals, candidates[j], strict=True)))
        totals = [t + p for t, p in zip(totals, candidates[best], strict=True)]
    return max(totals)


def main() -> None:
    team = make_team(300)
    times, cpu = [], []
    plan = rotate(SERIES, team)
    for _ in range(RUNS):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        plan = rotate(SERIES, team)
        times.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    ours = statistics.median(times)
    print(f"teamcore rotate: 300 members, 25 zones, 52 weekly occurrences x {len(SERIES.times)} candidates")
    print(
        f"  median of {RUNS}: {ours * 1000:.0f} ms wall, {statistics.median(cpu) * 1000:.0f} ms CPU "
        f"(target <= 1000 ms); unscheduled: {len(plan.unscheduled)}"
    )
    print(f"  worst burden {plan.worst:.1f}, best {plan.best:.1f}, mean {plan.mean:.1f}, gini {plan.gini:.3f}")

    # Speed baseline on a sample, extrapolated linearly.
    sample_people, sample_occurrences = 10, 2
    begin = time.perf_counter()
    table = naive_pain_table(team[:sample_people], SERIES, sample_occurrences)
    sample = time.perf_counter() - begin
    scale = (300 / sample_people) * (SERIES.count / sample_occurrences)
    naive = sample * scale
    for o in range(sample_occurrences):
        occurrence = plan.occurrences[o]
        j = SERIES.times.index(occurrence.time) if occurrence.time is not None else 0
        for p in range(sample_people):
            assert abs(table[o][j][p] - occurrence.pain[p][1]) < 1e-6, (o, j, p)
    naive_greedy(table)
    print(
        f"naive per-slot loop (slot_pain per member x occurrence x candidate), sample {sample_people} members x "
        f"{sample_occurrences} occurrences: {sample * 1000:.0f} ms -> extrapolated {naive:.1f} s"
    )
    print(f"  ratio naive / teamcore: {naive / ours:.0f}x")

    # Fairness baseline: the best fixed slot.
    assert plan.fixed_worst is not None
    print(f"best fixed slot ({plan.fixed_time} UTC every week): worst burden {plan.fixed_worst:.1f}")
    print(f"  ratio fixed worst / rotation worst: {plan.fixed_worst / plan.worst:.2f}x")


if __name__ == "__main__":
    main()
