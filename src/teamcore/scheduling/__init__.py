"""Scheduling: working intervals in UTC, follow-the-sun coverage, overlap, meetings and rotations."""

from teamcore.scheduling._calendar import (
    BusinessCalendar,
    country_weekend,
    default_hours,
    public_holidays,
    working_intervals,
)
from teamcore.scheduling._intervals import IntervalSet

__all__ = [
    "BusinessCalendar",
    "IntervalSet",
    "country_weekend",
    "default_hours",
    "public_holidays",
    "working_intervals",
]
