"""What changed since an earlier report: figure deltas and the "Needs attention" items new, resolved or still open.

These are values only; :func:`teamcore.report.compare_reports` makes them and the renderers show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final, Literal, get_args

import attrs

from teamcore._time import as_utc
from teamcore._validators import check_identifier, check_int_range, check_text, instance_tuple
from teamcore.exceptions import InvalidValue
from teamcore.report._attention import AttentionItem
from teamcore.report._cell import Cell, plain

__all__ = ["Change", "ReportComparison", "FigureDelta"]

Change = Literal["up", "down", "unchanged", "changed", "new", "gone"]
"""How a figure moved: ``up``/``down``/``unchanged`` for numbers (and percentages such as ``"79%"``), ``changed``
or ``unchanged`` for other values, ``new`` or ``gone`` when only one of the two reports has the figure."""

_CHANGES: Final = frozenset(get_args(Change))


@attrs.frozen(kw_only=True)
class FigureDelta:
    """One key figure now and then, matched by section key and label.

    Parameters
    ----------
    section, label
        The section key and the figure's label.
    now, then
        The value in the current and the previous report (``None`` when that report lacks the figure).
    delta
        ``now - then`` for numbers; for percentages (``"79%"``) in percentage points; ``None`` otherwise.
    unit
        ``"%"`` when both values are percentages (``delta`` is then in points), else ``""``.
    change
        One of :data:`Change`.
    """

    section: str = attrs.field(validator=lambda _i, _a, v: check_identifier(v, "section"))
    label: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "label"))
    now: Cell
    then: Cell
    delta: float | None
    unit: Literal["", "%"] = ""
    change: Change = attrs.field()

    @change.validator
    def _check_change(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _CHANGES:
            raise InvalidValue("change", value, f"one of {sorted(_CHANGES)}")

    def shown(self) -> str:
        """The change as text: ``+19``, ``-2.5``, ``+3 pp`` (percentage points), or the word of :attr:`change`.

        Examples
        --------
        >>> FigureDelta(section="kpi", label="CSAT", now="82%", then="79%", delta=3.0, unit="%", change="up").shown()
        '+3 pp'
        """
        if self.delta is None:
            return self.change
        number = f"{self.delta:+.1f}".removesuffix(".0")
        return number + (" pp" if self.unit == "%" else "")

    def weight(self) -> float:
        """How big the change is, for "biggest first": the delta relative to the earlier value (at least 1)."""
        if self.delta is None:
            return 0.0
        then = plain(self.then)
        earlier = abs(float(then)) if self.unit == "" and isinstance(then, int | float) else 100.0
        return abs(self.delta) / max(earlier, 1.0)


def _deltas(items: Iterable[FigureDelta]) -> tuple[FigureDelta, ...]:
    return instance_tuple(items, "figures", FigureDelta, "FigureDelta values")


def _items(items: Iterable[AttentionItem]) -> tuple[AttentionItem, ...]:
    return instance_tuple(items, "attention", AttentionItem, "AttentionItem values")


def _now(value: dt.datetime) -> dt.datetime:
    return as_utc(value, "previous_now")


@attrs.frozen(kw_only=True)
class ReportComparison:
    """The current report against a previous one.

    Parameters
    ----------
    previous_now
        The ``now`` of the previous report.
    previous_title
        Its title.
    previous_view
        Its view kind and id (``("organisation", None)``, ``("lead", "lena")``): a lead's week compared with an
        organisation report compares different scopes, and the renderers say so.
    figures
        Every figure of either report, in the current report's order, then those gone.
    new, resolved, still_open
        Attention items only now (current items), only then (rebuilt from the previous JSON) and in both (current
        items), matched by :attr:`AttentionItem.identity`.
    """

    previous_now: dt.datetime = attrs.field(converter=_now)
    previous_title: str
    previous_view: tuple[str, str | None] = ("organisation", None)
    figures: tuple[FigureDelta, ...] = attrs.field(converter=_deltas)
    new: tuple[AttentionItem, ...] = attrs.field(converter=_items)
    resolved: tuple[AttentionItem, ...] = attrs.field(converter=_items)
    still_open: tuple[AttentionItem, ...] = attrs.field(converter=_items)

    def changed(self) -> tuple[FigureDelta, ...]:
        """The figures that changed, biggest relative change first (numbers before other values)."""
        moved = [f for f in self.figures if f.change != "unchanged"]
        return tuple(sorted(moved, key=lambda f: (f.delta is None, -f.weight(), f.section, f.label)))

    def biggest(self, limit: int = 5) -> tuple[FigureDelta, ...]:
        """The first `limit` of :meth:`changed`."""
        return self.changed()[: check_int_range(limit, "limit", 0, 10_000_000)]

    def counts(self) -> str:
        """One line: ``3 new, 2 resolved, 41 still open; 12 of 40 figures changed``."""
        return (
            f"{len(self.new)} new, {len(self.resolved)} resolved, {len(self.still_open)} still open; "
            f"{len(self.changed())} of {len(self.figures)} figures changed"
        )
