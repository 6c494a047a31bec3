"""Tests for fair rotation: the DST reference case, fairness against fixed slots, hard limits, regions."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._time import local_to_utc, timezone
from teamcore.exceptions import InvalidValue, OutOfRange, UnknownTimezone, WrongType
from teamcore.people import Member
from teamcore.scheduling import Participant, Series, rotate, slot_pain, working_intervals
from teamcore.scheduling._rotation import gini


def person(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None) -> Member:
    return Member(
        id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]} if hours is None else hours
    )


NY = person("ny", "America/New_York", "US")
LDN = person("ldn", "Europe/London", "GB")
SYD = person("syd", "Australia/Sydney", "AU")
SF = person("sf", "America/Los_Angeles", "US")
BER = person("ber", "Europe/Berlin", "DE")


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


class TestReferenceDST:
    """../shared/reference/timezones.md: a Thursday 09:00 New York meeting seen from London, UTC and Sydney."""

    @pytest.mark.parametrize(
        ("date", "london", "utc", "sydney"),
        [
            (dt.date(2026, 3, 5), "14:00", "14:00", "Fri 01:00"),
            (dt.date(2026, 3, 12), "13:00", "13:00", "Fri 00:00"),
            (dt.date(2026, 3, 26), "13:00", "13:00", None),
            (dt.date(2026, 4, 2), "14:00", "13:00", None),
            (dt.date(2026, 10, 29), "13:00", "13:00", None),
            (dt.date(2026, 11, 5), "14:00", "14:00", None),
        ],
    )
    def test_weekly_meeting_across_dst(self, date: dt.date, london: str, utc: str, sydney: str | None) -> None:
        """Each occurrence is placed at its concrete instant, and pain is computed for that instant."""
        series = Series(
            name="Team", frequency="weekly", first=dt.date(2026, 3, 5), count=36, times=[dt.time(9)],
            zone="America/New_York",
        )  # fmt: skip
        plan = rotate(series, [Participant(NY), Participant(LDN), Participant(SYD, night_ok=True)])
        [occurrence] = [o for o in plan.occurrences if o.date == date]
        assert occurrence.start is not None
        assert occurrence.start.astimezone(timezone("Europe/London")).strftime("%H:%M") == london
        assert occurrence.start.strftime("%H:%M") == utc
        if sydney is not None:
            assert occurrence.start.astimezone(timezone("Australia/Sydney")).strftime("%a %H:%M") == sydney
        pains = dict(occurrence.pain)
        assert pains["ny"] == 0.0
        assert pains["ldn"] == slot_pain(Participant(LDN), occurrence.start, series.duration)[0]
        assert pains["syd"] == 10.0  # after midnight in Sydney: their night, which they opted in to

    def test_sydney_without_opt_in_is_never_scheduled(self) -> None:
        """Without Sydney's opt-in, a single 09:00 New York time is in Sydney's night: every date is unscheduled."""
        series = Series(
            name="Team", frequency="weekly", first=dt.date(2026, 3, 5), count=4, times=[dt.time(9)],
            zone="America/New_York",
        )  # fmt: skip
        plan = rotate(series, [Participant(NY), Participant(SYD)])
        assert plan.unscheduled == series.dates()
        assert plan.worst == 0.0


class TestRotation:
    """The rotation shares pain and keeps its promises."""

    TEAM = (Participant(SF, night_ok=True), Participant(BER, night_ok=True), Participant(SYD, night_ok=True))

    def test_rotation_beats_every_fixed_slot(self) -> None:
        """Three zones 8-9 hours apart: rotating lowers the worst burden below the best fixed slot's."""
        series = Series(name="Team", frequency="weekly", first=dt.date(2026, 1, 7), count=6)
        plan = rotate(series, self.TEAM)
        assert plan.fixed_worst is not None
        assert plan.worst < plan.fixed_worst
        assert len({o.start.time() for o in plan.occurrences if o.start}) > 1
        assert plan.gini < 0.2
        assert [b.member for b in plan.burdens] == ["sf", "ber", "syd"]
        for burden in plan.burdens:
            assert burden.total == pytest.approx(sum(dict(o.pain)[burden.member] for o in plan.occurrences))

    def test_deterministic(self) -> None:
        """The same input gives the same plan."""
        series = Series(name="Team", frequency="weekly", first=dt.date(2026, 1, 7), count=6)
        assert rotate(series, self.TEAM) == rotate(series, self.TEAM)

    def test_regions_and_per_region(self) -> None:
        """Four Berliners and one Californian: counting each region once lowers the worst region's mean burden."""
        berlin = [Participant(person(f"b{i}", "Europe/Berlin", "DE"), night_ok=True) for i in range(4)]
        people = [*berlin, Participant(SF, night_ok=True)]
        series = Series(name="Team", frequency="weekly", first=dt.date(2026, 1, 7), count=8)
        by_person = rotate(series, people)
        by_region = rotate(series, people, per_region=True)
        assert max(r.mean for r in by_region.regions) <= max(r.mean for r in by_person.regions)
        mapped = rotate(series, people, regions={"sf": "Americas", **{f"b{i}": "EMEA" for i in range(4)}})
        assert sorted(r.region for r in mapped.regions) == ["Americas", "EMEA"]
        assert {r.region: r.members for r in mapped.regions} == {"Americas": 1, "EMEA": 4}

    def test_daily_and_monthly_dates(self) -> None:
        """A daily huddle skips weekends; a monthly all-hands keeps the nth weekday."""
        daily = Series(name="Huddle", frequency="daily", first=dt.date(2026, 3, 6), count=3)
        assert daily.dates() == (dt.date(2026, 3, 6), dt.date(2026, 3, 9), dt.date(2026, 3, 10))
        last_thursday = Series(name="All hands", frequency="monthly", first=dt.date(2026, 1, 29), count=3)
        assert last_thursday.dates() == (dt.date(2026, 1, 29), dt.date(2026, 2, 26), dt.date(2026, 3, 26))
        second_monday = Series(name="All hands", frequency="monthly", first=dt.date(2026, 1, 12), count=2)
        assert second_monday.dates() == (dt.date(2026, 1, 12), dt.date(2026, 2, 9))

    def test_candidate_times_follow_the_anchor_zone(self) -> None:
        """Candidates are wall-clock times in the anchor zone, converted per date (a DST gap moves forward)."""
        series = Series(
            name="x", frequency="daily", first=dt.date(2026, 3, 27), count=2, times=[dt.time(2, 30)],
            zone="Europe/Stockholm",
        )  # fmt: skip
        starts = [dt.datetime.fromtimestamp(int(s), UTC) for s in series.candidates()[:, 0]]
        assert starts == [
            local_to_utc(dt.date(2026, 3, 27), dt.time(2, 30), timezone("Europe/Stockholm")),
            local_to_utc(dt.date(2026, 3, 30), dt.time(2, 30), timezone("Europe/Stockholm")),
        ]

    def test_empty(self) -> None:
        """No participants or no occurrences: a valid, empty burden report."""
        series = Series(name="x", frequency="weekly", first=dt.date(2026, 1, 7), count=0)
        plan = rotate(series, self.TEAM)
        assert plan.occurrences == ()
        assert (plan.worst, plan.mean, plan.gini) == (0.0, 0.0, 0.0)
        alone = rotate(Series(name="x", frequency="weekly", first=dt.date(2026, 1, 7), count=2), [])
        assert alone.burdens == ()
        assert len(alone.occurrences) == 2


