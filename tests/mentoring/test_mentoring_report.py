"""The mentoring and skills section of the team health report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from teamcore.mentoring import load_capacities, load_pairs
from teamcore.people import Member, Organisation, load_organisation
from teamcore.report import ReportContext, build_report
from teamcore.report._mentoring import mentoring_section
from teamcore.report._model import Figures, Paragraph, Table

NORTHWIND = Path(__file__).parents[2] / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


class TestMentoringSection:
    def test_northwind_with_pairs(self) -> None:
        """With pairs, the newcomers without a mentor are listed with a suggested mentor each."""
        org = load_organisation(NORTHWIND / "organisation.toml")
        pairs = load_pairs(NORTHWIND / "mentoring.toml", org=org).items
        ctx = ReportContext(
            org=org, now=NOW, mentoring=pairs, mentor_capacities=load_capacities(NORTHWIND / "mentoring.toml")
        )
        section = build_report(ctx).section("mentoring")
        tables = {b.title: b for b in section.blocks if isinstance(b, Table)}
        waiting = tables["Newcomers without a mentor"]
        assert [row[0] for row in waiting.rows] == ["zofia.kowalska", "sofia.martinez", "emma.lehtonen"]
        assert all(isinstance(row[4], float) for row in waiting.rows)
        assert [row[0] for row in tables["Skills at risk"].rows] == ["mobile-app", "sso"]

    def test_without_pairs_says_so(self) -> None:
        """Without pairs the section says newcomers' mentors are not checked, rather than listing everyone."""
        org = load_organisation(NORTHWIND / "organisation.toml")
        section = mentoring_section(ReportContext(org=org, now=NOW))
        assert section is not None
        assert any(isinstance(b, Paragraph) and "not checked" in b.text for b in section.blocks)
        assert isinstance(section.blocks[0], Figures)

    def test_absent_without_skills_or_pairs(self) -> None:
        """No skills and no pairs: no section."""
        org = Organisation(name="O", members=[Member(id="a", name="A", timezone="UTC", country="SE")])
        assert mentoring_section(ReportContext(org=org, now=NOW)) is None
