"""The feedback section: compliance per member, review coverage per team, this week's reminders, upward feedback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from teamcore.feedback import (
    Compliance,
    FeedbackKind,
    Rule,
    Status,
    aggregate_feedback,
    compliance,
    week_reminders,
)
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Section, Table

__all__ = ["RULE_LABELS", "STATUS_LABELS", "compliance_rows", "feedback_section", "reminder_rows"]

RULE_LABELS: Final = {
    Rule.TIMELY_FEEDBACK: "timely",
    Rule.QUARTERLY_REVIEW: "review",
    Rule.ONE_ON_ONE: "1:1s",
    Rule.NO_SURPRISES: "surprise",
    Rule.UPWARD_REQUESTED: "upward",
    Rule.RECOGNITION_RATIO: "praise",
}
"""Short column headings per rule, so the table fits 100 columns."""

STATUS_LABELS: Final = {
    Status.MET: "met",
    Status.LATE: "late",
    Status.OVERDUE: "OVERDUE",
    Status.NOT_YET_DUE: "pending",
    Status.BREACHED: "breached",
}
"""How a status reads in a table (overdue in capitals, to stand out without colour)."""


def compliance_rows(result: Compliance, members: Sequence[str]) -> list[tuple[str | float | None, ...]]:
    """One row per member: id, each rule's roll-up status (``None`` when the rule has nothing to check), adherence."""
    rows: list[tuple[str | float | None, ...]] = []
    for member_id in members:
        each = result.member(member_id)
        statuses = [each.status(rule) for rule in RULE_LABELS]
        adherence = each.one_on_one_adherence
        rows.append(
            (
                member_id,
                *(None if s is None else STATUS_LABELS[s] for s in statuses),
                None if adherence is None else round(adherence, 2),
            )
        )
    return rows


def reminder_rows(result: Compliance, ctx: ReportContext, leads: Sequence[str]) -> list[tuple[str, ...]]:
    """The reminders of each lead in `leads`, in lead order, each lead's sorted by due instant."""
    return [
        (r.due.isoformat(), lead, r.member, RULE_LABELS[r.rule], STATUS_LABELS[r.status], r.key)
        for lead in leads
        for r in week_reminders(result, ctx.org, lead)
    ]


def feedback_section(ctx: ReportContext) -> Section | None:
    """Feedback-cycle compliance as of ``now``; ``None`` when no feedback log was given."""
    if ctx.feedback is None:
        return None
    result = compliance(ctx.feedback, ctx.org, ctx.now)
    teams = [ctx.org.team(ctx.team)] if ctx.team else list(ctx.org.teams)
    members = (
        list(dict.fromkeys(m for team in teams for m in team.members)) if teams else [m.id for m in ctx.org.members]
    )
    leads = list(dict.fromkeys(team.lead for team in teams))
    chosen = set(members)
    obligations = [o for o in result.obligations() if o.member in chosen]
    overdue = sum(o.status is Status.OVERDUE for o in obligations)
    timely = [o for o in obligations if o.rule is Rule.TIMELY_FEEDBACK]
    late_share = sum(o.status is Status.LATE for o in timely) / len(timely) if timely else None
    held = sum(result.member(m).one_on_ones[0] for m in members)
    due = sum(result.member(m).one_on_ones[1] for m in members)
    blocks: list[Block] = [
        Figures(
            [
                Figure("Overdue", overdue, "obligations past their due date"),
                Figure("Late feedback", "–" if late_share is None else f"{late_share:.0%}", "after 3 business days"),
                Figure("1:1 adherence", "–" if not due else f"{held / due:.0%}", f"{held} of {due} slots held"),
                Figure("Feedback items", sum(i.receiver in chosen for i in ctx.feedback.feedback), "received"),
            ]
        ),
        Table(
            title="Compliance by member",
            columns=["member", *RULE_LABELS.values(), "1:1 rate"],
            rows=compliance_rows(result, members),
            caption="The most severe status per rule (timely: feedback within 3 business days; surprise: review "
            "topics raised in earlier feedback; upward: upward feedback asked for; praise: 3 recognitions per "
            "constructive item); empty when the rule has nothing to check.",
        ),
        Table(
            title="This week",
            columns=["due", "lead", "member", "rule", "status", "what"],
            rows=reminder_rows(result, ctx, leads),
            caption="Overdue, or due by the end of the lead's week (their timezone).",
        ),
        Table(
            title="Review coverage per quarter",
            columns=["team", "quarter", "reviewed"],
            rows=[
                (t.team, quarter, f"{share:.0%}")
                for t in result.teams
                if t.team in {team.id for team in teams}
                for quarter, share in t.review_coverage
            ],
        ),
        Table(
            title="Upward feedback (aggregated)",
            columns=["lead", "givers", "topics"],
            rows=[_upward(ctx, lead, result.policy.anonymity_threshold) for lead in leads],
            caption=f"Shown only when at least {result.policy.anonymity_threshold} people answered.",
        ),
    ]
    return Section(key="feedback", title="Feedback cycles", blocks=blocks)


def _upward(ctx: ReportContext, lead: str, threshold: int) -> tuple[str, str, str]:
    assert ctx.feedback is not None
    found = aggregate_feedback(ctx.feedback, lead, FeedbackKind.UPWARD, threshold=threshold)
    if found.withheld:
        return (lead, "withheld", found.reason)
    return (lead, str(found.respondents), ", ".join(f"{topic} ({n})" for topic, n in found.topics))
