"""Rostering: shift templates, contracts and labour rules in each member's own time, a rule checker and a solver.

The model and the checker need nothing beyond teamcore's core; :func:`solve` needs OR-tools (the ``rostering``
extra: ``pip install 'teamcore[rostering]'``) and imports it only when called.
"""

from teamcore.rostering._burden import BurdenReport, BurdenRow, burden_report, fair_shares
from teamcore.rostering._check import RULES, Uncovered, Violation, check_roster, uncovered
from teamcore.rostering._files import ROSTER_PROBLEM_FORMAT, load_roster_problem
from teamcore.rostering._ics import roster_ics
from teamcore.rostering._io import ROSTER_COLUMNS, dump_roster, load_roster, load_roster_rows, write_roster
from teamcore.rostering._problem import ALL, RosterProblem, UnsocialHours
from teamcore.rostering._questions import SwapCheck, TimeOffDecision, Verdict, approve_time_off, check_swap
from teamcore.rostering._roster import Roster, ShiftAssignment
from teamcore.rostering._rules import Availability, Contract, LabourRules, ShiftTemplate
from teamcore.rostering._solve import Phase, RosterResult, fixed_name, solve

__all__ = [
    "ALL",
    "ROSTER_COLUMNS",
    "ROSTER_PROBLEM_FORMAT",
    "RULES",
    "Availability",
    "BurdenReport",
    "BurdenRow",
    "Contract",
    "LabourRules",
    "Phase",
    "Roster",
    "RosterProblem",
    "RosterResult",
    "ShiftAssignment",
    "ShiftTemplate",
    "SwapCheck",
    "TimeOffDecision",
    "Uncovered",
    "UnsocialHours",
    "Verdict",
    "Violation",
    "approve_time_off",
    "burden_report",
    "check_roster",
    "check_swap",
    "dump_roster",
    "fair_shares",
    "fixed_name",
    "load_roster",
    "load_roster_problem",
    "load_roster_rows",
    "roster_ics",
    "solve",
    "uncovered",
    "write_roster",
]
