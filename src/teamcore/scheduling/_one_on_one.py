"""Regular 1:1s at fixed times: one weekly slot for the lead with each member, inside both working hours.

The slot is fixed in the **lead's** local time (a weekday and a wall-clock time), because the lead holds every 1:1.
Candidates are the lead's working hours on a grid of `step`; for each candidate and each week of the series the
concrete UTC instant is computed (DST per :data:`teamcore._time.Disambiguate`) and checked against both working
calendars (holidays, closed days and time off included). A member gets the candidate with, in order:

1. the fewest weeks in which the slot is not inside both people's working hours (a DST change that happens on
   different dates for the two, a public holiday, time off);
2. the least pain over the series for the two of them (:mod:`teamcore.scheduling._pain`);
3. the earliest weekday and time.

Members are served in the order given, and a slot already given to a member is not given again (the lead cannot
hold two 1:1s at once). The weeks in which the chosen slot leaves someone's working hours are reported in
:attr:`OneOnOneSlot.outside`, so a lead sees "in March this drifts out of Ana's hours" before it happens.

The weeks must lie within the years 4 to 9996: the calendars around them (each zone's offsets a year either side,
public holidays, shifts that start the day before) have to stay inside the years :mod:`datetime` can represent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

import attrs
import numpy as np

from teamcore._validators import check_date, check_int_range
from teamcore._zones import DAY, local_seconds_to_utc
from teamcore.exceptions import OutOfRange, WrongType
from teamcore.people import Member, Team, Weekday
from teamcore.scheduling._calendar import BusinessCalendar, day_number
from teamcore.scheduling._intervals import IntervalSet, from_epoch
from teamcore.scheduling._pain import PainProfile, PainWeights, _duration_seconds

__all__ = ["OneOnOneSlot", "one_on_ones"]

# The 1:1 dates must stay a year inside datetime's range: each zone's offsets are looked up a year either side.
_EARLIEST: Final = dt.date(4, 1, 1)
_LATEST: Final = dt.date(9996, 12, 31)


@attrs.frozen(kw_only=True)
class OneOnOneSlot:
    """A recurring weekly 1:1 between a lead and a member.

    Attributes
    ----------
    lead, member
        Member ids.
    zone
        The lead's timezone, in which `weekday` and `time` are fixed.
    weekday, time
        The slot; ``None`` when the lead has no free working time for it.
    duration
        Length of each 1:1.
    starts
        The UTC start of each week's 1:1.
    outside
        Dates (lead's local) of the weeks in which the slot is not inside both working hours.
    pain
        Total pain of the two over the series.
    """

    lead: str
    member: str
    zone: str
    weekday: Weekday | None
    time: dt.time | None
    duration: dt.timedelta
    starts: tuple[dt.datetime, ...] = ()
    outside: tuple[dt.date, ...] = ()
    pain: float = 0.0

    @property
    def stable(self) -> bool:
        """Whether a slot was found and lies inside both working hours in every week."""
        return self.time is not None and not self.outside


def _inside_all(sets: IntervalSet, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Whether each ``[lo, hi)`` lies wholly inside one interval of `sets`."""
    if not len(sets):
        return np.zeros(lo.shape, bool)
    i = np.searchsorted(sets.starts, lo, side="right") - 1
    ok = i >= 0
    return ok & (np.where(ok, sets.ends[np.maximum(i, 0)], 0) >= hi)


def _members(value: object) -> tuple[Member, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("members", value, "an iterable of Member")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Member):
            raise WrongType(f"members[{i}]", item, "a Member")
    return items


def _check_span(first: dt.date, weeks: int) -> None:
    """Every 1:1 date (on or after `first`, within `weeks` weeks of it) lies from :data:`_EARLIEST` to :data:`_LATEST`.

    Compared as ordinals, so a `first` at the very end of the calendar does not overflow on the way.
    """
    last = _LATEST.toordinal() - (7 * weeks - 1)  # the last 1:1 is at most 7 * weeks - 1 days after `first`
    if not _EARLIEST.toordinal() <= first.toordinal() <= last:
        latest = dt.date.fromordinal(last).isoformat()
        raise OutOfRange(
            "first",
            first,
            f"a date from {_EARLIEST.isoformat()} to {latest}, so that {weeks} weekly 1:1s stay within the years "
            f"{_EARLIEST.year} to {_LATEST.year}",
        )


def one_on_ones(
    lead: Member,
    members: Iterable[Member],
    *,
    first: dt.date,
    weeks: int = 12,
    duration: dt.timedelta = dt.timedelta(minutes=30),
    step: dt.timedelta = dt.timedelta(minutes=30),
    team: Team | None = None,
    weights: PainWeights | None = None,
) -> tuple[OneOnOneSlot, ...]:
    """A fixed weekly 1:1 slot for `lead` with each of `members` (see the module documentation for the choice).

    Parameters
    ----------
    lead
        Who holds the 1:1s; their timezone fixes the slot.
    members
        The members, in the order they are served (the lead is skipped if listed).
    first
        The series starts in the week of this date (lead's local): each slot's first 1:1 is on or after it.
    weeks
        Number of weekly occurrences (1-260). All of them must fall within the years 4 to 9996.
    duration, step
        Length of a 1:1 and the grid of candidate start times in the lead's hours (whole minutes).
    team
        A team whose closed days apply.
    weights
        The pain weights.

    Returns
    -------
    tuple of OneOnOneSlot
        One per member, in order.

    Raises
    ------
    WrongType
        For arguments of the wrong type.
    OutOfRange
        For `weeks` outside 1-260, a `duration` or `step` that is not a positive whole number of minutes, or a
        `first` whose weeks leave the years 4 to 9996.

    Examples
    --------
    >>> lead = Member(id="lea", name="Lea", timezone="Europe/London", country="GB",
    ...               hours={"mon-fri": ["09:00-17:00"]})
    >>> nia = Member(id="nia", name="Nia", timezone="America/New_York", country="US",
    ...              hours={"mon-fri": ["09:00-17:00"]})
    >>> [one] = one_on_ones(lead, [nia], first=dt.date(2026, 3, 2), weeks=6)
    >>> one.weekday.short, one.time.isoformat("minutes"), one.outside  # 14:00 London is 09:00 or 10:00 New York
    ('mon', '14:00', ())
    """
    if not isinstance(lead, Member):
        raise WrongType("lead", lead, "a Member")
    people = tuple(m for m in _members(members) if m.id != lead.id)
    check_date(first, "first")
    check_int_range(weeks, "weeks", 1, 260)
    _check_span(first, weeks)
    seconds = _duration_seconds(duration)
    every = _duration_seconds(step, "step")
    # Candidates: (weekday, local minute) inside the lead's weekly shifts, on the grid, in week order.
    candidates: list[tuple[Weekday, int]] = []
    for shift in lead.hours.shifts:
        begin = shift.start.hour * 60 + shift.start.minute
        for offset in range(0, shift.minutes * 60 - seconds + 1, every):
            minute = begin + offset // 60  # past midnight for an overnight shift: the next day's time
            candidates.append((Weekday((shift.day + minute // 1440) % 7), minute % 1440))
    zone = lead.timezone
    if not candidates:
        return tuple(
            OneOnOneSlot(lead=lead.id, member=m.id, zone=zone, weekday=None, time=None, duration=duration)
            for m in people
        )
    base = day_number(first)
    first_weekday = (base + 3) % 7
    week = np.arange(weeks, dtype=np.int64) * 7
    days = np.array([base + (int(day) - first_weekday) % 7 for day, _ in candidates], np.int64)
    minutes = np.array([minute for _, minute in candidates], np.int64)
    local = (days[:, None] + week[None, :]) * DAY + (minutes * 60)[:, None]
    starts = local_seconds_to_utc(local.ravel(), zone).reshape(local.shape)
    lo, hi = int(starts.min()), int(starts.max()) + seconds
    lead_calendar = BusinessCalendar.for_member(lead, team=team)
    lead_work = lead_calendar.between_seconds(lo, hi)
    lead_profile = PainProfile.build(lead_calendar, lo, hi, weights=weights)
    lead_pain = lead_profile.pain(starts.ravel(), seconds).reshape(starts.shape)
    taken: list[tuple[int, int]] = []  # (week minute start, end) already given
    out = []
    for member in people:
        calendar = BusinessCalendar.for_member(member, team=team)
        work = calendar.between_seconds(lo, hi)
        inside = _inside_all(lead_work, starts, starts + seconds) & _inside_all(work, starts, starts + seconds)
        profile = PainProfile.build(calendar, lo, hi, weights=weights)
        pain = np.round(lead_pain + profile.pain(starts.ravel(), seconds).reshape(starts.shape), 6).sum(axis=1)
        misses = (~inside).sum(axis=1)
        week_minute = np.array([int(d) * 1440 + m for d, m in candidates])
        free = np.array([all(not (a < e and s < a + seconds // 60) for s, e in taken) for a in week_minute.tolist()])
        order = [i for i in np.lexsort((np.arange(len(candidates)), pain, misses)).tolist() if free[i]]
        if not order:
            out.append(
                OneOnOneSlot(lead=lead.id, member=member.id, zone=zone, weekday=None, time=None, duration=duration)
            )
            continue
        best = order[0]
        taken.append((int(week_minute[best]), int(week_minute[best]) + seconds // 60))
        day, minute = candidates[best]
        dates = [dt.date.fromordinal(int(days[best] + w) + dt.date(1970, 1, 1).toordinal()) for w in week.tolist()]
        out.append(
            OneOnOneSlot(
                lead=lead.id,
                member=member.id,
                zone=zone,
                weekday=day,
                time=dt.time(minute // 60, minute % 60),
                duration=duration,
                starts=tuple(from_epoch(int(s)) for s in starts[best]),
                outside=tuple(dates[w] for w in np.flatnonzero(~inside[best]).tolist()),
                pain=round(float(pain[best]), 6),
            )
        )
    return tuple(out)
