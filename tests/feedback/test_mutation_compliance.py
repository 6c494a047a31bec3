"""Compliance engine tests added after its mutation run (docs/mutation.md): contracts and boundaries it left open."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from feedback_helpers import at, item, make_org, review, series

from teamcore.exceptions import NaiveDatetime, OutOfRange, UnknownReference, ValidationError, WrongType
from teamcore.feedback import (
    ComplianceStatus,
    FeedbackLog,
    FeedbackPolicy,
    FeedbackRequest,
    LogIndex,
    MemberCompliance,
    Obligation,
    OneOnOneOccurrence,
    Reminder,
    Rule,
    compliance,
    member_compliance,
    quarter_of,
    week_reminders,
)
from teamcore.people import Member, Organisation, Team, TimeOff

NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
NAIVE = dt.datetime(2026, 11, 25, 9)
LAST_QUARTER = dt.datetime(9999, 11, 1, tzinfo=dt.UTC)
FIRST_QUARTER = dt.datetime(1, 2, 1, tzinfo=dt.UTC)
NOW_RANGE = "an instant from 0001-04-02 to before 9999-09-30 in UTC"
MET, LATE, OVERDUE, NOT_YET_DUE, BREACHED = (
    ComplianceStatus.MET,
    ComplianceStatus.LATE,
    ComplianceStatus.OVERDUE,
    ComplianceStatus.NOT_YET_DUE,
    ComplianceStatus.BREACHED,
)


class TestContracts:
    """Every refusal names the field, carries the value received and says what was expected."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (lambda: compliance([], make_org(), NOW), WrongType, "log", [], "a FeedbackLog"),  # a list
            (lambda: compliance(FeedbackLog(), "Acme", NOW), WrongType, "org", "Acme", "an Organisation"),  # a name
            # a naive instant, in the engine and in the per-member entry point
            (lambda: compliance(FeedbackLog(), make_org(), NAIVE), NaiveDatetime, "now", NAIVE, None),
            (
                lambda: member_compliance(
                    make_org().member("ola"), make_org(), LogIndex.build(FeedbackLog()), NAIVE, FeedbackPolicy()
                ),
                NaiveDatetime,
                "now",
                NAIVE,
                None,
            ),
            # obligations of the last quarter of 9999 would fall due in 10000; the first of year 1 has no quarter before
            (lambda: compliance(FeedbackLog(), make_org(), LAST_QUARTER), OutOfRange, "now", LAST_QUARTER, NOW_RANGE),
            (lambda: compliance(FeedbackLog(), make_org(), FIRST_QUARTER), OutOfRange, "now", FIRST_QUARTER, NOW_RANGE),
            (
                lambda: member_compliance(
                    make_org().member("ola"), make_org(), LogIndex.build(FeedbackLog()), LAST_QUARTER, FeedbackPolicy()
                ),
                OutOfRange,
                "now",
                LAST_QUARTER,
                NOW_RANGE,
            ),
            # an id that is no member
            (
                lambda: compliance(FeedbackLog(), make_org(), NOW).member("zed"),
                UnknownReference,
                "member",
                "zed",
                "the id of a member of the organisation",
            ),
        ],
    )
    def test_errors_name_field_value_and_rule(self, call, error, field, value, expected):
        """The field, the value received and (where this module words it) the rule."""
        with pytest.raises(error) as caught:
            call()
        assert isinstance(caught.value, ValidationError)
        assert (caught.value.field, caught.value.value) == (field, value)
        if expected is not None:
            assert caught.value.expected == expected


def obligations(log, now=NOW, rules=None, org=None, policy=None):
    """``{(member, rule, key): obligation}`` of one run of the engine."""
    chosen = policy or (FeedbackPolicy(rules=rules) if rules else None)
    result = compliance(log, org or make_org(), now, chosen)
    return {(o.member, o.rule, o.key): o for o in result.obligations()}


def made(status, rule=Rule.ONE_ON_ONE, key="k", due_at=NOW):
    """An obligation of ola's with `status`, for the roll-up tests."""
    return Obligation(member="ola", owner="lena", rule=rule, key=key, due=due_at.date(), due_at=due_at, status=status)


class TestRange:
    """The instants compliance answers for: every quarter it counts in begins after year 1 and ends before 10000."""

    @pytest.mark.parametrize(
        "now",
        [
            dt.datetime(
                1, 4, 2, tzinfo=dt.UTC
            ),  # Los Angeles is still on 1 April: the previous quarter is Q1 of year 1
            dt.datetime(9999, 9, 29, 23, 59, tzinfo=dt.UTC),  # already 30 September in Singapore, still Q3
        ],
    )
    def test_first_and_last_instants(self, now):
        """At the first and last instants accepted, every member gets their obligations and reminders."""
        result = compliance(FeedbackLog(), make_org(), now)
        assert {m.member for m in result.members if m.obligations} == {"lena", "ola", "mia", "kim", "raj", "ana"}
        assert week_reminders(result, make_org(), "kim")

    def test_just_outside(self):
        """A microsecond before the first or at the last instant is refused, not an OverflowError."""
        for now in (dt.datetime(1, 4, 1, 23, 59, 59, 999999, tzinfo=dt.UTC), dt.datetime(9999, 9, 30, tzinfo=dt.UTC)):
            with pytest.raises(OutOfRange):
                compliance(FeedbackLog(), make_org(), now)


class TestQuarters:
    """Quarter labels and bounds, which every quarterly rule and the privacy releases count in."""

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (dt.date(2026, 2, 14), ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
            (dt.date(2026, 6, 30), ("2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))),
            (dt.date(2026, 7, 1), ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))),
            (dt.date(2026, 12, 31), ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
            (dt.date(9999, 12, 31), ("9999-Q4", dt.date(9999, 10, 1), dt.date(9999, 12, 31))),  # no year 10000
        ],
    )
    def test_label_first_and_last_day(self, day, expected):
        """Each quarter's label, first and last day; the last quarter of 9999 needs no later date."""
        assert quarter_of(day) == expected


