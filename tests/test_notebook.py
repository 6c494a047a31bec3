"""Notebook-native values: short reprs, HTML renderings, pandas and polars tables, and plots, on the example data."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings

from teamcore import feedback, knowledge, kpi, mentoring, report, scheduling, staffing
from teamcore._display import MAX_REPR, short_repr
from teamcore.exceptions import InvalidValue, MissingDependency, WrongType
from teamcore.people import Organisation, load_organisation
from teamcore.strategies import organisations
from tests.frames import collected

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    """One of every public result value, computed from examples/northwind."""
    org = load_organisation(DATA / "organisation.toml")
    tickets = kpi.load_tickets(DATA / "tickets.csv", members=org)
    events = kpi.load_events(DATA / "events.csv", tickets.frame, members=org)
    policy = kpi.load_sla_policy(DATA / "sla.toml")
    calendars = kpi.sla_calendars(org, dt.date(2026, 10, 1), NOW)
    pairs = mentoring.load_pairs(DATA / "mentoring.toml", org=org)
    capacities = mentoring.load_capacities(DATA / "mentoring.toml")
    graph = mentoring.mentoring_graph(org, pairs.items, capacities=capacities)
    problem = mentoring.matching_problem(org, NOW, graph=graph)
    loaded = feedback.load_feedback(DATA / "feedback.jsonl", org=org)
    log = feedback.FeedbackLog.from_records(loaded.items)
    policy_fb = feedback.load_feedback_policy(DATA / "feedback-policy.toml", org=org)
    forecast = staffing.load_forecast(DATA / "forecast.csv")
    plan = staffing.StaffingPlan(forecast=forecast, aht=300.0, target="80/20")
    week = (NOW - dt.timedelta(days=7), NOW)
    articles = knowledge.load_articles(DATA / "knowledge.csv")
    ctx = report.ReportContext(
        org=org,
        now=NOW,
        tickets=tickets.frame,
        ticket_events=events.frame,
        sla_policy=policy,
        mentoring=pairs.items,
        mentor_capacities=capacities,
        feedback=log,
        feedback_policy=policy_fb,
        staffing=plan,
        knowledge=knowledge.KnowledgeBase(articles.items),
    )
    built = report.build_report(ctx)
    cover = scheduling.coverage(org, *week)
    traffic = staffing.offered_traffic(forecast.volume, 300.0, forecast.step.total_seconds())
    required = staffing.required_agents(traffic, staffing.StaffingCriteria.parse("80/20"), aht=300.0)
    return {
        "Organisation": org,
        "Team": org.teams[0],
        "Member": org.members[0],
        "LoadResult": tickets,
        "TicketFacts": kpi.ticket_facts(tickets.frame, events.frame),
        "SlaPolicy": policy,
        "SlaEvaluation": kpi.evaluate_sla(tickets.frame, events.frame, policy, now=NOW, calendars=calendars),
        "TicketLog": kpi.simulate_tickets(org, start=week[0], end=week[1], tickets_per_day=20, seed=1),
        "Coverage": cover,
        "OverlapMatrix": scheduling.overlap_matrix(org, *week),
        "CoreHours": scheduling.core_hours(org, week[0].date(), week[1].date(), "UTC"),
        "BusinessCalendar": scheduling.BusinessCalendar.for_member(org.members[0], team=org.teams),
        "SkillsMatrix": mentoring.skills_matrix(org),
        "Silos": mentoring.knowledge_silos(mentoring.collaboration_graph(org)),
        "MatchProblem": problem,
        "MatchResult": mentoring.stable_matching(problem),
        "FeedbackLog": log,
        "FeedbackPolicy": policy_fb,
        "Compliance": feedback.compliance(log, org, NOW, policy_fb),
        "Forecast": forecast,
        "StaffingPlan": plan,
        "Requirement": required,
        "Comparison": plan.against(org),
        "KnowledgeBase": ctx.knowledge,
        "ReportContext": ctx,
        "Report": built,
        "Section": built.sections[0],
        "Table": next(b for s in built.sections for b in s.blocks if isinstance(b, report.Table)),
        "Plot": next(b for s in built.sections for b in s.blocks if isinstance(b, report.Plot)),
    }


NAMES = [
    "Organisation", "Team", "Member", "LoadResult", "TicketFacts", "SlaPolicy", "SlaEvaluation", "TicketLog",
    "Coverage", "OverlapMatrix", "CoreHours", "BusinessCalendar", "SkillsMatrix", "Silos", "MatchProblem",
    "MatchResult", "FeedbackLog", "FeedbackPolicy", "Compliance", "Forecast", "StaffingPlan", "Requirement",
    "Comparison", "KnowledgeBase", "ReportContext", "Report", "Section", "Table", "Plot",
]  # fmt: skip
"""Every public result class the notebook tests hold one value of."""


class TestRepr:
    @pytest.mark.parametrize("name", NAMES)
    def test_short(self, values: dict[str, Any], name: str):
        """On the example data each value's repr is one line of at most 300 characters, naming its class."""
        value = values[name]
        assert type(value).__name__ == name
        text = repr(value)
        assert len(text) <= MAX_REPR, text
        assert "\n" not in text
        assert name in text

    def test_every_value_inside_is_short_too(self, values: dict[str, Any]):
        """Invariant: every attrs value reachable from the results (their fields, a few items of each collection)."""
        seen: dict[str, str] = {}

        def walk(value: object, depth: int) -> None:
            if depth > 4:
                return
            if attrs.has(type(value)):
                seen.setdefault(type(value).__name__, repr(value))
                for field in attrs.fields(type(value)):
                    walk(getattr(value, field.name), depth + 1)
            elif isinstance(value, tuple | list | frozenset):
                for item in list(value)[:3]:
                    walk(item, depth + 1)

        for value in values.values():
            walk(value, 0)
        assert len(seen) > 50  # the walk reaches the records inside, not only the results
        long = {name: len(text) for name, text in seen.items() if len(text) > MAX_REPR or "\n" in text}
        assert long == {}

    def test_organisation_was_forty_nine_thousand_characters(self, values: dict[str, Any]):
        """The organisation says what it is in a glance: name, members and teams."""
        assert repr(values["Organisation"]) == "<Organisation 'Northwind Support': 44 members, 5 teams>"
        assert repr(values["Team"]).startswith("<Team 'nordics' 'Nordics': 12 members, lead 'astrid.lindqvist'")

    def test_equality_and_evolve_unaffected(self, values: dict[str, Any]):
        """A custom repr changes nothing else: evolve gives an equal value, a changed field an unequal one."""
        org: Organisation = values["Organisation"]
        assert attrs.evolve(org) == org
        assert attrs.evolve(org, name="Other") != org
        member = values["Member"]
        assert attrs.evolve(member, about="new") != member

    @settings(max_examples=25, deadline=None)
    @given(org=organisations())
    def test_any_organisation_is_one_short_line(self, org: Organisation):
        """Invariant: an organisation of any size shows in one line under the limit, as do its parts."""
        for value in (org, *org.members, *org.teams):
            text = repr(value)
            assert len(text) <= MAX_REPR
            assert "\n" not in text

    def test_short_repr_cuts_long_values(self):
        """short_repr cuts long text and counts collections, never printing them whole."""

        @attrs.frozen(repr=False)
        class Box:
            name: str
            items: tuple[int, ...]
            when: dt.datetime | None = None

        text = short_repr(Box("x" * 1000, tuple(range(10_000))))
        assert text == f"Box(name='{'x' * 39}…', items=<10000 items>)"
        long = short_repr(Box("a", ()), **{f"k{i}": "v" * 30 for i in range(40)})
        assert len(long) == MAX_REPR
        assert long.endswith("…)")


