"""``teamcore report --lead / --member / --compare``: the personal views and "Since last time" from the command line."""

from __future__ import annotations

import csv
import io
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


class TestFormats:
    """``--format table|json|csv`` and ``--output``, as on every other command."""

    def test_json_on_stdout_is_the_report_json(self, tmp_path):
        """``--format json`` prints what ``--json FILE`` writes: the same document, valid against its schema."""
        path = tmp_path / "r.json"
        result = run_cli("report", *DEMO, "--now", NOW, "--format", "json", "--json", str(path))
        assert result.returncode == Exit.OK, result.stderr
        printed = json.loads(result.stdout)
        jsonschema.validate(printed, report_schema())
        assert printed == json.loads(path.read_text(encoding="utf-8"))

    def test_csv_is_the_ranked_attention_list(self):
        """``--format csv``: one row per attention item in rank order, with the identity --compare matches on."""
        result = run_cli("report", *DEMO, "--now", NOW, "--format", "csv")
        assert result.returncode == Exit.OK, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        data = json.loads(run_cli("report", *DEMO, "--now", NOW, "--format", "json").stdout)
        assert [int(r["rank"]) for r in rows] == list(range(1, len(data["attention"]) + 1))
        assert [r["identity"] for r in rows] == [i["identity"] for i in data["attention"]]
        assert {r["status"] for r in rows} <= {"act", "watch"}
        assert all(r["due"].endswith("Z") for r in rows if r["due"])

    def test_output_writes_the_table_text(self, tmp_path):
        """``--output FILE`` writes the terminal report as plain text, nothing on stdout."""
        path = tmp_path / "report.txt"
        result = run_cli("report", *DEMO, "--now", NOW, "--summary", "--output", str(path))
        assert result.returncode == Exit.OK, result.stderr
        assert result.stdout == ""
        text = path.read_text(encoding="utf-8")
        assert "Needs attention" in text
        assert "\x1b[" not in text

    @pytest.mark.parametrize("view", [["--lead", "astrid.lindqvist"], ["--member", "mikael.holm"], []])
    def test_summary_of_every_view_fits_one_screen(self, view, monkeypatch):
        """A lead's week has one section more than the organisation's: its summary still fits 80 × 24."""
        monkeypatch.setenv("COLUMNS", "80")
        result = run_cli("report", *DEMO, "--now", NOW, "--summary", *view)
        assert result.returncode == Exit.OK, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) <= 24
        assert max(len(line) for line in lines) <= 80
        assert any(line.startswith(("✗ act ", "▲ watch ")) for line in lines) or "Nothing needs" in result.stdout


class TestProgress:
    def test_a_line_per_stage_on_stderr_never_on_stdout(self):
        """--progress: the rows and seconds of each table on stderr; stdout is still exactly the JSON report."""
        result = run_cli("report", *DEMO, "--now", NOW, "--format", "json", "--progress")
        assert result.returncode == Exit.OK, result.stderr
        json.loads(result.stdout)
        tickets = len((E / "tickets.csv").read_text(encoding="utf-8").splitlines()) - 1
        assert (
            f"tickets {E / 'tickets.csv'}: {tickets:,} rows read, {tickets:,} loaded, 0 rejected in " in result.stderr
        )
        assert f"events {E / 'events.csv'}: " in result.stderr
        assert "report computed in " in result.stderr

    def test_rejected_rows_are_counted(self, tmp_path):
        """A bad row shows as read but not loaded: read = loaded + rejected."""
        lines = (E / "tickets.csv").read_text(encoding="utf-8").splitlines()
        bad = tmp_path / "tickets.csv"
        bad.write_text("\n".join([*lines, lines[1].replace("T0000001", "T9999999").replace("Z,", ",", 1)]) + "\n")
        result = run_cli("report", str(E / "organisation.toml"), "--tickets", str(bad), "--now", NOW, "--progress")
        assert result.returncode == Exit.OK, result.stderr
        read = len(lines)  # the header's place is taken by the added row
        assert f"{read:,} rows read, {read - 1:,} loaded, 1 rejected in " in result.stderr

    def test_quiet_off_a_terminal(self):
        """Without --progress, in a pipe: no stage lines."""
        result = run_cli("report", *DEMO, "--now", NOW, "--summary")
        assert result.returncode == Exit.OK, result.stderr
        assert "rows read" not in result.stderr