class TestRollUp:
    """A member's status for a rule is the most severe of its obligations; teams count members per status."""

    @pytest.mark.parametrize(
        ("statuses", "expected"),
        [
            ((MET, NOT_YET_DUE), NOT_YET_DUE),
            ((LATE, NOT_YET_DUE), LATE),
            ((LATE, BREACHED), BREACHED),
            ((OVERDUE, BREACHED), OVERDUE),
            ((MET,), MET),
        ],
    )
    def test_most_severe(self, statuses, expected):
        """met < not yet due < late < breached < overdue, in either order of the obligations."""
        for order in (statuses, statuses[::-1]):
            row = MemberCompliance(member="ola", timezone="Europe/Stockholm", obligations=tuple(map(made, order)))
            assert row.status(Rule.ONE_ON_ONE) is expected
            assert row.status(Rule.QUARTERLY_REVIEW) is None  # no obligation of that rule

    def test_team_counts_in_order_of_severity(self):
        """The team's counts per status come least severe first: met before breached (not alphabetically)."""
        log = FeedbackLog(reviews=[review("r1", topics=["tone"]), review("r2", member="mia", topics=[])])
        result = compliance(log, make_org(), NOW, FeedbackPolicy(rules=[Rule.NO_SURPRISES]))
        nordic = next(t for t in result.teams if t.team == "nordic")
        assert nordic.rules == ((Rule.NO_SURPRISES, {MET: 1, BREACHED: 1}),)
        assert list(nordic.rules[0][1]) == [MET, BREACHED]
        assert nordic.members == ("lena", "ola", "mia")
        assert (nordic.review_coverage, nordic.one_on_one_adherence) == ((), None)  # no review rule, no 1:1 due

    def test_members_with_the_same_status_add_up(self):
        """raj and ana both lack their Q3 review: APAC counts two overdue members."""
        result = compliance(FeedbackLog(), make_org(), NOW, FeedbackPolicy(rules=[Rule.QUARTERLY_REVIEW]))
        apac = next(t for t in result.teams if t.team == "apac")
        assert apac.rules == ((Rule.QUARTERLY_REVIEW, {OVERDUE: 2}),)

    def test_team_adherence_and_coverage(self):
        """Held over due 1:1 slots of the whole team; coverage per quarter over the members with a lead."""
        log = FeedbackLog(
            series=[series("s-ola", member="ola", anchor="2026-11-09")],
            occurrences=[
                OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 11, 9), status="held",
                                   held_on=dt.date(2026, 11, 9)),
            ],
            reviews=[review("r-mia", member="mia", held_on=dt.date(2026, 10, 2))],  # Q3, held late
        )  # fmt: skip
        result = compliance(log, make_org(), NOW)
        nordic = next(t for t in result.teams if t.team == "nordic")
        assert nordic.one_on_one_adherence == pytest.approx(1 / 3)  # 9 Nov held; 16 and 23 Nov overdue
        assert result.member("ola").one_on_ones == (1, 3)
        assert result.member("mia").one_on_ones == (0, 0)  # no series: nothing due, so no adherence
        assert result.member("mia").one_on_one_adherence is None
        assert nordic.review_coverage == (("2026-Q3", 0.5), ("2026-Q4", 0.0))
        apac = next(t for t in result.teams if t.team == "apac")
        assert apac.one_on_one_adherence is None


class TestDueDates:
    """Due dates are local dates; `due_at` is the midnight after them in that calendar's zone."""

    def test_quarter_ends_in_each_members_zone(self):
        """Q3's review is due 30 September, ending at midnight in Stockholm, Los Angeles and Singapore."""
        found = obligations(FeedbackLog(), rules=[Rule.QUARTERLY_REVIEW])
        q3 = {m: found[m, Rule.QUARTERLY_REVIEW, "2026-Q3"] for m in ("ola", "mia", "ana")}
        assert {m: o.due for m, o in q3.items()} == dict.fromkeys(q3, dt.date(2026, 9, 30))
        assert q3["ola"].due_at == dt.datetime(2026, 9, 30, 22, tzinfo=dt.UTC)  # CEST
        assert q3["mia"].due_at == dt.datetime(2026, 10, 1, 7, tzinfo=dt.UTC)  # PDT
        assert q3["ana"].due_at == dt.datetime(2026, 9, 30, 16, tzinfo=dt.UTC)  # SGT
        assert q3["ola"].detail == "no review this quarter"
        assert (q3["ola"].done_on, q3["ola"].lateness, q3["ola"].owner) == (None, None, "lena")

    def test_next_due_east_of_utc(self):
        """In Singapore the quarter ends on 31 December local time, which is still 31 December in UTC."""
        result = compliance(FeedbackLog(), make_org(), NOW, FeedbackPolicy(rules=[Rule.QUARTERLY_REVIEW]))
        assert result.member("ana").next_due(Rule.QUARTERLY_REVIEW) == dt.date(2026, 12, 31)
        assert result.member("ola").next_due(Rule.ONE_ON_ONE) is None  # no obligation of the rule
        assert result.member("kim").next_due(Rule.QUARTERLY_REVIEW) is None  # a lead without a lead

    def test_next_due_is_the_earliest_pending(self):
        """Two series with a pending slot each (Monday 30 and Thursday 26 November): the next is the Thursday."""
        log = FeedbackLog(
            series=[series("s-a", member="ola", anchor="2026-11-23"), series("s-b", member="ola", anchor="2026-11-26")]
        )
        result = compliance(log, make_org(), NOW, FeedbackPolicy(rules=[Rule.ONE_ON_ONE]))
        assert result.member("ola").next_due(Rule.ONE_ON_ONE) == dt.date(2026, 11, 26)

    def test_first_day_of_a_quarter(self):
        """On 1 October the fourth quarter already has its (pending) review, beside the third's."""
        result = compliance(
            FeedbackLog(), make_org(), at("2026-10-01", "12:00"), FeedbackPolicy(rules=["quarterly_review"])
        )
        assert result.member("ola").review_coverage == (("2026-Q3", OVERDUE), ("2026-Q4", NOT_YET_DUE))

    def test_review_coverage_oldest_first(self):
        """Asked in August: Q2 (tracked from April) is overdue, Q3 pending, listed oldest first."""
        result = compliance(FeedbackLog(), make_org(), at("2026-08-03"), FeedbackPolicy(rules=[Rule.QUARTERLY_REVIEW]))
        assert result.member("ola").review_coverage == (("2026-Q2", OVERDUE), ("2026-Q3", NOT_YET_DUE))

    def test_sorted_by_due_instant(self):
        """Obligations, a member's and an owner's, come by due instant, then member, rule and key."""
        result = compliance(FeedbackLog(), make_org(), NOW)
        every = result.obligations()
        assert [o.sort_key for o in every] == sorted(o.sort_key for o in every)
        assert every[0].sort_key == (every[0].due_at, every[0].member, every[0].rule.value, every[0].key)
        for row in result.members:
            assert [o.sort_key for o in row.obligations] == sorted(o.sort_key for o in row.obligations)
        owed = result.owed_by("lena")
        assert [o.sort_key for o in owed] == sorted(o.sort_key for o in owed)
        assert {o.member for o in owed} == {"lena", "ola", "mia"}


