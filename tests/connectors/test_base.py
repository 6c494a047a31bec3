"""The connectors' shared base: mappings, the record ledger, the import result and its folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamcore import TeamcoreError
from teamcore.connectors import (
    SOURCES,
    ConnectorMapping,
    EntityCount,
    ImportResult,
    load_source,
    read_import,
    read_import_result,
)
from teamcore.connectors._canonical import iso_instant
from teamcore.connectors._fetch_state import STATE_FILE, State
from teamcore.connectors._json_input import LineError, read_json_input
from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import normal_key
from teamcore.exceptions import FetchError, InvalidValue, LoadError, WrongType
from teamcore.kpi import STATUSES

UTC = dt.UTC


def _ticket(ticket_id: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "ticket_id": ticket_id,
        "created_at": dt.datetime(2026, 11, 2, 9, tzinfo=UTC),
        "priority": "normal",
        "status": "open",
    }
    row.update(extra)
    return row


class TestMapping:
    def test_lookups_ignore_case_and_accept_numbers(self) -> None:
        mapping = ConnectorMapping(statuses={"Open": "open", 3: "solved"}, priorities={"P1": "urgent"})
        assert mapping.status(" OPEN", "status") == "open"
        assert mapping.status(3, "status") == "solved"
        assert mapping.status(3.0, "status") == "solved"
        assert mapping.priority("p1", "priority") == "urgent"

    def test_an_unmapped_value_names_field_value_and_the_known_values(self) -> None:
        mapping = ConnectorMapping(statuses={"open": "open"})
        with pytest.raises(InvalidValue) as err:
            mapping.status("escalated", "tickets[3].status")
        assert err.value.field == "tickets[3].status"
        assert err.value.value == "escalated"
        assert "'open'" in err.value.expected

    @pytest.mark.parametrize("value", [None, True, [], {}])
    def test_values_that_are_no_source_value_are_refused(self, value: object) -> None:
        with pytest.raises(InvalidValue):
            ConnectorMapping(statuses={"open": "open"}).status(value, "status")

    def test_targets_must_be_teamcore_values(self) -> None:
        with pytest.raises(InvalidValue, match=r"statuses\['wip'\]"):
            ConnectorMapping(statuses={"wip": "in_progress"})
        with pytest.raises(InvalidValue, match="priorities"):
            ConnectorMapping(priorities={"5": "very low"})
        with pytest.raises(WrongType, match="statuses"):
            ConnectorMapping(statuses=["open"])

    def test_channels_pass_through_lower_cased_unless_mapped(self) -> None:
        mapping = ConnectorMapping(channels={"7": "chat"})
        assert mapping.channel(7) == "chat"
        assert mapping.channel("Twitter") == "twitter"
        assert mapping.channel("  ") is None

    def test_updated_overrides_only_what_it_names(self) -> None:
        base = ConnectorMapping(statuses={"open": "open", "hold": "on_hold"}, priorities={"1": "low"})
        changed = base.updated(statuses={"hold": "pending"})
        assert changed.statuses == {"open": "open", "hold": "pending"}
        assert changed.priorities == base.priorities
        with pytest.raises(InvalidValue, match="mapping table"):
            base.updated(states={"a": "open"})

    def test_from_file_reads_overrides_onto_a_base(self, tmp_path: Path) -> None:
        file = tmp_path / "mapping.toml"
        file.write_text('[priorities]\n5 = "low"\n"very low" = "low"\n', encoding="utf-8")
        mapping = ConnectorMapping.from_file(file, ConnectorMapping(priorities={"1": "urgent"}))
        assert mapping.priorities == {"1": "urgent", "5": "low", "very low": "low"}

    def test_from_file_names_the_path_and_the_entry(self, tmp_path: Path) -> None:
        file = tmp_path / "mapping.toml"
        file.write_text('[statuses]\nwip = "doing"\n[colours]\n', encoding="utf-8")
        with pytest.raises(LoadError) as err:
            ConnectorMapping.from_file(file)
        assert str(file) in str(err.value)
        assert "colours" in str(err.value)
        file.write_text('[statuses]\nwip = "doing"\n', encoding="utf-8")
        with pytest.raises(LoadError, match="doing"):
            ConnectorMapping.from_file(file)

    @given(st.dictionaries(st.text(min_size=1).filter(str.strip), st.sampled_from(STATUSES), max_size=8))
    def test_every_mapped_key_is_found_again(self, table: dict[str, str]) -> None:
        mapping = ConnectorMapping(statuses=table)
        for key in table:
            # Keys that normalise alike keep the last target; the lookup finds the stored one.
            assert mapping.status(key, "status") == mapping.statuses[normal_key(key)]


class TestLedger:
    def test_counts_account_for_every_record(self) -> None:
        ledger = Ledger("demo", "in")
        ledger.seen("tickets", 4)
        ledger.used("tickets", 2)
        ledger.ignore("tickets", "deleted")
        ledger.reject("tickets", "line 4", "status: expected one of open, got 'x'", ticket_id=7)
        (count,) = ledger.counts()
        assert count == EntityCount("tickets", 4, 2, {"deleted": 1}, 1)
        assert ledger.rejections[0].ticket_id == "7"

    def test_a_count_that_does_not_add_up_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"tickets\.records_in"):
            EntityCount("tickets", 3, 1, {}, 1)

    @given(st.lists(st.sampled_from(["use", "ignore", "reject"]), max_size=40))
    def test_any_sequence_of_dispositions_adds_up(self, steps: list[str]) -> None:
        ledger = Ledger("demo", "in")
        for number, step in enumerate(steps):
            ledger.seen("events")
            if step == "use":
                ledger.used("events")
            elif step == "ignore":
                ledger.ignore("events", "a tag change")
            else:
                ledger.reject("events", f"line {number}", "at: expected an instant, got 'x'")
        counts = ledger.counts()
        if not steps:
            assert counts == ()
        else:
            (count,) = counts
            assert count.records_in == len(steps)
            assert count.used == steps.count("use")
            assert count.rejected == steps.count("reject")

    def test_finish_runs_the_canonical_loaders(self) -> None:
        ledger = Ledger("demo", "in")
        ledger.seen("tickets", 2)
        ledger.used("tickets", 2)
        rows = [_ticket("1"), _ticket("2", status="solved")]  # a solved ticket without solved_at
        result = ledger.finish(rows, [], ConnectorMapping())
        assert result.tickets.rows_in == 2
        assert result.tickets.loaded == 1
        assert "solved_at" in result.tickets.rejected[0].reason
        assert not result.ok


class TestImportResult:
    def _result(self) -> ImportResult:
        ledger = Ledger("demo", "export/")
        ledger.seen("tickets", 2)
        ledger.used("tickets")
        ledger.reject("tickets", "line 2", "priority: expected a source value, got 'p9'", ticket_id="2")
        ledger.flag("1", "merged", "ticket 1 was merged into 3; its numbers count once, in 3")
        events = [
            {
                "ticket_id": "1",
                "at": dt.datetime(2026, 11, 2, 10, tzinfo=UTC),
                "kind": "status",
                "from_status": "new",
                "to_status": "open",
            }
        ]
        metrics = pl.DataFrame({"ticket_id": ["1"], "metric": ["reply_time"], "basis": ["calendar"], "minutes": [12.0]})
        return ledger.finish([_ticket("1")], events, ConnectorMapping(), vendor_metrics=metrics)

    def test_report_groups_rejections_and_flags(self) -> None:
        report = self._result().report()
        assert report["entities"] == [{"entity": "tickets", "records_in": 2, "used": 1, "ignored": {}, "rejected": 1}]
        assert report["rejected_by_reason"] == {"tickets: priority: expected a source value": 1}
        assert report["flags_by_code"] == {"merged": 1}
        assert report["canonical"]["events"]["loaded"] == 1
        json.dumps(report)  # JSON-ready

    def test_write_and_read_back(self, tmp_path: Path) -> None:
        written = self._result().write(tmp_path / "out" / "nested")
        assert [p.name for p in written] == [
            "tickets.parquet",
            "events.parquet",
            "load-report.json",
            "vendor_metrics.parquet",
        ]
        tickets, events = read_import(tmp_path / "out" / "nested")
        assert pl.read_parquet(tickets)["ticket_id"].to_list() == ["1"]
        assert events is not None
        assert pl.read_parquet(events)["to_status"].to_list() == ["open"]

    def test_write_to_a_file_is_a_load_error(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x", encoding="utf-8")
        with pytest.raises(LoadError, match="cannot write"):
            self._result().write(blocker)

    def test_a_refused_write_leaves_no_staging_folder(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x", encoding="utf-8")
        with pytest.raises(LoadError):
            self._result().write(blocker)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]

    def test_writing_over_an_import_replaces_its_files_and_keeps_others(self, tmp_path: Path) -> None:
        out = tmp_path / "import"
        self._result().write(out)
        (out / "notes.md").write_text("mine", encoding="utf-8")
        again = attrs.evolve(self._result(), vendor_metrics=None)
        written = again.write(out)
        assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in written] + ["notes.md"])
        assert not (out / "vendor_metrics.parquet").exists()
        assert [p.name for p in tmp_path.iterdir()] == ["import"]  # no staging folder left beside it

    def test_read_gives_back_what_was_written(self, tmp_path: Path) -> None:
        result = self._result()
        result.write(tmp_path / "import")
        back = read_import_result(tmp_path / "import")
        assert (back.source, back.origin, back.flags) == (result.source, result.origin, result.flags)
        assert back.tickets.frame.equals(result.tickets.frame)
        assert back.events.frame.equals(result.events.frame)
        assert back.vendor_metrics is not None

    def test_read_of_a_folder_with_a_broken_load_report_names_the_file(self, tmp_path: Path) -> None:
        self._result().write(tmp_path / "import")
        (tmp_path / "import" / "load-report.json").write_text("{}", encoding="utf-8")
        with pytest.raises(LoadError) as err:
            read_import_result(tmp_path / "import")
        assert err.value.path.endswith("load-report.json")

    def test_read_of_a_deeply_nested_load_report_is_a_load_error(self, tmp_path: Path) -> None:
        """Nesting json.loads cannot parse (a RecursionError before) is refused as a LoadError naming the file."""
        self._result().write(tmp_path / "import")
        (tmp_path / "import" / "load-report.json").write_text("[" * 100_000, encoding="utf-8")
        with pytest.raises(LoadError, match="nested deeper than 100") as err:
            read_import_result(tmp_path / "import")
        assert err.value.path.endswith("load-report.json")

    def test_read_import_of_a_folder_without_tickets_names_it(self, tmp_path: Path) -> None:
        with pytest.raises(LoadError, match=r"no tickets\.parquet"):
            read_import(tmp_path)

    def test_repr_shows_counts(self) -> None:
        assert repr(self._result()) == "ImportResult(source='demo', tickets=1, events=1, rejected=1, flags=1)"


class TestInput:
    def test_json_lines_split_on_newlines_only(self, tmp_path: Path) -> None:
        file = tmp_path / "tickets.jsonl"
        file.write_text('{"id": 1, "subject": "a\u2028b"}\r\n\n{"id": 2\n', encoding="utf-8")
        entries = list(read_json_input(file, max_bytes=1 << 20))
        assert [e for e, _ in entries] == [f"{file} line 1", f"{file} line 3"]
        assert entries[0][1] == {"id": 1, "subject": "a\u2028b"}
        assert isinstance(entries[1][1], LineError)

    def test_a_folder_is_read_in_name_order(self, tmp_path: Path) -> None:
        (tmp_path / "b.json").write_text('{"tickets": []}', encoding="utf-8")
        (tmp_path / "a").mkdir()
        (tmp_path / "a" / "page.json").write_text("[1]", encoding="utf-8")
        (tmp_path / "notes.txt").write_text("skip", encoding="utf-8")
        assert [doc for _, doc in read_json_input(tmp_path, max_bytes=1 << 20)] == [[1], {"tickets": []}]

    def test_a_damaged_json_page_is_a_load_error_naming_the_file(self, tmp_path: Path) -> None:
        file = tmp_path / "page.json"
        file.write_bytes(b'{"tickets": [NaN]}')
        with pytest.raises(LoadError, match=r"page\.json"):
            list(read_json_input(file, max_bytes=1 << 20))
        file.write_bytes(b"\xff\xfe")
        with pytest.raises(LoadError, match="UTF-8"):
            list(read_json_input(file, max_bytes=1 << 20))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-11-02T09:00:00Z", dt.datetime(2026, 11, 2, 9, tzinfo=UTC)),
            ("2026-11-02T10:00:00+01:00", dt.datetime(2026, 11, 2, 9, tzinfo=UTC)),
        ],
    )
    def test_instants(self, text: str, expected: dt.datetime) -> None:
        assert iso_instant(text, "created_at") == expected

    @pytest.mark.parametrize("text", ["2026-11-02T09:00:00", "P1000000000D", "", "0001-01-01T00:00:00+01:00", 5])
    def test_not_instants(self, text: object) -> None:
        with pytest.raises(TeamcoreError, match="created_at"):
            iso_instant(text, "created_at")

    @given(st.text(max_size=40))
    def test_any_text_is_an_instant_or_a_teamcore_error(self, text: str) -> None:
        try:
            value = iso_instant(text, "at")
        except TeamcoreError:
            return
        assert value.tzinfo is UTC


def test_load_source_names_the_known_sources() -> None:
    with pytest.raises(InvalidValue) as err:
        load_source("jira", "x")
    assert err.value.field == "source"
    assert all(name in err.value.expected for name in SOURCES)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"input": 5}, "input"),
        ({"input": None}, "input"),
        ({"input": "x", "mapping": {"statuses": {}}}, "mapping"),
    ],
)
def test_load_source_refuses_wrong_types_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(WrongType) as err:
        load_source("zendesk", **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


@pytest.mark.parametrize("value", [5, None, "export/"])
def test_reconcile_refuses_what_is_not_an_import(value: object) -> None:
    from teamcore.connectors import reconcile  # noqa: PLC0415 - beside the test that needs it

    with pytest.raises(WrongType) as err:
        reconcile(value)  # type: ignore[arg-type]
    assert err.value.field == "result"


@pytest.mark.parametrize("source", ["zendesk", "freshdesk", "zammad"])
def test_a_folder_with_no_export_file_is_refused_not_read_as_zero_records(source: str, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an export\n", encoding="utf-8")
    (tmp_path / ".hidden.json").write_text("[]", encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_source(source, tmp_path)
    assert err.value.path == str(tmp_path)
    assert "no .json or .jsonl file" in str(err.value)


def test_a_fetched_folder_with_nothing_in_it_yet_is_an_empty_export(tmp_path: Path) -> None:
    (tmp_path / ".teamcore-fetch.json").write_text("{}", encoding="utf-8")
    result = load_source("zammad", tmp_path)
    assert (result.tickets.rows_in, result.events.rows_in) == (0, 0)
    assert result.ok


def test_deeply_nested_fetch_state_is_a_fetch_error(tmp_path: Path) -> None:
    """A state file json.loads cannot parse for nesting (a RecursionError before) is a FetchError naming it."""
    (tmp_path / STATE_FILE).write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(FetchError, match="nested deeper than 100") as err:
        State.open(tmp_path, "zendesk", "acme")
    assert STATE_FILE in str(err.value)
