r"""Fuzz targets: the row loaders of feedback records, knowledge articles, mentoring pairs and forecast rows.

Each row loader has an independent record counter beside it: Python's ``csv`` module for CSV, a split on ``\n``
and ``\r\n`` only for JSON lines (never ``str.splitlines``, which also splits on U+2028, U+2029, U+0085 and lone
CR inside JSON strings), and ``tomllib`` for the ``[[pairs]]`` tables of a TOML mentoring file.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fuzz._core import Target
from teamcore.feedback import load_feedback
from teamcore.knowledge import load_articles
from teamcore.mentoring import load_pairs
from teamcore.people import Organisation, load_organisation
from teamcore.staffing import load_forecast, load_forecast_rows

__all__ = ["TARGETS", "csv_records", "jsonl_records", "toml_pairs"]

NORTHWIND = Path(__file__).resolve().parent.parent / "examples" / "northwind"

ARTICLES = b"""id,title,owner,topics,last_reviewed
kb-001,How to issue a refund,johan.berg,refunds;billing,2026-09-14
kb-002,Changing the billing plan,johan.berg,billing;invoices,2026-09-03
kb-003,Two-factor sign-in,ana.souza,two-factor,2025-01-20
"""

ARTICLES_JSONL = b"""{"id": "kb-001", "title": "How to issue a refund", "owner": "johan.berg", "topics": ["refunds", "billing"], "last_reviewed": "2026-09-14"}
{"id": "kb-002", "title": "Changing the billing plan", "owner": "johan.berg", "topics": "billing;invoices", "last_reviewed": "2026-09-03"}
{"id": "kb-003", "title": "Two-factor sign-in", "owner": "ana.souza", "topics": ["two-factor"], "last_reviewed": "2025-01-20"}
"""  # noqa: E501 - one record a line

PAIRS_CSV = b"""mentor,mentee,since,focus,status
astrid.lindqvist,johan.berg,2025-02-03,escalations,active
johan.berg,mikael.holm,2026-09-14,billing;returns,
hannah.lee,jordan.walker,,payments,ended
"""

PAIRS_JSONL = b"""{"mentor": "astrid.lindqvist", "mentee": "johan.berg", "since": "2025-02-03", "focus": ["escalations"]}
{"mentor": "johan.berg", "mentee": "mikael.holm", "since": "2026-09-14", "focus": "billing;returns", "status": "active"}
{"mentor": "hannah.lee", "mentee": "jordan.walker", "status": "ended"}
"""  # noqa: E501 - one record a line

FORECAST_CSV = b"""start,volume
2026-11-23T08:00:00Z,3.5
2026-11-23T08:30:00Z,4
2026-11-23T10:00:00+01:00,0
not a time,1
"""

FORECAST_GRID_CSV = b"""start,volume
2026-11-23T08:00:00Z,3.5
2026-11-23T08:30:00Z,4
2026-11-23T10:00:00+01:00,0
2026-11-23T09:30:00Z,12.25
"""

FORECAST_JSONL = b"""{"start": "2026-11-23T08:00:00Z", "volume": 3.5}
{"start": "2026-11-23T08:30:00Z", "volume": "4"}
{"start": "2026-11-23T10:00:00+01:00", "volume": 0}
{"start": "2026-11-23T09:30:00Z", "volume": 12.25}
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


def jsonl_records(data: bytes) -> int | None:
    r"""Lines of a JSON lines file, split on ``\n`` only (a ``\r`` before it belongs to the line end).

    A final line end ends the last record rather than starting an empty one. ``None`` if it is not UTF-8.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def toml_pairs(data: bytes) -> int | None:
    """The ``[[pairs]]`` tables tomllib reads (``None`` if it is not TOML, or ``pairs`` is not an array)."""
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    pairs = document.get("pairs", [])
    return len(pairs) if isinstance(pairs, list) else None


def _feedback_seed_records() -> list[dict[str, Any]]:
    """A few dozen Northwind feedback records, every record kind, with the series the occurrences name."""
    lines = [json.loads(line) for line in (NORTHWIND / "feedback.jsonl").read_text("utf-8").splitlines() if line]
    series = [r for r in lines if r["record"] == "series"][:4]
    ids = {r["id"] for r in series}
    chosen: list[dict[str, Any]] = list(series)
    quota = {"occurrence": 8, "point": 4, "feedback": 8, "review": 4, "request": 2, "plan": 2}
    for record in lines:
        kind = record["record"]
        if kind == "series" or quota.get(kind, 0) == 0:
            continue
        if kind in {"occurrence", "point"} and record["series"] not in ids:
            continue
        quota[kind] -= 1
        chosen.append(record)
    return chosen


def _csv_cell(value: object) -> str:
    if isinstance(value, list):
        return ";".join(
            f"{v['text']} @{v['kpi_target']}" if isinstance(v, dict) and v.get("kpi_target") else str(v) for v in value
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _feedback_seeds() -> tuple[bytes, bytes]:
    records = _feedback_seed_records()
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    columns = list(dict.fromkeys(k for r in records for k in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(r.get(c)) for c in columns] for r in records)
    return jsonl, out.getvalue().encode()


FEEDBACK_JSONL, FEEDBACK_CSV = _feedback_seeds()


@cache
def _northwind() -> Organisation:
    return load_organisation(NORTHWIND / "organisation.toml")


def _with_org(load: Callable[..., Any]) -> Callable[[Path], object]:
    def call(path: Path) -> object:
        return load(path, org=_northwind())

    return call


TARGETS = [
    Target("load_articles", ".csv", (ARTICLES,), load_articles, records=csv_records),
    Target("load_articles_jsonl", ".jsonl", (ARTICLES_JSONL,), load_articles, records=jsonl_records),
    Target("load_feedback", ".jsonl", (FEEDBACK_JSONL,), load_feedback, records=jsonl_records),
    Target("load_feedback_csv", ".csv", (FEEDBACK_CSV,), load_feedback, records=csv_records),
    Target("load_feedback_org", ".jsonl", (FEEDBACK_JSONL,), _with_org(load_feedback), records=jsonl_records),
    Target("load_pairs_csv", ".csv", (PAIRS_CSV,), load_pairs, records=csv_records),
    Target("load_pairs_jsonl", ".jsonl", (PAIRS_JSONL,), load_pairs, records=jsonl_records),
    Target("load_pairs_toml", ".toml", ((NORTHWIND / "mentoring.toml").read_bytes(),), load_pairs, records=toml_pairs),
    Target("load_pairs_org", ".toml", ((NORTHWIND / "mentoring.toml").read_bytes(),), _with_org(load_pairs)),
    Target("load_forecast_rows", ".csv", (FORECAST_CSV,), load_forecast_rows, records=csv_records),
    Target("load_forecast_rows_jsonl", ".jsonl", (FORECAST_JSONL,), load_forecast_rows, records=jsonl_records),
    Target("load_forecast", ".csv", (FORECAST_GRID_CSV,), load_forecast),
]
