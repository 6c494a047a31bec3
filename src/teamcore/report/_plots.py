"""Draw a :class:`~teamcore.report.Plot` as inline SVG with matplotlib (the ``report`` extra).

The drawings themselves are :mod:`teamcore._plotting`'s, shared with the ``.plot()`` of results. matplotlib's object
API is used without pyplot, so no global figure state is touched, and with a fixed SVG hash salt and no date in the
metadata, so the same plot always gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from teamcore._optional import require
from teamcore._plotting import bars, graph, heatmap, lines, number
from teamcore.report._model import Plot

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_svg"]


def _heatmap(ax: Axes, plot: Plot) -> None:
    rows = plot.data.rows
    matrix = [[number(v) for v in row[1:]] for row in rows]
    heatmap(ax, [str(row[0]) for row in rows], plot.data.columns[1:], matrix)


def _line(ax: Axes, plot: Plot) -> None:
    series = {
        column: [number(row[i]) for row in plot.data.rows] for i, column in enumerate(plot.data.columns[1:], start=1)
    }
    lines(ax, [str(row[0]) for row in plot.data.rows], series, plot.data.columns[0])


def _bar(ax: Axes, plot: Plot) -> None:
    rows, columns = plot.data.rows, plot.data.columns
    targets = [number(row[2]) for row in rows] if len(columns) > 2 else None
    labels, values = [str(row[0]) for row in rows], [number(row[1]) for row in rows]
    bars(ax, labels, values, columns[1], targets=targets, target_label=columns[2] if targets is not None else "")


def _graph(ax: Axes, plot: Plot) -> None:
    graph(ax, ((str(row[0]), str(row[1])) for row in plot.data.rows))


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
    with rc_context({"svg.hashsalt": "teamcore", "svg.fonttype": "none", "font.size": 9}):
        figure = Figure(figsize=(width, height), layout="constrained")
        ax = figure.add_subplot()
        if not rows:
            ax.text(0.5, 0.5, "no data", ha="center", va="center")
            ax.set_axis_off()
        elif plot.kind == "heatmap":
            _heatmap(ax, plot)
        elif plot.kind == "line":
            _line(ax, plot)
        elif plot.kind == "bar":
            _bar(ax, plot)
        else:
            _graph(ax, plot)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "teamcore"})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    from html import escape  # noqa: PLC0415

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(plot.alt)}" ', 1)
