"""A matching problem: mentees, mentors with capacities, pair scores and the pairs hard constraints allow.

:func:`matching_problem` scores every pair of an organisation as :func:`~teamcore.mentoring.match_score` does (as
arrays, one row per mentee; each pair's explanation computed when read);
:meth:`MatchProblem.from_scores` takes scores computed elsewhere (a score matrix of your own, or a benchmark).
The solvers compare scores as integers in thousandths (:attr:`MatchProblem.points`), so ties are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final, TypeVar

import attrs
import networkx as nx
import numpy as np
import numpy.typing as npt

from teamcore._display import short_repr
from teamcore._time import as_utc
from teamcore._validators import check_identifier, check_int_range
from teamcore.exceptions import DuplicateId, InvalidValue, UnknownReference, WrongType
from teamcore.mentoring._batch import LazyScores, score_matrix
from teamcore.mentoring._graph import DEFAULT_CAPACITY, active_load
from teamcore.mentoring._score import (
    Blocker,
    MatchConstraints,
    MatchScore,
    MatchWeights,
    _week_monday,
)
from teamcore.people import DEFAULT_ONBOARDING, Organisation, newcomers

__all__ = ["SCALE", "MatchProblem", "matching_problem"]

SCALE = 1000
"""Scores are compared as integers: ``round(score * SCALE)``."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _ids(values: Iterable[str], field: str) -> tuple[str, ...]:
    items = tuple(values)
    seen: set[str] = set()
    for i, item in enumerate(items):
        check_identifier(item, f"{field}[{i}]")
        if item in seen:
            raise DuplicateId(f"{field}[{i}]", item, f"each id once in {field}")
        seen.add(item)
    return items


G = TypeVar("G", bound=np.generic)


def _readonly(array: npt.NDArray[G]) -> npt.NDArray[G]:
    array.setflags(write=False)
    return array


