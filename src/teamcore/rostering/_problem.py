"""A rostering problem: who, which shifts, under which rules, to cover which requirement; and its shifts' facts."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from teamcore._time import as_utc, local_to_utc
from teamcore._validators import instance_tuple
from teamcore.exceptions import DuplicateId, InvalidValue, OutOfRange, UnknownReference, WrongType
from teamcore.people import Member, MemberId, Weekday
from teamcore.rostering._roster import ShiftAssignment
from teamcore.rostering._rules import Availability, Contract, LabourRules, ShiftTemplate
from teamcore.scheduling import PainWeights, country_weekend, public_holidays

__all__ = ["ALL", "RosterProblem", "UnsocialHours"]

ALL: Final = "*"
"""The requirement group every member serves."""

_SAMPLE: Final = dt.timedelta(minutes=5)


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("members", value, "a list of Member")
    items = tuple(value)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, Member):
            raise WrongType(f"members[{i}]", item, "a Member")
        if item.id in seen:
            raise DuplicateId(f"members[{i}].id", item.id, "each member once")
        seen.add(item.id)
    if not items:
        raise InvalidValue("members", [], "at least one member")
    return items


def _templates(value: Iterable[ShiftTemplate]) -> tuple[ShiftTemplate, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongType("templates", value, "a list of ShiftTemplate")
    items = tuple(value)
    names: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, ShiftTemplate):
            raise WrongType(f"templates[{i}]", item, "a ShiftTemplate")
        if item.name in names:
            raise DuplicateId(f"templates[{i}].name", item.name, "each template name once")
        names.add(item.name)
    if not items:
        raise InvalidValue("templates", [], "at least one shift template")
    return items


def _requirement(value: Mapping[str, Sequence[int]]) -> dict[str, tuple[int, ...]]:
    if not isinstance(value, Mapping):
        raise WrongType("requirement", value, "a mapping of group -> agents required per interval")
    out: dict[str, tuple[int, ...]] = {}
    for group, counts in value.items():
        if not isinstance(group, str) or not group:
            raise WrongType("requirement", group, "a group name: a language tag, a skill name or '*'")
        row = tuple(int(c) if not isinstance(c, bool) and float(c) == int(c) else -1 for c in counts)
        for i, c in enumerate(row):
            if c < 0:
                raise OutOfRange(f"requirement[{group!r}][{i}]", list(counts)[i], "a whole number of agents >= 0")
        out[group] = row
    if not out:
        raise InvalidValue("requirement", {}, "at least one group")
    lengths = {len(row) for row in out.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise InvalidValue("requirement", sorted(lengths), "the same positive number of intervals for every group")
    return out


def _contracts(value: Mapping[str, Contract]) -> dict[MemberId, Contract]:
    if not isinstance(value, Mapping):
        raise WrongType("contracts", value, "a mapping of member id -> Contract")
    return {MemberId(key): contract for key, contract in value.items()}


def _availability(value: Iterable[Availability]) -> tuple[Availability, ...]:
    return instance_tuple(value, "availability", Availability, "an Availability")


def _start(value: object) -> dt.datetime:
    return as_utc(value, "start")


def _now(value: object) -> dt.datetime:
    return as_utc(value, "now")


def _instance(kind: type, expected: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise WrongType(attribute.name, value, expected)

    return check


def _step(_instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0) or value.total_seconds() % 60:
        raise WrongType(attribute.name, value, "a positive whole number of minutes (datetime.timedelta)")


@attrs.frozen
class UnsocialHours:
    """Real hours of one shift that are unsocial for its member (a night hour on a weekend counts as night only).

    Attributes
    ----------
    night
        Hours in the night band (:attr:`LabourRules.night_start` to ``night_end``, local time).
    weekend
        Other hours on a local weekend day of the member's country.
    holiday
        Other hours on a public holiday of the member's country (that is not a weekend day).
    """

    night: float
    weekend: float
    holiday: float

    def burden(self, weights: PainWeights) -> float:
        """The pain of these hours with the meeting rotation's weights: ``night`` per night hour, ``day_off`` else."""
        return weights.night * self.night + weights.day_off * (self.weekend + self.holiday)


