"""Tests for the report's "Needs attention" list: the items, their ranking, the sections' items and the renderers."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from teamcore.cli import main
from teamcore.exceptions import InvalidValue, NaiveDatetime, OutOfRange, UnknownTimezone, WrongType
from teamcore.feedback import FeedbackItem, FeedbackLog, FeedbackPolicy, FeedbackRequest, OneOnOneSeries
from teamcore.knowledge import Article, KnowledgeBase
from teamcore.kpi import SlaPolicy, SlaTarget
from teamcore.people import Member, Organisation, Team
from teamcore.report import (
    DEFAULT_RANKING,
    KINDS,
    Actor,
    AttentionItem,
    RankingRule,
    Report,
    ReportContext,
    Section,
    Table,
    build_report,
    rank,
    render_terminal,
    report_schema,
    report_to_dict,
    report_to_html,
)
from teamcore.staffing import Forecast, StaffingPlan

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 6, tzinfo=UTC)  # a Monday, 07:00 in Stockholm
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind"
DEMO_NOW = "2026-11-23T08:00:00Z"
WEEKDAYS = {"mon-fri": ["09:00-17:00"]}


def make_org() -> Organisation:
    """Team nordic: lead lena (Stockholm), ola (Stockholm), mia (Los Angeles), who started three weeks ago."""
    return Organisation(
        name="Acme",
        members=[
            Member(
                id="lena",
                name="Lena",
                timezone="Europe/Stockholm",
                country="SE",
                hours=WEEKDAYS,
                role="team_lead",
                skills={"billing": 4},
            ),
            Member(
                id="ola",
                name="Ola",
                timezone="Europe/Stockholm",
                country="SE",
                hours=WEEKDAYS,
                skills={"billing": 3, "payments": 4},
            ),
            Member(
                id="mia",
                name="Mia",
                timezone="America/Los_Angeles",
                country="US",
                subdivision="CA",
                hours=WEEKDAYS,
                start_date=dt.date(2026, 11, 2),
            ),
        ],
        teams=[Team(id="nordic", name="Nordic", lead="lena", members=["lena", "ola", "mia"])],
    )


ORG = make_org()


def items_of(ctx: ReportContext) -> tuple[AttentionItem, ...]:
    return build_report(ctx).attention


def kinds(ctx: ReportContext) -> set[str]:
    return {item.kind for item in items_of(ctx)}


def lena(role: str = "lead") -> Actor:
    return Actor(role=role, member="lena", name="Lena", timezone="Europe/Stockholm")  # type: ignore[arg-type]


def attention(**overrides: object) -> AttentionItem:
    """A watch item of the staffing table's first row, due an hour after NOW; override any field."""
    fields: dict[str, object] = {
        "kind": "staffing_short",
        "what": "Staff Monday 08:00",
        "actor": lena(),
        "due": NOW + dt.timedelta(hours=1),
        "severity": "watch",
        "section": "staffing",
        "table": "Worst",
        "row": 0,
        "key": "k",
    }
    fields.update(overrides)
    return AttentionItem(**fields)  # type: ignore[arg-type]


