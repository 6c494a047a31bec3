"""Tests for the rostering model: templates, contracts, rules, the problem's shifts in local time, the roster table."""

from __future__ import annotations

import datetime as dt

import pytest

from teamcore.exceptions import (
    DuplicateId,
    InvalidInterval,
    InvalidValue,
    NaiveDatetime,
    OutOfRange,
    UnknownReference,
    WrongType,
)
from teamcore.people import Member, TimeOff
from teamcore.rostering import (
    Availability,
    Contract,
    LabourRules,
    Roster,
    RosterProblem,
    ShiftAssignment,
    ShiftTemplate,
)
from tests.rostering.example import MONDAY, members, problem, templates

H = dt.timedelta(hours=1)
NIGHT = ShiftTemplate(name="night", starts=[dt.time(22)], length=9 * H)


def stockholm(**changes: object) -> RosterProblem:
    """One Stockholm member, a night template, over `start` for `days` days."""
    start = changes.pop("start", MONDAY)
    days = changes.pop("days", 7)
    member = changes.pop("member", members()[0])
    fields: dict[str, object] = {
        "members": [member],
        "templates": [NIGHT, *templates()],
        "requirement": {"*": [0] * (24 * days)},
        "start": start,
        "step": H,
        "now": start,
    }
    fields.update(changes)
    return RosterProblem(**fields)  # type: ignore[arg-type]


class TestShiftTemplate:
    def test_paid_hours(self):
        """Paid hours are the length less the unpaid break."""
        assert templates()[0].paid_hours == 8.0

    @pytest.mark.parametrize(
        ("changes", "error", "match"),
        [
            ({"length": 20 * H}, OutOfRange, "length"),  # longer than 16 h
            ({"length": dt.timedelta(minutes=90, seconds=1)}, OutOfRange, "length"),  # not whole minutes
            ({"length": 8}, WrongType, "length"),  # a number, not a timedelta
            ({"unpaid_break": 9 * H, "length": 8 * H}, OutOfRange, "unpaid_break"),  # break longer than the shift
            ({"starts": []}, InvalidValue, "starts"),  # no start
            ({"starts": [dt.time(7), dt.time(7)]}, InvalidValue, "starts"),  # a start twice
            ({"starts": ["07:00"]}, WrongType, r"starts\[0\]"),  # a string, not a time
            ({"days": ["mon", "fryday"]}, InvalidValue, r"days\[1\]"),  # a misspelt weekday
            ({"name": "no spaces"}, InvalidValue, "name"),  # not an identifier
        ],
    )
    def test_invalid(self, changes, error, match):
        """Each bad field raises an error naming it."""
        fields = {"name": "day", "starts": [dt.time(7)], "length": 8 * H, **changes}
        with pytest.raises(error, match=match):
            ShiftTemplate(**fields)


class TestContractAndRules:
    @pytest.mark.parametrize(
        ("factory", "error", "match"),
        [
            (lambda: Contract(min_hours=30, max_hours=20), InvalidValue, "min_hours"),  # minimum above maximum
            (lambda: Contract(max_hours=200), OutOfRange, "max_hours"),  # more than a week has
            (lambda: Contract(per="month"), InvalidValue, "per"),  # an unknown period
            (lambda: Contract(min_hours=-1), OutOfRange, "min_hours"),  # negative
            (lambda: LabourRules(max_weekends=3, weekend_window=2), InvalidValue, "max_weekends"),  # N > M
            (lambda: LabourRules(night_start=dt.time(7), night_end=dt.time(7)), InvalidValue, "night_end"),  # empty
            (lambda: LabourRules(min_rest=-H), OutOfRange, "min_rest"),  # negative rest
            (lambda: LabourRules(max_consecutive_days=0), OutOfRange, "max_consecutive_days"),  # no day at all
            (lambda: LabourRules(max_hours_per_week="40"), WrongType, "max_hours_per_week"),  # a string
        ],
    )
    def test_invalid(self, factory, error, match):
        """Each bad field raises an error naming it."""
        with pytest.raises(error, match=match):
            factory()

    def test_defaults_follow_the_working_time_directive(self):
        """Rest 11 h and 48 h a week by default."""
        rules = LabourRules()
        assert rules.min_rest == 11 * H
        assert rules.max_hours_per_week == 48


