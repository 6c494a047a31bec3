"""Tests for the day-to-day questions: re-rostering with fixed shifts, time-off approval and shift swaps."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidInterval, InvalidValue, UnknownReference, WrongType
from teamcore.people import Member, TimeOff
from teamcore.rostering import (
    Roster,
    RosterProblem,
    RosterResult,
    ShiftTemplate,
    approve_time_off,
    check_roster,
    check_swap,
    fixed_name,
    solve,
    uncovered,
)
from tests.rostering.example import MONDAY, members, problem

H = dt.timedelta(hours=1)
LIMIT = 3.0
"""Deterministic seconds per solve: small instances, a few seconds each."""

TUESDAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def worked() -> tuple[RosterProblem, RosterResult]:
    """The worked example, solved once for the module."""
    pytest.importorskip("ortools")
    p = problem()
    return p, solve(p, time_limit=LIMIT)


@pytest.fixture(scope="module")
def worked_violations(worked) -> frozenset:
    """The worked example roster's violations (none), computed once."""
    p, result = worked
    return frozenset(check_roster(p, result.roster))


def small(days: int = 2, **changes: object) -> RosterProblem:
    """Two members in London, an early and a late template, one agent 06:00-22:00 UTC every day."""
    team = [Member(id=i, name=i.title(), timezone="Europe/London", country="GB") for i in ("ana", "bo")]
    templates = [
        ShiftTemplate(name="early", starts=[dt.time(6)], length=8 * H),
        ShiftTemplate(name="late", starts=[dt.time(14)], length=8 * H),
    ]
    fields: dict[str, object] = {
        "members": team,
        "templates": templates,
        "requirement": {"*": [1 if 6 <= h < 22 else 0 for h in range(24)] * days},
        "start": MONDAY,
        "step": H,
        "now": MONDAY,
    }
    fields.update(changes)
    return RosterProblem(**fields)  # type: ignore[arg-type]


def missing(gaps: object) -> Counter[tuple[dt.datetime, str]]:
    """Agents missing per (interval start, group)."""
    out: Counter[tuple[dt.datetime, str]] = Counter()
    for u in gaps:  # type: ignore[attr-defined]
        out[u.start, u.group] += u.missing
    return out


class TestFixed:
    def test_fixed_shifts_stay_and_the_roster_keeps_every_rule(self, worked):
        """Fixing two of the roster's shifts and one it did not choose: all three are in the new roster."""
        p, result = worked
        chosen = list(result.roster)[:2]
        other = p.shift("maria", "late", dt.date(2026, 11, 25), dt.time(14))
        assert other not in result.roster.assignments
        again = solve(p, time_limit=LIMIT, fixed=[*chosen, other])
        assert {*chosen, other} <= set(again.roster)
        assert again.binding == ()
        assert check_roster(p, again.roster) == []

    def test_fixed_shifts_too_close_are_named_with_the_rule(self):
        """A late and the next day's early shift leave 8 h of rest: the later one is dropped and named."""
        pytest.importorskip("ortools")
        p = small()
        late = p.shift("ana", "late", MONDAY.date(), dt.time(14))
        early = p.shift("ana", "early", TUESDAY, dt.time(6))
        result = solve(p, time_limit=LIMIT, fixed=[late, early])
        assert result.binding == (fixed_name(early),)
        assert result.reasons == {fixed_name(early): ("rest",)}
        assert late in result.roster.assignments
        assert check_roster(p, result.roster) == []

    def test_fixed_shift_in_time_off_is_named(self):
        """A fixed shift that falls in the member's time off is no candidate: named with the rule it breaks."""
        pytest.importorskip("ortools")
        away = Member(
            id="ana", name="Ana", timezone="Europe/London", country="GB", time_off=[TimeOff(TUESDAY, TUESDAY)]
        )
        p = small()
        p = attrs.evolve(p, members=[away, p.members[1]])
        shift = p.shift("ana", "early", TUESDAY, dt.time(6))
        result = solve(p, time_limit=LIMIT, fixed=Roster([shift]))
        assert result.reasons == {fixed_name(shift): ("time_off",)}
        assert shift not in result.roster.assignments
        assert check_roster(p, result.roster) == []

    def test_forbidden_shifts_are_left_out(self):
        """Forbidding every early shift of ana: none is chosen, and bo or ana's late shifts cover."""
        pytest.importorskip("ortools")
        p = small()
        earlies = [a for a in p.candidates("ana") if a.template == "early"]
        result = solve(p, time_limit=LIMIT, forbidden=earlies)
        assert not set(earlies) & set(result.roster)
        assert result.shortfall == 0
        assert check_roster(p, result.roster) == []

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"fixed": "ana"}, WrongType, "fixed"),  # a string, not assignments
            ({"fixed": [1]}, WrongType, r"fixed\[0\]"),  # not an assignment
            ({"forbidden": 3}, WrongType, "forbidden"),  # not iterable
        ],
    )
    def test_invalid(self, kwargs, error, match):
        """Bad fixed or forbidden shifts raise errors naming the argument."""
        with pytest.raises(error, match=match):
            solve(small(), time_limit=1, **kwargs)

    def test_fixed_and_forbidden_at_once(self):
        """One assignment cannot be both fixed and forbidden."""
        p = small()
        shift = p.shift("ana", "early", TUESDAY, dt.time(6))
        with pytest.raises(InvalidValue, match="forbidden"):
            solve(p, time_limit=1, fixed=[shift], forbidden=[shift])

    @settings(max_examples=8, deadline=None)
    @given(st.data())
    def test_any_fixed_subset_appears(self, data):
        """Fixed shifts are kept unless they break a rule with the kept ones; the roster passes the checker."""
        pytest.importorskip("ortools")
        p = small(days=3)
        pool = [a for m in p.members for a in p.candidates(m.id)]
        picked = data.draw(st.lists(st.sampled_from(pool), max_size=4, unique=True))
        result = solve(p, time_limit=1, fixed=picked)
        kept = set(picked) - {a for a in picked if fixed_name(a) in result.reasons}
        assert kept <= set(result.roster)
        assert check_roster(p, result.roster) == []
        for a in set(picked) - kept:  # each dropped shift does break a rule with the member's kept ones
            mine = [b for b in kept if b.member == a.member]
            named = set(result.reasons[fixed_name(a)])
            named |= {"overlap"} if "rest" in named else set()  # the solver's rest rule covers overlaps too
            assert {v.rule for v in check_roster(p, Roster([*mine, a]))} & named


