"""Day-to-day questions about a roster: may this time off be approved, does this shift swap keep every rule.

Both answers are differences of the two independent definitions the package already has: :func:`check_roster` for
the rules and :func:`uncovered` for the coverage, each applied to the roster as it is and as it would be. Nothing
here re-implements a rule.

Time off
--------
A request for whole local days ``start..end`` of one member is added to that member's :attr:`Member.time_off`; the
shifts it takes out are the member's shifts that :func:`check_roster` then reports under ``"time_off"``. The
coverage it costs is, per requirement group, the agent-intervals uncovered after minus before. With
``resolve=True`` the problem with the time off is solved again (:func:`solve`) keeping every other shift of the
roster (``keep="all"``: cover only by shifts added) or the member's own (``keep="member"``), and any `fixed` ones,
to see whether others can cover.

Only the members a question touches are checked (every rule is a member's own), and the coverage after a change is
recounted only on the intervals the changed shifts touch: the answers are those of :func:`check_roster` and
:func:`uncovered` on the whole roster (the tests hold them against each other), in under a second at 200 members
× 4 weeks.

Swaps
-----
A swap exchanges two assignments between their members, or gives one assignment to another member. The shift keeps
its instants (whoever works it covers the same hours); its local date is the new member's local date of its start,
so a shift that is no valid template start in the new member's zone is reported as a ``"template"`` violation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from teamcore._validators import check_date
from teamcore.exceptions import InvalidInterval, InvalidValue, UnknownReference, WrongType
from teamcore.people import MemberId, TimeOff
from teamcore.rostering._check import Uncovered, Violation, check_roster, uncovered
from teamcore.rostering._problem import RosterProblem
from teamcore.rostering._roster import Roster, ShiftAssignment
from teamcore.rostering._solve import RosterResult, _shifts, solve

__all__ = ["SwapCheck", "TimeOffDecision", "Verdict", "approve_time_off", "check_swap"]

Verdict = Literal["approve", "approve_with_cover", "costs_coverage"]
"""``"approve"``: the roster without the member still covers what it covered; ``"approve_with_cover"``: it does
not, but a re-solved roster does; ``"costs_coverage"``: the request costs agent-intervals of coverage."""


def _missing(gaps: Iterable[Uncovered]) -> Counter[str]:
    """Agent-intervals missing per group."""
    out: Counter[str] = Counter()
    for u in gaps:
        out[u.group] += u.missing
    return out


def _change(before: Iterable[Uncovered], after: Iterable[Uncovered]) -> dict[str, int]:
    """Per group, agent-intervals missing after minus before (only the groups that changed), sorted by group."""
    was, now = _missing(before), _missing(after)
    return {g: now[g] - was[g] for g in sorted(was.keys() | now.keys()) if now[g] != was[g]}


def _worse(before: Iterable[Uncovered], after: Iterable[Uncovered]) -> tuple[Uncovered, ...]:
    """The intervals and groups of `after` with more agents missing than in `before`."""
    was = {(u.start, u.group): u.missing for u in before}
    return tuple(u for u in after if u.missing > was.get((u.start, u.group), 0))


def _only(problem: RosterProblem, roster: Roster, ids: Iterable[str]) -> tuple[RosterProblem, Roster]:
    """The problem and roster of the members `ids` alone: every rule is a member's own, so theirs are the same.

    Checking only the members a question touches keeps it quick at organisation scale (200 members × 4 weeks:
    :func:`check_roster` of everyone takes seconds, of one member tens of milliseconds).
    """
    keep = set(ids)
    sub = attrs.evolve(
        problem,
        members=[m for m in problem.members if m.id in keep],
        contracts={k: c for k, c in problem.contracts.items() if k in keep},
        availability=[a for a in problem.availability if a.member in keep],
    )
    return sub, Roster(a for a in roster.assignments if a.member in keep)


def _uncovered_after(
    problem: RosterProblem, before: tuple[Uncovered, ...], after: Roster, changed: Iterable[ShiftAssignment]
) -> tuple[Uncovered, ...]:
    """:func:`uncovered` of `after`, which differs from the roster of `before` only in the `changed` shifts.

    Only the intervals the changed shifts touch are counted again (on the problem cut to them); elsewhere the
    answer is `before`'s. The tests hold it against :func:`uncovered` of the whole roster.
    """
    spans = [(a.start, a.end) for a in changed]
    if not spans:
        return before
    step = problem.step
    lo = max(0, (min(s for s, _ in spans) - problem.start) // step)
    hi = min(problem.intervals, -((problem.start - max(e for _, e in spans)) // step))
    if hi <= lo:
        return before
    window = attrs.evolve(
        problem,
        requirement={g: row[lo:hi] for g, row in problem.requirement.items()},
        start=problem.interval_start(lo),
    )
    w0, w1 = window.start, window.end
    inside = Roster(a for a in after.assignments if a.start < w1 and a.end > w0)
    kept = [u for u in before if not w0 <= u.start < w1]
    return tuple(sorted([*kept, *uncovered(window, inside)], key=lambda u: (u.start, u.group)))


def _table(before: Iterable[Uncovered], after: Iterable[Uncovered]) -> Any:
    """One row per interval and group short before or after: agents missing on each side (polars)."""
    import polars as pl  # noqa: PLC0415 - polars loads on use, as everywhere in teamcore

    rows: dict[tuple[dt.datetime, str], list[Any]] = {}
    for side, gaps in enumerate((before, after)):
        for u in gaps:
            row = rows.setdefault((u.start, u.group), [u.start, u.end, u.group, u.required, 0, 0])
            row[4 + side] = u.missing
    ordered = [rows[k] for k in sorted(rows)]
    columns = ["start", "end", "group", "required", "missing_before", "missing_after"]
    schema: dict[str, Any] = {
        "start": pl.Datetime("us", "UTC"),
        "end": pl.Datetime("us", "UTC"),
        "group": pl.String,
        "required": pl.Int64,
        "missing_before": pl.Int64,
        "missing_after": pl.Int64,
    }
    return pl.DataFrame([dict(zip(columns, r, strict=True)) for r in ordered], schema=schema, orient="row")


def _new(before: Iterable[Violation], after: Iterable[Violation]) -> tuple[Violation, ...]:
    """The violations of `after` that `before` does not have (each counted as often as it appears)."""
    left = Counter(before)
    out: list[Violation] = []
    for v in after:
        if left[v]:
            left[v] -= 1
        else:
            out.append(v)
    return tuple(out)


@attrs.frozen(kw_only=True)
class TimeOffDecision:
    """Whether a member's time-off request can be approved, and what it costs the coverage.

    Attributes
    ----------
    member
        The member asking.
    start, end
        The local days asked for, both included.
    verdict
        One of :data:`Verdict`.
    removed
        The member's shifts the time off takes out of the roster.
    roster
        The roster without them.
    before, after
        :func:`uncovered` of the roster as it is, and without the removed shifts (per interval and group).
    violations
        Rules the roster without the removed shifts breaks that the roster as it is did not (a contract minimum
        no longer reached), on the problem with the time off.
    resolved
        With ``resolve=True``, the solver's roster for the problem with the time off (the shifts kept as `keep`
        says, and the `fixed` ones); else ``None``.
    """

    member: MemberId
    start: dt.date
    end: dt.date
    verdict: Verdict
    removed: tuple[ShiftAssignment, ...]
    roster: Roster
    before: tuple[Uncovered, ...]
    after: tuple[Uncovered, ...]
    violations: tuple[Violation, ...]
    resolved: RosterResult | None = None

    @property
    def cost(self) -> dict[str, int]:
        """Agent-intervals of coverage lost per group without cover (``after`` - ``before``), changed groups only."""
        return _change(self.before, self.after)

    @property
    def cost_with_cover(self) -> dict[str, int] | None:
        """The same for the re-solved roster (negative where it covers more than the roster did); ``None`` without."""
        return None if self.resolved is None else _change(self.before, self.resolved.uncovered)

    def changes(self) -> tuple[tuple[ShiftAssignment, ...], tuple[ShiftAssignment, ...]]:
        """The re-solved roster against the roster without the request: the shifts added and the shifts dropped.

        Empty without ``resolve``. With ``keep="all"`` nothing is dropped: the added shifts are the cover to ask
        for.
        """
        if self.resolved is None:
            return (), ()
        now, then = set(self.roster.assignments), set(self.resolved.roster.assignments)
        return tuple(sorted(then - now, key=lambda a: a.key)), tuple(sorted(now - then, key=lambda a: a.key))

    def shortfall(self) -> tuple[Uncovered, ...]:
        """The intervals and groups the request leaves shorter than the roster does, without cover."""
        return _worse(self.before, self.after)

    def to_polars(self) -> Any:
        """Per interval and group short with or without the request (without cover), as a polars DataFrame.

        Columns ``start``, ``end`` (UTC), ``group``, ``required``, ``missing_before`` and ``missing_after``
        (agents).

        Examples
        --------
        >>> import datetime as dt
        >>> t0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
        >>> gap = Uncovered(t0, t0 + dt.timedelta(hours=1), "sv", 2, 1)
        >>> decision = TimeOffDecision(member="ana", start=t0.date(), end=t0.date(), verdict="costs_coverage",
        ...                            removed=(), roster=Roster([]), before=(), after=(gap,), violations=())
        >>> decision.to_polars().select("group", "missing_before", "missing_after").rows()
        [('sv', 0, 1)]
        """
        return _table(self.before, self.after)

    def __str__(self) -> str:
        days = f"{self.start.isoformat()}..{self.end.isoformat()}"
        if self.verdict == "approve":
            return f"approve: {self.member}'s time off {days} leaves the coverage as it is"
        if self.verdict == "approve_with_cover":
            return f"approve with cover: a re-solved roster covers {self.member}'s time off {days}"
        cost = self.cost if self.cost_with_cover is None else self.cost_with_cover
        lost = {g: n for g, n in cost.items() if n > 0}
        groups = ", ".join(f"{n} in {g}" for g, n in lost.items())
        return f"costs {sum(lost.values())} agent-intervals of coverage ({groups}): {self.member}'s time off {days}"


def approve_time_off(
    problem: RosterProblem,
    roster: Roster,
    member_id: str,
    start: dt.date,
    end: dt.date,
    *,
    resolve: bool = False,
    keep: Literal["all", "member"] = "all",
    fixed: Roster | Iterable[ShiftAssignment] = (),
    time_limit: float = 10.0,
    seed: int = 0,
) -> TimeOffDecision:
    """Whether `member_id` can have the local days `start` to `end` off, given `roster`.

    Parameters
    ----------
    problem
        The problem the roster answers.
    roster
        The current roster.
    member_id
        The member asking.
    start, end
        The first and last local day off (both included), as :class:`~teamcore.people.TimeOff` counts them.
    resolve
        Also solve the problem with the time off again (:func:`solve`, needs OR-tools) to see whether the others
        can cover; the shifts `keep` names and `fixed` stay.
    keep
        With ``resolve``: ``"all"`` (the default) keeps every other shift of the roster, so cover can only come
        from shifts added to it (someone picks up a shift: the least disruption); ``"member"`` keeps only the
        member's own other shifts and lets the solver move everyone else's (more cover, a new roster to announce).
    fixed
        Further shifts the re-solved roster must keep (the ones already announced); with ``resolve`` only.
    time_limit, seed
        For :func:`solve`.

    Returns
    -------
    TimeOffDecision
        ``"approve"`` when no interval and group is left shorter than in `roster`; with ``resolve``,
        ``"approve_with_cover"`` when the re-solved roster leaves no group shorter than `roster` did; else
        ``"costs_coverage"``, with the cost per group.

    Raises
    ------
    WrongType
        For a `problem`, `roster` or dates of the wrong type.
    UnknownReference
        For a member who is not in the problem.
    InvalidInterval
        If `end` is before `start`.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member
    >>> from teamcore.rostering import Roster, RosterProblem, ShiftTemplate
    >>> team = [Member(id=i, name=i, timezone="UTC", country="GB") for i in ("ana", "bo")]
    >>> day = ShiftTemplate(name="day", starts=[dt.time(8)], length=dt.timedelta(hours=8))
    >>> t0 = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    >>> need = [1 if 8 <= h < 16 else 0 for h in range(24)] * 2
    >>> p = RosterProblem(members=team, templates=[day], requirement={"*": need}, start=t0,
    ...                   step=dt.timedelta(hours=1), now=t0)
    >>> roster = Roster([p.shift("ana", "day", dt.date(2026, 11, 23), dt.time(8)),
    ...                  p.shift("bo", "day", dt.date(2026, 11, 24), dt.time(8))])
    >>> decision = approve_time_off(p, roster, "ana", dt.date(2026, 11, 23), dt.date(2026, 11, 23))
    >>> decision.verdict, decision.cost
    ('costs_coverage', {'*': 8})
    >>> print(decision)
    costs 8 agent-intervals of coverage (8 in *): ana's time off 2026-11-23..2026-11-23
    """
    if not isinstance(problem, RosterProblem):
        raise WrongType("problem", problem, "a RosterProblem")
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")
    first, last = check_date(start, "start"), check_date(end, "end")
    if last < first:
        raise InvalidInterval("end", f"{first.isoformat()}..{last.isoformat()}", "an end date on or after the start")
    if not isinstance(resolve, bool):
        raise WrongType("resolve", resolve, "true or false")
    if keep not in ("all", "member"):
        raise InvalidValue("keep", keep, "'all' (every other shift stays) or 'member' (the member's own only)")
    member = problem.member(member_id)
    off = attrs.evolve(member, time_off=[*member.time_off, TimeOff(first, last, "requested")])
    asked = attrs.evolve(problem, members=[off if m.id == member.id else m for m in problem.members])
    mine, shifts = _only(problem, roster, [member.id])
    theirs, _ = _only(asked, roster, [member.id])
    already = {a for v in check_roster(mine, shifts) if v.rule == "time_off" for a in v.shifts}
    removed = {a for v in check_roster(theirs, shifts) if v.rule == "time_off" for a in v.shifts} - already
    without = Roster(a for a in roster.assignments if a not in removed)
    before = tuple(uncovered(problem, roster))
    after = _uncovered_after(problem, before, without, removed)
    violations = _new(check_roster(mine, shifts), check_roster(theirs, Roster(a for a in shifts if a not in removed)))
    resolved = None
    if resolve:
        stay = without.assignments if keep == "all" else without.for_member(member.id)
        extra = (a for a in _shifts(fixed, "fixed") if a not in removed)
        resolved = solve(asked, time_limit=time_limit, seed=seed, fixed=list(dict.fromkeys([*stay, *extra])))
    if not _change(before, after):
        verdict: Verdict = "approve"
    elif resolved is not None and not any(n > 0 for n in _change(before, resolved.uncovered).values()):
        verdict = "approve_with_cover"
    else:
        verdict = "costs_coverage"
    return TimeOffDecision(
        member=member.id,
        start=first,
        end=last,
        verdict=verdict,
        removed=tuple(sorted(removed, key=lambda a: a.key)),
        roster=without,
        before=before,
        after=after,
        violations=violations,
        resolved=resolved,
    )


@attrs.frozen(kw_only=True)
class SwapCheck:
    """What a proposed swap would do to the rules and the coverage.

    Attributes
    ----------
    roster
        The roster with the swap made.
    moved
        The assignments as they would be after the swap (with their new member and local date).
    introduced
        Violations of :func:`check_roster` the swapped roster has and the current one does not.
    resolved
        Violations the current roster has and the swapped one does not.
    before, after
        :func:`uncovered` of the current and of the swapped roster.
    """

    roster: Roster
    moved: tuple[ShiftAssignment, ...]
    introduced: tuple[Violation, ...]
    resolved: tuple[Violation, ...]
    before: tuple[Uncovered, ...]
    after: tuple[Uncovered, ...]

    @property
    def coverage_change(self) -> dict[str, int]:
        """Per group, agent-intervals uncovered after minus before (changed groups only; negative is better)."""
        return _change(self.before, self.after)

    def to_polars(self) -> Any:
        """Per interval and group short before or after the swap, as :meth:`TimeOffDecision.to_polars`."""
        return _table(self.before, self.after)

    @property
    def ok(self) -> bool:
        """Whether the swap breaks no rule the roster kept and leaves no group shorter."""
        return not self.introduced and not any(n > 0 for n in self.coverage_change.values())

    def __str__(self) -> str:
        if self.ok:
            return "the swap keeps every rule and the coverage"
        parts = [str(v) for v in self.introduced]
        parts += [f"{n} agent-intervals less coverage in {g}" for g, n in self.coverage_change.items() if n > 0]
        return "; ".join(parts)


def _reassigned(problem: RosterProblem, a: ShiftAssignment, member_id: str) -> ShiftAssignment:
    """`a` worked by `member_id`: the same instants and template, the new member's local date of its start."""
    zone = problem.member(member_id).zone
    return attrs.evolve(a, member=member_id, local_date=a.start.astimezone(zone).date())


