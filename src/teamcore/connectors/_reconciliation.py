"""The reconciliation's result: the table of vendor values beside teamcore's, its causes, and its report.

:class:`Reconciliation` holds one row per vendor value (the columns of :data:`TABLE_SCHEMA`), each with the cause
(:data:`CAUSES`) that :func:`~teamcore.connectors.reconcile` found; its views pick the differences, the rows not
compared and the unexplained ones, and it reports them as text or as JSON-ready data.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import polars as pl

from teamcore.connectors._rules import METRIC_DURATIONS

__all__ = ["CAUSES", "TABLE_SCHEMA", "Reconciliation", "fmt_minutes"]

CAUSES: Final = (
    "match",
    "rounding",
    "schedule",
    "timezone",
    "pauses",
    "definition",
    "reopen",
    "unsolved",
    "flagged",
    "unexplained",
    "no_schedule",
    "not_imported",
)
"""Every cause a :class:`Reconciliation` row can name (combinations join two with ``+``)."""

TABLE_SCHEMA: Final = {
    "ticket_id": pl.String,
    "metric": pl.String,
    "basis": pl.String,
    "vendor_minutes": pl.Float64,
    "teamcore_minutes": pl.Float64,
    "difference": pl.Float64,
    "cause": pl.String,
    "explanation": pl.String,
}
"""The columns of :attr:`Reconciliation.table` and their dtypes."""

_NOT_COMPARED: Final = ("no_schedule", "not_imported")


@attrs.frozen(kw_only=True, eq=False)
class Reconciliation:
    """The vendor's metric values beside teamcore's, ticket by ticket, with the cause of each difference.

    Attributes
    ----------
    table
        One row per vendor value: ``ticket_id, metric, basis, vendor_minutes, teamcore_minutes, difference``
        (vendor − teamcore, minutes), ``cause`` (see :data:`CAUSES`) and ``explanation`` (one sentence).
    source
        The import's source.
    tolerance_minutes
        How close an alternative rule must come to the vendor's number to explain it.
    schedules
        What business minutes were counted on, in words.
    """

    table: pl.DataFrame
    source: str
    tolerance_minutes: float
    schedules: str

    @property
    def differences(self) -> pl.DataFrame:
        """The rows compared whose values differ: every cause but ``match`` and the two of rows not compared."""
        return self.table.filter(~pl.col("cause").is_in(("match", *_NOT_COMPARED)))

    @property
    def not_compared(self) -> pl.DataFrame:
        """The vendor values teamcore has nothing to compare with (``no_schedule``, ``not_imported``)."""
        return self.table.filter(pl.col("cause").is_in(_NOT_COMPARED))

    @property
    def unexplained(self) -> pl.DataFrame:
        """The rows no rule explains, largest difference first."""
        rows = self.table.filter(pl.col("cause") == "unexplained")
        return rows.sort(pl.col("difference").abs(), descending=True, nulls_last=True)

    def counts(self) -> pl.DataFrame:
        """Rows per metric, basis and cause."""
        return self.table.group_by("metric", "basis", "cause").len("rows").sort("metric", "basis", "cause")

    def report(self, *, largest: int = 5) -> str:
        """A short text report: the counts per metric and cause, and the `largest` unexplained differences."""
        skipped = self.not_compared.height
        head = (
            f"Reconciliation with {self.source}: {self.table.height} vendor values, {self.table.height - skipped} "
            f"compared, {self.differences.height} differ, {skipped} not compared "
            f"(tolerance {self.tolerance_minutes:g} min; {self.schedules})."
        )
        lines = [head]
        by_cause = self.table.group_by("cause").len("rows").sort("rows", "cause", descending=[True, False])
        lines.append("By cause: " + ", ".join(f"{c} {n}" for c, n in by_cause.iter_rows()))
        for metric in METRIC_DURATIONS:
            part = self.table.filter(pl.col("metric") == metric)
            if part.height:
                counts = part.group_by("cause").len("rows").sort("cause")
                lines.append(f"  {metric}: " + ", ".join(f"{c} {n}" for c, n in counts.iter_rows()))
        flagged = self.table.filter(pl.col("cause") == "flagged").height
        if flagged:
            lines.append(
                f"Flagged by the import ({flagged}): no rule reproduces them; the flag says why the data is in doubt."
            )
        worst = self.unexplained.head(largest)
        if worst.height:
            lines.append(f"Largest unexplained ({self.unexplained.height} in all):")
            lines += [
                f"  ticket {r['ticket_id']} {r['metric']} ({r['basis']}): vendor {fmt_minutes(r['vendor_minutes'])}, "
                f"teamcore {fmt_minutes(r['teamcore_minutes'])} min"
                for r in worst.iter_rows(named=True)
            ]
        elif not flagged:
            lines.append("Every difference is explained.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The reconciliation as JSON-ready data: settings, counts by cause and every row."""
        return {
            "source": self.source,
            "tolerance_minutes": self.tolerance_minutes,
            "schedules": self.schedules,
            "vendor_values": self.table.height,
            "not_compared": self.not_compared.height,
            "differ": self.differences.height,
            "by_cause": dict(self.table.group_by("cause").len("rows").sort("cause").iter_rows()),
            "rows": self.table.to_dicts(),
        }

    def __repr__(self) -> str:
        return (
            f"Reconciliation(source={self.source!r}, vendor_values={self.table.height}, "
            f"differ={self.differences.height}, unexplained={self.unexplained.height})"
        )


def fmt_minutes(value: float | None) -> str:
    """Minutes as a report shows them: ``12.5``, or ``none``."""
    return "none" if value is None else f"{value:g}"
