"""The mentoring and skills section: newcomers without a mentor, skills at risk, and knowledge silos."""

from __future__ import annotations

import datetime as dt

from teamcore._time import local_to_utc
from teamcore.mentoring import (
    bus_factor,
    collaboration_graph,
    knowledge_silos,
    matching_problem,
    mentoring_graph,
    newcomers_without_mentor,
    single_points_of_failure,
    stable_matching,
    training_suggestions,
)
from teamcore.report._attention import AttentionItem, lead_of
from teamcore.report._context import ReportContext
from teamcore.report._model import Block, Figure, Figures, Paragraph, Plot, Section, Table
from teamcore.report._status import Rated, Status

__all__ = ["mentoring_section"]

_MIN_BUS_FACTOR = 2


def bus_factor_status(bus_factor: int) -> Status:
    """``act`` for a skill nobody covers, ``watch`` for one fewer than 2 members cover, else ``ok``."""
    if bus_factor == 0:
        return Status.ACT
    return Status.WATCH if bus_factor < _MIN_BUS_FACTOR else Status.OK


def mentoring_section(ctx: ReportContext) -> Section | None:
    """Mentoring and skills resilience as of ``now``; ``None`` when no member lists a skill and no pairs are given.

    Newcomers without a mentor are shown only when mentoring pairs were given (otherwise every newcomer would
    look unmentored); each gets a suggested mentor from the stable matching.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.people import Member, Organisation
    >>> org = Organisation(name="Acme", members=[
    ...     Member(id="a", name="A", timezone="UTC", country="SE", skills={"billing": 4})])
    >>> section = mentoring_section(ReportContext(org=org, now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)))
    >>> risk = section.blocks[0].items[0]
    >>> risk.label, risk.value, risk.note, risk.status
    ('Skills at risk', 1, 'fewer than 2 members at level 3+', <Status.WATCH: 'watch'>)
    """
    members = ctx.org.members_of(ctx.team) if ctx.team else ctx.org.members
    if not any(m.skills for m in members) and ctx.mentoring is None:
        return None
    at_risk = training_suggestions(ctx.org, min_bus_factor=_MIN_BUS_FACTOR)
    only = single_points_of_failure(ctx.org)
    silos = knowledge_silos(collaboration_graph(ctx.org))
    scope = {m.id for m in members}
    figures = [
        Figure(
            "Skills at risk",
            len(at_risk),
            f"fewer than {_MIN_BUS_FACTOR} members at level 3+",
            target=0,
            status=Status.worst([bus_factor_status(t.bus_factor) for t in at_risk]),
        ),
        Figure("Single points of failure", len(only), "skills one member covers"),
        Figure("Links between groups", len(silos.articulation_points), "members whose absence splits the team"),
    ]
    blocks: list[Block] = []
    attention: list[AttentionItem] = []
    lead = lead_of(ctx.org, ctx.team)
    if ctx.mentoring is None:
        blocks.append(Paragraph("No mentoring pairs given: newcomers' mentors are not checked."))
    else:
        graph = mentoring_graph(ctx.org, ctx.mentoring, capacities=ctx.mentor_capacities or {})
        waiting = [m for m in newcomers_without_mentor(ctx.org, graph, ctx.now) if m.id in scope]
        problem = matching_problem(ctx.org, ctx.now, graph=graph, mentees=[m.id for m in waiting])
        result = stable_matching(problem)
        suggested = {a.mentee: a for a in result.assignments}
        why = {u.mentee: u.detail for u in result.unmatched}
        figures.insert(
            0,
            Figure(
                "Newcomers without a mentor",
                len(waiting),
                "started in the last 90 days",
                target=0,
                status=Status.ACT if waiting else Status.OK,
            ),
        )
        # A newcomer should have a mentor from their first day: the item is due at the start of it, their time.
        attention += [
            AttentionItem(
                kind="newcomer_without_mentor",
                what=f"Find a mentor for {m.name}"
                + (f" (suggested: {suggested[m.id].mentor})" if m.id in suggested else ""),
                actor=lead_of(ctx.org, ctx.team, m.id, default=lead),
                due=None if m.start_date is None else local_to_utc(m.start_date, dt.time(0), m.zone),
                severity="act",
                section="mentoring",
                table="Newcomers without a mentor",
                row=i,
                key=m.id,
            )
            for i, m in enumerate(waiting)
        ]
        blocks.append(
            Table(
                title="Newcomers without a mentor",
                columns=["member", "started", "timezone", "suggested mentor", "score"],
                rows=[
                    (
                        m.id,
                        str(m.start_date),
                        m.timezone,
                        suggested[m.id].mentor if m.id in suggested else why.get(m.id, ""),
                        round(suggested[m.id].score, 2) if m.id in suggested else None,
                    )
                    for m in waiting
                ],
                caption="Suggestions by stable matching; run `teamcore mentors --assign --explain` for the reasons.",
            )
        )
        edges = [(u, v) for u, v in graph.edges if graph.edges[u, v]["status"] == "active" and {u, v} & scope]
        if edges:
            blocks.append(
                Plot(
                    kind="graph",
                    title="Active mentoring relations",
                    alt=f"{len(edges)} active mentor → mentee relations.",
                    data=Table(title="mentor → mentee", columns=["mentor", "mentee"], rows=sorted(edges)),
                )
            )
    blocks.insert(0, Figures(figures))
    attention += [
        AttentionItem(
            kind="bus_factor_one",
            what=f"Skill {t.skill}: "
            + (f"only {only[t.skill]} covers it" if t.skill in only else "no member covers it")
            + (f"; could teach: {', '.join(t.teachers)}" if t.teachers else ""),
            actor=lead,
            due=None,
            severity=bus_factor_status(t.bus_factor),
            section="mentoring",
            table="Skills at risk",
            row=i,
            key=t.skill,
        )
        for i, t in enumerate(at_risk)
        if t.bus_factor <= 1
    ]
    factors = bus_factor(ctx.org)
    if factors:
        short = sum(n < _MIN_BUS_FACTOR for n in factors.values())
        blocks.append(
            Plot(
                kind="bar",
                title=f"Members per skill at level 3 or above, against a bus factor of {_MIN_BUS_FACTOR}",
                alt=f"Bus factor of each of {len(factors)} skills; {short} are below {_MIN_BUS_FACTOR}, "
                f"{sum(n <= 1 for n in factors.values())} have one member or none.",
                data=Table(
                    title="Bus factor per skill",
                    columns=["skill", "members at level 3+", "wanted"],
                    rows=[(skill, n, _MIN_BUS_FACTOR) for skill, n in factors.items()],
                ),
            )
        )
    blocks.append(
        Table(
            title="Skills at risk",
            columns=["skill", "bus factor", "only member", "could teach", "closest learners"],
            rows=[
                (
                    t.skill,
                    Rated(t.bus_factor, bus_factor_status(t.bus_factor)),
                    only.get(t.skill, ""),
                    ", ".join(t.teachers),
                    ", ".join(t.learners),
                )
                for t in at_risk
            ],
        )
    )
    blocks.append(
        Table(
            title="Only links between groups",
            columns=["member", "teams"],
            rows=[(p, ", ".join(t.id for t in ctx.org.teams_of(p))) for p in silos.articulation_points if p in scope],
            caption=f"{len(silos.communities)} groups who mostly work together (Louvain, seed 0).",
        )
    )
    return Section(key="mentoring", title="Mentoring and skills", blocks=blocks, attention=attention)
