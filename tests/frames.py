"""Tables teamcore hands back on the caller's engine, read back into polars so tests compare them with ``equals``."""

from __future__ import annotations

import warnings
from typing import Any

import narwhals as nw
import polars as pl


def collected(result: Any, like: pl.DataFrame | None = None) -> pl.DataFrame:
    """`result` (polars, lazy polars, pandas, PyArrow, DuckDB or Dask) as a polars DataFrame.

    pandas has no date type and no integer null, so its tables come back with datetimes and floats: with `like`,
    the columns are cast to `like`'s schema and pandas' NaN read as null, so only a difference of value fails.
    """
    if isinstance(result, pl.LazyFrame):
        out = result.collect()
    elif isinstance(result, pl.DataFrame):
        out = result
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # narwhals announces that Dask moves to a plug-in
            frame = nw.from_native(result)
            implementation = frame.implementation
            if implementation.is_dask():
                out = pl.from_pandas(result.compute())
            elif implementation.is_pandas():
                out = pl.from_pandas(result)
            else:
                out = (frame.collect() if isinstance(frame, nw.LazyFrame) else frame).to_polars()
    zoned = [n for n, d in out.schema.items() if isinstance(d, pl.Datetime) and d.time_zone == "Etc/UTC"]
    out = out.with_columns(pl.col(n).dt.convert_time_zone("UTC") for n in zoned)
    if like is None:
        return out
    out = out.select(like.columns).cast(dict(like.schema))
    return out.with_columns(pl.col(n).fill_nan(None) for n, d in out.schema.items() if d.is_float())
