"""SLA states, targets and scorecards, trends and the dashboard figures."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from teamcore.exceptions import InvalidValue, OutOfRange
from teamcore.kpi import (
    KpiTarget,
    SlaPolicy,
    SlaTarget,
    TicketLog,
    daily_trend,
    evaluate_targets,
    heatmap,
    hours_worked,
    kpi_table,
    lead_tasks,
    scorecard,
    simulate_tickets,
    sla_achievement,
    sla_status,
    team_calendars,
    ticket_topics,
)
from teamcore.people import Organisation, WeeklyHours
from teamcore.scheduling import BusinessCalendar

from .conftest import END, START

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 2, 9, tzinfo=UTC)
H = dt.timedelta(hours=1)


def _policy(*, business: bool = False) -> SlaPolicy:
    return SlaPolicy(
        name="p",
        business_hours=business,
        targets=[
            SlaTarget(metric=m, priority=p, within=w)
            for p in ("low", "normal", "high", "urgent")
            for m, w in (("first_reply", 4 * H), ("resolution", 48 * H))
        ],
    )


def _one(
    status_changes: list[tuple[float, str, str]], replies: list[float], status: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    tickets = pl.DataFrame(
        {
            "ticket_id": ["a"],
            "created_at": [T0],
            "priority": ["normal"],
            "status": [status],
            "solved_at": pl.Series(
                [T0 + status_changes[-1][0] * H if status == "solved" else None], dtype=pl.Datetime("us", "UTC")
            ),
            "team": ["t"],
            "assignee": ["ann"],
        }
    )
    rows = [
        {"ticket_id": "a", "at": T0 + h * H, "kind": "status", "from_status": f, "to_status": t}
        for h, f, t in status_changes
    ]
    rows += [
        {"ticket_id": "a", "at": T0 + h * H, "kind": "reply", "from_status": None, "to_status": None} for h in replies
    ]
    schema = {
        "ticket_id": pl.String,
        "at": pl.Datetime("us", "UTC"),
        "kind": pl.String,
        "from_status": pl.String,
        "to_status": pl.String,
    }
    return tickets, pl.DataFrame(rows, schema=schema)


class TestSla:
    def test_pending_pauses_resolution(self):
        """Time in pending does not count towards resolution; time open does."""
        t, e = _one(
            [(1, "new", "open"), (2, "open", "pending"), (40, "pending", "open"), (41, "open", "solved")], [1], "solved"
        )
        out = sla_status(t, e, _policy(), now=T0 + 100 * H).filter(pl.col("metric") == "resolution").row(0, named=True)
        assert out["elapsed"] == 3 * 3600
        assert out["state"] == "achieved"

    def test_breach_and_time_until_breach(self):
        """An open ticket without reply breaches first reply after 4 h; before that, remaining counts down."""
        t, e = _one([], [], "new")
        early = sla_status(t, e, _policy(), now=T0 + 3 * H).filter(pl.col("metric") == "first_reply").row(0, named=True)
        assert (early["state"], early["remaining"], early["breach_at"]) == ("active", 3600.0, T0 + 4 * H)
        late = sla_status(t, e, _policy(), now=T0 + 5 * H).filter(pl.col("metric") == "first_reply").row(0, named=True)
        assert late["state"] == "breached"

    def test_reopen_time_solved_is_paused(self):
        """Time spent solved before a reopen does not count towards resolution."""
        t, e = _one(
            [(1, "new", "open"), (2, "open", "solved"), (30, "solved", "open"), (31, "open", "solved")],
            [1, 30],
            "solved",
        )
        out = sla_status(t, e, _policy(), now=T0 + 100 * H).filter(pl.col("metric") == "resolution").row(0, named=True)
        assert out["elapsed"] == 3 * 3600

    def test_business_policy_on_simulated_log(self, log: TicketLog, org: Organisation):
        """Business-hours elapsed time is never more than calendar, ticket by ticket."""
        cals = team_calendars(org, dt.date(2026, 9, 1), dt.date(2026, 12, 1))
        cal = sla_status(log.tickets, log.events, _policy(), now=END)
        bus = sla_status(log.tickets, log.events, _policy(business=True), now=END, calendars=cals)
        assert ((cal["elapsed"] - bus["elapsed"]) >= -1e-6).all()
        rate = sla_achievement(bus, by="metric")
        assert rate["achievement"].is_between(0, 1).all()

    def test_holiday_inside_pending_changes_nothing(self):
        """In business time, a closed day inside a pending (paused) span leaves resolution SLA time unchanged."""
        t0 = dt.datetime(2026, 12, 21, 9, tzinfo=UTC)  # Monday
        t, e = _one(
            [(1, "new", "open"), (2, "open", "pending"), (72, "pending", "open"), (73, "open", "solved")], [1], "solved"
        )
        t = t.with_columns(pl.lit(t0).alias("created_at"), pl.lit(t0 + 73 * H).alias("solved_at"))
        e = e.with_columns(pl.col("at") - (T0 - t0))
        elapsed = []
        for closed in ([], [dt.date(2026, 12, 23)]):
            cal = BusinessCalendar(hours=WeeklyHours.weekdays("08:00", "18:00"), timezone="UTC", closed_days=closed)
            hours = {"t": cal.intervals(dt.date(2026, 12, 1), dt.date(2027, 1, 1))}
            out = sla_status(t, e, _policy(business=True), now=t0 + 100 * H, calendars=hours)
            elapsed.append(out.filter(pl.col("metric") == "resolution")["elapsed"].item())
        assert elapsed == [3 * 3600, 3 * 3600]

    @pytest.mark.parametrize(
        ("kw", "match"),
        [
            ({"metric": "next_reply"}, "metric"),  # not an SLA metric
            ({"priority": "p1"}, "priority"),  # unknown priority
            ({"within": dt.timedelta(0)}, "within"),  # not positive
        ],
    )
    def test_bad_target(self, kw, match):
        """A bad target names its field."""
        args = {"metric": "first_reply", "priority": "high", "within": H} | kw
        with pytest.raises((InvalidValue, OutOfRange), match=match):
            SlaTarget(**args)

    def test_pause_must_be_unsolved(self):
        """Only unsolved statuses can pause."""
        with pytest.raises(InvalidValue, match="pause"):
            SlaPolicy(name="p", targets=[], pause=["closed"])


class TestTargetsAndScorecard:
    def test_scorecard_matches_kpi_table(self, log: TicketLog):
        """The lean scorecard computes the KPI table's own definitions (no drift between the two)."""
        kw = {"start": START, "end": END, "period": "week", "tz": "Europe/Oslo"}
        card = scorecard(log.tickets, log.events, policy=_policy(), by="assignee", **kw)
        table = kpi_table(log.tickets, log.events, by="assignee", stats=("median",), **kw)
        cols = ["period", "assignee", "incoming", "solved", "first_reply_median", "csat"]
        joined = card.select(cols).join(table.select(cols), on=["period", "assignee"], suffix="_t")
        assert joined.height == card.height > 0
        for c in cols[2:]:
            assert (joined[c] == joined[f"{c}_t"]).all() or joined[c].equals(joined[f"{c}_t"].alias(c)), c

    def test_unassigned_tickets_make_one_row_per_period(self, log: TicketLog):
        """Tickets without an assignee are one group (null), not one row per part of the query."""
        tickets = log.tickets.with_columns(
            pl.when(pl.col("ticket_id").str.ends_with("3")).then(None).otherwise(pl.col("assignee")).alias("assignee")
        )
        kw = {"start": START, "end": END, "period": "week", "tz": "Europe/Oslo"}
        card = scorecard(tickets, log.events, policy=_policy(), by="assignee", **kw)
        table = kpi_table(tickets, log.events, by="assignee", stats=("median",), **kw)
        for frame in (card, table):
            unassigned = frame.filter(pl.col("assignee").is_null())
            assert unassigned.height == unassigned["period"].n_unique() > 0
            assert (
                unassigned["incoming"].sum()
                == tickets.filter(
                    pl.col("assignee").is_null() & pl.col("created_at").is_between(START, END, closed="left")
                ).height
            )
        cols = ["period", "assignee", "incoming", "solved", "first_reply_median", "csat"]
        # The KPI table also has rows for backlog alone; the scorecard's rows are the rest, the same numbers.
        with_activity = table.filter((pl.col("incoming") > 0) | (pl.col("solved") > 0))
        assert card.select(cols).equals(with_activity.select(cols))

    def test_member_target_overrides_default(self):
        """A member's own target wins over the default."""
        table = pl.DataFrame({"period": [dt.date(2026, 11, 2)] * 2, "assignee": ["ann", "bo"], "csat": [0.85, 0.85]})
        out = evaluate_targets(
            table,
            [
                KpiTarget(metric="csat", goal=0.9, direction="at_least"),
                KpiTarget(metric="csat", goal=0.8, direction="at_least", member="bo"),
            ],
            key="assignee",
        )
        assert out["met"].to_list() == [False, True]

    def test_at_most_and_trend(self):
        """For an at-most target a falling value is better."""
        table = pl.DataFrame(
            {
                "period": [dt.date(2026, 11, 2), dt.date(2026, 11, 9)],
                "assignee": ["a", "a"],
                "first_reply_median": [5000.0, 3000.0],
            }
        )
        out = evaluate_targets(
            table, [KpiTarget(metric="first_reply_median", goal=3600, direction="at_most")], key="assignee"
        )
        assert out.select("met", "delta", "trend").rows() == [(False, -1400.0, None), (True, 600.0, "better")]

    def test_unknown_metric(self):
        """A target on a column the table does not have is an error."""
        with pytest.raises(InvalidValue, match="metric"):
            evaluate_targets(
                pl.DataFrame({"period": [], "assignee": []}),
                [KpiTarget(metric="speed", goal=1, direction="at_least")],
                key="assignee",
            )


