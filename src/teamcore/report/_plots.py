"""Draw a :class:`~teamcore.report.Plot` as inline SVG with matplotlib (the ``report`` extra).

matplotlib's object API is used without pyplot, so no global figure state is touched, and with a fixed SVG hash
salt and no date in the metadata, so the same plot always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING, Any

from teamcore._optional import require
from teamcore.report._model import Cell, Plot, plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_svg"]


def _number(value: Cell) -> float:
    raw = plain(value)  # a rate plots as its share, a rated cell as its value
    if isinstance(raw, int | float):
        return float(raw)
    return math.nan


def _heatmap(ax: Axes, plot: Plot) -> Any:
    rows = plot.data.rows
    matrix = [[_number(v) for v in row[1:]] for row in rows]
    image = ax.imshow(matrix, aspect="auto", cmap="viridis", interpolation="nearest")
    columns = plot.data.columns[1:]
    step = max(1, len(columns) // 12)
    ax.set_xticks(range(0, len(columns), step), [columns[i] for i in range(0, len(columns), step)])
    ax.set_yticks(range(len(rows)), [str(row[0]) for row in rows])
    return image


def _line(ax: Axes, plot: Plot) -> None:
    xs = [str(row[0]) for row in plot.data.rows]
    for i, column in enumerate(plot.data.columns[1:], start=1):
        ax.plot(range(len(xs)), [_number(row[i]) for row in plot.data.rows], label=column, linewidth=1.5)
    step = max(1, len(xs) // 8)
    ax.set_xticks(range(0, len(xs), step), [xs[i] for i in range(0, len(xs), step)], rotation=30, ha="right")
    ax.set_xlabel(plot.data.columns[0])
    ax.legend(frameon=False)
    ax.grid(visible=True, alpha=0.3)


def _bar(ax: Axes, plot: Plot) -> None:
    labels = [str(row[0]) for row in plot.data.rows]
    values = [_number(row[1]) for row in plot.data.rows]
    positions = list(range(len(labels)))
    ax.barh(positions, values, color="#3b6ea8", label=plot.data.columns[1])
    if len(plot.data.columns) > 2:
        targets = [_number(row[2]) for row in plot.data.rows]
        ax.scatter(targets, positions, marker="|", s=300, color="#c0392b", label=plot.data.columns[2], zorder=3)
    if plot.data.units()[1] == "ratio":  # rates are shares: the axis reads them as percents
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.legend(frameon=False)
    ax.grid(visible=True, axis="x", alpha=0.3)


def _graph(ax: Axes, plot: Plot) -> None:
    import networkx as nx  # noqa: PLC0415 - only plots of graphs need it here

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from((str(row[0]), str(row[1])) for row in plot.data.rows)
    pos = nx.spring_layout(graph, seed=7)
    nx.draw_networkx(graph, pos=pos, ax=ax, node_size=300, font_size=7, node_color="#9cc3e6", arrows=True)
    ax.set_axis_off()


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
            figure.colorbar(_heatmap(ax, plot), ax=ax, shrink=0.8)
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
