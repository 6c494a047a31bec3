"""Helpers the connector tests share: the per-entity account of a result, and writing export files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in November 2026, UTC."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


def counts(result: Any) -> dict[str, tuple[int, int, dict[str, int], int]]:
    """Per source entity: (records in, used, ignored by reason, rejected)."""
    return {c.entity: (c.records_in, c.used, dict(c.ignored), c.rejected) for c in result.counts}


def write(folder: Path, name: str, records: object) -> None:
    """Write `records` as the JSON file `name` under `folder`, creating its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records), encoding="utf-8")
