"""Tests for the report's meetings section."""

from __future__ import annotations

import datetime as dt

from teamcore.people import Member, Organisation, Team
from teamcore.report import ReportContext, build_report
from teamcore.report._meetings import meetings_section
from teamcore.report._model import Figures, Paragraph, Table

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


def member(mid: str, zone: str, country: str) -> Member:
    return Member(id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]})


ORG = Organisation(
    name="Acme",
    members=[
        member("se", "Europe/Stockholm", "SE"),
        member("ny", "America/New_York", "US"),
        member("tyo", "Asia/Tokyo", "JP"),
        member("la", "America/Los_Angeles", "US"),
    ],
    teams=[
        Team(id="atlantic", name="Atlantic", lead="se", members=["se", "ny"]),
        Team(id="world", name="World", lead="se", members=["se", "tyo", "la"]),
        Team(id="solo", name="Solo", lead="se", members=["se"]),
    ],
)


class TestMeetingsSection:
    """The section for a team report."""

    def test_atlantic_team(self) -> None:
        """Stockholm and New York share working hours: no burden, 12 Tuesdays, one 1:1 row per member."""
        section = meetings_section(ReportContext(org=ORG, now=NOW, team="atlantic"))
        assert section is not None
        figures = section.blocks[0]
        assert isinstance(figures, Figures)
        assert figures.items[0].value == 0.0
        meeting = section.blocks[2]
        assert isinstance(meeting, Table)
        assert len(meeting.rows) == 12
        assert meeting.rows[0][0] == "2026-11-24"  # the next Tuesday
        ones = section.blocks[3]
        assert isinstance(ones, Table)
        assert [row[0] for row in ones.rows] == ["ny"]

    def test_world_team_is_unscheduled(self) -> None:
        """Stockholm, Tokyo and Los Angeles nights cover the day: the section says so."""
        section = meetings_section(ReportContext(org=ORG, now=NOW, team="world"))
        assert section is not None
        assert isinstance(section.blocks[-1], Paragraph)

    def test_absent_without_a_team(self) -> None:
        """Organisation-wide reports and teams of one have no meetings section."""
        assert meetings_section(ReportContext(org=ORG, now=NOW)) is None
        assert meetings_section(ReportContext(org=ORG, now=NOW, team="solo")) is None
        assert "meetings" not in [s.key for s in build_report(ReportContext(org=ORG, now=NOW)).sections]
        assert "meetings" in [s.key for s in build_report(ReportContext(org=ORG, now=NOW, team="atlantic")).sections]
