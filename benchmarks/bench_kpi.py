"""KPI benchmarks: the scorecard against the strongest peers; business-hours durations against per-row
``businesstimedelta``.

    python benchmarks/bench_kpi.py --only scorecard --tickets 10000000 --chunks 10 [--repeat 3] [--engines ...]
    python benchmarks/bench_kpi.py --only business [--intervals 10000000]

Scorecard: incoming, solved, median business-hours first reply, first-reply SLA achievement and CSAT per member
per ISO week (Europe/Oslo weeks), on simulated tickets and events. The log is simulated once and written to
Parquet (``--data``, reused when present); then each engine runs in its own child process (``--engine NAME``),
which loads the files as that engine holds data, warms up once and times ``--repeat`` runs, and reports its median
wall and CPU time, its working memory (peak resident set above the level after loading) and its total peak.
Engines: teamcore ``scorecard``; hand-written lazy polars that reduces events per ticket first (``polars``) and
the straightforward polars query that clocks every reply (``polars-naive``, not run by default); one DuckDB SQL
query (cumulative open-seconds table, ASOF JOIN, ``min()`` per ticket first); lean pandas (narrow frames,
categorical keys, int64 seconds, ``groupby().min()`` first, ``np.searchsorted``). Every engine must give
teamcore's rows (the parent checks them and exits non-zero otherwise).
Business hours: open seconds of five team calendars (five zones, their public holidays) between random instants;
``businesstimedelta`` is timed on a sample and extrapolated, and must agree on every sampled value.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import businesstimedelta as btd
import holidays
import numpy as np
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytz

from _measure import measured, timed
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


# ---------------------------------------------------------------- DuckDB SQL
_DUCKDB_SQL = """
WITH first AS (  -- reduce first: one row per ticket, its earliest reply
    SELECT ticket_id, min("at") AS r FROM events WHERE kind = 'reply' GROUP BY ticket_id
),
t AS (
    SELECT t.team, t.assignee, t.priority, t.created_at,
           epoch_us(t.created_at) // 1000000 AS c_s, epoch_us(f.r) // 1000000 AS r_s
    FROM tickets t LEFT JOIN first f USING (ticket_id)
    WHERE t.created_at >= $lo AND t.created_at < $hi
),
c1 AS (  -- B(created): open seconds before the instant, from the cumulative table
    SELECT t.*, s.before + least(t.c_s - s.start, s.len) AS b_created
    FROM t ASOF LEFT JOIN cal s ON t.team = s.team AND t.c_s >= s.start
),
c2 AS (
    SELECT c1.*, CASE WHEN r_s IS NOT NULL THEN coalesce(s.before + least(c1.r_s - s.start, s.len), 0) END AS b_reply
    FROM c1 ASOF LEFT JOIN cal s ON c1.team = s.team AND c1.r_s >= s.start
),
created AS (
    SELECT date_trunc('week', timezone($tz, created_at))::DATE AS period, assignee,
           count(*) AS incoming,
           median((b_reply - coalesce(b_created, 0))::DOUBLE) AS first_reply_median,
           count(*) FILTER (WHERE b_reply - coalesce(b_created, 0) <= goal) AS met,
           count(b_reply) FILTER (WHERE goal IS NOT NULL) AS decided
    FROM (SELECT *, CASE priority {goals} END AS goal FROM c2)
    GROUP BY ALL
),
solved AS (
    SELECT date_trunc('week', timezone($tz, solved_at))::DATE AS period, assignee,
           count(*) AS solved,
           count(*) FILTER (WHERE satisfaction = 'good') AS good,
           count(*) FILTER (WHERE satisfaction = 'bad') AS bad
    FROM tickets
    WHERE status IN ('solved', 'closed') AND solved_at >= $lo AND solved_at < $hi
    GROUP BY ALL
)
SELECT coalesce(c.period, s.period) AS period, coalesce(c.assignee, s.assignee) AS assignee,
       coalesce(incoming, 0) AS incoming, coalesce(solved, 0) AS solved,
       first_reply_median,
       CASE WHEN decided > 0 THEN met / decided END AS sla_first_reply,
       CASE WHEN good + bad > 0 THEN good / (good + bad) END AS csat
