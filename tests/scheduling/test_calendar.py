"""Tests for working intervals: DST, non-whole offsets, overnight shifts, holidays, closed days and time off."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from datetime import UTC

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._time import local_to_utc
from teamcore._zones import DAY, local_seconds_to_utc
from teamcore.exceptions import (
    AmbiguousTime,
    InvalidInterval,
    InvalidValue,
    NonexistentTime,
    UnknownCountry,
    UnknownTimezone,
    WrongType,
)
from teamcore.people import ClosedDay, Member, Team, TimeOff, Weekday, WeeklyHours
from teamcore.scheduling import (
    BusinessCalendar,
    IntervalSet,
    country_weekend,
    default_hours,
    public_holidays,
    working_intervals,
)
from teamcore.scheduling._calendar import day_number

WEEKDAYS = {"mon-fri": ["09:00-17:00"]}


def member(zone: str, country: str, hours: dict[str, list[str]] | None = None, **kw: object) -> Member:
    return Member(id="m", name="M", timezone=zone, country=country, hours=WEEKDAYS if hours is None else hours, **kw)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def hours_of(intervals: object) -> list[float]:
    return [(e - s).total_seconds() / 3600 for s, e in intervals]  # type: ignore[attr-defined]


class TestWallClockShifts:
    def test_kathmandu_day_is_0315_to_1115_utc(self):
        """+05:45: 09:00-17:00 local is 03:15-11:15Z."""
        ivs = working_intervals(member("Asia/Kathmandu", "NP"), dt.date(2026, 1, 5), dt.date(2026, 1, 6))
        assert ivs.to_pairs() == [(utc(2026, 1, 5, 3, 15), utc(2026, 1, 5, 11, 15))]

    @pytest.mark.parametrize(
        ("day", "real_hours"),
        [
            (dt.date(2026, 3, 28), 7.0),  # Saturday night into Stockholm's 23-hour Sunday
            (dt.date(2026, 10, 24), 9.0),  # Saturday night into the 25-hour Sunday
            (dt.date(2026, 3, 21), 8.0),  # an ordinary night
        ],
    )
    def test_night_shift_over_a_dst_night(self, day, real_hours):
        """A 22:00-06:00 shift lasts 7, 9 or 8 real hours depending on the night."""
        nights = member("Europe/Stockholm", "SE", {"sat": ["22:00-06:00"]})
        assert hours_of(working_intervals(nights, day, day + dt.timedelta(days=1))) == [real_hours]

    def test_lord_howe_half_hour_dst(self):
        """Lord Howe's 30-minute change shortens a night shift by half an hour."""
        nights = member("Australia/Lord_Howe", "AU", {"sat": ["22:00-06:00"]}, subdivision="NSW")
        ivs = working_intervals(nights, dt.date(2026, 10, 3), dt.date(2026, 10, 4))
        assert hours_of(ivs) == [7.5]

    @pytest.mark.parametrize(
        ("rule", "start"),
        [
            ("compatible", utc(2026, 3, 29, 1, 30)),  # moved forward: 03:30 CEST
            ("later", utc(2026, 3, 29, 1, 30)),
            ("earlier", utc(2026, 3, 29, 0, 30)),  # 01:30 CET
        ],
    )
    def test_shift_starting_in_the_stockholm_gap(self, rule, start):
        """A shift starting at 02:30 on 2026-03-29 (nonexistent) follows the disambiguate rule."""
        early = member("Europe/Stockholm", "SE", {"sun": ["02:30-10:00"]})
        ivs = working_intervals(early, dt.date(2026, 3, 29), dt.date(2026, 3, 30), disambiguate=rule)
        assert ivs.to_pairs() == [(start, utc(2026, 3, 29, 8))]

    @pytest.mark.parametrize(
        ("rule", "start"),
        [
            ("compatible", utc(2026, 11, 1, 5, 30)),  # the earlier 01:30 (-04:00), not pendulum's later one
            ("earlier", utc(2026, 11, 1, 5, 30)),
            ("later", utc(2026, 11, 1, 6, 30)),  # the second 01:30 (-05:00)
        ],
    )
    def test_shift_starting_in_the_new_york_fold(self, rule, start):
        """A shift starting at 01:30 on 2026-11-01 (twice) follows the disambiguate rule."""
        early = member("America/New_York", "US", {"sun": ["01:30-09:00"]})
        ivs = working_intervals(early, dt.date(2026, 11, 1), dt.date(2026, 11, 2), disambiguate=rule)
        assert ivs.to_pairs() == [(start, utc(2026, 11, 1, 14))]

    @pytest.mark.parametrize(
        ("zone", "hours", "day", "error"),
        [
            ("Europe/Stockholm", {"sun": ["02:30-10:00"]}, dt.date(2026, 3, 29), NonexistentTime),  # gap
            ("America/New_York", {"sun": ["01:30-09:00"]}, dt.date(2026, 11, 1), AmbiguousTime),  # fold
        ],
    )
    def test_raise_rule(self, zone, hours, day, error):
        """With disambiguate='raise' a gap or fold is an error."""
        with pytest.raises(error):
            working_intervals(member(zone, "SE", hours), day, day + dt.timedelta(days=1), disambiguate="raise")

    def test_shift_wholly_inside_a_gap_has_no_time(self):
        """02:00-03:00 on Stockholm's spring-forward day does not exist: nothing is worked."""
        lost = member("Europe/Stockholm", "SE", {"sun": ["02:00-03:00"], "mon": ["09:00-10:00"]})
        ivs = working_intervals(lost, dt.date(2026, 3, 29), dt.date(2026, 3, 31))
        assert hours_of(ivs) == [1.0]

    def test_overnight_shift_on_the_last_day_runs_past_the_end(self):
        """Shifts belong to the day they start: the last day's night shift ends after `end`."""
        nights = member("Europe/London", "GB", {"fri": ["22:00-06:00"]})
        ivs = working_intervals(nights, dt.date(2026, 1, 9), dt.date(2026, 1, 10))
        assert ivs.to_pairs() == [(utc(2026, 1, 9, 22), utc(2026, 1, 10, 6))]

    def test_between_clips_to_the_window(self):
        """between() includes the part of a shift that started the evening before."""
        cal = BusinessCalendar(hours=WeeklyHours.parse({"sun": ["22:00-06:00"]}), timezone="Asia/Tokyo")
        ivs = cal.between(utc(2026, 1, 4, 14), utc(2026, 1, 4, 18))
        assert ivs.to_pairs() == [(utc(2026, 1, 4, 14), utc(2026, 1, 4, 18))]

    def test_empty_hours_and_empty_range(self):
        """No hours, or an empty date range, gives the empty set."""
        assert len(working_intervals(member("UTC", "SE", {}), dt.date(2026, 1, 1), dt.date(2027, 1, 1))) == 0
        assert len(working_intervals(member("UTC", "SE"), dt.date(2026, 1, 5), dt.date(2026, 1, 5))) == 0


