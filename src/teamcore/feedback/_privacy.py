"""Privacy: upward and peer feedback only in k-anonymous releases per closed quarter, views by role, redacted exports.

The model (the feedback guide states it in full): upward and peer feedback to a *receiver* is released only as an
aggregate per **closed quarter** (UTC) and only when at least ``threshold`` (k) distinct people gave it in that
quarter. Below k nothing about it is shown, not even the count: the reason says only what the rule is. A release
stands until at least k *more* people answered (the differencing guard), so two releases never differ by fewer than
k people. Nothing else reads upward or peer feedback: compliance, reminders and views ignore it.

* :func:`aggregate_feedback` is one release (or withheld), :func:`released_aggregates` every release of a log.
* :func:`view_for` is what one person may read: what they gave; what was shared with them; public praise; and, for
  a lead, the items about members of the teams they lead. Individual upward and peer items are visible only to whoever
  gave them. Nobody sees another team's private items.
* :func:`redact` makes an export: free text and names replaced (names by keyed pseudonyms), individual upward and
  peer feedback dropped, and only the releases kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections import Counter, defaultdict
from typing import Final

import attrs

from teamcore._display import short_repr
from teamcore._time import as_utc
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.feedback._compliance import quarter_of
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

__all__ = [
    "ANONYMOUS",
    "REDACTED",
    "Aggregate",
    "RedactedLog",
    "aggregate_feedback",
    "redact",
    "released_aggregates",
    "view_for",
]

REDACTED: Final = "[redacted]"
"""What free text becomes in a redacted export."""

ANONYMOUS: Final = "anonymous"
"""The giver of an anonymous item in a redacted export (only with ``names=False``: :func:`redact` drops individual
upward and peer items, the only ones that can be anonymous)."""

_QUARTER: Final = re.compile(r"(\d{4})-Q([1-4])")
_AGGREGATED_REVIEWS: Final = frozenset({ReviewKind.UPWARD, ReviewKind.PEER})


def _kind(value: object) -> FeedbackKind:
    kind = FeedbackKind(value) if isinstance(value, str) and value in set(FeedbackKind) else value
    if not isinstance(kind, FeedbackKind) or not kind.aggregated:
        raise InvalidValue("kind", value, "'upward' or 'peer'")
    return kind


@attrs.frozen(kw_only=True)
class Aggregate:
    """Upward or peer feedback to one person in one closed quarter, released in aggregate, or withheld.

    Attributes
    ----------
    receiver
        Who the feedback is about.
    kind
        ``upward`` or ``peer``.
    period
        The quarter, ``"2026-Q3"`` (UTC dates of ``given_at``).
    withheld
        Whether nothing is released (the quarter has not ended, or fewer than the threshold answered).
    reason
        Why it is withheld (empty when released); it never depends on how many answered.
    respondents
        Distinct people who answered (``None`` when withheld).
    items
        Items counted (``None`` when withheld).
    topics
        ``(topic, items raising it)``, most frequent first (empty when withheld).
    """

    receiver: str
    kind: FeedbackKind = attrs.field(converter=_kind)
    period: str
    withheld: bool
    reason: str = ""
    respondents: int | None = None
    items: int | None = None
    topics: tuple[tuple[str, int], ...] = ()


def _threshold(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise InvalidValue("threshold", value, "an integer of at least 2")
    return value


def _bounds(label: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants ``[start, end)`` of a quarter label."""
    found = _QUARTER.fullmatch(label) if isinstance(label, str) else None
    # Year 1 has no quarter before it and 9999 no instant after its last one: both are out of range.
    if found is None or not 1 < int(found[1]) < dt.MAXYEAR:
        raise InvalidValue("quarter", label, "a quarter label like '2026-Q3', in the years 2 to 9998")
    year, index = int(found[1]), int(found[2])
    first = dt.date(year, 3 * index - 2, 1)
    last = quarter_of(first)[2]
    start = dt.datetime.combine(first, dt.time(0), dt.UTC)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), dt.UTC)


def _last_closed(now: dt.datetime) -> str:
    first = quarter_of(now.date())[1]
    if first.year < 3:
        raise InvalidValue("now", now.isoformat(), "an instant after the year 2")
    return quarter_of(first - dt.timedelta(days=1))[0]


