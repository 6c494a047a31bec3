"""Tests for roster files: round trips in every format, every row accounted for, errors that name row and field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, LoadError
from teamcore.rostering import (
    ROSTER_COLUMNS,
    Roster,
    ShiftAssignment,
    dump_roster,
    load_roster,
    load_roster_rows,
    write_roster,
)

HEADER = ",".join(ROSTER_COLUMNS)
MONDAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


@st.composite
def assignments(draw: st.DrawFn) -> ShiftAssignment:
    """A shift of one of a few members, starting anywhere in two years, to the microsecond, 1 to 16 hours long."""
    start = draw(st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31), timezones=st.just(dt.UTC)))
    length = draw(st.timedeltas(dt.timedelta(minutes=1), dt.timedelta(hours=16)))
    return ShiftAssignment(
        member=draw(st.sampled_from(["anna", "erik", "maria", "jose.s"])),
        template=draw(st.sampled_from(["day", "late", "night"])),
        start=start,
        end=start + length,
        local_date=(start + draw(st.sampled_from([dt.timedelta(0), dt.timedelta(hours=-10)]))).date(),
    )


def shift(member: str = "anna", hour: int = 6, template: str = "day") -> ShiftAssignment:
    """A shift on Monday 23 November 2026 from `hour` UTC, 8.5 hours long."""
    start = MONDAY + dt.timedelta(hours=hour)
    return ShiftAssignment(
        member=member,
        template=template,
        start=start,
        end=start + dt.timedelta(hours=8, minutes=30),
        local_date=MONDAY.date(),
    )


class TestRoundTrip:
    """write_roster then load_roster gives the same roster."""

    @pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
    @given(shifts=st.lists(assignments(), max_size=8, unique_by=lambda a: a.key))
    @example(shifts=[]).via("an empty roster is a header only")
    @example(
        shifts=[
            ShiftAssignment(
                member="anna",
                template="day",
                start=dt.datetime(2027, 5, 30, 21, 22, tzinfo=dt.UTC),
                end=dt.datetime(2027, 5, 30, 22, 22, 1, 756, tzinfo=dt.UTC),
                local_date=dt.date(2027, 5, 30),
            )
        ]
    ).via("hours written to 6 significant digits disagreed with start and end")
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
    def test_round_trip(self, tmp_path: Path, suffix: str, shifts: list[ShiftAssignment]) -> None:
        """Every field of every shift survives, in every format."""
        path = tmp_path / f"roster{suffix}"
        write_roster(Roster(shifts), path)
        assert load_roster(path) == Roster(shifts)

    def test_csv_columns_are_to_polars_columns(self) -> None:
        """The file's header is Roster.to_polars()'s columns."""
        assert dump_roster(Roster([shift()])).splitlines()[0] == HEADER
        assert list(ROSTER_COLUMNS) == Roster([]).to_polars().columns
        assert list(Roster([shift()]).to_pandas().columns) == list(ROSTER_COLUMNS)

    def test_hours_may_be_left_out(self, tmp_path: Path) -> None:
        """A file without the hours column loads (they follow from start and end)."""
        path = tmp_path / "r.csv"
        path.write_text(
            "member,template,start,end,local_date\nanna,day,2026-11-23T07:00+01:00,2026-11-23T14:30Z,2026-11-23\n"
        )
        (loaded,) = load_roster(path)
        assert loaded.start == MONDAY + dt.timedelta(hours=6)
        assert loaded.hours == 8.5


class TestRejected:
    """Bad rows are rejected with their row number, field, value and what was expected."""

    @pytest.mark.parametrize(
        ("row", "match"),
        [
            # a naive start: teamcore never assumes a timezone
            ("anna,day,2026-11-23T06:00,2026-11-23T14:30Z,2026-11-23,", r"start: expected a date-time with an offset"),
            # the end before the start
            ("anna,day,2026-11-23T14:30Z,2026-11-23T06:00Z,2026-11-23,", r"end: expected an end after the start"),
            # hours that disagree with start and end
            ("anna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23,8", r"hours: expected the real hours .*8\.5"),
            # hours that are no number
            ("anna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23,many", r"hours: expected a number of hours"),
            # a local date that is no date
            ("anna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,23/11/2026,", r"local_date: expected a date YYYY-MM-DD"),
            # an empty member id
            (",day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23,", r"member"),
            # more cells than the header
            ("anna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23,8.5,x", r"expected 6 cells, got 7"),
        ],
    )
    def test_bad_row(self, tmp_path: Path, row: str, match: str) -> None:
        """The row is rejected as row 3 (after a good row 2), the others load."""
        path = tmp_path / "r.csv"
        path.write_text(f"{HEADER}\n{dump_roster(Roster([shift()])).splitlines()[1]}\n{row}\n")
        result = load_roster_rows(path)
        assert (result.rows_in, result.loaded, [r.row for r in result.rejected]) == (2, 1, [3])
        assert re.search(match, result.rejected[0].reason)
        with pytest.raises(LoadError, match=match) as caught:
            load_roster(path)
        assert [p.entry for p in caught.value.problems] == ["row 3"]

    def test_every_problem_at_once(self, tmp_path: Path) -> None:
        """Two bad rows: both listed; a repeated shift is rejected the second time."""
        good = dump_roster(Roster([shift()])).splitlines()[1]
        path = tmp_path / "r.csv"
        path.write_text(f"{HEADER}\n{good}\n{good}\nanna,day,x,y,z,\n")
        with pytest.raises(LoadError) as caught:
            load_roster(path)
        assert [p.entry for p in caught.value.problems] == ["row 3", "row 4"]
        assert "each member, template and start once" in str(caught.value)

    def test_unknown_column_suggests(self, tmp_path: Path) -> None:
        """A misspelt column is named, with the column meant."""
        path = tmp_path / "r.csv"
        path.write_text(
            "member,template,start,end,local_dat\nanna,day,2026-11-23T06:00Z,2026-11-23T14:30Z,2026-11-23\n"
        )
        with pytest.raises(LoadError, match=r"local_dat.*did you mean 'local_date'"):
            load_roster(path)

    @pytest.mark.parametrize("name", ["roster.txt", "roster.xlsx"])
    def test_suffix(self, tmp_path: Path, name: str) -> None:
        """Only .csv, .jsonl and .parquet are roster files."""
        with pytest.raises(InvalidValue, match=r"path: expected a \.csv, \.jsonl or \.parquet roster file"):
            load_roster(tmp_path / name)
        with pytest.raises(InvalidValue):
            write_roster(Roster([]), tmp_path / name)

    def test_not_parquet(self, tmp_path: Path) -> None:
        """A .parquet file that is not Parquet is a MalformedFile naming it."""
        path = tmp_path / "r.parquet"
        path.write_text("member\nanna\n")
        with pytest.raises(LoadError, match=r"expected a Parquet file"):
            load_roster(path)