class TestRosterProblem:
    @pytest.mark.parametrize(
        ("changes", "error", "match"),
        [
            ({"members": [*members(), members()[0]]}, DuplicateId, r"members\[6\]"),  # a member twice
            ({"members": []}, InvalidValue, "members"),  # nobody
            ({"contracts": {"zoe": Contract()}}, UnknownReference, "contracts"),  # not a member
            (
                {"availability": [Availability(member="zoe", start=dt.time(0), end=dt.time(8))]},
                UnknownReference,
                r"availability\[0\]",
            ),
            ({"requirement": {"en": [1, 1], "sv": [1]}}, InvalidValue, "requirement"),  # ragged
            ({"requirement": {"en": [1, -1]}}, OutOfRange, r"requirement\['en'\]\[1\]"),  # negative
            ({"requirement": {}}, InvalidValue, "requirement"),  # no group
            ({"start": dt.datetime(2026, 11, 23)}, NaiveDatetime, "start"),  # naive
            ({"step": dt.timedelta(0)}, WrongType, "step"),  # empty intervals
            ({"templates": [templates()[0], templates()[0]]}, DuplicateId, r"templates\[1\]"),  # a name twice
        ],
    )
    def test_invalid(self, changes, error, match):
        """Each bad field raises an error naming it."""
        with pytest.raises(error, match=match):
            problem(**changes)

    def test_horizon(self):
        """The horizon is start + step × intervals; a Manila member's local dates run Monday to the next Monday."""
        p = problem()
        assert p.intervals == 168
        assert p.end == MONDAY + dt.timedelta(days=7)
        dates = p.local_dates("maria")
        assert (dates[0], dates[-1]) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))
        assert p.local_dates("joao")[0] == dt.date(2026, 11, 22)

    def test_serves(self):
        """A group is a language (a prefix of a tag matches), a skill at level >= 1, or '*'."""
        p = problem()
        assert p.serves("joao", "pt")
        assert not p.serves("maria", "pt")
        assert p.serves("maria", "*")

    def test_shift_over_the_fall_back_night_is_an_hour_longer(self):
        """A 9-hour night shift from 22:00 on 24 October 2026 in Stockholm lasts 10 real hours (clocks go back)."""
        p = stockholm(start=dt.datetime(2026, 10, 19, tzinfo=dt.UTC))
        shift = p.shift("anna", "night", dt.date(2026, 10, 24), dt.time(22))
        assert shift.start == dt.datetime(2026, 10, 24, 20, tzinfo=dt.UTC)
        assert shift.end == dt.datetime(2026, 10, 25, 6, tzinfo=dt.UTC)
        assert shift.hours == 10
        assert p.paid_hours(shift) == 10
        assert p.unsocial(shift).night == 10

    def test_shift_over_the_spring_forward_night_is_an_hour_shorter(self):
        """The same shift on 28 March 2026 lasts 8 real hours."""
        p = stockholm(start=dt.datetime(2026, 3, 23, tzinfo=dt.UTC))
        shift = p.shift("anna", "night", dt.date(2026, 3, 28), dt.time(22))
        assert shift.hours == 8

    def test_candidates_leave_out_time_off_and_unavailability(self):
        """No candidate touches a day of time off or a hard unavailable window; the rest are in the horizon."""
        anna = Member(
            id="anna",
            name="Anna",
            timezone="Europe/Stockholm",
            country="SE",
            languages=["sv"],
            time_off=[TimeOff(dt.date(2026, 11, 25), dt.date(2026, 11, 25))],
        )
        away = Availability(member="anna", start=dt.time(12), end=dt.time(0), days=["fri"])
        p = stockholm(member=anna, availability=[away])
        shifts = p.candidates("anna")
        assert shifts
        assert all(p.start <= s.start and s.end <= p.end for s in shifts)
        zone = anna.zone
        for s in shifts:
            days = {s.start.astimezone(zone).date(), (s.end - dt.timedelta(seconds=1)).astimezone(zone).date()}
            assert dt.date(2026, 11, 25) not in days
            if s.local_date == dt.date(2026, 11, 27):
                assert s.end.astimezone(zone).time() <= dt.time(12)
        # The night from Tuesday touches Wednesday: left out; so is Friday's late shift.
        assert not [s for s in shifts if s.local_date == dt.date(2026, 11, 24) and s.template == "night"]
        assert not [s for s in shifts if s.local_date == dt.date(2026, 11, 27) and s.template == "late"]

    def test_candidates_skip_holidays_when_the_rules_say_so(self):
        """With holidays_off, no shift starts on Christmas Day in Sweden; without, some do."""
        start = dt.datetime(2026, 12, 21, tzinfo=dt.UTC)
        on = stockholm(start=start, rules=LabourRules(holidays_off=True)).candidates("anna")
        off = stockholm(start=start).candidates("anna")
        christmas = dt.date(2026, 12, 25)
        assert not [s for s in on if s.local_date == christmas]
        assert [s for s in off if s.local_date == christmas]

    def test_unsocial_hours(self):
        """Night hours first, then weekend hours, then public-holiday hours."""
        p = stockholm(start=dt.datetime(2026, 12, 21, tzinfo=dt.UTC))
        friday = p.shift("anna", "day", dt.date(2026, 12, 25), dt.time(8))  # Christmas Day
        saturday = p.shift("anna", "day", dt.date(2026, 12, 26), dt.time(8))
        monday = p.shift("anna", "day", dt.date(2026, 12, 21), dt.time(7))
        assert p.unsocial(friday).holiday == 8.5
        assert p.unsocial(saturday).weekend == 8.5
        assert (p.unsocial(monday).night, p.unsocial(monday).weekend) == (0, 0)
        night = p.shift("anna", "night", dt.date(2026, 12, 26), dt.time(22))
        assert p.unsocial(night).night == 9
        assert p.unsocial(night).burden(p.weights) == 90

    def test_preference_cost(self):
        """A shift overlapping a soft window costs the window's weight."""
        pref = Availability(member="anna", start=dt.time(18), end=dt.time(8), hard=False, weight=3)
        p = stockholm(availability=[pref])
        assert p.preference_cost(p.shift("anna", "late", dt.date(2026, 11, 23), dt.time(13))) == 3
        assert p.preference_cost(p.shift("anna", "day", dt.date(2026, 11, 23), dt.time(9))) == 0


