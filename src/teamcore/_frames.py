"""Small narwhals helpers shared by the KPI, staffing and report modules: any frame in, lazy narwhals out, polars back.

:class:`Engine` remembers which engine a caller's frame came on, so a table assembled in polars goes back on it
(pandas in, pandas out; lazy polars in, lazy polars out), and :func:`polars_of` collects any of them into polars.

Also the one narwhals expression of a zone's UTC offset (:func:`zone_offset`), built from the same tz-database
transitions as the numpy vectors of :mod:`teamcore._zones`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable
from typing import Any, Final, Protocol, TypeVar

import attrs
import narwhals as nw
import polars as pl

from teamcore._time import validate_timezone
from teamcore._zones import regimes
from teamcore.exceptions import InvalidValue, WrongType

__all__ = [
    "EPOCH",
    "ColumnSpec",
    "Engine",
    "FrameT",
    "collect_all",
    "is_dask",
    "joinable",
    "lazy",
    "polars_of",
    "require",
    "seconds",
    "to_polars",
    "with_optional",
    "zone_offset",
]

EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

FrameT = TypeVar("FrameT")
"""A caller's frame type: a function taking tickets as `FrameT` returns its table as the same type (Engine)."""


class ColumnSpec(Protocol):
    """What :func:`with_optional` reads of a column description (as :class:`teamcore.kpi.Column` has)."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def required(self) -> bool: ...


def lazy(native: Any, field: str = "frame") -> nw.LazyFrame[Any]:
    """Wrap any DataFrame narwhals knows (polars, pandas, pyarrow, DuckDB, Dask, …) as a narwhals LazyFrame."""
    if isinstance(native, nw.LazyFrame):
        return native
    if isinstance(native, nw.DataFrame):
        return native.lazy()
    with warnings.catch_warnings():
        # narwhals announces that Dask support moves to a plug-in; the behaviour is unchanged.
        warnings.simplefilter("ignore", FutureWarning)
        try:
            frame = nw.from_native(native)
        except TypeError:
            raise WrongType(
                field, type(native).__name__, "a DataFrame narwhals supports (polars, pandas, pyarrow, DuckDB, Dask)"
            ) from None
    return frame.lazy() if isinstance(frame, nw.DataFrame) else frame


def is_dask(frame: nw.LazyFrame[Any]) -> bool:
    """Whether the frame runs on Dask (which lacks a few expressions: ordered windows, grouped quantiles)."""
    return bool(frame.implementation.is_dask())


def joinable(grouped: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """A ``group_by(...).agg(...)`` result that can be joined on its keys on every engine: Dask's, optimised first.

    Dask groups a frame of more than 15 partitions by shuffling on the keys (``split_out`` grows with the number of
    partitions: a ``read_parquet`` split by row groups gets there quickly), so the grouped result is known to be
    partitioned by the key. narwhals renames the aggregated columns after grouping; when a join on the key is
    lowered, dask-expr asks that rename whether its input is already partitioned by the key, looks the key up among
    columns that no longer have it, and fails with ``KeyError: "['ticket_id'] not in index"`` (dask 2026.8,
    ``RenameFrame.unique_partition_mapping_columns_from_shuffle``; the same family as dask/dask-expr#1144).
    Optimising the grouped frame on its own lowers it, rename included, into one fused expression that claims no
    partitioning, so the join shuffles both sides by the key as usual. No graph runs here (it stays lazy, and the
    names are deterministic, so queries sharing the frame still share its tasks). Other engines are unchanged.
    """
    if not grouped.implementation.is_dask():
        return grouped
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        native = grouped.to_native()
        fused = native.optimize()
        # The fused frame's meta reads pyarrow string keys back as pandas' "str": cast them to the dtypes they had.
        drift = {c: native._meta[c].dtype for c in native.columns if fused._meta[c].dtype != native._meta[c].dtype}
        return lazy(fused.astype(drift) if drift else fused)


def seconds(column: str) -> nw.Expr:
    """Epoch seconds of an aware datetime column, as float64.

    Floats are exact for whole seconds and keep nulls null even in pandas; the subtraction works on every backend
    (DuckDB has no ``dt.timestamp``).
    """
    return (nw.col(column) - nw.lit(EPOCH)).dt.total_seconds().cast(nw.Float64)


def to_polars(frame: nw.LazyFrame[Any] | nw.DataFrame[Any]) -> pl.DataFrame:
    """Collect a narwhals frame into polars, so results from every backend compare equal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        eager = frame.collect() if isinstance(frame, nw.LazyFrame) else frame
        out = eager.to_polars()
    # DuckDB returns its connection zone, Etc/UTC: the same instants, spelled as teamcore spells them.
    etc = [n for n, d in out.schema.items() if isinstance(d, pl.Datetime) and d.time_zone == "Etc/UTC"]
    return out.with_columns([pl.col(n).dt.convert_time_zone("UTC") for n in etc]) if etc else out


def collect_all(*frames: nw.LazyFrame[Any]) -> list[pl.DataFrame]:
    """Several lazy frames of one engine collected into polars together: one run of their shared plan.

    A result made of several queries over the same per-ticket facts (a KPI table's created, solved and backlog
    parts) would run the facts' plan once per query if each were collected alone. Dask gets them in one
    ``dask.compute``: one graph, optimised as a whole, so a shared sub-plan has one name, runs once on the cluster
    and only the small results come back. Polars collects them with ``pl.collect_all``, which shares common
    sub-plans too; other engines are collected one by one.
    """
    if not frames:
        return []
    first = frames[0]
    if all(f.implementation.is_dask() for f in frames):
        import dask  # noqa: PLC0415 - the frames are Dask frames, so Dask is installed

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            natives = dask.compute(*[f.to_native() for f in frames])  # type: ignore[attr-defined,no-untyped-call]
        return [to_polars(nw.from_native(native, eager_only=True)) for native in natives]
    if first.implementation.is_polars() and all(isinstance(f.to_native(), pl.LazyFrame) for f in frames):
        return pl.collect_all([f.to_native() for f in frames])
    return [to_polars(f) for f in frames]


@attrs.frozen
class Engine:
    """The engine of a caller's frame, and how to hand a polars result back on it.

    Attributes
    ----------
    implementation
        narwhals' name of the backend: ``"polars"``, ``"pandas"``, ``"pyarrow"``, ``"duckdb"``, ``"dask"``, ...
    lazy
        Whether the frame was lazy (a polars LazyFrame, a DuckDB relation, a Dask frame).
    wrapped
        Whether the caller passed a narwhals frame (the result is then a narwhals frame too).
    """

    implementation: str = "polars"
    lazy: bool = False
    wrapped: bool = False

    @classmethod
    def of(cls, native: Any) -> Engine:
        """The engine of `native`, any frame narwhals knows (or a narwhals frame); polars for anything else."""
        wrapped = isinstance(native, nw.DataFrame | nw.LazyFrame)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            try:
                frame = native if wrapped else nw.from_native(native)
            except TypeError:
                return cls()
        name = str(frame.implementation).rsplit(".", 1)[-1].lower()
        return cls(implementation=name, lazy=isinstance(frame, nw.LazyFrame), wrapped=wrapped)

    def convert(self, result: pl.DataFrame) -> Any:
        """`result` on this engine: an eager frame of an eager engine, a lazy one of a lazy engine.

        pandas (and Dask, made of pandas) gets pyarrow-backed columns, so nothing is lost on the way: dates stay
        dates and a null in an integer column stays ``<NA>``, and reading it back gives the polars table.

        Examples
        --------
        >>> import pandas as pd
        >>> engine = Engine.of(pd.DataFrame({"a": [1]}))
        >>> engine
        Engine(implementation='pandas', lazy=False, wrapped=False)
        >>> engine.convert(pl.DataFrame({"n": [2, None]}))["n"].dtype
        int64[pyarrow]
        >>> type(Engine.of(pl.LazyFrame()).convert(pl.DataFrame({"n": [2]}))).__name__
        'LazyFrame'
        """
        # narwhals checks at run time which backends each conversion takes; the types cannot say it for a name.
        backend: Any = nw.Implementation.from_backend(self.implementation)  # type: ignore[arg-type]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # narwhals announces that Dask moves to a plug-in
            if backend is nw.Implementation.POLARS:
                native: Any = result.lazy() if self.lazy else result
            elif backend is nw.Implementation.PANDAS:
                native = result.to_pandas(use_pyarrow_extension_array=True)
            elif backend is nw.Implementation.DASK:
                import dask.dataframe as dd  # noqa: PLC0415 - the caller's frame was Dask, so Dask is installed

                native = dd.from_pandas(  # type: ignore[no-untyped-call]
                    result.to_pandas(use_pyarrow_extension_array=True), npartitions=1
                )
            elif self.lazy and not (backend.is_pandas_like() or backend.is_pyarrow()):
                native = nw.from_native(result, eager_only=True).lazy(backend=backend).to_native()
            else:
                native = nw.from_arrow(result, backend=backend).to_native()
            if not self.wrapped:
                return native
            out: Any = nw.from_native(native)
            return out.lazy() if self.lazy and isinstance(out, nw.DataFrame) else out


def polars_of(native: Any, field: str = "frame") -> pl.DataFrame:
    """Any frame narwhals knows, lazy or eager, or a narwhals frame, collected into a polars DataFrame.

    Raises
    ------
    WrongType
        Naming `field`, if `native` is not a frame.
    """
    if isinstance(native, pl.DataFrame):
        return native
    return to_polars(lazy(native, field))


def require(frame: nw.LazyFrame[Any], names: Iterable[str], table: str) -> nw.LazyFrame[Any]:
    """`frame`, after checking it has the columns `names`: :class:`InvalidValue` naming `table` otherwise."""
    present = frame.collect_schema().names()
    missing = [name for name in names if name not in present]
    if missing:
        raise InvalidValue(table, present, f"a table with the column(s) {', '.join(missing)}")
    return frame


def with_optional(frame: nw.LazyFrame[Any], columns: Iterable[ColumnSpec], table: str) -> nw.LazyFrame[Any]:
    """Check the required columns of `columns` (see :func:`require`) and add each absent optional one as nulls."""
    columns = tuple(columns)
    require(frame, [c.name for c in columns if c.required], table)
    present = set(frame.collect_schema().names())
    kinds = {"string": nw.String(), "int": nw.Int64(), "datetime": nw.Datetime("us", "UTC")}
    missing = [nw.lit(None, kinds[c.kind]).alias(c.name) for c in columns if not c.required and c.name not in present]
    return frame.with_columns(*missing) if missing else frame


def zone_offset(seconds: nw.Expr, tz: str, lo: dt.datetime, hi: dt.datetime) -> nw.Expr:
    """The UTC offset of zone `tz` at each epoch-second instant in `seconds`, as a ``when/then`` expression.

    The chain runs over the zone's changes near ``[lo, hi)`` (a year's margin each side): every engine evaluates it
    alike.
    """
    validate_timezone(tz, "tz")
    bounds, offsets = regimes(tz, lo.year - 1, hi.year + 1)
    expr: nw.Expr = nw.lit(int(offsets[-1]))
    for bound, offset in zip(reversed(bounds.tolist()), reversed(offsets[:-1].tolist()), strict=True):
        expr = nw.when(seconds < bound).then(nw.lit(int(offset))).otherwise(expr)
    return expr
