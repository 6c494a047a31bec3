"""Fitting a report table to a console's width without cutting a value.

rich shrinks a table that is too wide by cutting its cells with ``…``; an id or a status cut that way is useless
to a lead. This module chooses, per table, the first form that fits the width with every word whole:

1. **as is**, each column at least as wide as its longest word (text columns wrap between words);
2. **split** (a matrix: a label column and numeric columns, such as weekday × hour): the value columns are dealt
   into as few parts as fit, evenly, each part repeating the label column;
3. **stacked**: the first column stays, the others are stacked two (then three, ...) to a cell, one value per line,
   the header naming them in the same order (a stacked cell never wraps, so its lines stay beside the header's);
4. **records**: one small two-column block per row, ``column  value``.

Only a single word wider than the whole console (which the forms above cannot help) is folded across lines, never
cut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from teamcore.report._model import Cell, Table, plain
from teamcore.report._status import Rated, Status, scalar_text

__all__ = ["STATUS_STYLES", "cell_text", "fit_table", "styled_cell"]

STATUS_STYLES: dict[Status, str] = {Status.OK: "bold green", Status.WATCH: "bold yellow", Status.ACT: "bold red"}
"""The rich style of each status: colour in addition to its symbol and word, never instead."""


def cell_text(value: Cell) -> str:
    """A cell as the terminal shows it (``—`` for none, floats with two decimals, rates as percents, ``✗ 79%``).

    A rated cell shows its symbol and text.
    """
    if isinstance(value, Rated):
        return value.label
    return scalar_text(value)


def styled_cell(value: Cell) -> Text:
    """A cell as rich text: :func:`cell_text`, coloured by its status when it has one."""
    return Text(cell_text(value), style=STATUS_STYLES[value.status] if isinstance(value, Rated) else "")


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


class _Grid:
    """Headers, text cells and alignment of one table form, with the widths it needs."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Text]],
        numeric: Sequence[bool],
        rigid: Sequence[bool] | None = None,
    ) -> None:
        self.headers = list(headers)
        self.rows = [list(r) for r in rows]
        self.numeric = list(numeric)
        columns = [[h, *(r[i].plain for r in self.rows)] for i, h in enumerate(self.headers)]
        self.maximum = [max(_longest_line(t) for t in col) for col in columns]
        # A rigid column (stacked values, one a line) must not wrap: its lines have to stay beside the header's.
        self.minimum = [
            mx if rigid is not None and rigid[i] else max(_longest_word(t) for t in col)
            for i, (col, mx) in enumerate(zip(columns, self.maximum, strict=True))
        ]

    def overhead(self) -> int:
        """Borders and padding of a boxed table: one rule per edge and between columns, a space each side."""
        return 3 * len(self.headers) + 1

    def fits(self, width: int) -> bool:
        return sum(self.minimum) + self.overhead() <= width

    def widths(self, width: int) -> list[int]:
        """Column widths: the natural ones if they fit, else the minimums plus the room left.

        The room goes first to the columns that need least to show their cells on one line (a name, a time), then,
        shared by need, to the long texts that wrap anyway.
        """
        room = width - self.overhead()
        if sum(self.maximum) <= room:
            return self.maximum
        widths = list(self.minimum)
        spare = room - sum(widths)
        need = [mx - mn for mn, mx in zip(self.minimum, self.maximum, strict=True)]
        waiting = sorted((i for i in range(len(need)) if need[i]), key=lambda i: need[i])
        while waiting and need[waiting[0]] <= spare:
            i = waiting.pop(0)
            widths[i] += need[i]
            spare -= need[i]
        total = sum(need[i] for i in waiting)
        if spare > 0 and total:
            shares = {i: spare * need[i] // total for i in waiting}
            for i, share in shares.items():
                widths[i] += share
            for i in sorted(waiting, key=lambda i: -need[i])[: spare - sum(shares.values())]:
                widths[i] += 1
        return widths

    def render(self, width: int, title: str | None, caption: str | None) -> RichTable:
        """A boxed rich table at :meth:`widths` (called when it :meth:`fits`, so no word is folded)."""
        table = RichTable(title=title, title_justify="left", caption=caption, caption_justify="left")
        for header, numeric, w in zip(self.headers, self.numeric, self.widths(width), strict=True):
            table.add_column(header, justify="right" if numeric else "left", overflow="fold", width=w)
        for row in self.rows:
            table.add_row(*row)
        return table


def _base(block: Table) -> _Grid:
    empty = [[Text("none")] + [Text("")] * (len(block.columns) - 1)]
    rows = [[styled_cell(v) for v in row] for row in block.rows] or empty
    numeric = [
        bool(block.rows) and all(isinstance(plain(row[i]), int | float | None) for row in block.rows)
        for i in range(len(block.columns))
    ]
    return _Grid(block.columns, rows, numeric)


def _split(grid: _Grid, width: int) -> list[_Grid] | None:
    """The value columns dealt evenly into as few parts as fit, each with the label column; None if none fit."""
    values = len(grid.headers) - 1
    for parts in range(2, values + 1):
        size = math.ceil(values / parts)
        groups = [list(range(1 + k, min(1 + k + size, 1 + values))) for k in range(0, values, size)]
        grids = [
            _Grid(
                [grid.headers[0], *(grid.headers[i] for i in g)],
                [[r[0], *(r[i] for i in g)] for r in grid.rows],
                [grid.numeric[0], *(grid.numeric[i] for i in g)],
            )
            for g in groups
        ]
        if all(g.fits(width) for g in grids):
            return grids
    return None


def _stacked(grid: _Grid, width: int) -> _Grid | None:
    """The first column, then the others stacked k to a cell for the smallest k that fits; None if none does."""
    rest = len(grid.headers) - 1
    for k in range(2, rest + 1):
        groups = [list(range(1 + j, min(1 + j + k, 1 + rest))) for j in range(0, rest, k)]
        stacked = _Grid(
            [grid.headers[0], *("\n".join(grid.headers[i] for i in g) for g in groups)],
            [[r[0], *(Text("\n").join(r[i] for i in g) for g in groups)] for r in grid.rows],
            [grid.numeric[0], *(all(grid.numeric[i] for i in g) for g in groups)],
            [False, *(len(g) > 1 for g in groups)],
        )
        if stacked.fits(width):
            return stacked
    return None


def _records(grid: _Grid, title: str | None, caption: str | None, width: int) -> RichTable:
    """One block per row: each column's name and value on a line of its own, a rule between rows."""
    table = RichTable(title=title, title_justify="left", caption=caption, caption_justify="left", show_header=False)
    name_width = max(1, min(max(_longest_line(h) for h in grid.headers), width // 3))
    table.add_column(style="dim", overflow="fold", width=name_width)
    table.add_column(overflow="fold", width=max(1, width - name_width - 7))
    for row in grid.rows:
        for i, (header, value) in enumerate(zip(grid.headers, row, strict=True)):
            table.add_row(Text(header), value, end_section=i == len(row) - 1)
    return table


def fit_table(block: Table, width: int) -> list[RenderableType]:
    """`block` as one or more rich tables no wider than `width`, no cell cut (see the module's forms).

    Parameters
    ----------
    block
        The table of the report model.
    width
        The console's width in cells.

    Returns
    -------
    list of rich renderables
        Usually one table; a split matrix gives one per part, the title on the first and the caption on the last.
    """
    grid = _base(block)
    title, caption = block.title or None, block.caption or None
    if grid.fits(width):
        return [grid.render(width, title, caption)]
    matrix = len(grid.headers) > 2 and all(grid.numeric[1:])
    if matrix and (parts := _split(grid, width)) is not None:
        last = len(parts) - 1
        return [
            part.render(width, f"{title} ({i + 1} of {len(parts)})" if title else None, caption if i == last else None)
            for i, part in enumerate(parts)
        ]
    if (stacked := _stacked(grid, width)) is not None:
        return [stacked.render(width, title, caption)]
    return [_records(grid, title, caption, width)]
