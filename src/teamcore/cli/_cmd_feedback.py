"""``teamcore feedback PATH --log FILE --now ISO [--member M] [--team T] [--policy FILE]``: feedback compliance."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
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
from teamcore.cli._output import CsvTable, add_format, emit
from teamcore.feedback import (
    Compliance,
    ComplianceStatus,
    FeedbackLog,
    FeedbackPolicy,
    Reminder,
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
    add_format(parser, csv_help="the compliance table; with --member, that member's obligations")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the compliance table and each lead's reminders, or one member's obligations (or JSON, CSV)."""
    console = console_for(args)
    org = load_org(args)
    loaded = load_feedback(args.log, org=org)
    warn_rejected(console, loaded, limit=args.max_rejected)
    log = FeedbackLog.from_records(loaded.items)
    policy = None if args.policy is None else load_feedback_policy(args.policy, org=org)
    result = compliance(log, org, now_from(args), policy)
    if args.member is not None:
        result.member(args.member)  # an unknown member is an error whatever the format
        members = [args.member]
    else:
        teams = [org.team(args.team)] if args.team else list(org.teams)
        members = list(dict.fromkeys(m for team in teams for m in team.members)) or [m.id for m in org.members]
    leads = [] if args.member is not None else list(dict.fromkeys(team.lead for team in teams))
    reminders: dict[str, tuple[Reminder, ...]] = {lead: week_reminders(result, org, lead) for lead in leads}

    def show(out: Console) -> None:
        if args.member is not None:
            _show_member(out, result, args.member)
        else:
            _show_teams(out, result, members, reminders)
        out.print(policy_caption(policy))

    emit(
        args,
        console,
        "feedback",
        data=lambda: _data(args, result, members, reminders, policy),
        table=lambda: (
            _obligation_rows(result, members) if args.member is not None else _compliance_rows(result, members)
        ),
        show=show,
    )
    return EXIT_OK


def _show_member(console: Console, result: Compliance, member: str) -> None:
    each = result.member(member)
    table = Table(title=f"Obligations of {each.member} ({each.timezone})", title_justify="left")
    for column in ("rule", "key", "due", "status", "late by", "detail"):
        table.add_column(column, overflow="fold")
    for o in each.obligations:
        late = "" if o.lateness is None else f"{o.lateness} bd"
        table.add_row(
            RULE_LABELS[o.rule], o.key, o.due.isoformat(), styled_cell(compliance_cell(o.status)), late, o.detail
        )
    console.print(table)


def _show_teams(
    console: Console, result: Compliance, members: list[str], reminders: dict[str, tuple[Reminder, ...]]
) -> None:
    table = Table(title="Feedback-cycle compliance", title_justify="left")
    table.add_column("member", no_wrap=True)
    for column in (*RULE_LABELS.values(), "1:1 rate"):
        table.add_column(column)
    for row in compliance_rows(result, members):
        table.add_row(*(styled_cell(v) for v in row))
    console.print(table)
    for lead, items in reminders.items():
        overdue = sum(r.status is ComplianceStatus.OVERDUE for r in items)
        week = Table(title=f"This week for {lead}: {len(items)} ({overdue} overdue)", title_justify="left")
        for column in ("due", "member", "rule", "status", "what"):
            week.add_column(column)
        for r in items:
            week.add_row(
                r.due.isoformat(), r.member, RULE_LABELS[r.rule], styled_cell(compliance_cell(r.status)), r.key
            )
        console.print(week)


def _compliance_rows(result: Compliance, members: list[str]) -> CsvTable:
    """One row per member: each rule's roll-up status (empty: nothing to check) and the 1:1 adherence."""
    header = ("member", *(rule.value for rule in RULE_LABELS), "one_on_one_rate")
    rows = []
    for member in members:
        each = result.member(member)
        statuses = [each.status(rule) for rule in RULE_LABELS]
        rate = each.one_on_one_adherence
        rows.append((member, *statuses, None if rate is None else round(rate, 4)))
    return header, rows


_OBLIGATION_COLUMNS = ("member", "owner", "rule", "key", "due", "due_at", "status", "done_on", "lateness", "detail")


def _obligation_rows(result: Compliance, members: list[str]) -> CsvTable:
    rows = [
        (o.member, o.owner, o.rule, o.key, o.due, o.due_at, o.status, o.done_on, o.lateness, o.detail)
        for member in members
        for o in result.member(member).obligations
    ]
    return _OBLIGATION_COLUMNS, rows


def _data(
    args: argparse.Namespace,
    result: Compliance,
    members: list[str],
    reminders: dict[str, tuple[Reminder, ...]],
    policy: FeedbackPolicy | None,
) -> dict[str, Any]:
    header, rows = _compliance_rows(result, members)
    obligations_header, obligations = _obligation_rows(result, members)
    return {
        "now": now_from(args),
        "team": args.team,
        "member": args.member,
        "policy": policy_caption(policy),
        "compliance": [
            {"member": row[0], "rules": dict(zip(header[1:-1], row[1:-1], strict=True)), "one_on_one_rate": row[-1]}
            for row in rows
        ],
        "reminders": [
            {
                "lead": lead,
                "due": r.due,
                "due_at": r.due_at,
                "member": r.member,
                "rule": r.rule,
                "status": r.status,
                "key": r.key,
                "text": r.text,
            }
            for lead, items in reminders.items()
            for r in items
        ],
        "obligations": [dict(zip(obligations_header, row, strict=True)) for row in obligations],
    }
