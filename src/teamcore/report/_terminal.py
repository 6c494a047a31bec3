"""The report in a terminal, with rich."""

from __future__ import annotations

import attrs
from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from teamcore.report._model import Cell, Figures, Paragraph, Plot, Report, Table

__all__ = ["render_terminal"]


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


def render_terminal(report: Report, console: Console) -> None:
    """Print `report` to `console`: a heading, then each section's figures, tables and text."""
    console.print(Rule(Text(report.title, style="bold")))
    console.print(f"as of {report.now.strftime('%Y-%m-%d %H:%M')} UTC", style="dim")
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
