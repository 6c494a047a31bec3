"""Tests for the people model: Member, Team, Organisation and their parts, with the bad-input catalogue."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest
from hypothesis import given

from teamcore import strategies as tst
from teamcore.exceptions import (
    DuplicateId,
    InvalidInterval,
    InvalidValue,
    LeadNotMember,
    OutOfRange,
    OverlappingIntervals,
    TeamcoreError,
    UnknownCountry,
    UnknownReference,
    UnknownTimezone,
    WrongType,
)
from teamcore.people import (
    ClosedDay,
    EmploymentType,
    Member,
    Organisation,
    Role,
    Shift,
    SkillLevel,
    Team,
    TimeOff,
    Weekday,
    WeeklyHours,
)


def member(**overrides: Any) -> Member:
    fields: dict[str, Any] = {
        "id": "anna",
        "name": "Anna Berg",
        "timezone": "Europe/Stockholm",
        "country": "SE",
    }
    fields.update(overrides)
    return Member(**fields)


class TestMember:
    def test_defaults(self):
        """A member needs only id, name, zone and country; the rest has defaults."""
        m = member()
        assert (m.role, m.employment, m.hours.shifts, m.skills) == (
            Role.AGENT,
            EmploymentType.FULL_TIME,
            (),
            (),
        )

    def test_converts_collections_to_tuples(self):
        """Lists and mappings become tuples, so members are immutable and hashable."""
        m = member(languages=["sv", "en"], skills={"returns": 2, "billing": 4}, hours={"mon": ["09:00-17:00"]})
        assert m.languages == ("sv", "en")
        assert m.skills == (SkillLevel("billing", 4), SkillLevel("returns", 2))
        assert hash(m) == hash(
            member(languages=["sv", "en"], skills={"billing": 4, "returns": 2}, hours={"mon": ["09:00-17:00"]})
        )

    def test_evolve_revalidates(self):
        """attrs.evolve runs the same checks as construction."""
        with pytest.raises(UnknownTimezone):
            attrs.evolve(member(), timezone="Nowhere/City")

    def test_frozen(self):
        """Members cannot be changed in place."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            member().name = "Other"  # type: ignore[misc]

    def test_speaks_prefix(self):
        """'pt' matches a 'pt-BR' speaker; 'p' does not."""
        m = member(languages=["pt-BR"])
        assert m.speaks("pt")
        assert m.speaks("pt-BR")
        assert not m.speaks("p")

    def test_subdivision_valid(self):
        """A subdivision of the member's country is accepted."""
        assert member(country="US", subdivision="CA", timezone="America/Los_Angeles").subdivision == "CA"

    @pytest.mark.parametrize(
        ("overrides", "error", "match"),
        [
            # unknown timezone
            ({"timezone": "Europe/Stokholm"}, UnknownTimezone, "timezone: expected an IANA"),
            # unknown country code
            ({"country": "XX"}, UnknownCountry, "country: expected an ISO 3166-1"),
            # an alpha-3 code, which holidays would accept as an alias
            ({"country": "SWE"}, UnknownCountry, "alpha-2"),
            # the alias UK (the ISO code is GB)
            ({"country": "UK"}, UnknownCountry, "alpha-2"),
            # a subdivision of another country
            ({"subdivision": "CA"}, UnknownCountry, r"subdivision: expected no subdivision \(SE has none\)"),
            # a subdivision that the country does not have
            ({"country": "US", "subdivision": "XX"}, UnknownCountry, "expected a subdivision of US"),
            # skill level out of range
            (
                {"skills": {"billing": 6}},
                OutOfRange,
                r"skills\.billing: expected an integer from 0 to 5, got 6",
            ),
            # negative skill level
            ({"skills": {"billing": -1}}, OutOfRange, "from 0 to 5"),
            # a skill level that is a string
            ({"skills": {"billing": "4"}}, WrongType, "skills.billing"),
            # a bool is not a level
            ({"skills": {"billing": True}}, WrongType, "skills.billing"),
            # overlapping working-hour intervals
            ({"hours": {"mon": ["09:00-17:00", "16:00-18:00"]}}, OverlappingIntervals, "do not overlap"),
            # a night shift running into the next day's shift
            ({"hours": {"mon": ["22:00-06:00"], "tue": ["05:00-09:00"]}}, OverlappingIntervals, "overlap"),
            # empty working-hour interval
            ({"hours": {"mon": ["09:00-09:00"]}}, InvalidInterval, "non-empty interval"),
            # time out of range
            ({"hours": {"mon": ["09:00-24:30"]}}, InvalidValue, "HH:MM"),
            # an unknown day
            ({"hours": {"funday": ["09:00-17:00"]}}, InvalidValue, "weekday"),
            # wrong type: a string where a list of ranges belongs
            ({"hours": {"mon": "09:00-17:00"}}, WrongType, "list"),
            # wrong type: a lone string as languages
            ({"languages": "en"}, WrongType, "languages: expected a list"),
            # malformed language tag
            ({"languages": ["English"]}, InvalidValue, "BCP 47"),
            # duplicate language
            ({"languages": ["en", "en"]}, DuplicateId, "each language listed once"),
            # malformed id
            ({"id": "anna berg"}, InvalidValue, "id: expected 1-64 ASCII"),
            # empty name
            ({"name": "  "}, InvalidValue, "name: expected a non-empty string"),
            # wrong type for the name
            ({"name": 42}, WrongType, "name: expected a string"),
            # an unknown role
            ({"role": "wizard"}, InvalidValue, "role: expected one of"),
            # an unknown employment type
            ({"employment": "gig"}, InvalidValue, "employment: expected one of"),
            # a datetime where a date belongs
            (
                {"start_date": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
                WrongType,
                "start_date: expected a date",
            ),
            # an "about me" text that is too long
            ({"about": "x" * 2001}, InvalidValue, "at most 2000"),
        ],
    )
    def test_bad_input(self, overrides, error, match):
        """Each bad value raises a specific TeamcoreError naming field, value and expectation."""
        with pytest.raises(error, match=match) as info:
            member(**overrides)
        assert isinstance(info.value, TeamcoreError)

    @given(tst.members())
    def test_generated_members_round_trip_evolve(self, m):
        """Rebuilding a member from its own fields gives an equal member."""
        assert attrs.evolve(m) == m


class TestWeeklyHours:
    def test_overnight(self):
        """22:00-06:00 is an overnight shift of 8 hours."""
        shift = WeeklyHours.parse({"fri": ["22:00-06:00"]}).shifts[0]
        assert shift.overnight
        assert shift.minutes == 480
        assert shift.day is Weekday.FRI

    def test_until_midnight(self):
        """18:00-00:00 ends at midnight: six hours, overnight by the rule end <= start."""
        shift = Shift.parse("mon", "18:00-00:00")
        assert shift.minutes == 360
        assert shift.week_end == 24 * 60

    def test_sunday_night_wraps_into_monday(self):
        """A Sunday night shift that runs into Monday's shift overlaps it."""
        with pytest.raises(OverlappingIntervals, match="across Sunday night"):
            WeeklyHours.parse({"sun": ["22:00-06:00"], "mon": ["05:00-09:00"]})

    def test_day_ranges_and_full_names(self):
        """'mon-fri' and 'Saturday' are read as days."""
        hours = WeeklyHours.parse({"mon-fri": ["09:00-17:00"], "Saturday": ["10:00-14:00"]})
        assert [s.day for s in hours.shifts] == list(Weekday)[:6]

    def test_day_range_wraps(self):
        """'sun-thu' runs Sunday to Thursday, as working weeks do in much of the Middle East."""
        hours = WeeklyHours.parse({"sun-thu": ["08:00-16:00"]})
        assert [s.day for s in hours.shifts] == [
            Weekday.MON,
            Weekday.TUE,
            Weekday.WED,
            Weekday.THU,
            Weekday.SUN,
        ]

    def test_table_round_trip(self):
        """to_table gives back an equivalent table."""
        hours = WeeklyHours.parse({"mon-wed": ["08:00-12:00", "13:00-17:00"], "sun": ["22:00-06:00"]})
        assert WeeklyHours.parse(hours.to_table()) == hours

    @given(tst.weekly_hours())
    def test_generated_hours_are_disjoint(self, hours):
        """Generated hours are sorted and never overlap, wrap-around included."""
        spans = [(s.week_start, s.week_end) for s in hours.shifts]
        assert spans == sorted(spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        if spans:
            assert spans[-1][1] - 7 * 24 * 60 <= spans[0][0]
        assert WeeklyHours.parse(hours.to_table()) == hours


class TestTimeOff:
    def test_days_inclusive(self):
        """Both ends count."""
        assert TimeOff(dt.date(2026, 12, 24), dt.date(2026, 12, 24)).days == 1

    def test_end_before_start(self):
        """End before start is an InvalidInterval naming both dates."""
        with pytest.raises(InvalidInterval, match=r"2026-07-10\.\.2026-07-01"):
            TimeOff(dt.date(2026, 7, 10), dt.date(2026, 7, 1))


class TestTeam:
    def test_lead_not_member(self):
        """The lead must be among the members."""
        with pytest.raises(LeadNotMember, match="lead: expected one of the team's members"):
            Team(id="t", name="T", lead="zed", members=["anna"])

    def test_duplicate_member(self):
        """A member listed twice is refused."""
        with pytest.raises(DuplicateId, match="each member listed once"):
            Team(id="t", name="T", lead="anna", members=["anna", "anna"])

    def test_duplicate_closed_day(self):
        """A closed day listed twice is refused."""
        day = ClosedDay(dt.date(2026, 6, 19), "Midsummer Eve")
        with pytest.raises(DuplicateId, match="closed day"):
            Team(id="t", name="T", lead="anna", members=["anna"], closed_days=[day, day])

    def test_bad_team_timezone(self):
        """A team's reporting zone is validated like a member's."""
        with pytest.raises(UnknownTimezone):
            Team(id="t", name="T", lead="anna", members=["anna"], timezone="CEST")


class TestOrganisation:
    def test_lookup(self):
        """Members and teams are found by id; a member can be in two teams."""
        a, b = member(), member(id="bo", name="Bo")
        t1 = Team(id="t1", name="One", lead="anna", members=["anna", "bo"])
        t2 = Team(id="t2", name="Two", lead="bo", members=["bo"])
        org = Organisation(name="Acme", members=[a, b], teams=[t1, t2])
        assert org.member("bo") is b
        assert [t.id for t in org.teams_of("bo")] == ["t1", "t2"]
        assert org.members_of("t1") == (a, b)
        assert "anna" in org
        assert len(org) == 2

    @pytest.mark.parametrize(
        ("members", "teams", "error", "match"),
        [
            # duplicate member id
            (["anna", "anna"], [], DuplicateId, "a unique member id"),
            # unknown member referenced by a team
            (["anna"], [("t", ["anna", "zed"])], UnknownReference, r"teams\[0\]\.members\[1\]"),
            # duplicate team id
            (["anna"], [("t", ["anna"]), ("t", ["anna"])], DuplicateId, "a unique team id"),
            # team id that is also a member id
            (["anna"], [("anna", ["anna"])], DuplicateId, "not also a member id"),
        ],
    )
    def test_bad_references(self, members, teams, error, match):
        """Cross-entry rules raise naming the entry."""
        with pytest.raises(error, match=match):
            Organisation(
                name="Acme",
                members=[member(id=m) for m in members],
                teams=[Team(id=tid, name="T", lead=ms[0], members=ms) for tid, ms in teams],
            )

    def test_unknown_lookup(self):
        """Looking up an unknown id raises UnknownReference, also a LookupError."""
        org = Organisation(name="Acme", members=[member()])
        with pytest.raises(LookupError, match="zed"):
            org.member("zed")
        with pytest.raises(UnknownReference, match="one of the teams"):
            org.team("zed")

    def test_wrong_member_type(self):
        """A dict is not a Member."""
        with pytest.raises(WrongType, match=r"members\[0\]"):
            Organisation(name="Acme", members=[{"id": "anna"}])  # type: ignore[list-item]

    def test_empty_organisation_is_valid(self):
        """An organisation without members is valid (a new company)."""
        assert len(Organisation(name="New Co", members=[])) == 0

    @given(tst.organisations())
    def test_invariants(self, org):
        """Generated organisations: unique ids, every lead a member, every team member exists."""
        ids = [m.id for m in org.members]
        assert len(ids) == len(set(ids))
        for team in org.teams:
            assert team.lead in team.members
            assert all(mid in org for mid in team.members)
