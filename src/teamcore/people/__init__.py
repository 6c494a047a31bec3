"""People: members, teams and organisations, the queries a lead asks of them, and team files."""

from teamcore.people._files import (
    FORMAT,
    MAX_FILE_BYTES,
    FileFormat,
    check_organisation_file,
    dump_organisation,
    load_organisation,
    loads_organisation,
    save_organisation,
)
from teamcore.people._hours import Shift, TimeOff, Weekday, WeeklyHours
from teamcore.people._member import MAX_SKILL_LEVEL, EmploymentType, Member, MemberId, Role, SkillLevel
from teamcore.people._queries import (
    DEFAULT_ONBOARDING,
    group_by,
    members_by_country,
    members_by_role,
    members_by_timezone,
    newcomers,
    organisation_graph,
    with_language,
    with_skill,
)
from teamcore.people._schema import organisation_schema
from teamcore.people._team import ClosedDay, Organisation, Team, TeamId, organisation_problems

__all__ = [
    "DEFAULT_ONBOARDING",
    "FORMAT",
    "MAX_FILE_BYTES",
    "MAX_SKILL_LEVEL",
    "ClosedDay",
    "EmploymentType",
    "FileFormat",
    "Member",
    "MemberId",
    "Organisation",
    "Role",
    "Shift",
    "SkillLevel",
    "Team",
    "TeamId",
    "TimeOff",
    "Weekday",
    "WeeklyHours",
    "check_organisation_file",
    "dump_organisation",
    "group_by",
    "load_organisation",
    "loads_organisation",
    "members_by_country",
    "members_by_role",
    "members_by_timezone",
    "newcomers",
    "organisation_graph",
    "organisation_problems",
    "organisation_schema",
    "save_organisation",
    "with_language",
    "with_skill",
]
