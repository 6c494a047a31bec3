"""The HTML report in a real browser (headless Chromium), at a desktop's 1280 px and a phone's 390 px.

The demo report (the Makefile's ``demo`` arguments) is opened in one Chromium for the whole module, driven over
the DevTools pipe (tests/report/chromium.py). Full-page screenshots go to build/report-1280.png and
build/report-390.png for people to look at; the assertions measure the laid-out page. `make test` installs
Debian's chromium when it is absent; without it these tests are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from teamcore.cli import main
from teamcore.people import Member, Organisation, Team
from teamcore.report import Plot, Report, ReportContext, Section, Table, build_report, overview_section, report_to_html
from teamcore.report._html import FILTER_ROWS
from tests.report.chromium import CHROMIUM, Browser

ROOT = Path(__file__).parents[2]
BUILD = ROOT / "build"
NORTHWIND = ROOT / "examples" / "northwind"
WIDTHS = (1280, 390)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The demo report, as ``make demo`` writes it: the HTML file and the JSON of the same run."""
    out = tmp_path_factory.mktemp("demo")
    n = NORTHWIND
    args = [
        "report", str(n / "organisation.toml"), "--now", "2026-11-23T08:00:00Z",
        "--tickets", str(n / "tickets.csv"), "--events", str(n / "events.csv"),
        "--feedback", str(n / "feedback.jsonl"), "--feedback-policy", str(n / "feedback-policy.toml"),
        "--mentoring", str(n / "mentoring.toml"),
        "--staffing", str(n / "forecast.csv"), "--knowledge", str(n / "knowledge.csv"), "--sla", str(n / "sla.toml"),
        "--html", str(out / "report.html"), "--json", str(out / "report.json"),
    ]  # fmt: skip
    assert main(args) == 0
    return out / "report.html", json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for every test of the module."""
    chromium = Browser(tmp_path_factory.mktemp("profile"))
    try:
        yield chromium
    finally:
        chromium.close()


def open_demo(browser: Browser, demo: tuple[Path, dict[str, Any]], width: int, *, scripts: bool = True) -> None:
    browser.open(demo[0].as_uri(), width=width, scripts=scripts)


# Every element's right edge, except inside a scroll box (which clips it; the box itself is measured).
OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.parentElement.closest(".scroll") || el.closest("svg") && el.tagName !== "svg") continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5) out.push(`${el.tagName}#${el.id}.${el.className} ${r.right}`);
  }
  return {width, inner: innerWidth, scroll: document.documentElement.scrollWidth, over: out.slice(0, 10),
          sections: Array.from(document.querySelectorAll("main > section"), s => s.getBoundingClientRect().right)};
})()"""


COUNTRIES = (
    "Array.from(document.querySelectorAll('main table')).find(t => t.caption?.textContent === 'Members by country')"
)
"""The overview's table of members per country: a text column and a numeric one."""


@pytest.mark.parametrize("width", WIDTHS)
class TestLayout:
    def test_screenshot(self, browser, demo, width):
        """A full-page screenshot is kept in build/, as wide as the viewport and taller than it."""
        BUILD.mkdir(exist_ok=True)
        shot = BUILD / f"report-{width}.png"
        shot.unlink(missing_ok=True)
        open_demo(browser, demo, width)
        browser.screenshot(shot)
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        png_width, png_height = struct.unpack(">II", data[16:24])
        assert png_width == width
        assert png_height > 2 * 900  # the whole page, not the first screen

    @pytest.mark.parametrize("scripts", [True, False], ids=["script", "no-script"])
    def test_nothing_overflows_the_viewport(self, browser, demo, width, scripts):
        """The page never scrolls sideways: every section and every element ends inside the viewport."""
        open_demo(browser, demo, width, scripts=scripts)
        found = browser.evaluate(OVERFLOW)
        assert found["width"] == found["inner"] == width
        assert found["scroll"] <= width
        assert found["over"] == []
        assert len(found["sections"]) == len(demo[1]["sections"]) + 1
        assert max(found["sections"]) <= width

    def test_wide_tables_scroll_in_their_card(self, browser, demo, width):
        """Wide tables scroll inside their card: several at 390 px, at 1280 px only those of over 12 columns."""
        open_demo(browser, demo, width)
        boxes = browser.evaluate(
            "Array.from(document.querySelectorAll('main .scroll'), b => [b.scrollWidth, b.clientWidth,"
            " getComputedStyle(b).overflowX, b.querySelector('table')?.tHead?.rows[0].cells.length])"
        )
        assert {overflow for _, _, overflow, _ in boxes} == {"auto"}
        scrolling = [columns for wide, shown, _, columns in boxes if wide > shown + 1]
        if width < 600:
            assert len(scrolling) > 3
        else:
            assert all(columns > 12 for columns in scrolling)

    def test_every_section_and_plot_is_shown(self, browser, demo, width):
        """Each section of the report is laid out with its heading, and each plot is an SVG image of some size."""
        open_demo(browser, demo, width)
        report = demo[1]
        shown = browser.evaluate(
            "Array.from(document.querySelectorAll('main > section'), s => [s.id, s.querySelector('h2').textContent,"
            " s.getBoundingClientRect().height, Array.from(s.querySelectorAll('figure.plot svg[role=img]'),"
            " g => [g.getAttribute('aria-label'), g.getBoundingClientRect().width, g.getBoundingClientRect().height])])"
        )
        expected = [("attention", "Needs attention")] + [(s["key"], s["title"]) for s in report["sections"]]
        assert [(key, title) for key, title, _, _ in shown] == expected
        assert all(height > 50 for _, _, height, _ in shown)
        plots = {
            key: [b["alt"] for b in s["blocks"] if b["type"] == "plot"]
            for s in report["sections"]
            for key in [s["key"]]
        }
        assert [key for key, alts in plots.items() if not alts] == ["overview"]  # every other section draws
        for key, _title, _height, svgs in shown[1:]:
            assert [alt for alt, _, _ in svgs] == plots[key]
            for _alt, w, h in svgs:
                assert 100 < w <= width
                assert h > 50


