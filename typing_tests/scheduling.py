"""assert_type cases for teamcore.scheduling."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import numpy as np
import numpy.typing as npt

from teamcore.people import Member, Organisation, Weekday, WeeklyHours
from teamcore.scheduling import (
    Coverage,
    Gap,
    Handoff,
    IntervalSet,
    MeetingSlot,
    Occurrence,
    OverlapMatrix,
    Participant,
    RotationPlan,
    Series,
    candidate_slots,
    country_weekend,
    coverage,
    default_hours,
    group_overlap,
    overlap,
    overlap_matrix,
    rotate,
    working_intervals,
    working_weekdays,
)


def intervals(m: Member, start: dt.datetime, end: dt.datetime) -> None:
    """Working time and overlaps are IntervalSets."""
    got = working_intervals(m, start.date(), end.date())
    assert_type(got, IntervalSet)
    assert_type(overlap(m, m, start, end, tz="Europe/Oslo"), IntervalSet)
    assert_type(group_overlap([m], start, end), IntervalSet)
    assert_type(working_weekdays([m]), tuple[Weekday, ...])
    assert_type(country_weekend("SE"), frozenset[Weekday])
    assert_type(default_hours("SE"), WeeklyHours)
    working_intervals(m, start.date(), end.date(), disambiguate="latest")  # type: ignore[arg-type]


def coverage_results(org: Organisation, start: dt.datetime, end: dt.datetime) -> None:
    """coverage() and what a Coverage answers."""
    cov = coverage(org, start, end, skill="billing", required=2)
    assert_type(cov, Coverage)
    assert_type(cov.counts, npt.NDArray[np.int64])
    assert_type(cov.gaps(), tuple[Gap, ...])
    assert_type(cov.handoffs(), tuple[Handoff, ...])
    assert_type(cov.members_at(start), tuple[str, ...])
    assert_type(cov.weekly_profile("UTC", how="max"), npt.NDArray[np.float64])
    assert_type(overlap_matrix(org, start, end), OverlapMatrix)
    cov.weekly_profile("UTC", how="median")  # type: ignore[arg-type]


def meetings(people: list[Participant], series: Series, start: dt.datetime) -> None:
    """Meeting slots and rotation plans."""
    slots = candidate_slots(people, start, start + dt.timedelta(days=5), dt.timedelta(hours=1), limit=3)
    assert_type(slots, tuple[MeetingSlot, ...])
    assert_type(slots[0].score, float)
    assert_type(slots[0].pain, tuple[tuple[str, float], ...])
    plan = rotate(series, people)
    assert_type(plan, RotationPlan)
    assert_type(plan.occurrences, tuple[Occurrence, ...])
    assert_type(plan.occurrences[0].start, dt.datetime | None)
    assert_type(plan.fixed_worst, float | None)
