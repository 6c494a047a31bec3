"""Fuzz target: a loaded feedback log through every privacy-bearing output (releases, views, redaction, compliance).

Whatever a feedback file holds, once it loads, aggregating, viewing, redacting and checking compliance must either
answer or raise a :class:`~teamcore.exceptions.TeamcoreError`; and no output may carry an individual upward or
peer item's text (checked here, so a leak is a ``foreign`` verdict with a clear message).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fuzz._core import Target
from teamcore import LoadResult
from teamcore.feedback import (
    FeedbackKind,
    FeedbackLog,
    aggregate_feedback,
    compliance,
    dump_feedback_jsonl,
    load_feedback,
    redact,
    released_aggregates,
    view_for,
    week_reminders,
)
from teamcore.feedback import Record as FeedbackRecord
from teamcore.people import Member, Organisation, Team

_ORG = Organisation(
    name="Fuzz",
    members=[
        Member(id=i, name=i.title(), timezone=zone, country=country)
        for i, zone, country in (
            ("lena", "Europe/Stockholm", "SE"),
            ("ola", "Europe/Stockholm", "SE"),
            ("mia", "America/Los_Angeles", "US"),
            ("kim", "Asia/Singapore", "SG"),
        )
    ],
    teams=[Team(id="t", name="T", lead="lena", members=["lena", "ola", "mia", "kim"])],
)
_NOWS = (dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC))
_SECRET = "SECRET-UPWARD-TEXT"  # noqa: S105 - a marker text, not a password

LOG = f"""{{"record": "feedback", "id": "f1", "kind": "praise", "observed_on": "2026-09-07", "given_at": "2026-09-08T09:30+02:00", "giver": "lena", "receiver": "ola", "topics": ["tone"], "text": "Calm."}}
{{"record": "feedback", "id": "u1", "kind": "upward", "observed_on": "2026-10-12", "given_at": "2026-10-12T08:15:00Z", "giver": "ola", "receiver": "lena", "topics": ["clarity"], "visibility": "private", "anonymous": true, "text": "{_SECRET}"}}
{{"record": "feedback", "id": "u2", "kind": "upward", "observed_on": "2026-10-13", "given_at": "2026-10-13T08:15:00Z", "giver": "mia", "receiver": "lena", "topics": ["clarity", "workload"], "anonymous": true, "text": "{_SECRET}"}}
{{"record": "feedback", "id": "u3", "kind": "upward", "observed_on": "2026-10-14", "given_at": "2026-10-14T08:15:00Z", "giver": "kim", "receiver": "lena", "topics": ["workload"], "anonymous": true, "text": "{_SECRET}"}}
{{"record": "feedback", "id": "p1", "kind": "peer", "observed_on": "2026-09-14", "given_at": "2026-09-14T08:15:00Z", "giver": "mia", "receiver": "ola", "topics": ["tone"], "text": "{_SECRET}"}}
{{"record": "request", "id": "q1", "requester": "lena", "requested_at": "2026-10-01T08:00Z", "kind": "upward"}}
{{"record": "review", "id": "rv1", "member": "ola", "reviewer": "lena", "kind": "manager", "period_start": "2026-07-01", "period_end": "2026-09-30", "held_on": "2026-09-24", "topics": ["tone"]}}
""".encode()  # noqa: E501 - one record per line, as in a log file


def _check(found: object, where: str) -> None:
    if _SECRET in repr(found):
        msg = f"{where} carries the text of an individual upward or peer item"
        raise AssertionError(msg)


def privacy_outputs(path: Path) -> LoadResult[FeedbackRecord]:
    """Load `path` and run every privacy-bearing output on it; return the load result for its accounting."""
    loaded = load_feedback(path, org=_ORG)
    log = FeedbackLog.from_records(loaded.items)
    for now in _NOWS:
        for member in _ORG.members:
            for kind in (FeedbackKind.UPWARD, FeedbackKind.PEER):
                _check(aggregate_feedback(log, member.id, kind, now=now), "aggregate_feedback")
        _check(released_aggregates(log, now=now), "released_aggregates")
        export = redact(log, key=b"fuzzing key, 16 bytes+", now=now)
        _check(dump_feedback_jsonl(export.log), "redact")
        result = compliance(log, _ORG, now)
        _check(result.members, "compliance")
        _check(week_reminders(result, _ORG, "lena"), "week_reminders")
    for member in _ORG.members:
        view = view_for(log, _ORG, member.id)
        _check([i for i in view.feedback if i.kind.aggregated and i.giver != member.id], "view_for")
    return loaded


TARGETS = [Target("feedback_privacy", ".jsonl", (LOG,), privacy_outputs)]
