"""Draw a :class:`~teamcore.report.Plot` as inline SVG with matplotlib (the ``report`` extra).

matplotlib's object API is used without pyplot, so no global figure state is touched, and with a fixed SVG hash
salt and no date in the metadata, so the same plot always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs

from teamcore._optional import require
from teamcore.report._model import Cell, Plot, plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["graph_layers", "plot_svg"]

_MIN_FONT: Final = 5.0
"""Heatmap cells too small for text this size (points) show colour only."""
_LIGHT: Final = 0.45
"""Relative luminance above which a heatmap cell gets dark text, below which white."""
_GRAPH_FONT: Final = 8.5
"""Node labels of graphs, in points."""
_ROW: Final = 0.34
"""Inches between two nodes of a graph's layer: a label above a node stays below the node over it."""


def _number(value: Cell) -> float:
    raw = plain(value)  # a rate plots as its share, a rated cell as its value
    if isinstance(raw, int | float):
        return float(raw)
    return math.nan


def _label(value: float) -> str:
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"


def _heatmap(ax: Axes, plot: Plot, width: float, height: float) -> Any:
    rows = plot.data.rows
    matrix = [[_number(v) for v in row[1:]] for row in rows]
    image = ax.imshow(matrix, aspect="auto", cmap="viridis", interpolation="nearest")
    columns = plot.data.columns[1:]
    step = max(1, len(columns) // 12)
    ax.set_xticks(range(0, len(columns), step), [columns[i] for i in range(0, len(columns), step)])
    ax.set_yticks(range(len(rows)), [str(row[0]) for row in rows])
    _annotate(ax, image, matrix, width, height)
    return image


def _annotate(ax: Axes, image: Any, matrix: list[list[float]], width: float, height: float) -> None:
    """Write each cell's value on the heatmap `image` of `matrix`, dark on light cells and white on dark ones.

    The font is the largest (up to 8 pt) that fits a cell of a `width` × `height` inch figure; below 5 pt the
    cells keep their colour only.
    """
    import numpy as np  # noqa: PLC0415 - comes with matplotlib, the 'report' extra

    labels = [[_label(v) if not math.isnan(v) else "" for v in row] for row in matrix]
    widest = max((len(text) for row in labels for text in row), default=1) or 1
    # The plot area is about 80 % of the figure: each cell's size in points bounds the font that fits it.
    cell_w = 72 * 0.8 * width / max(1, max((len(row) for row in matrix), default=1))
    cell_h = 72 * 0.8 * height / max(1, len(matrix))
    size = min(8.0, cell_w / (0.62 * widest), cell_h * 0.7)
    if size < _MIN_FONT:
        return
    colours = image.to_rgba(np.asarray(matrix, dtype=float))
    for y, row in enumerate(matrix):
        for x, value in enumerate(row):
            if math.isnan(value):
                continue
            red, green, blue, _ = colours[y][x]
            light = 0.2126 * red + 0.7152 * green + 0.0722 * blue > _LIGHT
            ax.text(x, y, labels[y][x], ha="center", va="center", fontsize=size, color="#111" if light else "#fff")


def _line(ax: Axes, plot: Plot) -> None:
    xs = [str(row[0]) for row in plot.data.rows]
    series = {column: [_number(row[i]) for row in plot.data.rows] for i, column in enumerate(plot.data.columns)}
    for column in plot.data.columns[1:]:
        ax.plot(range(len(xs)), series[column], label=column, linewidth=1.5)
    if plot.shortfall is not None:
        needed, available = plot.shortfall
        _shade(ax, series[needed], series[available], f"{available} below {needed}")
    step = max(1, len(xs) // 8)
    ax.set_xticks(range(0, len(xs), step), [xs[i] for i in range(0, len(xs), step)], rotation=30, ha="right")
    ax.set_xlabel(plot.data.columns[0])
    ax.legend(frameon=False)
    ax.grid(visible=True, alpha=0.3)


def _shade(ax: Axes, need: list[float], have: list[float], label: str) -> None:
    """Shade the area between two lines drawn over ``0, 1, …`` where `have` falls below `need`."""
    short = [h < n for n, h in zip(need, have, strict=True)]
    ax.fill_between(
        range(len(need)), have, need, where=short, interpolate=True, color="#c0392b", alpha=0.45, linewidth=0,
        label=label,
    )  # fmt: skip


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


def graph_layers(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The nodes of a directed graph in layers, sources first: each node one layer past its furthest predecessor.

    Members of a cycle share a layer. Within a layer nodes are ordered by the mean place of their predecessors,
    then by name, so edges mostly run straight and the order is the same on every run.

    Examples
    --------
    >>> graph_layers([("ana", "bo"), ("ana", "cy"), ("dag", "eve"), ("bo", "fay")])
    [['ana', 'dag'], ['bo', 'cy', 'eve'], ['fay']]
    """
    import networkx as nx  # noqa: PLC0415 - only plots of graphs need it here

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    place: dict[str, float] = {}
    layers: list[list[str]] = []
    for generation in nx.topological_generations(condensed):
        nodes = [n for c in generation for n in condensed.nodes[c]["members"]]

        def rank(node: str) -> tuple[float, str]:
            before = [place[p] for p in graph.predecessors(node) if p in place]
            return (sum(before) / len(before) if before else 0.0, node)

        layer = sorted(nodes, key=rank)
        place.update((node, i) for i, node in enumerate(layer))
        layers.append(layer)
    return layers


def _text_inches(text: str) -> float:
    """A generous width of `text` in graph labels: DejaVu Sans' lower case averages under 0.62 em."""
    return 0.62 * _GRAPH_FONT * len(text) / 72


@attrs.frozen
class _GraphLayout:
    """Where a graph's nodes go (layer, row) and the figure size that keeps every label clear of the others."""

    layers: list[list[str]]
    gap: float
    left: float
    right: float

    @classmethod
    def of(cls, edges: Iterable[tuple[str, str]]) -> _GraphLayout:
        layers = graph_layers(edges)
        widest = [max(_text_inches(n) for n in layer) for layer in layers]
        # A middle layer's names are centred on its nodes: two such layers a name's width and some apart never
        # touch. The first layer's names stand to the left, the last's to the right, in their own margins.
        middle = max(widest[1:-1], default=0.0)
        return cls(layers=layers, gap=max(1.0, middle + 0.4), left=widest[0] + 0.3, right=widest[-1] + 0.3)

    @property
    def rows(self) -> int:
        return max(len(layer) for layer in self.layers)

    def size(self, width: float) -> tuple[float, float]:
        """Figure inches: at least `width` wide, and a third of an inch per node of the tallest layer."""
        last = len(self.layers) - 1
        return max(width, self.left + self.gap * last + self.right), max(2.0, 0.6 + _ROW * self.rows)


def _edges(plot: Plot) -> list[tuple[str, str]]:
    return sorted((str(row[0]), str(row[1])) for row in plot.data.rows)


def _graph(ax: Axes, edges: list[tuple[str, str]]) -> None:
    """Mentors left, mentees right (further layers for mentees who mentor), names beside their nodes."""
    import networkx as nx  # noqa: PLC0415 - only plots of graphs need it here

    layout = _GraphLayout.of(edges)
    layers, tallest = layout.layers, layout.rows
    pos = {
        node: (float(x), (tallest - len(layer)) / 2 + i)
        for x, layer in enumerate(layers)
        for i, node in enumerate(layer)
    }
    graph: nx.DiGraph[str] = nx.DiGraph(edges)
    nx.draw_networkx_edges(
        graph, pos=pos, ax=ax, node_size=120, arrows=True, arrowsize=10, edge_color="#5b6775",
        connectionstyle="arc3,rad=0.0",
    )  # fmt: skip
    nx.draw_networkx_nodes(graph, pos=pos, ax=ax, node_size=120, node_color="#9cc3e6", edgecolors="#2f5f8f")
    last = len(layers) - 1
    for x, layer in enumerate(layers):
        for node in layer:
            # Sources' names to the left, the last layer's to the right, a middle layer's just above its node.
            offset, align = ((-8, 0), "right") if x == 0 else ((8, 0), "left") if x == last else ((0, 7), "center")
            ax.annotate(
                node, pos[node], xytext=offset, textcoords="offset points", ha=align,
                va="center" if x in {0, last} else "bottom", fontsize=_GRAPH_FONT,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            )  # fmt: skip
    # In layer steps, the margins are left/gap and right/gap whatever the figure's width: a wider one spreads all.
    ax.set_xlim(-layout.left / layout.gap, last + layout.right / layout.gap)
    ax.set_ylim(tallest - 0.5, -0.5)
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
    elif plot.kind == "graph" and rows:
        width, height = _GraphLayout.of(_edges(plot)).size(width)
    with rc_context({"svg.hashsalt": "teamcore", "svg.fonttype": "none", "font.size": 9}):
        figure = Figure(figsize=(width, height), layout="constrained")
        ax = figure.add_subplot()
        if not rows:
            ax.text(0.5, 0.5, "no data", ha="center", va="center")
            ax.set_axis_off()
        elif plot.kind == "heatmap":
            figure.colorbar(_heatmap(ax, plot, width, height), ax=ax, shrink=0.8)
        elif plot.kind == "line":
            _line(ax, plot)
        elif plot.kind == "bar":
            _bar(ax, plot)
        else:
            _graph(ax, _edges(plot))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "teamcore"})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    from html import escape  # noqa: PLC0415

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(plot.alt)}" ', 1)
