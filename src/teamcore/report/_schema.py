"""The JSON Schema of JSON reports (``teamcore schema --report`` prints it)."""

from __future__ import annotations

from typing import Any

from teamcore.report._attention import KINDS
from teamcore.report._json import REPORT_FORMAT
from teamcore.report._status import Status

__all__ = ["report_schema"]

_CELL = {"type": ["string", "number", "null"]}
_STATUS = {"enum": [s.value for s in Status]}
_MAYBE_STATUS = {"oneOf": [_STATUS, {"type": "null"}]}
_UNIT = {"oneOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}
_TABLE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type", "title", "columns", "rows", "units", "statuses", "caption"],
    "properties": {
        "type": {"const": "table"},
        "title": {"type": "string"},
        "columns": {"type": "array", "items": {"type": "string"}},
        "rows": {"type": "array", "items": {"type": "array", "items": _CELL}},
        "units": {"type": "array", "items": {"oneOf": [{"const": "ratio"}, {"type": "null"}]}},
        "statuses": {"type": "array", "items": {"type": "array", "items": _MAYBE_STATUS}},
        "caption": {"type": "string"},
    },
}
_FIGURE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label", "value", "note", "unit", "target", "previous", "status"],
    "properties": {
        "label": {"type": "string"},
        "value": _CELL,
        "note": {"type": "string"},
        "unit": _UNIT,
        "target": _CELL,
        "previous": _CELL,
        "status": _MAYBE_STATUS,
    },
}


_INSTANT = {"type": "string", "format": "date-time", "pattern": "Z$"}
_ATTENTION = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "kind",
        "severity",
        "what",
        "actor",
        "due",
        "due_local",
        "overdue",
        "section",
        "table",
        "row",
        "key",
        "identity",
    ],
    "properties": {
        "kind": {"enum": list(KINDS)},
        "severity": {"enum": [Status.ACT.value, Status.WATCH.value]},
        "what": {"type": "string"},
        "actor": {
            "type": "object",
            "additionalProperties": False,
            "required": ["role", "member", "name", "timezone"],
            "properties": {
                "role": {"enum": ["lead", "member"]},
                "member": {"type": ["string", "null"]},
                "name": {"type": "string"},
                "timezone": {"type": "string"},
            },
        },
        "due": {"oneOf": [_INSTANT, {"type": "null"}]},
        "due_local": {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "overdue": {"type": "boolean"},
        "section": {"type": "string"},
        "table": {"type": "string"},
        "row": {"type": "integer", "minimum": 0},
        "key": {"type": "string"},
        "identity": {"type": "string"},
    },
}
_OPTIONAL_INSTANT = {"oneOf": [_INSTANT, {"type": "null"}]}
_VIEW_KIND = {"enum": ["organisation", "lead", "member"]}
_VIEW_REF = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "id"],
    "properties": {"kind": _VIEW_KIND, "id": {"type": ["string", "null"]}},
}
_VIEW = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "id", "timezone", "week_start", "week_end"],
    "properties": {
        "kind": _VIEW_KIND,
        "id": {"type": ["string", "null"]},
        "timezone": {"type": "string"},
        "week_start": _OPTIONAL_INSTANT,
        "week_end": _OPTIONAL_INSTANT,
    },
}
_COMPARISON = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["previous_now", "previous_title", "previous_view", "new", "still_open", "resolved", "figures"],
            "properties": {
                "previous_now": _INSTANT,
                "previous_title": {"type": "string"},
                "previous_view": _VIEW_REF,
                "new": {"type": "array", "items": {"type": "string"}},
                "still_open": {"type": "array", "items": {"type": "string"}},
                "resolved": {"type": "array", "items": _ATTENTION},
                "figures": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["section", "label", "now", "then", "delta", "unit", "change"],
                        "properties": {
                            "section": {"type": "string"},
                            "label": {"type": "string"},
                            "now": _CELL,
                            "then": _CELL,
                            "delta": {"type": ["number", "null"]},
                            "unit": {"enum": ["", "%"]},
                            "change": {"enum": ["up", "down", "unchanged", "changed", "new", "gone"]},
                        },
                    },
                },
            },
        },
    ]
}


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a JSON report of format :data:`REPORT_FORMAT`.

    Sections are identified by a stable ``key``; each holds blocks of four types: ``figures`` (key numbers),
    ``table``, ``paragraph`` and ``plot`` (a plot's kind, its alt text and the table of numbers behind it).
    ``attention`` is the ranked "Needs attention" list: each item's kind, severity, what to do, who acts, when it
    is due (UTC and the actor's local time), the section, table and row it comes from, and its ``identity`` (kind,
    who acts, what about), which names it across reports. ``view`` says whose report it is (organisation, a lead's
    or a member's, with their timezone and local week); ``comparison`` is ``null`` or what changed since an earlier
    report (figure deltas; attention items new, still open and resolved).
    Statuses and rates, one way everywhere: a table's ``rows`` hold plain values (text, numbers, ``null``) so that
    they load into any data frame as they are; beside them, ``units`` says per column whether its numbers are
    shares from 0 to 1 (``"ratio"``: the report shows them as percents) and ``statuses`` gives, per row and cell,
    the status ``ok``, ``watch`` or ``act`` the report shows it with (``null``: none). A figure has the same:
    ``value``, ``unit`` (``"ratio"``, a unit such as ``"h"``, or ``null``), ``target`` and ``previous`` (the value
    over the period before), in the figure's unit, and ``status``.
    The format tag changes when the meaning of a field changes; new sections and blocks may appear without it
    (format 2 added ``attention``, tables' ``units`` and ``statuses``, and figures' ``unit``, ``target``,
    ``previous`` and ``status``).
    """
    block = {
        "oneOf": [
            _TABLE,
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["type", "text"],
                "properties": {"type": {"const": "paragraph"}, "text": {"type": "string"}},
            },
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["type", "items"],
                "properties": {
                    "type": {"const": "figures"},
                    "items": {"type": "array", "items": _FIGURE},
                },
            },
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["type", "kind", "title", "alt", "data"],
                "properties": {
                    "type": {"const": "plot"},
                    "kind": {"enum": ["heatmap", "line", "bar", "graph"]},
                    "title": {"type": "string"},
                    "alt": {"type": "string"},
                    "data": _TABLE,
                },
            },
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://teamcore.dev/schema/report-2.json",
        "title": "teamcore team health report",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "title", "organisation", "team", "now", "view", "comparison", "attention", "sections"],
        "properties": {
            "format": {"const": REPORT_FORMAT},
            "title": {"type": "string"},
            "organisation": {"type": "string"},
            "team": {"type": ["string", "null"]},
            "now": _INSTANT,
            "view": _VIEW,
            "comparison": _COMPARISON,
            "attention": {"type": "array", "items": _ATTENTION},
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["key", "title", "blocks"],
                    "properties": {
                        "key": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"},
                        "title": {"type": "string"},
                        "blocks": {"type": "array", "items": block},
                    },
                },
            },
        },
    }
