"""Match scores of every mentee against every mentor at once: the numbers of :func:`match_score`, pair by pair.

:func:`~teamcore.mentoring.match_score` explains one pair; an organisation of 60,000 members asks for tens of
millions of pairs, which no per-pair Python loop answers in time. :func:`score_matrix` computes the same totals
and hard constraints as whole rows of arrays (one row per mentee, one column per mentor):

- working-hour overlap is computed once per pair of *patterns* (timezone and weekly hours), which members share;
- skills, languages, teams and seniority are per-mentor columns compared with each mentee's values;
- each total is summed in the order :attr:`MatchScore.total` sums its components, with the same float operations,
  so every score is bit-for-bit the per-pair one (the tests check it against :func:`match_score`).

:class:`LazyScores` keeps the explanation: it computes a pair's :class:`MatchScore` with :func:`match_score` only
when it is asked for (the CLI's ``--explain`` asks for the assigned pairs only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from teamcore.mentoring._score import (
    _ROLE_RANK,
    Blocker,
    MatchConstraints,
    MatchScore,
    MatchWeights,
    _tenure_years,
    _usual_week,
    match_score,
    skill_gaps,
)
from teamcore.people import Member, Organisation, WeeklyHours
from teamcore.scheduling import IntervalSet

__all__ = ["LazyScores", "PairScores", "score_matrix"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_Pattern = tuple[str, WeeklyHours]


def _pattern(member: Member) -> _Pattern:
    return (member.timezone, member.hours)


@attrs.frozen
class PairScores:
    """Scores (mentees × mentors), whether each pair breaks no hard constraint, and each mentee's blockers.

    `blockers` holds, per mentee row, the blockers of its pairs with mentors in `counted` (mentors with free places).
    """

    scores: FloatArray
    allowed: BoolArray
    blockers: tuple[frozenset[Blocker], ...]
    overlap: Mapping[tuple[str, str], int] = attrs.field(repr=False)


def _overlaps(
    mentees: Sequence[Member], mentors: Sequence[Member], monday: dt.date
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Overlap minutes per (mentee pattern, mentor pattern), and each member's pattern index."""
    own_keys: dict[_Pattern, int] = {}
    own_index = np.array([own_keys.setdefault(_pattern(m), len(own_keys)) for m in mentees], dtype=np.int64)
    around_keys: dict[_Pattern, int] = {}
    around_index = np.array([around_keys.setdefault(_pattern(m), len(around_keys)) for m in mentors], dtype=np.int64)
    first_own = {key: m for m in reversed(mentees) for key in (_pattern(m),)}
    first_around = {key: m for m in reversed(mentors) for key in (_pattern(m),)}
    own: list[IntervalSet] = [_usual_week(first_own[key], monday, 0, 0) for key in own_keys]
    around: list[IntervalSet] = [_usual_week(first_around[key], monday, 1, 1) for key in around_keys]
    return _overlap_minutes(own, around), own_index, around_index


