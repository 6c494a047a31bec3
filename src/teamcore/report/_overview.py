"""The overview section: teams, where members are, roles, newcomers."""

from __future__ import annotations

import datetime as dt

from teamcore.people import Member, members_by_country, members_by_role, members_by_timezone, newcomers
from teamcore.report._context import ReportContext
from teamcore.report._model import Figure, Figures, Section, Table

__all__ = ["overview_section"]


def _offset(member: Member, now: dt.datetime) -> str:
    local = now.astimezone(member.zone)
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def overview_section(ctx: ReportContext) -> Section:
    """Teams with their leads, members by timezone (with the local time at ``now``), country and role, newcomers."""
    org, now, team = ctx.org, ctx.now, ctx.team
    members = org.members if team is None else org.members_of(team)
    teams = org.teams if team is None else (org.team(team),)
    new = newcomers(org, now, team=team)
    by_zone = members_by_timezone(org, team=team)
    figures = Figures(
        [
            Figure("Members", len(members)),
            Figure("Teams", len(teams)),
            Figure("Timezones", len(by_zone)),
            Figure("Countries", len({m.country for m in members})),
            Figure("Newcomers", len(new), "started in the last 90 days"),
        ]
    )
    team_rows = [(t.id, t.name, org.member(t.lead).name, t.size, ", ".join(t.goals[:1])) for t in teams]
    zone_rows = [
        (zone, _offset(group[0], now), now.astimezone(group[0].zone).strftime("%a %H:%M"), len(group))
        for zone, group in sorted(by_zone.items(), key=lambda kv: (now.astimezone(kv[1][0].zone).utcoffset(), kv[0]))
    ]
    country_rows = [(c, len(g)) for c, g in members_by_country(org, team=team).items()]
    role_rows = [(role.value, len(g)) for role, g in members_by_role(org, team=team).items()]
    new_rows = [
        (
            m.id,
            m.name,
            ", ".join(t.id for t in org.teams_of(m.id)),
            m.start_date.isoformat() if m.start_date else None,
            (now.astimezone(m.zone).date() - m.start_date).days if m.start_date else None,
        )
        for m in new
    ]
    return Section(
        key="overview",
        title="Overview",
        blocks=[
            figures,
            Table(title="Teams", columns=["team", "name", "lead", "members", "first goal"], rows=team_rows),
            Table(
                title="Members by timezone",
                columns=["timezone", "offset", "local time", "members"],
                rows=zone_rows,
            ),
            Table(title="Members by country", columns=["country", "members"], rows=country_rows),
            Table(title="Roles", columns=["role", "members"], rows=role_rows),
            Table(
                title="Newcomers",
                columns=["member", "name", "teams", "started", "days in"],
                rows=new_rows,
                caption="Every newcomer should have a mentor in the team and training planned.",
            ),
        ],
    )
