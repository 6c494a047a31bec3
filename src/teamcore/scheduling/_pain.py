"""How inconvenient a meeting time is for someone: the documented "pain" function and its hard limit.

The pain of an instant for a participant depends only on their local time and their working hours
(:class:`~teamcore.scheduling.BusinessCalendar`: weekly hours, holidays, closed days, time off, DST):

=========================================================  ======================================  ===========
where the instant falls, in the participant's local time   pain per instant                         default
=========================================================  ======================================  ===========
inside their working intervals                             0                                        0
night band (``night_start``-``night_end``, 22:00-07:00)    ``night``; a **hard limit** (see below)  10
a local day without work (weekend, holiday, time off)      ``day_off``                              6
a working day, outside working hours                       ``outside + per_hour * h``, capped at    1 + h,
                                                           ``outside_max``; ``h`` = hours to the    at most 5
                                                           nearest start or end of their work
=========================================================  ======================================  ===========

The first row that matches applies, so a night-shift worker at work at 23:00 has pain 0 and no hard limit there.
The pain of a *slot* ``[start, start + duration)`` is the mean of the pain at the midpoints of its 5-minute pieces
(a 30-minute slot from 16:30 for someone who works until 17:00 scores ``(0 + 0 + 0 + 0 + 0 + 0) / 6 = 0``; one from
17:00 scores the mean of ``1 + 1 * h`` for ``h`` = 2.5 ... 27.5 minutes, about 1.25).

**Hard limit.** A slot that overlaps a participant's night band by even a second (outside their working intervals)
is forbidden for that participant unless they opted in with ``Participant(..., night_ok=True)``. The planner and the
rotation never place a meeting inside the hard limit of a *required* participant. The night band is computed per
local day with :func:`teamcore._time.local_to_utc`'s rule for DST gaps and folds, so it is 8 or 10 real hours on
the nights the clocks change.

The weights live in :class:`PainWeights`; every figure above is a field.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Final

import attrs
import numpy as np

from teamcore._time import Disambiguate
from teamcore._zones import DAY, local_seconds_to_utc, utc_offsets
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.people import Member, Team
from teamcore.scheduling._calendar import BusinessCalendar, day_number
from teamcore.scheduling._intervals import Int64Array, IntervalSet, epoch_seconds

__all__ = ["PainProfile", "PainWeights", "Participant", "slot_pain"]

SAMPLE: Final = 300
"""Seconds between the instants at which a slot's pain is sampled (at the midpoint of each piece)."""

_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()


