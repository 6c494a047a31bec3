"""Tests for the terminal report's fit: every line within the console's width, no value cut, --sections, --summary."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from teamcore.cli import main
from teamcore.exceptions import OutOfRange, WrongType
from teamcore.report import (
    SUMMARY_SHOWN,
    Figure,
    Figures,
    Paragraph,
    Plot,
    Rate,
    Report,
    ReportContext,
    Section,
    Table,
    build_report,
    headline,
    render_summary,
    render_terminal,
    report_schema,
)
from teamcore.report._fit import cell_text, fit_table
from teamcore.strategies import organisations
from tests.cli.running import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind"
DEMO_NOW = "2026-11-23T08:00:00Z"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


def demo_args(*extra: str) -> list[str]:
    """`make demo`'s arguments (without the HTML), then `extra`."""
    e = EXAMPLE
    return ["report", str(e / "organisation.toml"), "--now", DEMO_NOW,
            "--tickets", str(e / "tickets.csv"), "--events", str(e / "events.csv"),
            "--feedback", str(e / "feedback.jsonl"), "--feedback-policy", str(e / "feedback-policy.toml"),
            "--mentoring", str(e / "mentoring.toml"), "--staffing", str(e / "forecast.csv"),
            "--knowledge", str(e / "knowledge.csv"), "--sla", str(e / "sla.toml"), *extra]  # fmt: skip


def run_main(args: list[str], columns: int) -> tuple[int, str, str]:
    """`teamcore --no-color ARGS` in this process at `columns` wide: exit status, stdout, stderr."""
    mp = pytest.MonkeyPatch()
    mp.setenv("COLUMNS", str(columns))
    out, err = io.StringIO(), io.StringIO()
    mp.setattr("sys.stdout", out)
    mp.setattr("sys.stderr", err)
    try:
        code = main(["--no-color", *args])
    finally:
        mp.undo()
    return code, out.getvalue(), err.getvalue()


def too_wide(text: str, width: int) -> list[str]:
    """The lines of `text` wider than `width` terminal cells."""
    return [line for line in text.splitlines() if cell_len(line) > width]


def model_words(data: dict[str, Any]) -> Iterator[str]:
    """Every word of every cell, figure and heading of a JSON report: what a lead reads and must see whole."""
    for section in data["sections"]:
        for block in section["blocks"]:
            table = block["data"] if block["type"] == "plot" else block if block["type"] == "table" else None
            if table is not None:
                for row in table["rows"]:
                    for value, unit in zip(row, table["units"], strict=True):
                        yield from cell_text(Rate(value) if unit == "ratio" else value).split()
                for column in table["columns"]:
                    yield from column.split()
            if block["type"] == "figures":
                for figure in block["items"]:
                    value = figure["value"]
                    yield from cell_text(Rate(value) if figure["unit"] == "ratio" else value).split()
                    yield from figure["label"].split()


@pytest.fixture(scope="module", params=[80, 120])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, dict[str, Any]]:
    """The demo at 80 and at 120 columns: the width, the terminal text and the JSON report."""
    width: int = request.param
    path = tmp_path_factory.mktemp("demo") / "report.json"
    code, out, _ = run_main(demo_args("--json", str(path)), width)
    assert code == 0
    return width, out, json.loads(path.read_text(encoding="utf-8"))


class TestDemo:
    """`make demo`'s terminal output fits 80 and 120 columns and cuts nothing."""

    def test_no_line_wider_than_the_console(self, demo):
        """No line is wider than the console, measured in terminal cells."""
        width, text, _ = demo
        assert too_wide(text, width) == []
        assert max(cell_len(line) for line in text.splitlines()) == width  # the rules span the console

    def test_nothing_cut(self, demo):
        """No `…` anywhere (the model holds none), and every id, status, name and time of every table is whole."""
        _, text, data = demo
        assert "…" not in json.dumps(data, ensure_ascii=False)
        assert "…" not in text
        words = set(model_words(data))
        assert {"1on1-astrid.lindqvist@2026-11-06", "overdue", "breached", "T0002822", "astrid.lindqvist"} <= words
        missing = sorted(w for w in words if w not in text)
        assert missing == []

    def test_heatmap_keeps_every_value(self, demo):
        """The weekday × hour heatmap (134 cells wide whole) shows its 7 × 24 numbers in two halves of 12 hours."""
        _, text, data = demo
        plot = next(b for b in data["sections"][1]["blocks"] if b["type"] == "plot" and b["kind"] == "heatmap")
        title = plot["title"] + " (plot in HTML)"
        assert f"{title} (1 of 2)" in text
        assert f"{title} (2 of 2)" in text
        halves = [re.search(r"┃ weekday ┃(.*)┃\n", part) for part in text.split(title)[1:3]]
        assert [m.group(1).split("┃") if m else None for m in halves] == [
            [f" {h:02d} " for h in range(12)],
            [f" {h:02d} " for h in range(12, 24)],
        ]
        for row in plot["data"]["rows"]:
            for half in (row[1:13], row[13:25]):
                assert re.search(rf"│ {row[0]} +│ +" + " │ +".join(str(v) for v in half) + " │", text)


