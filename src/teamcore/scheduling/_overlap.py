"""When members work at the same time: pairwise and group overlap, an overlap matrix, and suggested core hours.

Windows are given as aware datetimes (UTC instants) or as dates; dates are read as local midnights in `tz`
(default UTC), the end date excluded. Each member's hours follow their own calendar
(:class:`~teamcore.scheduling.BusinessCalendar`: holidays, closed days, time off, DST).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._display import result_html, short_repr, to_pandas
from teamcore._time import Disambiguate, local_to_utc, timezone
from teamcore._validators import check_int_range
from teamcore._zones import DAY, local_seconds_to_utc, utc_offsets
from teamcore.exceptions import InvalidInterval, InvalidValue, WrongType
from teamcore.people import ClosedDay, Member, Team, Weekday
from teamcore.scheduling._calendar import BusinessCalendar, day_number
from teamcore.scheduling._intervals import IntervalSet, epoch_seconds
from teamcore.scheduling._select import People, select_members

__all__ = ["CoreHours", "OverlapMatrix", "core_hours", "group_overlap", "overlap", "overlap_matrix"]

Instant = dt.datetime | dt.date
_WORKWEEK: Final = frozenset({Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI})


def window_seconds(start: Instant, end: Instant, tz: str = "UTC") -> tuple[int, int]:
    """The UTC window ``[start, end)`` as epoch seconds; dates are local midnights in `tz`.

    Raises
    ------
    WrongType, NaiveDatetime
        If a bound is neither a date nor an aware datetime.
    InvalidInterval
        If `end` is before `start`.

    Examples
    --------
    >>> window_seconds(dt.date(1970, 1, 2), dt.date(1970, 1, 3), "Europe/London")  # Britain kept +01:00 in 1970
    (82800, 169200)
    """

    def seconds(value: Instant, field: str) -> int:
        if isinstance(value, dt.datetime):
            return epoch_seconds(value, field)
        if isinstance(value, dt.date):
            return int(local_to_utc(value, dt.time(0), timezone(tz)).timestamp())
        raise WrongType(field, value, "a date or an aware datetime")

    lo, hi = seconds(start, "start"), seconds(end, "end")
    if hi < lo:
        raise InvalidInterval("end", f"{start}..{end}", "an end on or after the start")
    return lo, hi


def _calendars(
    members: Iterable[Member],
    teams: Iterable[Team],
    closed_days: Iterable[dt.date | ClosedDay],
    disambiguate: Disambiguate,
) -> list[tuple[str, BusinessCalendar]]:
    chosen, known = select_members(members)
    extra = tuple(closed_days)
    every_team = (*known, *teams)
    return [
        (m.id, BusinessCalendar.for_member(m, team=every_team, closed_days=extra, disambiguate=disambiguate))
        for m in chosen
    ]


def overlap(
    a: Member,
    b: Member,
    start: Instant,
    end: Instant,
    *,
    tz: str = "UTC",
    team: Team | Iterable[Team] | None = None,
    closed_days: Iterable[dt.date | ClosedDay] = (),
    disambiguate: Disambiguate = "compatible",
) -> IntervalSet:
    """The instants in ``[start, end)`` when both `a` and `b` work.

    Examples
    --------
    >>> ny = Member(id="ny", name="Nia", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})
    >>> ldn = Member(id="ldn", name="Lee", timezone="Europe/London", country="GB", hours={"mon-fri": ["09:00-17:00"]})
    >>> overlap(ny, ldn, dt.date(2026, 3, 2), dt.date(2026, 3, 7)).total_seconds() / 3600  # 3 h a day
    15.0
    >>> overlap(ny, ldn, dt.date(2026, 3, 9), dt.date(2026, 3, 14)).total_seconds() / 3600  # 4 h: US on DST
    20.0
    """
    return group_overlap([a, b], start, end, tz=tz, team=team, closed_days=closed_days, disambiguate=disambiguate)


def group_overlap(
    members: Iterable[Member],
    start: Instant,
    end: Instant,
    *,
    tz: str = "UTC",
    team: Team | Iterable[Team] | None = None,
    closed_days: Iterable[dt.date | ClosedDay] = (),
    disambiguate: Disambiguate = "compatible",
) -> IntervalSet:
    """The instants in ``[start, end)`` when every one of `members` works (the empty set for no members)."""
    lo, hi = window_seconds(start, end, tz)
    teams = () if team is None else ((team,) if isinstance(team, Team) else tuple(team))
    calendars = _calendars(members, teams, closed_days, disambiguate)
    if not calendars:
        return IntervalSet.empty()
    result = calendars[0][1].between_seconds(lo, hi)
    for _id, calendar in calendars[1:]:
        result = result.intersection(calendar.between_seconds(lo, hi))
    return result


@attrs.frozen(kw_only=True)
class OverlapMatrix:
    """Seconds of shared working time for every pair of members; the diagonal holds each member's own hours.

    Attributes
    ----------
    member_ids
        Row and column order.
    seconds
        Symmetric read-only ``int64`` matrix.
    """

    member_ids: tuple[str, ...]
    seconds: npt.NDArray[np.int64] = attrs.field(eq=attrs.cmp_using(eq=np.array_equal), repr=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def between(self, a: str, b: str) -> dt.timedelta:
        """Shared working time of members `a` and `b`.

        Raises
        ------
        InvalidValue
            If either id is not in the matrix.
        """
        index = {member_id: i for i, member_id in enumerate(self.member_ids)}
        for field, value in (("a", a), ("b", b)):
            if value not in index:
                raise InvalidValue(field, value, f"one of {list(self.member_ids)}")
        return dt.timedelta(seconds=int(self.seconds[index[a], index[b]]))

    def hours(self) -> npt.NDArray[np.float64]:
        """The matrix in hours."""
        return self.seconds / 3600.0

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per unordered pair ``a < b`` (in matrix order): ``a``, ``b``, ``hours``."""
        n = len(self.member_ids)
        return [
            {"a": self.member_ids[i], "b": self.member_ids[j], "hours": float(self.seconds[i, j]) / 3600}
            for i in range(n)
            for j in range(i + 1, n)
        ]

    def to_polars(self) -> Any:
        """The pairs of :meth:`to_dicts` as a ``polars.DataFrame`` (columns ``a``, ``b``, ``hours``)."""
        import polars as pl  # noqa: PLC0415 - heavy to import; only the table export needs it

        schema = {"a": pl.String, "b": pl.String, "hours": pl.Float64}
        return pl.DataFrame(self.to_dicts(), schema=schema) if len(self.member_ids) > 1 else pl.DataFrame(schema=schema)

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
        return result_html(self, ("Shared working hours per pair", self.to_polars()))