class TestTimelyFeedback:
    """Behavioural feedback is due `feedback_within` business days after the observation, in the giver's calendar."""

    def test_met_obligation_in_full(self):
        """Observed Monday 7 September, given Tuesday: due Thursday 10 September, done on the 8th."""
        found = obligations(FeedbackLog(feedback=[item("f")]), rules=[Rule.TIMELY_FEEDBACK])
        assert found["ola", Rule.TIMELY_FEEDBACK, "f"] == Obligation(
            member="ola", owner="lena", rule=Rule.TIMELY_FEEDBACK, key="f", due=dt.date(2026, 9, 10),
            due_at=dt.datetime(2026, 9, 10, 22, tzinfo=dt.UTC), status=MET, done_on=dt.date(2026, 9, 8),
            lateness=None, detail="praise on behaviour of 2026-09-07",
        )  # fmt: skip

    def test_late_obligation_in_full(self):
        """Constructive feedback given on Monday 14 September, two business days after Thursday the 10th."""
        late = item("f", kind="constructive", given_at=at("2026-09-14", "08:00"))
        found = obligations(FeedbackLog(feedback=[late]), rules=[Rule.TIMELY_FEEDBACK])
        found = found["ola", Rule.TIMELY_FEEDBACK, "f"]
        assert (found.status, found.done_on, found.lateness) == (LATE, dt.date(2026, 9, 14), 2)
        assert found.detail == "constructive on behaviour of 2026-09-07"

    def test_given_on_the_due_day_is_met(self):
        """Given late on the due day itself is in time; the next morning is one day late."""
        on_time = item("a", given_at=at("2026-09-10", "23:59"))
        next_day = item("b", given_at=at("2026-09-11", "00:01"))
        found = obligations(FeedbackLog(feedback=[on_time, next_day]), rules=[Rule.TIMELY_FEEDBACK])
        assert found["ola", Rule.TIMELY_FEEDBACK, "a"].status is MET
        assert (found["ola", Rule.TIMELY_FEEDBACK, "b"].status, found["ola", Rule.TIMELY_FEEDBACK, "b"].lateness) == (
            LATE,
            1,
        )

    def test_what_is_not_tracked(self):
        """Not tracked: behaviour observed before tracking starts, feedback from someone not in the organisation,
        feedback given after now, and upward and peer feedback."""
        log = FeedbackLog(
            feedback=[
                item("before", observed_on=dt.date(2026, 6, 30), given_at=at("2026-07-01")),  # tracked from 1 July
                item("on-start", observed_on=dt.date(2026, 7, 1), given_at=at("2026-07-02")),
                item("left", giver="former"),  # the giver has left: no calendar to count in
                item("future", observed_on=dt.date(2026, 11, 25), given_at=at("2026-11-25", "11:00")),  # after NOW
                item("up", kind="upward", giver="ola", receiver="lena", anonymous=True),
                item("peer", kind="peer", giver="mia", receiver="ola"),
            ]
        )
        found = obligations(log, rules=[Rule.TIMELY_FEEDBACK])
        assert set(found) == {("ola", Rule.TIMELY_FEEDBACK, "on-start")}


