"""Tests for iCalendar export, read back with recurring-ical-events (an independent reader) and compared as instants."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
import zoneinfo
from datetime import UTC

import icalendar
import pytest
import recurring_ical_events
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import NaiveDatetime, WrongType
from teamcore.people import Member
from teamcore.scheduling import (
    OneOnOneSlot,
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


def read_back_own_zones(data: bytes, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Every event start between `start` and `end` as UTC, reading local times through the file's own VTIMEZONEs.

    Readers use their own rules for a TZID they know by name (Europe/London), so each TZID is renamed to one nobody
    knows. The new name carries the file's digest: icalendar caches a VTIMEZONE by TZID for the whole process.
    """
    digest = hashlib.sha256(data).hexdigest()[:16]
    for tzid in set(re.findall(rb"^TZID:(.+?)\r$", data, flags=re.MULTILINE)):
        private = b"X-Test-" + digest.encode() + b"-" + tzid.replace(b"/", b"-")
        data = data.replace(b"TZID:" + tzid + b"\r", b"TZID:" + private + b"\r")
        data = data.replace(b"TZID=" + tzid + b":", b"TZID=" + private + b":")
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(start, end)
    zones = {e["DTSTART"].dt.tzinfo for e in events}
    assert not any(isinstance(z, zoneinfo.ZoneInfo) and z.key != "UTC" for z in zones), "read with a known zone"
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in events)


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


# Four leads in four zones, exported in a fresh process: the order of their VTIMEZONEs must not depend on hashing.
MULTI_ZONE_EXPORT = """
import datetime as dt, hashlib
from teamcore.people import Member
from teamcore.scheduling import one_on_ones, one_on_ones_ics
ones = []
for zone in ("Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin"):
    lead = Member(id="lead", name="Lead", timezone=zone, country="SE", hours={"mon-fri": ["09:00-17:00"]})
    mate = Member(id="mate", name="Mate", timezone=zone, country="SE", hours={"mon-fri": ["09:00-17:00"]})
    ones += one_on_ones(lead, [mate], first=dt.date(2026, 3, 2), weeks=6)
print(hashlib.sha256(one_on_ones_ics(ones, now=dt.datetime(2026, 2, 20, tzinfo=dt.UTC))).hexdigest())
"""


def weekly(zone: str, first: dt.date, weeks: int) -> tuple[OneOnOneSlot, ...]:
    """A lead's weekly 1:1s with someone in the same zone, both working 09-17."""
    lead, mate = person("lead", zone, "SE"), person("mate", zone, "SE")
    return tuple(o for o in one_on_ones(lead, [mate], first=first, weeks=weeks) if o.time is not None)


def comments(data: bytes) -> list[str]:
    return [line for line in data.decode().splitlines() if line.startswith("COMMENT:")]


