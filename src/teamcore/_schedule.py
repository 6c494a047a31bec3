"""The one shape "who works when" takes between subpackages: each member's worked UTC intervals.

Coverage (:func:`teamcore.scheduling.coverage`) and staffing (:meth:`teamcore.staffing.StaffingPlan.against`) count
members from their weekly hours by default; given a :class:`Schedule` they count the intervals it says were (or
will be) worked instead. A roster (:class:`teamcore.rostering.Roster`) is one; anything with a ``worked()`` method
of this shape is another, so scheduling and staffing need not know the rostering package that sits above them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

__all__ = ["Schedule"]


@runtime_checkable
class Schedule(Protocol):
    """Anything that says which intervals each member works.

    ``worked()`` returns member id -> ``(start, end)`` pairs of aware datetimes; a member who is not a key works no
    interval of it. Intervals of one member may touch or overlap (they count once).

    Examples
    --------
    >>> import datetime as dt
    >>> class OneShift:
    ...     def worked(self):
    ...         t0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    ...         return {"ana": [(t0, t0 + dt.timedelta(hours=8))]}
    >>> isinstance(OneShift(), Schedule)
    True
    """

    def worked(self) -> Mapping[str, Sequence[tuple[dt.datetime, dt.datetime]]]:
        """Member id -> the ``(start, end)`` intervals the member works."""
        ...
