"""The knowledge-base section: stale articles, topics without an article, owners' review load."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable

from teamcore._time import local_to_utc, timezone
from teamcore.knowledge import freshness
from teamcore.kpi import ticket_topics
from teamcore.report._attention import AttentionItem, lead_of
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Cell, Figure, Figures, Plot, Section, Table
from teamcore.report._status import Rate, Rated, Status

__all__ = ["TOPIC_DAYS", "age_rows", "knowledge_section"]

TOPIC_DAYS = 28
"""How far back the report counts ticket topics when none are given."""


def article_status(*, owner_stays: bool) -> Status:
    """A stale article's status: ``watch`` while its owner can review it, ``act`` when the owner left."""
    return Status.WATCH if owner_stays else Status.ACT


def age_rows(ages: Iterable[int], max_age: int) -> list[tuple[Cell, ...]]:
    """Articles per age band (days since review): bands half the stale age wide, from 0 to twice it, then one more.

    A band starts at the stale age, so each band is either all stale (and marked so) or all fresh.

    Examples
    --------
    >>> age_rows([10, 100, 200, 200, 900], 180)
    [('0-89 d', 1), ('90-179 d', 1), ('180-269 d (stale)', 2), ('270-359 d (stale)', 0), ('360+ d (stale)', 1)]
    """
    lows = sorted({-(-k * max_age // 2) for k in range(5)})
    counts = Counter(bisect.bisect_right(lows, age) - 1 for age in ages)
    rows: list[tuple[Cell, ...]] = []
    for band, low in enumerate(lows):
        span = f"{low}+ d" if band == len(lows) - 1 else f"{low}-{lows[band + 1] - 1} d"
        rows.append((span + (" (stale)" if low >= max_age else ""), counts[band]))
    return rows


def knowledge_section(ctx: ReportContext) -> Section | None:
    """Knowledge-base freshness as of ``now``; ``None`` when no knowledge base was given.

    A stale article's age is ``watch`` (its owner should review it), ``act`` when its owner left (nobody will).

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
    lead = lead_of(ctx.org, ctx.team)
    # A stale article whose owner is no longer a member has nobody to review it: the lead reassigns it. It went
    # stale when its review age ran out (midnight starting that day, the lead's time).
    attention = [
        AttentionItem(
            kind="stale_article_owner_left",
            what=f"Give article {s.article.id} a new owner ({s.article.owner} left; {s.age_days} days since review)",
            actor=lead,
            due=local_to_utc(s.article.last_reviewed + fresh.max_age, dt.time(0), timezone(lead.timezone)),
            severity=article_status(owner_stays=False),
            section="knowledge",
            table="Stale articles",
            row=i,
            key=s.article.id,
        )
        for i, s in enumerate(fresh.stale)
        if s.article.owner not in ctx.org
    ]
    blocks: list[Block] = [
        Figures(
            [
                Figure("Articles", fresh.articles),
                Figure(
                    "Stale",
                    len(fresh.stale),
                    f"not reviewed in {max_days} days",
                    target=0,
                    status=Status.worst([article_status(owner_stays=s.article.owner in ctx.org) for s in fresh.stale]),
                ),
                Figure("Stale share", Rate(fresh.stale_share)),
                Figure("Uncovered topics", len(fresh.uncovered_topics), "asked in tickets, no article"),
            ]
        ),
        Plot(
            kind="bar",
            title="Articles by days since their last review",
            alt=f"Ages of {fresh.articles} articles since their last review, in bands of half the {max_days}-day "
            f"stale age; {len(fresh.stale)} are stale.",
            data=Table(
                title="Articles per age band",
                columns=["days since review", "articles"],
                rows=age_rows((a.age(fresh.as_of).days for a in ctx.knowledge.articles), max_days),
            ),
        ),
        Table(
            title="Stale articles",
            columns=["article", "title", "owner", "days since review"],
            rows=[
                (
                    s.article.id,
                    s.article.title,
                    s.article.owner,
                    Rated(s.age_days, article_status(owner_stays=s.article.owner in ctx.org)),
                )
                for s in fresh.stale
            ],
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
    return Section(key="knowledge", title="Knowledge base freshness", blocks=blocks, attention=attention)
