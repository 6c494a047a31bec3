"""What every helpdesk adapter shares: the mapping of source values, the ledger of records, and the import result.

An adapter reads one helpdesk's export (Zendesk, Freshdesk, Zammad, django-helpdesk) and turns it into teamcore's
canonical tickets and events tables (:mod:`teamcore.kpi`). Each source record is *accounted for*: it is used (it
became canonical rows), ignored (it carries nothing a KPI reads, with the reason: a notification, a tag change) or
rejected (with the entry and the reason). For every source entity, ``records_in == used + ignored + rejected``.
The canonical rows then go through :func:`teamcore.kpi.load_tickets` and :func:`teamcore.kpi.load_events`, whose own
rejections are kept in :attr:`ImportResult.tickets` and :attr:`ImportResult.events`.

Integrity problems that do not make a record unusable (a ``solved_at`` that disagrees with the events, a merged
ticket, events out of order in the file) become :class:`Flag` entries: counted and explained, never a silent change
in a number.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import polars as pl

from teamcore import _documents
from teamcore._rows import LoadResult, read_limited
from teamcore.exceptions import InvalidValue, LoadError, Problem, ValidationError, WrongType
from teamcore.kpi import PRIORITIES, STATUSES, load_events, load_tickets

__all__ = [
    "EVENTS_FILE",
    "REPORT_FILE",
    "ROLES",
    "TICKETS_FILE",
    "VENDOR_EVENTS_FILE",
    "VENDOR_METRICS_FILE",
    "VENDOR_METRIC_SCHEMA",
    "ConnectorMapping",
    "EntityCount",
    "Flag",
    "ImportResult",
    "Ledger",
    "SourceRejection",
    "LineError",
    "canonical_frame",
    "entity_files",
    "export_files",
    "iso_instant",
    "normal_key",
    "read_import",
    "read_json_input",
    "vendor_metrics_frame",
]

ROLES: Final = ("agent", "customer", "system")
"""Who wrote a message or made a change: an agent (a member), the customer (requester or CC), or the system."""

TICKETS_FILE: Final = "tickets.parquet"
EVENTS_FILE: Final = "events.parquet"
VENDOR_METRICS_FILE: Final = "vendor_metrics.parquet"
VENDOR_EVENTS_FILE: Final = "vendor_events.parquet"
REPORT_FILE: Final = "load-report.json"

_KINDS: Final = {"statuses": STATUSES, "priorities": PRIORITIES, "channels": None, "roles": ROLES}


def _table(value: object, field: str, targets: tuple[str, ...] | None) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "a table of source value = teamcore value")
    out: dict[str, str] = {}
    for key, target in value.items():
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise WrongType(f"{field} key", key, "a source value (text or a whole number)")
        if not isinstance(target, str) or not target.strip():
            raise WrongType(f"{field}[{key!r}]", target, "a non-empty text")
        if targets is not None and target not in targets:
            raise InvalidValue(f"{field}[{key!r}]", target, f"one of {', '.join(targets)}")
        out[normal_key(key)] = target
    return out


def _statuses(value: object) -> Mapping[str, str]:
    return _table(value, "statuses", STATUSES)


def _priorities(value: object) -> Mapping[str, str]:
    return _table(value, "priorities", PRIORITIES)


def _channels(value: object) -> Mapping[str, str]:
    return _table(value, "channels", None)


def _roles(value: object) -> Mapping[str, str]:
    return _table(value, "roles", ROLES)


def normal_key(value: object) -> str:
    """The key a source value is looked up by: text stripped and lower-cased; whole numbers as their digits.

    Helpdesk exports give statuses and priorities as numbers (django-helpdesk, Freshdesk) or as text in any case
    (Zammad's ``"Open"``); one key form lets one mapping serve all. A float with a whole value (``2.0``, as JSON
    readers may give) counts as that whole number.

    Examples
    --------
    >>> normal_key(" Open "), normal_key(2), normal_key(2.0)
    ('open', '2', '2')
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().lower()


