"""KPI benchmarks: the scorecard against hand-written polars and idiomatic pandas; business-hours durations against
per-row ``businesstimedelta``.

    python benchmarks/bench_kpi.py [--tickets 1000000] [--intervals 10000000] [--repeat 3]

Scorecard: incoming, solved, median business-hours first reply, first-reply SLA achievement and CSAT per member
per ISO week (Europe/Oslo weeks), on simulated tickets and events. All three must give the same numbers.
Business hours: open seconds of five team calendars (five zones, their public holidays) between random instants;
``businesstimedelta`` is timed on a sample and extrapolated, and must agree on every sampled value.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import businesstimedelta as btd
import holidays
import numpy as np
import pandas as pd
import polars as pl
import pytz

from _measure import timed
from _scorecard import END, GOALS, START, TZ, ZONES, organisation, simulate
from teamcore.kpi import (
    SlaPolicy,
    SlaTarget,
    business_deadline,
    business_seconds,
    scorecard,
    team_calendars,
)
from teamcore.people import WeeklyHours
from teamcore.scheduling import BusinessCalendar, IntervalSet


# ---------------------------------------------------------------- hand-written polars
def _spans(cals: dict[Any, IntervalSet]) -> pl.DataFrame:
    return pl.concat(
        [
            pl.DataFrame({"team": team, "start": s.starts, "len": s.ends - s.starts}).with_columns(
                before=pl.col("len").cum_sum() - pl.col("len")
            )
            for team, s in cals.items()
            if team is not None
        ]
    ).sort("start")


def _clock(spans: pl.DataFrame, frame: pl.LazyFrame, col: str, out: str) -> pl.LazyFrame:
    """B(col) by an as-of join on each team's cumulative open seconds (null instants stay null)."""
    f = frame.with_columns(pl.col(col).dt.epoch("s").fill_null(0).alias("__t")).sort("__t")
    j = f.join_asof(
        spans.lazy(), left_on="__t", right_on="start", by="team", strategy="backward", check_sortedness=False
    )  # sorted above; polars cannot check it with `by`
    b = pl.col("before") + (pl.col("__t") - pl.col("start")).clip(0, pl.col("len"))
    value = pl.when(pl.col(col).is_null()).then(None).when(pl.col("start").is_null()).then(0).otherwise(b)
    return j.with_columns(value.cast(pl.Float64).alias(out)).drop("__t", "start", "len", "before")


def _card(t: pl.LazyFrame, tickets: pl.DataFrame) -> pl.DataFrame:
    """The scorecard from tickets with ``c_created`` and ``c_reply`` (business seconds)."""
    lo, hi = START, END
    week = pl.col("created_at").dt.convert_time_zone(TZ).dt.truncate("1w").dt.date()
    created = (
        t.filter(pl.col("created_at").is_between(lo, hi, closed="left"))
        .with_columns(
            fr=pl.col("c_reply") - pl.col("c_created"),
            goal=pl.col("priority").replace_strict(GOALS, return_dtype=pl.Float64),
            period=week,
        )
        .group_by("period", "assignee")
        .agg(
            incoming=pl.len(),
            first_reply_median=pl.col("fr").median(),
            met=(pl.col("fr") <= pl.col("goal")).sum(),
            decided=pl.col("fr").is_not_null().sum(),
        )
    )
    solved = (
        tickets.lazy()
        .filter(pl.col("status").is_in(["solved", "closed"]) & pl.col("solved_at").is_between(lo, hi, closed="left"))
        .with_columns(period=pl.col("solved_at").dt.convert_time_zone(TZ).dt.truncate("1w").dt.date())
        .group_by("period", "assignee")
        .agg(
            solved=pl.len(), good=(pl.col("satisfaction") == "good").sum(), bad=(pl.col("satisfaction") == "bad").sum()
        )
    )
    out = created.join(solved, on=["period", "assignee"], how="full", coalesce=True, nulls_equal=True).collect()
    return out.select(
        "period",
        "assignee",
        pl.col("incoming").fill_null(0).cast(pl.Int64),
        pl.col("solved").fill_null(0).cast(pl.Int64),
        pl.col("first_reply_median").round(6),
        pl.when(pl.col("decided") > 0).then(pl.col("met") / pl.col("decided")).round(6).alias("sla_first_reply"),
        pl.when(pl.col("good") + pl.col("bad") > 0)
        .then(pl.col("good") / (pl.col("good") + pl.col("bad")))
        .round(6)
        .alias("csat"),
    ).sort("period", "assignee")


