"""Fair rotation of a recurring meeting: share the pain of inconvenient times across people and regions.

A :class:`Series` is a daily huddle, a weekly team meeting or a monthly all-hands: a list of occurrence dates and,
for each, candidate start times given as local wall-clock times in an anchor zone (``zone="UTC"`` gives plain UTC
slot times). Each candidate is converted to a UTC instant **for its concrete date**, so a 09:00 New York candidate is
13:00Z in summer and 14:00Z in winter, and each participant's pain (:mod:`teamcore.scheduling._pain`) is computed
for that concrete instant: DST changes inside the series are re-checked occurrence by occurrence.

The algorithm (:func:`rotate`), deterministic and free of solvers:

1. **Pain table.** For every occurrence ``o``, candidate ``j`` and participant ``p``: the pain ``P[o, j, p]``
   (in micro-units, integers, so sums are exact) and whether ``j`` breaks a required participant's hard limit.
   Participants with the same calendar share one computation.
2. **Objective.** For a choice of one candidate per occurrence, the burden of a person is the sum of their pain over
   the series, the burden of a region (a timezone by default, or a user mapping) is the mean burden of its members.
   Plans are compared **lexicographically** on (person burdens sorted from the worst down, region burdens sorted
   from the worst down, total pain): the worst-off person first, then the next-worst, and so on (a lexicographic
   min-max). With ``per_region=True`` each region counts once: region burdens come first and the total is summed
   over regions, so a large office does not outvote a one-person timezone.
3. **Start.** The better of (a) a greedy pass that gives each occurrence, in date order, the feasible candidate that
   minimises the objective of the burdens so far, and (b) the best *fixed* plan (the same candidate time in every
   occurrence, where that time is feasible throughout).
4. **Improve.** Repeated passes over the occurrences: re-choose each occurrence's candidate given all the others
   (a look-ahead over the whole series); stop when a pass changes nothing (at most `passes` passes).

Every step keeps or lowers the objective, so the result is never worse than the best fixed plan: in particular
its worst person burden is at most the worst burden of any single fixed slot. Candidates that break a required
participant's hard limit are never chosen; an occurrence where every candidate does is left unscheduled and listed.
Ties go to the earlier occurrence's earlier candidate (the order of ``times``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._display import short_repr
from teamcore._time import Disambiguate, local_to_utc, timezone, validate_timezone
from teamcore._validators import check_date, check_int_range, check_text
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.scheduling._intervals import from_epoch
from teamcore.scheduling._meetings import check_participants
from teamcore.scheduling._pain import (
    PainProfile,
    PainWeights,
    Participant,
    _duration_seconds,
    _meets,
    slot_samples,
)

__all__ = ["Burden", "Frequency", "Occurrence", "RegionBurden", "RotationPlan", "Series", "rotate"]

Frequency = Literal["daily", "weekly", "monthly"]
"""``daily``: every Monday-Friday from `first`; ``weekly``: every 7 days; ``monthly``: the same nth weekday
(a fifth weekday means the last of the month)."""

_FREQUENCIES: Final = ("daily", "weekly", "monthly")
_MICRO: Final = 1_000_000
_EVERY_HALF_HOUR: Final = tuple(dt.time(h, m) for h in range(24) for m in (0, 30))
IntMatrix = npt.NDArray[np.int64]


def _times(value: object) -> tuple[dt.time, ...]:
    if isinstance(value, dt.time):
        value = (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("times", value, "a list of wall-clock times (datetime.time)")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, dt.time) or item.tzinfo is not None or item.second or item.microsecond:
            raise WrongType(f"times[{i}]", item, "a naive wall-clock time in whole minutes")
    if not items:
        raise InvalidValue("times", items, "at least one candidate time")
    if len(set(items)) != len(items):
        raise InvalidValue("times", items, "distinct candidate times")
    return items


def _frequency(_i: object, _a: object, value: object) -> None:
    if value not in _FREQUENCIES:
        raise InvalidValue("frequency", value, f"one of {list(_FREQUENCIES)}")


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The `nth` `weekday` of the month; a 5th one means the last, which every month has."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (min(nth, 5) - 1))
    while day.month != month:
        day -= dt.timedelta(weeks=1)
    return day


@attrs.frozen(kw_only=True)
class Series:
    """A recurring meeting: when it happens and at which candidate times.

    Parameters
    ----------
    name
        Shown in reports and calendars.
    frequency
        ``"daily"`` (Monday-Friday), ``"weekly"`` or ``"monthly"`` (the nth weekday of `first`'s month, e.g. the
        first Tuesday; a fifth weekday means the last one of each month).
    first
        The first occurrence's date in `zone`.
    count
        How many occurrences (0-1000).
    duration
        The meeting's length, whole minutes (default 30).
    times
        Candidate start times, local wall-clock in `zone`, in order of preference for ties (default every half
        hour). Give one time for a fixed meeting.
    zone
        The anchor zone of `first` and `times` (default ``"UTC"``: plain UTC slot times).
    disambiguate
        How a candidate time in a DST gap or fold is read; see :data:`teamcore._time.Disambiguate`.

    Examples
    --------
    >>> thursday = Series(name="Team", frequency="weekly", first=dt.date(2026, 3, 5), count=3,
    ...                   times=[dt.time(9)], zone="America/New_York")
    >>> [s.strftime("%m-%d %H:%MZ") for s in thursday.candidates()[:, 0].astype("datetime64[s]").tolist()]
    ['03-05 14:00Z', '03-12 13:00Z', '03-19 13:00Z']
    >>> [d.isoformat() for d in Series(name="All hands", frequency="monthly", first=dt.date(2026, 1, 6),
    ...                                count=3).dates()]  # the first Tuesday
    ['2026-01-06', '2026-02-03', '2026-03-03']
    """

    name: str = attrs.field(validator=lambda _i, a, v: check_text(v, a.name))
    frequency: Frequency = attrs.field(validator=_frequency)
    first: dt.date = attrs.field(validator=lambda _i, a, v: check_date(v, a.name))
    count: int = attrs.field(validator=lambda _i, a, v: check_int_range(v, a.name, 0, 1000))
    duration: dt.timedelta = attrs.field(default=dt.timedelta(minutes=30))
    times: tuple[dt.time, ...] = attrs.field(default=_EVERY_HALF_HOUR, converter=_times)
    zone: str = attrs.field(default="UTC", validator=lambda _i, a, v: validate_timezone(v, a.name))
    disambiguate: Disambiguate = attrs.field(default="compatible")

    def __attrs_post_init__(self) -> None:
        _duration_seconds(self.duration)
        local_to_utc(self.first, dt.time(0), timezone("UTC"), self.disambiguate)  # checks the rule's name

    def dates(self) -> tuple[dt.date, ...]:
        """The occurrence dates, in `zone`."""
        if self.frequency == "weekly":
            return tuple(self.first + dt.timedelta(weeks=k) for k in range(self.count))
        if self.frequency == "daily":
            out: list[dt.date] = []
            day = self.first
            while len(out) < self.count:
                if day.weekday() < 5:
                    out.append(day)
                day += dt.timedelta(days=1)
            return tuple(out)
        nth = (self.first.day - 1) // 7 + 1
        months = (self.first.year * 12 + self.first.month - 1 + k for k in range(self.count))
        return tuple(_nth_weekday(m // 12, m % 12 + 1, self.first.weekday(), nth) for m in months)

    def candidates(self) -> IntMatrix:
        """UTC epoch seconds of each candidate: one row per occurrence, one column per time of `times`."""
        zone = timezone(self.zone)
        rows = [
            [int(local_to_utc(day, time, zone, self.disambiguate).timestamp()) for time in self.times]
            for day in self.dates()
        ]
        return np.array(rows, np.int64).reshape(len(rows), len(self.times))


@attrs.frozen(kw_only=True)
class Occurrence:
    """One occurrence of a rotated series.

    Attributes
    ----------
    date
        The occurrence's date in the series' zone.
    start, end
        The chosen slot, UTC; ``None`` when every candidate broke a required participant's hard limit.
    time
        The chosen candidate's local time in the series' zone, or ``None``.
    pain
        ``(member id, pain)`` per participant, in the order given (empty when unscheduled).
    """

    date: dt.date
    start: dt.datetime | None
    end: dt.datetime | None
    time: dt.time | None
    pain: tuple[tuple[str, float], ...] = ()

    @property
    def worst(self) -> float:
        """The highest single pain of this occurrence."""
        return max((p for _, p in self.pain), default=0.0)


@attrs.frozen(kw_only=True)
class Burden:
    """What a series costs one participant.

    Attributes
    ----------
    member
        Member id.
    region
        Their region (timezone unless mapped).
    total
        Sum of their pain over the scheduled occurrences.
    inconvenient
        Occurrences with pain above 0 (outside their working hours).
    nights
        Occurrences that overlap their night band (only possible with an opt-in or as an optional participant).
    """

    member: str
    region: str
    total: float
    inconvenient: int
    nights: int


@attrs.frozen(kw_only=True)
class RegionBurden:
    """What a series costs a region: the mean and the highest burden of its members."""

    region: str
    members: int
    mean: float
    worst: float


def gini(values: Iterable[float]) -> float:
    """The Gini coefficient of non-negative `values`: 0 when all are equal (or all 0), towards 1 when one bears all.

    Examples
    --------
    >>> gini([1, 1, 1]), gini([0, 0, 3])
    (0.0, 0.667)
    """
    x = np.sort(np.asarray(list(values), float))
    if x.size == 0 or x.sum() == 0:
        return 0.0
    n = x.size
    ranks = np.arange(1, n + 1)
    return round(float((2 * ranks - n - 1) @ x / (n * x.sum())), 3)


@attrs.frozen(kw_only=True)
class RotationPlan:
    """A rotated series: the chosen slot per occurrence and the burden report.

    Attributes
    ----------
    series
        The series.
    occurrences
        One per date of the series, in order.
    burdens
        Per participant, in the order given.
    regions
        Per region, worst mean first.
    fixed_worst
        The worst person burden of the best fixed plan (one candidate time throughout), for comparison; ``None``
        when no single time is feasible in every occurrence.
    fixed_time
        That fixed plan's time in the series' zone.
    """

    series: Series
    occurrences: tuple[Occurrence, ...]
    burdens: tuple[Burden, ...]
    regions: tuple[RegionBurden, ...]
    fixed_worst: float | None
    fixed_time: dt.time | None

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def unscheduled(self) -> tuple[dt.date, ...]:
        """Dates where no candidate respected every required participant's hard limit."""
        return tuple(o.date for o in self.occurrences if o.start is None)

    @property
    def worst(self) -> float:
        """The highest person burden (0 with no participants)."""
        return max((b.total for b in self.burdens), default=0.0)

    @property
    def best(self) -> float:
        """The lowest person burden."""
        return min((b.total for b in self.burdens), default=0.0)

    @property
    def mean(self) -> float:
        """The mean person burden."""
        return round(sum(b.total for b in self.burdens) / len(self.burdens), 6) if self.burdens else 0.0

    @property
    def gini(self) -> float:
        """The Gini coefficient of the person burdens (0: shared equally)."""
        return gini(b.total for b in self.burdens)


