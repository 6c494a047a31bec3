"""Required vs scheduled: per interval, who is short, by how much, and how badly.

Severity per interval
---------------------
``"red"``
    Nobody is scheduled while somebody is required.
``"amber"``
    Some are scheduled, but fewer than required.
``"green"``
    At least as many as required (including nobody required and nobody scheduled).

The scheduled counts come from :func:`teamcore.scheduling.coverage` (members working the whole interval) or from a
plain array of agents per interval; the required counts from :func:`required_agents` (its ``rostered`` agents, with
shrinkage, are the ones to schedule) or :func:`async_requirement`. Both must be on the same grid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._display import result_html, short_repr, to_pandas
from teamcore._time import UTC, as_utc
from teamcore._validators import check_int_range
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.scheduling import Coverage
from teamcore.staffing._erlang import IntArray, _readonly, agents_array

__all__ = ["Comparison", "Shortfall", "StaffingSeverity", "compare", "compare_groups"]

StaffingSeverity = Literal["red", "amber", "green"]
"""Red: nobody while required > 0; amber: fewer than required; green: enough."""

_NAMES: Final = np.array(["red", "amber", "green"])
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=UTC)


@attrs.frozen(kw_only=True)
class Shortfall:
    """One understaffed interval.

    Parameters
    ----------
    start, end
        The interval, UTC.
    required, scheduled
        Agents required and scheduled.
    severity
        ``"red"`` or ``"amber"``.
    """

    start: dt.datetime
    end: dt.datetime
    required: int
    scheduled: int
    severity: StaffingSeverity

    @property
    def missing(self) -> int:
        """Agents short: ``required - scheduled``."""
        return self.required - self.scheduled


@attrs.frozen(kw_only=True)
class Comparison:
    """Required and scheduled agents per interval of a UTC grid.

    Attributes
    ----------
    start
        UTC start of the first interval.
    step
        Interval length.
    required, scheduled
        Read-only ``int64`` arrays, one value per interval.
    """

    start: dt.datetime
    step: dt.timedelta
    required: IntArray = attrs.field(eq=False)
    scheduled: IntArray = attrs.field(eq=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def __len__(self) -> int:
        return int(self.required.size)

    def difference(self) -> IntArray:
        """``scheduled - required``: negative when understaffed, positive when overstaffed."""
        return self.scheduled - self.required

    def severities(self) -> npt.NDArray[np.str_]:
        """Per interval: ``"red"``, ``"amber"`` or ``"green"`` (see the module notes)."""
        code = np.where(self.scheduled >= self.required, 2, np.where(self.scheduled == 0, 0, 1))
        return _NAMES[code]

    def counts(self) -> dict[StaffingSeverity, int]:
        """How many intervals are red, amber and green."""
        names = self.severities()
        return {
            "red": int((names == "red").sum()),
            "amber": int((names == "amber").sum()),
            "green": int((names == "green").sum()),
        }

    def understaffed_agent_hours(self) -> float:
        """Agent-hours missing over the whole window."""
        return float(np.maximum(-self.difference(), 0).sum() * self.step.total_seconds() / 3600)

    def overstaffed_agent_hours(self) -> float:
        """Agent-hours scheduled beyond the requirement over the whole window."""
        return float(np.maximum(self.difference(), 0).sum() * self.step.total_seconds() / 3600)

    def worst(self, count: int = 10) -> tuple[Shortfall, ...]:
        """The `count` most understaffed intervals: red before amber, then most agents missing, then earliest."""
        check_int_range(count, "count", 0, 10_000_000)
        missing = self.required - self.scheduled
        short = np.flatnonzero(missing > 0)
        red = (self.scheduled[short] == 0).astype(np.int64)
        order = np.lexsort((short, -missing[short], -red))[:count]
        return tuple(self._shortfall(int(i)) for i in short[order])

    def _shortfall(self, index: int) -> Shortfall:
        start = self.start + self.step * index
        scheduled = int(self.scheduled[index])
        return Shortfall(
            start=start,
            end=start + self.step,
            required=int(self.required[index]),
            scheduled=scheduled,
            severity="red" if scheduled == 0 else "amber",
        )

    def to_polars(self) -> Any:
        """One row per interval: ``start``, ``end`` (UTC), ``required``, ``scheduled``, ``difference``, ``severity``."""
        import polars as pl  # noqa: PLC0415 - heavy to import; only the table export needs it

        width = int(self.step.total_seconds())
        first = int((self.start - _EPOCH).total_seconds())
        starts = (first + width * np.arange(len(self), dtype=np.int64)) * 1_000_000
        utc = pl.Datetime("us", "UTC")
        return pl.DataFrame(
            {
                "start": pl.Series(starts).cast(utc),
                "end": pl.Series(starts + width * 1_000_000).cast(utc),
                "required": self.required,
                "scheduled": self.scheduled,
                "difference": self.difference(),
                "severity": self.severities(),
            }
        )

    def to_pandas(self) -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars())

    def _repr_html_(self) -> str:
        """In a notebook: the summary line and the table of :meth:`to_polars`."""
        return result_html(self, ("Required and scheduled agents per interval", self.to_polars()))


def compare(
    required: npt.ArrayLike,
    scheduled: Coverage | npt.ArrayLike,
    *,
    start: dt.datetime | None = None,
    step: dt.timedelta | None = None,
) -> Comparison:
    """Compare agents required with agents scheduled, interval by interval.

    Parameters
    ----------
    required
        Agents required per interval (whole numbers >= 0), e.g. ``required_agents(...).rostered``.
    scheduled
        A :class:`~teamcore.scheduling.Coverage` on the same grid, or a plain array of agents scheduled per interval.
    start, step
        The grid, needed when `scheduled` is a plain array; with a Coverage they must match it if given.

    Returns
    -------
    Comparison

    Raises
    ------
    InvalidValue
        If the lengths or grids differ, or the grid is missing for plain arrays.
    OutOfRange, WrongType
        For counts that are not whole numbers >= 0.

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    >>> cmp = compare([2, 3, 3, 0], [2, 1, 0, 1], start=t0, step=dt.timedelta(minutes=30))
    >>> cmp.severities().tolist()
    ['green', 'amber', 'red', 'green']
    >>> [(s.start.strftime("%H:%M"), s.missing, s.severity) for s in cmp.worst(2)]
    [('09:00', 3, 'red'), ('08:30', 2, 'amber')]
    """
    need = agents_array(required, "required")
    if isinstance(scheduled, Coverage):
        if start is not None and as_utc(start, "start") != scheduled.start:
            raise InvalidValue("start", start, f"the coverage's start {scheduled.start.isoformat()}")
        if step is not None and step != scheduled.step:
            raise InvalidValue("step", step, f"the coverage's step {scheduled.step}")
        start, step, have = scheduled.start, scheduled.step, np.asarray(scheduled.counts, np.int64)
    else:
        if start is None or step is None:
            raise InvalidValue("start", start, "start and step of the grid when scheduled is a plain array")
        have = agents_array(scheduled, "scheduled")
    if not isinstance(step, dt.timedelta) or step.total_seconds() <= 0:
        raise WrongType("step", step, "a positive timedelta")
    if need.ndim != 1 or have.shape != need.shape:
        raise InvalidValue("scheduled", have.shape, f"one count per interval, like required's {need.shape}")
    return Comparison(start=as_utc(start, "start"), step=step, required=_readonly(need), scheduled=_readonly(have))


def compare_groups(
    required: Mapping[str, npt.ArrayLike],
    scheduled: Mapping[str, Coverage | npt.ArrayLike],
    *,
    start: dt.datetime | None = None,
    step: dt.timedelta | None = None,
) -> dict[str, Comparison]:
    """:func:`compare` per group (a region, a skill, a team): the same keys on both sides.

    Raises
    ------
    InvalidValue
        If the keys differ, naming the ones missing on either side.

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    >>> by = compare_groups({"emea": [1, 2], "billing": [1, 1]}, {"emea": [1, 1], "billing": [0, 1]},
    ...                     start=t0, step=dt.timedelta(hours=1))
    >>> {k: v.severities().tolist() for k, v in by.items()}
    {'emea': ['green', 'amber'], 'billing': ['red', 'green']}
    """
    if set(required) != set(scheduled):
        raise InvalidValue("scheduled", sorted(set(scheduled) ^ set(required)), "the same groups as required")
    return {key: compare(required[key], scheduled[key], start=start, step=step) for key in required}
