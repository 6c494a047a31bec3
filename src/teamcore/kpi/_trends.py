"""Trends and the dashboard's remaining figures.

New requests per day, the weekday × hour heatmap, hours worked per member, and the tasks assigned to team leads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import narwhals as nw
import polars as pl

from teamcore._frames import Engine, FrameT, lazy, require, seconds, to_polars, zone_offset
from teamcore._time import as_utc, validate_timezone
from teamcore.exceptions import InvalidInterval, OutOfRange, WrongType
from teamcore.kpi._periods import local_day, period_bounds, to_date
from teamcore.kpi._states import UNSOLVED
from teamcore.people import Organisation
from teamcore.scheduling import BusinessCalendar

__all__ = ["WEEKDAYS", "daily_trend", "heatmap", "hours_worked", "lead_tasks", "logged_hours", "ticket_topics"]

WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _window(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    lo, hi = as_utc(start, "start"), as_utc(end, "end")
    if hi <= lo:
        raise InvalidInterval("end", end, f"an instant after start {start.isoformat()}")
    return lo, hi


def _created_in(tickets: Any, lo: dt.datetime, hi: dt.datetime) -> nw.LazyFrame[Any]:
    t = require(lazy(tickets, "tickets"), ["created_at"], "tickets").with_columns(
        seconds("created_at").alias("created_s")
    )
    return t.filter((nw.col("created_s") >= lo.timestamp()) & (nw.col("created_s") < hi.timestamp()))


def ticket_topics(tickets: Any, *, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Tickets created in ``[start, end)`` per topic, busiest first (ties by name).

    Feed it to :func:`teamcore.knowledge.freshness` to find what customers ask that no article answers. Tickets
    without a topic are not counted; a table without a ``topic`` column gives ``{}``.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"created_at": [dt.datetime(2026, 11, 2, h, tzinfo=dt.UTC) for h in (9, 10, 11, 12)],
    ...                   "topic": ["sso", "billing", None, "sso"]})
    >>> ticket_topics(t, start=dt.datetime(2026, 11, 2, tzinfo=dt.UTC), end=dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    {'sso': 2, 'billing': 1}
    """
    lo, hi = _window(start, end)
    created = _created_in(tickets, lo, hi)
    if "topic" not in created.collect_schema():
        return {}
    tagged = created.filter(~nw.col("topic").is_null() & (nw.col("topic") != ""))
    counts = to_polars(tagged.group_by("topic").agg(nw.len().alias("tickets")))
    return dict(sorted(((str(k), int(v)) for k, v in counts.iter_rows()), key=lambda kv: (-kv[1], kv[0])))


def daily_trend(tickets: FrameT, *, start: dt.datetime, end: dt.datetime, tz: str = "UTC", window: int = 7) -> FrameT:
    """New requests per local day, with a trailing moving average and the week-over-week change.

    Returns
    -------
    DataFrame
        On the engine of `tickets` (see :func:`kpi_table`): ``day, new, moving_avg, wow_change``: every local day
        of the window (days without tickets count 0); ``moving_avg`` is the mean of the last `window` days (null
        until there are `window`); ``wow_change`` is ``(new - new a week earlier) / new a week earlier`` (null in
        the first week or after a zero).

    Examples
    --------
    >>> import polars as pl
    >>> days = [dt.datetime(2026, 11, d, 10, tzinfo=dt.UTC) for d in (2, 2, 9, 9, 9)]
    >>> t = pl.DataFrame({"created_at": days})
    >>> nov = [dt.datetime(2026, 11, d, tzinfo=dt.UTC) for d in (2, 10)]
    >>> out = daily_trend(t, start=nov[0], end=nov[1])
    >>> out.filter(pl.col("new") > 0).rows()
    [(datetime.date(2026, 11, 2), 2, None, None), (datetime.date(2026, 11, 9), 3, 0.428571, 0.5)]
    """
    lo, hi = _window(start, end)
    validate_timezone(tz, "tz")
    if not isinstance(window, int) or window < 1:
        raise OutOfRange("window", window, "a whole number of days >= 1")
    created = _created_in(tickets, lo, hi).with_columns(local_day(nw.col("created_s"), tz, lo, hi).alias("d"))
    counts = to_polars(created.group_by("d").agg(nw.len().alias("new")))
    days = pl.DataFrame({"day": [first for first, _ in period_bounds(lo, hi, "day", tz)]})
    counts = counts.with_columns(pl.col("d").cast(pl.Int64).map_elements(to_date, return_dtype=pl.Date).alias("day"))
    out = days.join(counts.select("day", pl.col("new").cast(pl.Int64)), on="day", how="left").fill_null(0).sort("day")
    last_week = pl.col("new").shift(7)
    trend = out.with_columns(
        pl.col("new").cast(pl.Float64).rolling_mean(window).round(6).alias("moving_avg"),
        pl.when(last_week > 0).then((pl.col("new") - last_week) / last_week).round(6).alias("wow_change"),
    )
    result: FrameT = Engine.of(tickets).convert(trend)
    return result


