"""KPIs: canonical ticket tables, loaders, metrics in calendar and business time, SLAs, targets and trends."""

from teamcore.kpi._load import TableLoad, load_events, load_tickets, read_table
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
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "PRIORITIES",
    "REQUESTER_WAIT",
    "STATUSES",
    "TICKET_COLUMNS",
    "TRANSITIONS",
    "UNSOLVED",
    "Column",
    "EventKind",
    "Status",
    "TableLoad",
    "TicketLog",
    "check_transition",
    "load_events",
    "load_tickets",
    "read_table",
    "simulate_tickets",
    "team_timezone",
]