class TestRotationProperties:
    """Properties over random teams and series."""

    @settings(max_examples=12)
    @given(
        people=st.lists(
            st.tuples(tst.members(hours=tst.weekly_hours(max_shifts=5)), st.booleans(), st.booleans()),
            min_size=1,
            max_size=4,
            unique_by=lambda t: t[0].id,
        ),
        first=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)),
        count=st.integers(1, 6),
        frequency=st.sampled_from(["daily", "weekly", "monthly"]),
    )
    def test_hard_limits_and_fixed_slots(
        self, people: list[tuple[Member, bool, bool]], first: dt.date, count: int, frequency: str
    ) -> None:
        """Never inside a required participant's hard limit; worst burden at most any fixed slot's worst burden."""
        participants = [Participant(m, required=r, night_ok=n) for m, r, n in people]
        times = [dt.time(h) for h in range(0, 24, 3)]
        series = Series(name="s", frequency=frequency, first=first, count=count, times=times)  # type: ignore[arg-type]
        plan = rotate(series, participants)
        for occurrence in plan.occurrences:
            if occurrence.start is None:
                continue
            for p in participants:
                if p.required and not p.night_ok:
                    assert not in_night_off_work(p.member, occurrence.start, 30)
        # Independent check of every fixed slot with slot_pain (not the rotation's tables).
        scheduled = [o.date for o in plan.occurrences if o.start is not None]
        for time in times:
            starts = [local_to_utc(d, time, timezone("UTC")) for d in scheduled]
            results = [[slot_pain(p, s, series.duration) for s in starts] for p in participants]
            feasible = all(not blocked for p, row in zip(participants, results, strict=True) if p.required
                           for _, blocked in row)  # fmt: skip
            if feasible:
                fixed_worst = max(sum(pain for pain, _ in row) for row in results)
                assert plan.worst <= fixed_worst + 1e-6

    @settings(max_examples=30)
    @given(st.lists(st.floats(0, 100), max_size=8))
    def test_gini_bounds(self, values: list[float]) -> None:
        """The Gini coefficient lies in [0, 1) and is 0 for equal values."""
        g = gini(values)
        assert 0.0 <= g < 1.0
        assert gini([values[0]] * 3 if values else []) == 0.0


