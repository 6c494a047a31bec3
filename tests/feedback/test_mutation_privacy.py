"""Privacy tests added after its mutation run (docs/mutation.md): contracts and boundaries it left open."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from feedback_helpers import item, make_org, review, series

from teamcore.exceptions import InvalidValue, NaiveDatetime, ValidationError, WrongType
from teamcore.feedback import (
    REDACTED,
    Aggregate,
    DevelopmentPlan,
    FeedbackKind,
    FeedbackLog,
    FeedbackRequest,
    Goal,
    OneOnOneOccurrence,
    TalkingPoint,
    aggregate_feedback,
    redact,
    released_aggregates,
    view_for,
)

AFTER_Q3 = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
NAIVE = dt.datetime(2026, 10, 1)
EMPTY = FeedbackLog()
Q2 = Aggregate(receiver="lena", kind="upward", period="2026-Q2", withheld=True)
QUARTER_RULE = "a quarter label like '2026-Q3', in the years 2 to 9998"


def upward(i, giver, receiver="lena", at=dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC)):
    return item(i, kind="upward", giver=giver, receiver=receiver, given_at=at, observed_on=at.date(), anonymous=True)


class TestContracts:
    """Every refusal names the field, carries the value received and says what was expected."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (lambda: aggregate_feedback(EMPTY, "lena", "praise", now=AFTER_Q3), InvalidValue, "kind", "praise",
             "'upward' or 'peer'"),  # named feedback is never aggregated
            (lambda: aggregate_feedback(EMPTY, "lena", "bogus", now=AFTER_Q3), InvalidValue, "kind", "bogus",
             "'upward' or 'peer'"),  # no such kind
            (lambda: aggregate_feedback(EMPTY, "lena", 42, now=AFTER_Q3), InvalidValue, "kind", 42,
             "'upward' or 'peer'"),  # not a kind at all
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, threshold=1), InvalidValue, "threshold", 1,
             "an integer of at least 2"),  # one person is never anonymous
            (lambda: released_aggregates(EMPTY, now=AFTER_Q3, threshold=2.5), InvalidValue, "threshold", 2.5,
             "an integer of at least 2"),  # not a whole number
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="2026-Q5"), InvalidValue, "quarter",
             "2026-Q5", QUARTER_RULE),  # four quarters
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="0001-Q4"), InvalidValue, "quarter",
             "0001-Q4", QUARTER_RULE),  # year 1 has no quarter before it
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="9999-Q1"), InvalidValue, "quarter",
             "9999-Q1", QUARTER_RULE),  # 9999 has no instant after its last
            (lambda: aggregate_feedback(EMPTY, "lena", now=dt.datetime(2, 12, 31, tzinfo=dt.UTC)), InvalidValue,
             "now", "0002-12-31T00:00:00+00:00", "an instant after the year 2"),  # the last closed quarter: year 2
            (lambda: aggregate_feedback(EMPTY, "lena", now=NAIVE), NaiveDatetime, "now", NAIVE, None),
            (lambda: released_aggregates(EMPTY, now=NAIVE), NaiveDatetime, "now", NAIVE, None),
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, previous="x"), WrongType, "previous", "x",
             "an Aggregate or None"),  # not a release
            (lambda: aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, previous=Q2), InvalidValue, "previous",
             ("lena", "upward", "2026-Q2"), "a release of upward feedback to lena for 2026-Q3"),  # another quarter
            (lambda: aggregate_feedback(EMPTY, "kim", "upward", now=AFTER_Q3, quarter="2026-Q2", previous=Q2),
             InvalidValue, "previous", ("lena", "upward", "2026-Q2"),
             "a release of upward feedback to kim for 2026-Q2"),  # another receiver
            (lambda: redact(EMPTY, key=42), WrongType, "key", 42, "bytes, a string or None"),  # a number
            (lambda: redact(EMPTY, key=b"0123456789abcde"), InvalidValue, "key", "15 bytes",
             "a key of at least 16 bytes"),  # one byte short
        ],
    )  # fmt: skip
    def test_errors_name_field_value_and_rule(self, call, error, field, value, expected):
        """The field, the value received and (where this module words it) the rule."""
        with pytest.raises(error) as caught:
            call()
        assert isinstance(caught.value, ValidationError)
        assert (caught.value.field, caught.value.value) == (field, value)
        if expected is not None:
            assert caught.value.expected == expected


