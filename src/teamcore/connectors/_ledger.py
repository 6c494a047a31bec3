"""The ledger: the running account of one import, which adapters call for every record they read.

An adapter counts each record of each source entity as seen, then as used, ignored (with the reason) or rejected
(with the entry and the reason), and flags doubts about tickets that still load; :meth:`Ledger.finish` loads the
canonical rows through teamcore's loaders and returns the :class:`~teamcore.connectors.ImportResult`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from teamcore.connectors._canonical import EVENT_SCHEMA, TICKET_SCHEMA, canonical_frame
from teamcore.connectors._import_result import EntityCount, Flag, ImportResult, SourceRejection
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.kpi import load_events, load_tickets

__all__ = ["Ledger"]


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
        ticket_frame = tickets if isinstance(tickets, pl.DataFrame) else canonical_frame(tickets, TICKET_SCHEMA)
        event_frame = events if isinstance(events, pl.DataFrame) else canonical_frame(events, EVENT_SCHEMA)
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
