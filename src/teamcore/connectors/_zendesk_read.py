"""Reading a Zendesk export into one raw frame per entity: JSON lines in bulk, paged ``.json`` record by record.

A folder may hold paged ``.json`` files as the APIs return them (each page's top-level list says the entity:
``tickets``, ``ticket_events``, ``ticket_metrics``, ``ticket_metric_events``, ``satisfaction_ratings``, ``users``;
sideloaded lists on the same page are read too) and ``.jsonl`` files with one record a line, whose name says the
entity (``tickets.jsonl``, ``ticket_events-0002.jsonl``).

Every field is read as text, as polars reads any JSON value into a text column (an object or a list becomes its
JSON text); only ``child_events`` is a list of records. So one schema reads every well-formed record, and the rules
of :mod:`teamcore.connectors._zendesk` run on one kind of frame whichever form the input had. A JSON lines file is
read by :func:`polars.read_ndjson` in one pass (audits by :mod:`teamcore.connectors._json_lines`: the same frame,
about twice as fast); if that fails (a line that is not JSON, a record that is not an object), the file is read
again line by line and only the damaged lines are rejected, each with its line number.
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

from teamcore.connectors._json_input import LineError, export_files, read_json_input
from teamcore.connectors._json_lines import read_nested_lines
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

_S, _I, _B = pl.String, pl.Int64, pl.Boolean
_MINUTES: Final = pl.Struct({"calendar": pl.Float64, "business": pl.Float64})
_CHILD: Final = pl.Struct(
    {
        "event_type": _S,
        "type": _S,
        "field_name": _S,
        "value": _S,
        "previous_value": _S,
        "status": _S,
        "priority": _S,
        "assignee_id": _I,
        "public": _B,
        "comment_public": _B,
        "author_id": _I,
    }
)
SCHEMAS: Final[Mapping[str, Mapping[str, Any]]] = {
    "tickets": {
        "id": _I,
        "created_at": _S,
        "updated_at": _S,
        "generated_timestamp": _I,
        "status": _S,
        "priority": _S,
        "requester_id": _I,
        "assignee_id": _I,
        "group_id": _I,
        "via": pl.Struct({"channel": _S}),
        "tags": pl.List(_S),
        "satisfaction_rating": pl.Struct({"score": _S}),
    },
    "ticket_events": {
        "id": _I,
        "ticket_id": _I,
        "timestamp": _I,
        "created_at": _S,
        "updater_id": _I,
        "child_events": pl.List(_CHILD),
    },
    "ticket_metrics": {
        "id": _I,
        "ticket_id": _I,
        "updated_at": _S,
        "solved_at": _S,
        **dict.fromkeys(
            (
                "reply_time_in_minutes",
                "first_resolution_time_in_minutes",
                "full_resolution_time_in_minutes",
                "requester_wait_time_in_minutes",
                "agent_wait_time_in_minutes",
                "on_hold_time_in_minutes",
            ),
            _MINUTES,
        ),
    },
    "ticket_metric_events": {
        "id": _I,
        "ticket_id": _I,
        "metric": _S,
        "instance_id": _I,
        "type": _S,
        "time": _S,
        "sla": _S,
        "status": _S,
    },
    "satisfaction_ratings": {"id": _I, "ticket_id": _I, "score": _S, "created_at": _S, "updated_at": _S},
    "users": {"id": _I, "role": _S, "updated_at": _S},
}
"""The fields read of each entity and their types; any other field is not read.