FROM created c FULL JOIN solved s ON c.period = s.period AND c.assignee IS NOT DISTINCT FROM s.assignee
ORDER BY period, assignee NULLS LAST
"""


def cumulative_table(cals: dict[Any, IntervalSet]) -> pl.DataFrame:
    """Each team calendar's intervals with the open seconds before each one: what B(t) is read from."""
    return pl.concat(
        [
            pl.DataFrame({"team": team, "start": s.starts, "len": s.ends - s.starts}).with_columns(
                before=pl.col("len").cum_sum() - pl.col("len")
            )
            for team, s in cals.items()
            if team is not None
        ]
    )


def duckdb_scorecard(con: Any) -> pl.DataFrame:
    """The scorecard as one SQL query over DuckDB tables ``tickets``, ``events`` and ``cal`` (cumulative_table)."""
    goals = " ".join(f"WHEN '{p}' THEN {s}" for p, s in GOALS.items())
    sql = _DUCKDB_SQL.format(goals=goals)
    result = pl.from_arrow(con.execute(sql, {"lo": START, "hi": END, "tz": TZ}).to_arrow_table())
    assert isinstance(result, pl.DataFrame)
    # Rounded as teamcore rounds (DuckDB's round() breaks ties away from zero): 480 rows, no time.
    return result.with_columns(pl.col("first_reply_median", "sla_first_reply", "csat").round(6))


# ---------------------------------------------------------------- lean pandas
class PandasCalendars:
    """The team calendars laid end to end on one int64 axis, with the open seconds before each interval."""

    def __init__(self, cals: dict[Any, IntervalSet], teams: pd.Index) -> None:
        named = [k for k in cals if k is not None]
        self.span = 1 << 40  # wider than any epoch second involved
        self.axis = np.concatenate([cals[k].starts + i * self.span for i, k in enumerate(named)])
        self.lengths = np.concatenate([cals[k].ends - cals[k].starts for k in named])
        self.before = np.concatenate([np.cumsum(cals[k].ends - cals[k].starts) for k in named]) - self.lengths
        self.first = np.cumsum([0, *(cals[k].starts.size for k in named)])[:-1]
        self.index = np.array([named.index(k) if k in named else -1 for k in teams], np.int64)  # category → calendar

    def clock(self, seconds: np.ndarray, team_codes: np.ndarray) -> np.ndarray:
        """B(t) per row (float; NaN for NaN instants or teams without a calendar)."""
        cal = self.index[team_codes]
        ok = ~np.isnan(seconds) & (cal >= 0)
        key = np.where(ok, seconds, 0).astype(np.int64) + np.maximum(cal, 0) * self.span
        i = np.searchsorted(self.axis, key, side="right") - 1
        j = np.maximum(i, 0)
        b = self.before[j] + np.clip(key - self.axis[j], 0, self.lengths[j])
        b = np.where(i < self.first[np.maximum(cal, 0)], 0, b).astype(np.float64)
        b[~ok] = np.nan
        return b


def _epoch_seconds(column: pd.Series) -> np.ndarray:
    """Epoch seconds (float, NaN for NaT) of a datetime64[*, UTC] column."""
    values = column.to_numpy(dtype="datetime64[s]", na_value=np.datetime64("NaT"))
    out = values.view(np.int64).astype(np.float64)
    out[np.isnat(values)] = np.nan
    return out


def _week(column: pd.Series) -> np.ndarray:
    """The local (Europe/Oslo) day number of the Monday of each instant's ISO week."""
    local = column.dt.tz_convert(TZ).dt.tz_localize(None).to_numpy(dtype="datetime64[D]").view(np.int64)
    return local - (local + 3) % 7


