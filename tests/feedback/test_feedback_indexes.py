"""Indexes that replaced scans in the feedback cycle: the same answers as the scans, on any log."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.feedback import FeedbackItem, FeedbackLog, aggregate_feedback
from teamcore.people import Organisation

AT = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)


class TestReceivedBy:
    def test_small_case_pinned(self) -> None:
        """Items in log order per receiver; the upward release for a lead counts only their items."""
        items = [
            FeedbackItem(id=f"u{i}", kind="upward", observed_on=AT.date(), given_at=AT, giver=g, receiver=r,
                         topics=["clarity"])
            for i, (g, r) in enumerate([("ola", "lena"), ("mia", "bo"), ("mia", "lena"), ("raj", "lena")])
        ]  # fmt: skip
        log = FeedbackLog(feedback=items)
        assert [i.id for i in log.received_by("lena")] == ["u0", "u2", "u3"]
        found = aggregate_feedback(log, "lena", now=dt.datetime(2027, 1, 4, tzinfo=dt.UTC))
        assert (found.respondents, found.items, found.topics) == (3, 3, (("clarity", 3),))
        assert aggregate_feedback(log, "bo", now=dt.datetime(2027, 1, 4, tzinfo=dt.UTC)).withheld

    @given(st.data())
    def test_same_as_scanning_the_log(self, data: st.DataObject) -> None:
        """For every receiver in the log, and someone outside it: exactly the items naming them, in log order."""
        org: Organisation = data.draw(tst.organisations(min_members=2, max_members=6))
        log: FeedbackLog = data.draw(tst.feedback_logs(org))
        for receiver in {*(i.receiver for i in log.feedback), "nobody"}:
            assert log.received_by(receiver) == tuple(i for i in log.feedback if i.receiver == receiver)
