"""An import from tables already in teamcore's canonical shape, with the vendor's metric values beside them.

Not every helpdesk reaches teamcore through an adapter: a warehouse may already hold the canonical tickets and
events (a dbt model over Fivetran's Zendesk tables, say) and the vendor's own numbers. :func:`import_tables` makes
of them the :class:`~teamcore.connectors.ImportResult` an adapter would give, so that
:func:`~teamcore.connectors.reconcile` compares them the same way; :func:`read_vendor_metrics` reads the vendor's
numbers from a CSV, JSON lines or Parquet file in the schema of :data:`VENDOR_METRIC_COLUMNS`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs
import polars as pl

from teamcore._rows import loads_json
from teamcore.connectors._import_result import (
    EVENTS_FILE,
    REPORT_FILE,
    VENDOR_METRICS_FILE,
    Flag,
    ImportResult,
    read_import,
)
from teamcore.connectors._mapping import ConnectorMapping
from teamcore.connectors._reconcile import VENDOR_METRIC_COLUMNS
from teamcore.exceptions import LoadError, Problem, WrongType
from teamcore.kpi import load_events, load_tickets, read_table

__all__ = ["import_tables", "read_import_result", "read_vendor_metrics"]


def read_vendor_metrics(path: str | os.PathLike[str]) -> pl.DataFrame:
    """Read vendor metric values (``ticket_id, metric, basis, minutes, source_field``) from a file.

    An empty ``minutes`` is a value the vendor does not give (null).

    Raises
    ------
    LoadError
        If the file cannot be read, lacks a column, or a ``minutes`` value is not a number: every problem, with the
        path and the row.

    Examples
    --------
    >>> frame = read_vendor_metrics("tests/connectors/data/reconcile/canonical/vendor_metrics.csv")
    >>> frame.columns, frame.height
    (['ticket_id', 'metric', 'basis', 'minutes', 'source_field'], 108)
    """
    shown = str(path)
    raw = read_table(path)
    missing = [c for c in VENDOR_METRIC_COLUMNS if c not in raw.columns]
    if missing:
        raise LoadError(shown, [Problem(shown, "", c, "missing column") for c in missing])
    text = raw.select(pl.col(c).cast(pl.String) for c in VENDOR_METRIC_COLUMNS)
    minutes = text["minutes"].str.strip_chars().replace("", None)
    numbers = minutes.cast(pl.Float64, strict=False)
    problems = [
        Problem(shown, f"row {i + 2}", "minutes", f"expected a number of minutes or nothing, got {value!r}")
        for i, (value, number) in enumerate(zip(minutes.to_list(), numbers.to_list(), strict=True))
        if value is not None and number is None
    ]
    if problems:
        raise LoadError(shown, problems)
    return text.with_columns(numbers.alias("minutes"))


def import_tables(
    tickets: Any,
    events: Any,
    *,
    vendor_metrics: pl.DataFrame | str | os.PathLike[str] | None = None,
    source: str = "tables",
    origin: str | None = None,
) -> ImportResult:
    """An :class:`ImportResult` from canonical tickets and events (paths or DataFrames) and the vendor's metrics.

    Parameters
    ----------
    tickets, events
        What :func:`teamcore.kpi.load_tickets` and :func:`teamcore.kpi.load_events` read; their rejections are
        kept in the result.
    vendor_metrics
        A frame or file in the schema of :data:`VENDOR_METRIC_COLUMNS`, or ``None``.
    source
        A name for the source (``zendesk`` when the tables came from Zendesk).
    origin
        Where the tables came from; by default the folder of `tickets` when it is a path (where
        :func:`~teamcore.connectors.reconcile` looks for ``schedules*.json``).

    Examples
    --------
    >>> folder = "tests/connectors/data/reconcile/canonical"
    >>> result = import_tables(f"{folder}/tickets.csv", f"{folder}/events.csv")
    >>> result.tickets.loaded, result.events.loaded
    (8, 28)
    """
    loaded = load_tickets(tickets)
    loaded_events = load_events(events, loaded.frame)
    if isinstance(vendor_metrics, str | os.PathLike):
        vendor_metrics = read_vendor_metrics(vendor_metrics)
    if origin is None:
        origin = str(Path(tickets).parent) if isinstance(tickets, str | os.PathLike) else ""
    return ImportResult(
        source=source,
        origin=origin,
        tickets=loaded,
        events=loaded_events,
        counts=(),
        rejected=(),
        flags=(),
        mapping=ConnectorMapping(),
        vendor_metrics=vendor_metrics,
    )


def read_import_result(folder: str | os.PathLike[str]) -> ImportResult:
    """A folder :meth:`ImportResult.write` wrote, read back as the result it was written from.

    :func:`reconcile` takes it, so that an import folder is reconciled without going back to the source.

    The tickets and events go through teamcore's loaders again; the vendor metrics, the flags, the source and
    the origin (where the schedules are looked for) come from the folder's files. The source's own rejections
    and per-entity counts are not kept in a form to rebuild: ``counts`` and ``rejected`` are those of the
    canonical tables read back.

    Raises
    ------
    WrongType
        If `folder` is not a path.
    LoadError
        If the folder is not an import, or its load report cannot be read or is not one
        :meth:`ImportResult.write` writes (naming the file).
    """
    if not isinstance(folder, str | os.PathLike):
        raise WrongType("folder", folder, "a path to an import folder")
    base = Path(folder)
    tickets, events = read_import(base)
    report_path = base / REPORT_FILE
    shown = str(report_path)
    try:
        report: Any = loads_json(report_path.read_text(encoding="utf-8"))
        source, origin = str(report["source"]), str(report["origin"])
        flags = tuple(Flag(str(f["ticket_id"]), str(f["code"]), str(f["reason"])) for f in report.get("flags", []))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        what = err.strerror if isinstance(err, OSError) else f"not a load report `teamcore import` writes ({err})"
        raise LoadError(shown, [Problem(shown, "", "", str(what))]) from None
    if events is None:
        raise LoadError(
            str(base), [Problem(str(base), "", "", f"no {EVENTS_FILE}; expected a `teamcore import` output")]
        )
    metrics_path = base / VENDOR_METRICS_FILE
    metrics = read_table(metrics_path) if metrics_path.is_file() else None
    result = import_tables(tickets, events, vendor_metrics=metrics, source=source, origin=origin)
    return attrs.evolve(result, flags=flags)