IDS = itertools.count()


def answers(givers, receiver="lena", at=dt.datetime(2026, 8, 3, 9, tzinfo=dt.UTC), kind="upward", topics=("clarity",)):
    """One upward (or peer) item from each giver, all at `at`."""
    return [
        item(f"a{next(IDS)}", kind=kind, giver=g, receiver=receiver, given_at=at, observed_on=at.date(),
             anonymous=True, topics=list(topics))
        for g in givers
    ]  # fmt: skip


THREE = ("ola", "mia", "raj")
Q3_START = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
Q4_START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)


class TestRelease:
    """One release: which items count, at which threshold, and what is shown."""

    def test_quarter_bounds_in_utc(self):
        """Given at the first instant of Q3 counts for Q3; at the first instant of Q4 it does not."""
        inside = answers(THREE[:2], at=Q3_START) + answers(["kim"], at=Q4_START - dt.timedelta(microseconds=1))
        outside = answers(["ana"], at=Q4_START) + answers(["x1"], at=Q3_START - dt.timedelta(microseconds=1))
        found = aggregate_feedback(FeedbackLog(feedback=inside + outside), "lena", now=Q4_START)
        assert (found.withheld, found.respondents, found.items) == (False, 3, 3)

    def test_the_first_quarter(self):
        """2026-Q1 runs from 1 January to 31 March."""
        log = FeedbackLog(
            feedback=answers(["ola"], at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
            + answers(["mia", "raj"], at=dt.datetime(2026, 3, 31, 23, tzinfo=dt.UTC))
            + answers(["kim"], at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
        )
        found = aggregate_feedback(log, "lena", now=AFTER_Q3, quarter="2026-Q1")
        assert (found.respondents, found.period) == (3, "2026-Q1")

    @pytest.mark.parametrize(
        ("now", "period"),
        [
            (Q4_START, "2026-Q3"),  # the instant Q3 ends
            (dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC), "2026-Q3"),  # Q4 still running
            (dt.datetime(2027, 2, 1, tzinfo=dt.UTC), "2026-Q4"),  # the quarter before is last year's
            (dt.datetime(3, 1, 1, tzinfo=dt.UTC), "0002-Q4"),  # the earliest quarter there is
        ],
    )
    def test_default_quarter_is_the_last_closed(self, now, period):
        """Without a quarter, the last one that ended by now."""
        assert aggregate_feedback(EMPTY, "lena", now=now).period == period

    def test_quarter_still_running(self):
        """Asked before the quarter ends: withheld, naming the receiver, kind and quarter but nothing else."""
        running = aggregate_feedback(
            FeedbackLog(feedback=answers(THREE)), "lena", "upward", now=Q4_START, quarter="2026-Q4"
        )
        assert running == Aggregate(
            receiver="lena",
            kind="upward",
            period="2026-Q4",
            withheld=True,
            reason="withheld: 2026-Q4 has not ended; upward feedback is released per closed quarter",
        )

    def test_years_2_and_9998_are_quarters(self):
        """The first and last years that have a quarter on both sides can be asked about."""
        assert aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="0002-Q1").withheld
        late = aggregate_feedback(EMPTY, "lena", now=AFTER_Q3, quarter="9998-Q4")
        assert late.reason == "withheld: 9998-Q4 has not ended; upward feedback is released per closed quarter"

    def test_threshold_exactly(self):
        """Exactly k givers are released; k - 1 are withheld, with a reason naming only the rule."""
        log = FeedbackLog(feedback=answers(THREE))
        assert aggregate_feedback(log, "lena", now=AFTER_Q3).respondents == 3
        four = aggregate_feedback(log, "lena", now=AFTER_Q3, threshold=4)
        assert four.reason == (
            "withheld: upward feedback to lena for 2026-Q3 is shown only once at least 4 people gave it"
        )
        assert (four.respondents, four.items, four.topics) == (None, None, ())
        two = FeedbackLog(feedback=answers(THREE[:2]))
        assert aggregate_feedback(two, "lena", now=AFTER_Q3, threshold=2).items == 2

    def test_respondents_are_distinct_people(self):
        """One person answering twice is one respondent and two items."""
        log = FeedbackLog(feedback=answers(["ola", "ola", "mia", "raj"]))
        found = aggregate_feedback(log, "lena", now=AFTER_Q3)
        assert (found.respondents, found.items, found.topics) == (3, 4, (("clarity", 4),))
        assert aggregate_feedback(FeedbackLog(feedback=answers(["ola", "ola", "mia"])), "lena", now=AFTER_Q3).withheld

    def test_only_that_receiver_and_kind(self):
        """Answers about someone else, or of the other kind, do not count; peer feedback has its own releases."""
        log = FeedbackLog(
            feedback=answers(THREE, receiver="kim") + answers(THREE[:2]) + answers(["kim"], kind="peer")
            + answers(THREE, kind="peer", receiver="ana")
        )  # fmt: skip
        assert aggregate_feedback(log, "lena", now=AFTER_Q3).withheld
        peer = aggregate_feedback(log, "ana", FeedbackKind.PEER, now=AFTER_Q3)
        assert (peer.kind, peer.respondents, peer.reason) == (FeedbackKind.PEER, 3, "")
        assert aggregate_feedback(log, "ana", "upward", now=AFTER_Q3).withheld

    def test_topics_most_frequent_first_then_by_name(self):
        """Counts per topic, most frequent first; ties by name."""
        log = FeedbackLog(
            feedback=answers(["ola"], topics=["pace", "clarity"]) + answers(["mia"], topics=["pace", "agenda"])
            + answers(["raj"], topics=["zeal", "clarity"])
        )  # fmt: skip
        found = aggregate_feedback(log, "lena", now=AFTER_Q3)
        assert found.topics == (("clarity", 2), ("pace", 2), ("agenda", 1), ("zeal", 1))

    def test_withheld_previous_does_not_guard(self):
        """A withheld earlier answer published nothing: the release uses every answer."""
        withheld = aggregate_feedback(FeedbackLog(feedback=answers(THREE[:2])), "lena", now=AFTER_Q3)
        grown = aggregate_feedback(FeedbackLog(feedback=answers(THREE)), "lena", now=AFTER_Q3, previous=withheld)
        assert (grown.withheld, grown.respondents) == (False, 3)

    def test_previous_of_another_kind(self):
        """A peer release cannot guard an upward one; checked even while the quarter runs."""
        peer = Aggregate(receiver="lena", kind="peer", period="2026-Q3", withheld=True)
        with pytest.raises(InvalidValue) as caught:
            aggregate_feedback(EMPTY, "lena", now=AFTER_Q3 - dt.timedelta(days=1), quarter="2026-Q3", previous=peer)
        assert caught.value.value == ("lena", "peer", "2026-Q3")
        same = aggregate_feedback(EMPTY, "lena", "peer", now=AFTER_Q3, previous=peer)
        assert same.withheld


