"""The Zendesk adapter on API-shaped fixtures, damaged input, and generated exports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.connectors import ConnectorMapping, load_source, read_import
from teamcore.connectors._zendesk import DEFAULT_MAPPING, load_zendesk
from teamcore.exceptions import LoadError, TeamcoreError
from teamcore.kpi import ticket_facts

from .support import counts

DATA = Path(__file__).parent / "data" / "zendesk"
JSONL = DATA / "jsonl"
PAGED = DATA / "paged"
UTC = dt.UTC


def flags(result: Any) -> set[tuple[str, str]]:
    return {(f.ticket_id, f.code) for f in result.flags}


@pytest.fixture(scope="module")
def fixture() -> Any:
    return load_zendesk(JSONL)


class TestFixture:
    def test_every_record_is_accounted_for(self, fixture: Any) -> None:
        """Each entity's records in are the records in the files; nothing is rejected."""
        lines = {p.stem: len(p.read_text().splitlines()) for p in JSONL.glob("*.jsonl")}
        seen = {entity: c[0] for entity, c in counts(fixture).items()}
        audits = (JSONL / "ticket_events.jsonl").read_text().splitlines()
        children = sum(len(json.loads(x)["child_events"]) for x in audits)
        assert seen == {**lines, "child_events": children}
        assert fixture.ok

    def test_latest_version_deleted_and_merged(self, fixture: Any) -> None:
        """Superseded versions and the deleted ticket are ignored with their reasons; the merged one is flagged."""
        tickets = counts(fixture)["tickets"]
        assert tickets[:2] == (10, 7)
        assert tickets[2] == {
            "deleted in Zendesk (status 'deleted')": 1,
            "superseded by a later version in the export": 2,
        }
        frame = fixture.tickets.frame
        assert "104" not in frame["ticket_id"].to_list()
        row = frame.filter(pl.col("ticket_id") == "102").row(0, named=True)
        assert (row["priority"], row["satisfaction"]) == ("urgent", "bad")  # the later version and its rating
        assert ("105", "merged") in flags(fixture)

    def test_flags(self, fixture: Any) -> None:
        """Null priority, merge, out-of-order audits, a close without solve and solved_at disagreeing are flagged."""
        assert flags(fixture) == {
            ("103", "priority_default"),
            ("105", "merged"),
            ("105", "closed_without_solve"),
            ("106", "solved_at_disagrees"),
            ("108", "out_of_order"),
        }
        t = fixture.tickets.frame.filter(pl.col("ticket_id") == "106").row(0, named=True)
        assert t["solved_at"] == dt.datetime(2026, 11, 6, 9, 45, tzinfo=UTC)  # the event's, not Ticket Metrics'

    def test_customer_comments_are_not_replies(self, fixture: Any) -> None:
        """Ticket 101: two agent replies and one note; the customer's answer is no reply and reopens to open."""
        ev = fixture.events.frame.filter(pl.col("ticket_id") == "101")
        assert ev.filter(pl.col("kind") == "reply")["at"].dt.hour().to_list() == [10, 12]
        assert ev.filter(pl.col("kind") == "note").height == 1
        chain = ev.filter(pl.col("kind") == "status").select("from_status", "to_status").rows()
        assert chain == [("new", "pending"), ("pending", "open"), ("open", "solved")]

    def test_kpis_equal_a_hand_computation(self, fixture: Any) -> None:
        """First reply, resolution and waits (calendar) equal the minutes worked out by hand in the fixture."""
        facts = ticket_facts(fixture.tickets.frame, fixture.events.frame).to_polars()
        row = facts.filter(pl.col("ticket_id") == "101").row(0, named=True)
        minutes = {k: row[k] / 60 for k in ("first_reply", "full_resolution", "requester_wait", "agent_wait")}
        assert minutes == {"first_reply": 60, "full_resolution": 1620, "requester_wait": 300, "agent_wait": 1320}
        reopened = facts.filter(pl.col("ticket_id") == "102").row(0, named=True)
        assert (reopened["reopens"], reopened["first_resolution"] / 60, reopened["full_resolution"] / 60) == (
            1,
            120,
            2700,
        )
        assert reopened["requester_wait"] / 60 == 180

    def test_vendor_metrics(self, fixture: Any) -> None:
        """One row per kept ticket × metric × basis, with the vendor's field name."""
        vm = fixture.vendor_metrics
        assert vm.schema == pl.Schema(
            {
                "ticket_id": pl.String,
                "metric": pl.String,
                "basis": pl.String,
                "minutes": pl.Float64,
                "source_field": pl.String,
            }
        )
        assert vm.height == 6 * 6 * 2
        reply = vm.filter((pl.col("ticket_id") == "107") & (pl.col("metric") == "reply_time"))
        assert dict(reply.select("basis", "minutes").rows()) == {"business": 330.0, "calendar": 4200.0}
        assert reply.filter(pl.col("basis") == "business")["source_field"].item() == "reply_time_in_minutes.business"
        assert fixture.vendor_events.filter(pl.col("ticket_id") == "104").is_empty()

    def test_paged_and_lines_agree(self, fixture: Any) -> None:
        """The API pages and the same records as JSON lines give one result."""
        paged = load_zendesk(PAGED)
        assert paged.tickets.frame.equals(fixture.tickets.frame)
        assert paged.events.frame.equals(fixture.events.frame)
        assert paged.vendor_metrics is not None
        assert paged.vendor_metrics.equals(fixture.vendor_metrics)
        assert counts(paged) == counts(fixture)
        assert flags(paged) == flags(fixture)

    def test_rerun_on_appended_folder_is_idempotent(self, tmp_path: Path, fixture: Any) -> None:
        """Reading the export with the same export appended again changes no row, only the ignored counts."""
        for file in JSONL.glob("*.jsonl"):
            shutil.copy(file, tmp_path / file.name)
            shutil.copy(file, tmp_path / f"{file.stem}-0002.jsonl")
        again = load_zendesk(tmp_path)
        assert again.tickets.frame.equals(fixture.tickets.frame)
        assert again.events.frame.equals(fixture.events.frame)
        ignored = counts(again)["ticket_events"][2]
        assert ignored["the same audit (id) read again"] == 27 - 2  # the deleted ticket's two count as deleted
        assert ignored["an audit of a ticket deleted in Zendesk"] == 2 * 2

    def test_without_users_the_requester_is_the_customer(self, tmp_path: Path, fixture: Any) -> None:
        """Without users.jsonl, the requester rule gives the same replies and notes."""
        for file in JSONL.glob("*.jsonl"):
            if file.stem != "users":
                shutil.copy(file, tmp_path / file.name)
        alone = load_zendesk(tmp_path)
        assert alone.events.frame.equals(fixture.events.frame)

    def test_mapping_override(self) -> None:
        """An override replaces one entry and keeps the rest of the default."""
        result = load_zendesk(JSONL, mapping=ConnectorMapping(statuses={"hold": "pending"}))
        row = result.tickets.frame.filter(pl.col("ticket_id") == "103").row(0, named=True)
        assert row["status"] == "pending"
        assert result.mapping.statuses["solved"] == "solved" == DEFAULT_MAPPING.statuses["solved"]

    def test_load_source_and_write(self, tmp_path: Path) -> None:
        """load_source picks the adapter; the written folder reads back with vendor metrics and events."""
        result = load_source("zendesk", PAGED)
        written = {p.name for p in result.write(tmp_path)}
        assert {"vendor_metrics.parquet", "vendor_events.parquet", "tickets.parquet"} <= written
        tickets, events = read_import(tmp_path)
        assert pl.read_parquet(tickets).height == 7
        assert events is not None


