"""How well a mentor fits a mentee: an open, explainable score with documented weights, and hard constraints.

The score of a pair is the sum of five components, each a value from 0 to 1 times its weight:

========== ======= =====================================================================================
component  default value
========== ======= =====================================================================================
skills     4.0     share of the mentee's skill gaps (weighted by how far below `target_level`) the mentor
                   covers at `teach_level` or above
overlap    3.0     working-hour overlap in a reference week (UTC), up to `overlap_target_minutes`
languages  1.0     share of the mentee's languages the mentor speaks
team       1.0     1 if they share a team (or, with `cross_functional`, if they do not)
seniority  1.0     half tenure lead (up to 2 years), half role rank (higher 1, equal 0.5, lower 0)
========== ======= =====================================================================================

Hard constraints are not scores: a pair without any working-hour overlap (below `min_overlap_minutes`) or, when
asked, without any covered skill gap is not allowed at all; a mentor with capacity 0 takes nobody.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable

import attrs

from teamcore._display import short_repr
from teamcore._time import as_utc
from teamcore._validators import check_int_range, check_skill_name
from teamcore.exceptions import OutOfRange, WrongType
from teamcore.people import MAX_SKILL_LEVEL, Member, Organisation, Role
from teamcore.scheduling import BusinessCalendar, IntervalSet

__all__ = [
    "Blocker",
    "MatchConstraints",
    "MatchScore",
    "MatchWeights",
    "ScoreComponent",
    "match_score",
    "skill_gaps",
    "weekly_overlap_minutes",
]

_ROLE_RANK = {
    Role.AGENT: 0,
    Role.SENIOR_AGENT: 1,
    Role.SPECIALIST: 1,
    Role.QUALITY_ANALYST: 1,
    Role.WORKFORCE_PLANNER: 1,
    Role.TEAM_LEAD: 2,
    Role.MANAGER: 3,
}


def _weight(_instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongType(attribute.name, value, "a number from 0 to 100")
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise OutOfRange(attribute.name, value, "a number from 0 to 100")


def _level(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    check_int_range(value, attribute.name, 1, MAX_SKILL_LEVEL)


def _minutes(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    check_int_range(value, attribute.name, 0, 7 * 24 * 60)


def _positive_minutes(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    check_int_range(value, attribute.name, 1, 7 * 24 * 60)


@attrs.frozen(kw_only=True)
class MatchWeights:
    """The weights of the match score and how its components are measured; see the module's table.

    Parameters
    ----------
    skills, overlap, languages, team, seniority
        Weights, each 0-100; a weight of 0 switches a component off.
    target_level
        A mentee's skill below this level is a gap (default 3, "works alone").
    teach_level
        A mentor covers a gap at this level or above (default 4).
    overlap_target_minutes
        Weekly overlap that earns the full overlap component (default 300, five hours).
    cross_functional
        Prefer mentors from *another* team (collaboration across departments) instead of the same team.

    Examples
    --------
    >>> MatchWeights().max_total
    10.0
    >>> MatchWeights(skills=-1)
    Traceback (most recent call last):
    ...
    teamcore.exceptions.OutOfRange: skills: expected a number from 0 to 100, got -1
    """

    skills: float = attrs.field(default=4.0, validator=_weight)
    overlap: float = attrs.field(default=3.0, validator=_weight)
    languages: float = attrs.field(default=1.0, validator=_weight)
    team: float = attrs.field(default=1.0, validator=_weight)
    seniority: float = attrs.field(default=1.0, validator=_weight)
    target_level: int = attrs.field(default=3, validator=_level)
    teach_level: int = attrs.field(default=4, validator=_level)
    overlap_target_minutes: int = attrs.field(default=300, validator=_positive_minutes)
    cross_functional: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    @property
    def max_total(self) -> float:
        """The highest total a pair can reach."""
        return float(self.skills + self.overlap + self.languages + self.team + self.seniority)


@attrs.frozen(kw_only=True)
class MatchConstraints:
    """Hard constraints: a pair that breaks one is not allowed, whatever its score.

    Parameters
    ----------
    min_overlap_minutes
        Least weekly working-hour overlap (UTC, reference week); default 1: some overlap at all. 0 switches the
        rule off (for asynchronous mentoring).
    require_skill_coverage
        Refuse a mentor who covers none of the mentee's skill gaps (default off).
    """

    min_overlap_minutes: int = attrs.field(default=1, validator=_minutes)
    require_skill_coverage: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))


class Blocker(enum.StrEnum):
    """Why a pair, or a mentee, cannot be matched."""

    NO_OVERLAP = "no_overlap"
    NO_SKILL_COVERAGE = "no_skill_coverage"
    NO_CAPACITY = "no_capacity"
    NO_MENTOR = "no_mentor"


@attrs.frozen
class ScoreComponent:
    """One component of a match score: `value` (0-1) times `weight` gives `points`; `detail` says why."""

    name: str
    value: float
    weight: float
    detail: str

    @property
    def points(self) -> float:
        """``value * weight``."""
        return self.value * self.weight


@attrs.frozen(kw_only=True)
class MatchScore:
    """The score of one mentor → mentee pair, with every component and any hard constraint it breaks.

    Attributes
    ----------
    mentor, mentee
        Member ids.
    components
        skills, overlap, languages, team, seniority, in that order.
    blockers
        Hard constraints the pair breaks; empty when the pair is allowed.
    """

    mentor: str
    mentee: str
    components: tuple[ScoreComponent, ...]
    blockers: tuple[Blocker, ...] = ()

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def total(self) -> float:
        """Sum of the components' points."""
        return sum(c.points for c in self.components)

    @property
    def allowed(self) -> bool:
        """Whether the pair breaks no hard constraint."""
        return not self.blockers

    def component(self, name: str) -> ScoreComponent:
        """The component called `name`."""
        for item in self.components:
            if item.name == name:
                return item
        raise WrongType("name", name, f"one of {[c.name for c in self.components]}")

    def explain(self) -> str:
        """A few lines that say how the total came about.

        Examples
        --------
        >>> s = MatchScore(mentor="a", mentee="b", components=(ScoreComponent("team", 1.0, 1.0, "same team"),))
        >>> print(s.explain())
        a -> b: 1.00 (allowed)
          team       1.00 x 1.0 = 1.00  same team
        """
        state = "allowed" if self.allowed else "not allowed: " + ", ".join(b.value for b in self.blockers)
        lines = [f"{self.mentor} -> {self.mentee}: {self.total:.2f} ({state})"]
        lines.extend(
            f"  {c.name:<10} {c.value:.2f} x {c.weight:.1f} = {c.points:.2f}  {c.detail}" for c in self.components
        )
        return "\n".join(lines)


