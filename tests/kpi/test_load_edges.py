"""Loaders at the edge: hostile values, types and files end in a rejected row or a TeamcoreError, and warnings.

Each case here was found by fuzzing (``python -m fuzz --only load_tickets_csv`` …) or listed in the issue "Trust at
the edge"; each fails on the loaders before the fix (a foreign exception, a lost row or a silent wrong number).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzz.targets_kpi import TARGETS
from teamcore import LoadResult
from teamcore.exceptions import MalformedFile, TeamcoreError, WrongType
from teamcore.kpi import load_events, load_tickets
from teamcore.kpi._load import _read_csv, _read_csv_fast, _read_csv_rows

_SEEDS = {t.name.split("_")[1]: {t.suffix: t.seeds} for t in TARGETS if t.suffix == ".parquet"}
UTC = dt.UTC
T0 = dt.datetime(2026, 11, 2, 9, tzinfo=UTC)
T1 = dt.datetime(2026, 11, 2, 10, tzinfo=UTC)


def _text_tickets(**over: str) -> pl.DataFrame:
    """Two text rows as a CSV gives them; the second one changed by `over`."""
    row = {
        "ticket_id": "t1",
        "created_at": "2026-11-02T09:00:00Z",
        "priority": "high",
        "status": "open",
        "assignee": "ann",
        "team": "nordic",
        "solved_at": "",
        "satisfaction": "",
        "csat_score": "4",
        "handle_seconds": "60",
    }
    return pl.DataFrame([row, row | {"ticket_id": "t2"} | over], schema=dict.fromkeys(row, pl.String))


class TestHostileValues:
    @pytest.mark.parametrize(
        ("over", "match"),
        [
            ({"csat_score": " 4 "}, "csat_score: expected an integer 1–5 (digits only)"),  # spaces: cast error before
            ({"handle_seconds": "\t3\t"}, "handle_seconds: expected an integer"),  # tabs
            ({"csat_score": "99999999999999999999999"}, "csat_score: expected an integer 1–5"),  # beyond int64
            ({"handle_seconds": "-9223372036854775809"}, "handle_seconds: expected an integer"),  # below int64
            ({"csat_score": "NaN"}, "csat_score: expected an integer"),  # not a number
            ({"csat_score": "inf"}, "csat_score: expected an integer"),  # infinity
            ({"created_at": "P1000000000D"}, "created_at: expected an ISO 8601 timestamp"),  # a duration
            ({"created_at": "10000-01-01T00:00:00Z"}, "created_at: expected an ISO 8601 timestamp"),  # year 10000
            ({"created_at": "9999-12-31T23:59:59-12:00"}, "years 1 to 9999"),  # year 10000 in UTC
            ({"created_at": "0000-01-01T00:00:00Z"}, "years 1 to 9999"),  # year 0: loaded before, unusable
        ],
    )
    def test_rejected_with_reason(self, over: dict[str, str], match: str):
        """A hostile text value is a rejected row naming the field and what was expected."""
        result = load_tickets(_text_tickets(**over))
        assert (result.rows_in, result.loaded) == (2, 1)
        assert result.rejected[0].row == 2
        assert match in result.rejected[0].reason

    def test_year_zero_in_a_row_rejected_for_another_reason(self):
        """Building the message of a row with year 0 elsewhere does not crash (Python has no year 0)."""
        frame = _text_tickets(status="bogus", solved_at="0000-01-01T00:00:00Z")
        result = load_tickets(frame)
        assert [r.row for r in result.rejected] == [2]  # the instant is the first reason; the status the second
        assert result.rejected[0].record["solved_at"] == "0000-01-01T00:00:00Z"

    def test_year_zero_in_a_datetime_column(self):
        """A native datetime column with year 0 rejects that row; the message shows the instant as text."""
        year0 = pl.datetime(0, 1, 1, time_zone="UTC")
        frame = pl.DataFrame({"ticket_id": ["a", "b"], "priority": ["low", "x"], "status": ["new", "new"]})
        frame = frame.with_columns(created_at=pl.when(pl.int_range(2) == 1).then(year0).otherwise(pl.lit(T0)))
        result = load_tickets(frame)
        assert [r.row for r in result.rejected] == [2]
        assert "0000-01-01" in str(result.rejected[0].record["created_at"])

    @pytest.mark.parametrize(
        ("values", "match"),
        [
            ([4.0, float("nan")], "got nan"),  # NaN: a cast error before
            ([4.0, float("inf")], "got inf"),  # infinity
            ([4.0, 4.5], "got 4.5"),  # a fraction: silently cast to 4 before
        ],
    )
    def test_float_survey_column(self, values: list[float], match: str):
        """A float column of survey answers loads its whole values and rejects NaN, infinities and fractions."""
        frame = pl.DataFrame(
            {"ticket_id": ["a", "b"], "created_at": [T0, T0], "priority": ["low"] * 2, "status": ["new"] * 2}
        ).with_columns(csat_score=pl.Series(values))
        result = load_tickets(frame)
        assert [r.row for r in result.rejected] == [2]
        assert match in result.rejected[0].reason
        assert result.frame["csat_score"].to_list() == [4]

    def test_unsigned_beyond_int64(self):
        """A uint64 value beyond int64 is out of range like any other, not a cast error."""
        frame = pl.DataFrame(
            {
                "ticket_id": ["a", "b"],
                "created_at": [T0, T0],
                "priority": ["low"] * 2,
                "status": ["new"] * 2,
                "handle_seconds": pl.Series([60, 2**64 - 1], dtype=pl.UInt64),
            }
        )
        result = load_tickets(frame)
        assert [r.row for r in result.rejected] == [2]
        assert result.frame["handle_seconds"].to_list() == [60]

    @settings(max_examples=60, deadline=None)
    @given(value=st.text(max_size=30), field=st.sampled_from(["csat_score", "handle_seconds", "created_at", "status"]))
    @example(value=" 4 ", field="csat_score")
    @example(value="99999999999999999999999", field="handle_seconds")
    @example(value="9999-12-31T23:59:59-12:00", field="created_at")
    def test_any_text_ends_well(self, value: str, field: str):
        """Any text in any field loads or is rejected with its row; the first row always loads."""
        result = load_tickets(_text_tickets(**{field: value}))
        assert result.rows_in == 2 == result.loaded + len(result.rejected)
        assert all(r.row == 2 for r in result.rejected)


class TestTypes:
    def test_integer_coded_status_is_rejected(self):
        """Integer statuses (a helpdesk's codes) are rejected row by row, naming the code, not an engine error."""
        frame = pl.DataFrame({"ticket_id": ["a"], "created_at": [T0], "priority": ["low"], "status": [3]})
        result = load_tickets(frame)
        statuses = "new, open, pending, on_hold, solved, closed"
        assert result.rejected[0].reason == f"status: expected one of {statuses}, got '3'"

    def test_integer_ids_are_text(self):
        """Integer ticket ids and assignees (numbered exports) load as their digits."""
        frame = pl.DataFrame(
            {"ticket_id": [1042], "created_at": [T0], "priority": ["low"], "status": ["new"], "assignee": [7]}
        )
        result = load_tickets(frame)
        assert result.ok
        assert result.frame.select("ticket_id", "assignee").row(0) == ("1042", "7")

    def test_float_assignee_is_a_type_error(self):
        """Float member ids (pandas turns integer ids with gaps into floats) are refused for the column."""
        frame = pl.DataFrame(
            {"ticket_id": ["a"], "created_at": [T0], "priority": ["low"], "status": ["new"], "assignee": [7.0]}
        )
        with pytest.raises(WrongType, match=r"DataFrame: assignee: expected a text column"):
            load_tickets(frame)

    def test_jsonl_numbers_are_rejected_or_text(self, tmp_path: Path):
        """JSON numbers in text fields become their text; a numeric status is rejected with its row."""
        path = tmp_path / "t.jsonl"
        good = {"ticket_id": 1, "created_at": "2026-11-02T09:00:00Z", "priority": "low", "status": "new"}
        path.write_text(json.dumps(good) + "\n" + json.dumps(good | {"ticket_id": 2, "status": 3}) + "\n")
        result = load_tickets(path)
        assert (result.rows_in, result.loaded) == (2, 1)
        assert "status: expected one of" in result.rejected[0].reason

    @pytest.mark.parametrize(
        "name", ["__row", "__why", "__check", "__copies", "__created", "__ts_created_at", "__raw_created_at"]
    )
    def test_input_column_named_like_a_working_column(self, name: str, tmp_path: Path):
        """An input column named like one of the loader's working columns is ignored, like any extra column."""
        frame = pl.DataFrame(
            {"ticket_id": ["a"], "created_at": ["2026-11-02T09:00:00Z"], "priority": ["low"], "status": ["new"]}
        ).with_columns(pl.lit("boom").alias(name))
        frame.write_csv(tmp_path / "t.csv")
        for source in (frame, tmp_path / "t.csv"):
            result = load_tickets(source)
            assert result.ok, result.rejected
            assert name not in result.frame.columns
        events = pl.DataFrame({"ticket_id": ["a"], "at": [T1], "kind": ["reply"]}).with_columns(pl.lit(1).alias(name))
        assert load_events(events, load_tickets(frame).frame).ok

    def test_integer_ticket_ids_in_both_tables(self):
        """Events with integer ticket ids join tickets with integer ids (both become text), not a join-type error."""
        tickets = pl.DataFrame({"ticket_id": [1042], "created_at": [T0], "priority": ["low"], "status": ["new"]})
        events = pl.DataFrame({"ticket_id": [1042, 7], "at": [T1, T1], "kind": ["reply", "reply"]})
        result = load_events(events, tickets)
        assert [r.row for r in result.rejected] == [2]

    def test_events_against_a_raw_tickets_frame(self):
        """A tickets table whose created_at is text (not loaded first) is a WrongType, not an engine error."""
        events = pl.DataFrame({"ticket_id": ["a"], "at": [T1], "kind": ["reply"]})
        with pytest.raises(WrongType, match=r"tickets\.created_at: expected instants"):
            load_events(events, pl.DataFrame({"ticket_id": ["a"], "created_at": ["2026-11-02T09:00:00Z"]}))


class TestFiles:
    def test_lone_cr_line_ends(self, tmp_path: Path):
        """A CSV with lone-CR line ends (classic Mac, some exports) is read as its rows, not as one header."""
        text = "ticket_id,created_at,priority,status\ra,2026-11-02T09:00:00Z,low,new\rb,2026-11-02T09:00:00Z,low,x\r"
        path = tmp_path / "t.csv"
        path.write_bytes(text.encode())
        result = load_tickets(path)
        assert (result.rows_in, result.loaded, [r.row for r in result.rejected]) == (2, 1, [3])  # its line

    def test_quoted_line_breaks_stay_in_their_cell(self, tmp_path: Path):
        """A CR or LF inside a quoted cell is part of the value, not a new row."""
        text = 'ticket_id,created_at,priority,status,topic\r\na,2026-11-02T09:00:00Z,low,new,"a\rb"\r\n'
        path = tmp_path / "t.csv"
        path.write_bytes(text.encode())
        result = load_tickets(path)
        assert (result.rows_in, result.loaded) == (1, 1)
        assert result.frame["topic"].to_list() == ["a\rb"]

    def test_duplicate_header_column(self, tmp_path: Path):
        """A column named twice in the header is an error naming the file and the column."""
        path = tmp_path / "t.csv"
        path.write_text("ticket_id,created_at,priority,status,status\na,2026-11-02T09:00:00Z,low,new,open\n")
        with pytest.raises(MalformedFile, match=r"t\.csv: line 1: .*'status' more than once"):
            load_tickets(path)

    def test_damaged_parquet(self, tmp_path: Path):
        """A damaged Parquet file is a LoadError naming it, whatever the damage (polars panics on some footers)."""
        data = _SEEDS["tickets"][".parquet"][0]  # the fuzzer's seed: cuts in it that made polars panic are pinned
        path = tmp_path / "t.parquet"
        problems: list[str] = []
        for cut in (525, 2555, 3423, *range(0, len(data), 97)):
            for damaged in (data[:cut], data[:cut] + data[cut + 50 :]):
                path.write_bytes(damaged)
                try:
                    load_tickets(path)
                except TeamcoreError as err:
                    problems.append(str(err))
        assert problems  # most cuts break the file
        assert all("t.parquet" in p for p in problems)


def _tickets(**over: list[object]) -> pl.DataFrame:
    base: dict[str, list[object]] = {
        "ticket_id": ["a", "b"],
        "created_at": [T0, T0],
        "priority": ["low", "low"],
        "status": ["solved", "open"],
        "solved_at": [T1, None],
        "assignee": ["ann", None],
        "team": ["nordic", None],
        "satisfaction": [None, None],
        "csat_score": [None, None],
    }
    return pl.DataFrame(base | over)


def _events(**over: list[object]) -> pl.DataFrame:
    base: dict[str, list[object]] = {
        "ticket_id": ["a", "a", "b"],
        "at": [T0 + dt.timedelta(minutes=5), T1, T1],
        "kind": ["reply", "status", "reply"],
        "from_status": [None, "new", None],
        "to_status": [None, "solved", None],
    }
    return pl.DataFrame(base | over)


class TestWarnings:
    def test_complete_tables_warn_of_nothing(self):
        """Tickets with every column and consistent events give no warnings."""
        tickets = load_tickets(_tickets())
        assert tickets.warnings == ()
        assert load_events(_events(), tickets.frame).warnings == ()

    @pytest.mark.parametrize(
        ("column", "metric"),
        [
            ("assignee", "unassigned"),  # per-member KPIs collapse
            ("team", "KPIs per team"),  # per-team KPIs and team calendars
            ("satisfaction", "csat"),  # two-point CSAT
            ("csat_score", "csat_top2"),  # five-point CSAT
        ],
    )
    def test_absent_column(self, column: str, metric: str):
        """An absent optional column that changes results is a warning naming it and the metrics it affects."""
        result = load_tickets(_tickets().drop(column))
        assert result.ok
        assert len(result.warnings) == 1
        assert result.warnings[0].startswith(f"no {column!r} column in DataFrame")
        assert metric in result.warnings[0]

    def test_no_status_events(self):
        """Events without any status change leave resolution times, reopens and waits empty: a warning says so."""
        tickets = load_tickets(_tickets()).frame
        result = load_events(_events().filter(pl.col("kind") == "reply"), tickets)
        assert result.ok
        assert result.warnings == (
            (
                "no status events in DataFrame: resolution times (first_resolution, full_resolution), reopens, waits "
                "(requester_wait, agent_wait, on_hold) are empty"
            ),
        )

    def test_no_reply_events(self):
        """Events without replies leave first reply time empty: a warning says so."""
        tickets = load_tickets(_tickets()).frame
        result = load_events(_events().filter(pl.col("kind") == "status"), tickets)
        assert [w.split(":")[0] for w in result.warnings] == ["no reply events in DataFrame"]

    def test_solved_ticket_without_solve_event(self):
        """A solved ticket with no status event to 'solved' counts as solved without a resolution time: warned."""
        tickets = load_tickets(_tickets(status=["solved", "closed"], solved_at=[T1, T1])).frame
        result = load_events(_events(), tickets)
        assert result.ok
        assert result.warnings == (
            (
                "1 solved or closed ticket(s) have no status event to 'solved' in DataFrame: they count as solved, but "
                "their resolution times, reopens and waits are missing: b"
            ),
        )

    def test_solved_at_disagrees_with_events(self):
        """A solved_at that is not the latest solve event puts count and resolution in different periods: warned."""
        tickets = load_tickets(_tickets(solved_at=[T1 + dt.timedelta(days=3), None])).frame
        result = load_events(_events(), tickets)
        assert len(result.warnings) == 1
        assert (
            "1 ticket(s) have a solved_at that differs from their latest status event to 'solved'"
            in (result.warnings[0])
        )
        assert result.warnings[0].endswith(": a")

    def test_many_tickets_are_counted_not_all_named(self):
        """A warning names the first ten tickets and counts the rest."""
        n = 25
        tickets = load_tickets(
            pl.DataFrame(
                {
                    "ticket_id": [f"t{i:02d}" for i in range(n)],
                    "created_at": [T0] * n,
                    "priority": ["low"] * n,
                    "status": ["solved"] * n,
                    "solved_at": [T1] * n,
                }
            )
        ).frame
        events = pl.DataFrame(
            {"ticket_id": ["t00"], "at": [T1], "kind": ["status"], "from_status": ["new"], "to_status": ["open"]}
        )
        (warning,) = [w for w in load_events(events, tickets).warnings if "solve" in w]
        assert warning.startswith("25 solved or closed ticket(s)")
        assert warning.endswith("t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 and 15 more")

    def test_warnings_on_a_lazy_engine(self, on_engine):
        """DuckDB inputs give the same warnings as polars."""
        tickets = load_tickets(_tickets(status=["solved", "closed"], solved_at=[T1, T1])).frame
        result = load_events(on_engine("duckdb", _events()), tickets)
        assert len(result.warnings) == 1
        assert result.warnings[0].endswith(": b")


class TestLoadResultWarnings:
    def test_repr_counts_warnings(self):
        """The short repr counts warnings, and leaves them out when there are none."""
        result = LoadResult(source="t.csv", items=("a",), rows_in=1, warnings=["w1", "w2"])
        assert repr(result) == "LoadResult(source='t.csv', rows_in=1, loaded=1, rejected=0, warnings=2)"
        assert "warnings" not in repr(LoadResult(source="t.csv", rows_in=0))

    @pytest.mark.parametrize("value", ["one text", [1], None])
    def test_warnings_must_be_texts(self, value: object):
        """Warnings are a sequence of texts; a bare string or other values are refused."""
        with pytest.raises(WrongType, match="warnings: expected a sequence of warning texts"):
            LoadResult(source="t.csv", rows_in=0, warnings=value)  # type: ignore[arg-type]


_CELL = st.text(alphabet=st.sampled_from(["a", "Z", "1", " ", ",", '"', "\n", "\r", "é", "\u2028"]), max_size=6)


class TestCsvFastPath:
    """polars reads a well-formed CSV; the csv module every other one: both must give the same table."""

    @settings(max_examples=200, deadline=None)
    @given(
        header=st.lists(
            st.sampled_from(["ticket_id", "status", "a", "b c", "__why", "__line"]), min_size=1, max_size=4
        ),
        rows=st.lists(st.lists(_CELL, min_size=0, max_size=5), max_size=6),
        newline=st.sampled_from(["\n", "\r\n", "\r"]),
        bom=st.booleans(),
        quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    )
    @example(header=["a"], rows=[["x"], []], newline="\n", bom=False, quoting=csv.QUOTE_MINIMAL)  # a blank line
    @example(header=["a"], rows=[["x", "y"]], newline="\n", bom=False, quoting=csv.QUOTE_MINIMAL)  # a long row
    def test_the_fast_path_reads_what_the_csv_module_reads(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        header: list[str],
        rows: list[list[str]],
        newline: str,
        bom: bool,
        quoting: int,
    ) -> None:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator=newline, quoting=quoting)
        writer.writerow(header)
        writer.writerows(rows)
        data = ("\ufeff" if bom else "") + buffer.getvalue()
        file = tmp_path_factory.mktemp("csv") / "t.csv"
        file.write_bytes(data.encode("utf-8"))
        try:
            slow = _read_csv_rows(file, 10**6)
        except MalformedFile:  # a column named twice: the fast path must refuse it the same way
            with pytest.raises(MalformedFile):
                _read_csv(file, 10**6)
            return
        assert _read_csv(file, 10**6).equals(slow)

    def test_a_well_formed_file_takes_the_fast_path(self, tmp_path: Path) -> None:
        data = b'ticket_id,status\r\nt1,"open, really"\r\nt2,\r\n'
        fast = _read_csv_fast(data, "t.csv")
        assert fast is not None
        assert fast.rows() == [("t1", "open, really", None, 2), ("t2", None, None, 3)]

    def test_not_utf8_names_the_byte_on_the_fast_path(self) -> None:
        with pytest.raises(MalformedFile, match="byte 14"):
            _read_csv_fast(b"ticket_id\nt1\nt\xff\n", "t.csv")


