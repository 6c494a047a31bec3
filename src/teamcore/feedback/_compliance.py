"""The compliance engine: given the log, the organisation and ``now``, what is met, late, overdue or not yet due.

Every rule of a :class:`~teamcore.feedback.FeedbackPolicy` produces *obligations*, each about one member (the one
concerned) and owed by one person (who must act), with a key that names it (a feedback item id, a quarter, a 1:1
slot) and exactly one :class:`ComplianceStatus`:

``met``
    Done in time.
``late``
    Done, after the due date; ``lateness`` counts business days in the owner's calendar (at least 1).
``overdue``
    Not done, and the due date (a local date) is before today.
``not_yet_due``
    Not done, and still time.
``breached``
    Broken in a way no later action repairs: a skipped 1:1, a review topic no earlier feedback raised, a quarter
    that ended below the recognition ratio, a 1:1 cadence slower than the policy's.

Upward and peer feedback (items and reviews) is never read: a status that moved with it would tell the lead that
someone answered, or what one peer said (the privacy model in the feedback guide). ``upward_requested`` is met only by
a :class:`~teamcore.feedback.FeedbackRequest` the lead sent.

Only records at or before ``now`` count (a log may hold planned entries). Obligations are counted from
``policy.tracking_since`` or, by default, from the start of the quarter before the one containing ``now``, in the
member's local dates. With an *empty log*: no feedback obligations (nothing was observed), the previous quarter's
review and upward request are overdue and the current ones not yet due, and each member with a lead is overdue a 1:1
series; no recognition-ratio obligations (nothing to count).

A monthly 1:1 slot whose nominal date is not a working day for both the lead and the member is due on the nearest
earlier day in its month that is, as :meth:`~teamcore.feedback.OneOnOneSeries.slots` documents; an occurrence logged
under the nominal date still counts for it.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from teamcore._display import result_html, short_repr, to_pandas
from teamcore._gc import collector_paused
from teamcore._suggest import suggest
from teamcore._time import as_utc, local_to_utc, timezone
from teamcore.exceptions import OutOfRange, UnknownReference, WrongType
from teamcore.feedback._calendar import WorkingDays, working_days
from teamcore.feedback._model import (
    Cadence,
    FeedbackItem,
    FeedbackKind,
    FeedbackLog,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Review,
    ReviewKind,
)
from teamcore.feedback._policy import CADENCE_DAYS, FeedbackPolicy, Rule
from teamcore.feedback._states import OccurrenceStatus
from teamcore.people import Member, Organisation

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "Compliance",
    "LogIndex",
    "MemberCompliance",
    "Obligation",
    "Reminder",
    "ComplianceStatus",
    "TeamCompliance",
    "compliance",
    "member_compliance",
    "quarter_of",
    "week_reminders",
]


class ComplianceStatus(enum.StrEnum):
    """Where one obligation stands; see the module documentation."""

    MET = "met"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_YET_DUE = "not_yet_due"
    BREACHED = "breached"


SEVERITY: Final[Mapping[ComplianceStatus, int]] = {
    ComplianceStatus.MET: 0,
    ComplianceStatus.NOT_YET_DUE: 1,
    ComplianceStatus.LATE: 2,
    ComplianceStatus.BREACHED: 3,
    ComplianceStatus.OVERDUE: 4,
}
"""Order for roll-ups: a member's status for a rule is the most severe of its obligations."""

_END_OF_DAY: Final = dt.time(0)

_EARLIEST: Final = dt.datetime(1, 4, 2, tzinfo=dt.UTC)
_LATEST: Final = dt.datetime(9999, 9, 30, tzinfo=dt.UTC)
"""``now`` lies in ``[_EARLIEST, _LATEST)``: obligations are counted from the quarter before the one containing
``now`` (in the member's zone, up to 14 hours from UTC) and fall due at the midnight after a quarter's last day."""

_RULE_VALUES: Final = {rule: rule.value for rule in Rule}
"""Each rule's value, read from a dict: sorting 900,000 obligations asked the enum's ``value`` property for each."""

_DONE: Final = frozenset({ComplianceStatus.MET, ComplianceStatus.LATE})
"""Statuses of an obligation that was done (on time or late)."""

_AGGREGATED_REVIEWS: Final = frozenset({ReviewKind.UPWARD, ReviewKind.PEER})
"""Review kinds that are upward or peer feedback: private to the reviewer, never read by a rule."""