def check_swap(problem: RosterProblem, roster: Roster, a: ShiftAssignment, b: ShiftAssignment | str) -> SwapCheck:
    """Check a proposed swap: `a` and `b` change members, or `a` goes to member `b`.

    Parameters
    ----------
    problem
        The problem the roster answers.
    roster
        The current roster.
    a
        An assignment of `roster`.
    b
        Another member's assignment of `roster` (the two members swap shifts), or a member id (`a` is given to
        that member).

    Returns
    -------
    SwapCheck
        The violations introduced and resolved, and the coverage before and after.

    Raises
    ------
    WrongType
        For arguments of the wrong type.
    InvalidValue
        If `a` or `b` is not in the roster, or both belong to the same member.
    UnknownReference
        For a member id that is not in the problem.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member
    >>> from teamcore.rostering import Roster, RosterProblem, ShiftTemplate
    >>> team = [Member(id=i, name=i, timezone="UTC", country="GB") for i in ("ana", "bo")]
    >>> early = ShiftTemplate(name="early", starts=[dt.time(6)], length=dt.timedelta(hours=8))
    >>> late = ShiftTemplate(name="late", starts=[dt.time(14)], length=dt.timedelta(hours=8))
    >>> t0 = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    >>> p = RosterProblem(members=team, templates=[early, late], requirement={"*": [0] * 48}, start=t0,
    ...                   step=dt.timedelta(hours=1), now=t0)
    >>> ana_late = p.shift("ana", "late", dt.date(2026, 11, 23), dt.time(14))
    >>> bo_early = p.shift("bo", "early", dt.date(2026, 11, 24), dt.time(6))
    >>> ana_early = p.shift("ana", "early", dt.date(2026, 11, 24), dt.time(6))
    >>> roster = Roster([ana_late, bo_early])
    >>> check_swap(p, roster, bo_early, "ana").introduced[0].message
    'rest 8 h < 11 h between Mon 22:00 and Tue 06:00 UTC'
    >>> check_swap(p, Roster([ana_late, ana_early]), ana_early, "bo").ok
    True
    """
    if not isinstance(problem, RosterProblem):
        raise WrongType("problem", problem, "a RosterProblem")
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")
    if not isinstance(a, ShiftAssignment):
        raise WrongType("a", a, "a ShiftAssignment of the roster")
    if a not in roster.assignments:
        raise InvalidValue("a", a.key, "an assignment of the roster")
    if a.member not in {m.id for m in problem.members}:
        raise UnknownReference("a.member", a.member, "a member id of the problem")
    if isinstance(b, ShiftAssignment):
        if b not in roster.assignments:
            raise InvalidValue("b", b.key, "an assignment of the roster")
        if b.member == a.member:
            raise InvalidValue("b", b.key, f"another member's assignment than {a.member!r}'s")
        moved: tuple[ShiftAssignment, ...] = (_reassigned(problem, a, b.member), _reassigned(problem, b, a.member))
        gone = {a, b}
    elif isinstance(b, str):
        target = problem.member(b)
        if target.id == a.member:
            raise InvalidValue("b", b, f"a member other than {a.member!r}, who works the shift")
        moved = (_reassigned(problem, a, target.id),)
        gone = {a}
    else:
        raise WrongType("b", b, "a ShiftAssignment of the roster or a member id")
    swapped = Roster([*(x for x in roster.assignments if x not in gone), *moved])
    involved = {x.member for x in (*gone, *moved)}
    sub, current = _only(problem, roster, involved)
    now, then = check_roster(sub, current), check_roster(sub, _only(problem, swapped, involved)[1])
    before = tuple(uncovered(problem, roster))
    return SwapCheck(
        roster=swapped,
        moved=moved,
        introduced=_new(now, then),
        resolved=_new(then, now),
        before=before,
        after=_uncovered_after(problem, before, swapped, [*gone, *moved]),
    )
