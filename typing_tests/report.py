"""assert_type cases for teamcore.report."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

from teamcore.people import Organisation
from teamcore.report import (
    Block,
    FigureDelta,
    Report,
    ReportComparison,
    ReportContext,
    Section,
    View,
    build_report,
    compare_reports,
    lead_view,
    local_week,
    member_view,
    overview_section,
    report_schema,
    report_to_dict,
    report_to_html,
    report_to_json,
)


def build(org: Organisation, now: dt.datetime) -> None:
    """A report is built from a context and rendered to text."""
    ctx = ReportContext(org=org, now=now)
    report = build_report(ctx)
    assert_type(report, Report)
    assert_type(build_report(ctx, sections=(overview_section,)), Report)
    assert_type(report.sections, tuple[Section, ...])
    assert_type(report.section("overview"), Section)
    assert_type(report.section("overview").blocks, tuple[Block, ...])
    assert_type(report.team, str | None)
    assert_type(report_to_json(report), str)
    assert_type(report_to_html(report), str)
    assert_type(report_to_dict(report), dict[str, Any])
    assert_type(report_schema(), dict[str, Any])
    build_report(ctx, sections=[overview_section])  # type: ignore[arg-type]


def views(ctx: ReportContext, previous: dict[str, Any]) -> None:
    """Views and comparisons are reports and plain values."""
    assert_type(lead_view(ctx, "lena"), Report)
    assert_type(member_view(ctx, "ola").view, View)
    assert_type(local_week(ctx.now, "UTC"), tuple[dt.datetime, dt.datetime])
    comparison = compare_reports(build_report(ctx), previous)
    assert_type(comparison, ReportComparison)
    assert_type(compare_reports(build_report(ctx), "last-week.json").figures, tuple[FigureDelta, ...])
    assert_type(build_report(ctx).comparison, ReportComparison | None)
    lead_view(ctx, lead=3)  # type: ignore[arg-type]
