"""assert_type cases for teamcore.strategies: what users' property tests draw."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import networkx as nx
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore.feedback import FeedbackLog
from teamcore.mentoring import MentoringPair
from teamcore.people import Member, Organisation, Team, TimeOff, WeeklyHours


def drawn(org: Organisation) -> None:
    """Each strategy draws the type it names."""
    assert_type(tst.organisations(max_members=4), st.SearchStrategy[Organisation])
    assert_type(tst.members(), st.SearchStrategy[Member])
    assert_type(tst.teams(["ann", "bo"]), st.SearchStrategy[Team])
    assert_type(tst.weekly_hours(overnight=False), st.SearchStrategy[WeeklyHours])
    assert_type(tst.time_offs(), st.SearchStrategy[TimeOff])
    assert_type(tst.aware_datetimes(), st.SearchStrategy[dt.datetime])
    assert_type(tst.countries(), st.SearchStrategy[tuple[str, str | None]])
    assert_type(tst.feedback_logs(org), st.SearchStrategy[FeedbackLog])
    assert_type(tst.mentoring_pairs(org), st.SearchStrategy[list[MentoringPair]])
    assert_type(tst.mentoring_graphs(org), st.SearchStrategy[nx.DiGraph[str]])
    tst.members(ids=st.integers())  # type: ignore[arg-type]
