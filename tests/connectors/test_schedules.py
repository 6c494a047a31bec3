"""Tests for teamcore.connectors._schedules: Zendesk schedules and holidays as open intervals, with history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore._time import timezone
from teamcore.connectors import RAILS_ZONES, Schedule, Schedules, read_schedules
from teamcore.exceptions import InvalidValue, LoadError, UnknownTimezone, WrongType

DATA = Path(__file__).resolve().parent / "data" / "reconcile"
UTC = dt.UTC
WEEKDAYS_9_17 = [{"start_time": d * 1440 + 540, "end_time": d * 1440 + 1020} for d in range(1, 6)]


def at(text: str) -> dt.datetime:
    """An aware instant from ISO text."""
    return dt.datetime.fromisoformat(text)


class TestSchedule:
    """One version of a schedule."""

    def test_rails_zone_names_become_iana(self) -> None:
        """Zendesk's 'Berlin' is Europe/Berlin; an IANA name is kept."""
        assert Schedule(id=1, timezone="Berlin", intervals=[]).timezone == "Europe/Berlin"
        assert Schedule(id=1, timezone="Europe/Oslo", intervals=[]).timezone == "Europe/Oslo"

    def test_every_rails_zone_is_in_tzdata(self) -> None:
        """Each of the Rails names maps to a zone the pinned tzdata knows."""
        for name, iana in RAILS_ZONES.items():
            assert timezone(iana).key == iana, name

    def test_hours_follow_the_local_clock_across_dst(self) -> None:
        """Monday 09:00-17:00 in Berlin is 07:00Z in summer and 08:00Z in winter (DST ends 25 October 2026)."""
        s = Schedule(id=1, timezone="Berlin", intervals=WEEKDAYS_9_17)
        summer = s.open_intervals(at("2026-10-19T00:00Z"), at("2026-10-20T00:00Z")).to_pairs()
        winter = s.open_intervals(at("2026-10-26T00:00Z"), at("2026-10-27T00:00Z")).to_pairs()
        assert [(a.hour, b.hour) for a, b in summer] == [(7, 15)]
        assert [(a.hour, b.hour) for a, b in winter] == [(8, 16)]

    def test_holidays_are_closed(self) -> None:
        """A holiday spanning two local days removes both days' hours."""
        s = Schedule(
            id=1,
            timezone="UTC",
            intervals=WEEKDAYS_9_17,
            holidays=[{"name": "x", "start_date": "2026-11-02", "end_date": "2026-11-03"}],
        )
        week = s.open_intervals(at("2026-11-02T00:00Z"), at("2026-11-09T00:00Z"))
        assert week.total_seconds() == 3 * 8 * 3600

    def test_an_interval_may_end_at_midnight(self) -> None:
        """Monday 16:00-24:00 (end_time 2880) is eight hours ending at Tuesday 00:00."""
        s = Schedule(id=1, timezone="UTC", intervals=[{"start_time": 2400, "end_time": 2880}])
        pairs = s.open_intervals(at("2026-11-02T00:00Z"), at("2026-11-04T00:00Z")).to_pairs()
        assert pairs == [(at("2026-11-02T16:00Z"), at("2026-11-03T00:00Z"))]

    @pytest.mark.parametrize(
        ("intervals", "error", "match"),
        [
            ([{"start_time": 600, "end_time": 500}], InvalidValue, "end after its start"),  # backwards
            ([{"start_time": 1400, "end_time": 1500}], InvalidValue, "same day"),  # spans midnight
            ([{"start_time": -1, "end_time": 500}], InvalidValue, "start_time"),  # before Sunday 00:00
            ([{"start_time": 0, "end_time": 20000}], InvalidValue, "end_time"),  # past the week
            ([{"start_time": "9:00", "end_time": 500}], InvalidValue, "start_time"),  # text
            ([{"start_time": True, "end_time": 500}], InvalidValue, "start_time"),  # a bool
            ([[1, 2, 3]], WrongType, r"intervals\[0\]"),  # not an object
            ("mon 9-5", WrongType, "intervals"),  # not a list
        ],
    )
    def test_bad_intervals(self, intervals: Any, error: type[Exception], match: str) -> None:
        """Each bad interval is refused, naming it."""
        with pytest.raises(error, match=match):
            Schedule(id=1, timezone="UTC", intervals=intervals)

    def test_bad_zone_and_holiday(self) -> None:
        """An unknown zone and a holiday ending before it starts are refused."""
        with pytest.raises(UnknownTimezone):
            Schedule(id=1, timezone="Atlantis", intervals=[])
        with pytest.raises(InvalidValue, match="end_date"):
            Schedule(
                id=1, timezone="UTC", intervals=[], holidays=[{"start_date": "2026-11-03", "end_date": "2026-11-02"}]
            )

    @settings(max_examples=40)
    @given(
        day=st.integers(0, 6),
        start=st.integers(0, 1439),
        length=st.integers(1, 1440),
        zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"]),
        first=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 1), timezones=st.just(UTC)),
        cut=st.integers(1, 20 * 86400),
    )
    def test_splitting_a_window_sums_to_the_whole(
        self, day: int, start: int, length: int, zone: str, first: dt.datetime, cut: int
    ) -> None:
        """Open time over [a, c) is open time over [a, b) plus [b, c), and at most a week's minutes per week."""
        lo = day * 1440 + start
        s = Schedule(id=1, timezone=zone, intervals=[(lo, min(lo + length, day * 1440 + 1440))])
        middle, last = first + dt.timedelta(seconds=cut), first + dt.timedelta(seconds=2 * cut)
        whole = s.open_intervals(first, last).total_seconds()
        parts = s.open_intervals(first, middle).total_seconds() + s.open_intervals(middle, last).total_seconds()
        assert whole == parts
        weeks = (last - first).total_seconds() / (7 * 86400) + 1
        assert whole <= (s.weekly_minutes * 60 + 3600) * (weeks + 1)  # an hour of DST slack per week


