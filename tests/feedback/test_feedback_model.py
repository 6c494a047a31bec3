"""Tests for the feedback-log model and its state table."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from feedback_helpers import at, item, review, series

from teamcore.exceptions import (
    DuplicateId,
    InvalidInterval,
    InvalidTransition,
    InvalidValue,
    NaiveDatetime,
    UnknownReference,
    WrongType,
)
from teamcore.feedback import (
    FEEDBACK_TRANSITIONS,
    DevelopmentPlan,
    FeedbackLog,
    FeedbackRequest,
    OccurrenceStatus,
    OneOnOneOccurrence,
    OneOnOneSeries,
    PointStatus,
    TalkingPoint,
    allowed_events,
    transition,
)


class TestFeedbackItem:
    def test_stores_utc(self):
        """given_at is kept as the same instant in UTC."""
        assert item("f1").given_at == dt.datetime(2026, 9, 8, 7, tzinfo=dt.UTC)

    @pytest.mark.parametrize(
        ("overrides", "error", "match"),
        [
            ({"kind": "kudos"}, InvalidValue, "kind"),  # an unknown kind
            ({"receiver": "lena"}, InvalidValue, "receiver"),  # feedback to oneself
            ({"anonymous": True}, InvalidValue, "anonymous"),  # anonymous praise names nobody's answer to protect
            ({"anonymous": "yes"}, WrongType, "anonymous"),  # a string where a bool belongs
            ({"kind": "constructive", "visibility": "public_praise"}, InvalidValue, "visibility"),  # public criticism
            ({"visibility": "everyone"}, InvalidValue, "visibility"),  # an unknown visibility
            ({"given_at": dt.datetime(2026, 9, 8, 9)}, NaiveDatetime, "given_at"),  # a naive instant
            ({"observed_on": dt.date(2026, 9, 12)}, InvalidValue, "observed_on"),  # observed after it was given
            ({"observed_on": "2026-09-07"}, WrongType, "observed_on"),  # a string where a date belongs
            ({"giver": "lena berg"}, InvalidValue, "giver"),  # a malformed member id
            ({"topics": "tone"}, WrongType, "topics"),  # a lone string as topics
            ({"text": "x" * 2001}, InvalidValue, "text"),  # text over 2000 characters
        ],
    )
    def test_bad_input(self, overrides, error, match):
        """Each bad field raises a specific error naming it."""
        with pytest.raises(error, match=match):
            item("f1", **overrides)

    def test_anonymous_upward(self):
        """Upward feedback may be anonymous."""
        assert item("f1", kind="upward", giver="ola", receiver="lena", anonymous=True).anonymous


class TestOthers:
    @pytest.mark.parametrize(
        ("make", "error", "match"),
        [
            # a request for praise is not a request for feedback on oneself
            (lambda: FeedbackRequest(id="r", requester="lena", requested_at=at("2026-10-01"), kind="praise"),
             InvalidValue, "kind"),
            # a 1:1 with oneself
            (lambda: series("s", member="lena"), InvalidValue, "member"),
            # an unknown cadence
            (lambda: series("s", member="ola", cadence="daily"), InvalidValue, "cadence"),
            # held without a date
            (lambda: OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 9, 7), status="held"),
             InvalidValue, "held_on"),
            # a date for a 1:1 that was not held
            (lambda: OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 9, 7), held_on=dt.date(2026, 9, 7)),
             InvalidValue, "held_on"),
            # done before it was raised
            (lambda: TalkingPoint(id="p", series="s", text="t", raised_on=dt.date(2026, 9, 7),
                                  done_on=dt.date(2026, 9, 1)), InvalidInterval, "done_on"),
            # a review period that ends before it starts
            (lambda: review("r", period_end=dt.date(2026, 6, 1)), InvalidInterval, "period_end"),
            # a self review by someone else
            (lambda: review("r", kind="self"), InvalidValue, "reviewer"),
            # a manager review by the member
            (lambda: review("r", reviewer="ola"), InvalidValue, "reviewer"),
            # one's own mentor
            (lambda: DevelopmentPlan(member="ola", updated_on=dt.date(2026, 9, 1), mentor="ola"), InvalidValue,
             "mentor"),
        ],
    )  # fmt: skip
    def test_bad_input(self, make, error, match):
        """Each rule that spans fields raises a specific error."""
        with pytest.raises(error, match=match):
            make()

    def test_monthly_slots_clamp(self):
        """A monthly series anchored on the 31st meets on the last day of shorter months."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-01-31")
        assert s.slots(dt.date(2026, 1, 1), dt.date(2026, 4, 1)) == (
            dt.date(2026, 1, 31),
            dt.date(2026, 2, 28),
            dt.date(2026, 3, 31),
        )

    def test_slots_start_mid_series(self):
        """Slots from a start after the anchor keep the series' rhythm."""
        s = series("s", member="ola", cadence="biweekly", anchor="2026-09-07")
        assert s.slots(dt.date(2026, 9, 8), dt.date(2026, 10, 6)) == (dt.date(2026, 9, 21), dt.date(2026, 10, 5))


