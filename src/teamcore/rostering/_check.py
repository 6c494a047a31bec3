"""The independent rule checker: plain Python over a roster's instants, no solver, no shared shortcuts.

:func:`check_roster` re-derives every fact it needs from the problem's members, templates and rules: local times
with :mod:`zoneinfo`, nights minute by minute, weeks and weekends from the local dates. The solver's constraints
are written separately (:mod:`teamcore.rostering._solve`); the tests check every roster the solver makes with this
module, so the two definitions of each rule are held against each other.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

import attrs

from teamcore.exceptions import WrongType
from teamcore.people import Weekday
from teamcore.rostering._problem import RosterProblem
from teamcore.rostering._roster import Roster, ShiftAssignment
from teamcore.scheduling import country_weekend, public_holidays

__all__ = ["RULES", "Uncovered", "Violation", "check_roster", "uncovered"]

RULES: Final = (
    "unknown",
    "template",
    "horizon",
    "time_off",
    "unavailable",
    "holiday",
    "overlap",
    "rest",
    "hours_per_day",
    "hours_per_week",
    "contract_max",
    "contract_min",
    "consecutive_days",
    "days_off",
    "weekends",
    "nights",
)
"""The names of the rules :func:`check_roster` checks, in the order it checks them."""

_MINUTE: Final = dt.timedelta(minutes=1)


@attrs.frozen
class Violation:
    """One broken rule.

    Attributes
    ----------
    rule
        One of :data:`RULES`.
    member
        The member's id.
    shifts
        The shifts involved.
    value, limit
        The figure found and the rule's limit (hours, days, counts).
    message
        The explanation, in the member's local time: ``rest 9.5 h < 11 h between Mon 22:00 and Tue 07:30
        Europe/Stockholm``.
    """

    rule: str
    member: str
    shifts: tuple[ShiftAssignment, ...]
    value: float
    limit: float
    message: str

    def __str__(self) -> str:
        return f"{self.member}: {self.message}"


@attrs.frozen
class Uncovered:
    """An interval where a group has fewer agents than required."""

    start: dt.datetime
    end: dt.datetime
    group: str
    required: int
    covered: int

    @property
    def missing(self) -> int:
        """Agents short."""
        return self.required - self.covered


def _h(hours: float) -> str:
    return f"{hours:g} h" if hours == round(hours, 2) else f"{hours:.2f} h"


def _local(instant: dt.datetime, zone: dt.tzinfo) -> str:
    local = instant.astimezone(zone)
    return f"{local:%a %H:%M}"


def _span(a: ShiftAssignment, zone: dt.tzinfo) -> str:
    return f"{a.local_date:%a %Y-%m-%d} {_local(a.start, zone)}-{_local(a.end, zone)[4:]}"


def _paid(problem: RosterProblem, a: ShiftAssignment) -> float:
    for t in problem.templates:
        if t.name == a.template:
            return (a.end - a.start - t.unpaid_break).total_seconds() / 3600
    return (a.end - a.start).total_seconds() / 3600


def _night_hours(a: ShiftAssignment, zone: dt.tzinfo, start: dt.time, end: dt.time) -> float:
    minutes = 0
    at = a.start
    while at < a.end:
        clock = (at + _MINUTE / 2).astimezone(zone).time()
        if (start <= clock or clock < end) if end <= start else (start <= clock < end):
            minutes += 1
        at += _MINUTE
    return minutes / 60


def _week(day: dt.date) -> int:
    """A number for the local Monday-Sunday week of `day` (consecutive weeks differ by one)."""
    return (day.toordinal() - day.weekday()) // 7


def _check_inputs(problem: object, roster: object) -> None:
    """Refuse a `problem` that is no :class:`RosterProblem` and a `roster` that is no :class:`Roster`."""
    if not isinstance(problem, RosterProblem):
        raise WrongType("problem", problem, "a RosterProblem")
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")


def check_roster(problem: RosterProblem, roster: Roster) -> list[Violation]:  # noqa: PLR0912, PLR0915
    """Every labour rule, contract, time off and availability that `roster` breaks.

    Parameters
    ----------
    problem
        The problem the roster answers.
    roster
        The roster.

    Returns
    -------
    list[Violation]
        In member order, then in the order of :data:`RULES`; empty when the roster keeps every rule. Coverage is
        not a rule: see :func:`uncovered`.

    Raises
    ------
    WrongType
        If `problem` is not a :class:`RosterProblem` or `roster` not a :class:`Roster`.
    """
    _check_inputs(problem, roster)
    rules = problem.rules
    found: list[Violation] = []
    by_member: dict[str, list[ShiftAssignment]] = defaultdict(list)
    known = {m.id: m for m in problem.members}
    for a in roster.assignments:
        if a.member not in known or a.template not in {t.name for t in problem.templates}:
            found.append(Violation("unknown", a.member, (a,), 0, 0, f"unknown member or template in {a.key}"))
            continue
        by_member[a.member].append(a)

    for member in problem.members:
        shifts = sorted(by_member.get(member.id, []), key=lambda a: a.start)
        zone = member.zone
        tz = member.timezone
        out: list[Violation] = []

        def add(rule: str, involved: Sequence[ShiftAssignment], value: float, limit: float, text: str) -> None:
            out.append(Violation(rule, member.id, tuple(involved), value, limit, text))  # noqa: B023

        first_day = problem.start.astimezone(zone).date()
        last_day = (problem.end - _MINUTE).astimezone(zone).date()
        holidays = public_holidays(member.country, member.subdivision, first_day, last_day + dt.timedelta(days=1))
        weekend = country_weekend(member.country, member.subdivision)
        templates = {t.name: t for t in problem.templates}

        for a in shifts:
            shape = templates[a.template]
            local_start = a.start.astimezone(zone)
            naive_start = local_start.replace(tzinfo=None)
            naive_end = a.end.astimezone(zone).replace(tzinfo=None)
            expected_end = naive_start + shape.length
            end_exists = (
                expected_end.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
                == expected_end
            )
            if (
                local_start.date() != a.local_date
                or naive_start.time() not in shape.starts
                or Weekday(a.local_date.weekday()) not in shape.days
                or (naive_end - naive_start != shape.length and end_exists)
            ):
                add("template", [a], 0, 0, f"{_span(a, zone)} {tz} is not a {shape.name!r} shift")
            if a.start < problem.start or a.end > problem.end or a.start < problem.now:
                add("horizon", [a], 0, 0, f"{_span(a, zone)} {tz} is outside the horizon or before now")
            touched = {(a.start + _MINUTE * k).astimezone(zone).date() for k in range(int((a.end - a.start) / _MINUTE))}
            for off in member.time_off:
                if any(day in off for day in touched):
                    add("time_off", [a], 0, 0, f"{_span(a, zone)} {tz} falls in time off {off.start}..{off.end}")
            for item in problem.availability:
                if item.member != member.id or not item.hard:
                    continue
                for lo, hi in item.windows(a.local_date - dt.timedelta(days=1), a.local_date + dt.timedelta(days=1)):
                    if naive_start < hi and lo < naive_end:
                        add("unavailable", [a], 0, 0, f"{_span(a, zone)} {tz} overlaps unavailable {lo:%a %H:%M}")
                        break
            if rules.holidays_off and a.local_date in holidays:
                add("holiday", [a], 0, 0, f"{_span(a, zone)} {tz} starts on {holidays[a.local_date]}")

        for prev, nxt in itertools.pairwise(shifts):
            gap = (nxt.start - prev.end).total_seconds() / 3600
            if gap < 0:
                add("overlap", [prev, nxt], gap, 0, f"{_span(prev, zone)} and {_span(nxt, zone)} {tz} overlap")
            elif gap < rules.min_rest.total_seconds() / 3600:
                limit = rules.min_rest.total_seconds() / 3600
                add(
                    "rest",
                    [prev, nxt],
                    gap,
                    limit,
                    f"rest {_h(gap)} < {_h(limit)} between {_local(prev.end, zone)} and {_local(nxt.start, zone)} {tz}",
                )

        per_day: dict[dt.date, list[ShiftAssignment]] = defaultdict(list)
        for a in shifts:
            per_day[a.local_date].append(a)
        for day, group in sorted(per_day.items()):
            hours = sum(_paid(problem, a) for a in group)
            if hours > rules.max_hours_per_day + 1e-9:
                add(
                    "hours_per_day",
                    group,
                    hours,
                    rules.max_hours_per_day,
                    f"{_h(hours)} > {_h(rules.max_hours_per_day)} on {day:%a %Y-%m-%d} {tz}",
                )

        dates = [first_day + dt.timedelta(days=k) for k in range((last_day - first_day).days + 1)]
        weeks: dict[int, list[dt.date]] = defaultdict(list)
        for day in dates:
            weeks[_week(day)].append(day)
        contract = problem.contracts.get(member.id)
        if contract is None:
            contract = problem.contract(member.id)
        for week, days in sorted(weeks.items()):
            group = [a for a in shifts if _week(a.local_date) == week]
            hours = sum(_paid(problem, a) for a in group)
            label = f"the week of {days[0] - dt.timedelta(days=days[0].weekday()):%Y-%m-%d} {tz}"
            if hours > rules.max_hours_per_week + 1e-9:
                add(
                    "hours_per_week",
                    group,
                    hours,
                    rules.max_hours_per_week,
                    f"{_h(hours)} > {_h(rules.max_hours_per_week)} in {label}",
                )
            if contract.per == "week":
                if hours > contract.max_hours + 1e-9:
                    add(
                        "contract_max",
                        group,
                        hours,
                        contract.max_hours,
                        f"{_h(hours)} > contract {_h(contract.max_hours)} in {label}",
                    )
                if len(days) == 7 and hours < contract.min_hours - 1e-9:
                    add(
                        "contract_min",
                        group,
                        hours,
                        contract.min_hours,
                        f"{_h(hours)} < contract {_h(contract.min_hours)} in {label}",
                    )
            worked = {a.local_date for a in group}
            if len(days) == 7 and len(days) - len(worked) < rules.min_days_off_per_week:
                add(
                    "days_off",
                    group,
                    len(days) - len(worked),
                    rules.min_days_off_per_week,
                    f"{len(days) - len(worked)} days off < {rules.min_days_off_per_week} in {label}",
                )
            nights = [
                a
                for a in group
                if _night_hours(a, zone, rules.night_start, rules.night_end) >= rules.night_hours - 1e-9
            ]
            if len(nights) > rules.max_nights_per_week:
                add(
                    "nights",
                    nights,
                    len(nights),
                    rules.max_nights_per_week,
                    f"{len(nights)} night shifts > {rules.max_nights_per_week} in {label}",
                )
        if contract.per == "horizon":
            hours = sum(_paid(problem, a) for a in shifts)
            if hours > contract.max_hours + 1e-9:
                add(
                    "contract_max",
                    shifts,
                    hours,
                    contract.max_hours,
                    f"{_h(hours)} > contract {_h(contract.max_hours)} over the horizon",
                )
            if hours < contract.min_hours - 1e-9:
                add(
                    "contract_min",
                    shifts,
                    hours,
                    contract.min_hours,
                    f"{_h(hours)} < contract {_h(contract.min_hours)} over the horizon",
                )

        worked_days = sorted(per_day)
        run: list[dt.date] = []
        for day in worked_days:
            run = [*run, day] if run and (day - run[-1]).days == 1 else [day]
            if len(run) == rules.max_consecutive_days + 1:
                involved = [a for a in shifts if run[0] <= a.local_date <= run[-1]]
                add(
                    "consecutive_days",
                    involved,
                    len(run),
                    rules.max_consecutive_days,
                    f"{len(run)}+ days in a row > {rules.max_consecutive_days} from {run[0]:%a %Y-%m-%d} {tz}",
                )

        worked_weekends = sorted({_week(a.local_date) for a in shifts if Weekday(a.local_date.weekday()) in weekend})
        for i, w in enumerate(worked_weekends):
            inside = [x for x in worked_weekends[i:] if x < w + rules.weekend_window]
            if len(inside) > rules.max_weekends:
                involved = [
                    a for a in shifts if Weekday(a.local_date.weekday()) in weekend and _week(a.local_date) in inside
                ]
                add(
                    "weekends",
                    involved,
                    len(inside),
                    rules.max_weekends,
                    f"{len(inside)} weekends > {rules.max_weekends} in {rules.weekend_window} {tz}",
                )
                break

        order = {rule: k for k, rule in enumerate(RULES)}
        found.extend(sorted(out, key=lambda v: order[v.rule]))
    return found


def uncovered(problem: RosterProblem, roster: Roster) -> list[Uncovered]:
    """The intervals and groups where `roster` has fewer agents than required.

    A member covers an interval when one of their shifts spans all of it (breaks are not placed by the roster),
    and counts for every group they serve (:meth:`RosterProblem.serves`).

    Raises
    ------
    WrongType
        If `problem` is not a :class:`RosterProblem` or `roster` not a :class:`Roster`.
    """
    _check_inputs(problem, roster)
    out: list[Uncovered] = []
    serving = {
        group: [a for a in roster.assignments if problem.serves(a.member, group)] for group in problem.requirement
    }
    for k in range(problem.intervals):
        lo = problem.start + problem.step * k
        hi = lo + problem.step
        for group, need in sorted(problem.requirement.items()):
            if need[k] == 0:
                continue
            have = len({a.member for a in serving[group] if a.start <= lo and a.end >= hi})
            if have < need[k]:
                out.append(Uncovered(lo, hi, group, need[k], have))
    return out
