"""Draw a :class:`~teamcore.report.Plot` as inline SVG with matplotlib (the ``report`` extra).

The drawings are :mod:`teamcore._plotting`'s, the same the ``.plot()`` of results makes; this module turns a
plot's table into their data.

matplotlib's object API is used without pyplot, so no global figure state is touched, and with a fixed SVG hash
salt and no date in the metadata, so the same plot always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING

from teamcore._optional import require
from teamcore._plotting import bars, graph, graph_layers, graph_size, heatmap, lines
from teamcore.report._model import Cell, Plot, plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["graph_layers", "plot_svg"]


def _number(value: Cell) -> float:
    raw = plain(value)  # a rate plots as its share, a rated cell as its value
    if isinstance(raw, int | float):
        return float(raw)
    return math.nan


def _edges(plot: Plot) -> list[tuple[str, str]]:
    return sorted((str(row[0]), str(row[1])) for row in plot.data.rows)


def _draw(ax: Axes, plot: Plot) -> None:
    data = plot.data
    labels = [str(row[0]) for row in data.rows]
    if plot.kind == "heatmap":
        heatmap(ax, labels, data.columns[1:], [[_number(v) for v in row[1:]] for row in data.rows])
    elif plot.kind == "line":
        series = {c: [_number(row[i]) for row in data.rows] for i, c in enumerate(data.columns) if i}
        shortfall = None if plot.shortfall is None else (plot.shortfall[0], plot.shortfall[1])
        lines(ax, labels, series, data.columns[0], shortfall=shortfall)
    elif plot.kind == "bar":
        targets = [_number(row[2]) for row in data.rows] if len(data.columns) > 2 else None
        bars(
            ax, labels, [_number(row[1]) for row in data.rows], data.columns[1], targets=targets,
            target_label=data.columns[2] if targets is not None else "target", percent=data.units()[1] == "ratio",
        )  # fmt: skip
    else:
        graph(ax, _edges(plot))


def plot_svg(plot: Plot, *, width: float = 8.0, height: float = 3.6) -> str:
    """Draw `plot` and return an ``<svg>`` element (no XML prolog) carrying ``role="img"`` and the alt text.

    Raises
    ------
    MissingDependency
        If matplotlib is not installed (``pip install 'teamcore[report]'``).
    """
    require("matplotlib.figure", "report", "plots")
    from matplotlib import rc_context  # noqa: PLC0415 - the 'report' extra, checked just above
    from matplotlib.figure import Figure  # noqa: PLC0415 - the 'report' extra, checked just above

    rows = len(plot.data.rows)
    if plot.kind in {"heatmap", "bar"}:
        height = max(height, 0.6 + 0.28 * rows)
    elif plot.kind == "graph" and rows:
        width, height = graph_size(_edges(plot), width)
    with rc_context({"svg.hashsalt": "teamcore", "svg.fonttype": "none", "font.size": 9}):
        figure = Figure(figsize=(width, height), layout="constrained")
        ax = figure.add_subplot()
        if not rows:
            ax.text(0.5, 0.5, "no data", ha="center", va="center")
            ax.set_axis_off()
        else:
            _draw(ax, plot)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "teamcore"})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    from html import escape  # noqa: PLC0415

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(plot.alt)}" ', 1)