class TestAttentionItem:
    """One item: validated at construction, due shown in the actor's zone."""

    @pytest.mark.parametrize(
        ("field", "value", "error", "match"),
        [
            ("kind", "kpi_target_missed_twice", InvalidValue, "kind"),  # not derivable, so not in the vocabulary
            ("severity", "red", InvalidValue, "severity"),  # the attention list's vocabulary is act / watch
            ("what", "two\nlines", InvalidValue, "one line"),  # one line of text
            ("what", "", InvalidValue, "what"),  # says something
            ("due", dt.datetime(2026, 11, 23, 8), NaiveDatetime, "due"),  # never a naive instant
            ("row", -1, OutOfRange, "row"),  # a row index
            ("section", "two words", InvalidValue, "section"),  # a section key
            ("actor", "lena", TypeError, "actor"),  # an Actor, not an id
        ],
    )
    def test_invalid(self, field, value, error, match):
        """Each field is checked, naming the field."""
        with pytest.raises(error, match=match):
            attention(**{field: value})

    def test_actor_checked(self):
        """An actor has a known role and a real timezone."""
        with pytest.raises(InvalidValue, match="role"):
            Actor(role="boss", member="lena", name="Lena", timezone="UTC")  # type: ignore[arg-type]
        with pytest.raises(UnknownTimezone):
            Actor(role="lead", member="lena", name="Lena", timezone="Mars/Olympus")

    def test_due_in_actor_zone(self):
        """Due is stored in UTC and shown in the actor's zone; overdue is due at or before now."""
        item = attention(due=dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone(dt.timedelta(hours=2))))
        assert item.due == dt.datetime(2026, 11, 23, 7, tzinfo=UTC)
        local = item.local_due()
        assert local is not None
        assert (local.hour, local.tzname()) == (8, "CET")
        assert item.overdue(dt.datetime(2026, 11, 23, 7, tzinfo=UTC))
        assert not item.overdue(NOW)
        assert not attention(due=None).overdue(NOW)


class TestRankingRule:
    """The documented order and its settings."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("severity_order", ("act",)),  # leaves out watch
            ("severity_order", ("act", "act")),  # repeats one
            ("kind_order", KINDS[:-1]),  # leaves out a kind
            ("kind_order", (*KINDS, "other")),  # an unknown kind
        ],
    )
    def test_invalid_orders(self, field, value):
        """An order names every severity or kind exactly once."""
        with pytest.raises(InvalidValue, match=field):
            RankingRule(**{field: value})

    def test_default_order(self):
        """Act before watch, overdue before not due, earlier before later, dated before undated, then kind order."""
        later = attention(severity="act", due=NOW + dt.timedelta(hours=5), key="later")
        sooner = attention(severity="act", due=NOW + dt.timedelta(hours=1), key="sooner")
        late = attention(severity="act", due=NOW - dt.timedelta(days=30), key="late")
        watch = attention(due=NOW - dt.timedelta(days=60), key="watch")
        undated = attention(severity="act", due=None, key="undated")
        tie = attention(severity="act", due=NOW + dt.timedelta(hours=1), kind="sla_breached", key="tie")
        ranked = rank([watch, undated, later, tie, sooner, late], NOW)
        assert [i.key for i in ranked] == ["late", "tie", "sooner", "later", "undated", "watch"]

    def test_configured_order(self):
        """Watch first, and by due time alone."""
        act = attention(severity="act", due=NOW - dt.timedelta(days=1), key="act")
        soon = attention(due=NOW + dt.timedelta(hours=1), key="soon")
        old = attention(due=NOW - dt.timedelta(hours=1), key="old")
        rule = RankingRule(severity_order=("watch", "act"), overdue_first=False)
        assert [i.key for i in rank([act, soon, old], NOW, rule)] == ["old", "soon", "act"]

    def test_items_checked(self):
        """Only attention items are ranked."""
        with pytest.raises(WrongType, match=r"items\[0\]"):
            rank(["staffing"], NOW)  # type: ignore[list-item]

    @pytest.mark.parametrize(
        ("field", "value"),
        [("severity_order", 5), ("severity_order", ("act", 1)), ("kind_order", None), ("overdue_first", 1)],
    )
    def test_wrong_types_named(self, field, value):
        """A setting of the wrong type is refused naming the setting, not with Python's own TypeError."""
        with pytest.raises(WrongType, match=field):
            RankingRule(**{field: value})

    def test_rule_checked(self):
        """The rule is a RankingRule, even when there is nothing to rank."""
        with pytest.raises(WrongType, match="rule"):
            rank([], NOW, rule={"overdue_first": False})  # type: ignore[arg-type]


