"""Tests for the feedback policies and the compliance engine, one example per rule."""

from __future__ import annotations

import datetime as dt

import pytest
from feedback_helpers import at, item, make_org, review, series
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.exceptions import InvalidValue, NaiveDatetime, OutOfRange, UnknownReference, WrongType
from teamcore.feedback import (
    ComplianceStatus,
    FeedbackLog,
    FeedbackPolicy,
    FeedbackRequest,
    OneOnOneOccurrence,
    Rule,
    compliance,
    week_reminders,
)
from teamcore.people import TimeOff

NOW = at("2026-11-25", "10:00")
ONLY = {rule: FeedbackPolicy(rules=[rule]) for rule in Rule}


def obligations(log, now=NOW, rule=None, org=None, policy=None):
    result = compliance(log, org or make_org(), now, policy or (ONLY[rule] if rule else None))
    return {(o.member, o.key): o for o in result.obligations()}


class TestTimelyFeedback:
    def test_weekend_and_swedish_holiday(self):
        """Observed Wednesday 13 May: Ascension Thursday and the weekend push the third business day to Tuesday."""
        log = FeedbackLog(
            feedback=[
                item("ok", observed_on=dt.date(2026, 5, 13), given_at=at("2026-05-19", "16:00")),
                item("late", observed_on=dt.date(2026, 5, 13), given_at=at("2026-05-20", "09:00")),
            ]
        )
        found = obligations(log, now=at("2026-05-25"), rule=Rule.TIMELY_FEEDBACK)
        ok, late = found["ola", "ok"], found["ola", "late"]
        assert (ok.status, ok.due, ok.lateness) == (ComplianceStatus.MET, dt.date(2026, 5, 19), None)
        assert (late.status, late.lateness, late.owner) == (ComplianceStatus.LATE, 1, "lena")

    def test_weekend_after_deadline_is_late(self):
        """Observed Tuesday 1 Sep, due Friday 4 Sep: given on Sunday is late, although only 3 business days passed."""
        log = FeedbackLog(feedback=[item("f", observed_on=dt.date(2026, 9, 1), given_at=at("2026-09-06", "12:00"))])
        found = obligations(log, rule=Rule.TIMELY_FEEDBACK)["ola", "f"]
        assert (found.status, found.due, found.lateness) == (ComplianceStatus.LATE, dt.date(2026, 9, 4), 1)

    def test_giver_time_off(self):
        """The giver's week off (12-16 Oct) does not count: observed Friday 9 Oct, due Wednesday 21 Oct."""
        org = make_org(lena_time_off=(TimeOff(dt.date(2026, 10, 12), dt.date(2026, 10, 16), "holiday"),))
        log = FeedbackLog(feedback=[item("f", observed_on=dt.date(2026, 10, 9), given_at=at("2026-10-21", "17:30"))])
        found = obligations(log, org=org, rule=Rule.TIMELY_FEEDBACK)["ola", "f"]
        assert (found.status, found.due) == (ComplianceStatus.MET, dt.date(2026, 10, 21))
        without = obligations(log, rule=Rule.TIMELY_FEEDBACK)["ola", "f"]
        assert (without.status, without.due, without.lateness) == (ComplianceStatus.LATE, dt.date(2026, 10, 14), 5)

    def test_counted_in_the_givers_calendar(self):
        """Late evening in Stockholm is the same day in California: the giver's local date decides."""
        log = FeedbackLog(
            feedback=[item("f", receiver="mia", observed_on=dt.date(2026, 9, 7), given_at=at("2026-09-10", "23:30"))]
        )
        found = obligations(log, rule=Rule.TIMELY_FEEDBACK)["mia", "f"]
        assert (found.status, found.due, found.done_on) == (
            ComplianceStatus.MET,
            dt.date(2026, 9, 10),
            dt.date(2026, 9, 10),
        )

    def test_configurable_window(self):
        """A policy of one business day makes the same item late."""
        log = FeedbackLog(feedback=[item("f", observed_on=dt.date(2026, 9, 7), given_at=at("2026-09-09"))])
        policy = FeedbackPolicy(rules=["timely_feedback"], feedback_within=1)
        assert obligations(log, policy=policy)["ola", "f"].status is ComplianceStatus.LATE

    def test_future_records_ignored(self):
        """Feedback given after now is not counted yet."""
        log = FeedbackLog(feedback=[item("f", observed_on=dt.date(2026, 11, 25), given_at=at("2026-11-26"))])
        assert obligations(log, rule=Rule.TIMELY_FEEDBACK) == {}


