"""Tests for ``teamcore coverage``: the heatmap, the gaps, filters and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamcore.cli import main

ORG = """
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "Europe/Stockholm"
country = "SE"
languages = ["sv", "en"]
hours = { mon-fri = ["09:00-17:00"] }

[[members]]
id = "nia"
name = "Nia Ford"
timezone = "America/New_York"
country = "US"
languages = ["en"]
skills = { billing = 3 }
hours = { mon-fri = ["09:00-17:00"] }

[[teams]]
id = "nordic"
name = "Nordic"
lead = "anna"
members = ["anna"]
closed_days = [{ date = 2026-06-19, name = "Midsummer Eve" }]
"""


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(ORG, encoding="utf-8")
    return path


class TestCoverageCommand:
    def test_heatmap_and_gaps(self, org_file, capsys):
        """A week in Stockholm time: the heatmap rows, and the night as a gap."""
        assert (
            main(
                [
                    "--no-color",
                    "coverage",
                    str(org_file),
                    "--from",
                    "2026-03-02",
                    "--to",
                    "2026-03-08",
                    "--tz",
                    "Europe/Stockholm",
                ]
            )
            == 0
        )
        out = capsys.readouterr().out
        assert "2 member(s) considered" in out
        monday = next(line for line in out.splitlines() if line.startswith("Mon"))
        assert monday.split()[1:] == ["0"] * 9 + ["1"] * 6 + ["2"] * 2 + ["1"] * 6 + ["0"]
        assert "Mon 2026-03-02 00:00" in out
        assert "✗ nobody" in out  # the report's status vocabulary: symbol and word

    def test_filters_and_required(self, org_file, capsys):
        """--language sv leaves Anna; --team applies the team's Midsummer closed day."""
        assert (
            main(
                [
                    "--no-color",
                    "coverage",
                    str(org_file),
                    "--from",
                    "2026-06-19",
                    "--to",
                    "2026-06-19",
                    "--language",
                    "sv",
                ]
            )
            == 0
        )
        assert "1 member(s) considered" in capsys.readouterr().out
        assert (
            main(
                [
                    "--no-color",
                    "coverage",
                    str(org_file),
                    "--from",
                    "2026-06-19",
                    "--to",
                    "2026-06-19",
                    "--team",
                    "nordic",
                ]
            )
            == 0
        )
        out = capsys.readouterr().out
        assert "0% of the time covered" in out

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--tz", "Mars/Base"], "--tz"),  # unknown zone
            (["--required", "0"], "--required"),  # nobody required makes no sense
            (["--from", "2026-03-09", "--to", "2026-03-01"], "--to"),  # reversed
            (["--team", "nope"], "nope"),  # unknown team
        ],
    )
    def test_bad_input_exits_1(self, org_file, capsys, extra, message):
        """Invalid input is reported on stderr with exit status 1."""
        args = ["coverage", str(org_file), "--from", "2026-03-02", "--to", "2026-03-08", *extra]
        assert main(args) == 1
        assert message in capsys.readouterr().err

    def test_bad_date_is_a_usage_error(self, org_file, capsys):
        """A malformed date is argparse's usage error (exit 2)."""
        with pytest.raises(SystemExit) as exit_info:
            main(["coverage", str(org_file), "--from", "March", "--to", "2026-03-08"])
        assert exit_info.value.code == 2
        assert "YYYY-MM-DD" in capsys.readouterr().err
