"""Tests for team files: loading with every problem reported, saving, round trips, and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from teamcore import strategies as tst
from teamcore.exceptions import FileTooLarge, InvalidValue, LoadError, MalformedFile
from teamcore.people import (
    check_organisation_file,
    dump_organisation,
    load_organisation,
    loads_organisation,
    organisation_schema,
    save_organisation,
)

GOOD = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "Europe/Stockholm"
country = "SE"
start_date = 2026-10-01
languages = ["sv", "en"]
skills = { billing = 4 }
hours = { mon-fri = ["08:00-16:30"] }
time_off = [{ start = 2026-12-21, end = 2026-12-31, reason = "holiday" }]

[[members]]
id = "bo"
name = "Bo Li"
timezone = "Asia/Manila"
country = "PH"
hours = { sun-thu = ["22:00-06:00"] }

[[teams]]
id = "support"
name = "Support"
lead = "anna"
members = ["anna", "bo"]
closed_days = [{ date = 2026-06-19, name = "Midsummer Eve" }]
"""

BROKEN = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna"
timezone = "Europe/Stokholm"
country = "XX"
skills = { billing = 7 }
hours = { mon = ["09:00-09:00"] }
colour = "blue"

[[members]]
id = "bo"
name = "Bo"
timezone = "Asia/Manila"
country = "PH"
hours = { mon = ["09:00-17:00", "12:00-13:00"] }
time_off = [{ start = 2026-07-10, end = 2026-07-01 }]

[[members]]
id = "bo"
name = "Bo again"
timezone = "UTC"
country = "SE"
languages = "en"

