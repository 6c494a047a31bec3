r"""Fuzz targets: the ticket and event loaders of :mod:`teamcore.kpi` on CSV, JSON lines and Parquet.

Seeds are small slices of the Northwind example (30 tickets, and the events of those tickets), written in each
format; one variant of each loader also checks members and teams against the Northwind organisation. Each target
has its own record counter, independent of the loader: Python's ``csv`` module, JSON lines split on ``\n`` and
``\r\n`` only, and the row count pyarrow reads from a Parquet file's metadata.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from fuzz._core import Target
from teamcore.kpi import load_events, load_tickets
from teamcore.people import Organisation, load_organisation

_NORTHWIND = Path(__file__).resolve().parent.parent / "examples" / "northwind"
_TICKETS = 30


def csv_records(data: bytes) -> int | None:
    """Records after the header as Python's csv module reads the text; blank lines are not records.

    ``None`` if the bytes are not UTF-8 CSV (the loader must then raise, which the verdict checks).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error:
        return None
    return max(len(rows) - 1, 0) if rows else None


def jsonl_records(data: bytes) -> int | None:
    r"""Lines of a JSON lines file, split on ``\n`` (a ``\r`` before it belongs to the line end); no trailing one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return len(lines)


def parquet_records(data: bytes) -> int | None:
    """Rows in a Parquet file's metadata, as pyarrow reads it (``None`` if pyarrow cannot read the metadata)."""
    import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - only the Parquet targets need it
    import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415

    try:
        return int(pq.ParquetFile(pa.BufferReader(data)).metadata.num_rows)
    except (OSError, ValueError, pa.ArrowException):
        return None


@functools.cache
def _org() -> Organisation:
    return load_organisation(_NORTHWIND / "organisation.toml")


@functools.cache
def _tables() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The seed slice as text: the first tickets of Northwind, and every event of those tickets."""
    tickets = pl.read_csv(_NORTHWIND / "tickets.csv", infer_schema=False).head(_TICKETS)
    events = pl.read_csv(_NORTHWIND / "events.csv", infer_schema=False)
    events = events.filter(pl.col("ticket_id").is_in(tickets["ticket_id"].to_list()))
    return tickets, events


@functools.cache
def _loaded_tickets() -> Any:
    """The seed tickets, loaded: what load_events checks its events against."""
    tickets, _ = _tables()
    return load_tickets(tickets).frame


def _csv(frame: pl.DataFrame) -> bytes:
    return frame.write_csv().encode()


def _jsonl(frame: pl.DataFrame) -> bytes:
    # Empty cells are absent values: null in JSON, as an export would write them.
    return frame.with_columns(pl.all().replace("", None)).write_ndjson().encode()


def _parquet(frame: pl.DataFrame, times: tuple[str, ...]) -> bytes:
    """Parquet with real dtypes: aware timestamps and integers, as a helpdesk's export or pandas would write."""
    frame = frame.with_columns(pl.all().replace("", None))
    typed = frame.with_columns(
        *[pl.col(c).str.to_datetime("%Y-%m-%dT%H:%M:%S%#z", time_unit="us") for c in times if c in frame.columns],
        *[pl.col(c).cast(pl.Int64) for c in ("csat_score", "nps", "ces", "handle_seconds") if c in frame.columns],
    )
    out = io.BytesIO()
    typed.write_parquet(out)
    return out.getvalue()


def _seeds(kind: str) -> dict[str, tuple[bytes, ...]]:
    tickets, events = _tables()
    frame = tickets if kind == "tickets" else events
    times = ("created_at", "solved_at") if kind == "tickets" else ("at",)
    half = frame.head(frame.height // 2)
    return {
        ".csv": (_csv(frame), _csv(half)),
        ".jsonl": (_jsonl(frame), _jsonl(half)),
        ".parquet": (_parquet(frame, times), _parquet(half, times)),
    }


_RECORDS: dict[str, Callable[[bytes], int | None]] = {
    ".csv": csv_records,
    ".jsonl": jsonl_records,
    ".parquet": parquet_records,
}


def _tickets(path: Path) -> object:
    return load_tickets(path)


def _tickets_org(path: Path) -> object:
    return load_tickets(path, members=_org())


def _events(path: Path) -> object:
    return load_events(path, _loaded_tickets())


def _events_org(path: Path) -> object:
    return load_events(path, _loaded_tickets(), members=_org())


def _targets() -> list[Target]:
    out = []
    for kind, calls in (("tickets", (_tickets, _tickets_org)), ("events", (_events, _events_org))):
        seeds = _seeds(kind)
        for suffix, records in _RECORDS.items():
            fmt = suffix.lstrip(".")
            out.append(Target(f"load_{kind}_{fmt}", suffix, seeds[suffix], calls[0], records))
        out.append(Target(f"load_{kind}_csv_org", ".csv", seeds[".csv"], calls[1], csv_records))
    return out


TARGETS = _targets()