class TestQuarterlyReviewDetails:
    """Which reviews count for a quarter, and how late a late one is."""

    def test_earliest_review_of_the_quarter_decides(self):
        """A review in time and a later one: met, done on the first; detail says so."""
        log = FeedbackLog(reviews=[review("r2", held_on=dt.date(2026, 10, 5)), review("r1")])
        found = obligations(log, rules=[Rule.QUARTERLY_REVIEW])["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"]
        assert (found.status, found.done_on, found.lateness, found.detail) == (
            MET,
            dt.date(2026, 9, 24),
            None,
            "review held",
        )

    def test_held_on_the_last_day_is_met(self):
        """Held on 30 September, the quarter's last day: in time."""
        log = FeedbackLog(reviews=[review("r", held_on=dt.date(2026, 9, 30))])
        assert obligations(log, rules=[Rule.QUARTERLY_REVIEW])["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is MET

    def test_late_review_in_full(self):
        """Held Monday 5 October: late by 3 of lena's business days (1, 2 and 5 October), done that day."""
        log = FeedbackLog(reviews=[review("r", held_on=dt.date(2026, 10, 5))])
        found = obligations(log, rules=[Rule.QUARTERLY_REVIEW])["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"]
        assert (found.status, found.done_on, found.lateness, found.detail) == (
            LATE,
            dt.date(2026, 10, 5),
            3,
            "review held late",
        )
        assert found.due_at == dt.datetime(2026, 9, 30, 22, tzinfo=dt.UTC)

    def test_not_overdue_on_the_last_day(self):
        """On 30 September, the quarter's last day, a missing review is not yet due; on 1 October it is overdue."""
        last_day = obligations(FeedbackLog(), now=at("2026-09-30", "18:00"), rules=[Rule.QUARTERLY_REVIEW])
        assert last_day["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is NOT_YET_DUE
        next_day = obligations(FeedbackLog(), now=at("2026-10-01", "08:00"), rules=[Rule.QUARTERLY_REVIEW])
        assert next_day["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is OVERDUE

    def test_period_ending_on_the_quarters_first_day(self):
        """A review whose period ends on 1 July counts for the third quarter, the quarter that day is in."""
        short = review(
            "r", period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 7, 1), held_on=dt.date(2026, 7, 3)
        )
        found = obligations(FeedbackLog(reviews=[short]), rules=[Rule.QUARTERLY_REVIEW])
        assert found["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is MET

    def test_reviewer_who_left_counts_calendar_days(self):
        """A reviewer no longer in the organisation has no calendar: lateness in calendar days (5 October: 5)."""
        log = FeedbackLog(reviews=[review("r", reviewer="former", held_on=dt.date(2026, 10, 5))])
        found = obligations(log, rules=[Rule.QUARTERLY_REVIEW])["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"]
        assert (found.status, found.lateness) == (LATE, 5)

    def test_late_on_a_day_off_is_still_one_day(self):
        """Held on 2 October, lena off since the 1st: no business day of hers passed, yet it is late by 1."""
        org = make_org(lena_time_off=(TimeOff(dt.date(2026, 10, 1), dt.date(2026, 10, 2), "holiday"),))
        log = FeedbackLog(reviews=[review("r", held_on=dt.date(2026, 10, 2))])
        found = obligations(log, org=org, rules=[Rule.QUARTERLY_REVIEW])["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"]
        assert (found.status, found.lateness) == (LATE, 1)

    def test_which_reviews_count(self):
        """Only the policy's review kinds, for a period ending in the quarter, held by today."""
        log = FeedbackLog(
            reviews=[
                review("self", reviewer="ola", kind="self"),  # a self review is not the manager's
                review("q2", period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 6, 30),
                       held_on=dt.date(2026, 9, 24)),  # about Q2
                review("planned", member="mia", period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31),
                       held_on=dt.date(2026, 11, 26)),  # tomorrow
            ]
        )  # fmt: skip
        found = obligations(log, rules=[Rule.QUARTERLY_REVIEW])
        assert found["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is OVERDUE
        assert found["mia", Rule.QUARTERLY_REVIEW, "2026-Q4"].status is NOT_YET_DUE
        selves = FeedbackPolicy(rules=[Rule.QUARTERLY_REVIEW], review_kinds=["manager", "self"])
        assert obligations(log, policy=selves)["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is MET
        q2 = obligations(log, now=at("2026-09-25"), rules=[Rule.QUARTERLY_REVIEW])
        assert q2["ola", Rule.QUARTERLY_REVIEW, "2026-Q2"].status is LATE  # the Q2 review, held in September
        assert q2["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is NOT_YET_DUE  # it is not Q3's

    def test_upward_and_peer_reviews_never_count(self):
        """Even a policy listing them cannot read upward or peer reviews (privacy model)."""
        log = FeedbackLog(reviews=[review("p", reviewer="mia", kind="peer"), review("u", kind="upward")])
        policy = FeedbackPolicy(rules=[Rule.QUARTERLY_REVIEW, Rule.NO_SURPRISES], review_kinds=["peer", "upward"])
        found = obligations(log, policy=policy)
        assert found["ola", Rule.QUARTERLY_REVIEW, "2026-Q3"].status is OVERDUE
        assert not any(rule is Rule.NO_SURPRISES for _m, rule, _k in found)


class TestOneOnOneDetails:
    """1:1 slots in the lead's calendar, the series' cadence against the policy, and members without a series."""

    def test_slot_obligations_in_full(self):
        """A weekly series from Monday 16 November: the cadence is met on the anchor, slots in lena's dates."""
        log = FeedbackLog(series=[series("s", member="ola", anchor="2026-11-16")])
        found = obligations(log, rules=[Rule.ONE_ON_ONE])
        assert found["ola", Rule.ONE_ON_ONE, "s@cadence"] == Obligation(
            member="ola", owner="lena", rule=Rule.ONE_ON_ONE, key="s@cadence", due=dt.date(2026, 11, 16),
            due_at=dt.datetime(2026, 11, 16, 23, tzinfo=dt.UTC), status=MET, done_on=dt.date(2026, 11, 16),
            detail="weekly (policy: biweekly)",
        )  # fmt: skip
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-11-23"] == Obligation(
            member="ola", owner="lena", rule=Rule.ONE_ON_ONE, key="s@2026-11-23", due=dt.date(2026, 11, 23),
            due_at=dt.datetime(2026, 11, 23, 23, tzinfo=dt.UTC), status=OVERDUE, detail="1:1 weekly",
        )  # fmt: skip
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-11-30"].status is NOT_YET_DUE
        assert {k for m, _r, k in found if m == "ola"} == {"s@cadence", "s@2026-11-16", "s@2026-11-23", "s@2026-11-30"}

    def test_slower_cadence_breaches(self):
        """A monthly series under the biweekly policy: the cadence obligation is breached, not done."""
        log = FeedbackLog(series=[series("s", member="ola", cadence="monthly", anchor="2026-11-02")])
        found = obligations(log, rules=[Rule.ONE_ON_ONE])["ola", Rule.ONE_ON_ONE, "s@cadence"]
        assert (found.status, found.done_on, found.detail) == (BREACHED, None, "monthly (policy: biweekly)")
        same = FeedbackLog(series=[series("s", member="ola", cadence="biweekly", anchor="2026-11-02")])
        assert obligations(same, rules=[Rule.ONE_ON_ONE])["ola", Rule.ONE_ON_ONE, "s@cadence"].status is MET

    def test_a_biweekly_series_lists_its_next_slot(self):
        """Biweekly from Monday 16 November: 16 November is overdue and 30 November, two weeks on, pending."""
        log = FeedbackLog(series=[series("s", member="ola", cadence="biweekly", anchor="2026-11-16")])
        found = obligations(log, rules=[Rule.ONE_ON_ONE])
        keys = {k: o.status for (m, _r, k), o in found.items() if m == "ola"}
        assert keys == {"s@cadence": MET, "s@2026-11-16": OVERDUE, "s@2026-11-30": NOT_YET_DUE}

    def test_today_is_not_overdue(self):
        """A slot due today (Wednesday 25 November) is not yet overdue."""
        log = FeedbackLog(series=[series("s", member="ola", anchor="2026-11-25")])
        found = obligations(log, rules=[Rule.ONE_ON_ONE])
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-11-25"].status is NOT_YET_DUE
        assert ("ola", Rule.ONE_ON_ONE, "s@2026-12-02") not in found  # only the next pending slot

    def test_skipped_in_advance_is_breached(self):
        """A 1:1 cancelled ahead of time (next week's) is breached at once, beside the pending one of today."""
        log = FeedbackLog(
            series=[series("s", member="ola", anchor="2026-11-25")],
            occurrences=[OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 12, 2), status="skipped")],
        )
        found = obligations(log, rules=[Rule.ONE_ON_ONE])
        assert {k: o.status for (m, _r, k), o in found.items() if m == "ola"} == {
            "s@cadence": MET,
            "s@2026-11-25": NOT_YET_DUE,
            "s@2026-12-02": BREACHED,
        }

    def test_held_after_today_does_not_count(self):
        """An occurrence recorded as held tomorrow is not held yet: the slot stays pending."""
        log = FeedbackLog(
            series=[series("s", member="ola", anchor="2026-11-25")],
            occurrences=[OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 11, 25), status="held",
                                            held_on=dt.date(2026, 11, 26))],
        )  # fmt: skip
        assert obligations(log, rules=[Rule.ONE_ON_ONE])["ola", Rule.ONE_ON_ONE, "s@2026-11-25"].status is NOT_YET_DUE
        held = FeedbackLog(
            series=log.series,
            occurrences=[OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 11, 25), status="held",
                                            held_on=dt.date(2026, 11, 25))],
        )  # fmt: skip
        found = obligations(held, rules=[Rule.ONE_ON_ONE])
        assert (
            found["ola", Rule.ONE_ON_ONE, "s@2026-11-25"].status,
            found["ola", Rule.ONE_ON_ONE, "s@2026-11-25"].done_on,
        ) == (
            MET,
            dt.date(2026, 11, 25),
        )
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-12-02"].status is NOT_YET_DUE  # the next, a week on, is listed

    def test_late_one_on_one_is_at_least_one_day(self):
        """Held on Saturday after a Friday slot: no business day passed, still one day late."""
        log = FeedbackLog(
            series=[series("s", member="ola", anchor="2026-11-20")],
            occurrences=[OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 11, 20), status="held",
                                            held_on=dt.date(2026, 11, 21))],
        )  # fmt: skip
        found = obligations(log, rules=[Rule.ONE_ON_ONE])["ola", Rule.ONE_ON_ONE, "s@2026-11-20"]
        assert (found.status, found.done_on, found.lateness) == (LATE, dt.date(2026, 11, 21), 1)

    def test_series_with_a_lead_who_left(self):
        """A series led by someone no longer in the organisation counts in the member's own calendar."""
        log = FeedbackLog(series=[series("s", member="mia", lead="former", anchor="2026-11-16")])
        found = obligations(log, rules=[Rule.ONE_ON_ONE])
        slot = found["mia", Rule.ONE_ON_ONE, "s@2026-11-23"]
        assert (slot.owner, slot.status) == ("former", OVERDUE)
        assert slot.due_at == dt.datetime(2026, 11, 24, 8, tzinfo=dt.UTC)  # midnight in Los Angeles
        led = FeedbackLog(series=[series("s", member="mia", lead="lena", anchor="2026-11-16")])
        known = obligations(led, rules=[Rule.ONE_ON_ONE])["mia", Rule.ONE_ON_ONE, "s@2026-11-23"]
        assert known.due_at == dt.datetime(2026, 11, 23, 23, tzinfo=dt.UTC)  # lena's midnight in Stockholm

    def test_no_series(self):
        """Without a series the member is overdue one from the start of tracking; one starting today is not yet."""
        found = obligations(FeedbackLog(), rules=[Rule.ONE_ON_ONE])["mia", Rule.ONE_ON_ONE, "series"]
        assert found == Obligation(
            member="mia", owner="lena", rule=Rule.ONE_ON_ONE, key="series", due=dt.date(2026, 7, 1),
            due_at=dt.datetime(2026, 7, 2, 7, tzinfo=dt.UTC), status=OVERDUE, detail="no 1:1 series (policy: biweekly)",
        )  # fmt: skip
        org = make_org()
        new = attrs.evolve(org.member("mia"), start_date=dt.date(2026, 11, 25))
        joined = Organisation(name="Test", members=[new if m.id == "mia" else m for m in org.members], teams=org.teams)
        fresh = obligations(FeedbackLog(), org=joined, rules=[Rule.ONE_ON_ONE])["mia", Rule.ONE_ON_ONE, "series"]
        assert (fresh.due, fresh.status) == (dt.date(2026, 11, 25), NOT_YET_DUE)

    def test_a_monthly_slot_moved_off_a_saturday(self):
        """10 October 2026 is a Saturday: the slot is due Friday the 9th, and an occurrence logged under the 10th
        counts for it; another month's occurrence does not."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-09-10")
        policy = FeedbackPolicy(rules=[Rule.ONE_ON_ONE], one_on_one_cadence="monthly")
        nominal = OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 10, 10), status="held",
                                     held_on=dt.date(2026, 10, 9))  # fmt: skip
        found = obligations(FeedbackLog(series=[s], occurrences=[nominal]), policy=policy)
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-10-09"].status is MET
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-11-10"].status is OVERDUE
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-09-10"].status is OVERDUE  # not the 10 October occurrence

    def test_a_monthly_slot_moved_off_the_first(self):
        """1 November 2026 is a Sunday: with no earlier day in the month the slot moves to Monday the 2nd, and the
        occurrence logged under the 1st counts for it."""
        s = series("s", member="ola", cadence="monthly", anchor="2026-10-01")
        policy = FeedbackPolicy(rules=[Rule.ONE_ON_ONE], one_on_one_cadence="monthly")
        nominal = OneOnOneOccurrence(series="s", scheduled=dt.date(2026, 11, 1), status="held",
                                     held_on=dt.date(2026, 11, 2))  # fmt: skip
        found = obligations(FeedbackLog(series=[s], occurrences=[nominal]), policy=policy)
        assert (
            found["ola", Rule.ONE_ON_ONE, "s@2026-11-02"].status,
            found["ola", Rule.ONE_ON_ONE, "s@2026-11-02"].done_on,
        ) == (
            MET,
            dt.date(2026, 11, 2),
        )

    def test_weekly_slot_on_a_holiday_is_not_moved(self):
        """Weekly slots keep their weekday: a slot on Christmas Day stays there."""
        s = series("s", member="ola", anchor="2026-12-25")
        found = obligations(FeedbackLog(series=[s]), now=at("2026-12-28"), rules=[Rule.ONE_ON_ONE])
        assert found["ola", Rule.ONE_ON_ONE, "s@2026-12-25"].status is OVERDUE

    def test_a_monthly_slot_moves_off_the_members_holiday(self):
        """Thanksgiving (26 November 2026) is a US holiday: mia's monthly slot with lena moves to the 25th."""
        s = series("s", member="mia", cadence="monthly", anchor="2026-10-26")
        policy = FeedbackPolicy(rules=[Rule.ONE_ON_ONE], one_on_one_cadence="monthly")
        found = obligations(FeedbackLog(series=[s]), policy=policy)
        assert {k for m, _r, k in found if m == "mia"} == {"s@cadence", "s@2026-10-26", "s@2026-11-25"}


