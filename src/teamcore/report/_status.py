"""One status vocabulary for the whole report, and the cells that carry a status or a rate.

:class:`Status` is what a lead reads at a glance: ``ok``, ``watch`` or ``act``. Every renderer shows it the same
way, by a symbol *and* a colour, so that it reads without colour (colour-blind readers, a black-and-white print):

========  ======  ============  ==========================================================
status    symbol  colour        meaning
========  ======  ============  ==========================================================
``ok``    ✓       green         on target; nothing to do
``watch`` ▲       amber/yellow  will need acting on soon, or a standing risk
``act``   ✗       red, bold     late, broken or below target now: act on it
========  ======  ============  ==========================================================

The symbols differ in shape (a tick, a triangle, a cross), not only in colour. The attention list's severities
are the same values (``act`` and ``watch``).

:class:`Rate` is a share from 0 to 1 (CSAT, SLA achievement, 1:1 adherence, coverage): every renderer shows it as
a whole percent under one rounding rule (:func:`teamcore._percent.whole_percent`), JSON keeps the share with the
unit ``ratio``. :class:`Rated` is a table cell with a status: a value (text, a number or a :class:`Rate`) and the
status it earns.
"""

from __future__ import annotations

import enum
import math

import attrs

from teamcore._percent import percent
from teamcore._validators import check_number, check_text
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType

__all__ = ["STATUS_RANK", "Rate", "Rated", "Scalar", "Status", "as_status", "scalar_text"]


class Status(enum.StrEnum):
    """How a value stands: ``ok``, ``watch`` or ``act`` (see the module's table of symbols and colours).

    Examples
    --------
    >>> [(s.symbol, s.label) for s in Status]
    [('✓', 'ok'), ('▲', 'watch'), ('✗', 'act')]
    >>> Status("act") is Status.ACT, Status.ACT == "act"
    (True, True)
    """

    OK = "ok"
    WATCH = "watch"
    ACT = "act"

    @property
    def symbol(self) -> str:
        """The text symbol shown before the status or the value: ``✓``, ``▲`` or ``✗``."""
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        """The status as a word: ``"ok"``, ``"watch"`` or ``"act"`` (its value)."""
        return self.value

    @classmethod
    def worst(cls, statuses: list[Status]) -> Status:
        """The most severe of `statuses` (``ok`` for none).

        Examples
        --------
        >>> Status.worst([Status.OK, Status.ACT, Status.WATCH])
        <Status.ACT: 'act'>
        """
        return max(statuses, key=STATUS_RANK.__getitem__, default=cls.OK)


_SYMBOLS = {Status.OK: "✓", Status.WATCH: "▲", Status.ACT: "✗"}

STATUS_RANK = {Status.OK: 0, Status.WATCH: 1, Status.ACT: 2}
"""Severity order, least severe first; the HTML sorts a status column by it."""


def _share(value: object) -> float | None:
    if value is None:
        return None
    share = check_number(value, "value", "a share from 0 to 1")
    if not 0 <= share <= 1:
        raise OutOfRange("value", value, "a share from 0 to 1")
    return share


@attrs.frozen
class Rate:
    """A share from 0 to 1 shown as a percent (``Rate(2/3)`` reads ``67%``); ``None`` for "no value".

    Raises
    ------
    WrongType
        If `value` is not a number.
    OutOfRange
        If it lies outside 0..1.
    InvalidValue
        If it is NaN or infinite.

    Examples
    --------
    >>> Rate(2 / 3).text, Rate(None).text, Rate(0.9595).text
    ('67%', '—', '96%')
    """

    value: float | None = attrs.field(converter=_share)

    @property
    def text(self) -> str:
        """The percent, under the one rounding rule of :func:`teamcore._percent.whole_percent`; ``—`` for none."""
        return "—" if self.value is None else percent(self.value)


Scalar = str | int | float | Rate | None
"""What a :class:`Rated` cell or a figure holds: text, a number, a :class:`Rate` or ``None``."""


def scalar_text(value: Scalar) -> str:
    """A value as every renderer shows it: ``—`` for none, floats with two decimals, rates as percents.

    Examples
    --------
    >>> scalar_text(None), scalar_text(1234.5), scalar_text(Rate(0.5)), scalar_text(3)
    ('—', '1,234.50', '50%', '3')
    """
    if value is None:
        return "—"
    if isinstance(value, Rate):
        return value.text
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _scalar(value: object) -> Scalar:
    if value is None or isinstance(value, Rate):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise WrongType("value", value, "str, int, float, Rate or None")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValue("value", value, "a finite number")
    return value


def as_status(value: object) -> Status:
    """`value` (a :class:`Status` or its value) as a :class:`Status`.

    Raises
    ------
    WrongType
        For anything else.
    """
    if isinstance(value, Status):
        return value
    if isinstance(value, str) and value in Status.__members__.values():
        return Status(value)
    raise WrongType("status", value, f"a Status ({', '.join(s.value for s in Status)})")


def _text(value: str | None) -> str | None:
    return None if value is None else check_text(value, "text", max_length=200)


@attrs.frozen
class Rated:
    """A table cell with a status: `value` (what JSON keeps), `status`, and optional display `text`.

    The cell reads as :attr:`label`: the status's symbol, then `text` or the value's own text (the status word
    when the value is ``None``). JSON keeps `value` in the row and the status beside it.

    Examples
    --------
    >>> Rated(Rate(0.79), Status.ACT).label
    '✗ 79%'
    >>> Rated(-2.5, "act", "breached").label, Rated(None, Status.OK).label
    ('✗ breached', '✓ ok')
    """

    value: Scalar = attrs.field(converter=_scalar)
    status: Status = attrs.field(converter=as_status)
    text: str | None = attrs.field(default=None, converter=_text)

    @classmethod
    def of(cls, status: Status) -> Rated:
        """A cell that is a status alone: its word is the value (``Rated.of(Status.ACT).label`` is ``'✗ act'``)."""
        checked = as_status(status)
        return cls(checked.label, checked)

    @property
    def label(self) -> str:
        """What the cell shows: ``"<symbol> <text>"``."""
        if self.text is not None:
            shown = self.text
        elif self.value is None:
            shown = self.status.label
        else:
            shown = scalar_text(self.value)
        return f"{self.status.symbol} {shown}"