def heatmap(tickets: FrameT, *, start: dt.datetime, end: dt.datetime, tz: str) -> FrameT:
    """Tickets created per local weekday × hour in zone `tz` (the team's), bucketed by registration time.

    Returns
    -------
    DataFrame
        On the engine of `tickets` (see :func:`kpi_table`): 7 rows (``weekday`` Mon…Sun) and 24 columns
        ``"00"`` … ``"23"`` of counts; all zero for no tickets.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"created_at": [dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)]})  # 09:30 Monday in Oslo
    >>> grid = heatmap(t, start=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), end=dt.datetime(2026, 11, 8, tzinfo=dt.UTC),
    ...                tz="Europe/Oslo")
    >>> grid.filter(pl.col("weekday") == "Mon")["09"].item(), grid.drop("weekday").sum_horizontal().sum()
    (1, 1)
    """
    lo, hi = _window(start, end)
    validate_timezone(tz, "tz")
    created = _created_in(tickets, lo, hi)
    day = local_day(nw.col("created_s"), tz, lo, hi)
    offset = zone_offset(nw.col("created_s"), tz, lo, hi)
    cells = created.with_columns(
        ((day + 3) % 7).cast(nw.Int64).alias("wd"),
        (((nw.col("created_s") + offset) % 86_400) // 3600).cast(nw.Int64).alias("hour"),
    )
    counts = to_polars(cells.group_by("wd", "hour").agg(nw.len().alias("n")))
    grid = (
        pl.DataFrame({"wd": list(range(7))})
        .join(pl.DataFrame({"hour": list(range(24))}), how="cross")
        .join(
            counts.with_columns(pl.col("wd").cast(pl.Int64), pl.col("hour").cast(pl.Int64)),
            on=["wd", "hour"],
            how="left",
        )
        .with_columns(pl.col("n").fill_null(0).cast(pl.Int64))
    )
    wide = (
        grid.with_columns(pl.col("hour").cast(pl.String).str.zfill(2))
        .pivot(on="hour", index="wd", values="n", sort_columns=True)
        .sort("wd")
    )
    table = (
        wide.with_columns(pl.col("wd").map_elements(lambda i: WEEKDAYS[i], return_dtype=pl.String))
        .rename({"wd": "weekday"})
        .select("weekday", *[f"{h:02d}" for h in range(24)])
    )
    result: FrameT = Engine.of(tickets).convert(table)
    return result


def hours_worked(org: Organisation, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Scheduled hours per member for local dates ``[start, end)``.

    Weekly hours less holidays, closed days and time off (:class:`~teamcore.scheduling.BusinessCalendar`).

    Examples
    --------
    >>> from teamcore.people import Member
    >>> org = Organisation(name="A", members=[Member(id="a", name="A", timezone="Europe/Oslo", country="NO",
    ...                                              hours={"mon-fri": ["09:00-17:00"]})])
    >>> hours_worked(org, dt.date(2026, 11, 2), dt.date(2026, 11, 9)).rows()
    [('a', 40.0)]
    """
    if not isinstance(org, Organisation):
        raise WrongType("org", org, "an Organisation")
    rows = []
    for member in org.members:
        cal = BusinessCalendar.for_member(member, team=org.teams)
        rows.append((member.id, cal.intervals(start, end).total_seconds() / 3600))
    return pl.DataFrame(rows, schema={"member": pl.String, "hours": pl.Float64}, orient="row")


def logged_hours(tickets: FrameT, *, start: dt.datetime, end: dt.datetime) -> FrameT:
    """Hours logged per member (``handle_seconds`` of tickets solved in ``[start, end)``, by assignee).

    The table (``member, hours``) is on the engine of `tickets` (see :func:`kpi_table`).
    """
    lo, hi = _window(start, end)
    t = lazy(tickets, "tickets").with_columns(seconds("solved_at").alias("solved_s"))
    t = t.filter((nw.col("solved_s") >= lo.timestamp()) & (nw.col("solved_s") < hi.timestamp()))
    out = to_polars(t.group_by("assignee").agg((nw.col("handle_seconds").sum()).alias("s")))
    hours = out.select(
        pl.col("assignee").alias("member"), (pl.col("s").cast(pl.Float64) / 3600).round(6).alias("hours")
    ).sort("member")
    result: FrameT = Engine.of(tickets).convert(hours)
    return result


def lead_tasks(tickets: FrameT, org: Organisation, *, now: dt.datetime) -> FrameT:
    """Unsolved tickets assigned to the lead of their team, oldest first, with their age at `now` in hours.

    The table (``ticket_id, team, lead, priority, age_hours``) is on the engine of `tickets` (see :func:`kpi_table`).

    Examples
    --------
    >>> from teamcore.people import Member, Team
    >>> org = Organisation(name="A", members=[Member(id="a", name="A", timezone="UTC", country="NO")],
    ...                    teams=[Team(id="t", name="T", lead="a", members=["a"])])
    >>> t = pl.DataFrame({"ticket_id": ["x", "y"], "team": ["t", "t"], "assignee": ["a", "a"],
    ...                   "status": ["open", "solved"], "priority": ["high", "low"],
    ...                   "created_at": [dt.datetime(2026, 11, 2, tzinfo=dt.UTC)] * 2})
    >>> lead_tasks(t, org, now=dt.datetime(2026, 11, 3, tzinfo=dt.UTC)).rows()
    [('x', 't', 'a', 'high', 24.0)]
    """
    moment = as_utc(now, "now")
    leads = pl.DataFrame(
        {"team": [t.id for t in org.teams], "lead": [t.lead for t in org.teams]},
        schema={"team": pl.String, "lead": pl.String},
    )
    t = (
        lazy(tickets, "tickets")
        .filter(nw.col("status").is_in(sorted(UNSOLVED)))
        .with_columns(seconds("created_at").alias("created_s"))
    )
    frame = to_polars(t.select("ticket_id", "team", "assignee", "priority", "created_s"))
    out = frame.join(leads, on="team", how="inner").filter(pl.col("assignee") == pl.col("lead"))
    tasks = out.select(
        "ticket_id",
        "team",
        "lead",
        "priority",
        ((moment.timestamp() - pl.col("created_s")) / 3600).round(6).alias("age_hours"),
    ).sort("age_hours", "ticket_id", descending=[True, False])
    result: FrameT = Engine.of(tickets).convert(tasks)
    return result
