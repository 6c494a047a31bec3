"""Loaders: every row accounted for, each rejection with its row and reason, on every input kind."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._frames import lazy, to_polars
from teamcore.exceptions import InvalidTransition, InvalidValue, LoadError
from teamcore.kpi import STATUSES, TICKET_TRANSITIONS, TicketLog, check_transition, load_events, load_tickets
from teamcore.kpi._load import _contiguous
from teamcore.people import Organisation

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 2, 9, tzinfo=UTC)


def _ticket(**over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "ticket_id": "t1",
        "created_at": "2026-11-02T09:00:00Z",
        "priority": "high",
        "status": "open",
        "assignee": "ann",
        "team": "nordic",
        "solved_at": "",
        "csat_score": "",
        "satisfaction": "",
    }
    row.update(over)
    return row


class TestStates:
    def test_every_status_has_a_row(self):
        """The state table starts from every status but closed, which is final."""
        assert {state for state, _ in TICKET_TRANSITIONS} == set(STATUSES) - {"closed"}
        assert all(next_status == event for (_, event), next_status in TICKET_TRANSITIONS.items())

    def test_illegal_change_names_state_and_event(self):
        """An illegal change raises InvalidTransition naming both ends."""
        with pytest.raises(InvalidTransition, match=r"'open' is not allowed in state 'closed'"):
            check_transition("closed", "open")


class TestLoadTickets:
    @pytest.mark.parametrize(
        ("over", "match"),
        [
            ({"created_at": "2026-11-02T09:00:00"}, "naive"),  # no offset
            ({"created_at": "2026-13-02T09:00:00Z"}, "ISO 8601"),  # month 13
            ({"created_at": ""}, "created_at: expected a value"),  # missing
            ({"ticket_id": ""}, "ticket_id: expected a non-empty"),  # empty id
            ({"status": "waiting"}, "status: expected one of"),  # unknown status
            ({"priority": "p1"}, "priority: expected one of"),  # unknown priority
            ({"assignee": "zed"}, "assignee: expected a member"),  # not in the organisation
            ({"team": "mars"}, "team: expected a team"),  # not in the organisation
            ({"status": "solved"}, "solved_at: expected a solve time"),  # solved without time
            ({"solved_at": "2026-11-01T09:00:00Z"}, "not before created_at"),  # solved before created
            ({"csat_score": "6"}, "csat_score: expected an integer 1–5"),  # off the scale
            ({"satisfaction": "meh"}, "satisfaction"),  # not good/bad
            ({"topic": "Billing"}, "topic: expected a lower-case topic"),  # upper case: would miss its articles
            ({"topic": "x" * 65}, "topic: expected a lower-case topic of at most 64"),  # too long
        ],
    )
    def test_bad_row_rejected_with_reason_and_row(self, org: Organisation, over: dict[str, object], match: str):
        """A bad row is rejected, the good one loads, and the reason names the field."""
        frame = pl.DataFrame([_ticket(ticket_id="ok"), _ticket(**over)], schema_overrides={"ticket_id": pl.String})
        result = load_tickets(frame, members=org)
        assert (result.rows_in, result.loaded) == (2, 1)
        assert result.rejected[0].row == 2
        assert match in result.rejected[0].reason

    def test_duplicates_are_all_rejected(self):
        """Both copies of a duplicated id are rejected: neither can be trusted."""
        result = load_tickets(pl.DataFrame([_ticket(), _ticket(), _ticket(ticket_id="t2")]))
        assert [r.row for r in result.rejected] == [1, 2]

    def test_naive_datetime_column(self):
        """A datetime column without a timezone rejects every row that has a value."""
        frame = pl.DataFrame(
            {
                "ticket_id": ["a"],
                "created_at": [dt.datetime(2026, 1, 1)],
                "priority": ["low"],
                "status": ["new"],
            }
        )
        result = load_tickets(frame)
        assert result.loaded == 0
        assert "naive" in result.rejected[0].reason

    def test_missing_required_column(self):
        """A missing required column is an error for the whole table."""
        with pytest.raises(InvalidValue, match="'priority' column"):
            load_tickets(pl.DataFrame({"ticket_id": ["a"], "created_at": [T0], "status": ["new"]}))

    def test_raise_if_rejected(self):
        """raise_if_rejected lists the rows."""
        with pytest.raises(LoadError, match="row 1"):
            load_tickets(pl.DataFrame([_ticket(status="x")])).raise_if_rejected()

    def test_files_round_trip(self, tmp_path: Path, log: TicketLog, org: Organisation):
        """CSV, JSON lines and Parquet load the same table as the frame itself."""
        want = load_tickets(log.tickets, members=org).frame
        text = log.tickets.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"))
        text.write_csv(tmp_path / "t.csv")
        text.write_ndjson(tmp_path / "t.jsonl")
        log.tickets.write_parquet(tmp_path / "t.parquet")
        for name in ("t.csv", "t.jsonl", "t.parquet"):
            got = load_tickets(tmp_path / name, members=org)
            assert got.ok, got.rejected[:3]
            assert got.frame.equals(want), name

    def test_jsonl_bad_line(self, tmp_path: Path):
        """A JSON line that is not an object is a rejected row with its line number."""
        path = tmp_path / "t.jsonl"
        path.write_text(json.dumps(_ticket()) + "\n[1, 2]\n", encoding="utf-8")
        result = load_tickets(path)
        assert result.rows_in == 2
        assert result.rejected[0].row == 2
        assert "JSON object" in result.rejected[0].reason

    @pytest.mark.parametrize("engine", ["pandas", "pyarrow", "duckdb", "dask"])
    def test_engines_agree(self, on_engine, engine: str):
        """pandas, pyarrow, DuckDB and Dask inputs give the same rows and rejections as polars."""
        frame = pl.DataFrame(
            {
                "ticket_id": ["a", "b", "c"],
                "created_at": [T0] * 3,
                "priority": ["low", "p9", "high"],
                "status": ["new", "open", "solved"],
                "solved_at": [None, None, T0],
            }
        )
        native = on_engine(engine, frame)
        result = load_tickets(native)
        assert result.rows_in == 3
        assert [r.row for r in result.rejected] == [2]
        assert _polars(result.frame).sort("ticket_id")["ticket_id"].to_list() == ["a", "c"]

    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.sampled_from(["good", "badstatus", "naive", "dup"]), min_size=0, max_size=12))
    def test_rows_in_equals_loaded_plus_rejected(self, kinds: list[str]):
        """Whatever the mix of good and bad rows, rows in = loaded + rejected, and rows are numbered 1..n."""
        rows = []
        for i, kind in enumerate(kinds):
            row = _ticket(ticket_id="same" if kind == "dup" else f"t{i}")
            if kind == "badstatus":
                row["status"] = "nope"
            if kind == "naive":
                row["created_at"] = "2026-11-02 09:00"
            rows.append(row)
        frame = (
            pl.DataFrame(rows, schema=dict.fromkeys(_ticket(), pl.String))
            if rows
            else pl.DataFrame(schema=dict.fromkeys(_ticket(), pl.String))
        )
        result = load_tickets(frame)
        assert result.rows_in == len(kinds) == result.loaded + len(result.rejected)
        assert all(1 <= r.row <= len(kinds) for r in result.rejected)
        assert result.loaded == sum(k == "good" for k in kinds) + (kinds.count("dup") == 1)


class TestLoadEvents:
    def test_files_read_in_pieces_load_whole(self, tmp_path: Path, log: TicketLog, org: Organisation):
        """Events that the readers give in many pieces (CSV blocks, Parquet row groups) load as the frame does."""
        tickets = load_tickets(log.tickets, members=org).frame
        events = pl.concat([log.events] * 4)  # enough rows for the CSV reader to read in several blocks
        want = load_events(events, tickets, members=org).frame
        text = events.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        text.write_csv(tmp_path / "e.csv")
        events.write_parquet(tmp_path / "e.parquet", row_group_size=500)
        assert max(pl.read_csv(tmp_path / "e.csv", infer_schema=False).n_chunks("all")) > 1
        assert max(pl.read_parquet(tmp_path / "e.parquet").n_chunks("all")) > 1
        for name in ("e.csv", "e.parquet"):
            got = load_events(tmp_path / name, tickets, members=org)
            assert (got.ok, got.rows_in) == (True, events.height), got.rejected[:3]
            assert got.frame.equals(want), name

    def test_contiguous_joins_each_column_in_place(self):
        """The readers' pieces are joined one column at a time, in the list itself, so each old one can go."""
        pieces = pl.concat([pl.DataFrame({"a": ["x", "y"], "b": [1, 2]})] * 3, rechunk=False)
        columns = pieces.get_columns()
        assert [c.n_chunks() for c in columns] == [3, 3]
        frame = _contiguous(columns)
        assert [c.n_chunks() for c in columns] == [1, 1]  # the list no longer holds the pieces
        assert frame.n_chunks("all") == [1, 1]
        assert frame.equals(pieces)

    def test_simulated_log_loads_whole(self, log: TicketLog, org: Organisation):
        """Every simulated event is valid: the simulator obeys the state table."""
        tickets = load_tickets(log.tickets, members=org)
        events = load_events(log.events, tickets.frame, members=org)
        assert tickets.ok
        assert events.ok
        assert events.loaded == log.events.height

    @pytest.mark.parametrize(
        ("row", "match"),
        [
            ({"at": dt.datetime(2026, 11, 2, 8, tzinfo=UTC)}, "not before the ticket's created_at"),  # early
            ({"ticket_id": "t9"}, "ticket of the tickets table"),  # unknown ticket
            ({"kind": "call"}, "kind: expected one of"),  # unknown kind
            ({"to_status": "waiting"}, "to_status: expected one of"),  # unknown status
            ({"from_status": "closed", "to_status": "open"}, "closed>open is not allowed"),  # illegal change
            ({"actor": "zed"}, "actor: expected a member"),  # unknown member
        ],
    )
    def test_bad_event(self, org: Organisation, row: dict[str, object], match: str):
        """A bad event is rejected with its row number and reason."""
        tickets = load_tickets(pl.DataFrame([_ticket()])).frame
        good = {
            "ticket_id": "t1",
            "at": dt.datetime(2026, 11, 2, 10, tzinfo=UTC),
            "kind": "status",
            "actor": "ann",
            "from_status": "new",
            "to_status": "open",
        }
        frame = pl.DataFrame([good, good | row])
        result = load_events(frame, tickets, members=org)
        assert (result.rows_in, result.loaded, result.rejected[0].row) == (2, 1, 2)
        assert match in result.rejected[0].reason


def _polars(native: object) -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return to_polars(lazy(native))


class TestStrategy:
    @settings(max_examples=5, deadline=None)
    @given(tst.tickets(max_days=5, max_per_day=10))
    def test_generated_logs_load_whole(self, log: TicketLog):
        """Every generated ticket log passes the loaders: the strategy only makes valid logs."""
        tickets = load_tickets(log.tickets)
        assert tickets.ok
        assert load_events(log.events, tickets.frame).ok