def overlap_matrix(
    members: People,
    start: Instant,
    end: Instant,
    *,
    tz: str = "UTC",
    closed_days: Iterable[dt.date | ClosedDay] = (),
    disambiguate: Disambiguate = "compatible",
) -> OverlapMatrix:
    """Pairwise shared working time in ``[start, end)`` for a team or list of members.

    Examples
    --------
    >>> ny = Member(id="ny", name="Nia", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})
    >>> ldn = Member(id="ldn", name="Lee", timezone="Europe/London", country="GB", hours={"mon-fri": ["09:00-17:00"]})
    >>> overlap_matrix([ny, ldn], dt.date(2026, 3, 2), dt.date(2026, 3, 3)).hours().tolist()
    [[8.0, 3.0], [3.0, 8.0]]
    """
    lo, hi = window_seconds(start, end, tz)
    chosen, teams = select_members(members)
    calendars = _calendars(chosen, teams, closed_days, disambiguate)
    sets = [calendar.between_seconds(lo, hi) for _id, calendar in calendars]
    n = len(sets)
    seconds = np.zeros((n, n), np.int64)
    for i in range(n):
        seconds[i, i] = sets[i].total_seconds()
        for j in range(i + 1, n):
            seconds[i, j] = seconds[j, i] = sets[i].intersection(sets[j]).total_seconds()
    seconds.setflags(write=False)
    return OverlapMatrix(member_ids=tuple(member_id for member_id, _ in calendars), seconds=seconds)


@attrs.frozen(kw_only=True)
class CoreHours:
    """A suggested daily window, in local time of `tz`, when the most members work.

    Attributes
    ----------
    tz
        The timezone of `start` and `end`.
    start, end
        Local wall-clock bounds; ``end`` may be earlier than ``start`` for a window across midnight, and equals
        ``start`` only when the window is the whole day.
    members
        Ids of the members in the window on most of the days considered.
    days
        Number of local days considered.
    """

    tz: str
    start: dt.time
    end: dt.time
    members: tuple[str, ...]
    days: int

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def length(self) -> dt.timedelta:
        """Length of the window on a day without a DST change."""
        minutes = (self.end.hour * 60 + self.end.minute - self.start.hour * 60 - self.start.minute) % 1440
        return dt.timedelta(minutes=minutes or 1440)


