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
from teamcore._time import as_utc, timezone, validate_timezone
from teamcore._validators import check_identifier, check_text, instance_tuple
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.report._attention import AttentionItem
from teamcore.report._cell import Cell, plain
from teamcore.report._comparison import ReportComparison
from teamcore.report._status import Rate, Rated, Scalar, Status, as_status, scalar_text

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
    "View",
    "ViewKind",
    "cell_status",
    "is_rate",
    "plain",
]


def _cells(row: Iterable[Cell]) -> tuple[Cell, ...]:
    cells = tuple(row)
    for cell in cells:
        if cell is not None and (isinstance(cell, bool) or not isinstance(cell, str | int | float | Rate | Rated)):
            raise WrongType("rows", cell, "cells of str, int, float, Rate, Rated or None")
    return cells


def is_rate(cell: Cell) -> bool:
    """Whether `cell` is a :class:`Rate`, bare or inside a :class:`Rated` cell."""
    return isinstance(cell.value if isinstance(cell, Rated) else cell, Rate)


def cell_status(cell: Cell) -> Status | None:
    """The status of a :class:`Rated` cell, else ``None``."""
    return cell.status if isinstance(cell, Rated) else None


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
        for j, column in enumerate(self.columns):
            cells = [row[j] for row in self.rows if plain(row[j]) is not None]
            if any(is_rate(c) for c in cells) and not all(is_rate(c) for c in cells):
                raise InvalidValue(f"columns[{j}]", column, "a column of rates (Rate) or of no rates, not both")

    def units(self) -> tuple[str | None, ...]:
        """Per column: ``"ratio"`` for a column of :class:`Rate` cells (JSON keeps their 0..1 shares), else ``None``."""
        return tuple("ratio" if any(is_rate(row[j]) for row in self.rows) else None for j in range(len(self.columns)))


@attrs.frozen
class Paragraph:
    """A sentence or two of text."""

    text: str


def _figure_value(value: object, field: str = "value") -> Scalar:
    if isinstance(value, Rated):
        raise WrongType(field, value, "str, int, float, Rate or None (a figure's status is its own field)")
    if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float | Rate)):
        raise WrongType(field, value, "str, int, float, Rate or None")
    return value


def _figure_target(value: object) -> Scalar:
    return _figure_value(value, "target")


def _figure_previous(value: object) -> Scalar:
    return _figure_value(value, "previous")


def _optional_status(value: object) -> Status | None:
    return None if value is None else as_status(value)


_ARROWS = {1: "↑", -1: "↓", 0: "→"}


