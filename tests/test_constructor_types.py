"""Public constructors given the wrong types raise a named TeamcoreError, never a TypeError or ValueError from inside.

The same seeds and JSON-to-keyword conversion as the fuzz targets of ``fuzz/targets_constructors.py``; here every
field of every seed is replaced by each hostile value of :data:`fuzz._core.VALUES` in turn, and hypothesis adds any
JSON value in any field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz._core import VALUES
from fuzz.targets_constructors import SEEDS, constructor
from teamcore.exceptions import InvalidValue, OutOfRange, TeamcoreError, WrongType
from teamcore.feedback import FeedbackItem, FeedbackRequest
from teamcore.kpi import KpiTarget, SlaPolicy, SlaTarget
from teamcore.people import TimeOff

CLASSES = list(SEEDS)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _call(cls: type[Any], raw: dict[str, Any], tmp: Path) -> object:
    path = tmp / "kwargs.json"
    path.write_text(json.dumps(raw))
    return constructor(cls)(path)


def _ends_well(cls: type[Any], raw: dict[str, Any], tmp: Path) -> None:
    with contextlib.suppress(TeamcoreError):
        _call(cls, raw, tmp)


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
class TestEveryField:
    def test_each_hostile_value_in_each_top_level_field(self, cls: type[Any], tmp_path: Path) -> None:
        """Each value of VALUES in each keyword gives the object or a TeamcoreError."""
        seed = json.loads(SEEDS[cls][0])
        for key in seed:
            for value in VALUES:
                _ends_well(cls, {**seed, key: value}, tmp_path)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data(), value=JSON)
    def test_any_json_value_in_any_field(
        self, cls: type[Any], data: st.DataObject, value: object, tmp_path: Path
    ) -> None:
        """Any JSON value in any keyword gives the object or a TeamcoreError."""
        seed = json.loads(SEEDS[cls][0])
        key = data.draw(st.sampled_from(sorted(seed)))
        _ends_well(cls, {**seed, key: value}, tmp_path)


GIVEN = dt.datetime(2026, 9, 8, 9, tzinfo=dt.UTC)
END_OF_TIME = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=14)))


class TestPinned:
    """The defects the fuzzing found, one case each."""

    @pytest.mark.parametrize("reason", [["Summer"], 2**70, None, {"x": 1}])
    def test_time_off_reason_not_text(self, reason: object) -> None:
        """TimeOff.reason that is no string: WrongType (was attrs' TypeError)."""
        with pytest.raises(WrongType, match=r"^reason: expected a string"):
            TimeOff(dt.date(2026, 7, 6), dt.date(2026, 7, 31), reason)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"pause": 5}, WrongType, "^pause: expected a collection"),  # was TypeError: not iterable
            ({"pause": [["pending"]]}, WrongType, r"^pause\[0\]: expected a status string"),  # was unhashable list
            ({"targets": None}, WrongType, "^targets: expected a list of SlaTarget"),  # was TypeError: not iterable
            ({"name": ["x"]}, WrongType, "^name: expected a string"),  # was accepted
            ({"name": ""}, InvalidValue, "^name: expected a non-empty string"),  # was accepted
            ({"business_hours": "yes"}, WrongType, "^business_hours: expected true or false"),  # was accepted
        ],
    )
    def test_sla_policy(self, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
        """SlaPolicy refuses wrong types with a named error."""
        base: dict[str, Any] = {"name": "p", "targets": []}
        with pytest.raises(error, match=match):
            SlaPolicy(**{**base, **kwargs})

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"goal": "abc"}, WrongType, "^goal: expected a number"),  # was float()'s ValueError
            ({"goal": None}, WrongType, "^goal: expected a number"),  # was float()'s TypeError
            ({"goal": float("nan")}, InvalidValue, "^goal: expected a finite number"),  # was accepted
            ({"goal": 2**70}, OutOfRange, "^goal: .*64-bit"),  # was rounded silently
            ({"metric": ["csat"]}, WrongType, "^metric: expected a string"),  # was accepted
            ({"member": {"id": "x"}}, WrongType, "^member: expected a string identifier"),  # was accepted
            ({"team": 5}, WrongType, "^team: expected a string identifier"),  # was accepted
        ],
    )
    def test_kpi_target(self, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
        """KpiTarget refuses wrong types with a named error."""
        base: dict[str, Any] = {"metric": "csat", "goal": 0.9, "direction": "at_least"}
        with pytest.raises(error, match=match):
            KpiTarget(**{**base, **kwargs})

    def test_sla_target_within_not_a_duration(self) -> None:
        """SlaTarget.within that is a number of seconds: WrongType naming within."""
        with pytest.raises(WrongType, match=r"^within: expected a timedelta"):
            SlaTarget(metric="first_reply", priority="urgent", within=3600)  # type: ignore[arg-type]

    def test_feedback_item_beyond_year_9999_in_utc(self) -> None:
        """given_at 9999-12-31T23:59:59-12:00 is OutOfRange naming given_at (was OverflowError from astimezone)."""
        with pytest.raises(OutOfRange, match=r"^given_at: expected an instant between years 1 and 9999"):
            FeedbackItem(
                id="f1", kind="praise", observed_on=dt.date(9999, 12, 31), given_at=END_OF_TIME, giver="a", receiver="b"
            )

    def test_feedback_item_on_the_last_day(self) -> None:
        """An observation on 9999-12-31, given that day at UTC+14: made (was OverflowError adding a day)."""
        item = FeedbackItem(
            id="f1", kind="praise", observed_on=dt.date(9999, 12, 31), given_at=LATEST, giver="a", receiver="b"
        )
        assert item.given_at.tzinfo is dt.UTC

    def test_feedback_request_beyond_year_9999_in_utc(self) -> None:
        """requested_at 9999-12-31T23:59:59-12:00 is OutOfRange (was OverflowError from astimezone)."""
        with pytest.raises(OutOfRange, match=r"^requested_at: expected an instant between years 1 and 9999"):
            FeedbackRequest(id="r1", requester="a", requested_at=END_OF_TIME)
