"""Tests for overlap: the reference table of shared hours, the overlap matrix and suggested core hours."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import InvalidInterval, InvalidValue, OutOfRange, WrongType
from teamcore.people import Member, Weekday
from teamcore.scheduling import core_hours, group_overlap, overlap, overlap_matrix, working_intervals


def person(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None, **kw: object) -> Member:
    return Member(
        id=mid,
        name=mid,
        timezone=zone,
        country=country,
        hours={"mon-fri": ["09:00-17:00"]} if hours is None else hours,
        **kw,
    )


NY = person("ny", "America/New_York", "US")
LDN = person("ldn", "Europe/London", "GB")
SE = person("se", "Europe/Stockholm", "SE")
PH = person("ph", "Asia/Manila", "PH")
SYD = person("syd", "Australia/Sydney", "AU", subdivision="NSW")


def daily_hours(a: Member, b: Member, first: dt.date, last: dt.date) -> set[float]:
    """Shared hours per UTC day on the weekdays first..last (inclusive) that are nobody's holiday."""
    found = set()
    day = first
    while day <= last:
        if day.weekday() < 5:
            found.add(overlap(a, b, day, day + dt.timedelta(days=1)).total_seconds() / 3600)
        day += dt.timedelta(days=1)
    return found


class TestReferenceOverlap:
    @pytest.mark.parametrize(
        ("a", "b", "first", "last", "hours"),
        [
            (NY, LDN, dt.date(2026, 2, 2), dt.date(2026, 2, 6), 3),  # an ordinary week
            (NY, LDN, dt.date(2026, 3, 9), dt.date(2026, 3, 27), 4),  # US on DST, UK not yet
            (NY, LDN, dt.date(2026, 10, 26), dt.date(2026, 10, 30), 4),  # UK back on GMT, US not yet
            (NY, LDN, dt.date(2026, 11, 2), dt.date(2026, 11, 6), 3),  # both back on standard time
            (SE, NY, dt.date(2026, 2, 3), dt.date(2026, 2, 3), 2),  # an ordinary day
            (SE, NY, dt.date(2026, 3, 16), dt.date(2026, 3, 16), 3),
            (SE, PH, dt.date(2026, 1, 12), dt.date(2026, 1, 16), 1),  # January
            (SE, PH, dt.date(2026, 7, 6), dt.date(2026, 7, 10), 2),  # July
            (SYD, LDN, dt.date(2026, 1, 12), dt.date(2026, 1, 16), 0),  # January
            (SYD, LDN, dt.date(2026, 7, 6), dt.date(2026, 7, 10), 0),  # July
        ],
    )
    def test_timezones_reference_table(self, a, b, first, last, hours):
        """Shared working hours per day match ../shared/reference/timezones.md."""
        assert daily_hours(a, b, first, last) == {hours}

    def test_new_york_london_three_weeks(self):
        """2026-03-09..03-27: 15 working days of 4 h, 60 h in all."""
        assert overlap(NY, LDN, dt.date(2026, 3, 9), dt.date(2026, 3, 28)).total_seconds() == 60 * 3600

    def test_group_overlap(self):
        """Stockholm, London and New York share 14:00-16:00Z in an ordinary week; nobody means nothing."""
        shared = group_overlap([SE, LDN, NY], dt.date(2026, 2, 2), dt.date(2026, 2, 3))
        assert [(s.hour, e.hour) for s, e in shared] == [(14, 16)]
        assert len(group_overlap([], dt.date(2026, 2, 2), dt.date(2026, 2, 3))) == 0

    def test_windows_in_a_local_zone(self):
        """Dates read in a zone: Sydney's Monday in Sydney holds its full day."""
        monday = overlap(SYD, SYD, dt.date(2026, 1, 12), dt.date(2026, 1, 13), tz="Australia/Sydney")
        assert monday.total_seconds() == 8 * 3600

    @pytest.mark.parametrize(
        ("start", "end", "error"),
        [
            (dt.date(2026, 2, 2), dt.date(2026, 2, 1), InvalidInterval),  # reversed
            ("2026-02-01", dt.date(2026, 2, 2), WrongType),  # a string
            (dt.datetime(2026, 2, 1), dt.date(2026, 2, 2), ValueError),  # naive datetime
        ],
    )
    def test_bad_windows(self, start, end, error):
        """Windows must be dates or aware datetimes, in order."""
        with pytest.raises(error):
            overlap(NY, LDN, start, end)


class TestOverlapMatrix:
    def test_matrix(self):
        """The matrix is symmetric with each member's hours on the diagonal."""
        matrix = overlap_matrix([NY, LDN, SE], dt.date(2026, 2, 2), dt.date(2026, 2, 3))
        assert matrix.member_ids == ("ny", "ldn", "se")
        assert matrix.hours().tolist() == [[8, 3, 2], [3, 8, 7], [2, 7, 8]]
        assert matrix.between("ldn", "se") == dt.timedelta(hours=7)
        assert matrix.to_dicts()[0] == {"a": "ny", "b": "ldn", "hours": 3.0}
        assert matrix.to_polars()["hours"].to_list() == [3.0, 2.0, 7.0]
        with pytest.raises(InvalidValue, match="b"):
            matrix.between("ny", "nobody")

    def test_empty(self):
        """No members: an empty matrix."""
        empty = overlap_matrix([], dt.date(2026, 2, 2), dt.date(2026, 2, 3))
        assert empty.seconds.shape == (0, 0)
        assert empty.to_polars().columns == ["a", "b", "hours"]

    @settings(max_examples=15)
    @given(
        st.lists(tst.members(), max_size=4, unique_by=lambda m: m.id),
        st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)),
    )
    def test_symmetric_and_bounded_by_each_members_hours(self, people, first):
        """overlap(a, b) = overlap(b, a) <= min(hours(a), hours(b))."""
        matrix = overlap_matrix(people, first, first + dt.timedelta(days=10))
        seconds = matrix.seconds
        assert np.array_equal(seconds, seconds.T)
        diagonal = np.diag(seconds)
        assert np.all(seconds <= np.minimum.outer(diagonal, diagonal))
        assert np.all(seconds >= 0)