class TestNoSurprisesDetails:
    """A review's topics must have been raised by feedback the member received before the review."""

    def test_met_obligation_in_full(self):
        """Tone raised on 8 September, reviewed on 24 September: met on the review's day, in lena's calendar."""
        log = FeedbackLog(feedback=[item("f")], reviews=[review("r", topics=["tone"])])
        assert obligations(log, rules=[Rule.NO_SURPRISES])["ola", Rule.NO_SURPRISES, "r"] == Obligation(
            member="ola", owner="lena", rule=Rule.NO_SURPRISES, key="r", due=dt.date(2026, 9, 24),
            due_at=dt.datetime(2026, 9, 24, 22, tzinfo=dt.UTC), status=MET, done_on=dt.date(2026, 9, 24),
            detail="no surprises",
        )  # fmt: skip

    def test_surprises_are_listed_in_review_order(self):
        """Every topic not raised before is named, in the review's order."""
        log = FeedbackLog(feedback=[item("f")], reviews=[review("r", topics=["speed", "tone", "empathy"])])
        found = obligations(log, rules=[Rule.NO_SURPRISES])["ola", Rule.NO_SURPRISES, "r"]
        assert (found.status, found.detail) == (BREACHED, "topics not raised in earlier feedback: speed, empathy")

    def test_what_does_not_raise_a_topic(self):
        """Feedback to someone else, given after the review or after now, or peer feedback raises nothing."""
        log = FeedbackLog(
            feedback=[
                item("other", receiver="mia", topics=["speed"]),  # to mia
                item("peer", kind="peer", giver="mia", topics=["empathy"]),  # peer: never read
                item("after", topics=["tone"], given_at=at("2026-09-25"), observed_on=dt.date(2026, 9, 25)),
            ],
            reviews=[review("r", topics=["speed", "empathy", "tone"])],
        )
        found = obligations(log, rules=[Rule.NO_SURPRISES])["ola", Rule.NO_SURPRISES, "r"]
        assert found.detail == "topics not raised in earlier feedback: speed, empathy, tone"

    def test_raised_in_the_members_local_date(self):
        """Given at 23:30 UTC on the 23rd, which is 05:00 on the 24th in raj's Kolkata: not before that day's review."""
        given = dt.datetime(2026, 9, 23, 23, 30, tzinfo=dt.UTC)
        log = FeedbackLog(
            feedback=[item("f", giver="kim", receiver="raj", given_at=given, observed_on=dt.date(2026, 9, 22))],
            reviews=[review("r", member="raj", reviewer="kim", topics=["tone"])],
        )
        found = obligations(log, rules=[Rule.NO_SURPRISES])["raj", Rule.NO_SURPRISES, "r"]
        assert found.status is BREACHED
        assert found.due_at == dt.datetime(2026, 9, 24, 16, tzinfo=dt.UTC)  # midnight in kim's Singapore

    def test_which_reviews_are_checked(self):
        """Self reviews, reviews before tracking starts and reviews after today are not checked."""
        log = FeedbackLog(
            reviews=[
                review("self", reviewer="ola", kind="self", topics=["tone"]),
                review("old", topics=["tone"], period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 6, 30),
                       held_on=dt.date(2026, 6, 30)),  # tracking starts 1 July
                review("first", topics=["tone"], held_on=dt.date(2026, 7, 1)),
                review("soon", member="mia", topics=["tone"], held_on=dt.date(2026, 11, 26)),
            ]
        )  # fmt: skip
        assert set(obligations(log, rules=[Rule.NO_SURPRISES])) == {("ola", Rule.NO_SURPRISES, "first")}

    def test_reviewer_who_left(self):
        """A review by someone who left ends in the member's zone."""
        log = FeedbackLog(reviews=[review("r", member="mia", reviewer="former", topics=[])])
        found = obligations(log, rules=[Rule.NO_SURPRISES])["mia", Rule.NO_SURPRISES, "r"]
        assert (found.owner, found.due_at) == ("former", dt.datetime(2026, 9, 25, 7, tzinfo=dt.UTC))


