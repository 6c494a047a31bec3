"""Public functions added this cycle refuse a wrong argument type with WrongType naming the argument."""

from __future__ import annotations

import pytest

from teamcore.connectors import read_import_result
from teamcore.exceptions import WrongType
from teamcore.report import lead_view, member_view, section_to_html
from teamcore.rostering import check_roster, solve, uncovered


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: read_import_result(5), "folder"),
        (lambda: section_to_html(5), "section"),
        (lambda: check_roster(5, 5), "problem"),
        (lambda: uncovered(5, 5), "problem"),
        (lambda: solve(5), "problem"),
        (lambda: lead_view(5, "lena"), "ctx"),
        (lambda: member_view(5, "ola"), "ctx"),
    ],
)
def test_wrong_type_names_the_argument(call, field):
    with pytest.raises(WrongType) as err:
        call()
    assert err.value.field == field