def _write(folder: Path, name: str, lines: list[str]) -> None:
    (folder / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _copy(tmp_path: Path) -> Path:
    out = tmp_path / "export"
    shutil.copytree(JSONL, out)
    return out


class TestDamaged:
    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            # not JSON at all
            ("{not json", "invalid JSON"),
            # a JSON value that is not a record
            ("[1, 2]", "record: expected a JSON object, got list"),
            # an instant without an offset
            (
                '{"id": 900, "created_at": "2026-11-02T09:00:00", "status": "open", "priority": "low"}',
                "created_at: expected",
            ),
            # a status the mapping does not know
            (
                '{"id": 901, "created_at": "2026-11-02T09:00:00Z", "status": "waiting", "priority": "low"}',
                "status: expected",
            ),
            # a priority the mapping does not know
            (
                '{"id": 902, "created_at": "2026-11-02T09:00:00Z", "status": "open", "priority": "p1"}',
                "priority: expected",
            ),
        ],
    )
    def test_ticket_line_rejected_with_entry(self, tmp_path: Path, line: str, reason: str) -> None:
        """A damaged ticket line is rejected, naming the file, the line and the field; the rest loads."""
        folder = _copy(tmp_path)
        with (folder / "tickets.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        result = load_zendesk(folder)
        (rejected,) = result.rejected
        assert rejected.entry.endswith("tickets.jsonl line 11")
        assert reason in rejected.reason
        assert result.tickets.loaded == 7

    def test_line_numbers_count_blank_lines(self, tmp_path: Path) -> None:
        """A rejected record read in the one-pass path is named by its line, blank lines included."""
        folder = _copy(tmp_path)
        with (folder / "tickets.jsonl").open("a", encoding="utf-8") as handle:
            handle.write('\n  \n{"id": 903, "created_at": "yesterday", "status": "open", "priority": "low"}\n')
        (rejected,) = load_zendesk(folder).rejected
        assert rejected.entry.endswith("tickets.jsonl line 13")

    def test_child_events_not_a_list(self, tmp_path: Path) -> None:
        """An audit whose child_events is not a list of objects is rejected."""
        folder = _copy(tmp_path)
        with (folder / "ticket_events.jsonl").open("a", encoding="utf-8") as handle:
            handle.write('{"id": 1, "ticket_id": 101, "created_at": "2026-11-03T13:00:00Z", "child_events": "x"}\n')
        (rejected,) = load_zendesk(folder).rejected
        assert rejected.entity == "ticket_events"
        assert rejected.reason.startswith("child_events: expected a list")

    def test_events_of_unknown_tickets_and_bad_children(self, tmp_path: Path) -> None:
        """An audit of a ticket not exported is rejected; a child with an unknown status is rejected alone."""
        folder = _copy(tmp_path)
        audits = [
            {"id": 2, "ticket_id": 999, "created_at": "2026-11-03T13:00:00Z", "child_events": []},
            {
                "id": 3,
                "ticket_id": 103,
                "created_at": "2026-11-05T10:00:00Z",
                "updater_id": 9001,
                "child_events": [
                    {"event_type": "Change", "field_name": "status", "previous_value": "hold", "value": "parked"}
                ],
            },
        ]
        with (folder / "ticket_events.jsonl").open("a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(a) + "\n" for a in audits)
        result = load_zendesk(folder)
        reasons = sorted((r.entity, r.reason.split(" (")[0]) for r in result.rejected)
        assert reasons == [
            ("child_events", "value: expected a status the statuses mapping knows"),
            ("ticket_events", "ticket_id: expected a ticket the import kept"),
        ]
        assert "got 'parked'" in result.rejected[-1].reason or "got 'parked'" in result.rejected[0].reason
        assert counts(result)["child_events"][3] == 1

    @pytest.mark.parametrize(
        ("name", "text", "match"),
        [
            # a JSON lines file named for no entity
            ("comments.jsonl", "{}\n", "named for its entity"),
            # a page without a list of a known entity
            ("page.json", '{"results": []}', "expected a Zendesk API page"),
            # a page that is not JSON
            ("page.json", "{", "invalid JSON"),
        ],
    )
    def test_unreadable_files_raise(self, tmp_path: Path, name: str, text: str, match: str) -> None:
        """A file that is no Zendesk export raises LoadError naming it."""
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(LoadError, match=match):
            load_zendesk(tmp_path)

    def test_missing_path(self, tmp_path: Path) -> None:
        """A path that does not exist raises LoadError."""
        with pytest.raises(LoadError, match="no such file or folder"):
            load_zendesk(tmp_path / "nothing")

    @settings(max_examples=40)
    @given(data=st.data())
    @example(data=None)
    def test_damaged_bytes_raise_only_teamcore_errors(self, data: Any) -> None:
        """Any damage to the files' bytes gives a result or a TeamcoreError, never another exception."""
        files = sorted(JSONL.glob("*.jsonl"))
        with tempfile.TemporaryDirectory() as folder:
            for file in files:
                raw = bytearray(file.read_bytes())
                if data is not None and data.draw(st.booleans(), label=f"damage {file.name}"):
                    for _ in range(data.draw(st.integers(1, 5))):
                        at = data.draw(st.integers(0, len(raw) - 1))
                        raw[at : at + data.draw(st.integers(0, 40))] = data.draw(st.binary(max_size=20))
                Path(folder, file.name).write_bytes(bytes(raw))
            try:
                result = load_zendesk(folder)
            except LoadError:  # a file-level problem (a name, a size); anything else is a bug
                return
            except TeamcoreError as err:  # an accounting error would be an InvalidValue here: never acceptable
                pytest.fail(f"damaged input raised {err!r}, not a LoadError or a result")
            lines = sum(len([x for x in Path(folder, f.name).read_bytes().split(b"\n") if x.strip()]) for f in files)
            assert sum(c.records_in for c in result.counts if c.entity != "child_events") == lines


# -- generated exports ------------------------------------------------------------------------------------------

STATUSES = ("new", "open", "pending", "hold", "solved", "closed", "deleted", "bogus")
KINDS = st.sampled_from(["status", "comment", "assignee", "priority", "tags", "notification"])


@st.composite
def exports(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """A small Zendesk export: tickets (some repeated, deleted or invalid) and audits with mixed child events."""
    start = dt.datetime(2026, 11, 2, tzinfo=UTC)
    tickets, audits = [], []
    for n in range(draw(st.integers(0, 6))):
        tid = 1000 + n
        created = start + dt.timedelta(minutes=draw(st.integers(0, 5000)))
        for version in range(draw(st.integers(1, 3))):
            tickets.append(  # noqa: PERF401 - each version draws its own values
                {
                    "id": tid,
                    "created_at": created.isoformat().replace("+00:00", "Z"),
                    "updated_at": (created + dt.timedelta(hours=version)).isoformat(),
                    "status": draw(st.sampled_from(STATUSES)),
                    "priority": draw(st.sampled_from(["low", "normal", "high", "urgent", None, "p1"])),
                    "requester_id": 5000 + n,
                    "via": {"channel": draw(st.sampled_from(["web", "email", "voice", ""]))},
                    "tags": draw(st.sampled_from([[], ["closed_by_merge"]])),
                }
            )
        for _k in range(draw(st.integers(0, 4))):
            children = []
            for kind in draw(st.lists(KINDS, max_size=4)):
                if kind == "status":
                    children.append(
                        {
                            "event_type": "Change",
                            "field_name": "status",
                            "previous_value": draw(st.sampled_from([None, *STATUSES])),
                            "value": draw(st.sampled_from(STATUSES)),
                        }
                    )
                elif kind == "comment":
                    children.append(
                        {
                            "event_type": "Comment",
                            "public": draw(st.sampled_from([True, False, "x"])),
                            "author_id": draw(st.sampled_from([5000 + n, 9001, -1])),
                        }
                    )
                elif kind == "assignee":
                    children.append({"event_type": "Change", "field_name": "assignee_id", "value": "9001"})
                elif kind == "priority":
                    children.append(
                        {
                            "event_type": "Change",
                            "field_name": "priority",
                            "value": draw(st.sampled_from(["high", None, "p9"])),
                        }
                    )
                else:
                    children.append(
                        {
                            "event_type": "Notification" if kind == "notification" else "Change",
                            "field_name": None if kind == "notification" else "tags",
                        }
                    )
            at = created + dt.timedelta(minutes=draw(st.integers(-30, 3000)))
            audits.append(
                {
                    "id": draw(st.integers(1, 30)),
                    "ticket_id": draw(st.sampled_from([tid, 1 + tid * 7])),
                    "created_at": at.isoformat().replace("+00:00", "Z"),
                    "updater_id": 9001,
                    "child_events": children,
                }
            )
    return {"tickets": tickets, "ticket_events": audits}


class TestGenerated:
    @settings(max_examples=60)
    @given(export=exports())
    def test_records_in_equal_records_written(self, export: dict[str, list[dict[str, Any]]]) -> None:
        """For any export, each entity's records_in is what was written, and used + ignored + rejected add up."""
        with tempfile.TemporaryDirectory() as folder:
            for entity, records in export.items():
                _write(Path(folder), f"{entity}.jsonl", [json.dumps(r) for r in records])
            result = load_zendesk(folder)
        seen = counts(result)
        assert seen["tickets"][0] == len(export["tickets"])
        assert seen["ticket_events"][0] == len(export["ticket_events"])
        for entity, (records_in, used, ignored, rejected) in seen.items():
            assert records_in == used + sum(ignored.values()) + rejected, entity
        kept = set(result.tickets.frame["ticket_id"])
        latest = {}
        for t in export["tickets"]:
            latest[str(t["id"])] = t
        assert kept <= {k for k, t in latest.items() if t["status"] != "deleted"}

    @settings(max_examples=30)
    @given(export=exports())
    def test_order_of_lines_changes_nothing(self, export: dict[str, list[dict[str, Any]]]) -> None:
        """Reversing the audits in the file gives the same events (they are sorted by time)."""
        frames = []
        for order in (1, -1):
            with tempfile.TemporaryDirectory() as folder:
                _write(Path(folder), "tickets.jsonl", [json.dumps(r) for r in export["tickets"]])
                ids = {a["id"] for a in export["ticket_events"]}
                audits = [a for a in export["ticket_events"] if a["id"] in ids]
                unique = list({a["id"]: a for a in audits}.values())  # a repeated id keeps its first copy
                _write(Path(folder), "ticket_events.jsonl", [json.dumps(a) for a in unique[::order]])
                frames.append(load_zendesk(folder).events.frame.sort(pl.all()))
        assert frames[0].equals(frames[1])