@attrs.frozen(kw_only=True)
class RosterProblem:
    """Members, shift templates and labour rules, and the requirement per interval and group to cover.

    Parameters
    ----------
    members
        The members to roster; their timezone, country (holidays, weekend), languages, skills and time off apply.
    templates
        The shift templates any member may work.
    requirement
        Agents required per interval for each group: a language tag (``"sv"``; ``"pt"`` matches ``"pt-BR"``), a
        skill name (members with level >= 1) or :data:`ALL`. Every group has one count per interval; e.g.
        ``Requirement.rostered`` of :func:`teamcore.staffing.required_agents`, per language.
    start
        The first interval's start (aware; stored in UTC).
    step
        The intervals' length (30 or 60 minutes, say). The horizon is ``[start, start + step * intervals)``.
    now
        Shifts start at or after `now` (a roster is not proposed for the past).
    rules
        The :class:`LabourRules`.
    contracts
        A :class:`Contract` per member id; a member without one gets ``Contract(employment=member.employment)``.
    availability
        Hard unavailability and soft preferences.
    weights
        The pain weights for unsocial hours (the meeting rotation's :class:`~teamcore.scheduling.PainWeights`).

    Raises
    ------
    WrongType, InvalidValue, OutOfRange, DuplicateId, UnknownReference
        For a bad field, or a contract or availability naming a member who is not in `members`.
    """

    members: tuple[Member, ...] = attrs.field(converter=_members)
    templates: tuple[ShiftTemplate, ...] = attrs.field(converter=_templates)
    requirement: dict[str, tuple[int, ...]] = attrs.field(converter=_requirement, eq=False)
    start: dt.datetime = attrs.field(converter=_start)
    step: dt.timedelta = attrs.field(validator=_step)
    now: dt.datetime = attrs.field(converter=_now)
    rules: LabourRules = attrs.field(factory=LabourRules, validator=_instance(LabourRules, "a LabourRules"))
    contracts: dict[MemberId, Contract] = attrs.field(factory=dict, converter=_contracts, eq=False)
    availability: tuple[Availability, ...] = attrs.field(factory=tuple, converter=_availability)
    weights: PainWeights = attrs.field(factory=PainWeights, validator=_instance(PainWeights, "a PainWeights"))

    def __attrs_post_init__(self) -> None:
        ids = {m.id for m in self.members}
        for key, contract in self.contracts.items():
            if key not in ids:
                raise UnknownReference("contracts", key, "a member id of members")
            if not isinstance(contract, Contract):
                raise WrongType(f"contracts[{key!r}]", contract, "a Contract")
        for i, item in enumerate(self.availability):
            if not isinstance(item, Availability):
                raise WrongType(f"availability[{i}]", item, "an Availability")
            if item.member not in ids:
                raise UnknownReference(f"availability[{i}].member", item.member, "a member id of members")

    def __repr__(self) -> str:
        return (
            f"<RosterProblem {len(self.members)} members, {len(self.templates)} templates, "
            f"{self.intervals} × {self.step} from {self.start.isoformat()}, groups {sorted(self.requirement)}>"
        )

    # -- the horizon -------------------------------------------------------------------------------------------
    @property
    def intervals(self) -> int:
        """The number of intervals."""
        return len(next(iter(self.requirement.values())))

    @property
    def end(self) -> dt.datetime:
        """The end of the horizon (UTC)."""
        return self.start + self.step * self.intervals

    def interval_start(self, index: int) -> dt.datetime:
        """The UTC start of interval `index`."""
        return self.start + self.step * index

    def member(self, member_id: str) -> Member:
        """The member with `member_id`.

        Raises
        ------
        UnknownReference
            If there is none.
        """
        for m in self.members:
            if m.id == member_id:
                return m
        raise UnknownReference("member", member_id, "a member id of the problem")

    def contract(self, member_id: str) -> Contract:
        """The member's contract (the default for their employment type when none was given)."""
        member = self.member(member_id)
        return self.contracts.get(member.id, Contract(employment=member.employment))

    def local_dates(self, member_id: str) -> tuple[dt.date, ...]:
        """The member's local dates the horizon touches, in order."""
        zone = self.member(member_id).zone
        first = self.start.astimezone(zone).date()
        last = (self.end - dt.timedelta(microseconds=1)).astimezone(zone).date()
        return tuple(first + dt.timedelta(days=k) for k in range((last - first).days + 1))

    def serves(self, member_id: str, group: str) -> bool:
        """Whether the member counts towards `group`: speaks the language, has the skill at level >= 1, or ``*``."""
        member = self.member(member_id)
        return group == ALL or member.speaks(group) or member.skill_level(group) >= 1

    # -- a member's calendar -----------------------------------------------------------------------------------
    def holidays(self, member_id: str) -> dict[dt.date, str]:
        """The member's public holidays on the local dates of the horizon."""
        member = self.member(member_id)
        dates = self.local_dates(member_id)
        return dict(_holidays(member.country, member.subdivision, dates[0], dates[-1] + dt.timedelta(days=1)))

    def weekend(self, member_id: str) -> frozenset[Weekday]:
        """The weekend days of the member's country."""
        member = self.member(member_id)
        return country_weekend(member.country, member.subdivision)

    # -- shifts ------------------------------------------------------------------------------------------------
    def template(self, name: str) -> ShiftTemplate:
        """The template called `name`.

        Raises
        ------
        UnknownReference
            If there is none.
        """
        for t in self.templates:
            if t.name == name:
                return t
        raise UnknownReference("template", name, f"one of {[t.name for t in self.templates]}")

    def shift(self, member_id: str, template: str, day: dt.date, start: dt.time) -> ShiftAssignment:
        """The assignment of `template` starting at local `start` on local `day` for the member.

        The local start and end are turned into instants with :func:`teamcore._time.local_to_utc`'s
        ``"compatible"`` rule: a start in a spring-forward gap moves forward, one in a fall-back fold is the
        earlier of its two instants. The end is the local start plus the template's wall-clock length.
        """
        member = self.member(member_id)
        shape = self.template(template)
        zone = member.zone
        local_start = dt.datetime.combine(day, start)
        local_end = local_start + shape.length
        return ShiftAssignment(
            member=member.id,
            template=shape.name,
            start=local_to_utc(day, start, zone),
            end=local_to_utc(local_end.date(), local_end.time(), zone),
            local_date=day,
        )

    def paid_hours(self, assignment: ShiftAssignment) -> float:
        """Real hours of the shift less its template's unpaid break."""
        shape = self.template(assignment.template)
        return (assignment.end - assignment.start - shape.unpaid_break).total_seconds() / 3600

    def candidates(self, member_id: str) -> tuple[ShiftAssignment, ...]:
        """Every shift the member could work: templates × local dates × starts, inside the horizon and after `now`.

        Left out: shifts that touch a local day of the member's time off, overlap a hard :class:`Availability`,
        start on a weekday the template does not allow, or (with :attr:`LabourRules.holidays_off`) start on a
        public holiday. The labour rules between shifts are the solver's and the checker's business.
        """
        member = self.member(member_id)
        dates = self.local_dates(member_id)
        holidays = self.holidays(member_id) if self.rules.holidays_off else {}
        earliest = max(self.start, self.now)
        blocked = self._blocked(member_id, dates)
        out: list[ShiftAssignment] = []
        for shape in self.templates:
            for day in dates:
                if Weekday(day.weekday()) not in shape.days or day in holidays:
                    continue
                for clock in shape.starts:
                    shift = self.shift(member.id, shape.name, day, clock)
                    if shift.start < earliest or shift.end > self.end:
                        continue
                    if any(lo < shift.end and shift.start < hi for lo, hi in blocked):
                        continue
                    out.append(shift)
        return tuple(sorted(out, key=lambda a: (a.start, a.end, a.template)))

    def _blocked(self, member_id: str, dates: Sequence[dt.date]) -> list[tuple[dt.datetime, dt.datetime]]:
        member = self.member(member_id)
        zone = member.zone
        first, last = dates[0] - dt.timedelta(days=1), dates[-1] + dt.timedelta(days=1)
        spans: list[tuple[dt.datetime, dt.datetime]] = []
        for off in member.time_off:
            if off.end < first or off.start > last:
                continue
            spans.append(
                (
                    local_to_utc(off.start, dt.time(0), zone),
                    local_to_utc(off.end + dt.timedelta(days=1), dt.time(0), zone),
                )
            )
        for item in self.availability:
            if item.member == member.id and item.hard:
                spans.extend(
                    (local_to_utc(lo.date(), lo.time(), zone), local_to_utc(hi.date(), hi.time(), zone))
                    for lo, hi in item.windows(first, last)
                )
        return spans

    def unsocial(self, assignment: ShiftAssignment) -> UnsocialHours:
        """The shift's unsocial hours, sampled every 5 minutes at the pieces' midpoints in the member's local time."""
        member = self.member(assignment.member)
        zone = member.zone
        weekend = self.weekend(member.id)
        holidays = self.holidays(member.id)
        lo_t, hi_t = self.rules.night_start, self.rules.night_end
        night = weekend_h = holiday_h = 0
        at = assignment.start + _SAMPLE / 2
        while at < assignment.end:
            local = at.astimezone(zone)
            clock = local.time().replace(tzinfo=None)
            in_night = (lo_t <= clock or clock < hi_t) if hi_t <= lo_t else (lo_t <= clock < hi_t)
            if in_night:
                night += 1
            elif Weekday(local.weekday()) in weekend:
                weekend_h += 1
            elif local.date() in holidays:
                holiday_h += 1
            at += _SAMPLE
        per_hour = _SAMPLE / dt.timedelta(hours=1)
        return UnsocialHours(night=night * per_hour, weekend=weekend_h * per_hour, holiday=holiday_h * per_hour)

    def preference_cost(self, assignment: ShiftAssignment) -> int:
        """The summed weights of the member's soft preferences that the shift overlaps."""
        member = self.member(assignment.member)
        zone = member.zone
        first = assignment.local_date - dt.timedelta(days=1)
        last = assignment.local_date + dt.timedelta(days=1)
        cost = 0
        for item in self.availability:
            if item.member != member.id or item.hard:
                continue
            for lo, hi in item.windows(first, last):
                if local_to_utc(lo.date(), lo.time(), zone) < assignment.end and assignment.start < local_to_utc(
                    hi.date(), hi.time(), zone
                ):
                    cost += item.weight
                    break
        return cost

    def region(self, member_id: str) -> str:
        """The member's region for fairness: their country."""
        return self.member(member_id).country


@functools.lru_cache(maxsize=256)
def _holidays(country: str, subdivision: str | None, first: dt.date, end: dt.date) -> dict[dt.date, str]:
    return public_holidays(country, subdivision, first, end)
