"""The feedback log and what it holds: feedback, requests, 1:1s, talking points, reviews and development plans.

Plain validated values; the policies and the compliance engine read them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from teamcore._display import short_repr
from teamcore._time import as_utc, timezone
from teamcore._validators import attrs_validator, check_date, check_enum, check_identifier, check_text, text_tuple
from teamcore.exceptions import DuplicateId, InvalidInterval, InvalidValue, UnknownReference, WrongType
from teamcore.feedback._states import OccurrenceStatus, PointStatus, transition
from teamcore.people import MemberId
from teamcore.scheduling import OneOnOneSlot

__all__ = [
    "Cadence",
    "DevelopmentPlan",
    "FeedbackItem",
    "FeedbackKind",
    "FeedbackLog",
    "FeedbackRequest",
    "Goal",
    "OneOnOneOccurrence",
    "OneOnOneSeries",
    "Record",
    "Review",
    "ReviewKind",
    "TalkingPoint",
    "Visibility",
]


class FeedbackKind(enum.StrEnum):
    """What kind of feedback: recognition, constructive, upward (to the lead) or peer (between members)."""

    PRAISE = "praise"
    CONSTRUCTIVE = "constructive"
    UPWARD = "upward"
    PEER = "peer"

    @property
    def behavioural(self) -> bool:
        """Whether this is feedback on observed behaviour, which the three-business-day rule covers."""
        return self in {FeedbackKind.PRAISE, FeedbackKind.CONSTRUCTIVE}

    @property
    def aggregated(self) -> bool:
        """Whether it is shown only in aggregate (upward and peer feedback)."""
        return self in {FeedbackKind.UPWARD, FeedbackKind.PEER}


class Visibility(enum.StrEnum):
    """Who may read a feedback item: the giver only, also the receiver, or everyone (public praise)."""

    PRIVATE = "private"
    SHARED_WITH_RECEIVER = "shared_with_receiver"
    PUBLIC_PRAISE = "public_praise"


class Cadence(enum.StrEnum):
    """How often a 1:1 series meets."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class ReviewKind(enum.StrEnum):
    """Who reviews: the member themselves, a peer, the manager (the overall review), or the member their lead."""

    SELF = "self"
    PEER = "peer"
    MANAGER = "manager"
    UPWARD = "upward"


def _id(field: str) -> Callable[[object], MemberId]:
    def convert(value: object) -> MemberId:
        return MemberId(check_identifier(value, field))

    return convert


def _optional_id(field: str) -> Callable[[object], MemberId | None]:
    def convert(value: object) -> MemberId | None:
        return None if value is None else MemberId(check_identifier(value, field))

    return convert


def _topic(value: object, field: str) -> str:
    return check_text(value, field, max_length=64).lower()


def _topics(value: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text_tuple(_topic, "topics")(value)))


def _phrase(field: str) -> Callable[[Iterable[object] | None], tuple[str, ...]]:
    return text_tuple(lambda v, f: check_text(v, f, max_length=200), field)


def _free_text(value: object, field: str) -> str:
    return check_text(value, field, max_length=2000, allow_empty=True)


def _instant(field: str) -> Callable[[object], dt.datetime]:
    def convert(value: object) -> dt.datetime:
        return as_utc(value, field)

    return convert


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise WrongType("anonymous", value, "true or false")
    return value


def _feedback_kind(value: Any) -> FeedbackKind:
    return check_enum(FeedbackKind, "kind")(value)


def _given_at(value: Any) -> dt.datetime:
    return _instant("given_at")(value)


def _giver(value: Any) -> MemberId:
    return _id("giver")(value)


def _receiver(value: Any) -> MemberId:
    return _id("receiver")(value)


def _visibility(value: Any) -> Visibility:
    return check_enum(Visibility, "visibility")(value)


def _requester(value: Any) -> MemberId:
    return _id("requester")(value)


def _requested_at(value: Any) -> dt.datetime:
    return _instant("requested_at")(value)


def _lead(value: Any) -> MemberId:
    return _id("lead")(value)


def _member(value: Any) -> MemberId:
    return _id("member")(value)


def _cadence(value: Any) -> Cadence:
    return check_enum(Cadence, "cadence")(value)


def _occurrence_status(value: Any) -> OccurrenceStatus:
    return check_enum(OccurrenceStatus, "status")(value)


