"""The report in a terminal, with rich."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import attrs
from rich.box import HEAVY_HEAD
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from teamcore._validators import check_int_range
from teamcore.exceptions import WrongType
from teamcore.report._attention import AttentionItem
from teamcore.report._comparison import ReportComparison
from teamcore.report._fit import STATUS_STYLES, cell_text, fit_table
from teamcore.report._model import Figure, Figures, Paragraph, Plot, Report, Section, Table

__all__ = [
    "ATTENTION_SHOWN",
    "CHANGES_SHOWN",
    "SUMMARY_HEIGHT",
    "SUMMARY_SHOWN",
    "attention_table",
    "comparison_block",
    "headline",
    "render_summary",
    "render_terminal",
]

CHANGES_SHOWN = 5
"""How many figure changes, new and resolved items "Since last time" lists."""

ATTENTION_SHOWN = 10
"""How many attention items the terminal shows before "and K more"."""

SUMMARY_SHOWN = 5
"""How many attention items the summary (``--summary``) shows at most."""

SUMMARY_HEIGHT = 24
"""The lines the summary fits in (one 80 × 24 screen): fewer attention items are shown when it would not."""

_PANEL_WIDTH = 19
"""The narrowest key-figure panel, borders included: four to a row at 80 columns, six at 120."""

NOTHING = "Nothing needs attention."
"""The line shown when no section has anything to act on."""


def _local(item: AttentionItem, report: Report) -> dt.datetime | None:
    """`item`'s due time in the actor's zone, or in the viewer's for a lead's or member's view."""
    if item.due is None or report.view.kind == "organisation":
        return item.local_due()
    return report.view.local(item.due)


def _when(item: AttentionItem, report: Report) -> str:
    local = _local(item, report)
    if local is None:
        return "—"
    late = " late" if item.overdue(report.now) else ""
    return f"{local:%a %d %b %H:%M} {local:%Z}{late}"


def attention_table(report: Report, limit: int = ATTENTION_SHOWN, *, compact: bool = False) -> RichTable | Text:
    """The ranked "Needs attention" list as a rich table of its first `limit` items, or the "nothing" line.

    Status reads as its symbol and word (``✗ act``, ``▲ watch``), colour only adds to it; due times are in the
    actor's timezone with ``late`` when past. The table wraps to the console's width; a caption says how many
    more there are.
    `compact` drops the box (the summary's form: two lines fewer and one space between columns).

    Raises
    ------
    OutOfRange
        If `limit` is negative.
    """
    check_int_range(limit, "attention_limit", 0, 10_000_000)
    items = report.attention
    if not items:
        return Text(NOTHING)
    more = len(items) - limit
    table = RichTable(
        caption=f"and {more} more: see the sections, the JSON or the HTML report" if more > 0 else None,
        caption_justify="left",
        show_lines=False,
        box=None if compact else HEAVY_HEAD,
        pad_edge=not compact,
    )
    table.add_column("status")
    whose = "their" if report.view.kind == "organisation" else "your"
    table.add_column(f"due ({whose} time) / who", overflow="fold")
    table.add_column("what / section", ratio=1, overflow="fold")
    for item in items[:limit]:
        who = item.actor.name + (" (lead)" if item.actor.role == "lead" else "")
        table.add_row(
            Text(f"{item.severity.symbol} {item.severity.label}", style=STATUS_STYLES[item.severity]),
            Text(f"{_when(item, report)}\n{who}"),
            Text.assemble(item.what, ("  → " + item.section, "dim")),
        )
    return table


def tile_text(figure: Figure) -> Text:
    """One figure's panel body: value (with its status's symbol, coloured), label, target and change, note."""
    status = figure.status
    value = figure.value_text() if status is None else f"{status.symbol} {figure.value_text()}"
    against = " · ".join(t for t in (figure.target_text(), figure.change_text()) if t is not None)
    return Text.assemble(
        (value, "bold" if status is None else STATUS_STYLES[status]),
        "\n",
        figure.label,
        *(("\n", against) if against else ()),
        *(("\n", (figure.note, "dim")) if figure.note else ()),
    )


