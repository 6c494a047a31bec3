"""Tests for comparing a report with an earlier one (figure deltas; attention items new, resolved, still open)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from teamcore.exceptions import LoadError, WrongType
from teamcore.feedback import FeedbackLog, load_feedback, load_feedback_policy
from teamcore.knowledge import KnowledgeBase, load_articles
from teamcore.mentoring import load_capacities, load_pairs
from teamcore.people import load_organisation
from teamcore.report import (
    KINDS,
    Actor,
    AttentionItem,
    Figure,
    FigureDelta,
    Figures,
    Report,
    ReportComparison,
    ReportContext,
    Section,
    Table,
    build_report,
    compare_reports,
    lead_view,
    load_report_json,
    render_summary,
    render_terminal,
    report_schema,
    report_to_dict,
    report_to_html,
    report_to_json,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
WEEK = dt.timedelta(days=7)


@pytest.fixture(scope="module")
def context() -> ReportContext:
    """Northwind's team file, feedback, mentoring and knowledge base as of NOW."""
    org = load_organisation(EXAMPLE / "organisation.toml")
    inputs = {
        "feedback": FeedbackLog.from_records(load_feedback(EXAMPLE / "feedback.jsonl", org=org).items),
        "feedback_policy": load_feedback_policy(EXAMPLE / "feedback-policy.toml", org=org),
        "mentoring": load_pairs(EXAMPLE / "mentoring.toml", org=org).items,
        "mentor_capacities": load_capacities(EXAMPLE / "mentoring.toml"),
        "knowledge": KnowledgeBase(load_articles(EXAMPLE / "knowledge.csv").items),
    }
    return ReportContext(org=org, now=NOW, **inputs)


@pytest.fixture(scope="module")
def northwind(context: ReportContext) -> tuple[Report, Report]:
    """Northwind's report a week ago and now."""
    return build_report(attrs.evolve(context, now=NOW - WEEK)), build_report(context)


def figures_report(values: list[object], now: dt.datetime = NOW, items: tuple[AttentionItem, ...] = ()) -> Report:
    figures = Figures([Figure(f"f{i}", v) for i, v in enumerate(values)])  # type: ignore[arg-type]
    table = Table(title="T", columns=["member"], rows=[("lena",)] * 3)
    section = Section(key="s", title="S", blocks=[figures, table], attention=items)
    return Report(title="R", organisation="O", now=now, team=None, sections=[section], attention=items)


LENA = Actor(role="lead", member="lena", name="Lena", timezone="Europe/Stockholm")


def item(kind: str = "staffing_short", key: str = "k", row: int = 0, what: str = "Do it") -> AttentionItem:
    return AttentionItem(kind=kind, what=what, actor=LENA, due=NOW, severity="act", section="s", table="T", row=row,
                         key=key)  # type: ignore[arg-type]  # fmt: skip


