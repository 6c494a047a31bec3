"""The mentoring graph drawn as the report draws it: mentor → mentee, one arrow per relation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from teamcore._plotting import axes, graph, graph_size
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.mentoring._graph import PairStatus

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_mentoring"]

_STATUSES = tuple(status.value for status in PairStatus)


def plot_mentoring(mentoring: nx.DiGraph[str], *, status: str | None = "active", ax: Axes | None = None) -> Axes:
    """Draw the relations of a mentoring graph (from :func:`mentoring_graph`) with `status`, mentor → mentee.

    Parameters
    ----------
    mentoring
        The graph :func:`~teamcore.mentoring.mentoring_graph` builds.
    status
        Draw only the relations with this :class:`PairStatus` (``"active"`` by default, as the report does), or
        every relation with ``None``. Members without such a relation are left out.
    ax
        matplotlib axes to draw on; a new figure's (not registered with pyplot) by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (its ``.figure`` is the figure).

    Raises
    ------
    WrongType
        If `mentoring` is not a networkx DiGraph.
    InvalidValue
        If `status` is not a :class:`PairStatus` value or ``None``.
    MissingDependency
        If matplotlib is not installed (``pip install 'teamcore[report]'``).
    """
    if not isinstance(mentoring, nx.DiGraph):
        raise WrongType("mentoring", mentoring, "a networkx DiGraph from mentoring_graph")
    if status is not None and status not in _STATUSES:
        raise InvalidValue("status", status, f"one of {list(_STATUSES)} or None")
    edges = sorted(
        (str(u), str(v)) for u, v, data in mentoring.edges(data=True) if status is None or data.get("status") == status
    )
    width, height = graph_size(edges, 8.0) if edges else (8.0, 3.6)
    ax = axes(ax, "plot_mentoring", width=width, height=height)
    graph(ax, edges)  # the report's drawing: mentors left, mentees right, every name readable
    ax.set_title("Mentoring relations" + (f" ({status})" if status else ""))
    return ax
