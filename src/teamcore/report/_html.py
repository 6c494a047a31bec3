"""The report as one self-contained, accessible HTML file (no network needed to view it).

Written with the standard library: every value is escaped with :func:`html.escape`; a template engine would add a
dependency for a single fixed page. Plots are inline SVG (see :mod:`teamcore.report._plots`), each followed by the
table of numbers behind it.
"""

from __future__ import annotations

from html import escape
from typing import Final

from teamcore.report._model import (
    ATTENTION_KEY,
    Block,
    Cell,
    Figures,
    Paragraph,
    Plot,
    Report,
    Section,
    Table,
    register_html,
)
from teamcore.report._plots import plot_svg

__all__ = ["report_to_html", "section_to_html"]

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
table { border-collapse: collapse; margin: .3rem 2rem 1rem 0; font-size: .9rem; }
section > table { display: inline-table; vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .7rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { color: var(--muted); font-size: .85rem; margin-top: -.6rem; }
figure { margin: .5rem 0 1.2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; }
details summary { cursor: pointer; color: var(--accent); }
td.status { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
td.status-act { color: #a11d1d; }
td.status-watch { color: #8a5a00; }
td.status-act::before { content: "\\25B2 "; }
td.status-watch::before { content: "\\25CF "; }
"""


def _cell(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return escape(str(value))


def _table(block: Table, *, heading: bool = True) -> str:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in block.columns)
    body = []
    for row in block.rows:
        cells = []
        for i, value in enumerate(row):
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
    items = "".join(
        f"<div><dt>{escape(f.label)}</dt><dd>{_cell(f.value)}"
        f"{f'<small>{escape(f.note)}</small>' if f.note else ''}</dd></div>"
        for f in block.items
    )
    return f'<dl class="figures">{items}</dl>'


def _plot(block: Plot) -> str:
    return (
        f'<figure class="plot plot-{block.kind}"><figcaption>{escape(block.title)}</figcaption>'
        f"{plot_svg(block)}<details><summary>Numbers behind the plot</summary>"
        f"{_table(block.data)}</details></figure>"
    )


def _block(block: Block) -> str:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Figures):
        return _figures(block)
    return _plot(block)


def _attention(report: Report) -> str:
    """The "Needs attention" list: status as text and a class (``status-act``, ``status-watch``), never colour only."""
    titles = {s.key: s.title for s in report.sections}
    rows = []
    for item in report.attention:
        local = item.local_due()
        late = " (late)" if item.overdue(report.now) else ""
        due = "—" if local is None else f"{local:%a %d %b %H:%M} {local:%Z}{late}"
        who = escape(item.actor.name) + (" <small>(lead)</small>" if item.actor.role == "lead" else "")
        rows.append(
            f'<tr class="attention-{item.severity}"><td class="status status-{item.severity}">{item.severity}</td>'
            f"<td>{escape(due)}</td><td>{who}</td><td>{escape(item.what)}</td>"
            f'<td><a href="#{item.section}">{escape(titles[item.section])}</a></td></tr>'
        )
    body = (
        '<table class="attention">'
        "<caption>Ranked (by default: act before watch, overdue first, then by due time)</caption>"
        '<thead><tr><th scope="col">status</th><th scope="col">due (their time)</th><th scope="col">who</th>'
        f'<th scope="col">what</th><th scope="col">section</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        if rows
        else "<p>Nothing needs attention.</p>"
    )
    return (
        f'<section id="{ATTENTION_KEY}" aria-labelledby="h-{ATTENTION_KEY}">'
        f'<h2 id="h-{ATTENTION_KEY}">Needs attention</h2>{body}</section>'
    )


def report_to_html(report: Report) -> str:
    """Render `report` as one self-contained HTML document; the same report always gives the same bytes.

    Raises
    ------
    MissingDependency
        If the report has plots and matplotlib is not installed.
    """
    nav = f'<li><a href="#{ATTENTION_KEY}">Needs attention</a></li>' + "".join(
        f'<li><a href="#{s.key}">{escape(s.title)}</a></li>' for s in report.sections
    )
    sections = _attention(report) + "".join(
        f'<section id="{s.key}" aria-labelledby="h-{s.key}"><h2 id="h-{s.key}">{escape(s.title)}</h2>'
        f"{''.join(_block(b) for b in s.blocks)}</section>"
        for s in report.sections
    )
    when = report.now.strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="teamcore"><title>{escape(report.title)}</title>'
        f"<style>{_CSS}</style></head><body>"
        f"<header><h1>{escape(report.title)}</h1><p>As of {when}</p>"
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>'
        f"<main>{sections}</main></body></html>\n"
    )


def section_to_html(section: Section) -> str:
    """One section as the HTML report draws it: a ``<section>`` with its tables, figures and plots, no page around it.

    This is what a section shows in a notebook (``Section._repr_html_``).

    Raises
    ------
    MissingDependency
        If the section has plots and matplotlib is not installed.

    Examples
    --------
    >>> section = Section(key="s", title="S", blocks=[Table(title="T", columns=["a"], rows=[[1]])])
    >>> section_to_html(section)
    '<section id="s" aria-labelledby="h-s"><h2 id="h-s">S</h2><table><caption>T</caption>...</section>'
    """
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
