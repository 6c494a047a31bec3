"""The mentors and skills commands on the Northwind example."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamcore.cli import main

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
ORG = str(NORTHWIND / "organisation.toml")
PAIRS = str(NORTHWIND / "mentoring.toml")
NOW = "2026-11-23T08:00:00Z"


class TestMentorsCommand:
    @pytest.mark.parametrize("solver", ["stable", "optimal"])
    def test_assign(self, solver: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Newcomers without a mentor are listed and each gets a suggestion with its score."""
        status = main(["--no-color", "mentors", ORG, "--pairs", PAIRS, "--now", NOW, "--assign", "--solver", solver])
        out = capsys.readouterr().out
        assert status == 0
        assert "Newcomers without a mentor (3)" in out
        assert "zofia.kowalska" in out
        assert "chain: astrid.lindqvist -> johan.berg -> mikael.holm" in out
        assert f"Suggested mentors: {solver}" in out

    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--explain prints every component of each suggestion."""
        assert main(["--no-color", "mentors", ORG, "--now", NOW, "--assign", "--explain"]) == 0
        out = capsys.readouterr().out
        assert "seniority" in out
        assert "h a week together" in out

    def test_bad_pairs_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A pair with a stranger is reported on stderr with its row, the rest still loads."""
        path = tmp_path / "p.csv"
        path.write_text("mentor,mentee\njohan.berg,nobody\nhannah.lee,jordan.walker\n", encoding="utf-8")
        assert main(["--no-color", "mentors", ORG, "--pairs", str(path), "--now", NOW]) == 0
        err = capsys.readouterr().err
        assert "1 of 2 rows rejected" in err
        assert "row 2: " in err  # line 2, the first after the header

    def test_over_capacity_fails_cleanly(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """More active mentees than capacity is an input error (exit 1) naming the mentor."""
        path = tmp_path / "p.csv"
        path.write_text("mentor,mentee\nhannah.lee,jordan.walker\nhannah.lee,sofia.martinez\n", encoding="utf-8")
        assert main(["--no-color", "mentors", ORG, "--pairs", str(path), "--now", NOW, "--capacity", "1"]) == 1
        assert "hannah.lee" in capsys.readouterr().err


class TestSkillsCommand:
    def test_tables(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Bus factor, single points of failure and training suggestions are printed."""
        assert main(["--no-color", "skills", ORG]) == 0
        out = capsys.readouterr().out
        assert "Bus factor per skill" in out
        assert "mobile-app" in out
        assert "Training suggestions" in out