@attrs.frozen
class Figure:
    """One key figure (a tile): a label, a value and an optional note; its target, last period's value and status.

    Parameters
    ----------
    label
        What the figure is.
    value
        Its value: text, a number or a :class:`~teamcore.report.Rate`.
    note
        A few words under it (the period, what counts).
    target
        The value it is held against, in the same kind (a rate for a rate), or ``None``.
    previous
        The value over the period before (the week before for a "last 7 days" figure), or ``None`` where the
        section cannot compute it.
    status
        How it stands against its target (:class:`~teamcore.report.Status`), or ``None`` when nothing rates it.
    unit
        Shown after numbers and the change (``"h"``); rates need none (they read as percents, changes in ``pp``).

    Raises
    ------
    WrongType
        For a value, target or previous that is not text, a number, a rate or ``None``, or an unknown status.
    """

    label: str
    value: Scalar = attrs.field(converter=_figure_value)
    note: str = ""
    target: Scalar = attrs.field(default=None, kw_only=True, converter=_figure_target)
    previous: Scalar = attrs.field(default=None, kw_only=True, converter=_figure_previous)
    status: Status | None = attrs.field(default=None, kw_only=True, converter=_optional_status)
    unit: str = attrs.field(default="", kw_only=True)

    def change(self) -> float | None:
        """`value` minus `previous` when both are numbers (shares for rates); ``None`` otherwise."""
        now, before = plain(self.value), plain(self.previous)
        if isinstance(now, str) or isinstance(before, str) or now is None or before is None:
            return None
        return now - before

    def change_text(self) -> str | None:
        """The change against the previous period: an arrow and a signed delta in the figure's unit.

        Rates change in percentage points (``pp``), whole numbers by whole numbers, others by one decimal.

        Examples
        --------
        >>> from teamcore.report import Rate
        >>> Figure("CSAT", Rate(0.79), previous=Rate(0.84)).change_text()
        '↓ -5 pp'
        >>> Figure("Backlog", 12, previous=12).change_text()
        '→ 0'
        >>> Figure("First reply", 2.5, previous=1.25, unit="h").change_text()
        '↑ +1.2 h'

        """
        delta = self.change()
        if delta is None:
            return None
        if isinstance(self.value, Rate):
            points = round(delta * 100)
            return f"{_ARROWS[(points > 0) - (points < 0)]} {f'{points:+d}' if points else '0'} pp"
        if isinstance(delta, int):
            shown = f"{delta:+d}" if delta else "0"
            sign = (delta > 0) - (delta < 0)
        else:
            rounded = round(delta, 1)
            sign = (rounded > 0) - (rounded < 0)
            shown = f"{rounded:+.1f}" if sign else "0"
        return f"{_ARROWS[sign]} {shown}{' ' + self.unit if self.unit else ''}"

    def value_text(self) -> str:
        """The value as shown, with the unit after a number (``"2.5 h"``)."""
        return _with_unit(self.value, self.unit)

    def target_text(self) -> str | None:
        """The target as shown (``"target 90%"``), or ``None`` without one."""
        return None if self.target is None else f"target {_with_unit(self.target, self.unit)}"


def _with_unit(value: Scalar, unit: str) -> str:
    text = scalar_text(value)
    return f"{text} {unit}" if unit and isinstance(value, int | float) else text


def _figures(items: Iterable[Figure]) -> tuple[Figure, ...]:
    return instance_tuple(items, "items", Figure, "Figure values")


@attrs.frozen
class Figures:
    """A row of key figures shown prominently."""

    items: tuple[Figure, ...] = attrs.field(converter=_figures)

    def __repr__(self) -> str:
        return short_repr(self)


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


