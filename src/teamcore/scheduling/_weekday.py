"""The weekday of a recurring meeting: the team's working day whose rotation burdens its people least.

A weekly team meeting (or a monthly one on the nth weekday) needs a weekday before it can be rotated
(:func:`teamcore.scheduling.rotate`). :func:`choose_weekday` compares the candidates by rotating the series on each.

**Candidates.** The weekdays worked by the most participants, read from each member's weekly hours, or their
country's default week (:func:`teamcore.scheduling.default_hours`) when they have none: Monday to Friday for most
teams, Sunday to Thursday where that is the week, and only the shared days when part-timers work a shorter week. A
day a member never works costs them the day-off pain every week, which is the kind of burden the rotation exists to
avoid.

**Plans.** Each candidate's series is the given series moved to that weekday's first date on or after the series'
``first``, as ``teamcore meetings --weekday DAY`` would schedule it, and rotated with the same arguments.

**Order.** The chosen weekday is the one whose plan

1. leaves the fewest occurrences unscheduled (a plan that drops meetings must not look cheap);
2. has the lowest person burdens, sorted from the worst down and compared in order: the rotation's own
   lexicographic min-max, the lowest worst burden first, then the lowest next-worst, and so on. With
   ``per_region=True`` the region burdens (mean per region, worst first) are compared first, as the rotation does;
3. comes first in the week (Monday first), so equal plans give the same weekday whatever day it is chosen on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from teamcore._display import short_repr
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.people import Member, Weekday
from teamcore.scheduling._calendar import default_hours
from teamcore.scheduling._meetings import check_participants
from teamcore.scheduling._pain import PainWeights, Participant
from teamcore.scheduling._rotation import RotationPlan, Series, rotate

__all__ = ["WeekdayChoice", "WeekdayOption", "choose_weekday", "working_weekdays"]

_ORDINALS: Final = ("", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@attrs.frozen(kw_only=True)
class WeekdayOption:
    """One candidate weekday and its rotation.

    Attributes
    ----------
    weekday
        The candidate.
    plan
        The series rotated on that weekday.
    """

    weekday: Weekday
    plan: RotationPlan

    @property
    def burdens(self) -> tuple[float, ...]:
        """The person burdens, worst first."""
        return tuple(sorted((b.total for b in self.plan.burdens), reverse=True))

    @property
    def region_burdens(self) -> tuple[float, ...]:
        """The region burdens (mean burden of each region's members), worst first."""
        return tuple(r.mean for r in self.plan.regions)  # RotationPlan.regions is sorted worst mean first

    @property
    def unscheduled(self) -> tuple[dt.date, ...]:
        """The dates left unscheduled."""
        return self.plan.unscheduled


@attrs.frozen(kw_only=True)
class WeekdayChoice:
    """The chosen weekday, its plan, every candidate compared and why.

    Attributes
    ----------
    weekday
        The chosen weekday.
    plan
        The series rotated on it.
    options
        Every candidate weekday, Monday first (the chosen one included).
    reason
        One sentence: the chosen weekday and what decided it against the runner-up.
    """

    weekday: Weekday
    plan: RotationPlan
    options: tuple[WeekdayOption, ...]
    reason: str

    def __repr__(self) -> str:
        return short_repr(self)


def _week(member: Member) -> frozenset[Weekday]:
    """The weekdays `member` works: their weekly hours, or their country's default week when they have none."""
    hours = member.hours if member.hours else default_hours(member.country, member.subdivision)
    return frozenset(Weekday(shift.day) for shift in hours.shifts)


def working_weekdays(members: Iterable[Member]) -> tuple[Weekday, ...]:
    """The weekdays worked by the most `members`, Monday first: the candidates of :func:`choose_weekday`.

    A member's week is their weekly hours (the day each shift starts on), or their country's default week
    (:func:`teamcore.scheduling.default_hours`) when they have none. With no members every weekday is returned.

    Parameters
    ----------
    members
        The members.

    Returns
    -------
    tuple of Weekday
        At least one weekday, Monday first.

    Raises
    ------
    WrongType
        If `members` is not an iterable of :class:`~teamcore.people.Member`.

    Examples
    --------
    >>> def member(id, hours, country="DE"):
    ...     return Member(id=id, name=id, timezone="Europe/Berlin", country=country, hours=hours)
    >>> [d.short for d in working_weekdays([member("a", {"mon-fri": ["09:00-17:00"]}),
    ...                                     member("b", {"tue-thu": ["09:00-17:00"]})])]
    ['tue', 'wed', 'thu']
    >>> [d.short for d in working_weekdays([member("a", {}), member("w", {"sat-sun": ["08:00-16:00"]})])]
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
    >>> [d.short for d in working_weekdays([member("r", {}, "SA")])]  # Saudi Arabia's week
    ['mon', 'tue', 'wed', 'thu', 'sun']
    """
    if isinstance(members, str | bytes) or not isinstance(members, Iterable):
        raise WrongType("members", members, "an iterable of Member")
    counts: Counter[Weekday] = Counter()
    for i, m in enumerate(members):
        if not isinstance(m, Member):
            raise WrongType(f"members[{i}]", m, "a Member")
        counts.update(_week(m))
    most = max(counts.values(), default=0)
    return tuple(day for day in Weekday if counts[day] == most)


def _key(option: WeekdayOption, per_region: bool) -> tuple[int, tuple[float, ...], tuple[float, ...], int]:
    """The documented order: fewest unscheduled, (region burdens,) person burdens, earliest weekday."""
    regions = option.region_burdens if per_region else ()
    return len(option.unscheduled), regions, option.burdens, int(option.weekday)


def _num(value: float) -> str:
    """A burden for a sentence: one decimal, or two when the second one is needed (52.75)."""
    return f"{value:.1f}" if round(value, 1) == round(value, 2) else f"{value:.2f}"


def _differ(day: str, other: str, mine: Sequence[float], theirs: Sequence[float], what: str = "burden") -> str | None:
    """Where two burden vectors (worst first) first differ, as a sentence; ``None`` when they are equal."""
    if tuple(mine) == tuple(theirs):
        return None
    k = next(i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b)
    if k == 0:
        return f"{day}: lowest worst {what}, {_num(mine[0])} vs {_num(theirs[0])} on {other}."
    rank = _ORDINALS[k] if k < len(_ORDINALS) else f"{k + 1}th"
    return (
        f"{day}: same worst {what} as {other} ({_num(mine[0])}), "
        f"lower {rank}-highest {what}, {_num(mine[k])} vs {_num(theirs[k])}."
    )


def _why(chosen: WeekdayOption, options: Sequence[WeekdayOption], members: Sequence[Member], per_region: bool) -> str:
    """Which weekday was chosen and why, against the runner-up."""
    day = chosen.weekday.name_full
    others = [o for o in options if o is not chosen]
    if not others:
        who = "every member works" if all(chosen.weekday in _week(m) for m in members) else "most members work"
        return f"{day}: the only weekday {who}."
    runner = min(others, key=lambda o: _key(o, per_region))
    other = runner.weekday.name_full
    if len(chosen.unscheduled) != len(runner.unscheduled):
        unit = "weeks" if chosen.plan.series.frequency == "weekly" else "months"
        return f"{day}: fewest unscheduled {unit}, {len(chosen.unscheduled)} vs {len(runner.unscheduled)} on {other}."
    if per_region:
        regions = _differ(day, other, chosen.region_burdens, runner.region_burdens, "region burden")
        if regions is not None:
            return regions
    persons = _differ(day, other, chosen.burdens, runner.burdens)
    if persons is not None:
        return persons
    tied = ", ".join(o.weekday.name_full for o in others if _key(o, per_region)[:-1] == _key(chosen, per_region)[:-1])
    worst = _num(max(chosen.burdens, default=0.0))
    return f"{day}: lowest worst burden ({worst}), tied with {tied}; ties go to the earliest weekday."


def _on(series: Series, weekday: Weekday) -> Series:
    """`series` moved to the first `weekday` on or after its first date."""
    shift = (int(weekday) - series.first.weekday()) % 7
    if series.first.toordinal() + shift > dt.date.max.toordinal():
        raise OutOfRange("series.first", series.first, f"a date at least a week before {dt.date.max.isoformat()}")
    return attrs.evolve(series, first=series.first + dt.timedelta(days=shift))


def choose_weekday(
    series: Series,
    participants: Iterable[Participant],
    *,
    weights: PainWeights | None = None,
    regions: Mapping[str, str] | None = None,
    per_region: bool = False,
    passes: int = 20,
) -> WeekdayChoice:
    """Choose the weekday of a weekly or monthly `series` among the participants' working days, and say why.

    See the module documentation for the candidates and the order; each candidate is rotated with
    :func:`teamcore.scheduling.rotate`.

    Parameters
    ----------
    series
        The meeting, ``"weekly"`` or ``"monthly"``. Its ``first`` is the earliest date: each candidate's series
        starts on that weekday's first date on or after it (for a monthly series that date also fixes which nth
        weekday of the month it is, as :class:`~teamcore.scheduling.Series` says).
    participants
        Who attends; their members' weeks give the candidates.
    weights, regions, per_region, passes
        As for :func:`teamcore.scheduling.rotate`. With `per_region` the region burdens are compared before the
        person burdens.

    Returns
    -------
    WeekdayChoice
        The chosen weekday and its plan, every candidate's plan (Monday first) and a one-line reason.

    Raises
    ------
    WrongType
        If `series` is not a :class:`~teamcore.scheduling.Series`, or for bad participants.
    InvalidValue
        For a daily series: it meets every working day, so there is no weekday to choose.
    DuplicateId, OutOfRange
        As for :func:`teamcore.scheduling.rotate`.

    Examples
    --------
    >>> from teamcore.people import Member
    >>> def member(id, zone, country):
    ...     return Member(id=id, name=id, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]})
    >>> team = [Participant(member("se", "Europe/Stockholm", "SE")),
    ...         Participant(member("ny", "America/New_York", "US"))]
    >>> weekly = Series(name="Team", frequency="weekly", first=dt.date(2026, 11, 24), count=12,
    ...                 zone="Europe/Stockholm")
    >>> choice = choose_weekday(weekly, team)
    >>> choice.weekday.name_full, choice.plan.series.first, choice.plan.worst
    ('Tuesday', datetime.date(2026, 11, 24), 0.0)
    >>> choice.reason  # US and Swedish public holidays fall on the other weekdays in these 12 weeks
    'Tuesday: lowest worst burden, 0.0 vs 6.0 on Wednesday.'
    >>> [(o.weekday.short, o.burdens[0], len(o.unscheduled)) for o in choice.options]
    [('mon', 12.0, 0), ('tue', 0.0, 0), ('wed', 6.0, 0), ('thu', 6.0, 0), ('fri', 12.0, 0)]
    """
    if not isinstance(series, Series):
        raise WrongType("series", series, "a Series")
    if series.frequency == "daily":
        raise InvalidValue(
            "series.frequency", series.frequency, "'weekly' or 'monthly' (a daily series has no weekday to choose)"
        )
    people = check_participants(participants)
    members = [p.member for p in people]
    options = []
    for day in working_weekdays(members):
        plan = rotate(_on(series, day), people, weights=weights, regions=regions, per_region=per_region, passes=passes)
        options.append(WeekdayOption(weekday=day, plan=plan))
    chosen = min(options, key=lambda o: _key(o, per_region))
    return WeekdayChoice(
        weekday=chosen.weekday,
        plan=chosen.plan,
        options=tuple(options),
        reason=_why(chosen, options, members, per_region),
    )
