"""Reading a Zendesk export into one raw frame per entity: JSON lines in bulk, paged ``.json`` record by record.

A folder may hold paged ``.json`` files as the APIs return them (each page's top-level list says the entity:
``tickets``, ``ticket_events``, ``ticket_metrics``, ``ticket_metric_events``, ``satisfaction_ratings``, ``users``;
sideloaded lists on the same page are read too) and ``.jsonl`` files with one record a line, whose name says the
entity (``tickets.jsonl``, ``ticket_events-0002.jsonl``).

Every field is read as text, as polars reads any JSON value into a text column (an object or a list becomes its
JSON text); only ``child_events`` is a list of records. So one schema reads every well-formed record, and the rules
of :mod:`teamcore.connectors._zendesk` run on one kind of frame whichever form the input had. A JSON lines file is
read by :func:`polars.read_ndjson` in one pass; if that fails (a line that is not JSON, a record that is not an
object), the file is read again line by line and only the damaged lines are rejected, each with its line number.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import polars as pl

from teamcore.connectors._base import LineError, read_json_input
from teamcore.exceptions import LoadError, Problem

__all__ = ["ENTITIES", "RawExport", "read_export"]

ENTITIES: Final = (
    "tickets",
    "ticket_events",
    "ticket_metrics",
    "ticket_metric_events",
    "satisfaction_ratings",
    "users",
)
"""The Zendesk entities the adapter reads, in the order they are accounted for."""

_S = pl.String
_CHILD_FIELDS: Final = (
    "id",
    "event_type",
    "type",
    "field_name",
    "value",
    "previous_value",
    "status",
    "priority",
    "assignee_id",
    "public",
    "comment_public",
    "author_id",
)
_CHILD: Final = pl.Struct(dict.fromkeys(_CHILD_FIELDS, _S))
SCHEMAS: Final[Mapping[str, Mapping[str, Any]]] = {
    "tickets": dict.fromkeys(
        (
            "id",
            "created_at",
            "updated_at",
            "generated_timestamp",
            "status",
            "priority",
            "requester_id",
            "assignee_id",
            "group_id",
            "via",
            "tags",
            "satisfaction_rating",
        ),
        _S,
    ),
    "ticket_events": {
        **dict.fromkeys(("id", "ticket_id", "timestamp", "created_at", "updater_id", "event_type"), _S),
        "child_events": pl.List(_CHILD),
    },
    "ticket_metrics": dict.fromkeys(
        (
            "id",
            "ticket_id",
            "updated_at",
            "solved_at",
            "reopens",
            "replies",
            "reply_time_in_minutes",
            "first_resolution_time_in_minutes",
            "full_resolution_time_in_minutes",
            "requester_wait_time_in_minutes",
            "agent_wait_time_in_minutes",
            "on_hold_time_in_minutes",
        ),
        _S,
    ),
    "ticket_metric_events": dict.fromkeys(
        ("id", "ticket_id", "metric", "instance_id", "type", "time", "sla", "status"), _S
    ),
    "satisfaction_ratings": dict.fromkeys(("id", "ticket_id", "score", "created_at", "updated_at"), _S),
    "users": dict.fromkeys(("id", "role", "updated_at"), _S),
}
"""The fields read of each entity (all as text but ``child_events``); any other field is not read."""

FILE: Final = "__file"
POS: Final = "__pos"


@attrs.frozen
class Reject:
    """A record the reader could not read: its entity, file index, position and the reason."""

    entity: str
    entry: str
    reason: str


@attrs.define
class RawExport:
    """The records of an export, one frame per entity, with where each came from.

    Each frame has the fields of :data:`SCHEMAS` plus ``__file`` (index into :attr:`files`) and ``__pos`` (the
    line number in a JSON lines file, the 1-based entry in a page).
    """

    frames: dict[str, pl.DataFrame]
    files: list[tuple[str, str]]  # (path, "line" | "entry")
    rejects: list[Reject]

    def entry(self, file: int, pos: int) -> str:
        """Where a record is: ``"tickets.jsonl line 12"`` or ``"tickets-0002.json entry 7"``."""
        path, unit = self.files[file]
        return f"{path} {unit} {pos}"


def _empty(entity: str) -> pl.DataFrame:
    return pl.DataFrame(schema={**SCHEMAS[entity], FILE: pl.Int32, POS: pl.Int64})


def _entity_of_stem(stem: str) -> str | None:
    for entity in sorted(ENTITIES, key=len, reverse=True):
        if stem == entity or stem.startswith((f"{entity}-", f"{entity}.", f"{entity}_0")):
            return entity
    return None


def _files(base: Path) -> list[Path]:
    if base.is_dir():
        return sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in {".json", ".jsonl"})
    return [base]


def _problem(path: str, reason: str) -> LoadError:
    return LoadError(path, [Problem(path, "", "", reason)])


def read_export(path: str | os.PathLike[str], *, max_bytes: int) -> RawExport:
    """Read every ``.json`` page and ``.jsonl`` file under `path` (or the one file `path`).

    Raises
    ------
    LoadError
        If the path does not exist, a file cannot be read or is over `max_bytes`, a ``.json`` file is not JSON or
        holds no list of a known entity, or a ``.jsonl`` file's name names no entity.
    """
    base = Path(path)
    if not base.exists():
        raise _problem(str(base), "no such file or folder; expected a Zendesk export (.json pages or .jsonl files)")
    parts: dict[str, list[pl.DataFrame]] = {entity: [] for entity in ENTITIES}
    raw = RawExport(frames={}, files=[], rejects=[])
    for file in _files(base):
        shown = str(file)
        if file.suffix == ".jsonl":
            entity = _entity_of_stem(file.stem)
            if entity is None:
                raise _problem(shown, f"a JSON lines file must be named for its entity: one of {', '.join(ENTITIES)}")
            raw.files.append((shown, "line"))
            parts[entity].append(_read_lines(file, entity, len(raw.files) - 1, max_bytes, raw))
        else:
            for _entry, page in read_json_input(file, max_bytes=max_bytes):
                raw.files.append((shown, "entry"))
                found = _page(page, shown, len(raw.files) - 1, raw)
                for entity, frame in found.items():
                    parts[entity].append(frame)
    raw.frames = {
        entity: pl.concat(frames, how="vertical") if frames else _empty(entity) for entity, frames in parts.items()
    }
    return raw


def _page(page: object, shown: str, index: int, raw: RawExport) -> dict[str, pl.DataFrame]:
    lists = (
        {key: value for key, value in page.items() if key in ENTITIES and isinstance(value, list)}
        if isinstance(page, dict)
        else {}
    )
    if not lists:
        raise _problem(shown, f"expected a Zendesk API page with a list of one of {', '.join(ENTITIES)}")
    out = {}
    for entity, records in lists.items():
        numbered = []
        for pos, record in enumerate(records, start=1):
            why = _check(record, entity)
            if why is None:
                numbered.append((pos, record))
            else:
                raw.rejects.append(Reject(entity, raw.entry(index, pos), why))
        out[entity] = _frame(numbered, entity, index, raw)
    return out


def _check(record: object, entity: str) -> str | None:
    """Why a parsed record cannot be read into :data:`SCHEMAS` (``None`` if it can)."""
    if not isinstance(record, dict):
        return f"record: expected a JSON object, got {type(record).__name__}"
    if entity == "ticket_events":
        children = record.get("child_events")
        if children is not None and not (isinstance(children, list) and all(isinstance(c, dict) for c in children)):
            return f"child_events: expected a list of objects, got {json.dumps(children)[:80]}"
    return None


def _frame(numbered: list[tuple[int, Any]], entity: str, index: int, raw: RawExport) -> pl.DataFrame:
    """Checked records as a frame: read together, or one by one if polars refuses the batch."""
    if not numbered:
        return _empty(entity)
    schema = dict(SCHEMAS[entity])
    try:
        frame = _ndjson(b"\n".join(json.dumps(r).encode() for _, r in numbered), schema)
        positions = [pos for pos, _ in numbered]
    except Exception:  # noqa: BLE001 - polars raises several kinds; each record is then tried alone
        frames, positions = [], []
        for pos, record in numbered:
            try:
                frames.append(_ndjson(json.dumps(record).encode(), schema))
                positions.append(pos)
            except Exception as err:  # noqa: BLE001
                raw.rejects.append(Reject(entity, raw.entry(index, pos), f"record: cannot be read ({err})"[:200]))
        frame = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return frame.with_columns(pl.lit(index, pl.Int32).alias(FILE), pl.Series(POS, positions, pl.Int64))


def _ndjson(data: bytes, schema: Mapping[str, Any]) -> pl.DataFrame:
    return pl.read_ndjson(io.BytesIO(data), schema=dict(schema))


def _read_lines(file: Path, entity: str, index: int, max_bytes: int, raw: RawExport) -> pl.DataFrame:
    """A JSON lines file in one pass; on failure, line by line with the damaged lines rejected."""
    shown = str(file)
    try:
        size = file.stat().st_size
    except OSError as err:
        raise _problem(shown, f"cannot read the file: {err.strerror or err}") from None
    if size > max_bytes:
        raise _problem(shown, f"file is {size} bytes; the limit is {max_bytes}")
    try:
        frame = pl.read_ndjson(file, schema=dict(SCHEMAS[entity]))
    except Exception:  # noqa: BLE001 - a damaged line: read line by line below
        frame = None
    if frame is not None:
        return frame.with_columns(
            pl.lit(index, pl.Int32).alias(FILE), pl.Series(POS, _line_numbers(file, frame.height))
        )
    numbered = []
    for entry, record in read_json_input(file, max_bytes=max_bytes):
        pos = int(entry.rsplit(" ", 1)[1])
        why = record.reason if isinstance(record, LineError) else _check(record, entity)
        if why is None:
            numbered.append((pos, record))
        else:
            raw.rejects.append(Reject(entity, raw.entry(index, pos), why))
    return _frame(numbered, entity, index, raw)


def _line_numbers(file: Path, rows: int) -> pl.Series:
    """The line number of each record: row + 1, unless blank lines (which polars skips) shift them.

    Lines are counted in chunks, so a large file is not held in memory twice; only a file with blank lines is
    scanned line by line.
    """
    lines, last = 0, b"\n"
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"
    if lines == rows:
        return pl.Series(POS, range(1, rows + 1), pl.Int64)
    with file.open("rb") as handle:
        numbers = [n for n, line in enumerate(handle, start=1) if line.strip()]
    return pl.Series(POS, numbers[:rows], pl.Int64)
