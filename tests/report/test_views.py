"""Tests for the personal views of the report: a lead's own week and a member's own page."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs
import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, UnknownReference
from teamcore.feedback import FeedbackItem, FeedbackKind, FeedbackLog, FeedbackPolicy, OneOnOneSeries
from teamcore.knowledge import Article, KnowledgeBase
from teamcore.mentoring import MentoringPair
from teamcore.people import Member, Organisation, Team
from teamcore.report import (
    PERSON_COLUMNS,
    WEEK_KEY,
    Plot,
    Report,
    ReportContext,
    Table,
    View,
    build_report,
    lead_view,
    local_week,
    member_view,
    render_terminal,
    report_schema,
    report_to_html,
    report_to_json,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 25, 6, tzinfo=UTC)  # a Wednesday: 07:00 in Stockholm, Tuesday 22:00 in Los Angeles
WEEKDAYS = {"mon-fri": ["09:00-17:00"]}


def member(id: str, zone: str = "Europe/Stockholm", **extra: object) -> Member:
    return Member(id=id, name=id.title(), timezone=zone, country="SE", hours=WEEKDAYS, **extra)  # type: ignore[arg-type]


def make_org() -> Organisation:
    """Lena leads two teams (nordic: ola; west: mia in Los Angeles); bo leads east, which nobody else shares."""
    return Organisation(
        name="Acme",
        members=[
            member("lena", role="team_lead", skills={"billing": 4}),
            member("ola", skills={"billing": 3}),
            member("mia", "America/Los_Angeles", start_date=dt.date(2026, 11, 2)),
            member("bo", "Asia/Tokyo", role="team_lead"),
            member("kai", "Asia/Tokyo"),
        ],
        teams=[
            Team(id="nordic", name="Nordic", lead="lena", members=["lena", "ola"]),
            Team(id="west", name="West", lead="lena", members=["lena", "mia"]),
            Team(id="east", name="East", lead="bo", members=["bo", "kai"]),
        ],
    )


ORG = make_org()
SERIES = [
    OneOnOneSeries(id=f"s-{m}", lead=lead, member=m, cadence="weekly", anchor=dt.date(2026, 9, 7))
    for lead, m in (("lena", "ola"), ("lena", "mia"), ("bo", "kai"))
]
ARTICLES = [
    Article(id="a1", title="Refunds", owner="ola", topics=["refunds"], last_reviewed=dt.date(2025, 1, 1)),
    Article(id="a2", title="Invoices", owner="kai", topics=["invoices"], last_reviewed=dt.date(2025, 1, 1)),
    Article(id="a3", title="Old", owner="gone", topics=["old"], last_reviewed=dt.date(2025, 1, 1)),
]


def context(feedback: FeedbackLog | None = None, **extra: object) -> ReportContext:
    return ReportContext(
        org=ORG,
        now=NOW,
        feedback=FeedbackLog(series=SERIES) if feedback is None else feedback,
        feedback_policy=FeedbackPolicy(anonymity_threshold=3),
        knowledge=KnowledgeBase(ARTICLES),
        ticket_topics={},
        mentoring=(MentoringPair(mentor="ola", mentee="mia"),),
        **extra,  # type: ignore[arg-type]
    )


def tables(report: Report) -> list[Table]:
    return [b for s in report.sections for b in s.blocks if isinstance(b, Table)]


def terminal(report: Report) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    render_terminal(report, console)
    return console.file.getvalue()  # type: ignore[attr-defined]


class TestLocalWeek:
    def test_example(self):
        """The week is Monday 00:00 to the next Monday 00:00 in the zone, around now there."""
        start, end = local_week(NOW, "America/Los_Angeles")  # Tuesday 22:00 there
        assert (start, end) == (dt.datetime(2026, 11, 23, 8, tzinfo=UTC), dt.datetime(2026, 11, 30, 8, tzinfo=UTC))

    def test_dst_week_is_167_hours(self):
        """The week in which Stockholm's clocks go forward is an hour short."""
        start, end = local_week(dt.datetime(2026, 3, 27, 12, tzinfo=UTC), "Europe/Stockholm")
        assert end - start == dt.timedelta(hours=167)

    @given(now=st.datetimes(timezones=st.just(UTC)), zone=st.timezone_keys(allow_prefix=False))
    @example(now=dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), zone="Europe/Stockholm")
    @example(now=dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC), zone="America/New_York")
    def test_contains_now_and_starts_on_monday(self, now, zone):
        """The week contains now, starts on a Monday in the zone and lasts about seven days."""
        from teamcore._time import timezone  # noqa: PLC0415 - the zone the test checks in

        if not dt.datetime(1971, 1, 1, tzinfo=UTC) < now < dt.datetime(2099, 1, 1, tzinfo=UTC):
            return
        start, end = local_week(now, zone)
        assert start <= now < end
        assert start.astimezone(timezone(zone)).weekday() in {0, 6}  # Sunday only when Monday's midnight is skipped
        assert dt.timedelta(days=6) < end - start < dt.timedelta(days=8)


