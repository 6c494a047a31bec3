"""Two solvers for a :class:`~teamcore.mentoring.MatchProblem`: stable matching and a globally optimal assignment.

Stable matching is Gale and Shapley's deferred acceptance extended to capacities (the hospitals/residents
problem, Roth 1984), written as a loop with explicit queues: it never recurses, so it runs at any size. The optimal
assignment maximises the total score under capacities, exactly (a transportation problem, whose linear programme
has integral vertices).

Preferences are strict: a mentee prefers the mentor with more points (:attr:`MatchProblem.points`), ties going to
the mentor listed first; a mentor prefers the mentee with more :attr:`MatchProblem.mentor_points`, ties going to
the mentee listed first.

References
----------
.. [1] D. Gale and L. S. Shapley, "College Admissions and the Stability of Marriage", *American Mathematical
   Monthly* 69 (1962) 9-15.
.. [2] A. E. Roth, "The Evolution of the Labor Market for Medical Interns and Residents", *Journal of Political
   Economy* 92 (1984) 991-1016.
"""

from __future__ import annotations

import datetime as dt
import heapq
import importlib.util
from collections import deque
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import networkx as nx
import numpy as np

from teamcore._display import result_html, short_repr, svg, to_pandas
from teamcore._optional import require
from teamcore._plotting import axes, graph, graph_size
from teamcore.exceptions import InvalidValue, MissingDependency, WrongType
from teamcore.mentoring._graph import MentoringPair
from teamcore.mentoring._problem import BoolArray, IntArray, MatchProblem
from teamcore.mentoring._score import Blocker

if TYPE_CHECKING:
    import polars as pl
    from matplotlib.axes import Axes

__all__ = [
    "Assignment",
    "MatchResult",
    "Unmatched",
    "optimal_matching",
    "stable_matching",
    "verify_stable",
]

Proposing = Literal["mentee", "mentor"]
Method = Literal["auto", "assignment", "lp", "flow"]


@attrs.frozen
class Assignment:
    """A mentee assigned to a mentor, with the pair's score."""

    mentee: str
    mentor: str
    score: float


@attrs.frozen
class Unmatched:
    """A mentee left without a mentor, and why.

    Attributes
    ----------
    mentee
        The member id.
    reason
        :class:`~teamcore.mentoring.Blocker`: ``no_overlap`` or ``no_skill_coverage`` when every mentor with
        capacity breaks that hard constraint; ``no_mentor`` when there is no mentor at all; ``no_capacity``
        when the mentors they could work with are full (or, in an optimal matching, would all score below 0).
    detail
        The reason in words.
    """

    mentee: str
    reason: Blocker
    detail: str


