"""The meetings section: a fair rotation of the team's weekly meeting and fixed 1:1 slots for its lead.

The meeting's weekday is chosen, not fixed. The candidates are the team's working weekdays: the weekdays worked by
the most members, read from their weekly hours (or their country's default week when they have none), so Monday to
Friday for most teams, Sunday to Thursday where that is the week, and only the shared days when part-timers work a
shorter week. A day that a member never works costs them the day-off pain every week, which is the kind of burden
the rotation exists to avoid. Each candidate is rotated over the 12 weeks from its next date after ``now``
(:func:`teamcore.scheduling.rotate`), and the section keeps the weekday whose plan

1. leaves the fewest weeks unscheduled (a plan that drops meetings must not look cheap);
2. has the lowest person burdens, sorted from the worst down and compared in order, the rotation's own lexicographic
   min-max: the lowest worst burden first, then the lowest next-worst, and so on;
3. comes first in the week (Monday first), so equal plans give the same weekday whatever day the report is run.

The section says which weekday won and against which runner-up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import attrs

from teamcore._time import timezone
from teamcore.people import Member, Team, Weekday
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Section, Table
from teamcore.scheduling import Participant, RotationPlan, Series, default_hours, one_on_ones, rotate

__all__ = ["meetings_section"]

_WEEKS = 12
_TIMES = tuple(dt.time(h, m) for h in range(24) for m in (0, 30))
_ORDINALS = ("", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@attrs.frozen
class _Option:
    """One candidate weekday and its rotation."""

    weekday: Weekday
    plan: RotationPlan

    @property
    def burdens(self) -> tuple[float, ...]:
        """Person burdens, worst first."""
        return tuple(sorted((b.total for b in self.plan.burdens), reverse=True))

    @property
    def key(self) -> tuple[int, tuple[float, ...], int]:
        """Fewest unscheduled weeks, then the lexicographic min-max of the burdens, then the earliest weekday."""
        return len(self.plan.unscheduled), self.burdens, int(self.weekday)


def _week(member: Member) -> frozenset[Weekday]:
    """The weekdays `member` works: their weekly hours, or their country's default week when they have none."""
    hours = member.hours if member.hours else default_hours(member.country, member.subdivision)
    return frozenset(Weekday(shift.day) for shift in hours.shifts)


def _team_weekdays(members: Sequence[Member]) -> tuple[Weekday, ...]:
    """The weekdays worked by the most `members` (see :func:`_week`), Monday first.

    Examples
    --------
    >>> def member(id, hours):
    ...     return Member(id=id, name=id, timezone="Europe/Berlin", country="DE", hours=hours)
    >>> [d.short for d in _team_weekdays([member("a", {"mon-fri": ["09:00-17:00"]}),
    ...                                   member("b", {"tue-thu": ["09:00-17:00"]})])]
    ['tue', 'wed', 'thu']
    >>> [d.short for d in _team_weekdays([member("a", {}), member("w", {"sat-sun": ["08:00-16:00"]})])]
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
    """
    counts: Counter[Weekday] = Counter()
    for m in members:
        counts.update(_week(m))
    most = max(counts.values(), default=0)
    return tuple(day for day in Weekday if counts[day] == most)


def _num(value: float) -> str:
    """A burden for a sentence: one decimal, or two when the second one is needed (52.75)."""
    return f"{value:.1f}" if round(value, 1) == round(value, 2) else f"{value:.2f}"


def _why(chosen: _Option, options: Sequence[_Option], members: Sequence[Member]) -> str:
    """Which weekday was chosen and why, against the runner-up."""
    day = chosen.weekday.name_full
    others = [o for o in options if o is not chosen]
    if not others:
        who = "every member" if all(chosen.weekday in _week(m) for m in members) else "the most members"
        return f"{day}: the only weekday {who} works."
    runner = min(others, key=lambda o: o.key)
    other = runner.weekday.name_full
    if len(chosen.plan.unscheduled) != len(runner.plan.unscheduled):
        return (
            f"{day}: fewest unscheduled weeks, {len(chosen.plan.unscheduled)} vs {len(runner.plan.unscheduled)} "
            f"on {other}."
        )
    mine, theirs = chosen.burdens, runner.burdens
    if mine == theirs:
        tied = ", ".join(o.weekday.name_full for o in others if o.key[:2] == chosen.key[:2])
        worst = _num(max(mine, default=0.0))
        return f"{day}: lowest worst burden ({worst}), tied with {tied}; ties go to the earliest weekday."
    k = next(i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b)
    if k == 0:
        return f"{day}: lowest worst burden, {_num(mine[0])} vs {_num(theirs[0])} on {other}."
    rank = _ORDINALS[k] if k < len(_ORDINALS) else f"{k + 1}th"
    return (
        f"{day}: same worst burden as {other} ({_num(mine[0])}), "
        f"lower {rank}-highest burden, {_num(mine[k])} vs {_num(theirs[k])}."
    )


