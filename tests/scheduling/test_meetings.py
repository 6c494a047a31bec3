"""Tests for the meeting planner and fixed 1:1s."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._time import timezone
from teamcore.exceptions import DuplicateId, InvalidInterval, NaiveDatetime, OutOfRange, WrongType
from teamcore.people import Member, Weekday
from teamcore.scheduling import Participant, candidate_slots, one_on_ones, slot_pain, working_intervals

HALF_HOUR = dt.timedelta(minutes=30)


def person(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None) -> Member:
    return Member(
        id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]} if hours is None else hours
    )


NY = person("ny", "America/New_York", "US")
LDN = person("ldn", "Europe/London", "GB")
SYD = person("syd", "Australia/Sydney", "AU")


def day(year: int, month: int, date: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, month, date, tzinfo=UTC)
    return start, start + dt.timedelta(days=1)


def in_night_off_work(member: Member, start: dt.datetime, minutes: int) -> bool:
    """Oracle: some minute of the slot is 22:00-07:00 on the member's wall clock and outside their work."""
    zone = timezone(member.timezone)
    work = working_intervals(member, (start - dt.timedelta(days=3)).date(), (start + dt.timedelta(days=3)).date())
    for m in range(minutes):
        instant = start + dt.timedelta(minutes=m)
        hour = instant.astimezone(zone).hour
        if (hour >= 22 or hour < 7) and not work.contains(instant):
            return True
    return False


