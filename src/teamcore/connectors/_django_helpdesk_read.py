"""Reading a django-helpdesk installation's records: a SQLite file, a PostgreSQL URL, or ``dumpdata`` JSON.

All three give the same plain records: one dictionary per row, keyed by the *column* names the Django models
create (``id``, ``ticket_id``, ``assigned_to_id`` …), with the values as the source holds them (SQLite text
timestamps and 0/1 booleans, PostgreSQL aware datetimes, ``dumpdata``'s ISO text). The adapter
(:mod:`teamcore.connectors._django_helpdesk`) parses the values; this module only reads. Django is never imported:
the table names are those of the models' ``_meta.db_table`` in django-helpdesk 2.6 (the tests check them against
the installed models).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import attrs

from teamcore._optional import require
from teamcore.connectors._json_input import LineError, read_json_input
from teamcore.connectors._ledger import Ledger
from teamcore.exceptions import LoadError, Problem

__all__ = ["ENTITIES", "TABLES", "Records", "read_records"]

TABLES: Final = {
    "queues": "helpdesk_queue",
    "users": "auth_user",
    "tickets": "helpdesk_ticket",
    "followups": "helpdesk_followup",
    "ticketchanges": "helpdesk_ticketchange",
}
"""Each entity the adapter reads and the table its django-helpdesk (or Django auth) model creates."""

ENTITIES: Final = tuple(TABLES)

_COLUMNS: Final = {
    "queues": ("id", "slug"),
    "users": ("id", "username", "is_staff"),
    "tickets": ("id", "created", "modified", "status", "priority", "queue_id", "assigned_to_id"),
    "followups": ("id", "ticket_id", "date", "public", "user_id", "new_status", "comment"),
    "ticketchanges": ("id", "followup_id", "field", "old_value", "new_value"),
}
"""The columns the adapter needs from each table; a database without one of them is not django-helpdesk's."""

_MODELS: Final = {
    "helpdesk.queue": "queues",
    "auth.user": "users",
    "helpdesk.ticket": "tickets",
    "helpdesk.followup": "followups",
    "helpdesk.ticketchange": "ticketchanges",
}
"""``dumpdata``'s model labels → entity."""

_FOREIGN: Final = {
    "tickets": ("queue", "assigned_to", "merged_to", "kbitem"),
    "followups": ("ticket", "user"),
    "ticketchanges": ("followup",),
    "queues": ("default_owner",),
}
"""``dumpdata`` names a foreign key by its field (``queue``); the table by its column (``queue_id``)."""

MAX_DUMP_BYTES: Final = 2 * 1024**3
"""The largest ``dumpdata`` file read (2 GiB)."""


@attrs.frozen
class Records:
    """The rows of each entity as ``(entry, record)`` pairs, and the input's name as shown in reports.

    `entry` says where a row is: ``"helpdesk_ticket id 7"`` in a database, ``"dump.json entry 12"`` in a dump.
    """

    origin: str
    rows: Mapping[str, tuple[tuple[str, Mapping[str, Any]], ...]]


def read_records(source: str | os.PathLike[str], ledger: Ledger) -> Records:
    """The records of a SQLite file, a ``postgresql://`` URL or a ``dumpdata`` JSON file (or folder of them).

    Records of a dump that are not one of the five models are counted (entity ``other_records``, ignored); dump
    entries that are not ``{"model", "pk", "fields"}`` objects are rejected (entity ``dump_entries``).

    Raises
    ------
    LoadError
        If the input cannot be read, is not a django-helpdesk database or dump, or lacks a table or column the
        adapter needs (naming the input, the table and the column).
    MissingDependency
        For a PostgreSQL URL without the ``postgres`` extra (psycopg) installed.
    """
    text = os.fspath(source)
    if text.startswith(("postgresql://", "postgres://")):
        return _read_postgres(text)
    path = Path(text)
    if path.is_file() and _is_sqlite(path):
        return _read_sqlite(path)
    if path.suffix in {".json", ".jsonl"} or path.is_dir():
        return _read_dump(path, ledger)
    shown = str(path)
    raise LoadError(
        shown,
        [
            Problem(
                shown,
                "",
                "",
                "not a django-helpdesk input: expected a SQLite database file, a postgresql:// URL, "
                "or `manage.py dumpdata helpdesk auth.user` JSON (a .json file)",
            )
        ],
    )


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _entry(table: str, index: int, record: Mapping[str, Any]) -> str:
    key = record.get("id")
    return f"{table} id {key}" if key is not None else f"{table} row {index}"