class TestReleases:
    """Every release of a log: closed quarters (UTC) with at least k givers, sorted."""

    def test_sorted_per_receiver_kind_and_quarter(self):
        """Releases of two receivers, both kinds and two quarters, in order; below k and named kinds never."""
        q2 = dt.datetime(2026, 5, 4, tzinfo=dt.UTC)
        log = FeedbackLog(
            feedback=answers(["ola", "raj", "ana"], receiver="mia") + answers(THREE, receiver="kim", kind="peer")
            + answers(THREE, receiver="kim") + answers(THREE, receiver="kim", at=q2)
            + answers(THREE[:2], receiver="ana") + [item("praise", giver="lena", receiver="ola")]
        )  # fmt: skip
        found = released_aggregates(log, now=AFTER_Q3)
        assert [(a.receiver, a.kind.value, a.period) for a in found] == [
            ("kim", "peer", "2026-Q3"),
            ("kim", "upward", "2026-Q2"),
            ("kim", "upward", "2026-Q3"),
            ("mia", "upward", "2026-Q3"),
        ]
        assert all(not a.withheld and a.respondents == 3 for a in found)

    def test_only_quarters_ended_by_now(self):
        """An hour before Q3 ends, only Q2 is released; at its end Q3 too."""
        log = FeedbackLog(feedback=answers(THREE) + answers(THREE, at=dt.datetime(2026, 5, 4, tzinfo=dt.UTC)))
        before = released_aggregates(log, now=AFTER_Q3 - dt.timedelta(hours=1))
        assert [a.period for a in before] == ["2026-Q2"]
        assert [a.period for a in released_aggregates(log, now=AFTER_Q3)] == ["2026-Q2", "2026-Q3"]

    def test_threshold(self):
        """The threshold is k for every group: two givers are released at k = 2, three are not at k = 4."""
        log = FeedbackLog(feedback=answers(THREE[:2]) + answers(THREE, receiver="kim"))
        assert [a.receiver for a in released_aggregates(log, now=AFTER_Q3, threshold=2)] == ["kim", "lena"]
        assert released_aggregates(log, now=AFTER_Q3, threshold=3)[0].receiver == "kim"
        assert released_aggregates(log, now=AFTER_Q3, threshold=4) == ()

    def test_answers_before_the_year_1000(self):
        """Answers in the year 999 are released under the label '0999-Q3'.

        Found by this module's mutation tests: the label was '999-Q3', which the quarter parser refused, so
        released_aggregates and redact raised InvalidValue about a quarter the caller never gave.
        """
        log = FeedbackLog(feedback=answers(THREE, at=dt.datetime(999, 8, 3, tzinfo=dt.UTC)))
        [found] = released_aggregates(log, now=AFTER_Q3)
        assert (found.period, found.respondents) == ("0999-Q3", 3)
        assert aggregate_feedback(log, "lena", now=dt.datetime(999, 10, 1, tzinfo=dt.UTC)) == found
        assert len(redact(log, now=AFTER_Q3).aggregates) == 1


