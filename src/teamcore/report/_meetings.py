"""The meetings section: a fair rotation of the team's weekly meeting and fixed 1:1 slots for its lead.

The meeting's weekday is chosen, not fixed: :func:`teamcore.scheduling.choose_weekday` rotates the meeting on each
of the team's working weekdays over the 12 weeks from its next date after ``now`` and keeps the one with the fewest
unscheduled weeks, then the lowest burdens from the worst down, then the earliest weekday. The section says which
weekday won and against which runner-up.
"""

from __future__ import annotations

import datetime as dt

from teamcore._time import timezone
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Section, Table
from teamcore.scheduling import Participant, Series, choose_weekday, one_on_ones

__all__ = ["meetings_section"]

_WEEKS = 12
_TIMES = tuple(dt.time(h, m) for h in range(24) for m in (0, 30))


def meetings_section(ctx: ReportContext) -> Section | None:
    """For a team report: its weekly meeting on the best weekday, rotated over 12 weeks, and the lead's 1:1 slots.

    Returns ``None`` for an organisation-wide report or a team of one. The weekday is chosen by
    :func:`teamcore.scheduling.choose_weekday`; the meeting is at candidate times every half hour in the team's
    timezone (or the lead's), never in a member's night (22:00-07:00 local), on that weekday's next 12 dates after
    ``now`` (local). The 1:1 slots cover the 12 weeks from the day after ``now``.

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
    tomorrow = today + dt.timedelta(days=1)
    series = Series(name=f"{team.name} weekly meeting", frequency="weekly", first=tomorrow, count=_WEEKS,
                    times=_TIMES, zone=zone)  # fmt: skip
    choice = choose_weekday(series, Participant.for_team(members, team))
    plan = choice.plan
    ones = one_on_ones(lead, members, first=tomorrow, weeks=_WEEKS, team=team)
    blocks: list[Block] = [
        Figures(
            [
                Figure("Weekday", choice.weekday.name_full, "chosen among the team's working days"),
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
        Paragraph(choice.reason),
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
                for o in choice.options
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