class TestSchedules:
    """Schedules with history, and which ticket follows which."""

    OLD = Schedule(id=1, timezone="UTC", intervals=WEEKDAYS_9_17, updated_at="2026-01-01T00:00:00Z")
    NEW = Schedule(id=1, timezone="UTC", intervals=[(d * 1440 + 540, d * 1440 + 780) for d in range(1, 6)],
                   updated_at="2026-11-09T00:00:00Z")  # fmt: skip

    def test_each_instant_on_the_version_in_force(self) -> None:
        """A window across the change counts old hours before it and new hours after."""
        book = Schedules(versions=[self.NEW, self.OLD])
        assert [v.updated_at for v in book.history("1")] == [self.OLD.updated_at, self.NEW.updated_at]
        span = book.open_intervals("1", at("2026-11-06T00:00Z"), at("2026-11-10T00:00Z"))
        assert span.total_seconds() == (8 + 4) * 3600  # Friday 6th on the old hours, Monday 9th on the new
        assert book.in_force("1", at("2026-11-06T00:00Z")) is self.OLD

    def test_the_only_schedule_is_everyones(self) -> None:
        """With one schedule, every ticket follows it; with two, only the assigned or the default."""
        assert Schedules(versions=[self.OLD]).schedule_of("t") == ((None, "1"),)
        two = Schedules(versions=[self.OLD, Schedule(id=2, timezone="UTC", intervals=[])])
        assert two.schedule_of("t") is None
        assert Schedules(versions=two.versions, default="2").schedule_of("t") == ((None, "2"),)
        with pytest.raises(InvalidValue, match="default"):
            Schedules(versions=two.versions, default="3")


class TestReadSchedules:
    """Reading Zendesk's schedules pages."""

    def test_the_fixture(self) -> None:
        """Two snapshots of one schedule are two versions; the holidays file adds its holiday to both."""
        book = read_schedules(DATA)
        versions = book.history("360000001")
        assert [v.weekly_minutes for v in versions] == [5 * 480, 5 * 240]
        assert all(v.holidays == ((dt.date(2026, 11, 20), dt.date(2026, 11, 20)),) for v in versions)

    def test_one_schedule_object(self, tmp_path: Path) -> None:
        """The show endpoint's {"schedule": {...}} reads too."""
        path = tmp_path / "schedules.json"
        path.write_text(json.dumps({"schedule": {"id": 5, "name": "x", "time_zone": "London", "intervals": []}}))
        assert read_schedules(path).history("5")[0].timezone == "Europe/London"

    def test_every_problem_with_file_and_entry(self, tmp_path: Path) -> None:
        """A bad zone and a bad interval in one page are both reported, each with its schedule."""
        page = {
            "schedules": [
                {"id": 1, "name": "a", "time_zone": "Atlantis", "intervals": []},
                {"id": 2, "name": "b", "time_zone": "UTC", "intervals": [{"start_time": 9, "end_time": 1}]},
                "not a schedule",
            ]
        }
        (tmp_path / "schedules.json").write_text(json.dumps(page))
        with pytest.raises(LoadError) as info:
            read_schedules(tmp_path)
        text = str(info.value)
        assert "3 problems" in text
        assert "schedules[0] (id 1): time_zone" in text
        assert "schedules[1] (id 2): intervals[0]" in text

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("{", "invalid JSON"),  # not JSON
            ('{"tickets": []}', "expected"),  # another API's page
            ("[1, 2]", "expected"),  # not an object
        ],
    )
    def test_not_a_schedules_page(self, tmp_path: Path, text: str, match: str) -> None:
        """A file that is not a schedules page is refused with its path."""
        path = tmp_path / "schedules.json"
        path.write_text(text)
        with pytest.raises(LoadError, match=match) as info:
            read_schedules(path)
        assert str(path) in str(info.value)

    def test_a_folder_without_schedules(self, tmp_path: Path) -> None:
        """An empty folder is an error that says what was expected."""
        with pytest.raises(LoadError, match="no schedule found"):
            read_schedules(tmp_path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-20000, 20000) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON,
        "name": JSON,
        "time_zone": st.sampled_from(["Berlin", "UTC", "Mars", ""]) | JSON,
        "intervals": st.lists(
            st.fixed_dictionaries({"start_time": st.integers(-10, 11000) | JSON, "end_time": st.integers(-10, 11000)}),
            max_size=3,
        )
        | JSON,
        "holidays": JSON,
        "updated_at": st.sampled_from(["2026-11-01T00:00:00Z", "yesterday"]) | JSON,
    },
)


@settings(max_examples=80)
@given(page=st.one_of(JSON, st.fixed_dictionaries({"schedules": st.lists(FIELDS | JSON, max_size=3)})))
def test_damaged_pages_raise_only_load_errors(tmp_path_factory: pytest.TempPathFactory, page: object) -> None:
    """Whatever a schedules page holds, read_schedules gives Schedules or a LoadError listing the problems."""
    path = tmp_path_factory.mktemp("s") / "schedules.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    problems: tuple[object, ...] = ()
    try:
        book = read_schedules(path)
    except LoadError as err:
        problems = tuple(err.problems)
        book = None
    assert bool(problems) == (book is None)
    assert book is None or book.versions
