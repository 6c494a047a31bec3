"""Organisation.teams_of reads an index built once: the same teams, in the same order, as scanning every team."""

from __future__ import annotations

from hypothesis import given

from teamcore import strategies as tst
from teamcore.people import Member, Organisation, Team
from teamcore.report._attention import lead_of


def _member(id: str) -> Member:
    return Member(id=id, name=id.upper(), timezone="Europe/Oslo", country="NO")


class TestTeamsOf:
    def test_small_case_pinned(self) -> None:
        """A member of two teams gets both in organisation order; a member of none gets ()."""
        org = Organisation(
            name="O",
            members=[_member(i) for i in "abcd"],
            teams=[
                Team(id="y", name="Y", lead="c", members=["c", "a"]),
                Team(id="x", name="X", lead="a", members=["a", "b"]),
            ],
        )
        assert [t.id for t in org.teams_of("a")] == ["y", "x"]
        assert org.teams_of("d") == ()
        assert lead_of(org, None, "a").member == "c"  # a's first team, whose lead is not a
        assert lead_of(org, None, "c").member == "c"  # leads their only team: the lead of every lead acts

    @given(tst.organisations(max_members=8, max_teams=4))
    def test_same_as_scanning_every_team(self, org: Organisation) -> None:
        """For every member: exactly the teams that list them, in organisation order."""
        for member in org.members:
            assert org.teams_of(member.id) == tuple(t for t in org.teams if member.id in t.members)
