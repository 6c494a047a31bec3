"""Tests for iCalendar export, read back with recurring-ical-events (an independent reader) and compared as instants."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import NaiveDatetime, WrongType
from teamcore.people import Member
from teamcore.scheduling import (
    Participant,
    Series,
    candidate_slots,
    meeting_ics,
    one_on_ones,
    one_on_ones_ics,
    rotate,
    rotation_ics,
)

NOW = dt.datetime(2026, 2, 20, 8, tzinfo=UTC)


def person(mid: str, zone: str, country: str) -> Member:
    return Member(id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]})


NY = person("ny", "America/New_York", "US")
LDN = person("ldn", "Europe/London", "GB")
SYD = person("syd", "Australia/Sydney", "AU")
TEAM = (Participant(NY), Participant(LDN), Participant(SYD, night_ok=True))


def read_back(data: bytes) -> list[tuple[dt.datetime, dt.datetime, str]]:
    """Every event instance in 2025-2028 as UTC (start, end, uid), by the independent reader."""
    calendar = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar).between(
        dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2028, 1, 1, tzinfo=UTC)
    )
    out = [
        (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC), str(e["UID"]))
        for e in events
    ]  # fmt: skip
    return sorted(out)


class TestMeeting:
    """A single meeting."""

    def test_round_trip(self) -> None:
        """The best slot reads back at the same instants, with DTSTAMP from now."""
        start = dt.datetime(2026, 3, 4, tzinfo=UTC)
        [best] = candidate_slots(TEAM[:2], start, start + dt.timedelta(days=1), dt.timedelta(minutes=45), limit=1)
        data = meeting_ics(best, summary="Kick-off", now=NOW)
        [(s, e, _)] = read_back(data)
        assert (s, e) == (best.start, best.end)
        assert b"DTSTAMP:20260220T080000Z" in data

    def test_deterministic_and_content_uids(self) -> None:
        """Same content, same bytes; another summary, another UID."""
        start = dt.datetime(2026, 3, 4, tzinfo=UTC)
        [best] = candidate_slots(TEAM[:2], start, start + dt.timedelta(days=1), dt.timedelta(minutes=30), limit=1)
        first = meeting_ics(best, summary="Kick-off", now=NOW)
        assert first == meeting_ics(best, summary="Kick-off", now=NOW)
        assert read_back(first)[0][2] != read_back(meeting_ics(best, summary="Retro", now=NOW))[0][2]


class TestRotation:
    """A rotated series: one event per scheduled occurrence."""

    def test_reference_dst_series(self) -> None:
        """The Thursday 09:00 New York meeting reads back at 14:00Z, then 13:00Z from 12 March."""
        series = Series(
            name="Team", frequency="weekly", first=dt.date(2026, 3, 5), count=36, times=[dt.time(9)],
            zone="America/New_York",
        )  # fmt: skip
        plan = rotate(series, TEAM)
        back = read_back(rotation_ics(plan, now=NOW))
        assert [(s, e) for s, e, _ in back] == [(o.start, o.end) for o in plan.occurrences]
        assert [s.hour for s, _, _ in back[:2]] == [14, 13]
        assert len({uid for _, _, uid in back}) == 36

    @settings(max_examples=10)
    @given(
        count=st.integers(0, 8),
        frequency=st.sampled_from(["daily", "weekly", "monthly"]),
        first=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)),
        minutes=st.sampled_from([15, 30, 45, 60]),
    )
    def test_round_trip(self, count: int, frequency: str, first: dt.date, minutes: int) -> None:
        """Every scheduled occurrence reads back at its instants; unscheduled ones are absent."""
        series = Series(
            name="Sync", frequency=frequency, first=first, count=count,  # type: ignore[arg-type]
            duration=dt.timedelta(minutes=minutes), times=[dt.time(h) for h in range(0, 24, 2)],
        )  # fmt: skip
        plan = rotate(series, TEAM[:2])
        back = read_back(rotation_ics(plan, now=NOW))
        assert [(s, e) for s, e, _ in back] == [(o.start, o.end) for o in plan.occurrences if o.start is not None]


class TestOneOnOnes:
    """Recurring 1:1s with TZID and VTIMEZONE."""

    def test_round_trip_across_dst(self) -> None:
        """A London-time weekly 1:1 reads back at the same instants across the UK change of 29 March."""
        ones = one_on_ones(LDN, [NY, person("ber", "Europe/Berlin", "DE")], first=dt.date(2026, 3, 16), weeks=5)
        data = one_on_ones_ics(ones, now=NOW)
        back = read_back(data)
        assert [(s, e) for s, e, _ in back] == sorted(
            (s, s + o.duration) for o in ones for s in o.starts
        )  # fmt: skip
        assert b"BEGIN:VTIMEZONE" in data
        assert b"TZID=Europe/London" in data
        assert len({uid for _, _, uid in back}) == 2

    def test_without_slot_is_left_out(self) -> None:
        """A 1:1 without a slot makes no event."""
        idle = Member(id="idle", name="idle", timezone="Europe/London", country="GB")
        assert read_back(one_on_ones_ics(one_on_ones(idle, [NY], first=dt.date(2026, 3, 2)), now=NOW)) == []


class TestBadInput:
    """Wrong types and naive instants are refused."""

    @pytest.mark.parametrize(
        ("call", "error", "match"),
        [
            (lambda: rotation_ics("plan", now=NOW), WrongType, "plan"),  # not a plan
            (lambda: one_on_ones_ics(["x"], now=NOW), WrongType, "items"),  # not a OneOnOne
            (lambda: one_on_ones_ics([], now=dt.datetime(2026, 1, 1)), NaiveDatetime, "now"),  # naive now
            (lambda: meeting_ics("slot", summary="x", now=NOW), WrongType, "slot"),  # not a slot
        ],
    )
    def test_refused(self, call: object, error: type[Exception], match: str) -> None:
        """Each bad argument names itself."""
        with pytest.raises(error, match=match):
            call()  # type: ignore[operator]