def item_strategy() -> st.SearchStrategy[AttentionItem]:
    due = st.none() | st.integers(-5, 5).map(lambda h: NOW + dt.timedelta(hours=h))
    return st.builds(
        AttentionItem,
        kind=st.sampled_from(KINDS),
        what=st.sampled_from(["a", "b"]),
        actor=st.sampled_from([lena(), lena("member"), Actor(role="lead", member=None, name="x", timezone="UTC")]),
        due=due,
        severity=st.sampled_from(["act", "watch"]),
        section=st.sampled_from(["kpi", "staffing"]),
        table=st.just("Worst"),
        row=st.integers(0, 2),
        key=st.sampled_from(["k", "j"]),
    )


class TestRankingProperties:
    """Ranking is a total, deterministic order."""

    @given(st.lists(item_strategy(), max_size=12), st.randoms(use_true_random=False))
    def test_permutation_invariant_and_idempotent(self, items, random):
        """Any order of the same items ranks to the same list, and ranking a ranked list keeps it."""
        shuffled = list(items)
        random.shuffle(shuffled)
        ranked = rank(items, NOW)
        assert rank(shuffled, NOW) == ranked
        assert rank(ranked, NOW) == ranked
        assert sorted(map(repr, ranked)) == sorted(map(repr, items))

    @given(item_strategy(), item_strategy())
    def test_total(self, a, b):
        """Two items with the same sort key are the same item: no tie is left to input order."""
        if DEFAULT_RANKING.sort_key(a, NOW) == DEFAULT_RANKING.sort_key(b, NOW):
            assert a == b

    @given(st.lists(item_strategy(), max_size=8))
    def test_every_anchor_exists_in_html(self, items):
        """Each item links to a section the HTML report has."""
        sections = [
            Section(key=key, title=key.title(), blocks=[Table(title="Worst", columns=["a"], rows=[(1,), (2,), (3,)])],
                    attention=[i for i in items if i.section == key])
            for key in ("kpi", "staffing")
        ]  # fmt: skip
        report = Report(title="T", organisation="O", now=NOW, team=None, sections=sections,
                        attention=rank(items, NOW))  # fmt: skip
        html = report_to_html(report)
        ids = set(re.findall(r'<section id="([^"]+)"', html))
        links = re.findall(r'<td><a href="#([^"]+)">', html)
        assert len(links) == len(items)
        assert set(links) <= ids


class TestModelChecks:
    """Items point at a row of their own section."""

    def test_item_names_its_section_table_and_row(self):
        """A section refuses an item of another section, an unknown table or a row past the end."""
        blocks = [Table(title="Worst", columns=["a"], rows=[(1,)])]
        Section(key="staffing", title="S", blocks=blocks, attention=[attention()])
        with pytest.raises(InvalidValue, match="section"):
            Section(key="kpi", title="S", blocks=blocks, attention=[attention()])
        with pytest.raises(InvalidValue, match="table"):
            Section(key="staffing", title="S", blocks=blocks, attention=[attention(table="Other")])
        with pytest.raises(InvalidValue, match="row"):
            Section(key="staffing", title="S", blocks=blocks, attention=[attention(row=1)])

    def test_reserved_key_and_unknown_section(self):
        """No section may take the list's anchor; the report's items come from its sections."""
        with pytest.raises(InvalidValue, match="attention"):
            Section(key="attention", title="S", blocks=[])
        with pytest.raises(InvalidValue, match="section"):
            Report(title="T", organisation="O", now=NOW, team=None, sections=[], attention=[attention()])


class TestSelect:
    """A report narrowed to some sections keeps their attention items only."""

    def test_select(self):
        """Only the chosen sections and their items remain; an unknown key is refused."""
        report = build_report(ReportContext(org=ORG, now=NOW, mentoring=()))
        assert {i.section for i in report.attention} == {"coverage", "mentoring"}
        narrowed = report.select(["mentoring"])
        assert [s.key for s in narrowed.sections] == ["mentoring"]
        assert narrowed.attention == tuple(i for i in report.attention if i.section == "mentoring")
        with pytest.raises(InvalidValue, match="key"):
            report.select(["nope"])


