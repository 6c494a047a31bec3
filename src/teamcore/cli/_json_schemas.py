"""The JSON Schema (draft 2020-12) of every command's ``--format json`` output; ``teamcore schema <command>`` prints it.

Each output is one object tagged ``"schema": "teamcore.<command>/<version>"``. The version changes when the
meaning or the type of a field changes, or a field goes; new fields may appear without it (so the objects allow
properties they do not list). ``docs/reference/cli-json.md`` is :func:`json_shapes_page`, and a test keeps it so.

Standard library only: ``teamcore schema`` loads nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from teamcore.exceptions import UnknownReference

__all__ = ["JSON_COMMANDS", "VERSIONS", "command_schema", "json_shapes_page", "schema_id"]

Schema = dict[str, Any]

_STR: Final[Schema] = {"type": "string"}
_INT: Final[Schema] = {"type": "integer"}
_NUM: Final[Schema] = {"type": "number"}
_BOOL: Final[Schema] = {"type": "boolean"}
_INSTANT: Final[Schema] = {"type": "string", "format": "date-time", "pattern": "Z$", "description": "UTC instant"}
_DATE: Final[Schema] = {"type": "string", "format": "date"}
_LOCAL: Final[Schema] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", "description": "local time"}
_CLOCK: Final[Schema] = {"type": "string", "pattern": r"^\d{2}:\d{2}$", "description": "wall-clock time HH:MM"}
_WEEKDAY: Final[Schema] = {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}


def _null(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _list(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def _obj(properties: dict[str, Schema], description: str = "") -> Schema:
    """An object with every listed property required; others may appear (see the module notes)."""
    out: Schema = {"type": "object", "required": list(properties), "properties": properties}
    if description:
        out["description"] = description
    return out


def _open(description: str) -> Schema:
    """An object whose keys vary (one per column, per entity, ...)."""
    return {"type": "object", "description": description}


def _coverage() -> Schema:
    gap = _obj(
        {
            "start": _INSTANT,
            "end": _INSTANT,
            "start_local": _LOCAL,
            "end_local": _LOCAL,
            "minutes": _INT,
            "lowest": _INT,
            "severity": {"enum": ["none", "short"]},
        }
    )
    cell = _obj({"weekday": _WEEKDAY, "hour": _INT, "mean": _null(_NUM), "min": _null(_NUM)})
    return {
        "from": _DATE,
        "to": _DATE,
        "tz": _STR,
        "required": _INT,
        "filters": _obj({"team": _null(_STR), "skill": _null(_STR), "min_level": _INT, "language": _null(_STR)}),
        "roster": {**_null(_STR), "description": "the roster file whose shifts are counted, if any"},
        "members": _list(_STR),
        "covered_share": _NUM,
        "uncovered_hours": _NUM,
        "peak": _INT,
        "heatmap": {**_list(cell), "description": "mean and lowest members working per weekday and local hour"},
        "gaps": {**_list(gap), "description": "runs of 15-minute slots with fewer than `required` members"},
    }


def _validate() -> dict[str, Schema]:
    problem = _obj({"path": _STR, "entry": _STR, "field": _STR, "message": _STR})
    return {
        "path": _STR,
        "valid": _BOOL,
        "problems": {**_list(problem), "description": "every problem, with its entry and field"},
        "organisation": _null(_obj({"name": _STR, "members": _INT, "teams": _list(_STR)})),
        "project": {
            **_null(_obj({"path": _STR, "commands": _list(_STR)})),
            "description": "the project file (teamcore.toml) checked too, with its per-command tables; null: none",
        },
    }


def _meetings() -> dict[str, Schema]:
    occurrence = _obj(
        {
            "date": _DATE,
            "start": _null(_INSTANT),
            "end": _null(_INSTANT),
            "local_time": _null(_CLOCK),
            "worst_pain": _null(_NUM),
        },
        "one occurrence; start, end and local_time are null when it could not be scheduled",
    )
    option = _obj({"weekday": _WEEKDAY, "first": _DATE, "burdens": _list(_NUM), "unscheduled": _INT})
    burden = _obj({"member": _STR, "timezone": _STR, "total": _NUM, "outside_hours": _INT, "nights": _INT})
    return {
        "team": _STR,
        "series": _obj(
            {
                "name": _STR,
                "frequency": {"enum": ["daily", "weekly", "monthly"]},
                "first": _DATE,
                "count": _INT,
                "duration_minutes": _INT,
                "zone": _STR,
            }
        ),
        "weekday_choice": _null(_obj({"weekday": _WEEKDAY, "reason": _STR, "options": _list(option)})),
        "occurrences": _list(occurrence),
        "burdens": {**_list(burden), "description": "worst burden first"},
        "fairness": _obj(
            {
                "worst": _NUM,
                "best": _NUM,
                "mean": _NUM,
                "gini": _NUM,
                "fixed_time": _null(_CLOCK),
                "fixed_worst": _null(_NUM),
            }
        ),
        "unscheduled": _list(_DATE),
    }


def _mentors() -> dict[str, Schema]:
    load = _obj({"mentor": _STR, "active": _INT, "capacity": _INT})
    component = _obj({"points": _NUM, "value": _NUM, "weight": _NUM, "detail": _STR})
    assignment = _obj(
        {
            "mentee": _STR,
            "mentor": _STR,
            "score": _NUM,
            "components": {"type": "object", "additionalProperties": component},
        }
    )
    unmatched = _obj({"mentee": _STR, "reason": _STR, "detail": _STR})
    return {
        "now": _INSTANT,
        "waiting": _list(_obj({"member": _STR, "name": _STR, "started": _null(_DATE), "timezone": _STR})),
        "load": _list(load),
        "overloaded": _list(load),
        "chains": _list(_list(_STR)),
        "suggestions": _null(
            _obj({"solver": _STR, "total": _NUM, "assignments": _list(assignment), "unmatched": _list(unmatched)})
        ),
    }


def _skills() -> dict[str, Schema]:
    return {
        "level": _INT,
        "team": _null(_STR),
        "min_bus_factor": _INT,
        "bus_factor": _list(_obj({"skill": _STR, "bus_factor": _INT, "only": _null(_STR)})),
        "training": _list(_obj({"skill": _STR, "bus_factor": _INT, "teachers": _list(_STR), "learners": _list(_STR)})),
        "peers": _list(_obj({"a": _STR, "a_teaches": _list(_STR), "b": _STR, "b_teaches": _list(_STR)})),
        "silos": _obj(
            {
                "communities": _list(_list(_STR)),
                "articulation_points": _list(_STR),
                "bridges": _list(_list(_STR)),
                "isolated": _list(_STR),
            }
        ),
    }


_STATUS: Final[Schema] = {"enum": ["met", "late", "overdue", "not_yet_due", "breached"]}
_RULE: Final[Schema] = {
    "enum": [
        "timely_feedback",
        "quarterly_review",
        "one_on_one",
        "no_surprises",
        "upward_requested",
        "recognition_ratio",
    ]
}


def _feedback() -> dict[str, Schema]:
    row = _obj(
        {
            "member": _STR,
            "rules": {"type": "object", "additionalProperties": _null(_STATUS)},
            "one_on_one_rate": _null(_NUM),
        },
        "each rule's roll-up status (null: nothing to check) and the share of 1:1s held",
    )
    reminder = _obj(
        {
            "lead": _STR,
            "due": _DATE,
            "due_at": _INSTANT,
            "member": _STR,
            "rule": _RULE,
            "status": _STATUS,
            "key": _STR,
            "text": _STR,
        }
    )
    obligation = _obj(
        {
            "member": _STR,
            "owner": _STR,
            "rule": _RULE,
            "key": _STR,
            "due": _DATE,
            "due_at": _INSTANT,
            "status": _STATUS,
            "done_on": _null(_DATE),
            "lateness": _null(_INT),
            "detail": _STR,
        }
    )
    return {
        "now": _INSTANT,
        "team": _null(_STR),
        "member": _null(_STR),
        "policy": _STR,
        "compliance": _list(row),
        "reminders": {**_list(reminder), "description": "this week's reminders per lead (none with --member)"},
        "obligations": _list(obligation),
    }


def _kpi() -> dict[str, Schema]:
    return {
        "view": {"enum": ["kpi", "scorecard"]},
        "by": _null({"enum": ["member", "team"]}),
        "period": _null({"enum": ["day", "week", "month"]}),
        "tz": _STR,
        "start": _INSTANT,
        "end": _INSTANT,
        "rows": _list(_open("one row per period and member or team: the KPI columns (times in seconds)")),
    }


def _sla() -> dict[str, Schema]:
    target = _obj(
        {
            "ticket_id": _STR,
            "metric": _STR,
            "priority": _STR,
            "target": _NUM,
            "elapsed": _NUM,
            "until_breach": _NUM,
            "breached": _BOOL,
        },
        "a target still running on an open ticket (seconds)",
    )
    achieved = _obj(
        {
            "metric": _STR,
            "priority": _STR,
            "target": _NUM,
            "achieved": _INT,
            "breached": _INT,
            "achievement": _null(_NUM),
        }
    )
    return {
        "policy": _STR,
        "business_hours": _BOOL,
        "now": _INSTANT,
        "start": _INSTANT,
        "team": _null(_STR),
        "open": {**_list(target), "description": "absent with --only achievement"},
        "achievement": {**_list(achieved), "description": "absent with --only open"},
    }


def _staffing() -> dict[str, Schema]:
    interval = _obj(
        {
            "start": _INSTANT,
            "end": _INSTANT,
            "volume": _null(_NUM),
            "required": _INT,
            "scheduled": _INT,
            "difference": _INT,
            "severity": {"enum": ["red", "amber", "green"]},
        }
    )
    return {
        "method": _STR,
        "service_level": _STR,
        "aht_seconds": _NUM,
        "shrinkage": _NUM,
        "window_hours": _null(_NUM),
        "patience_seconds": _null(_NUM),
        "team": _null(_STR),
        "skill": _null(_STR),
        "language": _null(_STR),
        "roster": {**_null(_STR), "description": "the roster file whose shifts are the schedule, if any"},
        "tz": _STR,
        "start": _INSTANT,
        "step_minutes": _INT,
        "contacts": _NUM,
        "peak_required": _INT,
        "counts": _obj({"red": _INT, "amber": _INT, "green": _INT}),
        "understaffed_agent_hours": _NUM,
        "overstaffed_agent_hours": _NUM,
        "spilled_hours": _NUM,
        "intervals": _list(interval),
    }


def _import() -> dict[str, Schema]:
    entity = _obj(
        {"entity": _STR, "records_in": _INT, "used": _INT, "ignored": _open("count per reason"), "rejected": _INT}
    )
    rejected = _obj({"entity": _STR, "entry": _STR, "ticket_id": _null(_STR), "reason": _STR})
    return {
        "source": _STR,
        "origin": _STR,
        "entities": _list(entity),
        "rejected_by_reason": _open("count per entity and reason"),
        "rejected": _list(rejected),
        "canonical": _obj({"tickets": _open("the tickets loader's summary"), "events": _open("the events loader's")}),
        "flags_by_code": _open("count per flag code"),
        "flags": _list(_obj({"ticket_id": _STR, "code": _STR, "reason": _STR})),
        "mapping": _open("the mapping used, per kind"),
        "files": _list(_STR),
    }


def _reconcile() -> dict[str, Schema]:
    return {
        "source": _STR,
        "tolerance_minutes": _NUM,
        "schedules": {},
        "vendor_values": _INT,
        "not_compared": _INT,
        "differ": _INT,
        "by_cause": _open("rows per cause"),
        "rows": _list(_open("one vendor value beside teamcore's: ticket_id, metric, basis, minutes, cause, ...")),
    }


def _fetch() -> dict[str, Schema]:
    return {
        "source": _STR,
        "account": _STR,
        "out": _STR,
        "pages": _INT,
        "requests": _INT,
        "records": _open("records written per entity"),
        "files": _list(_STR),
        "missing": _open("what the API did not give, per entity"),
        "retries": _INT,
        "waits": _list(_NUM),
        "state": _open("the cursors kept for the next run"),
    }


def _one_on_ones() -> dict[str, Schema]:
    slot = _obj(
        {
            "lead": _STR,
            "member": _STR,
            "lead_zone": _STR,
            "member_zone": _STR,
            "weekday": _null(_WEEKDAY),
            "time": _null(_CLOCK),
            "member_weekday": _null(_WEEKDAY),
            "member_time": _null(_CLOCK),
            "duration_minutes": _INT,
            "first": _null(_INSTANT),
            "starts": _list(_INSTANT),
            "outside": _list(_DATE),
            "pain": _NUM,
            "stable": _BOOL,
        },
        "the weekly slot in the lead's time and, in the member's, that of the first 1:1 (null: no slot found)",
    )
    return {
        "now": _INSTANT,
        "from": _null(_DATE),
        "weeks": _INT,
        "team": _null(_STR),
        "lead": _null(_STR),
        "ics": _null(_STR),
        "slots": _list(slot),
    }


def _roster() -> dict[str, Schema]:
    row = {
        "shifts": _INT,
        "hours": _NUM,
        "contract_hours": _NUM,
        "night": _NUM,
        "weekend": _NUM,
        "holiday": _NUM,
        "pain": _NUM,
        "fair_share": _NUM,
        "excess": _NUM,
    }
    gap = _obj({"start": _INSTANT, "end": _INSTANT, "group": _STR, "required": _INT, "covered": _INT})
    phase = _obj({"name": _STR, "status": _STR, "objective": _null(_NUM), "bound": _null(_NUM), "seconds": _NUM})
    shift = _obj(
        {"member": _STR, "template": _STR, "start": _INSTANT, "end": _INSTANT, "local_date": _DATE, "hours": _NUM}
    )
    violation = _obj(
        {"rule": _STR, "member": _STR, "value": _NUM, "limit": _NUM, "shifts": _list(_INSTANT), "message": _STR}
    )
    return {
        "action": {"enum": ["solve", "check", "burden", "time-off", "swap"]},
        "problem": _STR,
        "start": _INSTANT,
        "end": _INSTANT,
        "step_minutes": _INT,
        "members": _list(_STR),
        "solve": {
            **_obj(
                {
                    "status": {"enum": ["optimal", "feasible", "unknown"]},
                    "shortfall": _INT,
                    "gap": _NUM,
                    "seed": _INT,
                    "binding": _list(_STR),
                    "reasons": _open("binding contract minimum -> the rules that with it cannot all hold"),
                    "phases": _list(phase),
                }
            ),
            "description": "solve: how good the roster is proved to be",
        },
        "shifts": {**_list(shift), "description": "solve: the roster, one object per shift"},
        "uncovered": {
            **_list(gap),
            "description": "solve, check: intervals and groups with fewer agents than required",
        },
        "out": {**_null(_STR), "description": "solve, time-off: the roster file written (--out)"},
        "roster": {**_STR, "description": "check, time-off, swap: the roster file read"},
        "ok": {**_BOOL, "description": "check: whether the roster keeps every rule; swap: whether the swap does"},
        "time_off": {
            **_obj(
                {
                    "member": _STR,
                    "start": _DATE,
                    "end": _DATE,
                    "verdict": {"enum": ["approve", "approve_with_cover", "costs_coverage"]},
                    "cost": _open("group -> agent-intervals of coverage lost without cover"),
                    "cost_with_cover": {
                        **_null(_open("group -> agent-intervals lost with the re-solved roster")),
                    },
                    "removed": _list(shift),
                    "violations": _list(violation),
                    "shortfall": _list(gap),
                    "added": _list(shift),
                    "dropped": _list(shift),
                }
            ),
            "description": "time-off: the verdict, the coverage it costs per group and the cover found (--resolve)",
        },
        "swap": {
            **_obj(
                {
                    "moved": _list(shift),
                    "introduced": _list(violation),
                    "resolved": _list(violation),
                    "coverage_change": _open("group -> agent-intervals uncovered after minus before"),
                    "keeps_coverage": _BOOL,
                }
            ),
            "description": "swap: the shifts as moved, the rules it breaks and mends, the coverage it changes",
        },
        "violations": {**_list(violation), "description": "check: every broken rule"},
        "burden": {
            **_obj(
                {
                    "total": _NUM,
                    "unfairness": _NUM,
                    "worst": _STR,
                    "worst_region": _STR,
                    "members": _list(_obj({"member": _STR, "region": _STR, **row})),
                    "regions": _list(_obj({"region": _STR, **row})),
                }
            ),
            "description": "solve, burden: unsocial hours and pain per member and region against the fair share",
        },
        "ics": {**_list(_STR), "description": "the .ics files written (--ics-dir)"},
    }


def _init() -> dict[str, Schema]:
    return {
        "folder": _STR,
        "files": {**_list(_STR), "description": "the files written, in the order written"},
        "next": {**_STR, "description": "what to do next, in one sentence"},
    }


_SHAPES: Final[dict[str, tuple[str, Callable[[], dict[str, Schema]]]]] = {
    "init": ("the team folder scaffolded: the files written", _init),
    "validate": ("every problem of a team file, or a summary of the valid organisation", _validate),
    "coverage": ("who is working when: the weekday × hour profile and every gap", _coverage),
    "meetings": ("a fair rotation of a recurring meeting: occurrences, burdens, fairness", _meetings),
    "one-on-ones": ("the proposed weekly 1:1 slots, in the lead's and the member's local time", _one_on_ones),
    "mentors": ("newcomers without a mentor, mentors' load, chains and suggested mentors", _mentors),
    "skills": ("bus factor per skill, training suggestions, peer-learning pairs, silos", _skills),
    "feedback": ("feedback-cycle compliance per member, this week's reminders, the obligations", _feedback),
    "kpi": ("the KPI table or the scorecard, one object per row", _kpi),
    "sla": ("open tickets by time until breach, and SLA achievement", _sla),
    "staffing": ("agents required against scheduled, per interval", _staffing),
    "roster": ("a roster solved, checked or its burden: shifts, broken rules, uncovered intervals, burden", _roster),
    "import": ("the load report of an import: counts, rejections, flags, mapping, files written", _import),
    "reconcile": ("the helpdesk's own metric values beside teamcore's, with causes", _reconcile),
    "fetch": ("what a fetch wrote: records per entity, pages, retries, cursors", _fetch),
}

_OPTIONAL: Final[dict[str, tuple[str, ...]]] = {
    "sla": ("open", "achievement"),
    "roster": (
        "solve",
        "shifts",
        "uncovered",
        "out",
        "roster",
        "ok",
        "violations",
        "burden",
        "time_off",
        "swap",
        "ics",
    ),
}
"""Top-level fields a flag may leave out (``sla --only``) or that only some actions give (``roster check``)."""

JSON_COMMANDS: Final = tuple(_SHAPES)
"""The commands with ``--format json``, in the order of ``teamcore --help``."""

VERSIONS: Final[dict[str, int]] = dict.fromkeys(JSON_COMMANDS, 1)
"""The version of each command's JSON shape (see the module notes for when it changes)."""