class TestBadSeries:
    """Invalid series and arguments are refused."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"frequency": "yearly"}, InvalidValue, "frequency"),  # unknown frequency
            ({"count": -1}, OutOfRange, "count"),  # negative count
            ({"times": []}, InvalidValue, "times"),  # no candidates
            ({"times": [dt.time(9), dt.time(9)]}, InvalidValue, "times"),  # duplicates
            ({"times": ["09:00"]}, WrongType, "times"),  # strings
            ({"duration": dt.timedelta(0)}, OutOfRange, "duration"),  # empty meeting
            ({"zone": "Mars/Olympus"}, UnknownTimezone, "zone"),  # unknown zone
            ({"first": "2026-01-07"}, WrongType, "first"),  # a string date
            ({"disambiguate": "nearest"}, InvalidValue, "disambiguate"),  # unknown DST rule
        ],
    )
    def test_series(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Each bad field names itself."""
        args: dict[str, object] = {"name": "s", "frequency": "weekly", "first": dt.date(2026, 1, 7), "count": 3}
        args.update(kwargs)
        with pytest.raises(error, match=match):
            Series(**args)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"passes": -1}, OutOfRange, "passes"),  # negative passes
            ({"regions": ["EMEA"]}, WrongType, "regions"),  # not a mapping
            ({"per_region": "yes"}, WrongType, "per_region"),  # not a bool
            ({"participants": [NY]}, WrongType, "participants"),  # a Member, not a Participant
        ],
    )
    def test_rotate(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Bad arguments to rotate are refused."""
        args: dict[str, object] = {
            "series": Series(name="s", frequency="weekly", first=dt.date(2026, 1, 7), count=2),
            "participants": [Participant(NY)],
        }
        args.update(kwargs)
        with pytest.raises(error, match=match):
            rotate(**args)  # type: ignore[arg-type]
