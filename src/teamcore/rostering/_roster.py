"""A roster: shifts assigned to members, as UTC instants with the member's local date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from teamcore._display import to_pandas
from teamcore._time import as_utc
from teamcore._validators import attrs_validator, check_date, check_identifier
from teamcore.exceptions import InvalidInterval, WrongType
from teamcore.people import MemberId

__all__ = ["ShiftAssignment", "Roster"]


def _member(value: object) -> MemberId:
    return MemberId(check_identifier(value, "member"))


def _start(value: object) -> dt.datetime:
    return as_utc(value, "start")


def _end(value: object) -> dt.datetime:
    return as_utc(value, "end")


@attrs.frozen(kw_only=True)
class ShiftAssignment:
    """One shift of one member.

    Parameters
    ----------
    member
        The member's id.
    template
        The :class:`ShiftTemplate`'s name.
    start, end
        Aware instants (stored in UTC); `end` after `start`.
    local_date
        The member's local date on which the shift starts; the rules count the shift on it.

    Examples
    --------
    >>> import datetime as dt
    >>> a = ShiftAssignment(member="ana", template="early", start=dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC),
    ...                end=dt.datetime(2026, 11, 23, 14, tzinfo=dt.UTC), local_date=dt.date(2026, 11, 23))
    >>> a.hours
    8.0
    """

    member: MemberId = attrs.field(converter=_member)
    template: str = attrs.field(validator=attrs_validator(check_identifier))
    start: dt.datetime = attrs.field(converter=_start)
    end: dt.datetime = attrs.field(converter=_end)
    local_date: dt.date = attrs.field(validator=attrs_validator(check_date))

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidInterval("end", f"{self.start.isoformat()}..{self.end.isoformat()}", "an end after the start")

    @property
    def hours(self) -> float:
        """Real hours from start to end (breaks included)."""
        return (self.end - self.start).total_seconds() / 3600

    @property
    def key(self) -> tuple[str, dt.datetime, str]:
        """``(member, start, template)``: what sorts and identifies an assignment."""
        return (self.member, self.start, self.template)


def _assignments(value: Iterable[ShiftAssignment]) -> tuple[ShiftAssignment, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("assignments", value, "a list of ShiftAssignment")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, ShiftAssignment):
            raise WrongType(f"assignments[{i}]", item, "an ShiftAssignment")
    return tuple(sorted(items, key=lambda a: a.key))


@attrs.frozen
class Roster:
    """Assignments, sorted by member, start and template.

    Examples
    --------
    >>> Roster([]).to_polars().columns
    ['member', 'template', 'start', 'end', 'local_date', 'hours']
    """

    assignments: tuple[ShiftAssignment, ...] = attrs.field(converter=_assignments)

    def __len__(self) -> int:
        return len(self.assignments)

    def __iter__(self) -> Iterator[ShiftAssignment]:
        return iter(self.assignments)

    def __repr__(self) -> str:
        members = len({a.member for a in self.assignments})
        return f"<Roster {len(self.assignments)} shifts for {members} members>"

    def for_member(self, member_id: str) -> tuple[ShiftAssignment, ...]:
        """The member's assignments, in order of start."""
        return tuple(a for a in self.assignments if a.member == member_id)

    def worked(self) -> dict[str, list[tuple[dt.datetime, dt.datetime]]]:
        """Member id -> the ``(start, end)`` UTC instants of their shifts: the roster as a :class:`teamcore.Schedule`.

        Coverage and staffing take it as the schedule (``coverage(org, start, end, schedule=roster)``); a shift's
        unpaid break is not cut out, as the roster does not place breaks.

        Examples
        --------
        >>> import datetime as dt
        >>> t0 = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)
        >>> shift = ShiftAssignment(member="ana", template="early", start=t0, end=t0 + dt.timedelta(hours=8),
        ...                         local_date=dt.date(2026, 11, 23))
        >>> [(a.hour, b.hour) for a, b in Roster([shift]).worked()["ana"]]
        [(6, 14)]
        """
        out: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
        for a in self.assignments:
            out.setdefault(a.member, []).append((a.start, a.end))
        return out

    def without(self, assignment: ShiftAssignment) -> Roster:
        """A copy of the roster without `assignment` (the same shifts if it is not in it)."""
        return Roster(a for a in self.assignments if a != assignment)

    def to_polars(self) -> Any:
        """The roster as a polars DataFrame: one row per shift, UTC instants, the member's local date, real hours."""
        import polars as pl  # noqa: PLC0415 - polars loads on use, as everywhere in teamcore

        return pl.DataFrame(
            {
                "member": [a.member for a in self.assignments],
                "template": [a.template for a in self.assignments],
                "start": [a.start for a in self.assignments],
                "end": [a.end for a in self.assignments],
                "local_date": [a.local_date for a in self.assignments],
                "hours": [a.hours for a in self.assignments],
            },
            schema={
                "member": pl.String,
                "template": pl.String,
                "start": pl.Datetime("us", "UTC"),
                "end": pl.Datetime("us", "UTC"),
                "local_date": pl.Date,
                "hours": pl.Float64,
            },
        )

    def to_pandas(self) -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars(), ".to_pandas()")
