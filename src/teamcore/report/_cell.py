"""A table cell's type, shared by the report model and the comparison model (which the model holds)."""

from __future__ import annotations

from teamcore.report._status import Rate, Rated

__all__ = ["Cell", "plain"]

Cell = str | int | float | Rate | Rated | None
"""A table cell: text, a number, a :class:`~teamcore.report.Rate` (a share shown as a percent), a
:class:`~teamcore.report.Rated` value (with a status), or ``None`` for "no value"."""


def plain(cell: Cell) -> str | int | float | None:
    """The value JSON keeps for `cell`: a :class:`Rated` cell's value, a :class:`Rate`'s share, else the cell."""
    value = cell.value if isinstance(cell, Rated) else cell
    return value.value if isinstance(value, Rate) else value
