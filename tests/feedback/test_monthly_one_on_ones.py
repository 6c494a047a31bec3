"""Monthly 1:1 slots move off weekends and days off: the rule of OneOnOneSeries.slots and its use in compliance."""

from __future__ import annotations

import datetime as dt

from feedback_helpers import at, make_org, series
from hypothesis import example, given
from hypothesis import strategies as st

from teamcore.feedback import ComplianceStatus, FeedbackLog, FeedbackPolicy, OneOnOneOccurrence, Rule, compliance
from teamcore.people import TimeOff

POLICY = FeedbackPolicy(rules=[Rule.ONE_ON_ONE], one_on_one_cadence="monthly")


def weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


def slot_obligations(log: FeedbackLog, member: str = "ola", org=None, now=None) -> dict[str, object]:
    result = compliance(log, org or make_org(), now or at("2026-11-25", "10:00"), POLICY)
    return {o.key.split("@")[1]: o for o in result.member(member).obligations if o.rule is Rule.ONE_ON_ONE}


class TestSlots:
    """The rule itself, with a plain working-day predicate."""

    def test_saturday_moves_to_friday(self) -> None:
        """10 October 2026 is a Saturday: the slot is due on Friday the 9th; 10 November (a Tuesday) stays."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-09-10")
        assert s.slots(dt.date(2026, 9, 1), dt.date(2026, 12, 1), working=weekdays) == (
            dt.date(2026, 9, 10),
            dt.date(2026, 10, 9),
            dt.date(2026, 11, 10),
        )

    def test_sunday_month_end_moves_to_friday(self) -> None:
        """An anchor on the 31st meets on 28 February 2027, a Sunday, so on Friday the 26th."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-12-31")
        assert s.slots(dt.date(2027, 2, 1), dt.date(2027, 3, 1), working=weekdays) == (dt.date(2027, 2, 26),)

    def test_start_of_month_moves_later(self) -> None:
        """1 November 2026 is a Sunday; the previous Friday is in October, so the slot is Monday the 2nd."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-10-01")
        assert s.slots(dt.date(2026, 11, 1), dt.date(2026, 12, 1), working=weekdays) == (dt.date(2026, 11, 2),)

    def test_never_before_the_anchor(self) -> None:
        """A series anchored on Saturday 15 August first meets on Monday the 17th, not the Friday before it."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-08-15")
        assert s.slots(dt.date(2026, 8, 1), dt.date(2026, 10, 1), working=weekdays) == (
            dt.date(2026, 8, 17),
            dt.date(2026, 9, 15),
        )

    def test_month_without_a_working_day_keeps_the_nominal_date(self) -> None:
        """Nobody works in August: the August slot stays on its nominal Saturday."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-07-15")
        assert s.slots(dt.date(2026, 8, 1), dt.date(2026, 9, 1), working=lambda day: day.month != 8) == (
            dt.date(2026, 8, 15),
        )

    def test_moved_slot_counts_where_it_lands(self) -> None:
        """The window is applied to the moved date: a window starting on the nominal Saturday misses the Friday."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-09-10")
        assert s.slots(dt.date(2026, 10, 10), dt.date(2026, 11, 1), working=weekdays) == ()
        assert s.slots(dt.date(2026, 10, 1), dt.date(2026, 10, 10), working=weekdays) == (dt.date(2026, 10, 9),)

    def test_weekly_slots_are_not_moved(self) -> None:
        """Weekly and biweekly series keep their fixed weekday, whatever `working` says."""
        s = series("s", member="ola", cadence="weekly", anchor="2026-09-05")  # a Saturday
        assert s.slots(dt.date(2026, 9, 1), dt.date(2026, 9, 20), working=weekdays) == s.slots(
            dt.date(2026, 9, 1), dt.date(2026, 9, 20)
        )

    @given(
        anchor=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
        months=st.integers(1, 30),
        workdays=st.frozensets(st.integers(0, 6), min_size=1),
        off=st.frozensets(st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)), max_size=60),
    )
    @example(anchor=dt.date(2026, 1, 31), months=3, workdays=frozenset(range(5)), off=frozenset())
    def test_properties(self, anchor, months, workdays, off) -> None:
        """One slot per month, in that month, never before the anchor; a working day whenever the month has one
        from the anchor on; the nominal date when that is a working day; otherwise no working day between the
        slot and the nominal date."""

        def working(day: dt.date) -> bool:
            return day.weekday() in workdays and day not in off

        s = series("s", member="ola", cadence="monthly", anchor=anchor.isoformat())
        end = dt.date(anchor.year + (anchor.month - 1 + months) // 12, (anchor.month - 1 + months) % 12 + 1, 1)
        nominal = s.slots(anchor, end)
        moved = s.slots(anchor, end, working=working)
        assert len(moved) == len(nominal) == months
        for day, due in zip(moved, nominal, strict=True):
            assert (day.year, day.month) == (due.year, due.month)
            assert day >= anchor
            floor = max(due.replace(day=1), anchor)
            month_end = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            month = [floor + dt.timedelta(days=i) for i in range((month_end - floor).days)]
            if working(due) or not any(working(d) for d in month):
                assert day == due
            else:
                assert working(day)
                between = [d for d in month if min(day, due) < d < max(day, due)]
                assert not any(working(d) for d in between)
                if day > due:  # later only when no working day lies between the floor and the nominal date
                    assert not any(working(d) for d in month if d < due)

    @given(anchor=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), months=st.integers(1, 24))
    def test_always_working_changes_nothing(self, anchor, months) -> None:
        """When every day is a working day the slots are the nominal dates."""
        s = series("s", member="ola", cadence="monthly", anchor=anchor.isoformat())
        end = anchor + dt.timedelta(days=31 * months)
        assert s.slots(anchor, end, working=lambda _day: True) == s.slots(anchor, end)


