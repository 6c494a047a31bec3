"""The report in a terminal, with rich."""

from __future__ import annotations

import attrs
from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from teamcore._validators import check_int_range
from teamcore.report._attention import AttentionItem
from teamcore.report._model import Cell, Figures, Paragraph, Plot, Report, Table

__all__ = ["ATTENTION_SHOWN", "attention_table", "render_terminal"]

ATTENTION_SHOWN = 10
"""How many attention items the terminal shows before "and K more"."""

NOTHING = "Nothing needs attention."
"""The line shown when no section has anything to act on."""

_STYLES = {"act": "bold red", "watch": "yellow"}


def _when(item: AttentionItem, report: Report) -> str:
    local = item.local_due()
    if local is None:
        return "—"
    late = " late" if item.overdue(report.now) else ""
    return f"{local:%a %d %b %H:%M} {local:%Z}{late}"


def attention_table(report: Report, limit: int = ATTENTION_SHOWN) -> RichTable | Text:
    """The ranked "Needs attention" list as a rich table of its first `limit` items, or the "nothing" line.

    Status reads as text (``ACT``, ``watch``), colour only adds to it; due times are in the actor's timezone with
    ``late`` when past. The table wraps to the console's width; a caption says how many more there are.

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
    )
    table.add_column("status")
    table.add_column("due (their time) / who", no_wrap=True)
    table.add_column("what / section", ratio=1)
    for item in items[:limit]:
        status = item.severity.upper() if item.severity == "act" else item.severity
        who = item.actor.name + (" (lead)" if item.actor.role == "lead" else "")
        table.add_row(
            Text(status, style=_STYLES[item.severity]),
            Text(f"{_when(item, report)}\n{who}"),
            Text.assemble(item.what, ("  → " + item.section, "dim")),
        )
    return table


def _cell(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _table(block: Table) -> RichTable:
    table = RichTable(title=block.title, title_justify="left", caption=block.caption or None, caption_justify="left")
    for i, column in enumerate(block.columns):
        numeric = bool(block.rows) and all(isinstance(row[i], int | float) or row[i] is None for row in block.rows)
        table.add_column(column, justify="right" if numeric else "left")
    for row in block.rows:
        table.add_row(*(_cell(v) for v in row))
    if not block.rows:
        table.add_row(*(["none"] + [""] * (len(block.columns) - 1)))
    return table


def _figures(block: Figures) -> Group:
    parts = [
        Panel(
            Text.assemble((_cell(f.value), "bold"), "\n", f.label, *(("\n", (f.note, "dim")) if f.note else ())),
            expand=False,
        )
        for f in block.items
    ]
    grid = RichTable.grid(padding=(0, 1))
    grid.add_row(*parts)
    return Group(grid)


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
    """
    console.print(Rule(Text(report.title, style="bold")))
    console.print(f"as of {report.now.strftime('%Y-%m-%d %H:%M')} UTC", style="dim")
    console.print()
    console.print(Rule(Text("Needs attention", style="bold cyan"), align="left"))
    console.print(attention_table(report, attention_limit))
    for section in report.sections:
        console.print()
        console.print(Rule(Text(section.title, style="bold cyan"), align="left"))
        for block in section.blocks:
            if isinstance(block, Table):
                console.print(_table(block))
            elif isinstance(block, Plot):
                console.print(_table(attrs.evolve(block.data, title=f"{block.title} (plot in HTML)")))
            elif isinstance(block, Paragraph):
                console.print(block.text)
            else:
                console.print(_figures(block))
