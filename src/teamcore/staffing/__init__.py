"""Staffing: Erlang B, C and A, required agents per interval, asynchronous workload, required vs scheduled."""

from typing import TYPE_CHECKING

from teamcore._deprecated import deprecated_aliases
from teamcore._rows import LoadResult, Rejected
from teamcore.staffing._async import AsyncRequirement, async_requirement
from teamcore.staffing._compare import Comparison, Shortfall, StaffingSeverity, compare, compare_groups
from teamcore.staffing._erlang import ErlangA, ErlangC, erlang_b, erlang_c, offered_traffic
from teamcore.staffing._forecast import Forecast, forecast_from_tickets
from teamcore.staffing._load import MAX_FORECAST_BYTES, load_forecast, load_forecast_rows
from teamcore.staffing._plan import InboxHours, StaffingPlan
from teamcore.staffing._required import Requirement, StaffingCriteria, apply_shrinkage, required_agents

__all__ = [
    "MAX_FORECAST_BYTES",
    "AsyncRequirement",
    "Comparison",
    "ErlangA",
    "ErlangC",
    "Forecast",
    "InboxHours",
    "LoadResult",
    "Rejected",
    "Requirement",
    "Shortfall",
    "StaffingCriteria",
    "StaffingPlan",
    "StaffingSeverity",
    "apply_shrinkage",
    "async_requirement",
    "compare",
    "compare_groups",
    "erlang_b",
    "erlang_c",
    "forecast_from_tickets",
    "load_forecast",
    "load_forecast_rows",
    "offered_traffic",
    "required_agents",
]

# The old name, for one release. Type checkers see a plain alias, so a misspelt name stays an error; at run time
# the hook serves it with a warning.
if TYPE_CHECKING:
    Target = StaffingCriteria
else:
    __getattr__ = deprecated_aliases(__name__, {"Target": ("StaffingCriteria", StaffingCriteria)})
