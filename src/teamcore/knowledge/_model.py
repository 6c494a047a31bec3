"""Knowledge-base articles, their loader, and how fresh the knowledge base is.

Agents spend much of their time searching for answers; an article nobody has reviewed in months sends them the
wrong way, and one industry report found 27% of brands had not updated their knowledge base in a long time. This
module finds stale articles, topics the team handles in tickets that no article covers, and each owner's review load.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from teamcore._display import short_repr
from teamcore._rows import LoadResult, load_rows, read_records
from teamcore._suggest import suggest
from teamcore._time import as_utc
from teamcore._validators import (
    attrs_validator,
    check_date,
    check_identifier,
    check_text,
    instance_tuple,
    text_tuple,
)
from teamcore.exceptions import DuplicateId, InvalidValue, UnknownColumn
from teamcore.people import MemberId, Organisation

__all__ = [
    "DEFAULT_MAX_AGE",
    "Article",
    "Freshness",
    "KnowledgeBase",
    "OwnerLoad",
    "StaleArticle",
    "freshness",
    "load_articles",
]

DEFAULT_MAX_AGE = dt.timedelta(days=180)
"""An article not reviewed for longer than this is stale (half a year, unless a team chooses otherwise)."""


def _topic(value: object, field: str) -> str:
    return check_text(value, field, max_length=64).lower()


def _topics(value: Iterable[str]) -> tuple[str, ...]:
    topics = text_tuple(_topic, "topics")(value)
    return tuple(dict.fromkeys(topics))


def _owner(value: str) -> MemberId:
    return MemberId(check_identifier(value, "owner"))


@attrs.frozen(kw_only=True)
class Article:
    """A knowledge-base article.

    Parameters
    ----------
    id
        Unique identifier.
    title
        The article's title.
    owner
        Member id of the person who keeps it current.
    topics
        What it answers, as lower-case topics (the same words tickets are tagged with).
    last_reviewed
        The date it was last reviewed or updated.
    """

    id: str = attrs.field(validator=attrs_validator(check_identifier))
    title: str = attrs.field(validator=attrs_validator(check_text))
    owner: MemberId = attrs.field(converter=_owner)
    topics: tuple[str, ...] = attrs.field(converter=_topics)
    last_reviewed: dt.date = attrs.field(validator=attrs_validator(check_date))

    def age(self, today: dt.date) -> dt.timedelta:
        """Time since the last review, as of `today` (negative if reviewed in the future)."""
        return today - self.last_reviewed


def _articles(value: Iterable[Article]) -> tuple[Article, ...]:
    items = instance_tuple(value, "articles", Article, "an Article")
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise DuplicateId(f"articles[{i}].id", item.id, "a unique article id")
        seen.add(item.id)
    return items


@attrs.frozen
class KnowledgeBase:
    """The team's knowledge base: articles with unique ids."""

    articles: tuple[Article, ...] = attrs.field(converter=_articles)

    def __repr__(self) -> str:
        return short_repr(self)

    def covered_topics(self) -> frozenset[str]:
        """Every topic some article answers."""
        return frozenset(topic for article in self.articles for topic in article.topics)


def _article_from_record(record: Mapping[str, Any]) -> Article:
    expected = {"id", "title", "owner", "topics", "last_reviewed"}
    unknown = sorted(set(record) - expected)
    if unknown:
        raise UnknownColumn(
            unknown[0], unknown[0], f"only the columns {sorted(expected)}", suggestion=suggest(unknown[0], expected)
        )
    missing = sorted(k for k in expected if record.get(k) in (None, ""))
    if missing:
        raise InvalidValue(missing[0], record.get(missing[0]), "a value (the column is required)")
    topics = record["topics"]
    if isinstance(topics, str):
        topics = [t.strip() for t in topics.split(";") if t.strip()]
    reviewed = record["last_reviewed"]
    try:
        day = dt.date.fromisoformat(reviewed) if isinstance(reviewed, str) else reviewed
    except ValueError:
        raise InvalidValue("last_reviewed", reviewed, "a date YYYY-MM-DD") from None
    return Article(id=record["id"], title=record["title"], owner=record["owner"], topics=topics, last_reviewed=day)


