"""``teamcore report --lead / --member / --compare``: the personal views and "Since last time" from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from teamcore.cli._exit import Exit
from teamcore.report import report_schema
from tests.cli.running import ROOT, one_line, run_cli

E = ROOT / "examples" / "northwind"
DEMO = [str(E / "organisation.toml"),
        "--tickets", str(E / "tickets.csv"), "--events", str(E / "events.csv"),
        "--feedback", str(E / "feedback.jsonl"), "--feedback-policy", str(E / "feedback-policy.toml"),
        "--mentoring", str(E / "mentoring.toml"), "--staffing", str(E / "forecast.csv"),
        "--knowledge", str(E / "knowledge.csv"), "--sla", str(E / "sla.toml")]  # fmt: skip
"""`make demo`'s inputs."""
NOW, WEEK_AGO = "2026-11-23T08:00:00Z", "2026-11-16T08:00:00Z"


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's JSON report a week before the demo's --now."""
    path = tmp_path_factory.mktemp("previous") / "previous.json"
    result = run_cli("report", *DEMO, "--now", WEEK_AGO, "--summary", "--json", str(path))
    assert result.returncode == Exit.OK, result.stderr
    return path


class TestCompare:
    def test_demo_a_week_apart(self, previous, tmp_path, monkeypatch):
        """The demo compared with itself a week earlier: "Since last time" first, 80 columns, JSON comparison."""
        monkeypatch.setenv("COLUMNS", "80")
        out = tmp_path / "now.json"
        result = run_cli("report", *DEMO, "--now", NOW, "--compare", str(previous), "--json", str(out))
        assert result.returncode == Exit.OK, result.stderr
        text = result.stdout
        assert text.index("Since last time (2026-11-16 08:00 UTC)") < text.index("Needs attention")
        assert max(len(line) for line in text.splitlines()) <= 80
        data = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(data, report_schema())
        comparison = data["comparison"]
        assert comparison["previous_now"] == WEEK_AGO
        assert comparison["new"]
        assert comparison["resolved"]
        assert f"{len(comparison['new'])} new, {len(comparison['resolved'])} resolved" in text
        backlog = next(f for f in comparison["figures"] if f["label"] == "Backlog")
        assert backlog["delta"] == backlog["now"] - backlog["then"]

    def test_with_itself(self, previous):
        """The week-ago report compared with its own JSON: nothing new, nothing resolved, no figure changed."""
        result = run_cli("report", *DEMO, "--now", WEEK_AGO, "--compare", str(previous), "--summary")
        assert result.returncode == Exit.OK, result.stderr
        assert "0 new, 0 resolved" in result.stdout
        assert " 0 of " in result.stdout

    @pytest.mark.parametrize(
        ("name", "text", "needle"),
        [
            ("missing.json", None, "cannot read the file"),  # no such file
            ("notes.json", "Monday: call Ana", "invalid JSON"),  # not JSON
            ("team.json", '{"format": "teamcore.organisation/1"}', "expected a teamcore report"),  # another file
            ("old.json", '{"format": "teamcore.report/1"}', "expected schema major 2"),  # an older major
        ],
    )
    def test_wrong_file(self, tmp_path, name, text, needle):
        """A previous report that is not one: exit 1, one error line naming the path and what is wrong."""
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        result = run_cli("report", str(E / "organisation.toml"), "--now", NOW, "--compare", str(path))
        assert result.returncode == Exit.INVALID
        one_line(result.stderr, str(path))
        assert needle in result.stderr


class TestViews:
    def test_lead(self, tmp_path, monkeypatch):
        """--lead: the lead's team and week, times in their zone; --sections keeps the week; JSON says the view."""
        monkeypatch.setenv("COLUMNS", "80")
        out = tmp_path / "lead.json"
        result = run_cli("report", *DEMO, "--now", NOW, "--lead", "rachel.goldman", "--sections", "kpi",
                         "--json", str(out))  # fmt: skip
        assert result.returncode == Exit.OK, result.stderr
        assert "Rachel Goldman's week: Americas" in result.stdout
        assert "your time (America/New_York)" in result.stdout
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        data = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(data, report_schema())
        assert data["view"]["kind"] == "lead"
        assert data["view"]["id"] == "rachel.goldman"
        assert [s["key"] for s in data["sections"]] == ["week", "kpi"]
        assert {a["actor"]["member"] for a in data["attention"]} <= {
            "rachel.goldman", "marcus.johnson", "diego.ramirez", "hannah.lee", "tyler.brooks", "jordan.walker",
            "sofia.martinez", "ana.souza", "rafael.oliveira", "camila.ferreira", "gabriel.costa",
        }  # fmt: skip

    def test_member(self, tmp_path, monkeypatch):
        """--member: their own rows only, at 80 columns."""
        monkeypatch.setenv("COLUMNS", "80")
        out = tmp_path / "member.json"
        result = run_cli("report", *DEMO, "--now", NOW, "--member", "hannah.lee", "--json", str(out))
        assert result.returncode == Exit.OK, result.stderr
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["view"] == {"kind": "member", "id": "hannah.lee", "timezone": "America/Los_Angeles",
                                "week_start": "2026-11-23T08:00:00Z", "week_end": "2026-11-30T08:00:00Z"}  # fmt: skip
        per_member = next(
            b for s in data["sections"] for b in s["blocks"] if b.get("title") == "Per member, last 7 days"
        )
        assert [r[0] for r in per_member["rows"]] == ["hannah.lee"]

    @pytest.mark.parametrize(
        ("args", "needles"),
        [
            (["--lead", "rachel"], ["--lead: ", "did you mean 'rachel.goldman'?"]),  # a typo
            (["--lead", "hannah.lee"], ["--lead: ", "a team lead"]),  # a member who leads no team
            (["--member", "hanna.lee"], ["--member: ", "did you mean 'hannah.lee'?"]),
            (["--lead", "rachel.goldman", "--team", "emea"], ["--team: ", "'americas'"]),  # not their team
        ],
    )
    def test_unknown(self, args, needles):
        """An id that is not a lead or member: exit 1, one line with what was meant."""
        result = run_cli("report", str(E / "organisation.toml"), "--now", NOW, *args)
        assert result.returncode == Exit.INVALID
        one_line(result.stderr, *needles)

    def test_exclusive(self):
        """--lead and --member together are a usage error."""
        result = run_cli("report", str(E / "organisation.toml"), "--now", NOW, "--lead", "a", "--member", "b")
        assert result.returncode == Exit.USAGE
        assert "not allowed with argument" in result.stderr
