"""Follow-the-sun coverage: how many members are working in each slot of a UTC grid, and where it falls short.

Definitions
-----------
slot
    ``[start + k * step, start + (k + 1) * step)`` in UTC, for ``k`` in ``0 .. slots - 1``.
count
    The number of members working for the **whole** slot. A member who starts at 09:10 on a 15-minute grid counts
    from the 09:15 slot on: coverage promises that someone is there throughout.
severity
    Per slot: ``"none"`` when nobody works, ``"short"`` when some do but fewer than `required`, ``"ok"`` otherwise.
gap
    A maximal run of consecutive slots with count below `required`. Its severity is ``"none"`` if any slot in it
    has nobody, else ``"short"``.
handoff
    When member A's working interval ends at instant *t* inside the window, A hands over to every other member B who
    is working at *t* and came on during A's interval (B's interval started after A's and no later than *t*). The
    overlap is the time both worked: from B's start to *t* (zero when B starts exactly as A leaves).
local day
    The slots whose start lies between one local midnight and the next in a timezone: 92 slots of 15 minutes on
    Stockholm's 23-hour day 2026-03-29, 100 on its 25-hour day 2026-10-25, none on a day a zone skips.

Counts come from one numpy difference array over every member's intervals (``+1`` at the first whole slot, ``-1``
after the last, then a cumulative sum), so the cost grows with the number of intervals, not members × slots. In
:func:`coverage` members sharing weekly hours and a timezone share one pattern of shifts
(:mod:`teamcore.scheduling._many`): each shift counts once per member of the group, less once per member with that
day off (a members × days matrix of days off), and the per-member intervals are made only when a method needs them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._display import frame_html, short_repr, svg, to_pandas
from teamcore._plotting import axes, heatmap
from teamcore._schedule import Schedule
from teamcore._time import Disambiguate, local_to_utc, timezone
from teamcore._validators import check_int_range
from teamcore._zones import DAY, check_disambiguate, utc_offsets
from teamcore.exceptions import InvalidInterval, InvalidValue, MissingDependency, WrongType
from teamcore.people import ClosedDay, Member, Role, Team
from teamcore.scheduling._intervals import Int64Array, IntervalSet, epoch_seconds, from_epoch
from teamcore.scheduling._many import Flat, closed_dates, many_intervals, whole_slots
from teamcore.scheduling._select import People, select_members

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Coverage", "Gap", "Handoff", "LocalDay", "Severity", "coverage"]

Severity = Literal["none", "short", "ok"]
"""How well a slot is covered: nobody (``"none"``), fewer than required (``"short"``), enough (``"ok"``)."""

_SEVERITIES: Final = np.array(["none", "short", "ok"])
_MAX_SLOTS: Final = 10_000_000
_MAX_REQUIRED: Final = 1_000_000
_MAX_PAIRS: Final = 2_000_000
_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@attrs.frozen(kw_only=True)
class Gap:
    """A run of consecutive slots with fewer members than required.

    Parameters
    ----------
    start, end
        UTC instants of the run (end excluded).
    lowest
        The smallest count in the run.
    severity
        ``"none"`` if some slot had nobody, else ``"short"``.
    """

    start: dt.datetime
    end: dt.datetime
    lowest: int
    severity: Severity

    @property
    def duration(self) -> dt.timedelta:
        """Length of the gap."""
        return self.end - self.start


@attrs.frozen(kw_only=True)
class Handoff:
    """Member `source` leaves at `at` while `target`, who came on during `source`'s interval, keeps working.

    Parameters
    ----------
    at
        The UTC instant `source` stops.
    source, target
        Member ids.
    overlap
        How long both worked together before `at` (zero when `target` starts exactly at `at`).
    """

    at: dt.datetime
    source: str
    target: str
    overlap: dt.timedelta


@attrs.frozen(kw_only=True)
class LocalDay:
    """The slots of one local calendar day in a timezone.

    Parameters
    ----------
    date
        The local date.
    start, end
        Its first and next midnight as UTC instants (a midnight a DST change skips is read by the compatible rule).
    length
        ``end - start``: 23, 24 or 25 hours, 23.5 on Lord Howe, 0 on a day a zone skips.
    counts
        The counts of the slots starting that day and inside the coverage window (read-only numpy array).
    complete
        Whether the whole day lies inside the coverage window.
    uncovered
        Time in slots with fewer members than required.
    """

    date: dt.date
    start: dt.datetime
    end: dt.datetime
    length: dt.timedelta
    counts: npt.NDArray[np.int64] = attrs.field(eq=False)
    complete: bool
    uncovered: dt.timedelta

    @property
    def slots(self) -> int:
        """Number of slots starting that day inside the window."""
        return int(self.counts.size)


def _check_step(step: object) -> int:
    if not isinstance(step, dt.timedelta):
        raise WrongType("step", step, "a datetime.timedelta such as timedelta(minutes=15)")
    seconds = step.total_seconds()
    if seconds < 60 or seconds != int(seconds) or int(seconds) % 60:
        raise InvalidValue("step", step, "a positive whole number of minutes")
    return int(seconds)


def _runs(mask: npt.NDArray[np.bool_]) -> tuple[Int64Array, Int64Array]:
    """Start (inclusive) and end (exclusive) indices of the runs of True in `mask`."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1).astype(np.int64), np.flatnonzero(edges == -1).astype(np.int64)


