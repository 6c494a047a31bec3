# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # An analyst's walk through Northwind
#
# This notebook is a [jupytext](https://jupytext.readthedocs.io/) percent script: open it in Jupyter with
# jupytext installed (or `jupytext --to ipynb examples/analyst.py`), or run it as plain Python from the repository
# root (`python examples/analyst.py`); `make test` runs it (`tests/test_analyst_notebook.py`).
#
# It loads the example organisation in `examples/northwind/`, looks at its follow-the-sun coverage, computes the
# helpdesk KPIs week by week, plots a trend, checks the SLA, and draws the mentoring graph. Every value shows
# itself in one short line (`repr`) and, in a notebook, as the same tables and plots as the HTML report.

# %%
import datetime as dt
from pathlib import Path

from teamcore.kpi import (
    evaluate_sla,
    kpi_table,
    load_events,
    load_sla_policy,
    load_tickets,
    sla_calendars,
    ticket_facts,
)
from teamcore.mentoring import load_capacities, load_pairs, mentoring_graph, plot_mentoring
from teamcore.people import load_organisation
from teamcore.report import ReportContext, build_report
from teamcore.scheduling import coverage

DATA = Path("examples/northwind")
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)  # the instant of the analysis: always explicit, never the clock

# %% [markdown]
# ## Load the organisation
#
# In a notebook the organisation renders as two tables, its teams and its members; `to_polars()` and
# `to_pandas()` give the members as a DataFrame.

# %%
org = load_organisation(DATA / "organisation.toml")
print(repr(org))
members = org.to_polars()
members.group_by("country").len().sort("len", descending=True).head(5)

# %% [markdown]
# ## Coverage: who is working when
#
# The week before `NOW` on a 15-minute UTC grid. `plot()` draws the report's heatmap (members working by local
# hour and weekday); `gaps()` lists the runs nobody covers.

# %%
week = coverage(org, NOW - dt.timedelta(days=7), NOW)
print(repr(week))
for gap in week.gaps():
    print(f"uncovered {gap.start:%a %H:%M}-{gap.end:%a %H:%M} UTC ({gap.severity})")
coverage_plot = week.plot("Europe/Stockholm")
coverage_plot.figure

# %% [markdown]
# ## KPIs by week
#
# Six weeks of simulated tickets and their events. Every KPI function returns the engine its tickets came in:
# polars here, pandas if you pass pandas (`tickets.frame.to_pandas()`), lazy if you pass a `LazyFrame`.

# %%
tickets = load_tickets(DATA / "tickets.csv", members=org)
events = load_events(DATA / "events.csv", tickets.frame, members=org)
print(repr(tickets), repr(events), sep="\n")
window = {"start": NOW - dt.timedelta(weeks=6), "end": NOW, "period": "week"}
weekly = kpi_table(tickets.frame, events.frame, by="team", **window)
weekly.select("period", "team", "incoming", "solved", "backlog", "first_reply_median", "csat")

# %%
weekly_pandas = kpi_table(tickets.frame.to_pandas(), events.frame.to_pandas(), by="team", **window)
weekly_pandas[["period", "team", "incoming", "solved"]].head()

# %% [markdown]
# ## A trend
#
# The per-ticket facts are computed once; `table()` summarises them, `plot()` draws metrics over the periods.

# %%
facts = ticket_facts(tickets.frame, events.frame)
trend_plot = facts.filter(team="nordics").plot(["incoming", "solved"], tz="Europe/Stockholm", **window)
trend_plot.figure

# %% [markdown]
# ## The SLA
#
# The policy counts business hours, so the evaluation needs each team's calendar.

# %%
policy = load_sla_policy(DATA / "sla.toml")
first = tickets.frame["created_at"].min()
sla = evaluate_sla(tickets.frame, events.frame, policy, now=NOW, calendars=sla_calendars(org, first.date(), NOW))
print(repr(sla))
sla.achievement(["metric", "priority"])

# %% [markdown]
# ## The mentoring graph
#
# A plain networkx graph, mentor → mentee; `plot_mentoring` draws its active relations as the report does.

# %%
pairs = load_pairs(DATA / "mentoring.toml", org=org)
graph = mentoring_graph(org, pairs.items, capacities=load_capacities(DATA / "mentoring.toml"))
print(f"{graph.number_of_nodes()} members, {graph.number_of_edges()} mentoring relations")
mentoring_plot = plot_mentoring(graph)
mentoring_plot.figure

# %% [markdown]
# ## The same, as the report shows it
#
# Any section of the team health report renders in the notebook exactly as in the HTML report.

# %%
report = build_report(
    ReportContext(org=org, now=NOW, tickets=tickets.frame, ticket_events=events.frame, sla_policy=policy)
)
print(repr(report))
report.section("coverage")