def load_articles(path: str | os.PathLike[str]) -> LoadResult[Article]:
    r"""Load articles from CSV (``id,title,owner,topics,last_reviewed``; topics separated by ``;``) or JSON lines.

    Every row is accounted for: loaded, or rejected with its row number and reason. Rows whose id repeats an earlier
    row's are rejected. An owner who is not (or no longer) a member is *not* a reason to reject: such articles have
    nobody keeping them current, and :func:`freshness` reports them.

    Returns
    -------
    LoadResult of Article
        The articles in :attr:`~teamcore.LoadResult.items`; ``rows_in == len(items) + len(rejected)``.

    Raises
    ------
    LoadError
        If the file cannot be read at all (missing, too large, not UTF-8, no header).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kb.csv"
    >>> _ = path.write_text("id,title,owner,topics,last_reviewed\n"
    ...                     "kb-1,Refunds,ana,billing,2026-10-01\n"
    ...                     "kb-1,Refunds again,ana,billing,2026-10-02\n")
    >>> result = load_articles(path)
    >>> result
    LoadResult(source='.../kb.csv', rows_in=2, loaded=1, rejected=1)
    >>> result.rejected[0].row, result.rejected[0].reason  # line 3: the header is line 1
    (3, "id: expected a unique article id (an earlier row has it), got 'kb-1'")
    """
    seen: set[str] = set()

    def build(record: Mapping[str, Any]) -> Article:
        article = _article_from_record(record)
        if article.id in seen:
            raise DuplicateId("id", article.id, "a unique article id (an earlier row has it)")
        seen.add(article.id)
        return article

    return load_rows(read_records(path), build, source=str(path))


@attrs.frozen
class StaleArticle:
    """An article past its review age."""

    article: Article
    age_days: int


@attrs.frozen
class OwnerLoad:
    """What one owner keeps: how many articles, how many stale."""

    owner: str
    articles: int
    stale: int


@attrs.frozen(kw_only=True)
class Freshness:
    """How fresh a knowledge base is as of a date.

    Attributes
    ----------
    as_of
        The date the ages are counted to.
    max_age
        The review age beyond which an article is stale.
    articles
        Number of articles.
    stale
        Stale articles, oldest first.
    uncovered_topics
        Topics seen in tickets that no article answers, with their ticket counts, most frequent first.
    owners
        Review load per owner, most stale first.
    unknown_owners
        Owners who are not members of the organisation (their articles have nobody to keep them current).
    """

    as_of: dt.date
    max_age: dt.timedelta
    articles: int
    stale: tuple[StaleArticle, ...]
    uncovered_topics: tuple[tuple[str, int], ...]
    owners: tuple[OwnerLoad, ...]
    unknown_owners: tuple[str, ...]

    @property
    def stale_share(self) -> float:
        """Share of articles that are stale, 0.0 for an empty knowledge base."""
        return len(self.stale) / self.articles if self.articles else 0.0


def freshness(
    kb: KnowledgeBase,
    now: dt.datetime,
    *,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
    ticket_topics: Mapping[str, int] | None = None,
    org: Organisation | None = None,
) -> Freshness:
    """Stale articles, uncovered ticket topics and owners' review load, as of `now` (its UTC date).

    Parameters
    ----------
    kb
        The knowledge base.
    now
        The current instant (aware).
    max_age
        Articles older than this since their last review are stale; default 180 days.
    ticket_topics
        Topic → number of tickets about it in the period of interest; topics without an article are reported.
    org
        If given, owners who are not members are listed in :attr:`Freshness.unknown_owners`.

    Returns
    -------
    Freshness
        For an empty knowledge base: no articles, nothing stale, every ticket topic uncovered.

    Examples
    --------
    >>> kb = KnowledgeBase([Article(id="a1", title="Refunds", owner="anna", topics=["refunds"],
    ...                             last_reviewed=dt.date(2026, 1, 10))])
    >>> report = freshness(kb, dt.datetime(2026, 11, 23, tzinfo=dt.UTC), ticket_topics={"refunds": 9, "sso": 4})
    >>> [s.article.id for s in report.stale], report.uncovered_topics
    (['a1'], (('sso', 4),))
    """
    today = as_utc(now, "now").date()
    if not isinstance(max_age, dt.timedelta) or max_age < dt.timedelta(0):
        raise InvalidValue("max_age", max_age, "a non-negative timedelta")
    stale = sorted(
        (StaleArticle(a, a.age(today).days) for a in kb.articles if a.age(today) > max_age),
        key=lambda s: (-s.age_days, s.article.id),
    )
    covered = kb.covered_topics()
    uncovered = sorted(
        ((topic.lower(), count) for topic, count in (ticket_topics or {}).items() if topic.lower() not in covered),
        key=lambda kv: (-kv[1], kv[0]),
    )
    per_owner = Counter(a.owner for a in kb.articles)
    stale_per_owner = Counter(s.article.owner for s in stale)
    owners = sorted(
        (OwnerLoad(owner, n, stale_per_owner[owner]) for owner, n in per_owner.items()),
        key=lambda o: (-o.stale, -o.articles, o.owner),
    )
    unknown = sorted(o for o in per_owner if org is not None and o not in org)
    return Freshness(
        as_of=today,
        max_age=max_age,
        articles=len(kb.articles),
        stale=tuple(stale),
        uncovered_topics=tuple(uncovered),
        owners=tuple(owners),
        unknown_owners=tuple(unknown),
    )
