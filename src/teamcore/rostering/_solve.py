"""The roster solver: OR-tools CP-SAT over every candidate shift, three objectives in lexicographic order.

Model
-----
One Boolean ``x[c]`` per candidate shift ``c`` (:meth:`RosterProblem.candidates`: templates × local dates × starts,
without time off, hard unavailability and, if the rules say so, public holidays). The labour rules are hard
constraints, per member, in the member's local dates and weeks:

- two shifts closer than ``min_rest`` (or overlapping) exclude each other;
- paid minutes per local date and per local week at most ``max_hours_per_day`` / ``max_hours_per_week``;
- the contract's maximum per week (or horizon), and its minimum per week wholly inside the horizon (or horizon);
- ``worked[d] = max(x on d)``: at most ``max_consecutive_days`` in any window of one more day; at least
  ``min_days_off_per_week`` days without a shift in every local week wholly inside the horizon;
- ``weekend[w] = max(x on the country's weekend days of week w)``: at most ``max_weekends`` in any
  ``weekend_window`` consecutive weeks;
- night shifts (at least ``night_hours`` in the night band) at most ``max_nights_per_week`` per local week.

Coverage is soft: for each interval and group, ``sum(x of members serving it whose shift spans the interval) +
short = required`` with ``0 <= short <= required``, so a roster always exists (the empty one keeps every rule
but a contract minimum). The objectives, each solved in turn with the ones before it fixed at the value found:

1. **shortfall**: the sum of ``short`` (agent-intervals uncovered);
2. **unfairness**: unsocial burden (:meth:`RosterProblem.unsocial` scored with the meeting rotation's
   :class:`~teamcore.scheduling.PainWeights`) against the fair share, which is the total burden split in
   proportion to the members' contracted maximum hours: ``sum |C*B_m - c_m*T|`` over members plus the same over
   regions (countries), where ``C`` is the sum of the contracted hours ``c_m``, ``B`` a burden and ``T`` the total;
3. **preferences**: the summed weights of the soft :class:`Availability` windows the shifts overlap.

When the contract minimums cannot all hold, each minimum is an assumption literal; CP-SAT's sufficient assumptions
for infeasibility name the members whose minimum binds, those minimums are dropped (repeatedly, until the rest
hold), and the result lists them in :attr:`RosterResult.binding`.

Fixed assignments (re-rostering) are ``x[c] = 1`` under one assumption literal each and take part in that search
like the minimums: a fixed shift that cannot hold with the member's rules and other fixed shifts is dropped and
named ``"fixed:<member>:<start>"``. A fixed shift that is no candidate at all (time off, the horizon, an unknown
template) is named with the rules :func:`check_roster` finds it breaking. Forbidden shifts are ``x[c] = 0``.

Determinism: one search worker (``num_workers=1``) with ``random_seed=seed``, and the time limit given to CP-SAT
as a *deterministic* time limit (``max_deterministic_time``, work counted in CP-SAT's deterministic units, about a
second each), so the same problem and seed give the same roster on any machine load; a wall-clock limit of ten
times as much only stops a run that the machine starves (on a loaded two-core machine a deterministic second took
about 3.3 wall seconds).

Scale: coverage rows use one integer per class of interchangeable shifts (same instants, members serving the same
groups), so a row has tens of terms, not thousands; unsocial hours are sampled once per office and shift; the rest
cliques come from a sweep over the starts. A team larger than :data:`_GREEDY_FROM` members starts from a greedy
roster (:meth:`_Search.start_hint`): each member in turn, in two passes, takes the shifts covering most of what the
others leave short, by the same model on that member alone, so it keeps every rule; one worker searching the whole
model of 200 members found no roster at all in 30 deterministic seconds. The greedy takes half of the shortfall
phase's time (at least :data:`_GREEDY_FLOOR` per member and pass, so a very short limit is exceeded on a large
team); the whole model then improves on it and supplies the bound, which is always CP-SAT's on the whole model.
A greedy roster that leaves nothing short is optimal as it stands and is not searched further.

A phase that finds no solution in its time is ``"unknown"``, with a NaN gap; the previous phase's roster stands
(the empty roster, if the first phase found none) and the later phases are not run (they would undo it).
Figures: ``benchmarks/RESULTS.md``, "Rostering".
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Literal

import attrs

from teamcore._optional import require
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.people import Member
from teamcore.rostering._burden import fair_shares
from teamcore.rostering._check import Uncovered, check_roster, uncovered
from teamcore.rostering._problem import RosterProblem, UnsocialHours
from teamcore.rostering._roster import Roster, ShiftAssignment

__all__ = ["Phase", "RosterResult", "fixed_name", "solve"]

_SCALE: Final = 12
"""Burden is counted in twelfths (the 5-minute samples of :meth:`RosterProblem.unsocial`) to stay integral."""

_SHARES: Final = (0.5, 0.3, 0.2)
"""The time limit's split between the three phases."""

_GREEDY_FROM: Final = 25
"""A team larger than this starts from a greedy roster (:meth:`_Search.start_hint`); a smaller one is searched whole."""

_GREEDY_PASSES: Final = 2
"""Passes of the greedy starting roster: in the second, each member re-chooses against the others' shifts."""

