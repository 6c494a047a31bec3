"""SLA policy and KPI target files: loading, every problem with its location, and the round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamcore.exceptions import FileTooLarge, InvalidValue, LoadError, MalformedFile
from teamcore.kpi import (
    PRIORITIES,
    SCORECARD_COLUMNS,
    UNSOLVED,
    KpiTarget,
    SlaPolicy,
    SlaTarget,
    dump_sla_policy,
    dump_targets,
    load_sla_policy,
    load_targets,
    loads_sla_policy,
    loads_targets,
)
from teamcore.people import load_organisation

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
H = dt.timedelta(hours=1)

GOOD_SLA = """
name = "standard"
business_hours = true
pause = ["pending", "on_hold"]

[[targets]]
metric = "first_reply"
priority = "urgent"
within = "PT1H"

[[targets]]
metric = "resolution"
priority = "urgent"
hours = 7.5
"""


def _problems(text: str, *, fmt: str = "toml", loader=loads_sla_policy, **kw) -> list[tuple[str, str, str]]:
    with pytest.raises(LoadError) as info:
        loader(text, format=fmt, source="policy.x", **kw)
    assert all(p.path == "policy.x" for p in info.value.problems)
    return [(p.entry, p.field, p.message) for p in info.value.problems]


class TestLoadSlaPolicy:
    def test_good_file(self):
        """Durations as ISO 8601 or hours, the clock and the pausing statuses are read."""
        policy = loads_sla_policy(GOOD_SLA)
        assert policy == SlaPolicy(
            name="standard",
            business_hours=True,
            pause=["pending", "on_hold"],
            targets=[
                SlaTarget(metric="first_reply", priority="urgent", within=H),
                SlaTarget(metric="resolution", priority="urgent", within=7.5 * H),
            ],
        )

    def test_defaults(self):
        """Calendar time and pausing in pending, unless the file says otherwise."""
        policy = loads_sla_policy('name = "p"\n[[targets]]\nmetric = "first_reply"\npriority = "low"\nwithin = "P1D"')
        assert (policy.business_hours, policy.pause) == (False, frozenset({"pending"}))
        assert policy.targets[0].within == dt.timedelta(days=1)

    def test_northwind_example(self):
        """The example policy: first reply and resolution for every priority, in business hours."""
        policy = load_sla_policy(NORTHWIND / "sla.toml")
        assert policy.business_hours
        assert {(t.metric, t.priority) for t in policy.targets} == {
            (m, p) for m in ("first_reply", "resolution") for p in PRIORITIES
        }
        reply = {t.priority: t.within for t in policy.targets if t.metric == "first_reply"}
        assert reply == {"urgent": H, "high": 4 * H, "normal": 8 * H, "low": 24 * H}

    def test_json_file(self, tmp_path):
        """A .json file is read as JSON."""
        path = tmp_path / "sla.json"
        path.write_text(dump_sla_policy(loads_sla_policy(GOOD_SLA), format="json"), encoding="utf-8")
        assert load_sla_policy(path) == loads_sla_policy(GOOD_SLA)

    def test_every_problem_at_once(self):
        """Each bad field is a problem naming its entry and field, all reported together."""
        text = """
        name = ""
        business_hours = "yes"
        pause = ["pending", "solved"]
        colour = "blue"

        [[targets]]
        metric = "first_response"
        priority = "urgent"
        within = "1 hour"

        [[targets]]
        metric = "resolution"
        priority = "normal"

        [[targets]]
        metric = "resolution"
        priority = "high"
        within = "PT4H"
        hours = 4
        """
        problems = _problems(text)
        located = [(entry, field) for entry, field, _ in problems]
        assert located == [
            ("", "colour"),
            ("", "name"),
            ("", "business_hours"),
            ("", "pause[1]"),
            ("target #1", "targets[0].metric"),
            ("target #1", "targets[0].within"),
            ("target #2", "targets[1].within"),
            ("target #3", "targets[2].within"),
        ]
        assert "'1 hour'" in problems[5][2]
        assert "either within" in problems[6][2]

    @pytest.mark.parametrize(
        ("target", "field", "match"),
        [
            # zero is not a target
            ('within = "PT0S"', "targets[0].within", "a positive duration"),
            # nor is a negative number of hours
            ("hours = -2", "targets[0].hours", "positive number of hours"),
            # TOML's nan and inf are numbers, but not durations
            ("hours = nan", "targets[0].hours", "finite"),
            ("hours = inf", "targets[0].hours", "finite"),
            # true is not 1 hour
            ("hours = true", "targets[0].hours", "a number of hours"),
            # months have no fixed length
            ('within = "P1M"', "targets[0].within", "ISO 8601 duration"),
            # a TOML time of day is not a duration
            ("within = 01:00:00", "targets[0].within", "ISO 8601 duration"),
            # far beyond any SLA (and timedelta's range)
            ("hours = 1e300", "targets[0].hours", "at most"),
            # an unknown key is named, not ignored
            ('within = "PT1H"\nminutes = 5', "targets[0].minutes", "known keys"),
        ],
    )
    def test_bad_within(self, target, field, match):
        """A bad duration is a problem naming entry and field."""
        text = f'name = "p"\n[[targets]]\nmetric = "first_reply"\npriority = "low"\n{target}\n'
        [(entry, got, message)] = _problems(text)
        assert (entry, got) == ("target #1", field)
        assert match in message

    def test_duplicate_target(self):
        """A second target for the same metric and priority is a problem naming the first."""
        one = '[[targets]]\nmetric = "first_reply"\npriority = "low"\nwithin = "PT8H"\n'
        [(entry, field, message)] = _problems(f'name = "p"\n{one}{one}')
        assert (entry, field) == ("target #2", "targets[1]")
        assert "target #1 has it" in message

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            # no targets at all
            ('{"name": "p"}', "at least one"),
            ('{"name": "p", "targets": []}', "at least one"),
            # targets is a table
            ('{"name": "p", "targets": {"first_reply": "PT1H"}}', "a list of"),
            # a target is a string
            ('{"name": "p", "targets": ["PT1H"]}', "a table"),
            # the top level is a list
            ("[]", "a table at the top level"),
            # another file's format tag
            ('{"format": "teamcore.targets/1", "name": "p", "targets": []}', "teamcore.sla/1"),
            # pause is one string
            ('{"name": "p", "pause": "pending", "targets": []}', "a list of statuses"),
        ],
    )
    def test_wrong_shapes(self, text, match):
        """Wrong shapes are problems, not crashes."""
        with pytest.raises(LoadError, match=match):
            loads_sla_policy(text, format="json")

    @pytest.mark.parametrize(
        ("text", "fmt", "match"),
        [
            # malformed TOML
            ('name = "p\n', "toml", "invalid TOML"),
            # malformed JSON, with line and column
            ('{"name": "p",\n "targets": [}', "json", "line 2"),
            # JSON's non-standard NaN
            ('{"name": "p", "targets": [{"metric": "first_reply", "priority": "low", "hours": NaN}]}', "json", "NaN"),
        ],
    )
    def test_malformed(self, text, fmt, match):
        """Malformed text raises MalformedFile naming the source."""
        with pytest.raises(MalformedFile, match=match):
            loads_sla_policy(text, format=fmt, source="policy.x")

    def test_file_limits(self, tmp_path):
        """Too large, not UTF-8, missing or of an unknown suffix: refused with the path."""
        path = tmp_path / "sla.toml"
        path.write_text(GOOD_SLA, encoding="utf-8")
        with pytest.raises(FileTooLarge, match="limit is 100"):
            load_sla_policy(path, max_bytes=100)
        path.write_bytes('name = "Åsa"'.encode("latin-1"))
        with pytest.raises(MalformedFile, match="UTF-8"):
            load_sla_policy(path)
        with pytest.raises(LoadError, match="cannot read"):
            load_sla_policy(tmp_path / "nope.toml")
        with pytest.raises(InvalidValue, match=r"\.toml or \.json"):
            load_sla_policy(tmp_path / "sla.yaml")

    def test_problem_names_the_path(self, tmp_path):
        """A problem in a file names the file, the entry and the field in its text."""
        path = tmp_path / "sla.toml"
        path.write_text('name = "p"\n[[targets]]\nmetric = "first_reply"\npriority = "asap"\nhours = 1\n')
        with pytest.raises(LoadError, match=r"sla\.toml: target #1: targets\[0\]\.priority: .*'asap'"):
            load_sla_policy(path)


class TestLoadTargets:
    def test_northwind_example(self):
        """The example targets: everyone's, three teams' and one member's; durations become seconds."""
        org = load_organisation(NORTHWIND / "organisation.toml")
        targets = load_targets(NORTHWIND / "targets.toml", org=org, metrics=SCORECARD_COLUMNS)
        assert KpiTarget(metric="csat", goal=0.9, direction="at_least") in targets
        assert KpiTarget(metric="first_reply_median", goal=4 * 3600, direction="at_most") in targets
        assert {t.team for t in targets if t.team} == {"nordics", "americas", "emea"}
        assert [t.member for t in targets if t.member] == ["jordan.walker"]

    def test_goal_as_duration(self):
        """A goal may be an ISO 8601 duration, read as seconds."""
        [target] = loads_targets('[[targets]]\nmetric = "aht"\ngoal = "PT7M30S"\ndirection = "at_most"\n')
        assert target.goal == 450.0

    def test_every_problem_at_once(self):
        """Unknown references, metrics and values are all reported, each with its entry and field."""
        org = load_organisation(NORTHWIND / "organisation.toml")
        text = """
        [[targets]]
        metric = "csat"
        goal = true
        direction = "above"
        member = "nobody"

        [[targets]]
        metric = "happiness"
        goal = 0.5
        direction = "at_least"
        team = "mars"

        [[targets]]
        metric = "csat"
        goal = 0.8
        direction = "at_least"
        member = "jordan.walker"
        team = "americas"

        [[targets]]
        goal = 1
        direction = "at_least"
        """
        problems = _problems(text, loader=loads_targets, org=org, metrics=SCORECARD_COLUMNS)
        located = [(entry, field) for entry, field, _ in problems]
        assert located == [
            ("target #1", "targets[0].goal"),
            ("target #1", "targets[0].direction"),
            ("target #1", "targets[0].member"),
            ("target #2", "targets[1].metric"),
            ("target #2", "targets[1].team"),
            ("target #3", "targets[2].team"),
            ("target #4", "targets[3].metric"),
        ]
        messages = {(e, f): m for e, f, m in problems}
        assert "'nobody'" in messages[("target #1", "targets[0].member")]
        assert "first_reply_median" in messages[("target #2", "targets[1].metric")]
        assert "not both" in messages[("target #3", "targets[2].team")]

    def test_without_org_any_id_goes(self):
        """Without an organisation, member and team ids are not checked."""
        [target] = loads_targets('[[targets]]\nmetric = "x"\ngoal = 1\ndirection = "at_most"\nmember = "zed"\n')
        assert target.member == "zed"

    def test_duplicate_target(self):
        """Two targets for the same metric and team are a problem; the same metric for another team is not."""
        one = '[[targets]]\nmetric = "csat"\ngoal = 0.9\ndirection = "at_least"\nteam = "{}"\n'
        text = one.format("a") + one.format("b") + one.format("a")
        [(entry, field, message)] = _problems(text, loader=loads_targets)
        assert (entry, field) == ("target #3", "targets[2]")
        assert "team 'a'" in message

    def test_json_nan_goal(self):
        """JSON's NaN is refused as in every teamcore file."""
        with pytest.raises(MalformedFile, match="NaN"):
            loads_targets('{"targets": [{"metric": "csat", "goal": NaN, "direction": "at_least"}]}', format="json")