class TestBehaviour:
    def test_status_classes(self, browser, demo):
        """The attention list marks each item's status by class and by text, both act and watch."""
        open_demo(browser, demo, 390)
        cells = browser.evaluate(
            "Array.from(document.querySelectorAll('#attention td.status'), c => [c.className, c.textContent])"
        )
        assert len(cells) == len(demo[1]["attention"])
        classes = {cls for cls, _ in cells}
        assert {"status status-act", "status status-watch"} <= classes
        for cls, text in cells:
            assert cls.removeprefix("status status-") in text.lower()

    def test_sorting_by_a_click(self, browser, demo):
        """A click on a header sorts the rows by that column (numbers as numbers), a second click reverses them."""
        open_demo(browser, demo, 390)
        table = COUNTRIES
        column = f"Array.from({table}.tBodies[0].rows, r => r.cells[1].textContent)"
        before = browser.evaluate(column)
        assert len(before) > 2
        header = f"{table}.tHead.rows[0].cells[1]"
        for direction in ("ascending", "descending"):
            x, y = browser.evaluate(
                f"(() => {{ const b = {header}.querySelector('button'); b.scrollIntoView({{block: 'center'}});"
                " const r = b.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
            )
            browser.click(x, y)
            after = browser.evaluate(column)
            assert sorted(after) == sorted(before)  # the same rows, reordered
            assert [int(v) for v in after] == sorted((int(v) for v in before), reverse=direction == "descending")
            assert browser.evaluate(f"{header}.getAttribute('aria-sort')") == direction
            others = browser.evaluate(f"Array.from({table}.tHead.rows[0].cells, c => c.getAttribute('aria-sort'))")
            assert others.count(None) == len(others) - 1

    def test_due_sorts_by_time(self, browser, demo):
        """The attention list's due column sorts by the UTC instant, not by the weekday's name; no due time last."""
        open_demo(browser, demo, 1280)
        browser.evaluate("document.querySelector('#attention thead th:nth-child(2) button').click()")
        rows = browser.evaluate(
            "Array.from(document.querySelectorAll('#attention tbody tr'), r => r.cells[1].getAttribute('data-sort'))"
        )
        due = [item["due"] for item in demo[1]["attention"]]
        assert rows == sorted(d for d in due if d is not None) + [None] * due.count(None)
        assert None in rows  # the demo has items without a due time, to be kept last

    def test_text_sorts_in_natural_order(self, browser, demo):
        """Text cells sort alphabetically, digits inside them by value; the column keeps its rows whole."""
        open_demo(browser, demo, 1280)
        table = COUNTRIES
        rows = f"Array.from({table}.tBodies[0].rows, r => [r.cells[0].textContent, r.cells[1].textContent])"
        before = browser.evaluate(rows)
        browser.evaluate(f"{table}.tHead.rows[0].cells[0].querySelector('button').click()")
        browser.evaluate(f"{table}.tHead.rows[0].cells[0].querySelector('button').click()")
        after = browser.evaluate(rows)
        assert after == sorted(before, key=lambda row: row[0], reverse=True)

    def test_filter(self, browser, demo):
        """Tables longer than the threshold get a filter box; typing keeps only the rows that contain the text."""
        open_demo(browser, demo, 390)
        long_tables = browser.evaluate(
            f"Array.from(document.querySelectorAll('main table')).filter(t => t.tBodies[0].rows.length > {FILTER_ROWS})"
            ".length"
        )
        assert browser.evaluate("document.querySelectorAll('input.filter').length") == long_tables > 0
        rows = "Array.from(document.querySelectorAll('#attention tbody tr'), r => [r.textContent, r.hidden])"
        before = browser.evaluate(rows)
        browser.evaluate("document.querySelector('#attention input.filter').focus()")
        browser.call("Input.insertText", text="Staffing")
        after = browser.evaluate(rows)
        kept = [text for text, hidden in after if not hidden]
        assert kept == [text for text, _ in before if "staffing" in text.lower()]
        assert 0 < len(kept) < len(before)

    def test_without_scripts_the_controls_are_absent(self, browser, demo):
        """With scripts off the page has every table and row but no sort buttons and no filter boxes."""
        open_demo(browser, demo, 390, scripts=False)
        found = browser.evaluate(
            "[document.querySelectorAll('button.sort, input.filter, th[aria-sort]').length,"
            " document.querySelectorAll('main table').length, document.querySelectorAll('#attention tbody tr').length]"
        )
        assert found == [0, found[1], len(demo[1]["attention"])]
        assert found[1] >= sum(b["type"] in {"table", "plot"} for s in demo[1]["sections"] for b in s["blocks"])

    def test_print(self, browser, demo):
        """Printed, the page has no navigation, is dark on white, and shows the numbers behind every plot."""
        open_demo(browser, demo, 1280)
        browser.call("Emulation.setEmulatedMedia", media="print")
        try:
            found = browser.evaluate(
                "[getComputedStyle(document.querySelector('nav')).display,"
                " getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,"
                " getComputedStyle(document.querySelector('input.filter')).display,"
                " Array.from(document.querySelectorAll('figure.plot details table'),"
                " t => t.getBoundingClientRect().height)]"
            )
        finally:
            browser.call("Emulation.setEmulatedMedia", media="")
        display, background, color, filter_display, heights = found
        assert display == filter_display == "none"
        assert background == "rgb(255, 255, 255)"
        assert color == "rgb(0, 0, 0)"
        assert heights
        assert min(heights) > 0


