"""The result of an import: teamcore's tickets and events with the account of every source record, and its folder.

Each source record is *accounted for*: it is used (it became canonical rows), ignored (it carries nothing a KPI
reads, with the reason: a notification, a tag change) or rejected (with the entry and the reason). For every source
entity, ``records_in == used + ignored + rejected`` (:class:`EntityCount`). The canonical rows then go through
:func:`teamcore.kpi.load_tickets` and :func:`teamcore.kpi.load_events`, whose own rejections are kept in
:attr:`ImportResult.tickets` and :attr:`ImportResult.events`.

Integrity problems that do not make a record unusable (a ``solved_at`` that disagrees with the events, a merged
ticket, events out of order in the file) become :class:`Flag` entries: counted and explained, never a silent change
in a number. :meth:`ImportResult.write` writes the tables and the load report into a folder (the file names below);
:func:`read_import` finds them again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import polars as pl

from teamcore._rows import LoadResult
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.exceptions import InvalidValue, LoadError, Problem

__all__ = [
    "EVENTS_FILE",
    "REPORT_FILE",
    "TICKETS_FILE",
    "VENDOR_EVENTS_FILE",
    "VENDOR_METRICS_FILE",
    "EntityCount",
    "IMPORT_FILES",
    "Flag",
    "ImportResult",
    "SourceRejection",
    "read_import",
]

TICKETS_FILE: Final = "tickets.parquet"
EVENTS_FILE: Final = "events.parquet"
VENDOR_METRICS_FILE: Final = "vendor_metrics.parquet"
VENDOR_EVENTS_FILE: Final = "vendor_events.parquet"
REPORT_FILE: Final = "load-report.json"
IMPORT_FILES: Final = (TICKETS_FILE, EVENTS_FILE, REPORT_FILE, VENDOR_METRICS_FILE, VENDOR_EVENTS_FILE)
"""The files :meth:`ImportResult.write` may write into an import folder (the first three always)."""


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

        The write is whole or nothing: the files go into a new folder beside `folder` (``.NAME.*.importing``),
        which is renamed to `folder` in one step when `folder` does not exist. Into an existing folder,
        ``tickets.parquet`` is removed first and moved in last, so that until every file is in place the folder is
        not an import anything accepts; import files this import does not have (an old
        ``vendor_metrics.parquet``) are removed, nothing else is. A process killed mid-write leaves at most the
        hidden staging folder, never a half import. :func:`~teamcore.connectors.read_import_result` (and
        ``teamcore kpi --tickets FOLDER``) reads it back.

        Returns
        -------
        tuple of Path
            The files written, in `folder`.

        Raises
        ------
        LoadError
            If a folder cannot be created or written, naming `folder`; the staging folder is removed.
        """
        out = Path(folder)
        staging: Path | None = None
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".importing", dir=out.parent))
            written = self._write_files(staging)
            if not out.exists():
                staging.rename(out)
                staging = None
            else:
                names = {p.name for p in written}
                (out / TICKETS_FILE).unlink(missing_ok=True)  # from here on the folder is no import until the end
                for stale in set(IMPORT_FILES) - names:
                    (out / stale).unlink(missing_ok=True)
                for path in sorted(written, key=lambda p: p.name == TICKETS_FILE):
                    path.replace(out / path.name)
        except OSError as err:
            shown = str(out)
            raise LoadError(shown, [Problem(shown, "", "", f"cannot write: {err.strerror or err}")]) from None
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
        return tuple(out / p.name for p in written)

    def _write_files(self, out: Path) -> list[Path]:
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
        return written

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
