"""Tests for the weekday of a recurring meeting: candidates, the documented order, the reason, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import DuplicateId, InvalidValue, OutOfRange, WrongType
from teamcore.people import Member, Weekday
from teamcore.scheduling import (
    Participant,
    Series,
    WeekdayChoice,
    WeekdayOption,
    choose_weekday,
    rotate,
    working_weekdays,
)


def person(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None) -> Member:
    return Member(
        id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]} if hours is None else hours
    )


SE = person("se", "Europe/Stockholm", "SE")
NY = person("ny", "America/New_York", "US")
ATLANTIC = [Participant(SE), Participant(NY)]
# Found by a search for a team whose choice changes with per_region.
SPREAD = [
    Participant(person("ldn", "Europe/London", "GB", {"mon-fri": ["08:00-16:00"]}), night_ok=True),
    Participant(person("in1", "Asia/Kolkata", "IN", {"mon-fri": ["07:00-15:00"]}), night_ok=True),
    Participant(person("in2", "Asia/Kolkata", "IN", {"mon-fri": ["12:00-20:00"]}), night_ok=True),
    Participant(person("ny", "America/New_York", "US", {"mon-fri": ["12:00-20:00"]}), night_ok=True),
]


def weekly(first: dt.date, count: int = 12, zone: str = "UTC") -> Series:
    return Series(name="Team", frequency="weekly", first=first, count=count, zone=zone)


def names(choice: WeekdayChoice) -> list[str]:
    return [o.weekday.short for o in choice.options]


class TestWorkingWeekdays:
    """The candidates: the weekdays worked by the most members."""

    @pytest.mark.parametrize(
        ("hours", "expected"),
        [
            ([{"mon-fri": ["09:00-17:00"]}, {"mon-fri": ["09:00-17:00"]}], ["mon", "tue", "wed", "thu", "fri"]),
            ([{"mon-fri": ["09:00-17:00"]}, {"tue-thu": ["09:00-17:00"]}], ["tue", "wed", "thu"]),  # a part-timer
            ([{"mon-wed": ["09:00-17:00"]}, {"wed-fri": ["09:00-17:00"]}], ["wed"]),  # one shared day
            ([{"sat-sun": ["08:00-16:00"]}, {"mon-fri": ["09:00-17:00"]}], [d.short for d in Weekday]),  # disjoint
            ([{"mon": ["22:00-06:00"]}, {"mon": ["09:00-17:00"]}], ["mon"]),  # a night shift is its start's day
        ],
    )
    def test_weekly_hours(self, hours: list[dict[str, list[str]]], expected: list[str]) -> None:
        """Each member's week is the days their shifts start on; the days most members work are kept."""
        members = [person(f"m{i}", "Europe/Berlin", "DE", h) for i, h in enumerate(hours)]
        assert [d.short for d in working_weekdays(members)] == expected

    def test_country_default_week(self) -> None:
        """Members without weekly hours work their country's default week: Sunday to Thursday in Saudi Arabia."""
        members = [person("a", "Asia/Riyadh", "SA", {}), person("b", "Asia/Riyadh", "SA", {})]
        assert [d.short for d in working_weekdays(members)] == ["mon", "tue", "wed", "thu", "sun"]

    def test_nobody(self) -> None:
        """With no members every weekday is a candidate."""
        assert working_weekdays([]) == tuple(Weekday)

    @pytest.mark.parametrize(
        ("value", "field"),
        [
            ("se", "members"),  # a string, not a list of members
            ([SE, "ny"], r"members\[1\]"),  # not a Member
        ],
    )
    def test_wrong_type(self, value: object, field: str) -> None:
        """Anything but an iterable of members is refused, naming the field."""
        with pytest.raises(WrongType, match=field):
            working_weekdays(value)  # type: ignore[arg-type]