class TestUpwardRequestedDetails:
    """A lead asks for upward feedback once a quarter; only their own upward requests up to now count."""

    def test_earliest_request_of_the_quarter(self):
        """Two requests in Q4: met on the first, by the lead's local date."""
        log = FeedbackLog(
            requests=[
                FeedbackRequest(id="b", requester="lena", requested_at=at("2026-11-02")),
                FeedbackRequest(id="a", requester="lena", requested_at=dt.datetime(2026, 10, 4, 22, 30, tzinfo=dt.UTC)),
            ]
        )
        found = obligations(log, rules=[Rule.UPWARD_REQUESTED])["lena", Rule.UPWARD_REQUESTED, "2026-Q4"]
        assert found == Obligation(
            member="lena", owner="lena", rule=Rule.UPWARD_REQUESTED, key="2026-Q4", due=dt.date(2026, 12, 31),
            due_at=dt.datetime(2026, 12, 31, 23, tzinfo=dt.UTC), status=MET, done_on=dt.date(2026, 10, 5),
            detail="upward feedback asked for",
        )  # fmt: skip
        q3 = obligations(log, rules=[Rule.UPWARD_REQUESTED])["lena", Rule.UPWARD_REQUESTED, "2026-Q3"]
        assert (q3.status, q3.done_on, q3.detail) == (OVERDUE, None, "no upward feedback asked for this quarter")

    def test_what_does_not_count(self):
        """A peer request, someone else's request, and a request after now do not count; members who lead no team
        owe none."""
        log = FeedbackLog(
            requests=[
                FeedbackRequest(id="p", requester="lena", requested_at=at("2026-10-05"), kind="peer"),
                FeedbackRequest(id="o", requester="ola", requested_at=at("2026-10-05")),
                FeedbackRequest(id="f", requester="lena", requested_at=at("2026-11-25", "11:00")),
                FeedbackRequest(id="k", requester="kim", requested_at=at("2026-09-30")),  # Q3, for kim
            ]
        )
        found = obligations(log, rules=[Rule.UPWARD_REQUESTED])
        assert {(m, k): o.status for (m, _r, k), o in found.items()} == {
            ("lena", "2026-Q3"): OVERDUE,
            ("lena", "2026-Q4"): NOT_YET_DUE,
            ("kim", "2026-Q3"): MET,
            ("kim", "2026-Q4"): NOT_YET_DUE,
        }

    def test_last_day_of_the_quarter(self):
        """A request on the quarter's last local day counts for it; the first of the next for the next."""
        log = FeedbackLog(
            requests=[
                FeedbackRequest(id="a", requester="lena", requested_at=at("2026-09-30", "23:00")),
                FeedbackRequest(id="b", requester="kim", requested_at=at("2026-10-01", "00:30", "Asia/Singapore")),
            ]
        )
        found = obligations(log, rules=[Rule.UPWARD_REQUESTED])
        assert found["lena", Rule.UPWARD_REQUESTED, "2026-Q3"].status is MET
        assert found["kim", Rule.UPWARD_REQUESTED, "2026-Q3"].status is OVERDUE
        assert found["kim", Rule.UPWARD_REQUESTED, "2026-Q4"].done_on == dt.date(2026, 10, 1)

    def test_not_overdue_on_the_last_day(self):
        """On 31 December the fourth quarter's request is still not yet due; on 1 January it is overdue."""
        last_day = obligations(FeedbackLog(), now=at("2026-12-31", "12:00"), rules=[Rule.UPWARD_REQUESTED])
        assert last_day["lena", Rule.UPWARD_REQUESTED, "2026-Q4"].status is NOT_YET_DUE
        next_day = obligations(FeedbackLog(), now=at("2027-01-01", "12:00"), rules=[Rule.UPWARD_REQUESTED])
        assert next_day["lena", Rule.UPWARD_REQUESTED, "2026-Q4"].status is OVERDUE