class TestHtml:
    @pytest.mark.parametrize(
        ("name", "needles"),
        [
            ("Organisation", ["<caption>Teams</caption>", "<caption>Members</caption>", "astrid.lindqvist"]),
            ("Coverage", ["<svg", "<caption>Gaps (UTC)</caption>"]),
            ("TicketFacts", ["<caption>Ticket facts</caption>", "first_reply"]),
            ("SlaEvaluation", ["Achievement by metric and priority", "until_breach"]),
            ("SkillsMatrix", ["Skills matrix", '<th scope="col">member</th>']),
            ("OverlapMatrix", ["Shared working hours per pair"]),
            ("Comparison", ["Required and scheduled agents per interval", "severity"]),
            ("MatchResult", ["<svg", "Mentor per mentee"]),
            ("Compliance", ["Obligations per rule and status", "<caption>Overdue</caption>"]),
            ("Section", ['<section id="overview"', "<h2"]),
            ("Report", ["<h1>Team health: Northwind Support</h1>", "Needs attention", '<section id="kpi"']),
        ],
    )
    def test_renders_its_tables_and_plots(self, values: dict[str, Any], name: str, needles: list[str]):
        """_repr_html_ gives HTML holding the value's tables and, where it has one, its plot."""
        html = values[name]._repr_html_()
        for needle in needles:
            assert needle in html, needle

    def test_section_is_the_html_reports_section(self, values: dict[str, Any]):
        """A section in a notebook is byte for byte the section of the HTML report."""
        built = values["Report"]
        page = report.report_to_html(built)
        for section in built.sections:
            assert section._repr_html_() == report.section_to_html(section)
            assert report.section_to_html(section) in page

    def test_values_are_escaped(self):
        """Text from files is escaped: a member named like markup stays text."""
        from teamcore.people import Member, Team  # noqa: PLC0415

        evil = Member(id="x", name="<script>alert(1)</script>", timezone="UTC", country="GB")
        org = Organisation(name="A & B", members=[evil], teams=[Team(id="t", name="T", lead="x", members=["x"])])
        html = org._repr_html_()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "A &amp; B" in html

    def test_without_matplotlib_html_still_renders(self, values: dict[str, Any]):
        """Without matplotlib a coverage still shows its summary and gaps, only without the heatmap."""
        with mock.patch.dict(sys.modules, {"matplotlib": None, "matplotlib.figure": None}):
            html = values["Coverage"]._repr_html_()
        assert "<svg" not in html
        assert "Gaps (UTC)" in html


