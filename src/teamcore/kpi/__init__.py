"""KPIs: canonical ticket tables, loaders, metrics in calendar and business time, SLAs, targets and trends."""

from teamcore.kpi._business import business_clock, business_seconds, open_seconds_before, team_calendars
from teamcore.kpi._load import TableLoad, load_events, load_tickets, read_table
from teamcore.kpi._metrics import DURATIONS, GROUPS, METRICS, Clock, Metric, kpi_table, ticket_facts
from teamcore.kpi._periods import Period
from teamcore.kpi._schema import CHANNELS, EVENT_COLUMNS, PRIORITIES, TICKET_COLUMNS, Column
from teamcore.kpi._simulate import TicketLog, simulate_tickets, team_timezone
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

__all__ = [
    "CHANNELS",
    "DURATIONS",
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "GROUPS",
    "METRICS",
    "PRIORITIES",
    "REQUESTER_WAIT",
    "STATUSES",
    "TICKET_COLUMNS",
    "TRANSITIONS",
    "UNSOLVED",
    "Clock",
    "Column",
    "EventKind",
    "Metric",
    "Period",
    "Status",
    "TableLoad",
    "TicketLog",
    "business_clock",
    "business_seconds",
    "check_transition",
    "kpi_table",
    "load_events",
    "load_tickets",
    "open_seconds_before",
    "read_table",
    "simulate_tickets",
    "team_calendars",
    "team_timezone",
    "ticket_facts",
]