class TestChooseWeekday:
    """Example cases for each step of the documented order, and the reason given."""

    def test_holidays_decide(self) -> None:
        """US and Swedish holidays in the 12 weeks fall on every weekday but Tuesday, so Tuesday wins."""
        choice = choose_weekday(weekly(dt.date(2026, 11, 24), zone="Europe/Stockholm"), ATLANTIC)
        assert choice.weekday == Weekday.TUE
        assert choice.reason == "Tuesday: lowest worst burden, 0.0 vs 6.0 on Wednesday."
        assert names(choice) == ["mon", "tue", "wed", "thu", "fri"]
        assert choice.plan.series.first == dt.date(2026, 11, 24)
        assert [o.plan.series.first for o in choice.options] == [
            dt.date(2026, 11, 30),  # the first Monday on or after the series' first date
            dt.date(2026, 11, 24),
            dt.date(2026, 11, 25),
            dt.date(2026, 11, 26),
            dt.date(2026, 11, 27),
        ]

    def test_hours_decide(self) -> None:
        """New York works Stockholm's afternoon only on Fridays: the meeting moves to Friday."""
        ny = person("ny", "America/New_York", "US", {"mon-thu": ["13:00-21:00"], "fri": ["06:00-14:00"]})
        choice = choose_weekday(
            weekly(dt.date(2026, 9, 1), zone="Europe/Stockholm"), [Participant(SE), Participant(ny)]
        )
        assert choice.weekday == Weekday.FRI
        assert choice.plan.worst == 0.0
        assert choice.reason.startswith("Friday: lowest worst burden, 0.0 vs ")

    def test_fewest_unscheduled_first(self) -> None:
        """Stockholm, Tokyo and Los Angeles nights cover the day, except when Los Angeles works Thursday night."""
        night_shift = {"mon-wed": ["09:00-17:00"], "thu": ["09:00-17:00", "22:00-06:00"], "fri": ["09:00-17:00"]}
        world = [
            Participant(SE),
            Participant(person("jp", "Asia/Tokyo", "JP")),
            Participant(person("la", "America/Los_Angeles", "US", night_shift)),
        ]
        choice = choose_weekday(weekly(dt.date(2026, 9, 1), count=4), world)
        # Thursday 22:00 in Los Angeles is Friday 05:00 UTC: 07:00 in Stockholm, 14:00 in Tokyo.
        assert choice.weekday == Weekday.FRI
        assert choice.reason == "Friday: fewest unscheduled weeks, 0 vs 4 on Monday."
        assert [len(o.unscheduled) for o in choice.options] == [4, 4, 4, 4, 0]

    def test_second_highest_burden_decides(self) -> None:
        """Equal worst burdens: the next-worst decides, and the reason names which rank."""
        choice = choose_weekday(weekly(dt.date(2026, 11, 24), count=8), SPREAD)
        assert choice.reason == (
            "Wednesday: same worst burden as Thursday (26.25), lower second-highest burden, 23.75 vs 24.75."
        )

    def test_worst_first_not_the_total(self) -> None:
        """Tuesday has the lowest total and the lowest single burden, but Monday's worst is lower; ties list equals."""
        team = [
            Participant(person("ny", "America/New_York", "US", {"mon-fri": ["08:00-16:00"]}), night_ok=True),
            Participant(person("sp", "America/Sao_Paulo", "BR", {"mon-fri": ["12:00-20:00"]}), night_ok=True),
            Participant(person("in", "Asia/Kolkata", "IN", {"mon-fri": ["12:00-20:00"]}), night_ok=True),
        ]
        choice = choose_weekday(weekly(dt.date(2026, 11, 24), count=6), team)
        burdens = {o.weekday.short: o.burdens for o in choice.options}
        assert burdens["mon"] == (7.5, 7.5, 0.0)
        assert burdens["tue"] == (7.75, 7.0, 0.0)
        assert choice.weekday == Weekday.MON
        assert choice.reason == (
            "Monday: lowest worst burden (7.5), tied with Wednesday; ties go to the earliest weekday."
        )  # Thursday has the same worst burden, but a higher third one

    def test_per_region_compares_regions_first(self) -> None:
        """Counting each timezone once, the two Kolkata members weigh as one region: Thursday instead of Wednesday."""
        choice = choose_weekday(weekly(dt.date(2026, 11, 24), count=8), SPREAD, per_region=True)
        assert choice.weekday == Weekday.THU
        assert choice.reason == "Thursday: lowest worst region burden, 23.38 vs 24.0 on Tuesday."
        assert choice.plan == rotate(weekly(dt.date(2026, 11, 26), count=8), SPREAD, per_region=True)

    def test_only_one_candidate(self) -> None:
        """With a single working day in common the reason says it is the only one."""
        pair = [
            Participant(person("a", "Europe/Berlin", "DE", {"mon-wed": ["09:00-17:00"]})),
            Participant(person("b", "Europe/Berlin", "DE", {"wed-fri": ["09:00-17:00"]})),
        ]
        choice = choose_weekday(weekly(dt.date(2026, 9, 1)), pair)
        assert names(choice) == ["wed"]
        assert choice.reason == "Wednesday: the only weekday every member works."

    def test_only_one_candidate_for_the_most(self) -> None:
        """Three members, three different part-time weeks: the one day two of them share, not everyone's."""
        trio = [
            Participant(person("a", "Europe/Berlin", "DE", {"mon-tue": ["09:00-17:00"]})),
            Participant(person("b", "Europe/Berlin", "DE", {"tue-wed": ["09:00-17:00"]})),
            Participant(person("c", "Europe/Berlin", "DE", {"thu-fri": ["09:00-17:00"]})),
        ]
        assert choose_weekday(weekly(dt.date(2026, 9, 1)), trio).reason == (
            "Tuesday: the only weekday most members work."
        )

    @pytest.mark.parametrize("first", [dt.date(2026, 8, 4), dt.date(2026, 8, 7)])
    def test_ties_go_to_the_earliest_weekday(self, first: dt.date) -> None:
        """Two Berlin colleagues, no holiday on a weekday: Monday wins, from a Tuesday or a Friday."""
        berlin = [Participant(person("a", "Europe/Berlin", "DE")), Participant(person("b", "Europe/Berlin", "DE"))]
        # August to October 2026: Germany's only national holiday, 3 October, is a Saturday.
        choice = choose_weekday(weekly(first, zone="Europe/Berlin"), berlin)
        assert choice.weekday == Weekday.MON
        assert choice.reason == (
            "Monday: lowest worst burden (0.0), tied with Tuesday, Wednesday, Thursday, Friday; "
            "ties go to the earliest weekday."
        )

    def test_monthly(self) -> None:
        """A monthly series keeps each candidate's nth weekday: from 1 September, the first Tuesday, or Monday."""
        choice = choose_weekday(
            Series(name="All hands", frequency="monthly", first=dt.date(2026, 9, 1), count=3), ATLANTIC
        )
        dates = {o.weekday.short: o.plan.series.dates() for o in choice.options}
        assert dates["tue"] == (dt.date(2026, 9, 1), dt.date(2026, 10, 6), dt.date(2026, 11, 3))
        assert dates["mon"] == (dt.date(2026, 9, 7), dt.date(2026, 10, 5), dt.date(2026, 11, 2))
        assert choice.weekday == Weekday.TUE  # 7 September is Labor Day in the US

    @pytest.mark.parametrize(
        ("call", "error", "field"),
        [
            (lambda: choose_weekday("weekly", ATLANTIC), WrongType, "series"),  # not a Series
            (
                lambda: choose_weekday(
                    Series(name="Huddle", frequency="daily", first=dt.date(2026, 9, 1), count=5), []
                ),
                InvalidValue,
                "series.frequency",
            ),  # a daily series has no weekday
            (lambda: choose_weekday(weekly(dt.date(2026, 9, 1)), [SE]), WrongType, r"participants\[0\]"),  # a Member
            (
                lambda: choose_weekday(weekly(dt.date(2026, 9, 1)), [Participant(SE), Participant(SE)]),
                DuplicateId,
                r"participants\[1\]",
            ),  # the same member twice
            (lambda: choose_weekday(weekly(dt.date(2026, 9, 1)), ATLANTIC, per_region=1), WrongType, "per_region"),
            (
                lambda: choose_weekday(weekly(dt.date.max, count=0), ATLANTIC),
                OutOfRange,
                "series.first: expected a date at least a week before 9999-12-31",
            ),  # no Monday after the last date there is
        ],
    )
    def test_invalid(self, call: object, error: type[Exception], field: str) -> None:
        """Bad arguments raise teamcore errors naming the field."""
        assert callable(call)
        with pytest.raises(error, match=field):
            call()