Ids are whole numbers, as Zendesk gives them (the adapter turns them into text); a field that Zendesk gives as
text, a list or an object where teamcore needs only its text (``value``, ``previous_value``, ``sla``) is text, and
polars reads any JSON value into it as its JSON text. A record whose fields do not fit is rejected by
:func:`_check`, naming the field and the value."""

_WHAT: Final = {
    _I: "a whole number (a Zendesk id or epoch seconds)",
    _B: "true or false",
    _S: "text",
    pl.Float64: "a number",
}

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
    files: list[tuple[str, str]]  # (path, "line" | "entry" | "row")
    rejects: list[Reject]
    _lines: dict[int, list[int]] = attrs.field(factory=dict)

    def entry(self, file: int, pos: int) -> str:
        """Where a record is: ``"tickets.jsonl line 12"`` or ``"tickets-0002.json entry 7"``.

        A JSON lines file read in one pass numbers its records by row; the line number is worked out here, when a
        record is named (only rejected ones are), from the file's non-blank lines, which polars reads.
        """
        path, unit = self.files[file]
        if unit == "row":
            if file not in self._lines:
                with Path(path).open("rb") as handle:
                    self._lines[file] = [n for n, line in enumerate(handle, start=1) if line.strip()]
            numbers = self._lines[file]
            return f"{path} line {numbers[pos - 1] if pos <= len(numbers) else pos}"
        return f"{path} {unit} {pos}"


def _empty(entity: str) -> pl.DataFrame:
    return pl.DataFrame(schema={**SCHEMAS[entity], FILE: pl.Int32, POS: pl.Int64})


def _entity_of_stem(stem: str) -> str | None:
    for entity in sorted(ENTITIES, key=len, reverse=True):
        if stem == entity or stem.startswith((f"{entity}-", f"{entity}.", f"{entity}_0")):
            return entity
    return None


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
    for file in export_files(base):
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
    """Why a parsed record does not fit :data:`SCHEMAS` (``None`` if it does): the first field that does not."""
    if not isinstance(record, dict):
        return f"record: expected a JSON object, got {type(record).__name__}"
    return _fits(record, SCHEMAS[entity], "")


def _fits(record: dict[str, Any], schema: Mapping[str, Any], prefix: str) -> str | None:
    for name, dtype in schema.items():
        value = record.get(name)
        if value is None or dtype == _S:
            continue
        field = f"{prefix}{name}"
        if isinstance(dtype, pl.Struct):
            if not isinstance(value, dict):
                return f"{field}: expected an object, got {_short(value)}"
            inner = _fits(value, {f.name: f.dtype for f in dtype.fields}, f"{field}.")
        elif isinstance(dtype, pl.List):
            inner = _fits_list(value, dtype.inner, field)
        else:
            inner = None if _scalar_fits(value, dtype) else f"{field}: expected {_WHAT[dtype]}, got {_short(value)}"
        if inner is not None:
            return inner
    return None


def _fits_list(value: object, inner: Any, field: str) -> str | None:
    if not isinstance(value, list):
        return f"{field}: expected a list, got {_short(value)}"
    for n, item in enumerate(value):
        if item is None:
            continue
        if isinstance(inner, pl.Struct):
            if not isinstance(item, dict):
                return f"{field}[{n}]: expected an object, got {_short(item)}"
            why = _fits(item, {f.name: f.dtype for f in inner.fields}, f"{field}[{n}].")
            if why is not None:
                return why
    return None


def _scalar_fits(value: object, dtype: Any) -> bool:
    if dtype == _B:
        return isinstance(value, bool)
    if dtype == _I:
        return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
    if dtype == pl.Float64:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return True


def _short(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


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
        frame = read_nested_lines(file, SCHEMAS[entity]) if entity == "ticket_events" else None
        if frame is None:
            frame = pl.read_ndjson(file, schema=dict(SCHEMAS[entity]))
    except Exception:  # noqa: BLE001 - a damaged line: read line by line below
        frame = None
    if frame is not None:
        raw.files[index] = (shown, "row")
        rows = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
        return frame.with_columns(pl.lit(index, pl.Int32).alias(FILE), rows.alias(POS))
    numbered = []
    for entry, record in read_json_input(file, max_bytes=max_bytes):
        pos = int(entry.rsplit(" ", 1)[1])
        why = record.reason if isinstance(record, LineError) else _check(record, entity)
        if why is None:
            numbered.append((pos, record))
        else:
            raw.rejects.append(Reject(entity, raw.entry(index, pos), why))
    return _frame(numbered, entity, index, raw)