[[teams]]
id = "support"
name = "Support"
lead = "cleo"
members = ["anna", "zed"]
"""

SCHEMA_VALIDATOR = jsonschema.Draft202012Validator(organisation_schema())


class TestLoad:
    def test_good_file(self, tmp_path):
        """A valid TOML file loads, dates and tables included."""
        path = tmp_path / "org.toml"
        path.write_text(GOOD, encoding="utf-8")
        org = load_organisation(path)
        assert [m.id for m in org.members] == ["anna", "bo"]
        assert org.member("bo").hours.shifts[0].overnight
        assert check_organisation_file(path) == []

    def test_reports_every_problem_with_location(self, tmp_path):
        """All planted problems are reported at once, each with path, entry and field."""
        path = tmp_path / "broken.toml"
        path.write_text(BROKEN, encoding="utf-8")
        problems = check_organisation_file(path)
        found = {(p.entry, p.field) for p in problems}
        expected = {
            ("member 'anna'", "members[0].timezone"),  # unknown timezone
            ("member 'anna'", "members[0].country"),  # unknown country
            ("member 'anna'", "members[0].skills.billing"),  # level out of range
            ("member 'anna'", "members[0].hours.mon[0]"),  # empty interval
            ("member 'anna'", "members[0].colour"),  # unknown key (a typo is caught, not ignored)
            ("member 'bo'", "members[1].hours"),  # overlapping intervals
            ("member 'bo'", "members[1].time_off[0].end"),  # end before start
            ("member 'bo'", "members[2].languages"),  # wrong type
            ("member 'bo'", "members[2].id"),  # duplicate id
            ("team 'support'", "teams[0].lead"),  # lead not a member
            ("team 'support'", "teams[0].members[1]"),  # unknown member referenced
        }
        assert expected <= found
        assert all(p.path == str(path) for p in problems)
        with pytest.raises(LoadError) as info:
            load_organisation(path)
        assert len(info.value.problems) == len(problems)
        assert "Europe/Stokholm" in str(info.value)

    def test_missing_required_keys(self):
        """Missing required keys are reported per entry."""
        with pytest.raises(LoadError) as info:
            loads_organisation('name = "A"\n[[members]]\nid = "anna"\n')
        fields = {p.field for p in info.value.problems}
        assert {"members[0].name", "members[0].timezone", "members[0].country"} <= fields

    @pytest.mark.parametrize(
        ("text", "fmt", "match"),
        [
            # malformed TOML
            ('name = "A\n', "toml", "invalid TOML"),
            # malformed JSON, with line and column
            ('{"name": "A",\n "members": [}', "json", "line 2"),
            # JSON's non-standard NaN
            ('{"name": "A", "members": [], "x": NaN}', "json", "NaN"),
        ],
    )
    def test_malformed(self, text, fmt, match):
        """Malformed text raises MalformedFile naming the source."""
        with pytest.raises(MalformedFile, match=match):
            loads_organisation(text, format=fmt, source="team.x")

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            # the top level is a list
            ("[1, 2]", "expected a table at the top level"),
            # members is a table, not a list
            ('{"name": "A", "members": {"anna": {}}}', "expected a list of member tables"),
            # a format tag from the future
            ('{"format": "teamcore.organisation/9", "name": "A", "members": []}', "teamcore.organisation/1"),
            # no name
            ('{"members": []}', "organisation's name"),
            # an unknown top-level key
            ('{"name": "A", "members": [], "mebers": []}', r"unknown key 'mebers' \(did you mean 'members'\?\)"),
            # a member that is not a table
            ('{"name": "A", "members": ["anna"]}', "expected a table"),
        ],
    )
    def test_wrong_shapes(self, text, match):
        """Wrong shapes are problems, not crashes."""
        with pytest.raises(LoadError, match=match):
            loads_organisation(text, format="json")

    def test_too_large(self, tmp_path):
        """A file over the limit is refused before it is parsed."""
        path = tmp_path / "big.toml"
        path.write_text(GOOD, encoding="utf-8")
        with pytest.raises(FileTooLarge, match="limit is 100"):
            load_organisation(path, max_bytes=100)

    def test_not_utf8(self, tmp_path):
        """Bytes that are not UTF-8 are a MalformedFile with the byte offset."""
        path = tmp_path / "latin1.toml"
        path.write_bytes('name = "Åsa"'.encode("latin-1"))
        with pytest.raises(MalformedFile, match="byte 8"):
            load_organisation(path)

    def test_missing_file(self, tmp_path):
        """A missing file is a LoadError with the path."""
        with pytest.raises(LoadError, match="cannot read"):
            load_organisation(tmp_path / "nope.toml")

    def test_unknown_suffix(self, tmp_path):
        """The format comes from the suffix; an unknown one is refused."""
        with pytest.raises(InvalidValue, match=r"\.toml or \.json"):
            load_organisation(tmp_path / "org.yaml")

    def test_empty_organisation(self):
        """A file with no members is valid: an organisation of nobody."""
        assert len(loads_organisation('name = "New"\nmembers = []\n')) == 0


class TestSave:
    def test_save_and_load_both_formats(self, tmp_path):
        """Saving by suffix and loading back gives an equal organisation."""
        org = loads_organisation(GOOD)
        for name in ("org.toml", "org.json"):
            save_organisation(org, tmp_path / name)
            assert load_organisation(tmp_path / name) == org

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(tst.organisations())
    def test_round_trip(self, org):
        """dump -> load is the identity, in TOML and in JSON."""
        for fmt in ("toml", "json"):
            assert loads_organisation(dump_organisation(org, format=fmt), format=fmt) == org

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(tst.organisations())
    def test_json_matches_schema(self, org):
        """Every organisation teamcore writes validates against the published schema."""
        SCHEMA_VALIDATOR.validate(json.loads(dump_organisation(org, format="json")))

    def test_schema_is_valid(self):
        """The published schema is itself a valid draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(organisation_schema())

    def test_schema_rejects_bad_shapes(self):
        """The schema catches a level above 5 and an unknown key."""
        bad = {
            "name": "A",
            "members": [
                {
                    "id": "a",
                    "name": "A",
                    "timezone": "UTC",
                    "country": "SE",
                    "skills": {"x": 7},
                    "colour": "blue",
                }
            ],
        }
        assert len(list(SCHEMA_VALIDATOR.iter_errors(bad))) == 2


EXAMPLES = Path(__file__).parents[2] / "examples"


def test_example_matches_schema():
    """The bundled example, in JSON form, validates against the schema."""
    org = load_organisation(EXAMPLES / "northwind" / "organisation.toml")
    SCHEMA_VALIDATOR.validate(json.loads(dump_organisation(org, format="json")))
