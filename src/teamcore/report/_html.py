"""The report as one self-contained, accessible HTML file (no network needed to view it).

Written with the standard library: every value is escaped with :func:`html.escape`; a template engine would add a
dependency for a single fixed page. Plots are inline SVG (see :mod:`teamcore.report._plots`), each followed by the
table of numbers behind it.

The page works on a phone as on a desktop: every table sits in a ``<div class="scroll">`` that scrolls sideways
inside its card, so the page itself never does; plots scale to the card's width. A few lines of inlined script
(:data:`_SCRIPT`, no library) make each table sortable by a click on its header and add a filter box above tables
of more than :data:`FILTER_ROWS` rows; without scripts the page shows the same tables, unsorted and unfiltered,
and nothing of the script's controls. A print stylesheet hides the navigation, opens every "Numbers behind the
plot" and prints dark on white.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Final

from teamcore.exceptions import WrongType
from teamcore.report._model import (
    ATTENTION_KEY,
    SINCE_KEY,
    Block,
    Cell,
    Figure,
    Figures,
    Paragraph,
    Plot,
    Report,
    Section,
    Table,
    plain,
    register_html,
)
from teamcore.report._plots import plot_svg
from teamcore.report._status import STATUS_RANK, Rate, Rated, Status, scalar_text

__all__ = ["FILTER_ROWS", "report_to_html", "section_to_html"]

FILTER_ROWS: Final = 8
"""Tables with more body rows than this get a filter box (added by the page's script)."""

_CSS: Final = """
:root { --fg:#1d2733; --muted:#5b6775; --line:#d9dee4; --accent:#2f5f8f; --bg:#fbfcfd; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 1.2rem 2rem; }
header h1 { margin: 0 0 .2rem; font-size: 1.6rem; }
header p { margin: 0; color: var(--muted); }
nav ul { list-style: none; padding: 0; margin: .6rem 0 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; }
nav a { color: var(--accent); }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 2rem 3rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.4rem;
          margin: 1.2rem 0; }
h2 { margin-top: .2rem; color: var(--accent); }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
dl.figures { display: flex; flex-wrap: wrap; gap: .8rem; margin: .4rem 0 1rem; }
dl.figures div { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 8rem; }
dl.figures dt { color: var(--muted); font-size: .85rem; }
dl.figures dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
dl.figures dd small { display: block; font-size: .75rem; font-weight: 400; color: var(--muted); }
.scroll { display: inline-block; vertical-align: top; max-width: 100%; overflow-x: auto; margin: 0 2rem 0 0; }
table { border-collapse: collapse; margin: .3rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .7rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { color: var(--muted); font-size: .85rem; margin-top: -.6rem; }
figure { margin: .5rem 0 1.2rem; }
figure svg { display: block; max-width: 100%; height: auto; }
h1, h2, p, dd, figcaption { overflow-wrap: anywhere; }
th[aria-sort] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
th button.sort { all: inherit; cursor: pointer; text-decoration: underline dotted; }
th button.sort:focus-visible { outline: 2px solid var(--accent); }
input.filter { display: block; font: inherit; margin: .2rem 0; padding: .2rem .4rem; max-width: 100%; }
@media (max-width: 600px) {
  header { padding: 1rem; }
  main { padding: .5rem .6rem 2rem; }
  section { padding: .8rem; }
  .scroll { margin-right: 0; }
}
@media print {
  nav, input.filter { display: none; }
  body { background: #fff; color: #000; font-size: 11pt; }
  header { border: 0; padding: 0 0 .5rem; }
  main { max-width: none; padding: 0; }
  section { border: 0; padding: 0; margin: 0 0 1rem; break-inside: avoid-page; }
  h2, h3, caption, figcaption { color: #000; break-after: avoid; }
  a { color: #000; }
  .scroll { display: block; overflow: visible; margin: 0; }
  table { width: 100%; }
  tr, figure, dl.figures { break-inside: avoid; }
  details summary { color: #000; }
  details::details-content { content-visibility: visible; height: auto; }
}
figcaption { font-weight: 600; }
details summary { cursor: pointer; color: var(--accent); }
"""

# -- status: cells and tiles --------------------------------------------------------------------------------------
# Colours pass WCAG AA contrast on white; the symbol and word carry the status without them.
_STATUS_CSS: Final = """
.status { font-weight: 700; white-space: nowrap; }
.status-ok { color: #1b6e34; }
.status-watch { color: #8a5a00; }
.status-act { color: #a11d1d; }
dl.figures div.tile.status-ok { border-left: 4px solid #1b6e34; }
dl.figures div.tile.status-watch { border-left: 4px solid #b07700; }
dl.figures div.tile.status-act { border-left: 4px solid #a11d1d; }
dl.figures div.tile .against { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
"""


def _sort_key(value: Cell) -> str | None:
    """The ``data-sort`` of a rated or rate cell: its number, or for a text the status's rank (act sorts last)."""
    raw = plain(value)
    if isinstance(raw, int | float):
        return repr(raw)
    if isinstance(value, Rated):
        return str(STATUS_RANK[value.status])
    return None


def status_cell(value: Rate | Rated) -> str:
    """A table cell for a :class:`Rated` or :class:`Rate` value, with its sort key in ``data-sort``.

    A rated cell reads ``<symbol> <text>`` with the classes ``status status-<status>``; a rate is a number cell.
    """
    key = _sort_key(value)
    sort = "" if key is None else f' data-sort="{escape(key)}"'
    if isinstance(value, Rate):
        return f"<td class=num{sort}>{escape(value.text)}</td>"
    numeric = " num" if isinstance(plain(value), int | float) else ""
    return f'<td class="status status-{value.status}{numeric}"{sort}>{escape(value.label)}</td>'


def status_word(status: Status) -> str:
    """A status as its symbol and word, e.g. ``✗ act``."""
    return escape(f"{status.symbol} {status.label}")


def tile(figure: Figure) -> str:
    """One key figure as a tile: ``<div class="tile status-…">`` with the value, the target and the change."""
    status = figure.status
    classes = "tile" if status is None else f"tile status-{status}"
    value = figure.value_text() if status is None else f"{status.symbol} {figure.value_text()}"
    against = " · ".join(t for t in (figure.target_text(), figure.change_text()) if t is not None)
    value_class = "value" if status is None else f"value status status-{status}"
    against_html = f'<span class="against">{escape(against)}</span>' if against else ""
    note = f"<small>{escape(figure.note)}</small>" if figure.note else ""
    return (
        f'<div class="{classes}"><dt>{escape(figure.label)}</dt>'
        f'<dd class="{value_class}">{escape(value)}{against_html}{note}</dd></div>'
    )


_SCRIPT: Final = """
(function () {
  "use strict";
  function key(cell) {
    var raw = cell ? cell.getAttribute("data-sort") : null;
    var text = raw !== null ? raw : cell ? cell.textContent.trim() : "";
    var num = text.replace(/[,%\\s]/g, "").replace(/^\\u2212/, "-");
    if (/^[-+]?(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?$/i.test(num)) { return [0, parseFloat(num)]; }
    return text === "" || text === "\\u2014" ? [2, ""] : [1, text];
  }
  function compare(a, b, dir) {
    if (a[0] === 2 || b[0] === 2 || a[0] !== b[0]) { return a[0] - b[0]; }
    if (a[0] === 0) { return dir * (a[1] - b[1]); }
    return dir * a[1].localeCompare(b[1], "en", {numeric: true});
  }
  function sortBy(table, th, index) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    Array.prototype.slice.call(body.rows)
      .map(function (row) { return [key(row.cells[index]), row]; })
      .sort(function (a, b) { return compare(a[0], b[0], dir); })
      .forEach(function (pair) { body.appendChild(pair[1]); });
  }
  document.querySelectorAll("main table").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) { return; }
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.addEventListener("click", function () { sortBy(table, th, index); });
      th.textContent = "";
      th.appendChild(button);
    });
    if (body.rows.length > FILTER_ROWS) {
      var input = document.createElement("input");
      input.type = "search";
      input.className = "filter";
      input.placeholder = "Filter rows";
      input.setAttribute("aria-label", "Filter " + (table.caption ? table.caption.textContent : "rows"));
      input.addEventListener("input", function () {
        var q = input.value.toLowerCase();
        Array.prototype.forEach.call(body.rows, function (row) {
          row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) < 0;
        });
      });
      table.parentNode.parentNode.insertBefore(input, table.parentNode);
    }
  });
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
})();
""".replace("FILTER_ROWS", str(FILTER_ROWS))
"""Sorting (a click on a header: ascending, again: descending, with ``aria-sort``) and filtering, no library.

A cell sorts by its ``data-sort`` attribute when it has one, else by its text read as a number when it is one
(``1,234.5``, ``79%``), else by its text (digits inside by value); numbers come before text, and cells without a
value (empty, ``—``) stay last, in either direction.
"""


def _scroll(html: str) -> str:
    """`html` (a table and its note) in a box that scrolls sideways when the table is wider than the card."""
    return f'<div class="scroll">{html}</div>'


def _cell(value: Cell) -> str:
    if isinstance(value, Rated):
        return escape(value.label)
    return escape(scalar_text(value))


def _table(block: Table, *, heading: bool = True) -> str:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in block.columns)
    body = []
    for row in block.rows:
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, Rate | Rated):
                cells.append(status_cell(value))
                continue
            numeric = isinstance(value, int | float)
            tag = '<th scope="row">' if i == 0 and not numeric else ("<td class=num>" if numeric else "<td>")
            cells.append(f"{tag}{_cell(value)}{'</th>' if tag.startswith('<th') else '</td>'}")
        body.append(f"<tr>{''.join(cells)}</tr>")
    if not block.rows:
        body.append(f'<tr><td colspan="{len(block.columns)}">none</td></tr>')
    caption = f"<caption>{escape(block.title)}</caption>" if heading else ""
    note = f'<p class="note">{escape(block.caption)}</p>' if block.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}"


