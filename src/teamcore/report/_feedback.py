"""The feedback section: compliance per member, review coverage per team, this week's reminders, upward feedback."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Final

from teamcore.feedback import (
    Compliance,
    ComplianceStatus,
    FeedbackKind,
    FeedbackPolicy,
    Obligation,
    Reminder,
    Rule,
    aggregate_feedback,
    compliance,
    week_reminders,
)
from teamcore.report._attention import AttentionItem, AttentionKind, member_actor
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Cell, Figure, Figures, Paragraph, Plot, Section, Table
from teamcore.report._status import Rate, Rated, Status, scalar_text

__all__ = [
    "COMPLIANCE_STATUS",
    "RULE_LABELS",
    "STATUS_LABELS",
    "compliance_cell",
    "compliance_rows",
    "feedback_section",
    "met_rows",
    "policy_caption",
    "reminder_rows",
]

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
    ComplianceStatus.MET: "met",
    ComplianceStatus.LATE: "late",
    ComplianceStatus.OVERDUE: "overdue",
    ComplianceStatus.NOT_YET_DUE: "pending",
    ComplianceStatus.BREACHED: "breached",
}
"""How a compliance status reads in a table (beside the symbol of its :data:`COMPLIANCE_STATUS`)."""

COMPLIANCE_STATUS: Final = {
    ComplianceStatus.MET: Status.OK,
    ComplianceStatus.NOT_YET_DUE: Status.OK,
    ComplianceStatus.LATE: Status.WATCH,
    ComplianceStatus.OVERDUE: Status.ACT,
    ComplianceStatus.BREACHED: Status.ACT,
}
"""The report status of each compliance status: met and pending are ``ok``; late (done, but after its due date)
``watch``; overdue (not done, past due) and breached (a review that surprised) ``act``."""


def compliance_cell(status: ComplianceStatus) -> Rated:
    """A compliance status as a table cell: its word with the symbol and colour of its report status.

    Examples
    --------
    >>> compliance_cell(ComplianceStatus.OVERDUE).label
    '✗ overdue'
    """
    return _CELLS[status]


_CELLS: Final = {status: Rated(STATUS_LABELS[status], COMPLIANCE_STATUS[status]) for status in ComplianceStatus}
"""One (immutable) cell per compliance status: the member table has one per member and rule."""


def policy_caption(policy: FeedbackPolicy | None) -> str:
    """Which feedback policy was checked: ``default``, or custom with each setting that differs from the default.

    Examples
    --------
    >>> policy_caption(None)
    'Policy: default.'
    >>> policy_caption(FeedbackPolicy(feedback_within=5, cadence_overrides={"ana": "monthly", "raj": "monthly"}))
    'Policy: custom: feedback within 5 business days; monthly 1:1s agreed with 2 members; otherwise the default.'
    """
    default = FeedbackPolicy()
    if policy is None or policy == default:
        return "Policy: default."
    changes: list[str] = []
    if policy.rules != default.rules:
        checked = [label for rule, label in RULE_LABELS.items() if rule in policy.rules]
        changes.append(f"only the rules {', '.join(checked)}" if checked else "no rules checked")
    if policy.feedback_within != default.feedback_within:
        changes.append(f"feedback within {policy.feedback_within} business days")
    if policy.review_kinds != default.review_kinds:
        changes.append(f"reviews that count: {', '.join(sorted(policy.review_kinds))}")
    if policy.one_on_one_cadence != default.one_on_one_cadence:
        changes.append(f"1:1s {policy.one_on_one_cadence} or more often")
    agreed = Counter(policy.cadence_overrides.values())
    for cadence, count in sorted(agreed.items()):
        changes.append(f"{cadence} 1:1s agreed with {count} member{'s' if count != 1 else ''}")
    if policy.min_recognition_ratio != default.min_recognition_ratio:
        changes.append(f"{policy.min_recognition_ratio:g} recognitions per constructive item")
    if policy.anonymity_threshold != default.anonymity_threshold:
        changes.append(f"upward and peer feedback shown from {policy.anonymity_threshold} givers")
    if policy.tracking_since is not None:
        changes.append(f"tracked since {policy.tracking_since.isoformat()}")
    return f"Policy: custom: {'; '.join(changes)}; otherwise the default."


def compliance_rows(result: Compliance, members: Sequence[str]) -> list[tuple[Cell, ...]]:
    """One row per member: id, each rule's roll-up status, and the 1:1 adherence.

    A status is a :func:`compliance_cell` (``None`` when the rule has nothing to check); the adherence a
    :class:`~teamcore.report.Rate`.
    """
    rows: list[tuple[Cell, ...]] = []
    for member_id in members:
        each = result.member(member_id)
        statuses = [each.status(rule) for rule in RULE_LABELS]
        adherence = each.one_on_one_adherence
        rows.append(
            (
                member_id,
                *(None if s is None else compliance_cell(s) for s in statuses),
                None if adherence is None else Rate(min(adherence, 1.0)),
            )
        )
    return rows


def met_rows(obligations: Iterable[Obligation]) -> list[tuple[str, Rate]]:
    """Per rule (in :data:`RULE_LABELS` order), the share of its due obligations met on time (a :class:`Rate`).

    Obligations not yet due are left out; a rule with none due has no row. The label carries how many were due.
    """
    due: Counter[Rule] = Counter()
    met: Counter[Rule] = Counter()
    for o in obligations:
        if o.status is not ComplianceStatus.NOT_YET_DUE:
            due[o.rule] += 1
            met[o.rule] += o.status is ComplianceStatus.MET
    return [(f"{label} ({due[rule]})", Rate(met[rule] / due[rule])) for rule, label in RULE_LABELS.items()
            if due[rule]]  # fmt: skip


_OVERDUE_KINDS: Final[dict[Rule, AttentionKind]] = {
    Rule.TIMELY_FEEDBACK: "feedback_overdue",
    Rule.NO_SURPRISES: "feedback_overdue",
    Rule.RECOGNITION_RATIO: "feedback_overdue",
    Rule.QUARTERLY_REVIEW: "review_overdue",
    Rule.ONE_ON_ONE: "one_on_one_overdue",
    Rule.UPWARD_REQUESTED: "upward_not_asked",
}
"""The attention kind of an overdue reminder, per rule; a reminder not yet due is ``feedback_due_soon``."""


_PHRASES: Final = {
    Rule.TIMELY_FEEDBACK: "Give feedback to {name}",
    Rule.NO_SURPRISES: "Raise review topics with {name} before the review",
    Rule.RECOGNITION_RATIO: "Recognise {name}'s good work",
    Rule.QUARTERLY_REVIEW: "Hold the quarterly review with {name}",
    Rule.ONE_ON_ONE: "Hold the 1:1 with {name}",
    Rule.UPWARD_REQUESTED: "Ask your team for upward feedback",
}
"""What the owner of a reminder does, per rule."""


def _reminders(result: Compliance, ctx: ReportContext, leads: Sequence[str]) -> list[tuple[str, Reminder]]:
    return [(lead, r) for lead in leads for r in week_reminders(result, ctx.org, lead)]


def _reminder_row(lead: str, r: Reminder) -> tuple[Cell, ...]:
    return (r.due.isoformat(), lead, r.member, RULE_LABELS[r.rule], compliance_cell(r.status), r.key)


def reminder_rows(result: Compliance, ctx: ReportContext, leads: Sequence[str]) -> list[tuple[Cell, ...]]:
    """The reminders of each lead in `leads`, in lead order, each lead's sorted by due instant."""
    return [_reminder_row(lead, r) for lead, r in _reminders(result, ctx, leads)]


