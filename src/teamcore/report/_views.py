"""Personal views of the report: a lead's own week and a member's own page, as :class:`Report` values.

Both build the ordinary report (so every section, renderer and the JSON schema apply unchanged) and then narrow it:

- :func:`lead_view` builds one report per team the lead leads (``--team`` picks one of them), keeps the attention
  items where the lead or one of those teams' members acts, and opens with the lead's week: what is overdue and
  what falls due from Monday 00:00 to Sunday 24:00 in the lead's own timezone around ``now``.
- :func:`member_view` keeps, of every table and plot, the rows naming the member in a person column
  (:data:`PERSON_COLUMNS`) and the rows the member's own attention items point at; team-wide figures, tables and
  plots without a person column or without such a row are left out, and so are sections left with nothing. It
  opens with the member's week and "About you" (timezone, teams and leads, mentor and mentees).

Privacy: neither view reads feedback itself. They keep or drop rows of sections that already apply the feedback
privacy rules (upward and peer feedback only aggregated, and withheld below the anonymity threshold; compliance
and reminders never read it), so a view can show no more than the report it narrows, and never a giver.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from teamcore._time import as_utc, local_to_utc, timezone
from teamcore.exceptions import InvalidValue, UnknownReference, WrongType
from teamcore.people import Organisation, Team
from teamcore.report._attention import AttentionItem
from teamcore.report._build import SECTIONS, SectionBuilder, build_report
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Report, Section, Table, View
from teamcore.report._ranking import DEFAULT_RANKING, RankingRule, rank

__all__ = ["PERSON_COLUMNS", "WEEK_KEY", "lead_view", "local_week", "member_view"]

PERSON_COLUMNS: Final = frozenset({"member", "lead", "mentor", "mentee", "owner", "only member", "suggested mentor"})
"""Table columns whose cells are member ids: a member's page keeps the rows naming the member in one of them."""

WEEK_KEY: Final = "week"
"""The key of the section a personal view opens with (the week's obligations); ``--sections`` always keeps it."""