def schema_id(command: str) -> str:
    """The tag of `command`'s JSON output, ``teamcore.<command>/<version>``.

    Examples
    --------
    >>> schema_id("coverage")
    'teamcore.coverage/1'
    """
    _check(command)
    return f"teamcore.{command}/{VERSIONS[command]}"


def _check(command: str) -> None:
    if command not in _SHAPES:
        raise UnknownReference("COMMAND", command, f"a command with JSON output: one of {', '.join(JSON_COMMANDS)}")


def command_schema(command: str) -> Schema:
    """The JSON Schema (draft 2020-12) of ``teamcore <command> --format json``.

    Raises
    ------
    UnknownReference
        If `command` has no JSON output.
    """
    _check(command)
    description, properties = _SHAPES[command]
    body = _obj({"schema": {"const": schema_id(command)}, **properties()})
    body["required"] = [name for name in body["required"] if name not in _OPTIONAL.get(command, ())]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"teamcore {command} --format json",
        "description": description,
        **body,
    }


def _type(schema: Schema) -> str:  # noqa: PLR0911 - one return per kind of schema
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if kind == "string" and "format" in schema:
        return f"string ({schema['format']})"
    if kind == "string" and "pattern" in schema:
        return f"string ({schema.get('description', schema['pattern'])})"
    if kind == "object" and "properties" in schema:
        return "object {" + ", ".join(schema["properties"]) + "}"
    return str(kind)