ORG = make_org()


class TestViewRules:
    """What one person may read, record kind by record kind."""

    LOG = FeedbackLog(
        feedback=[
            item("lena-private-on-ola", visibility="private"),
            item("kim-private-on-lena", giver="kim", receiver="lena", visibility="private"),
            item("kim-shared-with-lena", giver="kim", receiver="lena", visibility="shared_with_receiver"),
            item("kim-public-on-raj", giver="kim", receiver="raj", visibility="public_praise"),
            item("ola-private-on-mia", giver="ola", receiver="mia", visibility="private"),
            item("mia-peer-on-ola", kind="peer", giver="mia", receiver="ola"),
        ],
        requests=[FeedbackRequest(id="q-lena", requester="lena", requested_at=AFTER_Q3),
                  FeedbackRequest(id="q-kim", requester="kim", requested_at=AFTER_Q3),
                  FeedbackRequest(id="q-ola", requester="ola", requested_at=AFTER_Q3)],
        series=[series("s-ola", member="ola"), series("s-raj", member="raj", lead="kim"),
                series("s-mia-kim", member="mia", lead="kim")],
        occurrences=[OneOnOneOccurrence(series="s-raj", scheduled=dt.date(2026, 9, 7), status="skipped"),
                     OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 9, 7), status="skipped")],
        points=[TalkingPoint(id="t-raj", series="s-raj", text="Course", raised_on=dt.date(2026, 9, 1)),
                TalkingPoint(id="t-mia", series="s-mia-kim", text="Course", raised_on=dt.date(2026, 9, 1))],
        reviews=[review("r-ola"), review("self-mia", member="mia", reviewer="mia", kind="self"),
                 review("peer-mia", member="mia", reviewer="ola", kind="peer"),
                 review("r-raj", member="raj", reviewer="kim")],
        plans=[DevelopmentPlan(member="raj", updated_on=dt.date(2026, 9, 1), mentor="ola"),
               DevelopmentPlan(member="mia", updated_on=dt.date(2026, 9, 1))],
    )  # fmt: skip

    def view(self, viewer):
        found = view_for(self.LOG, ORG, viewer)
        return {
            "feedback": {i.id for i in found.feedback},
            "requests": {r.id for r in found.requests},
            "series": {s.id for s in found.series},
            "occurrences": {o.series for o in found.occurrences},
            "points": {p.id for p in found.points},
            "reviews": {r.id for r in found.reviews},
            "plans": {p.member for p in found.plans},
        }

    def test_lead(self):
        """lena: her team's items and records (private too), what was shared with her, not a private note on her.

        Not the peer review of mia either: individual peer and upward reviews reach only their reviewer.
        """
        assert self.view("lena") == {
            "feedback": {"lena-private-on-ola", "kim-shared-with-lena", "kim-public-on-raj", "ola-private-on-mia"},
            "requests": {"q-lena", "q-ola"},
            "series": {"s-ola", "s-mia-kim"},
            "occurrences": {"s-ola"},
            "points": {"t-mia"},
            "reviews": {"r-ola", "self-mia"},
            "plans": {"mia"},
        }

    def test_member(self):
        """mia: the peer item she gave, her self review and series; not the peer review of her, nor the private
        note about her."""
        assert self.view("mia") == {
            "feedback": {"kim-public-on-raj", "mia-peer-on-ola"},
            "requests": set(),
            "series": {"s-mia-kim"},
            "occurrences": set(),
            "points": {"t-mia"},
            "reviews": {"self-mia"},
            "plans": {"mia"},
        }

    def test_giver_and_mentor(self):
        """ola: what ola gave (private, peer), the peer review ola wrote, and the plan ola mentors."""
        assert self.view("ola") == {
            "feedback": {"kim-public-on-raj", "ola-private-on-mia"},
            "requests": {"q-ola"},
            "series": {"s-ola"},
            "occurrences": {"s-ola"},
            "points": set(),
            "reviews": {"r-ola", "peer-mia"},
            "plans": {"raj"},
        }

    def test_other_lead(self):
        """kim leads APAC and holds a 1:1 with mia: that series, not Nordic's private items."""
        found = self.view("kim")
        assert found["series"] == {"s-raj", "s-mia-kim"}
        assert found["feedback"] == {"kim-private-on-lena", "kim-shared-with-lena", "kim-public-on-raj"}
        assert (found["requests"], found["reviews"], found["plans"]) == ({"q-kim"}, {"r-raj"}, {"raj"})


