"""The Freshdesk adapter: v2 API pages into canonical tickets and events, every record accounted for."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.connectors import ConnectorMapping, load_source, read_import
from teamcore.connectors._freshdesk import CSAT_SCORES, DEFAULT_MAPPING, load_freshdesk
from teamcore.connectors._freshdesk_status import Stats, rebuild
from teamcore.exceptions import LoadError, TeamcoreError
from teamcore.kpi import ticket_facts

from .support import at, counts, write

DATA = Path(__file__).parent / "data" / "freshdesk"
UTC = dt.UTC


def iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def result() -> Any:
    return load_freshdesk(DATA)


def ticket(id: object = 1, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": id,
        "status": 2,
        "priority": 2,
        "source": 1,
        "requester_id": 5001,
        "responder_id": 9001,
        "group_id": 77,
        "created_at": "2026-11-02T09:00:00Z",
        "updated_at": "2026-11-02T09:00:00Z",
        "spam": False,
        "stats": {"first_responded_at": None, "resolved_at": None, "closed_at": None},
    }
    base.update(fields)
    return base


class TestFixture:
    def test_every_record_is_accounted_for(self, result: Any) -> None:
        """Each entity's records in are the used, the ignored by reason and the rejected of the fixture."""
        assert counts(result) == {
            "agents": (2, 2, {}, 0),
            "conversations": (
                10,
                6,
                {"belongs to a deleted ticket": 1, "customer message (incoming: true), not a reply": 2},
                1,
            ),
            "satisfaction_ratings": (3, 2, {"an earlier rating of a ticket rated again (the latest is kept)": 1}, 0),
            "tickets": (
                8,
                5,
                {
                    "an older copy of a ticket read twice (the latest updated_at is kept)": 1,
                    "deleted ticket (deleted: true)": 1,
                    "spam ticket (spam: true)": 1,
                },
                0,
            ),
            "time_entries": (3, 2, {}, 1),
        }
        assert result.tickets.ok
        assert result.events.ok

    def test_rejections_name_the_entry_and_the_value(self, result: Any) -> None:
        """The reply to a ticket outside the export and the malformed time entry are rejected with their place."""
        shown = {(r.entity, Path(r.entry).name, r.ticket_id, r.reason) for r in result.rejected}
        assert shown == {
            (
                "conversations",
                "conversations_page1.json entry 4",
                "999",
                "ticket_id: expected a ticket of the tickets files, got 999",
            ),
            ("time_entries", "time_entries.json entry 3", "103", "time_spent: expected a duration 'hh:mm', got '1:5'"),
        }

    def test_tickets_are_mapped(self, result: Any) -> None:
        """Statuses, priorities, sources, people, logged time and CSAT follow the default mapping."""
        rows = result.tickets.frame.sort("ticket_id").select(
            "ticket_id", "status", "priority", "channel", "assignee", "team", "handle_seconds", "csat_score",
            "satisfaction",
        )  # fmt: skip
        assert rows.rows() == [
            ("101", "closed", "normal", "email", "9001", "77", 2700, 5, "good"),
            ("102", "open", "high", "web", "9002", "77", None, 1, "bad"),
            ("103", "pending", "low", "phone", "9001", "77", None, None, None),
            ("104", "on_hold", "urgent", "chat", None, "78", None, None, None),
            ("105", "closed", "normal", "email", "9001", "77", None, None, None),
        ]

    def test_the_newest_copy_of_a_ticket_wins(self, result: Any) -> None:
        """Ticket 101 is read twice (resolved, then closed): the copy updated last is loaded."""
        row = result.tickets.frame.filter(pl.col("ticket_id") == "101").row(0, named=True)
        assert row["status"] == "closed"
        assert row["solved_at"] == at(2, 11)

    def test_status_changes_are_rebuilt_from_stats(self, result: Any) -> None:
        """Created, resolved, reopened, pending and closed times become status changes with both ends."""
        status = result.events.frame.filter(pl.col("kind") == "status").sort("ticket_id", "at")
        got = [(r["ticket_id"], r["at"], r["from_status"], r["to_status"]) for r in status.iter_rows(named=True)]
        assert got == [
            ("101", at(2, 9), "new", "open"),
            ("101", at(2, 11), "open", "solved"),
            ("101", at(4, 11), "solved", "closed"),
            ("102", at(2, 10), "new", "open"),
            ("102", at(2, 12), "open", "solved"),
            ("102", at(3, 8), "solved", "open"),
            ("103", at(2, 12), "new", "open"),
            ("103", at(2, 13), "open", "pending"),
            ("104", at(2, 14), "new", "open"),
            ("104", at(2, 14, 30), "open", "on_hold"),
            ("105", at(2, 15), "new", "open"),
            ("105", at(2, 15, 5), "open", "solved"),
            ("105", at(2, 15, 5), "solved", "closed"),
        ]

    def test_replies_are_public_agent_conversations_only(self, result: Any) -> None:
        """Outgoing public conversations are replies, private ones notes, and customer messages neither."""
        other = result.events.frame.filter(pl.col("kind") != "status").sort("ticket_id", "at")
        got = [(r["ticket_id"], r["at"], r["kind"], r["actor"]) for r in other.iter_rows(named=True)]
        assert got == [
            ("101", at(2, 9, 30), "reply", "9001"),
            ("101", at(2, 10, 15), "note", "9002"),
            ("101", at(2, 10, 45), "reply", "9001"),
            ("102", at(2, 11), "reply", "9002"),
            ("103", at(2, 13), "reply", "9001"),
            ("104", at(2, 14, 20), "note", "9001"),
        ]

    def test_merged_and_guessed_times_are_flagged(self, result: Any) -> None:
        """The closed child ticket without a resolve time carries both doubts."""
        assert sorted((f.ticket_id, f.code) for f in result.flags) == [
            ("105", "merged"),
            ("105", "solve_time_guessed"),
        ]

    def test_kpis_equal_a_hand_computation(self, result: Any) -> None:
        """First reply, resolution and waits of the loaded tables are the fixture's times, computed by hand."""
        facts = ticket_facts(result.tickets.frame, result.events.frame).to_polars().sort("ticket_id")
        got = {r["ticket_id"]: r for r in facts.iter_rows(named=True)}
        assert got["101"]["first_reply"] == 30 * 60
        assert got["101"]["full_resolution"] == 2 * 3600
        assert got["101"]["requester_wait"] == 2 * 3600
        assert got["101"]["agent_wait"] == 0
        assert got["103"]["first_reply"] == 3600
        assert got["102"]["first_reply"] == 3600
        assert got["102"]["full_resolution"] is None  # reopened: not solved now
        assert got["104"]["first_reply"] is None  # a private note is not a reply

    def test_vendor_metrics_are_freshdesk_stats(self, result: Any) -> None:
        """First response and resolution minutes come from stats, calendar basis, one row per ticket and metric."""
        frame = result.vendor_metrics.sort("ticket_id", "metric")
        assert frame.columns == ["ticket_id", "metric", "basis", "minutes", "source_field"]
        assert set(frame["basis"]) == {"calendar"}
        got = {(r["ticket_id"], r["metric"]): r["minutes"] for r in frame.iter_rows(named=True)}
        assert got[("101", "reply_time")] == 30
        assert got[("101", "full_resolution_time")] == 120
        assert got[("102", "full_resolution_time")] is None  # reopened since its resolve
        assert got[("104", "reply_time")] is None
        assert frame.height == 2 * result.tickets.loaded

    def test_written_folder_reads_back(self, result: Any, tmp_path: Path) -> None:
        """The import folder holds the tables, the report and the vendor metrics."""
        written = {p.name for p in result.write(tmp_path)}
        assert written == {"tickets.parquet", "events.parquet", "load-report.json", "vendor_metrics.parquet"}
        tickets, events = read_import(tmp_path)
        assert pl.read_parquet(tickets).height == 5
        assert events is not None
        assert pl.read_parquet(events).height == 19
        report = json.loads((tmp_path / "load-report.json").read_text(encoding="utf-8"))
        assert report["source"] == "freshdesk"
        assert report["mapping"]["statuses"]["7"] == "on_hold"


