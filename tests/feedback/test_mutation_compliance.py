"""Compliance engine tests added after its mutation run (docs/mutation.md): contracts and boundaries it left open."""

from __future__ import annotations

import datetime as dt

import pytest
from feedback_helpers import make_org

from teamcore.exceptions import NaiveDatetime, UnknownReference, ValidationError, WrongType
from teamcore.feedback import FeedbackLog, FeedbackPolicy, LogIndex, compliance, member_compliance

NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
NAIVE = dt.datetime(2026, 11, 25, 9)


class TestContracts:
    """Every refusal names the field, carries the value received and says what was expected."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (lambda: compliance([], make_org(), NOW), WrongType, "log", [], "a FeedbackLog"),  # a list
            (lambda: compliance(FeedbackLog(), "Acme", NOW), WrongType, "org", "Acme", "an Organisation"),  # a name
            # a naive instant, in the engine and in the per-member entry point
            (lambda: compliance(FeedbackLog(), make_org(), NAIVE), NaiveDatetime, "now", NAIVE, None),
            (
                lambda: member_compliance(
                    make_org().member("ola"), make_org(), LogIndex.build(FeedbackLog()), NAIVE, FeedbackPolicy()
                ),
                NaiveDatetime,
                "now",
                NAIVE,
                None,
            ),
            # an id that is no member
            (
                lambda: compliance(FeedbackLog(), make_org(), NOW).member("zed"),
                UnknownReference,
                "member",
                "zed",
                "the id of a member of the organisation",
            ),
        ],
    )
    def test_errors_name_field_value_and_rule(self, call, error, field, value, expected):
        """The field, the value received and (where this module words it) the rule."""
        with pytest.raises(error) as caught:
            call()
        assert isinstance(caught.value, ValidationError)
        assert (caught.value.field, caught.value.value) == (field, value)
        if expected is not None:
            assert caught.value.expected == expected
