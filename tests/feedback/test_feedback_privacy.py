"""Tests for anonymity thresholds, views by role and redaction."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from feedback_helpers import item, make_org, review, series
from hypothesis import given, settings

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, NaiveDatetime, UnknownReference, WrongType
from teamcore.feedback import (
    REDACTED,
    Aggregate,
    DevelopmentPlan,
    FeedbackLog,
    Visibility,
    aggregate_feedback,
    dump_feedback_jsonl,
    redact,
    released_aggregates,
    view_for,
)

ORG = make_org()


def upward(i, giver, receiver="lena", topics=("clarity",), text="More context please."):
    return item(i, kind="upward", giver=giver, receiver=receiver, topics=list(topics), anonymous=True, text=text)


AFTER_Q3 = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)  # Q3 2026 has just ended


class TestAggregate:
    def test_withheld_below_threshold(self):
        """Two people are not enough: nothing but the reason is shown, and the reason does not say how many."""
        log = FeedbackLog(feedback=[upward("u1", "ola"), upward("u2", "mia"), upward("u3", "mia")])
        found = aggregate_feedback(log, "lena", now=AFTER_Q3)
        assert found.withheld
        assert (found.period, found.respondents, found.items, found.topics) == ("2026-Q3", None, None, ())
        assert found.reason == aggregate_feedback(FeedbackLog(), "lena", now=AFTER_Q3).reason  # 0 or 2: the same
        assert "2 " not in found.reason

    def test_shown_from_threshold(self):
        """Four people from two teams: counts per topic, most frequent first, no text or givers."""
        log = FeedbackLog(
            feedback=[
                upward("u1", "ola", topics=["clarity", "meetings"]),
                upward("u2", "mia", topics=["clarity"]),
                upward("u3", "raj", topics=["meetings", "clarity"]),
                upward("u4", "ana", topics=["recognition"]),
            ]
        )
        found = aggregate_feedback(log, "lena", now=AFTER_Q3)
        assert (found.withheld, found.respondents, found.items) == (False, 4, 4)
        assert found.topics == (("clarity", 3), ("meetings", 2), ("recognition", 1))
        assert not any(name in repr(found) for name in ("ola", "mia", "raj", "ana", "context"))

    def test_period_and_kind(self):
        """Only the asked kind in the asked closed quarter counts; a quarter still running is withheld."""
        log = FeedbackLog(feedback=[upward(f"u{g}", g) for g in ("ola", "mia", "raj")])
        assert not aggregate_feedback(log, "lena", now=AFTER_Q3).withheld
        assert aggregate_feedback(log, "lena", "peer", now=AFTER_Q3).withheld
        assert aggregate_feedback(log, "lena", now=AFTER_Q3, quarter="2026-Q2").withheld
        running = aggregate_feedback(log, "lena", now=AFTER_Q3 - dt.timedelta(seconds=1), quarter="2026-Q3")
        assert running.withheld
        assert "has not ended" in running.reason

    def test_differencing_guard(self):
        """A published release stands until k more people answered, so no two releases differ by fewer than k."""
        three = [upward(f"u{g}", g) for g in ("ola", "mia", "raj")]
        first = aggregate_feedback(FeedbackLog(feedback=three), "lena", now=AFTER_Q3)
        late = [upward("late-ana", "ana", topics=["workload"]), upward("late-kim", "kim", topics=["workload"])]
        log = FeedbackLog(feedback=[*three, *late])
        assert aggregate_feedback(log, "lena", now=AFTER_Q3, previous=first) == first  # 2 more < 3
        assert aggregate_feedback(log, "lena", now=AFTER_Q3).respondents == 5  # no earlier release: all of them
        more = [upward(f"m{i}", f"x{i}") for i in range(3)]
        grown = aggregate_feedback(FeedbackLog(feedback=[*three, *more]), "lena", now=AFTER_Q3, previous=first)
        assert grown.respondents == 6

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"kind": "praise"}, "kind"),  # praise is named, never aggregated
            ({"threshold": 1}, "threshold"),  # one person alone is never anonymous
            ({"threshold": True}, "threshold"),  # a bool is not a count
            ({"quarter": "2026-Q5"}, "quarter"),  # there are four quarters
            ({"quarter": "0000-Q1"}, "quarter"),  # there was no year 0
            ({"quarter": "9999-Q4"}, "quarter"),  # it would end after the last instant
            ({"quarter": 20263}, "quarter"),  # a label, not a number
            ({"now": dt.datetime(1, 2, 1, tzinfo=dt.UTC)}, "now"),  # no closed quarter before it
            ({"quarter": "2026-Q2", "previous": "x"}, "previous"),  # not an Aggregate
            # a release of another quarter cannot guard this one
            ({"previous": Aggregate(receiver="lena", kind="upward", period="2026-Q2", withheld=True)}, "previous"),
        ],
    )
    def test_bad_input(self, kwargs, match):
        """Bad arguments raise InvalidValue or WrongType naming them."""
        with pytest.raises((InvalidValue, WrongType), match=match):
            aggregate_feedback(FeedbackLog(), "lena", **{"now": AFTER_Q3, **kwargs})

    def test_last_quarter_of_9999(self):
        """Answers in the last quarter of 9999 are never released, and asking raises no foreign error.

        Found by the feedback_privacy fuzz target: quarter_of built 1 January 10000 and raised a plain ValueError.
        """
        at = dt.datetime(9999, 11, 1, tzinfo=dt.UTC)
        answers = [
            item(f"u{g}", kind="upward", giver=g, receiver="lena", given_at=at, observed_on=at.date())
            for g in ("ola", "mia", "raj")
        ]
        log = FeedbackLog(feedback=answers)
        assert released_aggregates(log, now=dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC)) == ()
        assert released_aggregates(log, now=AFTER_Q3) == ()

    def test_naive_now(self):
        """A naive now is refused."""
        with pytest.raises(NaiveDatetime, match="now"):
            aggregate_feedback(FeedbackLog(), "lena", now=dt.datetime(2026, 10, 1))


LOG = FeedbackLog(
    feedback=[
        item("priv-ola", visibility="private"),  # lena's private note on ola
        item("shared-ola", visibility="shared_with_receiver"),
        item("public-raj", giver="kim", receiver="raj", visibility="public_praise"),
        item("priv-raj", giver="kim", receiver="raj", visibility="private"),
        item("shared-mia", receiver="mia"),
        upward("up-ola", "ola"),
        item("peer-mia", kind="peer", giver="mia", receiver="ola"),
    ],
    series=[series("s-ola", member="ola"), series("s-raj", member="raj", lead="kim")],
    reviews=[review("r-ola"), review("up-lena", member="lena", reviewer="ola", kind="upward")],
    plans=[DevelopmentPlan(member="raj", updated_on=dt.date(2026, 9, 1), mentor="ana")],
)


class TestViews:
    def ids(self, viewer):
        view = view_for(LOG, ORG, viewer)
        return {i.id for i in view.feedback}, {s.id for s in view.series}, {r.id for r in view.reviews}, view.plans

    def test_member(self):
        """A member sees what was shared with them, public praise and what they gave; not private notes on them."""
        feedback, series_ids, reviews, plans = self.ids("ola")
        assert feedback == {"shared-ola", "public-raj", "up-ola"}
        assert (series_ids, reviews, plans) == ({"s-ola"}, {"r-ola", "up-lena"}, ())

    def test_lead(self):
        """A lead sees their team's items, private ones too, but not another team's private items nor peer items."""
        feedback, series_ids, reviews, _ = self.ids("lena")
        assert feedback == {"priv-ola", "shared-ola", "public-raj", "shared-mia"}
        assert series_ids == {"s-ola"}
        assert reviews == {"r-ola"}  # the upward review of lena is not shown to lena

    def test_peer_and_upward_reviews_only_to_their_reviewer(self):
        """A peer review of a member and an upward review of a lead reach neither the lead nor the lead's lead.

        Failed before: `view_for` showed a lead every review of their members, so one peer review of Ola (or one
        upward review of Lena, to whoever leads Lena) changed what a lead could read, below any threshold.
        """
        reviewer = next(m.id for m in ORG.members if m.id not in {"ola", "lena"})
        extra = [
            review("peer-of-ola", member="ola", reviewer=reviewer, kind="peer"),
            review("up-of-lena", member="lena", reviewer="ola", kind="upward"),
        ]
        bigger = attrs.evolve(LOG, reviews=[*LOG.reviews, *extra])
        for viewer in [m.id for m in ORG.members]:
            seen = {r.id for r in view_for(bigger, ORG, viewer).reviews} - {r.id for r in LOG.reviews}
            assert seen == {r.id for r in extra if r.reviewer == viewer}, viewer

    def test_other_lead(self):
        """Kim sees the APAC items and plans, and no Nordic private item."""
        feedback, series_ids, _, plans = self.ids("kim")
        assert feedback == {"public-raj", "priv-raj"}
        assert (series_ids, len(plans)) == ({"s-raj"}, 1)

    def test_mentor_sees_plan(self):
        """A mentor sees the plan of the person they mentor."""
        assert len(view_for(LOG, ORG, "ana").plans) == 1

    def test_unknown_viewer(self):
        """A viewer who is not a member is refused."""
        with pytest.raises(UnknownReference, match="zed"):
            view_for(LOG, ORG, "zed")

    @settings(max_examples=30)
    @given(log=tst.feedback_logs(ORG, max_items=15))
    def test_no_other_members_private_items(self, log):
        """Whatever the log, a member who leads nobody sees no private item they did not give."""
        for viewer in ("ola", "mia", "raj", "ana"):
            view = view_for(log, ORG, viewer)
            assert all(i.giver == viewer for i in view.feedback if i.visibility is Visibility.PRIVATE)
            assert all(i.giver == viewer for i in view.feedback if i.kind.aggregated)


KEY = b"a test key, 16+ bytes"


class TestRedact:
    def test_text_and_names(self):
        """Names become keyed pseudonyms, free text '[redacted]'; individual upward and peer items are dropped."""
        out = redact(LOG, key=KEY).log
        assert not any(i.kind.aggregated for i in out.feedback)
        assert [r.kind.value for r in out.reviews] == ["manager"]  # the upward review of lena is dropped
        assert {i.text for i in out.feedback} <= {REDACTED, ""}
        kept = [i for i in LOG.feedback if not i.kind.aggregated]
        assert [i.text == "" for i in out.feedback] == [i.text == "" for i in kept]  # empty text stays empty
        assert [i.id for i in out.feedback] == [f"f{n}" for n in range(1, len(kept) + 1)]  # no gap where one was
        assert redact(LOG, key=KEY) == redact(LOG, key=KEY.decode())
        export = dump_feedback_jsonl(out)
        assert not any(name in export for name in ("lena", "ola", "mia", "kim", "raj", '"ana'))

    def test_pseudonyms_are_keyed(self):
        """A pseudonym depends on the key and the id only: not on who else is in the log, nor on sorted order."""
        alone = redact(FeedbackLog(feedback=[item("x", giver="mia", receiver="ola")]), key=KEY).log.feedback[0]
        full = redact(LOG, key=KEY).log
        assert alone.receiver in {i.receiver for i in full.feedback}
        assert redact(LOG, key=b"another key of 16+ bytes").log != full
        assert redact(LOG).log != redact(LOG).log  # no key: a fresh random one each time
        assert "p1" not in dump_feedback_jsonl(full)

    def test_releases_kept(self):
        """With now, the export keeps the releases, receivers pseudonymised; a withheld group leaves no trace."""
        three = [upward(f"u{g}", g) for g in ("ola", "mia", "raj")]
        log = FeedbackLog(feedback=[*three, upward("p1", "lena", receiver="kim")])
        out = redact(log, key=KEY, now=AFTER_Q3)
        [release] = out.aggregates
        assert (release.respondents, release.period) == (3, "2026-Q3")
        assert (
            release.receiver
            == redact(FeedbackLog(feedback=[item("x", receiver="lena", giver="ola")]), key=KEY).log.feedback[0].receiver
        )
        assert out.log.feedback == ()
        assert redact(log, key=KEY).aggregates == ()

    @pytest.mark.parametrize(
        ("key", "error"),
        [
            (b"short", InvalidValue),  # a short key can be found by trying them all
            (42, WrongType),  # not bytes or text
        ],
    )
    def test_bad_key(self, key, error):
        """A bad key is refused, naming it."""
        with pytest.raises(error, match="key"):
            redact(LOG, key=key)

    def test_text_only(self):
        """Redacting text keeps names; upward items are still dropped."""
        out = redact(LOG, names=False).log
        assert out.feedback[0].giver == "lena"
        assert "up-ola" not in {i.id for i in out.feedback}
        assert out.plans[0].mentor == "ana"

    def test_nothing(self):
        """Redacting nothing changes nothing but the upward and peer items, which never leave."""
        out = redact(LOG, text=False, names=False).log
        assert out.feedback == tuple(i for i in LOG.feedback if not i.kind.aggregated)
        assert (out.series, out.plans) == (LOG.series, LOG.plans)
