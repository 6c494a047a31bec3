"""The roster against its own requirement, per group: the staffing section's blocks for a roster problem.

A :class:`~teamcore.rostering.RosterProblem` has a requirement per interval and group (a language, a skill, or
everyone); :func:`teamcore.rostering.uncovered` says where the roster leaves each group short. An interval with
nobody rostered for a group that needs agents is ``act`` (red), one with fewer than required ``watch`` (amber), as
the staffing section rates its intervals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Final

from teamcore._time import timezone
from teamcore.report._attention import Actor, AttentionItem
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Table
from teamcore.report._status import Rated, Status
from teamcore.rostering import Roster, RosterProblem, Uncovered, uncovered

__all__ = ["roster_groups"]

_SHOWN: Final = 15
_HOUR: Final = dt.timedelta(hours=1)


def _status(gap: Uncovered) -> Status:
    return Status.ACT if gap.covered == 0 else Status.WATCH


def roster_groups(
    problem: RosterProblem, roster: Roster, tz: str, *, now: dt.datetime, lead: Actor
) -> tuple[list[Block], list[AttentionItem]]:
    """Agent-hours short per group, the worst intervals and groups, and a to-do for each still ahead.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member
    >>> from teamcore.report import Actor
    >>> from teamcore.rostering import RosterProblem, ShiftTemplate
    >>> ana = Member(id="ana", name="Ana", timezone="UTC", country="GB", languages=["sv"])
    >>> day = ShiftTemplate(name="day", starts=[dt.time(8)], length=dt.timedelta(hours=2))
    >>> t0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    >>> p = RosterProblem(members=[ana], templates=[day], requirement={"sv": [1, 1, 1], "*": [2, 2, 2]}, start=t0,
    ...                   step=dt.timedelta(hours=1), now=t0)
    >>> roster = Roster([p.shift("ana", "day", t0.date(), dt.time(8))])
    >>> leads = Actor(role="lead", member=None, name="the team leads", timezone="UTC")
    >>> blocks, items = roster_groups(p, roster, "UTC", now=t0, lead=leads)
    >>> [(f.label, f.value, f.status.value) for f in blocks[0].items]
    [('Short: *', 4.0, 'act'), ('Short: sv', 1.0, 'act')]
    >>> items[0].what
    'Roster * Mon 10:00-11:00 UTC: 0 of 2 agents'
    """
    zone = timezone(tz)
    gaps = uncovered(problem, roster)
    hours = problem.step / _HOUR
    per: dict[str, list[Uncovered]] = defaultdict(list)
    for gap in gaps:
        per[gap.group].append(gap)
    figures = []
    for group in sorted(problem.requirement):
        mine = per.get(group, [])
        worst = min((_status(g) for g in mine), key=lambda s: s is not Status.ACT, default=Status.OK)
        figures.append(
            Figure(
                f"Short: {group}",
                round(sum(g.missing for g in mine) * hours, 1),
                f"agent-hours the roster leaves {group} short",
                target=0,
                status=worst,
                unit="h",
            )
        )
    short = [(f.label.removeprefix("Short: "), f.value) for f in figures]
    worst_group = max(short, key=lambda row: (row[1], row[0]))
    blocks: list[Block] = [
        Figures(figures),
        Plot(
            kind="bar",
            title="Agent-hours the roster leaves short, per group",
            alt=f"Agent-hours short per requirement group over the roster's horizon; the most in "
            f"{worst_group[0]} ({worst_group[1]:g} h)."
            if gaps
            else "No group is left short by the roster.",
            data=Table(title="Agent-hours short per group", columns=["group", "agent-hours short"], rows=short),
        ),
    ]
    if not gaps:
        blocks.append(Paragraph("The roster covers every group's requirement in every interval."))
        return blocks, []
    title = f"Roster shortfall per group ({tz})"
    shown = sorted(gaps, key=lambda g: (g.covered != 0, -g.missing, g.start, g.group))[:_SHOWN]
    blocks.append(
        Table(
            title=title,
            columns=["group", "from", "to", "required", "rostered", "missing", "status"],
            rows=[
                (
                    g.group,
                    g.start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M"),
                    g.end.astimezone(zone).strftime("%H:%M"),
                    g.required,
                    g.covered,
                    g.missing,
                    Rated.of(_status(g)),
                )
                for g in shown
            ],
        )
    )
    items = [
        AttentionItem(
            kind="staffing_short",
            what=f"Roster {g.group} {g.start.astimezone(zone):%a %H:%M}-{g.end.astimezone(zone):%H:%M} {tz}: "
            f"{g.covered} of {g.required} agents",
            actor=lead,
            due=g.start,
            severity=_status(g),
            section="staffing",
            table=title,
            row=i,
            key=f"{g.group}:{g.start.isoformat()}",
        )
        for i, g in enumerate(shown)
        if g.end > now
    ]
    return blocks, items
