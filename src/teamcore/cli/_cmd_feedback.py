"""``teamcore feedback PATH --log FILE --now ISO [--member M] [--team T] [--policy FILE]``: feedback compliance."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.table import Table

from teamcore.cli._common import (
    EXIT_OK,
    add_max_rejected,
    add_now,
    add_org_path,
    console_for,
    load_org,
    now_from,
    warn_rejected,
)
from teamcore.feedback import (
    ComplianceStatus,
    FeedbackLog,
    compliance,
    load_feedback,
    load_feedback_policy,
    week_reminders,
)
from teamcore.report import RULE_LABELS, compliance_cell, compliance_rows, policy_caption, styled_cell

__all__ = ["register", "run"]


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private
    """Add the ``feedback`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "feedback",
        help="feedback cycles: what is met, late or overdue per member, and this week's reminders per lead",
        description="Check a feedback log against the feedback policies as of --now: feedback within 3 business "
        "days, a review every quarter, 1:1s at the member's cadence, no surprises in reviews, upward feedback asked "
        "for every quarter, 3 recognitions per constructive item. With --member, list that member's obligations.",
    )
    add_org_path(parser)
    parser.add_argument("--log", metavar="FILE", type=Path, required=True, help="feedback log (.csv or .jsonl)")
    add_now(parser)
    parser.add_argument("--member", metavar="M", help="show every obligation of one member (their id)")
    parser.add_argument("--team", metavar="T", help="restrict the tables to one team (its id)")
    parser.add_argument(
        "--policy",
        metavar="FILE",
        type=Path,
        help="feedback policy (.toml or .json): business days for feedback, 1:1 cadences, ... (see the feedback guide)",
    )
    add_max_rejected(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the compliance table and each lead's reminders, or one member's obligations."""
    console = console_for(args)
    org = load_org(args)
    loaded = load_feedback(args.log, org=org)
    warn_rejected(console, loaded, limit=args.max_rejected)
    log = FeedbackLog.from_records(loaded.items)
    policy = None if args.policy is None else load_feedback_policy(args.policy, org=org)
    result = compliance(log, org, now_from(args), policy)
    if args.member is not None:
        each = result.member(args.member)
        table = Table(title=f"Obligations of {each.member} ({each.timezone})", title_justify="left")
        for column in ("rule", "key", "due", "status", "late by", "detail"):
            table.add_column(column, overflow="fold")
        for o in each.obligations:
            late = "" if o.lateness is None else f"{o.lateness} bd"
            table.add_row(
                RULE_LABELS[o.rule], o.key, o.due.isoformat(), styled_cell(compliance_cell(o.status)), late, o.detail
            )
        console.print(table)
        console.print(policy_caption(policy))
        return EXIT_OK
    teams = [org.team(args.team)] if args.team else list(org.teams)
    members = list(dict.fromkeys(m for team in teams for m in team.members)) or [m.id for m in org.members]
    table = Table(title="Feedback-cycle compliance", title_justify="left")
    table.add_column("member", no_wrap=True)
    for column in (*RULE_LABELS.values(), "1:1 rate"):
        table.add_column(column)
    for row in compliance_rows(result, members):
        table.add_row(*(styled_cell(v) for v in row))
    console.print(table)
    for lead in dict.fromkeys(team.lead for team in teams):
        reminders = week_reminders(result, org, lead)
        overdue = sum(r.status is ComplianceStatus.OVERDUE for r in reminders)
        week = Table(title=f"This week for {lead}: {len(reminders)} ({overdue} overdue)", title_justify="left")
        for column in ("due", "member", "rule", "status", "what"):
            week.add_column(column)
        for r in reminders:
            week.add_row(
                r.due.isoformat(), r.member, RULE_LABELS[r.rule], styled_cell(compliance_cell(r.status)), r.key
            )
        console.print(week)
    console.print(policy_caption(policy))
    return EXIT_OK
