"""Tests for per-member .ics: read back by icalendar and recurring_ical_events, the same instants, across DST."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import UnknownReference, WrongType
from teamcore.people import Member
from teamcore.rostering import Roster, RosterProblem, ShiftAssignment, ShiftTemplate, roster_ics
from tests.rostering.example import problem

NOW = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
OCTOBER = dt.datetime(2026, 10, 19, tzinfo=dt.UTC)
"""The week before the clocks go back in Stockholm (Sunday 25 October 2026, 03:00 CEST -> 02:00 CET)."""


def autumn() -> RosterProblem:
    """One Stockholm member and one in São Paulo (no DST), night and evening shifts, the fall-back week."""
    team = [
        Member(id="anna", name="Anna", timezone="Europe/Stockholm", country="SE", languages=["sv"]),
        Member(id="joao", name="João", timezone="America/Sao_Paulo", country="BR", languages=["pt-BR"]),
    ]
    templates = [
        ShiftTemplate(name="night", starts=[dt.time(22)], length=dt.timedelta(hours=9)),
        ShiftTemplate(name="evening", starts=[dt.time(18), dt.time(18, 30)], length=dt.timedelta(hours=8)),
    ]
    return RosterProblem(
        members=team,
        templates=templates,
        requirement={"*": [0] * (8 * 24)},
        start=OCTOBER,
        step=dt.timedelta(hours=1),
        now=NOW,
    )


AUTUMN = autumn()
CANDIDATES = AUTUMN.candidates("anna")


def events(data: bytes) -> list[Any]:
    """The file's events, read back by icalendar."""
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def instants(data: bytes) -> set[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of each event as UTC instants, as a calendar program reads them."""
    return {(e.decoded("dtstart").astimezone(dt.UTC), e.decoded("dtend").astimezone(dt.UTC)) for e in events(data)}


class TestRoundTrip:
    """A calendar program reads back the roster's instants."""

    @given(st.lists(st.sampled_from(CANDIDATES), max_size=6, unique=True))
    @settings(max_examples=25, deadline=None)
    def test_instants_survive(self, shifts: list[ShiftAssignment]) -> None:
        """Every shift is one event at its real start and end; the UIDs are distinct."""
        data = roster_ics(Roster(shifts), AUTUMN, "anna", now=NOW)
        assert instants(data) == {(s.start, s.end) for s in shifts}
        uids = [str(e["uid"]) for e in events(data)]
        assert len(set(uids)) == len(shifts)

    def test_wall_clock_in_own_zone(self) -> None:
        """DTSTART carries the member's TZID and their local time, with a VTIMEZONE for it."""
        shift = AUTUMN.shift("anna", "evening", dt.date(2026, 10, 20), dt.time(18, 30))
        text = roster_ics(Roster([shift]), AUTUMN, "anna", now=NOW).decode()
        assert "DTSTART;TZID=Europe/Stockholm:20261020T183000" in text.splitlines()
        assert "BEGIN:VTIMEZONE" in text
        assert "TZID:Europe/Stockholm" in text

    def test_the_long_night(self) -> None:
        """The fall-back night shift, 22:00 to 07:00 local, is ten real hours, as the reader sees it."""
        night = AUTUMN.shift("anna", "night", dt.date(2026, 10, 24), dt.time(22))
        data = roster_ics(Roster([night]), AUTUMN, "anna", now=NOW)
        ((start, end),) = instants(data)
        assert end - start == dt.timedelta(hours=10)

    def test_second_of_two_equal_local_times(self) -> None:
        """A shift that starts at the repeated 02:30 (CET, after the change) is written in UTC, so it is not misread."""
        start = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET, the second 02:30 that night
        shift = ShiftAssignment(
            member="anna", template="evening", start=start, end=start + dt.timedelta(hours=8), local_date=start.date()
        )
        data = roster_ics(Roster([shift]), AUTUMN, "anna", now=NOW)
        assert "DTSTART:20261025T013000Z" in data.decode().splitlines()
        assert instants(data) == {(shift.start, shift.end)}

    def test_recurring_ical_events_finds_them(self) -> None:
        """recurring_ical_events finds each shift on its day in the member's zone."""
        shifts = [AUTUMN.shift("anna", "night", dt.date(2026, 10, d), dt.time(22)) for d in (20, 22, 24)]
        cal = icalendar.Calendar.from_ical(roster_ics(Roster(shifts), AUTUMN, "anna", now=NOW))
        found = recurring_ical_events.of(cal).between(dt.datetime(2026, 10, 19), dt.datetime(2026, 10, 27))
        assert sorted(e.decoded("dtstart").astimezone(dt.UTC) for e in found) == [s.start for s in shifts]


class TestStable:
    """The same roster always gives the same bytes."""

    def test_same_bytes(self) -> None:
        """Twice the same call, the same file; a different `now` changes only DTSTAMP."""
        roster = Roster(CANDIDATES[:3])
        first = roster_ics(roster, AUTUMN, "anna", now=NOW)
        assert first == roster_ics(roster, AUTUMN, "anna", now=NOW)
        later = roster_ics(roster, AUTUMN, "anna", now=NOW + dt.timedelta(days=1)).decode()
        changed = set(first.decode().splitlines()) ^ set(later.splitlines())
        assert {line.split(":")[0] for line in changed} == {"DTSTAMP"}

    def test_only_the_members_shifts(self) -> None:
        """Another member's shifts are left out; a member without shifts gets an empty calendar."""
        roster = Roster([*CANDIDATES[:2], *AUTUMN.candidates("joao")[:1]])
        assert len(events(roster_ics(roster, AUTUMN, "anna", now=NOW))) == 2
        assert events(roster_ics(Roster(CANDIDATES[:2]), AUTUMN, "joao", now=NOW)) == []


class TestErrors:
    """Bad arguments are named."""

    def test_unknown_member(self) -> None:
        """A member who is not in the problem."""
        with pytest.raises(UnknownReference, match="zoe"):
            roster_ics(Roster([]), AUTUMN, "zoe", now=NOW)

    @pytest.mark.parametrize(
        ("roster", "prob", "field"),
        [([], AUTUMN, "roster"), (Roster([]), None, "problem")],
    )
    def test_wrong_type(self, roster: object, prob: object, field: str) -> None:
        """The argument is named."""
        with pytest.raises(WrongType, match=field):
            roster_ics(roster, prob, "anna", now=NOW)  # type: ignore[arg-type]

    def test_naive_now(self) -> None:
        """`now` must be aware."""
        with pytest.raises(ValueError, match="now"):
            roster_ics(Roster([]), problem(), "anna", now=dt.datetime(2026, 10, 1))


class TestAnyZone:
    """Any IANA zone, any instants: what the reader gets back is the shift's real start and end."""

    @given(
        zone=st.sampled_from(
            ["Europe/Stockholm", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Manila", "UTC"]
        )
        | st.timezone_keys(allow_prefix=False),
        start=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31), timezones=st.just(dt.UTC)),
        minutes=st.integers(1, 16 * 60),
    )
    @example(zone="Europe/Stockholm", start=dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), minutes=60).via(
        "the second 02:30 of the fall-back night"
    )
    @example(zone="Australia/Lord_Howe", start=dt.datetime(2026, 4, 4, 15, 15, tzinfo=dt.UTC), minutes=30).via(
        "a half-hour fall-back: 01:45 local twice"
    )
    @settings(max_examples=40, deadline=None)
    def test_instants_survive(self, zone: str, start: dt.datetime, minutes: int) -> None:
        """DTSTART and DTEND read back (TZID and VTIMEZONE, or UTC) are the shift's instants, to the second."""
        start = start.replace(microsecond=0)
        member = Member(id="m", name="M", timezone=zone, country="SE")
        shift = ShiftAssignment(
            member="m",
            template="t",
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            local_date=start.astimezone(member.zone).date(),
        )
        one = RosterProblem(
            members=[member],
            templates=[ShiftTemplate(name="t", starts=[dt.time(9)], length=dt.timedelta(hours=8))],
            requirement={"*": [0]},
            start=start,
            step=dt.timedelta(hours=1),
            now=NOW,
        )
        assert instants(roster_ics(Roster([shift]), one, "m", now=NOW)) == {(shift.start, shift.end)}
