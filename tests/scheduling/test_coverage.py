"""Tests for coverage: counts per slot, gaps and severity, handoffs, local days, weekly profile and tables."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import InvalidInterval, InvalidValue, OutOfRange, UnknownReference, WrongType
from teamcore.people import ClosedDay, Member, Organisation, Team
from teamcore.scheduling import Coverage, IntervalSet, coverage

Q = dt.timedelta(minutes=15)
H = dt.timedelta(hours=1)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def person(mid: str, zone: str, country: str, hours: dict[str, list[str]] | None = None, **kw: object) -> Member:
    return Member(
        id=mid,
        name=mid,
        timezone=zone,
        country=country,
        hours={"mon-fri": ["09:00-17:00"]} if hours is None else hours,
        **kw,
    )


NY = person("ny", "America/New_York", "US", languages=["en"], skills={"billing": 3})
LDN = person("ldn", "Europe/London", "GB", languages=["en"], skills={"billing": 1}, role="senior_agent")
SE = person("se", "Europe/Stockholm", "SE", languages=["sv", "en"])
KTM = person("ktm", "Asia/Kathmandu", "NP")


class TestCounts:
    @pytest.mark.parametrize(
        ("day", "both"),
        [
            (utc(2026, 3, 4), 3),  # an ordinary week: NY 09-12 = London 14-17
            (utc(2026, 3, 10), 4),  # 2026-03-09..03-27: the US on DST, the UK not yet
            (utc(2026, 10, 27), 4),  # 2026-10-26..10-30: the UK back on GMT, the US not yet
        ],
    )
    def test_new_york_london_overlap_slots(self, day, both):
        """Slots with both members working: 3 h on ordinary days, 4 h while DST is out of step."""
        cov = coverage([NY, LDN], day, day + dt.timedelta(days=1))
        assert int((cov.counts == 2).sum()) * Q == both * H

    def test_kathmandu_on_a_quarter_hour_grid(self):
        """+05:45 fills exactly the slots 03:15-11:15Z."""
        cov = coverage([KTM], utc(2026, 1, 5), utc(2026, 1, 6))
        assert cov.members_at(utc(2026, 1, 5, 3, 15)) == ("ktm",)
        assert cov.members_at(utc(2026, 1, 5, 3)) == ()
        assert int(cov.counts.sum()) == 32
        assert cov.counts[cov.slot_of(utc(2026, 1, 5, 11))] == 1
        assert cov.counts[cov.slot_of(utc(2026, 1, 5, 11, 15))] == 0

    def test_partial_slots_do_not_count(self):
        """On an hourly grid Kathmandu's 03:15-11:15Z covers whole slots 04-11 only."""
        cov = coverage([KTM], utc(2026, 1, 5), utc(2026, 1, 6), step=H)
        assert np.flatnonzero(cov.counts).tolist() == list(range(4, 11))

    def test_filters(self):
        """Skill, language, role and team filters choose the members counted."""
        window = (utc(2026, 3, 4), utc(2026, 3, 5))
        assert coverage([NY, LDN, SE], *window, skill="billing", min_level=2).member_ids == ("ny",)
        assert coverage([NY, LDN, SE], *window, language="sv").member_ids == ("se",)
        assert coverage([NY, LDN, SE], *window, role="senior_agent").member_ids == ("ldn",)
        team = Team(id="t", name="T", lead="se", members=["se", "ny"])
        org = Organisation(name="O", members=[NY, LDN, SE], teams=[team])
        assert coverage(org, *window, team="t").member_ids == ("ny", "se")
        assert coverage([NY, LDN, SE], *window, team=team).member_ids == ("ny", "se")

    def test_team_closed_days_apply_in_an_organisation(self):
        """A Midsummer Eve closed day empties the Swedish member's slots that day."""
        team = Team(id="sweden", name="SE", lead="se", members=["se"], closed_days=[ClosedDay(dt.date(2026, 6, 19))])
        org = Organisation(name="O", members=[SE], teams=[team])
        assert int(coverage(org, utc(2026, 6, 19), utc(2026, 6, 20)).counts.sum()) == 0
        assert int(coverage([SE], utc(2026, 6, 19), utc(2026, 6, 20)).counts.sum()) == 32

    def test_no_members(self):
        """Nobody considered: all counts zero and the whole window is one gap of severity none."""
        cov = coverage([], utc(2026, 1, 5), utc(2026, 1, 6))
        assert len(cov) == 96
        assert not cov.counts.any()
        (gap,) = cov.gaps()
        assert (gap.start, gap.end, gap.severity) == (utc(2026, 1, 5), utc(2026, 1, 6), "none")

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"end": utc(2026, 1, 5, 0, 10)}, InvalidInterval, "whole number of steps"),  # not on the grid
            ({"end": utc(2026, 1, 4)}, InvalidInterval, "end"),  # end before start
            ({"step": dt.timedelta(seconds=90)}, InvalidValue, "step"),  # not whole minutes
            ({"step": 15}, WrongType, "step"),  # a number, not a timedelta
            ({"required": 0}, OutOfRange, "required"),  # must be at least 1
            ({"min_level": 9, "skill": "billing"}, OutOfRange, "min_level"),  # levels are 1-5
            ({"role": "boss"}, InvalidValue, "role"),  # unknown role
            ({"team": "t"}, WrongType, "team"),  # a team id needs an organisation
            ({"start": dt.datetime(2026, 1, 5)}, ValueError, "aware"),  # naive
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Bad arguments raise errors naming the argument."""
        args = {"start": utc(2026, 1, 5), "end": utc(2026, 1, 6)} | kwargs
        start, end = args.pop("start"), args.pop("end")
        with pytest.raises(error, match=match):
            coverage([NY], start, end, **args)

    def test_unknown_team_id(self):
        """A team id the organisation does not have is an unknown reference."""
        with pytest.raises(UnknownReference):
            coverage(Organisation(name="O", members=[NY]), utc(2026, 1, 5), utc(2026, 1, 6), team="nope")


class TestGapsAndHandoffs:
    def test_severity_and_gaps_with_required_two(self):
        """With two required, single cover is 'short' and nobody is 'none'; a gap's severity is its worst slot."""
        cov = coverage([NY, LDN], utc(2026, 3, 4), utc(2026, 3, 5), required=2)
        severities = cov.severities()
        assert severities[cov.slot_of(utc(2026, 3, 4, 3))] == "none"
        assert severities[cov.slot_of(utc(2026, 3, 4, 10))] == "short"
        assert severities[cov.slot_of(utc(2026, 3, 4, 15))] == "ok"
        gaps = cov.gaps()
        assert [(g.start.hour, g.end.hour, g.severity) for g in gaps] == [(0, 14, "none"), (17, 0, "none")]
        assert cov.uncovered() == dt.timedelta(hours=21)

    def test_short_gap(self):
        """A run with one member where two are required, and nobody missing, is a 'short' gap."""
        a = IntervalSet.from_pairs([(utc(2026, 1, 5, 0), utc(2026, 1, 5, 4))])
        b = IntervalSet.from_pairs([(utc(2026, 1, 5, 0), utc(2026, 1, 5, 2))])
        cov = Coverage.from_intervals({"a": a, "b": b}, utc(2026, 1, 5), utc(2026, 1, 5, 4), step=H, required=2)
        (gap,) = cov.gaps()
        assert (gap.start.hour, gap.end.hour, gap.lowest, gap.severity) == (2, 4, 1, "short")
        assert gap.duration == 2 * H

    def test_follow_the_sun_handoffs(self):
        """Manila hands over to Stockholm, Stockholm to New York, with the minutes they overlap."""
        ph = person("ph", "Asia/Manila", "PH")
        cov = coverage([ph, SE, NY], utc(2026, 1, 14), utc(2026, 1, 15))
        got = [(h.at.hour, h.source, h.target, h.overlap) for h in cov.handoffs()]
        assert got == [(9, "ph", "se", H), (16, "se", "ny", 2 * H)]

    def test_handoff_at_the_same_instant_has_no_overlap(self):
        """B starting exactly when A leaves is a handoff with zero overlap; a window cut is none."""
        a = IntervalSet.from_pairs([(utc(2026, 1, 5, 0), utc(2026, 1, 5, 8))])
        b = IntervalSet.from_pairs([(utc(2026, 1, 5, 8), utc(2026, 1, 5, 16))])
        cov = Coverage.from_intervals({"a": a, "b": b}, utc(2026, 1, 5), utc(2026, 1, 5, 12))
        assert [(h.source, h.target, h.overlap) for h in cov.handoffs()] == [("a", "b", dt.timedelta(0))]

    def test_too_many_pairs_is_refused(self):
        """4,000 staggered intervals that all overlap would need 8 million pairs: refused with advice."""
        t0 = utc(2026, 1, 5)
        sets = {
            f"m{i}": IntervalSet.from_arrays([i * 10 + 1_767_571_200], [i * 10 + 1_767_571_200 + 86_400])
            for i in range(4000)
        }
        cov = Coverage.from_intervals(sets, t0, t0 + dt.timedelta(days=7))
        with pytest.raises(InvalidValue, match="narrow the window"):
            cov.handoffs()