class TestInput:
    def test_load_source_picks_this_adapter(self) -> None:
        """``load_source("freshdesk", …)`` is this adapter."""
        assert load_source("freshdesk", DATA).report() == load_freshdesk(DATA).report()

    def test_one_tickets_file(self) -> None:
        """A single tickets page loads on its own, without conversations."""
        result = load_freshdesk(DATA / "tickets_page1.json")
        assert result.tickets.loaded == 3
        assert [c.entity for c in result.counts] == ["tickets"]

    def test_json_lines(self, tmp_path: Path) -> None:
        """Tickets as JSON lines, one per line, with a broken line rejected by its line number."""
        lines = [json.dumps(ticket(1)), "{not json", json.dumps(ticket(2))]
        (tmp_path / "tickets.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = load_freshdesk(tmp_path)
        assert result.tickets.loaded == 2
        [rejected] = result.rejected
        assert rejected.entry.endswith("tickets.jsonl line 2")
        assert rejected.reason.startswith("invalid JSON")

    def test_a_file_that_names_no_entity(self, tmp_path: Path) -> None:
        """A file whose name is not one of the entities stops the load, naming it and the names accepted."""
        write(tmp_path, "tickets.json", [ticket()])
        write(tmp_path, "contacts.json", [])
        with pytest.raises(LoadError, match=r"contacts\.json.*expected a name starting agents\*, conversations\*"):
            load_freshdesk(tmp_path)

    def test_missing_input(self, tmp_path: Path) -> None:
        """A path that does not exist is a LoadError naming it."""
        with pytest.raises(LoadError, match="no such file or folder"):
            load_freshdesk(tmp_path / "absent")

    def test_a_page_that_is_not_an_array(self, tmp_path: Path) -> None:
        """A page holding an object is one rejected record of its entity."""
        write(tmp_path, "tickets.json", {"tickets": []})
        result = load_freshdesk(tmp_path)
        assert counts(result) == {"tickets": (1, 0, {}, 1)}
        assert "page: expected a JSON array of tickets, got dict" in result.rejected[0].reason

    def test_mapping_overrides_the_default(self, tmp_path: Path) -> None:
        """An override changes one entry and keeps the rest of the default."""
        write(tmp_path, "tickets.json", [ticket(1, status=6, source=1)])
        result = load_freshdesk(tmp_path, mapping=ConnectorMapping(statuses={6: "on_hold"}, channels={1: "mail"}))
        row = result.tickets.frame.row(0, named=True)
        assert (row["status"], row["channel"], row["priority"]) == ("on_hold", "mail", "normal")
        assert DEFAULT_MAPPING.status(6, "status") == "pending"

    def test_roles_without_agents_come_from_incoming(self, tmp_path: Path) -> None:
        """Without agents files an outgoing conversation is an agent's; with them, its author must be an agent."""
        write(tmp_path, "tickets.json", [ticket(1)])
        reply = {"id": 7, "ticket_id": 1, "incoming": False, "private": False, "user_id": 42,
                 "created_at": "2026-11-02T10:00:00Z"}  # fmt: skip
        write(tmp_path, "conversations/1.json", [reply])
        assert load_freshdesk(tmp_path).events.frame.filter(pl.col("kind") == "reply").height == 1
        write(tmp_path, "agents.json", [{"id": 9001}])
        result = load_freshdesk(tmp_path)
        assert result.events.frame.filter(pl.col("kind") == "reply").height == 0
        assert counts(result)["conversations"] == (1, 0, {"not written by an agent": 1}, 0)

    def test_per_ticket_conversation_files_name_their_ticket(self, tmp_path: Path) -> None:
        """A conversation without ticket_id in ``conversations/<id>.json`` belongs to that ticket."""
        write(tmp_path, "tickets.json", [ticket(5)])
        write(tmp_path, "conversations/5.json", [{"id": 1, "user_id": 9, "created_at": "2026-11-02T10:00:00Z"}])
        result = load_freshdesk(tmp_path)
        assert result.events.frame.filter(pl.col("kind") == "reply")["ticket_id"].to_list() == ["5"]

    @pytest.mark.parametrize(
        ("fields", "reason"),
        [
            # a status code the mapping does not know
            ({"status": 99}, r"status: expected a source value the statuses mapping knows .*, got 99"),
            # no priority at all
            ({"priority": None}, r"priority: expected a source value the priorities mapping knows"),
            # a timestamp without an offset
            ({"created_at": "2026-11-02T09:00:00"}, r"created_at: expected an ISO 8601 instant with a UTC offset"),
            # stats that are not an object
            ({"stats": []}, r"stats: expected a JSON object or null, got \[\]"),
            # a stats time that is not a time
            ({"stats": {"resolved_at": 5}}, r"resolved_at: expected an ISO 8601 instant"),
            # a deleted flag that is not a boolean
            ({"deleted": "yes"}, r"deleted: expected true or false, got 'yes'"),
            # a source that is an object
            ({"source": {"id": 1}}, r"source: expected a code or a name \(a number or a text\) or null"),
            # an association that is not a number
            ({"association_type": "child"}, r"association_type: expected a whole number"),
        ],
    )
    def test_invalid_tickets_are_rejected_with_the_field(
        self, tmp_path: Path, fields: dict[str, object], reason: str
    ) -> None:
        """Each damaged ticket is one rejection naming the field, the value and what was expected."""
        write(tmp_path, "tickets.json", [ticket(1, **fields), ticket(2)])
        result = load_freshdesk(tmp_path)
        assert result.tickets.loaded == 1
        [rejected] = result.rejected
        assert rejected.ticket_id == "1"
        assert rejected.entity == "tickets"
        assert re.search(reason, rejected.reason), rejected.reason

    @pytest.mark.parametrize(
        ("rating", "expected"),
        [(103, (5, "good")), (102, (4, "good")), (101, (4, "good")), (100, (3, None)), (-101, (2, "bad")),
         (-102, (2, "bad")), (-103, (1, "bad"))],
    )  # fmt: skip
    def test_csat_scale(self, tmp_path: Path, rating: int, expected: tuple[int, str | None]) -> None:
        """Every Freshdesk answer code has its documented place on the 1–5 scale."""
        write(tmp_path, "tickets.json", [ticket(1)])
        write(tmp_path, "satisfaction_ratings.json", [{"id": 1, "ticket_id": 1, "ratings": {"default_question": rating},
                                                       "created_at": "2026-11-02T12:00:00Z"}])  # fmt: skip
        row = load_freshdesk(tmp_path).tickets.frame.row(0, named=True)
        assert (row["csat_score"], row["satisfaction"]) == expected
        assert CSAT_SCORES[rating] == expected[0]


class TestRebuild:
    def test_closed_after_a_resolve(self) -> None:
        """A closed ticket solves at resolved_at and closes at closed_at."""
        t = rebuild(at(2, 9), "closed", Stats(resolved_at=at(2, 10), closed_at=at(3, 10)))
        assert t.changes == ((at(2, 9), "new", "open"), (at(2, 10), "open", "solved"), (at(3, 10), "solved", "closed"))
        assert t.solved_at == at(2, 10)
        assert t.flags == ()

    def test_pending_enters_at_pending_since(self) -> None:
        """Pending (and waiting on customer) enter pending at pending_since, not at status_updated_at."""
        t = rebuild(at(2, 9), "pending", Stats(pending_since=at(2, 11), status_updated_at=at(2, 12)))
        assert t.changes[-1] == (at(2, 11), "open", "pending")
        assert t.solved_at is None

    def test_a_reopen_before_the_latest_resolve_is_lost_and_flagged(self) -> None:
        """A solved ticket reopened earlier has no time for its first solve: flagged, not invented."""
        t = rebuild(at(2, 9), "solved", Stats(resolved_at=at(3, 9), reopened_at=at(2, 12)))
        assert t.changes == ((at(2, 9), "new", "open"), (at(3, 9), "open", "solved"))
        assert [code for code, _ in t.flags] == ["reopen_lost"]

    def test_stats_before_creation_are_placed_and_flagged(self) -> None:
        """A resolve before creation cannot precede the ticket: placed at creation and flagged."""
        t = rebuild(at(2, 9), "solved", Stats(resolved_at=at(1, 9)))
        assert t.changes[-1] == (at(2, 9), "open", "solved")
        assert [code for code, _ in t.flags] == ["stats_out_of_order"]

    def test_a_new_ticket_has_no_changes(self) -> None:
        """A ticket mapped to new (a custom status) stays new: no change at all."""
        assert rebuild(at(2, 9), "new", Stats(resolved_at=at(2, 10))).changes == ()


# ---- properties -------------------------------------------------------------------------------------------------

STATUS_CODES = (2, 3, 4, 5, 6, 7)
times = st.integers(min_value=0, max_value=72 * 60).map(lambda m: at(2, 0) + dt.timedelta(minutes=m))


@st.composite
def exports(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """A valid Freshdesk export: tickets with any status and stats times, conversations, entries and ratings."""
    tickets: list[dict[str, Any]] = []
    conversations: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    ratings: list[dict[str, Any]] = []
    for number in range(draw(st.integers(0, 6))):
        created = draw(times)
        later = st.integers(0, 48 * 60).map(lambda m, c=created: iso(c + dt.timedelta(minutes=m)))
        stats = {name: draw(st.none() | later) for name in
                 ("first_responded_at", "resolved_at", "closed_at", "reopened_at", "pending_since",
                  "status_updated_at")}  # fmt: skip
        tickets.append(
            ticket(
                number,
                status=draw(st.sampled_from(STATUS_CODES)),
                priority=draw(st.integers(1, 4)),
                source=draw(st.sampled_from((1, 2, 3, 7, 9, 10))),
                created_at=iso(created),
                deleted=draw(st.booleans()),
                spam=draw(st.booleans()),
                stats=stats,
            )
        )
        conversations += [
            {"id": len(conversations) + k, "ticket_id": number, "incoming": draw(st.booleans()),
             "private": draw(st.booleans()), "user_id": 9001, "created_at": draw(later)}
            for k in range(draw(st.integers(0, 3)))
        ]  # fmt: skip
        entries += [
            {"ticket_id": number, "time_spent": f"{draw(st.integers(0, 9)):02d}:{draw(st.integers(0, 59)):02d}"}
            for _ in range(draw(st.integers(0, 2)))
        ]
        ratings += [
            {"ticket_id": number, "created_at": draw(later),
             "ratings": {"default_question": draw(st.sampled_from(sorted(CSAT_SCORES)))}}
            for _ in range(draw(st.integers(0, 2)))
        ]  # fmt: skip
    if tickets and draw(st.booleans()):
        tickets.append(dict(tickets[0]))  # a ticket on two pages
    return {"tickets": tickets, "conversations": conversations, "time_entries": entries,
            "satisfaction_ratings": ratings}  # fmt: skip


def load_export(export: dict[str, list[dict[str, Any]]]) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        for entity, items in export.items():
            if items:
                write(Path(folder), f"{entity}_page1.json", items)
        if not any(export.values()):
            # A folder with no export file is refused; an export of no records is one empty page.
            write(Path(folder), "tickets_page1.json", [])
        return load_freshdesk(folder)


class TestProperties:
    @settings(max_examples=60)
    @given(exports())
    def test_every_generated_record_is_accounted_for(self, export: dict[str, list[dict[str, Any]]]) -> None:
        """For any export, each entity's records in are the records written, used + ignored + rejected."""
        result = load_export(export)
        got = {c.entity: c for c in result.counts}
        for entity, items in export.items():
            if not items:
                assert entity not in got or got[entity].records_in == 0
                continue
            count = got[entity]
            assert count.records_in == len(items)
            assert count.used + sum(count.ignored.values()) + count.rejected == len(items)

    @settings(max_examples=60)
    @given(exports())
    def test_rebuilt_status_changes_are_always_legal(self, export: dict[str, list[dict[str, Any]]]) -> None:
        """Whatever the stats say, the rebuilt changes pass the canonical loader and tickets end in their status."""
        result = load_export(export)
        assert not result.rejected
        assert result.tickets.ok
        assert result.events.ok, result.events.rejected
        last = (
            result.events.frame.filter(pl.col("kind") == "status")
            .sort("at", maintain_order=True)
            .group_by("ticket_id", maintain_order=True)
            .agg(pl.col("to_status").last())
        )
        ends = dict(last.iter_rows())
        for row in result.tickets.frame.iter_rows(named=True):
            assert ends.get(row["ticket_id"], "new") == row["status"]

    @settings(max_examples=80)
    @given(st.data())
    def test_damaged_input_raises_only_teamcore_errors(self, data: st.DataObject) -> None:
        """Any value of the fixture replaced by any JSON value loads, or fails with a TeamcoreError."""
        files = sorted(p for p in DATA.rglob("*.json"))
        with tempfile.TemporaryDirectory() as folder:
            for file in files:
                doc = json.loads(file.read_text(encoding="utf-8"))
                if data.draw(st.booleans()):
                    doc = damage(doc, data)
                write(Path(folder), str(file.relative_to(DATA)), doc)
            with contextlib.suppress(TeamcoreError):
                load_freshdesk(folder)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


def damage(doc: Any, data: st.DataObject) -> Any:
    """`doc` with one value, anywhere in it, replaced by any JSON value (or the whole document)."""
    if not isinstance(doc, list | dict) or not doc or data.draw(st.integers(0, 4)) == 0:
        return data.draw(JSON)
    key = data.draw(st.sampled_from(range(len(doc)) if isinstance(doc, list) else sorted(doc)))
    copy = list(doc) if isinstance(doc, list) else dict(doc)
    copy[key] = damage(copy[key], data)  # type: ignore[index]
    return copy
