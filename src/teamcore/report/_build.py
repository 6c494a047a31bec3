"""Assemble the report from independent section builders."""

from __future__ import annotations

from collections.abc import Callable

from teamcore._gc import collector_paused
from teamcore.report._context import ReportContext
from teamcore.report._coverage import coverage_section
from teamcore.report._feedback import feedback_section
from teamcore.report._knowledge import knowledge_section
from teamcore.report._kpi import kpi_section
from teamcore.report._meetings import meetings_section
from teamcore.report._mentoring import mentoring_section
from teamcore.report._model import Report, Section
from teamcore.report._overview import overview_section
from teamcore.report._ranking import DEFAULT_RANKING, RankingRule, rank
from teamcore.report._staffing import staffing_section

__all__ = ["SECTIONS", "SectionBuilder", "build_report"]

SectionBuilder = Callable[[ReportContext], Section | None]
"""Builds one section from the context, or returns ``None`` when its data is absent."""

SECTIONS: tuple[SectionBuilder, ...] = (
    overview_section,
    kpi_section,
    coverage_section,
    meetings_section,
    knowledge_section,
    mentoring_section,
    feedback_section,
    staffing_section,
)
"""The section builders, in report order. A capability adds its builder here; builders do not know each other."""


def build_report(
    ctx: ReportContext, *, sections: tuple[SectionBuilder, ...] = SECTIONS, ranking: RankingRule = DEFAULT_RANKING
) -> Report:
    """Build the team health report.

    Parameters
    ----------
    ctx
        The organisation, ``now``, the team and any data the sections read.
    sections
        The builders to run, in order; default :data:`SECTIONS`.
    ranking
        How the sections' attention items are ordered into the report's "Needs attention" list; default
        :data:`~teamcore.report.DEFAULT_RANKING`.

    Returns
    -------
    Report
        Sections whose data is absent are left out; ``attention`` ranks every section's items.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="Acme", members=[Member(id="a", name="A", timezone="UTC", country="SE")])
    >>> report = build_report(ReportContext(org=org, now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)))
    >>> [s.key for s in report.sections], report.attention
    (['overview'], ())
    """
    # The sections build millions of small acyclic objects (rows, cells, obligations): see teamcore._gc.
    with collector_paused():
        built = [section for build in sections if (section := build(ctx)) is not None]
        title = f"Team health: {ctx.org.name}" + (f" / {ctx.org.team(ctx.team).name}" if ctx.team else "")
        attention = rank((item for section in built for item in section.attention), ctx.now, ranking)
    return Report(
        title=title, organisation=ctx.org.name, now=ctx.now, team=ctx.team, sections=built, attention=attention
    )
