"""The mentoring graph: a plain networkx ``DiGraph`` of mentor → mentee edges, validated against the organisation.

Nodes are member ids. Each edge carries ``since`` (a date), ``focus`` (a tuple of skill names) and ``status``
(``"active"`` or ``"ended"``). Queries read only active edges unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs
import networkx as nx

from teamcore._suggest import suggest
from teamcore._validators import (
    attrs_validator,
    check_date,
    check_identifier,
    check_int_range,
    check_skill_name,
    text_tuple,
)
from teamcore.exceptions import DuplicateId, InvalidValue, OutOfRange, UnknownReference, WrongType
from teamcore.people import DEFAULT_ONBOARDING, Member, MemberId, Organisation, newcomers

__all__ = [
    "DEFAULT_CAPACITY",
    "MentoringPair",
    "PairStatus",
    "active_load",
    "mentoring_chains",
    "mentoring_cycles",
    "mentoring_graph",
    "newcomers_without_mentor",
    "overloaded_mentors",
]

DEFAULT_CAPACITY = 2
"""How many active mentees a mentor takes unless a capacity is given for them."""

_MAX_CAPACITY = 1000


class PairStatus(enum.StrEnum):
    """Whether a mentoring relation is running or has ended."""

    ACTIVE = "active"
    ENDED = "ended"


def _status(value: PairStatus | str) -> PairStatus:
    if isinstance(value, PairStatus):
        return value
    if isinstance(value, str) and value in PairStatus.__members__.values():
        return PairStatus(value)
    raise InvalidValue("status", value, f"one of {[s.value for s in PairStatus]}")


def _mentor(value: str) -> MemberId:
    return MemberId(check_identifier(value, "mentor"))


def _mentee(value: str) -> MemberId:
    return MemberId(check_identifier(value, "mentee"))


def _focus(value: Iterable[str] | None) -> tuple[str, ...]:
    return text_tuple(check_skill_name, "focus")(value)


@attrs.frozen(kw_only=True)
class MentoringPair:
    """One mentoring relation: `mentor` guides `mentee` since `since`, on the `focus` skills.

    Parameters
    ----------
    mentor, mentee
        Member ids; they must differ.
    since
        The date the relation started, or ``None`` if unknown.
    focus
        Skill names the relation works on.
    status
        ``"active"`` (default) or ``"ended"``.

    Raises
    ------
    InvalidValue
        If `mentor` equals `mentee` (nobody mentors themself), or for a malformed field.

    Examples
    --------
    >>> MentoringPair(mentor="anna", mentee="bo", focus=["billing"]).status
    <PairStatus.ACTIVE: 'active'>
    >>> MentoringPair(mentor="anna", mentee="anna")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: mentee: expected a member other than the mentor 'anna', got 'anna'
    """

    mentor: MemberId = attrs.field(converter=_mentor)
    mentee: MemberId = attrs.field(converter=_mentee)
    since: dt.date | None = attrs.field(default=None, validator=attrs.validators.optional(attrs_validator(check_date)))
    focus: tuple[str, ...] = attrs.field(factory=tuple, converter=_focus)
    status: PairStatus = attrs.field(default=PairStatus.ACTIVE, converter=_status)

    def __attrs_post_init__(self) -> None:
        if self.mentor == self.mentee:
            raise InvalidValue("mentee", self.mentee, f"a member other than the mentor {self.mentor!r}")


def _capacity_of(capacities: Mapping[str, int], default: int, member_id: str) -> int:
    return capacities.get(member_id, default)


def _check_capacities(capacities: object, default: int, org: Organisation) -> dict[str, int]:
    check_int_range(default, "default_capacity", 0, _MAX_CAPACITY)
    if capacities is None:
        return {}
    # Checked before copying: dict() would take a list of pairs as a mapping, and fail on 5 with a bare TypeError.
    if not isinstance(capacities, Mapping):
        raise WrongType("capacities", capacities, "a mapping of member id -> capacity")
    caps = dict(capacities)
    for member_id, value in caps.items():
        if member_id not in org:
            raise UnknownReference(
                f"capacities[{member_id!r}]",
                member_id,
                "the id of a member of the organisation",
                suggestion=suggest(member_id, [m.id for m in org.members]),
            )
        check_int_range(value, f"capacities[{member_id!r}]", 0, _MAX_CAPACITY)
    return caps


def mentoring_graph(
    org: Organisation,
    pairs: Iterable[MentoringPair],
    *,
    capacities: Mapping[str, int] | None = None,
    default_capacity: int = DEFAULT_CAPACITY,
    acyclic: bool = False,
) -> nx.DiGraph[str]:
    """Build the mentoring graph mentor → mentee and check it against the organisation.

    Every member is a node (with ``name`` and ``capacity``), so members without any relation still appear.

    Parameters
    ----------
    org
        The organisation; mentors and mentees must be its members.
    pairs
        The relations. A pair listed twice is refused; an ended pair does not count against capacity.
    capacities
        Member id → the most active mentees they take; others take `default_capacity`.
    default_capacity
        Capacity of a member not in `capacities`; default :data:`DEFAULT_CAPACITY`.
    acyclic
        Refuse cycles among active relations (A mentors B mentors A); off by default, since peers may mentor each
        other in different skills.

    Returns
    -------
    networkx.DiGraph
        Nodes: member ids; edges: ``since``, ``focus``, ``status`` (the :class:`PairStatus` value as a string).

    Raises
    ------
    WrongType
        If `org` is not an :class:`~teamcore.people.Organisation`, `capacities` is not a mapping, a pair is not a
        :class:`MentoringPair`, or a capacity is not an integer.
    UnknownReference
        If a mentor, a mentee or a member given a capacity is not a member.
    DuplicateId
        If the same mentor → mentee pair is listed twice.
    OutOfRange
        If a capacity is outside 0..1000, or a mentor has more active mentees than their capacity.
    InvalidValue
        With ``acyclic=True``, if active relations form a cycle.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> people = [Member(id=i, name=i.title(), timezone="UTC", country="SE") for i in ("anna", "bo", "cleo")]
    >>> org = Organisation(name="Acme", members=people)
    >>> g = mentoring_graph(org, [MentoringPair(mentor="anna", mentee="bo")])
    >>> list(g.edges(data="status"))
    [('anna', 'bo', 'active')]
    >>> mentoring_graph(org, [MentoringPair(mentor="anna", mentee="bo")], capacities={"anna": 0})
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OutOfRange: capacities['anna']: expected at most 0 active mentees, got 1
    """
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    caps = _check_capacities(capacities, default_capacity, org)
    graph: nx.DiGraph[str] = nx.DiGraph(name=f"mentoring: {org.name}")
    for member in org.members:
        graph.add_node(member.id, name=member.name, capacity=_capacity_of(caps, default_capacity, member.id))
    for i, pair in enumerate(pairs):
        if not isinstance(pair, MentoringPair):
            raise WrongType(f"pairs[{i}]", pair, "a MentoringPair")
        for field, member_id in (("mentor", pair.mentor), ("mentee", pair.mentee)):
            if member_id not in org:
                raise UnknownReference(
                    f"pairs[{i}].{field}",
                    member_id,
                    "the id of a member of the organisation",
                    suggestion=suggest(member_id, [m.id for m in org.members]),
                )
        if graph.has_edge(pair.mentor, pair.mentee):
            raise DuplicateId(f"pairs[{i}]", f"{pair.mentor} -> {pair.mentee}", "each mentor -> mentee pair once")
        graph.add_edge(pair.mentor, pair.mentee, since=pair.since, focus=pair.focus, status=pair.status.value)
    for mentor, load in active_load(graph).items():
        capacity = graph.nodes[mentor]["capacity"]
        if load > capacity:
            raise OutOfRange(f"capacities[{mentor!r}]", load, f"at most {capacity} active mentees")
    if acyclic:
        cycles = mentoring_cycles(graph)
        if cycles:
            shown = " -> ".join([*cycles[0], cycles[0][0]])
            raise InvalidValue("pairs", shown, "no cycle of active mentoring relations (acyclic=True)")
    return graph


def _active(graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    if not isinstance(graph, nx.DiGraph):
        raise WrongType("graph", graph, "a networkx DiGraph from mentoring_graph")
    view: nx.DiGraph[str] = nx.subgraph_view(
        graph, filter_edge=lambda u, v: graph.edges[u, v].get("status") == PairStatus.ACTIVE
    )
    return view


def active_load(graph: nx.DiGraph[str]) -> dict[str, int]:
    """Number of active mentees per mentor, for every node with at least one.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"status": "active"}), ("a", "c", {"status": "ended"})])
    >>> active_load(g)
    {'a': 1}
    """
    active = _active(graph)
    return {node: degree for node, degree in active.out_degree() if degree}


def overloaded_mentors(graph: nx.DiGraph[str]) -> dict[str, tuple[int, int]]:
    """Mentors with more active mentees than their node's ``capacity``: id → (load, capacity).

    A graph built by :func:`mentoring_graph` has none; this is for graphs edited afterwards or for checking a
    lowered capacity (set ``graph.nodes[m]["capacity"]``). A node without ``capacity`` has
    :data:`DEFAULT_CAPACITY`.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"status": "active"}), ("a", "c", {"status": "active"})])
    >>> g.nodes["a"]["capacity"] = 1
    >>> overloaded_mentors(g)
    {'a': (2, 1)}
    """
    found: dict[str, tuple[int, int]] = {}
    for mentor, load in sorted(active_load(graph).items()):
        capacity = graph.nodes[mentor].get("capacity", DEFAULT_CAPACITY)
        if load > capacity:
            found[mentor] = (load, capacity)
    return found


def newcomers_without_mentor(
    org: Organisation,
    graph: nx.DiGraph[str],
    now: dt.datetime,
    *,
    onboarding: dt.timedelta = DEFAULT_ONBOARDING,
    team: str | None = None,
) -> tuple[Member, ...]:
    """Newcomers (see :func:`teamcore.people.newcomers`) who have no active mentor, newest first.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> new = [Member(id=i, name=i, timezone="UTC", country="SE", start_date=dt.date(2026, 11, 2)) for i in "xy"]
    >>> org = Organisation(name="Acme", members=[Member(id="m", name="M", timezone="UTC", country="SE"), *new])
    >>> g = mentoring_graph(org, [MentoringPair(mentor="m", mentee="x")])
    >>> [m.id for m in newcomers_without_mentor(org, g, dt.datetime(2026, 11, 25, tzinfo=dt.UTC))]
    ['y']
    """
    active = _active(graph)
    return tuple(
        member
        for member in newcomers(org, now, onboarding=onboarding, team=team)
        if member.id not in active or active.in_degree(member.id) == 0
    )


def mentoring_cycles(graph: nx.DiGraph[str]) -> list[list[str]]:
    """Cycles of active relations (each a list of member ids), shortest first; empty for a forest.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"status": "active"}), ("b", "a", {"status": "active"})])
    >>> mentoring_cycles(g)
    [['a', 'b']]
    """
    active = _active(graph)
    cycles = [_rotate(cycle) for cycle in nx.simple_cycles(active)]
    return sorted(cycles, key=lambda c: (len(c), c))


def _rotate(cycle: list[str]) -> list[str]:
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def mentoring_chains(graph: nx.DiGraph[str], *, min_length: int = 2) -> list[tuple[str, ...]]:
    """Chains of active relations at least `min_length` edges long: a mentor whose mentee mentors someone, etc.

    Each chain starts at a member nobody actively mentors and follows relations to a member who mentors nobody;
    members on a cycle are left out (see :func:`mentoring_cycles`). Chains show how knowledge is passed on and who
    depends on whom; a long chain whose head leaves affects everyone below.

    Parameters
    ----------
    graph
        A mentoring graph.
    min_length
        Shortest chain reported, in edges; default 2 (A → B → C).

    Returns
    -------
    list of tuple of str
        Longest first, then by ids.

    Examples
    --------
    >>> g = nx.DiGraph([(u, v, {"status": "active"}) for u, v in [("a", "b"), ("b", "c"), ("a", "d")]])
    >>> mentoring_chains(g)
    [('a', 'b', 'c')]
    """
    check_int_range(min_length, "min_length", 1, 1_000_000)
    active = _active(graph)
    on_cycles = {node for cycle in nx.simple_cycles(active) for node in cycle}
    acyclic = nx.subgraph_view(active, filter_node=lambda n: n not in on_cycles)
    roots = sorted(n for n, d in acyclic.in_degree() if d == 0 and acyclic.out_degree(n) > 0)
    chains: list[tuple[str, ...]] = []
    # Iterative depth-first walk: chains can be long in big organisations, recursion would not scale.
    stack: list[tuple[str, ...]] = [(root,) for root in reversed(roots)]
    while stack:
        path = stack.pop()
        children = sorted(acyclic.successors(path[-1]), reverse=True)
        if not children:
            if len(path) - 1 >= min_length:
                chains.append(path)
            continue
        stack.extend((*path, child) for child in children)
    return sorted(chains, key=lambda c: (-len(c), c))
