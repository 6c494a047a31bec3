"""The django-helpdesk adapter, on databases django-helpdesk's own models build (SQLite, PostgreSQL) and on dumps."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamcore.connectors import ConnectorMapping, ImportResult, load_source, read_import
from teamcore.connectors._django_helpdesk import DEFAULT_MAPPING, load_django_helpdesk
from teamcore.connectors._django_helpdesk_read import TABLES
from teamcore.exceptions import LoadError, MissingDependency
from teamcore.kpi import kpi_table, load_events, load_tickets

from .django_helpdesk_db import DAY, EXPECTED, build, model_tables

DATA = Path(__file__).parent / "data"
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
"""Debian's PostgreSQL server binaries (15 on bookworm), newest first when several are installed."""
PG_BIN = PG_BINS[-1].parent if PG_BINS else Path("/usr/lib/postgresql/15/bin")
WEEK = {"start": DAY, "end": DAY + dt.timedelta(days=7)}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The story's SQLite database and its dumpdata JSON, built once."""
    folder = tmp_path_factory.mktemp("django-helpdesk")
    database, dump = folder / "helpdesk.sqlite3", folder / "dump.json"
    build(database, dump)
    return database, dump


@pytest.fixture(scope="session")
def from_sqlite(built: tuple[Path, Path]) -> ImportResult:
    """The story read from SQLite."""
    return load_django_helpdesk(built[0])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_postgres(command: list[str]) -> list[str]:
    """Run a server binary as the postgres user when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL 15 server on a free loopback port, with an empty database ``helpdesk``."""
    if not (PG_BIN / "initdb").exists():
        absent = "PostgreSQL server binaries are absent (/usr/lib/postgresql/*/bin); `make pytest` installs them"
        if os.environ.get("CI"):  # CI ran `make pytest`, which installs them: absence there is a failure
            pytest.fail(absent)
        pytest.skip(absent)
    psycopg = pytest.importorskip("psycopg")
    root = Path(tempfile.mkdtemp(prefix="teamcore-pg-"))  # not under pytest's 0700 folder: postgres must enter
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-k {sockets} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-o", options]
    subprocess.run(_as_postgres([*ctl, "start"]), check=True, capture_output=True, timeout=120)
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE helpdesk")
        yield f"postgresql://postgres@127.0.0.1:{port}/helpdesk"
    finally:
        subprocess.run(_as_postgres([*ctl, "-m", "fast", "stop"]), check=False, capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


def _counts(result: ImportResult) -> dict[str, dict[str, int]]:
    return {
        c.entity: {"records_in": c.records_in, "used": c.used, "ignored": sum(c.ignored.values())}
        for c in result.counts
    }


def _by_ticket(result: ImportResult, column: str) -> dict[str, Any]:
    return dict(result.tickets.frame.select("ticket_id", column).iter_rows())


class TestModels:
    def test_table_names_are_the_models(self) -> None:
        """The adapter's table names are the installed models' ``_meta.db_table``."""
        assert model_tables() == dict(TABLES)


class TestStory:
    def test_everything_loads(self, from_sqlite: ImportResult) -> None:
        """Six tickets and 21 events, nothing rejected at the source or by the canonical loaders."""
        assert (from_sqlite.tickets.loaded, from_sqlite.events.loaded) == (EXPECTED["tickets"], EXPECTED["events"])
        assert from_sqlite.ok
        assert from_sqlite.tickets.warnings == ()
        assert from_sqlite.events.warnings == ()

    @pytest.mark.parametrize("entity", ["followups", "ticketchanges"])
    def test_every_record_is_accounted_for(self, from_sqlite: ImportResult, entity: str) -> None:
        """Follow-ups and ticket changes: read, used and ignored as counted by hand."""
        assert _counts(from_sqlite)[entity] == EXPECTED[entity]

    @pytest.mark.parametrize("column", ["status", "priority", "channel", "handle_seconds"])
    def test_ticket_columns(self, from_sqlite: ImportResult, column: str) -> None:
        """Status (replayed), priority (five to four), channel (e-mail openings) and logged time per ticket."""
        expected = EXPECTED[column]
        got = _by_ticket(from_sqlite, column)
        if column == "handle_seconds":
            got = {k: v for k, v in got.items() if v is not None}
        assert got == expected

    def test_solved_at_is_the_latest_solve(self, from_sqlite: ImportResult) -> None:
        """``solved_at``: T2's solve at its close (14:00), not its first resolve (11:00); none for open T5."""
        hours = {k: None if h is None else DAY + dt.timedelta(hours=h) for k, h in EXPECTED["solved_at_hour"].items()}
        assert _by_ticket(from_sqlite, "solved_at") == hours

    def test_flags(self, from_sqlite: ImportResult) -> None:
        """A close without a resolve, a duplicate, and a status set without a follow-up are each flagged once."""
        assert {f.ticket_id: f.code for f in from_sqlite.flags} == EXPECTED["flags"]
        assert len(from_sqlite.flags) == len(EXPECTED["flags"])

    def test_the_reopened_ticket_replays_with_both_ends(self, from_sqlite: ImportResult) -> None:
        """T2: note, reply, resolve from new, the customer's reopen (no actor), reply with an added solve, close."""
        rows = from_sqlite.events.frame.filter(pl.col("ticket_id") == "2").sort("at", maintain_order=True)
        got = [
            (r["at"].hour, r["kind"], r["actor"], r["from_status"], r["to_status"]) for r in rows.iter_rows(named=True)
        ]
        assert got == [
            (9, "note", "bo", None, None),
            (10, "reply", "bo", None, None),
            (11, "status", "bo", "new", "solved"),
            (13, "status", None, "solved", "open"),
            (14, "reply", "bo", None, None),
            (14, "status", "bo", "open", "solved"),
            (14, "status", "bo", "solved", "closed"),
        ]

    def test_priority_and_owner_changes(self, from_sqlite: ImportResult) -> None:
        """T3's 5 → 4 makes no event (both low), 4 → 2 is ``high``; T5's owner change assigns ann."""
        rows = from_sqlite.events.frame.filter(pl.col("kind").is_in(["priority", "assign"]))
        assert sorted(rows.select("ticket_id", "kind", "value").iter_rows()) == [
            ("3", "priority", "high"),
            ("5", "assign", "ann"),
        ]


class TestKpi:
    def test_per_member_numbers_equal_the_hand_computation(self, from_sqlite: ImportResult) -> None:
        """Solved count, first reply, resolution, requester wait and reopens per member, as worked out by hand."""
        table = kpi_table(from_sqlite.tickets.frame, from_sqlite.events.frame, by="assignee", **WEEK)
        rows = {r["assignee"]: r for r in table.iter_rows(named=True)}
        assert sorted(rows) == sorted(EXPECTED["per_member"])
        for member, numbers in EXPECTED["per_member"].items():
            assert {key: rows[member][key] for key in numbers} == numbers, member

    def test_overall_numbers(self, from_sqlite: ImportResult) -> None:
        """Incoming, solved, backlog and the mean first reply over the whole team."""
        table = kpi_table(from_sqlite.tickets.frame, from_sqlite.events.frame, **WEEK)
        row = table.row(0, named=True)
        assert {key: row[key] for key in EXPECTED["overall"]} == EXPECTED["overall"]

    def test_written_folder_gives_the_same_numbers(self, from_sqlite: ImportResult, tmp_path: Path) -> None:
        """The folder ``teamcore import`` writes, read back through the canonical loaders: the same KPIs."""
        from_sqlite.write(tmp_path)
        tickets_file, events_file = read_import(tmp_path)
        assert events_file is not None
        tickets = load_tickets(tickets_file)
        events = load_events(events_file, tickets.frame)
        table = kpi_table(tickets.frame, events.frame, by="assignee", **WEEK)
        rows = {r["assignee"]: r for r in table.iter_rows(named=True)}
        for member, numbers in EXPECTED["per_member"].items():
            assert {key: rows[member][key] for key in numbers} == numbers, member
        report = json.loads((tmp_path / "load-report.json").read_text())
        assert report["flags_by_code"] == {"closed_without_solve": 1, "merged": 1, "status_without_followup": 1}


def _same_tables(left: ImportResult, right: ImportResult) -> None:
    assert left.tickets.frame.equals(right.tickets.frame)
    assert left.events.frame.equals(right.events.frame)
    assert left.flags == right.flags
    assert left.rejected == right.rejected


class TestOtherInputs:
    def test_dumpdata_gives_the_same_tables(self, built: tuple[Path, Path], from_sqlite: ImportResult) -> None:
        """``dumpdata helpdesk auth.user`` of the same database: the same tickets, events and flags."""
        from_dump = load_source("django-helpdesk", built[1])
        _same_tables(from_dump, from_sqlite)
        other = {c.entity: c for c in from_dump.counts}["other_records"]
        assert other.used == 0
        assert other.records_in == sum(other.ignored.values()) > 0

    def test_postgresql_gives_the_same_tables(self, postgres_url: str, from_sqlite: ImportResult) -> None:
        """The same story built on PostgreSQL through Django and read back with psycopg."""
        build(postgres_url)
        from_pg = load_django_helpdesk(postgres_url)
        _same_tables(from_pg, from_sqlite)
        assert from_pg.origin == postgres_url

    def test_password_is_not_shown(self) -> None:
        """A URL's password never reaches the report; the server's refusal is a LoadError."""
        url = f"postgresql://lead:s3cret@127.0.0.1:{_free_port()}/helpdesk?connect_timeout=2"
        with pytest.raises(LoadError) as caught:
            load_django_helpdesk(url)
        assert "s3cret" not in str(caught.value)
        assert "lead:***@127.0.0.1" in str(caught.value)

    def test_postgresql_without_psycopg(self) -> None:
        """Without the postgres extra, one line says which extra to install."""
        with mock.patch.dict(sys.modules, {"psycopg": None}), pytest.raises(MissingDependency, match="'postgres'"):
            load_django_helpdesk("postgresql://x@localhost/helpdesk")

    def test_docs_fixture(self) -> None:
        """The committed two-ticket dump the docs use loads without a rejection."""
        result = load_source("django-helpdesk", DATA / "django-helpdesk-dump.json")
        assert (result.tickets.loaded, result.events.loaded, result.ok) == (2, 10, True)


class TestMapping:
    def test_priorities_are_overridable(self, built: tuple[Path, Path]) -> None:
        """Mapping 4 (Low) to ``normal`` changes T5's priority, and nothing else."""
        result = load_django_helpdesk(built[0], mapping=ConnectorMapping(priorities={4: "normal"}))
        assert _by_ticket(result, "priority") == {**EXPECTED["priority"], "5": "normal"}
        assert result.mapping.priorities["4"] == "normal"
        assert result.mapping.priorities["5"] == "low"

    def test_roles_are_overridable(self, built: tuple[Path, Path]) -> None:
        """Sites that let non-staff users work tickets map ``user`` to agent: carla's reopen becomes a reply."""
        result = load_django_helpdesk(built[0], mapping=ConnectorMapping(roles={"user": "agent"}))
        replies = result.events.frame.filter((pl.col("kind") == "reply") & (pl.col("actor") == "carla"))
        assert replies.height == 1

    def test_zone_of_naive_timestamps(self, built: tuple[Path, Path]) -> None:
        """A site with ``USE_TZ = False`` stores local time: ``zone`` says which (09:00 in Berlin is 08:00 UTC)."""
        result = load_django_helpdesk(built[0], zone="Europe/Berlin")
        assert _by_ticket(result, "created_at")["1"] == DAY + dt.timedelta(hours=8)

    def test_default_mapping_covers_the_models_choices(self) -> None:
        """Every status (1–5) and priority (1–5) django-helpdesk defines has a default."""
        assert sorted(DEFAULT_MAPPING.statuses) == ["1", "2", "3", "4", "5"]
        assert sorted(DEFAULT_MAPPING.priorities) == ["1", "2", "3", "4", "5"]


def _damaged_copy(source: Path, folder: Path, *statements: str) -> Path:
    target = folder / "damaged.sqlite3"
    shutil.copy(source, target)
    with contextlib.closing(sqlite3.connect(target)) as connection, connection:
        for statement in statements:
            connection.execute(statement)
    return target


class TestDamaged:
    @pytest.mark.parametrize(
        ("statement", "entity", "reason"),
        [
            # a status code the mapping does not know
            ("UPDATE helpdesk_ticket SET status = 99 WHERE id = 1", "tickets", "status: expected a source value"),
            # a priority stored as text that is no code
            ("UPDATE helpdesk_ticket SET priority = 'urgent!' WHERE id = 1", "tickets", "priority: expected"),
            # a follow-up whose ticket is gone (SQLite does not enforce the foreign key)
            ("UPDATE helpdesk_followup SET ticket_id = 999 WHERE id = 2", "followups", "ticket_id: expected the id"),
            # a follow-up status the mapping does not know
            ("UPDATE helpdesk_followup SET new_status = 42 WHERE id = 4", "followups", "new_status: expected"),
            # a date that is no timestamp
            ("UPDATE helpdesk_followup SET date = 'yesterday' WHERE id = 2", "followups", "date: expected a timestamp"),
            # an owner change naming nobody
            (
                "UPDATE helpdesk_ticketchange SET new_value = 'ghost' WHERE field = 'Owner'",
                "ticketchanges",
                "new_value",
            ),
        ],
    )
    def test_damaged_rows_are_rejected_with_reasons(
        self, built: tuple[Path, Path], tmp_path: Path, statement: str, entity: str, reason: str
    ) -> None:
        """A damaged row is rejected, naming the field; the rest still loads and every record is accounted for."""
        result = load_django_helpdesk(_damaged_copy(built[0], tmp_path, statement))
        assert [r.entity for r in result.rejected][:1] == [entity]
        assert reason in result.rejected[0].reason
        assert result.events.ok
        assert result.tickets.ok

    @pytest.mark.parametrize(
        ("field", "value", "reason"),
        [
            # more microseconds than a timedelta holds
            ("time_spent", 10**20, "time_spent: expected a duration a timedelta holds"),
            # a negative duration, as dumpdata writes one
            ("time_spent", "-1 00:00:00", "time_spent: expected a duration that is not negative"),
            # an offset that carries the instant before year 1
            ("date", "0001-01-01T00:00:00+01:00", "date: expected an instant between years 1 and 9999"),
            # a boolean where a user id belongs
            ("user", True, "user_id: expected a whole number"),
            # no date at all
            ("date", None, "date: expected a timestamp"),
            # a ticket the dump does not hold
            ("ticket", 404, "ticket_id: expected the id of a ticket in helpdesk_ticket, got 404"),
            # a status code outside the mapping, stored as text
            ("new_status", "9", "new_status: expected a source value the statuses mapping knows"),
            # not a boolean
            ("public", "yes", "public: expected a boolean"),
        ],
    )
    def test_damaged_dump_fields(self, tmp_path: Path, field: str, value: object, reason: str) -> None:
        """Edge values of a follow-up in a dump are rejected with the field named (pinned from the fuzzing)."""
        records = json.loads((DATA / "django-helpdesk-dump.json").read_text())
        followup = next(r for r in records if r["model"] == "helpdesk.followup" and r["pk"] == 2)
        followup["fields"][field] = value
        dump = tmp_path / "dump.json"
        dump.write_text(json.dumps(records))
        result = load_django_helpdesk(dump)
        assert [(r.entity, r.entry.split(" (")[1]) for r in result.rejected] == [
            ("followups", "helpdesk.followup pk 2)")
        ]
        assert result.rejected[0].reason.startswith(reason)

    def test_reopened_after_close(self, tmp_path: Path) -> None:
        """An e-mail reopening closed T2 at 15:00: the close is dropped, the reopen leaves solved, flagged."""
        records = json.loads((DATA / "django-helpdesk-dump.json").read_text())
        reopen = {"ticket": 2, "date": "2026-11-02T15:00:00Z", "public": True, "user": None, "new_status": 2,
                  "comment": "It is down again", "message_id": "<m9@example.com>", "time_spent": None}  # fmt: skip
        records.append({"model": "helpdesk.followup", "pk": 99, "fields": reopen})
        ticket = next(r for r in records if r["model"] == "helpdesk.ticket" and r["pk"] == 2)
        ticket["fields"].update(status=2, modified="2026-11-02T15:00:00Z")  # as the e-mail handler leaves it
        dump = tmp_path / "dump.json"
        dump.write_text(json.dumps(records))
        result = load_django_helpdesk(dump)
        status = result.events.frame.filter((pl.col("ticket_id") == "2") & (pl.col("kind") == "status"))
        assert [(r["at"].hour, r["from_status"], r["to_status"]) for r in status.iter_rows(named=True)] == [
            (11, "new", "solved"),
            (13, "solved", "open"),
            (14, "open", "solved"),
            (15, "solved", "open"),
        ]
        assert _by_ticket(result, "status")["2"] == "open"
        assert _by_ticket(result, "solved_at")["2"] is None
        assert sorted(f.code for f in result.flags if f.ticket_id == "2") == [
            "closed_without_solve",
            "reopened_after_close",
        ]
        assert result.ok

    def test_a_rejected_ticket_takes_its_followups(self, built: tuple[Path, Path], tmp_path: Path) -> None:
        """T1 with an unknown status: its 4 follow-ups and 1 change are rejected too, with the reason."""
        result = load_django_helpdesk(
            _damaged_copy(built[0], tmp_path, "UPDATE helpdesk_ticket SET status=9 WHERE id=1")
        )
        by_entity = {c.entity: c.rejected for c in result.counts}
        assert (by_entity["tickets"], by_entity["followups"], by_entity["ticketchanges"]) == (1, 4, 1)

    def test_not_a_database(self, tmp_path: Path) -> None:
        """A file that is neither SQLite nor JSON is a LoadError naming the inputs accepted."""
        junk = tmp_path / "helpdesk.db"
        junk.write_bytes(b"not a database")
        with pytest.raises(LoadError, match="SQLite database file, a postgresql:// URL"):
            load_django_helpdesk(junk)

    def test_missing_table(self, tmp_path: Path) -> None:
        """A SQLite file without django-helpdesk's tables is a LoadError naming the table."""
        empty = tmp_path / "other.sqlite3"
        with contextlib.closing(sqlite3.connect(empty)) as connection:
            connection.execute("CREATE TABLE t (x)")
        with pytest.raises(LoadError, match="helpdesk_queue"):
            load_django_helpdesk(empty)

    def test_dump_that_is_not_a_list_of_records(self, tmp_path: Path) -> None:
        """Entries that are not dumpdata records are rejected (entity ``dump_entries``), not raised."""
        dump = tmp_path / "dump.json"
        dump.write_text(json.dumps([1, {"model": "helpdesk.ticket"}, {"model": "x.y", "fields": {}}]))
        result = load_django_helpdesk(dump)
        counts = {c.entity: (c.records_in, c.rejected, sum(c.ignored.values())) for c in result.counts}
        assert counts["dump_entries"] == (2, 2, 0)
        assert counts["other_records"] == (1, 0, 1)


# --- properties ------------------------------------------------------------------------------------------------

USERS = [
    {"model": "auth.user", "pk": 1, "fields": {"username": "ann", "is_staff": True}},
    {"model": "auth.user", "pk": 2, "fields": {"username": "carla", "is_staff": False}},
]
QUEUE = {"model": "helpdesk.queue", "pk": 1, "fields": {"slug": "support"}}


@st.composite
def followups(draw: st.DrawFn, ticket: int, start: int) -> list[dict[str, Any]]:
    """Follow-ups of one ticket (any order of statuses, authors, public or not), each maybe with a change."""
    out = []
    for _ in range(draw(st.integers(0, 6))):
        pk = start + len(out)
        fields = {
            "ticket": ticket,
            "date": (DAY + dt.timedelta(minutes=draw(st.integers(0, 600)))).isoformat().replace("+00:00", "Z"),
            "public": draw(st.booleans()),
            "user": draw(st.sampled_from([None, 1, 2])),
            "new_status": draw(st.sampled_from([None, 1, 2, 3, 4, 5])),
            "comment": draw(st.sampled_from(["", "text"])),
            "time_spent": draw(st.sampled_from([None, "00:10:00"])),
        }
        out.append({"model": "helpdesk.followup", "pk": pk, "fields": fields})
        change = draw(st.sampled_from([None, ("Priority", "5", "1"), ("Owner", None, "ann"), ("Title", "a", "b")]))
        if change is not None:
            field, old, new = change
            out.append(
                {"model": "helpdesk.ticketchange", "pk": pk, "fields": {"followup": pk, "field": field,
                 "old_value": old, "new_value": new}}
            )  # fmt: skip
    return out


@st.composite
def dumps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A whole dump: the users, one queue, up to three tickets and their follow-ups."""
    records: list[dict[str, Any]] = [*USERS, QUEUE]
    for ticket in range(1, draw(st.integers(1, 3)) + 1):
        fields = {
            "queue": 1,
            "created": DAY.isoformat().replace("+00:00", "Z"),
            "modified": (DAY + dt.timedelta(hours=11)).isoformat().replace("+00:00", "Z"),
            "status": draw(st.sampled_from([1, 2, 3, 4, 5])),
            "priority": draw(st.integers(1, 5)),
            "assigned_to": draw(st.sampled_from([None, 1])),
            "description": "text",
        }
        records.append({"model": "helpdesk.ticket", "pk": ticket, "fields": fields})
        records.extend(draw(followups(ticket, ticket * 100)))
    return records


def _load_dump(records: object) -> ImportResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.json"
        path.write_text(json.dumps(records))
        return load_django_helpdesk(path)


class TestProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(dumps())
    def test_generated_histories_load_whole(self, records: list[dict[str, Any]]) -> None:
        """Any history: every record accounted for, no event refused by teamcore, status chains from ``new``."""
        result = _load_dump(records)
        read = {"users": 2, "queues": 1}
        for r in records:
            name = {"helpdesk.ticket": "tickets", "helpdesk.followup": "followups"}.get(r["model"])
            if name:
                read[name] = read.get(name, 0) + 1
        for count in result.counts:
            assert count.records_in == count.used + sum(count.ignored.values()) + count.rejected
            if count.entity in read:
                assert count.records_in == read[count.entity]
        assert result.events.ok, result.events.rejected
        assert result.tickets.ok, result.tickets.rejected
        events = result.events.frame
        for ticket in result.tickets.frame.iter_rows(named=True):
            chain = events.filter((pl.col("ticket_id") == ticket["ticket_id"]) & (pl.col("kind") == "status"))
            ends = list(chain.select("from_status", "to_status").iter_rows())
            state = "new"
            for source, target in ends:
                assert source == state
                state = target
            assert ticket["status"] == ("open" if state == "new" else state) or any(
                f.code == "status_disagrees" and f.ticket_id == ticket["ticket_id"] for f in result.flags
            )
            assert (ticket["solved_at"] is None) == (ticket["status"] not in {"solved", "closed"})

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(dumps(), st.randoms(use_true_random=False))
    def test_record_order_does_not_matter(self, records: list[dict[str, Any]], random: Any) -> None:
        """Shuffling the dump's records gives the same tickets, the same events (as a set) and the same flags."""
        shuffled = list(records)
        random.shuffle(shuffled)
        first, second = _load_dump(records), _load_dump(shuffled)
        assert first.tickets.frame.sort("ticket_id").equals(second.tickets.frame.sort("ticket_id"))
        keys = ["ticket_id", "at", "kind", "from_status", "to_status", "value"]
        assert first.events.frame.sort(keys, nulls_last=True).equals(second.events.frame.sort(keys, nulls_last=True))
        assert sorted(map(repr, first.flags)) == sorted(map(repr, second.flags))

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        dumps(),
        st.data(),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-5, 10**20),
            st.floats(allow_nan=True),
            st.text(max_size=12),
            st.sampled_from(["2026-13-01 00:00", "0001-01-01T00:00:00+01:00", "99:99:99", "P1Y", "-1 00:00:00"]),
            st.lists(st.integers(), max_size=2),
            st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
        ),
    )
    def test_damaged_records_never_raise_a_foreign_exception(
        self, records: list[dict[str, Any]], data: st.DataObject, junk: object
    ) -> None:
        """Any field of any record replaced by junk: rejections with reasons, or a LoadError, never another error."""
        records = copy.deepcopy(records)  # the users and the queue are shared module constants
        target = data.draw(st.sampled_from(records))
        field = data.draw(st.sampled_from([*sorted(target["fields"]), "pk"]))
        if field == "pk":
            target["pk"] = junk
        else:
            target["fields"][field] = junk
        try:
            result = _load_dump(records)
        except LoadError:  # a whole-file problem (NaN is not JSON); an accounting slip would be InvalidValue
            return
        for count in result.counts:
            assert count.records_in == count.used + sum(count.ignored.values()) + count.rejected
        assert all(r.reason for r in result.rejected)
