"""Tests for the bundled example organisation (examples/northwind) and its deliberately broken copy."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from teamcore.exceptions import LoadError
from teamcore.people import (
    EmploymentType,
    Organisation,
    Role,
    check_organisation_file,
    dump_organisation,
    load_organisation,
    members_by_timezone,
    newcomers,
    with_skill,
)

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
TOML = NORTHWIND / "organisation.toml"
JSON = NORTHWIND / "organisation.json"
BROKEN = NORTHWIND / "broken-organisation.toml"
DEMO_NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)  # the --now of `make demo`

Found = list[tuple[str, str, str]]  # (entry, field, message) of each problem reported


@pytest.fixture(scope="module")
def org() -> Organisation:
    return load_organisation(TOML)


class TestNorthwindFiles:
    def test_toml_and_json_are_the_same_organisation(self, org: Organisation):
        """The hand-written TOML and the JSON file load to equal organisations."""
        assert load_organisation(JSON) == org

    def test_json_is_the_dump_of_the_toml(self, org: Organisation):
        """The JSON file is exactly what dump_organisation writes for the TOML, so the two cannot drift apart."""
        assert JSON.read_text(encoding="utf-8") == dump_organisation(org, format="json")

    def test_no_problems(self):
        """The validator finds nothing wrong with either good file."""
        assert check_organisation_file(TOML) == []
        assert check_organisation_file(JSON) == []


class TestNorthwindContent:
    """What the docs, the demo and later capabilities rely on in the example."""

    def test_size(self, org: Organisation):
        """At least 42 members in at least 3 teams, across at least 8 timezones."""
        assert len(org) >= 42
        assert len(org.teams) >= 3
        assert len(members_by_timezone(org)) >= 8

    def test_required_zones(self, org: Organisation):
        """The Nordic, German, Manila, US, Brazilian, Oceanian and a non-whole-hour zone are all present."""
        zones = set(members_by_timezone(org))
        required = {
            "Europe/Stockholm",
            "Europe/Oslo",
            "Europe/Helsinki",
            "Europe/Berlin",
            "Asia/Manila",
            "America/New_York",
            "America/Los_Angeles",
            "America/Sao_Paulo",
        }
        assert required <= zones
        assert zones & {"Australia/Sydney", "Pacific/Auckland"}
        assert zones & {"Asia/Kolkata", "Asia/Kathmandu"}

    def test_californian_holidays(self, org: Organisation):
        """Members in Los Angeles carry subdivision CA, so Californian public holidays apply."""
        la = members_by_timezone(org)["America/Los_Angeles"]
        assert {(m.country, m.subdivision) for m in la} == {("US", "CA")}

    def test_overnight_shift(self, org: Organisation):
        """At least one member works a shift that runs past midnight."""
        assert any(shift.overnight for m in org.members for shift in m.hours.shifts)

    def test_employment_mix(self, org: Organisation):
        """Part-timers and at least one project member, besides full-timers."""
        kinds = Counter(m.employment for m in org.members)
        assert kinds[EmploymentType.PART_TIME] >= 2
        assert kinds[EmploymentType.PROJECT] >= 1
        assert kinds[EmploymentType.FULL_TIME] > len(org) // 2

    def test_newcomers_at_demo_time(self, org: Organisation):
        """Four to six members started within 90 days before the demo's now; a future starter is not one."""
        new = newcomers(org, DEMO_NOW)
        assert 4 <= len(new) <= 6
        future = [m for m in org.members if m.start_date is not None and m.start_date > DEMO_NOW.date()]
        assert future
        assert not set(future) & set(new)

    def test_cross_team_member(self, org: Organisation):
        """Someone who is not a lead belongs to two regional teams."""
        leads = {team.lead for team in org.teams}
        multi = [m for m in org.members if len(org.teams_of(m.id)) > 1 and m.id not in leads]
        assert multi

    def test_teams_have_lead_values_goals(self, org: Organisation):
        """Every team has a lead with a lead role, shared values and goals."""
        for team in org.teams:
            assert org.member(team.lead).role in {Role.TEAM_LEAD, Role.MANAGER}
            assert team.values
            assert team.goals

    def test_nordic_closed_days(self, org: Organisation):
        """The Nordic team is closed on Midsummer Eve, Christmas Eve and New Year's Eve 2026."""
        closed = {day.date for day in org.team("nordics").closed_days}
        assert closed == {dt.date(2026, 6, 19), dt.date(2026, 12, 24), dt.date(2026, 12, 31)}

    def test_profiles(self, org: Organisation):
        """Every member who has started has languages, skills, an about text and development notes."""
        for m in org.members:
            assert m.languages, m.id
            assert m.about, m.id
            if m.start_date is not None and m.start_date <= DEMO_NOW.date():
                assert m.skills, m.id
                assert m.career_interests, m.id
                assert m.strengths, m.id
                assert m.growth_areas, m.id

    def test_time_off_planned(self, org: Organisation):
        """Several members have planned time off."""
        assert sum(1 for m in org.members if m.time_off) >= 5

    def test_skills(self, org: Organisation):
        """About ten skills; sso and mobile-app are each held by one person only (a bus-factor risk)."""
        skills = {s.name for m in org.members for s in m.skills}
        assert skills == {
            "api",
            "billing",
            "escalations",
            "integrations",
            "mobile-app",
            "onboarding",
            "payments",
            "reporting",
            "returns",
            "sso",
        }
        assert [m.id for m in with_skill(org, "sso")] == ["aino.virtanen"]
        assert [m.id for m in with_skill(org, "mobile-app")] == ["ines.carvalho"]
        assert len(with_skill(org, "billing", 3)) >= 5


