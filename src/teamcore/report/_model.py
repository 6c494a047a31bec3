"""The report as data: sections of tables, key figures and text, rendered later to terminal, JSON or HTML.

Builders produce these values and nothing else; renderers never compute. That keeps every output format showing
the same numbers, and makes the report deterministic for a given input and ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final, Literal, get_args

import attrs

from teamcore._time import as_utc
from teamcore._validators import check_identifier, check_text, instance_tuple
from teamcore.exceptions import InvalidValue, WrongType

__all__ = ["Block", "Cell", "Figure", "Figures", "Paragraph", "Plot", "PlotKind", "Report", "Section", "Table"]

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
    return instance_tuple(items, "items", Figure, "Figure values")


@attrs.frozen
class Figures:
    """A row of key figures shown prominently."""

    items: tuple[Figure, ...] = attrs.field(converter=_figures)


PlotKind = Literal["heatmap", "line", "bar", "graph"]
"""How a :class:`Plot` draws its table.

``heatmap``
    First column: row labels; other columns: one value each (e.g. weekday × hour of the week).
``line``
    First column: x (e.g. a date); other columns: one series each (e.g. requests and their moving average).
``bar``
    First column: labels; second: value; an optional third: target, drawn as a marker.
``graph``
    Columns source and target, one row per edge (e.g. mentor → mentee).
"""

_PLOT_KINDS: Final = frozenset(get_args(PlotKind))


@attrs.frozen(kw_only=True)
class Plot:
    """A plot and the numbers behind it: HTML draws it, the terminal and JSON show its table.

    Parameters
    ----------
    kind
        One of :data:`PlotKind`.
    title
        Heading of the plot.
    alt
        Text alternative for readers who cannot see the plot: what it shows and its main finding.
    data
        The numbers behind the plot, shaped as `kind` describes.
    """

    kind: PlotKind = attrs.field()
    title: str
    alt: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "alt", max_length=500))
    data: Table

    @kind.validator
    def _check_kind(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _PLOT_KINDS:
            raise InvalidValue("kind", value, f"one of {sorted(_PLOT_KINDS)}")


Block = Table | Paragraph | Figures | Plot
"""What a section is made of."""


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    items = tuple(blocks)
    for item in items:
        if not isinstance(item, Table | Paragraph | Figures | Plot):
            raise WrongType("blocks", item, "Table, Paragraph, Figures or Plot")
    return items


@attrs.frozen(kw_only=True)
class Section:
    """A section of the report: a stable `key` (used in JSON and HTML anchors), a title and its blocks."""

    key: str = attrs.field(validator=lambda _i, _a, v: check_identifier(v, "key"))
    title: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "title"))
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return instance_tuple(sections, "sections", Section, "Section values")


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
