"""The knowledge-base section: stale articles, topics without an article, owners' review load."""

from __future__ import annotations

from teamcore.knowledge import freshness
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Section, Table

__all__ = ["knowledge_section"]


def knowledge_section(ctx: ReportContext) -> Section | None:
    """Knowledge-base freshness as of ``now``; ``None`` when no knowledge base was given."""
    if ctx.knowledge is None:
        return None
    fresh = freshness(ctx.knowledge, ctx.now, org=ctx.org, ticket_topics=ctx.ticket_topics)
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
        ),
        Table(
            title="Review load per owner",
            columns=["owner", "articles", "stale"],
            rows=[(o.owner, o.articles, o.stale) for o in fresh.owners],
            caption="Owners who are not members: " + ", ".join(fresh.unknown_owners) if fresh.unknown_owners else "",
        ),
    ]
    return Section(key="knowledge", title="Knowledge base freshness", blocks=blocks)
