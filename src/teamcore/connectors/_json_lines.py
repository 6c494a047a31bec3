r"""JSON lines whose records hold lists of records, read as :func:`polars.read_ndjson` reads them, about twice as fast.

polars reads a list of records inside a record (a Zendesk audit's ``child_events``) about ten times slower per
record than records one to a line. So the nested lists are taken apart first: msgspec finds each list's elements
without decoding them (``msgspec.Raw``), the elements become JSON lines of their own, and polars reads those and the
outer records flat, each with its part of the schema; the lists are put back together by row. polars decodes every
value, so the frame is the one ``polars.read_ndjson(path, schema=schema)`` gives: the same text for any JSON value in
a text field, the same first-of-repeated-keys. Neither library does this split on its own, so it is written here.

The reader declines, returning ``None`` so that the caller reads the file with polars alone, when a line is not a
JSON object, a nested list is neither a list nor null, or one of its elements is not an object; polars then raises
or reads it as it would have.

Examples
--------
>>> import polars as pl, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "audits.jsonl"
>>> _ = path.write_text('{"id": 1, "c": [{"v": 1}, {"v": "x", "w": 2}]}\n\n{"id": 2, "c": []}\n{"id": 3}\n')
>>> schema = {"id": pl.Int64, "c": pl.List(pl.Struct({"v": pl.String}))}
>>> read_nested_lines(path, schema).rows()
[(1, [{'v': '1'}, {'v': 'x'}]), (2, []), (3, None)]
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Mapping
from typing import Any

import msgspec
import numpy as np
import polars as pl

__all__ = ["read_nested_lines"]

_ROW = "__row"
_BRACE = ord("{")


def read_nested_lines(
    path: str | os.PathLike[str], schema: Mapping[str, pl.DataType], *, chunk: int = 50_000
) -> pl.DataFrame | None:
    """The file as ``polars.read_ndjson(path, schema=schema)`` reads it, or ``None`` (see the module docs).

    The file is read `chunk` lines at a time, so the raw elements of only one chunk are held at once.
    """
    parts = []
    with open(path, "rb") as handle:  # noqa: PTH123 - a plain binary read, line by line
        lines: list[bytes] = []
        for line in handle:
            if not line.isspace():
                lines.append(line)
            if len(lines) == chunk:
                parts.append(_chunk(lines, schema))
                lines = []
        if lines or not parts:
            parts.append(_chunk(lines, schema))
    if any(part is None for part in parts):
        return None
    return pl.concat([part for part in parts if part is not None], how="vertical")


def _chunk(lines: list[bytes], schema: Mapping[str, pl.DataType]) -> pl.DataFrame | None:
    nested = tuple(name for name, dtype in schema.items() if _is_records(dtype))
    flat = {name: dtype for name, dtype in schema.items() if name not in nested}
    decoder = _decoder(nested)
    try:
        lists = [decoder.decode(line) for line in lines]
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    try:
        outer = (
            pl.read_ndjson(io.BytesIO(b"".join(lines)), schema=flat) if flat and lines else pl.DataFrame(schema=flat)
        )
    except pl.exceptions.PolarsError:
        return None
    if outer.height != len(lists):
        return None
    columns = {}
    for name in nested:
        column = _records(name, [getattr(record, name) for record in lists], schema[name])  # type: ignore[arg-type]
        if column is None:
            return None
        columns[name] = column
    if not flat:
        return pl.DataFrame([columns[name] for name in schema])
    return outer.with_columns(columns.values()).select(list(schema))


def _is_records(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)


@functools.cache
def _decoder(nested: tuple[str, ...]) -> msgspec.json.Decoder[Any]:
    # Only the nested lists are decoded, and only into their elements' raw bytes; msgspec skips every other field.
    fields = [(name, list[msgspec.Raw] | None, None) for name in nested]
    return msgspec.json.Decoder(msgspec.defstruct("Lists", fields))


def _records(name: str, values: list[list[msgspec.Raw] | None], dtype: pl.List) -> pl.Series | None:
    """A list-of-records column from each row's raw elements: the elements read flat, then grouped by row."""
    elements = [element for value in values if value for element in value]
    if not all(memoryview(element)[0] == _BRACE for element in elements):
        return None  # a null or a non-object element: polars alone says what it makes of it
    lengths = np.fromiter((len(value) if value else 0 for value in values), dtype=np.int64, count=len(values))
    inner: pl.Struct = dtype.inner  # type: ignore[assignment]
    try:
        read = pl.read_ndjson(io.BytesIO(b"\n".join(elements)), schema=inner.to_schema()) if elements else None
    except pl.exceptions.PolarsError:
        return None
    if read is None:
        flat = pl.Series("__item", [], inner)
    else:
        flat = read.select(pl.struct(list(inner.to_schema())).alias("__item")).to_series()
    rows = pl.Series(_ROW, np.repeat(np.arange(len(values), dtype=np.int64), lengths))
    grouped = pl.DataFrame([rows, flat]).group_by(_ROW, maintain_order=True).agg("__item")
    missing = pl.Series("__none", [value is None for value in values], pl.Boolean)
    whole = pl.DataFrame([pl.Series(_ROW, np.arange(len(values), dtype=np.int64)), missing])
    joined = whole.join(grouped, on=_ROW, how="left", maintain_order="left")
    items = pl.col("__item").cast(dtype).fill_null(pl.lit([], dtype))
    column = pl.when(pl.col("__none")).then(pl.lit(None, dtype)).otherwise(items)
    return joined.select(column.alias(name)).to_series()