def _figures(block: Figures) -> str:
    return f'<dl class="figures">{"".join(tile(f) for f in block.items)}</dl>'


def _plot(block: Plot) -> str:
    return (
        f'<figure class="plot plot-{block.kind}"><figcaption>{escape(block.title)}</figcaption>'
        f"{plot_svg(block)}<details><summary>Numbers behind the plot</summary>"
        f"{_scroll(_table(block.data))}</details></figure>"
    )


def _block(block: Block) -> str:
    if isinstance(block, Table):
        return _scroll(_table(block))
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Figures):
        return _figures(block)
    return _plot(block)


def _due_key(due: dt.datetime | None) -> str:
    """The ``data-sort`` attribute of a due cell: the UTC instant, so the column sorts by time, not by weekday."""
    return "" if due is None else f' data-sort="{due.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"'


def _attention(report: Report) -> str:
    """The "Needs attention" list: status as symbol, word and class (``status-act``), never colour only."""
    titles = {s.key: s.title for s in report.sections}
    rows = []
    personal = report.view.kind != "organisation"
    for item in report.attention:
        local = report.view.local(item.due) if personal and item.due is not None else item.local_due()
        late = " (late)" if item.overdue(report.now) else ""
        due = "—" if local is None else f"{local:%a %d %b %H:%M} {local:%Z}{late}"
        who = escape(item.actor.name) + (" <small>(lead)</small>" if item.actor.role == "lead" else "")
        rows.append(
            f'<tr class="attention-{item.severity}"><td class="status status-{item.severity}" '
            f'data-sort="{STATUS_RANK[item.severity]}">{status_word(item.severity)}</td>'
            f"<td{_due_key(item.due)}>{escape(due)}</td><td>{who}</td><td>{escape(item.what)}</td>"
            f'<td><a href="#{item.section}">{escape(titles[item.section])}</a></td></tr>'
        )
    body = (
        '<table class="attention">'
        "<caption>Ranked (by default: act before watch, overdue first, then by due time)</caption>"
        f'<thead><tr><th scope="col">status</th><th scope="col">due ({"your" if personal else "their"} time)</th>'
        '<th scope="col">who</th>'
        f'<th scope="col">what</th><th scope="col">section</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        if rows
        else "<p>Nothing needs attention.</p>"
    )
    return (
        f'<section id="{ATTENTION_KEY}" aria-labelledby="h-{ATTENTION_KEY}">'
        f'<h2 id="h-{ATTENTION_KEY}">Needs attention</h2>{_scroll(body)}</section>'
    )


