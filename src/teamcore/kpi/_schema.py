"""The canonical ticket tables: one row per ticket, one row per ticket event.

Every KPI is computed from these two tables. Columns marked *required* must be present; optional columns may be
absent (they are then treated as all null). Timestamps are timezone-aware instants (loaders convert them to
microsecond UTC); ids are strings.

Tickets (:data:`TICKET_COLUMNS`)

=================  ==============  ===================================================================================
column             dtype           meaning
=================  ==============  ===================================================================================
ticket_id          string          unique id (required)
created_at         datetime UTC    when the request arrived; the ticket starts in status ``new`` (required)
channel            string          ``email``, ``chat``, ``phone``, ``web``, ``social`` … (free text)
priority           string          ``low``, ``normal``, ``high``, ``urgent`` (required)
requester          string          who asked (opaque id)
assignee           string          member id, or null for unassigned
team               string          team id, or null
status             string          current status, one of :data:`~teamcore.kpi.STATUSES` (required)
solved_at          datetime UTC    the latest solve, null when never solved or reopened since
satisfaction       string          CSAT answer ``good`` / ``bad`` (Zendesk's two-point survey), or null
csat_score         int             CSAT on a 1–5 scale, or null
nps                int             0–10 "how likely to recommend", or null
ces                int             1–7 customer effort score (7 = very easy), or null
handle_seconds     int             agent work time logged on the ticket, or null
topic              string          what the request is about, as a lower-case tag (``billing``, ``sso``), or null;
                                   the words knowledge-base articles are tagged with (:mod:`teamcore.knowledge`)
=================  ==============  ===================================================================================

Events (:data:`EVENT_COLUMNS`)

=============  ==============  =======================================================================================
column         dtype           meaning
=============  ==============  =======================================================================================
ticket_id      string          the ticket (required)
at             datetime UTC    when it happened; not before the ticket's ``created_at`` (required)
kind           string          ``status``, ``reply`` (public agent reply), ``note``, ``assign``, ``priority`` (required)
actor          string          the member who acted, or null (the requester or a trigger)
from_status    string          for ``status`` events: the status left
to_status      string          for ``status`` events: the status entered; ``from_status → to_status`` must be allowed
                               by :data:`~teamcore.kpi.TICKET_TRANSITIONS`
value          string          for ``assign``: the new assignee; for ``priority``: the new priority
=============  ==============  =======================================================================================

Status events carry both ends of the change, as Zendesk's audit log does (``previous_value`` and ``value``), so
the time spent in each status is a plain sum and needs no ordering of rows: every backend computes it the same way.
"""

from __future__ import annotations

from typing import Final, Literal

import attrs

__all__ = ["CHANNELS", "EVENT_COLUMNS", "PRIORITIES", "TICKET_COLUMNS", "Column"]

Kind = Literal["string", "datetime", "int"]


@attrs.frozen
class Column:
    """One column of a canonical table: its name, kind, whether it is required, and what it means.

    `if_absent`, for an optional column whose absence changes results, says which: the loaders turn it into a
    :attr:`~teamcore.LoadResult.warnings` entry when an input lacks the column.
    """

    name: str
    kind: Kind
    meaning: str
    required: bool = attrs.field(kw_only=True)
    if_absent: str = attrs.field(default="", kw_only=True)


PRIORITIES: Final = ("low", "normal", "high", "urgent")
"""Ticket priorities, lowest first (Zendesk's four)."""

CHANNELS: Final = ("email", "chat", "phone", "web", "social")
"""The channels the simulator produces; loaders accept any non-empty channel name."""

TICKET_COLUMNS: Final = (
    Column("ticket_id", "string", "unique id", required=True),
    Column("created_at", "datetime", "arrival instant", required=True),
    Column("channel", "string", "channel of the request", required=False),
    Column("priority", "string", "low, normal, high or urgent", required=True),
    Column("requester", "string", "who asked", required=False),
    Column(
        "assignee",
        "string",
        "member id or null",
        required=False,
        if_absent="every ticket counts as unassigned, so KPIs per member have one row, 'unassigned'",
    ),
    Column(
        "team",
        "string",
        "team id or null",
        required=False,
        if_absent="no ticket has a team, so KPIs per team have one row and business-hours times have no team calendar",
    ),
    Column("status", "string", "current status", required=True),
    Column("solved_at", "datetime", "latest solve, if solved", required=False),
    Column("satisfaction", "string", "good or bad", required=False, if_absent="CSAT (csat) is empty"),
    Column("csat_score", "int", "1-5", required=False, if_absent="CSAT 4-5 of 5 (csat_top2) is empty"),
    Column("nps", "int", "0-10", required=False),
    Column("ces", "int", "1-7", required=False),
    Column("handle_seconds", "int", "agent work time in seconds", required=False),
    Column("topic", "string", "lower-case topic tag", required=False),
)
"""The tickets table, in column order."""

EVENT_COLUMNS: Final = (
    Column("ticket_id", "string", "the ticket", required=True),
    Column("at", "datetime", "when", required=True),
    Column("kind", "string", "status, reply, note, assign or priority", required=True),
    Column("actor", "string", "member id or null", required=False),
    Column("from_status", "string", "status left (status events)", required=False),
    Column("to_status", "string", "status entered (status events)", required=False),
    Column("value", "string", "new assignee or priority", required=False),
)
"""The ticket-events table, in column order."""
