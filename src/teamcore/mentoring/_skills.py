"""Skills and resilience: the skills matrix, bus factor, single points of failure, backups and training.

A member *covers* a skill at `level` or above (default 3: works alone). The bus factor of a skill is the number of
members who cover it: how many could be away before nobody can take the work.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from teamcore._display import result_html, short_repr, to_pandas
from teamcore._validators import check_int_range, check_skill_name
from teamcore.exceptions import WrongType
from teamcore.people import MAX_SKILL_LEVEL, Member, Organisation

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "Backup",
    "PeerPair",
    "SkillsMatrix",
    "TrainingSuggestion",
    "backups",
    "bus_factor",
    "peer_learning_pairs",
    "single_points_of_failure",
    "skills_matrix",
    "training_suggestions",
]


def _members(org: Organisation, team: str | None) -> tuple[Member, ...]:
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    return org.members if team is None else org.members_of(team)


def _level(level: int, field: str = "level") -> int:
    return check_int_range(level, field, 1, MAX_SKILL_LEVEL)


def _all_skills(members: Iterable[Member]) -> list[str]:
    return sorted({s.name for m in members for s in m.skills})


@attrs.frozen(kw_only=True)
class SkillsMatrix:
    """Members × skills, the level in each cell (0 when a member does not list the skill).

    Attributes
    ----------
    members
        Member ids, in organisation order.
    skills
        Skill names, sorted.
    levels
        One row per member, one level per skill.
    """

    members: tuple[str, ...]
    skills: tuple[str, ...]
    levels: tuple[tuple[int, ...], ...]

    def __repr__(self) -> str:
        return short_repr(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per member: ``{"member": id, skill: level, ...}``, ready for any DataFrame library.

        Examples
        --------
        >>> SkillsMatrix(members=("a",), skills=("api",), levels=((4,),)).to_dicts()
        [{'member': 'a', 'api': 4}]
        """
        return [
            {"member": member, **dict(zip(self.skills, row, strict=True))}
            for member, row in zip(self.members, self.levels, strict=True)
        ]

    def to_polars(self) -> pl.DataFrame:
        """The matrix as a polars DataFrame: a ``member`` column and one per skill."""
        import polars as pl  # noqa: PLC0415 - heavy to import; only the table export needs it

        columns: dict[str, Any] = {"member": list(self.members)}
        for k, skill in enumerate(self.skills):
            columns[skill] = [row[k] for row in self.levels]
        return pl.DataFrame(columns, schema={"member": pl.String, **dict.fromkeys(self.skills, pl.Int8)})

    def to_pandas(self) -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars())

    def _repr_html_(self) -> str:
        """In a notebook: the summary line and the table of :meth:`to_polars`."""
        return result_html(self, ("Skills matrix (level per member and skill)", self.to_polars()))

    def level(self, member: str, skill: str) -> int:
        """The level of `member` in `skill` (0 if unlisted)."""
        row = self.members.index(member)
        return self.levels[row][self.skills.index(skill)] if skill in self.skills else 0


def skills_matrix(org: Organisation, *, team: str | None = None) -> SkillsMatrix:
    """The skills matrix of `org` (or of one team).

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="O", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"billing": 4}),
    ...     Member(id="b", name="B", timezone="UTC", country="SE", skills={"api": 2, "billing": 1})])
    >>> skills_matrix(org).to_dicts()
    [{'member': 'a', 'api': 0, 'billing': 4}, {'member': 'b', 'api': 2, 'billing': 1}]
    """
    members = _members(org, team)
    skills = tuple(_all_skills(members))
    return SkillsMatrix(
        members=tuple(m.id for m in members),
        skills=skills,
        levels=tuple(tuple(m.skill_level(s) for s in skills) for m in members),
    )


def bus_factor(
    org: Organisation, *, level: int = 3, team: str | None = None, skills: Iterable[str] | None = None
) -> dict[str, int]:
    """For each skill, how many members cover it at `level` or above.

    Parameters
    ----------
    org
        The organisation.
    level
        The least level that counts (1-5, default 3).
    team
        Restrict to one team's members.
    skills
        The skills to report; default every skill anyone lists (a skill nobody lists has bus factor 0).

    Returns
    -------
    dict of str to int
        Skills sorted by name.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="O", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"billing": 4, "api": 3}),
    ...     Member(id="b", name="B", timezone="UTC", country="SE", skills={"billing": 3, "api": 1})])
    >>> bus_factor(org)
    {'api': 1, 'billing': 2}
    """
    _level(level)
    members = _members(org, team)
    names = _all_skills(members) if skills is None else sorted({check_skill_name(s, "skills") for s in skills})
    # One pass over the members' own skills (Member.skill_level reads the first entry of a name), not one scan of
    # every member per skill.
    counts = dict.fromkeys(names, 0)
    for member in members:
        seen: set[str] = set()
        for item in member.skills:
            if item.name not in seen:
                seen.add(item.name)
                if item.level >= level and item.name in counts:
                    counts[item.name] += 1
    return counts


def single_points_of_failure(org: Organisation, *, level: int = 3, team: str | None = None) -> dict[str, str]:
    """Skills exactly one member covers: skill → that member's id.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="O", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"billing": 4, "api": 3}),
    ...     Member(id="b", name="B", timezone="UTC", country="SE", skills={"billing": 3})])
    >>> single_points_of_failure(org)
    {'api': 'a'}
    """
    members = _members(org, team)
    found: dict[str, str] = {}
    for skill, count in bus_factor(org, level=level, team=team).items():
        if count == 1:
            found[skill] = next(m.id for m in members if m.skill_level(skill) >= level)
    return found