def json_shapes_page() -> str:
    """The docs page ``docs/reference/cli-json.md``: every command's JSON tag and its top-level fields."""
    lines = [
        "# JSON output of the commands",
        "",
        "<!-- Generated by teamcore.cli._json_schemas.json_shapes_page(); tests/cli/test_output.py checks it. -->",
        "",
        "Every command that outputs data takes `--format table|json|csv` and `--output FILE`. Its JSON output is",
        'one object whose `"schema"` field names its shape and version, `teamcore.<command>/<version>`; the version',
        "changes when a field changes meaning or type or goes away, and new fields may appear without it.",
        "`teamcore schema <command>` prints the full JSON Schema (draft 2020-12); `teamcore schema report` that of",
        "`teamcore report --json`. CSV output is the command's main table, a header row and RFC 4180 quoting.",
        "",
    ]
    for command in JSON_COMMANDS:
        schema = command_schema(command)
        lines += [f"## `teamcore {command}`", "", f"`{schema_id(command)}`: {schema['description']}.", ""]
        lines += ["| field | type |", "| --- | --- |"]
        for name, part in schema["properties"].items():
            optional = "" if name in schema["required"] else " (may be absent)"
            lines.append(f"| `{name}` | {_type(part)}{optional} |")
        lines.append("")
    return "\n".join(lines)
