"""Scheduling: working intervals in UTC, follow-the-sun coverage, overlap, meetings and rotations."""

from typing import TYPE_CHECKING

from teamcore._deprecated import deprecated_aliases
from teamcore.scheduling._calendar import (
    BusinessCalendar,
    country_weekend,
    default_hours,
    public_holidays,
    working_intervals,
)
from teamcore.scheduling._coverage import Coverage, Gap, Handoff, LocalDay, Severity, coverage
from teamcore.scheduling._ics import meeting_ics, one_on_ones_ics, rotation_ics
from teamcore.scheduling._intervals import IntervalSet
from teamcore.scheduling._meetings import MeetingSlot, candidate_slots
from teamcore.scheduling._one_on_one import OneOnOneSlot, one_on_ones
from teamcore.scheduling._overlap import (
    CoreHours,
    OverlapMatrix,
    core_hours,
    group_overlap,
    overlap,
    overlap_matrix,
)
from teamcore.scheduling._pain import PainWeights, Participant, slot_pain
from teamcore.scheduling._rotation import Burden, Occurrence, RegionBurden, RotationPlan, Series, rotate
from teamcore.scheduling._select import People, select_members
from teamcore.scheduling._weekday import WeekdayChoice, WeekdayOption, choose_weekday, working_weekdays

__all__ = [
    "Burden",
    "BusinessCalendar",
    "CoreHours",
    "Coverage",
    "Gap",
    "Handoff",
    "IntervalSet",
    "LocalDay",
    "MeetingSlot",
    "Occurrence",
    "OneOnOneSlot",
    "OverlapMatrix",
    "PainWeights",
    "Participant",
    "People",
    "RegionBurden",
    "RotationPlan",
    "Series",
    "Severity",
    "WeekdayChoice",
    "WeekdayOption",
    "candidate_slots",
    "choose_weekday",
    "core_hours",
    "country_weekend",
    "coverage",
    "default_hours",
    "group_overlap",
    "meeting_ics",
    "one_on_ones",
    "one_on_ones_ics",
    "overlap",
    "overlap_matrix",
    "public_holidays",
    "rotate",
    "rotation_ics",
    "select_members",
    "slot_pain",
    "working_intervals",
    "working_weekdays",
]

# The old name, for one release. Type checkers see a plain alias, so a misspelt name stays an error; at run time
# the hook serves it with a warning.
if TYPE_CHECKING:
    OneOnOne = OneOnOneSlot
else:
    __getattr__ = deprecated_aliases(__name__, {"OneOnOne": ("OneOnOneSlot", OneOnOneSlot)})
