"""Hypothesis strategies for feedback logs; public through :mod:`teamcore.strategies`."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from teamcore.feedback import (
    FeedbackItem,
    FeedbackKind,
    FeedbackLog,
    FeedbackRequest,
    OccurrenceStatus,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Review,
    Visibility,
)
from teamcore.people import Organisation

__all__ = ["feedback_items", "feedback_logs"]

_TOPICS = ("tone", "escalations", "billing", "handover", "knowledge base", "empathy", "speed")


@st.composite
def feedback_items(
    draw: st.DrawFn, org: Organisation, *, item_id: str = "f1", start: dt.date = dt.date(2026, 7, 1), days: int = 180
) -> FeedbackItem:
    """One valid feedback item between two members of `org` (which needs at least two members).

    Observed within ``days`` of `start`, given from the same day up to ten days later.
    """
    giver, receiver = draw(st.lists(st.sampled_from([m.id for m in org.members]), min_size=2, max_size=2, unique=True))
    kind = draw(st.sampled_from(FeedbackKind))
    observed = start + dt.timedelta(days=draw(st.integers(0, days)))
    given_at = dt.datetime.combine(observed, dt.time(12), dt.UTC) + dt.timedelta(hours=draw(st.integers(0, 240)))
    visibilities = (
        list(Visibility) if kind is FeedbackKind.PRAISE else [Visibility.PRIVATE, Visibility.SHARED_WITH_RECEIVER]
    )
    return FeedbackItem(
        id=item_id,
        kind=kind,
        observed_on=observed,
        given_at=given_at,
        giver=giver,
        receiver=receiver,
        topics=draw(st.lists(st.sampled_from(_TOPICS), max_size=3, unique=True)),
        visibility=draw(st.sampled_from(visibilities)),
        anonymous=draw(st.booleans()) if kind.aggregated else False,
        text=draw(st.sampled_from(["", "Well handled.", "Let us talk about the handover.", "Tack!"])),
    )


@st.composite
def feedback_logs(
    draw: st.DrawFn,
    org: Organisation,
    *,
    start: dt.date = dt.date(2026, 7, 1),
    days: int = 180,
    max_items: int = 20,
) -> FeedbackLog:
    """A valid feedback log for `org`: feedback, upward requests, 1:1 series with occurrences, and reviews.

    Parameters
    ----------
    org
        The organisation whose members appear (at least two members).
    start, days
        The period the records fall in.
    max_items
        The most feedback items.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from teamcore.people import Member, Team
    >>> org = Organisation(name="N", members=[Member(id=i, name=i, timezone="UTC", country="SE") for i in "ab"],
    ...                    teams=[Team(id="t", name="T", lead="a", members=["a", "b"])])
    >>> @settings(max_examples=5)
    ... @given(feedback_logs(org))
    ... def test(log):
    ...     assert all(item.giver != item.receiver for item in log.feedback)
    >>> test()
    """
    count = draw(st.integers(0, max_items))
    feedback = [draw(feedback_items(org, item_id=f"f{i}", start=start, days=days)) for i in range(count)]
    pairs = sorted({(m, team.lead) for team in org.teams for m in team.members if m != team.lead})
    series: list[OneOnOneSeries] = []
    occurrences: list[OneOnOneOccurrence] = []
    reviews: list[Review] = []
    for n, (member, lead) in enumerate(pairs):
        if draw(st.booleans()):
            anchor = start + dt.timedelta(days=draw(st.integers(0, 27)))
            each = OneOnOneSeries(
                id=f"s{n}", lead=lead, member=member, cadence=draw(st.sampled_from(["weekly", "biweekly", "monthly"])),
                anchor=anchor,
            )  # fmt: skip
            series.append(each)
            for slot in each.slots(start, start + dt.timedelta(days=days)):
                status = draw(st.sampled_from(OccurrenceStatus))
                held_on = slot + dt.timedelta(days=draw(st.integers(0, 3))) if status is OccurrenceStatus.HELD else None
                occurrences.append(OneOnOneOccurrence(series=each.id, scheduled=slot, status=status, held_on=held_on))
        for q in range(draw(st.integers(0, 2))):
            held = start + dt.timedelta(days=draw(st.integers(0, days)))
            reviews.append(
                Review(
                    id=f"r{n}-{q}", member=member, reviewer=lead, kind="manager", period_start=held - dt.timedelta(90),
                    period_end=held, held_on=held, topics=draw(st.lists(st.sampled_from(_TOPICS), max_size=2)),
                )
            )  # fmt: skip
    leads = sorted({team.lead for team in org.teams})
    requests = [
        FeedbackRequest(
            id=f"q{i}",
            requester=lead,
            requested_at=dt.datetime.combine(start + dt.timedelta(days=draw(st.integers(0, days))), dt.time(9), dt.UTC),
        )
        for i, lead in enumerate(leads)
        if draw(st.booleans())
    ]
    return FeedbackLog(feedback=feedback, requests=requests, series=series, occurrences=occurrences, reviews=reviews)