_HINT_SHARE: Final = 0.5
"""The share of the shortfall phase's deterministic time that the greedy starting roster takes."""

_GREEDY_FLOOR: Final = 0.05
"""Deterministic seconds at least for one member's solve in the greedy (about 400 shifts: solved in well under)."""

Status = Literal["optimal", "feasible", "unknown"]


@attrs.frozen
class Phase:
    """One objective's solve.

    Attributes
    ----------
    name
        ``"shortfall"``, ``"unfairness"`` or ``"preferences"``.
    status
        ``"optimal"`` (proved), ``"feasible"`` (time limit reached with a solution) or ``"unknown"`` (no solution
        found in the time; the previous phase's roster stands).
    objective, bound
        The value found and CP-SAT's best bound.
    seconds
        Wall time.
    """

    name: str
    status: Status
    objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float:
        """Relative gap ``(objective - bound) / max(1, |objective|)``; 0 when proved optimal, NaN when unknown."""
        if math.isnan(self.objective) or math.isnan(self.bound):
            return math.nan
        return max(0.0, self.objective - self.bound) / max(1.0, abs(self.objective))


@attrs.frozen
class RosterResult:
    """The solver's answer: the best roster found, what it leaves uncovered, and how good it is proved to be.

    Attributes
    ----------
    roster
        The roster; it keeps every hard rule (check it with :func:`check_roster`) except the contract minimums
        named in `binding`.
    uncovered
        The intervals and groups it leaves short (:func:`uncovered`).
    phases
        The three objectives' solves, in order.
    binding
        ``"contract_min:<member>"`` for each contract minimum that could not hold with the other rules and was
        dropped, and ``"fixed:<member>:<start>"`` (the UTC start, ISO 8601) for each fixed assignment that could
        not; empty when every hard rule and fixed assignment holds.
    reasons
        For each of `binding`, the member's rules (names of :data:`RULES`) that with it cannot all hold: a minimal
        set, so relaxing any one of them would let the minimum (or fixed shift) hold. ``("shifts",)`` when no rule
        is involved: the member's candidate shifts (templates, time off, availability, the horizon) cannot reach
        it. For a fixed assignment that is no candidate shift at all, the rules :func:`check_roster` finds it
        breaking (``("time_off",)``, ``("horizon",)``...).
    burden
        Unsocial burden per member (pain units, :meth:`RosterProblem.unsocial`).
    fair_share
        Each member's fair share of the total burden (in proportion to contracted maximum hours).
    seed
        The seed used.
    """

    roster: Roster
    uncovered: tuple[Uncovered, ...]
    phases: tuple[Phase, ...]
    binding: tuple[str, ...]
    reasons: dict[str, tuple[str, ...]] = attrs.field(eq=False)
    burden: dict[str, float] = attrs.field(eq=False)
    fair_share: dict[str, float] = attrs.field(eq=False)
    seed: int

    @property
    def shortfall(self) -> int:
        """Agent-intervals uncovered."""
        return sum(u.missing for u in self.uncovered)

    @property
    def status(self) -> Status:
        """The first phase's status: whether the shortfall is proved minimal."""
        return self.phases[0].status

    @property
    def gap(self) -> float:
        """The first phase's (shortfall's) relative optimality gap."""
        return self.phases[0].gap

    def region_burden(self, problem: RosterProblem) -> dict[str, float]:
        """Burden per region (country)."""
        out: dict[str, float] = defaultdict(float)
        for member, value in self.burden.items():
            out[problem.region(member)] += value
        return dict(out)

    def __repr__(self) -> str:
        return (
            f"<RosterResult {len(self.roster)} shifts, shortfall {self.shortfall} ({self.status}, gap "
            f"{self.gap:.1%}), binding {list(self.binding)}>"
        )


def _week(day: dt.date) -> int:
    return (day.toordinal() - day.weekday()) // 7


