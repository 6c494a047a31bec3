"""The report as JSON, with a versioned schema."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from teamcore.report._attention import AttentionItem
from teamcore.report._comparison import ReportComparison
from teamcore.report._model import Block, Figure, Paragraph, Plot, Report, Table, View, cell_status, plain
from teamcore.report._status import Rate

__all__ = ["REPORT_FORMAT", "attention_to_dict", "report_to_dict", "report_to_json"]

REPORT_FORMAT: Final = "teamcore.report/2"
"""The ``format`` tag of JSON reports; it changes when a field's meaning changes (2: the ``attention`` list, tables'
``units`` and ``statuses``, figures' ``unit``, ``target``, ``previous`` and ``status``; later extended with ``view``,
``comparison`` and each item's ``identity``)."""


def _instant(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def attention_to_dict(item: AttentionItem, now: dt.datetime) -> dict[str, Any]:
    """One attention item as JSON-ready data: due in UTC (``Z``) and in the actor's zone, and whether overdue."""
    local = item.local_due()
    return {
        "kind": item.kind,
        "severity": item.severity,
        "what": item.what,
        "actor": {"role": item.actor.role, "member": item.actor.member, "name": item.actor.name,
                  "timezone": item.actor.timezone},
        "due": None if item.due is None else _instant(item.due),
        "due_local": None if local is None else local.isoformat(),
        "overdue": item.overdue(now),
        "section": item.section,
        "table": item.table,
        "row": item.row,
        "key": item.key,
        "identity": item.identity,
    }  # fmt: skip


def _table(block: Table) -> dict[str, Any]:
    return {
        "type": "table",
        "title": block.title,
        "columns": list(block.columns),
        "rows": [[plain(cell) for cell in row] for row in block.rows],
        "units": list(block.units()),
        "statuses": [[cell_status(cell) for cell in row] for row in block.rows],
        "caption": block.caption,
    }


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "label": figure.label,
        "value": plain(figure.value),
        "note": figure.note,
        "unit": "ratio" if isinstance(figure.value, Rate) else (figure.unit or None),
        "target": plain(figure.target),
        "previous": plain(figure.previous),
        "status": figure.status,
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
        "items": [_figure(f) for f in block.items],
    }


def _view(view: View) -> dict[str, Any]:
    return {
        "kind": view.kind,
        "id": view.id,
        "timezone": view.timezone,
        "week_start": None if view.week_start is None else _instant(view.week_start),
        "week_end": None if view.week_end is None else _instant(view.week_end),
    }


def _comparison(comparison: ReportComparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    kind, member = comparison.previous_view
    return {
        "previous_now": _instant(comparison.previous_now),
        "previous_title": comparison.previous_title,
        "previous_view": {"kind": kind, "id": member},
        "new": [i.identity for i in comparison.new],
        "still_open": [i.identity for i in comparison.still_open],
        "resolved": [attention_to_dict(i, comparison.previous_now) for i in comparison.resolved],
        "figures": [
            {"section": f.section, "label": f.label, "now": plain(f.now), "then": plain(f.then),
             "delta": f.delta, "unit": f.unit, "change": f.change}
            for f in comparison.figures
        ],
    }  # fmt: skip


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (``format`` = :data:`REPORT_FORMAT`).

    ``view`` says whose report it is (kind ``organisation``, ``lead`` or ``member``, the id, the timezone and the
    local week); ``comparison`` is ``null`` unless the report was compared with an earlier one; new and still-open
    items are named by their ``identity`` (their data is in ``attention``), resolved ones given whole.
    """
    return {
        "format": REPORT_FORMAT,
        "title": report.title,
        "organisation": report.organisation,
        "team": report.team,
        "now": _instant(report.now),
        "view": _view(report.view),
        "comparison": _comparison(report.comparison),
        "attention": [attention_to_dict(item, report.now) for item in report.attention],
        "sections": [
            {"key": s.key, "title": s.title, "blocks": [_block(b) for b in s.blocks]} for s in report.sections
        ],
    }


def report_to_json(report: Report) -> str:
    """The report as JSON text; the same report always gives the same bytes."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
