"""assert_type cases for teamcore.report."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

from teamcore.people import Organisation
from teamcore.report import (
    Block,
    Report,
    ReportContext,
    Section,
    build_report,
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
