"""Hypothesis strategies that generate valid teamcore objects, for property-testing code that uses teamcore.

teamcore's own tests use these; they are public so that you can property-test your helpdesk integration with
realistic members, teams and organisations. Requires the ``strategies`` extra (``pip install 'teamcore[strategies]'``).

Every strategy generates only values the constructors accept; teamcore's test suite checks that.

Examples
--------
>>> from hypothesis import given
>>> from teamcore import strategies as tst
>>> @given(tst.organisations())
... def test_every_team_lead_is_a_member(org):
...     assert all(team.lead in team.members for team in org.teams)
>>> test_every_team_lead_is_a_member()
"""

from teamcore._optional import require

# Checked first, so that without hypothesis the import fails with the one-line hint naming the extra.
require("hypothesis", "strategies", "teamcore.strategies")

from teamcore.strategies._feedback import feedback_items, feedback_logs  # noqa: E402 - after the extra check
from teamcore.strategies._mentoring import mentoring_graphs, mentoring_pairs  # noqa: E402 - after the extra check
from teamcore.strategies._people import (  # noqa: E402 - after the extra check
    COUNTRIES,
    TIMEZONES,
    aware_datetimes,
    countries,
    member_ids,
    members,
    organisations,
    teams,
    time_offs,
    timezone_names,
    weekly_hours,
)

__all__ = [
    "COUNTRIES",
    "TIMEZONES",
    "aware_datetimes",
    "countries",
    "feedback_items",
    "feedback_logs",
    "member_ids",
    "members",
    "mentoring_graphs",
    "mentoring_pairs",
    "organisations",
    "teams",
    "tickets",
    "time_offs",
    "timezone_names",
    "weekly_hours",
]


def __getattr__(name: str) -> object:
    """``tickets``: ticket logs (:func:`teamcore.strategies._tickets.tickets`), loaded on use as they need polars."""
    if name == "tickets":
        from teamcore.strategies._tickets import tickets  # noqa: PLC0415 - the dataframe extra is optional here

        return tickets
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
