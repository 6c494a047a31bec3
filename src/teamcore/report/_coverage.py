"""The coverage section: who works when in the week from ``now``, the gaps, and the follow-the-sun handoffs.

A gap's status says whether customers are expected in it: ``act`` when demand exists in the gap (the staffing
plan's forecast has contacts in an interval it overlaps; without a plan, tickets were created in one of its UTC
weekday × hour cells over the 28 days before ``now``), ``watch`` when there is no sign of demand or no data to
tell.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable

from teamcore._time import UTC, timezone
from teamcore.kpi import heatmap
from teamcore.report._attention import AttentionItem, lead_of
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Cell, Figure, Figures, Plot, Section, Table
from teamcore.report._status import Rate, Rated, Status
from teamcore.scheduling import Coverage, Gap, IntervalSet, coverage

__all__ = ["coverage_section"]

_SHOWN: int = 15
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HISTORY = dt.timedelta(days=28)


def demand(ctx: ReportContext) -> Callable[[Gap], bool | None]:
    """Whether customers are expected in a gap: from the staffing forecast, else the tickets; ``None``: unknown.

    The forecast answers for gaps it spans (contacts expected in an interval the gap overlaps); the tickets for
    any gap (tickets created in one of its UTC weekday × hour cells over the 28 days before ``now``).
    """
    forecast = ctx.staffing.forecast if ctx.staffing is not None else None
    counts = None
    if ctx.tickets is not None:
        grid = heatmap(ctx.tickets, start=ctx.now - _HISTORY, end=ctx.now, tz="UTC")
        counts = {
            (d, int(h)): int(n) for d, *row in grid.iter_rows() for h, n in zip(grid.columns[1:], row, strict=True)
        }

    def expected(gap: Gap) -> bool | None:
        if forecast is not None:
            step = forecast.step
            first = max(0, (gap.start - forecast.start) // step)
            last = min(len(forecast.volume), -(-(gap.end - forecast.start) // step))
            if gap.start >= forecast.start and gap.end <= forecast.start + step * len(forecast.volume):
                return bool((forecast.volume[first:last] > 0).any())
        if counts is None:
            return None
        hour = gap.start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        while hour < gap.end:
            if counts.get((_DAYS[hour.weekday()], hour.hour), 0):
                return True
            hour += dt.timedelta(hours=1)
        return False

    return expected


def gap_status(expected: bool | None) -> Status:
    """``act`` when demand is expected in the gap, else ``watch`` (no demand, or no data to tell)."""
    return Status.ACT if expected else Status.WATCH


def coverage_section(ctx: ReportContext) -> Section | None:
    """Coverage for the seven days from ``now``'s UTC midnight; ``None`` when nobody has working hours.

    The share covered is shown against the seven days before (its previous period).

    The heatmap and the gaps are in the team's timezone when the report is for a team that has one, else UTC.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, WeeklyHours
    >>> anna = Member(id="anna", name="A", timezone="Europe/Stockholm", country="SE", hours=WeeklyHours.weekdays())
    >>> section = coverage_section(ReportContext(org=Organisation(name="Acme", members=[anna]),
    ...                                          now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)))
    >>> covered = section.blocks[0].items[1]
    >>> covered.label, covered.value_text(), covered.target_text(), covered.status  # no forecast, no tickets: watch
    ('Covered', '24%', 'target 100%', <Status.WATCH: 'watch'>)
    """
    members = ctx.org.members_of(ctx.team) if ctx.team else ctx.org.members
    if not any(m.hours for m in members):
        return None
    team = ctx.org.team(ctx.team) if ctx.team else None
    tz = team.timezone if team is not None and team.timezone else "UTC"
    start = dt.datetime.combine(ctx.now.astimezone(UTC).date(), dt.time(0), UTC)
    result = coverage(ctx.org, start, start + dt.timedelta(days=7), team=ctx.team)
    gaps = result.gaps()
    covered = Rate(result.covered_share())
    week_before = coverage(ctx.org, start - dt.timedelta(days=7), start, team=ctx.team)
    expected = demand(ctx)
    rated = [(g, expected(g)) for g in gaps]
    shown = rated[:_SHOWN]
    profile = result.weekly_profile(tz)
    # Hours down, weekdays across: eight narrow columns read in a terminal as well as in the HTML heatmap.
    heat_rows: list[list[Cell]] = [
        [f"{h:02d}", *(None if math.isnan(v) else round(float(v), 1) for v in profile[:, h])] for h in range(24)
    ]
    # Handoffs between timezones: each zone's members merged into one working time, so the table says which region
    # hands over to which, and stays small however large the organisation. One sort per zone, not a union per member.
    zone_sets: dict[str, list[IntervalSet]] = {}
    for member_id, intervals in zip(result.member_ids, result.intervals, strict=True):
        zone_sets.setdefault(ctx.org.member(member_id).timezone, []).append(intervals)
    by_zone = {zone_name: IntervalSet.union_of(sets) for zone_name, sets in zone_sets.items()}
    regions = Coverage.from_intervals(by_zone, result.start, result.end, step=result.step)
    pairs: dict[tuple[str, str], list[float]] = defaultdict(list)
    for handoff in regions.handoffs():
        pairs[handoff.source, handoff.target].append(handoff.overlap.total_seconds() / 60)
    busiest = sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))[:_SHOWN]
    zone_note, zone = f"local time {tz}", timezone(tz)
    gaps_title = f"Gaps ({zone_note})"
    lead = lead_of(ctx.org, ctx.team)
    # A gap where nobody works, still ahead: act on it when customers are expected then, else watch it.
    attention = [
        AttentionItem(
            kind="coverage_gap",
            what=f"Nobody works {g.start.astimezone(zone):%a %H:%M}-{g.end.astimezone(zone):%a %H:%M} {tz}"
            + ("; customers are expected then" if e else ""),
            actor=lead,
            due=g.start,
            severity=gap_status(e),
            section="coverage",
            table=gaps_title,
            row=i,
            # The coverage week repeats: the same hours next week are the same gap (still open, not new).
            key=f"{g.start.astimezone(dt.UTC):%a %H:%M}-{g.end.astimezone(dt.UTC):%a %H:%M}",
        )
        for i, (g, e) in enumerate(shown)
        if g.lowest == 0 and g.end > ctx.now
    ]
    blocks: list[Block] = [
        Figures(
            [
                Figure("Members", len(result.member_ids)),
                Figure(
                    "Covered",
                    covered,
                    "of the week, at least 1 member",
                    target=Rate(1.0),
                    previous=Rate(week_before.covered_share()),
                    status=Status.worst([gap_status(e) for _, e in rated]),
                ),
                Figure("Gaps", len(gaps), f"{result.uncovered().total_seconds() / 3600:.1f} h uncovered"),
                Figure("Peak", int(result.counts.max()), "members at once"),
            ]
        ),
        Plot(
            kind="heatmap",
            title=f"Members working by hour and weekday ({zone_note})",
            alt=f"Mean members working per weekday and hour in {tz} over the week from {start.date()}; "
            f"{covered.text} of the week has someone working.",
            data=Table(title="Members working (mean)", columns=["hour", *_DAYS], rows=heat_rows),
        ),
        Table(
            title=gaps_title,
            columns=["from", "to", "hours", "lowest", "status"],
            rows=[
                (
                    g.start.astimezone(zone).strftime("%a %H:%M"),
                    g.end.astimezone(zone).strftime("%a %H:%M"),
                    round(g.duration.total_seconds() / 3600, 2),
                    g.lowest,
                    Rated.of(gap_status(e)),
                )
                for g, e in shown
            ],
            caption="lowest: fewest members working at once (0: nobody). act: customers are expected in the gap; "
            "watch: no sign of demand." + (f" {len(gaps) - _SHOWN} more not shown." if len(gaps) > _SHOWN else ""),
        ),
        Table(
            title="Follow-the-sun handoffs between timezones (who hands over to whom)",
            columns=["from zone", "to zone", "handoffs", "mean overlap (min)"],
            rows=[(a, b, len(v), round(sum(v) / len(v))) for (a, b), v in busiest],
        ),
    ]
    return Section(key="coverage", title="Coverage", blocks=blocks, attention=attention)
