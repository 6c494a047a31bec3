"""One Zendesk import's frames and ledger, and the accounting steps every entity's rules share.

:class:`Job` holds the export as read (:class:`~teamcore.connectors._zendesk_read.RawExport`), the mapping and the
:class:`~teamcore.connectors._ledger.Ledger`; its methods account for whole frames at once: ignore rows with a
reason, reject the rows failing a check, keep the latest version of each record, keep only the rows of kept
tickets. The polars expressions here read Zendesk's values: its instants, its keys, a value as a message shows it.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from teamcore.connectors._ledger import Ledger
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.connectors._zendesk_read import FILE, POS, RawExport

__all__ = ["DEFAULT_PRIORITY", "ISO_EXPECTED", "SYSTEM", "Job", "instant", "shown", "source_key"]

DEFAULT_PRIORITY: Final = "normal"
"""The priority of a ticket whose Zendesk priority is null (each such ticket is flagged ``priority_default``)."""

_ISO: Final = "%Y-%m-%dT%H:%M:%S%.f%#z"
ISO_EXPECTED: Final = "an ISO 8601 instant with a UTC offset, such as '2026-11-02T09:00:00Z'"
SYSTEM: Final = "-1"
"""Zendesk's system user: its comments and changes are the system's."""


def instant(column: str) -> pl.Expr:
    """An ISO 8601 text column as UTC instants (null where it is not one)."""
    return pl.col(column).str.strip_chars().str.to_datetime(_ISO, strict=False, time_zone="UTC", time_unit="us")


def source_key(column: str) -> pl.Expr:
    """A source value as :func:`~teamcore.connectors._mapping.normal_key` keys it (text stripped, lower-cased)."""
    return pl.col(column).str.strip_chars().str.to_lowercase()


def shown(column: str) -> pl.Expr:
    """A text column as a message quotes it: ``'value'``, or ``None``."""
    return pl.when(pl.col(column).is_null()).then(pl.lit("None")).otherwise(pl.lit("'") + pl.col(column) + pl.lit("'"))


class Job:
    """One import's frames and ledger (private: :func:`~teamcore.connectors._zendesk.load_zendesk` is the interface)."""

    def __init__(self, raw: RawExport, mapping: ConnectorMapping, ledger: Ledger) -> None:
        self.raw = raw
        self.mapping = mapping
        self.ledger = ledger
        self.gone: pl.DataFrame = pl.DataFrame(schema={"ticket_id": pl.String})  # deleted tickets
        self.kept: pl.DataFrame = pl.DataFrame(schema={"ticket_id": pl.String})

    # -- accounting helpers ------------------------------------------------------------------------------------

    def ignore(self, entity: str, frame: pl.DataFrame, reason: str | pl.Expr) -> None:
        if frame.is_empty():
            return
        if isinstance(reason, str):
            self.ledger.ignore(entity, reason, frame.height)
            return
        for why, count in frame.group_by(reason.alias("why")).len().iter_rows():
            self.ledger.ignore(entity, why, count)

    def reject(self, entity: str, frame: pl.DataFrame, why: str = "__why", ticket: str | None = "ticket_id") -> None:
        has_ticket = ticket is not None and ticket in frame.columns
        cols = [FILE, POS, why, *([ticket] if has_ticket and ticket else [])]
        for row in frame.select(cols).iter_rows(named=True):
            entry = self.raw.entry(row[FILE], row[POS])
            self.ledger.reject(entity, entry, row[why], ticket_id=row[ticket] if has_ticket and ticket else None)

    def split(self, entity: str, frame: pl.DataFrame, checks: list[tuple[pl.Expr, pl.Expr]]) -> pl.DataFrame:
        """Reject the rows failing a check (the first failing one gives the reason); return the others."""
        if not checks:
            return frame
        why: Any = pl.lit(None, pl.String)
        for bad, reason in reversed(checks):
            why = pl.when(bad.fill_null(value=False)).then(reason).otherwise(why)
        frame = frame.with_columns(why.alias("__why"))
        self.reject(entity, frame.filter(pl.col("__why").is_not_null()))
        return frame.filter(pl.col("__why").is_null()).drop("__why")

    def latest(self, entity: str, frame: pl.DataFrame, key: str, order: list[str]) -> pl.DataFrame:
        """Keep the last version of each `key` by `order` (then position); ignore the others as superseded."""
        frame = frame.sort([key, *order, FILE, POS], nulls_last=False)
        last = pl.col(FILE).cum_count().over(key) == pl.len().over(key)
        frame = frame.with_columns(last.alias("__last"))
        self.ignore(entity, frame.filter(~pl.col("__last")), "superseded by a later version in the export")
        return frame.filter(pl.col("__last")).drop("__last")

    def of_kept_tickets(self, entity: str, frame: pl.DataFrame, what: str) -> pl.DataFrame:
        """Ignore the rows of deleted tickets; reject those of tickets not kept; return the rest."""
        gone = frame.join(self.gone, on="ticket_id", how="semi")
        self.ignore(entity, gone, f"{what} of a ticket deleted in Zendesk")
        frame = frame.join(self.gone, on="ticket_id", how="anti")
        frame = frame.join(self.kept.with_columns(pl.lit(value=True).alias("__known")), on="ticket_id", how="left")
        frame = self.split(
            entity,
            frame,
            [
                (
                    pl.col("__known").is_null(),
                    pl.lit("ticket_id: expected a ticket the import kept (in the tickets export, not rejected), got ")
                    + shown("ticket_id"),
                )
            ],
        )
        return frame.drop("__known")

    # -- entities ----------------------------------------------------------------------------------------------
