"""One rounding rule for every share teamcore shows as a percentage (the report's rates, ``teamcore coverage``).

A share is rounded to the nearest whole percent, halves away from zero, with one exception at each end: a share
above 0 never reads ``0%`` and a share below 1 never reads ``100%`` (0.996 reads ``99%``, 0.002 reads ``1%``). A
lead reading ``100%`` covered or ``0%`` late can trust that it is exactly so.
"""

from __future__ import annotations

import decimal
import math

__all__ = ["percent", "whole_percent"]


def whole_percent(share: float) -> int:
    """`share` (0..1) as a whole percent under the rule above.

    Examples
    --------
    >>> [whole_percent(x) for x in (0.0, 0.002, 0.005, 0.2 / 3 * 10, 0.9595, 0.996, 1.0)]
    [0, 1, 1, 67, 96, 99, 100]
    """
    # Decimal of the float's exact value: 0.675 is 0.67499999... and rounds down, as the float really is.
    rounded = int(decimal.Decimal(share * 100).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
    if share > 0 and rounded == 0:
        return 1
    if share < 1 and rounded == 100:
        return 99
    return rounded


def percent(share: float) -> str:
    """`share` (0..1) as text: ``"67%"`` (see :func:`whole_percent`); ``"–"`` for NaN.

    Examples
    --------
    >>> percent(2 / 3), percent(0.9595), percent(1.0)
    ('67%', '96%', '100%')
    """
    if math.isnan(share):
        return "–"
    return f"{whole_percent(share)}%"
