"""The staffing section: agents required per interval against who is scheduled, and the worst intervals.

An interval's status is :data:`STAFFING_STATUS` of its severity: red (nobody scheduled while agents are required)
is ``act``, amber (fewer than required) ``watch``, green ``ok``.

Who is scheduled: the members' weekly hours, or, when the context has a roster (:attr:`ReportContext.roster`), the
roster's shifts: the section then holds the roster against the requirement, says so in a "Schedule" figure, and
its table and plot call the agents *rostered*. An interval the roster does not reach counts as nobody rostered.
"""

from __future__ import annotations

from typing import Final

from teamcore._schedule import Schedule
from teamcore._time import timezone
from teamcore.report._attention import AttentionItem, lead_of
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Section, Table
from teamcore.report._roster import roster_groups
from teamcore.report._status import Rated, Status
from teamcore.rostering import Roster
from teamcore.staffing import StaffingPlan, StaffingSeverity

__all__ = ["STAFFING_STATUS", "staffing_section"]

STAFFING_STATUS: Final[dict[StaffingSeverity, Status]] = {
    "red": Status.ACT,
    "amber": Status.WATCH,
    "green": Status.OK,
}
"""The status of a staffing interval's severity."""

_SHOWN: int = 15
_POINTS: int = 96


def staffing_section(ctx: ReportContext) -> Section | None:
    """Required vs scheduled on the staffing plan's grid, and the roster per group; ``None`` without either.

    With a plan (``ReportContext.staffing``): its requirement against the members' weekly hours, or the roster's
    shifts. With a roster problem (``ReportContext.roster_problem``) and its roster: the shortfall per
    requirement group (language, skill) of :func:`teamcore.rostering.uncovered` (:func:`roster_groups`).

    Times are in the team's timezone when the report is for a team that has one, else UTC.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member, Organisation
    >>> from teamcore.staffing import Forecast, StaffingPlan
    >>> ana = Member(id="ana", name="Ana", timezone="UTC", country="GB", hours={"mon-fri": ["09:00-17:00"]})
    >>> t0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    >>> plan = StaffingPlan(forecast=Forecast(start=t0, step=dt.timedelta(hours=1), volume=[5, 40]), aht=180)
    >>> ctx = ReportContext(org=Organisation(name="Acme", members=[ana]), now=t0, staffing=plan)
    >>> red = staffing_section(ctx).blocks[0].items[1]
    >>> red.label, red.value, red.note, red.status
    ('Red', 1, 'intervals with nobody while agents are required', <Status.ACT: 'act'>)

    With a roster of one 08:00-09:00 shift, the second hour has nobody rostered:

    >>> import attrs
    >>> from teamcore.rostering import Roster, ShiftAssignment
    >>> shift = ShiftAssignment(member="ana", template="early", start=t0, end=t0 + dt.timedelta(hours=1),
    ...                         local_date=t0.date())
    >>> rostered = staffing_section(attrs.evolve(ctx, roster=Roster([shift])))
    >>> rostered.blocks[0].items[-1].value, rostered.blocks[-1].columns[3]
    ('roster', 'rostered')
    >>> rostered.attention[0].what
    'Roster Mon 09:00-10:00 UTC: 0 of 4 agents rostered'
    """
    plan = ctx.staffing
    if plan is None and ctx.roster_problem is None:
        return None
    team = ctx.org.team(ctx.team) if ctx.team else None
    tz = team.timezone if team is not None and team.timezone else "UTC"
    blocks, attention = ([], []) if plan is None else _against_plan(ctx, plan, tz)
    if ctx.roster_problem is not None and isinstance(ctx.roster, Roster):
        more, items = roster_groups(ctx.roster_problem, ctx.roster, tz, now=ctx.now, lead=lead_of(ctx.org, ctx.team))
        blocks.extend(more)
        attention.extend(items)
    return Section(key="staffing", title="Staffing", blocks=blocks, attention=attention)