def _reviewer(value: Any) -> MemberId:
    return _id("reviewer")(value)


def _review_kind(value: Any) -> ReviewKind:
    return check_enum(ReviewKind, "kind")(value)


def _career_interests(value: Any) -> tuple[str, ...]:
    return _phrase("career_interests")(value)


def _training(value: Any) -> tuple[str, ...]:
    return _phrase("training")(value)


def _mentor(value: Any) -> MemberId | None:
    return _optional_id("mentor")(value)


_DATE = attrs_validator(check_date)
_OPTIONAL_DATE = attrs.validators.optional(_DATE)
_RECORD_ID = attrs_validator(check_identifier)


@attrs.frozen(kw_only=True)
class FeedbackItem:
    """One piece of feedback given.

    Parameters
    ----------
    id
        Unique among feedback items.
    kind
        A :class:`FeedbackKind`.
    observed_on
        The local date of the behaviour the feedback is about (the giver's date).
    given_at
        The instant the feedback was given (aware; stored in UTC).
    giver, receiver
        Member ids; they differ.
    topics
        Lower-case topics the feedback raises (``"tone"``, ``"escalations"``), each once.
    visibility
        A :class:`Visibility`; public praise is for praise only.
    anonymous
        Whether the giver asked not to be named; only upward and peer feedback can be anonymous.
    text
        Free text, at most 2000 characters.

    Raises
    ------
    InvalidValue
        For a giver who is the receiver, anonymity on a named kind, public visibility of non-praise, or an
        observation after the feedback was given.

    Examples
    --------
    >>> item = FeedbackItem(id="f1", kind="praise", observed_on=dt.date(2026, 9, 7),
    ...                     given_at=dt.datetime(2026, 9, 8, 9, tzinfo=dt.UTC), giver="lena", receiver="ola",
    ...                     topics=["Escalations"], visibility="public_praise", text="Calm with a hard customer.")
    >>> item.topics, item.kind.behavioural
    (('escalations',), True)
    >>> FeedbackItem(id="f2", kind="praise", observed_on=dt.date(2026, 9, 7),
    ...              given_at=dt.datetime(2026, 9, 8, 9, tzinfo=dt.UTC), giver="lena", receiver="ola", anonymous=True)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: anonymous: expected False unless the kind is upward or peer, got True
    """

    id: str = attrs.field(validator=_RECORD_ID)
    kind: FeedbackKind = attrs.field(converter=_feedback_kind)
    observed_on: dt.date = attrs.field(validator=_DATE)
    given_at: dt.datetime = attrs.field(converter=_given_at)
    giver: MemberId = attrs.field(converter=_giver)
    receiver: MemberId = attrs.field(converter=_receiver)
    topics: tuple[str, ...] = attrs.field(factory=tuple, converter=_topics)
    visibility: Visibility = attrs.field(default=Visibility.SHARED_WITH_RECEIVER, converter=_visibility)
    anonymous: bool = attrs.field(default=False, validator=lambda _i, _a, v: _bool(v))
    text: str = attrs.field(default="", validator=attrs_validator(_free_text))

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        if self.giver == self.receiver:
            raise InvalidValue("receiver", self.receiver, f"someone other than the giver {self.giver!r}")
        if self.anonymous and not self.kind.aggregated:
            raise InvalidValue("anonymous", self.anonymous, "False unless the kind is upward or peer")
        if self.visibility is Visibility.PUBLIC_PRAISE and self.kind is not FeedbackKind.PRAISE:
            raise InvalidValue("visibility", self.visibility.value, f"not public_praise for {self.kind.value} feedback")
        # The latest local date anywhere is UTC+14, so no observation can be later than the UTC date plus one day.
        if (self.observed_on - self.given_at.date()).days > 1:  # no date arithmetic: 9999-12-31 has no next day
            raise InvalidValue(
                "observed_on", self.observed_on.isoformat(), f"on or before the day given ({self.given_at.isoformat()})"
            )


