"""Fuzz targets: the row loaders of feedback records, knowledge articles, mentoring pairs and forecast rows."""

from __future__ import annotations

import csv
import io

from fuzz._core import Target
from teamcore.knowledge import load_articles

ARTICLES = b"""id,title,owner,topics,last_reviewed
kb-001,How to issue a refund,johan.berg,refunds;billing,2026-09-14
kb-002,Changing the billing plan,johan.berg,billing;invoices,2026-09-03
kb-003,Two-factor sign-in,ana.souza,two-factor,2025-01-20
"""


def csv_records(data: bytes) -> int | None:
    """Records after the header, as Python's csv module reads the text (``None`` if it is not UTF-8 CSV)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None
    return max(len(rows) - 1, 0) if rows else None


TARGETS = [
    Target("load_articles", ".csv", (ARTICLES,), load_articles, records=csv_records),
]