@attrs.frozen(kw_only=True)
class Obligation:
    """One thing a rule asks for.

    Attributes
    ----------
    member
        Whom it concerns.
    owner
        Who must act (the giver, the lead, the reviewer).
    rule
        The :class:`~teamcore.feedback.Rule`.
    key
        Names it within the rule and member: a feedback id, ``"2026-Q3"``, ``"s-ola@2026-09-15"``.
    due
        The local due date, in the calendar the rule counts in (the owner's for feedback, 1:1s and reviews' lateness;
        the member's for quarters).
    due_at
        The instant the due date ends (midnight after it, in that calendar's zone), UTC.
    status
        A :class:`ComplianceStatus`.
    done_on
        The local date it was done, for every ``met`` or ``late`` obligation except a recognition ratio (a count,
        not an act).
    lateness
        Business days late, for ``late``; else ``None``.
    detail
        A short explanation.
    """

    member: str
    owner: str
    rule: Rule
    key: str
    due: dt.date
    due_at: dt.datetime
    status: ComplianceStatus
    done_on: dt.date | None = None
    lateness: int | None = None
    detail: str = ""

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def sort_key(self) -> tuple[dt.datetime, str, str, str]:
        """Order by when it is due, then member, rule and key (deterministic)."""
        return (self.due_at, self.member, _RULE_VALUES[self.rule], self.key)


