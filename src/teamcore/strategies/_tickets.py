"""Hypothesis strategies for ticket logs, re-exported by :mod:`teamcore.strategies`."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from teamcore.kpi import TicketLog, simulate_tickets
from teamcore.people import Organisation
from teamcore.strategies._people import organisations

__all__ = ["tickets"]


@st.composite
def tickets(
    draw: st.DrawFn,
    org: Organisation | st.SearchStrategy[Organisation] | None = None,
    *,
    max_days: int = 14,
    max_per_day: int = 30,
) -> TicketLog:
    """A realistic ticket log (tickets and events in the canonical schema) for an organisation.

    The log comes from the seeded simulator with a drawn seed, window and volume, so it always obeys the state
    table and the loaders accept every row. Without `org`, an organisation is drawn from
    :func:`teamcore.strategies.organisations`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from teamcore.kpi import load_events, load_tickets
    >>> @settings(max_examples=5, deadline=None)
    ... @given(tickets())
    ... def test_logs_load_whole(log):
    ...     loaded = load_tickets(log.tickets)
    ...     assert loaded.ok and load_events(log.events, loaded.frame).ok
    >>> test_logs_load_whole()
    """
    if org is None:
        org = organisations()
    chosen = draw(org) if isinstance(org, st.SearchStrategy) else org
    start = draw(st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1)))  # noqa: DTZ001
    days = draw(st.integers(1, max_days))
    return simulate_tickets(
        chosen,
        start=start.replace(tzinfo=dt.UTC),
        end=start.replace(tzinfo=dt.UTC) + dt.timedelta(days=days),
        tickets_per_day=draw(st.integers(0, max_per_day)),
        seed=draw(st.integers(0, 2**32 - 1)),
    )
