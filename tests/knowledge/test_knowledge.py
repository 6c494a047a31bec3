"""Tests for knowledge-base articles, their loader, and freshness."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamcore._rows import read_records
from teamcore.exceptions import DuplicateId, FileTooLarge, InvalidValue, WrongType
from teamcore.knowledge import Article, KnowledgeBase, freshness, load_articles
from teamcore.people import Member, Organisation

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


def article(
    i: int = 1, reviewed: dt.date = dt.date(2026, 10, 1), topics: tuple[str, ...] = ("refunds",), owner: str = "anna"
) -> Article:
    return Article(id=f"kb{i}", title=f"Article {i}", owner=owner, topics=topics, last_reviewed=reviewed)


class TestArticle:
    def test_topics_normalised(self):
        """Topics are lower-cased and deduplicated in order."""
        assert article(topics=("Refunds", "SSO", "refunds")).topics == ("refunds", "sso")

    @pytest.mark.parametrize(
        ("overrides", "error"),
        [
            ({"owner": "anna berg"}, InvalidValue),  # a malformed member id
            ({"title": ""}, InvalidValue),  # an empty title
            ({"topics": "refunds"}, WrongType),  # a lone string as topics
            ({"last_reviewed": "2026-01-01"}, WrongType),  # a string where a date belongs
        ],
    )
    def test_bad_input(self, overrides, error):
        """Bad fields raise a specific error."""
        fields = {"id": "kb1", "title": "T", "owner": "anna", "topics": ["x"], "last_reviewed": dt.date(2026, 1, 1)}
        fields.update(overrides)
        with pytest.raises(error):
            Article(**fields)

    def test_duplicate_ids(self):
        """A knowledge base refuses two articles with one id."""
        with pytest.raises(DuplicateId, match="kb1"):
            KnowledgeBase([article(1), article(1)])


class TestFreshness:
    def test_stale_and_uncovered(self):
        """Old articles are stale, oldest first; ticket topics without an article are listed by count."""
        kb = KnowledgeBase(
            [
                article(1, dt.date(2025, 1, 1)),
                article(2, dt.date(2026, 11, 1), ("sso",)),
                article(3, dt.date(2026, 3, 1), ("api",), owner="bo"),
            ]
        )
        fresh = freshness(kb, NOW, ticket_topics={"refunds": 5, "Billing": 9, "mobile": 2, "sso": 1})
        assert [s.article.id for s in fresh.stale] == ["kb1", "kb3"]
        assert fresh.uncovered_topics == (("billing", 9), ("mobile", 2))
        assert fresh.stale_share == pytest.approx(2 / 3)
        assert [(o.owner, o.articles, o.stale) for o in fresh.owners] == [("anna", 2, 1), ("bo", 1, 1)]

    def test_unknown_owners(self):
        """Owners who are not members are listed."""
        org = Organisation(name="O", members=[Member(id="anna", name="A", timezone="UTC", country="SE")])
        fresh = freshness(KnowledgeBase([article(owner="zed")]), NOW, org=org)
        assert fresh.unknown_owners == ("zed",)

    def test_empty(self):
        """An empty knowledge base: nothing stale, share 0, every ticket topic uncovered."""
        fresh = freshness(KnowledgeBase([]), NOW, ticket_topics={"sso": 3})
        assert (fresh.articles, fresh.stale, fresh.stale_share) == (0, (), 0.0)
        assert fresh.uncovered_topics == (("sso", 3),)

    def test_negative_max_age(self):
        """A negative max age is refused."""
        with pytest.raises(InvalidValue, match="max_age"):
            freshness(KnowledgeBase([]), NOW, max_age=dt.timedelta(days=-1))

    @given(st.lists(st.integers(0, 800), max_size=20), st.integers(0, 400))
    def test_staleness_monotonic(self, ages, max_days):
        """A longer allowed age never makes more articles stale, and time passing never makes fewer stale."""
        kb = KnowledgeBase([article(i, NOW.date() - dt.timedelta(days=a)) for i, a in enumerate(ages)])
        base = len(freshness(kb, NOW, max_age=dt.timedelta(days=max_days)).stale)
        assert len(freshness(kb, NOW, max_age=dt.timedelta(days=max_days + 30)).stale) <= base
        later = NOW + dt.timedelta(days=30)
        assert len(freshness(kb, later, max_age=dt.timedelta(days=max_days)).stale) >= base


class TestLoader:
    def test_csv_every_row_accounted_for(self, tmp_path):
        """Good rows load; each bad row is rejected with its number and reason; in = loaded + rejected."""
        path = tmp_path / "kb.csv"
        path.write_text(
            "id,title,owner,topics,last_reviewed\n"
            "kb1,Refunds,anna,refunds;returns,2026-10-01\n"
            "kb2,SSO,anna,sso,2026-13-01\n"  # bad date
            "kb1,Again,anna,x,2026-10-01\n"  # duplicate id
            "kb3,API,zed,api,2026-10-01\n"  # an owner who left: loaded, reported by freshness
            "kb4,,anna,api,2026-10-01\n"  # missing title
            "kb5,Mobile,anna,mobile,2026-09-01,extra\n",  # too many cells
            encoding="utf-8",
        )
        result = load_articles(path)
        assert [a.id for a in result.items] == ["kb1", "kb3"]
        assert [r.row for r in result.rejected] == [3, 4, 6, 7]  # their lines: the header is line 1
        assert result.rows_in == 6
        reasons = [r.reason for r in result.rejected]
        assert "last_reviewed" in reasons[0]
        assert "unique article id" in reasons[1]
        assert "title" in reasons[2]
        assert "cells" in reasons[3]

    def test_jsonl(self, tmp_path):
        """JSON lines load with list topics; a non-object line is rejected."""
        path = tmp_path / "kb.jsonl"
        rows = [{"id": "kb1", "title": "T", "owner": "anna", "topics": ["a"], "last_reviewed": "2026-01-01"}, [1]]
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        result = load_articles(path)
        assert len(result.items) == 1
        assert result.rejected[0].row == 2

    def test_too_large(self, tmp_path):
        """Files over the limit are refused before reading."""
        path = tmp_path / "kb.csv"
        path.write_text("id,title,owner,topics,last_reviewed\n", encoding="utf-8")
        with pytest.raises(FileTooLarge):
            list(read_records(path, max_bytes=1))

    def test_unknown_suffix(self, tmp_path):
        """Only .csv and .jsonl are read."""
        with pytest.raises(InvalidValue, match=r"\.csv or \.jsonl"):
            load_articles(tmp_path / "kb.xlsx")


class TestReportSection:
    def test_uncovered_topics_come_from_the_tickets(self):
        """Without ticket_topics, the report counts the topic column of the last 28 days' tickets."""
        import polars as pl  # noqa: PLC0415 - only this test needs a ticket table

        from teamcore.report import ReportContext  # noqa: PLC0415
        from teamcore.report._knowledge import knowledge_section  # noqa: PLC0415

        now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
        org = Organisation(name="A", members=[Member(id="anna", name="Anna", timezone="UTC", country="GB")])
        kb = KnowledgeBase(
            [Article(id="a1", title="Refunds", owner="anna", topics=["refunds"], last_reviewed=dt.date(2026, 11, 1))]
        )
        days = [now - dt.timedelta(days=d) for d in (1, 2, 3, 40)]
        tickets = pl.DataFrame({"created_at": days, "topic": ["sso", "refunds", "sso", "tax"]})
        section = knowledge_section(ReportContext(org=org, now=now, knowledge=kb, tickets=tickets))
        table = next(b for b in section.blocks if getattr(b, "title", "").startswith("Topics"))
        assert list(table.rows) == [("sso", 2)]  # tax is older than 28 days; refunds has an article
        given = knowledge_section(
            ReportContext(org=org, now=now, knowledge=kb, tickets=tickets, ticket_topics={"tax": 3})
        )
        table = next(b for b in given.blocks if getattr(b, "title", "").startswith("Topics"))
        assert list(table.rows) == [("tax", 3)]  # an explicit mapping wins