@attrs.frozen
class Backup:
    """A member who could cover some of another's work.

    Attributes
    ----------
    member
        The backup's id.
    coverage
        Share (0-1) of the covered member's skill levels the backup matches: the sum over their skills at `level`
        or above of ``min(backup level, their level)``, divided by the sum of their levels.
    skills
        The skills in which the backup reaches `level`.
    shared_team
        Whether they share a team (a tie-break: a teammate knows the context).
    """

    member: str
    coverage: float
    skills: tuple[str, ...]
    shared_team: bool


def backups(org: Organisation, member_id: str, *, level: int = 3, limit: int | None = None) -> list[Backup]:
    """Members ranked by how much of `member_id`'s work they could cover, best first.

    Only the member's skills at `level` or above count; members who cover none of them are left out.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="O", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"billing": 4, "api": 4}),
    ...     Member(id="b", name="B", timezone="UTC", country="SE", skills={"billing": 4}),
    ...     Member(id="c", name="C", timezone="UTC", country="SE", skills={"billing": 3, "api": 3})])
    >>> [(b.member, round(b.coverage, 2)) for b in backups(org, "a")]
    [('c', 0.75), ('b', 0.5)]
    """
    _level(level)
    me = org.member(member_id)
    mine = {s.name: s.level for s in me.skills if s.level >= level}
    total = sum(mine.values())
    my_teams = {t.id for t in org.teams_of(member_id)}
    found: list[Backup] = []
    for other in org.members:
        if other.id == member_id or not total:
            continue
        matched = sum(min(other.skill_level(s), lv) for s, lv in mine.items() if other.skill_level(s) >= level)
        if not matched:
            continue
        shared = bool(my_teams & {t.id for t in org.teams_of(other.id)})
        covered = tuple(s for s in sorted(mine) if other.skill_level(s) >= level)
        found.append(Backup(other.id, matched / total, covered, shared))
    found.sort(key=lambda b: (-b.coverage, not b.shared_team, b.member))
    return found if limit is None else found[: check_int_range(limit, "limit", 0, 1_000_000)]


@attrs.frozen
class TrainingSuggestion:
    """A skill with too few members covering it, who could teach it and who is closest to learning it."""

    skill: str
    bus_factor: int
    teachers: tuple[str, ...]
    learners: tuple[str, ...]


def training_suggestions(
    org: Organisation,
    *,
    level: int = 3,
    min_bus_factor: int = 2,
    teach_level: int = 4,
    learners: int = 3,
    skills: Iterable[str] | None = None,
) -> list[TrainingSuggestion]:
    """Skills whose bus factor is below `min_bus_factor`, most at risk first, with teachers and learners.

    Learners are the members closest below `level` (highest level first, then id): the cheapest to bring up.
    A skill nobody covers has no teachers: train externally.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="O", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"api": 5}),
    ...     Member(id="b", name="B", timezone="UTC", country="SE", skills={"api": 2})])
    >>> training_suggestions(org)
    [TrainingSuggestion(skill='api', bus_factor=1, teachers=('a',), learners=('b',))]
    """
    _level(level)
    _level(teach_level, "teach_level")
    check_int_range(min_bus_factor, "min_bus_factor", 1, 1_000_000)
    check_int_range(learners, "learners", 0, 1_000_000)
    factors = bus_factor(org, level=level, skills=skills)
    found: list[TrainingSuggestion] = []
    for skill, count in sorted(factors.items(), key=lambda item: (item[1], item[0])):
        if count >= min_bus_factor:
            continue
        teachers = tuple(m.id for m in org.members if m.skill_level(skill) >= teach_level)
        below = [m for m in org.members if m.skill_level(skill) < level]
        below.sort(key=lambda m: (-m.skill_level(skill), m.id))
        found.append(TrainingSuggestion(skill, count, teachers, tuple(m.id for m in below[:learners])))
    return found


@attrs.frozen
class PeerPair:
    """Two members who can teach each other: `a` teaches `a_teaches` to `b`, and `b` teaches `b_teaches` to `a`."""

    a: str
    b: str
    a_teaches: tuple[str, ...]
    b_teaches: tuple[str, ...]


def peer_learning_pairs(org: Organisation, *, level: int = 3, team: str | None = None) -> list[PeerPair]:
    """Pairs of members who each cover at `level` a skill the other lacks (is below `level` in): peer learning.

    Ranked by the smaller side's number of skills, then the total, then ids.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="O", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"api": 4, "billing": 1}),
    ...     Member(id="b", name="B", timezone="UTC", country="SE", skills={"billing": 4})])
    >>> peer_learning_pairs(org)
    [PeerPair(a='a', b='b', a_teaches=('api',), b_teaches=('billing',))]
    """
    _level(level)
    members = _members(org, team)
    strong = {m.id: {s.name for s in m.skills if s.level >= level} for m in members}
    found: list[PeerPair] = []
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            gives = tuple(sorted(strong[first.id] - strong[second.id]))
            takes = tuple(sorted(strong[second.id] - strong[first.id]))
            if gives and takes:
                found.append(PeerPair(first.id, second.id, gives, takes))
    found.sort(key=lambda p: (-min(len(p.a_teaches), len(p.b_teaches)), -len(p.a_teaches) - len(p.b_teaches), p.a, p.b))
    return found
