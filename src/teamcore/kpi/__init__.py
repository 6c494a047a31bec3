"""KPIs: canonical ticket tables, loaders, metrics in calendar and business time, SLAs, targets and trends."""

from typing import TYPE_CHECKING

from teamcore._deprecated import deprecated_aliases
from teamcore._rows import LoadResult, Rejected
from teamcore.kpi._business import (
    business_clock,
    business_deadline,
    business_seconds,
    open_seconds_before,
    team_calendars,
)
from teamcore.kpi._facts import TicketFacts, kpi_table, ticket_facts
from teamcore.kpi._load import load_events, load_tickets, read_table
from teamcore.kpi._metrics import DURATIONS, GROUPS, METRICS, Clock, Metric
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
from teamcore.kpi._sla import (
    SlaEvaluation,
    SlaPolicy,
    SlaTarget,
    evaluate_sla,
    sla_achievement,
    sla_calendars,
    sla_queue,
    sla_status,
)
from teamcore.kpi._states import (
    EVENT_KINDS,
    REQUESTER_WAIT,
    STATUSES,
    TICKET_TRANSITIONS,
    UNSOLVED,
    EventKind,
    TicketStatus,
    _old_shape,
    check_transition,
)
from teamcore.kpi._targets import SCORECARD_COLUMNS, KpiTarget, evaluate_targets, scorecard
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
    "TICKET_TRANSITIONS",
    "UNSOLVED",
    "WEEKDAYS",
    "Clock",
    "Column",
    "EventKind",
    "KpiTarget",
    "LoadResult",
    "Metric",
    "Period",
    "Rejected",
    "SlaEvaluation",
    "SlaPolicy",
    "SlaTarget",
    "TicketFacts",
    "TicketLog",
    "TicketStatus",
    "business_clock",
    "business_deadline",
    "business_seconds",
    "check_transition",
    "daily_trend",
    "dump_sla_policy",
    "dump_targets",
    "evaluate_sla",
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
    "sla_calendars",
    "sla_queue",
    "sla_status",
    "team_calendars",
    "team_timezone",
    "ticket_facts",
    "ticket_topics",
]

# The old names, for one release (`teamcore.kpi.TRANSITIONS` keeps its old shape: status → next statuses). Type
# checkers see plain aliases, so a misspelt name stays an error; at run time the hook serves them with a warning.
if TYPE_CHECKING:
    Status = TicketStatus
    TRANSITIONS: dict[str, frozenset[str]]
    Target = KpiTarget
    TableLoad = LoadResult
else:
    __getattr__ = deprecated_aliases(
        __name__,
        {
            "Status": ("TicketStatus", TicketStatus),
            "TRANSITIONS": ("TICKET_TRANSITIONS", _old_shape()),
            "Target": ("KpiTarget", KpiTarget),
            "TableLoad": ("LoadResult", LoadResult),
        },
    )
