"""Fuzz targets: the whole-document files (team, SLA policy, KPI targets, feedback policy, mentoring TOML).

Each either loads or raises one :class:`~teamcore.exceptions.LoadError`; :func:`~fuzz._core.run_one` calls any
other exception foreign. ``load_pairs`` is a row loader, so its accounting is checked against ``tomllib``'s count
of ``[[pairs]]`` tables.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from fuzz._core import Target
from teamcore.feedback import load_feedback_policy
from teamcore.kpi import load_sla_policy, load_targets
from teamcore.mentoring import load_capacities, load_pairs
from teamcore.people import load_organisation

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "northwind"

SMALL_TOML = b"""format = "teamcore.organisation/1"
name = "Acme Support"

[[members]]
id = "anna"
name = "Anna Berg"
role = "team_lead"
timezone = "Europe/Stockholm"
country = "SE"
start_date = 2024-03-04
hours = { mon-fri = ["08:00-16:30"] }
languages = ["sv", "en"]
skills = { billing = 4, returns = 2 }
career_interests = ["Coaching"]
about = "Sings in a choir."
time_off = [{ start = 2026-07-06, end = 2026-07-31, reason = "Summer" }]

[[members]]
id = "bo"
name = "Bo Lind"
timezone = "Europe/Oslo"
country = "NO"
hours = { mon-thu = ["09:00-17:00"], fri = ["09:00-13:00"] }
skills = { billing = 2 }

[[members]]
id = "carla"
name = "Carla Diaz"
timezone = "America/New_York"
country = "US"
subdivision = "NY"
employment = "part_time"
hours = { sat = ["22:00-06:00"] }

[[teams]]
id = "nordics"
name = "Nordics"
lead = "anna"
members = ["anna", "bo", "carla"]
values = ["Kindness"]
goals = ["CSAT 90%"]
timezone = "Europe/Stockholm"
closed_days = [{ date = 2026-06-19, name = "Midsummer Eve" }]
"""

SMALL_JSON = b"""{"format": "teamcore.organisation/1", "name": "Acme Support",
 "members": [
  {"id": "anna", "name": "Anna Berg", "role": "team_lead", "timezone": "Europe/Stockholm", "country": "SE",
   "start_date": "2024-03-04", "hours": {"mon-fri": ["08:00-16:30"]}, "languages": ["sv", "en"],
   "skills": {"billing": 4}, "about": "Sings.", "time_off": [{"start": "2026-07-06", "end": "2026-07-31"}]},
  {"id": "bo", "name": "Bo Lind", "timezone": "Europe/Oslo", "country": "NO", "hours": {"sat": ["22:00-06:00"]}},
  {"id": "carla", "name": "Carla Diaz", "timezone": "America/New_York", "country": "US", "subdivision": "NY"}],
 "teams": [{"id": "nordics", "name": "Nordics", "lead": "anna", "members": ["anna", "bo", "carla"],
   "values": ["Kindness"], "goals": ["CSAT"], "closed_days": [{"date": "2026-06-19", "name": "Midsummer Eve"}]}]}
"""


def _example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def _pairs(data: bytes) -> int | None:
    """``[[pairs]]`` tables as ``tomllib`` reads them (``None`` if it is no TOML with a list of pairs)."""
    try:
        pairs = tomllib.loads(data.decode("utf-8")).get("pairs", [])
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    return len(pairs) if isinstance(pairs, list) else None


_ORG = load_organisation(EXAMPLES / "organisation.toml")

TARGETS = [
    Target("load_organisation.toml", ".toml", (SMALL_TOML, _example("organisation.toml")), load_organisation),
    Target("load_organisation.json", ".json", (SMALL_JSON, _example("organisation.json")), load_organisation),
    Target("load_sla_policy", ".toml", (_example("sla.toml"),), load_sla_policy),
    Target("load_targets", ".toml", (_example("targets.toml"),), load_targets),
    Target("load_targets.org", ".toml", (_example("targets.toml"),), lambda p: load_targets(p, org=_ORG)),
    Target("load_feedback_policy", ".toml", (_example("feedback-policy.toml"),), load_feedback_policy),
    Target(
        "load_feedback_policy.org",
        ".toml",
        (_example("feedback-policy.toml"),),
        lambda p: load_feedback_policy(p, org=_ORG),
    ),
    Target("load_capacities", ".toml", (_example("mentoring.toml"),), load_capacities),
    Target("load_pairs.toml", ".toml", (_example("mentoring.toml"),), load_pairs, records=_pairs),
    Target("load_pairs.toml.org", ".toml", (_example("mentoring.toml"),), lambda p: load_pairs(p, org=_ORG)),
]
