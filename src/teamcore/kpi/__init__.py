"""KPIs: canonical ticket tables, loaders, metrics in calendar and business time, SLAs, targets and trends."""

import warnings
from typing import Any

from teamcore._rows import LoadResult, Rejected
from teamcore.kpi._business import (
    business_clock,
    business_deadline,
    business_seconds,
    open_seconds_before,
    team_calendars,
)
from teamcore.kpi._load import load_events, load_tickets, read_table
from teamcore.kpi._metrics import DURATIONS, GROUPS, METRICS, Clock, Metric, kpi_table, ticket_facts
from teamcore.kpi._periods import Period
from teamcore.kpi._policy_files import (
    SLA_FORMAT,
    TARGETS_FORMAT,
    dump_sla_policy,
    dump_targets,
    load_sla_policy,
    load_targets,
    loads_sla_policy,
    loads_targets,
)
from teamcore.kpi._schema import CHANNELS, EVENT_COLUMNS, PRIORITIES, TICKET_COLUMNS, Column
from teamcore.kpi._simulate import TicketLog, simulate_tickets, team_timezone
from teamcore.kpi._sla import SlaPolicy, SlaTarget, sla_achievement, sla_queue, sla_status
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
    "SLA_FORMAT",
    "STATUSES",
    "TARGETS_FORMAT",
    "TICKET_COLUMNS",
    "TRANSITIONS",
    "UNSOLVED",
    "WEEKDAYS",
    "Clock",
    "Column",
    "EventKind",
    "LoadResult",
    "Metric",
    "Period",
    "Rejected",
    "SlaPolicy",
    "SlaTarget",
    "Status",
    "Target",
    "TicketLog",
    "business_clock",
    "business_deadline",
    "business_seconds",
    "check_transition",
    "daily_trend",
    "dump_sla_policy",
    "dump_targets",
    "evaluate_targets",
    "heatmap",
    "hours_worked",
    "kpi_table",
    "lead_tasks",
    "load_events",
    "load_sla_policy",
    "load_targets",
    "load_tickets",
    "loads_sla_policy",
    "loads_targets",
    "logged_hours",
    "open_seconds_before",
    "read_table",
    "scorecard",
    "simulate_tickets",
    "sla_achievement",
    "sla_queue",
    "sla_status",
    "team_calendars",
    "team_timezone",
    "ticket_facts",
    "ticket_topics",
]


def __getattr__(name: str) -> Any:
    """Deprecated names, for one release: ``TableLoad`` is now :class:`teamcore.LoadResult`."""
    if name == "TableLoad":
        warnings.warn(
            "teamcore.kpi.TableLoad is deprecated and will be removed in the next release; "
            "load_tickets and load_events return teamcore.LoadResult (use `from teamcore import LoadResult`)",
            DeprecationWarning,
            stacklevel=2,
        )
        return LoadResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