@attrs.frozen(kw_only=True)
class Coverage:
    """Members working per slot of a UTC grid; build it with :func:`coverage` or :meth:`from_intervals`.

    Attributes
    ----------
    start
        UTC start of the first slot.
    step
        Slot length.
    required
        Members needed per slot (gaps and severity are relative to it).
    member_ids
        The members considered, in input order.
    counts
        Read-only ``int64`` numpy array: members working for the whole of each slot.
    """

    start: dt.datetime
    step: dt.timedelta
    required: int
    member_ids: tuple[str, ...]
    counts: Int64Array = attrs.field(eq=False, repr=False)
    # Every member's clipped intervals, flat, made on first use: member k's are [bounds[k], bounds[k + 1]).
    _flat: Flat = attrs.field(eq=attrs.cmp_using(eq=Flat.same), repr=False, alias="flat")
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def __repr__(self) -> str:
        return short_repr(self, end=self.end, gaps=len(self.gaps()))

    @property
    def intervals(self) -> tuple[IntervalSet, ...]:
        """Each member's working intervals clipped to the window, in the order of `member_ids` (made on first use)."""
        if "sets" not in self._cache:
            starts, ends, bounds = self._flat.get()
            cut = bounds.tolist()
            self._cache["sets"] = tuple(IntervalSet(starts[a:b], ends[a:b]) for a, b in itertools.pairwise(cut))
        sets: tuple[IntervalSet, ...] = self._cache["sets"]
        return sets

    def _whole_slots(self) -> tuple[Int64Array, Int64Array, Int64Array]:
        """Each interval's first whole slot, the slot after its last, and its member's index (counted ones only)."""
        if "slots" not in self._cache:
            starts, ends, bounds = self._flat.get()
            owner = np.repeat(np.arange(len(self.member_ids), dtype=np.int64), np.diff(bounds))
            first, last = whole_slots(starts, ends, epoch_seconds(self.start, "start"), int(self.step.total_seconds()))
            keep = last > first
            self._cache["slots"] = (first[keep], last[keep], owner[keep])
        found: tuple[Int64Array, Int64Array, Int64Array] = self._cache["slots"]
        return found

    @classmethod
    def from_intervals(
        cls,
        intervals: Mapping[str, IntervalSet],
        start: dt.datetime,
        end: dt.datetime,
        *,
        step: dt.timedelta = dt.timedelta(minutes=15),
        required: int = 1,
    ) -> Coverage:
        """Count `intervals` (member id → :class:`IntervalSet`) on the grid from `start` to `end` by `step`.

        Raises
        ------
        WrongType, NaiveDatetime
            If `start` or `end` is not an aware datetime, or an interval set is not an IntervalSet.
        InvalidInterval
            If ``end - start`` is not a positive whole number of steps.
        InvalidValue, OutOfRange
            For a bad `step` or `required`.

        Examples
        --------
        >>> from datetime import datetime, timedelta, UTC
        >>> t0 = datetime(2026, 1, 5, 8, tzinfo=UTC)
        >>> ana = IntervalSet.from_pairs([(t0, t0 + timedelta(hours=2))])
        >>> bo = IntervalSet.from_pairs([(t0 + timedelta(hours=1), t0 + timedelta(hours=4))])
        >>> cov = Coverage.from_intervals({"ana": ana, "bo": bo}, t0, t0 + timedelta(hours=4), step=timedelta(hours=1))
        >>> cov.counts.tolist()
        [1, 2, 1, 1]
        >>> cov.handoffs()
        (Handoff(at=datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.timezone.utc), source='ana', target='bo', overlap=datetime.timedelta(seconds=3600)),)
        """  # noqa: E501 - a doctest's expected output is one line
        lo, hi, width, slots = _grid(start, end, step, required)
        if not isinstance(intervals, Mapping):
            raise WrongType("intervals", intervals, "a mapping of member id -> IntervalSet")
        ids: list[str] = []
        sets: list[IntervalSet] = []
        for key, value in intervals.items():
            if not isinstance(value, IntervalSet):
                raise WrongType(f"intervals[{key!r}]", value, "an IntervalSet")
            ids.append(str(key))
            sets.append(value.clip_seconds(lo, hi))
        sizes = np.fromiter((len(s) for s in sets), np.int64, len(sets))
        bounds = np.zeros(len(sets) + 1, np.int64)
        np.cumsum(sizes, out=bounds[1:])
        empty = np.empty(0, np.int64)
        starts = np.concatenate([s.starts for s in sets]) if sets else empty
        ends = np.concatenate([s.ends for s in sets]) if sets else empty
        for array in (starts, ends, bounds):
            array.setflags(write=False)
        first, last = whole_slots(starts, ends, lo, width)
        keep = last > first
        diff = np.bincount(first[keep], minlength=slots + 1) - np.bincount(last[keep], minlength=slots + 1)
        counts = np.cumsum(diff[:slots]).astype(np.int64)
        counts.setflags(write=False)
        return cls(
            start=from_epoch(lo),
            step=dt.timedelta(seconds=width),
            required=required,
            member_ids=tuple(ids),
            counts=counts,
            flat=Flat.now((starts, ends, bounds)),
        )

    # -- the grid ---------------------------------------------------------------------------------------------------

    @property
    def end(self) -> dt.datetime:
        """UTC end of the last slot."""
        return self.start + self.step * len(self)

    def __len__(self) -> int:
        return int(self.counts.size)

    def slot_starts(self) -> Int64Array:
        """The UTC epoch seconds at which each slot starts."""
        lo, width = epoch_seconds(self.start, "start"), int(self.step.total_seconds())
        return lo + width * np.arange(len(self), dtype=np.int64)

    def slot_of(self, instant: dt.datetime) -> int:
        """The index of the slot containing the aware `instant`.

        Raises
        ------
        InvalidValue
            If `instant` is outside the window.
        """
        offset = epoch_seconds(instant, "instant") - epoch_seconds(self.start, "start")
        index = offset // int(self.step.total_seconds())
        if not 0 <= index < len(self):
            raise InvalidValue("instant", instant, f"an instant from {self.start} to before {self.end}")
        return int(index)

    def members_at(self, slot: int | dt.datetime) -> tuple[str, ...]:
        """The ids of the members working for the whole of `slot` (an index, or an instant inside it)."""
        index = self.slot_of(slot) if isinstance(slot, dt.datetime) else check_int_range(slot, "slot", 0, len(self) - 1)
        first, last, owner = self._whole_slots()
        hits = np.unique(owner[(first <= index) & (index < last)])
        return tuple(self.member_ids[i] for i in hits.tolist())

    # -- shortfalls -------------------------------------------------------------------------------------------------

    def severities(self) -> npt.NDArray[np.str_]:
        """Per slot: ``"none"``, ``"short"`` or ``"ok"`` (see the module documentation)."""
        code = np.where(self.counts == 0, 0, np.where(self.counts < self.required, 1, 2))
        return _SEVERITIES[code]

    def gaps(self) -> tuple[Gap, ...]:
        """Maximal runs of slots with fewer than `required` members, in time order (empty when all is covered)."""
        starts, ends = _runs(self.counts < self.required)
        return tuple(
            Gap(
                start=self.start + self.step * a,
                end=self.start + self.step * b,
                lowest=int(self.counts[a:b].min()),
                severity="none" if int(self.counts[a:b].min()) == 0 else "short",
            )
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        )

    def uncovered(self) -> dt.timedelta:
        """Total time in slots with fewer than `required` members."""
        return self.step * int((self.counts < self.required).sum())

    def covered_share(self) -> float:
        """The share of slots (0..1) with at least `required` members.

        This is the one definition of "covered" that the report and ``teamcore coverage`` both show, as a percent
        under one rounding rule.

        Examples
        --------
        >>> import datetime as dt
        >>> t0 = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
        >>> six = IntervalSet.from_pairs([(t0, t0 + dt.timedelta(hours=6))])
        >>> day = Coverage.from_intervals({"a": six}, t0, t0 + dt.timedelta(days=1))
        >>> day.covered_share()
        0.25
        """
        return int((self.counts >= self.required).sum()) / len(self)

    def handoffs(self) -> tuple[Handoff, ...]:
        """Follow-the-sun handoffs inside the window, in time order (see the module documentation).

        The answer lists every (leaver, newcomer) pair, so it grows with the number of overlapping shifts. For a
        large organisation ask per team or skill, or per region: build a coverage of each timezone's merged
        intervals with :meth:`from_intervals` and ask that for its handoffs.

        Raises
        ------
        InvalidValue
            If more than 2,000,000 (leaver, candidate) pairs would have to be examined.
        """
        starts, ends, bounds = self._flat.get()
        if not starts.size:
            return ()
        owner = np.repeat(np.arange(len(self.member_ids), dtype=np.int64), np.diff(bounds))
        order = np.argsort(starts, kind="stable")
        starts, ends, owner = starts[order], ends[order], owner[order]
        window_end = epoch_seconds(self.end, "end")
        lo = np.searchsorted(starts, starts, side="right")
        hi = np.searchsorted(starts, ends, side="right")
        hi = np.where(ends < window_end, hi, lo)  # an interval cut by the window's end hands over to nobody
        n = np.maximum(hi - lo, 0)
        if int(n.sum()) > _MAX_PAIRS:
            raise InvalidValue(
                "handoffs",
                f"{int(n.sum())} pairs of intervals",
                f"at most {_MAX_PAIRS} pairs: narrow the window or the members (team=, skill=, language=)",
            )
        source = np.repeat(np.arange(starts.size), n)
        target = np.repeat(lo, n) + (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n))
        keep = (ends[target] > ends[source]) & (owner[target] != owner[source])
        source, target = source[keep], target[keep]
        at, overlap = ends[source], ends[source] - starts[target]
        rank = np.lexsort((owner[target], owner[source], at))
        return tuple(
            Handoff(
                at=from_epoch(at[i]),
                source=self.member_ids[owner[source[i]]],
                target=self.member_ids[owner[target[i]]],
                overlap=dt.timedelta(seconds=int(overlap[i])),
            )
            for i in rank.tolist()
        )

    # -- local views ------------------------------------------------------------------------------------------------

    def weekly_profile(self, tz: str, how: Literal["mean", "min", "max"] = "mean") -> npt.NDArray[np.float64]:
        """A 7 × 24 matrix (Monday first, hour 0-23 local time in `tz`) of the counts of the slots starting there.

        Parameters
        ----------
        tz
            IANA timezone of the weekdays and hours.
        how
            ``"mean"``, ``"min"`` or ``"max"`` of the counts of the slots in each cell.

        Returns
        -------
        numpy.ndarray
            Floats; ``nan`` where no slot of the window falls (a range shorter than a week, or an hour a DST
            change skips).

        Raises
        ------
        InvalidValue
            If `how` is not one of the three.
        """
        if how not in ("mean", "min", "max"):
            raise InvalidValue("how", how, "'mean', 'min' or 'max'")
        utc = self.slot_starts()
        local = utc + utc_offsets(utc, tz)
        cell = ((local // DAY + 3) % 7) * 24 + (local % DAY) // 3600
        values = self.counts.astype(np.float64)
        seen = np.bincount(cell, minlength=168)
        if how == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                out = np.bincount(cell, weights=values, minlength=168) / seen
        else:
            out = np.full(168, np.inf if how == "min" else -np.inf)
            (np.minimum if how == "min" else np.maximum).at(out, cell, values)
        out[seen == 0] = np.nan
        return out.reshape(7, 24)

    def local_days(self, tz: str) -> tuple[LocalDay, ...]:
        """The window cut at local midnights in `tz`: one :class:`LocalDay` per local date it touches.

        Days have 23, 24, 25 hours (23.5 on Lord Howe, 0 on a skipped day); never assume 96 slots.
        """
        zone = timezone(tz)
        lo, hi = epoch_seconds(self.start, "start"), epoch_seconds(self.end, "end")
        width = int(self.step.total_seconds())
        first = self.start.astimezone(zone).date()
        last = (self.end - dt.timedelta(seconds=1)).astimezone(zone).date()
        days: list[LocalDay] = []
        day = first
        day_start = int(local_to_utc(day, dt.time(0), zone).timestamp())
        while day <= last:
            following = day + dt.timedelta(days=1)
            day_end = int(local_to_utc(following, dt.time(0), zone).timestamp())
            a = max(0, -((lo - day_start) // width))
            b = min(len(self), max(0, -((lo - day_end) // width)))
            counts = self.counts[a:b] if b > a else self.counts[:0]
            days.append(
                LocalDay(
                    date=day,
                    start=from_epoch(day_start),
                    end=from_epoch(day_end),
                    length=dt.timedelta(seconds=day_end - day_start),
                    counts=counts,
                    complete=lo <= day_start and day_end <= hi,
                    uncovered=self.step * int((counts < self.required).sum()),
                )
            )
            day, day_start = following, day_end
        return tuple(days)

    # -- tables -----------------------------------------------------------------------------------------------------

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per slot: ``start``, ``end`` (aware UTC datetimes), ``count`` and ``severity``."""
        width = int(self.step.total_seconds())
        return [
            {"start": from_epoch(s), "end": from_epoch(s + width), "count": c, "severity": v}
            for s, c, v in zip(
                self.slot_starts().tolist(), self.counts.tolist(), self.severities().tolist(), strict=True
            )
        ]

    def to_polars(self, what: Literal["slots", "gaps", "handoffs"] = "slots") -> Any:
        """The slots, the gaps or the handoffs as a ``polars.DataFrame`` (times as UTC datetimes).

        Raises
        ------
        InvalidValue
            If `what` is not one of the three tables.
        """
        import polars as pl  # noqa: PLC0415 - heavy to import; only the table export needs it

        utc = pl.Datetime("us", "UTC")
        if what == "slots":
            starts = self.slot_starts()
            return pl.DataFrame(
                {
                    "start": pl.Series(starts * 1_000_000).cast(utc),
                    "end": pl.Series((starts + int(self.step.total_seconds())) * 1_000_000).cast(utc),
                    "count": self.counts,
                    "severity": self.severities(),
                }
            )
        if what == "gaps":
            rows: list[dict[str, Any]] = [attrs.asdict(g) for g in self.gaps()]
            schema: dict[str, Any] = {"start": utc, "end": utc, "lowest": pl.Int64, "severity": pl.String}
        elif what == "handoffs":
            rows = [attrs.asdict(h) for h in self.handoffs()]
            schema = {"at": utc, "source": pl.String, "target": pl.String, "overlap": pl.Duration("us")}
        else:
            raise InvalidValue("what", what, "'slots', 'gaps' or 'handoffs'")
        return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)

    def to_pandas(self, what: Literal["slots", "gaps", "handoffs"] = "slots") -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        InvalidValue
            If `what` is not one of the three tables.
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars(what))

    # -- notebook views ---------------------------------------------------------------------------------------------

    def plot(self, tz: str = "UTC", *, ax: Axes | None = None) -> Axes:
        """The report's coverage heatmap: mean members working by local hour (down) and weekday (across) in `tz`.

        Parameters
        ----------
        tz
            IANA timezone of the hours and weekdays.
        ax
            matplotlib axes to draw on; a new figure's (not registered with pyplot) by default.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on (its ``.figure`` is the figure).

        Raises
        ------
        MissingDependency
            If matplotlib is not installed (``pip install 'teamcore[report]'``).
        """
        profile = self.weekly_profile(tz)
        ax = axes(ax, "Coverage.plot", height=0.6 + 0.28 * 24)
        heatmap(ax, [f"{h:02d}" for h in range(24)], _WEEKDAYS, profile.T.tolist())
        ax.set_title(f"Members working by hour and weekday ({tz})")
        return ax

    def _repr_html_(self) -> str:
        """In a notebook: the summary, the heatmap (when matplotlib is installed) and the gaps."""
        from html import escape  # noqa: PLC0415 - only notebooks ask

        try:
            picture = svg(self.plot())
        except MissingDependency:
            picture = ""
        gaps = frame_html(self.to_polars("gaps"), title="Gaps (UTC)")
        return f"<div><strong>{escape(repr(self))}</strong>{picture}{gaps}</div>"


def coverage(
    people: People,
    start: dt.datetime,
    end: dt.datetime,
    *,
    step: dt.timedelta = dt.timedelta(minutes=15),
    skill: str | None = None,
    min_level: int = 1,
    language: str | None = None,
    role: Role | str | None = None,
    team: str | Team | None = None,
    required: int = 1,
    closed_days: Iterable[dt.date | ClosedDay] = (),
    disambiguate: Disambiguate = "compatible",
    schedule: Schedule | None = None,
) -> Coverage:
    """How many members work in each slot of the UTC grid ``start, start + step, ..., end``.

    Parameters
    ----------
    people
        An organisation (its teams' closed days apply to their members) or an iterable of members.
    start, end
        Aware datetimes; ``end - start`` must be a whole number of steps.
    step
        Slot length, whole minutes (default 15).
    skill, min_level, language, role, team
        Filters: see :func:`teamcore.scheduling._select.select_members`.
    required
        Members needed per slot, for gaps and severity.
    closed_days
        Further days off for everyone considered (local dates of each member).
    disambiguate
        The DST gap/fold rule for shift starts and ends.
    schedule
        What the members work, instead of their weekly hours: a :class:`teamcore.Schedule` such as a
        :class:`~teamcore.rostering.Roster`. The filters still pick the members (a roster says who works when,
        the members say who speaks what); their intervals are the schedule's as given, so weekly hours, time off
        and `closed_days` do not apply. A member the schedule does not name works nothing; an id it names that is
        no member passing the filters is not counted.

    Returns
    -------
    Coverage
        With no member passing the filters, every count is zero and the whole window is one gap.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> from teamcore.people import Member
    >>> ny = Member(id="ny", name="Nia", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})
    >>> ldn = Member(id="ldn", name="Lee", timezone="Europe/London", country="GB", hours={"mon-fri": ["09:00-17:00"]})
    >>> day = coverage([ny, ldn], datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 11, tzinfo=UTC))
    >>> int((day.counts == 2).sum()) / 4  # hours both work: 4, while the US is on DST and the UK is not
    4.0
    >>> [(g.start.hour, g.end.hour, g.severity) for g in day.gaps()]
    [(0, 9, 'none'), (21, 0, 'none')]

    With a schedule (here one 4-hour shift of Nia's), only its intervals count:

    >>> class Shifts:
    ...     def worked(self):
    ...         return {"ny": [(datetime(2026, 3, 10, 14, tzinfo=UTC), datetime(2026, 3, 10, 18, tzinfo=UTC))]}
    >>> int(coverage([ny, ldn], datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 11, tzinfo=UTC),
    ...              schedule=Shifts()).counts.sum()) / 4
    4.0
    """
    members, teams = select_members(people, team=team, skill=skill, min_level=min_level, language=language, role=role)
    if schedule is not None:
        return _scheduled(members, schedule, start=start, end=end, step=step, required=required)
    lo, hi, width, _ = _grid(start, end, step, required)
    rule = check_disambiguate(disambiguate)
    distinct = {m.id: m for m in members}  # one entry per id, as a mapping of id -> intervals would keep
    chosen = tuple(distinct.values())
    counts, flat = many_intervals(
        chosen, teams, closed_dates(closed_days), lo=lo, hi=hi, width=width, disambiguate=rule
    )
    return Coverage(
        start=from_epoch(lo),
        step=dt.timedelta(seconds=width),
        required=required,
        member_ids=tuple(distinct),
        counts=counts,
        flat=flat,
    )


def _scheduled(
    members: Iterable[Member],
    schedule: object,
    *,
    start: dt.datetime,
    end: dt.datetime,
    step: dt.timedelta,
    required: int,
) -> Coverage:
    """:func:`coverage` of `members` from the intervals `schedule` gives them."""
    if not isinstance(schedule, Schedule):
        raise WrongType("schedule", schedule, "a Schedule (such as a Roster): an object with a worked() method")
    worked = schedule.worked()
    if not isinstance(worked, Mapping):
        raise WrongType("schedule.worked()", worked, "a mapping of member id -> (start, end) pairs")
    distinct = {m.id: m for m in members}
    return Coverage.from_intervals(
        {key: IntervalSet.from_pairs(worked.get(key, ())) for key in distinct}, start, end, step=step, required=required
    )


def _grid(start: dt.datetime, end: dt.datetime, step: dt.timedelta, required: int) -> tuple[int, int, int, int]:
    """Check the window, step and required count: (lo, hi, step seconds, slots)."""
    lo, hi = epoch_seconds(start, "start"), epoch_seconds(end, "end")
    width = _check_step(step)
    check_int_range(required, "required", 1, _MAX_REQUIRED)
    if hi <= lo or (hi - lo) % width:
        raise InvalidInterval(
            "end",
            f"{from_epoch(lo).isoformat()}..{from_epoch(hi).isoformat()}",
            "a whole number of steps after start",
        )
    slots = (hi - lo) // width
    if slots > _MAX_SLOTS:
        raise InvalidValue("step", step, f"a grid of at most {_MAX_SLOTS} slots (got {slots})")
    return lo, hi, width, slots
