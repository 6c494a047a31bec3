"""Tests for load_roster: what Roster.to_polars().write_csv writes reads back, and every bad row is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import LoadError
from teamcore.rostering import Roster, load_roster
from tests.rostering.example import problem


def shifts() -> list:
    """Candidate shifts of the worked example's first day."""
    p = problem()
    return [a for m in p.members for a in p.candidates(m.id) if a.local_date == dt.date(2026, 11, 23)]


class TestReadRoster:
    @settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(shifts()), unique=True, max_size=6))
    def test_round_trip(self, tmp_path: Path, picked):
        """Writing a roster with polars and reading it gives the same roster."""
        roster = Roster(picked)
        path = tmp_path / "roster.csv"
        roster.to_polars().write_csv(path)
        assert load_roster(path) == roster

    def test_json_lines(self, tmp_path: Path):
        """JSON lines with the same fields read too."""
        roster = Roster(shifts()[:2])
        path = tmp_path / "roster.jsonl"
        roster.to_polars().with_columns().write_ndjson(path)
        assert load_roster(path) == roster

    def test_every_problem_is_named(self, tmp_path: Path):
        """Bad rows are all reported at once, each with its line, field and value."""
        path = tmp_path / "roster.csv"
        path.write_text(
            "member,template,start,end,local_date,hours\n"
            "anna,day,2026-11-23T07:00Z,2026-11-23T15:30Z,2026-11-23,8.5\n"
            "anna,day,2026-11-23T07:00,2026-11-23T15:30Z,2026-11-23,8.5\n"  # naive start
            "erik,day,2026-11-23T07:00Z,2026-11-23T15:30Z,23/11/2026,8.5\n"  # not an ISO date
            "maria,day,2026-11-23T07:00Z,2026-11-23T06:00Z,2026-11-23,\n"  # ends before it starts
            "jose,day,2026-11-23T07:00Z,2026-11-23T15:30Z,2026-11-23,9\n"  # hours that disagree
            ",day,2026-11-23T07:00Z,2026-11-23T15:30Z,2026-11-23,8.5\n",  # no member
            encoding="utf-8",
        )
        with pytest.raises(LoadError) as caught:
            load_roster(path)
        found = [(p.entry, p.message.partition(":")[0]) for p in caught.value.problems]
        assert found == [
            ("row 3", "start"),
            ("row 4", "local_date"),
            ("row 5", "end"),
            ("row 6", "hours"),
            ("row 7", "member"),
        ]
        assert "23/11/2026" in str(caught.value)

    def test_missing_column(self, tmp_path: Path):
        """A file without local_date names the missing column."""
        path = tmp_path / "roster.csv"
        path.write_text("member,template,start,end\nanna,day,2026-11-23T07:00Z,2026-11-23T15:30Z\n", encoding="utf-8")
        with pytest.raises(LoadError, match="local_date"):
            load_roster(path)

    def test_header_only_is_empty(self, tmp_path: Path):
        """A header and no rows is an empty roster."""
        path = tmp_path / "roster.csv"
        Roster([]).to_polars().write_csv(path)
        assert load_roster(path) == Roster([])
