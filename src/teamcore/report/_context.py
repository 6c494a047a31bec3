"""What a report is built from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from teamcore._display import short_repr
from teamcore._schedule import Schedule
from teamcore._time import as_utc
from teamcore.exceptions import WrongType
from teamcore.feedback import FeedbackLog, FeedbackPolicy
from teamcore.knowledge import KnowledgeBase
from teamcore.kpi import SlaPolicy
from teamcore.mentoring import MentoringPair
from teamcore.people import Organisation
from teamcore.rostering import Roster, RosterProblem
from teamcore.staffing import StaffingPlan

__all__ = ["ReportContext"]


def _org(value: object) -> Organisation:
    if not isinstance(value, Organisation):
        raise WrongType("org", value, "an Organisation")
    return value


def _is_policy(_instance: object, _attribute: attrs.Attribute[SlaPolicy | None], value: SlaPolicy | None) -> None:
    if value is not None and not isinstance(value, SlaPolicy):
        raise WrongType("sla_policy", value, "an SlaPolicy")


def _is_feedback_policy(
    _instance: object, _attribute: attrs.Attribute[FeedbackPolicy | None], value: FeedbackPolicy | None
) -> None:
    if value is not None and not isinstance(value, FeedbackPolicy):
        raise WrongType("feedback_policy", value, "a FeedbackPolicy")


def _is_schedule(_instance: object, _attribute: attrs.Attribute[Schedule | None], value: Schedule | None) -> None:
    if value is not None and not isinstance(value, Schedule):
        raise WrongType("roster", value, "a Roster (or another teamcore.Schedule)")


def _is_roster_problem(
    _instance: object, _attribute: attrs.Attribute[RosterProblem | None], value: RosterProblem | None
) -> None:
    if value is not None and not isinstance(value, RosterProblem):
        raise WrongType("roster_problem", value, "a RosterProblem")


def _now(value: dt.datetime) -> dt.datetime:
    return as_utc(value, "now")


@attrs.frozen(kw_only=True)
class ReportContext:
    """The inputs of a report. Capabilities read the fields they need; absent data means an absent section.

    Parameters
    ----------
    org
        The organisation.
    now
        The instant the report is for (aware; converted to UTC).
    team
        Restrict the report to this team, or ``None`` for the whole organisation.
    knowledge
        The knowledge base, for the freshness section.
    ticket_topics
        Topic → ticket count in the period, for topics no article covers.
    mentoring, mentor_capacities
        Mentoring pairs and places per mentor, for the mentoring section's newcomers without a mentor.
    feedback
        The feedback log, for the feedback-cycle section.
    feedback_policy
        The feedback policy that section checks the log against; ``None`` for the default
        :class:`~teamcore.feedback.FeedbackPolicy`.
    staffing
        A forecast and how to staff it, for the staffing section (required vs scheduled).
    roster
        The roster the staffing section holds against the requirement instead of the members' weekly hours: a
        :class:`~teamcore.rostering.Roster` (any :class:`teamcore.Schedule`); ignored without `staffing` or
        `roster_problem`.
    roster_problem
        The problem the roster answers: the staffing section then shows the roster's shortfall per requirement
        group (language, skill) as :func:`teamcore.rostering.uncovered` finds it. Needs `roster`, a Roster.
    tickets, ticket_events
        Canonical ticket and ticket-event tables (any DataFrame engine), for the helpdesk dashboard section.
    sla_policy
        An SLA policy: the dashboard then shows SLA achievement and the open tickets nearest to a breach (needs
        `ticket_events`).
    """

    org: Organisation = attrs.field(converter=_org)
    now: dt.datetime = attrs.field(converter=_now)
    team: str | None = None
    knowledge: KnowledgeBase | None = None
    ticket_topics: Mapping[str, int] | None = None
    mentoring: tuple[MentoringPair, ...] | None = None
    mentor_capacities: Mapping[str, int] | None = None
    feedback: FeedbackLog | None = None
    feedback_policy: FeedbackPolicy | None = attrs.field(default=None, validator=_is_feedback_policy)
    staffing: StaffingPlan | None = None
    roster: Schedule | None = attrs.field(default=None, validator=_is_schedule)
    roster_problem: RosterProblem | None = attrs.field(default=None, validator=_is_roster_problem)
    tickets: Any = None
    ticket_events: Any = None
    sla_policy: SlaPolicy | None = attrs.field(default=None, validator=_is_policy)

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        if self.team is not None:
            self.org.team(self.team)  # raises UnknownReference naming the known teams
        if self.roster_problem is not None and not isinstance(self.roster, Roster):
            raise WrongType("roster", self.roster, "a Roster to hold against roster_problem's requirement")
