"""Feedback policy files: loading TOML and JSON with every problem reported, and the lossless round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from teamcore.exceptions import FileTooLarge, InvalidValue, LoadError, MalformedFile, ValidationError, WrongType
from teamcore.feedback import (
    Cadence,
    FeedbackPolicy,
    ReviewKind,
    Rule,
    dump_feedback_policy,
    load_feedback_policy,
    loads_feedback_policy,
)
from teamcore.people import load_organisation

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"


def problems(text: str, format: str = "toml", **kwargs: object) -> list[tuple[str, str]]:
    """(field, message) of every problem loading `text` finds."""
    with pytest.raises(LoadError) as info:
        loads_feedback_policy(text, format=format, **kwargs)  # type: ignore[arg-type]
    return [(p.field, p.message) for p in info.value.problems]


class TestLoad:
    def test_every_setting(self):
        """Each FeedbackPolicy field is read from its file form."""
        policy = loads_feedback_policy(
            """
            rules = ["timely_feedback", "one_on_one"]
            feedback_within = 5
            review_kinds = ["manager", "peer"]
            one_on_one_cadence = "weekly"
            cadence_overrides = { "elin.sjoberg" = "monthly" }
            min_recognition_ratio = 2.5
            anonymity_threshold = 4
            tracking_since = 2026-09-01
            """
        )
        assert policy == FeedbackPolicy(
            rules=[Rule.TIMELY_FEEDBACK, Rule.ONE_ON_ONE],
            feedback_within=5,
            review_kinds=[ReviewKind.MANAGER, ReviewKind.PEER],
            one_on_one_cadence=Cadence.WEEKLY,
            cadence_overrides={"elin.sjoberg": Cadence.MONTHLY},
            min_recognition_ratio=2.5,
            anonymity_threshold=4,
            tracking_since=dt.date(2026, 9, 1),
        )

    def test_empty_file_is_the_default(self):
        """A file with no settings (or only the format tag) is the default policy."""
        assert loads_feedback_policy("") == FeedbackPolicy()
        assert loads_feedback_policy('{"format": "teamcore.feedback-policy/1"}', format="json") == FeedbackPolicy()

    def test_json_dates_are_strings(self):
        """In JSON, tracking_since is an ISO date string, and null means not set."""
        assert loads_feedback_policy('{"tracking_since": "2026-10-01"}', format="json").tracking_since == dt.date(
            2026, 10, 1
        )
        assert loads_feedback_policy('{"tracking_since": null}', format="json").tracking_since is None

    def test_feedback_table(self):
        """The settings may sit in a [feedback] table, the form `teamcore feedback --policy` read before."""
        policy = loads_feedback_policy("[feedback]\nfeedback_within = 2\ntracking_since = '2026-09-01'\n")
        assert (policy.feedback_within, policy.tracking_since) == (2, dt.date(2026, 9, 1))

    def test_northwind_example(self):
        """The bundled Northwind policy loads against the Northwind organisation: monthly 1:1s with the leads."""
        org = load_organisation(NORTHWIND / "organisation.toml")
        policy = load_feedback_policy(NORTHWIND / "feedback-policy.toml", org=org)
        assert policy.cadence_for("katrin.weber") is Cadence.MONTHLY
        assert policy.cadence_for("lars.nilsen") is Cadence.BIWEEKLY
        assert policy.tracking_since == dt.date(2026, 9, 1)


class TestProblems:
    def test_every_problem_at_once(self):
        """All problems are reported together, in file order, each naming its field."""
        found = problems(
            """
            feedback_within = 90
            rules = ["timely", "one_on_one", 7]
            review_kinds = []
            one_on_one_cadence = "daily"
            cadence_overrides = { "ola" = "fortnightly", "bad id" = "weekly" }
            min_recognition_ratio = -1
            anonymity_threshold = 1
            tracking_since = 2026-09-01T10:00:00
            within = 3
            """
        )
        assert [field for field, _ in found] == [
            "feedback_within",
            "rules[0]",
            "rules[2]",
            "review_kinds",
            "one_on_one_cadence",
            "cadence_overrides.ola",
            "cadence_overrides.bad id",
            "min_recognition_ratio",
            "anonymity_threshold",
            "tracking_since",
            "within",
        ]
        assert "expected an integer from 0 to 60, got 90" in found[0][1]
        assert "got 'timely'" in found[1][1]
        assert "at least one review kind" in found[3][1]
        assert "got 'fortnightly'" in found[5][1]

    @pytest.mark.parametrize(
        ("text", "field", "message"),
        [
            ('feedback_within = "3"', "feedback_within", "an integer from 0 to 60"),  # a string, not a number
            ("feedback_within = true", "feedback_within", "an integer from 0 to 60"),  # a bool is not a count
            ("feedback_within = 2.5", "feedback_within", "an integer from 0 to 60"),  # business days are whole
            ('min_recognition_ratio = "3:1"', "min_recognition_ratio", "a number of recognitions"),  # not a ratio text
            ("min_recognition_ratio = nan", "min_recognition_ratio", "a number from 0 to 100"),  # NaN is out of range
            ('rules = "timely_feedback"', "rules", "a list of rules"),  # one rule still goes in a list
            ('cadence_overrides = "ola"', "cadence_overrides", "a table of member id -> cadence"),  # not a table
            ('tracking_since = "1 Sept"', "tracking_since", "a date YYYY-MM-DD"),  # not ISO
            ('format = "teamcore.sla/1"', "format", "'teamcore.feedback-policy/1'"),  # another file's format
            ("anonymity_threshold = 1001", "anonymity_threshold", "an integer from 2 to 1000"),  # beyond the range
        ],
    )
    def test_invalid(self, text, field, message):
        """Each bad value is one problem naming the field and what was expected."""
        [(found_field, found_message)] = problems(text)
        assert (found_field, message in found_message) == (field, True)

    def test_feedback_table_problems(self):
        """Inside [feedback], fields are prefixed; settings beside the table are unknown top-level keys."""
        found = problems("feedback_within = 2\n[feedback]\nanonymity_threshold = 0\n")
        assert [field for field, _ in found] == ["feedback_within", "feedback.anonymity_threshold"]
        assert problems('{"feedback": [1]}', format="json") == [
            ("feedback", "expected a table of policy settings, got [1]")
        ]

    def test_unknown_member(self):
        """With an organisation, a cadence override for someone who is not a member is a problem."""
        org = load_organisation(NORTHWIND / "organisation.toml")
        text = 'cadence_overrides = { "katrin.weber" = "monthly", "nobody" = "weekly" }'
        assert [field for field, _ in problems(text, org=org)] == ["cadence_overrides.nobody"]
        assert loads_feedback_policy(text).cadence_for("nobody") is Cadence.WEEKLY  # without one, any id

    def test_top_level_not_a_table(self):
        """A JSON file that is not an object is one problem."""
        assert problems("[1, 2]", format="json") == [("", "expected a table at the top level, got list")]

    def test_files(self, tmp_path: Path):
        """Problems name the path; malformed, oversized and unsuffixed files are refused."""
        path = tmp_path / "policy.json"
        path.write_text('{"feedback_within": -1}', encoding="utf-8")
        with pytest.raises(LoadError, match=r"policy\.json: feedback_within: expected an integer from 0 to 60"):
            load_feedback_policy(path)
        path.write_text("{", encoding="utf-8")
        with pytest.raises(MalformedFile, match="invalid JSON"):
            load_feedback_policy(path)
        with pytest.raises(FileTooLarge):
            load_feedback_policy(path, max_bytes=0)
        with pytest.raises(InvalidValue, match="format"):
            load_feedback_policy(tmp_path / "policy.yaml")
        with pytest.raises(InvalidValue, match="format"):
            loads_feedback_policy("", format="yaml")  # type: ignore[arg-type]


def _identifiers() -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-z0-9][a-z0-9._-]{0,15}", fullmatch=True)


policies = st.builds(
    FeedbackPolicy,
    rules=st.frozensets(st.sampled_from(Rule)),
    feedback_within=st.integers(0, 60),
    review_kinds=st.frozensets(st.sampled_from(ReviewKind), min_size=1),
    one_on_one_cadence=st.sampled_from(Cadence),
    cadence_overrides=st.dictionaries(_identifiers(), st.sampled_from(Cadence), max_size=4),
    min_recognition_ratio=st.integers(0, 100) | st.floats(0, 100),
    anonymity_threshold=st.integers(2, 1000),
    tracking_since=st.none() | st.dates(),
)


class TestRoundTrip:
    @given(policies, st.sampled_from(["toml", "json"]))
    @example(FeedbackPolicy(), "toml")
    @example(FeedbackPolicy(rules=[], tracking_since=dt.date(1, 1, 1), min_recognition_ratio=0.1), "toml")
    def test_lossless(self, policy, format):
        """Every policy is read back equal from its dump, in TOML and in JSON."""
        assert loads_feedback_policy(dump_feedback_policy(policy, format=format), format=format) == policy

    def test_json_form(self):
        """The JSON dump names every setting, with the date as an ISO string."""
        data = json.loads(dump_feedback_policy(FeedbackPolicy(tracking_since=dt.date(2026, 9, 1)), format="json"))
        assert data["format"] == "teamcore.feedback-policy/1"
        assert data["tracking_since"] == "2026-09-01"
        assert set(data) == {"format", *(a.name for a in attrs.fields(FeedbackPolicy))}

    def test_not_a_policy(self):
        """Dumping something else is a WrongType."""
        with pytest.raises(WrongType, match="a FeedbackPolicy"):
            dump_feedback_policy({"feedback_within": 3})  # type: ignore[arg-type]


class TestFromMapping:
    def test_reads_as_the_file_loader(self):
        """FeedbackPolicy.from_mapping reads a table as a policy file does."""
        table = {"feedback_within": 5, "rules": ["one_on_one"], "tracking_since": "2026-09-01"}
        assert FeedbackPolicy.from_mapping(table) == loads_feedback_policy(json.dumps(table), format="json")

    def test_raises_the_first_problem(self):
        """Where the loader lists every problem, from_mapping raises the first."""
        table = {"feedback_within": 99, "k": 5}
        with pytest.raises(LoadError) as every:
            loads_feedback_policy(json.dumps(table), format="json")
        with pytest.raises(ValidationError) as first:
            FeedbackPolicy.from_mapping(table)
        assert first.value.field == every.value.problems[0].field == "feedback_within"