class _Model:
    """The CP-SAT model of one problem; kept in one place so that phases share the variables."""

    def __init__(
        self, problem: RosterProblem, cp: Any, *, unsocial: dict[tuple[object, ...], UnsocialHours] | None = None
    ) -> None:
        self.problem = problem
        self.intervals = problem.intervals
        self.served = {
            m.id: frozenset(g for g in problem.requirement if problem.serves(m.id, g)) for m in problem.members
        }
        """The groups each member counts towards."""
        self.unsocial_cache: dict[tuple[object, ...], UnsocialHours] = {} if unsocial is None else unsocial
        self.cp = cp
        self.model = cp.CpModel()
        self.candidates: list[ShiftAssignment] = []
        self.x: list[Any] = []
        self.by_member: dict[str, list[int]] = defaultdict(list)
        for member in problem.members:
            for shift in problem.candidates(member.id):
                self.by_member[member.id].append(len(self.candidates))
                self.candidates.append(shift)
                self.x.append(self.model.new_bool_var(f"x{len(self.x)}"))
        self.paid = [round(problem.paid_hours(c) * 60) for c in self.candidates]
        self.unsocial = self._unsocial()
        self.burden = [round(u.burden(problem.weights) * _SCALE) for u in self.unsocial]
        self.minimums: dict[str, Any] = {}
        self.constrained: set[str] = set()
        """Members whose contract minimum literal enforces a constraint (a minimum above 0 the horizon can hold)."""
        self.enforced_minimums: dict[str, bool] = {}
        """Whether each member's contract minimum holds in the search (false: it binds and was dropped)."""
        self.rule_literals: dict[str, dict[str, Any]] = defaultdict(dict)
        for member in problem.members:
            self._rules(member.id)
        self.short = self._coverage()

    def _unsocial(self) -> list[UnsocialHours]:
        """:meth:`RosterProblem.unsocial` of every candidate, computed once per calendar and shift instants.

        A shift's unsocial hours depend only on its instants and on the member's zone and country (weekend and
        public holidays): members who share those share the figures, so a large team costs one sampling per
        office and shift rather than one per member and shift.
        """
        problem = self.problem
        profile = {m.id: (m.timezone, m.country, m.subdivision) for m in problem.members}
        seen = self.unsocial_cache
        out: list[UnsocialHours] = []
        for c in self.candidates:
            key = (profile[c.member], c.start, c.end)
            if key not in seen:
                seen[key] = problem.unsocial(c)
            out.append(seen[key])
        return out

    def _rules(self, member_id: str) -> None:
        idx = self.by_member[member_id]
        self._rest(member_id, idx)
        worked = self._days(member_id, idx)
        self._weeks(member_id, idx, worked)
        self._weekends(member_id, idx)

    def _rule(self, member_id: str, rule: str) -> Any:
        """The literal that enforces `rule` (a name of :data:`RULES`) for the member: true except while explaining."""
        literals = self.rule_literals[member_id]
        if rule not in literals:
            literals[rule] = self.model.new_bool_var(f"{rule}_{member_id}")
        return literals[rule]

    def _rest(self, member_id: str, idx: Sequence[int]) -> None:
        # Two shifts conflict when the later starts before the earlier's end plus the rest. All shifts whose
        # [start, end + rest) holds one instant t conflict pairwise, and every conflicting pair shares the later
        # start as such an instant: one at-most-one per distinct start is the whole rule, and a strong one. A sweep
        # over the starts keeps the shifts open at t; a clique that the next start's clique contains is left out.
        rest = self.problem.rules.min_rest
        order = sorted(idx, key=lambda c: self.candidates[c].start)
        starts = sorted({self.candidates[c].start for c in order})
        cliques: list[list[int]] = []
        open_: list[int] = []
        nxt = 0
        for t in starts:
            while nxt < len(order) and self.candidates[order[nxt]].start <= t:
                open_.append(order[nxt])
                nxt += 1
            open_ = [c for c in open_ if t < self.candidates[c].end + rest]
            cliques.append(list(open_))
        for k, clique in enumerate(cliques):
            if len(clique) < 2 or (k + 1 < len(cliques) and set(clique) <= set(cliques[k + 1])):
                continue
            self.model.add(sum(self.x[c] for c in clique) <= 1).only_enforce_if(self._rule(member_id, "rest"))

    def _days(self, member_id: str, idx: Sequence[int]) -> dict[dt.date, Any]:
        """Hours per local date, consecutive days; the worked-day literals."""
        model, rules = self.model, self.problem.rules
        by_day: dict[dt.date, list[int]] = defaultdict(list)
        for c in idx:
            by_day[self.candidates[c].local_date].append(c)
        for cs in by_day.values():
            model.add(sum(self.paid[c] * self.x[c] for c in cs) <= round(rules.max_hours_per_day * 60)).only_enforce_if(
                self._rule(member_id, "hours_per_day")
            )
        dates = self.problem.local_dates(member_id)
        worked: dict[dt.date, Any] = {}
        for day in dates:
            if by_day.get(day):
                var = model.new_bool_var(f"w_{member_id}_{day}")
                model.add_max_equality(var, [self.x[c] for c in by_day[day]])
                worked[day] = var
        k = rules.max_consecutive_days
        for s in range(len(dates) - k):
            window = [worked[d] for d in dates[s : s + k + 1] if d in worked]
            if len(window) > k:
                model.add(sum(window) <= k).only_enforce_if(self._rule(member_id, "consecutive_days"))
        return worked

    def _weeks(self, member_id: str, idx: Sequence[int], worked: dict[dt.date, Any]) -> None:
        """Hours, contract, days off and nights per local week; the contract over the horizon."""
        model, rules = self.model, self.problem.rules
        weeks: dict[int, list[dt.date]] = defaultdict(list)
        for day in self.problem.local_dates(member_id):
            weeks[_week(day)].append(day)
        contract = self.problem.contract(member_id)
        minimum = model.new_bool_var(f"min_{member_id}")
        self.minimums[member_id] = minimum
        for week, days in weeks.items():
            cs = [c for c in idx if _week(self.candidates[c].local_date) == week]
            paid = sum(self.paid[c] * self.x[c] for c in cs)
            model.add(paid <= round(rules.max_hours_per_week * 60)).only_enforce_if(
                self._rule(member_id, "hours_per_week")
            )
            if contract.per == "week":
                model.add(paid <= round(contract.max_hours * 60)).only_enforce_if(self._rule(member_id, "contract_max"))
                if len(days) == 7 and contract.min_hours > 0:
                    model.add(paid >= round(contract.min_hours * 60)).only_enforce_if(minimum)
                    self.constrained.add(member_id)
            if len(days) == 7:
                model.add(
                    sum(worked[d] for d in days if d in worked) <= 7 - rules.min_days_off_per_week
                ).only_enforce_if(self._rule(member_id, "days_off"))
            nights = [c for c in cs if self.unsocial[c].night >= rules.night_hours - 1e-9]
            if len(nights) > rules.max_nights_per_week:
                model.add(sum(self.x[c] for c in nights) <= rules.max_nights_per_week).only_enforce_if(
                    self._rule(member_id, "nights")
                )
        if contract.per == "horizon":
            paid = sum(self.paid[c] * self.x[c] for c in idx)
            model.add(paid <= round(contract.max_hours * 60)).only_enforce_if(self._rule(member_id, "contract_max"))
            if contract.min_hours > 0:
                model.add(paid >= round(contract.min_hours * 60)).only_enforce_if(minimum)
                self.constrained.add(member_id)

    def _weekends(self, member_id: str, idx: Sequence[int]) -> None:
        """At most N worked weekends in any M consecutive weeks."""
        model, rules = self.model, self.problem.rules
        weekend = {int(d) for d in self.problem.weekend(member_id)}
        on_weekend: dict[int, list[int]] = defaultdict(list)
        for c in idx:
            day = self.candidates[c].local_date
            if day.weekday() in weekend:
                on_weekend[_week(day)].append(c)
        worked: dict[int, Any] = {}
        for week, cs in on_weekend.items():
            var = model.new_bool_var(f"we_{member_id}_{week}")
            model.add_max_equality(var, [self.x[c] for c in cs])
            worked[week] = var
        if not worked:
            return
        lo, hi = min(worked), max(worked)
        for start in range(lo - rules.weekend_window + 1, hi + 1):
            window = [v for w, v in worked.items() if start <= w < start + rules.weekend_window]
            if len(window) > rules.max_weekends:
                model.add(sum(window) <= rules.max_weekends).only_enforce_if(self._rule(member_id, "weekends"))

    def _coverage(self) -> list[Any]:
        """``sum(agents on shift) + short >= required`` per interval and group, over aggregated shift counts.

        Candidates with the same instants whose members serve the same groups are interchangeable for coverage:
        one integer ``n = sum(x)`` per such class stands for them, so each coverage row has one term per class of
        shift covering the interval (tens) rather than one per member and shift (thousands). The LP relaxation is
        the same; the model is an order of magnitude smaller.
        """
        problem, model = self.problem, self.model
        groups = sorted(problem.requirement)
        served = self.served
        classes: dict[tuple[dt.datetime, dt.datetime, frozenset[str]], list[int]] = defaultdict(list)
        for c, a in enumerate(self.candidates):
            if served[a.member]:
                classes[(a.start, a.end, served[a.member])].append(c)
        rows: dict[tuple[int, str], list[Any]] = defaultdict(list)
        for n, ((start, end, serves), cs) in enumerate(sorted(classes.items(), key=lambda kv: min(kv[1]))):
            if len(cs) == 1:
                count = self.x[cs[0]]
            else:
                count = model.new_int_var(0, len(cs), f"n{n}")
                model.add(count == sum(self.x[c] for c in cs))
            for k in self._spanned(start, end):
                for group in serves:
                    rows[(k, group)].append(count)
        short: list[Any] = []
        if not any(any(row) for row in problem.requirement.values()):
            return short  # nothing required (the greedy's one-member models)
        for k in range(problem.intervals):
            for group in groups:
                need = problem.requirement[group][k]
                if need == 0:
                    continue
                s = model.new_int_var(0, need, f"s_{k}_{group}")
                model.add(sum(rows.get((k, group), [])) + s >= need)
                short.append(s)
        return short

    def _spanned(self, start: dt.datetime, end: dt.datetime) -> range:
        """The intervals a shift from `start` to `end` spans wholly (and so covers)."""
        problem = self.problem
        first = -((problem.start - start) // problem.step)  # the first interval starting at or after `start`
        last = min((end - problem.start) // problem.step, self.intervals)  # intervals ending by `end`
        return range(max(first, 0), last)

    def covers(self, shift: ShiftAssignment) -> list[tuple[int, str]]:
        """The (interval, group) pairs of the requirement that `shift` counts towards."""
        groups = sorted(self.served[shift.member])
        return [(k, g) for k in self._spanned(shift.start, shift.end) for g in groups]

    def unfairness(self) -> Any:
        """``sum |C*B - c*T|`` over members and regions, with one variable per burden so each term is small."""
        problem, model = self.problem, self.model
        weights: dict[str, int] = {m.id: round(problem.contract(m.id).max_hours * 10) for m in problem.members}
        common = math.gcd(*weights.values()) or 1
        weights = {m: w // common for m, w in weights.items()}
        total_weight = sum(weights.values())
        most = sum(self.burden)
        member_burden: dict[str, Any] = {}
        for m in problem.members:
            var = model.new_int_var(0, most, f"burden_{m.id}")
            model.add(var == sum(self.burden[c] * self.x[c] for c in self.by_member[m.id]))
            member_burden[m.id] = var
        total = model.new_int_var(0, most, "burden_total")
        model.add(total == sum(member_burden.values()))
        groups: dict[str, list[str]] = {m.id: [m.id] for m in problem.members}
        regions: dict[str, list[str]] = defaultdict(list)
        for m in problem.members:
            regions[problem.region(m.id)].append(m.id)
        if len(regions) > 1:
            groups.update({f"region:{r}": ids for r, ids in regions.items()})
        deviations = []
        bound = most * max(1, total_weight)
        for name, ids in groups.items():
            mine = sum(member_burden[i] for i in ids)
            share = sum(weights[i] for i in ids)
            dev = model.new_int_var(0, bound, f"dev_{name}")
            model.add(dev >= total_weight * mine - share * total)
            model.add(dev >= share * total - total_weight * mine)
            deviations.append(dev)
        return sum(deviations)

    def preferences(self) -> Any:
        costs = [self.problem.preference_cost(c) for c in self.candidates]
        return sum(cost * self.x[c] for c, cost in enumerate(costs) if cost)


def _check_limit(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongType("time_limit", value, "a number of seconds")
    if not 0 < value <= 86_400:
        raise OutOfRange("time_limit", value, "seconds in (0, 86400]")
    return float(value)


_SHIFT_RULES: Final = frozenset({"unknown", "template", "horizon", "time_off", "unavailable", "holiday"})
"""The rules of :func:`check_roster` that concern one shift alone: why a shift is no candidate."""


def _shifts(value: object, name: str) -> tuple[ShiftAssignment, ...]:
    """`value` (a :class:`Roster` or assignments) as a tuple of assignments; :class:`WrongType` for anything else."""
    if isinstance(value, Roster):
        return value.assignments
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType(name, value, "a Roster or a list of ShiftAssignment")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, ShiftAssignment):
            raise WrongType(f"{name}[{i}]", item, "a ShiftAssignment")
    return items


def fixed_name(assignment: ShiftAssignment) -> str:
    """``"fixed:<member>:<UTC start>"``: how :attr:`RosterResult.binding` names a fixed assignment that cannot hold."""
    return f"fixed:{assignment.member}:{assignment.start.isoformat()}"


def solve(
    problem: RosterProblem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    fairness: bool = True,
    fixed: Roster | Iterable[ShiftAssignment] = (),
    forbidden: Roster | Iterable[ShiftAssignment] = (),
) -> RosterResult:
    """Find a roster for `problem`: least shortfall, then fairest unsocial hours, then fewest preferences broken.

    Parameters
    ----------
    problem
        The problem.
    time_limit
        CP-SAT's deterministic time for the three phases together (split 50/30/20), about seconds; the
        wall-clock limit is ten times as much.
    seed
        CP-SAT's random seed; the same problem and seed give the same roster.
    fairness
        ``False`` skips the unfairness phase (the baseline the fairness benchmark compares against).
    fixed
        Assignments that must stay (re-rostering: shifts already announced or worked). Each is in the roster
        unless it cannot hold with its member's rules and other fixed shifts, or is no candidate shift of the
        problem (its time off, the horizon, `now`, a template it does not match); then it is left out and named
        in :attr:`RosterResult.binding` as ``"fixed:<member>:<start>"`` with its reasons. To re-roster from a
        point in time, keep the problem's `now` before the shifts already worked and fix them.
    forbidden
        Assignments the roster must not contain (a shift the member gave away); one that is no candidate is
        never chosen anyway.

    Returns
    -------
    RosterResult
        Never "infeasible": coverage is soft, and contract minimums and fixed assignments that cannot hold are
        dropped and named.

    Raises
    ------
    MissingDependency
        Without OR-tools (the ``rostering`` extra).
    WrongType, OutOfRange
        For a `problem` that is no :class:`RosterProblem`, or a bad `time_limit`, `seed`, `fixed` or `forbidden`.
    InvalidValue
        If an assignment is both fixed and forbidden.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member
    >>> from teamcore.rostering import RosterProblem, ShiftTemplate
    >>> ana = Member(id="ana", name="Ana", timezone="UTC", country="GB")
    >>> day = ShiftTemplate(name="day", starts=[dt.time(8)], length=dt.timedelta(hours=8))
    >>> t0 = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    >>> p = RosterProblem(members=[ana], templates=[day], requirement={"*": [0] * 48}, start=t0,
    ...                   step=dt.timedelta(hours=1), now=t0)
    >>> monday = p.shift("ana", "day", dt.date(2026, 11, 23), dt.time(8))
    >>> [a.local_date.isoformat() for a in solve(p, time_limit=1, fixed=[monday]).roster]
    ['2026-11-23']
    """
    if not isinstance(problem, RosterProblem):
        raise WrongType("problem", problem, "a RosterProblem")
    limit = _check_limit(time_limit)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise WrongType("seed", seed, "an integer")
    keep, drop = _shifts(fixed, "fixed"), _shifts(forbidden, "forbidden")
    both = sorted({a.key for a in keep} & {a.key for a in drop})
    if both:
        raise InvalidValue("forbidden", [f"{m} {t.isoformat()} {n}" for m, t, n in both], "no assignment also fixed")
    cp = require("ortools.sat.python.cp_model", "rostering", "solve")
    search = _Search(_Model(problem, cp), cp, limit, seed)
    pinned, outside = search.pin(keep, drop)
    reasons = dict(sorted({**search.drop_binding_minimums(pinned), **outside}.items()))
    phases, values = search.phases(fairness=fairness)
    built = search.built
    roster = Roster(c for c, v in zip(built.candidates, values, strict=True) if v)
    burden: dict[str, float] = {m.id: 0.0 for m in problem.members}
    for c, v in enumerate(values):
        if v:
            burden[built.candidates[c].member] += built.burden[c] / _SCALE
    fair = fair_shares(problem, burden)
    return RosterResult(
        roster=roster,
        uncovered=tuple(uncovered(problem, roster)),
        phases=phases,
        binding=tuple(reasons),
        reasons=reasons,
        burden=burden,
        fair_share=fair,
        seed=seed,
    )


class _Search:
    """One CP-SAT solver over a built model: one worker, a seed, deterministic time limits."""

    def __init__(self, built: _Model, cp: Any, limit: float, seed: int) -> None:
        self.built, self.cp, self.limit = built, cp, limit
        self.solver = cp.CpSolver()
        # One worker: deterministic for a seed. Interleaved subsolvers (num_workers=8, interleave_search) are
        # deterministic too, but on 100 members x 2 weeks of 30-minute intervals they ended 40% further from the
        # optimum than the one plain search did in the same deterministic time.
        self.solver.parameters.num_workers = 1
        self.solver.parameters.random_seed = seed
        # Fixed shifts that hold and forbidden ones, by candidate key: the greedy start must respect them too, or
        # its roster would contradict the model it is a hint for.
        self.pinned_keys: dict[str, tuple[str, dt.datetime, str]] = {}
        self.fixed_keys: set[tuple[str, dt.datetime, str]] = set()
        self.forbidden_keys: set[tuple[str, dt.datetime, str]] = set()

    def run(self, share: float) -> tuple[Any, float]:
        """Solve with `share` of the time limit; the status and the wall time."""
        self.solver.parameters.max_deterministic_time = self.limit * share
        self.solver.parameters.max_time_in_seconds = 10 * self.limit * share
        status = self.solver.solve(self.built.model)
        return status, float(self.solver.wall_time)

    def pin(
        self, fixed: Sequence[ShiftAssignment], forbidden: Sequence[ShiftAssignment]
    ) -> tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, ...]]]:
        """Forbid `forbidden`; one assumption literal per fixed candidate, and the reasons of the fixed non-candidates.

        Returns
        -------
        tuple
            ``fixed:<member>:<start>`` -> (member, literal enforcing the shift); and ``fixed:...`` -> the rules
            of :func:`check_roster` the shift breaks alone, for fixed shifts that are no candidate.
        """
        built = self.built
        index = {(a.member, a.start, a.end, a.template): c for c, a in enumerate(built.candidates)}
        for a in forbidden:
            c = index.get((a.member, a.start, a.end, a.template))
            if c is not None:
                built.model.add(built.x[c] == 0)
                self.forbidden_keys.add(built.candidates[c].key)
        pinned: dict[str, tuple[str, Any]] = {}
        outside: dict[str, tuple[str, ...]] = {}
        for a in fixed:
            name = fixed_name(a)
            c = index.get((a.member, a.start, a.end, a.template))
            if c is None:
                broken = [v.rule for v in check_roster(built.problem, Roster([a])) if v.rule in _SHIFT_RULES]
                outside[name] = tuple(dict.fromkeys(broken)) or ("shifts",)
            elif name not in pinned:
                literal = built.model.new_bool_var(name)
                built.model.add(built.x[c] == 1).only_enforce_if(literal)
                pinned[name] = (a.member, literal)
                self.pinned_keys[name] = built.candidates[c].key
        return pinned, outside

    def drop_binding_minimums(self, pinned: dict[str, tuple[str, Any]] | None = None) -> dict[str, tuple[str, ...]]:
        """Find the contract minimums and fixed shifts that cannot hold, drop them, enforce every other rule.

        Every hard rule is a member's own (coverage is soft), so the members of an infeasible core are tested one
        by one: a minimum or fixed shift binds when it cannot hold even alone (CP-SAT's core is sufficient, not
        minimal). When none does (two fixed shifts too close for the rest), the last of the core is dropped and
        explained with the member's others, and the search goes on.

        Returns
        -------
        dict
            ``"contract_min:<member>"`` or ``"fixed:<member>:<start>"`` -> the rules that, with it, cannot all
            hold (a minimal set, found by deletion); ``("shifts",)`` when no rule is needed: the member's
            candidate shifts (templates, time off, availability, horizon) cannot reach the minimum at all.
        """
        model, cp = self.built.model, self.cp
        rules = [lit for literals in self.built.rule_literals.values() for lit in literals.values()]
        every = {f"contract_min:{m}": (m, lit) for m, lit in self.built.minimums.items()} | (pinned or {})
        enforced = dict(every)
        binding: dict[str, tuple[str, ...]] = {}
        model.clear_objective()
        # Every rule but a minimum holds for the empty roster: without a minimum there is nothing to search for.
        while any(n.startswith("fixed:") or m in self.built.constrained for n, (m, _) in enforced.items()):
            model.clear_assumptions()
            model.add_assumptions([*(lit for _, lit in enforced.values()), *rules])
            if self.run(_SHARES[0] / 4)[0] != cp.INFEASIBLE:
                break
            core = set(self.solver.sufficient_assumptions_for_infeasibility())
            suspects = [n for n, (_, lit) in enforced.items() if lit.index in core] or list(enforced)
            alone = [
                n for n in suspects if self._infeasible([enforced[n][1]], self.built.rule_literals[enforced[n][0]])
            ]
            for name in alone or suspects[-1:]:
                member, literal = enforced.pop(name)
                others = [] if alone else [lit for m, lit in enforced.values() if m == member]
                binding[name] = self._explain(member, [literal, *others])
        model.clear_assumptions()
        for lit in [*(lit for _, lit in enforced.values()), *rules]:
            model.add(lit == 1)
        for name in every.keys() - enforced.keys():
            model.add(every[name][1] == 0)
        self.built.enforced_minimums = {m: f"contract_min:{m}" in enforced for m in self.built.minimums}
        self.fixed_keys = {self.pinned_keys[n] for n in enforced if n in self.pinned_keys}
        return dict(sorted(binding.items()))

    def _infeasible(self, literals: Sequence[Any], rules: dict[str, Any]) -> bool:
        model = self.built.model
        model.clear_assumptions()
        model.add_assumptions([*literals, *rules.values()])
        return bool(self.run(_SHARES[0] / 8)[0] == self.cp.INFEASIBLE)

    def _explain(self, member: str, literals: Sequence[Any]) -> tuple[str, ...]:
        """A minimal set of the member's rules that, with `literals` (a minimum, fixed shifts), cannot all hold."""
        needed = dict(self.built.rule_literals[member])
        for rule in list(needed):
            trial = {r: lit for r, lit in needed.items() if r != rule}
            if self._infeasible(literals, trial):
                needed = trial
        return tuple(needed) or ("shifts",)

    def start_hint(self) -> list[tuple[Any, int]]:
        """Every variable's value in a roster built member by member, or nothing for a small team.

        One worker searching the whole model of a large team (200 members, four weeks) found no roster at all in
        30 deterministic seconds, and neither did it for 25 of those members in 5: it dives on an LP relaxation
        over tens of thousands of shifts. So the search starts from a greedy roster: each member in turn (regions
        interleaved) takes the shifts that cover most of what the members before left short, under the member's
        own rules: the same model on that member alone, maximising ``sum(16 * covered - 1)`` over their shifts
        (a shift that covers nothing costs). All hard rules are a member's own, so together the members keep
        every rule. The whole model then starts from that roster and proves how far from optimal it is (the bound
        is always the whole model's).
        """
        built, problem = self.built, self.built.problem
        if len(problem.members) <= _GREEDY_FROM:
            return []
        budget = self.limit * _SHARES[0] * _HINT_SHARE
        regions: dict[str, list[Member]] = defaultdict(list)
        for member in problem.members:
            regions[problem.region(member.id)].append(member)
        order = [m for row in itertools.zip_longest(*regions.values()) for m in row if m is not None]
        index = {c.key: i for i, c in enumerate(built.candidates)}
        residual = {g: list(need) for g, need in problem.requirement.items()}
        nothing = {g: [0] * problem.intervals for g in problem.requirement}
        mine: dict[str, list[int]] = {}
        for member in order * _GREEDY_PASSES:
            previous = mine.pop(member.id, [])
            for c in previous:  # a later pass: the member's shifts go back to the pool
                for k, group in built.covers(built.candidates[c]):
                    residual[group][k] += 1
            one = self._alone(member, nothing)
            gain = [sum(1 for k, g in built.covers(a) if residual[g][k] > 0) for a in one.candidates]
            one.model.maximize(sum((16 * v - 1) * x for v, x in zip(gain, one.x, strict=True)))
            solver = self._solver(max(budget / len(order) / _GREEDY_PASSES, _GREEDY_FLOOR))
            if solver.solve(one.model) not in (self.cp.OPTIMAL, self.cp.FEASIBLE):
                mine[member.id] = previous  # no better choice found: the member keeps their shifts
                for c in previous:
                    for k, group in built.covers(built.candidates[c]):
                        residual[group][k] -= 1
                continue
            mine[member.id] = [index[a.key] for a, var in zip(one.candidates, one.x, strict=True) if solver.value(var)]
            for c in mine[member.id]:
                for k, group in built.covers(built.candidates[c]):
                    residual[group][k] -= 1
        on = {c for cs in mine.values() for c in cs}
        return self.complete([int(c in on) for c in range(len(built.x))], sum(built.short), budget)

    def _alone(self, member: Member, nothing: dict[str, list[int]]) -> _Model:
        """The model of `member` alone, with no requirement, for the greedy start.

        Every rule of theirs is enforced, their minimum if it holds, the fixed shifts that hold are kept and the
        forbidden ones left out: the greedy start must not contradict the whole model it is a hint for.
        """
        built, problem = self.built, self.built.problem
        part = attrs.evolve(
            problem,
            members=[member],
            requirement=nothing,
            contracts={k: v for k, v in problem.contracts.items() if k == member.id},
            availability=[a for a in problem.availability if a.member == member.id],
        )
        one = _Model(part, self.cp, unsocial=built.unsocial_cache)
        for literals in one.rule_literals.values():
            for lit in literals.values():
                one.model.add(lit == 1)
        one.model.add(one.minimums[member.id] == int(built.enforced_minimums.get(member.id, False)))
        for a, x in zip(one.candidates, one.x, strict=True):
            if a.key in self.fixed_keys:
                one.model.add(x == 1)
            elif a.key in self.forbidden_keys:
                one.model.add(x == 0)
        return one

    def complete(self, shifts: Sequence[int], objective: Any, seconds: float) -> list[tuple[Any, int]]:
        """Every variable's value for the roster `shifts` (one 0/1 per candidate), `objective` least; a hint.

        The model is copied with the shifts fixed, so propagation sets nearly every other variable and the search
        only settles the slack of `objective`. A hint of every variable matters: CP-SAT completes a partial one by
        search, which can take the whole phase on a large model.
        """
        model = self.built.model
        fixed = model.clone()
        for value, var in zip(shifts, self.built.x, strict=True):
            fixed.add(fixed.get_bool_var_from_proto_index(var.index) == value)
        fixed.minimize(objective)
        solver = self._solver(seconds)
        if solver.solve(fixed) not in (self.cp.OPTIMAL, self.cp.FEASIBLE):
            return []
        return [(model.get_int_var_from_proto_index(i), int(v)) for i, v in enumerate(solver.response_proto.solution)]

    def _solver(self, seconds: float) -> Any:
        solver = self.cp.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.solver.parameters.random_seed
        solver.parameters.max_deterministic_time = seconds
        solver.parameters.max_time_in_seconds = 10 * seconds
        return solver

    def phases(self, *, fairness: bool) -> tuple[tuple[Phase, ...], list[int]]:
        """Solve the objectives in turn, each fixed at its value for the next; the phases and the last solution."""
        built, model, cp, solver = self.built, self.built.model, self.cp, self.solver
        # Each objective's variables join the model only when its phase starts: the unfairness deviations (and their
        # large domains) would otherwise slow the search for the first phase's solutions.
        objectives: list[tuple[str, Callable[[], Any]]] = [("shortfall", lambda: sum(built.short))]
        if fairness:
            objectives.append(("unfairness", built.unfairness))
        objectives.append(("preferences", built.preferences))
        phases: list[Phase] = []
        values: list[int] | None = None
        began = time.perf_counter()
        hint = self.start_hint()
        greedy = time.perf_counter() - began
        for n, (name, make) in enumerate(objectives):
            if phases and phases[-1].status == "unknown":
                # Without the previous objective's value to hold, this one would undo it (an unfairness phase
                # after an unknown shortfall would roster nobody): the phase is not run.
                phases.append(Phase(name, "unknown", math.nan, math.nan, 0.0))
                continue
            expr = make()
            if isinstance(expr, int):  # nothing to weigh (no soft preferences): the phase is proved at once
                phases.append(Phase(name, "optimal", float(expr), float(expr), 0.0))
                continue
            if n == 0 and hint:
                start = {var.index: value for var, value in hint}
                if sum(start[v.index] for v in built.short) == 0:
                    # The greedy roster leaves nothing short: no shortfall can be lower, so it is proved optimal
                    # without a search (which took a minute to confirm it on 200 members).
                    values = [start[v.index] for v in built.x]
                    phases.append(Phase(name, "optimal", 0.0, 0.0, greedy))
                    model.add(expr <= 0)
                    continue
            model.minimize(expr)
            if n and values is not None:
                # The new objective's own variables (burdens, deviations) join the hint.
                hint = self.complete(values, expr, self.limit * _SHARES[min(n, 2)] * _HINT_SHARE) or hint
            if hint:
                # Every variable of the last solution, not only the shifts: with one worker CP-SAT completes a
                # partial hint by search, which can take the whole phase on a large model.
                model.clear_hints()
                for var, value in hint:
                    model.add_hint(var, value)
            status, seconds = self.run(_SHARES[min(n, 2)])
            if status in (cp.OPTIMAL, cp.FEASIBLE):
                values = [int(solver.value(v)) for v in built.x]
                every = [model.get_int_var_from_proto_index(i) for i in range(len(model.proto.variables))]
                hint = [(var, int(solver.value(var))) for var in every]
                objective = float(solver.objective_value)
                kind: Status = "optimal" if status == cp.OPTIMAL else "feasible"
                phases.append(Phase(name, kind, objective, float(solver.best_objective_bound), seconds))
                model.add(expr <= round(objective))
            else:
                phases.append(Phase(name, "unknown", float("nan"), float("nan"), seconds))
        return tuple(phases), values if values is not None else [0] * len(built.x)