def _against_plan(ctx: ReportContext, plan: StaffingPlan, tz: str) -> tuple[list[Block], list[AttentionItem]]:
    """The plan's requirement against the members' weekly hours or the roster: figures, plot, worst intervals."""
    zone = timezone(tz)
    roster = ctx.roster
    who = "scheduled" if roster is None else "rostered"
    result = plan.against(ctx.org, team=ctx.team, schedule=roster)
    counts = result.counts()
    forecast = plan.forecast
    minutes = int(forecast.step.total_seconds()) // 60
    # At most _POINTS plotted rows: consecutive intervals are merged, keeping the most required and the fewest
    # scheduled of each bucket, so a shortfall never disappears from the plot.
    size = -(-len(result) // _POINTS)
    rows: list[tuple[str, int, int]] = []
    for first in range(0, len(result), size):
        start = (forecast.start + forecast.step * first).astimezone(zone)
        rows.append(
            (
                start.strftime("%a %H:%M"),
                int(result.required[first : first + size].max()),
                int(result.scheduled[first : first + size].min()),
            )
        )
    per = f"{minutes}-minute interval" if size == 1 else f"{minutes * size}-minute period (worst of each)"
    blocks: list[Block] = [
        Figures(
            [
                Figure(
                    "Intervals", len(result), f"{minutes} min from {forecast.start.astimezone(zone):%Y-%m-%d %H:%M}"
                ),
                Figure(
                    "Red",
                    counts["red"],
                    f"intervals with nobody{'' if roster is None else ' rostered'} while agents are required",
                    target=0,
                    status=Status.ACT if counts["red"] else Status.OK,
                ),
                Figure(
                    "Amber",
                    counts["amber"],
                    f"intervals with fewer{'' if roster is None else ' rostered'} than required",
                    target=0,
                    status=Status.WATCH if counts["amber"] else Status.OK,
                ),
                Figure("Short", round(result.understaffed_agent_hours(), 1), "agent-hours"),
                Figure("Peak", int(result.required.max()), f"agents required ({plan.method})"),
                *([] if roster is None else [_schedule_figure(roster)]),
            ]
        ),
        Plot(
            kind="line",
            title=f"Agents required and {who} ({tz})",
            alt=f"Agents required ({plan.method}, AHT {plan.aht:g} s, shrinkage {plan.shrinkage:.0%}) and members "
            f"{who} per {per}; {counts['red']} red and {counts['amber']} amber intervals.",
            data=Table(title=f"Agents per {per}", columns=["start", "required", who], rows=rows),
            shortfall=("required", who),
        ),
    ]
    worst = result.worst(_SHOWN)
    if not worst:
        blocks.append(Paragraph(f"Every interval has at least as many members {who} as agents required."))
        return blocks, []
    title = f"Worst intervals ({tz})"
    lead = lead_of(ctx.org, ctx.team)
    # Intervals still ahead (or under way) need acting on; past ones stay in the table as a record.
    attention = [
        AttentionItem(
            kind="staffing_short",
            what=f"{'Staff' if roster is None else 'Roster'} {s.start.astimezone(zone):%a %H:%M}-"
            f"{s.end.astimezone(zone):%H:%M} {tz}: {s.scheduled} of {s.required} agents {who}",
            actor=lead,
            due=s.start,
            severity=STAFFING_STATUS[s.severity],
            section="staffing",
            table=title,
            row=i,
            key=s.start.isoformat(),
        )
        for i, s in enumerate(worst)
        if s.end > ctx.now
    ]
    blocks.append(
        Table(
            title=title,
            columns=["from", "to", "required", who, "missing", "status"],
            rows=[
                (
                    s.start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M"),
                    s.end.astimezone(zone).strftime("%H:%M"),
                    s.required,
                    s.scheduled,
                    s.missing,
                    Rated.of(STAFFING_STATUS[s.severity]),
                )
                for s in worst
            ],
        )
    )
    return blocks, attention


def _schedule_figure(roster: Schedule) -> Figure:
    """The "Schedule" figure: the roster's shifts and members in the window it is held against."""
    worked = roster.worked()
    shifts = sum(len(pairs) for pairs in worked.values())
    return Figure("Schedule", "roster", f"{shifts} shifts of {len(worked)} members")
