"""The team health report: built from independent sections, rendered to terminal and JSON."""

from teamcore.report._build import SECTIONS, SectionBuilder, build_report
from teamcore.report._context import ReportContext
from teamcore.report._feedback import RULE_LABELS, STATUS_LABELS, compliance_rows, policy_caption, reminder_rows
from teamcore.report._html import report_to_html
from teamcore.report._json import REPORT_FORMAT, report_to_dict, report_to_json
from teamcore.report._model import Block, Cell, Figure, Figures, Paragraph, Plot, PlotKind, Report, Section, Table
from teamcore.report._overview import overview_section
from teamcore.report._schema import report_schema
from teamcore.report._terminal import render_terminal

__all__ = [
    "REPORT_FORMAT",
    "RULE_LABELS",
    "SECTIONS",
    "STATUS_LABELS",
    "Block",
    "Cell",
    "Figure",
    "Figures",
    "Paragraph",
    "Plot",
    "PlotKind",
    "Report",
    "ReportContext",
    "Section",
    "SectionBuilder",
    "Table",
    "build_report",
    "compliance_rows",
    "overview_section",
    "policy_caption",
    "reminder_rows",
    "render_terminal",
    "report_to_dict",
    "report_to_html",
    "report_schema",
    "report_to_json",
]