class TestTrends:
    def test_daily_counts_sum_to_incoming(self, log: TicketLog):
        """Every ticket in the window lands on exactly one local day."""
        trend = daily_trend(log.tickets, start=START, end=END, tz="America/New_York")
        table = kpi_table(log.tickets, start=START, end=END)
        assert trend["new"].sum() == table["incoming"].sum()
        assert trend["day"].is_sorted()

    def test_heatmap_in_team_zone(self, log: TicketLog):
        """The heatmap has 7 × 24 cells summing to the tickets of the window; weekends are quieter."""
        grid = heatmap(log.tickets, start=START, end=END, tz="Europe/Oslo")
        total = grid.drop("weekday").sum_horizontal()
        assert grid.shape == (7, 25)
        assert total.sum() == kpi_table(log.tickets, start=START, end=END)["incoming"].sum()
        assert total[5] + total[6] < total[0] + total[1]

    def test_empty(self, log: TicketLog):
        """No tickets: zero counts, no exception."""
        assert daily_trend(log.tickets.head(0), start=START, end=END)["new"].sum() == 0
        assert heatmap(log.tickets.head(0), start=START, end=END, tz="UTC").drop("weekday").sum_horizontal().sum() == 0

    def test_hours_and_lead_tasks(self, org: Organisation, log: TicketLog):
        """Scheduled hours are non-negative per member; lead tasks are unsolved tickets of leads."""
        hours = hours_worked(org, dt.date(2026, 11, 2), dt.date(2026, 11, 9))
        assert hours.height == len(org.members)
        tasks = lead_tasks(log.tickets, org, now=END)
        assert set(tasks["lead"]) <= {"ann", "cy"}
        assert (tasks["age_hours"] >= 0).all()