def boxed(block: Table, width: int) -> str:
    """`block` fitted to `width` and printed."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True)
    for part in fit_table(block, width):
        console.print(part)
    return buffer.getvalue()


class TestFitTable:
    """Each table takes the first form that fits: as is, split, stacked, records."""

    def test_as_is_when_it_fits(self):
        """A narrow table is one boxed table with its header on one line."""
        text = boxed(Table(title="t", columns=["member", "status"], rows=[("ana.souza", "OVERDUE")]), 80)
        assert "┃ member    ┃ status  ┃" in text

    def test_matrix_is_split_evenly(self):
        """A label column and 24 numeric ones become two tables of 12, each with the labels."""
        block = Table(title="heat", columns=["day", *(f"{h:02d}" for h in range(24))], rows=[("Mon", *range(24))])
        text = boxed(block, 80)
        assert "heat (1 of 2)" in text
        assert "heat (2 of 2)" in text
        assert text.count("│ Mon │") == 2
        assert too_wide(text, 80) == []

    def test_text_columns_are_stacked(self):
        """Wide text columns are stacked two to a cell, the header naming them in order."""
        columns = ["due", "lead", "member", "rule", "status", "what"]
        row = ("2026-11-06", "astrid.lindqvist", "rachel.goldman", "1:1s", "OVERDUE", "1on1-rachel.goldman@2026-11-06")
        text = boxed(Table(title="t", columns=columns, rows=[row]), 80)
        assert re.search(r"┃ +┃ lead +┃ rule +┃ +┃\n┃ due +┃ member +┃ status +┃ what +┃", text)
        assert re.search(r"│ 2026-11-06 │ astrid.lindqvist │ 1:1s +│ 1on1-rachel.goldman@2026-11-06 │", text)
        assert too_wide(text, 80) == []

    def test_stacked_values_stay_beside_their_header(self):
        """A stacked value never wraps: a name of two words stays on its line, the one its header names."""
        columns = ["due", "lead name", "member", "rule", "status", "what"]
        row = ("2026-11-06", "Astrid Lindqvist", "rachel.goldman", "1:1s", "OVERDUE", "1on1-rachel.goldman@2026-11-06")
        text = boxed(Table(title="t", columns=columns, rows=[row]), 80)
        assert re.search(r"┃ +┃ lead name +┃", text)
        assert re.search(r"│ 2026-11-06 │ Astrid Lindqvist +│", text)
        assert re.search(r"│ +│ rachel.goldman +│", text)

    def test_records_as_a_last_resort(self):
        """A table whose columns cannot share the width is shown one row per block, `column  value`."""
        columns = [f"column{i}" for i in range(4)]
        row = tuple("x" * 30 + str(i) for i in range(4))
        text = boxed(Table(title="t", columns=columns, rows=[row, row]), 60)
        assert re.search(r"│ column0 +│ x{30}0 +│", text)
        assert text.count("column3") == 2
        assert too_wide(text, 60) == []

    def test_an_empty_table_says_none(self):
        """A table without rows shows `none` under its header."""
        assert "│ none │" in boxed(Table(title="t", columns=["a", "b"], rows=[]), 80)


_WORDS = st.text(st.sampled_from("abcdefghij.-@0123456789"), min_size=1, max_size=24)
_CELLS = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.lists(_WORDS, min_size=1, max_size=6).map(" ".join),
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """A table of 1 to 14 columns of ids, words and numbers."""
    columns = draw(st.lists(_WORDS, min_size=1, max_size=14))
    rows = draw(st.lists(st.tuples(*[_CELLS] * len(columns)), max_size=4))
    return Table(title=draw(_WORDS), columns=columns, rows=rows, caption=draw(st.sampled_from(["", "a note " * 20])))


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """The report of a small organisation, with a section of random tables, a plot, figures and a long paragraph."""
    base = build_report(ReportContext(org=draw(organisations(max_members=5)), now=NOW))
    blocks = [*draw(st.lists(tables(), min_size=1, max_size=3)), Paragraph("word " * 40)]
    blocks.append(Plot(kind="bar", title="p", alt="a plot", data=draw(tables())))
    figures = st.builds(Figure, label=_WORDS, value=_CELLS, note=st.sampled_from(["", "a longer note here"]))
    blocks.append(Figures(draw(st.lists(figures, min_size=1, max_size=8))))
    return Report(title=base.title, organisation=base.organisation, now=NOW, team=None,
                  sections=[*base.sections, Section(key="extra", title="Extra", blocks=blocks)])  # fmt: skip


def printed(report: Report, width: int, *, summary: bool = False) -> str:
    """`report` rendered to a console `width` cells wide."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, soft_wrap=True)
    (render_summary if summary else render_terminal)(report, console)
    return buffer.getvalue()


