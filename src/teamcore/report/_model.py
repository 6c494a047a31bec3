"""The report as data: sections of tables, key figures and text, rendered later to terminal, JSON or HTML.

Builders produce these values and nothing else; renderers never compute. That keeps every output format showing
the same numbers, and makes the report deterministic for a given input and ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from teamcore._time import as_utc
from teamcore._validators import check_identifier, check_text
from teamcore.exceptions import InvalidValue, WrongType

__all__ = ["Block", "Cell", "Figure", "Figures", "Paragraph", "Report", "Section", "Table"]

Cell = str | int | float | None
"""A table cell: text, a number, or ``None`` for "no value"."""


def _cells(row: Iterable[Cell]) -> tuple[Cell, ...]:
    cells = tuple(row)
    for cell in cells:
        if cell is not None and not isinstance(cell, str | int | float):
            raise WrongType("rows", cell, "cells of str, int, float or None")
    return cells


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(_cells(row) for row in rows)


def _columns(columns: Iterable[str]) -> tuple[str, ...]:
    return tuple(check_text(c, "columns") for c in columns)


def _now(value: dt.datetime) -> dt.datetime:
    return as_utc(value, "now")


@attrs.frozen(kw_only=True)
class Table:
    """A table with a title; every row has one cell per column.

    Raises
    ------
    InvalidValue
        If a row's length differs from the number of columns.
    """

    title: str
    columns: tuple[str, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    caption: str = ""

    def __attrs_post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise InvalidValue(f"rows[{i}]", row, f"{len(self.columns)} cells, one per column {self.columns}")


@attrs.frozen
class Paragraph:
    """A sentence or two of text."""

    text: str


@attrs.frozen
class Figure:
    """One key figure: a label, a value and an optional note (target, unit, trend)."""

    label: str
    value: Cell
    note: str = ""


def _figures(items: Iterable[Figure]) -> tuple[Figure, ...]:
    found = tuple(items)
    for item in found:
        if not isinstance(item, Figure):
            raise WrongType("items", item, "Figure values")
    return found


@attrs.frozen
class Figures:
    """A row of key figures shown prominently."""

    items: tuple[Figure, ...] = attrs.field(converter=_figures)


Block = Table | Paragraph | Figures
"""What a section is made of."""


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    items = tuple(blocks)
    for item in items:
        if not isinstance(item, Table | Paragraph | Figures):
            raise WrongType("blocks", item, "Table, Paragraph or Figures")
    return items


@attrs.frozen(kw_only=True)
class Section:
    """A section of the report: a stable `key` (used in JSON and HTML anchors), a title and its blocks."""

    key: str = attrs.field(validator=lambda _i, _a, v: check_identifier(v, "key"))
    title: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "title"))
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    found = tuple(sections)
    for item in found:
        if not isinstance(item, Section):
            raise WrongType("sections", item, "Section values")
    return found


@attrs.frozen(kw_only=True)
class Report:
    """The team health report: what was asked (organisation, team, ``now``) and the sections."""

    title: str
    organisation: str
    now: dt.datetime = attrs.field(converter=_now)
    team: str | None
    sections: tuple[Section, ...] = attrs.field(converter=_sections)

    def section(self, key: str) -> Section:
        """The section with `key`.

        Raises
        ------
        InvalidValue
            If the report has no such section.
        """
        for section in self.sections:
            if section.key == key:
                return section
        raise InvalidValue("key", key, f"one of {[s.key for s in self.sections]}")
