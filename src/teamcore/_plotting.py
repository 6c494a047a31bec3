"""The drawings every plot of teamcore is made of: a heatmap, lines, bars and a directed graph, with matplotlib.

The report's plots (:mod:`teamcore.report`) and the ``.plot()`` of results (``Coverage.plot``, ``TicketFacts.plot``,
``MatchResult.plot``, ...) draw with these same functions, so a plot in a notebook is the plot in the HTML report.
matplotlib is the ``report`` extra: :func:`axes` imports it, through :func:`teamcore._optional.require`, only when a
plot is asked for. pyplot is never used, so no global figure state is touched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from teamcore._optional import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["axes", "bars", "graph", "heatmap", "lines", "number"]


def number(value: object) -> float:
    """A cell as a float for plotting: numbers as themselves, anything else (``None``, text) as NaN."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


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
    """A heatmap of `matrix` (one list per row), rows labelled `rows`, at most 12 column labels; its colorbar."""
    image = ax.imshow([list(r) for r in matrix], aspect="auto", cmap="viridis", interpolation="nearest")
    step = max(1, len(columns) // 12)
    ax.set_xticks(range(0, len(columns), step), [columns[i] for i in range(0, len(columns), step)])
    ax.set_yticks(range(len(rows)), list(rows))
    return ax.figure.colorbar(image, ax=ax, shrink=0.8)


def lines(ax: Axes, xs: Sequence[str], series: Mapping[str, Sequence[float]], xlabel: str) -> None:
    """One line per entry of `series` over the labels `xs` (at most 8 shown), with a legend and a light grid."""
    for label, values in series.items():
        ax.plot(range(len(xs)), list(values), label=label, linewidth=1.5)
    step = max(1, len(xs) // 8)
    ax.set_xticks(range(0, len(xs), step), [xs[i] for i in range(0, len(xs), step)], rotation=30, ha="right")
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False)
    ax.grid(visible=True, alpha=0.3)


def bars(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    label: str,
    *,
    targets: Sequence[float] | None = None,
    target_label: str = "target",
) -> None:
    """Horizontal bars of `values`, first label on top; `targets`, if given, as red markers."""
    positions = list(range(len(labels)))
    ax.barh(positions, list(values), color="#3b6ea8", label=label)
    if targets is not None:
        ax.scatter(list(targets), positions, marker="|", s=300, color="#c0392b", label=target_label, zorder=3)
    ax.set_yticks(positions, list(labels))
    ax.invert_yaxis()
    ax.legend(frameon=False)
    ax.grid(visible=True, axis="x", alpha=0.3)


def graph(ax: Axes, edges: Iterable[tuple[str, str]]) -> None:
    """The directed graph of `edges` (source → target), in a seeded spring layout: the same picture every time."""
    import networkx as nx  # noqa: PLC0415 - only plots of graphs need it here

    drawn: nx.DiGraph[str] = nx.DiGraph()
    drawn.add_edges_from(edges)
    pos = nx.spring_layout(drawn, seed=7)
    nx.draw_networkx(drawn, pos=pos, ax=ax, node_size=300, font_size=7, node_color="#9cc3e6", arrows=True)
    ax.set_axis_off()
