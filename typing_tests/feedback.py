"""assert_type cases for teamcore.feedback (the status enum and transition table, under rename, are left out)."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

from teamcore.feedback import (
    Cadence,
    Compliance,
    FeedbackLog,
    FeedbackPolicy,
    MemberCompliance,
    Obligation,
    Record,
    Reminder,
    Rule,
    compliance,
    dump_feedback_policy,
    load_feedback,
    load_feedback_policy,
    quarter_of,
    week_reminders,
)
from teamcore.people import Organisation


def compliance_result(log: FeedbackLog, org: Organisation, now: dt.datetime, policy: FeedbackPolicy) -> None:
    """compliance() and the per-member views it returns."""
    result = compliance(log, org, now, policy)
    assert_type(result, Compliance)
    assert_type(compliance(log, org, now), Compliance)
    assert_type(result.members, tuple[MemberCompliance, ...])
    assert_type(result.member("ann"), MemberCompliance)
    assert_type(result.obligations(), tuple[Obligation, ...])
    assert_type(result.member("ann").one_on_one_adherence, float | None)
    assert_type(result.member("ann").next_due(Rule.QUARTERLY_REVIEW), dt.date | None)
    assert_type(week_reminders(result, org, "ann"), tuple[Reminder, ...])
    compliance(log, org, now.date())  # type: ignore[arg-type]


def policy(path: str, org: Organisation) -> None:
    """A loaded feedback policy and its typed fields."""
    pol = load_feedback_policy(path, org=org)
    assert_type(pol, FeedbackPolicy)
    assert_type(pol.rules, frozenset[Rule])
    assert_type(pol.one_on_one_cadence, Cadence)
    assert_type(pol.tracking_since, dt.date | None)
    assert_type(dump_feedback_policy(pol, format="json"), str)
    assert_type(quarter_of(dt.date(2026, 1, 1)), tuple[str, dt.date, dt.date])


def loading(path: str, org: Organisation) -> None:
    """load_feedback's result: the records, and whether every row loaded."""
    result = load_feedback(path, org=org)
    assert_type(result.items, tuple[Record, ...])
    assert_type(result.ok, bool)
    assert_type(result.rows_in, int)
    assert_type(result.source, str)
