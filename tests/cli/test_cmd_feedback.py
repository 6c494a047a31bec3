"""The feedback command, the report's feedback section and the bundled Northwind feedback log."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from teamcore.cli import main
from teamcore.feedback import ComplianceStatus, FeedbackLog, Rule, aggregate_feedback, compliance, load_feedback
from teamcore.people import load_organisation
from teamcore.report import ReportContext, build_report

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
ORG = str(NORTHWIND / "organisation.toml")
LOG = str(NORTHWIND / "feedback.jsonl")
NOW = "2026-11-25T09:00Z"


class TestNorthwind:
    def test_loads_completely(self):
        """Every row of the example log loads against the example organisation."""
        result = load_feedback(LOG, org=load_organisation(ORG))
        assert result.ok
        assert result.rows_in > 400

    def test_story(self):
        """The example shows one overdue review, late feedback, skipped 1:1s and upward feedback from 2 and 4."""
        org = load_organisation(ORG)
        log = FeedbackLog.from_records(load_feedback(LOG, org=org).items)
        result = compliance(log, org, dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC))
        overdue = [
            o for o in result.obligations() if o.rule is Rule.QUARTERLY_REVIEW and o.status is ComplianceStatus.OVERDUE
        ]
        assert [(o.member, o.key) for o in overdue] == [("lars.nilsen", "2026-Q3")]
        statuses = {(o.rule, o.status) for o in result.obligations()}
        assert {(Rule.TIMELY_FEEDBACK, ComplianceStatus.LATE), (Rule.ONE_ON_ONE, ComplianceStatus.BREACHED)} <= statuses
        after_q4 = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)  # the upward answers came in October
        assert aggregate_feedback(log, "katrin.weber", now=after_q4).withheld
        assert aggregate_feedback(log, "rachel.goldman", now=after_q4).respondents == 4
        assert aggregate_feedback(log, "rachel.goldman", now=dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)).withheld


class TestFeedbackCommand:
    def test_tables(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The compliance table and each lead's week are printed."""
        assert main(["--no-color", "feedback", ORG, "--log", LOG, "--now", NOW]) == 0
        out = capsys.readouterr().out
        assert "Feedback-cycle compliance" in out
        assert "This week for astrid.lindqvist" in out
        assert "lars.nilsen" in out

    def test_member(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--member lists one member's obligations, with lateness in business days."""
        assert main(["--no-color", "feedback", ORG, "--log", LOG, "--now", NOW, "--member", "diego.ramirez"]) == 0
        out = capsys.readouterr().out
        assert "Obligations of diego.ramirez (America/Chicago)" in out
        assert "4 bd" in out

    def test_bad_rows_and_member(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Rejected rows are reported on stderr; an unknown member is an input error (exit 1)."""
        path = tmp_path / "log.jsonl"
        path.write_text(  # one good row: a file whose every row is rejected stops the command (exit 3)
            '{"record": "series", "id": "s", "lead": "astrid.lindqvist", "member": "aino.virtanen", '
            '"cadence": "biweekly", "anchor": "2026-09-07"}\n'
            '{"record": "request", "id": "q", "requester": "nobody", "requested_at": "2026-10-01T08:00Z"}\n'
        )
        assert main(["--no-color", "feedback", ORG, "--log", str(path), "--now", NOW, "--member", "zed"]) == 1
        err = capsys.readouterr().err
        assert "1 of 2 rows rejected" in err
        assert "zed" in err

    def test_policy_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A [feedback] table in TOML configures the rules; a bad setting is an input error naming it."""
        path = tmp_path / "policy.toml"
        path.write_text("[feedback]\nrules = ['quarterly_review']\n", encoding="utf-8")
        args = ["--no-color", "feedback", ORG, "--log", LOG, "--now", NOW, "--member", "lars.nilsen"]
        assert main([*args, "--policy", str(path)]) == 0
        out = capsys.readouterr().out
        assert "review" in out
        assert "timely" not in out
        path.write_text('{"within": 3}', encoding="utf-8")
        assert main([*args, "--policy", str(path.rename(tmp_path / "policy.json"))]) == 1
        assert "within" in capsys.readouterr().err


class TestReportSection:
    def test_absent_without_log(self):
        """Without a feedback log there is no feedback section."""
        ctx = ReportContext(org=load_organisation(ORG), now=dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC))
        assert "feedback" not in [s.key for s in build_report(ctx).sections]

    def test_empty_log(self):
        """An empty log still gives the section: everything overdue or pending, nothing late."""
        ctx = ReportContext(
            org=load_organisation(ORG), now=dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), feedback=FeedbackLog()
        )
        section = build_report(ctx).section("feedback")
        table = next(b for b in section.blocks if getattr(b, "title", "") == "Compliance by member")
        assert {None if c is None else c.value for row in table.rows for c in row[1:7]} <= {"overdue", "pending", None}

    def test_report_command(self, tmp_path: Path) -> None:
        """teamcore report --feedback adds the section to the JSON report too."""
        out = tmp_path / "r.json"
        args = ["--no-color", "report", ORG, "--now", NOW, "--team", "emea", "--feedback", LOG, "--json", str(out)]
        assert main(args) == 0
        report = json.loads(out.read_text(encoding="utf-8"))
        section = next(s for s in report["sections"] if s["key"] == "feedback")
        text = json.dumps(section)
        assert "katrin.weber" in text
        assert "withheld" in text
        assert "astrid.lindqvist" not in text  # another team's lead
