"""Small organisations for the mentoring tests."""

from __future__ import annotations

import datetime as dt

import pytest

from teamcore.people import Member, Organisation, Team

# --doctest-modules would import this file as a module named "conftest", clashing with docs/conftest.py.
collect_ignore = ["conftest.py"]


def member(member_id: str, **kwargs: object) -> Member:
    defaults: dict[str, object] = {
        "name": member_id.title(),
        "timezone": "Europe/Stockholm",
        "country": "SE",
        "hours": {"mon-fri": ["09:00-17:00"]},
        "languages": ["en"],
        "start_date": dt.date(2020, 1, 6),
    }
    defaults.update(kwargs)
    return Member(id=member_id, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def org() -> Organisation:
    people = [
        member("anna", role="team_lead", skills={"billing": 5, "returns": 4}, languages=["en", "sv"]),
        member("bo", skills={"billing": 2, "api": 5}),
        member("cleo", skills={"returns": 5}, timezone="America/New_York", country="US"),
        member("dag", start_date=dt.date(2026, 11, 2), skills={"billing": 1}, languages=["en", "sv"]),
        member("eva", start_date=dt.date(2026, 10, 1), timezone="Pacific/Auckland", country="NZ"),
        member("finn", start_date=dt.date(2026, 9, 1), skills={"api": 1}),
    ]
    teams = [
        Team(id="nordics", name="Nordics", lead="anna", members=["anna", "bo", "dag", "finn"]),
        Team(id="global", name="Global", lead="cleo", members=["cleo", "eva"]),
    ]
    return Organisation(name="Acme", members=people, teams=teams)
