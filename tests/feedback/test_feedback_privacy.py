"""Tests for anonymity thresholds, views by role and redaction."""

from __future__ import annotations

import datetime as dt

import pytest
from feedback_helpers import at, item, make_org, review, series
from hypothesis import given, settings

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, UnknownReference
from teamcore.feedback import (
    ANONYMOUS,
    REDACTED,
    DevelopmentPlan,
    FeedbackKind,
    FeedbackLog,
    Visibility,
    aggregate_feedback,
    dump_feedback_jsonl,
    redact,
    view_for,
)

ORG = make_org()


def upward(i, giver, receiver="lena", topics=("clarity",), text="More context please."):
    return item(i, kind="upward", giver=giver, receiver=receiver, topics=list(topics), anonymous=True, text=text)


class TestAggregate:
    def test_withheld_below_threshold(self):
        """Two people are not enough: nothing but the reason is shown, and the reason does not say how many."""
        log = FeedbackLog(feedback=[upward("u1", "ola"), upward("u2", "mia"), upward("u3", "mia")])
        found = aggregate_feedback(log, "lena")
        assert found.withheld
        assert (found.respondents, found.items, found.topics) == (None, None, ())
        assert "2" not in found.reason
        assert "3" in found.reason

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
        found = aggregate_feedback(log, "lena")
        assert (found.withheld, found.respondents, found.items) == (False, 4, 4)
        assert found.topics == (("clarity", 3), ("meetings", 2), ("recognition", 1))
        assert not any(name in repr(found) for name in ("ola", "mia", "raj", "ana", "context"))

    def test_period_and_kind(self):
        """Only the asked kind within [start, end) counts."""
        log = FeedbackLog(feedback=[upward(f"u{g}", g) for g in ("ola", "mia", "raj")])
        assert not aggregate_feedback(log, "lena").withheld
        assert aggregate_feedback(log, "lena", "peer").withheld
        assert aggregate_feedback(log, "lena", start=at("2026-09-09")).withheld

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"kind": "praise"}, "kind"),  # praise is named, never aggregated
            ({"threshold": 1}, "threshold"),  # one person alone is never anonymous
            ({"threshold": True}, "threshold"),  # a bool is not a count
        ],
    )
    def test_bad_input(self, kwargs, match):
        """Bad arguments raise InvalidValue naming them."""
        with pytest.raises(InvalidValue, match=match):
            aggregate_feedback(FeedbackLog(), "lena", **kwargs)


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


class TestRedact:
    def test_text_and_names(self):
        """Names become stable pseudonyms, anonymous givers 'anonymous', free text '[redacted]'."""
        out = redact(LOG)
        assert {i.giver for i in out.feedback if i.kind is FeedbackKind.UPWARD} == {ANONYMOUS}
        assert {i.text for i in out.feedback} == {REDACTED, ""}  # empty text stays empty
        assert [i.text == "" for i in out.feedback] == [i.text == "" for i in LOG.feedback]
        people = {p for i in out.feedback for p in (i.giver, i.receiver)} - {ANONYMOUS}
        assert people <= {f"p{n}" for n in range(1, 8)}
        assert redact(LOG) == out
        export = dump_feedback_jsonl(out)
        names = ("lena", "ola", "mia", "kim", "raj", '"ana')  # quoted: "anonymous" contains ana
        assert not any(name in export for name in names)  # record ids are renumbered too

    def test_text_only(self):
        """Redacting text keeps names."""
        out = redact(LOG, names=False)
        assert out.feedback[0].giver == "lena"
        assert (out.feedback[5].id, out.feedback[5].text) == ("up-ola", REDACTED)
        assert out.plans[0].mentor == "ana"

    def test_nothing(self):
        """Redacting nothing changes nothing."""
        assert redact(LOG, text=False, names=False) == LOG