class TestCandidateSlots:
    """Ranked slots for required and optional participants."""

    @pytest.mark.parametrize(
        ("date", "painless"),
        [
            ((2026, 3, 4), 11),  # an ordinary Wednesday: 3 shared hours, 30-minute slots every 15 minutes
            ((2026, 3, 18), 15),  # US on summer time, EU not yet: 4 shared hours
        ],
    )
    def test_new_york_london_overlap(self, date: tuple[int, int, int], painless: int) -> None:
        """The painless slots are exactly the shared working hours of the reference table."""
        slots = candidate_slots([Participant(NY), Participant(LDN)], *day(*date), HALF_HOUR)
        zero = [s for s in slots if s.score == 0]
        assert len(zero) == painless
        assert [s.start for s in zero] == sorted(s.start for s in zero)
        assert zero[0].local("America/New_York").hour == 9

    def test_ranked_by_score_then_worst_then_start(self) -> None:
        """Scores never decrease; within equal scores the worst single pain, then the start, never decrease."""
        slots = candidate_slots([Participant(NY), Participant(LDN)], *day(2026, 3, 4), HALF_HOUR)
        keys = [(s.score, s.worst, s.start) for s in slots]
        assert keys == sorted(keys)

    def test_required_night_removes_slots(self) -> None:
        """With Sydney required only 20:00-22:00Z is left: after Sydney's 07:00 and before London's 22:00."""
        people = [Participant(NY), Participant(LDN), Participant(SYD)]
        slots = candidate_slots(people, *day(2026, 3, 4), HALF_HOUR)
        assert sorted(s.start.strftime("%H:%M") for s in slots) == [
            "20:00", "20:15", "20:30", "20:45", "21:00", "21:15", "21:30"
        ]  # fmt: skip
        assert (
            candidate_slots([*people, Participant(person("tyo", "Asia/Tokyo", "JP"))], *day(2026, 3, 4), HALF_HOUR)
            == ()
        )

    def test_optional_only_lowers_the_rank(self) -> None:
        """An optional Sydney keeps every slot of New York + London and is reported where it is night for them."""
        base = candidate_slots([Participant(NY), Participant(LDN)], *day(2026, 3, 4), HALF_HOUR)
        with_syd = candidate_slots(
            [Participant(NY), Participant(LDN), Participant(SYD, required=False)], *day(2026, 3, 4), HALF_HOUR
        )
        assert {s.start for s in base} == {s.start for s in with_syd}
        assert all(s.score >= b.score for s in with_syd for b in base if b.start == s.start)
        assert any("syd" in s.blocked_optional for s in with_syd)

    def test_opt_in_allows_the_night(self) -> None:
        """Sydney opting in makes slots possible again, with their night pain counted."""
        people = [Participant(NY), Participant(LDN), Participant(SYD, night_ok=True)]
        slots = candidate_slots(people, *day(2026, 3, 4), HALF_HOUR, limit=3)
        assert len(slots) == 3
        assert slots[0].score > 0

    def test_no_participants_and_short_window(self) -> None:
        """No participants: every slot scores 0 in time order; a window shorter than the meeting: no slot."""
        start, _ = day(2026, 3, 4)
        slots = candidate_slots([], start, start + dt.timedelta(hours=1), HALF_HOUR)
        assert [s.start.minute for s in slots] == [0, 15, 30]
        assert candidate_slots([], start, start + dt.timedelta(minutes=20), HALF_HOUR) == ()

    @settings(max_examples=15)
    @given(
        people=st.lists(
            tst.members(hours=tst.weekly_hours(max_shifts=5)), min_size=1, max_size=3, unique_by=lambda m: m.id
        ),
        required=st.lists(st.booleans(), min_size=3, max_size=3),
        date=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 30)),
    )
    def test_never_inside_a_required_hard_limit(
        self, people: list[Member], required: list[bool], date: dt.date
    ) -> None:
        """Every returned slot is outside each required participant's night (wall-clock oracle)."""
        participants = [Participant(m, required=r) for m, r in zip(people, required, strict=False)]
        start = dt.datetime.combine(date, dt.time(0), UTC)
        slots = candidate_slots(participants, start, start + dt.timedelta(days=1), HALF_HOUR, step=HALF_HOUR)
        for slot in slots:
            for p in participants:
                if p.required:
                    assert not in_night_off_work(p.member, slot.start, 30)
        for slot in slots[:3]:
            for p, (mid, pain) in zip(participants, slot.pain, strict=True):
                assert mid == p.id
                assert pain == slot_pain(p, slot.start, HALF_HOUR)[0]

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"start": dt.datetime(2026, 3, 4)}, NaiveDatetime, "start"),  # naive start
            ({"end": dt.datetime(2026, 3, 3, tzinfo=UTC)}, InvalidInterval, "end"),  # end before start
            ({"duration": dt.timedelta(0)}, OutOfRange, "duration"),  # empty meeting
            ({"duration": dt.timedelta(seconds=90)}, OutOfRange, "duration"),  # not whole minutes
            ({"step": 15}, WrongType, "step"),  # step as a number
            ({"optional_weight": 2}, OutOfRange, "optional_weight"),  # above 1
            ({"participants": [Participant(NY), Participant(NY)]}, DuplicateId, "participants"),  # twice
            ({"participants": [NY]}, WrongType, "participants"),  # a Member, not a Participant
            ({"limit": -1}, OutOfRange, "limit"),  # negative limit
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Each bad argument is refused with an error naming it."""
        start, end = day(2026, 3, 4)
        args: dict[str, object] = {
            "participants": [Participant(NY)],
            "start": start,
            "end": end,
            "duration": HALF_HOUR,
        }
        args.update(kwargs)
        with pytest.raises(error, match=match):
            candidate_slots(**args)  # type: ignore[arg-type]


class TestOneOnOnes:
    """Fixed weekly 1:1s inside both working hours."""

    def test_stable_across_both_dst_changes(self) -> None:
        """London lead, New York member: Monday 14:00 London stays inside both days through March."""
        [one] = one_on_ones(LDN, [NY], first=dt.date(2026, 3, 2), weeks=6)
        assert (one.weekday, one.time, one.stable) == (Weekday.MON, dt.time(14), True)
        assert [s.astimezone(timezone("Europe/London")).hour for s in one.starts] == [14] * 6
        assert [s.astimezone(timezone("America/New_York")).hour for s in one.starts] == [9, 10, 10, 10, 9, 9]

    def test_reports_drift(self) -> None:
        """A member who works only 09:00-10:00 New York: the slot drifts out while the US alone is on summer time."""
        early = person("early", "America/New_York", "US", {"mon-fri": ["09:00-10:00"]})
        [one] = one_on_ones(LDN, [early], first=dt.date(2026, 3, 2), weeks=8)
        assert one.time == dt.time(14)  # 13:30 London would miss the 5 weeks when both or neither are on summer time
        assert one.outside == (dt.date(2026, 3, 9), dt.date(2026, 3, 16), dt.date(2026, 3, 23))
        assert not one.stable

    def test_members_get_distinct_slots(self) -> None:
        """The lead never has two 1:1s at the same time; the lead is skipped when listed."""
        team = [person(f"m{i}", "Europe/Berlin", "DE") for i in range(4)]
        ones = one_on_ones(LDN, [LDN, *team], first=dt.date(2026, 5, 4), weeks=4)
        assert [o.member for o in ones] == ["m0", "m1", "m2", "m3"]
        slots = {(o.weekday, o.time) for o in ones}
        assert len(slots) == 4

    def test_lead_without_hours(self) -> None:
        """A lead with no working hours gets no slot, reported as such."""
        idle = person("idle", "Europe/London", "GB", {})
        [one] = one_on_ones(idle, [NY], first=dt.date(2026, 3, 2))
        assert one.time is None
        assert not one.stable

    @settings(max_examples=15)
    @given(
        lead=tst.members(ids=st.just("lead"), hours=tst.weekly_hours(max_shifts=5)),
        others=st.lists(
            tst.members(ids=st.sampled_from(["a", "b", "c"]), hours=tst.weekly_hours(max_shifts=5)),
            max_size=3,
            unique_by=lambda m: m.id,
        ),
    )
    def test_slots_inside_both_hours_unless_reported(self, lead: Member, others: list[Member]) -> None:
        """Every week not listed as outside has its 1:1 inside both people's working intervals."""
        ones = one_on_ones(lead, others, first=dt.date(2026, 3, 2), weeks=8)
        lo, hi = dt.date(2026, 2, 20), dt.date(2026, 5, 10)
        lead_work = working_intervals(lead, lo, hi)
        for one, member in zip(ones, others, strict=True):
            if one.time is None:
                continue
            work = working_intervals(member, lo, hi)
            local_dates = [s.astimezone(timezone(lead.timezone)).date() for s in one.starts]
            for start, local_date in zip(one.starts, local_dates, strict=True):
                end = start + one.duration - dt.timedelta(seconds=1)
                inside = all(w.contains(start) and w.contains(end) for w in (lead_work, work))
                assert inside == (local_date not in one.outside)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"weeks": 0}, OutOfRange, "weeks"),  # no weeks
            ({"first": dt.datetime(2026, 3, 2, tzinfo=UTC)}, WrongType, "first"),  # a datetime
            ({"duration": dt.timedelta(0)}, OutOfRange, "duration"),  # empty
            ({"members": "ny"}, WrongType, "members"),  # a string
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Bad arguments are refused with an error naming them."""
        args: dict[str, object] = {"lead": LDN, "members": [NY], "first": dt.date(2026, 3, 2)}
        args.update(kwargs)
        with pytest.raises(error, match=match):
            one_on_ones(**args)  # type: ignore[arg-type]
