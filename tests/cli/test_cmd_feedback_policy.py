"""``teamcore feedback --policy FILE`` and ``teamcore report --feedback-policy FILE``, with the Northwind files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from teamcore.cli import main

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
ORG = str(NORTHWIND / "organisation.toml")
LOG = str(NORTHWIND / "feedback.jsonl")
POLICY = str(NORTHWIND / "feedback-policy.toml")
NOW = "2026-11-25T09:00Z"
FEEDBACK = ["--no-color", "feedback", ORG, "--log", LOG, "--now", NOW]


def _section(tmp_path: Path, *extra: str) -> dict:
    """The feedback section of the JSON report for the EMEA team."""
    out = tmp_path / "report.json"
    args = ["--no-color", "report", ORG, "--now", NOW, "--team", "emea", "--feedback", LOG, "--json", str(out)]
    assert main([*args, *extra]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    return next(s for s in report["sections"] if s["key"] == "feedback")


def _blocks(section: dict, kind: str) -> list[dict]:
    return [b for b in section["blocks"] if b.get("type") == kind]


class TestFeedbackCommand:
    def test_northwind_policy(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With the Northwind policy a lead's agreed monthly 1:1s are met, not breached, and the caption says so."""
        args = [*FEEDBACK, "--member", "katrin.weber"]
        assert main(args) == 0
        default = capsys.readouterr().out
        assert "breached" in default
        assert "Policy: default." in default
        assert main([*args, "--policy", POLICY]) == 0
        custom = capsys.readouterr().out
        assert "breached" not in custom
        assert "Policy: custom: monthly 1:1s agreed with 4 members; tracked since 2026-09-01" in custom

    def test_business_days(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Five business days for feedback, in a JSON file, turn late feedback into met feedback."""
        path = tmp_path / "policy.json"
        path.write_text('{"rules": ["timely_feedback"], "feedback_within": 5}', encoding="utf-8")
        args = [*FEEDBACK, "--member", "diego.ramirez"]
        assert main(args) == 0
        assert "4 bd" in capsys.readouterr().out  # late by four business days at the default 3
        assert main([*args, "--policy", str(path)]) == 0
        out = capsys.readouterr().out
        assert "4 bd" not in out
        assert "feedback within 5 business days" in out

    def test_every_problem(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad policy file is an input error listing every problem with the path and field."""
        path = tmp_path / "policy.toml"
        path.write_text(
            'feedback_within = -1\none_on_one_cadence = "daily"\n[cadence_overrides]\n"nobody" = "weekly"\n',
            encoding="utf-8",
        )
        assert main([*FEEDBACK, "--policy", str(path)]) == 1
        err = capsys.readouterr().err
        assert "3 problem(s)" in err
        for field in ("feedback_within", "one_on_one_cadence", "cadence_overrides.nobody"):
            assert f"policy.toml: {field}: expected" in err

    def test_settings_outside_the_feedback_table(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A TOML file with top-level settings is no longer read as the default policy."""
        path = tmp_path / "policy.toml"
        path.write_text("feedback_within = 0\n", encoding="utf-8")
        assert main([*FEEDBACK, "--member", "diego.ramirez", "--policy", str(path)]) == 0
        assert "feedback within 0 business days" in capsys.readouterr().out


class TestReportCommand:
    def test_caption_default(self, tmp_path: Path) -> None:
        """Without --feedback-policy the section says it checked the default policy."""
        section = _section(tmp_path)
        assert _blocks(section, "paragraph")[0]["text"] == "Policy: default."

    def test_northwind_policy(self, tmp_path: Path) -> None:
        """--feedback-policy changes the compliance table and the section names the policy."""
        default = _section(tmp_path)
        custom = _section(tmp_path, "--feedback-policy", POLICY)
        assert _blocks(custom, "paragraph")[0]["text"].startswith("Policy: custom: monthly 1:1s agreed with 4 members")

        def katrin(section: dict) -> list:
            table = next(b for b in _blocks(section, "table") if b["title"] == "Compliance by member")
            return next(row for row in table["rows"] if row[0] == "katrin.weber")

        assert "breached" in katrin(default)
        assert "breached" not in katrin(custom)

    def test_settings_in_the_captions(self, tmp_path: Path) -> None:
        """The figures and the table caption give the policy's business days and ratio, not the defaults."""
        path = tmp_path / "policy.toml"
        path.write_text("feedback_within = 5\nmin_recognition_ratio = 2\n", encoding="utf-8")
        text = json.dumps(_section(tmp_path, "--feedback-policy", str(path)))
        assert "after 5 business days" in text
        assert "feedback within 5 business days" in text
        assert "2 recognitions per constructive item" in text
        assert "3 business days" not in text

    def test_bad_policy(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad policy file is an input error naming the field; a policy without a log is refused."""
        path = tmp_path / "policy.json"
        path.write_text('{"anonymity_threshold": 1}', encoding="utf-8")
        args = ["--no-color", "report", ORG, "--now", NOW, "--feedback", LOG, "--feedback-policy", str(path)]
        assert main(args) == 1
        assert "anonymity_threshold" in capsys.readouterr().err
        assert main(["--no-color", "report", ORG, "--now", NOW, "--feedback-policy", POLICY]) == 1
        assert "--feedback-policy" in capsys.readouterr().err