class TestRecognitionRatioDetails:
    """Per quarter with any praise or constructive feedback: at least `min_recognition_ratio` praise per critique."""

    def quarter(self, kinds, now=NOW, org=None, policy=None, receiver="ola", giver="lena"):
        days = [dt.date(2026, 10, 5) + dt.timedelta(days=i) for i in range(len(kinds))]
        log = FeedbackLog(
            feedback=[
                item(f"f{i}", kind=kind, receiver=receiver, giver=giver, observed_on=day, given_at=at(day.isoformat()))
                for i, (kind, day) in enumerate(zip(kinds, days, strict=True))
            ]
        )
        found = obligations(log, now=now, org=org, policy=policy or FeedbackPolicy(rules=[Rule.RECOGNITION_RATIO]))
        return found.get((receiver, Rule.RECOGNITION_RATIO, "2026-Q4"))

    def test_obligation_in_full(self):
        """Three praise to one critique meets 3:1 exactly; owed by the member's lead, due at the quarter's end."""
        found = self.quarter(["praise", "praise", "constructive", "praise"])
        assert found == Obligation(
            member="ola", owner="lena", rule=Rule.RECOGNITION_RATIO, key="2026-Q4", due=dt.date(2026, 12, 31),
            due_at=dt.datetime(2026, 12, 31, 23, tzinfo=dt.UTC), status=MET,
            detail="3 recognition : 1 constructive (policy 3:1)",
        )  # fmt: skip

    def test_short_of_the_ratio(self):
        """Two praise to one critique is short of 3:1: not yet due while the quarter runs, breached after."""
        assert self.quarter(["praise", "constructive", "praise"]).status is NOT_YET_DUE
        assert self.quarter(["praise", "constructive", "praise"], now=at("2027-01-01")).status is BREACHED
        assert self.quarter(["constructive"], now=at("2026-12-31", "23:00")).status is NOT_YET_DUE  # its last day

    def test_only_praise_or_fractional_policy(self):
        """Praise alone always meets it; a 1.5:1 policy is met by 3:2 and shown as such."""
        assert self.quarter(["praise"]).status is MET
        policy = FeedbackPolicy(rules=[Rule.RECOGNITION_RATIO], min_recognition_ratio=1.5)
        found = self.quarter(["praise", "constructive", "praise", "constructive", "praise"], policy=policy)
        assert (found.status, found.detail) == (MET, "3 recognition : 2 constructive (policy 1.5:1)")

    def test_quarters_without_behavioural_feedback(self):
        """A quarter with only upward or peer feedback has no ratio obligation."""
        assert self.quarter(["peer", "peer"], giver="mia") is None

    def test_first_and_last_day_of_the_quarter(self):
        """Praise on 1 October and a critique on 31 December both count for the fourth quarter."""
        log = FeedbackLog(
            feedback=[
                item("p", observed_on=dt.date(2026, 10, 1), given_at=at("2026-10-01", "00:30")),
                item("c", kind="constructive", observed_on=dt.date(2026, 12, 31), given_at=at("2026-12-31", "23:30")),
            ]
        )
        found = obligations(log, now=at("2027-01-04"), rules=[Rule.RECOGNITION_RATIO])
        assert found["ola", Rule.RECOGNITION_RATIO, "2026-Q4"].detail == "1 recognition : 1 constructive (policy 3:1)"

    def test_a_lead_without_a_lead_owes_their_own(self):
        """kim leads APAC and has no lead: kim's ratio obligation is owed by kim."""
        assert self.quarter(["praise"], receiver="kim", giver="lena").owner == "kim"

    def test_counted_in_the_members_local_dates(self):
        """Praise at 20:00 UTC on 31 December is 1 January in Singapore: ana's next quarter."""
        late = item("f", receiver="ana", giver="kim", observed_on=dt.date(2026, 12, 30),
                    given_at=dt.datetime(2026, 12, 31, 20, tzinfo=dt.UTC))  # fmt: skip
        found = obligations(FeedbackLog(feedback=[late]), now=at("2027-01-04"), rules=[Rule.RECOGNITION_RATIO])
        assert set(found) == {("ana", Rule.RECOGNITION_RATIO, "2027-Q1")}


class TestRemindersDetails:
    """A lead's week: overdue obligations and those due by the end of their local Sunday."""

    def test_this_week_and_not_next(self):
        """Wednesday 25 November: Friday the 27th and Sunday the 29th are this week, Monday the 30th is not."""
        log = FeedbackLog(
            series=[
                series("fri", member="mia", anchor="2026-11-27"),
                series("sun", member="ola", anchor="2026-11-29"),
                series("mon", member="ola", lead="kim", anchor="2026-11-30"),
            ]
        )
        keys = {(r.member, r.key) for r in week_reminders(compliance(log, make_org(), NOW), make_org(), "lena")}
        assert {("mia", "fri@2026-11-27"), ("ola", "sun@2026-11-29")} <= keys
        assert ("ola", "mon@2026-11-30") not in keys

    def test_every_member_of_the_team(self):
        """Obligations about several members that someone else owes all reach the team's lead."""
        log = FeedbackLog(
            series=[series("a", member="ola", lead="kim", anchor="2026-11-16"),
                    series("b", member="mia", lead="kim", anchor="2026-11-16")]
        )  # fmt: skip
        reminders = week_reminders(compliance(log, make_org(), NOW), make_org(), "lena")
        keys = {(r.member, r.key) for r in reminders}
        assert {("ola", "a@2026-11-16"), ("ola", "a@2026-11-23"), ("mia", "b@2026-11-16")} <= keys
        assert len(keys) == len(reminders)  # each obligation once

    def test_reminder_in_full(self):
        """A reminder carries the obligation's date, instant, people, rule, key, status and a readable text."""
        log = FeedbackLog(series=[series("s", member="ola", anchor="2026-11-23")])
        reminders = week_reminders(compliance(log, make_org(), NOW), make_org(), "lena")
        found = next(r for r in reminders if r.key == "s@2026-11-23")
        assert found == Reminder(
            due=dt.date(2026, 11, 23), due_at=dt.datetime(2026, 11, 23, 23, tzinfo=dt.UTC), member="ola",
            owner="lena", rule=Rule.ONE_ON_ONE, key="s@2026-11-23", status=OVERDUE,
            text="one on one for ola: 1:1 weekly",
        )  # fmt: skip
        assert not any(r.status is MET for r in reminders)

    def test_week_in_the_leads_zone(self):
        """At 20:00 UTC on Sunday 29 November it is already Monday in Singapore: kim's week runs to 6 December."""
        log = FeedbackLog(series=[series("s", member="raj", lead="kim", anchor="2026-12-06")])
        now = dt.datetime(2026, 11, 29, 20, tzinfo=dt.UTC)
        keys = {r.key for r in week_reminders(compliance(log, make_org(), now), make_org(), "kim")}
        assert "s@2026-12-06" in keys

    def test_unknown_lead(self):
        """Reminders for someone who is not a member are refused."""
        with pytest.raises(UnknownReference) as caught:
            week_reminders(compliance(FeedbackLog(), make_org(), NOW), make_org(), "zed")
        assert caught.value.value == "zed"


