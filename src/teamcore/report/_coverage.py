"""The coverage section: who works when in the week from ``now``, the gaps, and the follow-the-sun handoffs."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from teamcore._time import UTC, timezone
from teamcore.report._attention import AttentionItem, lead_of
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Cell, Figure, Figures, Plot, Section, Table
from teamcore.scheduling import Coverage, IntervalSet, coverage

__all__ = ["coverage_section"]

_SHOWN: int = 15
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def coverage_section(ctx: ReportContext) -> Section | None:
    """Coverage for the seven days from ``now``'s UTC midnight; ``None`` when nobody has working hours.

    The heatmap and the gaps are in the team's timezone when the report is for a team that has one, else UTC.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, WeeklyHours
    >>> anna = Member(id="anna", name="A", timezone="Europe/Stockholm", country="SE", hours=WeeklyHours.weekdays())
    >>> section = coverage_section(ReportContext(org=Organisation(name="Acme", members=[anna]),
    ...                                          now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)))
    >>> section.blocks[0].items[1]
    Figure(label='Covered', value='24%', note='of the week, at least 1 member')
    """
    members = ctx.org.members_of(ctx.team) if ctx.team else ctx.org.members
    if not any(m.hours for m in members):
        return None
    team = ctx.org.team(ctx.team) if ctx.team else None
    tz = team.timezone if team is not None and team.timezone else "UTC"
    start = dt.datetime.combine(ctx.now.astimezone(UTC).date(), dt.time(0), UTC)
    result = coverage(ctx.org, start, start + dt.timedelta(days=7), team=ctx.team)
    gaps = result.gaps()
    covered = int((result.counts >= result.required).sum()) / len(result)
    profile = result.weekly_profile(tz)
    # Hours down, weekdays across: eight narrow columns read in a terminal as well as in the HTML heatmap.
    heat_rows: list[list[Cell]] = [
        [f"{h:02d}", *(None if math.isnan(v) else round(float(v), 1) for v in profile[:, h])] for h in range(24)
    ]
    # Handoffs between timezones: each zone's members merged into one working time, so the table says which region
    # hands over to which, and stays small however large the organisation.
    by_zone: dict[str, IntervalSet] = {}
    for member_id, intervals in zip(result.member_ids, result.intervals, strict=True):
        zone_name = ctx.org.member(member_id).timezone
        by_zone[zone_name] = by_zone.get(zone_name, IntervalSet.empty()).union(intervals)
    regions = Coverage.from_intervals(by_zone, result.start, result.end, step=result.step)
    pairs: dict[tuple[str, str], list[float]] = defaultdict(list)
    for handoff in regions.handoffs():
        pairs[handoff.source, handoff.target].append(handoff.overlap.total_seconds() / 60)
    busiest = sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))[:_SHOWN]
    zone_note, zone = f"local time {tz}", timezone(tz)
    gaps_title = f"Gaps ({zone_note})"
    lead = lead_of(ctx.org, ctx.team)
    # A gap where nobody works, still ahead: whether customers write then is the staffing section's question.
    attention = [
        AttentionItem(
            kind="coverage_gap",
            what=f"Nobody works {g.start.astimezone(zone):%a %H:%M}-{g.end.astimezone(zone):%a %H:%M} {tz}",
            actor=lead,
            due=g.start,
            severity="watch",
            section="coverage",
            table=gaps_title,
            row=i,
            key=g.start.isoformat(),
        )
        for i, g in enumerate(gaps[:_SHOWN])
        if g.severity == "none" and g.end > ctx.now
    ]
    blocks: list[Block] = [
        Figures(
            [
                Figure("Members", len(result.member_ids)),
                Figure("Covered", f"{covered:.0%}", "of the week, at least 1 member"),
                Figure("Gaps", len(gaps), f"{result.uncovered().total_seconds() / 3600:.1f} h uncovered"),
                Figure("Peak", int(result.counts.max()), "members at once"),
            ]
        ),
        Plot(
            kind="heatmap",
            title=f"Members working by hour and weekday ({zone_note})",
            alt=f"Mean members working per weekday and hour in {tz} over the week from {start.date()}; "
            f"{covered:.0%} of the week has someone working.",
            data=Table(title="Members working (mean)", columns=["hour", *_DAYS], rows=heat_rows),
        ),
        Table(
            title=gaps_title,
            columns=["from", "to", "hours", "severity"],
            rows=[
                (
                    g.start.astimezone(zone).strftime("%a %H:%M"),
                    g.end.astimezone(zone).strftime("%a %H:%M"),
                    round(g.duration.total_seconds() / 3600, 2),
                    g.severity,
                )
                for g in gaps[:_SHOWN]
            ],
            caption=f"{len(gaps) - _SHOWN} more not shown" if len(gaps) > _SHOWN else "",
        ),
        Table(
            title="Follow-the-sun handoffs between timezones (who hands over to whom)",
            columns=["from zone", "to zone", "handoffs", "mean overlap (min)"],
            rows=[(a, b, len(v), round(sum(v) / len(v))) for (a, b), v in busiest],
        ),
    ]
    return Section(key="coverage", title="Coverage", blocks=blocks, attention=attention)
