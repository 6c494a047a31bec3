"""The report as data: sections of tables, key figures and text, rendered later to terminal, JSON or HTML.

Builders produce these values and nothing else; renderers never compute. That keeps every output format showing
the same numbers, and makes the report deterministic for a given input and ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal, get_args

import attrs

from teamcore._display import short_repr
from teamcore._time import as_utc
from teamcore._validators import check_identifier, check_text, instance_tuple
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.report._attention import AttentionItem

__all__ = [
    "ATTENTION_KEY",
    "Block",
    "Cell",
    "Figure",
    "Figures",
    "Paragraph",
    "Plot",
    "PlotKind",
    "Report",
    "Section",
    "Table",
]

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

    def __repr__(self) -> str:
        return short_repr(self)

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

    def __repr__(self) -> str:
        return short_repr(self)

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


def _items(items: Iterable[AttentionItem]) -> tuple[AttentionItem, ...]:
    return instance_tuple(items, "attention", AttentionItem, "AttentionItem values")


ATTENTION_KEY: Final = "attention"
"""The anchor and key of the "Needs attention" list; no section may use it."""

_HTML: dict[str, Callable[[Any], str]] = {}
"""How a section and a report draw themselves in a notebook: :mod:`teamcore.report._html` registers its renderers
here when it is imported (it imports this module, so this module cannot import it)."""


def register_html(kind: Literal["section", "report"], render: Callable[[Any], str]) -> None:
    """Make `render` what :meth:`Section._repr_html_` (`kind` ``"section"``) or the report's draws with."""
    _HTML[kind] = render


def _render(kind: str, value: object) -> str:
    # teamcore.report's __init__ imports the renderer before anyone can hold a Section: it is always registered.
    return _HTML[kind](value)


@attrs.frozen(kw_only=True)
class Section:
    """A section of the report: a stable `key` (used in JSON and HTML anchors), a title and its blocks.

    `attention` holds what in this section needs acting on, each item pointing at a row of one of its tables; the
    report ranks the items of every section into one list.

    Raises
    ------
    InvalidValue
        If the key is reserved, or an attention item names another section, a table the section lacks, or a row
        past the end of its table.
    """

    key: str = attrs.field(validator=lambda _i, _a, v: check_identifier(v, "key"))
    title: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "title"))
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    attention: tuple[AttentionItem, ...] = attrs.field(default=(), converter=_items)

    def __repr__(self) -> str:
        return short_repr(self)

    def _repr_html_(self) -> str:
        """The section in a notebook: its tables, figures and plots as the HTML report draws them."""
        return _render("section", self)

    def __attrs_post_init__(self) -> None:
        if self.key == ATTENTION_KEY:
            raise InvalidValue("key", self.key, f"a key other than {ATTENTION_KEY!r} (the attention list's anchor)")
        tables = {b.title: len(b.rows) for b in reversed(self.blocks) if isinstance(b, Table)}
        for i, item in enumerate(self.attention):
            if item.section != self.key:
                raise InvalidValue(f"attention[{i}].section", item.section, f"this section's key {self.key!r}")
            if item.table not in tables:
                raise InvalidValue(f"attention[{i}].table", item.table, f"one of the section's tables {sorted(tables)}")
            if item.row >= tables[item.table]:
                raise InvalidValue(f"attention[{i}].row", item.row, f"below {tables[item.table]}, the table's rows")


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return instance_tuple(sections, "sections", Section, "Section values")


@attrs.frozen(kw_only=True)
class Report:
    """The team health report: what was asked (organisation, team, ``now``), the sections and what needs attention.

    `attention` is the ranked "Needs attention" list (see :func:`~teamcore.report.rank`); every item comes from one
    of the sections.

    Raises
    ------
    InvalidValue
        If an attention item names a section the report lacks.
    """

    title: str
    organisation: str
    now: dt.datetime = attrs.field(converter=_now)
    team: str | None
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    attention: tuple[AttentionItem, ...] = attrs.field(default=(), converter=_items)

    def __repr__(self) -> str:
        return short_repr(self)

    def _repr_html_(self) -> str:
        """The report in a notebook: its "Needs attention" list and sections, as the HTML report draws them."""
        return _render("report", self)

    def __attrs_post_init__(self) -> None:
        keys = {s.key for s in self.sections}
        for i, item in enumerate(self.attention):
            if item.section not in keys:
                raise InvalidValue(f"attention[{i}].section", item.section, f"one of the sections {sorted(keys)}")

    def select(self, keys: Iterable[str]) -> Report:
        """The report with only the sections in `keys` (in report order) and the attention items from them.

        Raises
        ------
        InvalidValue
            If a key names no section of the report.

        Examples
        --------
        >>> report = Report(title="T", organisation="O", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), team=None,
        ...                 sections=[Section(key="a", title="A", blocks=[]), Section(key="b", title="B", blocks=[])])
        >>> [s.key for s in report.select(["b"]).sections]
        ['b']
        """
        wanted = set(keys)
        for key in sorted(wanted):
            self.section(key)
        return attrs.evolve(
            self,
            sections=[s for s in self.sections if s.key in wanted],
            attention=[i for i in self.attention if i.section in wanted],
        )

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