@attrs.frozen(kw_only=True)
class MemberCompliance:
    """The compliance of one member.

    Attributes
    ----------
    member
        The member's id.
    timezone
        Their IANA zone; :attr:`next_due` is in their local dates.
    obligations
        Every obligation about them, sorted by :attr:`Obligation.sort_key`.
    one_on_ones
        ``(held, due)``: 1:1 slots held (on time or late) and slots due so far (held, skipped or overdue).
    """

    member: str
    timezone: str
    obligations: tuple[Obligation, ...]
    one_on_ones: tuple[int, int] = (0, 0)
    _worst: dict[Rule, ComplianceStatus] = attrs.field(init=False, repr=False, eq=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        # The most severe status per rule in one pass (the first of equal severity, as max() keeps): the report
        # asks for every rule of every member twice.
        worst: dict[Rule, ComplianceStatus] = {}
        for o in self.obligations:
            current = worst.get(o.rule)
            if current is None or SEVERITY[o.status] > SEVERITY[current]:
                worst[o.rule] = o.status
        object.__setattr__(self, "_worst", worst)

    @property
    def one_on_one_adherence(self) -> float | None:
        """Held slots / due slots, or ``None`` when no slot was due yet."""
        held, due = self.one_on_ones
        return held / due if due else None

    def status(self, rule: Rule) -> ComplianceStatus | None:
        """The most severe status of `rule`'s obligations, or ``None`` when the rule has none for this member."""
        return self._worst.get(rule)

    def next_due(self, rule: Rule) -> dt.date | None:
        """The member-local date the earliest not-yet-due obligation of `rule` falls due, or ``None``."""
        pending = [o.due_at for o in self.obligations if o.rule is rule and o.status is ComplianceStatus.NOT_YET_DUE]
        return min(pending).astimezone(timezone(self.timezone)).date() - dt.timedelta(days=1) if pending else None

    @property
    def review_coverage(self) -> tuple[tuple[str, ComplianceStatus], ...]:
        """``(quarter, status)`` of the quarterly review, oldest quarter first."""
        return tuple((o.key, o.status) for o in sorted(self._of(Rule.QUARTERLY_REVIEW), key=lambda o: o.key))

    def _of(self, rule: Rule) -> list[Obligation]:
        return [o for o in self.obligations if o.rule is rule]


@attrs.frozen(kw_only=True)
class TeamCompliance:
    """A team's roll-up.

    Attributes
    ----------
    team
        The team id.
    members
        Member ids, in team order.
    rules
        ``(rule, {status: members})``: how many members have each roll-up status, per rule.
    review_coverage
        ``(quarter, share)``: the share of members with a lead who had the quarter's review (met or late).
    one_on_one_adherence
        Held slots / due slots over the team, or ``None``.
    """

    team: str
    members: tuple[str, ...]
    rules: tuple[tuple[Rule, Mapping[ComplianceStatus, int]], ...]
    review_coverage: tuple[tuple[str, float], ...]
    one_on_one_adherence: float | None

    def __repr__(self) -> str:
        return short_repr(self)


@attrs.frozen(kw_only=True)
class Reminder:
    """Something a lead must see to this week: an overdue obligation, or one due by the end of the lead's week.

    `due` is the obligation's local due date; `due_at` the instant it ends (reminders are sorted by it).
    """

    due: dt.date
    due_at: dt.datetime
    member: str
    owner: str
    rule: Rule
    key: str
    status: ComplianceStatus
    text: str


@attrs.frozen(kw_only=True)
class Compliance:
    """The answer of :func:`compliance`: per member, per team, as of ``now``."""

    now: dt.datetime
    policy: FeedbackPolicy
    members: tuple[MemberCompliance, ...]
    teams: tuple[TeamCompliance, ...]
    _by_id: dict[str, MemberCompliance] = attrs.field(init=False, repr=False, eq=False)
    _by_owner: dict[str, list[Obligation]] = attrs.field(init=False, repr=False, eq=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.member: m for m in self.members})
        owners: defaultdict[str, list[Obligation]] = defaultdict(list)
        for each in self.members:
            for obligation in each.obligations:
                owners[obligation.owner].append(obligation)
        object.__setattr__(self, "_by_owner", dict(owners))

    def owed_by(self, owner: str) -> tuple[Obligation, ...]:
        """The obligations `owner` must act on, sorted (empty for someone who owes nothing)."""
        return tuple(sorted(self._by_owner.get(owner, ()), key=lambda o: o.sort_key))

    def member(self, member_id: str) -> MemberCompliance:
        """The compliance of `member_id`.

        Raises
        ------
        UnknownReference
            If the member is not in the organisation.
        """
        found = self._by_id.get(member_id)
        if found is not None:
            return found
        raise UnknownReference(
            "member", member_id, "the id of a member of the organisation", suggestion=suggest(member_id, self._by_id)
        )

    def obligations(self) -> tuple[Obligation, ...]:
        """Every obligation, sorted."""
        return tuple(sorted((o for m in self.members for o in m.obligations), key=lambda o: o.sort_key))

    def to_polars(self) -> pl.DataFrame:
        """One row per obligation, sorted (:meth:`obligations`).

        Columns: ``member, owner, rule, key, due, due_at, status, done_on, lateness, detail``.
        """
        import polars as pl  # noqa: PLC0415 - heavy to import; only the table export needs it

        schema = pl.Schema(
            {"member": pl.String(), "owner": pl.String(), "rule": pl.String(), "key": pl.String(), "due": pl.Date(),
             "due_at": pl.Datetime("us", "UTC"), "status": pl.String(), "done_on": pl.Date(), "lateness": pl.Int64(),
             "detail": pl.String()}
        )  # fmt: skip
        rows = [
            (o.member, o.owner, o.rule.value, o.key, o.due, o.due_at, o.status.value, o.done_on, o.lateness, o.detail)
            for o in self.obligations()
        ]
        return pl.DataFrame(rows, schema=schema, orient="row")

    def to_pandas(self) -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars())

    def _repr_html_(self) -> str:
        """In a notebook: the summary line, obligations per rule and status, and those overdue."""
        import polars as pl  # noqa: PLC0415

        table = self.to_polars()
        counts = table.group_by("rule", "status").len("obligations").sort("rule", "status")
        overdue = table.filter(pl.col("status") == ComplianceStatus.OVERDUE.value)
        return result_html(self, ("Obligations per rule and status", counts), ("Overdue", overdue))


