"""The nested JSON lines reader gives polars' own frame, or declines; it never gives a different one."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.connectors._json_lines import read_nested_lines
from teamcore.connectors._zendesk_read import SCHEMAS

DATA = Path(__file__).parent / "data"
CHILD = pl.Struct({"kind": pl.String, "value": pl.String, "who": pl.Int64, "public": pl.Boolean})
SCHEMA = {"id": pl.Int64, "at": pl.String, "children": pl.List(CHILD), "tags": pl.List(pl.String)}

scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=4)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
    max_leaves=6,
)
keys = st.sampled_from(["kind", "value", "who", "public", "other"])
child = st.dictionaries(keys, values, max_size=5) | values
record = st.dictionaries(
    st.sampled_from(["id", "at", "children", "tags", "noise"]),
    values | st.lists(child, max_size=4),
    max_size=5,
)


def _polars(path: Path) -> pl.DataFrame | None:
    try:
        return pl.read_ndjson(path, schema=SCHEMA)
    except pl.exceptions.PolarsError:
        return None


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@settings(max_examples=150)
@given(st.lists(record, max_size=6), st.booleans())
@example([{"children": [{"kind": "a", "kind ": 1}, {"value": [1, "x"]}]}], True)
@example([{"children": [None]}], False)
@example([{"children": [{"who": 1.5}]}], False)
def test_same_frame_as_polars_or_declines(
    tmp_path_factory: pytest.TempPathFactory, records: list[object], blank: bool
) -> None:
    lines = [json.dumps(r) for r in records]
    if blank:
        lines.insert(len(lines) // 2, "   ")
    path = _write(tmp_path_factory.mktemp("lines") / "r.jsonl", lines)
    ours = read_nested_lines(path, SCHEMA)
    if ours is not None:
        theirs = _polars(path)
        assert theirs is not None, "read what polars refuses"
        assert ours.schema == theirs.schema
        assert ours.equals(theirs)


def test_repeated_keys_read_as_polars_reads_them(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.jsonl", ['{"id": 1, "children": [{"kind": "first", "kind": "last"}]}'])
    ours = read_nested_lines(path, SCHEMA)
    assert ours is not None
    assert ours.equals(pl.read_ndjson(path, schema=SCHEMA))


@pytest.mark.parametrize(
    "line",
    [
        '{"id": 1, "children": 5}',  # not a list
        '{"id": 1, "children": [null]}',  # a null element
        '{"id": 1, "children": [[1]]}',  # an element that is not an object
        "[1, 2]",  # not an object
        '{"id": 1',  # not JSON
    ],
)
def test_declines_what_only_polars_decides(tmp_path: Path, line: str) -> None:
    assert read_nested_lines(_write(tmp_path / "r.jsonl", [line]), SCHEMA) is None


def test_keeps_empty_null_and_missing_lists_apart(tmp_path: Path) -> None:
    lines = ['{"id": 1, "children": []}', '{"id": 2, "children": null}', '{"id": 3}', '{"id": 4, "children": [{}]}']
    frame = read_nested_lines(_write(tmp_path / "r.jsonl", lines), SCHEMA)
    assert frame is not None
    empty = {"kind": None, "value": None, "who": None, "public": None}
    assert frame["children"].to_list() == [[], None, None, [empty]]


def test_an_empty_file_is_an_empty_frame(tmp_path: Path) -> None:
    frame = read_nested_lines(_write(tmp_path / "r.jsonl", []), SCHEMA)
    assert frame is not None
    assert frame.height == 0
    assert frame.schema == pl.Schema(SCHEMA)


def test_zendesk_audits_take_this_path(tmp_path: Path) -> None:
    """The fixture's audits are read here, not declined to polars (else the speed-up would be silently lost)."""
    found = sorted(DATA.rglob("ticket_events*.jsonl"))
    assert found, "no Zendesk audit lines among the fixtures"
    for path in found:
        ours = read_nested_lines(path, SCHEMAS["ticket_events"])
        assert ours is not None, path
        assert ours.equals(pl.read_ndjson(path, schema=dict(SCHEMAS["ticket_events"])))


@settings(max_examples=40)
@given(st.lists(record, max_size=8), st.integers(1, 4))
def test_chunks_do_not_change_the_frame(
    tmp_path_factory: pytest.TempPathFactory, records: list[object], chunk: int
) -> None:
    path = _write(tmp_path_factory.mktemp("lines") / "r.jsonl", [json.dumps(r) for r in records])
    whole = read_nested_lines(path, SCHEMA, chunk=10_000)
    parts = read_nested_lines(path, SCHEMA, chunk=chunk)
    assert (whole is None) == (parts is None)
    if whole is not None and parts is not None:
        assert parts.equals(whole)