@attrs.frozen
class ConnectorMapping:
    """How one source's values become teamcore's: statuses, priorities, channels and roles.

    Each table maps a source value (looked up by :func:`normal_key`: case-insensitive text, or a whole number) to a
    teamcore value. Every adapter has a documented default (``DEFAULT_MAPPING`` in its module);
    :meth:`updated` overrides entries, :meth:`from_file` reads overrides from TOML or JSON.

    Parameters
    ----------
    statuses
        Source status → one of :data:`teamcore.kpi.STATUSES`.
    priorities
        Source priority → one of :data:`teamcore.kpi.PRIORITIES`.
    channels
        Source channel or origin → a channel name (free text, such as ``email``). A channel absent here is kept
        as the source gives it, lower-cased.
    roles
        Source role or author type → ``agent``, ``customer`` or ``system``.

    Raises
    ------
    WrongType
        If a table is not a mapping of text to text.
    InvalidValue
        If a status, priority or role maps to a value teamcore does not know, naming it and the choices.

    Examples
    --------
    >>> m = ConnectorMapping(statuses={"Open": "open", 4: "closed"}, priorities={"P1": "urgent"})
    >>> m.status(4, "status"), m.status("OPEN", "status")
    ('closed', 'open')
    >>> m.updated(priorities={"p1": "high"}).priorities
    {'p1': 'high'}
    """

    statuses: Mapping[str, str] = attrs.field(factory=dict, converter=_statuses)
    priorities: Mapping[str, str] = attrs.field(factory=dict, converter=_priorities)
    channels: Mapping[str, str] = attrs.field(factory=dict, converter=_channels)
    roles: Mapping[str, str] = attrs.field(factory=dict, converter=_roles)

    def updated(self, **tables: Mapping[str, str]) -> ConnectorMapping:
        """A copy with the entries of `tables` (``statuses=``, ``priorities=``, ``channels=``, ``roles=``) added.

        Raises
        ------
        InvalidValue
            For a table name that is not one of the four.
        """
        unknown = sorted(set(tables) - set(_KINDS))
        if unknown:
            raise InvalidValue("mapping table", unknown[0], f"one of {', '.join(_KINDS)}")
        merged = {kind: {**getattr(self, kind), **dict(tables.get(kind, {}))} for kind in _KINDS}
        return ConnectorMapping(**merged)

    def with_overrides(self, overrides: ConnectorMapping | None) -> ConnectorMapping:
        """A copy of this mapping (an adapter's default) with the entries of `overrides` on top; itself when ``None``.

        Examples
        --------
        >>> default = ConnectorMapping(priorities={"1": "urgent", "2": "high"})
        >>> default.with_overrides(ConnectorMapping(priorities={"2": "normal"})).priorities
        {'1': 'urgent', '2': 'normal'}
        """
        return self if overrides is None else self.updated(**overrides.as_dict())

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], base: ConnectorMapping | None = None) -> ConnectorMapping:
        """Read overrides (``[statuses]``, ``[priorities]``, ``[channels]``, ``[roles]`` tables) onto `base`.

        Raises
        ------
        LoadError
            If the file cannot be read or parsed, or an entry is invalid (naming the path and the entry).
        """
        fmt_tag = "teamcore-mapping/1"

        def parse(data: object, source: str) -> tuple[ConnectorMapping | None, list[Problem]]:
            table, problems = _documents.top_table(data, source, tag=fmt_tag, keys=("format", *_KINDS))
            if table is None or problems:
                return None, problems
            try:
                tables = {k: v for k, v in table.items() if k != "format"}
                return (base or cls()).updated(**tables), []
            except ValidationError as err:
                return None, [_documents.problem(source, "", err)]

        return _documents.load_document(path, format=None, max_bytes=1024 * 1024, parse=parse)

    def status(self, value: object, field: str) -> str:
        """The teamcore status of a source status. Raises :class:`InvalidValue` naming `field` if unmapped."""
        return self._look("statuses", value, field)

    def priority(self, value: object, field: str) -> str:
        """The teamcore priority of a source priority. Raises :class:`InvalidValue` naming `field` if unmapped."""
        return self._look("priorities", value, field)

    def role(self, value: object, field: str) -> str:
        """The role of a source author type. Raises :class:`InvalidValue` naming `field` if unmapped."""
        return self._look("roles", value, field)

    def channel(self, value: object) -> str | None:
        """The channel of a source channel: mapped, else the source's own name lower-cased; ``None`` if empty."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        key = normal_key(value)
        return self.channels.get(key, key)

    def _look(self, kind: str, value: object, field: str) -> str:
        table: Mapping[str, str] = getattr(self, kind)
        if value is None or isinstance(value, bool | dict | list):
            raise InvalidValue(field, value, f"a source value the {kind} mapping knows ({_known(table)})")
        found = table.get(normal_key(value))
        if found is None:
            raise InvalidValue(field, value, f"a source value the {kind} mapping knows ({_known(table)})")
        return found

    def as_dict(self) -> dict[str, dict[str, str]]:
        """The four tables as plain dictionaries (for the load report)."""
        return {kind: dict(getattr(self, kind)) for kind in _KINDS}


def _known(table: Mapping[str, str]) -> str:
    keys = sorted(table)
    shown = ", ".join(repr(k) for k in keys[:12])
    return shown + (", …" if len(keys) > 12 else "") if keys else "none: the table is empty"


@attrs.frozen
class SourceRejection:
    """A source record an adapter could not use, and why.

    Attributes
    ----------
    entity
        The source's kind of record: ``tickets``, ``ticket_events``, ``conversations``, ``followups``…
    entry
        Where it is: the file and its position (``"tickets.jsonl line 12"``, ``"page 3 entry 7"``).
    reason
        What was wrong, naming the field, the value and what was expected.
    ticket_id
        The ticket it belongs to, when known.
    record
        The record as read (not compared, not shown in the repr).
    """

    entity: str
    entry: str
    reason: str
    ticket_id: str | None = None
    record: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class Flag:
    """A doubt about a ticket that did not stop it loading: counted and explained, never silent.

    Attributes
    ----------
    ticket_id
        The ticket.
    code
        A stable short name for the kind of doubt (``solved_at_disagrees``, ``merged``, ``out_of_order``…).
    reason
        One sentence: what was found and what teamcore did about it.
    """

    ticket_id: str
    code: str
    reason: str


@attrs.frozen
class EntityCount:
    """How the records of one source entity were accounted for: ``records_in == used + ignored + rejected``.

    Attributes
    ----------
    entity
        The source's kind of record.
    records_in
        Records read.
    used
        Records that became canonical rows.
    ignored
        Records that carry nothing a KPI reads, by reason (reason → count).
    rejected
        Records rejected (each is a :class:`SourceRejection`).
    """

    entity: str
    records_in: int
    used: int
    ignored: Mapping[str, int]
    rejected: int

    def __attrs_post_init__(self) -> None:
        total = self.used + sum(self.ignored.values()) + self.rejected
        if total != self.records_in:
            raise InvalidValue(
                f"{self.entity}.records_in", self.records_in, f"used + ignored + rejected = {total} records"
            )


class Ledger:
    """The running account of one import: adapters call it for every record they read (private to connectors).

    Parameters
    ----------
    source
        The adapter's name (``zendesk``).
    origin
        The input's path or name.
    """

    def __init__(self, source: str, origin: str) -> None:
        self.source = source
        self.origin = origin
        self._seen: Counter[str] = Counter()
        self._used: Counter[str] = Counter()
        self._ignored: dict[str, Counter[str]] = {}
        self.rejections: list[SourceRejection] = []
        self.flags: list[Flag] = []

    def seen(self, entity: str, count: int = 1) -> None:
        """Count `count` records of `entity` read."""
        self._seen[entity] += count

    def used(self, entity: str, count: int = 1) -> None:
        """Count `count` records of `entity` that became canonical rows."""
        self._used[entity] += count

    def ignore(self, entity: str, reason: str, count: int = 1) -> None:
        """Count `count` records of `entity` that carry nothing a KPI reads, for `reason`."""
        self._ignored.setdefault(entity, Counter())[reason] += count

    def reject(
        self, entity: str, entry: str, reason: str, *, ticket_id: object = None, record: Mapping[str, Any] | None = None
    ) -> None:
        """Record that a record of `entity` at `entry` was rejected for `reason`."""
        shown = None if ticket_id is None else str(ticket_id)
        self.rejections.append(SourceRejection(entity, entry, reason, shown, dict(record or {})))

    def flag(self, ticket_id: object, code: str, reason: str) -> None:
        """Record a doubt about a ticket that still loads."""
        self.flags.append(Flag(str(ticket_id), code, reason))

    def counts(self) -> tuple[EntityCount, ...]:
        """One :class:`EntityCount` per entity seen, in the order first seen."""
        rejected = Counter(r.entity for r in self.rejections)
        return tuple(
            EntityCount(
                entity,
                self._seen[entity],
                self._used[entity],
                dict(sorted(self._ignored.get(entity, Counter()).items())),
                rejected[entity],
            )
            for entity in self._seen
        )

    def finish(
        self,
        tickets: pl.DataFrame | Iterable[Mapping[str, Any]],
        events: pl.DataFrame | Iterable[Mapping[str, Any]],
        mapping: ConnectorMapping,
        *,
        vendor_metrics: pl.DataFrame | None = None,
    ) -> ImportResult:
        """Load the canonical rows through teamcore's loaders and return the :class:`ImportResult`."""
        ticket_frame = tickets if isinstance(tickets, pl.DataFrame) else canonical_frame(tickets, _TICKET_SCHEMA)
        event_frame = events if isinstance(events, pl.DataFrame) else canonical_frame(events, _EVENT_SCHEMA)
        loaded_tickets = load_tickets(ticket_frame)
        loaded_events = load_events(event_frame, loaded_tickets.frame)
        return ImportResult(
            source=self.source,
            origin=self.origin,
            tickets=loaded_tickets,
            events=loaded_events,
            counts=self.counts(),
            rejected=tuple(self.rejections),
            flags=tuple(self.flags),
            mapping=mapping,
            vendor_metrics=vendor_metrics,
        )