def skill_gaps(mentee: Member, skills: Iterable[str], target_level: int) -> dict[str, int]:
    """The mentee's gaps among `skills`: skill → how many levels below `target_level` they are.

    Examples
    --------
    >>> m = Member(id="n", name="N", timezone="UTC", country="SE", skills={"billing": 1, "returns": 4})
    >>> skill_gaps(m, ["billing", "returns", "refunds"], 3)
    {'billing': 2, 'refunds': 3}
    """
    gaps: dict[str, int] = {}
    for skill in sorted(set(skills)):
        check_skill_name(skill, "skills")
        level = mentee.skill_level(skill)
        if level < target_level:
            gaps[skill] = target_level - level
    return gaps


def _usual_week(member: Member, monday: dt.date, before: int, after: int) -> IntervalSet:
    """The member's weekly hours as UTC intervals for the weeks around `monday`: no holidays, no time off."""
    calendar = BusinessCalendar(hours=member.hours, timezone=member.timezone)
    return calendar.intervals(monday - dt.timedelta(days=7 * before), monday + dt.timedelta(days=7 * (1 + after)))


def _week_monday(now: dt.datetime) -> dt.date:
    instant = as_utc(now, "now")
    return instant.date() - dt.timedelta(days=instant.weekday())


def weekly_overlap_minutes(a: Member, b: Member, now: dt.datetime) -> int:
    """Minutes both members work in the week (Monday to Sunday in UTC) that contains `now`, from their weekly hours.

    Each member's shifts are placed on the calendar in their own timezone (DST per the ``"compatible"`` rule) and
    compared as UTC instants, with :class:`teamcore.scheduling.BusinessCalendar` and its interval sets. `b`'s
    shifts of the neighbouring weeks count too, so a Sunday-night shift in Auckland meets a Sunday-afternoon shift
    in New York. Public holidays and time off are not considered: the score describes the usual week.

    Examples
    --------
    >>> sthlm = Member(id="s", name="S", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["09:00-17:00"]})
    >>> ny = Member(id="n", name="N", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})
    >>> weekly_overlap_minutes(sthlm, ny, dt.datetime(2026, 11, 25, tzinfo=dt.UTC)) // 60  # 09-11 in New York
    10
    """
    monday = _week_monday(now)
    both = _usual_week(a, monday, 0, 0).intersection(_usual_week(b, monday, 1, 1))
    return both.total_seconds() // 60


def _tenure_years(member: Member, today: dt.date) -> float:
    if member.start_date is None:
        return 0.0
    return max(0.0, (today - member.start_date).days / 365.25)