class TestTables:
    @pytest.mark.parametrize(
        ("name", "args"),
        [
            ("Organisation", ()),
            ("Coverage", ("gaps",)),
            ("TicketFacts", ()),
            ("SlaEvaluation", ("queue",)),
            ("SkillsMatrix", ()),
            ("OverlapMatrix", ()),
            ("Comparison", ()),
            ("MatchResult", ()),
            ("Compliance", ()),
        ],
    )
    def test_to_pandas_is_to_polars(self, values: dict[str, Any], name: str, args: tuple[str, ...]):
        """.to_pandas() is the .to_polars() table, in pandas: same columns, same rows, same first row."""
        value = values[name]
        got, want = value.to_pandas(*args), value.to_polars(*args)
        assert isinstance(got, pd.DataFrame)
        assert want.height > 0
        assert (list(got.columns), len(got)) == (want.columns, want.height)
        assert collected(got, want).row(0) == want.row(0)

    def test_organisation_table(self, values: dict[str, Any]):
        """One row per member, with the member's teams."""
        org = values["Organisation"]
        table = org.to_polars()
        assert table["id"].to_list() == [m.id for m in org.members]
        first = table.row(0, named=True)
        assert first["teams"] == [t.id for t in org.teams_of(first["id"])]

    def test_pandas_missing(self, values: dict[str, Any]):
        """Without pandas, to_pandas says which extra to install, in one line."""
        with (
            mock.patch.dict(sys.modules, {"pandas": None}),
            pytest.raises(MissingDependency, match=r"pip install 'teamcore\[pandas\]'"),
        ):
            values["Organisation"].to_pandas()

    def test_sla_table_name_checked(self, values: dict[str, Any]):
        """An SLA evaluation has two tables; any other name is refused naming both."""
        with pytest.raises(InvalidValue, match="'status' or 'queue'"):
            values["SlaEvaluation"].to_polars("queues")


class TestPlots:
    def test_coverage_heatmap_is_the_weekly_profile(self, values: dict[str, Any]):
        """Coverage.plot draws weekly_profile: hours down, weekdays across, the same numbers."""
        cover = values["Coverage"]
        ax = cover.plot("Europe/Stockholm")
        drawn = ax.get_images()[0].get_array()
        assert drawn.shape == (24, 7)
        profile = cover.weekly_profile("Europe/Stockholm")
        assert float(drawn[9, 0]) == pytest.approx(float(profile[0, 9]))

    def test_kpi_trend_draws_the_table(self, values: dict[str, Any]):
        """TicketFacts.plot draws the weekly table's column, one point per period."""
        facts = values["TicketFacts"]
        window = {"start": NOW - dt.timedelta(weeks=4), "end": NOW, "period": "week"}
        ax = facts.plot("solved", **window)
        table = facts.table(**window)
        assert list(ax.get_lines()[0].get_ydata()) == [float(v) for v in table["solved"]]

    def test_kpi_trend_refuses_unknown_metric(self, values: dict[str, Any]):
        """A metric the KPI table lacks is refused, listing the columns."""
        with pytest.raises(InvalidValue, match="columns of the KPI table"):
            values["TicketFacts"].plot("speed", start=NOW - dt.timedelta(weeks=4), end=NOW)

    def test_mentoring_graph(self, values: dict[str, Any]):
        """plot_mentoring draws one labelled node per member in an active relation."""
        org = load_organisation(DATA / "organisation.toml")
        pairs = mentoring.load_pairs(DATA / "mentoring.toml", org=org)
        graph = mentoring.mentoring_graph(org, pairs.items)
        ax = mentoring.plot_mentoring(graph)
        active = {n for u, v, d in graph.edges(data=True) if d["status"] == "active" for n in (u, v)}
        assert {t.get_text() for t in ax.texts} == active
        assert values["MatchResult"].plot().texts

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"mentoring": "graph"}, WrongType, "mentoring"),  # not a graph
            ({"status": "paused"}, InvalidValue, "status"),  # not a PairStatus
        ],
    )
    def test_mentoring_plot_arguments(self, kwargs: dict[str, Any], error: type[Exception], match: str):
        """plot_mentoring checks its arguments before drawing."""
        import networkx as nx  # noqa: PLC0415

        args = {"mentoring": nx.DiGraph(), **kwargs}
        with pytest.raises(error, match=match):
            mentoring.plot_mentoring(args.pop("mentoring"), **args)

    def test_matplotlib_missing(self, values: dict[str, Any]):
        """Without matplotlib, .plot() names the 'report' extra in one line."""
        with (
            mock.patch.dict(sys.modules, {"matplotlib": None, "matplotlib.figure": None}),
            pytest.raises(MissingDependency, match=r"Coverage.plot needs the 'report' extra"),
        ):
            values["Coverage"].plot()
