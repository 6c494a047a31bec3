"""Tests for the burden report: unsocial hours per member and region against the fair share, and the solver's view."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import UnknownReference, WrongType
from teamcore.rostering import Contract, Roster, ShiftAssignment, burden_report, fair_shares, solve
from teamcore.scheduling import PainWeights
from tests.rostering.example import MONDAY, problem

PROBLEM = problem()
CANDIDATES = [c for m in PROBLEM.members for c in PROBLEM.candidates(m.id)]


class TestExample:
    """Hand-counted hours on the worked example."""

    def test_weekend_late_shift_in_manila(self) -> None:
        """Saturday 14:00-22:30 in Manila: 8 weekend hours, then half an hour of night (night counts first)."""
        shift = PROBLEM.shift("maria", "late", dt.date(2026, 11, 28), dt.time(14))
        row = burden_report(PROBLEM, Roster([shift])).members[2]
        assert (row.name, row.region, row.shifts, row.hours) == ("maria", "PH", 1, 8.0)
        assert (row.night, row.weekend, row.holiday) == (0.5, 8.0, 0.0)
        assert row.pain == 10 * 0.5 + 6 * 8.0

    def test_holiday_hours(self) -> None:
        """Christmas Day in Stockholm is a public holiday: a Friday day shift is 8.5 holiday hours."""
        christmas = problem(start=dt.datetime(2026, 12, 21, tzinfo=dt.UTC), now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        shift = christmas.shift("anna", "day", dt.date(2026, 12, 25), dt.time(7))
        row = burden_report(christmas, Roster([shift])).members[0]
        assert (row.night, row.weekend, row.holiday) == (0.0, 0.0, 8.5)

    def test_fair_share_by_contract_hours(self) -> None:
        """A member with half the contracted hours has half the fair share; the worst is furthest above theirs."""
        contracts = {**PROBLEM.contracts, "bia": Contract(max_hours=20)}
        halved = attrs.evolve(PROBLEM, contracts=contracts)
        shift = halved.shift("bia", "day", dt.date(2026, 11, 28), dt.time(7))
        report = burden_report(halved, Roster([shift]))
        shares = {row.name: row.fair_share for row in report.members}
        assert shares["bia"] == pytest.approx(shares["anna"] / 2)
        assert report.worst.name == "bia"
        assert report.worst_region.name == "BR"
        assert report.worst.ratio == pytest.approx(report.total / shares["bia"])

    def test_empty_roster(self) -> None:
        """No shifts: every row is zero, with a defined answer (no ratio)."""
        report = burden_report(PROBLEM, Roster([]))
        assert report.total == 0.0
        assert {row.ratio for row in report.members} == {None}
        assert report.unfairness == 0.0

    def test_to_polars(self) -> None:
        """One row per member or per region, named by what it is by."""
        report = burden_report(PROBLEM, Roster(CANDIDATES[:5]))
        assert report.to_polars().columns[:2] == ["member", "region"]
        assert report.to_polars("region").get_column("region").to_list() == ["BR", "PH", "SE"]
        assert report.to_polars().height == 6
        assert list(report.to_pandas("region").columns) == report.to_polars("region").columns

    def test_agrees_with_the_solver(self) -> None:
        """The solver's burden and fair share per member are the report's (the same pain model and fair share)."""
        result = solve(PROBLEM, time_limit=1, seed=0)
        report = burden_report(PROBLEM, result.roster)
        for row in report.members:
            assert row.pain == pytest.approx(result.burden[row.name])
            assert row.fair_share == pytest.approx(result.fair_share[row.name])
        regions = result.region_burden(PROBLEM)
        assert {row.name: row.pain for row in report.regions} == pytest.approx(regions)


class TestInvariants:
    """Properties over random sets of the worked example's candidate shifts."""

    @given(st.lists(st.sampled_from(CANDIDATES), max_size=12, unique=True), st.floats(0, 20), st.floats(0, 20))
    @settings(max_examples=30, deadline=None)
    def test_accounting(self, shifts: list[ShiftAssignment], night: float, day_off: float) -> None:
        """Shares sum to the total; regions sum their members; pain is the weights times the hours."""
        weighted = attrs.evolve(PROBLEM, weights=PainWeights(night=night, day_off=day_off))
        report = burden_report(weighted, Roster(shifts))
        assert sum(row.fair_share for row in report.members) == pytest.approx(report.total)
        assert sum(row.pain for row in report.regions) == pytest.approx(report.total)
        assert sum(row.excess for row in report.members) == pytest.approx(0, abs=1e-6)
        for row in (*report.members, *report.regions):
            assert row.pain == pytest.approx(night * row.night + day_off * (row.weekend + row.holiday))
            assert row.night + row.weekend + row.holiday <= sum(s.hours for s in shifts) + 1e-9
        assert report.worst.excess >= 0

    @given(st.lists(st.sampled_from(CANDIDATES), max_size=8, unique=True), st.sampled_from(CANDIDATES))
    @settings(max_examples=30, deadline=None)
    def test_a_shift_more_never_lowers_pain(self, shifts: list[ShiftAssignment], extra: ShiftAssignment) -> None:
        """Adding a shift never lowers its member's pain or the total."""
        before = burden_report(PROBLEM, Roster(shifts))
        after = burden_report(PROBLEM, Roster({*shifts, extra}))
        mine = [m.id for m in PROBLEM.members].index(extra.member)
        assert after.members[mine].pain >= before.members[mine].pain
        assert after.total >= before.total


class TestErrors:
    """Bad arguments and shifts the problem does not know."""

    def test_unknown_member(self) -> None:
        """A shift of someone not in the problem is named."""
        stranger = ShiftAssignment(
            member="zoe", template="day", start=MONDAY, end=MONDAY + dt.timedelta(hours=8), local_date=MONDAY.date()
        )
        with pytest.raises(UnknownReference, match="zoe"):
            burden_report(PROBLEM, Roster([stranger]))

    def test_unknown_template(self) -> None:
        """A shift of a template the problem lacks is named."""
        odd = attrs.evolve(CANDIDATES[0], template="split")
        with pytest.raises(UnknownReference, match="split"):
            burden_report(PROBLEM, Roster([odd]))

    @pytest.mark.parametrize(("args", "field"), [((None, Roster([])), "problem"), ((PROBLEM, []), "roster")])
    def test_wrong_type(self, args: tuple[object, object], field: str) -> None:
        """The argument is named."""
        with pytest.raises(WrongType, match=field):
            burden_report(*args)  # type: ignore[arg-type]

    def test_fair_shares_without_contract_hours(self) -> None:
        """When nobody has contracted hours, every share is 0 rather than a division by zero."""
        idle = attrs.evolve(PROBLEM, contracts={m.id: Contract(max_hours=0) for m in PROBLEM.members})
        assert set(fair_shares(idle, {"anna": 5.0}).values()) == {0.0}
