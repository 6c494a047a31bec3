"""teamcore: the domain logic of leading a customer-service team spread over countries and timezones.

The subpackages mirror the domain: :mod:`teamcore.people` (members, teams, organisations, team files),
:mod:`teamcore.scheduling`, :mod:`teamcore.kpi`, :mod:`teamcore.feedback`, :mod:`teamcore.mentoring`,
:mod:`teamcore.staffing` and :mod:`teamcore.report`. Every row loader returns a :class:`LoadResult`; errors live in
:mod:`teamcore.exceptions`; hypothesis
strategies for property-testing code that uses teamcore live in :mod:`teamcore.strategies`.
"""

from teamcore._rows import LoadResult, Rejected
from teamcore._time import Disambiguate, local_to_utc, parse_instant, timezone
from teamcore.exceptions import TeamcoreError
from teamcore.people import Member, Organisation, Team, load_organisation, save_organisation

__version__ = "0.1.0.dev0"

__all__ = [
    "Disambiguate",
    "LoadResult",
    "Member",
    "Organisation",
    "Rejected",
    "Team",
    "TeamcoreError",
    "__version__",
    "load_organisation",
    "local_to_utc",
    "parse_instant",
    "save_organisation",
    "timezone",
]
