"""Knowledge silos and bridges on a collaboration graph.

The analyses call public ``nx.*`` functions (:func:`networkx.articulation_points`,
:func:`networkx.biconnected_component_edges` for the bridges of a simple graph, :func:`networkx.bridges` for a
multigraph, :func:`networkx.community.louvain_communities`), so a networkx backend you configure (for example
``nx.config.backend_priority.algos = ["parallel"]`` with nx-parallel installed) runs them; `backend` passes
networkx's own ``backend=`` keyword for one call.
"""

from __future__ import annotations

import attrs
import networkx as nx

from teamcore._display import short_repr
from teamcore._validators import check_int_range
from teamcore.exceptions import WrongType
from teamcore.people import Organisation

__all__ = ["Silos", "collaboration_graph", "knowledge_silos"]


def collaboration_graph(org: Organisation, mentoring: nx.DiGraph[str] | None = None) -> nx.Graph[str]:
    """Who works with whom: an undirected graph of members, an edge per shared team or mentoring relation.

    Edge ``weight`` is the number of teams the two share plus one for an active mentoring relation between them.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> people = [Member(id=i, name=i, timezone="UTC", country="SE") for i in "abc"]
    >>> org = Organisation(name="O", members=people, teams=[Team(id="t", name="T", lead="a", members=["a", "b"])])
    >>> sorted(collaboration_graph(org).edges(data="weight"))
    [('a', 'b', 1)]
    """
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    graph: nx.Graph[str] = nx.Graph(name=f"collaboration: {org.name}")
    graph.add_nodes_from(m.id for m in org.members)
    # Weights summed in a dict first, then the edges added at once in the order they first appeared (the order
    # Louvain's seeded walk sees), each in the orientation it first had.
    weights: dict[tuple[str, str], int] = {}
    for team in org.teams:
        members = team.members
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                key = (b, a) if (b, a) in weights else (a, b)
                weights[key] = weights.get(key, 0) + 1
    graph.add_edges_from((a, b, {"weight": w}) for (a, b), w in weights.items())
    if mentoring is not None:
        for u, v in mentoring.edges:
            if mentoring.edges[u, v].get("status") == "active" and u in graph and v in graph:
                weight = graph.edges[u, v]["weight"] + 1 if graph.has_edge(u, v) else 1
                graph.add_edge(u, v, weight=weight)
    return graph


@attrs.frozen(kw_only=True)
class Silos:
    """What :func:`knowledge_silos` found.

    Attributes
    ----------
    communities
        Groups of members who mostly work with each other (largest first, members sorted): candidate silos.
    articulation_points
        Members whose absence splits the graph: the only link between groups (sorted).
    bridges
        Single relations whose loss splits the graph (each pair sorted; sorted).
    isolated
        Members with no collaboration at all (sorted).
    """

    communities: tuple[tuple[str, ...], ...]
    articulation_points: tuple[str, ...]
    bridges: tuple[tuple[str, str], ...]
    isolated: tuple[str, ...]

    def __repr__(self) -> str:
        return short_repr(self)


def knowledge_silos(graph: nx.Graph[str], *, seed: int = 0, backend: str | None = None) -> Silos:
    """Communities, articulation points and bridges of a collaboration graph.

    Parameters
    ----------
    graph
        Undirected, e.g. from :func:`collaboration_graph` (a directed mentoring graph is read as undirected).
    seed
        Seed of the Louvain community detection, so the answer is reproducible.
    backend
        Passed as networkx's ``backend=`` keyword to each call; ``None`` lets ``nx.config`` decide.

    Returns
    -------
    Silos

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("d", "f"), ("e", "f")])
    >>> s = knowledge_silos(g)
    >>> s.communities, s.articulation_points, s.bridges
    ((('a', 'b', 'c'), ('d', 'e', 'f')), ('c', 'd'), (('c', 'd'),))
    """
    if not isinstance(graph, nx.Graph):
        raise WrongType("graph", graph, "a networkx Graph")
    check_int_range(seed, "seed", 0, 2**32 - 1)
    undirected: nx.Graph[str] = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    kwargs = {} if backend is None else {"backend": backend}
    communities = nx.community.louvain_communities(undirected, weight="weight", seed=seed, **kwargs)
    groups = sorted((tuple(sorted(c)) for c in communities), key=lambda c: (-len(c), c))
    points = tuple(sorted(nx.articulation_points(undirected, **kwargs)))
    cut = tuple(sorted(tuple(sorted((u, v))) for u, v in _bridges(undirected, kwargs)))
    isolated = tuple(sorted(n for n, d in undirected.degree() if d == 0))
    return Silos(
        communities=tuple(g for g in groups if len(g) > 1 or g[0] not in isolated),
        articulation_points=points,
        bridges=tuple((a, b) for a, b in cut),
        isolated=isolated,
    )


def _bridges(graph: nx.Graph[str], kwargs: dict[str, str]) -> list[tuple[str, str]]:
    """The bridges of `graph`: in a simple graph, the biconnected components that are one edge.

    The same set as :func:`networkx.bridges`, from one depth-first search (networkx's bridges walk a chain
    decomposition, about four times as long on a 60,000-member organisation). Graphs with several edges between
    two nodes or self-loops go to :func:`networkx.bridges`.
    """
    if graph.is_multigraph() or nx.number_of_selfloops(graph):
        return list(nx.bridges(graph, **kwargs))
    return [edges[0] for edges in nx.biconnected_component_edges(graph, **kwargs) if len(edges) == 1]