class TestCoreHours:
    @pytest.mark.parametrize(
        ("first", "start", "end"),
        [
            (dt.date(2026, 1, 12), dt.time(9), dt.time(10)),  # January: 1 h
            (dt.date(2026, 7, 6), dt.time(9), dt.time(11)),  # July: 2 h
        ],
    )
    def test_stockholm_manila(self, first, start, end):
        """Core hours for Stockholm and Manila, in Stockholm time."""
        core = core_hours([SE, PH], first, first + dt.timedelta(days=5), "Europe/Stockholm")
        assert core is not None
        assert (core.start, core.end, core.members, core.days) == (start, end, ("ph", "se"), 5)

    def test_most_members_win_over_length(self):
        """New York joins London for 3 h: that is the window, not London's whole 8-hour day."""
        core = core_hours([NY, LDN], dt.date(2026, 2, 2), dt.date(2026, 2, 7), "Europe/London")
        assert core is not None
        assert (core.start, core.end, core.length) == (dt.time(14), dt.time(17), dt.timedelta(hours=3))
        one = core_hours([NY, LDN], dt.date(2026, 2, 2), dt.date(2026, 2, 7), "Europe/London", min_members=1)
        assert one is not None
        assert (one.start, one.end) == (dt.time(9), dt.time(22))

    def test_a_holiday_does_not_move_the_window(self):
        """One public holiday in the week (Epiphany in Sweden) leaves the suggestion as it is."""
        core = core_hours([SE, PH], dt.date(2026, 1, 5), dt.date(2026, 1, 10), "Europe/Stockholm")
        assert core is not None
        assert (core.start, core.end) == (dt.time(9), dt.time(10))

    def test_window_across_midnight(self):
        """Night workers in London and Tokyo share a window that crosses midnight UTC."""
        night = person("night", "Europe/London", "GB", {"mon-sun": ["20:00-04:00"]})
        tokyo = person("tokyo", "Asia/Tokyo", "JP", {"mon-sun": ["08:00-14:00"]})
        core = core_hours([night, tokyo], dt.date(2026, 2, 2), dt.date(2026, 2, 9), "UTC", weekdays=list(Weekday))
        assert core is not None
        assert (core.start, core.end, core.length) == (dt.time(23), dt.time(4), dt.timedelta(hours=5))

    def test_member_who_works_none_of_the_days(self):
        """A member with no working time in the range (no hours here) is left out, not an IndexError."""
        idle = person("idle", "Europe/London", "GB", {})
        core = core_hours([SE, PH, idle], dt.date(2026, 1, 12), dt.date(2026, 1, 17), "Europe/Stockholm")
        assert core is not None
        assert core.members == ("ph", "se")

    def test_no_shared_time(self):
        """Sydney and London never share a slot: no core hours for two."""
        assert core_hours([SYD, LDN], dt.date(2026, 1, 12), dt.date(2026, 1, 17), "UTC", min_members=2) is None
        assert core_hours([], dt.date(2026, 1, 12), dt.date(2026, 1, 17), "UTC") is None

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"min_members": 3}, OutOfRange),  # more than the members given
            ({"step": dt.timedelta(minutes=7)}, InvalidValue),  # does not divide a day
            ({"end": dt.date(2026, 1, 1)}, InvalidInterval),  # reversed
            ({"tz": "Nowhere/City"}, ValueError),  # unknown zone
        ],
    )
    def test_bad_arguments(self, kwargs, error):
        """Bad arguments raise errors naming them."""
        args = {"start": dt.date(2026, 1, 12), "end": dt.date(2026, 1, 17), "tz": "UTC"} | kwargs
        with pytest.raises(error):
            core_hours([SE, PH], args.pop("start"), args.pop("end"), args.pop("tz"), **args)

    def test_members_in_the_window_work_in_it(self):
        """Every member named in the window works the whole window on most days considered."""
        core = core_hours([SE, LDN, NY, PH], dt.date(2026, 2, 2), dt.date(2026, 2, 7), "UTC")
        assert core is not None
        for member in (SE, LDN, NY, PH):
            ivs = working_intervals(member, dt.date(2026, 2, 1), dt.date(2026, 2, 8))
            start = dt.datetime.combine(dt.date(2026, 2, 4), core.start, UTC)
            works = all(
                ivs.contains(start + dt.timedelta(minutes=m)) for m in range(int(core.length.total_seconds() // 60))
            )
            assert works == (member.id in core.members)