class TestApproveTimeOff:
    def test_a_day_without_shifts_is_approved(self, worked):
        """A day the member works no shift costs nothing."""
        p, result = worked
        worked_days = {a.local_date for a in result.roster.for_member("anna")}
        week = [MONDAY.date() + dt.timedelta(days=k) for k in range(7)]
        free = next(day for day in week if day not in worked_days)
        decision = approve_time_off(p, result.roster, "anna", free, free)
        assert decision.verdict == "approve"
        assert decision.removed == ()
        assert decision.cost == {}
        assert decision.roster == result.roster
        assert str(decision).startswith("approve: anna's time off")

    def test_the_only_swedish_agent_costs_swedish_coverage(self, worked):
        """Without cover, a Stockholm member's working weekday costs Swedish agent-intervals, per interval."""
        p, result = worked
        day = next(a.local_date for a in result.roster.for_member("anna") if a.local_date.weekday() < 5)
        decision = approve_time_off(p, result.roster, "anna", day, day)
        assert decision.verdict == "costs_coverage"
        assert decision.removed == tuple(a for a in result.roster.for_member("anna") if a.local_date == day)
        assert decision.cost.get("sv", 0) > 0
        assert sum(decision.cost.values()) == sum(u.missing for u in decision.after) - sum(
            u.missing for u in decision.before
        )
        assert {u.group for u in decision.shortfall()} == set(decision.cost)
        assert decision.after == tuple(uncovered(p, decision.roster))
        assert "agent-intervals of coverage" in str(decision)
        table = decision.to_polars()
        assert (table["missing_after"] - table["missing_before"]).sum() == sum(decision.cost.values())
        assert table.height == len({(u.start, u.group) for u in (*decision.before, *decision.after)})

    def test_cover_by_added_shifts(self, worked):
        """Keeping every other shift, the cover is shifts added to the roster; none is dropped."""
        p, result = worked
        day = next(a.local_date for a in result.roster.for_member("anna") if a.local_date.weekday() < 5)
        decision = approve_time_off(p, result.roster, "anna", day, day, resolve=True, time_limit=LIMIT)
        added, dropped = decision.changes()
        assert dropped == ()
        assert set(decision.roster) <= set(decision.resolved.roster)
        assert decision.resolved.binding == ()
        if decision.verdict == "approve_with_cover":
            assert added

    def test_resolve_finds_cover(self, worked):
        """Re-solving lets Erik cover Anna's Swedish hours: approve with cover, a roster that keeps every rule."""
        p, result = worked
        day = next(a.local_date for a in result.roster.for_member("anna") if a.local_date.weekday() < 5)
        decision = approve_time_off(p, result.roster, "anna", day, day, resolve=True, keep="member", time_limit=LIMIT)
        assert decision.verdict == "approve_with_cover"
        assert decision.resolved is not None
        assert not any(n > 0 for n in (decision.cost_with_cover or {}).values())
        assert not [a for a in decision.resolved.roster.for_member("anna") if a.local_date == day]
        kept = [a for a in result.roster.for_member("anna") if a.local_date != day]
        assert set(kept) <= set(decision.resolved.roster)
        away = attrs.evolve(p.member("anna"), time_off=[TimeOff(day, day)])
        asked = attrs.evolve(p, members=[away if m.id == "anna" else m for m in p.members])
        assert check_roster(asked, decision.resolved.roster) == []

    @settings(max_examples=15, deadline=None)
    @given(member=st.sampled_from([m.id for m in members()]), first=st.integers(0, 6), days=st.integers(1, 7))
    def test_time_off_never_increases_coverage(self, worked, worked_violations, member, first, days):
        """In every interval and group as many agents or more are missing with the time off as without."""
        p, result = worked
        start = MONDAY.date() + dt.timedelta(days=first)
        decision = approve_time_off(p, result.roster, member, start, start + dt.timedelta(days=days - 1))
        before, after = missing(decision.before), missing(decision.after)
        assert all(after[k] >= n for k, n in before.items())
        assert set(decision.removed) <= set(result.roster.for_member(member))
        assert all(n >= 0 for n in decision.cost.values())
        assert (decision.verdict == "approve") == (not decision.cost)
        assert decision.after == tuple(uncovered(p, decision.roster))  # the window recount agrees with the whole
        away = attrs.evolve(p.member(member), time_off=[TimeOff(decision.start, decision.end)])
        full = attrs.evolve(p, members=[away if m.id == member else m for m in p.members])
        assert set(decision.violations) == set(check_roster(full, decision.roster)) - set(
            check_roster(p, result.roster)
        )

    @settings(max_examples=6, deadline=None)
    @given(day=st.integers(0, 2), keep=st.sampled_from(["all", "member"]), member=st.sampled_from(["ana", "bo"]))
    def test_every_resolved_roster_keeps_the_rules(self, day, keep, member):
        """A re-solved roster keeps every rule of the problem with the time off, and the shifts it was told to keep."""
        pytest.importorskip("ortools")
        p = small(days=3)
        roster = solve(p, time_limit=1).roster
        date = MONDAY.date() + dt.timedelta(days=day)
        decision = approve_time_off(p, roster, member, date, date, resolve=True, keep=keep, time_limit=1)
        assert decision.resolved is not None
        away = attrs.evolve(p.member(member), time_off=[TimeOff(date, date)])
        asked = attrs.evolve(p, members=[away if m.id == member else m for m in p.members])
        assert check_roster(asked, decision.resolved.roster) == []
        kept = decision.roster.assignments if keep == "all" else decision.roster.for_member(member)
        assert set(kept) <= set(decision.resolved.roster)
        if keep == "all":  # every kept shift stays, so the cover can only add coverage
            assert decision.resolved.shortfall <= sum(u.missing for u in decision.after)

    def test_a_lost_contract_minimum_is_reported(self):
        """A 16-hour weekly minimum no longer reached after the time off is a violation the decision names."""
        contracts = {key: attrs.evolve(c, min_hours=8) for key, c in problem().contracts.items()}
        p = problem(contracts=contracts)
        day = MONDAY.date()
        roster = Roster([p.shift("anna", "day", day, dt.time(9))])
        decision = approve_time_off(p, roster, "anna", day, day)
        assert [(v.rule, v.member) for v in decision.violations] == [("contract_min", "anna")]

    @pytest.mark.parametrize(
        ("args", "error", "match"),
        [
            (("nobody", TUESDAY, TUESDAY), UnknownReference, "member"),  # not in the problem
            (("anna", TUESDAY, MONDAY.date()), InvalidInterval, "end"),  # ends before it starts
            (("anna", "2026-11-24", TUESDAY), WrongType, "start"),  # a string, not a date
            (("anna", TUESDAY, MONDAY), WrongType, "end"),  # a datetime, not a date
        ],
    )
    def test_invalid(self, args, error, match):
        """Bad requests raise errors naming the field."""
        with pytest.raises(error, match=match):
            approve_time_off(problem(), Roster([]), *args)

    def test_wrong_roster(self):
        """A roster that is no Roster is refused."""
        with pytest.raises(WrongType, match="roster"):
            approve_time_off(problem(), [], "anna", TUESDAY, TUESDAY)  # type: ignore[arg-type]


