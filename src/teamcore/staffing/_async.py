"""Asynchronous channels (email, tickets): agents from workload, an SLA window and business hours — not Erlang.

Method
------
Contacts that wait in an inbox do not form an instant queue: what matters is that each one is handled within its
SLA window. With ``W`` the window in whole intervals of *open* (business) time, ``W = max(1, floor(window / step))``:

1. The work arriving in an interval, ``volume × handle_seconds``, must be done within the ``W`` open intervals that
   start with it (or with the next open interval, if it arrives while the team is closed — the SLA clock counts
   business time only).
2. That work is spread evenly over those ``W`` open intervals. Done this way, every contact is finished within its
   window, so the plan meets the SLA; and the load of an open interval is the sum of ``1/W`` of the work of the
   arrivals whose windows cover it — the workload over a window divided by the window.
3. Agents in an open interval ``= ceil(load / (step × (1 - shrinkage)))``: the productive seconds one rostered agent
   gives in an interval. Closed intervals need nobody.

Work whose window runs past the end of the horizon is counted only for the part inside it and reported as
:attr:`AsyncRequirement.spilled` (seconds of work): extend the horizon by a window to plan for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._display import short_repr
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.scheduling import BusinessCalendar, Coverage, IntervalSet
from teamcore.staffing._erlang import FloatArray, IntArray, _readonly, check_seconds
from teamcore.staffing._forecast import Forecast
from teamcore.staffing._required import _check_shrinkage

__all__ = ["AsyncRequirement", "async_requirement"]

BoolArray = npt.NDArray[np.bool_]


@attrs.frozen(kw_only=True)
class AsyncRequirement:
    """Agents per interval for an asynchronous channel.

    Attributes
    ----------
    forecast
        The grid and volumes it was computed for.
    open
        Read-only boolean array: whether each interval is business time.
    workload
        Seconds of handling work scheduled into each interval (0 when closed).
    fractional
        ``workload / (step × (1 - shrinkage))``: agents needed, unrounded.
    agents
        ``ceil(fractional)``: agents to roster per interval.
    spilled
        Seconds of work whose window runs past the horizon and that no interval holds.
    """

    forecast: Forecast
    open: BoolArray = attrs.field(eq=False)
    workload: FloatArray = attrs.field(eq=False)
    fractional: FloatArray = attrs.field(eq=False)
    agents: IntArray = attrs.field(eq=False)
    spilled: float

    def __repr__(self) -> str:
        return short_repr(self)


def _open_mask(forecast: Forecast, hours: object) -> BoolArray:
    if hours is None:
        return np.ones(len(forecast), np.bool_)
    if isinstance(hours, BusinessCalendar):
        hours = hours.between(forecast.start, forecast.end)
    if isinstance(hours, IntervalSet):
        grid = Coverage.from_intervals({"open": hours}, forecast.start, forecast.end, step=forecast.step)
        covered: BoolArray = grid.counts > 0
        return covered
    if isinstance(hours, (str, bytes)) or not isinstance(hours, (Sequence, np.ndarray)):
        raise WrongType("hours", hours, "None, a BusinessCalendar, an IntervalSet or one bool per interval")
    mask = np.asarray(hours)
    if mask.dtype != np.bool_ or mask.shape != (len(forecast),):
        raise InvalidValue("hours", f"{mask.dtype}{list(mask.shape)}", f"{len(forecast)} booleans, one per interval")
    return mask


def async_requirement(
    forecast: Forecast,
    *,
    handle_seconds: float,
    window: dt.timedelta,
    hours: BusinessCalendar | IntervalSet | Sequence[bool] | None = None,
    shrinkage: float = 0.0,
) -> AsyncRequirement:
    """Agents per interval so that every contact is handled within `window` of business time (see the module notes).

    Parameters
    ----------
    forecast
        Contacts arriving per interval.
    handle_seconds
        Average work per contact, seconds (> 0).
    window
        The SLA: how much business time a contact may wait until it is handled (at least one interval counts).
    hours
        Business hours: a :class:`~teamcore.scheduling.BusinessCalendar`, an
        :class:`~teamcore.scheduling.IntervalSet` of open UTC intervals (an interval is open when wholly inside),
        one bool per interval, or ``None`` for always open.
    shrinkage
        Share of rostered time not spent on contacts, in [0, 1).

    Returns
    -------
    AsyncRequirement
        Workload, fractional and whole agents per interval.

    Raises
    ------
    WrongType, InvalidValue, OutOfRange
        For a bad forecast, window, hours, handling time or shrinkage.

    Examples
    --------
    Twelve emails an hour, 10 minutes each, to answer within 4 hours, on a 24/7 inbox: 2 hours of work arrive every
    hour, so two agents; nothing is left over inside the day.

    >>> import datetime as dt
    >>> day = Forecast(start=dt.datetime(2026, 11, 23, tzinfo=dt.UTC), step=dt.timedelta(hours=1), volume=[12] * 24)
    >>> req = async_requirement(day, handle_seconds=600, window=dt.timedelta(hours=4))
    >>> req.agents.tolist()[:6], req.spilled
    ([1, 1, 2, 2, 2, 2], 10800.0)

    The first hours carry only part of the load because earlier days are outside the horizon; the last arrivals'
    windows run past midnight (3 hours of work spilled).
    """
    if not isinstance(forecast, Forecast):
        raise WrongType("forecast", forecast, "a Forecast")
    if not isinstance(window, dt.timedelta):
        raise WrongType("window", window, "a timedelta")
    width = forecast.step.total_seconds()
    if window.total_seconds() <= 0:
        raise InvalidValue("window", window, "a positive duration")
    slots = max(1, int(window.total_seconds() // width))
    handle = check_seconds(handle_seconds, "handle_seconds")
    s = _check_shrinkage(shrinkage)
    is_open = _open_mask(forecast, hours)
    # Business position of each interval: the number of open intervals before it (its own index if it is open).
    position: IntArray = np.cumsum(is_open) - is_open
    open_count = int(is_open.sum())
    work = forecast.volume * handle
    share = work / slots
    diff = np.zeros(open_count + slots + 1)
    np.add.at(diff, position, share)
    np.add.at(diff, position + slots, -share)
    per_open = np.cumsum(diff)[:open_count]
    workload = np.zeros(len(forecast))
    workload[is_open] = per_open
    fractional = workload / (width * (1.0 - s))
    agents = np.ceil(np.round(fractional, 9)).astype(np.int64)
    spilled = float(work.sum() - workload.sum())
    return AsyncRequirement(
        forecast=forecast,
        open=_readonly(is_open),
        workload=_readonly(workload),
        fractional=_readonly(fractional),
        agents=_readonly(agents),
        spilled=round(spilled, 6),
    )