class TestTopics:
    def test_counts_match_a_plain_count(self, log: TicketLog):
        """Every tagged ticket created in the window is counted once, under its own topic, busiest first."""
        lo, hi = START + dt.timedelta(days=3), END - dt.timedelta(days=2)
        inside = log.tickets.filter(pl.col("created_at").is_between(lo, hi, closed="left"))
        want = dict(inside.group_by("topic").len().iter_rows())
        got = ticket_topics(log.tickets, start=lo, end=hi)
        assert got == want
        assert list(got.values()) == sorted(got.values(), reverse=True)

    def test_same_on_pandas(self, log: TicketLog):
        """The count runs on the engine of the table it is given."""
        assert ticket_topics(log.tickets.to_pandas(), start=START, end=END) == ticket_topics(
            log.tickets, start=START, end=END
        )

    def test_untagged_and_missing(self, log: TicketLog):
        """Null and empty topics are not counted; no topic column at all gives an empty mapping."""
        cleared = log.tickets.with_columns(
            pl.when(pl.col("topic") == "billing").then(pl.lit("")).otherwise(pl.col("topic")).alias("topic")
        )
        assert "billing" not in ticket_topics(cleared, start=START, end=END)
        assert "" not in ticket_topics(cleared, start=START, end=END)
        assert ticket_topics(log.tickets.drop("topic"), start=START, end=END) == {}

    def test_simulated_topics_have_their_own_stream(self, org: Organisation):
        """Same seed, same topics, and every simulated ticket has one from a varied set."""
        a = simulate_tickets(org, start=START, end=END, tickets_per_day=30, seed=5)
        b = simulate_tickets(org, start=START, end=END, tickets_per_day=30, seed=5)
        assert a.tickets.equals(b.tickets)
        assert a.tickets["topic"].null_count() == 0
        assert a.tickets["topic"].n_unique() > 10

    def test_seed_must_be_a_natural_number(self, org: Organisation):
        """A negative seed is refused with the field's name."""
        with pytest.raises(OutOfRange, match="seed"):
            simulate_tickets(org, start=START, end=END, seed=-1)
