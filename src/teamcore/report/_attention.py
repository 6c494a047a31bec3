"""What needs attention: one item per section row a lead or member must act on, with who acts and by when.

Section builders make these items from the model objects they already computed (an SLA queue row, a staffing
shortfall, a feedback reminder...), so each item points at one row of one table of its section
(:attr:`AttentionItem.table`, :attr:`AttentionItem.row`) and nothing is computed twice.
:mod:`teamcore.report._ranking` orders them into the report's "Needs attention" list.

Who acts on an item that belongs to nobody in particular (a staffing interval, a skill, an article whose owner left)
is the *report's lead*: the lead of the report's team; in an organisation-wide report, the lead of a team that
includes every other team's lead (a leadership team); else the lead of the only team; else "the team leads" (no
one member, times in UTC).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final, Literal, get_args

import attrs

from teamcore._display import short_repr
from teamcore._time import as_utc, timezone, validate_timezone
from teamcore._validators import check_identifier, check_int_range, check_text
from teamcore.exceptions import InvalidValue
from teamcore.report._status import Status

if TYPE_CHECKING:
    from teamcore.people import Organisation

__all__ = ["KINDS", "Actor", "AttentionItem", "AttentionKind", "AttentionSeverity", "lead_of", "member_actor"]

AttentionKind = Literal[
    "sla_breached",
    "sla_due_soon",
    "staffing_short",
    "newcomer_without_mentor",
    "feedback_overdue",
    "one_on_one_overdue",
    "review_overdue",
    "upward_not_asked",
    "feedback_due_soon",
    "coverage_gap",
    "stale_article_owner_left",
    "bus_factor_one",
]
"""What kind of thing needs attention; the docs' report guide explains each and which section it comes from."""

KINDS: Final[tuple[AttentionKind, ...]] = get_args(AttentionKind)
"""Every kind, in the default ranking's kind order (customers waiting first, then people, then resilience); the
report guide's table of kinds lists them in this order."""

_FAMILIES: Final[dict[str, str]] = {
    "sla_breached": "sla",
    "sla_due_soon": "sla",
    "feedback_overdue": "feedback",
    "one_on_one_overdue": "feedback",
    "review_overdue": "feedback",
    "upward_not_asked": "feedback",
    "feedback_due_soon": "feedback",
}
"""Kinds that are one obligation at different stages (due soon, then overdue or breached): an item keeps its
:attr:`AttentionItem.identity` when it escalates. Other kinds are their own family."""

AttentionSeverity = Literal["act", "watch"]
"""The values an item's severity may take: those of :attr:`Status.ACT <teamcore.report.Status>` (something is late
or broken now) and :attr:`Status.WATCH <teamcore.report.Status>` (it will be soon, or it is a standing risk). An
item is stored with the :class:`~teamcore.report.Status` itself; nothing that is ``ok`` needs attention."""

_SEVERITIES: Final = frozenset(Status(s) for s in get_args(AttentionSeverity))


def _severity(value: Status | AttentionSeverity) -> Status:
    if not isinstance(value, str) or value not in _SEVERITIES:
        raise InvalidValue("severity", value, "'act' or 'watch'")
    return Status(value)


ActorRole = Literal["lead", "member"]