def _reminder_items(ctx: ReportContext, reminders: Sequence[tuple[str, Reminder]]) -> list[AttentionItem]:
    """One item per reminder of the "This week" table (the first row, when two leads see one obligation).

    Reminders come from compliance, which never reads upward or peer feedback (only a lead's own requests for it),
    so no item can reveal a withheld upward answer.
    """
    items: dict[tuple[str, str, str, str], AttentionItem] = {}
    leaders = {team.lead for team in ctx.org.teams}
    for i, (_lead, r) in enumerate(reminders):
        overdue = r.status is ComplianceStatus.OVERDUE
        items.setdefault(
            (r.rule.value, r.member, r.owner, r.key),
            AttentionItem(
                kind=_OVERDUE_KINDS[r.rule] if overdue else "feedback_due_soon",
                what=_PHRASES[r.rule].format(name=ctx.org.member(r.member).name) + f" ({r.key})",
                actor=member_actor(ctx.org, r.owner, "lead" if r.owner in leaders else "member"),
                due=r.due_at,
                severity="act" if overdue else "watch",
                section="feedback",
                table="This week",
                row=i,
                key=f"{r.rule.value}/{r.member}/{r.key}",
            ),
        )
    return list(items.values())


def feedback_section(ctx: ReportContext) -> Section | None:
    """Feedback-cycle compliance as of ``now``; ``None`` when no feedback log was given."""
    if ctx.feedback is None:
        return None
    result = compliance(ctx.feedback, ctx.org, ctx.now, ctx.feedback_policy)
    policy = result.policy
    within = f"{policy.feedback_within} business day{'s' if policy.feedback_within != 1 else ''}"
    teams = [ctx.org.team(ctx.team)] if ctx.team else list(ctx.org.teams)
    members = (
        list(dict.fromkeys(m for team in teams for m in team.members)) if teams else [m.id for m in ctx.org.members]
    )
    leads = list(dict.fromkeys(team.lead for team in teams))
    chosen = set(members)
    # Counted, never listed: each member's obligations as they are, not one sort of every obligation.
    obligations = [o for m in result.members if m.member in chosen for o in m.obligations]
    overdue = sum(o.status is ComplianceStatus.OVERDUE for o in obligations)
    timely = [o for o in obligations if o.rule is Rule.TIMELY_FEEDBACK]
    late_share = sum(o.status is ComplianceStatus.LATE for o in timely) / len(timely) if timely else None
    held = sum(result.member(m).one_on_ones[0] for m in members)
    due = sum(result.member(m).one_on_ones[1] for m in members)
    reminders = _reminders(result, ctx, leads)
    met = met_rows(obligations)
    shown_teams = {team.id for team in teams}
    blocks: list[Block] = [
        Paragraph(policy_caption(ctx.feedback_policy)),
        Figures(
            [
                Figure(
                    "Overdue",
                    overdue,
                    "obligations past their due date",
                    target=0,
                    status=Status.ACT if overdue else Status.OK,
                ),
                Figure("Late feedback", Rate(late_share), f"after {within}"),
                Figure("1:1 adherence", Rate(None if not due else min(held / due, 1.0)), f"{held} of {due} slots held"),
                Figure("Feedback items", _named_received(ctx, chosen), "praise and constructive, received"),
            ]
        ),
        Table(
            title="Compliance by member",
            columns=["member", *RULE_LABELS.values(), "1:1 rate"],
            rows=compliance_rows(result, members),
            caption=f"The most severe status per rule (timely: feedback within {within}; surprise: review "
            "topics raised in earlier feedback; upward: upward feedback asked for; praise: "
            f"{policy.min_recognition_ratio:g} recognitions per constructive item); empty when the rule has nothing "
            "to check.",
        ),
        Table(
            title="This week",
            columns=["due", "lead", "member", "rule", "status", "what"],
            rows=[_reminder_row(lead, r) for lead, r in reminders],
            caption="Overdue, or due by the end of the lead's week (their timezone).",
        ),
        Table(
            title="Review coverage per quarter",
            columns=["team", "quarter", "reviewed"],
            rows=[
                (t.team, quarter, Rate(share))
                for t in result.teams
                if t.team in shown_teams
                for quarter, share in t.review_coverage
            ],
        ),
        Table(
            title="Upward feedback (aggregated)",
            columns=["lead", "quarter", "givers", "topics"],
            rows=[_upward(ctx, lead, result.policy.anonymity_threshold) for lead in leads],
            caption=f"The last closed quarter (UTC), shown only when at least {result.policy.anonymity_threshold} "
            "people answered; otherwise withheld, whatever the number.",
        ),
    ]
    if met:
        worst = min(met, key=lambda row: (row[1].value or 0.0, row[0]))
        blocks.insert(
            2,
            Plot(
                kind="bar",
                title="Obligations met on time, per rule",
                alt=f"Share of due obligations met on time for {len(met)} feedback rules; the lowest is "
                f"{worst[0]} at {scalar_text(worst[1])}.",
                data=Table(title="Met on time per rule", columns=["rule (due)", "met on time"], rows=met),
            ),
        )
    return Section(key="feedback", title="Feedback cycles", blocks=blocks, attention=_reminder_items(ctx, reminders))


def _named_received(ctx: ReportContext, chosen: Collection[str]) -> int:
    """Feedback items the chosen members received that name their giver: never upward or peer items."""
    assert ctx.feedback is not None
    return sum(i.receiver in chosen and not i.kind.aggregated for i in ctx.feedback.feedback)


def _upward(ctx: ReportContext, lead: str, threshold: int) -> tuple[str, str, str | None, str]:
    assert ctx.feedback is not None
    found = aggregate_feedback(ctx.feedback, lead, FeedbackKind.UPWARD, now=ctx.now, threshold=threshold)
    if found.withheld:
        return (lead, found.period, None, "withheld")
    return (lead, found.period, str(found.respondents), ", ".join(f"{topic} ({n})" for topic, n in found.topics))
