"""The plots of the sections that had only tables: skills' bus factor, feedback met on time, knowledge-base ages."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from hypothesis import example, given
from hypothesis import strategies as st

from teamcore.feedback import ComplianceStatus, FeedbackLog, OneOnOneSeries, compliance
from teamcore.knowledge import Article, KnowledgeBase
from teamcore.people import Member, Organisation, Team
from teamcore.report import Plot, Rate, ReportContext, Section
from teamcore.report._feedback import RULE_LABELS, feedback_section, met_rows
from teamcore.report._knowledge import age_rows, knowledge_section
from teamcore.report._mentoring import mentoring_section

NOW = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)
ORG = Organisation(
    name="Acme",
    members=[
        Member(id="lena", name="Lena", timezone="Europe/Stockholm", country="SE", skills={"billing": 4, "sso": 2}),
        Member(id="ola", name="Ola", timezone="Europe/Stockholm", country="SE", skills={"billing": 3, "payments": 4}),
        Member(id="mia", name="Mia", timezone="America/Los_Angeles", country="US", start_date=dt.date(2026, 11, 2)),
    ],
    teams=[Team(id="nordic", name="Nordic", lead="lena", members=["lena", "ola", "mia"])],
)


def plots(section: Section | None) -> list[Plot]:
    assert section is not None
    return [b for b in section.blocks if isinstance(b, Plot)]


class TestMentoring:
    def test_bus_factor_per_skill(self):
        """One bar per skill anyone lists: members at level 3 or above, against the wanted bus factor of 2."""
        (plot,) = plots(mentoring_section(ReportContext(org=ORG, now=NOW)))
        assert plot.kind == "bar"
        assert plot.data.rows == (("billing", 2, 2), ("payments", 1, 2), ("sso", 0, 2))
        assert "2 are below 2, 2 have one member or none" in plot.alt

    def test_no_plot_without_skills(self):
        """Without skills (but with mentoring pairs) there is no skills plot."""
        org = Organisation(name="A", members=[Member(id="a", name="A", timezone="UTC", country="SE")])
        assert plots(mentoring_section(ReportContext(org=org, now=NOW, mentoring=()))) == []


class TestFeedback:
    def log(self) -> FeedbackLog:
        return FeedbackLog(series=[OneOnOneSeries(id="s-ola", lead="lena", member="ola", cadence="weekly",
                                                  anchor=dt.date(2026, 9, 7))])  # fmt: skip

    def test_met_on_time_per_rule(self):
        """A bar per rule that has due obligations; the share met agrees with the obligations counted by hand."""
        section = feedback_section(ReportContext(org=ORG, now=NOW, feedback=self.log()))
        (plot,) = plots(section)
        result = compliance(self.log(), ORG, NOW)
        due = [o for o in result.obligations() if o.status is not ComplianceStatus.NOT_YET_DUE]
        labels = [str(row[0]) for row in plot.data.rows]
        assert [re.sub(r" \(\d+\)$", "", label) for label in labels] == [
            label for rule, label in RULE_LABELS.items() if any(o.rule is rule for o in due)
        ]
        ones = next(row for row in plot.data.rows if str(row[0]).startswith("1:1s"))
        held = [o for o in due if o.rule.value == "one_on_one"]
        assert ones == (
            f"1:1s ({len(held)})",
            Rate(sum(o.status is ComplianceStatus.MET for o in held) / len(held)),
        )

    def test_rows_are_rates(self):
        """Every share is a rate (0 to 1, shown as a percent like every other rate), whatever the log."""
        rows = met_rows(compliance(self.log(), ORG, NOW).obligations())
        assert rows
        assert all(isinstance(share, Rate) and share.value is not None for _, share in rows)

    def test_nothing_due_no_plot(self):
        """With nothing due yet (an empty log, before any quarter closed) there may be no bars: then no plot."""
        assert met_rows([]) == []


class TestKnowledge:
    def test_ages_in_bands(self):
        """Articles per band of 90 days (half the stale age), the bands from 180 days marked stale."""
        kb = KnowledgeBase(
            [
                Article(
                    id=f"a{d}",
                    title="T",
                    owner="ola",
                    topics=[f"t{d}"],
                    last_reviewed=NOW.date() - dt.timedelta(days=d),
                )
                for d in (0, 89, 90, 200, 400)
            ]
        )
        (plot,) = plots(knowledge_section(ReportContext(org=ORG, now=NOW, knowledge=kb, ticket_topics={})))
        assert plot.data.rows == (
            ("0-89 d", 2),
            ("90-179 d", 1),
            ("180-269 d (stale)", 1),
            ("270-359 d (stale)", 0),
            ("360+ d (stale)", 1),
        )

    @given(st.lists(st.integers(0, 3000)), st.integers(1, 800))
    @example([180, 181], 181)  # an odd stale age: the stale band starts at it, not at 180
    def test_every_article_in_the_band_that_holds_its_age(self, ages, max_age):
        """The bands count every age once, each in the band whose range holds it; a band is wholly stale or fresh."""
        rows = age_rows(ages, max_age)
        assert sum(int(n) for _, n in rows) == len(ages)  # type: ignore[call-overload]
        bounds = []
        for label, _ in rows:
            low, high = re.match(r"(\d+)(?:-(\d+)|\+) d", str(label)).groups()  # type: ignore[union-attr]
            bounds.append((int(low), None if high is None else int(high)))
            assert ("(stale)" in str(label)) == (int(low) >= max_age)
            assert "(stale)" in str(label) or high is None or int(high) < max_age  # a band is all fresh or all stale
        for (_, high), (low, _) in itertools.pairwise(bounds):
            assert high is not None
            assert low == high + 1  # contiguous, no gaps
        for band, (label, n) in enumerate(rows):
            low, high = bounds[band]
            assert n == sum(low <= a and (high is None or a <= high) for a in ages), label
