"""Teams and the organisation that holds them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, NewType

import attrs

from teamcore._display import frame_html, html_table, to_pandas
from teamcore._suggest import suggest
from teamcore._time import validate_timezone
from teamcore._validators import (
    attrs_validator,
    check_date,
    check_identifier,
    check_text,
    instance_tuple,
    text_tuple,
)
from teamcore.exceptions import DuplicateId, LeadNotMember, UnknownReference, ValidationError
from teamcore.people._member import Member, MemberId

if TYPE_CHECKING:
    import polars as pl

__all__ = ["ClosedDay", "Organisation", "Team", "TeamId", "organisation_problems"]

TeamId = NewType("TeamId", str)
"""A team identifier that passed validation (1-64 of ``A-Za-z0-9._-``)."""


@attrs.frozen(order=True)
class ClosedDay:
    """A day a team does not work although it is no public holiday (Swedish Midsummer Eve, Christmas Eve).

    Examples
    --------
    >>> ClosedDay(dt.date(2026, 6, 19), "Midsummer Eve")
    ClosedDay(date=datetime.date(2026, 6, 19), name='Midsummer Eve')
    """

    date: dt.date = attrs.field(validator=attrs_validator(check_date))
    name: str = attrs.field(default="", validator=attrs_validator(lambda v, f: check_text(v, f, allow_empty=True)))


def _closed_days(value: Iterable[ClosedDay] | None) -> tuple[ClosedDay, ...]:
    if value is None:
        return ()
    return tuple(sorted(instance_tuple(value, "closed_days", ClosedDay, "a ClosedDay")))


def _short_text(value: object, field: str) -> str:
    return check_text(value, field, max_length=300)


def _team_id(value: str) -> TeamId:
    return TeamId(check_identifier(value, "id"))


def _lead(value: str) -> MemberId:
    return MemberId(check_identifier(value, "lead"))


def _member_ref(value: object, field: str) -> MemberId:
    return MemberId(check_identifier(value, field))


def _team_members(value: Iterable[str]) -> tuple[MemberId, ...]:
    return text_tuple(_member_ref, "members")(value)


def _values(value: Iterable[str] | None) -> tuple[str, ...]:
    return text_tuple(_short_text, "values")(value)


def _goals(value: Iterable[str] | None) -> tuple[str, ...]:
    return text_tuple(_short_text, "goals")(value)


@attrs.frozen(kw_only=True)
class Team:
    """A team: its lead, its members (ids), and what it stands for.

    Parameters
    ----------
    id
        Unique identifier among teams and members.
    name
        Display name.
    lead
        Member id of the team lead; must be one of `members`.
    members
        Member ids, each once, in the order given.
    values, goals
        Shared values and goals the team set itself.
    timezone
        The zone the team reports in (KPI days and weeks); default: the lead's.
    closed_days
        Days the team does not work beyond public holidays.

    Raises
    ------
    LeadNotMember
        If `lead` is not in `members`.
    DuplicateId
        If a member is listed twice.

    Examples
    --------
    >>> Team(id="emea", name="EMEA", lead="anna", members=["anna", "bo"]).size
    2
    >>> Team(id="emea", name="EMEA", lead="cleo", members=["anna", "bo"])
    Traceback (most recent call last):
    ...
    teamcore.exceptions.LeadNotMember: lead: expected one of the team's members ['anna', 'bo'], got 'cleo'
    """

    id: TeamId = attrs.field(converter=_team_id)
    name: str = attrs.field(validator=attrs_validator(check_text))
    lead: MemberId = attrs.field(converter=_lead)
    members: tuple[MemberId, ...] = attrs.field(converter=_team_members)
    values: tuple[str, ...] = attrs.field(factory=tuple, converter=_values)
    goals: tuple[str, ...] = attrs.field(factory=tuple, converter=_goals)
    timezone: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs_validator(validate_timezone))
    )
    closed_days: tuple[ClosedDay, ...] = attrs.field(factory=tuple, converter=_closed_days)

    def __repr__(self) -> str:
        zone = f", {self.timezone}" if self.timezone else ""
        return f"<Team {self.id!r} {self.name!r}: {len(self.members)} members, lead {self.lead!r}{zone}>"

    def __attrs_post_init__(self) -> None:
        for problem in _team_problems(self):
            raise problem

    @property
    def size(self) -> int:
        """Number of members, the lead included."""
        return len(self.members)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self.members


def _team_problems(team: Team) -> list[ValidationError]:
    problems: list[ValidationError] = []
    counts = Counter(team.members)
    problems.extend(
        DuplicateId("members", member_id, "each member listed once in a team")
        for member_id, n in counts.items()
        if n > 1
    )
    if team.lead not in counts:
        problems.append(
            LeadNotMember(
                "lead",
                team.lead,
                f"one of the team's members {list(team.members)}",
                suggestion=suggest(team.lead, team.members),
            )
        )
    dates = Counter(day.date for day in team.closed_days)
    problems.extend(
        DuplicateId("closed_days", day.isoformat(), "each closed day listed once") for day, n in dates.items() if n > 1
    )
    return problems


def organisation_problems(
    member_ids: Iterable[str], teams: Iterable[tuple[str, Sequence[str]]]
) -> list[tuple[str, ValidationError]]:
    """Every cross-entry problem of an organisation, each with the entry it concerns.

    The rules: member ids are unique; team ids are unique and distinct from member ids (both name nodes of the
    organisation graph); every member a team lists exists. :class:`Organisation` raises the first of these; the
    file loaders report them all, also for entries that had problems of their own.

    Parameters
    ----------
    member_ids
        The members' ids, in input order.
    teams
        ``(team id, member ids)`` for each team, in input order.

    Returns
    -------
    list of (str, ValidationError)
        The entry (``"member 'anna'"``, ``"team 'emea'"``) and the problem, in input order.
    """
    found: list[tuple[str, ValidationError]] = []
    seen: set[str] = set()
    for i, member_id in enumerate(member_ids):
        if member_id in seen:
            found.append((f"member '{member_id}'", DuplicateId(f"members[{i}].id", member_id, "a unique member id")))
        seen.add(member_id)
    team_seen: set[str] = set()
    ids = sorted(seen)  # the choices of a suggestion, in an order that does not depend on hashing
    for i, (team_id, members) in enumerate(teams):
        entry = f"team '{team_id}'"
        if team_id in team_seen:
            found.append((entry, DuplicateId(f"teams[{i}].id", team_id, "a unique team id")))
        elif team_id in seen:
            found.append((entry, DuplicateId(f"teams[{i}].id", team_id, "a team id that is not also a member id")))
        team_seen.add(team_id)
        found.extend(
            (
                entry,
                UnknownReference(
                    f"teams[{i}].members[{j}]",
                    member_id,
                    "the id of a member of the organisation",
                    suggestion=suggest(member_id, ids),
                ),
            )
            for j, member_id in enumerate(members)
            if member_id not in seen
        )
    return found


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    return instance_tuple(value, "members", Member, "a Member")


def _teams(value: Iterable[Team]) -> tuple[Team, ...]:
    return instance_tuple(value, "teams", Team, "a Team")


@attrs.frozen(kw_only=True)
class Organisation:
    """An organisation: its members and its teams. A member may belong to several teams.

    Parameters
    ----------
    name
        Display name.
    members
        Every member, each id once.
    teams
        The teams; each lists members of this organisation.

    Raises
    ------
    DuplicateId, UnknownReference
        For the first problem :func:`organisation_problems` finds.

    Examples
    --------
    >>> anna = Member(id="anna", name="Anna", timezone="Europe/Stockholm", country="SE")
    >>> org = Organisation(name="Acme", members=[anna], teams=[Team(id="t", name="T", lead="anna", members=["anna"])])
    >>> org.member("anna").country
    'SE'
    """

    name: str = attrs.field(validator=attrs_validator(check_text))
    members: tuple[Member, ...] = attrs.field(converter=_members)
    teams: tuple[Team, ...] = attrs.field(factory=tuple, converter=_teams)
    _by_id: dict[str, Member] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _teams_by_id: dict[str, Team] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _member_teams: dict[str, tuple[Team, ...]] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        teams = [(team.id, team.members) for team in self.teams]
        for _entry, problem in organisation_problems([m.id for m in self.members], teams):
            raise problem
        object.__setattr__(self, "_by_id", {m.id: m for m in self.members})
        object.__setattr__(self, "_teams_by_id", {t.id: t for t in self.teams})
        # Each member's teams, in organisation order, built once: `teams_of` is asked per member in loops over the
        # members (newcomers, mentoring pairs), where a scan of every team made an organisation-wide pass quadratic.
        member_teams: dict[str, list[Team]] = {}
        for team in self.teams:
            for member_id in team.members:
                member_teams.setdefault(member_id, []).append(team)
        object.__setattr__(self, "_member_teams", {m: tuple(ts) for m, ts in member_teams.items()})

    def member(self, member_id: str) -> Member:
        """Return the member with `member_id`.

        Raises
        ------
        UnknownReference
            If there is none.
        """
        try:
            return self._by_id[member_id]
        except KeyError:
            raise UnknownReference(
                "member_id",
                member_id,
                "the id of a member of the organisation",
                suggestion=suggest(member_id, self._by_id),
            ) from None

    def team(self, team_id: str) -> Team:
        """Return the team with `team_id`.

        Raises
        ------
        UnknownReference
            If there is none.
        """
        try:
            return self._teams_by_id[team_id]
        except KeyError:
            raise UnknownReference(
                "team_id",
                team_id,
                f"one of the teams {sorted(self._teams_by_id)}",
                suggestion=suggest(team_id, self._teams_by_id),
            ) from None

    def members_of(self, team_id: str) -> tuple[Member, ...]:
        """The members of team `team_id`, in the team's order."""
        return tuple(self._by_id[m] for m in self.team(team_id).members)

    def teams_of(self, member_id: str) -> tuple[Team, ...]:
        """The teams `member_id` belongs to, in organisation order."""
        self.member(member_id)
        return self._member_teams.get(member_id, ())

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._by_id

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}: {len(self.members)} members, {len(self.teams)} teams>"

    def to_polars(self) -> pl.DataFrame:
        """One row per member: ``id, name, role, employment, timezone, country, start_date, teams, languages, skills``.

        ``teams`` and ``languages`` are lists; ``skills`` reads ``name:level`` joined with ``", "``.

        Examples
        --------
        >>> anna = Member(id="anna", name="Anna", timezone="Europe/Stockholm", country="SE", languages=["sv", "en"])
        >>> org = Organisation(name="Acme", members=[anna], teams=[Team(id="t", name="T", lead="anna",
        ...                                                             members=["anna"])])
        >>> org
        <Organisation 'Acme': 1 members, 1 teams>
        >>> org.to_polars().select("id", "teams", "languages").row(0)
        ('anna', ['t'], ['sv', 'en'])
        """
        import polars as pl  # noqa: PLC0415 - an organisation needs polars only to become a table

        teams: dict[str, list[str]] = {m.id: [] for m in self.members}
        for team in self.teams:
            for member in team.members:
                teams[member].append(team.id)
        rows = [
            {
                "id": m.id,
                "name": m.name,
                "role": m.role.value,
                "employment": m.employment.value,
                "timezone": m.timezone,
                "country": m.country,
                "start_date": m.start_date,
                "teams": teams[m.id],
                "languages": list(m.languages),
                "skills": ", ".join(f"{s.name}:{s.level}" for s in m.skills),
            }
            for m in self.members
        ]
        schema = pl.Schema(
            {
                "id": pl.String(),
                "name": pl.String(),
                "role": pl.String(),
                "employment": pl.String(),
                "timezone": pl.String(),
                "country": pl.String(),
                "start_date": pl.Date(),
                "teams": pl.List(pl.String),
                "languages": pl.List(pl.String),
                "skills": pl.String(),
            }
        )
        return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)

    def to_pandas(self) -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars())

    def _repr_html_(self) -> str:
        """The organisation in a notebook: its teams and its members as HTML tables."""
        teams = html_table(
            ["team", "name", "lead", "members", "timezone"],
            [(t.id, t.name, t.lead, len(t.members), t.timezone) for t in self.teams],
            title="Teams",
        )
        import polars as pl  # noqa: PLC0415

        people = self.to_polars().with_columns(pl.col("teams").list.join(", "), pl.col("languages").list.join(", "))
        return (
            f"<div><strong>{escape(repr(self))}</strong>{teams}{frame_html(people, title='Members', max_rows=50)}</div>"
        )

    def __len__(self) -> int:
        return len(self.members)
