"""The report as JSON, with a versioned schema."""

from __future__ import annotations

import json
from typing import Any, Final

from teamcore.report._model import Block, Paragraph, Plot, Report, Table

__all__ = ["REPORT_FORMAT", "report_to_dict", "report_to_json"]

REPORT_FORMAT: Final = "teamcore.report/1"
"""The ``format`` tag of JSON reports; it changes when a field's meaning changes."""


def _table(block: Table) -> dict[str, Any]:
    return {
        "type": "table",
        "title": block.title,
        "columns": list(block.columns),
        "rows": [list(row) for row in block.rows],
        "caption": block.caption,
    }


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Plot):
        return {"type": "plot", "kind": block.kind, "title": block.title, "alt": block.alt, "data": _table(block.data)}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    return {
        "type": "figures",
        "items": [{"label": f.label, "value": f.value, "note": f.note} for f in block.items],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (``format`` = :data:`REPORT_FORMAT`)."""
    return {
        "format": REPORT_FORMAT,
        "title": report.title,
        "organisation": report.organisation,
        "team": report.team,
        "now": report.now.isoformat().replace("+00:00", "Z"),
        "sections": [
            {"key": s.key, "title": s.title, "blocks": [_block(b) for b in s.blocks]} for s in report.sections
        ],
    }


def report_to_json(report: Report) -> str:
    """The report as JSON text; the same report always gives the same bytes."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