class TestTimezoneCoverage:
    """Each VTIMEZONE covers the years of the 1:1s it serves, so a reader relying on it gets the right instants."""

    @pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Australia/Sydney"])
    @pytest.mark.parametrize("year", [2040, 1965])
    def test_outside_1970_2038(self, year: int, zone: str) -> None:
        """A 60-week series in 2040 or 1965 reads back through the VTIMEZONE alone at the instants planned."""
        ones = weekly(zone, dt.date(year, 1, 5), 60)
        back = read_back_own_zones(
            one_on_ones_ics(ones, now=NOW),
            dt.datetime(year - 1, 1, 1, tzinfo=UTC),
            dt.datetime(year + 3, 1, 1, tzinfo=UTC),
        )
        assert back == sorted(s for o in ones for s in o.starts)
        assert len(back) == 60

    @pytest.mark.parametrize(
        ("first", "weeks", "window"),
        [
            (dt.date(2026, 3, 2), 8, ("1970-01-01", "2038-01-01")),  # inside the default window: unchanged
            (dt.date(2037, 12, 7), 8, ("1970-01-01", "2040-01-01")),  # ends in 2038: two Januaries after
            (dt.date(2040, 3, 5), 8, ("1970-01-01", "2042-01-01")),  # all after 2038
            (dt.date(1965, 3, 1), 8, ("1964-01-01", "2038-01-01")),  # all before 1970: the January a year before
            (dt.date(1969, 12, 1), 8, ("1968-01-01", "2038-01-01")),  # starts in 1969
        ],
    )
    def test_window(self, first: dt.date, weeks: int, window: tuple[str, str]) -> None:
        """The window is 1970-2038, widened to whole years with a year's margin around the 1:1s outside it."""
        data = one_on_ones_ics(weekly("Europe/London", first, weeks), now=NOW)
        assert comments(data) == [f"COMMENT:This timezone only works from {window[0]} to {window[1]}."]

    def test_2026_keeps_its_bytes(self) -> None:
        """Inside 1970-2038 the VTIMEZONE is icalendar's default one, byte for byte, as before the window widened."""
        data = one_on_ones_ics(weekly("Europe/London", dt.date(2026, 3, 16), 5), now=NOW)
        default = icalendar.Timezone.from_tzid(
            "Europe/London", first_date=dt.date(1970, 1, 1), last_date=dt.date(2038, 1, 1)
        ).to_ical()
        assert data.count(b"BEGIN:VTIMEZONE") == 1
        assert default in data

    def test_zones_sorted_and_same_bytes_in_any_process(self) -> None:
        """Several zones come sorted by TZID, and another process (another hash seed) writes the same bytes."""
        runs = {
            subprocess.run(
                [sys.executable, "-c", MULTI_ZONE_EXPORT],
                env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONTZPATH": ""},
                capture_output=True, check=True, text=True,
            ).stdout
            for seed in ("1", "2")
        }  # fmt: skip
        assert len(runs) == 1
        assert re.fullmatch(r"[0-9a-f]{64}\n", runs.pop())
        ones = [
            o for zone in ("Europe/London", "Asia/Kolkata", "America/New_York") for o in weekly(zone, NOW.date(), 3)
        ]
        tzids = [line for line in one_on_ones_ics(ones, now=NOW).decode().splitlines() if line.startswith("TZID:")]
        assert tzids == ["TZID:America/New_York", "TZID:Asia/Kolkata", "TZID:Europe/London"]

    def test_zone_icalendar_takes_for_utc(self) -> None:
        """Before 1912 Iceland ran 16 minutes behind UTC: its 1:1s get a TZID, not the UTC that icalendar assumes."""
        ones = weekly("Iceland", dt.date(1905, 5, 1), 4)
        data = one_on_ones_ics(ones, now=NOW)
        assert b"DTSTART;TZID=Iceland:19050501T090000" in data
        back = read_back_own_zones(data, dt.datetime(1905, 1, 1, tzinfo=UTC), dt.datetime(1906, 1, 1, tzinfo=UTC))
        assert back == [s for o in ones for s in o.starts]
        assert back[0] == dt.datetime(1905, 5, 1, 9, 16, 8, tzinfo=UTC)

    @settings(max_examples=25)
    @given(
        zone=st.sampled_from(sorted(zoneinfo.available_timezones())),
        first=st.dates(dt.date(1850, 1, 1), dt.date(2300, 12, 31)),
        weeks=st.integers(1, 80),
    )
    @example(zone="Europe/London", first=dt.date(2040, 3, 19), weeks=4)  # across the UK change of 25 March 2040
    @example(zone="America/New_York", first=dt.date(1965, 4, 19), weeks=2)  # across the US change of 25 April 1965
    @example(zone="Europe/Dublin", first=dt.date(2100, 1, 4), weeks=52)  # Irish "negative" DST, far ahead
    @example(zone="Iceland", first=dt.date(1911, 12, 18), weeks=4)  # across 1 January 1912, LMT to GMT
    def test_any_year(self, zone: str, first: dt.date, weeks: int) -> None:
        """In any zone and year the tz database describes, the VTIMEZONE alone gives the planned instants."""
        ones = weekly(zone, first, weeks)
        assume(ones)
        window = (dt.datetime(first.year - 1, 1, 1, tzinfo=UTC), dt.datetime(first.year + 3, 1, 1, tzinfo=UTC))
        back = read_back_own_zones(one_on_ones_ics(ones, now=NOW), *window)
        assert back == sorted(s for o in ones for s in o.starts)


class TestBadInput:
    """Wrong types and naive instants are refused."""

    @pytest.mark.parametrize(
        ("call", "error", "match"),
        [
            (lambda: rotation_ics("plan", now=NOW), WrongType, "plan"),  # not a plan
            (lambda: one_on_ones_ics(["x"], now=NOW), WrongType, "items"),  # not a OneOnOneSlot
            (lambda: one_on_ones_ics([], now=dt.datetime(2026, 1, 1)), NaiveDatetime, "now"),  # naive now
            (lambda: meeting_ics("slot", summary="x", now=NOW), WrongType, "slot"),  # not a slot
        ],
    )
    def test_refused(self, call: object, error: type[Exception], match: str) -> None:
        """Each bad argument names itself."""
        with pytest.raises(error, match=match):
            call()  # type: ignore[operator]
