"""Regenerate feedback.jsonl for the Northwind example: ``python examples/northwind/make_feedback.py``.

Three months of feedback cycles, September to November 2026, seed 2026: biweekly 1:1s (weekly for newcomers,
monthly between the head of support and the leads) with some skipped or postponed, behavioural feedback mostly within
two business days and some late, Q3 reviews with one missing and one late, a review with a surprise topic, upward
feedback to the EMEA lead from 2 people and to the Americas lead from 4 people in different teams, requests for
upward feedback, talking points and development plans.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from teamcore._time import local_to_utc
from teamcore.feedback import (
    DevelopmentPlan,
    FeedbackItem,
    FeedbackLog,
    FeedbackRequest,
    Goal,
    OneOnOneOccurrence,
    OneOnOneSeries,
    Record,
    Review,
    TalkingPoint,
    dump_feedback_jsonl,
    working_days,
)
from teamcore.people import Organisation, load_organisation

HERE = Path(__file__).parent
START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 24)
TOPICS = ("tone", "escalations", "billing accuracy", "knowledge base", "handover", "response time", "empathy")
PRAISE = ("Turned an angry customer around without promising what we cannot keep.", "Great handover notes.",
          "Wrote the KB article everyone now links to.", "Stayed calm through the outage queue.")  # fmt: skip
CONSTRUCTIVE = (
    "The reply was correct but curt; open with the customer's problem.",
    "Escalated before checking the billing history.",
    "Handover missed the customer's deadline.",
)
NO_Q3_REVIEW = "lars.nilsen"  # the overdue review
LATE_Q3_REVIEW = "diego.ramirez"  # held in October
SURPRISE = "marcus.johnson"  # reviewed on a topic nobody raised before


def lead_of(org: Organisation) -> dict[str, str]:
    found: dict[str, str] = {}
    for team in org.teams:
        for member in team.members:
            if member != team.lead:
                found.setdefault(member, team.lead)
    return found


def instant(org: Organisation, member: str, day: dt.date, rng: random.Random) -> dt.datetime:
    return local_to_utc(day, dt.time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))), org.member(member).zone)


def main() -> None:  # noqa: PLR0912, PLR0915 - a script that reads top to bottom
    rng = random.Random(2026)
    org = load_organisation(HERE / "organisation.toml")
    leads = lead_of(org)
    records: list[Record] = []
    feedback: list[FeedbackItem] = []
    for member, lead in sorted(leads.items()):
        person = org.member(member)
        if person.start_date is not None and person.start_date > END:
            continue  # starts in December
        anchor = max(START, person.start_date or START)
        anchor += dt.timedelta(days=(7 - anchor.weekday()) % 7 + rng.randint(0, 3))  # first Mon-Thu on or after
        newcomer = person.start_date is not None and person.start_date >= dt.date(2026, 8, 1)
        cadence = "monthly" if lead == "henrik.strand" else "weekly" if newcomer else "biweekly"
        series = OneOnOneSeries(id=f"1on1-{member}", lead=lead, member=member, cadence=cadence, anchor=anchor)
        records.append(series)
        off = [(t.start, t.end) for t in (*person.time_off, *org.member(lead).time_off)]
        slots = series.slots(anchor, END)
        for i, slot in enumerate(slots):
            if i == len(slots) - 1 and rng.random() < 0.25:
                continue
            roll = rng.random()
            if any(a <= slot <= b for a, b in off) or roll < 0.07:
                records.append(OneOnOneOccurrence(series=series.id, scheduled=slot, status="skipped"))
            elif roll < 0.15:
                held = slot + dt.timedelta(days=rng.choice((1, 2)))
                records.append(
                    OneOnOneOccurrence(series=series.id, scheduled=slot).apply("postpone").apply("hold", on=held)
                )
            else:
                records.append(OneOnOneOccurrence(series=series.id, scheduled=slot, status="held", held_on=slot))
        for p in range(rng.randint(0, 2)):
            raised = slots[0] if slots else anchor
            done = slots[p + 1] if len(slots) > p + 1 and rng.random() < 0.6 else None
            text = rng.choice(("Course on de-escalation", "Shift swap in December", "Access to the billing admin",
                               "Try the weekend rota", "Feedback on the new macro set"))  # fmt: skip
            records.append(TalkingPoint(id=f"tp-{member}-{p}", series=series.id, text=text, raised_on=raised,
                                        done_on=done))  # fmt: skip
        # Behavioural feedback from the lead: about three recognitions per constructive item, mostly on time.
        giver_days = working_days(org.member(lead), org)
        day = anchor + dt.timedelta(days=rng.randint(0, 6))
        n = 0
        while day < END - dt.timedelta(days=2):
            if giver_days.is_working_day(day):
                kind = "constructive" if rng.random() < 0.25 else "praise"
                delay = rng.choice((0, 1, 1, 2, 2, 3, 5, 6)) if member != SURPRISE else 1
                given = giver_days.add(day, delay)
                if given >= END:
                    break
                at = instant(org, lead, given, rng)
                topics = rng.sample(TOPICS, rng.randint(1, 2))
                visibility = rng.choice(("public_praise", "shared_with_receiver")) if kind == "praise" else (
                    rng.choice(("shared_with_receiver", "shared_with_receiver", "private")))  # fmt: skip
                text = rng.choice(PRAISE if kind == "praise" else CONSTRUCTIVE)
                feedback.append(FeedbackItem(id=f"fb-{member}-{n}", kind=kind, observed_on=day, given_at=at,
                                             giver=lead, receiver=member, topics=topics, visibility=visibility,
                                             text=text))  # fmt: skip
                n += 1
            day += dt.timedelta(days=rng.randint(8, 20))
        # Reviews: Q3 at the end of September, one missing, one late; a few Q4 reviews already held.
        if member != NO_Q3_REVIEW and (person.start_date is None or person.start_date <= dt.date(2026, 9, 30)):
            held = dt.date(2026, 10, 6) if member == LATE_Q3_REVIEW else dt.date(2026, 9, rng.randint(21, 29))
            raised = sorted(
                {t for f in feedback if f.receiver == member and f.given_at.date() < held for t in f.topics}
            )
            topics = rng.sample(raised, min(2, len(raised)))
            if member == SURPRISE:
                topics = [*topics, "documentation"]
            records.append(Review(id=f"rv-q3-{member}", member=member, reviewer=lead, kind="manager",
                                  period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 9, 30), held_on=held,
                                  topics=topics, outcome="Meets expectations; agreed goals for Q4."))  # fmt: skip
        if rng.random() < 0.2:
            held = dt.date(2026, 11, rng.randint(16, 20))
            records.append(Review(id=f"rv-q4-{member}", member=member, reviewer=lead, kind="manager",
                                  period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31), held_on=held,
                                  outcome="Early Q4 review before the holiday season."))  # fmt: skip
    # Upward feedback: to katrin.weber from 2 people, to rachel.goldman from 4 people in different teams.
    upward = {
        "katrin.weber": ["jonas.fischer", "aoife.byrne"],
        "rachel.goldman": ["marcus.johnson", "hannah.lee", "ana.souza", "oskar.nystrom"],
    }
    for lead, givers in upward.items():
        for i, giver in enumerate(givers):
            day = dt.date(2026, 10, 12 + i)
            feedback.append(FeedbackItem(id=f"up-{lead}-{i}", kind="upward", observed_on=day,
                                         given_at=instant(org, giver, day, rng), giver=giver, receiver=lead,
                                         topics=rng.sample(("clarity", "recognition", "meetings", "workload"), 2),
                                         visibility="private", anonymous=True,
                                         text="I would like more context on why priorities change."))  # fmt: skip
    peers = [("johan.berg", "mikael.holm"), ("ingrid.haugen", "emma.lehtonen"), ("carlo.mendoza", "divya.nair")]
    for i, (giver, receiver) in enumerate(peers):
        day = dt.date(2026, 10, 20 + i)
        feedback.append(FeedbackItem(id=f"peer-{i}", kind="peer", observed_on=day,
                                     given_at=instant(org, giver, day, rng), giver=giver, receiver=receiver,
                                     topics=["knowledge base"],
                                     text="Thanks for documenting the refund flow."))  # fmt: skip
    requests = [("astrid.lindqvist", dt.date(2026, 9, 8)), ("astrid.lindqvist", dt.date(2026, 10, 5)),
                ("katrin.weber", dt.date(2026, 10, 1)), ("rachel.goldman", dt.date(2026, 10, 2))]  # fmt: skip
    for i, (lead, day) in enumerate(requests):
        records.append(FeedbackRequest(id=f"ask-{i}", requester=lead, requested_at=instant(org, lead, day, rng)))
    records.append(DevelopmentPlan(member="mikael.holm", updated_on=dt.date(2026, 10, 12),
                                   career_interests=["Technical support", "API integrations"],
                                   goals=[Goal("Handle billing tickets without help", "first_contact_resolution"),
                                          Goal("Pass the API basics course")],
                                   training=["API basics", "Billing rules 101"], mentor="ingrid.haugen"))  # fmt: skip
    records.append(DevelopmentPlan(member="johan.berg", updated_on=dt.date(2026, 9, 28),
                                   career_interests=["Billing product specialist"],
                                   goals=[Goal("Write five billing KB articles"), Goal("Keep CSAT above 4.6", "csat")],
                                   training=["Technical writing"]))  # fmt: skip
    log = FeedbackLog.from_records([*records, *feedback])
    (HERE / "feedback.jsonl").write_text(dump_feedback_jsonl(log), encoding="utf-8")
    print(f"{log.size} records: {len(log.feedback)} feedback, {len(log.occurrences)} 1:1s, {len(log.reviews)} reviews")


if __name__ == "__main__":
    main()
