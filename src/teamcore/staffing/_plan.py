"""A staffing plan: a forecast and how to staff it, turned into agents required and compared with coverage."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeAlias

import attrs

from teamcore._display import short_repr
from teamcore._schedule import Schedule
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.people import Organisation, Team
from teamcore.scheduling import BusinessCalendar, Coverage, IntervalSet, coverage
from teamcore.staffing._async import AsyncRequirement, async_requirement
from teamcore.staffing._compare import Comparison, compare
from teamcore.staffing._erlang import IntArray, check_seconds
from teamcore.staffing._forecast import Forecast
from teamcore.staffing._required import StaffingCriteria, _check_shrinkage, required_agents

__all__ = ["InboxHours", "StaffingPlan"]

InboxHours: TypeAlias = Literal["team", "always"] | BusinessCalendar | IntervalSet
"""The clock of an asynchronous channel's SLA window: the team's business hours, around the clock, or given."""


def _forecast(value: object) -> Forecast:
    if not isinstance(value, Forecast):
        raise WrongType("forecast", value, "a Forecast")
    return value


def _target(value: object) -> StaffingCriteria:
    if isinstance(value, str):
        return StaffingCriteria.parse(value)
    if not isinstance(value, StaffingCriteria):
        raise WrongType("target", value, "a StaffingCriteria or a service level such as '80/20'")
    return value


def _aht(value: object) -> float:
    return check_seconds(value, "aht")


def _patience(value: object) -> float:
    return check_seconds(value, "patience")


def _hours(value: object) -> InboxHours:
    if isinstance(value, (BusinessCalendar, IntervalSet)):
        return value
    if isinstance(value, str):
        if value in ("team", "always"):
            return value  # type: ignore[return-value]
        raise InvalidValue("hours", value, "'team', 'always', a BusinessCalendar or an IntervalSet")
    raise WrongType("hours", value, "'team', 'always', a BusinessCalendar or an IntervalSet")


def _window(value: object) -> dt.timedelta | None:
    if value is None:
        return None
    if not isinstance(value, dt.timedelta) or value.total_seconds() <= 0:
        raise InvalidValue("window", value, "a positive timedelta, or None for a live channel")
    return value


@attrs.frozen(kw_only=True)
class StaffingPlan:
    """How to staff a forecast: Erlang C for a live channel, or workload within a window for an asynchronous one.

    Parameters
    ----------
    forecast
        Contacts per interval.
    aht
        Average handling time (or work per contact), seconds.
    target
        The service target for a live channel (a :class:`StaffingCriteria` or ``"80/20"``); ignored with `window`.
    shrinkage
        Share of rostered time lost to breaks, training and absence, in [0, 1).
    window
        For e-mail and tickets: the SLA window; ``None`` for phone and chat (Erlang C).
    patience
        Callers' mean patience in seconds: staff a live channel by Erlang A instead of Erlang C.
    hours
        The clock the `window` runs on (ignored without one). ``"team"`` (the default): the business hours of the
        team the plan is compared with — the union of its members' working hours (weekly hours, public holidays,
        the team's closed days, time off), when at least one of them works, as
        :func:`teamcore.kpi.team_calendars` defines a team's open hours; contacts that arrive while the team is
        closed wait for it to open. ``"always"``: a 24/7 inbox, the window is calendar time. Or the business hours
        themselves: a :class:`~teamcore.scheduling.BusinessCalendar` or an
        :class:`~teamcore.scheduling.IntervalSet` of open UTC intervals.

    Examples
    --------
    >>> import datetime as dt
    >>> calls = Forecast(start=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), volume=[100, 60])
    >>> StaffingPlan(forecast=calls, aht=180, target="80/20", shrinkage=0.3).required().tolist()
    [20, 13]

    E-mail within 2 hours: the night's mail waits for the team's 08:00 start, unless the inbox is worked 24/7.

    >>> from teamcore.people import Member
    >>> ana = Member(id="ana", name="Ana", timezone="UTC", country="GB", hours={"mon-fri": ["08:00-16:00"]})
    >>> mail = Forecast(start=dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC), step=dt.timedelta(hours=1),
    ...                 volume=[12, 0, 0, 0])
    >>> StaffingPlan(forecast=mail, aht=600, window=dt.timedelta(hours=2)).required([ana]).tolist()
    [0, 0, 1, 1]
    >>> StaffingPlan(forecast=mail, aht=600, window=dt.timedelta(hours=2), hours="always").required().tolist()
    [1, 1, 0, 0]
    """

    forecast: Forecast = attrs.field(converter=_forecast)
    aht: float = attrs.field(converter=_aht)
    target: StaffingCriteria = attrs.field(default=StaffingCriteria(service_level=0.8, threshold=20), converter=_target)
    shrinkage: float = attrs.field(default=0.0, converter=_check_shrinkage)
    window: dt.timedelta | None = attrs.field(default=None, converter=_window)
    patience: float | None = attrs.field(default=None, converter=attrs.converters.optional(_patience))
    hours: InboxHours = attrs.field(default="team", converter=_hours)

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def method(self) -> str:
        """In words: ``"Erlang C, 80/20"`` or ``"workload within 8 h of business hours"``."""
        if self.window is not None:
            clock = (
                "around the clock" if isinstance(self.hours, str) and self.hours == "always" else "of business hours"
            )
            return f"workload within {self.window.total_seconds() / 3600:g} h {clock}"
        target, model = self.target, "Erlang C" if self.patience is None else "Erlang A"
        if target.service_level is not None and (target.asa, target.max_wait_probability) == (None, None):
            return f"{model}, {target.service_level * 100:g}/{target.threshold:g}"
        return model

    def required(self, people: Organisation | Any = None, *, team: str | Team | None = None) -> IntArray:
        """Agents to roster per interval, shrinkage included.

        `people` and `team` (an organisation or members, and optionally one of its teams) give the business hours
        of an asynchronous plan with ``hours="team"``; a live channel needs neither.

        Raises
        ------
        InvalidValue
            For an asynchronous plan on the team's hours without `people`.
        """
        if self.window is not None:
            return self.workload(people, team=team).agents
        traffic = self.forecast.traffic(self.aht)
        return required_agents(
            traffic, self.target, aht=self.aht, shrinkage=self.shrinkage, patience=self.patience
        ).rostered

    def workload(
        self, people: Organisation | Any = None, *, team: str | Team | None = None, schedule: Schedule | None = None
    ) -> AsyncRequirement:
        """The asynchronous requirement in full (workload, open intervals, work spilled past the horizon).

        With ``hours="team"`` and a `schedule` (a roster), the team's business hours are the schedule's.

        Raises
        ------
        InvalidValue
            For a plan without a `window`, or one on the team's hours without `people`.
        """
        scheduled = None
        if schedule is not None and people is not None:
            f = self.forecast
            scheduled = coverage(people, f.start, f.end, step=f.step, team=team, schedule=schedule)
        return self._workload(people, team, scheduled)

    def against(
        self,
        people: Organisation | Any,
        *,
        team: str | Team | None = None,
        skill: str | None = None,
        language: str | None = None,
        schedule: Schedule | None = None,
    ) -> Comparison:
        """Compare :meth:`required` with the coverage of `people` on the forecast's grid (see :func:`compare`).

        With ``hours="team"`` an asynchronous plan's window runs in the business hours of `team` (of everyone in
        `people` without one); `skill` and `language` narrow who is scheduled, not the hours the inbox is promised
        to be worked. With a `schedule` (a :class:`teamcore.Schedule` such as a
        :class:`~teamcore.rostering.Roster`) the members are scheduled for its intervals instead of their weekly
        hours, and the team's business hours are those too.

        Examples
        --------
        A roster of one 09:00-11:00 shift against two hours that each need one agent, then three:

        >>> import datetime as dt
        >>> from teamcore.people import Member
        >>> ana = Member(id="ana", name="Ana", timezone="UTC", country="GB", hours={"mon-fri": ["09:00-17:00"]})
        >>> t0 = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
        >>> class Roster:
        ...     def worked(self):
        ...         return {"ana": [(t0, t0 + dt.timedelta(hours=1))]}
        >>> plan = StaffingPlan(forecast=Forecast(start=t0, step=dt.timedelta(hours=1), volume=[5, 5]), aht=180)
        >>> plan.against([ana]).scheduled.tolist(), plan.against([ana], schedule=Roster()).scheduled.tolist()
        ([1, 1], [1, 0])
        """
        f = self.forecast
        scheduled = coverage(
            people, f.start, f.end, step=f.step, team=team, skill=skill, language=language, schedule=schedule
        )
        if self.window is None:
            return compare(self.required(), scheduled)
        if skill is not None or language is not None:  # the inbox's hours are the team's, not the filtered members'
            hours = coverage(people, f.start, f.end, step=f.step, team=team, schedule=schedule)
            return compare(self._workload(people, team, hours).agents, scheduled)
        return compare(self._workload(people, team, scheduled).agents, scheduled)

    def _workload(
        self, people: Organisation | Any, team: str | Team | None, scheduled: Coverage | None
    ) -> AsyncRequirement:
        if self.window is None:
            raise InvalidValue("window", None, "an SLA window: the workload method is for e-mail and tickets")
        hours: BusinessCalendar | IntervalSet | None
        if not isinstance(self.hours, str):
            hours = self.hours
        elif self.hours == "always":
            hours = None
        else:
            if people is None:
                raise InvalidValue(
                    "people",
                    None,
                    "an organisation or members whose business hours the SLA window runs in "
                    "(or hours='always' for an inbox worked around the clock)",
                )
            f = self.forecast
            if scheduled is None:
                scheduled = coverage(people, f.start, f.end, step=f.step, team=team)
            hours = IntervalSet.union_of(scheduled.intervals)  # open while at least one member works
        return async_requirement(
            self.forecast, handle_seconds=self.aht, window=self.window, hours=hours, shrinkage=self.shrinkage
        )
