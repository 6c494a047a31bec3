"""The team health report: built from independent sections, rendered to terminal, HTML and JSON.

Personal views (:func:`lead_view`, :func:`member_view`) and comparison with an earlier report
(:func:`compare_reports`) give the same :class:`Report` model, so every renderer shows them.
"""

from teamcore.report._attention import KINDS, Actor, AttentionItem, AttentionKind, AttentionSeverity
from teamcore.report._build import SECTIONS, SectionBuilder, build_report
from teamcore.report._compare import compare_reports, load_report_json
from teamcore.report._comparison import Change, FigureDelta, ReportComparison
from teamcore.report._context import ReportContext
from teamcore.report._feedback import (
    COMPLIANCE_STATUS,
    RULE_LABELS,
    STATUS_LABELS,
    compliance_cell,
    compliance_rows,
    policy_caption,
    reminder_rows,
)
from teamcore.report._fit import cell_text, styled_cell
from teamcore.report._html import report_to_html, section_to_html
from teamcore.report._json import REPORT_FORMAT, attention_to_dict, report_to_dict, report_to_json
from teamcore.report._model import (
    ATTENTION_KEY,
    Block,
    Cell,
    Figure,
    Figures,
    Paragraph,
    Plot,
    PlotKind,
    Report,
    Section,
    Table,
    View,
    ViewKind,
)
from teamcore.report._overview import overview_section
from teamcore.report._plots import plot_svg
from teamcore.report._ranking import DEFAULT_RANKING, RankingRule, rank
from teamcore.report._schema import report_schema
from teamcore.report._status import Rate, Rated, Status
from teamcore.report._terminal import (
    ATTENTION_SHOWN,
    CHANGES_SHOWN,
    SUMMARY_HEIGHT,
    SUMMARY_SHOWN,
    attention_table,
    comparison_block,
    headline,
    render_summary,
    render_terminal,
)
from teamcore.report._views import PERSON_COLUMNS, WEEK_KEY, lead_view, local_week, member_view

__all__ = [
    "ATTENTION_KEY",
    "ATTENTION_SHOWN",
    "Actor",
    "AttentionItem",
    "AttentionKind",
    "AttentionSeverity",
    "Block",
    "COMPLIANCE_STATUS",
    "CHANGES_SHOWN",
    "Cell",
    "Change",
    "DEFAULT_RANKING",
    "Figure",
    "FigureDelta",
    "Figures",
    "KINDS",
    "PERSON_COLUMNS",
    "Paragraph",
    "Plot",
    "PlotKind",
    "REPORT_FORMAT",
    "RULE_LABELS",
    "RankingRule",
    "Rate",
    "Rated",
    "Report",
    "ReportComparison",
    "ReportContext",
    "SECTIONS",
    "STATUS_LABELS",
    "SUMMARY_HEIGHT",
    "SUMMARY_SHOWN",
    "Section",
    "SectionBuilder",
    "Status",
    "Table",
    "View",
    "ViewKind",
    "WEEK_KEY",
    "attention_table",
    "attention_to_dict",
    "build_report",
    "cell_text",
    "compliance_cell",
    "compare_reports",
    "comparison_block",
    "compliance_rows",
    "headline",
    "lead_view",
    "load_report_json",
    "local_week",
    "member_view",
    "overview_section",
    "plot_svg",
    "policy_caption",
    "rank",
    "reminder_rows",
    "render_summary",
    "render_terminal",
    "report_schema",
    "report_to_dict",
    "report_to_html",
    "report_to_json",
    "styled_cell",
    "section_to_html",
]
