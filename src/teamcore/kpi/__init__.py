"""KPIs: canonical ticket tables, loaders, metrics in calendar and business time, SLAs, targets and trends."""

from teamcore.kpi._business import business_clock, business_seconds, open_seconds_before, team_calendars
from teamcore.kpi._load import TableLoad, load_events, load_tickets, read_table
from teamcore.kpi._metrics import DURATIONS, GROUPS, METRICS, Clock, Metric, kpi_table, ticket_facts
from teamcore.kpi._periods import Period
from teamcore.kpi._schema import CHANNELS, EVENT_COLUMNS, PRIORITIES, TICKET_COLUMNS, Column
from teamcore.kpi._simulate import TicketLog, simulate_tickets, team_timezone
from teamcore.kpi._sla import SlaPolicy, SlaTarget, sla_achievement, sla_status
from teamcore.kpi._states import (
    EVENT_KINDS,
    REQUESTER_WAIT,
    STATUSES,
    TRANSITIONS,
    UNSOLVED,
    EventKind,
    Status,
    check_transition,
)
from teamcore.kpi._targets import SCORECARD_COLUMNS, Target, evaluate_targets, scorecard
from teamcore.kpi._trends import (
    WEEKDAYS,
    daily_trend,
    heatmap,
    hours_worked,
    lead_tasks,
    logged_hours,
    ticket_topics,
)

__all__ = [
    "CHANNELS",
    "DURATIONS",
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "GROUPS",
    "METRICS",
    "PRIORITIES",
    "REQUESTER_WAIT",
    "SCORECARD_COLUMNS",
    "STATUSES",
    "TICKET_COLUMNS",
    "TRANSITIONS",
    "UNSOLVED",
    "WEEKDAYS",
    "Clock",
    "Column",
    "EventKind",
    "Metric",
    "Period",
    "SlaPolicy",
    "SlaTarget",
    "Status",
    "TableLoad",
    "Target",
    "TicketLog",
    "business_clock",
    "business_seconds",
    "check_transition",
    "daily_trend",
    "evaluate_targets",
    "heatmap",
    "hours_worked",
    "kpi_table",
    "lead_tasks",
    "load_events",
    "load_tickets",
    "logged_hours",
    "open_seconds_before",
    "read_table",
    "scorecard",
    "simulate_tickets",
    "sla_achievement",
    "sla_status",
    "team_calendars",
    "team_timezone",
    "ticket_facts",
    "ticket_topics",
]
