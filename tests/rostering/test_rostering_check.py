"""Tests for the independent rule checker: each rule caught with its numbers, DST, and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from teamcore.people import Member, TimeOff
from teamcore.rostering import (
    Availability,
    Contract,
    LabourRules,
    Roster,
    RosterProblem,
    ShiftTemplate,
    check_roster,
    uncovered,
)

H = dt.timedelta(hours=1)
MONDAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
EVERY_HALF_HOUR = [dt.time(h, m) for h in range(24) for m in (0, 30)]
ZONES = ["Europe/Stockholm", "Asia/Manila", "America/Sao_Paulo", "America/New_York", "Australia/Sydney"]
COUNTRIES = {
    "Europe/Stockholm": "SE",
    "Asia/Manila": "PH",
    "America/Sao_Paulo": "BR",
    "America/New_York": "US",
    "Australia/Sydney": "AU",
}


def one_member(
    zone: str = "Europe/Stockholm",
    *,
    start: dt.datetime = MONDAY,
    days: int = 7,
    rules: LabourRules | None = None,
    contract: Contract | None = None,
    time_off: list[TimeOff] | None = None,
    availability: list[Availability] | None = None,
) -> RosterProblem:
    """One member in `zone`, shifts of 8 h starting on any half hour, no requirement."""
    member = Member(id="m", name="M", timezone=zone, country=COUNTRIES[zone], languages=["en"], time_off=time_off or [])
    return RosterProblem(
        members=[member],
        templates=[
            ShiftTemplate(name="any", starts=EVERY_HALF_HOUR, length=8 * H),
            ShiftTemplate(name="evening", starts=[dt.time(13, 30)], length=8 * H + 30 * dt.timedelta(minutes=1)),
            ShiftTemplate(name="night", starts=[dt.time(22)], length=9 * H),
        ],
        requirement={"en": [0] * (24 * days)},
        start=start,
        step=H,
        now=start,
        rules=rules or LabourRules(),
        contracts={"m": contract or Contract(max_hours=48)},
        availability=availability or [],
    )


def rules_of(problem: RosterProblem, roster: Roster) -> list[str]:
    """The names of the rules broken."""
    return [v.rule for v in check_roster(problem, roster)]


def weekday_roster(p: RosterProblem, first: dt.date, days: int, clock: dt.time = dt.time(9)) -> Roster:
    """One `any` shift at `clock` on each of `days` dates from `first`."""
    return Roster(p.shift("m", "any", first + dt.timedelta(days=k), clock) for k in range(days))


class TestRules:
    def test_rest_names_the_numbers_in_local_time(self):
        """Rest is explained with hours and local times in the member's zone."""
        p = one_member()
        roster = Roster(
            [
                p.shift("m", "evening", dt.date(2026, 11, 23), dt.time(13, 30)),
                p.shift("m", "any", dt.date(2026, 11, 24), dt.time(7, 30)),
            ]
        )
        (violation,) = check_roster(p, roster)
        assert violation.rule == "rest"
        assert violation.message == "rest 9.5 h < 11 h between Mon 22:00 and Tue 07:30 Europe/Stockholm"
        assert (violation.value, violation.limit) == (9.5, 11)
        assert violation.shifts == roster.assignments

    def test_overlap(self):
        """Two shifts at once are an overlap."""
        p = one_member(rules=LabourRules(min_rest=dt.timedelta(0), max_hours_per_day=24))
        roster = Roster(
            [
                p.shift("m", "any", dt.date(2026, 11, 23), dt.time(9)),
                p.shift("m", "any", dt.date(2026, 11, 23), dt.time(12)),
            ]
        )
        assert rules_of(p, roster) == ["overlap"]

    def test_hours_per_day(self):
        """Two shifts on one local date with enough rest between them still exceed the day's hours."""
        p = one_member(rules=LabourRules(min_rest=H, max_hours_per_day=12))
        roster = Roster(
            [
                p.shift("m", "any", dt.date(2026, 11, 23), dt.time(1)),
                p.shift("m", "any", dt.date(2026, 11, 23), dt.time(11)),
            ]
        )
        (violation,) = check_roster(p, roster)
        assert (violation.rule, violation.value, violation.limit) == ("hours_per_day", 16, 12)

    def test_hours_per_week_and_contract(self):
        """Six 8-hour days are 48 h: over a 40-hour week and a 45-hour contract."""
        p = one_member(rules=LabourRules(max_hours_per_week=40), contract=Contract(max_hours=45))
        found = check_roster(p, weekday_roster(p, dt.date(2026, 11, 23), 6))
        assert [(v.rule, v.value) for v in found] == [("hours_per_week", 48), ("contract_max", 48)]

    def test_contract_minimum_counts_only_whole_weeks(self):
        """A 30-hour minimum is checked in the week wholly inside the horizon, not in the cut one."""
        p = one_member(days=10, contract=Contract(min_hours=30, max_hours=40))
        found = check_roster(p, weekday_roster(p, dt.date(2026, 11, 23), 3))
        assert [(v.rule, v.value, v.limit) for v in found] == [("contract_min", 24, 30)]

    def test_contract_per_horizon(self):
        """A project contract counts the whole horizon."""
        p = one_member(days=14, contract=Contract(min_hours=100, max_hours=120, per="horizon"))
        assert rules_of(p, weekday_roster(p, dt.date(2026, 11, 23), 5)) == ["contract_min"]

    def test_consecutive_days_and_days_off(self):
        """Seven days in a row break both the six-day run and the one day off a week."""
        p = one_member(rules=LabourRules(max_hours_per_week=60), contract=Contract(max_hours=60))
        found = check_roster(p, weekday_roster(p, dt.date(2026, 11, 23), 7))
        assert {v.rule for v in found} == {"consecutive_days", "days_off"}
        assert [v.message for v in found if v.rule == "days_off"] == [
            "0 days off < 1 in the week of 2026-11-23 Europe/Stockholm"
        ]

    def test_weekends(self):
        """Two worked weekends where one in two is allowed."""
        p = one_member(days=14, rules=LabourRules(max_weekends=1, weekend_window=2))
        roster = Roster(
            [
                p.shift("m", "any", dt.date(2026, 11, 28), dt.time(9)),
                p.shift("m", "any", dt.date(2026, 12, 6), dt.time(9)),
            ]
        )
        assert rules_of(p, roster) == ["weekends"]
        assert rules_of(p, roster.without(roster.assignments[1])) == []

    def test_nights(self):
        """Three nights where two a week are allowed; a shift with under 3 night hours is not a night."""
        p = one_member(rules=LabourRules(max_nights_per_week=2))
        nights = [p.shift("m", "night", dt.date(2026, 11, 23 + k), dt.time(22)) for k in range(3)]
        assert rules_of(p, Roster(nights)) == ["nights"]
        evening = p.shift("m", "any", dt.date(2026, 11, 26), dt.time(15))  # 15:00-23:00: 1 night hour
        assert rules_of(p, Roster([*nights[:2], evening])) == []

    def test_time_off_unavailability_and_holidays(self):
        """A shift in time off, one in an unavailable window, one on a public holiday off."""
        p = one_member(
            start=dt.datetime(2026, 12, 21, tzinfo=dt.UTC),
            rules=LabourRules(holidays_off=True),
            time_off=[TimeOff(dt.date(2026, 12, 21), dt.date(2026, 12, 21))],
            availability=[Availability(member="m", start=dt.time(0), end=dt.time(12), days=["tue"])],
        )
        roster = Roster(
            [
                p.shift("m", "any", dt.date(2026, 12, 21), dt.time(9)),
                p.shift("m", "any", dt.date(2026, 12, 22), dt.time(9)),
                p.shift("m", "any", dt.date(2026, 12, 25), dt.time(9)),
            ]
        )
        assert rules_of(p, roster) == ["time_off", "unavailable", "holiday"]

    def test_template_and_horizon(self):
        """A shift that no template makes, and one outside the horizon."""
        p = one_member()
        good = p.shift("m", "any", dt.date(2026, 11, 24), dt.time(9))
        stretched = type(good)(
            member="m", template="any", start=good.start, end=good.end + H, local_date=good.local_date
        )
        late = p.shift("m", "any", dt.date(2026, 11, 30), dt.time(20))
        assert rules_of(p, Roster([stretched])) == ["template"]
        assert rules_of(p, Roster([late])) == ["horizon"]


