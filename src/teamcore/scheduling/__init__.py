"""Scheduling: working intervals in UTC, follow-the-sun coverage, overlap, meetings and rotations."""

from teamcore.scheduling._calendar import (
    BusinessCalendar,
    country_weekend,
    default_hours,
    public_holidays,
    working_intervals,
)
from teamcore.scheduling._coverage import Coverage, Gap, Handoff, LocalDay, Severity, coverage
from teamcore.scheduling._intervals import IntervalSet
from teamcore.scheduling._overlap import (
    CoreHours,
    OverlapMatrix,
    core_hours,
    group_overlap,
    overlap,
    overlap_matrix,
)
from teamcore.scheduling._select import People, select_members

__all__ = [
    "BusinessCalendar",
    "CoreHours",
    "Coverage",
    "Gap",
    "Handoff",
    "IntervalSet",
    "LocalDay",
    "OverlapMatrix",
    "People",
    "Severity",
    "core_hours",
    "country_weekend",
    "coverage",
    "default_hours",
    "group_overlap",
    "overlap",
    "overlap_matrix",
    "public_holidays",
    "select_members",
    "working_intervals",
]