def _series_pair(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        raise WrongType("shortfall", value, "a pair of column names (needed, available), or None")
    return tuple(value)


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
    shortfall
        For a ``line`` plot, two of its series ``(needed, available)``: where `available` is below `needed` the
        area between them is shaded (e.g. agents scheduled below agents required). A drawing hint only: the
        numbers are the table's.

    Raises
    ------
    InvalidValue
        If `kind` is unknown, or `shortfall` is given for another kind or names a column that is not a series.
    """

    kind: PlotKind = attrs.field()
    title: str
    alt: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "alt", max_length=500))
    data: Table
    shortfall: tuple[str, ...] | None = attrs.field(default=None, converter=_series_pair)

    def __repr__(self) -> str:
        return short_repr(self)

    @kind.validator
    def _check_kind(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _PLOT_KINDS:
            raise InvalidValue("kind", value, f"one of {sorted(_PLOT_KINDS)}")

    def __attrs_post_init__(self) -> None:
        if self.shortfall is None:
            return
        if self.kind != "line":
            raise InvalidValue("shortfall", self.shortfall, "None for a plot of kind " + repr(self.kind))
        series = self.data.columns[1:]
        if len(self.shortfall) != 2 or not set(self.shortfall) <= set(series):
            raise InvalidValue("shortfall", self.shortfall, f"two of the series {list(series)}")


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

SINCE_KEY: Final = "since"
"""The anchor of the "Since last time" part of a compared report; no section may use it either."""


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
        if self.key in {ATTENTION_KEY, SINCE_KEY}:
            raise InvalidValue(
                "key",
                self.key,
                f"a key other than {ATTENTION_KEY!r} and {SINCE_KEY!r} (anchors of the report's own parts)",
            )
        tables = {b.title: len(b.rows) for b in reversed(self.blocks) if isinstance(b, Table)}
        for i, item in enumerate(self.attention):
            if item.section != self.key:
                raise InvalidValue(f"attention[{i}].section", item.section, f"this section's key {self.key!r}")
            if item.table not in tables:
                raise InvalidValue(f"attention[{i}].table", item.table, f"one of the section's tables {sorted(tables)}")
            if item.row >= tables[item.table]:
                raise InvalidValue(f"attention[{i}].row", item.row, f"below {tables[item.table]}, the table's rows")


ViewKind = Literal["organisation", "lead", "member"]
"""Whose report it is: the organisation's (or a team's), a lead's own view, or a member's own page."""


def _optional_instant(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value, "week")


@attrs.frozen(kw_only=True)
class View:
    """Whose report it is, the timezone its times are shown in and the local week it looks at.

    Parameters
    ----------
    kind
        One of :data:`ViewKind`.
    id
        The lead's or member's id; ``None`` for the organisation.
    timezone
        The IANA zone the view's times are shown in: the lead's or member's own; ``UTC`` for the organisation.
    week_start, week_end
        Monday 00:00 and the next Monday 00:00 in `timezone` around the report's ``now`` (UTC instants); ``None``
        for the organisation.

    Raises
    ------
    InvalidValue
        If a lead or member view lacks its id or week, or the organisation's has one.
    """

    kind: ViewKind = attrs.field(default="organisation")
    id: str | None = None
    timezone: str = attrs.field(default="UTC", validator=lambda _i, _a, v: validate_timezone(v, "timezone"))
    week_start: dt.datetime | None = attrs.field(default=None, converter=_optional_instant)
    week_end: dt.datetime | None = attrs.field(default=None, converter=_optional_instant)

    def __attrs_post_init__(self) -> None:
        if self.kind not in {"organisation", "lead", "member"}:
            raise InvalidValue("kind", self.kind, "'organisation', 'lead' or 'member'")
        personal = self.kind != "organisation"
        if (self.id is not None) != personal:
            raise InvalidValue("id", self.id, "a member id for a lead or member view, None for the organisation")
        if personal and (self.week_start is None or self.week_end is None or self.week_end <= self.week_start):
            raise InvalidValue("week_end", self.week_end, "a week that ends after it starts, for a personal view")

    def local(self, instant: dt.datetime) -> dt.datetime:
        """`instant` in the view's timezone."""
        return as_utc(instant, "instant").astimezone(timezone(self.timezone))


ORGANISATION_VIEW: Final = View()
"""The view of an organisation or team report: times in UTC, no week."""


def _view(value: object) -> View:
    if not isinstance(value, View):
        raise WrongType("view", value, "a View")
    return value


def _comparison(value: object) -> ReportComparison | None:
    if value is not None and not isinstance(value, ReportComparison):
        raise WrongType("comparison", value, "a ReportComparison (teamcore.report.compare_reports) or None")
    return value


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return instance_tuple(sections, "sections", Section, "Section values")


@attrs.frozen(kw_only=True)
class Report:
    """The team health report: what was asked (organisation, team, ``now``), the sections and what needs attention.

    `attention` is the ranked "Needs attention" list (see :func:`~teamcore.report.rank`); every item comes from one
    of the sections. `view` says whose report it is (:func:`~teamcore.report.lead_view`,
    :func:`~teamcore.report.member_view`); `comparison` what changed since an earlier report
    (:func:`~teamcore.report.compare_reports`), or ``None``.

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
    view: View = attrs.field(default=ORGANISATION_VIEW, converter=_view)
    comparison: ReportComparison | None = attrs.field(default=None, converter=_comparison)

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