def _options(today: dt.date, name: str, zone: str, members: Sequence[Member], team: Team) -> list[_Option]:
    """Every candidate weekday rotated over the 12 weeks from its next date after `today`."""
    participants = Participant.for_team(members, team)
    options = []
    for weekday in _team_weekdays(members):
        first = today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)
        series = Series(name=f"{name} weekly meeting", frequency="weekly", first=first, count=_WEEKS, times=_TIMES,
                        zone=zone)  # fmt: skip
        options.append(_Option(weekday, rotate(series, participants)))
    return options


def meetings_section(ctx: ReportContext) -> Section | None:
    """For a team report: its weekly meeting on the best weekday, rotated over 12 weeks, and the lead's 1:1 slots.

    Returns ``None`` for an organisation-wide report or a team of one. The weekday is chosen as the module
    documentation says; the meeting is at candidate times every half hour in the team's timezone (or the lead's),
    never in a member's night (22:00-07:00 local), on that weekday's next 12 dates after ``now`` (local). The 1:1
    slots cover the 12 weeks from the day after ``now``.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> def member(id, zone, country):
    ...     return Member(id=id, name=id, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]})
    >>> org = Organisation(name="Acme", members=[member("se", "Europe/Stockholm", "SE"),
    ...                                          member("ny", "America/New_York", "US")],
    ...                    teams=[Team(id="t", name="T", lead="se", members=["se", "ny"])])
    >>> section = meetings_section(ReportContext(org=org, now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC), team="t"))
    >>> [(f.label, f.value) for f in section.blocks[0].items[:2]]
    [('Weekday', 'Tuesday'), ('Worst burden', 0.0)]
    >>> section.blocks[1].text  # US and Swedish public holidays fall on the other weekdays in these 12 weeks
    'Tuesday: lowest worst burden, 0.0 vs 6.0 on Wednesday.'
    """
    if ctx.team is None:
        return None
    team = ctx.org.team(ctx.team)
    members = ctx.org.members_of(ctx.team)
    if len(members) < 2:
        return None
    lead = ctx.org.member(team.lead)
    zone = team.timezone or lead.timezone
    today = ctx.now.astimezone(timezone(zone)).date()
    options = _options(today, team.name, zone, members, team)
    chosen = min(options, key=lambda o: o.key)
    plan = chosen.plan
    ones = one_on_ones(lead, members, first=today + dt.timedelta(days=1), weeks=_WEEKS, team=team)
    blocks: list[Block] = [
        Figures(
            [
                Figure("Weekday", chosen.weekday.name_full, "chosen among the team's working days"),
                Figure("Worst burden", plan.worst, f"sum of pain over {_WEEKS} weeks; 0 = always in working hours"),
                Figure(
                    "Fixed time",
                    plan.fixed_worst if plan.fixed_worst is not None else "none",
                    "worst burden of the best single time",
                ),
                Figure("Gini", plan.gini, "0 = pain shared equally"),
                Figure("Unscheduled", len(plan.unscheduled), "weeks with every time in someone's night"),
            ]
        ),
        Paragraph(_why(chosen, options, members)),
        Table(
            title="Weekdays compared",
            columns=["weekday", "worst burden", "next-worst burden", "unscheduled weeks"],
            rows=[
                (
                    o.weekday.name_full,
                    o.burdens[0] if o.burdens else 0.0,
                    o.burdens[1] if len(o.burdens) > 1 else 0.0,
                    len(o.plan.unscheduled),
                )
                for o in options
            ],
        ),
        Plot(
            kind="bar",
            title="Burden per member over the rotation",
            alt=f"Sum of meeting pain per member over {_WEEKS} weekly meetings; the worst is {plan.worst:.1f}, "
            f"the best {plan.best:.1f}.",
            data=Table(
                title="Burden per member",
                columns=["member", "burden"],
                rows=[(b.member, b.total) for b in sorted(plan.burdens, key=lambda b: (-b.total, b.member))],
            ),
        ),
        Table(
            title=f"Weekly meeting ({zone})",
            columns=["date", "UTC", zone, "worst pain"],
            rows=[
                (
                    o.date.isoformat(),
                    o.start.strftime("%H:%M") if o.start else "-",
                    o.time.strftime("%H:%M") if o.time else "unscheduled",
                    o.worst,
                )
                for o in plan.occurrences
            ],
        ),
        Table(
            title=f"1:1s with {lead.name} ({lead.timezone})",
            columns=["member", "weekday", "time", "weeks out of hours"],
            rows=[
                (
                    o.member,
                    o.weekday.short if o.weekday is not None else "-",
                    o.time.strftime("%H:%M") if o.time else "no slot",
                    len(o.outside),
                )
                for o in ones
            ],
        ),
    ]
    if plan.unscheduled:
        blocks.append(Paragraph("Some weeks have no time outside every member's night: ask who accepts late calls."))
    return Section(key="meetings", title="Meetings and 1:1s", blocks=blocks)