class TestLeadView:
    def test_teams_items_and_week(self):
        """A lead of two teams sees both teams' blocks, their own and their members' items, and their week first."""
        view = lead_view(context(), "lena")
        assert view.view == View(kind="lead", id="lena", timezone="Europe/Stockholm",
                                 week_start=dt.datetime(2026, 11, 22, 23, tzinfo=UTC),
                                 week_end=dt.datetime(2026, 11, 29, 23, tzinfo=UTC))  # fmt: skip
        assert view.sections[0].key == WEEK_KEY
        assert view.title == "Lena's week: Nordic, West"
        titles = [t.title for t in tables(view)]
        assert "Nordic: Teams" in titles
        assert "West: Teams" in titles
        assert view.attention
        assert {i.actor.member for i in view.attention} <= {"lena", "ola", "mia"}
        assert not any("Kai" in i.what or i.actor.member == "bo" for i in view.attention)
        per_team = [build_report(context(team=t)).attention for t in ("nordic", "west")]
        assert {i.identity for i in view.attention} == {i.identity for items in per_team for i in items}

    def test_team_narrows(self):
        """`team` picks one of the lead's teams: no prefixes, that team's items only."""
        view = lead_view(context(team="west"), "lena")
        assert view.team == "west"
        assert "Teams" in [t.title for t in tables(view)]
        assert any("mia" in i.key for i in view.attention)
        assert {i.actor.member for i in view.attention} <= {"lena", "mia"}
        compliance = next(t for t in tables(view) if t.title == "Compliance by member")
        assert [r[0] for r in compliance.rows] == ["lena", "mia"]  # ola is in nordic only

    def test_week_table(self):
        """The week table lists overdue items, then this week's by due time, in the lead's zone."""
        view = lead_view(context(), "lena")
        week = next(b for b in view.sections[0].blocks if isinstance(b, Table))
        overdue = [r for r in week.rows if str(r[0]).startswith("late: ")]
        assert overdue
        assert week.rows[: len(overdue)] == tuple(overdue)
        dated = [i for i in view.attention if i.due is not None and not i.overdue(NOW) and i.due < view.view.week_end]
        assert len(week.rows) == len(overdue) + len(dated)

    def test_times_in_lead_zone(self):
        """Terminal due times and the heading are in the lead's zone."""
        text = terminal(lead_view(context(), "lena"))
        assert "due (your time)" in text
        assert "Wed 25 Nov 07:00 CET your time (Europe/Stockholm)" in text
        assert "PST" not in text  # mia's items are shown in Lena's time

    @pytest.mark.parametrize(
        ("lead", "team", "error", "match"),
        [
            ("lenna", None, UnknownReference, r"did you mean 'lena'\?"),  # a typo of a member id
            ("ola", None, InvalidValue, r"a team lead, one of \['bo', 'lena'\]"),  # a member who leads no team
            ("lena", "east", InvalidValue, r"one of the teams 'lena' leads \['nordic', 'west'\]"),  # not theirs
        ],
    )
    def test_errors(self, lead, team, error, match):
        with pytest.raises(error, match=match):
            lead_view(context(team=team), lead)


