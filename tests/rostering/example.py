"""The worked example: six members in Stockholm, Manila and São Paulo, one week, hourly intervals, three languages."""

from __future__ import annotations

import datetime as dt

from teamcore.people import Member
from teamcore.rostering import Contract, LabourRules, RosterProblem, ShiftTemplate

MONDAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
"""A week without DST changes or public holidays in SE, PH or BR... except none: checked by the tests."""


def members() -> list[Member]:
    """Two members per office."""
    return [
        Member(id="anna", name="Anna", timezone="Europe/Stockholm", country="SE", languages=["sv", "en"]),
        Member(id="erik", name="Erik", timezone="Europe/Stockholm", country="SE", languages=["sv", "en"]),
        Member(id="maria", name="Maria", timezone="Asia/Manila", country="PH", languages=["en"]),
        Member(id="jose", name="José", timezone="Asia/Manila", country="PH", languages=["en"]),
        Member(id="joao", name="João", timezone="America/Sao_Paulo", country="BR", languages=["pt-BR", "en"]),
        Member(id="bia", name="Bia", timezone="America/Sao_Paulo", country="BR", languages=["pt-BR", "en"]),
    ]


def templates() -> list[ShiftTemplate]:
    """Day shifts of 8 h paid, in local time."""
    return [
        ShiftTemplate(
            name="day",
            starts=[dt.time(7), dt.time(8), dt.time(9)],
            length=dt.timedelta(hours=8, minutes=30),
            unpaid_break=dt.timedelta(minutes=30),
        ),
        ShiftTemplate(
            name="late",
            starts=[dt.time(13), dt.time(14)],
            length=dt.timedelta(hours=8, minutes=30),
            unpaid_break=dt.timedelta(minutes=30),
        ),
    ]


def requirement(start: dt.datetime = MONDAY, hours: int = 168) -> dict[str, list[int]]:
    """English 06:00-22:00 UTC every day; Swedish and Portuguese 09:00-17:00 Stockholm and São Paulo time, weekdays."""
    import zoneinfo  # noqa: PLC0415

    sthlm, sp = zoneinfo.ZoneInfo("Europe/Stockholm"), zoneinfo.ZoneInfo("America/Sao_Paulo")
    out: dict[str, list[int]] = {"en": [], "sv": [], "pt": []}
    for k in range(hours):
        at = start + dt.timedelta(hours=k)
        out["en"].append(1 if 6 <= at.hour < 22 else 0)
        s, p = at.astimezone(sthlm), at.astimezone(sp)
        out["sv"].append(1 if s.weekday() < 5 and 9 <= s.hour < 17 else 0)
        out["pt"].append(1 if p.weekday() < 5 and 9 <= p.hour < 17 else 0)
    return out


def problem(**changes: object) -> RosterProblem:
    """The worked example's problem; keyword arguments replace its fields."""
    fields: dict[str, object] = {
        "members": members(),
        "templates": templates(),
        "requirement": requirement(),
        "start": MONDAY,
        "step": dt.timedelta(hours=1),
        "now": MONDAY - dt.timedelta(days=3),
        "rules": LabourRules(max_hours_per_week=40),
        "contracts": {m.id: Contract(min_hours=0, max_hours=40) for m in members()},
    }
    fields.update(changes)
    return RosterProblem(**fields)  # type: ignore[arg-type]