def traced(report: Report) -> None:
    """Every item's row is a row of its section's table (what the section shows is what the item says)."""
    for item in report.attention:
        tables = [b for b in report.section(item.section).blocks if isinstance(b, Table) and b.title == item.table]
        assert tables
        assert item.row < len(tables[0].rows)


class TestKinds:
    """One example per kind, each on a small organisation."""

    def test_nothing(self):
        """No data, nothing to act on: an empty list and the 'nothing' line in every format."""
        bare = Organisation(name="Acme", members=[Member(id="a", name="A", timezone="UTC", country="SE")])
        report = build_report(ReportContext(org=bare, now=NOW))
        assert report.attention == ()
        out = io.StringIO()
        render_terminal(report, Console(file=out, width=80))
        assert "Nothing needs attention." in out.getvalue()
        assert "Nothing needs attention." in report_to_html(report)
        assert report_to_dict(report)["attention"] == []
        with pytest.raises(OutOfRange, match="attention_limit"):
            render_terminal(report, Console(file=io.StringIO()), attention_limit=-1)

    def test_limit_and_more(self):
        """The terminal lists the first `attention_limit` items and says how many more there are, at 80 columns."""
        report = build_report(ReportContext(org=ORG, now=NOW, mentoring=()))
        assert len(report.attention) > 2
        out = io.StringIO()
        render_terminal(report, Console(file=out, width=80, color_system=None), attention_limit=2)
        text = out.getvalue()
        assert f"and {len(report.attention) - 2} more" in text
        assert report.attention[0].what[:20] in text
        assert max(len(line) for line in text.splitlines()) <= 80

    def test_staffing_short(self):
        """Calls at 06:00 UTC with nobody working: act; at 09:00 with one of two agents: watch; the lead acts."""
        plan = StaffingPlan(
            forecast=Forecast(start=NOW, step=dt.timedelta(hours=1), volume=[5, 0, 0, 40, 0]), aht=300, target="80/20"
        )
        report = build_report(ReportContext(org=ORG, now=NOW, staffing=plan))
        items = [i for i in report.attention if i.kind == "staffing_short"]
        assert [(i.severity, i.due) for i in items] == [("act", NOW), ("watch", NOW + dt.timedelta(hours=3))]
        assert {i.actor for i in items} == {lena()}
        local = items[0].local_due()
        assert local is not None
        assert local.strftime("%H:%M %Z") == "07:00 CET"
        traced(report)

    def test_past_shortfall_is_not_an_item(self):
        """An understaffed interval that is over stays in the table but needs no action."""
        plan = StaffingPlan(
            forecast=Forecast(start=NOW - dt.timedelta(hours=2), step=dt.timedelta(hours=1), volume=[5, 0]), aht=300
        )
        assert "staffing_short" not in kinds(ReportContext(org=ORG, now=NOW, staffing=plan))

    def test_coverage_gap(self):
        """Nobody works on weekday nights in the week ahead: watch items for the lead, from the gaps table."""
        with_gaps = build_report(ReportContext(org=ORG, now=NOW))
        gaps = [i for i in with_gaps.attention if i.kind == "coverage_gap"]
        assert gaps
        assert all(i.severity == "watch" and i.actor == lena() and i.due is not None for i in gaps)
        assert all(i.due is not None and i.due < NOW + dt.timedelta(days=7) for i in gaps)
        assert "Nobody works" in gaps[0].what
        traced(with_gaps)

    def test_newcomer_without_mentor_and_bus_factor(self):
        """Mia started 2 November without a mentor (act, her lead, due her first day); payments is Ola's alone."""
        report = build_report(ReportContext(org=ORG, now=NOW, mentoring=()))
        by_kind = {i.kind: i for i in report.attention}
        mentor = by_kind["newcomer_without_mentor"]
        assert (mentor.severity, mentor.actor, mentor.key) == ("act", lena(), "mia")
        assert mentor.due == dt.datetime(2026, 11, 2, 8, tzinfo=UTC)  # midnight in Los Angeles
        risk = by_kind["bus_factor_one"]
        assert (risk.severity, risk.key, risk.due) == ("watch", "payments", None)
        assert "only ola" in risk.what
        traced(report)

    def test_stale_article_owner_left(self):
        """An article past its review age whose owner is no longer a member: the lead gives it a new owner."""
        kb = KnowledgeBase(
            [
                Article(
                    id="refunds", title="Refunds", owner="gone", topics=["refunds"], last_reviewed=dt.date(2026, 1, 5)
                ),
                Article(id="vat", title="VAT", owner="ola", topics=["vat"], last_reviewed=dt.date(2026, 1, 5)),
            ]
        )
        report = build_report(ReportContext(org=ORG, now=NOW, knowledge=kb, ticket_topics={}))
        items = [i for i in report.attention if i.kind == "stale_article_owner_left"]
        assert [(i.key, i.actor, i.severity) for i in items] == [("refunds", lena(), "act")]
        assert items[0].overdue(NOW)
        traced(report)

    def test_feedback_kinds(self):
        """No 1:1 held, no review, no upward feedback asked for: the lead's overdue obligations, in her zone."""
        log = FeedbackLog(series=[OneOnOneSeries(id="s-ola", lead="lena", member="ola", cadence="weekly",
                                                      anchor=dt.date(2026, 9, 7))])  # fmt: skip
        report = build_report(ReportContext(org=ORG, now=NOW, feedback=log))
        items = [i for i in report.attention if i.section == "feedback"]
        assert {"one_on_one_overdue", "review_overdue", "upward_not_asked"} <= {i.kind for i in items}
        overdue = [i for i in items if i.kind != "feedback_due_soon"]
        assert all(i.actor == lena() and i.severity == "act" and i.overdue(NOW) for i in overdue)
        assert all(i.severity == "watch" and not i.overdue(NOW) for i in items if i.kind == "feedback_due_soon")
        traced(report)

    def test_sla(self):
        """Ticket b is past its resolution target (act, its assignee); c's first reply is due within 4 h (watch)."""
        now = dt.datetime(2026, 11, 23, 12, tzinfo=UTC)
        org = Organisation(
            name="A",
            members=[Member(id="ann", name="Ann", timezone="UTC", country="GB", hours=WEEKDAYS),
                     Member(id="bo", name="Bo", timezone="Europe/Oslo", country="NO", hours=WEEKDAYS)],
            teams=[Team(id="t", name="T", lead="ann", members=["ann", "bo"])],
        )  # fmt: skip
        created = {"b": now - dt.timedelta(hours=20), "c": now - dt.timedelta(hours=1)}
        tickets = pl.DataFrame(
            {
                "ticket_id": ["b", "c"],
                "created_at": list(created.values()),
                "priority": ["normal", "normal"],
                "status": ["open", "new"],
                "solved_at": [None, None],
                "team": ["t", "t"],
                "assignee": ["bo", "bo"],
            },
            schema_overrides={"solved_at": pl.Datetime("us", "UTC")},
        )
        events = pl.DataFrame(
            {
                "ticket_id": ["b", "b"],
                "at": [created["b"] + dt.timedelta(hours=1)] * 2,
                "kind": ["reply", "status"],
                "from_status": [None, "new"],
                "to_status": [None, "open"],
            }
        )
        policy = SlaPolicy(
            name="p",
            targets=[
                SlaTarget(metric="first_reply", priority="normal", within=dt.timedelta(hours=2)),
                SlaTarget(metric="resolution", priority="normal", within=dt.timedelta(hours=10)),
            ],
        )
        ctx = ReportContext(org=org, now=now, tickets=tickets, ticket_events=events, sla_policy=policy)
        report = build_report(ctx)
        sla = {(i.kind, i.key): i for i in report.attention if i.kind.startswith("sla_")}
        breached, soon = sla["sla_breached", "b/resolution"], sla["sla_due_soon", "c/first_reply"]
        assert (breached.severity, breached.actor.member, breached.actor.timezone) == ("act", "bo", "Europe/Oslo")
        assert breached.due == created["b"] + dt.timedelta(hours=10)
        assert (soon.severity, soon.due) == ("watch", created["c"] + dt.timedelta(hours=2))
        assert [i.kind for i in report.attention][:1] == ["sla_breached"]
        traced(report)


