"""The meetings section: a fair rotation of the team's weekly meeting and fixed 1:1 slots for its lead."""

from __future__ import annotations

import datetime as dt

from teamcore._time import timezone
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Section, Table
from teamcore.scheduling import Participant, Series, one_on_ones, rotate

__all__ = ["meetings_section"]

_WEEKS = 12
_TIMES = tuple(dt.time(h, m) for h in range(24) for m in (0, 30))


def meetings_section(ctx: ReportContext) -> Section | None:
    """For a team report: its weekly meeting rotated over 12 weeks from ``now``, and the lead's 1:1 slots.

    Returns ``None`` for an organisation-wide report or a team of one. The meeting is on Tuesdays, at candidate times
    every half hour in the team's timezone (or the lead's), never in a member's night (22:00-07:00 local).

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> def member(id, zone, country):
    ...     return Member(id=id, name=id, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]})
    >>> org = Organisation(name="Acme", members=[member("se", "Europe/Stockholm", "SE"),
    ...                                          member("ny", "America/New_York", "US")],
    ...                    teams=[Team(id="t", name="T", lead="se", members=["se", "ny"])])
    >>> section = meetings_section(ReportContext(org=org, now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC), team="t"))
    >>> section.blocks[0].items[0]
    Figure(label='Worst burden', value=0.0, note='sum of pain over 12 weeks; 0 = always in working hours')
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
    first = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)  # the next Tuesday
    series = Series(name=f"{team.name} weekly meeting", frequency="weekly", first=first, count=_WEEKS,
                    times=_TIMES, zone=zone)  # fmt: skip
    plan = rotate(series, Participant.for_team(members, team))
    ones = one_on_ones(lead, members, first=first, weeks=_WEEKS, team=team)
    blocks: list[Block] = [
        Figures(
            [
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