class TestDaylightSaving:
    def test_rest_is_real_time_across_fall_back(self):
        """20:00 Saturday to 07:00 Sunday over the fall-back night is 12 real hours of rest, not 11."""
        p = one_member(start=dt.datetime(2026, 10, 19, tzinfo=dt.UTC), rules=LabourRules(min_rest=11.5 * H))
        roster = Roster(
            [
                p.shift("m", "any", dt.date(2026, 10, 24), dt.time(12)),
                p.shift("m", "any", dt.date(2026, 10, 25), dt.time(7)),
            ]
        )
        assert rules_of(p, roster) == []

    def test_rest_is_real_time_across_spring_forward(self):
        """20:00 Saturday to 07:30 Sunday over the spring-forward night is 10.5 real hours."""
        p = one_member(start=dt.datetime(2026, 3, 23, tzinfo=dt.UTC))
        roster = Roster(
            [
                p.shift("m", "any", dt.date(2026, 3, 28), dt.time(12)),
                p.shift("m", "any", dt.date(2026, 3, 29), dt.time(7, 30)),
            ]
        )
        (violation,) = check_roster(p, roster)
        assert violation.message == "rest 10.5 h < 11 h between Sat 20:00 and Sun 07:30 Europe/Stockholm"

    def test_night_over_fall_back_is_a_valid_shift(self):
        """The 10-real-hour night shift is the template's 9 wall-clock hours: no template violation."""
        p = one_member(start=dt.datetime(2026, 10, 19, tzinfo=dt.UTC))
        night = p.shift("m", "night", dt.date(2026, 10, 24), dt.time(22))
        assert night.hours == 10
        assert rules_of(p, Roster([night])) == []