@attrs.frozen(kw_only=True)
class FeedbackRequest:
    """A member (usually a lead) asking for feedback on themselves: upward from their team, or from peers.

    Examples
    --------
    >>> FeedbackRequest(id="r1", requester="lena", requested_at=dt.datetime(2026, 10, 1, 8, tzinfo=dt.UTC)).kind
    <FeedbackKind.UPWARD: 'upward'>
    """

    id: str = attrs.field(validator=_RECORD_ID)
    requester: MemberId = attrs.field(converter=_requester)
    requested_at: dt.datetime = attrs.field(converter=_requested_at)
    kind: FeedbackKind = attrs.field(default=FeedbackKind.UPWARD, converter=_feedback_kind)

    def __attrs_post_init__(self) -> None:
        if not self.kind.aggregated:
            raise InvalidValue("kind", self.kind.value, "'upward' or 'peer' (feedback asked for on oneself)")


def _month_days(year: int, month: int) -> int:
    """The number of days in the month."""
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.date(year, month, 1)).days


def _working_day_near(nominal: dt.date, first: dt.date, working: Callable[[dt.date], bool]) -> dt.date:
    """The monthly slot for `nominal`, as :meth:`OneOnOneSeries.slots` documents.

    The nearest working day on or before `nominal` down to `first`, else the nearest after it in its month, else
    `nominal` itself.
    """
    day = nominal
    while day >= first:
        if working(day):
            return day
        day -= dt.timedelta(days=1)
    last = nominal.replace(day=_month_days(nominal.year, nominal.month))
    day = nominal + dt.timedelta(days=1)
    while day <= last:
        if working(day):
            return day
        day += dt.timedelta(days=1)
    return nominal