def match_score(
    mentor: Member,
    mentee: Member,
    *,
    org: Organisation,
    now: dt.datetime,
    weights: MatchWeights | None = None,
    constraints: MatchConstraints | None = None,
    skills: Iterable[str] | None = None,
    overlap_minutes: int | None = None,
) -> MatchScore:
    """Score `mentor` for `mentee`: every component, and the hard constraints the pair breaks.

    Parameters
    ----------
    mentor, mentee
        Members of `org`.
    org
        The organisation (teams decide the team component; its skills are the default gap skills).
    now
        The current instant: tenure is counted to it and the overlap is for its week.
    weights, constraints
        Default :class:`MatchWeights` and :class:`MatchConstraints`.
    skills
        The skills gaps are looked for in; default: every skill anyone in `org` lists.
    overlap_minutes
        Precomputed weekly overlap (for scoring many pairs); default: computed here.

    Returns
    -------
    MatchScore

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member, Organisation, Team
    >>> mentor = Member(id="m", name="M", timezone="Europe/Berlin", country="DE", hours={"mon-fri": ["09:00-17:00"]},
    ...                 languages=["en", "de"], skills={"billing": 5}, start_date=dt.date(2020, 1, 6))
    >>> new = Member(id="n", name="N", timezone="Europe/Stockholm", country="SE", hours={"mon-fri": ["08:00-16:00"]},
    ...              languages=["en", "sv"], skills={"billing": 1}, start_date=dt.date(2026, 11, 2))
    >>> team = Team(id="t", name="T", lead="m", members=["m", "n"])
    >>> org = Organisation(name="O", members=[mentor, new], teams=[team])
    >>> score = match_score(mentor, new, org=org, now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
    >>> round(score.total, 2), score.allowed
    (9.25, True)
    >>> print(score.explain())
    m -> n: 9.25 (allowed)
      skills     1.00 x 4.0 = 4.00  covers 1 of 1 gaps: billing
      overlap    1.00 x 3.0 = 3.00  35.0 h a week together
      languages  0.50 x 1.0 = 0.50  speaks 1 of 2: en
      team       1.00 x 1.0 = 1.00  same team
      seniority  0.75 x 1.0 = 0.75  tenure lead 6.8 y, role agent vs agent
    """
    w = weights if weights is not None else MatchWeights()
    c = constraints if constraints is not None else MatchConstraints()
    instant = as_utc(now, "now")
    for name, member in (("mentor", mentor), ("mentee", mentee)):
        if not isinstance(member, Member):
            raise WrongType(name, member, "a Member")
        org.member(member.id)
    wanted = skills if skills is not None else {s.name for m in org.members for s in m.skills}
    gaps = skill_gaps(mentee, wanted, w.target_level)
    covered = {s: d for s, d in gaps.items() if mentor.skill_level(s) >= max(w.teach_level, mentee.skill_level(s) + 1)}
    need = sum(gaps.values())
    skill_value = sum(covered.values()) / need if need else 0.0
    skill_detail = (
        f"covers {len(covered)} of {len(gaps)} gaps" + (": " + ", ".join(sorted(covered)) if covered else "")
        if gaps
        else "no skill gaps"
    )
    minutes = overlap_minutes if overlap_minutes is not None else weekly_overlap_minutes(mentee, mentor, instant)
    overlap_value = min(1.0, minutes / w.overlap_target_minutes)
    shared = [tag for tag in mentee.languages if mentor.speaks(tag.split("-")[0])]
    language_value = len(shared) / len(mentee.languages) if mentee.languages else 0.0
    mentor_teams = {t.id for t in org.teams_of(mentor.id)}
    same = bool(mentor_teams & {t.id for t in org.teams_of(mentee.id)})
    team_value = 1.0 if same != w.cross_functional else 0.0
    today = instant.date()
    lead = _tenure_years(mentor, today) - _tenure_years(mentee, today)
    rank = _ROLE_RANK[mentor.role] - _ROLE_RANK[mentee.role]
    seniority_value = 0.5 * min(1.0, max(0.0, lead) / 2) + 0.5 * (1.0 if rank > 0 else 0.5 if rank == 0 else 0.0)
    components = (
        ScoreComponent("skills", skill_value, w.skills, skill_detail),
        ScoreComponent("overlap", overlap_value, w.overlap, f"{minutes / 60:.1f} h a week together"),
        ScoreComponent(
            "languages",
            language_value,
            w.languages,
            f"speaks {len(shared)} of {len(mentee.languages)}" + (": " + ", ".join(shared) if shared else ""),
        ),
        ScoreComponent("team", team_value, w.team, "same team" if same else "other team"),
        ScoreComponent(
            "seniority",
            seniority_value,
            w.seniority,
            f"tenure lead {lead:.1f} y, role {mentor.role.value} vs {mentee.role.value}",
        ),
    )
    blockers: list[Blocker] = []
    if c.min_overlap_minutes and minutes < c.min_overlap_minutes:
        blockers.append(Blocker.NO_OVERLAP)
    if c.require_skill_coverage and not covered:
        blockers.append(Blocker.NO_SKILL_COVERAGE)
    return MatchScore(mentor=mentor.id, mentee=mentee.id, components=components, blockers=tuple(blockers))