def aggregate_feedback(
    log: FeedbackLog,
    receiver: str,
    kind: FeedbackKind | str = FeedbackKind.UPWARD,
    *,
    now: dt.datetime,
    quarter: str | None = None,
    threshold: int = 3,
    previous: Aggregate | None = None,
) -> Aggregate:
    """The release of `kind` feedback to `receiver` for one closed quarter, or why it is withheld.

    Parameters
    ----------
    log
        The log.
    receiver
        The member the feedback is about.
    kind
        ``"upward"`` or ``"peer"``.
    now
        The instant asked about (aware): only a quarter that ended by then is released.
    quarter
        ``"2026-Q3"``, by the UTC date of ``given_at``; default the last quarter that ended before `now`.
    threshold
        The fewest distinct givers in the quarter for which anything is shown (k, at least 2).
    previous
        The last release of this receiver, kind and quarter, if one was published. It stands (is returned
        unchanged) until at least `threshold` more people answered, so no two releases differ by fewer than k
        people (the differencing guard).

    Returns
    -------
    Aggregate
        Withheld, with a reason that depends only on the rule and `now`, when the quarter has not ended or fewer
        than `threshold` people gave such feedback in it.

    Raises
    ------
    InvalidValue
        For a `kind` that is not aggregated, a `threshold` below 2, a malformed `quarter`, or a `previous` release
        of another receiver, kind or quarter.
    NaiveDatetime
        For a naive `now`.

    Examples
    --------
    >>> at = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    >>> items = [FeedbackItem(id=f"u{i}", kind="upward", observed_on=at.date(), given_at=at, giver=g,
    ...                       receiver="lena", topics=["clarity"]) for i, g in enumerate(["ola", "mia", "raj"])]
    >>> log = FeedbackLog(feedback=items)
    >>> aggregate_feedback(log, "lena", now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC), quarter="2026-Q4").reason
    'withheld: 2026-Q4 has not ended; upward feedback is released per closed quarter'
    >>> found = aggregate_feedback(log, "lena", now=dt.datetime(2027, 1, 4, tzinfo=dt.UTC))
    >>> found.period, found.respondents, found.topics
    ('2026-Q4', 3, (('clarity', 3),))
    """
    kind = _kind(kind)
    threshold = _threshold(threshold)
    now = as_utc(now, "now")
    period = _last_closed(now) if quarter is None else quarter
    start, end = _bounds(period)
    if previous is not None:
        if not isinstance(previous, Aggregate):
            raise WrongType("previous", previous, "an Aggregate or None")
        if (previous.receiver, previous.kind, previous.period) != (receiver, kind, period):
            expected = f"a release of {kind.value} feedback to {receiver} for {period}"
            raise InvalidValue("previous", (previous.receiver, previous.kind.value, previous.period), expected)
    if now < end:
        reason = f"withheld: {period} has not ended; {kind.value} feedback is released per closed quarter"
        return Aggregate(receiver=receiver, kind=kind, period=period, withheld=True, reason=reason)
    chosen = [item for item in log.received_by(receiver) if item.kind is kind and start <= item.given_at < end]
    givers = {item.giver for item in chosen}
    if previous is not None and not previous.withheld:
        # The differencing guard: a published release changes only once at least k more people answered.
        assert previous.respondents is not None
        if len(givers) - previous.respondents < threshold:
            return previous
    if len(givers) < threshold:
        reason = (
            f"withheld: {kind.value} feedback to {receiver} for {period} is shown only once at least {threshold} "
            "people gave it"
        )
        return Aggregate(receiver=receiver, kind=kind, period=period, withheld=True, reason=reason)
    counts = Counter(topic for item in chosen for topic in item.topics)
    return Aggregate(
        receiver=receiver,
        kind=kind,
        period=period,
        withheld=False,
        respondents=len(givers),
        items=len(chosen),
        topics=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def released_aggregates(log: FeedbackLog, *, now: dt.datetime, threshold: int = 3) -> tuple[Aggregate, ...]:
    """Every release of `log` as of `now`: per receiver, kind and closed quarter with at least `threshold` givers.

    Withheld groups are left out entirely, so the answer says nothing about them. Sorted by receiver, kind and
    quarter.

    Parameters
    ----------
    log
        The log.
    now
        The instant asked about (aware).
    threshold
        k, at least 2.

    Returns
    -------
    tuple of Aggregate

    Examples
    --------
    >>> released_aggregates(FeedbackLog(), now=dt.datetime(2027, 1, 4, tzinfo=dt.UTC))
    ()
    """
    threshold = _threshold(threshold)
    now = as_utc(now, "now")
    groups: defaultdict[tuple[str, FeedbackKind, str], set[str]] = defaultdict(set)
    for item in log.feedback:
        period, _, last = quarter_of(item.given_at.date())
        if item.kind.aggregated and last < now.date():  # only quarters that ended by now (UTC) are released
            groups[item.receiver, item.kind, period].add(item.giver)
    found = (
        aggregate_feedback(log, receiver, kind, now=now, quarter=period, threshold=threshold)
        for (receiver, kind, period), givers in sorted(groups.items())
        if len(givers) >= threshold
    )
    return tuple(each for each in found if not each.withheld)


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
        teams they lead (private ones too). Individual upward and peer items and reviews only to their giver or
        reviewer. Requests, 1:1s, talking points, self and manager reviews and plans of the viewer and, for a lead,
        of their teams' members.

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
        if item.reviewer == viewer:
            return True
        if item.kind in {ReviewKind.PEER, ReviewKind.UPWARD}:
            return False  # individual: only its reviewer; a lead reads them only as a release of k or more
        return item.member in led or item.member == viewer

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


@attrs.frozen(kw_only=True)
class RedactedLog:
    """What :func:`redact` gives: a log without individual upward or peer feedback, and the releases.

    Attributes
    ----------
    log
        The log with free text and names replaced; no upward or peer feedback item or review.
    aggregates
        The releases (:func:`released_aggregates`), receivers pseudonymised like the log; empty without ``now``.
    """

    log: FeedbackLog
    aggregates: tuple[Aggregate, ...] = ()

    def __repr__(self) -> str:
        return short_repr(self)


def _key(value: object) -> bytes:
    if value is None:
        return secrets.token_bytes(32)
    if isinstance(value, str):
        value = value.encode()
    if not isinstance(value, bytes):
        raise WrongType("key", value, "bytes, a string or None")
    if len(value) < 16:
        raise InvalidValue("key", f"{len(value)} bytes", "a key of at least 16 bytes")
    return value


def redact(
    log: FeedbackLog,
    *,
    key: bytes | str | None = None,
    now: dt.datetime | None = None,
    threshold: int = 3,
    text: bool = True,
    names: bool = True,
) -> RedactedLog:
    """A copy of `log` for export: individual upward and peer feedback dropped, free text and names replaced.

    Parameters
    ----------
    log
        The log.
    key
        The secret the pseudonyms are keyed with (at least 16 bytes). Each member id becomes ``"p-"`` and the
        first 12 hex digits of HMAC-SHA256(key, id), so the same key gives the same pseudonyms across exports and
        without it they cannot be inverted by listing or sorting member ids. ``None``: a fresh random key per call,
        so pseudonyms do not link across exports.
    now
        With it, the export keeps the releases of upward and peer feedback as of `now`
        (:func:`released_aggregates`); without it, none.
    threshold
        k for those releases (at least 2).
    text
        Replace free text (feedback text, review outcomes, talking points, goals, interests, training) by
        :data:`REDACTED`.
    names
        Replace member ids by keyed pseudonyms, and record ids (which often embed names) by ``f1``, ``s1``, ``r1``,
        ... in log order of the records kept.

    Returns
    -------
    RedactedLog
        Upward and peer feedback items and upward and peer reviews are always dropped: they are individual answers,
        and an export shows them only as releases.

    Raises
    ------
    WrongType, InvalidValue
        For a `key` that is not bytes or a string, or shorter than 16 bytes; a bad `threshold`.

    Examples
    --------
    >>> at = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    >>> praise = FeedbackItem(id="f1", kind="praise", observed_on=at.date(), given_at=at, giver="lena",
    ...                       receiver="ola", text="Great call.")
    >>> upward = FeedbackItem(id="u1", kind="upward", observed_on=at.date(), given_at=at, giver="ola",
    ...                       receiver="lena", topics=["clarity"], anonymous=True)
    >>> out = redact(FeedbackLog(feedback=[praise, upward]), key=b"0123456789abcdef").log
    >>> [(i.id, i.giver, i.receiver, i.text) for i in out.feedback]
    [('f1', 'p-6a494ab18de9', 'p-21f8de722b37', '[redacted]')]
    """
    secret = _key(key) if names else b""
    releases = () if now is None else released_aggregates(log, now=now, threshold=threshold)

    def who(person: str) -> str:
        if not names:
            return person
        return "p-" + hmac.new(secret, person.encode(), hashlib.sha256).hexdigest()[:12]

    def words(value: str) -> str:
        return REDACTED if text and value else value

    def renamed(prefix: str, ids: list[str]) -> dict[str, str]:
        # Record ids often embed names ("1on1-johan.berg"), so with names they are renumbered too.
        return {old: (f"{prefix}{i}" if names else old) for i, old in enumerate(ids, start=1)}

    kept_feedback = [i for i in log.feedback if not i.kind.aggregated]
    kept_reviews = [r for r in log.reviews if r.kind not in _AGGREGATED_REVIEWS]
    feedback_ids = renamed("f", [i.id for i in kept_feedback])
    request_ids = renamed("q", [r.id for r in log.requests])
    series_ids = renamed("s", [s.id for s in log.series])
    point_ids = renamed("t", [p.id for p in log.points])
    review_ids = renamed("r", [r.id for r in kept_reviews])

    def item(each: FeedbackItem) -> FeedbackItem:
        return attrs.evolve(
            each, id=feedback_ids[each.id], giver=who(each.giver), receiver=who(each.receiver), text=words(each.text)
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

    redacted = FeedbackLog(
        feedback=[item(i) for i in kept_feedback],
        requests=[request(r) for r in log.requests],
        series=[series(s) for s in log.series],
        occurrences=[occurrence(o) for o in log.occurrences],
        points=[point(p) for p in log.points],
        reviews=[review(r) for r in kept_reviews],
        plans=[plan(p) for p in log.plans],
    )
    return RedactedLog(log=redacted, aggregates=tuple(attrs.evolve(a, receiver=who(a.receiver)) for a in releases))