def _padded(sets: Sequence[IntervalSet]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Starts and ends of each set as rows of one matrix, short rows padded with empty ``[0, 0)`` intervals."""
    width = max((len(x.starts) for x in sets), default=0)
    starts = np.zeros((len(sets), width), dtype=np.int64)
    ends = np.zeros((len(sets), width), dtype=np.int64)
    for k, x in enumerate(sets):
        starts[k, : len(x.starts)], ends[k, : len(x.ends)] = x.starts, x.ends
    return starts, ends


def _overlap_minutes(own: Sequence[IntervalSet], around: Sequence[IntervalSet]) -> npt.NDArray[np.int64]:
    """``own[a].intersection(around[b]).total_seconds() // 60`` for every pair, as one array.

    Each set's intervals are disjoint, so the seconds two sets share are the sum over pairs of intervals of
    ``max(0, min(end, end') - max(start, start'))``: exact integers, summed for all pairs of patterns at once rather
    than one interval sweep per pair (150 × 150 patterns at 60,000 members). A padding interval ``[0, 0)`` adds 0.
    """
    table = np.zeros((len(own), len(around)), dtype=np.int64)
    if not own or not around:
        return table
    own_starts, own_ends = _padded(own)
    around_starts, around_ends = _padded(around)
    for a in range(len(own)):
        low = np.maximum(own_starts[a][None, :, None], around_starts[:, None, :])
        high = np.minimum(own_ends[a][None, :, None], around_ends[:, None, :])
        table[a] = np.maximum(high - low, 0).sum(axis=(1, 2)) // 60
    return table


@attrs.frozen
class _Row:
    """One mentee's totals, the pairs that break no hard constraint, and the blockers among the counted mentors."""

    total: FloatArray
    fine: BoolArray
    blockers: frozenset[Blocker]


class _Mentors:
    """The mentors' side of every pair, as columns: skill levels, tenure, rank, teams, languages, places."""

    def __init__(self, org: Organisation, mentors: Sequence[Member], today: dt.date, skills: list[str]) -> None:
        self.org, self.mentors, self.today, self.skills = org, mentors, today, skills
        self.count = m = len(mentors)
        self.level = np.zeros((m, len(skills)), dtype=np.int64)
        where = {s: k for k, s in enumerate(skills)}
        for j, x in enumerate(mentors):
            for item in reversed(x.skills):  # the first entry of a name wins, as in Member.skill_level
                k = where.get(item.name)
                if k is not None:
                    self.level[j, k] = item.level
        # One contiguous row per skill: a mentee's gap reads a skill across every mentor.
        self.by_skill = np.ascontiguousarray(self.level.T)
        self.skill_index = where
        self.tenure = np.array([_tenure_years(x, today) for x in mentors], dtype=np.float64)
        self.rank = np.array([_ROLE_RANK[x.role] for x in mentors], dtype=np.int64)
        self.column = {x.id: j for j, x in enumerate(mentors)}
        self.team_of: dict[str, list[int]] = {}
        for j, x in enumerate(mentors):
            for team in org.teams_of(x.id):
                self.team_of.setdefault(team.id, []).append(j)
        self._speaks: dict[str, npt.NDArray[np.int64]] = {}

    def speaks(self, primary: str) -> npt.NDArray[np.int64]:
        """1 where the mentor speaks `primary`, else 0."""
        if primary not in self._speaks:
            self._speaks[primary] = np.array([x.speaks(primary) for x in self.mentors], dtype=np.int64)
        return self._speaks[primary]

    def row(
        self,
        mentee: Member,
        minutes: npt.NDArray[np.int64],
        counted: BoolArray,
        w: MatchWeights,
        c: MatchConstraints,
    ) -> _Row:
        """`mentee` against every mentor, with the operations of :func:`match_score` in its order."""
        m = self.count
        gaps = skill_gaps(mentee, self.skills, w.target_level)
        need = sum(gaps.values())
        covered = np.zeros(m, dtype=np.int64)
        for skill, depth in gaps.items():
            wanted = max(w.teach_level, mentee.skill_level(skill) + 1)
            covered += depth * (self.by_skill[self.skill_index[skill]] >= wanted)
        skill_value = covered / need if need else np.zeros(m)
        overlap_value = np.minimum(1.0, minutes / w.overlap_target_minutes)
        shared = np.zeros(m, dtype=np.int64)
        for tag in mentee.languages:
            shared += self.speaks(tag.split("-")[0])
        language_value = shared / len(mentee.languages) if mentee.languages else np.zeros(m)
        same = np.zeros(m, dtype=bool)
        for team in self.org.teams_of(mentee.id):
            same[self.team_of.get(team.id, [])] = True
        team_value = np.where(same != w.cross_functional, 1.0, 0.0)
        lead = self.tenure - _tenure_years(mentee, self.today)
        step = self.rank - _ROLE_RANK[mentee.role]
        rank_value = np.where(step > 0, 1.0, np.where(step == 0, 0.5, 0.0))
        seniority_value = 0.5 * np.minimum(1.0, np.maximum(0.0, lead) / 2) + 0.5 * rank_value
        # The order and the operations of MatchScore.total: sum(value * weight) over the components.
        total = skill_value * w.skills
        total = total + overlap_value * w.overlap
        total = total + language_value * w.languages
        total = total + team_value * w.team
        total = total + seniority_value * w.seniority
        no_overlap = (minutes < c.min_overlap_minutes) if c.min_overlap_minutes else np.zeros(m, dtype=bool)
        no_skill = (covered == 0) if c.require_skill_coverage else np.zeros(m, dtype=bool)
        fine = ~(no_overlap | no_skill)
        look = counted.copy()
        own = self.column.get(mentee.id)
        if own is not None:  # never paired with themself
            total[own], fine[own], look[own] = 0.0, False, False
        found: set[Blocker] = set()
        if no_overlap[look].any():
            found.add(Blocker.NO_OVERLAP)
        if no_skill[look].any():
            found.add(Blocker.NO_SKILL_COVERAGE)
        return _Row(total=total, fine=fine, blockers=frozenset(found))


def score_matrix(
    org: Organisation,
    now: dt.datetime,
    mentees: Sequence[Member],
    mentors: Sequence[Member],
    *,
    monday: dt.date,
    skills: set[str],
    counted: BoolArray,
    weights: MatchWeights,
    constraints: MatchConstraints,
) -> PairScores:
    """The :func:`match_score` total and hard constraints of every pair, as arrays.

    Parameters
    ----------
    org, now
        As for :func:`match_score` (`now` in UTC).
    mentees, mentors
        The rows and the columns; a member in both is never paired with themself (score 0, not allowed).
    monday
        The Monday (UTC) of the overlap week.
    skills
        The skills gaps are looked for in.
    counted
        Per mentor, whether their pairs' blockers count towards a mentee's reasons (mentors with free places).
    weights, constraints
        As for :func:`match_score`.

    Returns
    -------
    PairScores
        Mentees × mentors.
    """
    n, m = len(mentees), len(mentors)
    scores = np.zeros((n, m))
    allowed = np.zeros((n, m), dtype=bool)
    overlap_table, own_index, around_index = _overlaps(mentees, mentors, monday)
    columns = _Mentors(org, mentors, now.date(), sorted(skills))
    reasons: list[frozenset[Blocker]] = []
    for i, mentee in enumerate(mentees):
        row = columns.row(mentee, overlap_table[own_index[i]][around_index], counted, weights, constraints)
        scores[i], allowed[i] = row.total, row.fine
        reasons.append(row.blockers)
    return PairScores(
        scores=scores,
        allowed=allowed,
        blockers=tuple(reasons),
        overlap=_PatternOverlap(
            overlap_table,
            {mentee.id: int(k) for mentee, k in zip(mentees, own_index, strict=True)},
            {mentor.id: int(k) for mentor, k in zip(mentors, around_index, strict=True)},
        ),
    )


class _PatternOverlap(Mapping[tuple[str, str], int]):
    """Overlap minutes of a ``(mentee, mentor)`` pair, read from the table of their patterns."""

    def __init__(self, table: npt.NDArray[np.int64], rows: dict[str, int], columns: dict[str, int]) -> None:
        self._table, self._rows, self._columns = table, rows, columns

    def __getitem__(self, key: tuple[str, str]) -> int:
        return int(self._table[self._rows[key[0]], self._columns[key[1]]])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((a, b) for a in self._rows for b in self._columns)

    def __len__(self) -> int:
        return len(self._rows) * len(self._columns)


class LazyScores(Mapping[tuple[str, str], MatchScore]):
    """Every pair's :class:`MatchScore`, keyed ``(mentee, mentor)``, computed by :func:`match_score` when read."""

    def __init__(
        self,
        org: Organisation,
        now: dt.datetime,
        mentees: Sequence[str],
        mentors: Sequence[str],
        *,
        skills: set[str],
        weights: MatchWeights,
        constraints: MatchConstraints,
        overlap: Mapping[tuple[str, str], int],
    ) -> None:
        self._org, self._now = org, now
        self._mentees, self._mentors = tuple(mentees), tuple(mentors)
        self._mentee_set, self._mentor_set = frozenset(mentees), frozenset(mentors)
        self._skills, self._weights, self._constraints = skills, weights, constraints
        self._overlap = overlap
        self._cache: dict[tuple[str, str], MatchScore] = {}

    def __getitem__(self, key: tuple[str, str]) -> MatchScore:
        found = self._cache.get(key)
        if found is not None:
            return found
        mentee, mentor = key
        if mentee == mentor or mentee not in self._mentee_set or mentor not in self._mentor_set:
            raise KeyError(key)
        found = match_score(
            self._org.member(mentor),
            self._org.member(mentee),
            org=self._org,
            now=self._now,
            weights=self._weights,
            constraints=self._constraints,
            skills=self._skills,
            overlap_minutes=self._overlap[key],
        )
        self._cache[key] = found
        return found

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((a, b) for a in self._mentees for b in self._mentors if a != b)

    def __len__(self) -> int:
        both = len(self._mentee_set & self._mentor_set)
        return len(self._mentees) * len(self._mentors) - both

    def __repr__(self) -> str:
        return f"<LazyScores: {len(self)} pairs, {len(self._cache)} computed>"