_UTC = pl.Datetime("us", "UTC")
_TICKET_SCHEMA: Final[dict[str, Any]] = {
    "ticket_id": pl.String,
    "created_at": _UTC,
    "channel": pl.String,
    "priority": pl.String,
    "requester": pl.String,
    "assignee": pl.String,
    "team": pl.String,
    "status": pl.String,
    "solved_at": _UTC,
    "satisfaction": pl.String,
    "csat_score": pl.Int64,
    "handle_seconds": pl.Int64,
    "topic": pl.String,
}
_EVENT_SCHEMA: Final[dict[str, Any]] = {
    "ticket_id": pl.String,
    "at": _UTC,
    "kind": pl.String,
    "actor": pl.String,
    "from_status": pl.String,
    "to_status": pl.String,
    "value": pl.String,
}


def canonical_frame(rows: Iterable[Mapping[str, Any]], schema: Mapping[str, Any]) -> pl.DataFrame:
    """Rows (dicts whose datetimes are aware) as a polars frame with the canonical columns and dtypes."""
    columns: dict[str, list[Any]] = {name: [] for name in schema}
    for row in rows:
        for name, values in columns.items():
            values.append(row.get(name))
    return pl.DataFrame(columns, schema=dict(schema))


VENDOR_METRIC_SCHEMA: Final[dict[str, Any]] = {
    "ticket_id": pl.String,
    "metric": pl.String,
    "basis": pl.String,
    "minutes": pl.Float64,
    "source_field": pl.String,
}
"""The columns of :attr:`ImportResult.vendor_metrics`: one row per ticket × metric × basis."""