def polars_scorecard(tickets: pl.DataFrame, events: pl.DataFrame, cals: dict[Any, IntervalSet]) -> pl.DataFrame:
    """The straightforward query: clock every reply (joined to its ticket's team), then take each ticket's first."""
    spans = _spans(cals)
    t = _clock(spans, tickets.lazy(), "created_at", "c_created")
    replies = (
        events.lazy().filter(pl.col("kind") == "reply").join(tickets.lazy().select("ticket_id", "team"), on="ticket_id")
    )
    first = _clock(spans, replies, "at", "c_at").group_by("ticket_id").agg(pl.col("c_at").min().alias("c_reply"))
    return _card(t.join(first, on="ticket_id", how="left"), tickets)


def polars_scorecard_reduced(tickets: pl.DataFrame, events: pl.DataFrame, cals: dict[Any, IntervalSet]) -> pl.DataFrame:
    """teamcore's plan written by hand: B never runs backwards, so take each ticket's first reply, then clock it."""
    spans = _spans(cals)
    first = events.lazy().filter(pl.col("kind") == "reply").group_by("ticket_id").agg(pl.col("at").min().alias("r"))
    t = tickets.lazy().join(first, on="ticket_id", how="left")
    return _card(_clock(spans, _clock(spans, t, "created_at", "c_created"), "r", "c_reply"), tickets)