MIXED = Table(
    title="Mixed",
    columns=["id", "amount", "share"],
    rows=[
        ("kb-10", 1234.5, "79%"),
        ("kb-9", 999.0, "8%"),
        ("kb-100", None, "100%"),
        ("Kb-2", -3.25, None),
        ("kb-1", 10.0, "-"),
    ],
)
"""Cells as the renderer writes them: floats with thousands separators, None as an em dash, percentages as text."""


@pytest.mark.parametrize(
    ("column", "ascending", "descending"),
    [
        # numbers by value, not by text ("1,234.50" above "999.00"); the empty cell last both ways
        (1, ["Kb-2", "kb-1", "kb-9", "kb-10", "kb-100"], ["kb-10", "kb-9", "kb-1", "Kb-2", "kb-100"]),
        # percentages by value, then a text that is no number, then the empty cell, both ways
        (2, ["kb-9", "kb-10", "kb-100", "kb-1", "Kb-2"], ["kb-100", "kb-10", "kb-9", "kb-1", "Kb-2"]),
        # text case-insensitively, digits inside by value
        (0, ["kb-1", "Kb-2", "kb-9", "kb-10", "kb-100"], ["kb-100", "kb-10", "kb-9", "Kb-2", "kb-1"]),
    ],
)
def test_sort_order(browser, tmp_path, column, ascending, descending):
    """Numbers sort by value before text, text naturally; empty cells stay last in both directions."""
    report = Report(
        title="T", organisation="O", now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC), team=None,
        sections=[Section(key="s", title="S", blocks=[MIXED])],
    )  # fmt: skip
    path = tmp_path / "mixed.html"
    path.write_text(report_to_html(report), encoding="utf-8")
    browser.open(path.as_uri(), width=390)
    button = f"document.querySelectorAll('main thead th')[{column}].querySelector('button')"
    ids = "Array.from(document.querySelectorAll('main tbody tr'), r => r.cells[0].textContent)"
    browser.evaluate(f"{button}.click()")
    assert browser.evaluate(ids) == ascending
    browser.evaluate(f"{button}.click()")
    assert browser.evaluate(ids) == descending


def small_page(tmp_path: Path) -> Path:
    members = [
        Member(id=i, name=i.title(), timezone=z, country=c)
        for i, z, c in [("anna", "Europe/Stockholm", "SE"), ("bo", "Asia/Manila", "PH")]
    ]
    org = Organisation(
        name="Northwind",
        members=members,
        teams=[Team(id="support", name="Support", lead="anna", members=["anna", "bo"])],
    )
    heat = Table(title="Coverage", columns=["day", "00", "01"], rows=[("Mon", 1, 2), ("Tue", 0, 1)])

    def coverage(_ctx: ReportContext) -> Section:
        return Section(
            key="coverage",
            title="Coverage",
            blocks=[
                Plot(kind="heatmap", title="Members on duty", alt="Members on duty by weekday and hour", data=heat)
            ],
        )

    ctx = ReportContext(org=org, now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC))
    report = build_report(ctx, sections=(overview_section, coverage))
    path = tmp_path / "report.html"
    path.write_text(report_to_html(report), encoding="utf-8")
    return path


def test_small_report(browser, tmp_path):
    """A report of two sections and one plot: both headings and the one SVG image are in Chromium's DOM."""
    browser.open(small_page(tmp_path).as_uri(), width=1280)
    dom = browser.evaluate("document.documentElement.outerHTML")
    assert '<h2 id="h-overview">Overview</h2>' in dom
    assert '<h2 id="h-coverage">Coverage</h2>' in dom
    assert len(re.findall(r'role="img"', dom)) == 1
    assert 'aria-label="Members on duty by weekday and hour"' in dom
