"""The published JSON Schema of the team-file format (``teamcore schema`` prints it).

The schema describes the *shape* of a file (keys, types, patterns). Rules that span entries, such as unique ids,
leads being members, or hours that do not overlap, are beyond JSON Schema and are checked by the loader. The test
suite validates the bundled example and every generated organisation against this schema, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, Final

from teamcore.people._member import MAX_SKILL_LEVEL, EmploymentType, Role

__all__ = ["FORMAT", "organisation_schema"]

FORMAT: Final = "teamcore.organisation/1"
"""The format tag written to and accepted in the ``format`` key of a team file."""

_ID = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$"}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 200}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_RANGE = {"type": "string", "pattern": r"^\s*([01]\d|2[0-3]):[0-5]\d\s*-\s*([01]\d|2[0-3]):[0-5]\d\s*$"}
_DAY = "(mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def organisation_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a team file in its JSON form.

    Returns
    -------
    dict
        A new dict each call; safe to modify.

    Examples
    --------
    >>> organisation_schema()["properties"]["format"]["const"]
    'teamcore.organisation/1'
    """
    member = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "timezone", "country"],
        "properties": {
            "id": _ID,
            "name": _TEXT,
            "timezone": {"type": "string", "description": "IANA timezone name, e.g. Europe/Stockholm"},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"},
            "subdivision": {
                "type": "string",
                "description": "subdivision code as the holidays package lists",
            },
            "role": {"enum": [r.value for r in Role]},
            "employment": {"enum": [e.value for e in EmploymentType]},
            "start_date": _DATE,
            "hours": {
                "type": "object",
                "description": "day or day range (mon-fri) -> working ranges HH:MM-HH:MM in local time; "
                "a range whose end is not after its start runs past midnight",
                "propertyNames": {"pattern": f"^{_DAY}(-{_DAY})?$"},
                "additionalProperties": _list(_RANGE),
            },
            "time_off": _list(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["start", "end"],
                    "properties": {
                        "start": _DATE,
                        "end": _DATE,
                        "reason": {"type": "string", "maxLength": 200},
                    },
                }
            ),
            "languages": _list({"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
            "skills": {
                "type": "object",
                "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9 _.+/\-]{0,63}$"},
                "additionalProperties": {"type": "integer", "minimum": 0, "maximum": MAX_SKILL_LEVEL},
            },
            "career_interests": _list(_TEXT),
            "strengths": _list(_TEXT),
            "growth_areas": _list(_TEXT),
            "about": {"type": "string", "maxLength": 2000},
        },
    }
    team = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "lead", "members"],
        "properties": {
            "id": _ID,
            "name": _TEXT,
            "lead": _ID,
            "members": {**_list(_ID), "uniqueItems": True, "minItems": 1},
            "values": _list({"type": "string", "minLength": 1, "maxLength": 300}),
            "goals": _list({"type": "string", "minLength": 1, "maxLength": 300}),
            "timezone": {"type": "string"},
            "closed_days": _list(
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["date"],
                    "properties": {"date": _DATE, "name": {"type": "string", "maxLength": 200}},
                }
            ),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://teamcore.dev/schema/organisation-1.json",
        "title": "teamcore organisation (team file)",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "members"],
        "properties": {
            "format": {"const": FORMAT},
            "name": _TEXT,
            "members": _list(member),
            "teams": _list(team),
        },
    }