def _figures(block: Figures, width: int) -> RichTable:
    """The key figures as panels of one width, as many to a row as fit `width` (labels and notes wrap inside)."""
    bodies = [tile_text(f) for f in block.items]
    borders = ["none" if f.status is None else STATUS_STYLES[f.status].split()[-1] for f in block.items]
    longest = max((cell_len(word) for body in bodies for word in body.plain.split()), default=0)
    per_row = max(1, min(len(bodies), (width + 1) // (_PANEL_WIDTH + 1)))
    panel = max((width - per_row + 1) // per_row, longest + 4)
    per_row = max(1, min(per_row, (width + 1) // (panel + 1)))
    grid = RichTable.grid(padding=(0, 1))
    for start in range(0, len(bodies), per_row):
        row = [
            Panel(body, width=panel, border_style=border)
            for body, border in zip(bodies[start : start + per_row], borders[start : start + per_row], strict=True)
        ]
        grid.add_row(*row, *([""] * (per_row - len(row))))
    return grid


def _print(console: Console, renderable: RenderableType | str, **kwargs: Any) -> None:
    # The CLI's console soft-wraps (one problem, one line); report text wraps to the width instead.
    console.print(renderable, soft_wrap=False, **kwargs)


def _check(report: object, console: object) -> None:
    if not isinstance(report, Report):
        raise WrongType("report", report, "a Report (teamcore.report.build_report)")
    if not isinstance(console, Console):
        raise WrongType("console", console, "a rich Console")


def _as_of(report: Report) -> str:
    line = f"as of {report.now.strftime('%Y-%m-%d %H:%M')} UTC"
    if report.view.kind != "organisation":
        local = report.view.local(report.now)
        line += f", {local:%a %d %b %H:%M} {local:%Z} your time ({report.view.timezone})"
    return line


def _since(comparison: ReportComparison) -> str:
    then = f"{comparison.previous_now:%Y-%m-%d %H:%M} UTC"
    kind, member = comparison.previous_view
    scope = "" if kind == "organisation" else f", {kind} {member}"
    return f"Since last time ({then}{scope})"


def comparison_block(report: Report, console: Console, *, limit: int = CHANGES_SHOWN) -> None:
    """Print "Since last time": new, resolved and still-open counts, the biggest figure changes, new and resolved items.

    Nothing is printed for a report without a comparison. Tables wrap to the console's width.

    Raises
    ------
    WrongType
        If `report` is not a :class:`Report` or `console` not a rich ``Console``.
    """
    _check(report, console)
    comparison = report.comparison
    if comparison is None:
        return
    _print(console, Rule(Text(_since(comparison), style="bold cyan"), align="left"))
    _print(console, Text(comparison.counts()))
    if report.view.kind != comparison.previous_view[0] or (report.view.id or None) != comparison.previous_view[1]:
        _print(console, Text("note: the previous report is of another view; figures compare different scopes"))
    biggest = comparison.biggest(limit)
    if biggest:
        table = RichTable(box=HEAVY_HEAD, caption=None)
        table.add_column("figure", ratio=1, overflow="fold")
        table.add_column("then", justify="right", overflow="fold")
        table.add_column("now", justify="right", overflow="fold")
        table.add_column("change", justify="right", overflow="fold")
        for f in biggest:
            table.add_row(f"{f.label} ({f.section})", cell_text(f.then), cell_text(f.now), f.shown())
        _print(console, table)
    for word, items in (("New", comparison.new), ("Resolved", comparison.resolved)):
        for item in items[:limit]:
            _print(console, Text(f"{word}: {item.what} ({item.actor.name})"), overflow="fold")
        if len(items) > limit:
            _print(console, Text(f"{word}: and {len(items) - limit} more"))
    _print(console, "")


def _heading(report: Report, console: Console, *, blank: bool = True) -> None:
    _print(console, Rule(Text(report.title, style="bold")))
    _print(console, _as_of(report), style="dim")
    if blank:
        _print(console, "")
        comparison_block(report, console)
    elif report.comparison is not None:
        _print(console, Text(f"{_since(report.comparison)}: {report.comparison.counts()}"), overflow="fold")
    _print(console, Rule(Text("Needs attention", style="bold cyan"), align="left"))


def render_terminal(report: Report, console: Console, *, attention_limit: int = ATTENTION_SHOWN) -> None:
    """Print `report` to `console`: a heading, "Needs attention", then each section's figures, tables and text.

    Parameters
    ----------
    report
        The report.
    console
        Where to print; tables fit its width.
    attention_limit
        How many attention items to list before "and K more" (default :data:`ATTENTION_SHOWN`).

    Raises
    ------
    WrongType
        If `report` is not a :class:`Report` or `console` not a rich ``Console``.
    """
    _check(report, console)
    _heading(report, console)
    _print(console, attention_table(report, attention_limit))
    for section in report.sections:
        _print(console, "")
        _print(console, Rule(Text(section.title, style="bold cyan"), align="left"))
        for block in section.blocks:
            if isinstance(block, Table):
                for part in fit_table(block, console.width):
                    _print(console, part)
            elif isinstance(block, Plot):
                for part in fit_table(attrs.evolve(block.data, title=f"{block.title} (plot in HTML)"), console.width):
                    _print(console, part)
            elif isinstance(block, Paragraph):
                _print(console, block.text)
            else:
                _print(console, _figures(block, console.width))


def headline(section: Section, width: int) -> str:
    """One line for `section`: its title and the figures of its first row of key figures that fit in `width`.

    Figures that do not fit are counted (``+2 more``) rather than cut; a section without figures says how many
    tables it has.

    Examples
    --------
    >>> from teamcore.report._model import Figure
    >>> s = Section(key="k", title="Staffing", blocks=[Figures([Figure("Red intervals", 10), Figure("Amber", 0)])])
    >>> headline(s, 80)
    'Staffing: 10 Red intervals · 0 Amber'
    >>> headline(s, 30)
    'Staffing: 10 Red intervals +1 more'

    Raises
    ------
    WrongType
        If `section` is not a :class:`Section` or `width` not a whole number.
    OutOfRange
        If `width` is below 1.
    """
    if not isinstance(section, Section):
        raise WrongType("section", section, "a report Section")
    check_int_range(width, "width", 1, 1_000_000)
    figures = next((b for b in section.blocks if isinstance(b, Figures)), None)
    if figures is None or not figures.items:
        tables = sum(isinstance(b, Table | Plot) for b in section.blocks)
        return f"{section.title}: {tables} table{'s' * (tables != 1)}"
    parts = [
        f"{f.value_text() if f.status is None else f.status.symbol + ' ' + f.value_text()} {f.label}"
        for f in figures.items
    ]
    line = f"{section.title}: {parts[0]}"
    for i, part in enumerate(parts[1:], start=1):
        more = len(parts) - i - 1
        if cell_len(line + " · " + part + (f" +{more} more" if more else "")) > width:
            return f"{line} +{len(parts) - i} more"
        line += " · " + part
    return line


def render_summary(
    report: Report, console: Console, *, attention_limit: int = SUMMARY_SHOWN, height: int = SUMMARY_HEIGHT
) -> None:
    """Print the one-screen summary: the heading, the top of "Needs attention" and one :func:`headline` a section.

    The summary fits `height` lines at the console's width: when the heading, the section headlines and
    `attention_limit` items would not (a lead's week has a section more, a narrow console wraps items onto more
    lines), fewer attention items are shown, and "and K more" counts the rest. With the defaults the demo's
    summary, and a lead's or member's, fit an 80 × 24 terminal.

    Raises
    ------
    WrongType
        If `report` is not a :class:`Report` or `console` not a rich ``Console``.
    OutOfRange
        If `attention_limit` or `height` is negative.
    """
    _check(report, console)
    check_int_range(attention_limit, "attention_limit", 0, 10_000)
    check_int_range(height, "height", 0, 10_000)
    shown = attention_limit
    while shown > 0 and _summary_lines(report, console.width, shown) > height:
        shown -= 1
    _summary(report, console, shown)


def _summary_lines(report: Report, width: int, shown: int) -> int:
    """How many lines the summary with `shown` attention items takes `width` cells wide."""
    scratch = Console(file=io.StringIO(), width=width, no_color=True, soft_wrap=True)
    _summary(report, scratch, shown)
    text = scratch.file.getvalue()  # type: ignore[attr-defined]
    return len(text.splitlines())


def _summary(report: Report, console: Console, shown: int) -> None:
    _heading(report, console, blank=False)
    _print(console, attention_table(report, shown, compact=True))
    _print(console, Rule(Text("Sections", style="bold cyan"), align="left"))
    for section in report.sections:
        _print(console, Text(headline(section, console.width)), overflow="fold")
