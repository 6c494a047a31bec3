"""Loading a large team file: teamcore's validating loader against plain parsing and against cattrs.

Baselines, in one process on the same 5,000-member file:
- ``tomllib`` alone: parsing without building any object (the floor).
- ``cattrs.structure``: building the same attrs classes with cattrs' own structuring (type checks, no per-field
  problem collection, domain checks only through the classes' validators).
teamcore's loader walks every field to report all problems at once; this measures what that costs.

Run: ``python benchmarks/bench_team_files.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import tomllib
from collections.abc import Callable
from typing import Any

import cattrs

from teamcore.people import (
    ClosedDay,
    Member,
    Organisation,
    Team,
    TimeOff,
    WeeklyHours,
    dump_organisation,
    loads_organisation,
)

ZONES = ["Europe/Stockholm", "Asia/Manila", "America/New_York", "Asia/Kathmandu", "Australia/Sydney"]
COUNTRIES = ["SE", "PH", "US", "NP", "AU"]


def make_org(n: int) -> Organisation:
    members = [
        Member(
            id=f"m{i:05d}",
            name=f"Member {i}",
            timezone=ZONES[i % 5],
            country=COUNTRIES[i % 5],
            start_date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000),
            hours={"mon-fri": ["09:00-12:00", "13:00-17:00"]} if i % 7 else {"sun-thu": ["22:00-06:00"]},
            time_off=[TimeOff(dt.date(2026, 7, 1), dt.date(2026, 7, 14), "summer")],
            languages=["en", "sv"] if i % 2 else ["en"],
            skills={"billing": i % 6, "api": (i * 7) % 6, "returns": (i * 3) % 6},
            career_interests=["team lead"],
        )
        for i in range(n)
    ]
    teams = [
        Team(
            id=f"team-{t}",
            name=f"Team {t}",
            lead=members[t * 50].id,
            members=[m.id for m in members[t * 50 : (t + 1) * 50]],
            closed_days=[ClosedDay(dt.date(2026, 12, 24), "Christmas Eve")],
        )
        for t in range(n // 50)
    ]
    return Organisation(name="Bench", members=members, teams=teams)


def cattrs_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_structure_hook(WeeklyHours, lambda v, _: WeeklyHours.parse(v))
    conv.register_structure_hook(dt.date, lambda v, _: v)
    conv.register_structure_hook(tuple, lambda v, _: tuple(v))

    def member(raw: dict[str, Any], _: type) -> Member:
        data = dict(raw)
        data["time_off"] = [TimeOff(**t) for t in data.get("time_off", [])]
        return Member(**data)

    def team(raw: dict[str, Any], _: type) -> Team:
        data = dict(raw)
        data["closed_days"] = [ClosedDay(**c) for c in data.get("closed_days", [])]
        return Team(**data)

    conv.register_structure_hook(Member, member)
    conv.register_structure_hook(Team, team)
    return conv


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    org = make_org(5_000)
    text = dump_organisation(org)
    conv = cattrs_converter()

    def with_cattrs() -> Organisation:
        data = tomllib.loads(text)
        return Organisation(
            name=data["name"],
            members=[conv.structure(m, Member) for m in data["members"]],
            teams=[conv.structure(t, Team) for t in data["teams"]],
        )

    assert loads_organisation(text) == org == with_cattrs()
    parse = median_seconds(lambda: tomllib.loads(text))
    cat = median_seconds(with_cattrs)
    ours = median_seconds(lambda: loads_organisation(text))
    print(f"team file: 5,000 members, {len(text) / 1e6:.1f} MB TOML, median of 5 runs")
    print(f"  tomllib parse only     {parse * 1e3:8.1f} ms")
    print(f"  cattrs.structure       {cat * 1e3:8.1f} ms")
    print(f"  teamcore loader        {ours * 1e3:8.1f} ms")
    print(f"  ratio teamcore / cattrs  {ours / cat:.2f}x   teamcore / parse-only  {ours / parse:.2f}x")


if __name__ == "__main__":
    main()