class TestHolidaysAndClosedDays:
    def test_us_ca_observed_independence_day(self):
        """US/CA 2026-07-03 is 'Independence Day (observed)' and nobody works it."""
        ca = member("America/Los_Angeles", "US", subdivision="CA")
        assert public_holidays("US", "CA", dt.date(2026, 7, 3), dt.date(2026, 7, 4)) == {
            dt.date(2026, 7, 3): "Independence Day (observed)"
        }
        week = working_intervals(ca, dt.date(2026, 6, 29), dt.date(2026, 7, 4))
        assert len(week) == 4
        assert all(start.astimezone(ca.zone).date() != dt.date(2026, 7, 3) for start, _ in week)

    def test_sweden_2026(self):
        """Sweden has 13 public holidays in 2026; Midsummer Eve and Christmas Eve are not among them."""
        table = public_holidays("SE", None, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
        assert len(table) == 13
        assert dt.date(2026, 6, 19) not in table
        assert dt.date(2026, 12, 24) not in table

    def test_team_closed_days_apply_to_its_members(self):
        """Midsummer Eve and Christmas Eve as team closed days remove those days' work."""
        anna = Member(id="anna", name="Anna", timezone="Europe/Stockholm", country="SE", hours=WEEKDAYS)
        team = Team(
            id="nordic",
            name="Nordic",
            lead="anna",
            members=["anna"],
            closed_days=[ClosedDay(dt.date(2026, 6, 19), "Midsummer Eve"), ClosedDay(dt.date(2026, 12, 24))],
        )
        other = Team(id="other", name="Other", lead="bo", members=["bo"], closed_days=[ClosedDay(dt.date(2026, 6, 18))])
        june = BusinessCalendar.for_member(anna, team=[team, other]).intervals(
            dt.date(2026, 6, 15), dt.date(2026, 6, 20)
        )
        assert len(june) == 4  # Mon-Thu; Friday the 19th closed; the other team's closed day does not apply
        december = working_intervals(anna, dt.date(2026, 12, 21), dt.date(2026, 12, 26), team=team)
        assert len(december) == 3  # Mon-Wed; the 24th closed, the 25th a public holiday
        assert len(working_intervals(anna, dt.date(2026, 6, 15), dt.date(2026, 6, 20))) == 5

    def test_night_shift_before_a_holiday_is_worked_in_full(self):
        """A shift starting the evening before a holiday belongs to that evening's day and is worked."""
        nights = member("America/Los_Angeles", "US", {"thu-fri": ["22:00-06:00"]}, subdivision="CA")
        ivs = working_intervals(nights, dt.date(2026, 7, 2), dt.date(2026, 7, 4))
        ((start, end),) = ivs.to_pairs("America/Los_Angeles")
        assert (start.date(), start.hour) == (dt.date(2026, 7, 2), 22)
        assert (end.date(), end.hour) == (dt.date(2026, 7, 3), 6)

    def test_time_off_removes_whole_local_days(self):
        """Time off from Wednesday to Thursday leaves Monday, Tuesday and Friday."""
        off = member("Asia/Manila", "PH", time_off=[TimeOff(dt.date(2026, 2, 11), dt.date(2026, 2, 12))])
        week = working_intervals(off, dt.date(2026, 2, 9), dt.date(2026, 2, 14))
        days = [s.astimezone(off.zone).date().day for s, _ in week]
        assert days == [9, 10, 13]
        assert BusinessCalendar.for_member(off).days_off(dt.date(2026, 2, 9), dt.date(2026, 2, 14)) == {
            dt.date(2026, 2, 11): "time off",
            dt.date(2026, 2, 12): "time off",
        }

    def test_weekend_comes_from_the_hours_with_a_helper_for_the_country(self):
        """A Sunday-Thursday week works Sundays; country_weekend and default_hours give the country's week."""
        riyadh = member("Asia/Riyadh", "SA", {"sun-thu": ["09:00-17:00"]})
        week = working_intervals(riyadh, dt.date(2026, 2, 1), dt.date(2026, 2, 8))
        assert [s.astimezone(riyadh.zone).strftime("%a") for s, _ in week] == ["Sun", "Mon", "Tue", "Wed", "Thu"]
        assert country_weekend("SA") == {Weekday.FRI, Weekday.SAT}
        assert default_hours("SA") == riyadh.hours
        assert country_weekend("SE") == {Weekday.SAT, Weekday.SUN}

    def test_no_country_means_no_holidays(self):
        """A calendar without a country works Christmas Day."""
        cal = BusinessCalendar(hours=WeeklyHours.weekdays(), timezone="Europe/Stockholm")
        assert len(cal.intervals(dt.date(2026, 12, 25), dt.date(2026, 12, 26))) == 1


class TestValidation:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"timezone": "Europe/Stokholm"}, UnknownTimezone, "timezone"),  # misspelt zone
            ({"country": "XX"}, UnknownCountry, "country"),  # unknown country
            ({"country": "US", "subdivision": "ZZ"}, UnknownCountry, "subdivision"),  # unknown subdivision
            ({"subdivision": "CA"}, InvalidValue, "subdivision"),  # subdivision without a country
            ({"disambiguate": "latest"}, InvalidValue, "disambiguate"),  # not a rule
            ({"closed_days": ["2026-06-19"]}, WrongType, r"closed_days\[0\]"),  # a string, not a date
            ({"closed_days": [dt.datetime(2026, 6, 19, tzinfo=UTC)]}, WrongType, "closed_days"),  # a datetime
            ({"time_off": [dt.date(2026, 1, 1)]}, WrongType, r"time_off\[0\]"),  # a date, not TimeOff
            ({"hours": {"mon": ["09:00-17:00"]}}, TypeError, "hours"),  # a mapping, not WeeklyHours
        ],
    )
    def test_bad_fields(self, kwargs, error, match):
        """Every field is checked when the calendar is made."""
        fields = {"hours": WeeklyHours.weekdays(), "timezone": "Europe/Stockholm"} | kwargs
        with pytest.raises(error, match=match):
            BusinessCalendar(**fields)

    @pytest.mark.parametrize(
        ("start", "end", "error"),
        [
            (dt.date(2026, 2, 1), dt.date(2026, 1, 1), InvalidInterval),  # end before start
            (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.date(2026, 2, 1), WrongType),  # a datetime, not a date
            ("2026-01-01", dt.date(2026, 2, 1), WrongType),  # a string
        ],
    )
    def test_bad_ranges(self, start, end, error):
        """intervals() needs two local dates in order."""
        with pytest.raises(error):
            BusinessCalendar(hours=WeeklyHours.weekdays(), timezone="UTC").intervals(start, end)

    def test_for_member_needs_a_member(self):
        """for_member refuses anything but a Member."""
        with pytest.raises(WrongType, match="member"):
            BusinessCalendar.for_member("anna")  # type: ignore[arg-type]