class TestRoster:
    def test_assignment_rejects_an_empty_interval(self):
        """The end must come after the start."""
        with pytest.raises(InvalidInterval, match="end"):
            ShiftAssignment(member="anna", template="day", start=MONDAY, end=MONDAY, local_date=MONDAY.date())

    def test_table_and_member_view(self):
        """to_polars has one row per shift in UTC; for_member returns a member's shifts in order."""
        p = problem()
        shifts = [
            p.shift("anna", "day", dt.date(2026, 11, 24), dt.time(8)),
            p.shift("anna", "day", dt.date(2026, 11, 23), dt.time(8)),
            p.shift("maria", "day", dt.date(2026, 11, 23), dt.time(8)),
        ]
        roster = Roster(shifts)
        table = roster.to_polars()
        assert table.height == 3
        assert str(table["start"].dtype) == "Datetime(time_unit='us', time_zone='UTC')"
        assert [a.local_date.day for a in roster.for_member("anna")] == [23, 24]
        assert len(roster.without(shifts[0])) == 2

    def test_roster_rejects_other_things(self):
        """Only assignments make a roster."""
        with pytest.raises(WrongType, match=r"assignments\[0\]"):
            Roster(["anna"])  # type: ignore[list-item]


class TestForeignErrorsStayOut:
    @pytest.mark.parametrize(
        ("changes", "match"),
        [
            ({"rules": {"min_rest": 11}}, "rules"),  # a dict, not LabourRules
            ({"weights": None}, "weights"),  # not PainWeights
            ({"contracts": [("anna", Contract())]}, "contracts"),  # a list, not a mapping
            ({"availability": "anna"}, "availability"),  # a string, not a list
        ],
    )
    def test_wrong_types(self, changes, match):
        """Wrong types raise WrongType naming the field, never attrs' TypeError."""
        with pytest.raises(WrongType, match=match):
            problem(**changes)