class TestQuarterlyReview:
    def test_met_late_overdue_not_yet_due(self):
        """Q3 held in time for ola, late for raj (4 Singapore business days), missing for mia; Q4 not yet due."""
        log = FeedbackLog(
            reviews=[
                review("r-ola"),
                review("r-raj", member="raj", reviewer="kim", held_on=dt.date(2026, 10, 6)),
            ]
        )
        found = obligations(log, rule=Rule.QUARTERLY_REVIEW)
        assert found["ola", "2026-Q3"].status is ComplianceStatus.MET
        assert (found["raj", "2026-Q3"].status, found["raj", "2026-Q3"].lateness) == (ComplianceStatus.LATE, 4)
        assert found["mia", "2026-Q3"].status is ComplianceStatus.OVERDUE
        assert {found[m, "2026-Q4"].status for m in ("ola", "mia", "raj", "ana")} == {ComplianceStatus.NOT_YET_DUE}
        assert ("lena", "2026-Q3") not in found  # a lead without a lead of their own is nobody's reviewee

    def test_next_due_in_members_zone(self):
        """The next due date is the quarter's last day, in the member's local dates."""
        result = compliance(FeedbackLog(), make_org(), NOW, ONLY[Rule.QUARTERLY_REVIEW])
        assert result.member("mia").next_due(Rule.QUARTERLY_REVIEW) == dt.date(2026, 12, 31)
        assert result.member("mia").review_coverage == (
            ("2026-Q3", ComplianceStatus.OVERDUE),
            ("2026-Q4", ComplianceStatus.NOT_YET_DUE),
        )

    def test_tracking_since(self):
        """With tracking_since in Q4, Q3 is not asked for."""
        policy = FeedbackPolicy(rules=["quarterly_review"], tracking_since=dt.date(2026, 10, 1))
        assert {key for _m, key in obligations(FeedbackLog(), policy=policy)} == {"2026-Q4"}


class TestOneOnOnes:
    def test_slots(self):
        """Held, late after a postponement, skipped, unrecorded and the next pending slot."""
        s = series("s-ola", member="ola", anchor="2026-10-26")
        log = FeedbackLog(
            series=[s],
            occurrences=[
                OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 10, 26), status="held",
                                   held_on=dt.date(2026, 10, 26)),
                OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 11, 2)).apply("postpone").apply(
                    "hold", on=dt.date(2026, 11, 4)),
                OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 11, 9), status="skipped"),
                OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 11, 23), status="postponed"),
            ],
        )  # fmt: skip
        found = obligations(log, rule=Rule.ONE_ON_ONE)
        statuses = {key: o.status for (member, key), o in found.items() if member == "ola"}
        assert statuses == {
            "s-ola@cadence": ComplianceStatus.MET,
            "s-ola@2026-10-26": ComplianceStatus.MET,
            "s-ola@2026-11-02": ComplianceStatus.LATE,
            "s-ola@2026-11-09": ComplianceStatus.BREACHED,
            "s-ola@2026-11-16": ComplianceStatus.OVERDUE,
            "s-ola@2026-11-23": ComplianceStatus.OVERDUE,
            "s-ola@2026-11-30": ComplianceStatus.NOT_YET_DUE,
        }
        assert found["ola", "s-ola@2026-11-02"].lateness == 2
        result = compliance(log, make_org(), NOW, ONLY[Rule.ONE_ON_ONE])
        assert result.member("ola").one_on_ones == (2, 5)
        assert result.member("ola").one_on_one_adherence == pytest.approx(0.4)

    def test_cadence_and_missing_series(self):
        """A monthly series breaches a biweekly policy; a member without any series is overdue one."""
        log = FeedbackLog(series=[series("s-ola", member="ola", cadence="monthly", anchor="2026-11-30")])
        found = obligations(log, rule=Rule.ONE_ON_ONE)
        assert found["ola", "s-ola@cadence"].status is ComplianceStatus.BREACHED
        assert found["mia", "series"].status is ComplianceStatus.OVERDUE
        override = FeedbackPolicy(rules=["one_on_one"], cadence_overrides={"ola": "monthly"})
        assert obligations(log, policy=override)["ola", "s-ola@cadence"].status is ComplianceStatus.MET


