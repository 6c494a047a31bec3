"""Reading one REST export's records: pages of JSON arrays into records, and typed fields of one record.

Helpdesk REST APIs return pages of JSON arrays (Freshdesk, Zammad) or objects holding one (Zammad's ticket
history: ``{"history": [...], "assets": {...}}``). :func:`records` turns a file into ``(entry, record)`` pairs and
counts everything it cannot turn into a record (a page that is not an array, a line that is not JSON, an element
that is not an object) as a rejection in the :class:`~teamcore.connectors._ledger.Ledger`, so that
``records_in == used + ignored + rejected`` holds from the first byte.

The field readers raise :class:`~teamcore.exceptions.ValidationError` naming the field, the value and what was
expected; an adapter catches it per record and rejects that record with the message as its reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from teamcore.connectors._canonical import iso_instant
from teamcore.connectors._json_input import LineError, read_json_input
from teamcore.connectors._ledger import Ledger
from teamcore.exceptions import InvalidValue, WrongType

__all__ = [
    "MAX_FILE_BYTES",
    "boolean",
    "ident",
    "instant",
    "minutes_between",
    "number",
    "optional_ident",
    "optional_instant",
    "records",
    "scalar",
    "table",
]

MAX_FILE_BYTES: Final = 512 * 1024 * 1024
"""The largest export file an adapter reads (one page or one JSON lines file)."""

Record = Mapping[str, Any]


def records(
    entity: str, file: Path, ledger: Ledger, *, key: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Iterator[tuple[str, Record]]:
    """The records of one export file: each element of a page (a JSON array), or each line of a JSON lines file.

    A ``.json`` page is an array of objects; with `key`, it may also be an object holding that array under `key`.
    A JSON lines file holds one object per line, or (with `key`) one such page per line. Every element is counted
    as seen; what is not an object (or a page of the wrong shape, or a line that is not JSON) is rejected at once
    with its entry and the reason.
    """
    lines = file.suffix == ".jsonl"
    for entry, doc in read_json_input(file, max_bytes=max_bytes):
        if isinstance(doc, LineError):
            ledger.seen(entity)
            ledger.reject(entity, entry, doc.reason)
            continue
        items = doc
        if key is not None and isinstance(doc, Mapping) and isinstance(doc.get(key), list):
            items = doc[key]
        elif lines and isinstance(doc, Mapping):
            items = [doc]
        if not isinstance(items, list):
            ledger.seen(entity)
            shape = f"a JSON array of {entity}" + (f" or an object with a {key!r} array" if key else "")
            ledger.reject(entity, entry, f"page: expected {shape}, got {type(doc).__name__}")
            continue
        for number, item in enumerate(items, start=1):
            ledger.seen(entity)
            where = entry if lines and len(items) == 1 else f"{entry} entry {number}"
            if not isinstance(item, Mapping):
                ledger.reject(entity, where, f"record: expected a JSON object, got {type(item).__name__}")
                continue
            yield where, item


def ident(record: Record, field: str) -> str:
    """A required id (a whole number or a non-empty text) as text."""
    value = record.get(field)
    if value is None:
        raise InvalidValue(field, value, "an id (a whole number or a text)")
    return _id(value, field)


def optional_ident(record: Record, field: str) -> str | None:
    """An optional id as text, ``None`` when absent or null."""
    value = record.get(field)
    return None if value is None else _id(value, field)


def _id(value: object, field: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise WrongType(field, value, "an id (a whole number or a text)")
    shown = str(value).strip()
    if not shown:
        raise InvalidValue(field, value, "a non-empty id")
    return shown


def instant(record: Record, field: str) -> dt.datetime:
    """A required ISO 8601 instant with an offset, as aware UTC."""
    return iso_instant(record.get(field), field)


def optional_instant(record: Record, field: str) -> dt.datetime | None:
    """An optional ISO 8601 instant, ``None`` when absent or null."""
    value = record.get(field)
    return None if value is None else iso_instant(value, field)


def boolean(record: Record, field: str) -> bool:
    """A JSON boolean; absent or null counts as ``False``."""
    value = record.get(field)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise WrongType(field, value, "true or false")
    return value


def number(record: Record, field: str) -> float | None:
    """An optional JSON number (not a boolean), ``None`` when absent or null."""
    value = record.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongType(field, value, "a number or null")
    if not math.isfinite(value):
        raise InvalidValue(field, value, "a finite number")
    return float(value)


def scalar(record: Record, field: str) -> str | int | float | None:
    """An optional code or name (text or a number, not a boolean, list or object), ``None`` when absent or null."""
    value = record.get(field)
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        return value
    raise WrongType(field, value, "a code or a name (a number or a text) or null")


def table(record: Record, field: str) -> Record:
    """An optional JSON object; absent or null gives an empty one."""
    value = record.get(field)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a JSON object or null")
    return value


def minutes_between(start: dt.datetime, end: dt.datetime | None) -> float | None:
    """Minutes from `start` to `end` (``None`` when `end` is)."""
    return None if end is None else (end - start).total_seconds() / 60