class TestWhatCountsAsOfNow:
    """Records at `now` count; tracking starts no earlier than the member did."""

    def test_records_at_now_count(self):
        """Feedback given and a request sent at the very instant of now, and a review held today, are counted."""
        log = FeedbackLog(
            feedback=[item("f", observed_on=dt.date(2026, 11, 24), given_at=NOW)],
            requests=[FeedbackRequest(id="q", requester="lena", requested_at=NOW)],
            reviews=[review("r", period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31),
                            held_on=dt.date(2026, 11, 25))],
        )  # fmt: skip
        found = obligations(log, rules=[Rule.TIMELY_FEEDBACK, Rule.QUARTERLY_REVIEW, Rule.UPWARD_REQUESTED])
        assert found["ola", Rule.TIMELY_FEEDBACK, "f"].status is MET
        assert found["lena", Rule.UPWARD_REQUESTED, "2026-Q4"].status is MET
        assert found["ola", Rule.QUARTERLY_REVIEW, "2026-Q4"].status is MET

    @pytest.mark.parametrize(
        ("start", "quarters"),
        [
            (dt.date(2026, 11, 25), {"2026-Q4"}),  # started today: this quarter's review is owed
            (dt.date(2026, 11, 30), set()),  # starts next week: nothing yet
        ],
    )
    def test_a_member_who_starts(self, start, quarters):
        """Obligations count from the member's start date, not before it."""
        org = make_org()
        new = attrs.evolve(org.member("mia"), start_date=start)
        joined = Organisation(name="Test", members=[new if m.id == "mia" else m for m in org.members], teams=org.teams)
        found = obligations(FeedbackLog(), org=joined, rules=[Rule.QUARTERLY_REVIEW])
        assert {k for m, _r, k in found if m == "mia"} == quarters


class TestIndexAndMembers:
    """The log index, the per-member entry point and who a member's lead is."""

    LOG = FeedbackLog(
        feedback=[item("f-ola"), item("f-mia", receiver="mia"), item("up", kind="upward", giver="ola", receiver="lena",
                                                                      anonymous=True)],
        requests=[FeedbackRequest(id="q-lena", requester="lena", requested_at=at("2026-10-01")),
                  FeedbackRequest(id="q-kim", requester="kim", requested_at=at("2026-10-01"))],
        series=[series("s-ola", member="ola"), series("s-mia", member="mia")],
        occurrences=[OneOnOneOccurrence(series="s-ola", scheduled=dt.date(2026, 9, 7), status="skipped"),
                     OneOnOneOccurrence(series="s-mia", scheduled=dt.date(2026, 9, 7), status="skipped")],
        reviews=[review("r-ola"), review("r-mia", member="mia"), review("p-ola", reviewer="mia", kind="peer")],
    )  # fmt: skip

    def test_index_of_some_members(self):
        """With `members`, only records about them are kept, and only their series' occurrences."""
        index = LogIndex.build(self.LOG, members=["ola", "lena"])
        assert {k: [i.id for i in v] for k, v in index.received.items()} == {"ola": ["f-ola"]}  # upward left out
        assert {k: [s.id for s in v] for k, v in index.series.items()} == {"ola": ["s-ola"]}
        assert set(index.occurrences) == {("s-ola", dt.date(2026, 9, 7))}
        assert {k: [r.id for r in v] for k, v in index.reviews.items()} == {"ola": ["r-ola"]}  # peer left out
        assert dict(index.upward_asked) == {"lena": [at("2026-10-01")]}

    def test_index_of_everyone(self):
        """Without `members`, every member's attributable records."""
        index = LogIndex.build(self.LOG)
        assert set(index.received) == {"ola", "mia"}
        assert set(index.series) == {"ola", "mia"}
        assert len(index.occurrences) == 2
        assert set(index.reviews) == {"ola", "mia"}
        assert set(index.upward_asked) == {"lena", "kim"}

    def test_member_compliance_alone_equals_the_engine(self):
        """One member's answer from a partial index, without shared calendars, is the engine's for that member."""
        org = make_org()
        index = LogIndex.build(self.LOG, members=["ola"])
        alone = member_compliance(org.member("ola"), org, index, NOW, FeedbackPolicy())
        assert alone == compliance(self.LOG, org, NOW).member("ola")
        assert alone.member == "ola"
        assert alone.timezone == "Europe/Stockholm"

    def test_default_policy_is_every_rule(self):
        """Without a policy, every rule applies with its defaults."""
        assert compliance(self.LOG, make_org(), NOW) == compliance(self.LOG, make_org(), NOW, FeedbackPolicy())
        assert compliance(self.LOG, make_org(), NOW).policy == FeedbackPolicy()

    def test_first_team_gives_the_lead(self):
        """A member of two teams is owed reviews by the lead of the first team listed; a lead of their own team
        is reviewed by the lead of the team they only belong to."""
        people = [Member(id=i, name=i.title(), timezone="Europe/Stockholm", country="SE") for i in ("a", "b", "c")]
        teams = [Team(id="t1", name="T1", lead="a", members=["a", "c"]), Team(id="t2", name="T2", lead="b",
                                                                            members=["b", "c", "a"])]  # fmt: skip
        org = Organisation(name="O", members=people, teams=teams)
        found = obligations(FeedbackLog(), org=org, rules=[Rule.QUARTERLY_REVIEW])
        assert {(m, o.owner) for (m, _r, k), o in found.items() if k == "2026-Q4"} == {("c", "a"), ("a", "b")}
        ups = obligations(FeedbackLog(), org=org, rules=[Rule.UPWARD_REQUESTED])
        assert {m for m, _r, _k in ups} == {"a", "b"}  # both lead a team