# DST instants pinned beside arbitrary zones: the vectorised conversion must agree with local_to_utc everywhere.
RULES = st.sampled_from(["compatible", "earlier", "later"])


class TestVectorisedConversion:
    @settings(max_examples=60)
    @given(
        st.timezones(),
        st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)),
        st.integers(0, 24 * 60 - 1),
        RULES,
    )
    @example(zoneinfo.ZoneInfo("Europe/Stockholm"), dt.date(2026, 3, 29), 150, "compatible")  # gap 02:30
    @example(zoneinfo.ZoneInfo("Europe/Stockholm"), dt.date(2026, 3, 29), 150, "earlier")
    @example(zoneinfo.ZoneInfo("America/New_York"), dt.date(2026, 11, 1), 90, "compatible")  # fold 01:30
    @example(zoneinfo.ZoneInfo("America/New_York"), dt.date(2026, 11, 1), 90, "later")
    @example(zoneinfo.ZoneInfo("Australia/Lord_Howe"), dt.date(2026, 10, 4), 135, "compatible")  # 30-minute gap
    @example(zoneinfo.ZoneInfo("Australia/Lord_Howe"), dt.date(2026, 4, 5), 105, "later")  # 30-minute fold
    @example(zoneinfo.ZoneInfo("America/Santiago"), dt.date(2026, 9, 6), 0, "compatible")  # midnight skipped
    @example(zoneinfo.ZoneInfo("Asia/Kathmandu"), dt.date(2026, 1, 5), 540, "compatible")
    def test_agrees_with_local_to_utc(self, zone, day, minute, rule):
        """Wall-clock to UTC in numpy equals the scalar rule for any zone, date and time."""
        local = np.array([day_number(day) * DAY + minute * 60], np.int64)
        got = int(local_seconds_to_utc(local, zone.key, rule)[0])
        want = local_to_utc(day, dt.time(minute // 60, minute % 60), zone, rule)
        assert dt.datetime.fromtimestamp(got, UTC) == want


class TestProperties:
    @settings(max_examples=40)
    @given(tst.members(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)))
    def test_local_to_utc_to_local_is_the_identity(self, person, first):
        """Each interval, read back in the member's zone, starts at a shift's wall-clock start on its day.

        Starts that fall in a DST gap or fold are resolved by the rule and are skipped here.
        """
        last = first + dt.timedelta(days=14)
        zone = person.zone
        for start, _ in working_intervals(person, first, last).to_pairs(person.timezone):
            day = start.date()
            candidates = [
                (d, shift.start)
                for d in (day, day - dt.timedelta(days=1))
                for shift in person.hours.on(Weekday(d.weekday()))
            ]
            # The interval begins where one of the member's shifts begins, read back through the same rule.
            assert any(local_to_utc(d, t, zone) == start for d, t in candidates)

    @settings(max_examples=40)
    @given(tst.members(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)), st.integers(1, 30))
    def test_splitting_the_date_range_changes_nothing(self, person, first, days):
        """Intervals of [a, c) are those of [a, b) and [b, c) together."""
        middle, last = first + dt.timedelta(days=days), first + dt.timedelta(days=2 * days)
        whole = working_intervals(person, first, last)
        parts = working_intervals(person, first, middle).union(working_intervals(person, middle, last))
        assert whole == parts

    @settings(max_examples=40)
    @given(tst.members(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)))
    def test_real_time_is_within_dst_of_wall_clock_time(self, person, first):
        """Real working time differs from wall-clock minutes only by DST changes (at most 2 h per shift here)."""
        last = first + dt.timedelta(days=7)
        real = working_intervals(person, first, last).total_seconds()
        assert real <= person.hours.minutes_per_week * 60 + 2 * 3600 * len(person.hours.shifts)

    @settings(max_examples=30)
    @given(tst.members(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)))
    def test_days_off_are_exactly_the_days_removed(self, person, first):
        """Per local day: no work on a listed day off, the plain weekly shifts on every other day."""
        calendar = BusinessCalendar.for_member(person, closed_days=[dt.date(2026, 6, 19)])
        plain = BusinessCalendar(hours=person.hours, timezone=person.timezone)
        off = calendar.days_off(first, first + dt.timedelta(days=21))
        for n in range(21):
            day = first + dt.timedelta(days=n)
            got = calendar.intervals(day, day + dt.timedelta(days=1))
            assert got == (IntervalSet.empty() if day in off else plain.intervals(day, day + dt.timedelta(days=1)))