def shifted(first: dt.date, weekday: Weekday) -> dt.date:
    """Oracle: the first date on or after `first` that falls on `weekday`, found by walking the days."""
    return next(d for d in (first + dt.timedelta(days=k) for k in range(7)) if d.weekday() == weekday)


def order(option: WeekdayOption, per_region: bool) -> tuple[object, ...]:
    """The documented order, read from the plan itself."""
    plan = option.plan
    persons = sorted((b.total for b in plan.burdens), reverse=True)
    regions = sorted((r.mean for r in plan.regions), reverse=True) if per_region else []
    return len(plan.unscheduled), regions, persons, int(option.weekday)


HALF_HOURS = [dt.time(h, m) for h in range(24) for m in (0, 30)]
teams = st.lists(
    st.builds(Participant, tst.members(), night_ok=st.booleans()), min_size=2, max_size=4, unique_by=lambda p: p.id
)
series = st.builds(
    Series,
    name=st.just("Team"),
    frequency=st.sampled_from(["weekly", "monthly"]),
    first=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    count=st.integers(1, 6),
    times=st.lists(st.sampled_from(HALF_HOURS), min_size=1, max_size=12, unique=True),
    zone=tst.timezone_names(),
)


class TestProperties:
    """Invariants over random teams and series."""

    @settings(max_examples=25)
    @given(series=series, people=teams, per_region=st.booleans())
    def test_never_worse_than_another_candidate(
        self, series: Series, people: list[Participant], per_region: bool
    ) -> None:
        """The chosen weekday is a candidate, no candidate comes before it in the order, and its plan is its own."""
        choice = choose_weekday(series, people, per_region=per_region)
        chosen = next(o for o in choice.options if o.weekday == choice.weekday)
        assert chosen.plan == choice.plan
        assert all(order(chosen, per_region) <= order(o, per_region) for o in choice.options)
        assert choice.reason.startswith(f"{choice.weekday.name_full}: ")
        # Each candidate is the series moved to that weekday's first date on or after `first`, nothing else changed.
        for option in choice.options:
            assert option.plan.series.first == shifted(series.first, option.weekday)
            assert option.plan.series.times == series.times
            assert option.plan.series.count == series.count
        # The candidates are the days the most members work (checked when every member gives weekly hours).
        weeks = [{s.day for s in p.member.hours.shifts} for p in people if p.member.hours]
        if len(weeks) == len(people):
            counts = {day: sum(day in w for w in weeks) for day in Weekday}
            assert {o.weekday for o in choice.options} == {d for d in Weekday if counts[d] == max(counts.values())}

    @settings(max_examples=15)
    @given(series=series, people=teams, data=st.data())
    def test_member_order_does_not_matter(self, series: Series, people: list[Participant], data: st.DataObject) -> None:
        """Permuting the participants changes neither the weekday nor the reason nor any candidate's burdens."""
        shuffled = data.draw(st.permutations(people))
        a, b = choose_weekday(series, people), choose_weekday(series, shuffled)
        assert (a.weekday, a.reason) == (b.weekday, b.reason)
        assert [(o.weekday, o.burdens, o.unscheduled) for o in a.options] == [
            (o.weekday, o.burdens, o.unscheduled) for o in b.options
        ]