KEY = b"0123456789abcdef"
LENA, OLA = "p-6a494ab18de9", "p-21f8de722b37"  # HMAC-SHA256 of the id under KEY, first 12 hex digits (the docs)


class TestRedactRecords:
    """Every record kind in an export: names pseudonymised, ids renumbered, free text replaced."""

    LOG = FeedbackLog(
        feedback=[item("fb-lena-ola", text="Great call."), item("up", kind="upward", giver="ola", receiver="lena",
                                                                anonymous=True),
                  item("fb-empty", text="")],
        requests=[FeedbackRequest(id="req-lena", requester="lena", requested_at=AFTER_Q3)],
        series=[series("1on1-ola", member="ola")],
        occurrences=[OneOnOneOccurrence(series="1on1-ola", scheduled=dt.date(2026, 9, 7), status="skipped")],
        points=[TalkingPoint(id="tp-ola", series="1on1-ola", text="Course", raised_on=dt.date(2026, 9, 1))],
        reviews=[review("peer", reviewer="mia", kind="peer"), review("rev-ola", outcome="Strong quarter")],
        plans=[DevelopmentPlan(member="ola", updated_on=dt.date(2026, 9, 1), mentor="lena", career_interests=["lead"],
                               goals=[Goal("CSAT 4.6", kpi_target="csat")], training=["Coaching"]),
               DevelopmentPlan(member="lena", updated_on=dt.date(2026, 9, 1))],
    )  # fmt: skip

    def test_everything_redacted(self):
        """Names and ids replaced in every record kind; free text too, except text that was empty."""
        out = redact(self.LOG, key=KEY).log
        assert [(i.id, i.giver, i.receiver, i.text) for i in out.feedback] == [
            ("f1", LENA, OLA, REDACTED),
            ("f2", LENA, OLA, ""),
        ]
        assert [(r.id, r.requester) for r in out.requests] == [("q1", LENA)]
        assert [(s.id, s.lead, s.member) for s in out.series] == [("s1", LENA, OLA)]
        assert [o.series for o in out.occurrences] == ["s1"]
        assert [(p.id, p.series, p.text) for p in out.points] == [("t1", "s1", REDACTED)]
        assert [(r.id, r.member, r.reviewer, r.outcome) for r in out.reviews] == [("r1", OLA, LENA, REDACTED)]
        first, second = out.plans
        assert (first.member, first.mentor, first.career_interests, first.training) == (
            OLA,
            LENA,
            (REDACTED,),
            (REDACTED,),
        )
        assert first.goals == (Goal(REDACTED, kpi_target="csat"),)
        assert (second.member, second.mentor) == (LENA, None)

    def test_names_only(self):
        """text=False keeps free text; names are still replaced."""
        out = redact(self.LOG, key=KEY, text=False).log
        assert [i.text for i in out.feedback] == ["Great call.", ""]
        assert [p.text for p in out.points] == ["Course"]
        assert out.reviews[0].outcome == "Strong quarter"
        assert out.plans[0].goals == (Goal("CSAT 4.6", kpi_target="csat"),)
        assert (out.plans[0].career_interests, out.plans[0].training) == (("lead",), ("Coaching",))
        assert out.feedback[0].giver == LENA

    def test_text_only(self):
        """names=False keeps ids and names, with or without a key; free text is replaced."""
        out = redact(self.LOG, key=KEY, names=False).log
        assert [(i.id, i.giver, i.text) for i in out.feedback] == [("fb-lena-ola", "lena", REDACTED),
                                                                    ("fb-empty", "lena", "")]  # fmt: skip
        assert [(r.id, r.requester) for r in out.requests] == [("req-lena", "lena")]
        assert [(s.id, o.series, p.id, p.series) for s, o, p in zip(out.series, out.occurrences, out.points,
                                                                   strict=True)] == [
            ("1on1-ola", "1on1-ola", "tp-ola", "1on1-ola")
        ]  # fmt: skip
        assert [(r.id, r.member) for r in out.reviews] == [("rev-ola", "ola")]
        assert redact(self.LOG, key=b"short", names=False) == redact(self.LOG, names=False)  # the key is unused

    def test_key_as_text_and_exactly_16_bytes(self):
        """A text key is its UTF-8 bytes; 16 bytes is long enough."""
        assert redact(self.LOG, key=KEY.decode()) == redact(self.LOG, key=KEY)
        assert redact(self.LOG, key=KEY).log.feedback[0].giver == LENA

    def test_releases_use_the_threshold(self):
        """The export's releases follow `threshold`; their receivers carry the log's pseudonyms."""
        log = FeedbackLog(feedback=[upward(f"u{g}", g) for g in ("ola", "mia")])
        assert redact(log, key=KEY, now=AFTER_Q3).aggregates == ()
        [release] = redact(log, key=KEY, now=AFTER_Q3, threshold=2).aggregates
        assert (release.receiver, release.respondents, release.withheld) == (LENA, 2, False)
        [plain] = redact(log, names=False, now=AFTER_Q3, threshold=2).aggregates
        assert plain.receiver == "lena"
