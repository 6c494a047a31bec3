"""Privacy: upward and peer feedback only in aggregate over enough people, views by role, and redacted exports.

Three rules, each in one function:

* :func:`aggregate_feedback` shows upward and peer feedback only as counts per topic, and only when at least
  ``threshold`` distinct people gave it (default 3); below that everything is withheld and the reason says so,
  without saying how many answered. Free text and givers never appear in an aggregate.
* :func:`view_for` is what one person may read: what they gave; what was shared with them; public praise; and, for
  a lead, the items about members of the teams they lead. Individual upward and peer items are visible only to whoever
  gave them. Nobody sees another team's private items.
* :func:`redact` replaces free text and names for export.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Final

import attrs

from teamcore.exceptions import InvalidValue
from teamcore.feedback._model import (
    DevelopmentPlan,
    FeedbackItem,
    FeedbackKind,
    FeedbackLog,
    FeedbackRequest,
    Goal,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Review,
    ReviewKind,
    TalkingPoint,
    Visibility,
)
from teamcore.people import Organisation

__all__ = ["ANONYMOUS", "REDACTED", "Aggregate", "aggregate_feedback", "redact", "view_for"]

REDACTED: Final = "[redacted]"
"""What free text becomes in a redacted export."""

ANONYMOUS: Final = "anonymous"
"""The giver of an anonymous item in a redacted export."""


@attrs.frozen(kw_only=True)
class Aggregate:
    """Upward or peer feedback to one person, aggregated, or withheld.

    Attributes
    ----------
    receiver
        Who the feedback is about.
    kind
        ``upward`` or ``peer``.
    withheld
        Whether too few people answered to show anything.
    reason
        Why it is withheld (empty when shown).
    respondents
        Distinct people who answered (``None`` when withheld).
    items
        Items counted (``None`` when withheld).
    topics
        ``(topic, items raising it)``, most frequent first (empty when withheld).
    """

    receiver: str
    kind: FeedbackKind
    withheld: bool
    reason: str = ""
    respondents: int | None = None
    items: int | None = None
    topics: tuple[tuple[str, int], ...] = ()


def aggregate_feedback(
    log: FeedbackLog,
    receiver: str,
    kind: FeedbackKind | str = FeedbackKind.UPWARD,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    threshold: int = 3,
) -> Aggregate:
    """Aggregate `kind` feedback to `receiver` given in ``[start, end)``, if at least `threshold` people gave it.

    Parameters
    ----------
    log
        The log.
    receiver
        The member the feedback is about.
    kind
        ``"upward"`` or ``"peer"``.
    start, end
        Optional bounds on when it was given (aware instants).
    threshold
        The fewest distinct givers for which anything is shown (at least 2).

    Returns
    -------
    Aggregate

    Raises
    ------
    InvalidValue
        For a `kind` that is not aggregated, or a `threshold` below 2.

    Examples
    --------
    >>> at = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    >>> items = [FeedbackItem(id=f"u{i}", kind="upward", observed_on=at.date(), given_at=at, giver=g,
    ...                       receiver="lena", topics=["clarity"]) for i, g in enumerate(["ola", "mia"])]
    >>> aggregate_feedback(FeedbackLog(feedback=items), "lena").reason
    'fewer than 3 people gave upward feedback to lena; withheld to protect their anonymity'
    """
    kind = FeedbackKind(kind) if isinstance(kind, str) and kind in set(FeedbackKind) else kind
    if not isinstance(kind, FeedbackKind) or not kind.aggregated:
        raise InvalidValue("kind", kind, "'upward' or 'peer'")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise InvalidValue("threshold", threshold, "an integer of at least 2")
    chosen = [
        item
        for item in log.feedback
        if item.receiver == receiver
        and item.kind is kind
        and (start is None or item.given_at >= start)
        and (end is None or item.given_at < end)
    ]
    givers = {item.giver for item in chosen}
    if len(givers) < threshold:
        reason = (
            f"fewer than {threshold} people gave {kind.value} feedback to {receiver}; "
            "withheld to protect their anonymity"
        )
        return Aggregate(receiver=receiver, kind=kind, withheld=True, reason=reason)
    counts = Counter(topic for item in chosen for topic in item.topics)
    return Aggregate(
        receiver=receiver,
        kind=kind,
        withheld=False,
        respondents=len(givers),
        items=len(chosen),
        topics=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def view_for(log: FeedbackLog, org: Organisation, viewer: str) -> FeedbackLog:
    """The part of `log` that `viewer` may read.

    Parameters
    ----------
    log
        The whole log.
    org
        The organisation (who leads which team).
    viewer
        A member id.

    Returns
    -------
    FeedbackLog
        Feedback the viewer gave; shared with them; public praise; for a lead, items about the members of the
        teams they lead (private ones too). Individual upward and peer items only to their giver. Requests, 1:1s,
        talking points, reviews and plans of the viewer and, for a lead, of their teams' members; an upward or peer
        review is never shown to the person it reviews.

    Raises
    ------
    UnknownReference
        If `viewer` is not a member.
    """
    org.member(viewer)
    led = {m for team in org.teams if team.lead == viewer for m in team.members} - {viewer}

    def feedback(item: FeedbackItem) -> bool:
        if item.giver == viewer:
            return True
        if item.kind.aggregated:
            return False
        if item.visibility is Visibility.PUBLIC_PRAISE:
            return True
        if item.receiver == viewer:
            return item.visibility is Visibility.SHARED_WITH_RECEIVER
        return item.receiver in led

    def review(item: Review) -> bool:
        if item.reviewer == viewer or item.member in led:
            return True
        return item.member == viewer and item.kind in {ReviewKind.MANAGER, ReviewKind.SELF}

    series = [s for s in log.series if viewer in {s.lead, s.member} or s.member in led]
    ids = {s.id for s in series}
    return FeedbackLog(
        feedback=[i for i in log.feedback if feedback(i)],
        requests=[r for r in log.requests if r.requester == viewer or r.requester in led],
        series=series,
        occurrences=[o for o in log.occurrences if o.series in ids],
        points=[p for p in log.points if p.series in ids],
        reviews=[r for r in log.reviews if review(r)],
        plans=[p for p in log.plans if viewer in {p.member, p.mentor} or p.member in led],
    )


def redact(log: FeedbackLog, *, text: bool = True, names: bool = True) -> FeedbackLog:
    """A copy of `log` for export, with free text and/or names replaced.

    Parameters
    ----------
    log
        The log.
    text
        Replace free text (feedback text, review outcomes, talking points, goals, interests, training) by
        :data:`REDACTED`.
    names
        Replace member ids by pseudonyms ``p1``, ``p2``, ... (in sorted order of the ids, so the same log always
        gives the same pseudonyms), the givers of anonymous items by :data:`ANONYMOUS`, and record ids (which
        often embed names) by ``f1``, ``s1``, ``r1``, ... in log order.

    Returns
    -------
    FeedbackLog

    Examples
    --------
    >>> at = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    >>> item = FeedbackItem(id="f1", kind="praise", observed_on=at.date(), given_at=at, giver="lena",
    ...                     receiver="ola", text="Great call.")
    >>> out = redact(FeedbackLog(feedback=[item])).feedback[0]
    >>> out.giver, out.receiver, out.text
    ('p1', 'p2', '[redacted]')
    """
    people: list[str] = sorted(
        {i.giver for i in log.feedback}
        | {i.receiver for i in log.feedback}
        | {r.requester for r in log.requests}
        | {p for s in log.series for p in (s.lead, s.member)}
        | {p for r in log.reviews for p in (r.member, r.reviewer)}
        | {p for d in log.plans for p in (d.member, d.mentor) if p is not None}
    )
    alias: dict[str, str] = {person: (f"p{i}" if names else person) for i, person in enumerate(people, start=1)}

    def who(person: str) -> str:
        return alias[person]

    def words(value: str) -> str:
        return REDACTED if text and value else value

    def renamed(prefix: str, ids: list[str]) -> dict[str, str]:
        # Record ids often embed names ("1on1-johan.berg"), so with names they are renumbered too.
        return {old: (f"{prefix}{i}" if names else old) for i, old in enumerate(ids, start=1)}

    feedback_ids = renamed("f", [i.id for i in log.feedback])
    request_ids = renamed("q", [r.id for r in log.requests])
    series_ids = renamed("s", [s.id for s in log.series])
    point_ids = renamed("t", [p.id for p in log.points])
    review_ids = renamed("r", [r.id for r in log.reviews])

    def item(each: FeedbackItem) -> FeedbackItem:
        giver = ANONYMOUS if names and each.anonymous else who(each.giver)
        return attrs.evolve(
            each, id=feedback_ids[each.id], giver=giver, receiver=who(each.receiver), text=words(each.text)
        )

    def request(each: FeedbackRequest) -> FeedbackRequest:
        return attrs.evolve(each, id=request_ids[each.id], requester=who(each.requester))

    def series(each: OneOnOneSeries) -> OneOnOneSeries:
        return attrs.evolve(each, id=series_ids[each.id], lead=who(each.lead), member=who(each.member))

    def occurrence(each: OneOnOneOccurrence) -> OneOnOneOccurrence:
        return attrs.evolve(each, series=series_ids[each.series])

    def point(each: TalkingPoint) -> TalkingPoint:
        return attrs.evolve(each, id=point_ids[each.id], series=series_ids[each.series], text=words(each.text))

    def review(each: Review) -> Review:
        return attrs.evolve(
            each,
            id=review_ids[each.id],
            member=who(each.member),
            reviewer=who(each.reviewer),
            outcome=words(each.outcome),
        )

    def plan(each: DevelopmentPlan) -> DevelopmentPlan:
        return attrs.evolve(
            each,
            member=who(each.member),
            mentor=None if each.mentor is None else who(each.mentor),
            career_interests=[words(v) for v in each.career_interests],
            goals=[Goal(words(g.text), g.kpi_target) for g in each.goals],
            training=[words(v) for v in each.training],
        )

    return FeedbackLog(
        feedback=[item(i) for i in log.feedback],
        requests=[request(r) for r in log.requests],
        series=[series(s) for s in log.series],
        occurrences=[occurrence(o) for o in log.occurrences],
        points=[point(p) for p in log.points],
        reviews=[review(r) for r in log.reviews],
        plans=[plan(p) for p in log.plans],
    )