class TestMemberView:
    def test_rows_about_the_member(self):
        """Every kept table has a person column and each row names the member or is their item's row."""
        view = member_view(context(), "ola")
        assert view.view.kind == "member"
        assert view.view.timezone == "Europe/Stockholm"
        for section in view.sections[1:]:
            for block in section.blocks:
                table = block.data if isinstance(block, Plot) else block
                if not isinstance(table, Table):
                    continue
                people = [i for i, c in enumerate(table.columns) if c in PERSON_COLUMNS]
                assert people, table.title
                pointed = {i.row for i in section.attention if i.table == table.title}
                for n, row in enumerate(table.rows):
                    assert n in pointed or any("ola" in str(row[c]).split(", ") for c in people), row

    def test_content(self):
        """Ola's page: their compliance row, their stale article, their mentee, nobody else's rows."""
        view = member_view(context(), "ola")
        compliance = next(t for t in tables(view) if t.title == "Compliance by member")
        assert [r[0] for r in compliance.rows] == ["ola"]
        stale = next(t for t in tables(view) if t.title == "Stale articles")
        assert [r[0] for r in stale.rows] == ["a1"]
        about = next(t for t in tables(view) if t.title == "About you")
        assert ("mentee", "mia") in about.rows
        assert "kai" not in report_to_json(view)
        assert all(i.actor.member == "ola" for i in view.attention)

    def test_items_point_at_kept_rows(self):
        """A member's items keep pointing at their rows after the filtering (the model checks the rest)."""
        view = member_view(context(), "bo")
        assert view.attention
        for item in view.attention:
            table = next(t for t in view.section(item.section).blocks if isinstance(t, Table) and t.title == item.table)
            row = dict(zip(table.columns, table.rows[item.row], strict=True))
            assert "bo" in {row.get(c) for c in PERSON_COLUMNS}, row

    @pytest.mark.parametrize(
        ("who", "team", "error", "match"),
        [
            ("oola", None, UnknownReference, r"did you mean 'ola'\?"),  # a typo
            ("ola", "east", InvalidValue, r"one of the teams of 'ola' \['nordic'\]"),  # not their team
        ],
    )
    def test_errors(self, who, team, error, match):
        with pytest.raises(error, match=match):
            member_view(context(team=team), who)

    @pytest.mark.parametrize("build", [lambda c: lead_view(c, "lena"), lambda c: member_view(c, "mia")])
    def test_every_renderer(self, build):
        """Views render in the terminal, HTML and JSON, and the JSON is valid with its view."""
        view = build(context())
        data = json.loads(report_to_json(view))
        jsonschema.validate(data, report_schema())
        assert data["view"]["kind"] in {"lead", "member"}
        assert data["sections"][0]["key"] == WEEK_KEY
        assert 'id="week"' in report_to_html(view)
        assert terminal(view)


PEOPLE = ("lena", "ola", "mia", "bo", "kai")


@st.composite
def withheld_item(draw: st.DrawFn) -> FeedbackItem:
    """One upward or peer item: always below the threshold, which is higher than the organisation's size."""
    item = draw(tst.feedback_items(ORG, item_id="added", start=dt.date(2026, 7, 1), days=140))
    kind = draw(st.sampled_from([FeedbackKind.UPWARD, FeedbackKind.PEER]))
    if kind is FeedbackKind.UPWARD:
        receiver = draw(st.sampled_from(["lena", "bo"]))
        giver = draw(st.sampled_from([p for p in PEOPLE if p != receiver]))
        item = attrs.evolve(item, receiver=receiver, giver=giver)
    return attrs.evolve(item, kind=kind, visibility="private", anonymous=draw(st.booleans()))


class TestPrivacy:
    """Adding an upward or peer item below the anonymity threshold changes no output of a view."""

    @settings(max_examples=30, deadline=None)
    @given(base=tst.feedback_logs(ORG, start=dt.date(2026, 7, 1), days=140, max_items=8), added=withheld_item(),
           who=st.sampled_from([("lead", "lena"), ("lead", "bo"), *(("member", p) for p in PEOPLE)]))  # fmt: skip
    def test_withheld_item_changes_nothing(self, base, added, who):
        """Terminal text and JSON of a lead's or member's view are the same with the item as without it."""
        policy = FeedbackPolicy(anonymity_threshold=len(PEOPLE) + 1)
        kind, person = who
        build = lead_view if kind == "lead" else member_view
        more = attrs.evolve(base, feedback=(*base.feedback, added))

        def outputs(log: FeedbackLog) -> tuple[str, str]:
            view = build(attrs.evolve(context(log), feedback_policy=policy), person)
            return terminal(view), report_to_json(view)

        assert outputs(more) == outputs(base)

    def test_named_feedback_does_show(self):
        """The control: a praise item for ola does change ola's page, so the property above can see a change."""
        given = dt.datetime(2026, 11, 20, 9, tzinfo=UTC)
        praise = FeedbackItem(id="p", kind="praise", observed_on=given.date(), given_at=given, giver="lena",
                              receiver="ola")  # fmt: skip
        base = FeedbackLog(series=SERIES)
        before = report_to_json(member_view(context(base), "ola"))
        after = report_to_json(member_view(context(attrs.evolve(base, feedback=(praise,))), "ola"))
        assert before != after