def pandas_scorecard(tickets: pd.DataFrame, events: pd.DataFrame, cal: PandasCalendars) -> pl.DataFrame:
    """Lean pandas: categorical keys, int64 seconds, events reduced per ticket first, B(t) by np.searchsorted."""
    replies = events[events["kind"] == "reply"]
    codes = replies["ticket_id"].cat.codes.to_numpy()
    first = pd.Series(_epoch_seconds(replies["at"])).groupby(codes, sort=False).min()
    # event-dictionary code → ticket row (both tables' ticket ids are categoricals of their own dictionaries)
    ids = tickets["ticket_id"].cat
    row_of = np.empty(len(ids.categories), np.int64)
    row_of[ids.codes.to_numpy()] = np.arange(len(tickets))
    to_ticket = ids.categories.get_indexer(replies["ticket_id"].cat.categories[first.index.to_numpy()])
    reply = np.full(len(tickets), np.nan)
    reply[row_of[to_ticket]] = first.to_numpy()

    created = _epoch_seconds(tickets["created_at"])
    inside = (created >= START.timestamp()) & (created < END.timestamp())
    c = tickets[inside]
    teams = c["team"].cat.codes.to_numpy()
    fr = cal.clock(reply[inside], teams) - cal.clock(created[inside], teams)
    goals = c["priority"].map(GOALS).to_numpy(dtype=np.float64, na_value=np.nan)
    a = (
        pd.DataFrame(
            {
                "period": _week(c["created_at"]),
                "assignee": c["assignee"].cat.codes.to_numpy(),
                "fr": fr,
                "met": fr <= goals,
                "decided": ~np.isnan(fr) & ~np.isnan(goals),
            }
        )
        .groupby(["period", "assignee"], sort=False)
        .agg(
            incoming=("fr", "size"), first_reply_median=("fr", "median"), met=("met", "sum"), decided=("decided", "sum")
        )
    )
    solved_at = _epoch_seconds(tickets["solved_at"])
    done = tickets["status"].isin(["solved", "closed"]).to_numpy() & (solved_at >= START.timestamp())
    s = tickets[done & (solved_at < END.timestamp())]
    b = (
        pd.DataFrame(
            {
                "period": _week(s["solved_at"]),
                "assignee": s["assignee"].cat.codes.to_numpy(),
                "good": (s["satisfaction"] == "good").to_numpy(),
                "bad": (s["satisfaction"] == "bad").to_numpy(),
            }
        )
        .groupby(["period", "assignee"], sort=False)
        .agg(solved=("good", "size"), good=("good", "sum"), bad=("bad", "sum"))
    )
    out = a.join(b, how="outer").reset_index()
    names = tickets["assignee"].cat.categories
    rated = (out["good"] + out["bad"]).to_numpy(dtype=np.float64, na_value=np.nan)
    decided = out["decided"].to_numpy(dtype=np.float64, na_value=np.nan)
    return (
        pl.DataFrame(
            {
                "period": (out["period"].to_numpy() + dt.date(1970, 1, 1).toordinal()).tolist(),
                "assignee": [None if k < 0 else names[k] for k in out["assignee"].to_numpy()],
                "incoming": out["incoming"].fillna(0).to_numpy(dtype=np.int64),
                "solved": out["solved"].fillna(0).to_numpy(dtype=np.int64),
                "first_reply_median": out["first_reply_median"].to_numpy(dtype=np.float64, na_value=np.nan),
                "sla_first_reply": np.where(
                    decided > 0, out["met"].to_numpy(np.float64, na_value=np.nan) / decided, np.nan
                ),
                "csat": np.where(rated > 0, out["good"].to_numpy(np.float64, na_value=np.nan) / rated, np.nan),
            },
            nan_to_null=True,
        )
        .with_columns(
            pl.col("period").map_elements(dt.date.fromordinal, return_dtype=pl.Date),
            pl.col("first_reply_median", "sla_first_reply", "csat").round(6),
        )
        .sort("period", "assignee", nulls_last=True)
    )


