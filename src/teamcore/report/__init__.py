"""The team health report: built from independent sections, rendered to terminal and JSON."""

from teamcore.report._attention import KINDS, Actor, AttentionItem, AttentionKind, AttentionSeverity
from teamcore.report._build import SECTIONS, SectionBuilder, build_report
from teamcore.report._context import ReportContext
from teamcore.report._feedback import RULE_LABELS, STATUS_LABELS, compliance_rows, policy_caption, reminder_rows
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
)
from teamcore.report._overview import overview_section
from teamcore.report._ranking import DEFAULT_RANKING, RankingRule, rank
from teamcore.report._schema import report_schema
from teamcore.report._terminal import (
    ATTENTION_SHOWN,
    SUMMARY_SHOWN,
    attention_table,
    headline,
    render_summary,
    render_terminal,
)

__all__ = [
    "ATTENTION_KEY",
    "ATTENTION_SHOWN",
    "Actor",
    "AttentionItem",
    "AttentionKind",
    "AttentionSeverity",
    "Block",
    "Cell",
    "DEFAULT_RANKING",
    "Figure",
    "Figures",
    "KINDS",
    "Paragraph",
    "Plot",
    "PlotKind",
    "REPORT_FORMAT",
    "RULE_LABELS",
    "RankingRule",
    "Report",
    "ReportContext",
    "SECTIONS",
    "STATUS_LABELS",
    "SUMMARY_SHOWN",
    "Section",
    "SectionBuilder",
    "Table",
    "attention_table",
    "attention_to_dict",
    "build_report",
    "compliance_rows",
    "headline",
    "overview_section",
    "policy_caption",
    "rank",
    "reminder_rows",
    "render_summary",
    "render_terminal",
    "report_schema",
    "report_to_dict",
    "report_to_html",
    "report_to_json",
    "section_to_html",
]
