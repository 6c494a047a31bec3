"""Privacy tests added after its mutation run (docs/mutation.md): contracts and boundaries it left open."""

from __future__ import annotations

import datetime as dt

import pytest
from feedback_helpers import item

from teamcore.exceptions import InvalidValue, NaiveDatetime, ValidationError, WrongType
from teamcore.feedback import Aggregate, FeedbackLog, aggregate_feedback, redact, released_aggregates

AFTER_Q3 = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
NAIVE = dt.datetime(2026, 10, 1)
EMPTY = FeedbackLog()
Q2 = Aggregate(receiver="lena", kind="upward", period="2026-Q2", withheld=True)
QUARTER_RULE = "a quarter label like '2026-Q3', in the years 2 to 9998"


def upward(i, giver, receiver="lena", at=dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC)):
    return item(i, kind="upward", giver=giver, receiver=receiver, given_at=at, observed_on=at.date(), anonymous=True)


class TestContracts:
    """Every refusal names the field, carries the value received and says what was expected."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (lambda: aggregate_feedback(EMPTY, "lena", "praise", now=AFTER_Q3), InvalidValue, "kind", "praise",
             "'upward' or 'peer'"),  # named feedback is never aggregated
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, threshold=1), InvalidValue, "threshold", 1,
             "an integer of at least 2"),  # one person is never anonymous
            (lambda: released_aggregates(EMPTY, now=AFTER_Q3, threshold=2.5), InvalidValue, "threshold", 2.5,
             "an integer of at least 2"),  # not a whole number
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="2026-Q5"), InvalidValue, "quarter",
             "2026-Q5", QUARTER_RULE),  # four quarters
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="0001-Q4"), InvalidValue, "quarter",
             "0001-Q4", QUARTER_RULE),  # year 1 has no quarter before it
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="9999-Q1"), InvalidValue, "quarter",
             "9999-Q1", QUARTER_RULE),  # 9999 has no instant after its last
            (lambda: aggregate_feedback(EMPTY, "lena", now=dt.datetime(2, 12, 31, tzinfo=dt.UTC)), InvalidValue,
             "now", "0002-12-31T00:00:00+00:00", "an instant after the year 2"),  # the last closed quarter: year 2
            (lambda: aggregate_feedback(EMPTY, "lena", now=NAIVE), NaiveDatetime, "now", NAIVE, None),
            (lambda: released_aggregates(EMPTY, now=NAIVE), NaiveDatetime, "now", NAIVE, None),
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, previous="x"), WrongType, "previous", "x",
             "an Aggregate or None"),  # not a release
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, previous=Q2), InvalidValue, "previous",
             ("lena", "upward", "2026-Q2"), "a release of upward feedback to lena for 2026-Q3"),  # another quarter
            (lambda: aggregate_feedback(EMPTY, "kim", "upward", now=AFTER_Q3, quarter="2026-Q2", previous=Q2),
             InvalidValue, "previous", ("lena", "upward", "2026-Q2"),
             "a release of upward feedback to kim for 2026-Q2"),  # another receiver
            (lambda: redact(EMPTY, key=42), WrongType, "key", 42, "bytes, a string or None"),  # a number
            (lambda: redact(EMPTY, key=b"0123456789abcde"), InvalidValue, "key", "15 bytes",
             "a key of at least 16 bytes"),  # one byte short
        ],
    )  # fmt: skip
    def test_errors_name_field_value_and_rule(self, call, error, field, value, expected):
        """The field, the value received and (where this module words it) the rule."""
        with pytest.raises(error) as caught:
            call()
        assert isinstance(caught.value, ValidationError)
        assert (caught.value.field, caught.value.value) == (field, value)
        if expected is not None:
            assert caught.value.expected == expected