# ---------------------------------------------------------------- one engine per child process
ENGINES = ("teamcore", "polars", "duckdb", "pandas", "polars-naive")
DEFAULT_ENGINES = ("teamcore", "polars", "duckdb", "pandas")


def _calendars() -> dict[Any, IntervalSet]:
    return team_calendars(organisation(), dt.date(2026, 8, 1), dt.date(2027, 1, 1))


def _policy() -> SlaPolicy:
    targets = [SlaTarget(metric="first_reply", priority=p, within=dt.timedelta(seconds=s)) for p, s in GOALS.items()]
    return SlaPolicy(name="bench", business_hours=True, targets=targets)


def _load(engine: str, data: Path) -> Callable[[], pl.DataFrame]:
    """Load the Parquet files as `engine` naturally holds them; return the scorecard query over them."""
    cals = _calendars()
    if engine == "duckdb":
        import duckdb  # noqa: PLC0415 - each child imports only its own engine

        con = duckdb.connect()
        con.execute(f"CREATE TABLE tickets AS FROM read_parquet('{data / 'tickets.parquet'}')")
        con.execute(f"CREATE TABLE events AS FROM read_parquet('{data / 'events.parquet'}')")
        cal = cumulative_table(cals)  # noqa: F841 - read by the next statement, by name
        con.execute("CREATE TABLE cal AS FROM cal")
        return lambda: duckdb_scorecard(con)
    if engine == "pandas":
        # Narrow frames: only the columns the scorecard reads, strings as categoricals (Parquet dictionaries).
        cols = ["ticket_id", "team", "assignee", "priority", "status", "created_at", "solved_at", "satisfaction"]
        strings = [c for c in cols if not c.endswith("_at")]
        tickets = pq.read_table(data / "tickets.parquet", columns=cols, read_dictionary=strings).to_pandas()
        events = pq.read_table(
            data / "events.parquet", columns=["ticket_id", "at", "kind"], read_dictionary=["ticket_id", "kind"]
        ).to_pandas()
        cal_axis = PandasCalendars(cals, tickets["team"].cat.categories)
        return lambda: pandas_scorecard(tickets, events, cal_axis)
    tickets_pl, events_pl = pl.read_parquet(data / "tickets.parquet"), pl.read_parquet(data / "events.parquet")
    if engine == "teamcore":
        policy = _policy()
        return lambda: scorecard(
            tickets_pl, events_pl, policy=policy, start=START, end=END, period="week", tz=TZ, calendars=cals
        )
    if engine == "polars":
        return lambda: polars_scorecard_reduced(tickets_pl, events_pl, cals)
    return lambda: polars_scorecard(tickets_pl, events_pl, cals)


def child(engine: str, data: Path, repeat: int, warmup: int) -> None:
    """Run one engine in this process: load, warm up, time; print the figures as one JSON line."""
    query = _load(engine, data)
    gc.collect()
    figures, result = measured(query, repeat, warmup)
    result.write_parquet(data / f"result-{engine}.parquet")
    print(json.dumps({"engine": engine, **figures, "rows": result.height}))


def _same(a: pl.DataFrame, b: pl.DataFrame) -> tuple[bool, float]:
    """Same rows (counts equal, floats within 1e-9, nulls alike), and the largest float difference."""
    keys = ["period", "assignee"]
    if a.height != b.height or a.columns != b.columns:
        return False, float("inf")
    j = a.join(b, on=keys, how="full", nulls_equal=True, suffix="_b")
    if j.height != a.height or j["period"].null_count():
        return False, float("inf")
    ok, worst = True, 0.0
    for col in a.columns[2:]:
        x, y = j[col], j[f"{col}_b"]
        ok &= bool((x.is_null() == y.is_null()).all())
        diff = (x.cast(pl.Float64) - y.cast(pl.Float64)).abs().max()
        worst = max(worst, float(diff) if diff is not None else 0.0)  # type: ignore[arg-type]
    return ok and worst <= 1e-9, worst