class TestAnyWidth:
    """Whatever the width from 60 to 200 columns, nothing is wider and nothing is cut."""

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(report=reports(), width=st.integers(60, 200))
    def test_fits_and_keeps_every_word(self, report, width):
        """No line exceeds the width (soft-wrapping console, as the CLI's); every word of every cell is whole."""
        text = printed(report, width)
        assert too_wide(text, width) == []
        assert "…" not in text
        for section in report.sections:
            for block in section.blocks:
                table = block.data if isinstance(block, Plot) else block if isinstance(block, Table) else None
                for row in table.rows if table is not None else ():
                    for value in row:
                        for word in cell_text(value).split():
                            assert word in text

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(report=reports(), width=st.integers(60, 200))
    def test_summary_fits(self, report, width):
        """The summary's lines fit too, one headline a section."""
        text = printed(report, width, summary=True)
        assert too_wide(text, width) == []
        for section in report.sections:
            assert headline(section, width) in text


class TestHeadline:
    """A section's one line: its title and the figures that fit."""

    def test_counts_what_does_not_fit(self):
        """Figures past the width are counted, not cut."""
        section = Section(key="k", title="Feedback", blocks=[Figures([Figure(f"label {i}", i) for i in range(9)])])
        line = headline(section, 60)
        assert cell_len(line) <= 60
        assert re.fullmatch(r"Feedback: 0 label 0( · \d label \d)* \+\d more", line)
        shown = line.count("label")
        assert line.endswith(f"+{9 - shown} more")

    def test_without_figures(self):
        """A section without figures says how many tables it has."""
        section = Section(key="k", title="T", blocks=[Table(title="a", columns=["x"], rows=[])])
        assert headline(section, 80) == "T: 1 table"

    def test_arguments_checked(self):
        """A wrong section or width is refused naming it, and so are the renderers' report and console."""
        section = Section(key="k", title="T", blocks=[])
        with pytest.raises(WrongType, match="section"):
            headline("T", 80)  # type: ignore[arg-type]
        with pytest.raises(OutOfRange, match="width"):
            headline(section, 0)
        with pytest.raises(WrongType, match="report"):
            render_summary({"title": "T"}, Console())  # type: ignore[arg-type]
        with pytest.raises(WrongType, match="console"):
            render_terminal(Report(title="T", organisation="O", team=None, now=NOW, sections=[]), print)  # type: ignore[arg-type]


class TestCli:
    """`teamcore report --sections` and `--summary`."""

    def test_summary_fits_one_screen(self):
        """At 80 columns the demo's summary is at most 24 lines of at most 80 cells, one line a section."""
        code, out, _ = run_main(demo_args("--summary"), 80)
        assert code == 0
        lines = out.splitlines()
        assert len(lines) <= 24
        assert too_wide(out, 80) == []
        assert sum(line.startswith(("✗ act ", "▲ watch ")) for line in lines) == SUMMARY_SHOWN
        for title in ("Overview", "Helpdesk dashboard", "Coverage", "Feedback cycles", "Staffing"):
            assert sum(line.startswith(f"{title}: ") for line in lines) == 1

    def test_sections_select_in_every_format(self, tmp_path):
        """Only the chosen sections, in report order, in terminal, JSON (still valid) and HTML; attention follows."""
        json_path, html_path = tmp_path / "r.json", tmp_path / "r.html"
        code, out, _ = run_main(
            demo_args("--sections", "staffing, coverage", "--json", str(json_path), "--html", str(html_path)), 80
        )
        assert code == 0
        data = json.loads(json_path.read_text(encoding="utf-8"))
        jsonschema.validate(data, report_schema())
        assert [s["key"] for s in data["sections"]] == ["coverage", "staffing"]
        assert data["attention"]
        assert {i["section"] for i in data["attention"]} <= {"coverage", "staffing"}
        assert "Coverage ─" in out
        assert "Staffing ─" in out
        assert "Overview ─" not in out
        assert "Feedback cycles ─" not in out
        html = html_path.read_text(encoding="utf-8")
        assert re.findall(r'<section id="([^"]+)"', html) == ["attention", "coverage", "staffing"]

    def test_unknown_section_is_one_line(self):
        """An unknown key is one error line naming it and the report's keys, exit status 1 (invalid input)."""
        code, out, err = run_main(demo_args("--sections", "staffing,bogus"), 80)
        assert code == 1
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1
        assert "--sections" in lines[0]
        assert "'bogus'" in lines[0]
        assert "'overview', 'kpi', 'coverage'" in lines[0]

    def test_empty_sections_is_a_usage_error(self, capsys):
        """`--sections ,` names no key: a usage error (exit status 2)."""
        with pytest.raises(SystemExit) as stopped:
            main(["--no-color", *demo_args("--sections", ",")])
        assert stopped.value.code == 2
        assert "argument --sections: expected comma-separated section keys" in capsys.readouterr().err

    def test_subprocess_at_80_columns(self, monkeypatch):
        """Run as a program at COLUMNS=80, the summary of two sections fits and lists only them."""
        monkeypatch.setenv("COLUMNS", "80")
        done = run_cli(*demo_args("--summary", "--sections", "feedback,mentoring"))
        assert done.returncode == 0, done.stderr
        assert too_wide(done.stdout, 80) == []
        heads = [line.split(":")[0] for line in done.stdout.splitlines() if re.match(r"^[A-Z][a-z ]+: ", line)]
        assert heads == ["Mentoring and skills", "Feedback cycles"]
