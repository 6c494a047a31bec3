"""A small two-team organisation and record makers shared by the feedback tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from teamcore.feedback import FeedbackItem, OneOnOneSeries, Review
from teamcore.people import Member, Organisation, Team, TimeOff

UTC = dt.UTC
WEEKDAYS = {"mon-fri": ["08:00-17:00"]}


def make_org(*, lena_time_off: tuple[TimeOff, ...] = ()) -> Organisation:
    """Nordic (lead lena: ola, mia) and APAC (lead kim: raj, ana); mia works from California."""
    members = [
        Member(id="lena", name="Lena", timezone="Europe/Stockholm", country="SE", hours=WEEKDAYS,
               time_off=lena_time_off, role="team_lead"),
        Member(id="ola", name="Ola", timezone="Europe/Stockholm", country="SE", hours=WEEKDAYS),
        Member(id="mia", name="Mia", timezone="America/Los_Angeles", country="US", subdivision="CA", hours=WEEKDAYS),
        Member(id="kim", name="Kim", timezone="Asia/Singapore", country="SG", hours=WEEKDAYS, role="team_lead"),
        Member(id="raj", name="Raj", timezone="Asia/Kolkata", country="IN", hours=WEEKDAYS),
        Member(id="ana", name="Ana", timezone="Asia/Singapore", country="SG", hours=WEEKDAYS),
    ]  # fmt: skip
    teams = [
        Team(id="nordic", name="Nordic", lead="lena", members=["lena", "ola", "mia"]),
        Team(id="apac", name="APAC", lead="kim", members=["kim", "raj", "ana"]),
    ]
    return Organisation(name="Test", members=members, teams=teams)


def at(day: str, time: str = "09:00", zone: str = "Europe/Stockholm") -> dt.datetime:
    """An aware instant from a local date and time."""
    from teamcore._time import timezone  # noqa: PLC0415 - keeps the helper's imports at its use

    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=timezone(zone))


def item(i: str, **overrides: Any) -> FeedbackItem:
    """A praise from lena to ola observed 2026-09-07, given the next day; override any field."""
    fields: dict[str, Any] = {
        "id": i,
        "kind": "praise",
        "observed_on": dt.date(2026, 9, 7),
        "given_at": at("2026-09-08"),
        "giver": "lena",
        "receiver": "ola",
        "topics": ["tone"],
    }
    fields.update(overrides)
    return FeedbackItem(**fields)


def review(i: str, member: str = "ola", reviewer: str = "lena", **overrides: Any) -> Review:
    """A manager review of Q3 2026 held 2026-09-24; override any field."""
    fields: dict[str, Any] = {
        "id": i,
        "member": member,
        "reviewer": reviewer,
        "kind": "manager",
        "period_start": dt.date(2026, 7, 1),
        "period_end": dt.date(2026, 9, 30),
        "held_on": dt.date(2026, 9, 24),
    }
    fields.update(overrides)
    return Review(**fields)


def series(
    i: str, member: str, lead: str = "lena", cadence: str = "weekly", anchor: str = "2026-09-07"
) -> OneOnOneSeries:
    """A 1:1 series."""
    return OneOnOneSeries(id=i, lead=lead, member=member, cadence=cadence, anchor=dt.date.fromisoformat(anchor))
