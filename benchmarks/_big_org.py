"""A big organisation for the organisation-scale benchmarks, with everything the demo report reads.

``big_org(n)`` makes `n` members spread over the 25 zones of :mod:`_places` (each with its country and working
hours in local time, some part-time, some on the night shift), teams of 8 to 12 with a lead, skills and languages,
start dates with about 3% newcomers, time off. ``big_context(org)`` adds what the report sections read, scaled with
the members: three months of feedback log (1:1 series and slots, behavioural items, Q3 reviews, leads' requests for
upward feedback), mentoring pairs and capacities, a knowledge base with one article per 20 members, and a staffing
plan on the demo's forecast shape. Seeded, so every run builds the same organisation.
"""

from __future__ import annotations

import datetime as dt
import random

from _places import PLACES
from teamcore.feedback import (
    FeedbackItem,
    FeedbackLog,
    FeedbackRequest,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Review,
)
from teamcore.knowledge import Article, KnowledgeBase
from teamcore.mentoring import MentoringPair
from teamcore.people import Member, Organisation, Team, TimeOff
from teamcore.report import ReportContext
from teamcore.staffing import Forecast, StaffingPlan

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
SKILLS = ("billing", "payments", "returns", "escalations", "onboarding", "reporting", "api", "shipping", "fraud",
          "accessibility", "b2b", "mobile")  # fmt: skip
LANGUAGES = ("en", "es", "de", "fr", "pt", "sv", "ja", "hi", "tl", "ar")
SHIFTS = ({"mon-fri": ["08:00-16:30"]}, {"mon-fri": ["09:00-17:30"]}, {"mon-thu": ["07:00-17:00"]},
          {"tue-sat": ["10:00-18:30"]}, {"mon-wed": ["09:00-15:00"]}, {"sun-thu": ["22:00-06:00"]})  # fmt: skip
START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 22)


def big_org(n: int, seed: int = 17) -> Organisation:
    """`n` members in teams of 8 to 12 (a team's members share a zone, so follow-the-sun is by team)."""
    rng = random.Random(seed)
    members: list[Member] = []
    teams: list[Team] = []
    i = 0
    while i < n:
        size = min(rng.randint(8, 12), n - i)
        zone, country, subdivision = PLACES[len(teams) % len(PLACES)]
        ids = [f"m{k:06d}" for k in range(i, i + size)]
        for k, member_id in enumerate(ids):
            newcomer = rng.random() < 0.03
            started = NOW.date() - dt.timedelta(days=rng.randint(5, 80) if newcomer else rng.randint(120, 3000))
            holiday = dt.date(2026, rng.randint(1, 12), rng.randint(1, 20))
            members.append(
                Member(
                    id=member_id,
                    name=f"Member {i + k}",
                    timezone=zone,
                    country=country,
                    subdivision=subdivision,
                    role="team_lead" if k == 0 else rng.choice(("agent", "agent", "agent", "senior_agent")),
                    employment="part_time" if rng.random() < 0.1 else "full_time",
                    start_date=started,
                    hours=SHIFTS[0] if k == 0 else rng.choice(SHIFTS),
                    languages=["en", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))],
                    skills={s: rng.randint(1, 5) for s in rng.sample(SKILLS, rng.randint(2, 5))},
                    time_off=[TimeOff(holiday, holiday + dt.timedelta(days=rng.randint(0, 9)))],
                )
            )
        teams.append(Team(id=f"t{len(teams):05d}", name=f"Team {len(teams)}", lead=ids[0], members=ids))
        i += size
    return Organisation(name=f"Big {n:,}", members=members, teams=teams)