class TestCompliance:
    """The compliance engine moves monthly slots with both people's working days."""

    def test_weekend_slot_is_due_on_friday(self) -> None:
        """Lena and Ola's October 1:1 (nominally Saturday 10 October) is due on Friday 9 October."""
        found = slot_obligations(
            FeedbackLog(series=[series("s", member="ola", cadence="monthly", anchor="2026-09-10")])
        )
        assert "2026-10-10" not in found
        assert found["2026-10-09"].due == dt.date(2026, 10, 9)
        assert found["2026-10-09"].status is ComplianceStatus.OVERDUE

    def test_holiday_of_the_member_only(self) -> None:
        """Thanksgiving (26 November) is Mia's holiday, not Lena's: the 1:1 is due on Wednesday the 25th."""
        log = FeedbackLog(series=[series("s", member="mia", cadence="monthly", anchor="2026-10-26")])
        found = slot_obligations(log, member="mia", now=at("2026-11-20"))
        assert [key for key in found if key.startswith("2026-")] == ["2026-10-26", "2026-11-25"]

    def test_time_off_of_the_lead(self) -> None:
        """Lena is off 5-9 October and the 10th is a Saturday: the nearest day both work is Friday 2 October."""
        org = make_org(lena_time_off=(TimeOff(dt.date(2026, 10, 5), dt.date(2026, 10, 9), "holiday"),))
        log = FeedbackLog(series=[series("s", member="ola", cadence="monthly", anchor="2026-09-10")])
        found = slot_obligations(log, org=org)
        assert "2026-10-02" in found
        assert "2026-10-09" not in found

    def test_occurrence_logged_under_the_nominal_date_counts(self) -> None:
        """A record kept under the nominal Saturday still counts: held on Thursday the 8th, the Friday slot is met."""
        log = FeedbackLog(
            series=[series("s", member="ola", cadence="monthly", anchor="2026-09-10")],
            occurrences=[
                OneOnOneOccurrence(
                    series="s", scheduled=dt.date(2026, 10, 10), status="held", held_on=dt.date(2026, 10, 8)
                )
            ],
        )
        found = slot_obligations(log)["2026-10-09"]
        assert (found.status, found.done_on) == (ComplianceStatus.MET, dt.date(2026, 10, 8))

    def test_occurrence_logged_under_the_moved_date(self) -> None:
        """A record under the moved Friday is the slot's own; held the next Monday it is one working day late."""
        log = FeedbackLog(
            series=[series("s", member="ola", cadence="monthly", anchor="2026-09-10")],
            occurrences=[
                OneOnOneOccurrence(
                    series="s", scheduled=dt.date(2026, 10, 9), status="held", held_on=dt.date(2026, 10, 12)
                )
            ],
        )
        found = slot_obligations(log)["2026-10-09"]
        assert (found.status, found.lateness) == (ComplianceStatus.LATE, 1)