@attrs.frozen(kw_only=True, eq=False)
class MatchProblem:
    """Who may be matched to whom, and how well: the input of the solvers.

    Build it with :func:`matching_problem` (from an organisation) or :meth:`from_scores`.

    Attributes
    ----------
    mentees, mentors
        Member ids: rows and columns of the matrices.
    capacities
        Free places per mentor (``int64``, one per mentor).
    scores
        Pair score, mentees × mentors (``float64``); mentees rank mentors by it.
    mentor_scores
        How mentors rank mentees (mentees × mentors); the same as `scores` unless given.
    allowed
        Pairs no hard constraint forbids (``bool``, mentees × mentors).
    blockers
        For each mentee with no allowed mentor at all, why (one :class:`~teamcore.mentoring.Blocker`).
    details
        The :class:`~teamcore.mentoring.MatchScore` of each pair, when built from an organisation.
    """

    mentees: tuple[str, ...]
    mentors: tuple[str, ...]
    capacities: IntArray
    scores: FloatArray
    mentor_scores: FloatArray
    allowed: BoolArray
    blockers: Mapping[str, Blocker] = attrs.field(factory=dict)
    details: Mapping[tuple[str, str], MatchScore] = attrs.field(factory=dict, repr=False)
    points: IntArray = attrs.field(init=False, repr=False)
    mentor_points: IntArray = attrs.field(init=False, repr=False)

    def __repr__(self) -> str:
        return short_repr(self)

    def __attrs_post_init__(self) -> None:
        points = _readonly(_points(self.scores))
        object.__setattr__(self, "points", points)
        # One shared score (the usual case) is one matrix of points, not two: at 1,000 mentees × 60,000 mentors
        # each is 480 MB.
        same = self.mentor_scores is self.scores
        theirs = points if same else _readonly(_points(self.mentor_scores))
        object.__setattr__(self, "mentor_points", theirs)

    @classmethod
    def from_scores(
        cls,
        mentees: Sequence[str],
        mentors: Sequence[str],
        scores: npt.ArrayLike,
        capacities: npt.ArrayLike,
        *,
        allowed: npt.ArrayLike | None = None,
        mentor_scores: npt.ArrayLike | None = None,
    ) -> MatchProblem:
        """A problem from a score matrix (mentees × mentors) and mentor capacities.

        Parameters
        ----------
        mentees, mentors
            Distinct ids.
        scores
            Finite numbers, mentees × mentors; higher is better.
        capacities
            Non-negative integers, one per mentor.
        allowed
            Pairs that may be matched; default: all.
        mentor_scores
            Mentors' own ranking of mentees, same shape as `scores`; default `scores`.

        Raises
        ------
        InvalidValue
            If a shape does not fit, a score is not finite or a capacity is negative.

        Examples
        --------
        >>> p = MatchProblem.from_scores(["x", "y"], ["m"], [[2.0], [1.5]], [1])
        >>> p.points.tolist()
        [[2000], [1500]]
        """
        e_ids, r_ids = _ids(mentees, "mentees"), _ids(mentors, "mentors")
        shape = (len(e_ids), len(r_ids))
        matrix = _matrix(scores, shape, "scores")
        theirs = matrix if mentor_scores is None else _matrix(mentor_scores, shape, "mentor_scores")
        caps = np.asarray(capacities)
        if caps.shape != (len(r_ids),) or not np.issubdtype(caps.dtype, np.integer) or (caps < 0).any():
            raise InvalidValue("capacities", caps.tolist(), f"{len(r_ids)} non-negative integers, one per mentor")
        mask = np.ones(shape, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
        if mask.shape != shape:
            raise InvalidValue("allowed", mask.shape, f"a boolean matrix of shape {shape}")
        return cls._owned(e_ids, r_ids, matrix, theirs, caps.astype(np.int64), mask.copy())

    @classmethod
    def _owned(  # noqa: PLR0917 - the problem's parts
        cls,
        mentees: tuple[str, ...],
        mentors: tuple[str, ...],
        scores: FloatArray,
        mentor_scores: FloatArray,
        capacities: IntArray,
        allowed: BoolArray,
        why: Callable[[str, Blocker], Blocker] | None = None,
        details: Mapping[tuple[str, str], MatchScore] | None = None,
    ) -> MatchProblem:
        """A problem from checked arrays it may keep (no copies: a matrix can hold 50 million pairs).

        `allowed` is changed in place (full mentors' columns cleared). `why` refines the reason of a mentee with
        no allowed mentor, given the capacity-or-mentor default.
        """
        wanted = np.asarray(allowed.any(axis=1), dtype=bool)
        allowed[:, capacities == 0] = False
        # No allowed mentor: "no capacity" if only full mentors would have been allowed, else "no mentor".
        blockers = {
            mentees[i]: Blocker.NO_CAPACITY if wanted[i] else Blocker.NO_MENTOR
            for i in np.flatnonzero(~allowed.any(axis=1)).tolist()
        }
        if why is not None:
            blockers = {who: why(who, reason) for who, reason in blockers.items()}
        return cls(
            mentees=mentees,
            mentors=mentors,
            capacities=_readonly(capacities),
            scores=_readonly(scores),
            mentor_scores=scores if mentor_scores is scores else _readonly(mentor_scores),
            allowed=_readonly(allowed),
            blockers=blockers,
            details={} if details is None else details,
        )

    def score(self, mentee: str, mentor: str) -> float:
        """The score of the pair (its mentee-side value)."""
        return float(self.scores[self._row(mentee), self._col(mentor)])

    def _row(self, mentee: str) -> int:
        try:
            return self.mentees.index(mentee)
        except ValueError:
            raise UnknownReference("mentee", mentee, "one of the problem's mentees") from None

    def _col(self, mentor: str) -> int:
        try:
            return self.mentors.index(mentor)
        except ValueError:
            raise UnknownReference("mentor", mentor, "one of the problem's mentors") from None


def _matrix(values: npt.ArrayLike, shape: tuple[int, int], field: str, *, copy: bool = True) -> FloatArray:
    try:
        matrix = np.array(values, dtype=np.float64) if copy else np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise WrongType(field, values, "a matrix of numbers") from None
    if matrix.size == 0:
        matrix = matrix.reshape(shape) if shape[0] * shape[1] == 0 else matrix
    if matrix.shape != shape:
        raise InvalidValue(field, matrix.shape, f"a matrix of shape {shape} (mentees × mentors)")
    if not np.isfinite(matrix).all():
        raise InvalidValue(field, "non-finite value", "finite numbers")
    # The largest magnitude from max and min: no |matrix| copy of a matrix that can hold 50 million pairs.
    largest = max(float(matrix.max(initial=0.0)), -float(matrix.min(initial=0.0)))
    if largest > 1e9:
        raise InvalidValue(field, largest, "scores of magnitude at most 1e9")
    return matrix


_CHUNK: Final = 1 << 21
"""Pairs per block when a whole matrix is transformed: bounds the temporaries to a few tens of MB."""


def _points(scores: FloatArray) -> IntArray:
    """``np.rint(scores * SCALE).astype(np.int64)``, computed in blocks of rows so no float temporary is whole."""
    points = np.empty(scores.shape, dtype=np.int64)
    rows = max(1, _CHUNK // max(1, scores.shape[1])) if scores.ndim == 2 else max(1, scores.shape[0])
    for start in range(0, scores.shape[0], rows):
        points[start : start + rows] = np.rint(scores[start : start + rows] * SCALE)
    return points


def matching_problem(
    org: Organisation,
    now: dt.datetime,
    *,
    graph: nx.DiGraph[str] | None = None,
    mentees: Iterable[str] | None = None,
    mentors: Iterable[str] | None = None,
    capacities: Mapping[str, int] | None = None,
    default_capacity: int = DEFAULT_CAPACITY,
    weights: MatchWeights | None = None,
    constraints: MatchConstraints | None = None,
    onboarding: dt.timedelta = DEFAULT_ONBOARDING,
) -> MatchProblem:
    """Score every mentor for every mentee of `org` into a :class:`MatchProblem`.

    Parameters
    ----------
    org
        The organisation.
    now
        The current instant (newcomers, tenure, the overlap week).
    graph
        The existing mentoring graph: mentees who already have an active mentor are left out, and mentors'
        active mentees use up their capacity (node ``capacity`` attributes are read from it too).
    mentees
        Default: newcomers (:func:`teamcore.people.newcomers`) without an active mentor.
    mentors
        Default: every member who is not a newcomer.
    capacities, default_capacity
        Places per mentor; free places are these minus the active load in `graph`.
    weights, constraints
        See :class:`MatchWeights` and :class:`MatchConstraints`.
    onboarding
        How long a member counts as a newcomer.

    Returns
    -------
    MatchProblem
        With :attr:`~MatchProblem.details` holding every pair's :class:`MatchScore`.

    Raises
    ------
    UnknownReference
        If a mentee or mentor is not a member.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> hours = {"mon-fri": ["09:00-17:00"]}
    >>> old = Member(id="m", name="M", timezone="UTC", country="SE", hours=hours, start_date=dt.date(2020, 1, 1))
    >>> new = Member(id="n", name="N", timezone="UTC", country="SE", hours=hours, start_date=dt.date(2026, 11, 2))
    >>> p = matching_problem(Organisation(name="O", members=[old, new]), dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
    >>> p.mentees, p.mentors, p.capacities.tolist()
    (('n',), ('m',), [2])
    """
    w = weights if weights is not None else MatchWeights()
    c = constraints if constraints is not None else MatchConstraints()
    check_int_range(default_capacity, "default_capacity", 0, 1000)
    fresh = newcomers(org, now, onboarding=onboarding)
    active = active_load(graph) if graph is not None else {}
    mentored: set[str] = set()
    if graph is not None:
        mentored = {v for u, v in graph.edges if graph.edges[u, v].get("status") == "active"}
    if mentees is None:
        mentee_ids = [m.id for m in fresh if m.id not in mentored]
    else:
        mentee_ids = [org.member(i).id for i in mentees]
    fresh_ids = {m.id for m in fresh}
    if mentors is None:
        mentor_ids = [m.id for m in org.members if m.id not in fresh_ids]
    else:
        mentor_ids = [org.member(i).id for i in mentors]
    caps = _free_places(mentor_ids, graph, dict(capacities or {}), default_capacity, active)
    skills = {s.name for m in org.members for s in m.skills}
    # Every pair at once (the numbers of match_score, pair by pair); each pair's explanation is computed when read.
    pairs = score_matrix(
        org,
        as_utc(now, "now"),
        [org.member(i) for i in mentee_ids],
        [org.member(i) for i in mentor_ids],
        monday=_week_monday(now),
        skills=skills,
        counted=np.array(caps, dtype=np.int64) > 0,
        weights=w,
        constraints=c,
    )
    kinds: dict[str, set[Blocker]] = {i: set(found) for i, found in zip(mentee_ids, pairs.blockers, strict=True)}
    details = LazyScores(
        org, now, mentee_ids, mentor_ids, skills=skills, weights=w, constraints=c, overlap=pairs.overlap
    )
    # The score matrix is this function's own: checked as from_scores checks, then kept without a copy.
    e_ids, r_ids = _ids(mentee_ids, "mentees"), _ids(mentor_ids, "mentors")
    scores = _matrix(pairs.scores, (len(e_ids), len(r_ids)), "scores", copy=False)
    return MatchProblem._owned(
        e_ids,
        r_ids,
        scores,
        scores,
        np.array(caps, dtype=np.int64),
        pairs.allowed,
        why=lambda who, _reason: _why(who, mentor_ids, caps, kinds.get(who, set())),
        details=details,
    )


def _free_places(
    mentor_ids: Sequence[str],
    graph: nx.DiGraph[str] | None,
    capacities: Mapping[str, int],
    default: int,
    active: Mapping[str, int],
) -> list[int]:
    caps: list[int] = []
    for mentor in mentor_ids:
        node_cap = graph.nodes[mentor].get("capacity") if graph is not None and mentor in graph else None
        total = capacities.get(mentor, node_cap if node_cap is not None else default)
        check_int_range(total, f"capacities[{mentor!r}]", 0, 1000)
        caps.append(max(0, total - active.get(mentor, 0)))
    return caps


def _why(mentee: str, mentor_ids: Sequence[str], caps: Sequence[int], found: set[Blocker]) -> Blocker:
    """The reason a mentee has no allowed mentor: capacity first, then the hard constraint that stopped them."""
    others = [j for j, m in enumerate(mentor_ids) if m != mentee]
    if not others:
        return Blocker.NO_MENTOR
    if all(caps[j] == 0 for j in others):
        return Blocker.NO_CAPACITY
    if Blocker.NO_OVERLAP in found:
        return Blocker.NO_OVERLAP
    if Blocker.NO_SKILL_COVERAGE in found:
        return Blocker.NO_SKILL_COVERAGE
    return Blocker.NO_CAPACITY
