"""The knowledge-base section: stale articles, topics without an article, owners' review load."""

from __future__ import annotations

import datetime as dt

from teamcore.knowledge import freshness
from teamcore.kpi import ticket_topics
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Section, Table

__all__ = ["TOPIC_DAYS", "knowledge_section"]

TOPIC_DAYS = 28
"""How far back the report counts ticket topics when none are given."""


def knowledge_section(ctx: ReportContext) -> Section | None:
    """Knowledge-base freshness as of ``now``; ``None`` when no knowledge base was given.

    Uncovered topics come from ``ctx.ticket_topics``, or else from the ``topic`` column of the tickets created in
    the 28 days before ``now``.
    """
    if ctx.knowledge is None:
        return None
    topics = ctx.ticket_topics
    if topics is None and ctx.tickets is not None:
        topics = ticket_topics(ctx.tickets, start=ctx.now - dt.timedelta(days=TOPIC_DAYS), end=ctx.now)
    fresh = freshness(ctx.knowledge, ctx.now, org=ctx.org, ticket_topics=topics)
    max_days = fresh.max_age.days
    blocks: list[Block] = [
        Figures(
            [
                Figure("Articles", fresh.articles),
                Figure("Stale", len(fresh.stale), f"not reviewed in {max_days} days"),
                Figure("Stale share", f"{fresh.stale_share:.0%}"),
                Figure("Uncovered topics", len(fresh.uncovered_topics), "asked in tickets, no article"),
            ]
        ),
        Table(
            title="Stale articles",
            columns=["article", "title", "owner", "days since review"],
            rows=[(s.article.id, s.article.title, s.article.owner, s.age_days) for s in fresh.stale],
        ),
        Table(
            title="Topics customers ask about that no article answers",
            columns=["topic", "tickets"],
            rows=list(fresh.uncovered_topics),
            caption="" if ctx.ticket_topics is not None else f"Tickets created in the last {TOPIC_DAYS} days.",
        ),
        Table(
            title="Review load per owner",
            columns=["owner", "articles", "stale"],
            rows=[(o.owner, o.articles, o.stale) for o in fresh.owners],
            caption="Owners who are not members: " + ", ".join(fresh.unknown_owners) if fresh.unknown_owners else "",
        ),
    ]
    return Section(key="knowledge", title="Knowledge base freshness", blocks=blocks)