class TestCheckSwap:
    def test_too_little_rest_is_introduced(self):
        """Giving bo's Tuesday early shift to ana after her Monday late breaks her rest, and nothing else."""
        p = small()
        late = p.shift("ana", "late", MONDAY.date(), dt.time(14))
        early = p.shift("bo", "early", TUESDAY, dt.time(6))
        swap = check_swap(p, Roster([late, early]), early, "ana")
        assert [v.rule for v in swap.introduced] == ["rest"]
        assert swap.resolved == ()
        assert swap.coverage_change == {}
        assert not swap.ok
        assert "rest 8 h < 11 h" in str(swap)

    def test_exchange_resolves_a_violation(self):
        """Swapping ana's too-early Tuesday shift with bo's late one resolves her rest violation."""
        p = small()
        late = p.shift("ana", "late", MONDAY.date(), dt.time(14))
        early = p.shift("ana", "early", TUESDAY, dt.time(6))
        bo_late = p.shift("bo", "late", TUESDAY, dt.time(14))
        swap = check_swap(p, Roster([late, early, bo_late]), early, bo_late)
        assert [v.rule for v in swap.resolved] == ["rest"]
        assert swap.introduced == ()
        assert swap.ok
        assert {(a.member, a.template) for a in swap.moved} == {("bo", "early"), ("ana", "late")}

    def test_another_zone_is_no_template_start(self, worked):
        """A Stockholm shift given to a Manila member keeps its hours, but is no template start in Manila."""
        p, result = worked
        shift = result.roster.for_member("anna")[0]
        swap = check_swap(p, result.roster, shift, "maria")
        assert "template" in {v.rule for v in swap.introduced}
        assert swap.moved[0].start == shift.start
        assert swap.moved[0].member == "maria"

    @settings(max_examples=15, deadline=None)
    @given(data=st.data())
    def test_window_recount_agrees(self, worked, worked_violations, data):
        """Any give-away of a worked-example shift: the coverage after is uncovered() of the whole swapped roster."""
        p, result = worked
        a = data.draw(st.sampled_from(result.roster.assignments))
        to = data.draw(st.sampled_from([m.id for m in p.members if m.id != a.member]))
        swap = check_swap(p, result.roster, a, to)
        assert swap.after == tuple(uncovered(p, swap.roster))
        assert set(swap.introduced) == set(check_roster(p, swap.roster)) - worked_violations

    @settings(max_examples=20, deadline=None)
    @given(day=st.integers(0, 1), template=st.sampled_from(["early", "late"]))
    def test_a_swap_of_identical_shifts_changes_nothing(self, day, template):
        """Two members in one zone with the same shift: swapping them gives the same roster, rules and coverage."""
        p = small()
        clock = dt.time(6) if template == "early" else dt.time(14)
        date = MONDAY.date() + dt.timedelta(days=day)
        a, b = (p.shift(m, template, date, clock) for m in ("ana", "bo"))
        roster = Roster([a, b])
        swap = check_swap(p, roster, a, b)
        assert swap.roster == roster
        assert swap.introduced == swap.resolved == ()
        assert swap.coverage_change == {}
        assert swap.ok
        assert swap.to_polars().height == len(swap.before)

    @pytest.mark.parametrize(
        ("which", "error", "match"),
        [
            ("a_outside", InvalidValue, "^a"),  # a is not in the roster
            ("b_outside", InvalidValue, "^b"),  # b is not in the roster
            ("same_member", InvalidValue, "another member"),  # both shifts are ana's
            ("to_self", InvalidValue, "other than"),  # given to who already works it
            ("unknown", UnknownReference, "member"),  # no such member
            ("number", WrongType, "b"),  # neither an assignment nor a member id
        ],
    )
    def test_invalid(self, which, error, match):
        """Swaps that make no sense raise errors naming the argument."""
        p = small()
        a = p.shift("ana", "early", MONDAY.date(), dt.time(6))
        other = p.shift("ana", "late", TUESDAY, dt.time(14))
        roster = Roster([a, other])
        args = {
            "a_outside": (p.shift("bo", "early", MONDAY.date(), dt.time(6)), "ana"),
            "b_outside": (a, p.shift("bo", "early", TUESDAY, dt.time(6))),
            "same_member": (a, other),
            "to_self": (a, "ana"),
            "unknown": (a, "nobody"),
            "number": (a, 7),
        }[which]
        with pytest.raises(error, match=match):
            check_swap(p, roster, *args)  # type: ignore[arg-type]