class TestNorthwind:
    def test_a_week_apart(self, northwind):
        """A week later: items new, resolved and still open partition both lists; figures are matched."""
        before, now = northwind
        comparison = compare_reports(now, report_to_dict(before))
        assert comparison.previous_now == NOW - WEEK
        assert comparison.new
        assert comparison.resolved
        assert comparison.still_open
        assert len(comparison.new) + len(comparison.still_open) == len(now.attention)
        assert len(comparison.resolved) + len(comparison.still_open) == len(before.attention)
        overdue = next(f for f in comparison.figures if (f.section, f.label) == ("feedback", "Overdue"))
        assert overdue.delta == overdue.now - overdue.then  # type: ignore[operator]
        assert overdue.delta != 0

    def test_escalation_is_still_open(self, northwind):
        """An obligation due soon last week and overdue now is still open, not new plus resolved."""
        before, now = northwind
        comparison = compare_reports(now, report_to_dict(before))
        then = {i.key: i for i in before.attention if i.kind == "feedback_due_soon"}
        escalated = [i for i in comparison.still_open if i.key in then and i.kind != "feedback_due_soon"]
        assert escalated
        assert not {i.key for i in comparison.new} & {i.key for i in comparison.resolved}

    def test_renderers(self, northwind):
        """Terminal (before Needs attention, 80 columns), summary, HTML and schema-valid JSON show the comparison."""
        before, now = northwind
        report = attrs.evolve(now, comparison=compare_reports(now, report_to_dict(before)))
        console = Console(width=80, file=io.StringIO(), color_system=None)
        render_terminal(report, console)
        text = console.file.getvalue()  # type: ignore[attr-defined]
        assert text.index("Since last time (2026-11-16 08:00 UTC)") < text.index("Needs attention")
        assert max(len(line) for line in text.splitlines()) <= 80
        assert report.comparison is not None
        assert report.comparison.counts() in text
        summary = Console(width=80, file=io.StringIO(), color_system=None)
        render_summary(report, summary)
        assert "Since last time" in summary.file.getvalue()  # type: ignore[attr-defined]
        html = report_to_html(report)
        assert html.index('id="since"') < html.index('id="attention"')
        data = json.loads(report_to_json(report))
        jsonschema.validate(data, report_schema())
        assert data["comparison"]["new"] == [i.identity for i in report.comparison.new]
        assert len(data["comparison"]["resolved"]) == len(report.comparison.resolved)

    def test_another_view(self, northwind, context):
        """A lead's week compared with the organisation's report says that it compares different scopes."""
        before, _ = northwind
        week = lead_view(context, "rachel.goldman")
        comparison = compare_reports(week, report_to_dict(before))
        assert comparison.previous_view == ("organisation", None)
        console = Console(width=80, file=io.StringIO(), color_system=None)
        render_terminal(attrs.evolve(week, comparison=comparison), console)
        assert "the previous report is of another view" in console.file.getvalue()  # type: ignore[attr-defined]
        again = compare_reports(week, report_to_dict(week))
        assert again.previous_view == ("lead", "rachel.goldman")
        assert not again.new
        assert not again.resolved

    def test_from_a_file(self, northwind, tmp_path):
        """A path is read as the JSON `--json` wrote."""
        before, now = northwind
        path = tmp_path / "before.json"
        path.write_text(report_to_json(before), encoding="utf-8")
        assert compare_reports(now, path) == compare_reports(now, report_to_dict(before))


cells = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=8),
    st.integers(0, 100).map(lambda n: f"{n}%"),
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    values = draw(st.lists(cells, max_size=8))
    keys = draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=len(keys), max_size=len(keys)))
    items = tuple(item(kind, key, row=i % 3) for i, (kind, key) in enumerate(zip(kinds, keys, strict=True)))
    return figures_report(values, items=items)


class TestProperties:
    @settings(max_examples=60)
    @given(reports())
    def test_with_itself(self, report):
        """A report compared with itself: nothing new or resolved, every item still open, every delta 0."""
        comparison = compare_reports(report, report_to_dict(report))
        assert comparison.new == ()
        assert comparison.resolved == ()
        assert comparison.still_open == report.attention
        assert all(f.change == "unchanged" and f.delta in {0, None} for f in comparison.figures)
        assert comparison.changed() == ()

    @settings(max_examples=60)
    @given(then=st.integers(-1000, 1000), step=st.integers(-1000, 1000))
    def test_delta_is_the_difference(self, then, step):
        """A number moved by `step` has delta `step`, and the direction of its sign."""
        [delta] = compare_reports(figures_report([then + step]), report_to_dict(figures_report([then]))).figures
        assert delta.delta == step
        assert delta.change == ("up" if step > 0 else "down" if step < 0 else "unchanged")


