"""Tests that the CLI speaks the user's words: flags instead of parameter names, and "did you mean" suggestions."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from teamcore.cli import main
from teamcore.cli._exit import Exit
from teamcore.cli._words import flag_for, in_flags
from teamcore.exceptions import UnknownReference, UnknownTimezone
from tests.cli.running import error_lines, one_line, run_cli

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "examples" / "northwind"
ORG = str(NORTHWIND / "organisation.toml")
NOW = "2026-11-23T08:00Z"


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    one_line(err)
    return error_lines(err)[0]


class TestTheIssuesCases:
    @pytest.mark.parametrize(
        "args",
        [
            ["meetings", ORG, "--team", "nordic", "--now", NOW],
            ["report", ORG, "--team", "nordic", "--now", NOW],
            ["skills", ORG, "--team", "nordic"],
            ["coverage", ORG, "--from", "2026-11-23", "--to", "2026-11-24", "--team", "nordic"],
            ["staffing", ORG, "--forecast", str(NORTHWIND / "forecast.csv"), "--aht", "300", "--team", "nordic"],
        ],
        ids=lambda args: args[0],
    )
    def test_team(self, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt team is named by its flag, with the team meant; never as team_id."""
        assert main(["--no-color", *args]) == Exit.INVALID
        line = _error(capsys)
        assert line.startswith("error: --team: expected one of the teams ["), line
        assert line.endswith("got 'nordic' (did you mean 'nordics'?)"), line
        assert "team_id" not in line

    def test_member(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt member id is named by --member, with the member meant."""
        args = ["feedback", ORG, "--log", str(NORTHWIND / "feedback.jsonl"), "--now", NOW, "--member", "mikael.hom"]
        assert main(["--no-color", *args]) == Exit.INVALID
        line = _error(capsys)
        assert line == (
            "error: --member: expected the id of a member of the organisation, got 'mikael.hom' "
            "(did you mean 'mikael.holm'?)"
        )

    def test_timezone(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt --tz gets the zone meant."""
        args = ["coverage", ORG, "--from", "2026-11-23", "--to", "2026-11-24", "--tz", "Europe/Stokholm"]
        assert main(["--no-color", *args]) == Exit.INVALID
        line = _error(capsys)
        assert line.startswith("error: --tz: expected an IANA timezone name")
        assert line.endswith("got 'Europe/Stokholm' (did you mean 'Europe/Stockholm'?)")

    def test_file_keys_in_a_fresh_process(self, tmp_path: Path) -> None:
        """`teamcore validate` shows an unknown key itself, the key meant, a misspelt zone and member with theirs."""
        path = tmp_path / "team.toml"
        path.write_text(
            'name = "A"\n'
            "[[members]]\n"
            'id = "anna"\nname = "Anna"\ntimezone = "Europe/Stokholm"\ncountry = "SE"\n'
            'langauges = ["sv", "en"]\n'
            "[[teams]]\n"
            'id = "t"\nname = "T"\nlead = "anna"\nmembers = ["anna", "ana"]\n',
            encoding="utf-8",
        )
        done = run_cli("validate", str(path))
        assert done.returncode == Exit.INVALID
        out = done.stdout + done.stderr
        assert "members[0].langauges: unknown key 'langauges' (did you mean 'languages'?)" in out
        assert "['sv', 'en']" not in out  # the value is not what is wrong
        assert "got 'Europe/Stokholm' (did you mean 'Europe/Stockholm'?)" in out
        assert "got 'ana' (did you mean 'anna'?)" in out
        assert "Traceback" not in out


class TestFlagFor:
    @staticmethod
    def _parsed(*words: str) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
        parser = argparse.ArgumentParser()
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--team")
        parser.add_argument("--tz")
        parser.add_argument("--channel", action="append")
        return parser, parser.parse_args(list(words))

    @pytest.mark.parametrize(
        ("field", "value", "words", "flag"),
        [
            ("team_id", "nordic", ["o.toml", "--team", "nordic"], "--team"),  # the _id suffix dropped
            ("team", "nordic", ["o.toml", "--team", "nordic"], "--team"),  # the destination itself
            ("timezone", "Mars/Base", ["o.toml", "--tz", "Mars/Base"], "--tz"),  # an alias
            ("channel", "fax", ["o.toml", "--channel", "mail", "--channel", "fax"], "--channel"),  # repeated
            ("path", "o.tmol", ["o.tmol"], "PATH"),  # a positional: its metavar
            ("timezone", "Mars/Base", ["o.toml", "--tz", "UTC"], None),  # the value came from elsewhere
            ("team_id", "nordic", ["o.toml"], None),  # the flag was not given
            ("members[0].timezone", "Mars/Base", ["o.toml", "--tz", "Mars/Base"], None),  # a file's key
            ("--now", "soon", ["o.toml"], None),  # already a flag
        ],
    )
    def test_cases(self, field: str, value: str, words: list[str], flag: str | None) -> None:
        """The flag is named only where it carried the very value the error shows."""
        parser, args = self._parsed(*words)
        assert flag_for(field, value, parser, args) == flag

    def test_file_errors_untouched(self) -> None:
        """An error about a file keeps its field: it names the key as written in the file."""
        err = UnknownTimezone("timezone", "Mars/Base", "a zone", path="o.toml")
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        sub.add_parser("coverage").add_argument("--tz")
        args = parser.parse_args(["coverage", "--tz", "Mars/Base"])
        assert in_flags(err, parser, args) is err
        other = UnknownReference("tz", "Mars/Base", "a zone")
        assert str(in_flags(other, parser, args)).startswith("--tz: ")


class TestUsageErrors:
    @pytest.mark.parametrize(
        ("args", "meant"),
        [
            (["kpii"], "'kpi'"),  # a command
            (["kpi", ORG, "--tickets", "t.csv", "--now", NOW, "--format", "jsno"], "'json'"),  # a flag's choice
            (["skills", ORG, "--tem", "nordics"], "'--team'"),  # a flag
            (["completion", "bsh"], "'bash'"),
        ],
    )
    def test_suggest(self, args: list[str], meant: str, capsys: pytest.CaptureFixture[str]) -> None:
        """argparse's refusals end with the command, choice or flag meant, and still exit 2."""
        with pytest.raises(SystemExit) as info:
            main(["--no-color", *args])
        assert info.value.code == Exit.USAGE
        assert capsys.readouterr().err.rstrip().endswith(f"(did you mean {meant}?)")

    def test_nothing_near(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A word near no command gets argparse's message alone."""
        with pytest.raises(SystemExit):
            main(["--no-color", "zzzzzz"])
        assert "did you mean" not in capsys.readouterr().err