class TestNoSurprises:
    def test_topic_not_raised_before(self):
        """A review topic that no earlier feedback raised is a surprise; one raised the same day is too."""
        log = FeedbackLog(
            feedback=[item("f1", topics=["tone"]), item("f2", topics=["escalations"], given_at=at("2026-09-24"),
                                                       observed_on=dt.date(2026, 9, 23))],
            reviews=[review("r1", topics=["tone", "escalations"]), review("r2", member="mia", topics=[])],
        )  # fmt: skip
        found = obligations(log, rule=Rule.NO_SURPRISES)
        assert found["ola", "r1"].status is ComplianceStatus.BREACHED
        assert found["ola", "r1"].detail.endswith("escalations")
        assert found["mia", "r2"].status is ComplianceStatus.MET


class TestUpwardRequested:
    def test_request_not_upward_feedback(self):
        """Only a request the lead sent counts; upward feedback received does not (it would reveal that one exists)."""
        log = FeedbackLog(
            requests=[FeedbackRequest(id="q", requester="lena", requested_at=at("2026-10-01"))],
            feedback=[item("u", kind="upward", giver="raj", receiver="kim", given_at=at("2026-08-03"),
                           observed_on=dt.date(2026, 8, 1))],
        )  # fmt: skip
        found = obligations(log, rule=Rule.UPWARD_REQUESTED)
        assert {k: o.status for k, o in found.items()} == {
            ("lena", "2026-Q3"): ComplianceStatus.OVERDUE,
            ("lena", "2026-Q4"): ComplianceStatus.MET,
            ("kim", "2026-Q3"): ComplianceStatus.OVERDUE,
            ("kim", "2026-Q4"): ComplianceStatus.NOT_YET_DUE,
        }


class TestRecognitionRatio:
    def test_ratio(self):
        """3:1 in Q3 is met; 1:1 in the running Q4 is not yet due; a 2:1 policy still finds Q4 short."""
        q3 = [item(f"p{i}", given_at=at(f"2026-09-0{i + 1}"), observed_on=dt.date(2026, 9, i + 1)) for i in range(3)]
        q4 = [item("p4", given_at=at("2026-10-05"), observed_on=dt.date(2026, 10, 5))]
        c = [item(f"c{i}", kind="constructive", given_at=at(day), observed_on=dt.date.fromisoformat(day))
             for i, day in enumerate(["2026-09-07", "2026-10-06"])]  # fmt: skip
        log = FeedbackLog(feedback=[*q3, *q4, *c])
        found = obligations(log, rule=Rule.RECOGNITION_RATIO)
        assert (found["ola", "2026-Q3"].status, found["ola", "2026-Q4"].status) == (
            ComplianceStatus.MET,
            ComplianceStatus.NOT_YET_DUE,
        )
        later = obligations(log, now=at("2027-01-04"), rule=Rule.RECOGNITION_RATIO)
        assert later["ola", "2026-Q4"].status is ComplianceStatus.BREACHED