def core_hours(
    members: People,
    start: dt.date,
    end: dt.date,
    tz: str,
    *,
    min_members: int | None = None,
    step: dt.timedelta = dt.timedelta(minutes=15),
    weekdays: Iterable[Weekday] = _WORKWEEK,
    closed_days: Iterable[dt.date | ClosedDay] = (),
    disambiguate: Disambiguate = "compatible",
) -> CoreHours | None:
    """Suggest core hours: the longest daily window, in local time of `tz`, that the most members share.

    The rule: over the local dates ``[start, end)`` in `tz` that fall on `weekdays` (default Monday–Friday), a member
    is *in* a time-of-day slot when they work the whole slot on at least half of those days (so a holiday or a
    week of leave does not drop them). The window is the longest run of slots with at least `min_members` members in
    (default: the largest number reached on any slot), ties going to the most member-time, then the earliest;
    windows may cross midnight.

    Parameters
    ----------
    members
        An organisation or members.
    start, end
        Local dates in `tz`, end excluded.
    tz
        The timezone in which the window is expressed.
    min_members
        Fewest members the window must hold; default the most any slot reaches.
    step
        Resolution, whole minutes dividing a day (default 15).
    weekdays
        Which local weekdays count.
    closed_days, disambiguate
        As for :class:`~teamcore.scheduling.BusinessCalendar`.

    Returns
    -------
    CoreHours or None
        ``None`` when no slot has `min_members` members (or nobody works at all).

    Examples
    --------
    >>> se = Member(id="se", name="Sara", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["09:00-17:00"]})
    >>> ph = Member(id="ph", name="Paz", timezone="Asia/Manila", country="PH", hours={"mon-fri": ["09:00-17:00"]})
    >>> core = core_hours([se, ph], dt.date(2026, 1, 12), dt.date(2026, 1, 17), "Europe/Stockholm")
    >>> core.start, core.end, core.members
    (datetime.time(9, 0), datetime.time(10, 0), ('ph', 'se'))
    """
    zone_days = _days_in(start, end, weekdays)
    timezone(tz)
    if not isinstance(step, dt.timedelta) or step.total_seconds() % 60 or 86400 % max(1, int(step.total_seconds())):
        raise InvalidValue("step", step, "a whole number of minutes that divides a day")
    width = int(step.total_seconds())
    if width <= 0:
        raise InvalidValue("step", step, "a positive whole number of minutes")
    chosen, teams = select_members(members)
    if min_members is not None:
        check_int_range(min_members, "min_members", 1, max(1, len(chosen)))
    per_day = DAY // width
    if not zone_days or not chosen:
        return None
    # Every time-of-day slot of every day, as UTC instants; slots a DST gap skips are marked invalid.
    local = (np.array(zone_days, np.int64)[:, None] * DAY + width * np.arange(per_day, dtype=np.int64)).ravel()
    utc = local_seconds_to_utc(local, tz, disambiguate)
    valid = (utc + utc_offsets(utc, tz) == local).reshape(len(zone_days), per_day)
    lo, hi = int(utc.min()), int(utc.max()) + width
    calendars = _calendars(chosen, teams, closed_days, disambiguate)
    inside = np.zeros((len(calendars), per_day), bool)
    for row, (_id, calendar) in enumerate(calendars):
        sets = calendar.between_seconds(lo, hi)
        if not len(sets.starts):  # works none of the days (time off, no hours): never inside the window
            continue
        i = np.searchsorted(sets.starts, utc, side="right") - 1
        works = (i >= 0) & (sets.ends[np.maximum(i, 0)] >= utc + width)
        days_in = (works.reshape(len(zone_days), per_day) & valid).sum(axis=0)
        inside[row] = 2 * days_in >= np.maximum(valid.sum(axis=0), 1)
        inside[row] &= days_in > 0
    count = inside.sum(axis=0)
    need = int(count.max()) if min_members is None else min_members
    if need == 0 or int(count.max()) < need:
        return None
    a, b = _best_run(count, need)
    slots = np.arange(a, b) % per_day
    ids = tuple(sorted(calendars[r][0] for r in np.flatnonzero(inside[:, slots].all(axis=1)).tolist()))

    def clock(slot: int) -> dt.time:
        seconds = (slot % per_day) * width
        return dt.time(seconds // 3600, seconds % 3600 // 60)

    return CoreHours(tz=tz, start=clock(a), end=clock(b), members=ids, days=len(zone_days))


def _days_in(start: object, end: object, weekdays: Iterable[Weekday]) -> list[int]:
    for field, value in (("start", start), ("end", end)):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise WrongType(field, value, "a local date")
    assert isinstance(start, dt.date)
    assert isinstance(end, dt.date)
    if end < start:
        raise InvalidInterval("end", f"{start}..{end}", "an end date on or after the start")
    wanted = {Weekday.parse(day, "weekdays") for day in weekdays}
    first = day_number(start)
    return [d for d in range(first, day_number(end)) if (d + 3) % 7 in wanted]


def _best_run(count: npt.NDArray[np.int64], need: int) -> tuple[int, int]:
    """The longest run (most member-slots, then earliest) of ``count >= need`` on a circular day; end exclusive."""
    per_day = count.size
    mask = count >= need
    if mask.all():
        return 0, per_day
    # Rotate so the day starts on a slot outside every run; runs across midnight then stay whole.
    pivot = int(np.flatnonzero(~mask)[0])
    rolled = np.roll(mask, -pivot)
    edges = np.diff(np.concatenate(([0], rolled.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    weight = np.roll(count, -pivot)
    best = max(
        zip(starts.tolist(), ends.tolist(), strict=True),
        key=lambda run: (run[1] - run[0], int(weight[run[0] : run[1]].sum()), -((run[0] + pivot) % per_day)),
    )
    return best[0] + pivot, best[1] + pivot
