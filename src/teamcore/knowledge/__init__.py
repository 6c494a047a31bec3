"""Knowledge base freshness: stale articles, uncovered ticket topics, owners' review load."""

from teamcore._rows import LoadResult, Rejected
from teamcore.knowledge._model import (
    DEFAULT_MAX_AGE,
    Article,
    Freshness,
    KnowledgeBase,
    OwnerLoad,
    StaleArticle,
    freshness,
    load_articles,
)

__all__ = [
    "DEFAULT_MAX_AGE",
    "Article",
    "Freshness",
    "KnowledgeBase",
    "LoadResult",
    "OwnerLoad",
    "Rejected",
    "StaleArticle",
    "freshness",
    "load_articles",
]
