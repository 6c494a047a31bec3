"""Tests for the pain function: its table, its hard limit, DST nights, and bad weights."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._time import timezone
from teamcore.exceptions import InvalidValue, NaiveDatetime, OutOfRange, WrongType
from teamcore.people import Member, WeeklyHours
from teamcore.scheduling import BusinessCalendar, PainWeights, Participant, slot_pain, working_intervals
from teamcore.scheduling._pain import PainProfile

HALF_HOUR = dt.timedelta(minutes=30)


def person(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None) -> Member:
    return Member(
        id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]} if hours is None else hours
    )


NY = person("ny", "America/New_York", "US")
NIGHT_SHIFT = person("owl", "Europe/London", "GB", {"mon-fri": ["22:00-06:00"]})


def in_night_off_work(member: Member, start: dt.datetime, minutes: int) -> bool:
    """Oracle: some minute of the slot is 22:00-07:00 on the member's wall clock and outside their work."""
    zone = timezone(member.timezone)
    work = working_intervals(member, (start - dt.timedelta(days=3)).date(), (start + dt.timedelta(days=3)).date())
    for m in range(minutes):
        instant = start + dt.timedelta(minutes=m)
        hour = instant.astimezone(zone).hour
        if (hour >= 22 or hour < 7) and not work.contains(instant):
            return True
    return False


class TestPainTable:
    """Each row of the documented table."""

    def test_inside_working_hours_is_zero(self) -> None:
        """Thursday 09:00 in New York costs nothing."""
        assert slot_pain(Participant(NY), dt.datetime(2026, 3, 5, 14, tzinfo=UTC), HALF_HOUR) == (0.0, False)

    def test_evening_ramp(self) -> None:
        """17:00-17:30 on a working day is 1 + 1 per hour from the end of work, sampled at 5-minute midpoints."""
        pain, blocked = slot_pain(Participant(NY), dt.datetime(2026, 3, 5, 22, tzinfo=UTC), HALF_HOUR)
        assert pain == pytest.approx(1.25)
        assert not blocked

    def test_ramp_is_capped(self) -> None:
        """21:00 local is 4 hours after work but the cap of 5 holds from 21:00 on; 20:00 costs 1 + 3 + ramp."""
        pain_20, _ = slot_pain(Participant(NY), dt.datetime(2026, 3, 6, 1, tzinfo=UTC), HALF_HOUR)
        pain_21, _ = slot_pain(Participant(NY), dt.datetime(2026, 3, 6, 2, tzinfo=UTC), HALF_HOUR)
        assert pain_20 == pytest.approx(4.25)
        assert pain_21 == 5.0

    def test_weekend_is_day_off(self) -> None:
        """A Saturday afternoon costs the day-off weight."""
        assert slot_pain(Participant(NY), dt.datetime(2026, 3, 7, 16, tzinfo=UTC), HALF_HOUR) == (6.0, False)

    def test_observed_holiday_is_day_off(self) -> None:
        """2026-07-03 is Independence Day (observed) in the US: 10:00 local is not a working time."""
        pain, _ = slot_pain(Participant(NY), dt.datetime(2026, 7, 3, 14, tzinfo=UTC), HALF_HOUR)
        assert pain == 6.0

    def test_night_is_a_hard_limit(self) -> None:
        """23:00 local costs the night weight and is blocked without an opt-in."""
        start = dt.datetime(2026, 3, 5, 4, tzinfo=UTC)
        assert slot_pain(Participant(NY), start, HALF_HOUR) == (10.0, True)
        assert slot_pain(Participant(NY, night_ok=True), start, HALF_HOUR) == (10.0, False)

    def test_touching_the_night_band_is_blocked(self) -> None:
        """A slot 21:45-22:15 local overlaps the band by 15 minutes; 21:30-22:00 does not (half-open)."""
        assert slot_pain(Participant(NY), dt.datetime(2026, 3, 6, 2, 45, tzinfo=UTC), HALF_HOUR)[1]
        assert not slot_pain(Participant(NY), dt.datetime(2026, 3, 6, 2, 30, tzinfo=UTC), HALF_HOUR)[1]

    def test_night_shift_at_work_is_painless(self) -> None:
        """Someone working 22:00-06:00 has pain 0 and no hard limit at 23:00 on a working night."""
        assert slot_pain(Participant(NIGHT_SHIFT), dt.datetime(2026, 1, 6, 23, tzinfo=UTC), HALF_HOUR) == (0.0, False)

    def test_custom_weights(self) -> None:
        """Weights are fields: a heavier weekend and a shorter night band."""
        weights = PainWeights(day_off=8, night_start=dt.time(0), night_end=dt.time(6))
        saturday = dt.datetime(2026, 3, 7, 16, tzinfo=UTC)
        assert slot_pain(Participant(NY), saturday, HALF_HOUR, weights=weights) == (8.0, False)
        eleven_pm = dt.datetime(2026, 3, 5, 4, tzinfo=UTC)  # Wednesday 23:00: no longer night
        assert slot_pain(Participant(NY), eleven_pm, HALF_HOUR, weights=weights) == (5.0, False)