def _lexmin(keys: npt.NDArray[np.float64], rows: npt.NDArray[np.intp]) -> int:
    """The row of `keys` among `rows` that is lexicographically smallest; ties go to the smallest row number."""
    for col in range(keys.shape[1]):
        if rows.size == 1:
            break
        column = keys[rows, col]
        rows = rows[column == column.min()]
    return int(rows.min())


class _Objective:
    """Keys of burden vectors: person burdens sorted worst first, region means sorted worst first, total."""

    def __init__(self, region_of: npt.NDArray[np.intp], regions: int, *, per_region: bool) -> None:
        self.membership = np.zeros((region_of.size, regions))
        self.membership[np.arange(region_of.size), region_of] = 1.0
        sizes = self.membership.sum(axis=0)
        self.membership /= np.where(sizes > 0, sizes, 1.0)
        self.per_region = per_region

    def keys(self, burdens: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """One key per row of `burdens` (rows: plans, columns: people)."""
        people = -np.sort(-burdens, axis=1).astype(float)
        region = np.round(burdens @ self.membership, 3)
        regions = -np.sort(-region, axis=1)
        if self.per_region:
            return np.hstack((regions, people, region.sum(axis=1, keepdims=True)))
        return np.hstack((people, regions, burdens.sum(axis=1, keepdims=True).astype(float)))


def rotate(
    series: Series,
    participants: Iterable[Participant],
    *,
    weights: PainWeights | None = None,
    regions: Mapping[str, str] | None = None,
    per_region: bool = False,
    passes: int = 20,
) -> RotationPlan:
    """Choose one candidate per occurrence of `series` so that the worst cumulative burden is as low as possible.

    See the module documentation for the algorithm and its guarantees.

    Parameters
    ----------
    series
        The recurring meeting.
    participants
        Who attends; required participants' hard limits are never broken.
    weights
        The pain weights; default :class:`~teamcore.scheduling.PainWeights`.
    regions
        Member id → region; members not listed are in the region of their timezone.
    per_region
        Count each region once: minimise the worst region's mean burden first (see the module documentation).
    passes
        At most this many improvement passes (0 keeps the better of greedy and fixed).

    Returns
    -------
    RotationPlan
        Occurrences, chosen slots and the burden report.

    Raises
    ------
    WrongType, DuplicateId, OutOfRange
        For bad arguments.

    Examples
    --------
    >>> from teamcore.people import Member
    >>> def member(id, tz, country):
    ...     return Member(id=id, name=id, timezone=tz, country=country, hours={"mon-fri": ["09:00-17:00"]})
    >>> team = [Participant(member("sf", "America/Los_Angeles", "US"), night_ok=True),
    ...         Participant(member("ber", "Europe/Berlin", "DE"), night_ok=True),
    ...         Participant(member("syd", "Australia/Sydney", "AU"), night_ok=True)]
    >>> weekly = Series(name="Team", frequency="weekly", first=dt.date(2026, 1, 7), count=6)
    >>> plan = rotate(weekly, team)
    >>> plan.worst <= plan.fixed_worst, plan.gini < 0.2
    (True, True)
    """
    people = check_participants(participants)
    check_int_range(passes, "passes", 0, 1000)
    if not isinstance(per_region, bool):
        raise WrongType("per_region", per_region, "a bool")
    mapping = _regions(regions)
    weights = PainWeights() if weights is None else weights
    cands = series.candidates()
    occ, k = cands.shape
    seconds = _duration_seconds(series.duration)
    n = len(people)
    pain = np.zeros((occ, k, n), np.int64)
    nights = np.zeros((occ, k, n), bool)
    feasible = np.ones((occ, k), bool)
    if occ and n:
        lo, hi = int(cands.min()), int(cands.max()) + seconds
        flat = cands.ravel()
        samples = slot_samples(flat, seconds).ravel()
        views: dict[str, tuple[IntMatrix, npt.NDArray[np.bool_]]] = {}  # what depends only on the zone
        shared: dict[tuple[object, bool, bool], tuple[IntMatrix, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]] = {}
        for col, person in enumerate(people):
            calendar = person.business_calendar(series.disambiguate)
            key = (calendar, person.night_ok, person.required)
            if key not in shared:
                profile = PainProfile.build(calendar, lo, hi, night_ok=person.night_ok, weights=weights)
                if calendar.timezone not in views:
                    views[calendar.timezone] = profile.zone_view(samples)
                mean = profile.pain(flat, seconds, views[calendar.timezone])
                micro = np.round(mean * _MICRO).astype(np.int64).reshape(occ, k)
                night = _meets(profile.nights, flat, flat + seconds).reshape(occ, k)
                blocked = profile.blocked(flat, seconds).reshape(occ, k)
                shared[key] = (micro, night, blocked)
            micro, night, blocked = shared[key]
            pain[:, :, col] = micro
            nights[:, :, col] = night
            if person.required:
                feasible &= ~blocked
    names = [mapping.get(p.id, p.member.timezone) for p in people]
    region_names = sorted(set(names))
    region_of = np.array([region_names.index(r) for r in names], np.intp)
    objective = _Objective(region_of, len(region_names), per_region=per_region)
    choice, fixed = _solve(pain, feasible, objective, passes)
    return _plan(series, people, cands, seconds, pain, nights, choice, fixed, names, region_names, region_of)


def _regions(value: object) -> Mapping[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise WrongType("regions", value, "a mapping of member id to region name")
    for key, region in value.items():
        check_text(region, f"regions[{key!r}]")
    return value


def _burdens(pain: IntMatrix, choice: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    rows = np.flatnonzero(choice >= 0)
    out: npt.NDArray[np.int64] = pain[rows, choice[rows], :].sum(axis=0)
    return out


def _solve(
    pain: IntMatrix, feasible: npt.NDArray[np.bool_], objective: _Objective, passes: int
) -> tuple[npt.NDArray[np.intp], int | None]:
    occ, _, n = pain.shape
    choice = np.full(occ, -1, np.intp)
    total = np.zeros(n, np.int64)
    # (a) greedy in date order
    for o in range(occ):
        rows = np.flatnonzero(feasible[o])
        if rows.size:
            choice[o] = _lexmin(objective.keys(total[None, :] + pain[o]), rows)
            total += pain[o, choice[o]]
    # (b) the best fixed plan: a candidate feasible wherever the occurrence can be scheduled at all
    schedulable = feasible.any(axis=1)
    templates = np.flatnonzero(feasible[schedulable].all(axis=0)) if occ else np.empty(0, np.intp)
    fixed: int | None = None
    if templates.size:
        fixed_totals = pain[schedulable][:, templates, :].sum(axis=0)
        fixed_row = _lexmin(objective.keys(fixed_totals), np.arange(templates.size))
        fixed = int(templates[fixed_row])
        if _lexmin(objective.keys(np.vstack((total, fixed_totals[fixed_row]))), np.arange(2)) == 1:
            choice = np.where(schedulable, fixed, -1).astype(np.intp)
            total = _burdens(pain, choice)
    # (c) improvement passes: re-choose each occurrence given all the others
    for _ in range(passes):
        changed = False
        for o in range(occ):
            if choice[o] < 0:
                continue
            rest = total - pain[o, choice[o]]
            # The lexicographic minimum, ties to the lowest index: a change lowers (objective, sum of indices),
            # so the passes terminate.
            best = _lexmin(objective.keys(rest[None, :] + pain[o]), np.flatnonzero(feasible[o]))
            if best != choice[o]:
                choice[o] = best
                total = rest + pain[o, best]
                changed = True
        if not changed:
            break
    return choice, fixed


def _plan(  # noqa: PLR0917 - a private helper that assembles the plan from the solver's arrays
    series: Series,
    people: tuple[Participant, ...],
    cands: IntMatrix,
    seconds: int,
    pain: IntMatrix,
    nights: npt.NDArray[np.bool_],
    choice: npt.NDArray[np.intp],
    fixed: int | None,
    names: list[str],
    region_names: list[str],
    region_of: npt.NDArray[np.intp],
) -> RotationPlan:
    ids = [p.id for p in people]
    occurrences = []
    for o, day in enumerate(series.dates()):
        j = int(choice[o])
        if j < 0:
            occurrences.append(Occurrence(date=day, start=None, end=None, time=None))
            continue
        start = int(cands[o, j])
        occurrences.append(
            Occurrence(
                date=day,
                start=from_epoch(start),
                end=from_epoch(start + seconds),
                time=series.times[j],
                pain=tuple((ids[c], int(pain[o, j, c]) / _MICRO) for c in range(len(ids))),
            )
        )
    scheduled = np.flatnonzero(choice >= 0)
    chosen_pain = pain[scheduled, choice[scheduled], :]
    chosen_nights = nights[scheduled, choice[scheduled], :]
    totals = chosen_pain.sum(axis=0) / _MICRO if ids else np.zeros(0)
    burdens = tuple(
        Burden(
            member=ids[c],
            region=names[c],
            total=round(float(totals[c]), 6),
            inconvenient=int((chosen_pain[:, c] > 0).sum()),
            nights=int(chosen_nights[:, c].sum()),
        )
        for c in range(len(ids))
    )
    region_rows = []
    for r, region in enumerate(region_names):
        members = totals[region_of == r]
        region_rows.append(
            RegionBurden(
                region=region,
                members=int(members.size),
                mean=round(float(members.mean()), 6),
                worst=round(float(members.max()), 6),
            )
        )
    region_rows.sort(key=lambda rb: (-rb.mean, rb.region))
    fixed_worst = None
    if fixed is not None:
        fixed_worst = round(float(pain[scheduled, fixed, :].sum(axis=0).max(initial=0) / _MICRO), 6)
    return RotationPlan(
        series=series,
        occurrences=tuple(occurrences),
        burdens=burdens,
        regions=tuple(region_rows),
        fixed_worst=fixed_worst,
        fixed_time=series.times[fixed] if fixed is not None else None,
    )
