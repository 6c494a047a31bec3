"""assert_type cases for teamcore.knowledge."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

from teamcore.knowledge import Article, Freshness, KnowledgeBase, OwnerLoad, StaleArticle, freshness, load_articles


def freshness_result(path: str, now: dt.datetime) -> None:
    """Articles loaded from a file, and the freshness of the knowledge base they make."""
    loaded = load_articles(path)
    assert_type(loaded.items, tuple[Article, ...])
    kb = KnowledgeBase(articles=loaded.items)
    assert_type(kb.covered_topics(), frozenset[str])
    result = freshness(kb, now, ticket_topics={"billing": 3})
    assert_type(result, Freshness)
    assert_type(result.stale, tuple[StaleArticle, ...])
    assert_type(result.owners, tuple[OwnerLoad, ...])
    assert_type(result.uncovered_topics, tuple[tuple[str, int], ...])
    assert_type(result.stale_share, float)
    assert_type(kb.articles[0].age(now.date()), dt.timedelta)
    freshness(kb, now.date())  # type: ignore[arg-type]