@attrs.frozen(kw_only=True)
class MatchResult:
    """What a solver found: assignments (in mentee order) and every mentee it could not match, with the reason."""

    solver: str
    assignments: tuple[Assignment, ...]
    unmatched: tuple[Unmatched, ...]

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def total(self) -> float:
        """Sum of the assigned pairs' scores."""
        return float(sum(a.score for a in self.assignments))

    def mentor_of(self) -> dict[str, str]:
        """Mentee id → mentor id."""
        return {a.mentee: a.mentor for a in self.assignments}

    def pairs(self, since: dt.date | None = None) -> tuple[MentoringPair, ...]:
        """The assignments as active :class:`~teamcore.mentoring.MentoringPair` values (``since`` a date or None)."""
        return tuple(MentoringPair(mentor=a.mentor, mentee=a.mentee, since=since) for a in self.assignments)

    def to_polars(self) -> pl.DataFrame:
        """One row per mentee: ``mentee, mentor, score`` (null for the unmatched), ``reason`` and ``detail``."""
        import polars as pl  # noqa: PLC0415 - heavy to import; only the table export needs it

        rows: list[tuple[str, str | None, float | None, str | None, str | None]]
        rows = [(a.mentee, a.mentor, float(a.score), None, None) for a in self.assignments]
        rows += [(u.mentee, None, None, u.reason, u.detail) for u in self.unmatched]
        schema = pl.Schema(
            {"mentee": pl.String(), "mentor": pl.String(), "score": pl.Float64(), "reason": pl.String(),
             "detail": pl.String()}
        )  # fmt: skip
        return pl.DataFrame(rows, schema=schema, orient="row")

    def to_pandas(self) -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars())

    def plot(self, *, ax: Axes | None = None) -> Axes:
        """The assignments as the report draws mentoring: a directed graph mentor → mentee.

        Raises
        ------
        MissingDependency
            If matplotlib is not installed (``pip install 'teamcore[report]'``).
        """
        edges = sorted((a.mentor, a.mentee) for a in self.assignments)
        width, height = graph_size(edges, 8.0) if edges else (8.0, 3.6)
        ax = axes(ax, "MatchResult.plot", width=width, height=height)
        graph(ax, edges)
        ax.set_title(f"Suggested mentors ({self.solver})")
        return ax

    def _repr_html_(self) -> str:
        """In a notebook: the summary line, the graph (when matplotlib is installed) and the table."""
        try:
            picture = svg(self.plot()) if self.assignments else ""
        except MissingDependency:
            picture = ""
        return result_html(self, ("Mentor per mentee", self.to_polars()), picture=picture)


def _problem(value: object) -> MatchProblem:
    if not isinstance(value, MatchProblem):
        raise WrongType("problem", value, "a MatchProblem (see matching_problem or MatchProblem.from_scores)")
    return value


def _strict_keys(points: IntArray, allowed: BoolArray, axis: int) -> IntArray:
    """Unique non-negative keys per row (axis=1) or column (axis=0): more points first, then the lower index.

    Pairs that are not allowed get -1. Computed in place on one copy: the matrix can hold ten million pairs.
    """
    size = points.shape[axis]
    tie = np.arange(size - 1, -1, -1, dtype=np.int64)
    keys = np.array(points, dtype=np.int64, order="C")  # one C-ordered copy, also of a transposed view
    keys -= int(points.min(initial=0))
    keys *= size
    keys += tie if axis == 1 else tie[:, None]
    if not allowed.all():
        keys[~allowed] = -1
    return keys


def _key(points: IntArray, low: int, size: int, i: int, j: int, *, axis: int) -> int:
    """One entry of :func:`_strict_keys` (``low`` is ``points.min()``), for solvers that need only a few."""
    index = j if axis == 1 else i
    return (int(points[i, j]) - low) * size + (size - 1 - index)


def _largest(keys: IntArray, k: int) -> IntArray:
    """Column indices of each row's `k` largest keys, in no order (all columns when `k` covers the row)."""
    rows, cols = keys.shape
    if k >= cols:
        return np.tile(np.arange(cols), (rows, 1))
    return np.argpartition(keys, cols - k, axis=1)[:, cols - k :]


class _KeyRows:
    """The rows of :func:`_strict_keys` (``axis=1``) of a points matrix, computed a block of rows at a time.

    The same numbers as the whole matrix of keys, without holding it: at 1,000 mentees × 60,000 mentors that matrix
    is 480 MB, and its ``argpartition`` as many again.
    """

    __slots__ = ("_allowed", "_low", "_points", "_tie", "shape")

    def __init__(self, points: IntArray, allowed: BoolArray) -> None:
        self._points, self._allowed = points, allowed
        self.shape: tuple[int, int] = (int(points.shape[0]), int(points.shape[1]))
        self._low = int(points.min(initial=0))
        self._tie = np.arange(self.shape[1] - 1, -1, -1, dtype=np.int64)

    def block(self, start: int, stop: int) -> IntArray:
        """Keys of rows ``[start, stop)``: as :func:`_strict_keys`, in the same operations."""
        keys = np.array(self._points[start:stop], dtype=np.int64, order="C")
        keys -= self._low
        keys *= self.shape[1]
        keys += self._tie
        allowed = self._allowed[start:stop]
        if not allowed.all():
            keys[~allowed] = -1
        return keys