@attrs.frozen(kw_only=True)
class OneOnOneSeries:
    """A recurring 1:1 between a lead and a member, at a fixed cadence from an anchor date.

    Examples
    --------
    >>> s = OneOnOneSeries(id="s-ola", lead="lena", member="ola", cadence="biweekly", anchor=dt.date(2026, 9, 1))
    >>> s.slots(dt.date(2026, 9, 1), dt.date(2026, 10, 1))
    (datetime.date(2026, 9, 1), datetime.date(2026, 9, 15), datetime.date(2026, 9, 29))
    """

    id: str = attrs.field(validator=_RECORD_ID)
    lead: MemberId = attrs.field(converter=_lead)
    member: MemberId = attrs.field(converter=_member)
    cadence: Cadence = attrs.field(converter=_cadence)
    anchor: dt.date = attrs.field(validator=_DATE)

    def __attrs_post_init__(self) -> None:
        if self.lead == self.member:
            raise InvalidValue("member", self.member, f"someone other than the lead {self.lead!r}")

    @classmethod
    def from_slot(cls, slot: OneOnOneSlot, *, id: str, cadence: Cadence | str = Cadence.WEEKLY) -> OneOnOneSeries:
        """The series that meets in a weekly 1:1 slot found by :func:`teamcore.scheduling.one_on_ones`.

        The lead and member are the slot's; the anchor is the date of the slot's first 1:1 in the lead's zone
        (:attr:`~teamcore.scheduling.OneOnOneSlot.zone`), so the series meets on the slot's weekday. The time of
        day and the duration stay with the slot: a series records dates, as the compliance engine reads them.

        Parameters
        ----------
        slot
            A slot with a weekday and a time (``one_on_ones`` gives ``None`` when the lead had no free time).
        id
            The series id.
        cadence
            ``"weekly"`` (default) or ``"biweekly"``, every second week of the slot. Not ``"monthly"``: a monthly
            series meets on a day of the month, not on the slot's weekday.

        Returns
        -------
        OneOnOneSeries

        Raises
        ------
        WrongType
            If `slot` is not a :class:`~teamcore.scheduling.OneOnOneSlot`.
        InvalidValue
            For a slot without a weekday and time, or a monthly or unknown `cadence`.

        Examples
        --------
        >>> from teamcore.people import Member
        >>> from teamcore.scheduling import one_on_ones
        >>> lea = Member(id="lea", name="Lea", timezone="Europe/London", country="GB",
        ...              hours={"mon-fri": ["09:00-17:00"]})
        >>> nia = Member(id="nia", name="Nia", timezone="America/New_York", country="US",
        ...              hours={"mon-fri": ["09:00-17:00"]})
        >>> [slot] = one_on_ones(lea, [nia], first=dt.date(2026, 3, 3), weeks=4)
        >>> series = OneOnOneSeries.from_slot(slot, id="1on1-nia")
        >>> slot.weekday.name_full, series.anchor, series.cadence
        ('Monday', datetime.date(2026, 3, 9), <Cadence.WEEKLY: 'weekly'>)
        """
        if not isinstance(slot, OneOnOneSlot):
            raise WrongType("slot", slot, "a OneOnOneSlot")
        if slot.weekday is None or slot.time is None or not slot.starts:
            raise InvalidValue("slot", slot, "a slot with a weekday and a time (one_on_ones found none for it)")
        every = _cadence(cadence)
        if every is Cadence.MONTHLY:
            raise InvalidValue("cadence", every.value, "'weekly' or 'biweekly', which keep the slot's weekday")
        anchor = slot.starts[0].astimezone(timezone(slot.zone)).date()
        return cls(id=id, lead=slot.lead, member=slot.member, cadence=every, anchor=anchor)

    def slots(
        self, start: dt.date, end: dt.date, *, working: Callable[[dt.date], bool] | None = None
    ) -> tuple[dt.date, ...]:
        """The local dates the series is due to meet in ``[start, end)``, never before the anchor.

        Weekly and biweekly series meet every 7 or 14 days from the anchor, so on the anchor's weekday. Monthly
        series meet on the anchor's day of the month, or the month's last day when it is shorter: the *nominal*
        date, which falls on any weekday. Given `working`, a monthly slot whose nominal date is not a working day
        moves to

        1. the nearest earlier working day in the same month, not before the anchor;
        2. else (the nominal date is at the start of the month, or of the series) the nearest later one in the
           month;
        3. else (no working day in the whole month) the nominal date, which then stays due.

        Earlier, because a 1:1 counts as on time when held on or before its slot: a Saturday slot could only be
        met on the Friday anyway, and moving it to Monday would hide a missed week. Within the month, so that each
        month keeps exactly one 1:1. Weekly and biweekly slots are not moved: they keep the fixed weekday the lead
        chose, and one that falls on a holiday is postponed like any other occurrence.

        Parameters
        ----------
        start, end
            The window; a moved slot counts where it lands.
        working
            Whether a local date is a working day for **both** people (the compliance engine passes the lead's and
            the member's :class:`~teamcore.feedback.WorkingDays`); ``None`` keeps the nominal dates.

        Examples
        --------
        >>> s = OneOnOneSeries(id="s", lead="lena", member="ola", cadence="monthly", anchor=dt.date(2026, 9, 10))
        >>> s.slots(dt.date(2026, 10, 1), dt.date(2026, 12, 1))  # 10 October 2026 is a Saturday
        (datetime.date(2026, 10, 10), datetime.date(2026, 11, 10))
        >>> s.slots(dt.date(2026, 10, 1), dt.date(2026, 12, 1), working=lambda day: day.weekday() < 5)
        (datetime.date(2026, 10, 9), datetime.date(2026, 11, 10))
        """
        found: list[dt.date] = []
        if self.cadence is Cadence.MONTHLY:
            index = 0
            while True:
                month0 = self.anchor.month - 1 + index
                year, month = self.anchor.year + month0 // 12, month0 % 12 + 1
                floor = max(dt.date(year, month, 1), self.anchor)  # a moved slot stays in [floor, end of month]
                if floor >= end:
                    break
                day = dt.date(year, month, min(self.anchor.day, _month_days(year, month)))
                if working is not None:
                    day = _working_day_near(day, floor, working)
                if start <= day < end:
                    found.append(day)
                index += 1
            return tuple(found)
        step = 7 if self.cadence is Cadence.WEEKLY else 14
        first = max(0, -(-(start - self.anchor).days // step))
        day = self.anchor + dt.timedelta(days=first * step)
        while day < end:
            found.append(day)
            day += dt.timedelta(days=step)
        return tuple(found)


@attrs.frozen(kw_only=True)
class OneOnOneOccurrence:
    """One occurrence of a 1:1 series: the slot it was due on and what happened.

    Parameters
    ----------
    series
        The series id.
    scheduled
        The slot's local date.
    status
        An :class:`~teamcore.feedback.OccurrenceStatus`; ``held`` needs `held_on`.
    held_on
        The local date it took place (later than `scheduled` after a postponement).

    Examples
    --------
    >>> slot = OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 9, 15))
    >>> later = slot.apply("postpone").apply("hold", on=dt.date(2026, 9, 17))
    >>> later.status, later.held_on
    (<OccurrenceStatus.HELD: 'held'>, datetime.date(2026, 9, 17))
    """

    series: str = attrs.field(validator=_RECORD_ID)
    scheduled: dt.date = attrs.field(validator=_DATE)
    status: OccurrenceStatus = attrs.field(default=OccurrenceStatus.SCHEDULED, converter=_occurrence_status)
    held_on: dt.date | None = attrs.field(default=None, validator=_OPTIONAL_DATE)

    def __attrs_post_init__(self) -> None:
        if (self.status is OccurrenceStatus.HELD) != (self.held_on is not None):
            raise InvalidValue("held_on", self.held_on, f"a date exactly when the status is held (it is {self.status})")

    def apply(self, event: str, *, on: dt.date | None = None) -> OneOnOneOccurrence:
        """The occurrence after `event` (``"hold"`` with the date `on`, ``"skip"``, ``"postpone"``).

        Raises
        ------
        InvalidTransition
            If the current status does not allow `event`.
        InvalidValue
            If ``"hold"`` comes without `on`.
        """
        status = transition("one-on-one", self.status, event)
        if status is OccurrenceStatus.HELD and on is None:
            raise InvalidValue("on", on, "the date the 1:1 was held")
        return attrs.evolve(self, status=status, held_on=on if status is OccurrenceStatus.HELD else None)


@attrs.frozen(kw_only=True)
class TalkingPoint:
    """A point to discuss in a 1:1 series; it carries over to each next occurrence until it is done.

    Examples
    --------
    >>> point = TalkingPoint(id="p1", series="s-ola", text="Course on de-escalation", raised_on=dt.date(2026, 9, 1))
    >>> point.status, point.done(dt.date(2026, 9, 29)).status
    (<PointStatus.OPEN: 'open'>, <PointStatus.DONE: 'done'>)
    """

    id: str = attrs.field(validator=_RECORD_ID)
    series: str = attrs.field(validator=_RECORD_ID)
    text: str = attrs.field(validator=attrs_validator(lambda v, f: check_text(v, f, max_length=500)))
    raised_on: dt.date = attrs.field(validator=_DATE)
    done_on: dt.date | None = attrs.field(default=None, validator=_OPTIONAL_DATE)

    def __attrs_post_init__(self) -> None:
        if self.done_on is not None and self.done_on < self.raised_on:
            raise InvalidInterval("done_on", self.done_on.isoformat(), f"on or after raised_on {self.raised_on}")

    @property
    def status(self) -> PointStatus:
        """Open until done."""
        return PointStatus.OPEN if self.done_on is None else PointStatus.DONE

    def open_on(self, day: dt.date) -> bool:
        """Whether the point is on the agenda of a 1:1 on `day` (raised by then and not done before)."""
        return self.raised_on <= day and (self.done_on is None or self.done_on >= day)

    def done(self, on: dt.date) -> TalkingPoint:
        """The point, done on `on`.

        Raises
        ------
        InvalidTransition
            If it is already done.
        """
        transition("talking point", self.status, "done")
        return attrs.evolve(self, done_on=on)


@attrs.frozen(kw_only=True)
class Review:
    """A review of a member over a period.

    Parameters
    ----------
    id
        Unique among reviews.
    member
        Who is reviewed.
    reviewer
        Who reviews: the member for a self review, someone else otherwise.
    kind
        A :class:`ReviewKind`; ``manager`` is the overall performance review.
    period_start, period_end
        The period reviewed, both included.
    held_on
        The local date of the review.
    topics
        Topics raised; "no surprises" asks that each was raised in earlier feedback.
    outcome
        Free text.

    Examples
    --------
    >>> Review(id="rv1", member="ola", reviewer="lena", kind="manager", period_start=dt.date(2026, 7, 1),
    ...        period_end=dt.date(2026, 9, 30), held_on=dt.date(2026, 9, 24), topics=["tone"]).topics
    ('tone',)
    """

    id: str = attrs.field(validator=_RECORD_ID)
    member: MemberId = attrs.field(converter=_member)
    reviewer: MemberId = attrs.field(converter=_reviewer)
    kind: ReviewKind = attrs.field(default=ReviewKind.MANAGER, converter=_review_kind)
    period_start: dt.date = attrs.field(validator=_DATE)
    period_end: dt.date = attrs.field(validator=_DATE)
    held_on: dt.date = attrs.field(validator=_DATE)
    topics: tuple[str, ...] = attrs.field(factory=tuple, converter=_topics)
    outcome: str = attrs.field(default="", validator=attrs_validator(_free_text))

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise InvalidInterval("period_end", self.period_end.isoformat(), f"on or after {self.period_start}")
        if (self.kind is ReviewKind.SELF) != (self.reviewer == self.member):
            expected = "the member (a self review)" if self.kind is ReviewKind.SELF else "someone other than the member"
            raise InvalidValue("reviewer", self.reviewer, expected)


@attrs.frozen
class Goal:
    """A development goal, optionally tied to a KPI target by name (``"csat"``, ``"first_response"``)."""

    text: str = attrs.field(validator=attrs_validator(lambda v, f: check_text(v, f, max_length=300)))
    kpi_target: str | None = attrs.field(default=None, validator=attrs.validators.optional(_RECORD_ID))


def _goals(value: Iterable[Goal | str] | None) -> tuple[Goal, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("goals", value, "a list of Goal")
    return tuple(item if isinstance(item, Goal) else Goal(item) for item in value)


@attrs.frozen(kw_only=True)
class DevelopmentPlan:
    """What a member wants to grow into and how: interests, goals, training and a mentor.

    Examples
    --------
    >>> plan = DevelopmentPlan(member="ola", updated_on=dt.date(2026, 9, 15), career_interests=["team lead"],
    ...                        goals=[Goal("Raise CSAT to 4.6", kpi_target="csat")], training=["Coaching 101"],
    ...                        mentor="mia")
    >>> plan.goals[0].kpi_target
    'csat'
    """

    member: MemberId = attrs.field(converter=_member)
    updated_on: dt.date = attrs.field(validator=_DATE)
    career_interests: tuple[str, ...] = attrs.field(factory=tuple, converter=_career_interests)
    goals: tuple[Goal, ...] = attrs.field(factory=tuple, converter=_goals)
    training: tuple[str, ...] = attrs.field(factory=tuple, converter=_training)
    mentor: MemberId | None = attrs.field(default=None, converter=_mentor)

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        if self.mentor == self.member:
            raise InvalidValue("mentor", self.mentor, "someone other than the member")


Record = FeedbackItem | FeedbackRequest | OneOnOneSeries | OneOnOneOccurrence | TalkingPoint | Review | DevelopmentPlan
"""Anything a feedback log holds; one line of a log file."""

_RECORD_TYPES = (
    FeedbackItem,
    FeedbackRequest,
    OneOnOneSeries,
    OneOnOneOccurrence,
    TalkingPoint,
    Review,
    DevelopmentPlan,
)


def _typed(cls: type[Any], field: str) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    def convert(value: Iterable[Any]) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise WrongType(field, value, f"a list of {cls.__name__}")
        items = tuple(value)
        for i, item in enumerate(items):
            if not isinstance(item, cls):
                raise WrongType(f"{field}[{i}]", item, f"a {cls.__name__}")
        return items

    return convert


def _feedback_items(value: Any) -> tuple[FeedbackItem, ...]:
    return _typed(FeedbackItem, "feedback")(value)


def _requests(value: Any) -> tuple[FeedbackRequest, ...]:
    return _typed(FeedbackRequest, "requests")(value)


def _series_list(value: Any) -> tuple[OneOnOneSeries, ...]:
    return _typed(OneOnOneSeries, "series")(value)


def _occurrences(value: Any) -> tuple[OneOnOneOccurrence, ...]:
    return _typed(OneOnOneOccurrence, "occurrences")(value)


def _points(value: Any) -> tuple[TalkingPoint, ...]:
    return _typed(TalkingPoint, "points")(value)


def _reviews(value: Any) -> tuple[Review, ...]:
    return _typed(Review, "reviews")(value)


def _plans(value: Any) -> tuple[DevelopmentPlan, ...]:
    return _typed(DevelopmentPlan, "plans")(value)


def _unique(field: str, keys: Iterable[object]) -> None:
    for key, n in Counter(keys).items():
        if n > 1:
            raise DuplicateId(field, key, f"a unique {field} key")


@attrs.frozen(kw_only=True)
class FeedbackLog:
    """Everything that happened in the feedback cycle of an organisation.

    Ids are unique per kind of record; occurrences and talking points name a series of the log; a series has at
    most one occurrence per slot; a member has at most one development plan.

    Raises
    ------
    DuplicateId, UnknownReference, WrongType
        For the first problem found.

    Examples
    --------
    >>> FeedbackLog().size
    0
    """

    feedback: tuple[FeedbackItem, ...] = attrs.field(factory=tuple, converter=_feedback_items)
    requests: tuple[FeedbackRequest, ...] = attrs.field(factory=tuple, converter=_requests)
    series: tuple[OneOnOneSeries, ...] = attrs.field(factory=tuple, converter=_series_list)
    occurrences: tuple[OneOnOneOccurrence, ...] = attrs.field(factory=tuple, converter=_occurrences)
    points: tuple[TalkingPoint, ...] = attrs.field(factory=tuple, converter=_points)
    reviews: tuple[Review, ...] = attrs.field(factory=tuple, converter=_reviews)
    plans: tuple[DevelopmentPlan, ...] = attrs.field(factory=tuple, converter=_plans)
    _received: dict[str, tuple[FeedbackItem, ...]] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def received_by(self, receiver: str) -> tuple[FeedbackItem, ...]:
        """The feedback items `receiver` received, in log order (empty for someone who received none).

        Examples
        --------
        >>> at = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
        >>> log = FeedbackLog(feedback=[FeedbackItem(id="f1", kind="praise", observed_on=at.date(), given_at=at,
        ...                                          giver="lena", receiver="ola")])
        >>> [i.id for i in log.received_by("ola")], log.received_by("lena")
        (['f1'], ())
        """
        return self._received.get(receiver, ())

    def __attrs_post_init__(self) -> None:
        # Items per receiver, built once: releasing upward feedback asks per lead, which a scan of the whole log
        # made quadratic in an organisation's size.
        received: dict[str, list[FeedbackItem]] = {}
        for item in self.feedback:
            received.setdefault(item.receiver, []).append(item)
        object.__setattr__(self, "_received", {k: tuple(v) for k, v in received.items()})
        _unique("feedback", (f.id for f in self.feedback))
        _unique("requests", (r.id for r in self.requests))
        _unique("series", (s.id for s in self.series))
        _unique("occurrences", ((o.series, o.scheduled.isoformat()) for o in self.occurrences))
        _unique("points", (p.id for p in self.points))
        _unique("reviews", (r.id for r in self.reviews))
        _unique("plans", (p.member for p in self.plans))
        known = {s.id for s in self.series}
        refs: list[tuple[str, str]] = [(f"occurrences[{i}]", o.series) for i, o in enumerate(self.occurrences)]
        refs += [(f"points[{i}]", p.series) for i, p in enumerate(self.points)]
        for where, series in refs:
            if series not in known:
                raise UnknownReference(f"{where}.series", series, "the id of a series in the log")

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> FeedbackLog:
        """Sort records into a log, keeping their order within each kind.

        Raises
        ------
        WrongType
            For something that is not a :data:`Record`.
        """
        groups: dict[type[Any], list[Any]] = {t: [] for t in _RECORD_TYPES}
        for i, record in enumerate(records):
            if type(record) not in groups:
                raise WrongType(f"records[{i}]", record, "a feedback log record")
            groups[type(record)].append(record)
        return cls(
            feedback=groups[FeedbackItem],
            requests=groups[FeedbackRequest],
            series=groups[OneOnOneSeries],
            occurrences=groups[OneOnOneOccurrence],
            points=groups[TalkingPoint],
            reviews=groups[Review],
            plans=groups[DevelopmentPlan],
        )

    def records(self) -> Iterator[Record]:
        """Every record: series first (occurrences and points refer to them), then the rest by kind."""
        yield from self.series
        yield from self.occurrences
        yield from self.points
        yield from self.feedback
        yield from self.requests
        yield from self.reviews
        yield from self.plans

    def add(self, *records: Record) -> FeedbackLog:
        """A new log with `records` added (validated as a whole)."""
        return FeedbackLog.from_records([*self.records(), *records])

    @property
    def size(self) -> int:
        """Number of records."""
        return sum(1 for _ in self.records())

    def agenda(self, series_id: str, on: dt.date) -> tuple[TalkingPoint, ...]:
        """The talking points open on `on` in series `series_id`, carried over from earlier 1:1s, oldest first."""
        return tuple(
            sorted(
                (p for p in self.points if p.series == series_id and p.open_on(on)), key=lambda p: (p.raised_on, p.id)
            )
        )