class TestNightBandAcrossDST:
    """The night band is computed per local day, so it has 8 or 10 real hours on DST nights."""

    @pytest.mark.parametrize(
        ("day", "hours"),
        [
            (dt.date(2026, 3, 28), 8),  # Stockholm springs forward on the night to 29 March
            (dt.date(2026, 10, 24), 10),  # and falls back on the night to 25 October
            (dt.date(2026, 6, 10), 9),  # an ordinary night
        ],
    )
    def test_stockholm(self, day: dt.date, hours: int) -> None:
        """22:00-07:00 Stockholm as real elapsed time."""
        calendar = BusinessCalendar(hours=WeeklyHours(()), timezone="Europe/Stockholm")
        lo = int(dt.datetime.combine(day, dt.time(12), UTC).timestamp())
        profile = PainProfile.build(calendar, lo, lo + 86_400)
        nights = profile.nights.clip_seconds(lo, lo + 86_400)
        assert nights.total_seconds() == hours * 3600

    def test_lord_howe_half_hour_dst(self) -> None:
        """Lord Howe springs forward by 30 minutes on 2026-10-04: that night is 8.5 hours."""
        calendar = BusinessCalendar(hours=WeeklyHours(()), timezone="Australia/Lord_Howe")
        lo = int(dt.datetime(2026, 10, 3, 6, tzinfo=UTC).timestamp())
        profile = PainProfile.build(calendar, lo, lo + 86_400)
        assert profile.nights.clip_seconds(lo, lo + 86_400).total_seconds() == int(8.5 * 3600)


class TestPainProperties:
    """Invariants against an independent wall-clock oracle."""

    @settings(max_examples=40)
    @given(
        member=tst.members(hours=tst.weekly_hours(max_shifts=5)),
        start=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 20)).map(
            lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
        ),
        minutes=st.integers(1, 90),
    )
    @example(
        member=person("se", "Europe/Stockholm", "SE"),
        start=dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # 01:30 CET, half an hour before the gap
        minutes=60,
    )
    @example(
        member=person("ny", "America/New_York", "US"),
        start=dt.datetime(2026, 11, 1, 5, 15, tzinfo=UTC),  # 01:15 EDT, inside the repeated hour
        minutes=30,
    )
    def test_hard_limit_matches_wall_clock(self, member: Member, start: dt.datetime, minutes: int) -> None:
        """Blocked exactly when some minute lies in 22:00-07:00 local outside working hours; pain within 0..10."""
        pain, blocked = slot_pain(Participant(member), start, dt.timedelta(minutes=minutes))
        assert blocked == in_night_off_work(member, start, minutes)
        assert 0.0 <= pain <= 10.0

    @settings(max_examples=40)
    @given(member=tst.members(hours=tst.weekly_hours(max_shifts=5)), pick=st.integers(0, 10_000))
    def test_inside_work_costs_nothing(self, member: Member, pick: int) -> None:
        """A slot wholly inside a working interval has pain 0 and is never blocked, even at night."""
        work = working_intervals(member, dt.date(2026, 4, 6), dt.date(2026, 4, 20))
        lengths = (work.ends - work.starts) // 60
        fits = np.flatnonzero(lengths >= 15)
        if fits.size == 0:
            return
        i = int(fits[pick % fits.size])
        start = dt.datetime.fromtimestamp(int(work.starts[i]), UTC)
        assert slot_pain(Participant(member), start, dt.timedelta(minutes=15)) == (0.0, False)


class TestBadInput:
    """Invalid weights and arguments raise errors that name the field."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"night": -1}, OutOfRange, "night"),  # negative weight
            ({"outside": "high"}, WrongType, "outside"),  # not a number
            ({"per_hour": True}, WrongType, "per_hour"),  # a bool is not a weight
            ({"day_off": float("nan")}, OutOfRange, "day_off"),  # NaN
            ({"outside": 3, "outside_max": 2}, InvalidValue, "outside_max"),  # cap below the start
            ({"night_start": dt.time(7)}, InvalidValue, "night_end"),  # empty night band
            ({"night_end": "07:00"}, WrongType, "night_end"),  # not a time
        ],
    )
    def test_weights(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Each bad weight is refused."""
        with pytest.raises(error, match=match):
            PainWeights(**kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("args", "error", "match"),
        [
            ((Participant(NY), dt.datetime(2026, 3, 5, 14), HALF_HOUR), NaiveDatetime, "start"),  # naive
            ((Participant(NY), dt.datetime(2026, 3, 5, tzinfo=UTC), dt.timedelta(0)), OutOfRange, "duration"),  # empty
            ((Participant(NY), dt.datetime(2026, 3, 5, tzinfo=UTC), 30), WrongType, "duration"),  # minutes as int
            ((NY, dt.datetime(2026, 3, 5, tzinfo=UTC), HALF_HOUR), WrongType, "participant"),  # a Member
        ],
    )
    def test_slot_pain(self, args: tuple[object, ...], error: type[Exception], match: str) -> None:
        """Bad arguments to slot_pain are refused."""
        with pytest.raises(error, match=match):
            slot_pain(*args)  # type: ignore[arg-type]

    def test_participant_needs_a_member(self) -> None:
        """A participant wraps a Member."""
        with pytest.raises(WrongType, match="member"):
            Participant("ny")  # type: ignore[arg-type]
