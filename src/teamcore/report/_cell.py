"""A table cell's type, shared by the report model and the comparison model (which the model holds)."""

from __future__ import annotations

__all__ = ["Cell"]

Cell = str | int | float | None
"""A table cell: text, a number, or ``None`` for "no value"."""