def quarter_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The calendar quarter of `day`: its label, first and last day.

    Examples
    --------
    >>> quarter_of(dt.date(2026, 11, 25))
    ('2026-Q4', datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    >>> quarter_of(dt.date(9999, 12, 31))[2]
    datetime.date(9999, 12, 31)
    >>> quarter_of(dt.date(999, 8, 3))[0]  # four digits, like ISO dates: the label privacy releases parse
    '0999-Q3'
    """
    index = (day.month - 1) // 3
    first = dt.date(day.year, 3 * index + 1, 1)
    # The last day from its own month, so that the fourth quarter of 9999 needs no date in the year 10000.
    last_month = 3 * index + 3
    last = dt.date(day.year, last_month, 31 if last_month in {3, 12} else 30)
    return f"{day.year:04d}-Q{index + 1}", first, last


def _checked_now(now: object) -> dt.datetime:
    instant = as_utc(now, "now")
    if not _EARLIEST <= instant < _LATEST:
        raise OutOfRange("now", now, "an instant from 0001-04-02 to before 9999-09-30 in UTC")
    return instant


def _quarters(start: dt.date, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    found = []
    day = quarter_of(start)[1]
    while day <= today:
        found.append(quarter_of(day))
        day = found[-1][2] + dt.timedelta(days=1)
    return found


@functools.lru_cache(maxsize=65536)  # due dates repeat (quarter ends, 1:1 slots) across thousands of members
def _end_of(day: dt.date, zone: str) -> dt.datetime:
    return local_to_utc(day + dt.timedelta(days=1), _END_OF_DAY, timezone(zone))


@functools.lru_cache(maxsize=1024)  # a few hundred zones at most; asked for every obligation's local date
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return timezone(name)


def _local(instant: dt.datetime, zone: str) -> dt.date:
    return instant.astimezone(_zone(zone)).date()


@attrs.frozen
class LogIndex:
    """A feedback log grouped by member, built once so each member's obligations read only their own records.

    Only what the member can attribute is indexed: praise and constructive feedback, manager and self reviews, and
    the member's own requests for upward feedback (`upward_asked`). Upward and peer feedback items and upward and
    peer reviews are left out, so no obligation's status depends on them.

    Examples
    --------
    >>> LogIndex.build(FeedbackLog()).received
    {}
    """

    received: Mapping[str, Sequence[FeedbackItem]]
    series: Mapping[str, Sequence[OneOnOneSeries]]
    occurrences: Mapping[tuple[str, dt.date], OneOnOneOccurrence]
    reviews: Mapping[str, Sequence[Review]]
    upward_asked: Mapping[str, Sequence[dt.datetime]]

    def __repr__(self) -> str:
        return short_repr(self)

    @classmethod
    def build(cls, log: FeedbackLog, members: Iterable[str] | None = None) -> LogIndex:
        """Group `log` by member; with `members`, keep only records about them (a scan of the whole log)."""
        wanted = None if members is None else frozenset(members)
        received: defaultdict[str, list[FeedbackItem]] = defaultdict(list)
        asked: defaultdict[str, list[dt.datetime]] = defaultdict(list)
        for item in log.feedback:
            # Upward and peer items never feed an obligation: whether one exists, and what it says, would show
            # through a status (privacy model, docs/guides/feedback.md).
            if not item.kind.aggregated and (wanted is None or item.receiver in wanted):
                received[item.receiver].append(item)
        for request in log.requests:
            if request.kind is FeedbackKind.UPWARD and (wanted is None or request.requester in wanted):
                asked[request.requester].append(request.requested_at)
        series: defaultdict[str, list[OneOnOneSeries]] = defaultdict(list)
        chosen: set[str] = set()
        for each in log.series:
            if wanted is None or each.member in wanted:
                series[each.member].append(each)
                chosen.add(each.id)
        reviews: defaultdict[str, list[Review]] = defaultdict(list)
        for review in log.reviews:
            # Upward and peer reviews are individual upward/peer feedback: they feed no obligation either.
            if review.kind not in _AGGREGATED_REVIEWS and (wanted is None or review.member in wanted):
                reviews[review.member].append(review)
        occurrences = {(o.series, o.scheduled): o for o in log.occurrences if o.series in chosen}
        return cls(dict(received), dict(series), occurrences, dict(reviews), dict(asked))


class _Calendars:
    """Working-day calendars per member id, made on first use."""

    def __init__(self, org: Organisation) -> None:
        self._org = org
        self._made: dict[str, WorkingDays] = {}
        self.lead_of, self.leads = _leads(org)

    def knows(self, member_id: str) -> bool:
        """Whether `member_id` is a member (records may name people who left)."""
        return member_id in self._org

    def timezone(self, member_id: str) -> str:
        """The zone of `member_id`'s calendar (their own), without making the calendar."""
        return self._org.member(member_id).timezone

    def __call__(self, member_id: str) -> WorkingDays:
        found = self._made.get(member_id)
        if found is None:
            found = working_days(self._org.member(member_id), self._org)
            self._made[member_id] = found
        return found


def _leads(org: Organisation) -> tuple[dict[str, str], frozenset[str]]:
    """Member → their first lead (in a team they do not lead), and the set of leads."""
    lead_of: dict[str, str] = {}
    for team in org.teams:
        for member_id in team.members:
            if member_id != team.lead:
                lead_of.setdefault(member_id, team.lead)
    return lead_of, frozenset(team.lead for team in org.teams)


def member_compliance(  # noqa: PLR0917 - the engine's inputs
    member: Member,
    org: Organisation,
    index: LogIndex,
    now: dt.datetime,
    policy: FeedbackPolicy,
    calendars: _Calendars | None = None,
) -> MemberCompliance:
    """The obligations of one member; :func:`compliance` calls this for every member with a shared index.

    Parameters
    ----------
    member, org
        The member and their organisation.
    index
        The log grouped by member (:meth:`LogIndex.build`).
    now
        The instant (aware).
    policy
        The rules.
    calendars
        Working-day calendars to reuse across members (made on demand if ``None``).

    Returns
    -------
    MemberCompliance

    Raises
    ------
    NaiveDatetime, OutOfRange
        For a naive `now`, or one outside 0001-04-02 to 9999-09-29 (UTC), where a quarter the obligations count
        in would begin before year 1 or fall due after 9999.
    """
    now = _checked_now(now)
    cal = calendars if calendars is not None else _Calendars(org)
    lead_of, leads = cal.lead_of, cal.leads
    zone = member.timezone
    today = _local(now, zone)
    since = policy.tracking_since or quarter_of(quarter_of(today)[1] - dt.timedelta(days=1))[1]
    if member.start_date is not None:
        since = max(since, member.start_date)
    lead = lead_of.get(member.id)
    out: list[Obligation] = []
    adherence = (0, 0)

    received = [i for i in index.received.get(member.id, ()) if i.given_at <= now]
    reviews = [r for r in index.reviews.get(member.id, ()) if r.held_on <= today]
    quarters = _quarters(since, today) if since <= today else []

    if policy.applies(Rule.TIMELY_FEEDBACK):
        out.extend(
            _timely(item, member.id, cal(item.giver), policy)
            for item in received
            if item.kind.behavioural and item.observed_on >= since and item.giver in org
        )
    if policy.applies(Rule.QUARTERLY_REVIEW) and lead is not None:
        kinds = [r for r in reviews if r.kind in policy.review_kinds]
        out.extend(_review(member.id, lead, q, kinds, today, zone, cal) for q in quarters)
    if policy.applies(Rule.ONE_ON_ONE) and lead is not None:
        found, adherence = _one_on_ones(member.id, lead, index, since, now, policy, cal)
        out.extend(found)
    if policy.applies(Rule.NO_SURPRISES):
        out.extend(
            _surprises(review, received, zone, cal)
            for review in reviews
            if review.held_on >= since and review.reviewer != member.id
        )
    if policy.applies(Rule.UPWARD_REQUESTED) and member.id in leads:
        asked = [_local(t, zone) for t in index.upward_asked.get(member.id, ()) if t <= now]
        out.extend(_upward(member.id, q, asked, today, zone) for q in quarters)
    if policy.applies(Rule.RECOGNITION_RATIO):
        out.extend(_ratios(member.id, lead or member.id, received, quarters, today, zone, policy))
    return MemberCompliance(
        member=member.id,
        timezone=zone,
        obligations=tuple(sorted(out, key=lambda o: o.sort_key)),
        one_on_ones=adherence,
    )


def _timely(item: FeedbackItem, member: str, giver: WorkingDays, policy: FeedbackPolicy) -> Obligation:
    due = giver.add(item.observed_on, policy.feedback_within)
    given = _local(item.given_at, giver.timezone)
    late = given > due
    return Obligation(
        member=member,
        owner=item.giver,
        rule=Rule.TIMELY_FEEDBACK,
        key=item.id,
        due=due,
        due_at=_end_of(due, giver.timezone),
        status=ComplianceStatus.LATE if late else ComplianceStatus.MET,
        done_on=given,
        lateness=max(1, giver.between(due, given)) if late else None,
        detail=f"{item.kind.value} on behaviour of {item.observed_on.isoformat()}",
    )


def _review(  # noqa: PLR0917 - one quarter's inputs
    member: str,
    lead: str,
    quarter: tuple[str, dt.date, dt.date],
    reviews: Sequence[Review],
    today: dt.date,
    zone: str,
    cal: _Calendars,
) -> Obligation:
    label, first, last = quarter
    due_at = _end_of(last, zone)

    def made(status: ComplianceStatus, done_on: dt.date | None, lateness: int | None, detail: str) -> Obligation:
        return Obligation(
            member=member, owner=lead, rule=Rule.QUARTERLY_REVIEW, key=label, due=last, due_at=due_at,
            status=status, done_on=done_on, lateness=lateness, detail=detail,
        )  # fmt: skip

    # A review counts for the quarter its period ends in: met if held by the quarter's end, late if held after.
    held = sorted((r.held_on, r.reviewer) for r in reviews if first <= r.period_end <= last)
    if held and held[0][0] <= last:
        return made(ComplianceStatus.MET, held[0][0], None, "review held")
    if held:
        day, reviewer = held[0]
        lateness = max(1, cal(reviewer).between(last, day) if cal.knows(reviewer) else (day - last).days)
        return made(ComplianceStatus.LATE, day, lateness, "review held late")
    return made(
        ComplianceStatus.OVERDUE if today > last else ComplianceStatus.NOT_YET_DUE, None, None, "no review this quarter"
    )


def _one_on_ones(  # noqa: PLR0917 - the member's 1:1 inputs
    member: str,
    lead: str,
    index: LogIndex,
    since: dt.date,
    now: dt.datetime,
    policy: FeedbackPolicy,
    cal: _Calendars,
) -> tuple[list[Obligation], tuple[int, int]]:
    out: list[Obligation] = []
    series = index.series.get(member, ())
    required = policy.cadence_for(member)
    if not series:
        zone = cal.timezone(member)
        today = _local(now, zone)
        detail = f"no 1:1 series (policy: {required.value})"
        out.append(
            Obligation(
                member=member, owner=lead, rule=Rule.ONE_ON_ONE, key="series", due=since,
                due_at=_end_of(since, zone),
                status=ComplianceStatus.OVERDUE if since < today else ComplianceStatus.NOT_YET_DUE,
                detail=detail,
            )
        )  # fmt: skip
        return out, (0, 0)
    held = due = 0
    for each in series:
        owner_cal = cal(each.lead) if cal.knows(each.lead) else cal(member)
        zone = owner_cal.timezone
        today = _local(now, zone)  # slots are the lead's local dates
        fast_enough = CADENCE_DAYS[each.cadence] <= CADENCE_DAYS[required]
        out.append(
            Obligation(
                member=member, owner=each.lead, rule=Rule.ONE_ON_ONE, key=f"{each.id}@cadence", due=each.anchor,
                due_at=_end_of(each.anchor, zone),
                status=ComplianceStatus.MET if fast_enough else ComplianceStatus.BREACHED,
                done_on=each.anchor if fast_enough else None,
                detail=f"{each.cadence.value} (policy: {required.value})",
            )
        )  # fmt: skip
        upcoming = today + dt.timedelta(days=CADENCE_DAYS[each.cadence] + 1)
        ahead = False
        slot_detail = f"1:1 {each.cadence.value}"
        # Only monthly slots move off days off: weekly and biweekly ones need neither calendar's working days (most
        # members' calendars are then never made).
        both = _both_working(owner_cal, cal(member)) if each.cadence is Cadence.MONTHLY else None
        for slot in each.slots(max(since, each.anchor), upcoming, working=both):
            occurrence = index.occurrences.get((each.id, slot)) or _logged_at_nominal(each, slot, index)
            status, done_on, lateness = _slot(slot, occurrence, today, owner_cal)
            if status is ComplianceStatus.NOT_YET_DUE:
                if ahead:
                    continue  # only the next pending slot is listed
                ahead = True
            held += status in _DONE
            due += status is not ComplianceStatus.NOT_YET_DUE
            out.append(
                Obligation(
                    member=member, owner=each.lead, rule=Rule.ONE_ON_ONE, key=f"{each.id}@{slot.isoformat()}",
                    due=slot, due_at=_end_of(slot, zone), status=status, done_on=done_on, lateness=lateness,
                    detail=slot_detail,
                )
            )  # fmt: skip
    return out, (held, due)


def _both_working(lead: WorkingDays, member: WorkingDays) -> Callable[[dt.date], bool]:
    """Whether a local date is a working day for both (one calendar when the lead is unknown)."""
    if lead is member:
        return lead.is_working_day
    return lambda day: lead.is_working_day(day) and member.is_working_day(day)


def _logged_at_nominal(each: OneOnOneSeries, slot: dt.date, index: LogIndex) -> OneOnOneOccurrence | None:
    """For a monthly slot moved off a day off: the occurrence logged under its nominal date, if any.

    A moved slot stays in its month, so the nominal date is the only unmoved slot of that month.
    """
    if each.cadence is not Cadence.MONTHLY:
        return None
    month = slot.replace(day=1)
    nominal = each.slots(month, (month + dt.timedelta(days=31)).replace(day=1))
    if not nominal or nominal[0] == slot:
        return None
    return index.occurrences.get((each.id, nominal[0]))


def _slot(
    slot: dt.date, occurrence: OneOnOneOccurrence | None, today: dt.date, owner: WorkingDays
) -> tuple[ComplianceStatus, dt.date | None, int | None]:
    if occurrence is not None:
        if occurrence.status is OccurrenceStatus.SKIPPED:
            return ComplianceStatus.BREACHED, None, None
        if occurrence.held_on is not None and occurrence.held_on <= today:
            if occurrence.held_on <= slot:
                return ComplianceStatus.MET, occurrence.held_on, None
            return ComplianceStatus.LATE, occurrence.held_on, max(1, owner.between(slot, occurrence.held_on))
    return (ComplianceStatus.OVERDUE if slot < today else ComplianceStatus.NOT_YET_DUE), None, None


def _surprises(review: Review, received: Sequence[FeedbackItem], zone: str, cal: _Calendars) -> Obligation:
    earlier = {t for item in received if _local(item.given_at, zone) < review.held_on for t in item.topics}
    surprising = [t for t in review.topics if t not in earlier]
    owner_zone = cal(review.reviewer).timezone if cal.knows(review.reviewer) else zone
    return Obligation(
        member=review.member,
        owner=review.reviewer,
        rule=Rule.NO_SURPRISES,
        key=review.id,
        due=review.held_on,
        due_at=_end_of(review.held_on, owner_zone),
        status=ComplianceStatus.BREACHED if surprising else ComplianceStatus.MET,
        done_on=review.held_on,
        detail=("topics not raised in earlier feedback: " + ", ".join(surprising)) if surprising else "no surprises",
    )


def _upward(
    lead: str, quarter: tuple[str, dt.date, dt.date], asked: Sequence[dt.date], today: dt.date, zone: str
) -> Obligation:
    label, first, last = quarter
    done = sorted(day for day in asked if first <= day <= last)
    status = (
        ComplianceStatus.MET if done else ComplianceStatus.OVERDUE if today > last else ComplianceStatus.NOT_YET_DUE
    )
    return Obligation(
        member=lead,
        owner=lead,
        rule=Rule.UPWARD_REQUESTED,
        key=label,
        due=last,
        due_at=_end_of(last, zone),
        status=status,
        done_on=done[0] if done else None,
        detail="upward feedback asked for" if done else "no upward feedback asked for this quarter",
    )


def _ratios(  # noqa: PLR0917 - the member's quarters and received feedback
    member: str,
    owner: str,
    received: Sequence[FeedbackItem],
    quarters: Sequence[tuple[str, dt.date, dt.date]],
    today: dt.date,
    zone: str,
    policy: FeedbackPolicy,
) -> list[Obligation]:
    out = []
    for label, first, last in quarters:
        kinds = [i.kind for i in received if first <= _local(i.given_at, zone) <= last]
        praise, constructive = kinds.count(FeedbackKind.PRAISE), kinds.count(FeedbackKind.CONSTRUCTIVE)
        if not praise and not constructive:
            continue
        if praise >= policy.min_recognition_ratio * constructive:
            status = ComplianceStatus.MET
        else:
            status = ComplianceStatus.BREACHED if today > last else ComplianceStatus.NOT_YET_DUE
        out.append(
            Obligation(
                member=member,
                owner=owner,
                rule=Rule.RECOGNITION_RATIO,
                key=label,
                due=last,
                due_at=_end_of(last, zone),
                status=status,
                detail=f"{praise} recognition : {constructive} constructive "
                f"(policy {policy.min_recognition_ratio:g}:1)",
            )
        )
    return out


def compliance(
    log: FeedbackLog, org: Organisation, now: dt.datetime, policy: FeedbackPolicy | None = None
) -> Compliance:
    """Check every member of `org` against `policy` as of `now`.

    Parameters
    ----------
    log
        The feedback log (records after `now` are ignored).
    org
        The organisation.
    now
        The instant the answer is for (aware).
    policy
        The rules; default :class:`~teamcore.feedback.FeedbackPolicy` ``()``.

    Returns
    -------
    Compliance
        Members in organisation order, teams in organisation order; deterministic for a fixed `now`.

    Raises
    ------
    WrongType, NaiveDatetime, OutOfRange
        For a `log` or `org` of the wrong type, or a naive `now`, or one outside 0001-04-02 to 9999-09-29 (UTC).

    Examples
    --------
    >>> from teamcore.people import Member, Team
    >>> lena = Member(id="lena", name="Lena", timezone="Europe/Stockholm", country="SE")
    >>> ola = Member(id="ola", name="Ola", timezone="Europe/Stockholm", country="SE")
    >>> org = Organisation(name="N", members=[lena, ola],
    ...                    teams=[Team(id="t", name="T", lead="lena", members=["lena", "ola"])])
    >>> result = compliance(FeedbackLog(), org, dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC))
    >>> result.member("ola").status(Rule.QUARTERLY_REVIEW), result.member("ola").next_due(Rule.QUARTERLY_REVIEW)
    (<ComplianceStatus.OVERDUE: 'overdue'>, datetime.date(2026, 12, 31))
    """
    if not isinstance(log, FeedbackLog):
        raise WrongType("log", log, "a FeedbackLog")
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    now = _checked_now(now)
    policy = policy if policy is not None else FeedbackPolicy()
    with collector_paused():  # hundreds of thousands of acyclic obligations: see teamcore._gc
        index = LogIndex.build(log)
        cal = _Calendars(org)
        members = tuple(member_compliance(m, org, index, now, policy, cal) for m in org.members)
        return Compliance(now=now, policy=policy, members=members, teams=_teams(org, members))


def _teams(org: Organisation, members: Sequence[MemberCompliance]) -> tuple[TeamCompliance, ...]:
    by_id = {m.member: m for m in members}
    out = []
    for team in org.teams:
        rows = [by_id[m] for m in team.members]
        rules = []
        for rule in Rule:
            counts: dict[ComplianceStatus, int] = {}
            for row in rows:
                status = row.status(rule)
                if status is not None:
                    counts[status] = counts.get(status, 0) + 1
            if counts:
                rules.append((rule, dict(sorted(counts.items(), key=lambda kv: SEVERITY[kv[0]]))))
        coverage: dict[str, list[bool]] = defaultdict(list)
        for row in rows:
            for label, status in row.review_coverage:
                coverage[label].append(status in _DONE)
        held = sum(row.one_on_ones[0] for row in rows)
        due = sum(row.one_on_ones[1] for row in rows)
        out.append(
            TeamCompliance(
                team=team.id,
                members=team.members,
                rules=tuple(rules),
                review_coverage=tuple((label, sum(v) / len(v)) for label, v in sorted(coverage.items())),
                one_on_one_adherence=held / due if due else None,
            )
        )
    return tuple(out)


def week_reminders(result: Compliance, org: Organisation, lead: str) -> tuple[Reminder, ...]:
    """What `lead` must see to this week, sorted by due instant, member, rule and key.

    That is: obligations they own or about their teams' members that are overdue, or not yet due but due by the end
    of the lead's local week (Monday to Sunday).

    Raises
    ------
    UnknownReference
        If `lead` is not a member.
    """
    person = org.member(lead)
    zone = person.timezone
    today = _local(result.now, zone)
    week_end = _end_of(today + dt.timedelta(days=6 - today.weekday()), zone)
    # A lead is a member of each team they lead: their own teams (indexed), not a scan of every team.
    team_members = {m for team in org.teams_of(lead) if team.lead == lead for m in team.members}
    candidates = {id(o): o for o in result._by_owner.get(lead, ())}
    for member in team_members:
        candidates.update((id(o), o) for o in result.member(member).obligations)
    # Chosen first, then sorted: a stable sort of the few chosen orders them as sorting all would.
    chosen = sorted(
        (
            o
            for o in candidates.values()
            if o.status is ComplianceStatus.OVERDUE
            or (o.status is ComplianceStatus.NOT_YET_DUE and o.due_at <= week_end)
        ),
        key=lambda o: o.sort_key,
    )
    return tuple(
        Reminder(
            due=o.due,
            due_at=o.due_at,
            member=o.member,
            owner=o.owner,
            rule=o.rule,
            key=o.key,
            status=o.status,
            text=f"{o.rule.value.replace('_', ' ')} for {o.member}: {o.detail}",
        )
        for o in chosen
    )
