"""The drawings every plot of teamcore is made of: a heatmap, lines, bars and a directed graph, with matplotlib.

The report's plots (:mod:`teamcore.report`) and the ``.plot()`` of results (``Coverage.plot``, ``TicketFacts.plot``,
``MatchResult.plot``, ...) draw with these same functions, so a plot in a notebook is the plot in the HTML report:
values on heatmap cells, a shortfall shaded between two lines, rates on a percent axis, graphs laid out in layers
with readable names. matplotlib is the ``report`` extra: :func:`axes` imports it, through
:func:`teamcore._optional.require`, only when a plot is asked for. pyplot is never used, so no global figure state
is touched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from teamcore._optional import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["axes", "bars", "graph", "graph_layers", "graph_size", "heatmap", "lines", "number"]

_MIN_FONT: Final = 5.0
"""Heatmap cells too small for text this size (points) show colour only."""
_LIGHT: Final = 0.45
"""Relative luminance above which a heatmap cell gets dark text, below which white."""
_GRAPH_FONT: Final = 8.5
"""Node labels of graphs, in points."""
_ROW: Final = 0.34
"""Inches between two nodes of a graph's layer: a label above a node stays below the node over it."""


def number(value: object) -> float:
    """A cell as a float for plotting: numbers as themselves, anything else (``None``, text) as NaN."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


def _label(value: float) -> str:
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"


def axes(ax: Axes | None, feature: str, *, width: float = 8.0, height: float = 3.6) -> Axes:
    """`ax`, or the axes of a new figure of `width` × `height` inches (not registered with pyplot).

    Raises
    ------
    MissingDependency
        If matplotlib is not installed; the message names `feature` and the ``report`` extra.
    """
    require("matplotlib.figure", "report", feature)
    if ax is not None:
        return ax
    from matplotlib.figure import Figure  # noqa: PLC0415 - the 'report' extra, checked just above

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure.add_subplot()


def heatmap(ax: Axes, rows: Sequence[str], columns: Sequence[str], matrix: Sequence[Sequence[float]]) -> Any:
    """A heatmap of `matrix` (one list per row), rows labelled `rows`, at most 12 column labels; its colorbar.

    Each cell shows its value where the cells are large enough for readable text (see :func:`_annotate`).
    """
    values = [list(r) for r in matrix]
    image = ax.imshow(values, aspect="auto", cmap="viridis", interpolation="nearest")
    step = max(1, len(columns) // 12)
    ax.set_xticks(range(0, len(columns), step), [columns[i] for i in range(0, len(columns), step)])
    ax.set_yticks(range(len(rows)), list(rows))
    figure = ax.get_figure(root=True)
    width, height = figure.get_size_inches() if figure is not None else (8.0, 3.6)
    _annotate(ax, image, values, float(width), float(height))
    return ax.figure.colorbar(image, ax=ax, shrink=0.8)


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


def lines(
    ax: Axes,
    xs: Sequence[str],
    series: Mapping[str, Sequence[float]],
    xlabel: str,
    *,
    shortfall: tuple[str, str] | None = None,
) -> None:
    """One line per entry of `series` over the labels `xs` (at most 8 shown), with a legend and a light grid.

    With `shortfall` ``(needed, available)``, two names of `series`, the area where available falls below needed
    is shaded.
    """
    for label, values in series.items():
        ax.plot(range(len(xs)), list(values), label=label, linewidth=1.5)
    if shortfall is not None:
        needed, available = shortfall
        _shade(ax, list(series[needed]), list(series[available]), f"{available} below {needed}")
    step = max(1, len(xs) // 8)
    ax.set_xticks(range(0, len(xs), step), [xs[i] for i in range(0, len(xs), step)], rotation=30, ha="right")
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False)
    ax.grid(visible=True, alpha=0.3)


def _shade(ax: Axes, need: list[float], have: list[float], label: str) -> None:
    """Shade the area between two lines drawn over ``0, 1, …`` where `have` falls below `need`."""
    short = [h < n for n, h in zip(need, have, strict=True)]
    ax.fill_between(
        range(len(need)), have, need, where=short, interpolate=True, color="#c0392b", alpha=0.45, linewidth=0,
        label=label,
    )  # fmt: skip


def bars(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    label: str,
    *,
    targets: Sequence[float] | None = None,
    target_label: str = "target",
    percent: bool = False,
) -> None:
    """Horizontal bars of `values`, first label on top; `targets`, if given, as red markers.

    With `percent`, the values are shares from 0 to 1 and the axis reads them as percents.
    """
    positions = list(range(len(labels)))
    ax.barh(positions, list(values), color="#3b6ea8", label=label)
    if targets is not None:
        ax.scatter(list(targets), positions, marker="|", s=300, color="#c0392b", label=target_label, zorder=3)
    if percent:
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    ax.set_yticks(positions, list(labels))
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


def graph_size(edges: Iterable[tuple[str, str]], width: float) -> tuple[float, float]:
    """The figure size (inches, at least `width` wide) at which :func:`graph` keeps every name of `edges` clear."""
    return _GraphLayout.of(sorted(edges)).size(width)


def graph(ax: Axes, edges: Iterable[tuple[str, str]]) -> None:
    """A directed graph in layers, each name beside its node and clear of the others.

    Sources are on the left and their targets on the right, with further layers for targets that are sources too
    (mentors left, mentees right). :func:`graph_size` gives the figure size that keeps the names clear.
    """
    edges = sorted(edges)
    if not edges:
        ax.text(0.5, 0.5, "no relations", ha="center", va="center")
        ax.set_axis_off()
        return
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
