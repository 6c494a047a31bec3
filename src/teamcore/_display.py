"""How teamcore's values show themselves in a notebook: short reprs, HTML tables, frames on the caller's engine.

Shared by every subpackage (people, scheduling, kpi, mentoring, staffing, feedback, report), so it lives at the
package root like :mod:`teamcore._frames`:

- :func:`short_repr` writes an attrs value as one line of at most :data:`MAX_REPR` characters: scalars as themselves
  (long strings cut), collections and frames as their size, nested values by their own short repr.
- :func:`html_table` and :func:`frame_html` write the HTML tables a notebook shows (escaped, as the report's are),
  :func:`svg` the figure of matplotlib axes as inline SVG.
- :func:`to_pandas` turns a polars frame into pandas, or raises :class:`~teamcore.exceptions.MissingDependency`.

Examples
--------
>>> import attrs
>>> @attrs.frozen(repr=False)
... class Box:
...     name: str
...     items: tuple[int, ...]
...     def __repr__(self) -> str:
...         return short_repr(self)
>>> Box("a" * 80, tuple(range(1000)))
Box(name='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…', items=<1000 items>)
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, Final

import attrs

from teamcore._optional import require

if TYPE_CHECKING:
    import polars as pl
    from matplotlib.axes import Axes

__all__ = ["MAX_REPR", "frame_html", "html_table", "result_html", "short_repr", "svg", "to_pandas"]

MAX_REPR: Final = 300
"""The longest repr teamcore's values give: one line a reader takes in at a glance."""

_TEXT: Final = 40
_ROWS: Final = 20


def _value(value: object) -> str:  # noqa: PLR0911 - one case a kind of value
    """One field's value, short: scalars as themselves, sizes for collections and frames."""
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, str):
        return repr(value if len(value) <= _TEXT else value[: _TEXT - 1] + "…")
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return repr(value.isoformat())
    if isinstance(value, dt.timedelta):
        return repr(str(value))
    frame = _frame(value)
    if frame is not None:
        return frame
    if attrs.has(type(value)) and type(value).__repr__ is not object.__repr__:
        text = repr(value)
        return text if len(text) <= _TEXT * 2 else f"<{type(value).__name__}>"
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):  # a numpy array
        return f"<{'×'.join(map(str, shape))} values>"
    if isinstance(value, Mapping | Sequence | frozenset | set):
        return f"<{len(value)} items>"
    text = repr(value)
    return text if len(text) <= _TEXT else f"<{type(value).__name__}>"


def _frame(value: object) -> str | None:
    """A polars or narwhals frame's size; polars and narwhals are looked up only when already imported.

    A module that was never imported cannot have made `value`, so the people and scheduling values (which need
    neither) do not load them just to show themselves.
    """
    pl_module, nw_module = sys.modules.get("polars"), sys.modules.get("narwhals")
    if pl_module is not None and isinstance(value, pl_module.DataFrame):
        return f"<{value.height}×{value.width} table>"
    if (pl_module is not None and isinstance(value, pl_module.LazyFrame)) or (
        nw_module is not None and isinstance(value, nw_module.LazyFrame | nw_module.DataFrame)
    ):
        return "<table>"
    return None


def short_repr(value: Any, **extra: object) -> str:
    """``Name(field=value, ...)`` over `value`'s attrs fields (those with ``repr=True``) and `extra`, cut to size.

    Fields whose value is their default are left out; the line never exceeds :data:`MAX_REPR` characters.
    """
    parts = []
    for field in attrs.fields(type(value)):
        if not field.repr or field.name.startswith("_"):
            continue
        current = getattr(value, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory() if not default.takes_self else attrs.NOTHING
        if default is not attrs.NOTHING and _same(current, default):
            continue
        parts.append(f"{field.name}={_value(current)}")
    parts.extend(f"{name}={_value(item)}" for name, item in extra.items())
    return _cut(f"{type(value).__name__}({', '.join(parts)})")


def _same(a: object, b: object) -> bool:
    if _frame(a) is not None or _frame(b) is not None:
        return False  # frames compare cell by cell, into another frame
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - a value that cannot compare (a frame) is shown
        return False


def _cut(text: str) -> str:
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 2] + "…)"


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return escape(value.isoformat(timespec="minutes"))
    return escape(str(value))


def html_table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "", caption: str = "", more: int = 0
) -> str:
    """An HTML ``<table>`` (every value escaped), with `title` as its caption and a note of `more` rows not shown."""
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in columns)
    body = []
    for row in rows:
        cells = "".join(
            f"<td class=num>{_cell(v)}</td>"
            if isinstance(v, int | float) and not isinstance(v, bool)
            else f"<td>{_cell(v)}</td>"
            for v in row
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(columns)}">none</td></tr>')
    notes = [caption] if caption else []
    if more:
        notes.append(f"… and {more} more rows")
    note = "".join(f'<p class="note">{escape(n)}</p>' for n in notes)
    head_html = f"<caption>{escape(title)}</caption>" if title else ""
    return f"<table>{head_html}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}"


def frame_html(frame: pl.DataFrame, *, title: str = "", caption: str = "", max_rows: int = _ROWS) -> str:
    """The first `max_rows` rows of a polars frame as :func:`html_table`, saying how many more there are."""
    shown = frame.head(max_rows)
    return html_table(frame.columns, shown.iter_rows(), title=title, caption=caption, more=frame.height - shown.height)


def result_html(value: object, *tables: tuple[str, pl.DataFrame], picture: str = "") -> str:
    """A result in a notebook: its repr in bold, then `picture` (an ``<svg>``), then each ``(title, frame)`` table."""
    body = "".join(frame_html(frame, title=title) for title, frame in tables)
    return f"<div><strong>{escape(repr(value))}</strong>{picture}{body}</div>"


def svg(ax: Axes) -> str:
    """The figure `ax` is drawn on as an inline ``<svg>`` element (no XML prolog, no metadata), the same every time."""
    from matplotlib import rc_context  # noqa: PLC0415 - the caller required the 'report' extra
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure: Any = ax.figure
    while not isinstance(figure, Figure):  # a subfigure's parent, up to the figure that can be saved
        figure = figure.figure
    with rc_context({"svg.hashsalt": "teamcore", "svg.fonttype": "none"}):
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "teamcore"})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)


def to_pandas(frame: pl.DataFrame, feature: str = ".to_pandas()") -> Any:
    """`frame` as a pandas DataFrame.

    Raises
    ------
    MissingDependency
        If pandas (or pyarrow, which polars hands the data through) is not installed.
    """
    require("pandas", "pandas", feature)
    require("pyarrow", "pandas", feature)
    return frame.to_pandas()