_names = st.text(min_size=1, max_size=20).filter(lambda s: s.strip())
_within = st.integers(min_value=1, max_value=400 * 86_400).map(lambda s: dt.timedelta(seconds=s)) | st.integers(
    min_value=1, max_value=10**12
).map(lambda us: dt.timedelta(microseconds=us))


@st.composite
def policies(draw: st.DrawFn) -> SlaPolicy:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(["first_reply", "resolution"]), st.sampled_from(PRIORITIES)),
            min_size=1,
            unique=True,
        )
    )
    return SlaPolicy(
        name=draw(_names),
        business_hours=draw(st.booleans()),
        pause=draw(st.frozensets(st.sampled_from(sorted(UNSOLVED)))),
        targets=[SlaTarget(metric=m, priority=p, within=draw(_within)) for m, p in keys],
    )


@st.composite
def target_lists(draw: st.DrawFn) -> list[KpiTarget]:
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(SCORECARD_COLUMNS),
                st.sampled_from(["member", "team", None]),
                st.sampled_from(["ann", "nordics"]),
            ),
            min_size=1,
            unique_by=lambda k: (k[0], k[1], k[2] if k[1] else None),
        )
    )
    return [
        KpiTarget(
            metric=metric,
            goal=draw(st.floats(allow_nan=False, allow_infinity=False)),
            direction=draw(st.sampled_from(["at_least", "at_most"])),
            **({whom: who} if whom else {}),
        )
        for metric, whom, who in keys
    ]


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_northwind_files(self, fmt):
        """The example files dump and load back equal in both formats."""
        policy = load_sla_policy(NORTHWIND / "sla.toml")
        assert loads_sla_policy(dump_sla_policy(policy, format=fmt), format=fmt) == policy
        targets = load_targets(NORTHWIND / "targets.toml")
        assert loads_targets(dump_targets(targets, format=fmt), format=fmt) == targets

    def test_dump_writes_iso_durations(self):
        """Durations are written as ISO 8601, the tag first."""
        policy = SlaPolicy(
            name="p", targets=[SlaTarget(metric="resolution", priority="low", within=dt.timedelta(days=2, minutes=90))]
        )
        data = json.loads(dump_sla_policy(policy, format="json"))
        assert data["format"] == "teamcore.sla/1"
        assert data["targets"] == [{"metric": "resolution", "priority": "low", "within": "P2DT1H30M"}]

    @given(policies(), st.sampled_from(["toml", "json"]))
    def test_policies(self, policy, fmt):
        """Any policy dumps and loads back equal, in either format."""
        assert loads_sla_policy(dump_sla_policy(policy, format=fmt), format=fmt) == policy

    @given(target_lists(), st.sampled_from(["toml", "json"]))
    def test_targets(self, targets, fmt):
        """Any list of targets dumps and loads back equal, in either format."""
        assert list(loads_targets(dump_targets(targets, format=fmt), format=fmt)) == targets
