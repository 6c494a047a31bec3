"""Tests for the report's meetings section."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, given, settings

import teamcore.strategies as tst
from teamcore.people import Member, Organisation, Team
from teamcore.report import ReportContext, build_report
from teamcore.report._meetings import meetings_section
from teamcore.report._model import Figures, Paragraph, Section, Table
from teamcore.scheduling import Participant, Series, choose_weekday

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)  # a Monday


def member(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None) -> Member:
    return Member(id=mid, name=mid, timezone=zone, country=country, hours=hours or {"mon-fri": ["09:00-17:00"]})


ORG = Organisation(
    name="Acme",
    members=[
        member("se", "Europe/Stockholm", "SE"),
        member("ny", "America/New_York", "US"),
        member("tyo", "Asia/Tokyo", "JP"),
        member("la", "America/Los_Angeles", "US"),
    ],
    teams=[
        Team(id="atlantic", name="Atlantic", lead="se", members=["se", "ny"]),
        Team(id="world", name="World", lead="se", members=["se", "tyo", "la"]),
        Team(id="solo", name="Solo", lead="se", members=["se"]),
    ],
)


def section_of(org: Organisation, team: str, now: dt.datetime = NOW) -> Section:
    section = meetings_section(ReportContext(org=org, now=now, team=team))
    assert section is not None
    return section


def table(section: Section, title: str) -> Table:
    return next(b for b in section.blocks if isinstance(b, Table) and b.title.startswith(title))


def figure(section: Section, label: str) -> object:
    figures = section.blocks[0]
    assert isinstance(figures, Figures)
    return next(f.value for f in figures.items if f.label == label)


def reason(section: Section) -> str:
    paragraph = section.blocks[1]
    assert isinstance(paragraph, Paragraph)
    return paragraph.text


class TestMeetingsSection:
    """The section for a team report."""

    def test_atlantic_team(self) -> None:
        """Stockholm and New York share working hours: no burden, 12 weekly dates, one 1:1 row per member."""
        section = section_of(ORG, "atlantic")
        assert figure(section, "Worst burden") == 0.0
        meeting = table(section, "Weekly meeting")
        assert len(meeting.rows) == 12
        assert [row[0] for row in table(section, "1:1s").rows] == ["ny"]

    def test_world_team_is_unscheduled(self) -> None:
        """Stockholm, Tokyo and Los Angeles nights cover the day: the section says so."""
        section = section_of(ORG, "world")
        assert isinstance(section.blocks[-1], Paragraph)
        assert "night" in section.blocks[-1].text

    def test_absent_without_a_team(self) -> None:
        """Organisation-wide reports and teams of one have no meetings section."""
        assert meetings_section(ReportContext(org=ORG, now=NOW)) is None
        assert meetings_section(ReportContext(org=ORG, now=NOW, team="solo")) is None
        assert "meetings" not in [s.key for s in build_report(ReportContext(org=ORG, now=NOW)).sections]
        assert "meetings" in [s.key for s in build_report(ReportContext(org=ORG, now=NOW, team="atlantic")).sections]


class TestWeekday:
    """The meeting's weekday is chosen among the team's working days by the rotation's burdens."""

    def test_holidays_decide(self) -> None:
        """US and Swedish holidays in the 12 weeks fall on every weekday but Tuesday, so Tuesday wins."""
        section = section_of(ORG, "atlantic")
        assert figure(section, "Weekday") == "Tuesday"
        assert reason(section) == "Tuesday: lowest worst burden, 0.0 vs 6.0 on Wednesday."
        compared = table(section, "Weekdays compared")
        assert [row[0] for row in compared.rows] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        assert table(section, "Weekly meeting").rows[0][0] == "2026-11-24"  # the next Tuesday

    def test_hours_decide(self) -> None:
        """New York works Stockholm's afternoon only on Fridays: the meeting moves to Friday."""
        org = Organisation(
            name="Acme",
            members=[
                member("se", "Europe/Stockholm", "SE"),
                member("ny", "America/New_York", "US", {"mon-thu": ["13:00-21:00"], "fri": ["06:00-14:00"]}),
            ],
            teams=[Team(id="t", name="T", lead="se", members=["se", "ny"])],
        )
        section = section_of(org, "t", dt.datetime(2026, 9, 1, 8, tzinfo=dt.UTC))  # no holiday on these Fridays
        assert figure(section, "Weekday") == "Friday"
        assert figure(section, "Worst burden") == 0.0
        assert reason(section).startswith("Friday: lowest worst burden, 0.0 vs ")
        dates = [dt.date.fromisoformat(str(row[0])) for row in table(section, "Weekly meeting").rows]
        assert dates[0] == dt.date(2026, 9, 4)
        assert {d.weekday() for d in dates} == {4}

    def test_part_timers_narrow_the_candidates(self) -> None:
        """Only the weekdays every member works are compared: a Tuesday-Thursday member leaves three."""
        org = Organisation(
            name="Acme",
            members=[
                member("a", "Europe/Berlin", "DE"),
                member("b", "Europe/Berlin", "DE", {"tue-thu": ["09:00-17:00"]}),
            ],
            teams=[Team(id="t", name="T", lead="a", members=["a", "b"])],
        )
        section = section_of(org, "t")
        assert [row[0] for row in table(section, "Weekdays compared").rows] == ["Tuesday", "Wednesday", "Thursday"]

    def test_sunday_to_thursday_week(self) -> None:
        """A team whose countries work Sunday to Thursday (no weekly hours given) meets on one of those days."""
        org = Organisation(
            name="Acme",
            members=[Member(id="a", name="a", timezone="Asia/Riyadh", country="SA"),
                     Member(id="b", name="b", timezone="Asia/Riyadh", country="SA")],
            teams=[Team(id="t", name="T", lead="a", members=["a", "b"])],
        )  # fmt: skip
        section = section_of(org, "t")
        compared = [row[0] for row in table(section, "Weekdays compared").rows]
        assert compared == ["Monday", "Tuesday", "Wednesday", "Thursday", "Sunday"]
        assert figure(section, "Weekday") in compared

    def test_one_shared_day(self) -> None:
        """With a single working day in common the section says it is the only one."""
        org = Organisation(
            name="Acme",
            members=[
                member("a", "Europe/Berlin", "DE", {"mon-wed": ["09:00-17:00"]}),
                member("b", "Europe/Berlin", "DE", {"wed-fri": ["09:00-17:00"]}),
            ],
            teams=[Team(id="t", name="T", lead="a", members=["a", "b"])],
        )
        assert reason(section_of(org, "t")) == "Wednesday: the only weekday every member works."

    def test_ties_go_to_the_earliest_weekday_whatever_the_day_of_the_report(self) -> None:
        """Two Berlin colleagues, no holiday on a weekday: Monday wins, run on a Monday or a Thursday."""
        org = Organisation(
            name="Acme",
            members=[member("a", "Europe/Berlin", "DE"), member("b", "Europe/Berlin", "DE")],
            teams=[Team(id="t", name="T", lead="a", members=["a", "b"])],
        )
        # August to October 2026: Germany's only national holiday, 3 October, is a Saturday.
        for now in (dt.datetime(2026, 8, 3, 8, tzinfo=dt.UTC), dt.datetime(2026, 8, 6, 8, tzinfo=dt.UTC)):
            section = section_of(org, "t", now)
            assert figure(section, "Weekday") == "Monday"
            assert reason(section) == (
                "Monday: lowest worst burden (0.0), tied with Tuesday, Wednesday, Thursday, Friday; "
                "ties go to the earliest weekday."
            )

    def test_the_choice_is_choose_weekday(self) -> None:
        """The section shows what teamcore.scheduling.choose_weekday gives for the 12 weeks from the day after now."""
        team = ORG.team("atlantic")
        series = Series(name="Atlantic weekly meeting", frequency="weekly", first=dt.date(2026, 11, 24), count=12,
                        times=[dt.time(h, m) for h in range(24) for m in (0, 30)], zone="Europe/Stockholm")  # fmt: skip
        choice = choose_weekday(series, Participant.for_team(ORG.members_of("atlantic"), team))
        section = section_of(ORG, "atlantic")
        assert figure(section, "Weekday") == choice.weekday.name_full
        assert reason(section) == choice.reason
        assert [row[0] for row in table(section, "Weekdays compared").rows] == [
            o.weekday.name_full for o in choice.options
        ]
        assert [row[0] for row in table(section, "Weekly meeting").rows] == [
            o.date.isoformat() for o in choice.plan.occurrences
        ]

    def test_deterministic(self) -> None:
        """The same inputs give the same section."""
        assert section_of(ORG, "atlantic") == section_of(ORG, "atlantic")

    # Half the drawn organisations have no team or a team of one; the assume keeps the rest. Hypothesis' filter
    # health check fired on that rate in one random run, so it is suppressed here rather than the test loosened.
    @settings(max_examples=15, suppress_health_check=[HealthCheck.filter_too_much])
    @given(org=tst.organisations(min_members=2, max_members=4, max_teams=1), now=tst.aware_datetimes())
    def test_chosen_weekday_is_the_best_compared(self, org: Organisation, now: dt.datetime) -> None:
        """The chosen weekday is compared, no compared weekday beats its worst burden, and every date falls on it."""
        assume(org.teams and len(org.members_of(org.teams[0].id)) >= 2)
        section = section_of(org, org.teams[0].id, now)
        chosen = figure(section, "Weekday")
        compared = {row[0]: row for row in table(section, "Weekdays compared").rows}
        assert chosen in compared
        unscheduled = compared[chosen][3]
        fewest = [row for row in compared.values() if row[3] == unscheduled]
        assert all(row[3] >= unscheduled for row in compared.values())  # type: ignore[operator]
        assert all(compared[chosen][1] <= row[1] for row in fewest)  # type: ignore[operator]
        weekdays = {dt.date.fromisoformat(str(row[0])).strftime("%A") for row in table(section, "Weekly meeting").rows}
        assert weekdays == {chosen}
        assert figure(section, "Worst burden") == compared[chosen][1]