def big_feedback(org: Organisation, seed: int = 17) -> FeedbackLog:
    """September to November 2026: biweekly 1:1s (10% skipped), ~3 items each, Q3 reviews, leads' requests."""
    rng = random.Random(seed)
    feedback, series, occurrences, reviews, requests = [], [], [], [], []
    for team in org.teams:
        requests.append(FeedbackRequest(id=f"q-{team.lead}", requester=team.lead,
                                        requested_at=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)))  # fmt: skip
        for member in team.members:
            if member == team.lead:
                continue
            anchor = START + dt.timedelta(days=7 - START.weekday() + rng.randint(0, 3))
            each = OneOnOneSeries(id=f"s-{member}", lead=team.lead, member=member, cadence="biweekly", anchor=anchor)
            series.append(each)
            for slot in each.slots(each.anchor, END):
                if rng.random() < 0.1:
                    occurrences.append(OneOnOneOccurrence(series=each.id, scheduled=slot, status="skipped"))
                else:
                    held = slot + dt.timedelta(days=rng.choice((0, 0, 0, 1)))
                    occurrences.append(OneOnOneOccurrence(series=each.id, scheduled=slot, status="held", held_on=held))
            for k in range(3):
                observed = START + dt.timedelta(days=k * 27 + rng.randint(0, 20))
                feedback.append(FeedbackItem(
                    id=f"f-{member}-{k}", kind="constructive" if k == 0 else "praise", observed_on=observed,
                    given_at=dt.datetime.combine(observed, dt.time(13), dt.UTC) + dt.timedelta(days=rng.randint(0, 4)),
                    giver=team.lead, receiver=member, topics=[rng.choice(("tone", "billing", "handover"))],
                ))  # fmt: skip
            if rng.random() < 0.95:
                held_on = dt.date(2026, 10, rng.randint(1, 20))
                reviews.append(Review(id=f"r-{member}", member=member, reviewer=team.lead, kind="manager",
                                      period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 9, 30),
                                      held_on=held_on, topics=["tone"]))  # fmt: skip
    return FeedbackLog(feedback=feedback, requests=requests, series=series, occurrences=occurrences, reviews=reviews)


def big_mentoring(org: Organisation, seed: int = 17) -> tuple[tuple[MentoringPair, ...], dict[str, int]]:
    """Half the newcomers, and a tenth of the others, have their lead as mentor; 0 to 2 places left per lead."""
    rng = random.Random(seed)
    pairs: list[MentoringPair] = []
    for team in org.teams:
        mentor, *rest = team.members
        for mentee in rest:
            person = org.member(mentee)
            newcomer = person.start_date is not None and (NOW.date() - person.start_date).days < 90
            if (newcomer and rng.random() < 0.5) or (not newcomer and rng.random() < 0.1):
                pairs.append(MentoringPair(mentor=mentor, mentee=mentee, since=max(START, person.start_date or START)))
    load: dict[str, int] = {}
    for pair in pairs:
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
    capacities = {t.lead: load.get(t.lead, 0) + rng.randint(0, 2) for t in org.teams}
    return tuple(pairs), capacities


def big_knowledge(org: Organisation, seed: int = 17) -> KnowledgeBase:
    """One article per 20 members, owned by random members (2% by people who left), reviewed in the last 400 days."""
    rng = random.Random(seed)
    articles = []
    for k in range(max(1, len(org.members) // 20)):
        owner = rng.choice(org.members).id if rng.random() < 0.98 else f"left{k:05d}"
        reviewed = NOW.date() - dt.timedelta(days=rng.randint(0, 400))
        articles.append(Article(id=f"kb-{k:05d}", title=f"Article {k}", owner=owner, topics=rng.sample(SKILLS, 2),
                                last_reviewed=reviewed))  # fmt: skip
    return KnowledgeBase(articles)


def big_staffing(org: Organisation, seed: int = 17) -> StaffingPlan:
    """A week of 30-minute intervals from ``NOW``'s UTC midnight, volume scaled with the members."""
    rng = random.Random(seed)
    start = dt.datetime.combine(NOW.date(), dt.time(0), dt.UTC)
    per = len(org.members) / 44
    volume = [max(0.0, per * (20 + 15 * rng.random()) * (0.3 if (k // 2) % 24 < 6 else 1.0)) for k in range(7 * 48)]
    return StaffingPlan(forecast=Forecast(start=start, step=dt.timedelta(minutes=30), volume=volume), aht=300)


def big_context(org: Organisation, *, staffing: bool = True) -> ReportContext:
    """The report's inputs for `org`: feedback, mentoring, knowledge and (by default) staffing, no tickets."""
    pairs, capacities = big_mentoring(org)
    return ReportContext(
        org=org,
        now=NOW,
        feedback=big_feedback(org),
        mentoring=pairs,
        mentor_capacities=capacities,
        knowledge=big_knowledge(org),
        staffing=big_staffing(org) if staffing else None,
    )