class TestEngine:
    def test_empty_log(self):
        """An empty log: reviews and upward requests overdue for Q3 and pending for Q4, 1:1 series overdue."""
        result = compliance(FeedbackLog(), make_org(), NOW)
        statuses = {(o.member, o.rule, o.key): o.status for o in result.obligations()}
        assert set(statuses.values()) == {ComplianceStatus.OVERDUE, ComplianceStatus.NOT_YET_DUE}
        assert statuses["ola", Rule.ONE_ON_ONE, "series"] is ComplianceStatus.OVERDUE
        assert statuses["lena", Rule.UPWARD_REQUESTED, "2026-Q4"] is ComplianceStatus.NOT_YET_DUE
        assert not any(rule is Rule.TIMELY_FEEDBACK for _m, rule, _k in statuses)

    def test_team_roll_up(self):
        """The team roll-up counts members per status and review coverage per quarter."""
        result = compliance(FeedbackLog(reviews=[review("r")]), make_org(), NOW)
        nordic = next(t for t in result.teams if t.team == "nordic")
        assert dict(nordic.review_coverage) == {"2026-Q3": 0.5, "2026-Q4": 0.0}
        rules = dict(nordic.rules)
        assert rules[Rule.QUARTERLY_REVIEW] == {ComplianceStatus.NOT_YET_DUE: 1, ComplianceStatus.OVERDUE: 1}

    def test_reminders_sorted_and_deterministic(self):
        """A lead's reminders: overdue items and those due by Sunday, sorted; the same answer every time."""
        log = FeedbackLog(series=[series("s-ola", member="ola", anchor="2026-11-23")])
        first = week_reminders(compliance(log, make_org(), NOW), make_org(), "lena")
        again = week_reminders(compliance(log, make_org(), NOW), make_org(), "lena")
        assert first == again
        order = [(r.due_at, r.member, r.rule, r.key) for r in first]
        assert order == sorted(order)
        keys = {(r.member, r.key) for r in first}
        assert ("ola", "s-ola@2026-11-23") in keys  # overdue since Monday
        assert ("ola", "s-ola@2026-11-30") not in keys  # next week
        assert ("lena", "2026-Q3") in keys
        assert all(r.member in {"lena", "ola", "mia"} for r in first)

    def test_reminders_include_what_the_lead_owes_elsewhere(self):
        """A 1:1 a lead holds with someone from another team is on that lead's list, not only the team lead's."""
        log = FeedbackLog(series=[series("s-x", member="ola", lead="kim", anchor="2026-11-16")])
        result = compliance(log, make_org(), NOW)
        assert ("ola", "s-x@2026-11-23") in {(r.member, r.key) for r in week_reminders(result, make_org(), "kim")}
        assert {o.key for o in result.owed_by("kim") if o.member == "ola"} >= {"s-x@cadence", "s-x@2026-11-16"}
        assert result.owed_by("nobody") == ()

    @pytest.mark.parametrize(
        ("call", "error", "match"),
        [
            (lambda: compliance([], make_org(), NOW), WrongType, "log"),  # a list is not a log
            (lambda: compliance(FeedbackLog(), None, NOW), WrongType, "org"),  # no organisation
            (lambda: compliance(FeedbackLog(), make_org(), dt.datetime(2026, 11, 25)), NaiveDatetime, "now"),
            (lambda: compliance(FeedbackLog(), make_org(), NOW).member("zed"), UnknownReference, "zed"),
            (lambda: FeedbackPolicy(rules=["be_nice"]), InvalidValue, "rules"),  # an unknown rule
            (lambda: FeedbackPolicy(feedback_within=-1), OutOfRange, "feedback_within"),  # negative days
            (lambda: FeedbackPolicy(min_recognition_ratio="3:1"), WrongType, "ratio"),  # text for a number
            (lambda: FeedbackPolicy(cadence_overrides={"ola": "daily"}), InvalidValue, "ola"),  # unknown cadence
            (lambda: FeedbackPolicy(review_kinds=[]), InvalidValue, "review_kinds"),  # no review counts
            (lambda: FeedbackPolicy.from_mapping({"within": 3}), InvalidValue, "within"),  # an unknown setting
        ],
    )
    def test_bad_input(self, call, error, match):
        """Bad arguments raise specific errors."""
        with pytest.raises(error, match=match):
            call()

    def test_policy_from_mapping(self):
        """A policy reads from a TOML/JSON table."""
        policy = FeedbackPolicy.from_mapping({"feedback_within": 2, "tracking_since": "2026-10-01"})
        assert (policy.feedback_within, policy.tracking_since) == (2, dt.date(2026, 10, 1))


class TestProperties:
    @settings(max_examples=25)
    @given(log=tst.feedback_logs(make_org(), max_items=12), rng=st.randoms(use_true_random=False))
    def test_row_order_never_changes_the_answer(self, log, rng):
        """Shuffling the records of a log gives the same compliance, reminders included."""
        records = list(log.records())
        rng.shuffle(records)
        shuffled = FeedbackLog.from_records(records)
        now = at("2026-12-10")
        first, second = compliance(log, make_org(), now), compliance(shuffled, make_org(), now)
        assert first == second
        assert week_reminders(first, make_org(), "lena") == week_reminders(second, make_org(), "lena")

    @settings(max_examples=25)
    @given(log=tst.feedback_logs(make_org(), max_items=12))
    def test_roll_up_is_the_most_severe(self, log):
        """A member's status for a rule is one of its obligations' and none is more severe."""
        result = compliance(log, make_org(), at("2026-12-10"))
        for member in result.members:
            for rule in Rule:
                found = [o.status for o in member.obligations if o.rule is rule]
                assert (member.status(rule) is None) == (not found)
                if found:
                    assert member.status(rule) in found
                    assert ComplianceStatus.OVERDUE not in found or member.status(rule) is ComplianceStatus.OVERDUE