def upward(i: str, giver: str, day: int) -> FeedbackItem:
    return FeedbackItem(id=i, kind="upward", observed_on=dt.date(2026, 8, day), given_at=dt.datetime(2026, 8, day, 9,
                        tzinfo=UTC), giver=giver, receiver="lena", topics=["clarity"])  # fmt: skip


class TestPrivacy:
    """The list never reveals upward feedback below the anonymity threshold."""

    @settings(max_examples=25)
    @given(giver=st.sampled_from(["ola", "mia"]), day=st.integers(1, 28), asked=st.booleans())
    def test_one_below_threshold_upward_item_changes_nothing(self, giver, day, asked):
        """Adding one upward answer (below the threshold of 3) leaves the attention list as it was."""
        requests = [FeedbackRequest(id="r", requester="lena", requested_at=dt.datetime(2026, 8, 1, tzinfo=UTC))]
        base = FeedbackLog(requests=requests if asked else [])
        added = FeedbackLog(requests=requests if asked else [], feedback=[upward("u", giver, day)])
        policy = FeedbackPolicy(anonymity_threshold=3)
        before = build_report(ReportContext(org=ORG, now=NOW, feedback=base, feedback_policy=policy))
        after = build_report(ReportContext(org=ORG, now=NOW, feedback=added, feedback_policy=policy))
        assert after.attention == before.attention
        assert before.attention  # the lead has obligations: the list is there to leak, and does not
        upward_table = next(
            b for b in after.section("feedback").blocks if isinstance(b, Table) and b.title.startswith("Upward")
        )
        assert upward_table.rows[0][-1] == "withheld"  # the answer exists, and is below the threshold