def _check_columns(origin: str, table: str, entity: str, columns: Iterable[str]) -> None:
    missing = sorted(set(_COLUMNS[entity]) - set(columns))
    if missing:
        raise LoadError(
            origin,
            [
                Problem(
                    origin,
                    table,
                    missing[0],
                    f"table {table} has no column {missing[0]!r}: expected the tables django-helpdesk's models create",
                )
            ],
        )


def _read_sqlite(path: Path) -> Records:
    shown = str(path)
    rows: dict[str, tuple[tuple[str, Mapping[str, Any]], ...]] = {}
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise LoadError(shown, [Problem(shown, "", "", f"cannot open the database: {err}")]) from None
    try:
        connection.row_factory = sqlite3.Row
        for entity, table in TABLES.items():
            try:
                cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY "id"')  # noqa: S608 - a constant
                fetched = [dict(row) for row in cursor]
                names = [d[0] for d in cursor.description or ()]
            except sqlite3.Error as err:
                raise LoadError(
                    shown,
                    [Problem(shown, table, "", f"cannot read table {table}: {err} (not a django-helpdesk database?)")],
                ) from None
            _check_columns(shown, table, entity, names)
            rows[entity] = tuple((_entry(table, i, r), r) for i, r in enumerate(fetched, start=1))
    finally:
        connection.close()
    return Records(shown, rows)


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _read_postgres(url: str) -> Records:
    psycopg = require("psycopg", "postgres", "a postgresql:// input")
    rows_module = require("psycopg.rows", "postgres", "a postgresql:// input")
    shown = _hide_password(url)
    rows: dict[str, tuple[tuple[str, Mapping[str, Any]], ...]] = {}
    try:
        with psycopg.connect(url, row_factory=rows_module.dict_row) as connection:
            connection.read_only = True
            for entity, table in TABLES.items():
                try:
                    cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY "id"')  # noqa: S608 - a constant
                    fetched = list(cursor)
                    names = [d.name for d in cursor.description or ()]
                except psycopg.Error as err:
                    raise LoadError(
                        shown, [Problem(shown, table, "", f"cannot read table {table}: {_first_line(err)}")]
                    ) from None
                _check_columns(shown, table, entity, names)
                rows[entity] = tuple((_entry(table, i, r), r) for i, r in enumerate(fetched, start=1))
    except psycopg.Error as err:
        raise LoadError(shown, [Problem(shown, "", "", f"cannot read the database: {_first_line(err)}")]) from None
    return Records(shown, rows)


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def _read_dump(path: Path, ledger: Ledger) -> Records:
    found: dict[str, list[tuple[str, Mapping[str, Any]]]] = {entity: [] for entity in ENTITIES}
    for where, document in read_json_input(path, max_bytes=MAX_DUMP_BYTES):
        items: Iterator[tuple[str, object]]
        if isinstance(document, LineError):
            ledger.seen("dump_entries")
            ledger.reject("dump_entries", where, document.reason)
            continue
        if isinstance(document, list):
            items = ((f"{where} entry {i}", item) for i, item in enumerate(document, start=1))
        else:  # a JSON lines dump (dumpdata --format jsonl): one object per line
            items = iter([(where, document)])
        for entry, item in items:
            _dump_item(entry, item, found, ledger)
    return Records(str(path), {entity: tuple(found[entity]) for entity in ENTITIES})


def _dump_item(entry: str, item: object, found: dict[str, list[tuple[str, Mapping[str, Any]]]], ledger: Ledger) -> None:
    shape = "an object {'model': 'helpdesk.ticket', 'pk': 1, 'fields': {...}} as manage.py dumpdata writes"
    if not isinstance(item, dict) or not isinstance(item.get("model"), str) or not isinstance(item.get("fields"), dict):
        ledger.seen("dump_entries")
        ledger.reject("dump_entries", entry, f"entry: expected {shape}, got {_short(item)}")
        return
    entity = _MODELS.get(item["model"].lower())
    if entity is None:
        ledger.seen("other_records")
        ledger.ignore("other_records", f"model {item['model']}: not read by teamcore")
        return
    record: dict[str, Any] = dict(item["fields"])
    for name in _FOREIGN.get(entity, ()):
        if name in record:
            record[f"{name}_id"] = record.pop(name)
    record["id"] = item.get("pk")
    found[entity].append((f"{entry} ({item['model']} pk {item.get('pk')!r})", record))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