def _since(report: Report) -> str:
    """The "Since last time" section: counts, every figure that changed, the new and resolved items."""
    comparison = report.comparison
    if comparison is None:
        return ""
    rows = "".join(
        f"<tr><th scope=row>{escape(f.label)}</th><td>{escape(f.section)}</td><td class=num>{_cell(f.then)}</td>"
        f"<td class=num>{_cell(f.now)}</td><td class=num>{escape(f.shown())}</td></tr>"
        for f in comparison.changed()
    )
    table = (
        '<table class="changes"><caption>Figures that changed, biggest first</caption><thead><tr>'
        '<th scope="col">figure</th><th scope="col">section</th><th scope="col">then</th><th scope="col">now</th>'
        f'<th scope="col">change</th></tr></thead><tbody>{rows}</tbody></table>'
        if rows
        else "<p>No figure changed.</p>"
    )
    lists = "".join(
        f"<h3>{word} ({len(items)})</h3><ul>"
        + "".join(f"<li>{escape(i.what)} ({escape(i.actor.name)})</li>" for i in items)
        + "</ul>"
        for word, items in (("New", comparison.new), ("Resolved", comparison.resolved))
        if items
    )
    when = comparison.previous_now.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f'<section id="{SINCE_KEY}" aria-labelledby="h-{SINCE_KEY}"><h2 id="h-{SINCE_KEY}">Since last time</h2>'
        f"<p>Compared with {escape(comparison.previous_title)} as of {when}: {escape(comparison.counts())}.</p>"
        f"{table}{lists}</section>"
    )


