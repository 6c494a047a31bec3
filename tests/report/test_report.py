"""Tests for the report model, builder and renderers."""

from __future__ import annotations

import datetime as dt
import io
import json

import jsonschema
import pytest
from hypothesis import given, settings
from rich.console import Console

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, NaiveDatetime, UnknownReference, WrongType
from teamcore.people import Member, Organisation
from teamcore.report import (
    Figure,
    Figures,
    Paragraph,
    Plot,
    Report,
    ReportContext,
    Section,
    Table,
    build_report,
    render_terminal,
    report_schema,
    report_to_dict,
    report_to_html,
    report_to_json,
)

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


class TestModel:
    def test_row_length_checked(self):
        """A row with the wrong number of cells is refused."""
        with pytest.raises(InvalidValue, match=r"rows\[0\]"):
            Table(title="T", columns=["a", "b"], rows=[(1,)])

    def test_cell_types_checked(self):
        """Cells are str, int, float or None."""
        with pytest.raises(WrongType, match="cells"):
            Table(title="T", columns=["a"], rows=[([1],)])

    def test_section_key(self):
        """Section keys are identifiers (they become anchors and JSON keys)."""
        with pytest.raises(InvalidValue, match="key"):
            Section(key="two words", title="T", blocks=[])

    def test_report_now_is_aware(self):
        """A report's now must be aware."""
        with pytest.raises(NaiveDatetime):
            Report(title="T", organisation="O", now=dt.datetime(2026, 1, 1), team=None, sections=[])

    def test_section_lookup(self):
        """Sections are found by key; an unknown key lists the known ones."""
        report = Report(
            title="T",
            organisation="O",
            now=NOW,
            team=None,
            sections=[Section(key="a", title="A", blocks=[Paragraph("x")])],
        )
        assert report.section("a").title == "A"
        with pytest.raises(InvalidValue, match=r"\['a'\]"):
            report.section("b")


class TestBuild:
    def test_unknown_team(self):
        """A context for an unknown team is refused."""
        org = Organisation(name="O", members=[Member(id="a", name="A", timezone="UTC", country="SE")])
        with pytest.raises(UnknownReference):
            ReportContext(org=org, now=NOW, team="nope")

    @settings(max_examples=30)
    @given(tst.organisations(), tst.aware_datetimes())
    def test_overview_counts(self, org, now):
        """The overview's figures count the organisation's members and teams, and JSON is deterministic."""
        report = build_report(ReportContext(org=org, now=now))
        figures = report.section("overview").blocks[0]
        assert isinstance(figures, Figures)
        values = {f.label: f.value for f in figures.items}
        assert values["Members"] == len(org.members)
        assert values["Teams"] == len(org.teams)
        assert report_to_json(report) == report_to_json(build_report(ReportContext(org=org, now=now)))

    def test_section_builders_that_return_none_are_left_out(self):
        """A builder without data returns None and its section is absent."""
        org = Organisation(name="O", members=[Member(id="a", name="A", timezone="UTC", country="SE")])
        report = build_report(ReportContext(org=org, now=NOW), sections=(lambda _ctx: None,))
        assert report.sections == ()


class TestRender:
    def report(self) -> Report:
        table = Table(title="Numbers", columns=["name", "value"], rows=[("a", 1.5), ("b", None)])
        figures = Figures([Figure("Members", 3, "in 2 teams")])
        section = Section(key="s", title="Section", blocks=[figures, table, Paragraph("All good.")])
        return Report(title="Team health: O", organisation="O", now=NOW, team=None, sections=[section])

    def test_terminal(self):
        """The terminal shows title, figures, table cells and text."""
        buffer = io.StringIO()
        render_terminal(self.report(), Console(file=buffer, width=100, no_color=True))
        out = buffer.getvalue()
        for text in ("Team health: O", "Members", "in 2 teams", "Numbers", "1.50", "—", "All good."):
            assert text in out

    def test_json(self):
        """JSON keeps every block with its type."""
        data = report_to_dict(self.report())
        blocks = data["sections"][0]["blocks"]
        assert [b["type"] for b in blocks] == ["figures", "table", "paragraph"]
        assert blocks[1]["rows"] == [["a", 1.5], ["b", None]]


class TestHtml:
    def report(self) -> Report:
        heat = Table(title="Coverage", columns=["day", "00", "01"], rows=[("Mon", 1, 2), ("Tue <b>", 0, None)])
        edges = Table(title="Mentoring", columns=["source", "target"], rows=[("anna", "bo"), ("anna", "cleo")])
        bars = Table(title="CSAT", columns=["member", "csat", "target"], rows=[("anna", 91.0, 90.0)])
        line = Table(title="Requests", columns=["day", "requests", "7-day mean"], rows=[("2026-11-01", 10, 10.0)])
        blocks = [
            Figures([Figure("Members", 3)]),
            Plot(kind="heatmap", title="Coverage", alt="Members on duty by weekday and hour", data=heat),
            Plot(kind="graph", title="Mentoring", alt="Anna mentors Bo and Cleo", data=edges),
            Plot(kind="bar", title="CSAT", alt="CSAT against target", data=bars),
            Plot(kind="line", title="Requests", alt="Requests per day", data=line),
            Paragraph("Text with <script>alert(1)</script>"),
        ]
        return Report(
            title="Team health: O",
            organisation="O",
            now=NOW,
            team=None,
            sections=[Section(key="s", title="Section", blocks=blocks)],
        )

    def test_self_contained_and_accessible(self):
        """One file, no external resources; plots are SVG images with alt text and their numbers as tables."""
        page = report_to_html(self.report())
        assert page.startswith("<!DOCTYPE html>")
        assert "http://" not in page.replace("http://www.w3.org", "")
        assert page.count("<script") == page.count("<script>") == 1  # the inlined sort and filter script, no src
        assert page.count("<svg") == 4
        assert 'role="img" aria-label="Anna mentors Bo and Cleo"' in page
        assert page.count("Numbers behind the plot") == 4
        assert '<h2 id="h-s">Section</h2>' in page

    def test_escapes_text(self):
        """Text from the data is escaped."""
        page = report_to_html(self.report())
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "Tue &lt;b&gt;" in page

    def test_deterministic(self):
        """The same report gives byte-identical HTML."""
        assert report_to_html(self.report()) == report_to_html(self.report())

    def test_unknown_plot_kind(self):
        """Plot kinds are checked."""
        with pytest.raises(InvalidValue, match="kind"):
            Plot(kind="pie", title="P", alt="a", data=Table(title="t", columns=["a"], rows=[]))  # type: ignore[arg-type]

    def test_json_includes_plot_data(self):
        """JSON carries the plot's kind, alt text and numbers."""
        blocks = report_to_dict(self.report())["sections"][0]["blocks"]
        plot = blocks[1]
        assert plot["type"] == "plot"
        assert plot["kind"] == "heatmap"
        assert plot["data"]["rows"][0] == ["Mon", 1, 2]


class TestJsonSchema:
    def test_schema_is_valid(self):
        """The report schema is a valid draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(report_schema())

    def test_rendered_report_validates(self):
        """A report with every block type validates against the schema."""
        jsonschema.validate(report_to_dict(TestHtml().report()), report_schema())

    @settings(max_examples=20)
    @given(tst.organisations(), tst.aware_datetimes())
    def test_built_reports_validate(self, org, now):
        """Every built report's JSON validates against the schema."""
        report = build_report(ReportContext(org=org, now=now))
        jsonschema.validate(json.loads(report_to_json(report)), report_schema())