class TestInputOrder:
    """Row order of the inputs never changes the list."""

    @settings(max_examples=15)
    @given(st.permutations(range(4)))
    def test_articles_and_pairs_in_any_order(self, order):
        """Permuting the knowledge base's articles and the feedback log's 1:1 series gives the same list."""
        articles = [
            Article(id=f"a{n}", title=f"A{n}", owner=owner, topics=[f"t{n}"], last_reviewed=dt.date(2026, 1, 1 + n))
            for n, owner in enumerate(["gone", "ola", "left", "lena"])
        ]
        series = [OneOnOneSeries(id=f"s-{m}", lead="lena", member=m, cadence="weekly", anchor=dt.date(2026, 9, 7))
                  for m in ("ola", "mia")]  # fmt: skip
        ctx = ReportContext(org=ORG, now=NOW, knowledge=KnowledgeBase(articles), ticket_topics={}, mentoring=(),
                            feedback=FeedbackLog(series=series))  # fmt: skip
        shuffled = ReportContext(org=ORG, now=NOW, knowledge=KnowledgeBase([articles[i] for i in order]),
                                 ticket_topics={}, mentoring=(),
                                 feedback=FeedbackLog(series=series[:: 1 if order[0] % 2 else -1]))  # fmt: skip
        assert items_of(shuffled) == items_of(ctx)
        found = items_of(ctx)
        assert len([i for i in found if i.kind == "stale_article_owner_left"]) == 2
        assert {i.key.split("/")[1] for i in found if i.kind == "one_on_one_overdue"} == {"ola", "mia"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """`make demo`'s command at 80 columns: terminal text, HTML and JSON."""
    out = tmp_path_factory.mktemp("demo")
    e = EXAMPLE
    args = ["--no-color", "report", str(e / "organisation.toml"), "--now", DEMO_NOW,
            "--tickets", str(e / "tickets.csv"), "--events", str(e / "events.csv"),
            "--feedback", str(e / "feedback.jsonl"), "--feedback-policy", str(e / "feedback-policy.toml"),
            "--mentoring", str(e / "mentoring.toml"), "--staffing", str(e / "forecast.csv"),
            "--knowledge", str(e / "knowledge.csv"), "--sla", str(e / "sla.toml"),
            "--html", str(out / "report.html"), "--json", str(out / "report.json")]  # fmt: skip
    mp = pytest.MonkeyPatch()
    mp.setenv("COLUMNS", "80")
    buffer = io.StringIO()
    mp.setattr("sys.stdout", buffer)
    try:
        assert main(args) == 0
    finally:
        mp.undo()
    return {
        "terminal": buffer.getvalue(),
        "html": (out / "report.html").read_text(encoding="utf-8"),
        "json": (out / "report.json").read_text(encoding="utf-8"),
    }


class TestDocs:
    """The report guide documents every kind."""

    def test_guide_lists_every_kind_in_ranking_order(self):
        """The guide's table of kinds is KINDS, in the order the default ranking breaks ties by."""
        text = (ROOT / "docs" / "guides" / "report.md").read_text(encoding="utf-8")
        assert tuple(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE)) == KINDS


