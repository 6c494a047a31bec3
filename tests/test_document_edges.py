"""Whole-document files at their edges: each ends in one LoadError listing every problem with path, entry and field.

Deep nesting, lists and tables where text is expected, durations and instants beyond what Python's types hold, and
numbers beyond 64 bits, in team, SLA policy, KPI target, feedback policy and mentoring files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz.targets_documents import EXAMPLES, SMALL_JSON
from teamcore.exceptions import LoadError, MalformedFile
from teamcore.feedback import load_feedback_policy
from teamcore.kpi import load_sla_policy, load_targets
from teamcore.mentoring import load_capacities, load_pairs
from teamcore.people import load_organisation

ORG = "organisation.toml"
SUMMER = 'reason = "Summer holiday"'

LOADERS: list[tuple[str, Callable[[Path], object]]] = [
    ("mentoring.toml", load_pairs),
    ("mentoring.toml", load_capacities),
    ("sla.toml", load_sla_policy),
    ("targets.toml", load_targets),
    ("feedback-policy.toml", load_feedback_policy),
    ("organisation.toml", load_organisation),
]


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _edit(tmp: Path, example: str, old: str, new: str) -> Path:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    assert old in text
    return _write(tmp, example, text.replace(old, new, 1))


class TestDeepNesting:
    @pytest.mark.parametrize("depth", [40, 400, 5000])
    @pytest.mark.parametrize(("example", "load"), LOADERS, ids=[f"{e}-{f.__name__}" for e, f in LOADERS])
    def test_toml_says_toml(self, example: str, load: Callable[[Path], object], depth: int, tmp_path: Path) -> None:
        """Any depth beyond 32 levels, readable by the parser or not, is one MalformedFile saying TOML."""
        deep = "zz = " + "[" * depth + "1" + "]" * depth + "\n"
        path = _write(tmp_path, example, deep + (EXAMPLES / example).read_text(encoding="utf-8"))
        with pytest.raises(MalformedFile, match="invalid TOML: nested deeper than 32 levels") as info:
            load(path)
        assert all(p.path == str(path) for p in info.value.problems)

    @pytest.mark.parametrize("depth", [40, 900, 100_000])
    def test_json_team_file_says_json(self, depth: int, tmp_path: Path) -> None:
        """A team file in JSON nested deeply in its name: MalformedFile saying JSON (900 levels was a RecursionError
        risk in the message's repr)."""
        data = json.loads(SMALL_JSON)
        text = json.dumps(data).replace('"Acme Support"', "[" * depth + "]" * depth)
        with pytest.raises(MalformedFile, match="invalid JSON: nested deeper than 32 levels"):
            load_organisation(_write(tmp_path, "org.json", text))


class TestOverflowingValues:
    @pytest.mark.parametrize(
        ("example", "load", "old", "new", "field"),
        [
            # A duration longer than a timedelta holds was an OverflowError.
            ("sla.toml", load_sla_policy, 'within = "PT1H"', 'within = "P1000000000D"', "targets[0].within"),
            ("targets.toml", load_targets, "goal = 0.9", 'goal = "P1000000000D"', "targets[0].goal"),
            # An integer beyond 64 bits was rounded to a float silently.
            ("targets.toml", load_targets, "goal = 0.9", "goal = 99999999999999999999999", "targets[0].goal"),
            # A list where the time off's reason (text) is expected was attrs' TypeError.
            (ORG, load_organisation, SUMMER, 'reason = ["x"]', "time_off[0].reason"),
            (ORG, load_organisation, SUMMER, "reason = 2", "time_off[0].reason"),
            # Guards (these were already refused): instants at the end of time in date fields, NaN in numbers.
            (ORG, load_organisation, "start_date = 2019-03-04", "start_date = 9999-12-31T23:59:59-12:00", "start_date"),
            ("feedback-policy.toml", load_feedback_policy, "tracking_since = 2026-09-01",
             "tracking_since = 9999-12-31T23:59:59+14:00", "tracking_since"),
            ("sla.toml", load_sla_policy, "hours = 24", "hours = nan", "targets[3].hours"),
            ("feedback-policy.toml", load_feedback_policy, "min_recognition_ratio = 3", "min_recognition_ratio = inf",
             "min_recognition_ratio"),
        ],
    )  # fmt: skip
    def test_one_load_error_naming_the_field(
        self, example: str, load: Callable[[Path], object], old: str, new: str, field: str, tmp_path: Path
    ) -> None:
        """The value is one LoadError problem naming the path and the field."""
        path = _edit(tmp_path, example, old, new)
        with pytest.raises(LoadError) as info:
            load(path)
        problems = info.value.problems
        assert any(p.field.endswith(field) for p in problems), problems
        assert all(p.path == str(path) for p in problems)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


TEAM = json.loads(SMALL_JSON)
TEAM_PATHS = [p for p in _paths(TEAM) if p]


class TestAnyValueInTeamFile:
    @settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(where=st.sampled_from(TEAM_PATHS), value=JSON)
    @example(where=("members", 0, "time_off", 0, "reason"), value=["Summer"])  # was TypeError from attrs
    @example(where=("members", 0, "start_date"), value="9999-12-31T23:59:59-12:00")
    @example(where=("members", 0, "skills", "billing"), value=2**64)
    @example(where=("name",), value=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]])
    def test_loads_or_names_the_path(self, where: tuple[Any, ...], value: object, tmp_path: Path) -> None:
        """Any JSON value in any field of a team file: it loads, or one LoadError whose every problem names the path."""
        data = json.loads(SMALL_JSON)
        parent = data
        for key in where[:-1]:
            parent = parent[key]
        parent[where[-1]] = value
        path = _write(tmp_path, "org.json", json.dumps(data))
        problems = []
        try:
            load_organisation(path)
        except LoadError as err:
            problems = list(err.problems) or ["a LoadError without problems"]
        assert all(getattr(p, "path", None) == str(path) for p in problems), problems


class TestCapacities:
    @pytest.mark.parametrize("key", ['""', '"a b"', '"-lead"', '"anna/bo"'])
    def test_key_that_is_no_member_id(self, key: str, tmp_path: Path) -> None:
        """A capacities key that can name no member is a problem (was loaded as a capacity for nobody)."""
        path = _write(tmp_path, "m.toml", f"[capacities]\n{key} = 1\n")
        with pytest.raises(LoadError, match="capacities: expected 1-64 ASCII letters") as info:
            load_capacities(path)
        assert [p.path for p in info.value.problems] == [str(path)]
