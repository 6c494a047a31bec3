"""Feedback-cycle compliance for 5,000 members with a year of log, against a naive per-member rescan.

teamcore's :func:`~teamcore.feedback.compliance` groups the log by member once (:class:`LogIndex`) and shares
working-day calendars across members. The baseline is the obvious alternative: for each member, rescan the whole log
for that member's records (``LogIndex.build(log, members=[id])``) and then apply the *same* rules
(:func:`member_compliance`), so both sides compute identical answers and only the data access differs. The rescan is
quadratic, so it is timed on a sample of members and scaled to 5,000 (it is linear per member: each member scans the
whole log once); the sample's answers are checked against teamcore's.

Run: ``python benchmarks/bench_feedback.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from teamcore.feedback import (
    FeedbackItem,
    FeedbackLog,
    FeedbackPolicy,
    FeedbackRequest,
    LogIndex,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Review,
    compliance,
    member_compliance,
)
from teamcore.feedback._compliance import _Calendars
from teamcore.people import Member, Organisation, Team, TimeOff

MEMBERS = 5_000
TEAM_SIZE = 20
SAMPLE = 100
RUNS = 3
PLACES = [("Europe/Stockholm", "SE", None), ("Europe/Berlin", "DE", "BE"), ("America/Los_Angeles", "US", "CA"),
          ("Asia/Manila", "PH", None), ("Asia/Kolkata", "IN", "KA")]  # fmt: skip
NOW = dt.datetime(2026, 12, 15, 9, tzinfo=dt.UTC)
POLICY = FeedbackPolicy(tracking_since=dt.date(2026, 1, 1))


def make_org(n: int) -> Organisation:
    members = []
    for i in range(n):
        zone, country, subdivision = PLACES[i % len(PLACES)]
        members.append(
            Member(id=f"m{i:05d}", name=f"Member {i}", timezone=zone, country=country, subdivision=subdivision,
                   hours={"mon-fri": ["09:00-17:00"]}, time_off=[TimeOff(dt.date(2026, 7, 6), dt.date(2026, 7, 17))])
        )  # fmt: skip
    teams = [
        Team(id=f"t{t}", name=f"Team {t}", lead=members[t * TEAM_SIZE].id,
             members=[m.id for m in members[t * TEAM_SIZE : (t + 1) * TEAM_SIZE]])
        for t in range(n // TEAM_SIZE)
    ]  # fmt: skip
    return Organisation(name="Bench", members=members, teams=teams)


def make_log(org: Organisation, seed: int = 2026) -> FeedbackLog:
    """A year: ~12 behavioural items, a biweekly series with its slots, quarterly reviews, and leads' requests."""
    rng = random.Random(seed)
    feedback, series, occurrences, reviews, requests = [], [], [], [], []
    for team in org.teams:
        for member in team.members:
            if member == team.lead:
                requests.extend(
                    FeedbackRequest(id=f"q-{member}-{q}", requester=member,
                                    requested_at=dt.datetime(2026, 3 * q + 2, 10, 9, tzinfo=dt.UTC))
                    for q in range(4)
                )  # fmt: skip
                continue
            each = OneOnOneSeries(id=f"s-{member}", lead=team.lead, member=member, cadence="biweekly",
                                  anchor=dt.date(2026, 1, 5))  # fmt: skip
            series.append(each)
            for slot in each.slots(dt.date(2026, 1, 1), NOW.date()):
                if rng.random() < 0.1:
                    occurrences.append(OneOnOneOccurrence(series=each.id, scheduled=slot, status="skipped"))
                else:
                    held = slot + dt.timedelta(days=rng.choice((0, 0, 0, 1)))
                    occurrences.append(OneOnOneOccurrence(series=each.id, scheduled=slot, status="held", held_on=held))
            for k in range(12):
                observed = dt.date(2026, 1, 5) + dt.timedelta(days=k * 29 + rng.randint(0, 20))
                feedback.append(FeedbackItem(
                    id=f"f-{member}-{k}", kind="constructive" if k % 4 == 0 else "praise", observed_on=observed,
                    given_at=dt.datetime.combine(observed, dt.time(13), dt.UTC) + dt.timedelta(days=rng.randint(0, 6)),
                    giver=team.lead, receiver=member, topics=[rng.choice(("tone", "billing", "handover"))],
                ))  # fmt: skip
            for q in range(4):
                end = dt.date(2026, 3 * q + 3, 28)
                held = end + dt.timedelta(days=rng.choice((0, 0, 0, 7)))
                reviews.append(Review(id=f"r-{member}-{q}", member=member, reviewer=team.lead, kind="manager",
                                      period_start=dt.date(2026, 3 * q + 1, 1), period_end=end, held_on=held,
                                      topics=["tone"]))  # fmt: skip
    return FeedbackLog(feedback=feedback, requests=requests, series=series, occurrences=occurrences, reviews=reviews)


def rescan(log: FeedbackLog, org: Organisation, members: list[Member]) -> list[object]:
    calendars = _Calendars(org)
    return [member_compliance(m, org, LogIndex.build(log, members=[m.id]), NOW, POLICY, calendars) for m in members]


def median_seconds(run: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    org = make_org(MEMBERS)
    log = make_log(org)
    print(f"{len(org.members)} members in {len(org.teams)} teams; log of {log.size:,} records over 2026")
    result = compliance(log, org, NOW, POLICY)
    sample = list(org.members[:: MEMBERS // SAMPLE])
    assert rescan(log, org, sample) == [result.member(m.id) for m in sample], "the two sides disagree"
    fast = median_seconds(lambda: compliance(log, org, NOW, POLICY))
    slow_sample = median_seconds(lambda: rescan(log, org, sample))
    slow = slow_sample * MEMBERS / len(sample)
    print(f"teamcore compliance (index once):        median {fast:8.2f} s for {MEMBERS} members")
    print(f"naive per-member rescan ({len(sample)} members): median {slow_sample:8.2f} s "
          f"-> {slow:8.1f} s scaled to {MEMBERS}")  # fmt: skip
    print(f"ratio rescan / teamcore: {slow / fast:.0f}x")
    print(f"obligations: {sum(len(m.obligations) for m in result.members):,}")


if __name__ == "__main__":
    main()