class TestLocalViews:
    @pytest.mark.parametrize(
        ("zone", "day", "hours", "slots"),
        [
            ("Europe/Stockholm", dt.date(2026, 3, 29), 23, 92),
            ("Europe/Stockholm", dt.date(2026, 10, 25), 25, 100),
            ("Australia/Lord_Howe", dt.date(2026, 10, 4), 23.5, 94),
            ("Europe/Stockholm", dt.date(2026, 3, 30), 24, 96),
        ],
    )
    def test_local_day_lengths(self, zone, day, hours, slots):
        """Local days have 23, 23.5, 24 or 25 hours; never assume 96 slots."""
        cov = coverage([SE], utc(2026, 3, 1), utc(2026, 11, 1))
        (found,) = [d for d in cov.local_days(zone) if d.date == day]
        assert found.length == dt.timedelta(hours=hours)
        assert found.slots == slots
        assert found.complete

    def test_zero_hour_day(self):
        """Samoa skipped 2011-12-30: a local day of 0 hours and no slots."""
        cov = Coverage.from_intervals({}, utc(2011, 12, 29), utc(2012, 1, 1))
        days = {d.date: d for d in cov.local_days("Pacific/Apia")}
        assert days[dt.date(2011, 12, 30)].length == dt.timedelta(0)
        assert days[dt.date(2011, 12, 30)].slots == 0
        assert sum(d.slots for d in days.values()) == len(cov)

    def test_local_days_partition_the_window(self):
        """Every slot belongs to exactly one local day, whatever the zone."""
        cov = coverage([SE, NY], utc(2026, 3, 20), utc(2026, 4, 3))
        for zone in ("Europe/Stockholm", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"):
            days = cov.local_days(zone)
            assert sum(d.slots for d in days) == len(cov)
            assert np.array_equal(np.concatenate([d.counts for d in days]), cov.counts)

    def test_weekly_profile(self):
        """The weekday × hour matrix in New York shows the London member 04-12 local in winter."""
        cov = coverage([LDN], utc(2026, 1, 5), utc(2026, 1, 12))
        profile = cov.weekly_profile("America/New_York")
        assert profile.shape == (7, 24)
        assert profile[0, 4:12].tolist() == [1.0] * 8
        assert profile[0, 12] == 0.0
        assert profile[5].max() == 0.0
        assert cov.weekly_profile("UTC", how="min")[0, 9] == 1.0

    def test_weekly_profile_marks_empty_cells(self):
        """Cells without slots (a window shorter than a week) are NaN."""
        profile = coverage([LDN], utc(2026, 1, 5), utc(2026, 1, 6)).weekly_profile("UTC", how="max")
        assert np.isnan(profile[1]).all()
        with pytest.raises(InvalidValue, match="how"):
            coverage([LDN], utc(2026, 1, 5), utc(2026, 1, 6)).weekly_profile("UTC", how="median")  # type: ignore[arg-type]


class TestTables:
    def test_to_dicts_and_to_polars_agree(self):
        """The plain rows and the DataFrame hold the same slots."""
        cov = coverage([NY, LDN], utc(2026, 3, 4), utc(2026, 3, 5))
        rows = cov.to_dicts()
        frame = cov.to_polars()
        assert len(rows) == frame.height == 96
        assert rows[56] == {"start": utc(2026, 3, 4, 14), "end": utc(2026, 3, 4, 14, 15), "count": 2, "severity": "ok"}
        assert frame["count"].to_list() == [r["count"] for r in rows]
        assert frame["start"].dtype == pl.Datetime("us", "UTC")

    def test_gap_and_handoff_frames(self):
        """Gaps and handoffs come as DataFrames too, empty ones with their columns."""
        cov = coverage([NY, LDN], utc(2026, 3, 4), utc(2026, 3, 5))
        assert cov.to_polars("gaps").height == len(cov.gaps())
        assert cov.to_polars("handoffs")["source"].to_list() == ["ldn"]
        empty = coverage([NY], utc(2026, 3, 4), utc(2026, 3, 5)).to_polars("handoffs")
        assert empty.columns == ["at", "source", "target", "overlap"]
        with pytest.raises(InvalidValue, match="what"):
            cov.to_polars("people")  # type: ignore[arg-type]


WINDOW_START = utc(2026, 3, 23)


class TestProperties:
    @settings(max_examples=25)
    @given(st.lists(tst.members(), max_size=5, unique_by=lambda m: m.id), st.integers(1, 3))
    def test_never_negative_never_more_than_members(self, people, required):
        """Every count lies between zero and the number of members considered."""
        cov = coverage(people, WINDOW_START, WINDOW_START + dt.timedelta(days=14), required=required)
        assert cov.counts.min(initial=0) >= 0
        assert cov.counts.max(initial=0) <= len(people)
        for slot in range(0, len(cov), 97):
            assert len(cov.members_at(slot)) == cov.counts[slot]

    @settings(max_examples=25)
    @given(st.lists(tst.members(), max_size=4, unique_by=lambda m: m.id), st.integers(1, 14 * 96 - 1))
    def test_a_split_range_sums_to_the_whole(self, people, cut):
        """Coverage of [a, c) is coverage of [a, b) followed by [b, c), for any b on the grid."""
        middle, end = WINDOW_START + cut * Q, WINDOW_START + dt.timedelta(days=14)
        whole = coverage(people, WINDOW_START, end)
        left, right = coverage(people, WINDOW_START, middle), coverage(people, middle, end)
        assert np.array_equal(np.concatenate((left.counts, right.counts)), whole.counts)
        assert int(whole.counts.sum()) == int(left.counts.sum()) + int(right.counts.sum())

    @settings(max_examples=25)
    @given(st.lists(tst.members(), min_size=1, max_size=5, unique_by=lambda m: m.id))
    def test_adding_a_member_never_lowers_coverage(self, people):
        """Each slot's count with one more member is at least the count without."""
        end = WINDOW_START + dt.timedelta(days=14)
        fewer, more = coverage(people[:-1], WINDOW_START, end), coverage(people, WINDOW_START, end)
        assert np.all(more.counts >= fewer.counts)
        assert more.uncovered() <= fewer.uncovered()


# -- the engine against a plain loop --------------------------------------------------------------------------------

# Patterns whose shifts touch or overlap in UTC (the per-member path, which merges them), beside the strategy's
# patterns whose shifts are always apart (the grouped path).
TOUCHING = [
    {"mon-fri": ["22:00-06:00"], "tue-sat": ["06:00-10:00"]},
    {"mon-sun": ["00:00-12:00", "12:00-00:00"]},
]
# Windows around DST changes (US 8 Mar and 1 Nov, EU 29 Mar and 25 Oct, AU 5 Apr and 4 Oct), Easter, Christmas
# and the turn of the year, so holidays from two years' tables are read.
STARTS = [
    utc(2026, 3, 6),
    utc(2026, 3, 27, 5, 15),
    utc(2026, 4, 2),
    utc(2026, 10, 2, 23),
    utc(2026, 10, 23),
    utc(2026, 10, 30, 12, 45),
    utc(2025, 12, 22),
]


def loop_coverage(org: Organisation, start: dt.datetime, end: dt.datetime, step: dt.timedelta) -> list[int]:
    """The plain per-member, per-day loop: zoneinfo wall-clock shifts, days off skipped, merged, whole slots."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    import holidays  # noqa: PLC0415 - the oracle's own source of public holidays

    slots = (end - start) // step
    diff = [0] * (slots + 1)
    closed: dict[str, set[dt.date]] = {m.id: set() for m in org.members}
    for team in org.teams:
        for member_id in team.members:
            closed[member_id].update(day.date for day in team.closed_days)
    first, last = start.date() - dt.timedelta(days=2), end.date() + dt.timedelta(days=2)
    for m in org.members:
        zone = ZoneInfo(m.timezone)
        table = (
            holidays.country_holidays(m.country, subdiv=m.subdivision, years=range(first.year, last.year + 1))
            if m.country
            else {}
        )
        pieces: list[tuple[dt.datetime, dt.datetime]] = []
        day = first
        while day < last:
            if day not in table and day not in closed[m.id] and not any(t.start <= day <= t.end for t in m.time_off):
                for shift in m.hours.on(day.weekday()):
                    end_day = day + dt.timedelta(days=1) if shift.overnight else day
                    begin = dt.datetime.combine(day, shift.start, zone).astimezone(UTC)
                    finish = dt.datetime.combine(end_day, shift.end, zone).astimezone(UTC)
                    if finish > begin:
                        pieces.append((begin, finish))
            day += dt.timedelta(days=1)
        merged: list[list[dt.datetime]] = []
        for begin, finish in sorted(pieces):
            if merged and begin <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], finish)
            else:
                merged.append([begin, finish])
        for begin, finish in merged:
            a = max(0, -((start - begin) // step))  # first whole slot
            b = min(slots, (finish - start) // step)
            if b > a:
                diff[a] += 1
                diff[b] -= 1
    counts, running = [], 0
    for value in diff[:slots]:
        running += value
        counts.append(running)
    return counts


class TestAgainstTheLoop:
    @settings(max_examples=60)
    @given(
        tst.organisations(max_members=6),
        st.lists(st.sampled_from(TOUCHING), max_size=2),
        st.sampled_from(STARTS),
        st.integers(1, 8),
        st.sampled_from([Q, H, dt.timedelta(minutes=45)]),
    )
    def test_the_engine_equals_the_plain_loop(self, org, touching, start, days, step):
        """Counts and each member's intervals equal the per-member, per-day loop, across DST and holidays."""
        extra = [
            Member(id=f"touch{i}", name="T", timezone=tz, country=c, hours=hours)
            for i, (hours, (tz, c)) in enumerate(
                zip(touching, [("Australia/Lord_Howe", "AU"), ("America/New_York", "US")], strict=False)
            )
        ]
        org = Organisation(name=org.name, members=[*org.members, *extra], teams=org.teams)
        end = start + days * dt.timedelta(days=1)
        end -= (end - start) % step
        cov = coverage(org, start, end, step=step)
        assert cov.counts.tolist() == loop_coverage(org, start, end, step)
        slot = 0
        while slot < len(cov):
            assert len(cov.members_at(slot)) == cov.counts[slot]
            slot += 37

    def test_touching_shifts_merge_into_whole_slots(self):
        """A night shift and the morning shift that follows it cover the slot across 06:00 in Kathmandu, hourly."""
        night = person("n", "Asia/Kathmandu", "NP", {"mon": ["22:00-06:00"], "tue": ["06:00-09:00"]})
        start = utc(2026, 1, 5, 16)
        cov = coverage([night], start, start + dt.timedelta(hours=12), step=H)
        # 22:00 NPT = 16:15Z, 09:00 NPT = 03:15Z: whole hours 17Z..03Z, the 00:15Z seam inside them.
        assert cov.counts.tolist() == [0] + [1] * 10 + [0]
        assert len(cov.intervals[0]) == 1