class TestRules:
    @pytest.mark.parametrize(
        ("now", "then", "shown", "change"),
        [
            (5, 3, "+2", "up"),  # numbers
            (2.5, 3, "-0.5", "down"),  # floats against ints
            ("82%", "79%", "+3 pp", "up"),  # percentages in points
            ("ok", "ok", "unchanged", "unchanged"),  # text
            ("ok", "late", "changed", "changed"),
            ("80%", 3, "changed", "changed"),  # a percentage against a number is not a number change
            (None, 3, "changed", "changed"),  # a value that went missing
        ],
    )
    def test_figure(self, now, then, shown, change):
        [delta] = compare_reports(figures_report([now]), report_to_dict(figures_report([then]))).figures
        assert (delta.shown(), delta.change) == (shown, change)

    def test_new_and_gone_figures(self):
        """A figure only one side has is new or gone."""
        comparison = compare_reports(figures_report([1, 2]), report_to_dict(figures_report([1, 2, 3])))
        assert [f.change for f in comparison.figures] == ["unchanged", "unchanged", "gone"]
        comparison = compare_reports(figures_report([1, 2, 3]), report_to_dict(figures_report([1])))
        assert [f.change for f in comparison.figures] == ["unchanged", "new", "new"]

    def test_items(self):
        """Items are matched by identity: wording, row and rank do not matter; kind family, actor and key do."""
        then = figures_report([], items=(item(key="a"), item(key="b"), item("sla_due_soon", key="t/first_reply")))
        now = figures_report(
            [], items=(item(key="b", row=2, what="Reworded"), item("sla_breached", key="t/first_reply"), item(key="c"))
        )
        comparison = compare_reports(now, report_to_dict(then))
        assert [i.key for i in comparison.new] == ["c"]
        assert [i.key for i in comparison.resolved] == ["a"]
        assert [i.key for i in comparison.still_open] == ["b", "t/first_reply"]

    def test_biggest(self):
        """Biggest relative change first, numbers before other changes."""
        comparison = compare_reports(figures_report([110, 3, "x"]), report_to_dict(figures_report([100, 1, "y"])))
        assert [f.label for f in comparison.biggest(2)] == ["f1", "f0"]
        assert [f.label for f in comparison.changed()] == ["f1", "f0", "f2"]

    def test_checked(self):
        """The current report must be a Report; the comparison model checks its fields."""
        with pytest.raises(WrongType, match="current"):
            compare_reports({}, {})  # type: ignore[arg-type]
        with pytest.raises(WrongType, match="comparison"):
            attrs.evolve(figures_report([]), comparison="yes")
        with pytest.raises(ValueError, match="change"):
            FigureDelta(section="s", label="l", now=1, then=1, delta=0, change="same")  # type: ignore[arg-type]
        assert isinstance(compare_reports(figures_report([]), report_to_dict(figures_report([]))), ReportComparison)

    def test_since_is_reserved(self):
        """No section may take the anchor of "Since last time"."""
        with pytest.raises(ValueError, match="'since'"):
            Section(key="since", title="S", blocks=[])


HEAD = '{"format": "teamcore.report/2", "now": "2026-11-16T08:00Z", "title": "T", '


class TestErrors:
    def write(self, tmp_path: Path, text: str) -> Path:
        path = tmp_path / "previous.json"
        path.write_text(text, encoding="utf-8")
        return path

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("not json", r"invalid JSON"),  # not JSON at all
            ("[1, 2]", r"expected a JSON report"),  # JSON, not an object
            ('{"format": "teamcore.organisation/1"}', r"expected a teamcore report.*teamcore.organisation/1"),
            ('{"format": "teamcore.report/1"}', r"expected schema major 2 \('teamcore.report/2'\).*report/1"),
            ('{"format": "teamcore.report/2", "now": 3}', r"now: expected an ISO 8601 instant"),  # fields missing
            (HEAD + '"attention": [{}], "sections": []}', r"attention\[0\]: expected an attention item"),  # an item
            (HEAD + '"attention": [], "sections": [{"key": "s"}]}', r"sections\[0\]: blocks"),  # a broken section
        ],
    )  # fmt: skip
    def test_file(self, tmp_path, text, match):
        """Every wrong file is a LoadError naming the path and what is wrong."""
        path = self.write(tmp_path, text)
        with pytest.raises(LoadError, match=match) as info:
            compare_reports(figures_report([]), path)
        assert str(path) in str(info.value)

    def test_missing(self, tmp_path):
        with pytest.raises(LoadError, match="cannot read the file"):
            load_report_json(tmp_path / "nope.json")

    def test_data(self):
        """Data given directly is named ``<previous>``."""
        with pytest.raises(LoadError, match="<previous>: format"):
            compare_reports(figures_report([]), {"format": "teamcore.report/1"})