class TestCoverage:
    def test_uncovered_intervals(self):
        """An interval is covered by a shift spanning all of it, for each group the member serves."""
        p = RosterProblem(
            members=[Member(id="m", name="M", timezone="Europe/Stockholm", country="SE", languages=["en"])],
            templates=[ShiftTemplate(name="any", starts=EVERY_HALF_HOUR, length=8 * H)],
            requirement={"en": [1] * 10, "sv": [0] * 9 + [1]},
            start=MONDAY.replace(hour=8),
            step=H,
            now=MONDAY,
        )
        shift = p.shift("m", "any", dt.date(2026, 11, 23), dt.time(9, 30))  # 08:30-16:30 UTC
        gaps = uncovered(p, Roster([shift]))
        assert [(g.start.hour, g.group, g.missing) for g in gaps] == [
            (8, "en", 1),
            (16, "en", 1),
            (17, "en", 1),
            (17, "sv", 1),
        ]


days_worked = st.sets(st.integers(0, 13), max_size=14)


class TestProperties:
    @given(
        zone=st.sampled_from(ZONES),
        start=st.sampled_from(
            [
                MONDAY,
                dt.datetime(2026, 10, 19, tzinfo=dt.UTC),
                dt.datetime(2026, 3, 23, tzinfo=dt.UTC),
                dt.datetime(2026, 3, 30, tzinfo=dt.UTC),
            ]
        ),
        weekdays=st.lists(st.sets(st.integers(0, 4), max_size=5), min_size=2, max_size=2),
        clock=st.sampled_from([dt.time(7), dt.time(8, 30), dt.time(10)]),
    )
    @example(
        zone="Europe/Stockholm",
        start=dt.datetime(2026, 10, 19, tzinfo=dt.UTC),
        weekdays=[{0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}],
        clock=dt.time(7),
    )
    def test_a_roster_built_to_obey_passes(self, zone, start, weekdays, clock):
        """Weekday shifts at one local time, at most five a week, keep every default rule in any zone and season."""
        p = one_member(zone, start=start, days=16, contract=Contract(max_hours=40))
        first_monday = p.local_dates("m")[0] + dt.timedelta(days=7 - p.local_dates("m")[0].weekday())
        shifts = [
            p.shift("m", "any", first_monday + dt.timedelta(days=7 * w + d), clock)
            for w, days in enumerate(weekdays)
            for d in sorted(days)
        ]
        roster = Roster(s for s in shifts if s.end <= p.end)
        assert check_roster(p, roster) == []

    @given(
        zone=st.sampled_from(ZONES),
        day=st.integers(0, 5),
        clock=st.sampled_from(EVERY_HALF_HOUR),
        rest_halves=st.integers(1, 21),
        start=st.sampled_from(
            [MONDAY, dt.datetime(2026, 10, 19, tzinfo=dt.UTC), dt.datetime(2026, 3, 23, tzinfo=dt.UTC)]
        ),
    )
    @example(
        zone="Europe/Stockholm",
        day=5,
        clock=dt.time(14),
        rest_halves=19,
        start=dt.datetime(2026, 10, 19, tzinfo=dt.UTC),
    )
    def test_too_little_rest_is_caught(self, zone, day, clock, rest_halves, start):
        """A second shift starting less than 11 real hours after the first ends is a rest violation with that gap."""
        p = one_member(zone, start=start, days=9, rules=LabourRules(max_hours_per_day=24))
        first = p.shift("m", "any", p.local_dates("m")[1] + dt.timedelta(days=day), clock)
        later = (first.end + rest_halves * 30 * dt.timedelta(minutes=1)).astimezone(p.member("m").zone)
        second = p.shift("m", "any", later.date(), later.time().replace(tzinfo=None))
        gap = (second.start - first.end) / H
        found = [v for v in check_roster(p, Roster([first, second])) if v.rule == "rest"]
        if gap < 11:
            assert [(v.value, v.shifts) for v in found] == [(gap, (first, second))]
        else:  # the second start moved forward through a DST gap
            assert found == []

    @given(days=st.lists(st.sets(st.integers(0, 6), max_size=7), min_size=2, max_size=2))
    def test_violations_per_member_are_independent(self, days):
        """Checking two members together finds what checking each alone finds (metamorphic)."""
        stockholm = one_member("Europe/Stockholm", days=14, contract=Contract(max_hours=40))
        manila = one_member("Asia/Manila", days=14, contract=Contract(max_hours=40))
        both = RosterProblem(
            members=[stockholm.members[0], attrs_evolve_id(manila.members[0], "n")],
            templates=stockholm.templates,
            requirement=stockholm.requirement,
            start=stockholm.start,
            step=stockholm.step,
            now=stockholm.now,
            contracts={"m": Contract(max_hours=40), "n": Contract(max_hours=40)},
        )
        a = [stockholm.shift("m", "any", dt.date(2026, 11, 23) + dt.timedelta(days=d), dt.time(9)) for d in days[0]]
        b = [both.shift("n", "any", dt.date(2026, 11, 23) + dt.timedelta(days=d), dt.time(9)) for d in days[1]]
        alone = [v.message for v in check_roster(stockholm, Roster(a))]
        together = [v.message for v in check_roster(both, Roster([*a, *b])) if v.member == "m"]
        assert together == alone


def attrs_evolve_id(member: Member, new_id: str) -> Member:
    """The member under another id."""
    import attrs  # noqa: PLC0415

    return attrs.evolve(member, id=new_id)


@pytest.mark.parametrize("rule", ["rest", "overlap", "nights", "weekends", "days_off"])
def test_rules_are_listed(rule):
    """Every rule the tests exercise is one of RULES."""
    from teamcore.rostering import RULES  # noqa: PLC0415

    assert rule in RULES