def local_week(now: dt.datetime, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 and the next Monday 00:00 in `zone`, as UTC instants, of the week containing `now` there.

    A midnight in a DST gap is read by the ``compatible`` rule (:func:`teamcore._time.local_to_utc`).

    Examples
    --------
    >>> start, end = local_week(dt.datetime(2026, 11, 23, 7, tzinfo=dt.UTC), "America/Los_Angeles")  # Sun 23:00
    >>> start.isoformat(), end.isoformat()
    ('2026-11-16T08:00:00+00:00', '2026-11-23T08:00:00+00:00')
    >>> local_week(dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC), "America/Los_Angeles")[0].isoformat()  # Mon 00:00
    '2026-11-23T08:00:00+00:00'
    """
    tz = timezone(zone)
    today = as_utc(now, "now").astimezone(tz).date()
    monday = today - dt.timedelta(days=today.weekday())
    midnight = dt.time(0)
    return local_to_utc(monday, midnight, tz), local_to_utc(monday + dt.timedelta(days=7), midnight, tz)


def _suggest(value: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(candidates), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def _leads(org: Organisation) -> list[str]:
    return sorted({t.lead for t in org.teams})


def _check_member(org: Organisation, member: str, field: str) -> None:
    if member not in org:
        raise UnknownReference(
            field, member, "the id of a member of the organisation" + _suggest(member, (m.id for m in org.members))
        )


def _lead_teams(org: Organisation, lead: str) -> list[Team]:
    _check_member(org, lead, "lead")
    teams = [t for t in org.teams if t.lead == lead]
    if not teams:
        leads = _leads(org)
        raise InvalidValue("lead", lead, f"the id of a team lead, one of {leads}" + _suggest(lead, leads))
    return teams


def _week_section(view: View, items: Sequence[AttentionItem], now: dt.datetime) -> Section:
    """The view's week: overdue items, then those due before the week ends, in the view's zone."""
    assert view.week_start is not None
    assert view.week_end is not None
    end = view.week_end
    overdue = [i for i in items if i.overdue(now)]
    week = sorted((i for i in items if i.due is not None and now < i.due < end), key=lambda i: (i.due, i.identity))
    later = len(items) - len(overdue) - len(week)
    rows = []
    for item in [*overdue, *week]:
        assert item.due is not None
        local = view.local(item.due)
        when = f"late: {local:%a %d %b %H:%M}" if item.overdue(now) else f"{local:%a %d %b %H:%M}"
        who = item.actor.name + (" (lead)" if item.actor.role == "lead" else "")
        rows.append((when, who, item.what, item.section))
    start = view.local(view.week_start)
    last = view.local(end - dt.timedelta(seconds=1))
    title = f"Week of {start:%a %d %b} to {last:%a %d %b} ({view.timezone})"
    return Section(
        key=WEEK_KEY,
        title=title,
        blocks=[
            Figures(
                [
                    Figure("Overdue", len(overdue), "due before now"),
                    Figure("Due this week", len(week), f"by Sunday 24:00, {view.timezone}"),
                    Figure("Later or undated", later, "in Needs attention"),
                ]
            ),
            Table(
                title="This week's obligations",
                columns=["due", "who", "what", "section"],
                rows=rows,
                caption=f"Times in {view.timezone}; overdue items first, then by due time.",
            ),
        ],
    )


def _prefixed(block: Block, prefix: str) -> Block:
    if isinstance(block, Table):
        return attrs.evolve(block, title=prefix + block.title)
    if isinstance(block, Plot):
        return attrs.evolve(block, title=prefix + block.title)
    if isinstance(block, Figures):
        return Figures([attrs.evolve(f, label=prefix + f.label) for f in block.items])
    return Paragraph(prefix + block.text)


def _merge(reports: Sequence[Report], teams: Sequence[Team]) -> list[Section]:
    """The sections of one report per team, each section's blocks and items prefixed with the team's name."""
    order: dict[str, list[tuple[Team, Section]]] = {}
    for team, report in zip(teams, reports, strict=True):
        for section in report.sections:
            order.setdefault(section.key, []).append((team, section))
    merged = []
    for parts in order.values():
        blocks: list[Block] = []
        items: list[AttentionItem] = []
        for team, section in parts:
            prefix = f"{team.name}: "
            blocks += [_prefixed(b, prefix) for b in section.blocks]
            items += [attrs.evolve(i, table=prefix + i.table) for i in section.attention]
        first = parts[0][1]
        merged.append(Section(key=first.key, title=first.title, blocks=blocks, attention=items))
    return merged


def _unique(items: Iterable[AttentionItem]) -> list[AttentionItem]:
    """The first item of each identity (a member of two of the lead's teams is reminded of once)."""
    first: dict[str, AttentionItem] = {}
    for item in items:
        first.setdefault(item.identity, item)
    return list(first.values())


def _check_view(ctx: object, person: object, field: str) -> None:
    if not isinstance(ctx, ReportContext):
        raise WrongType("ctx", ctx, "a ReportContext")
    if not isinstance(person, str):
        raise WrongType(field, person, "a member id (text)")


def lead_view(
    ctx: ReportContext,
    lead: str,
    *,
    sections: tuple[SectionBuilder, ...] = SECTIONS,
    ranking: RankingRule = DEFAULT_RANKING,
) -> Report:
    """A lead's own view: their teams, the obligations of those teams and their local week.

    Parameters
    ----------
    ctx
        The report's inputs. ``ctx.team``, when given, must be one of the lead's teams and narrows the view to it.
    lead
        The member id of a team lead.
    sections, ranking
        As for :func:`~teamcore.report.build_report`.

    Returns
    -------
    Report
        Sections of the lead's teams (with several, each block's title names its team), ``attention`` the items
        where the lead or a member of those teams acts, opened by the :data:`WEEK_KEY` section; ``view`` is
        ``View(kind="lead", id=lead, ...)`` in the lead's timezone.

    Raises
    ------
    WrongType
        If `ctx` is not a :class:`ReportContext` or `lead` not text.
    UnknownReference
        If `lead` is not a member (the message suggests close ids).
    InvalidValue
        If `lead` leads no team, or ``ctx.team`` is not one of theirs.

    Examples
    --------
    >>> from teamcore.people import Member, Organisation, Team
    >>> def m(id, zone):
    ...     return Member(id=id, name=id.title(), timezone=zone, country="SE")
    >>> org = Organisation(name="O", members=[m("lena", "Europe/Stockholm"), m("ola", "Europe/Stockholm")],
    ...                    teams=[Team(id="t", name="T", lead="lena", members=["lena", "ola"])])
    >>> view = lead_view(ReportContext(org=org, now=dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)), "lena")
    >>> view.view.kind, view.view.timezone, view.sections[0].title
    ('lead', 'Europe/Stockholm', 'Week of Mon 23 Nov to Sun 29 Nov (Europe/Stockholm)')
    >>> lead_view(ReportContext(org=org, now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC)), "ola")
    Traceback (most recent call last):
    ...
    teamcore.exceptions.InvalidValue: lead: expected the id of a team lead, one of ['lena'], got 'ola'
    """
    _check_view(ctx, lead, "lead")
    org = ctx.org
    teams = _lead_teams(org, lead)
    if ctx.team is not None:
        ids = [t.id for t in teams]
        if ctx.team not in ids:
            raise InvalidValue("team", ctx.team, f"one of the teams {lead!r} leads {ids}" + _suggest(ctx.team, ids))
        teams = [org.team(ctx.team)]
    reports = [build_report(attrs.evolve(ctx, team=t.id), sections=sections, ranking=ranking) for t in teams]
    built = list(reports[0].sections) if len(reports) == 1 else _merge(reports, teams)
    people = {lead} | {m for t in teams for m in t.members}
    items = rank(_unique(i for s in built for i in s.attention if i.actor.member in people), ctx.now, ranking)
    built = [attrs.evolve(s, attention=[i for i in s.attention if i.actor.member in people]) for s in built]
    zone = org.member(lead).timezone
    start, end = local_week(ctx.now, zone)
    view = View(kind="lead", id=lead, timezone=zone, week_start=start, week_end=end)
    names = ", ".join(t.name for t in teams)
    return Report(
        title=f"{org.member(lead).name}'s week: {names}",
        organisation=org.name,
        now=ctx.now,
        team=teams[0].id if len(teams) == 1 else None,
        sections=[_week_section(view, items, ctx.now), *built],
        attention=items,
        view=view,
    )


def _names(row: Sequence[object], columns: Sequence[int], member: str) -> bool:
    return any(isinstance(row[c], str) and member in str(row[c]).split(", ") for c in columns)


def _own_table(table: Table, member: str, pointed: set[int]) -> tuple[Table | None, dict[int, int]]:
    """`table` with the rows naming `member` or in `pointed`, and the old → new row numbers.

    ``None`` for a table without a person column.
    """
    people = [i for i, c in enumerate(table.columns) if c in PERSON_COLUMNS]
    if not people:
        return None, {}
    kept = [i for i, row in enumerate(table.rows) if i in pointed or _names(row, people, member)]
    return attrs.evolve(table, rows=[table.rows[i] for i in kept]), {old: new for new, old in enumerate(kept)}


def _own_section(section: Section, member: str) -> Section | None:
    items = [i for i in section.attention if i.actor.member == member]
    blocks: list[Block] = []
    moved: dict[str, dict[int, int]] = {}
    for block in section.blocks:
        if isinstance(block, Table):
            pointed = {i.row for i in items if i.table == block.title}
            table, rows = _own_table(block, member, pointed)
            if table is not None and table.rows:
                blocks.append(table)
                moved.setdefault(block.title, rows)
        elif isinstance(block, Plot):
            data, _rows = _own_table(block.data, member, set())
            if data is not None and data.rows:
                blocks.append(attrs.evolve(block, data=data))
    if not blocks:
        return None
    if any(isinstance(b, Paragraph) for b in section.blocks):  # a caption such as the policy checked
        blocks.insert(0, next(b for b in section.blocks if isinstance(b, Paragraph)))
    kept = [attrs.evolve(i, row=moved[i.table][i.row]) for i in items if i.table in moved]
    return attrs.evolve(section, blocks=blocks, attention=kept)


def _about(org: Organisation, member: str, ctx: ReportContext) -> Table:
    rows: list[tuple[str, str]] = [
        ("timezone", org.member(member).timezone),
        *((f"team {t.id}", f"{t.name}, led by {org.member(t.lead).name} ({t.lead})") for t in org.teams_of(member)),
    ]
    for pair in ctx.mentoring or ():
        if pair.mentee == member:
            rows.append(("mentor", pair.mentor))
        elif pair.mentor == member:
            rows.append(("mentee", pair.mentee))
    return Table(title="About you", columns=["what", "who"], rows=rows)


def member_view(
    ctx: ReportContext,
    member: str,
    *,
    sections: tuple[SectionBuilder, ...] = SECTIONS,
    ranking: RankingRule = DEFAULT_RANKING,
) -> Report:
    """A member's own page: their KPIs against target, 1:1s, feedback and reviews due, mentoring, and their week.

    Parameters
    ----------
    ctx
        The report's inputs; ``ctx.team``, when given, must be one of the member's teams and scopes the sections
        (the dashboard reads that team's tickets).
    member
        The member's id.
    sections, ranking
        As for :func:`~teamcore.report.build_report`.

    Returns
    -------
    Report
        The :data:`WEEK_KEY` section (with "About you": timezone, teams and leads, mentor and mentees), then each
        section's rows about the member (see the module documentation); ``attention`` the items the member acts
        on; ``view`` is ``View(kind="member", id=member, ...)`` in the member's timezone.

    Raises
    ------
    WrongType
        If `ctx` is not a :class:`ReportContext` or `member` not text.
    UnknownReference
        If `member` is not a member (the message suggests close ids).
    InvalidValue
        If ``ctx.team`` is not one of the member's teams.
    """
    _check_view(ctx, member, "member")
    org = ctx.org
    _check_member(org, member, "member")
    if ctx.team is not None and member not in org.team(ctx.team).members:
        ids = [t.id for t in org.teams_of(member)]
        raise InvalidValue("team", ctx.team, f"one of the teams of {member!r} {ids}")
    report = build_report(ctx, sections=sections, ranking=ranking)
    own = [s for section in report.sections if (s := _own_section(section, member)) is not None]
    items = rank((i for s in own for i in s.attention), ctx.now, ranking)
    zone = org.member(member).timezone
    start, end = local_week(ctx.now, zone)
    view = View(kind="member", id=member, timezone=zone, week_start=start, week_end=end)
    week = _week_section(view, items, ctx.now)
    week = attrs.evolve(week, blocks=[*week.blocks, _about(org, member, ctx)])
    return Report(
        title=f"{org.member(member).name}'s page",
        organisation=org.name,
        now=ctx.now,
        team=ctx.team,
        sections=[week, *own],
        attention=items,
        view=view,
    )