_BLOCK: Final = 1 << 20
"""Pairs per block of key rows (8 MB of keys)."""


class _Preferences:
    """Each agent's list of acceptable partners, best first, sorted lazily in growing chunks.

    Most agents never look past their first few choices, so sorting a whole 10,000-long row up front would be
    wasted; the top `first` of every row are found at once with ``argpartition``, a block of rows at a time.
    """

    __slots__ = ("_keys", "_lists", "_positions", "_sizes")

    def __init__(self, keys: _KeyRows, first: int) -> None:
        self._keys = keys
        rows, cols = keys.shape
        k = min(cols, first)
        self._sizes = [k] * rows
        self._positions = [0] * rows
        self._lists: list[list[int]] = []
        if rows == 0 or cols == 0:
            self._lists = [[] for _ in range(rows)]
            return
        step = max(1, _BLOCK // cols)
        for start in range(0, rows, step):
            block = keys.block(start, min(rows, start + step))
            # The k largest keys sit at the end after partitioning at cols - k: no negated copy of the matrix.
            top = _largest(block, k)
            order = np.argsort(np.take_along_axis(block, top, axis=1), axis=1)[:, ::-1]
            top = np.take_along_axis(top, order, axis=1)
            valid = np.take_along_axis(block, top, axis=1) >= 0
            if valid.all():
                self._lists += top.tolist()
            else:
                self._lists += [row[mask].tolist() for row, mask in zip(top, valid, strict=True)]

    def next(self, agent: int) -> int:
        """The agent's next choice, or -1 when the list is exhausted."""
        position = self._positions[agent]
        items = self._lists[agent]
        if position >= len(items):
            size, cols = self._sizes[agent], self._keys.shape[1]
            if len(items) < size or size >= cols:
                return -1  # the chunk already held every acceptable partner
            size = min(cols, size * 4)
            row = self._keys.block(agent, agent + 1)[0]
            top = np.argpartition(row, cols - size)[cols - size :] if size < cols else np.arange(cols)
            top = top[np.argsort(row[top])[::-1]]
            items = top[row[top] >= 0].tolist()
            self._lists[agent], self._sizes[agent] = items, size
            if position >= len(items):
                return -1
        self._positions[agent] = position + 1
        return int(items[position])


def stable_matching(problem: MatchProblem, *, proposing: Proposing = "mentee") -> MatchResult:
    """A stable assignment of mentees to mentors with capacities, by deferred acceptance.

    No mentee and mentor who may be paired would both rather be with each other than with what they got (a
    mentor with a free place counts as preferring any acceptable mentee). Every assignment respects capacities and
    hard constraints. Runs in a loop with queues, never recursion; ``O(proposals · log capacity)`` after an
    ``O(mentees · mentors)`` pass over the score matrix.

    Parameters
    ----------
    problem
        From :func:`~teamcore.mentoring.matching_problem` or :meth:`MatchProblem.from_scores`.
    proposing
        ``"mentee"`` (default): the result is the best stable one for every mentee; ``"mentor"``: best for every
        mentor. With one shared score both sides usually agree.

    Returns
    -------
    MatchResult
        Unmatched mentees carry their reason.

    Examples
    --------
    >>> p = MatchProblem.from_scores(["x", "y", "z"], ["m", "k"], [[3, 1], [2, 2], [1, 3]], [1, 1])
    >>> r = stable_matching(p)
    >>> r.mentor_of(), [(u.mentee, u.reason.value) for u in r.unmatched]
    ({'x': 'm', 'z': 'k'}, [('y', 'no_capacity')])
    >>> verify_stable(p, r)
    []
    """
    p = _problem(problem)
    if proposing not in ("mentee", "mentor"):
        raise InvalidValue("proposing", proposing, "'mentee' or 'mentor'")
    caps = p.capacities.tolist()
    mentor_of = _mentees_propose(p, caps) if proposing == "mentee" else _mentors_propose(p, caps)
    return _result(p, f"stable ({proposing}-proposing)", mentor_of)


def _mentees_propose(p: MatchProblem, caps: list[int]) -> list[int]:
    n, m = p.points.shape
    mentor_of = [-1] * n
    prefs = _Preferences(_KeyRows(p.points, p.allowed), 16)
    theirs, low = p.mentor_points, int(p.mentor_points.min(initial=0))
    held: list[list[tuple[int, int]]] = [[] for _ in range(m)]  # per mentor, a min-heap of (key, mentee)
    free = deque(range(n))
    while free:
        i = free.popleft()
        j = prefs.next(i)
        if j < 0:
            continue  # no acceptable mentor left: stays unmatched
        key = _key(theirs, low, n, i, j, axis=0)
        heap = held[j]
        if len(heap) < caps[j]:
            heapq.heappush(heap, (key, i))
            mentor_of[i] = j
        elif heap and heap[0][0] < key:
            _, out = heapq.heapreplace(heap, (key, i))
            mentor_of[out] = -1
            mentor_of[i] = j
            free.append(out)
        else:
            free.append(i)
    return mentor_of


def _mentors_propose(p: MatchProblem, caps: list[int]) -> list[int]:
    n, m = p.points.shape
    mentor_of = [-1] * n
    # Mentors' keys, one row per mentor: the same numbers as _strict_keys(axis=0), a block of rows at a time, from
    # one C-ordered copy of the transposed points (a mentor's row read from the original would be a strided column).
    prefs = _Preferences(_KeyRows(np.ascontiguousarray(p.mentor_points.T), np.ascontiguousarray(p.allowed.T)), 32)
    mine, low = p.points, int(p.points.min(initial=0))
    places = list(caps)
    queue = deque(j for j in range(m) if caps[j] > 0)
    while queue:
        j = queue.popleft()
        while places[j] > 0:
            i = prefs.next(j)
            if i < 0:
                break
            current = mentor_of[i]
            if current < 0:
                mentor_of[i] = j
                places[j] -= 1
            elif _key(mine, low, m, i, j, axis=1) > _key(mine, low, m, i, current, axis=1):
                mentor_of[i] = j
                places[j] -= 1
                places[current] += 1
                queue.append(current)  # a place came free: that mentor proposes again
    return mentor_of


def _result(p: MatchProblem, solver: str, mentor_of: list[int]) -> MatchResult:
    assignments = tuple(
        Assignment(p.mentees[i], p.mentors[j], float(p.scores[i, j])) for i, j in enumerate(mentor_of) if j >= 0
    )
    load = np.bincount([j for j in mentor_of if j >= 0], minlength=len(p.mentors))
    free = load < p.capacities
    unmatched: list[Unmatched] = []
    for i, j in enumerate(mentor_of):
        if j >= 0:
            continue
        mentee = p.mentees[i]
        reason = p.blockers.get(mentee, Blocker.NO_CAPACITY)
        options = int(p.allowed[i].sum())
        detail = {
            Blocker.NO_OVERLAP: "no mentor with free places shares any working hours with them",
            Blocker.NO_SKILL_COVERAGE: "no mentor with free places covers any of their skill gaps",
            Blocker.NO_MENTOR: "there is no mentor with a free place",
            Blocker.NO_CAPACITY: f"all {options} mentors they could work with are full",
        }[reason]
        if reason is Blocker.NO_CAPACITY and options == 0:
            detail = "every mentor they could work with has no free place"
        elif reason is Blocker.NO_CAPACITY and (p.allowed[i] & free).any():  # optimal: any pair would lower the total
            detail = "every mentor with a free place they could work with scores below 0 for them"
        unmatched.append(Unmatched(mentee, reason, detail))
    return MatchResult(solver=solver, assignments=assignments, unmatched=tuple(unmatched))


def _assignment_vector(p: MatchProblem, result: MatchResult) -> list[int]:
    row = {mentee: i for i, mentee in enumerate(p.mentees)}
    col = {mentor: j for j, mentor in enumerate(p.mentors)}
    mentor_of = [-1] * len(p.mentees)
    for a in result.assignments:
        if a.mentee not in row or a.mentor not in col:
            raise InvalidValue("result", f"{a.mentee} -> {a.mentor}", "pairs of the problem's mentees and mentors")
        if mentor_of[row[a.mentee]] >= 0:
            raise InvalidValue("result", a.mentee, "each mentee assigned at most once")
        mentor_of[row[a.mentee]] = col[a.mentor]
    return mentor_of


def verify_stable(problem: MatchProblem, result: MatchResult) -> list[tuple[str, str]]:
    """The blocking pairs of `result`: (mentee, mentor) who may be paired and would both rather be together.

    A mentee blocks with a mentor they prefer to their own (or they have none) if the mentor has a free place or
    prefers the mentee to the least preferred mentee they hold. An empty list means `result` is stable.

    Raises
    ------
    InvalidValue
        If `result` assigns a pair hard constraints forbid, exceeds a capacity, or names unknown ids.
    """
    p = _problem(problem)
    mentor_of = _assignment_vector(p, result)
    n, m = p.points.shape
    mentee_keys = _strict_keys(p.points, p.allowed, axis=1)
    mentor_keys = _strict_keys(p.mentor_points, p.allowed, axis=0)
    load = np.zeros(m, dtype=np.int64)
    worst = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
    for i, j in enumerate(mentor_of):
        if j < 0:
            continue
        if not p.allowed[i, j]:
            raise InvalidValue("result", f"{p.mentees[i]} -> {p.mentors[j]}", "only pairs hard constraints allow")
        load[j] += 1
        worst[j] = min(worst[j], mentor_keys[i, j])
    over = np.flatnonzero(load > p.capacities)
    if over.size:
        j = int(over[0])
        raise InvalidValue("result", p.mentors[j], f"at most {int(p.capacities[j])} mentees for this mentor")
    assigned = np.array(mentor_of, dtype=np.int64)
    own = np.full(n, -1, dtype=np.int64)
    has = assigned >= 0
    own[has] = mentee_keys[np.flatnonzero(has), assigned[has]]
    mentee_wants = p.allowed & (mentee_keys > own[:, None])
    mentor_wants = (load < p.capacities)[None, :] | (mentor_keys > worst[None, :])
    rows, cols = np.nonzero(mentee_wants & mentor_wants)
    return [(p.mentees[i], p.mentors[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]


def optimal_matching(problem: MatchProblem, *, method: Method = "auto") -> MatchResult:
    """An assignment with the highest total score under capacities and hard constraints, exactly.

    Among assignments of equal total, every mentee who can still be placed at a free, allowed mentor scoring 0 is
    placed. A pair scoring below 0 (possible with :meth:`MatchProblem.from_scores`) would lower the total, so it is
    never made: that mentee is unmatched (``no_capacity``, saying the free mentors score below 0).

    Parameters
    ----------
    problem
        The problem.
    method
        ``"flow"``: networkx's network simplex (:func:`networkx.network_simplex`) on the flow network source →
        mentee → mentor → sink with costs ``-points``; exact, pure Python, fine for a few hundred thousand pairs,
        and a configured networkx backend can take it over. ``"lp"``: the same problem as a linear programme
        solved by HiGHS through SciPy (the ``optimal`` extra) on each mentee's best candidates, then proven
        optimal for *all* pairs by the duals (no excluded pair has positive reduced cost; otherwise the
        offending pairs are added and it is solved again). ``"assignment"``: the capacity-expanded assignment
        problem (one column per mentor place) on each mentee's best candidates, solved by SciPy's sparse
        :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp), then proven optimal for *all*
        pairs: no cycle of swaps in the residual graph, over every allowed pair, raises the total (a Bellman-Ford
        pass over the mentors, in integers); otherwise more candidates are taken and it is solved again. The
        fastest at every size measured, 1,000 to 10,000 mentees. ``"auto"``: ``"assignment"`` if SciPy is
        installed, else ``"flow"``.

    Returns
    -------
    MatchResult

    Examples
    --------
    >>> p = MatchProblem.from_scores(["x", "y"], ["m", "k"], [[3, 2], [3, 0]], [1, 1])
    >>> optimal_matching(p, method="flow").mentor_of()
    {'x': 'k', 'y': 'm'}
    >>> stable_matching(p).mentor_of()
    {'x': 'm', 'y': 'k'}
    """
    p = _problem(problem)
    if method not in ("auto", "assignment", "lp", "flow"):
        raise InvalidValue("method", method, "'auto', 'assignment', 'lp' or 'flow'")
    if method == "auto":
        method = "assignment" if importlib.util.find_spec("scipy") is not None else "flow"
    solve = {"assignment": _solve_assignment, "lp": _solve_lp, "flow": _solve_flow}[method]
    mentor_of = solve(p)
    _fill(p, mentor_of)
    return _result(p, f"optimal ({method})", mentor_of)


def _fill(p: MatchProblem, mentor_of: list[int]) -> None:
    """Place mentees left out at a free allowed mentor scoring 0 (an optimum leaves no positive pair free).

    A pair scoring below 0 would lower the total, so a mentee whose free mentors all score below 0 stays unmatched.
    """
    load = np.bincount([j for j in mentor_of if j >= 0], minlength=len(p.mentors))
    free = load < p.capacities
    for i, j in enumerate(mentor_of):
        if j >= 0:
            continue
        options = np.flatnonzero(p.allowed[i] & free & (p.points[i] >= 0))
        if options.size:
            best = int(options[np.argmax(p.points[i, options])])
            mentor_of[i] = best
            load[best] += 1
            free[best] = load[best] < p.capacities[best]


def _solve_flow(p: MatchProblem) -> list[int]:
    n, m = p.points.shape
    graph: nx.DiGraph[object] = nx.DiGraph()
    graph.add_node("source", demand=-n)
    graph.add_node("sink", demand=n)
    for i in range(n):
        graph.add_edge("source", ("e", i), capacity=1, weight=0)
        graph.add_edge(("e", i), "sink", capacity=1, weight=0)  # staying unmatched costs nothing
    for j in range(m):
        if p.capacities[j] > 0:
            graph.add_edge(("r", j), "sink", capacity=int(p.capacities[j]), weight=0)
    rows, cols = np.nonzero(p.allowed)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        graph.add_edge(("e", i), ("r", j), capacity=1, weight=-int(p.points[i, j]))
    _cost, flow = nx.network_simplex(graph)
    mentor_of = [-1] * n
    for i in range(n):
        for target, amount in flow[("e", i)].items():
            if amount and target != "sink":
                assert isinstance(target, tuple)
                mentor_of[i] = int(target[1])
    return mentor_of


def _solve_lp(p: MatchProblem) -> list[int]:
    require("scipy.optimize", "optimal", "optimal_matching(method='lp')")
    from scipy import optimize, sparse  # noqa: PLC0415 - the 'optimal' extra, checked just above

    n, m = p.points.shape
    points = p.points.astype(np.float64)
    allowed = p.allowed
    mentor_of = [-1] * n
    if n == 0 or m == 0 or not allowed.any():
        return mentor_of
    k = min(m, 8)
    masked = np.where(allowed, points, -np.inf)
    top = np.argpartition(-masked, k - 1, axis=1)[:, :k] if k < m else np.tile(np.arange(m), (n, 1))
    chosen = np.zeros((n, m), dtype=bool)
    np.put_along_axis(chosen, top, values=True, axis=1)
    chosen &= allowed
    for _round in range(100):
        rows, cols = np.nonzero(chosen)
        count = rows.size
        a_ub = sparse.csr_array(
            (np.ones(2 * count), (np.concatenate([rows, n + cols]), np.tile(np.arange(count), 2))),
            shape=(n + m, count),
        )
        b_ub = np.concatenate([np.ones(n), p.capacities.astype(np.float64)])
        # Interior point with crossover ends on a vertex (integral: the constraint matrix is totally unimodular)
        # and is an order of magnitude faster here than dual simplex.
        solved = optimize.linprog(-points[rows, cols], A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs-ipm")  # type: ignore[call-overload]  # scipy-stubs omit sparse A_ub, which linprog accepts
        if solved.status != 0:  # pragma: no cover - a bounded, feasible LP; kept for a clear error if HiGHS fails
            raise InvalidValue("problem", solved.message, "a problem HiGHS solves")
        duals = -solved.ineqlin.marginals
        u, v = duals[:n], duals[n:]
        reduced = masked - u[:, None] - v[None, :]
        violating = (reduced > 1e-6) & ~chosen
        if not violating.any():
            x = solved.x
            if np.any((x > 1e-6) & (x < 1 - 1e-6)):  # pragma: no cover - crossover returns a vertex
                # Same optimum as integers (total unimodularity), so the integer programme on these pairs is exact.
                x = optimize.milp(
                    -points[rows, cols],
                    constraints=optimize.LinearConstraint(a_ub, -np.inf, b_ub),
                    integrality=np.ones(count, dtype=np.int64),
                    bounds=optimize.Bounds(0, 1),
                ).x
            for i, j in zip(rows[x > 0.5].tolist(), cols[x > 0.5].tolist(), strict=True):
                mentor_of[i] = j
            return mentor_of
        # Add each offending mentee's most violated pairs, a few at a time, and solve again.
        worst = np.argpartition(-np.where(violating, reduced, -np.inf), min(m, k) - 1, axis=1)[:, : min(m, k)]
        extra = np.zeros_like(chosen)
        np.put_along_axis(extra, worst, values=True, axis=1)
        chosen |= extra & violating
    raise InvalidValue("problem", "no convergence", "a problem solved in 100 rounds")  # pragma: no cover


_NO_ARC: Final = 2**52  # "no arc" in the integer residual graph; far above any path's length, far below overflow


def _solve_assignment(p: MatchProblem) -> list[int]:
    """Optimal assignment by sparse LAPJV on candidate pairs, certified over all pairs (see optimal_matching)."""
    require("scipy.sparse.csgraph", "optimal", "optimal_matching(method='assignment')")
    n, m = p.points.shape
    points = p.points.astype(np.int64, copy=False)
    # Only pairs that add to the total matter: pairs worth 0 are made afterwards by _fill, negative ones never.
    usable = p.allowed & (points > 0) & (p.capacities > 0)[None, :]
    mentor_of = [-1] * n
    if n == 0 or m == 0 or not usable.any():
        return mentor_of
    k = min(m, 8)
    while True:
        if k < m:
            masked = np.where(usable, points, -1)
            top = np.argpartition(masked, m - k, axis=1)[:, m - k :]
            chosen = np.zeros((n, m), dtype=bool)
            np.put_along_axis(chosen, top, values=True, axis=1)
            chosen &= usable
        else:
            chosen = usable
        mentor_of = _match_places(p, points, chosen)
        if k >= m or _no_better_cycle(p, points, usable, mentor_of):
            return mentor_of
        k = min(m, k * 4)


def _match_places(p: MatchProblem, points: IntArray, chosen: BoolArray) -> list[int]:
    """Best assignment using only `chosen` pairs: one column per mentor place, one "unmatched" column per mentee."""
    from scipy import sparse  # noqa: PLC0415 - the 'optimal' extra, checked by the caller
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # noqa: PLC0415

    n, m = chosen.shape
    rows, cols = np.nonzero(chosen)
    # A mentor needs no more places than mentees who may choose them.
    places = np.minimum(p.capacities.astype(np.int64), np.bincount(cols, minlength=m))
    first_place = np.concatenate(([0], np.cumsum(places)))
    copies = places[cols]
    edge_rows = np.repeat(rows, copies)
    within = np.arange(int(copies.sum())) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_cols = np.repeat(first_place[cols], copies) + within
    big = int(points.max()) + 1  # weights big - points > 0: sparse matrices cannot hold a zero weight
    total = int(first_place[-1])
    # Row by row: the row's places (rows come sorted from nonzero), then its own "unmatched" column, all built
    # straight into CSR arrays.
    per_row = np.bincount(edge_rows, minlength=n) + 1
    indptr = np.concatenate(([0], np.cumsum(per_row)))
    dummy_at = indptr[1:] - 1
    slot = np.ones(indptr[-1], dtype=bool)
    slot[dummy_at] = False
    indices = np.empty(indptr[-1], dtype=np.int64)
    data = np.empty(indptr[-1], dtype=np.float64)
    indices[slot], data[slot] = edge_cols, np.repeat(big - points[rows, cols], copies)
    indices[dummy_at], data[dummy_at] = total + np.arange(n), big
    matrix = sparse.csr_array((data, indices, indptr), shape=(n, total + n))
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    owner = np.repeat(np.arange(m), places)
    mentor_of = [-1] * n
    for i, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if c < total:
            mentor_of[i] = int(owner[c])
    return mentor_of


def _no_better_cycle(p: MatchProblem, points: IntArray, usable: BoolArray, mentor_of: list[int]) -> bool:
    """Whether no exchange along usable pairs raises the total: the certificate that `mentor_of` is optimal.

    The assignment is a flow source → mentee → mentor → sink. It is optimal iff its residual graph has no cycle of
    negative cost (cost ``-points`` forward, ``+points`` back). Each mentee node has one way in (from their mentor,
    or from the source when unmatched), so the graph is contracted onto the mentors plus one node for source and
    sink together, and searched for a negative cycle with Bellman-Ford, in integers.
    """
    m = points.shape[1]
    assigned = np.array(mentor_of, dtype=np.int64)
    load = np.bincount(assigned[assigned >= 0], minlength=m)
    outside = m  # source and sink, joined by the circulation's return arc
    w = np.full((m + 1, m + 1), _NO_ARC, dtype=np.int64)
    matched = np.flatnonzero(assigned >= 0)
    if matched.size:
        mine = assigned[matched]
        order = np.argsort(mine, kind="stable")
        rows, mine = matched[order], mine[order]
        own = points[rows, mine]
        # Mentee i moves from their mentor a to j: a -> j costs points[i, a] - points[i, j].
        moves = np.where(usable[rows], own[:, None] - points[rows], _NO_ARC)
        starts = np.flatnonzero(np.concatenate(([True], mine[1:] != mine[:-1])))
        w[mine[starts], :m] = np.minimum.reduceat(moves, starts, axis=0)
        # ... or leaves: a -> outside costs points[i, a].
        w[mine[starts], outside] = np.minimum.reduceat(own, starts)
    spare = load < p.capacities
    w[:m, outside] = np.where(spare, np.minimum(w[:m, outside], 0), w[:m, outside])  # a free place: j -> sink
    free = np.flatnonzero(assigned < 0)
    if free.size:  # an unmatched mentee comes in from the source: outside -> j costs -points[i, j]
        w[outside, :m] = np.where(usable[free], -points[free], _NO_ARC).min(axis=0)
    w[outside, :m] = np.where(load > 0, np.minimum(w[outside, :m], 0), w[outside, :m])  # sink -> a used place
    distance = np.zeros(m + 1, dtype=np.int64)  # from a virtual root reaching every node at cost 0
    for _ in range(m + 2):
        relaxed = np.minimum(distance, (distance[:, None] + w).min(axis=0))
        if np.array_equal(relaxed, distance):
            return True
        distance = relaxed
    return False
