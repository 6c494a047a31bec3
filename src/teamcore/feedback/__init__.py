"""Feedback cycles: feedback, 1:1s, reviews and development plans, with policies, compliance and privacy."""

from typing import TYPE_CHECKING

from teamcore._deprecated import deprecated_aliases
from teamcore._rows import LoadResult, Rejected
from teamcore.feedback._calendar import WorkingDays, working_days
from teamcore.feedback._compliance import (
    Compliance,
    ComplianceStatus,
    LogIndex,
    MemberCompliance,
    Obligation,
    Reminder,
    TeamCompliance,
    compliance,
    member_compliance,
    quarter_of,
    week_reminders,
)
from teamcore.feedback._load import (
    FIELDS,
    dump_feedback_jsonl,
    load_feedback,
    load_feedback_log,
    record_from_mapping,
    record_to_json,
)
from teamcore.feedback._model import (
    Cadence,
    DevelopmentPlan,
    FeedbackItem,
    FeedbackKind,
    FeedbackLog,
    FeedbackRequest,
    Goal,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Record,
    Review,
    ReviewKind,
    TalkingPoint,
    Visibility,
)
from teamcore.feedback._policy import CADENCE_DAYS, FeedbackPolicy, Rule
from teamcore.feedback._policy_file import (
    FEEDBACK_POLICY_FORMAT,
    dump_feedback_policy,
    load_feedback_policy,
    loads_feedback_policy,
)
from teamcore.feedback._privacy import (
    ANONYMOUS,
    REDACTED,
    Aggregate,
    RedactedLog,
    aggregate_feedback,
    redact,
    released_aggregates,
    view_for,
)
from teamcore.feedback._states import FEEDBACK_TRANSITIONS, OccurrenceStatus, PointStatus, allowed_events, transition

__all__ = [
    "ANONYMOUS",
    "CADENCE_DAYS",
    "FEEDBACK_POLICY_FORMAT",
    "FEEDBACK_TRANSITIONS",
    "FIELDS",
    "REDACTED",
    "Aggregate",
    "Cadence",
    "Compliance",
    "ComplianceStatus",
    "DevelopmentPlan",
    "FeedbackItem",
    "FeedbackKind",
    "FeedbackLog",
    "FeedbackPolicy",
    "FeedbackRequest",
    "Goal",
    "LoadResult",
    "LogIndex",
    "MemberCompliance",
    "Obligation",
    "OccurrenceStatus",
    "OneOnOneOccurrence",
    "OneOnOneSeries",
    "PointStatus",
    "Record",
    "RedactedLog",
    "Rejected",
    "Reminder",
    "Review",
    "ReviewKind",
    "Rule",
    "TalkingPoint",
    "TeamCompliance",
    "Visibility",
    "WorkingDays",
    "aggregate_feedback",
    "allowed_events",
    "compliance",
    "dump_feedback_jsonl",
    "dump_feedback_policy",
    "load_feedback",
    "load_feedback_log",
    "load_feedback_policy",
    "loads_feedback_policy",
    "member_compliance",
    "quarter_of",
    "record_from_mapping",
    "record_to_json",
    "redact",
    "released_aggregates",
    "transition",
    "view_for",
    "week_reminders",
    "working_days",
]

# The old names, for one release. Type checkers see plain aliases, so a misspelt name stays an error; at run time
# the hook serves them with a warning.
if TYPE_CHECKING:
    OneOnOne = OneOnOneOccurrence
    Status = ComplianceStatus
    TRANSITIONS = FEEDBACK_TRANSITIONS
else:
    __getattr__ = deprecated_aliases(
        __name__,
        {
            "OneOnOne": ("OneOnOneOccurrence", OneOnOneOccurrence),
            "Status": ("ComplianceStatus", ComplianceStatus),
            "TRANSITIONS": ("FEEDBACK_TRANSITIONS", FEEDBACK_TRANSITIONS),
        },
    )
