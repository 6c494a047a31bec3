"""Staffing: Erlang B, C and A, required agents per interval, asynchronous workload, required vs scheduled."""

from teamcore.staffing._erlang import ErlangA, ErlangC, erlang_b, erlang_c, offered_traffic
from teamcore.staffing._required import Requirement, Target, apply_shrinkage, required_agents

__all__ = [
    "ErlangA",
    "ErlangC",
    "Requirement",
    "Target",
    "apply_shrinkage",
    "erlang_b",
    "erlang_c",
    "offered_traffic",
    "required_agents",
]