_FILE_TICKETS = (
    "ticket_id,created_at,priority,status,solved_at,extra\n"
    "t1,2026-11-02T09:00:00Z,high,solved,2026-11-02T10:00:00Z,x\n"
    "t2,2026-11-02T09:00:00,high,open,,x\n"  # naive
    "t3,2026-11-02T09:00:00Z,urgent,open,,x\n"
    "t3,2026-11-02T09:00:00Z,urgent,open,,x\n"  # a repeated id: both rows
    "t4,2026-13-02T09:00:00Z,low,open,,x\n"  # month 13
    "t5,2026-11-02T09:00:00Z,huge,open,,x\n"  # unknown priority
    "t6,2026-11-02T10:00:00+01:00,low,open,,x\n"  # an offset: the general format
)


class TestFilesAccounting:
    @pytest.mark.parametrize("suffix", [".csv", ".parquet"])
    def test_every_row_of_a_file_is_loaded_or_rejected(self, tmp_path: Path, suffix: str) -> None:
        """CSV and Parquet of the same rows: the same rows kept, the same reasons, and read = loaded + rejected."""
        text = tmp_path / "t.csv"
        text.write_text(_FILE_TICKETS, encoding="utf-8")
        path = text
        if suffix == ".parquet":
            path = tmp_path / "t.parquet"
            pl.read_csv(text, infer_schema=False).write_parquet(path)
        result = load_tickets(path)
        assert result.rows_in == 7
        assert result.rows_in == result.frame.height + len(result.rejected)
        assert result.frame["ticket_id"].to_list() == ["t1", "t6"]
        assert result.frame["created_at"].to_list() == [T0, T0]
        first = 2 if suffix == ".csv" else 1  # a CSV's rows are numbered by line, the header being line 1
        reasons = {
            r.row - first: r.reason.split(":")[0] + ":" + r.reason.split("expected ")[1][:12] for r in result.rejected
        }
        assert reasons == {
            1: "created_at:a timestamp ",
            2: "ticket_id:a unique tic",
            3: "ticket_id:a unique tic",
            4: "created_at:an ISO 8601 ",
            5: "priority:one of low, ",
        }
        assert result.rejected[0].record["created_at"] == "2026-11-02T09:00:00"  # the text as read

    def test_only_the_canonical_columns_are_read_but_every_name_is_seen(self, tmp_path: Path) -> None:
        """A misnamed required column is still named with a suggestion, though other columns are not read."""
        path = tmp_path / "t.csv"
        path.write_text(_FILE_TICKETS.replace("created_at", "created", 1), encoding="utf-8")
        with pytest.raises(TeamcoreError, match="created"):
            load_tickets(path)

    def test_the_fixed_width_parse_gives_the_general_parse(self, tmp_path: Path) -> None:
        """Timestamps all of the form ...Z parse to the instants the general format gives them."""
        rows = ["ticket_id,created_at,priority,status"]
        rows += [
            f"t{i},2026-{1 + i % 12:02}-{1 + i % 28:02}T{i % 24:02}:{i % 60:02}:{i % 59:02}Z,low,open"
            for i in range(50)
        ]
        fixed = tmp_path / "fixed.csv"
        fixed.write_text("\n".join(rows) + "\n", encoding="utf-8")
        general = tmp_path / "general.csv"  # one value with an offset takes the general format for the column
        general.write_text("\n".join([*rows, "t99,2026-11-02T10:00:00+01:00,low,open"]) + "\n", encoding="utf-8")
        a, b = load_tickets(fixed).frame, load_tickets(general).frame
        assert a["created_at"].to_list() == b["created_at"].to_list()[:50]
        assert b["created_at"][50] == T0

    @pytest.mark.parametrize(
        "value",
        [
            "\t2026-11-02T09:00:00Z",  # a tab, no space: stripped all the same
            "2026-11-02 09:00:00Z",  # a space as the date-time separator
            " 2026-11-02T09:00:00+00:00 ",  # blanks around an offset
        ],
    )
    def test_white_space_is_stripped_on_every_path(self, value: str) -> None:
        """Blanks around a timestamp, and a space separator, read as the instant whichever format parses it."""
        frame = pl.DataFrame({"ticket_id": ["t1"], "created_at": [value], "priority": ["low"], "status": ["open"]})
        result = load_tickets(frame)
        assert not result.rejected
        assert result.frame["created_at"].to_list() == [T0]

    def test_an_empty_column_name_is_the_csv_modules_to_read(self, tmp_path: Path) -> None:
        """A header with an empty name (``a,,b``), which polars would call ``column_<n>``, loads its row all the same.

        Found by fuzzing: reading only the wanted columns by name asked polars for ``""``, which it does not have,
        and its ColumnNotFoundError escaped the loader.
        """
        path = tmp_path / "tickets.csv"
        path.write_text(
            "ticket_id,created_at,channel,priority,requester,assignee,team,status,,x\n"
            "1,2026-11-20T08:00:00Z,email,normal,r,a,t,open,,\n",
            encoding="utf-8",
        )
        result = load_tickets(path)
        assert result.frame["ticket_id"].to_list() == ["1"]
        assert (result.rows_in, result.loaded) == (1, 1)