def _one_line(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_text(value, attribute.name, max_length=300)
    if "\n" in value or "\r" in value:
        raise InvalidValue(attribute.name, value, "one line of text")


@attrs.frozen(kw_only=True)
class Actor:
    """Who acts on an item: a lead or a member, their name and the timezone their due times are shown in.

    Parameters
    ----------
    role
        ``"lead"`` or ``"member"``.
    member
        Their member id; ``None`` only for "the team leads" of an organisation without one leading lead.
    name
        Their name as the organisation gives it.
    timezone
        An IANA zone: the member's own.
    """

    role: ActorRole = attrs.field()
    member: str | None = attrs.field()
    name: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "name"))
    timezone: str = attrs.field(validator=lambda _i, _a, v: validate_timezone(v, "timezone"))

    @role.validator
    def _check_role(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in {"lead", "member"}:
            raise InvalidValue("role", value, "'lead' or 'member'")

    @member.validator
    def _check_id(self, _attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            check_identifier(value, "member")


def _due(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value, "due")


@attrs.frozen(kw_only=True)
class AttentionItem:
    """One thing to act on, traceable to one row of one table of its section.

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    what
        One line saying what to do.
    actor
        Who acts (:class:`Actor`).
    due
        When it is due or was breached, an aware instant (stored in UTC; :meth:`local_due` shows it in the actor's
        zone); ``None`` for a standing risk without a date (a skill only one member has).
    severity
        :attr:`Status.ACT <teamcore.report.Status>` or :attr:`Status.WATCH <teamcore.report.Status>` (or their
        values ``"act"``, ``"watch"``).
    section
        The key of the section it comes from (its anchor in the HTML report).
    table, row
        The title of the section's table and the index of the row it comes from.
    key
        What the row is about (a ticket and metric, an obligation, a skill): with `kind`, names the item.

    Raises
    ------
    InvalidValue, WrongType, NaiveDatetime
        For a field out of its vocabulary, text over one line, or a naive `due`.
    """

    kind: AttentionKind = attrs.field()
    what: str = attrs.field(validator=_one_line)
    actor: Actor = attrs.field(validator=attrs.validators.instance_of(Actor))
    due: dt.datetime | None = attrs.field(converter=_due)
    severity: Status = attrs.field(converter=_severity)
    section: str = attrs.field(validator=lambda _i, _a, v: check_identifier(v, "section"))
    table: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "table"))
    row: int = attrs.field(validator=lambda _i, _a, v: check_int_range(v, "row", 0, 10_000_000))
    key: str = attrs.field(validator=lambda _i, _a, v: check_text(v, "key"))

    def __repr__(self) -> str:
        return short_repr(self)

    @kind.validator
    def _check_kind(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in KINDS:
            raise InvalidValue("kind", value, f"one of {list(KINDS)}")

    @property
    def identity(self) -> str:
        """What names the item across reports: its kind, who acts and what about (``kind|member|key``).

        Two reports of the same organisation give an item still open the same identity, whatever its rank, row,
        wording or stage: a feedback obligation due soon and the same one overdue are both ``feedback|...``, an SLA
        due soon and breached both ``sla|...`` (the key names the rule or metric). Other kinds are named as they
        are. :func:`~teamcore.report.compare_reports` matches items by it.

        Examples
        --------
        >>> actor = Actor(role="lead", member="lena", name="Lena", timezone="Europe/Oslo")
        >>> AttentionItem(kind="sla_due_soon", what="Reply to T-1", actor=actor, due=None, severity="watch",
        ...               section="kpi", table="SLA", row=0, key="T-1/first_reply").identity
        'sla|lena|T-1/first_reply'
        """
        family = _FAMILIES.get(self.kind, self.kind)
        return f"{family}|{self.actor.member or self.actor.name}|{self.key}"

    def local_due(self) -> dt.datetime | None:
        """`due` in the actor's timezone (``None`` without a due time)."""
        return None if self.due is None else self.due.astimezone(timezone(self.actor.timezone))

    def overdue(self, now: dt.datetime) -> bool:
        """Whether `due` is at or before `now` (breached or late); never for an item without a due time."""
        return self.due is not None and self.due <= as_utc(now, "now")


def member_actor(org: Organisation, member_id: str, role: ActorRole = "member") -> Actor:
    """The member `member_id` as an :class:`Actor` with their name and zone.

    Raises
    ------
    UnknownReference
        If `member_id` is not a member.
    """
    member = org.member(member_id)
    return Actor(role=role, member=member.id, name=member.name, timezone=member.timezone)


def lead_of(
    org: Organisation, team: str | None, member_id: str | None = None, *, default: Actor | None = None
) -> Actor:
    """The lead who acts: `member_id`'s lead (their first team in `team`'s scope), else the report's lead.

    Parameters
    ----------
    org
        The organisation.
    team
        The report's team, or ``None`` for an organisation-wide report.
    member_id
        A member the item is about (a newcomer): their team's lead acts; ``None`` for the report's lead.
    default
        The report's lead when already known (``lead_of(org, team)``): a section asking for many members passes
        it, so the search over every team runs once, not once per member who leads no team of theirs.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> def m(id):
    ...     return Member(id=id, name=id.upper(), timezone="Europe/Oslo", country="NO")
    >>> org = Organisation(name="O", members=[m("a"), m("b"), m("c")], teams=[
    ...     Team(id="x", name="X", lead="a", members=["a", "b"]), Team(id="y", name="Y", lead="c", members=["c"])])
    >>> lead_of(org, None, "b").name, lead_of(org, "y").name, lead_of(org, None).name
    ('A', 'C', 'the team leads')
    """
    teams = org.teams if team is None else (org.team(team),)
    if member_id is not None:
        # The member's own teams (indexed by the organisation), not a scan of every team: asked once per newcomer.
        own = org.teams_of(member_id) if team is None and member_id in org else teams
        for candidate in own:
            if member_id in candidate.members and candidate.lead != member_id:
                return member_actor(org, candidate.lead, "lead")
    if default is not None:
        return default
    if team is not None:
        return member_actor(org, teams[0].lead, "lead")
    leads = {t.lead for t in org.teams}
    for candidate in sorted(org.teams, key=lambda t: t.id):
        if len(org.teams) == 1 or leads <= set(candidate.members):
            return member_actor(org, candidate.lead, "lead")
    return Actor(role="lead", member=None, name="the team leads", timezone="UTC")
