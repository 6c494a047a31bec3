"""Tests for the shared field checks of :mod:`teamcore._validators` that constructors and loaders both call."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from teamcore._validators import cell_date, check_bool, check_number, check_text, optional
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType


class TestCheckNumber:
    @given(st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False)))
    def test_finite_numbers_pass_as_floats(self, value: float) -> None:
        """Every finite float and 64-bit integer is returned as the float it equals."""
        assert check_number(value, "goal") == float(value)

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            (math.nan, InvalidValue, "goal: expected a finite number, got nan"),  # NaN is no goal
            (math.inf, InvalidValue, "expected a finite number"),  # nor an infinity
            (-math.inf, InvalidValue, "expected a finite number"),
            (2**63, OutOfRange, "64-bit integer range"),  # would round silently as a float
            (-(2**63) - 1, OutOfRange, "64-bit integer range"),
            (99999999999999999999999, OutOfRange, "64-bit integer range"),
            (True, WrongType, "expected a number, got True"),  # a bool is no number here
            ("0.9", WrongType, "expected a number"),  # text is not converted
            ([1], WrongType, "expected a number"),
            (None, WrongType, "expected a number"),
        ],
    )
    def test_refused(self, value: object, error: type[Exception], match: str) -> None:
        """NaN, infinities, integers beyond 64 bits and non-numbers raise a named error."""
        with pytest.raises(error, match=match):
            check_number(value, "goal")


class TestCheckBool:
    @pytest.mark.parametrize("value", [0, 1, "yes", None, []])
    def test_only_bools(self, value: object) -> None:
        """Only True and False pass; 0, 1 and text are WrongType."""
        with pytest.raises(WrongType, match="business_hours: expected true or false"):
            check_bool(value, "business_hours")


class TestCheckText:
    @given(st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.text()), st.dictionaries(st.text(), st.text())))
    @example([])
    @example({"a": 1})
    def test_non_strings_are_wrong_type(self, value: object) -> None:
        """Free text given a list, a table or a number is WrongType naming the field."""
        with pytest.raises(WrongType, match=r"^about: expected a string"):
            check_text(value, "about", allow_empty=True)

    def test_padding_and_length_options(self) -> None:
        """allow_padding keeps blanks around the text; max_length None sets no limit."""
        assert check_text(" x ", "name", allow_padding=True) == " x "
        assert check_text("x" * 5000, "name", max_length=None) == "x" * 5000
        with pytest.raises(InvalidValue, match="no leading or trailing whitespace"):
            check_text(" x ", "name")


class TestAdapters:
    def test_optional(self) -> None:
        """optional() lets None through and checks anything else."""
        with pytest.raises(WrongType, match=r"^goal:"):
            optional(check_number)("x", "goal")
        assert optional(check_number)(None, "goal") is None
        assert optional(check_number)(2, "goal") == 2.0


class TestCellDate:
    @given(st.dates(), st.sampled_from(["", " ", "\t"]))
    def test_a_date_and_its_iso_text_are_the_same_date(self, day: dt.date, blank: str) -> None:
        """A date is itself, and its ISO text with blanks around it reads back as it."""
        assert cell_date(day, "since") == day
        assert cell_date(f"{blank}{day.isoformat()}{blank}", "since") == day

    @pytest.mark.parametrize("value", [dt.datetime(2026, 12, 4, tzinfo=dt.UTC), "2026-13-01", "", 20261204, None])
    def test_anything_else_names_the_field_and_what_was_expected(self, value: object) -> None:
        """A datetime (which is a date in Python), a bad text or another type is refused as the field's value."""
        with pytest.raises(InvalidValue, match="local_date: expected a date YYYY-MM-DD"):
            cell_date(value, "local_date")