def vendor_metrics_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """The source's own metric values as the :attr:`ImportResult.vendor_metrics` frame.

    Each row has ``ticket_id``, ``metric`` (``reply_time``, ``first_resolution_time``, ``full_resolution_time``,
    ``requester_wait_time``, ``agent_wait_time``, ``on_hold_time``), ``basis`` (``calendar`` or ``business``),
    ``minutes`` (``None`` when the source gives none) and ``source_field`` (the source's own field name).
    """
    return canonical_frame(rows, VENDOR_METRIC_SCHEMA)


def iso_instant(value: object, field: str) -> dt.datetime:
    """An ISO 8601 instant with an offset or ``Z`` (as every helpdesk API gives them), as an aware UTC datetime.

    Raises
    ------
    WrongType
        If `value` is not text.
    InvalidValue
        If it is not an ISO instant with an offset, naming `field` and the value.
    """
    if not isinstance(value, str):
        raise WrongType(field, value, "an ISO 8601 instant with a UTC offset, such as '2026-11-02T09:00:00Z'")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidValue(field, value, "an ISO 8601 instant with a UTC offset, such as '2026-11-02T09:00:00Z'")
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        raise InvalidValue(field, value, "an instant between years 1 and 9999 in UTC") from None


@attrs.frozen(kw_only=True)
class ImportResult:
    """One helpdesk export as teamcore's tickets and events, with the account of every source record.

    Attributes
    ----------
    source
        The adapter (``zendesk``, ``freshdesk``, ``zammad``, ``django-helpdesk``).
    origin
        The input read (a path, a folder, a database URL without its password).
    tickets
        The canonical tickets, as :func:`teamcore.kpi.load_tickets` loaded them (its rejections included).
    events
        The canonical events, as :func:`teamcore.kpi.load_events` loaded them.
    counts
        Per source entity, how its records were accounted for.
    rejected
        Every source record not used, with the entry and the reason.
    flags
        Doubts about tickets that still loaded.
    mapping
        The mapping used.
    vendor_metrics
        The source's own metric values per ticket, when it carries them (for :mod:`teamcore.connectors` 's
        reconciliation), else ``None``.
    vendor_events
        The source's own metric events (Zendesk's Ticket Metric Events: when each clock started, paused, was
        fulfilled or breached, and the SLA applied), when it carries them, else ``None``.
    """

    source: str
    origin: str
    tickets: LoadResult[Any]
    events: LoadResult[Any]
    counts: tuple[EntityCount, ...]
    rejected: tuple[SourceRejection, ...]
    flags: tuple[Flag, ...]
    mapping: ConnectorMapping
    vendor_metrics: pl.DataFrame | None = attrs.field(default=None, eq=False)
    vendor_events: pl.DataFrame | None = attrs.field(default=None, eq=False)

    @property
    def ok(self) -> bool:
        """Whether nothing was rejected, at the source or by the canonical loaders (flags do not count)."""
        return not self.rejected and self.tickets.ok and self.events.ok

    def report(self) -> dict[str, Any]:
        """The load report as JSON-ready data: counts in and out, rejections by reason, flags, the mapping used."""
        return {
            "source": self.source,
            "origin": self.origin,
            "entities": [
                {
                    "entity": c.entity,
                    "records_in": c.records_in,
                    "used": c.used,
                    "ignored": dict(c.ignored),
                    "rejected": c.rejected,
                }
                for c in self.counts
            ],
            "rejected_by_reason": _by_reason(f"{r.entity}: {_reason_class(r.reason)}" for r in self.rejected),
            "rejected": [
                {"entity": r.entity, "entry": r.entry, "ticket_id": r.ticket_id, "reason": r.reason}
                for r in self.rejected
            ],
            "canonical": {
                "tickets": _load_summary(self.tickets),
                "events": _load_summary(self.events),
            },
            "flags_by_code": _by_reason(f.code for f in self.flags),
            "flags": [{"ticket_id": f.ticket_id, "code": f.code, "reason": f.reason} for f in self.flags],
            "mapping": self.mapping.as_dict(),
        }

    def write(self, folder: str | os.PathLike[str]) -> tuple[Path, ...]:
        """Write ``tickets.parquet``, ``events.parquet``, the load report and any vendor metrics and events.

        The folder is created if missing. :func:`read_import` (and ``teamcore kpi --tickets FOLDER``) reads it back.

        Returns
        -------
        tuple of Path
            The files written.

        Raises
        ------
        LoadError
            If the folder cannot be created or written, naming it.
        """
        out = Path(folder)
        try:
            out.mkdir(parents=True, exist_ok=True)
            written = [out / TICKETS_FILE, out / EVENTS_FILE, out / REPORT_FILE]
            _collect(self.tickets.frame).write_parquet(written[0])
            _collect(self.events.frame).write_parquet(written[1])
            written[2].write_text(json.dumps(self.report(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            if self.vendor_metrics is not None:
                written.append(out / VENDOR_METRICS_FILE)
                self.vendor_metrics.write_parquet(written[-1])
            if self.vendor_events is not None:
                written.append(out / VENDOR_EVENTS_FILE)
                self.vendor_events.write_parquet(written[-1])
        except OSError as err:
            shown = str(out)
            raise LoadError(shown, [Problem(shown, "", "", f"cannot write: {err.strerror or err}")]) from None
        return tuple(written)

    def __repr__(self) -> str:
        return (
            f"ImportResult(source={self.source!r}, tickets={self.tickets.loaded}, events={self.events.loaded}, "
            f"rejected={len(self.rejected) + len(self.tickets.rejected) + len(self.events.rejected)}, "
            f"flags={len(self.flags)})"
        )


def _collect(frame: Any) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def _reason_class(reason: str) -> str:
    """A reason without its value, so that rejections group: ``"status: expected …"`` up to ``", got"``."""
    return reason.split(", got ", 1)[0]


def _by_reason(reasons: Iterable[str]) -> dict[str, int]:
    return dict(Counter(reasons).most_common())


def _load_summary(result: LoadResult[Any]) -> dict[str, Any]:
    return {
        "rows_in": result.rows_in,
        "loaded": result.loaded,
        "rejected": [{"row": r.row, "reason": r.reason} for r in result.rejected],
        "warnings": list(result.warnings),
    }


def read_import(folder: str | os.PathLike[str]) -> tuple[Path, Path | None]:
    """The tickets and events files of a folder written by :meth:`ImportResult.write` (events ``None`` if absent).

    Raises
    ------
    LoadError
        If the folder has no ``tickets.parquet``, naming the folder and what it holds.
    """
    base = Path(folder)
    tickets = base / TICKETS_FILE
    if not tickets.is_file():
        shown = str(base)
        raise LoadError(
            shown, [Problem(shown, "", "", f"no {TICKETS_FILE} in this folder; expected a `teamcore import` output")]
        )
    events = base / EVENTS_FILE
    return tickets, events if events.is_file() else None


def read_json_input(path: str | os.PathLike[str], *, max_bytes: int) -> Iterator[tuple[str, Any]]:
    r"""The JSON documents of an export: one file, a JSON lines file, or a folder of them (sorted by name).

    Yields ``(entry, document)``: for a ``.json`` file the whole document (``"pages/0002.json"``); for a
    ``.jsonl`` file each line (``"tickets.jsonl line 12"``), split on ``\n`` only. A line that is not JSON is
    yielded as a :class:`LineError` with the reason, for the adapter to reject; blank lines are skipped.

    Raises
    ------
    LoadError
        If a path cannot be read, or a ``.json`` file is not JSON (naming the file).
    """
    base = Path(path)
    files = export_files(base)
    for file in files:
        data = read_limited(file, max_bytes)
        shown = str(file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise LoadError(shown, [Problem(shown, "", "", f"not UTF-8 (byte {err.start})")]) from None
        if file.suffix == ".jsonl":
            for number, line in enumerate(_lines(text), start=1):
                if not line.strip():
                    continue
                yield f"{shown} line {number}", _json_or_error(line)
        else:
            doc = _json_or_error(text)
            if isinstance(doc, LineError):
                raise LoadError(shown, [Problem(shown, "", "", doc.reason)])
            yield shown, doc


def export_files(base: Path) -> list[Path]:
    """The ``.json`` and ``.jsonl`` files under the folder `base`, sorted by path (or ``[base]`` for a file).

    Hidden files and folders (a name starting with ``.``) are skipped: they are not the helpdesk's records but
    tools' own, such as the fetcher's state file ``.teamcore-fetch.json`` (:func:`teamcore.connectors.fetch`).
    """
    if not base.is_dir():
        return [base]
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file()
        and p.suffix in {".json", ".jsonl"}
        and not any(part.startswith(".") for part in p.relative_to(base).parts)
    )


def entity_files(path: str | os.PathLike[str], entities: Mapping[str, str]) -> list[tuple[str, Path]]:
    """The ``.json`` and ``.jsonl`` files of an export, each with the source entity it holds, sorted by path.

    REST exports are folders of pages (``tickets_0001.json``) or of per-ticket files (``conversations/42.json``):
    a file holds the entity its name starts with, or, inside a folder, the entity the folder right under `path` is
    named for. `entities` maps each accepted name (``"articles"``) to its entity (``"ticket_articles"``); the
    longest name that matches wins. A single file is matched by its own name.

    Raises
    ------
    LoadError
        If `path` does not exist, or a file names no entity (naming the file and the names accepted).
    """
    base = Path(path)
    shown = str(base)
    if not base.exists():
        raise LoadError(shown, [Problem(shown, "", "", "no such file or folder")])
    files = export_files(base)
    names = sorted(entities, key=len, reverse=True)
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for file in files:
        first = file.relative_to(base).parts[0] if base.is_dir() else file.name
        key = first.lower()
        entity = next((entities[n] for n in names if key.startswith(n)), None)
        if entity is None:
            expected = ", ".join(f"{n}*" for n in sorted(entities))
            problems.append(Problem(str(file), "", "file name", f"expected a name starting {expected}, got {first!r}"))
        else:
            found.append((entity, file))
    if problems:
        raise LoadError(shown, problems)
    return found


class LineError:
    """A JSON line that could not be parsed, with the reason (yielded by :func:`read_json_input`)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        yield line.removesuffix("\r")


def _json_or_error(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        return LineError(f"invalid JSON: {err.msg} (line {err.lineno} column {err.colno})")
    except ValueError as err:
        return LineError(f"invalid JSON: {err}")
    except RecursionError:
        return LineError("invalid JSON: nested too deeply")


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")