def _data(n: int, chunks: int, folder: Path | None) -> Path:
    """Simulate once and write tickets.parquet and events.parquet (reused when `folder` already holds them)."""
    data = folder or Path(tempfile.gettempdir()) / f"teamcore-bench-kpi-{n}-{chunks}"
    if (data / "events.parquet").exists():
        print(f"reusing {data}", flush=True)
        return data
    data.mkdir(parents=True, exist_ok=True)
    print(f"simulating {n:,} tickets over {(END - START).days} days in {chunks} chunk(s) into {data} ...", flush=True)
    tickets, events = simulate(organisation(), n, chunks)
    tickets.write_parquet(data / "tickets.parquet")
    events.write_parquet(data / "events.parquet.part")
    (data / "events.parquet.part").rename(data / "events.parquet")
    return data


def bench_scorecard(n: int, repeat: int, chunks: int, warmup: int, engines: list[str], folder: Path | None) -> None:
    data = _data(n, chunks, folder)
    meta = pq.read_metadata(data / "tickets.parquet").num_rows, pq.read_metadata(data / "events.parquet").num_rows
    print(f"scorecard, {meta[0]:,} tickets / {meta[1]:,} events; one child process per engine,", end="")
    print(f" median of {repeat} runs after {warmup} warm-up run(s); load average {os.getloadavg()[0]:.2f}", flush=True)
    figures = {}
    for engine in engines:
        cmd = [sys.executable, __file__, "--engine", engine, "--data", str(data), "--repeat", str(repeat)]
        done = subprocess.run([*cmd, "--warmup", str(warmup)], capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"  {engine}: failed\n{done.stderr}", flush=True)
            continue
        figures[engine] = json.loads(done.stdout.strip().splitlines()[-1])
        f = figures[engine]
        print(
            f"  {engine:13} {f['median']:8.2f} s  (cpu {f['cpu']:6.2f} s)   working {f['working_mib']:7.0f} MiB"
            f"   total peak {f['total_peak_mib']:7.0f} MiB   (loaded {f['loaded_mib']:.0f} MiB)",
            flush=True,
        )
    if "teamcore" not in figures:
        return
    ours = pl.read_parquet(data / "result-teamcore.parquet")
    same = {}
    for engine in figures:
        if engine != "teamcore":
            same[engine] = _same(ours, pl.read_parquet(data / f"result-{engine}.parquet"))
            print(f"  {engine}: same rows as teamcore: {same[engine][0]} (largest difference {same[engine][1]:.1e})")
    peers = {k: v["median"] for k, v in figures.items() if k not in {"teamcore", "polars-naive"}}
    if peers:
        fastest = min(peers, key=peers.__getitem__)
        print(f"  teamcore / fastest peer ({fastest}) = {figures['teamcore']['median'] / peers[fastest]:.2f}x")
    if "polars" in figures:
        ratio = figures["teamcore"]["working_mib"] / figures["polars"]["working_mib"]
        print(f"  teamcore / polars working memory = {ratio:.2f}x")
    print(f"  {ours.height} rows; load average at the end {os.getloadavg()[0]:.2f}")
    if not all(ok for ok, _ in same.values()):
        raise SystemExit("an engine's scorecard differs from teamcore's")


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
    parser.add_argument("--engines", default=",".join(DEFAULT_ENGINES), help=f"comma-separated, of {ENGINES}")
    parser.add_argument("--data", type=Path, help="folder for the simulated Parquet files (reused if present)")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)  # the child process's mode
    args = parser.parse_args()
    if args.engine:
        child(args.engine, args.data, args.repeat, args.warmup)
        return
    if args.only != "scorecard":
        bench_business(args.intervals, args.sample, args.repeat)
    if args.only != "business":
        engines = [e for e in args.engines.split(",") if e]
        unknown = [e for e in engines if e not in ENGINES]
        if unknown:
            parser.error(f"unknown engine(s) {unknown}: choose from {ENGINES}")
        bench_scorecard(args.tickets, args.repeat, args.chunks, args.warmup, engines, args.data)


if __name__ == "__main__":
    main()