# ---------------------------------------------------------------- idiomatic pandas
def pandas_scorecard(tickets: pd.DataFrame, events: pd.DataFrame, cals: dict[Any, IntervalSet]) -> pd.DataFrame:
    spans = pd.concat(
        [
            pd.DataFrame({"team": team, "start": s.starts, "len": s.ends - s.starts}).assign(
                before=lambda d: d["len"].cumsum() - d["len"]
            )
            for team, s in cals.items()
            if team is not None
        ]
    ).sort_values("start")

    def clock(frame: pd.DataFrame, col: str) -> pd.Series:
        f = frame.assign(
            __t=frame[col].astype("int64") // 10**6
            if frame[col].dt.unit == "us"
            else frame[col].astype("int64") // 10**9
        ).sort_values("__t")
        j = pd.merge_asof(f, spans, left_on="__t", right_on="start", by="team", direction="backward")
        b = j["before"] + (j["__t"] - j["start"]).clip(lower=0, upper=j["len"])
        return pd.Series(b.fillna(0).to_numpy(float), index=f.index).sort_index()

    t = tickets.copy()
    t["c_created"] = clock(t, "created_at")
    replies = events[events["kind"] == "reply"].merge(t[["ticket_id", "team"]], on="ticket_id")
    replies["c_at"] = clock(replies, "at")
    first = replies.groupby("ticket_id")["c_at"].min().rename("c_reply")
    t = t.join(first, on="ticket_id")
    inside = (t["created_at"] >= START) & (t["created_at"] < END)
    c = t[inside].copy()
    c["fr"] = c["c_reply"] - c["c_created"]
    c["goal"] = c["priority"].map(GOALS)
    local = c["created_at"].dt.tz_convert(TZ).dt.tz_localize(None).dt.normalize()  # local midnight, naive
    c["period"] = (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date
    c["met"] = c["fr"] <= c["goal"]
    c["decided"] = c["fr"].notna()
    a = c.groupby(["period", "assignee"]).agg(
        incoming=("ticket_id", "size"),
        first_reply_median=("fr", "median"),
        met=("met", "sum"),
        decided=("decided", "sum"),
    )
    s = t[t["status"].isin(["solved", "closed"]) & (t["solved_at"] >= START) & (t["solved_at"] < END)].copy()
    local = s["solved_at"].dt.tz_convert(TZ).dt.tz_localize(None).dt.normalize()
    s["period"] = (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date
    s["good"] = s["satisfaction"] == "good"
    s["bad"] = s["satisfaction"] == "bad"
    b = s.groupby(["period", "assignee"]).agg(solved=("ticket_id", "size"), good=("good", "sum"), bad=("bad", "sum"))
    out = a.join(b, how="outer").reset_index()
    rated = out["good"] + out["bad"]
    return pd.DataFrame(
        {
            "period": out["period"],
            "assignee": out["assignee"],
            "incoming": out["incoming"].fillna(0).astype(int),
            "solved": out["solved"].fillna(0).astype(int),
            "first_reply_median": out["first_reply_median"].round(6),
            "sla_first_reply": (out["met"] / out["decided"].where(out["decided"] > 0)).round(6),
            "csat": (out["good"] / rated.where(rated > 0)).round(6),
        }
    ).sort_values(["period", "assignee"])


def bench_scorecard(n: int, repeat: int, chunks: int = 1, warmup: int = 1) -> None:
    org = organisation()
    days = (END - START).days
    print(f"simulating {n:,} tickets over {days} days in {chunks} chunk(s) ...", flush=True)
    tickets, events = simulate(org, n, chunks)
    print(f"  {tickets.height:,} tickets, {events.height:,} events")
    cals = team_calendars(org, dt.date(2026, 8, 1), dt.date(2027, 1, 1))
    policy = SlaPolicy(
        name="bench",
        business_hours=True,
        targets=[SlaTarget(metric="first_reply", priority=p, within=dt.timedelta(seconds=s)) for p, s in GOALS.items()],
    )

    def ours() -> pl.DataFrame:
        return scorecard(tickets, events, policy=policy, start=START, end=END, period="week", tz=TZ, calendars=cals)

    t_ours, m_ours, a = timed(ours, repeat, warmup)
    t_pl, m_pl, b = timed(lambda: polars_scorecard(tickets, events, cals), repeat, warmup)
    t_pr, m_pr, r = timed(lambda: polars_scorecard_reduced(tickets, events, cals), repeat, warmup)
    pdt, pde = tickets.to_pandas(), events.select("ticket_id", "at", "kind").to_pandas()
    t_pd, m_pd, c = timed(lambda: pandas_scorecard(pdt, pde, cals), max(1, repeat // 2), warmup)
    same_pl = a.equals(b.select(a.columns))
    same_pr = a.equals(r.select(a.columns))
    cp = pl.from_pandas(c.reset_index(drop=True)).with_columns(pl.col("period").cast(pl.Date)).select(a.columns)
    same_pd = a.with_columns(pl.col(pl.Float64).round(3)).equals(cp.with_columns(pl.col(pl.Float64).round(3)))
    print(f"scorecard, {tickets.height:,} tickets / {events.height:,} events, {a.height} rows", end="")
    print(f" (median of {repeat} runs, pandas {max(1, repeat // 2)}, after {warmup} warm-up run(s) each)")
    print(f"  teamcore            {t_ours:8.2f} s   peak +{m_ours:7.0f} MiB")
    print(f"  hand-written polars {t_pl:8.2f} s   peak +{m_pl:7.0f} MiB   same numbers: {same_pl}")
    print(f"  ... reduce first    {t_pr:8.2f} s   peak +{m_pr:7.0f} MiB   same numbers: {same_pr}")
    print(f"  idiomatic pandas    {t_pd:8.2f} s   peak +{m_pd:7.0f} MiB   same numbers: {same_pd}")
    print(f"  teamcore / polars = {t_ours / t_pl:.2f}x   teamcore / polars reduce-first = {t_ours / t_pr:.2f}x", end="")
    print(f"   pandas / teamcore = {t_pd / t_ours:.1f}x")


def bench_business(n: int, sample: int, repeat: int) -> None:
    rng = np.random.default_rng(3)
    lo = int(dt.datetime(2026, 1, 5, tzinfo=dt.UTC).timestamp())
    hi = int(dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp())  # before any DST change in these zones but Sydney's
    zones = [z for z in ZONES if z[0] != "anz"]
    cals = {
        team: BusinessCalendar(hours=WeeklyHours.weekdays("08:00", "17:00"), timezone=zone, country=country).intervals(
            dt.date(2025, 12, 25), dt.date(2026, 3, 10)
        )
        for team, zone, country in zones
    }
    team = rng.integers(0, len(zones), n)
    start = rng.integers(lo, hi - 30 * 86_400, n)
    end = start + rng.integers(0, 20 * 86_400, n)

    def ours() -> np.ndarray:
        out = np.empty(n, np.int64)
        for i, (name, _zone, _country) in enumerate(zones):
            rows = team == i
            out[rows] = business_seconds(start[rows], end[rows], cals[name])
        return out

    t_ours, m_ours, got = timed(ours, repeat)
    rules = {}
    for name, zone, country in zones:
        local = pytz.timezone(zone)
        work = btd.WorkDayRule(start_time=dt.time(8), end_time=dt.time(17), working_days=[0, 1, 2, 3, 4], tz=local)
        hol = btd.HolidayRule(holidays.country_holidays(country, years=[2025, 2026]), tz=local)
        rules[name] = btd.Rules([work, hol])
    idx = rng.choice(n, sample, replace=False)

    def theirs() -> list[int]:
        out = []
        for i in idx:
            name = zones[team[i]][0]
            a = dt.datetime.fromtimestamp(int(start[i]), dt.UTC)
            b = dt.datetime.fromtimestamp(int(end[i]), dt.UTC)
            d = rules[name].difference(a, b)
            out.append(int(d.timedelta.total_seconds()))
        return out

    t_theirs, _m, ref = timed(theirs, 1)
    mismatches = int(np.sum(np.asarray(ref) != got[idx]))
    per_row = t_theirs / sample
    print(f"business-hours durations, {n:,} intervals, 4 team calendars (zones + public holidays)")
    print(f"  teamcore (searchsorted)   {t_ours:8.3f} s   peak +{m_ours:6.0f} MiB")
    print(f"  businesstimedelta         {per_row * 1e6:8.1f} us/row on {sample:,} rows", end="")
    print(f" -> {per_row * n:8.0f} s for {n:,}")
    print(f"  ratio = {per_row * n / t_ours:,.0f}x   mismatches on the sample: {mismatches} of {sample:,}")

    # Deadlines, the inverse: the instant `got` business seconds after each start (the breach time of an SLA).
    def ours_due() -> np.ndarray:
        out = np.empty(n, np.float64)
        for i, (name, _zone, _country) in enumerate(zones):
            rows = team == i
            out[rows] = business_deadline(start[rows], got[rows], cals[name])
        return out

    t_due, m_due, due = timed(ours_due, repeat)

    def theirs_due() -> list[float]:
        out = []
        for i in idx:
            a = dt.datetime.fromtimestamp(int(start[i]), dt.UTC)
            out.append((a + btd.BusinessTimeDelta(rules[zones[team[i]][0]], seconds=int(got[i]))).timestamp())
        return out

    t_theirs_due, _m, ref_due = timed(theirs_due, 1)
    # With nothing to spend from a closed start, businesstimedelta answers the next opening and teamcore the start:
    # the same open time used, different instants. Count exact agreement and agreement in open time separately.
    same = np.asarray(ref_due) == due[idx]
    spent = np.array(
        [business_seconds([start[i]], [int(r)], cals[zones[team[i]][0]])[0] for i, r in zip(idx, ref_due, strict=True)]
    )
    per_row_due = t_theirs_due / sample
    print(f"business-hours deadlines (business_deadline), {n:,} starts, the same calendars")
    print(f"  teamcore (searchsorted)   {t_due:8.3f} s   peak +{m_due:6.0f} MiB")
    print(f"  businesstimedelta (+)     {per_row_due * 1e6:8.1f} us/row on {sample:,} rows", end="")
    print(f" -> {per_row_due * n:8.0f} s for {n:,}")
    print(f"  ratio = {per_row_due * n / t_due:,.0f}x   identical instants: {int(same.sum())} of {sample:,};", end="")
    print(f" same open time used: {int(np.sum(spent == got[idx]))} of {sample:,}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--intervals", type=int, default=10_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["scorecard", "business"])
    parser.add_argument("--chunks", type=int, default=1, help="simulate in this many period slices (10 M: 10)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed scorecard runs per engine before timing")
    args = parser.parse_args()
    if args.only != "scorecard":
        bench_business(args.intervals, args.sample, args.repeat)
    if args.only != "business":
        bench_scorecard(args.tickets, args.repeat, args.chunks, args.warmup)


if __name__ == "__main__":
    main()