def report_to_html(report: Report) -> str:
    """Render `report` as one self-contained HTML document; the same report always gives the same bytes.

    Raises
    ------
    MissingDependency
        If the report has plots and matplotlib is not installed.
    """
    since = f'<li><a href="#{SINCE_KEY}">Since last time</a></li>' if report.comparison is not None else ""
    nav = (
        since
        + f'<li><a href="#{ATTENTION_KEY}">Needs attention</a></li>'
        + "".join(f'<li><a href="#{s.key}">{escape(s.title)}</a></li>' for s in report.sections)
    )
    sections = _since(report) + _attention(report) + "".join(section_to_html(s) for s in report.sections)
    when = report.now.strftime("%Y-%m-%d %H:%M UTC")
    if report.view.kind != "organisation":
        local = report.view.local(report.now)
        when += f", {local:%a %d %b %H:%M} {local:%Z} your time ({report.view.timezone})"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="teamcore"><title>{escape(report.title)}</title>'
        f"<style>{_CSS}{_STATUS_CSS}</style></head><body>"
        f"<header><h1>{escape(report.title)}</h1><p>As of {escape(when)}</p>"
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>'
        f"<main>{sections}</main><script>{_SCRIPT}</script></body></html>\n"
    )


def section_to_html(section: Section) -> str:
    """One section as the HTML report draws it: a ``<section>`` with its tables, figures and plots, no page around it.

    This is what a section shows in a notebook (``Section._repr_html_``).

    Raises
    ------
    WrongType
        If `section` is not a :class:`Section`.
    MissingDependency
        If the section has plots and matplotlib is not installed.

    Examples
    --------
    >>> section = Section(key="s", title="S", blocks=[Table(title="T", columns=["a"], rows=[[1]])])
    >>> section_to_html(section)
    '<section id="s" aria-labelledby="h-s"><h2 id="h-s">S</h2><div class="scroll"><table>...</section>'
    """
    if not isinstance(section, Section):
        raise WrongType("section", section, "a report Section")
    return (
        f'<section id="{section.key}" aria-labelledby="h-{section.key}"><h2 id="h-{section.key}">'
        f"{escape(section.title)}</h2>{''.join(_block(b) for b in section.blocks)}</section>"
    )


def _report_fragment(report: Report) -> str:
    """The report without the page around it (no styles that would restyle a notebook): a heading and the sections."""
    when = report.now.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"<div><h1>{escape(report.title)}</h1><p>As of {when}</p>{_attention(report)}"
        f"{''.join(section_to_html(s) for s in report.sections)}</div>"
    )


register_html("section", section_to_html)
register_html("report", _report_fragment)