class TestStates:
    def test_table_is_the_only_source(self):
        """Every allowed event comes from the table and leads where the table says."""
        for machine, table in FEEDBACK_TRANSITIONS.items():
            for (state, event), following in table.items():
                kind = OccurrenceStatus if machine == "one-on-one" else PointStatus
                assert transition(machine, kind(state), event) == following

    @pytest.mark.parametrize(
        ("state", "event"),
        [
            (OccurrenceStatus.HELD, "skip"),  # a held 1:1 cannot be skipped
            (OccurrenceStatus.SKIPPED, "hold"),  # nor a skipped one held
            (OccurrenceStatus.POSTPONED, "postpone"),  # postponing twice is one postponement
            (OccurrenceStatus.SCHEDULED, "done"),  # an event of the other machine
        ],
    )
    def test_illegal(self, state, event):
        """An illegal event names the state and the event."""
        with pytest.raises(InvalidTransition, match=f"event '{event}' is not allowed in state '{state.value}'"):
            transition("one-on-one", state, event)

    def test_point_done_twice(self):
        """A talking point is done once."""
        point = TalkingPoint(id="p", series="s", text="t", raised_on=dt.date(2026, 9, 7)).done(dt.date(2026, 9, 14))
        with pytest.raises(InvalidTransition, match="'done'"):
            point.done(dt.date(2026, 9, 21))

    def test_error_pickles(self):
        """InvalidTransition survives pickling (multiprocessing, logging)."""
        err = InvalidTransition("one-on-one", "held", "skip", allowed_events("one-on-one", OccurrenceStatus.HELD))
        again = pickle.loads(pickle.dumps(err))
        assert (str(again), again.state, again.event) == (str(err), "held", "skip")

    def test_agenda_carries_points_over(self):
        """An open point stays on each agenda until the 1:1 where it is done."""
        log = FeedbackLog(
            series=[series("s", member="ola")],
            points=[
                TalkingPoint(id="p1", series="s", text="Course", raised_on=dt.date(2026, 9, 7),
                             done_on=dt.date(2026, 9, 21)),
                TalkingPoint(id="p2", series="s", text="Shift swap", raised_on=dt.date(2026, 9, 14)),
            ],
        )  # fmt: skip
        assert [p.id for p in log.agenda("s", dt.date(2026, 9, 14))] == ["p1", "p2"]
        assert [p.id for p in log.agenda("s", dt.date(2026, 9, 28))] == ["p2"]


class TestFeedbackLog:
    def test_duplicate_ids(self):
        """Two feedback items with one id are refused."""
        with pytest.raises(DuplicateId, match="f1"):
            FeedbackLog(feedback=[item("f1"), item("f1")])

    def test_unknown_series(self):
        """An occurrence must name a series of the log."""
        with pytest.raises(UnknownReference, match="occurrences"):
            FeedbackLog(occurrences=[OneOnOneOccurrence(series="nope", scheduled=dt.date(2026, 9, 7))])

    def test_from_records_round_trip(self):
        """Sorting records into a log and listing them back loses nothing."""
        s = OneOnOneSeries(id="s", lead="lena", member="ola", cadence="weekly", anchor=dt.date(2026, 9, 7))
        records = [item("f1"), s, OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 9, 7)), review("r1")]
        log = FeedbackLog.from_records(records)
        assert sorted(map(repr, log.records())) == sorted(map(repr, records))
        assert log.size == 4

    def test_from_records_refuses_other_values(self):
        """Something that is not a record is refused with its position."""
        with pytest.raises(WrongType, match=r"records\[1\]"):
            FeedbackLog.from_records([item("f1"), "f2"])  # type: ignore[list-item]