# Each planted problem of broken-organisation.toml: (entry, field, a fragment of the message).
PLANTED = [
    # skill level above 5
    ("member 'johan.berg'", "members[1].skills.billing", "an integer from 0 to 5, got 7"),
    # unknown timezone (typo)
    ("member 'elin.sjoberg'", "members[2].timezone", "'Europe/Stokholm'"),
    # empty working interval
    ("member 'mikael.holm'", "members[3].hours.mon-fri[0]", "non-empty interval"),
    # overlapping working hours
    ("member 'lars.nilsen'", "members[6].hours", "do not overlap, got 'mon 10:00-18:00 and mon 17:00-19:00'"),
    # time off that ends before it starts
    ("member 'aino.virtanen'", "members[9].time_off[0].end", "'2026-12-04..2026-11-30'"),
    # unknown country code (a language code)
    ("member 'oliver.hughes'", "members[18].country", "known to the holidays package, such as 'SE', got 'EN'"),
    # wrong type: a string where a list belongs
    ("member 'arjun.mehta'", "members[37].languages", "a list of values, got 'hi, en, kn'"),
    # misspelt key
    ("member 'divya.nair'", "members[38].langauges", "one of the known keys"),
    # the lead is not among the team's members
    ("team 'americas'", "teams[2].lead", "got 'rachel.goldman'"),
    # duplicate member id
    ("member 'aoife.byrne'", "members[17].id", "a unique member id, got 'aoife.byrne'"),
    # a team lists a member who does not exist
    ("team 'apac'", "teams[3].members[8]", "a member of the organisation, got 'liam.oconor'"),
]


@pytest.fixture(scope="module")
def problems() -> Found:
    return [(p.entry, p.field, p.message) for p in check_organisation_file(BROKEN)]


class TestBrokenExample:
    @pytest.mark.parametrize(("entry", "field", "fragment"), PLANTED, ids=[f for _e, f, _m in PLANTED])
    def test_planted_problem_reported(self, problems: Found, entry: str, field: str, fragment: str):
        """The planted problem is reported with its entry, its field and the value received."""
        matches = [message for e, f, message in problems if (e, f) == (entry, field)]
        assert len(matches) == 1, problems
        assert fragment in matches[0]

    def test_nothing_else_reported(self, problems: Found):
        """Exactly the planted problems are reported: the rest of the copy is as valid as the original."""
        assert sorted((e, f) for e, f, _m in problems) == sorted((e, f) for e, f, _m in PLANTED)

    def test_every_planted_line_is_marked(self):
        """Each planted problem is marked in the file with a 'planted:' comment, so readers can find them."""
        text = BROKEN.read_text(encoding="utf-8")
        assert text.count("# planted:") == len(PLANTED)

    def test_load_raises_with_all_problems(self):
        """load_organisation raises one LoadError carrying every planted problem."""
        with pytest.raises(LoadError, match="11 problems") as info:
            load_organisation(BROKEN)
        assert len(info.value.problems) == len(PLANTED)
