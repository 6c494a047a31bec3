"""Roster problems for bench_roster.py: a follow-the-sun team, a simulated forecast, Erlang requirement per language."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from teamcore.people import Member, TimeOff
from teamcore.rostering import Contract, LabourRules, RosterProblem, ShiftTemplate
from teamcore.staffing import StaffingCriteria, required_agents

START = dt.datetime(2026, 10, 12, tzinfo=dt.UTC)
"""A Monday: four weeks over Europe's fall-back night (25 October), Brazil's 12 October and 2 November holidays."""

STEP = dt.timedelta(minutes=30)

OFFICES = [
    # zone, country, languages, share of the team
    ("Europe/Stockholm", "SE", ["sv", "en"], 0.25),
    ("Asia/Manila", "PH", ["en"], 0.35),
    ("America/Sao_Paulo", "BR", ["pt-BR", "en"], 0.25),
    ("Europe/Lisbon", "PT", ["pt-PT", "en"], 0.15),
]

MARKETS = {
    # language: (market zone, contacts per 30 min at the daily peak per 100 members, open hours local or None = 24/7)
    "en": ("Europe/London", 85.0, None),
    "sv": ("Europe/Stockholm", 30.0, (8, 20)),
    "pt": ("America/Sao_Paulo", 40.0, (8, 20)),
}

H = dt.timedelta(hours=1)


def templates() -> list[ShiftTemplate]:
    """Early, late and night shifts in local time, starts every 30 minutes in the early and late bands."""
    half = [dt.time(h, m) for h in range(24) for m in (0, 30)]
    return [
        ShiftTemplate(
            name="early",
            starts=[t for t in half if dt.time(6) <= t <= dt.time(9)],
            length=8 * H + dt.timedelta(minutes=30),
            unpaid_break=dt.timedelta(minutes=30),
        ),
        ShiftTemplate(
            name="late",
            starts=[t for t in half if dt.time(12) <= t <= dt.time(15)],
            length=8 * H + dt.timedelta(minutes=30),
            unpaid_break=dt.timedelta(minutes=30),
        ),
        ShiftTemplate(name="night", starts=[dt.time(22)], length=9 * H, unpaid_break=H),
    ]


def team(n: int) -> list[Member]:
    """`n` members across the four offices; every seventh has a week off."""
    out: list[Member] = []
    counts = [math.floor(n * share) for *_, share in OFFICES]
    counts[0] += n - sum(counts)
    k = 0
    for (zone, country, languages, _), count in zip(OFFICES, counts, strict=True):
        for _ in range(count):
            off: list[TimeOff] = []
            if k % 7 == 3:
                first = START.date() + dt.timedelta(days=7 * (k % 4))
                off = [TimeOff(first, first + dt.timedelta(days=6))]
            out.append(
                Member(
                    id=f"m{k:03d}",
                    name=f"Member {k}",
                    timezone=zone,
                    country=country,
                    languages=languages,
                    time_off=off,
                )
            )
            k += 1
    return out


def requirement(n: int, weeks: int, *, seed: int = 7) -> dict[str, list[int]]:
    """Agents to roster per 30-minute interval and language: a simulated forecast through Erlang C, 80/20."""
    import zoneinfo  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    intervals = weeks * 7 * 48
    target = StaffingCriteria.parse("80/20")
    out: dict[str, list[int]] = {}
    for language, (zone_name, peak, hours) in MARKETS.items():
        zone = zoneinfo.ZoneInfo(zone_name)
        volume = np.zeros(intervals)
        for k in range(intervals):
            local = (START + STEP * k).astimezone(zone)
            hour = local.hour + local.minute / 60
            if hours is not None and not hours[0] <= hour < hours[1]:
                continue
            daily = 0.25 + 0.75 * math.exp(-(((hour - 13.0) / 5.0) ** 2))
            weekly = 0.6 if local.weekday() >= 5 else 1.0
            volume[k] = peak * n / 100 * daily * weekly
        volume = rng.poisson(volume).astype(float)
        traffic = volume * 300 / STEP.total_seconds()
        req = required_agents(traffic, target, aht=300, shrinkage=0.25)
        out[language] = [int(v) for v in req.rostered]
    return out


def problem(n: int, weeks: int = 4) -> RosterProblem:
    """The scale problem: `n` members, `weeks` weeks of 30-minute intervals, three languages."""
    people = team(n)
    contracts = {
        m.id: Contract(max_hours=40) if i % 5 else Contract(employment="part_time", max_hours=24)
        for i, m in enumerate(people)
    }
    return RosterProblem(
        members=people,
        templates=templates(),
        requirement=requirement(n, weeks),
        start=START,
        step=STEP,
        now=START,
        rules=LabourRules(max_hours_per_week=40, max_nights_per_week=3),
        contracts=contracts,
    )