def _weight(_instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongType(attribute.name, value, "a number")
    if not value >= 0 or value == float("inf"):
        raise OutOfRange(attribute.name, value, "a finite number >= 0")


def _clock(_instance: object, attribute: attrs.Attribute[dt.time], value: object) -> None:
    if not isinstance(value, dt.time) or value.tzinfo is not None or value.second or value.microsecond:
        raise WrongType(attribute.name, value, "a naive wall-clock time in whole minutes (datetime.time)")


@attrs.frozen(kw_only=True)
class PainWeights:
    """The weights of the pain function (see the module documentation for the table).

    Parameters
    ----------
    outside
        Pain of the first instant outside working hours on a working day.
    per_hour
        Extra pain per hour away from the nearest start or end of work.
    outside_max
        Cap of the pain outside working hours on a working day; at least `outside`.
    day_off
        Pain on a local day without work (weekend, public holiday, closed day, time off).
    night
        Pain in the night band; the band is also a hard limit unless a participant opts in.
    night_start, night_end
        The night band in local wall-clock time; it wraps past midnight when `night_end` <= `night_start`.

    Raises
    ------
    WrongType, OutOfRange, InvalidValue
        For a negative or non-numeric weight, `outside_max` below `outside`, or an empty night band.

    Examples
    --------
    >>> PainWeights().night
    10.0
    >>> PainWeights(outside=3, outside_max=2)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: outside_max: expected a cap >= outside (3), got 2
    """

    outside: float = attrs.field(default=1.0, validator=_weight)
    per_hour: float = attrs.field(default=1.0, validator=_weight)
    outside_max: float = attrs.field(default=5.0, validator=_weight)
    day_off: float = attrs.field(default=6.0, validator=_weight)
    night: float = attrs.field(default=10.0, validator=_weight)
    night_start: dt.time = attrs.field(default=dt.time(22), validator=_clock)
    night_end: dt.time = attrs.field(default=dt.time(7), validator=_clock)

    def __attrs_post_init__(self) -> None:
        if self.outside_max < self.outside:
            raise InvalidValue("outside_max", self.outside_max, f"a cap >= outside ({self.outside})")
        if self.night_start == self.night_end:
            raise InvalidValue("night_end", self.night_end, f"a time other than night_start ({self.night_start})")


def _member(value: object) -> Member:
    if not isinstance(value, Member):
        raise WrongType("member", value, "a Member")
    return value


def _optional_calendar(value: object) -> BusinessCalendar | None:
    if value is not None and not isinstance(value, BusinessCalendar):
        raise WrongType("calendar", value, "a BusinessCalendar or None")
    return value


@attrs.frozen
class Participant:
    """Someone invited to a meeting.

    Parameters
    ----------
    member
        The member.
    required
        A required participant's hard limit forbids a slot; an optional one's pain only lowers a slot's rank.
    night_ok
        Opt in to meetings in the night band (their pain there still counts).
    calendar
        Their working calendar; default :meth:`BusinessCalendar.for_member` of `member` (give one to add a team's
        closed days).

    Examples
    --------
    >>> bo = Member(id="bo", name="Bo", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["09:00-17:00"]})
    >>> Participant(bo).required, Participant(bo, night_ok=True).night_ok
    (True, True)
    """

    member: Member = attrs.field(converter=_member)
    required: bool = attrs.field(default=True, kw_only=True, validator=attrs.validators.instance_of(bool))
    night_ok: bool = attrs.field(default=False, kw_only=True, validator=attrs.validators.instance_of(bool))
    calendar: BusinessCalendar | None = attrs.field(default=None, kw_only=True, converter=_optional_calendar)

    @classmethod
    def for_team(
        cls, members: Iterable[Member], team: Team | None = None, *, night_ok: bool = False
    ) -> tuple[Participant, ...]:
        """Required participants for `members`, with `team`'s closed days in their calendars."""
        return tuple(cls(m, night_ok=night_ok, calendar=BusinessCalendar.for_member(m, team=team)) for m in members)

    @property
    def id(self) -> str:
        """The member's id."""
        return str(self.member.id)

    def business_calendar(self, disambiguate: Disambiguate = "compatible") -> BusinessCalendar:
        """The calendar pain is computed from."""
        if self.calendar is not None:
            return self.calendar
        return BusinessCalendar.for_member(self.member, disambiguate=disambiguate)


def _inside(sets: IntervalSet, t: Int64Array) -> np.ndarray:
    """Whether each instant of `t` lies in `sets`."""
    if not len(sets):
        return np.zeros(np.shape(t), bool)
    i = np.searchsorted(sets.starts, t, side="right") - 1
    ok = i >= 0
    return ok & (t < np.where(ok, sets.ends[np.maximum(i, 0)], 0))


def _meets(sets: IntervalSet, lo: Int64Array, hi: Int64Array) -> np.ndarray:
    """Whether each ``[lo, hi)`` overlaps `sets`."""
    if not len(sets):
        return np.zeros(np.shape(lo), bool)
    i = np.searchsorted(sets.starts, hi, side="left") - 1  # the last interval starting before hi
    ok = i >= 0
    return ok & (np.where(ok, sets.ends[np.maximum(i, 0)], 0) > lo)


@functools.lru_cache(maxsize=256)
def _night_band(
    tz: str, disambiguate: Disambiguate, *, night_start: dt.time, night_end: dt.time, first: int, last: int
) -> IntervalSet:
    """The night band of zone `tz` for the nights starting on local days ``first..last``, as UTC intervals."""
    days = np.arange(first, last + 1, dtype=np.int64)
    ns = night_start.hour * 3600 + night_start.minute * 60
    ne = night_end.hour * 3600 + night_end.minute * 60
    wrap = DAY if ne <= ns else 0
    local = np.concatenate((days * DAY + ns, days * DAY + ne + wrap))
    both = local_seconds_to_utc(local, tz, disambiguate)
    return IntervalSet.from_arrays(both[: days.size], both[days.size :])


@attrs.frozen(eq=False)
class PainProfile:
    """A participant's pain over a UTC window ``[lo, hi)`` of epoch seconds, precomputed for vectorised queries.

    Build with :meth:`build`; :meth:`pain` and :meth:`blocked` answer for many slot starts at once. Participants
    with the same calendar and opt-in share one profile (the rotation builds one per distinct calendar).

    Attributes
    ----------
    working
        The working intervals in the window.
    night
        The night band minus working intervals: the hard limit (empty when the participant opted in).
    nights
        The night band minus working intervals, whether or not they opted in (for the pain).
    band
        The night band of the zone (the same for everyone in it).
    """

    tz: str
    lo: int
    weights: PainWeights
    working: IntervalSet
    night: IntervalSet
    nights: IntervalSet
    band: IntervalSet
    first_day: int
    work_days: np.ndarray

    @classmethod
    def build(
        cls,
        calendar: BusinessCalendar,
        lo: int,
        hi: int,
        *,
        night_ok: bool = False,
        weights: PainWeights | None = None,
    ) -> PainProfile:
        """Precompute the profile of `calendar` for slots inside ``[lo, hi)`` (UTC epoch seconds)."""
        weights = PainWeights() if weights is None else weights
        # Local days around the window: zones run from -12 h to +14 h.
        first = lo // DAY - 2
        last = hi // DAY + 2
        working = calendar.between_seconds(lo - 2 * DAY, hi + 2 * DAY)
        days = np.arange(first, last + 1, dtype=np.int64)
        band = _night_band(
            calendar.timezone,
            calendar.disambiguate,
            night_start=weights.night_start,
            night_end=weights.night_end,
            first=first,
            last=last,
        )
        nights = band.difference(working)
        # A local day "has work" if the weekly hours have a shift starting on its weekday and it is not a day off.
        weekdays_with_work = np.zeros(7, bool)
        for shift in calendar.hours.shifts:
            weekdays_with_work[int(shift.day)] = True
        work_days = weekdays_with_work[(days + 3) % 7]
        start_date = dt.date.fromordinal(int(first) + _EPOCH_ORDINAL)
        end_date = dt.date.fromordinal(int(last) + 1 + _EPOCH_ORDINAL)
        for day in calendar.days_off(start_date, end_date):
            work_days[day_number(day) - first] = False
        work_days.setflags(write=False)
        return cls(
            tz=calendar.timezone,
            lo=lo,
            weights=weights,
            working=working,
            night=IntervalSet.empty() if night_ok else nights,
            nights=nights,
            band=band,
            first_day=int(first),
            work_days=work_days,
        )

    def zone_view(self, t: Int64Array) -> tuple[Int64Array, np.ndarray]:
        """The zone's part of the pain at each UTC instant of `t`: local day number, and inside the night band or not.

        It depends only on the zone, so participants in one zone share it (see :meth:`point_pain`).
        """
        t = np.asarray(t, np.int64)
        days: Int64Array = (t + utc_offsets(t, self.tz)) // DAY
        return days, _inside(self.band, t)

    def point_pain(self, t: Int64Array, view: tuple[Int64Array, np.ndarray] | None = None) -> np.ndarray:
        """The pain at each UTC instant of `t` (epoch seconds), per the table in the module documentation.

        `view` may pass :meth:`zone_view` of `t`, computed once for everyone in the zone.
        """
        w = self.weights
        t = np.asarray(t, np.int64)
        local_days, in_band = self.zone_view(t) if view is None else view
        on_work_day = self.work_days[np.clip(local_days - self.first_day, 0, self.work_days.size - 1)]
        starts, ends = self.working.starts, self.working.ends
        if starts.size:
            nxt = np.searchsorted(starts, t, side="right")
            prev = nxt - 1
            end_before = ends[np.maximum(prev, 0)]
            working = (prev >= 0) & (t < end_before)
            far = np.iinfo(np.int64).max
            to_next = np.where(nxt < starts.size, starts[np.minimum(nxt, starts.size - 1)] - t, far)
            from_prev = np.where(prev >= 0, t - end_before, far)
            hours = np.minimum(to_next, from_prev) / 3600.0
        else:
            working = np.zeros(t.shape, bool)
            hours = np.full(t.shape, np.inf)
        pain = np.minimum(w.outside + w.per_hour * hours, w.outside_max)
        pain[~on_work_day] = w.day_off
        pain[in_band] = w.night  # the night band minus working time: working time is set to 0 just below
        pain[working] = 0.0
        return pain

    def pain(self, starts: Int64Array, duration: int, view: tuple[Int64Array, np.ndarray] | None = None) -> np.ndarray:
        """The pain of slots ``[s, s + duration)`` for each start `s` (epoch seconds): the mean over 5-minute pieces.

        `view` may pass :meth:`zone_view` of the flattened :func:`slot_samples` ``(starts, duration)``.
        """
        grid = slot_samples(starts, duration)
        mean: np.ndarray = self.point_pain(grid.ravel(), view).reshape(grid.shape).mean(axis=1)
        return mean

    def blocked(self, starts: Int64Array, duration: int) -> np.ndarray:
        """Whether each slot ``[s, s + duration)`` overlaps the hard limit."""
        starts = np.asarray(starts, np.int64)
        return _meets(self.night, starts, starts + duration)


def slot_samples(starts: Int64Array, duration: int) -> Int64Array:
    """The instants at which the pain of each slot is sampled: the midpoints of its 5-minute pieces (one row each)."""
    starts = np.asarray(starts, np.int64)
    pieces = max(1, -(-duration // SAMPLE))
    offsets = (np.arange(pieces, dtype=np.int64) * duration * 2 + duration) // (2 * pieces)
    grid: Int64Array = starts[:, None] + offsets[None, :]
    return grid


def _duration_seconds(value: object, field: str = "duration") -> int:
    if not isinstance(value, dt.timedelta):
        raise WrongType(field, value, "a datetime.timedelta")
    seconds = int(value.total_seconds())
    if seconds <= 0 or seconds % 60:
        raise OutOfRange(field, value, "a positive whole number of minutes")
    return seconds


def slot_pain(
    participant: Participant,
    start: dt.datetime,
    duration: dt.timedelta,
    *,
    weights: PainWeights | None = None,
) -> tuple[float, bool]:
    """The pain of the slot ``[start, start + duration)`` for `participant`, and whether it breaks their hard limit.

    Parameters
    ----------
    participant
        Who.
    start
        An aware datetime.
    duration
        A positive whole number of minutes.
    weights
        The pain weights; default :class:`PainWeights`.

    Returns
    -------
    tuple
        ``(pain, blocked)``: the mean pain over the slot (see the module table) and whether it overlaps their
        night band outside working hours without an opt-in.

    Raises
    ------
    WrongType, NaiveDatetime, OutOfRange
        For a bad argument.

    Examples
    --------
    >>> ny = Member(id="ny", name="Nia", timezone="America/New_York", country="US",
    ...             hours={"mon-fri": ["09:00-17:00"]})
    >>> half_hour = dt.timedelta(minutes=30)
    >>> slot_pain(Participant(ny), dt.datetime(2026, 3, 5, 14, tzinfo=dt.UTC), half_hour)  # Thu 09:00 local
    (0.0, False)
    >>> slot_pain(Participant(ny), dt.datetime(2026, 3, 5, 4, tzinfo=dt.UTC), half_hour)  # Wed 23:00 local
    (10.0, True)
    >>> slot_pain(Participant(ny), dt.datetime(2026, 3, 7, 16, tzinfo=dt.UTC), half_hour)  # Saturday
    (6.0, False)
    """
    if not isinstance(participant, Participant):
        raise WrongType("participant", participant, "a Participant")
    seconds = _duration_seconds(duration)
    lo = epoch_seconds(start, "start")
    profile = PainProfile.build(
        participant.business_calendar(), lo, lo + seconds, night_ok=participant.night_ok, weights=weights
    )
    t = np.array([lo], np.int64)
    return round(float(profile.pain(t, seconds)[0]), 6), bool(profile.blocked(t, seconds)[0])
