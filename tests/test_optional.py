"""Tests for teamcore._optional and what the CLI says when an optional extra is missing."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest

from teamcore._optional import EXTRAS, hint, require
from teamcore.cli import main
from teamcore.exceptions import MissingDependency, TeamcoreError
from teamcore.scheduling import MeetingSlot, meeting_ics

ROOT = Path(__file__).parents[1]
NORTHWIND = ROOT / "examples" / "northwind"
NOW = "2026-11-23T08:00:00Z"


def hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make `modules` unimportable, as if their extra were not installed (``None`` in sys.modules)."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


class TestHint:
    def test_one_line_naming_the_extra_and_the_command(self):
        """The hint names the feature, the extra and the pip command, on one line."""
        assert hint("report", "--html") == "--html needs the 'report' extra: pip install 'teamcore[report]'"

    def test_unknown_extra_is_a_bug(self):
        """A hint can never name an extra that does not exist."""
        with pytest.raises(KeyError, match="no extra 'dataframe'"):
            hint("dataframe", "to_polars")

    def test_every_extra_exists_in_pyproject(self):
        """Each extra a hint may name is declared in pyproject.toml, and ``all`` installs every one of them."""
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
        assert set(EXTRAS) <= set(extras)
        assert extras["all"] == [f"teamcore[{','.join(EXTRAS)}]"]


class TestRequire:
    def test_returns_the_module(self):
        """An installed module is imported and returned."""
        assert require("json", "report", "plots").__name__ == "json"

    def test_missing_module_raises_missing_dependency(self, monkeypatch):
        """A missing module raises MissingDependency (a TeamcoreError and an ImportError) with the hint."""
        hide(monkeypatch, "icalendar")
        with pytest.raises(MissingDependency) as caught:
            require("icalendar", "calendar", "--ics")
        assert isinstance(caught.value, TeamcoreError | ImportError)
        assert str(caught.value) == "--ics needs the 'calendar' extra: pip install 'teamcore[calendar]'"

    def test_library_functions_name_the_extra(self, monkeypatch):
        """The library's own optional imports go through require: meeting_ics without icalendar names 'calendar'."""
        start = dt.datetime(2026, 3, 5, 14, tzinfo=dt.UTC)
        slot = MeetingSlot(start=start, end=start + dt.timedelta(minutes=30), score=0.0, pain=())
        hide(monkeypatch, "icalendar")
        with pytest.raises(MissingDependency, match=r"^iCalendar export needs the 'calendar' extra: pip install"):
            meeting_ics(slot, summary="Kick-off", now=start)


class TestCliWithoutExtras:
    def test_html_without_report_extra(self, monkeypatch, tmp_path, capsys):
        """--html without matplotlib prints one line naming the 'report' extra and exits 1, writing nothing."""
        hide(monkeypatch, "matplotlib", "matplotlib.figure")
        html = tmp_path / "report.html"
        argv = ["--no-color", "report", str(NORTHWIND / "organisation.toml"), "--now", NOW, "--html", str(html)]
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert captured.err == "error: --html needs the 'report' extra: pip install 'teamcore[report]'\n"
        assert captured.out == ""
        assert not html.exists()

    def test_ics_without_calendar_extra(self, monkeypatch, tmp_path, capsys):
        """--ics without icalendar prints one line naming the 'calendar' extra and exits 1, writing nothing."""
        hide(monkeypatch, "icalendar")
        ics = tmp_path / "team.ics"
        argv = ["--no-color", "meetings", str(NORTHWIND / "organisation.toml"), "--team", "nordics", "--now", NOW,
                "--ics", str(ics)]  # fmt: skip
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert captured.err == "error: --ics needs the 'calendar' extra: pip install 'teamcore[calendar]'\n"
        assert not ics.exists()

    def test_report_without_html_needs_no_extra(self, monkeypatch, capsys):
        """The terminal report runs without matplotlib and icalendar."""
        hide(monkeypatch, "matplotlib", "matplotlib.figure", "icalendar")
        assert main(["--no-color", "report", str(NORTHWIND / "organisation.toml"), "--now", NOW]) == 0
        assert "Northwind" in capsys.readouterr().out