class TestDemo:
    """The Northwind example opens with the attention list in every format."""

    def test_terminal_opens_with_it_at_80_columns(self, demo):
        """After the title, "Needs attention" comes first, its ten items and "and K more" fit 80 columns."""
        text = demo["terminal"]
        lines = text.splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith("Needs attention"))
        end = next(n for n, line in enumerate(lines) if line.startswith("Overview"))
        assert start < end
        assert all("─" in line or "as of" in line or not line.strip() for line in lines[:start])
        block = lines[start:end]
        assert max(len(line) for line in block) <= 80
        assert sum(line.startswith(("│ ✗ act", "│ ▲ watch")) for line in block) == 10
        assert any(re.match(r"and \d+ more", line) for line in block)

    def test_html_opens_with_it(self, demo):
        """The first section is the attention table, with status as text and class, linking to real sections."""
        html = demo["html"]
        first = re.search(r'<section id="([^"]+)"', html)
        assert first is not None
        assert first.group(1) == "attention"
        ids = set(re.findall(r'<section id="([^"]+)"', html))
        links = re.findall(r'<td><a href="#([^"]+)">', html)
        assert links
        assert set(links) <= ids
        assert re.search(r'<td class="status status-act" data-sort="2">✗ act</td>', html)

    def test_json_has_the_list(self, demo):
        """The JSON report is format 2, valid against its schema, with a ranked attention list."""
        data = json.loads(demo["json"])
        assert data["format"] == "teamcore.report/2"
        jsonschema.validate(data, report_schema())
        items = data["attention"]
        assert items
        assert {i["kind"] for i in items} >= {"sla_breached", "staffing_short", "newcomer_without_mentor",
                                              "one_on_one_overdue", "upward_not_asked"}  # fmt: skip
        assert items[0]["severity"] == "act"
        severities = [i["severity"] for i in items]
        assert severities == sorted(severities)  # every act before every watch
        keys = {s["key"] for s in data["sections"]}
        assert {i["section"] for i in items} <= keys


class TestSchema:
    """The JSON schema (format 2) describes the attention list."""

    def test_items_with_and_without_due_validate(self):
        """A dated and an undated item validate; a wrong severity does not."""
        report = build_report(ReportContext(org=ORG, now=NOW, mentoring=()))
        data = report_to_dict(report)
        jsonschema.validate(data, report_schema())
        dues = {i["kind"]: (i["due"], i["due_local"]) for i in data["attention"]}
        assert dues["bus_factor_one"] == (None, None)
        assert dues["newcomer_without_mentor"] == ("2026-11-02T08:00:00Z", "2026-11-02T09:00:00+01:00")
        data["attention"][0]["severity"] = "red"
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, report_schema())
