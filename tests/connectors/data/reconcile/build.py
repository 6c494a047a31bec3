"""Write the reconciliation fixture: one account's tickets as Zendesk API pages and as teamcore's canonical rows.

Run ``python tests/connectors/data/reconcile/build.py`` after editing :data:`TICKETS`; ``test_reconcile.py`` checks
that the committed files are what this script writes, so the two shapes cannot drift apart.

Layout: ``export/`` holds the Zendesk API pages (what ``load_zendesk`` reads); the schedules pages sit next to it,
where ``reconcile`` looks for them; ``canonical/`` holds the same tickets as teamcore's canonical CSV tables, the
vendor metrics in the schema of ``VENDOR_METRIC_COLUMNS`` and the requester's comments.

The account has one schedule, "Support EU" (``time_zone`` "Berlin", Rails' name), whose hours changed on Monday
16 November 2026: Mon-Fri 09:00-17:00 until then, 09:00-13:00 from then on (Berlin is UTC+1 in November, so
08:00-16:00Z and then 08:00-12:00Z). Friday 20 November is a holiday. The vendor's numbers are hand-computed from
the rule each ticket illustrates (the comment on each ticket), not by teamcore, so they are an independent oracle.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
AGENT, REQUESTER = 8001, 9001
METRICS = {
    "reply_time": "reply_time_in_minutes",
    "first_resolution_time": "first_resolution_time_in_minutes",
    "full_resolution_time": "full_resolution_time_in_minutes",
    "requester_wait_time": "requester_wait_time_in_minutes",
    "agent_wait_time": "agent_wait_time_in_minutes",
    "on_hold_time": "on_hold_time_in_minutes",
}
ZENDESK_STATUS = {"new": "new", "open": "open", "pending": "pending", "on_hold": "hold", "solved": "solved"}

# Each ticket: created, its actions (instant, what) and the vendor's minutes per metric as (calendar, business);
# None = the vendor gives no value. What: ("status", from, to), ("reply",) public agent comment, ("note",) private
# agent comment, ("requester",) public end-user comment. "cause" says which rule the vendor's numbers follow.
TICKETS: list[dict[str, object]] = [
    {
        "id": 101,
        "cause": "schedule: the hours changed mid-ticket; Zendesk counts the whole ticket on the hours at the event",
        "created": "2026-11-13T14:00:00Z",  # Friday 15:00 in Berlin, old hours (to 16:00Z)
        "actions": [
            ("2026-11-16T09:00:00Z", ("reply",), ("status", "new", "pending")),  # Monday 10:00, new hours
            ("2026-11-16T10:00:00Z", ("requester",), ("status", "pending", "open")),
            ("2026-11-16T11:00:00Z", ("status", "open", "solved")),
        ],
        # teamcore, hours in force: reply 120 + 60 = 180, resolution 120 + 180 = 300, requester wait 180 + 60 = 240.
        # Zendesk: the reply and the solve fall under the new hours, applied to the whole ticket (Friday 15:00 is after
        # 13:00): reply 60, resolution 180; each wait on the hours at the status change ending it: requester wait 120.
        "vendor": {
            "reply_time": (4020, 60),
            "first_resolution_time": (4140, 180),
            "full_resolution_time": (4140, 180),
            "requester_wait_time": (4080, 120),
            "agent_wait_time": (60, 60),
            "on_hold_time": (0, 0),
        },
    },
    {
        "id": 102,
        "cause": "pauses: this helpdesk does not count on-hold time as requester wait",
        "created": "2026-11-17T08:00:00Z",
        "actions": [
            ("2026-11-17T09:00:00Z", ("reply",), ("status", "new", "on_hold")),
            ("2026-11-17T11:00:00Z", ("status", "on_hold", "open")),
            ("2026-11-17T12:00:00Z", ("status", "open", "solved")),
        ],
        # teamcore: requester wait = new 60 + on-hold 120 + open 60 = 240; the vendor leaves out on-hold: 120.
        "vendor": {
            "reply_time": (60, 60),
            "first_resolution_time": (240, 240),
            "full_resolution_time": (240, 240),
            "requester_wait_time": (120, 120),
            "agent_wait_time": (0, 0),
            "on_hold_time": (120, 120),
        },
    },
    {
        "id": 103,
        "cause": "definition: this helpdesk counts the first agent response of any kind, an internal note too",
        "created": "2026-11-18T08:00:00Z",
        "actions": [
            ("2026-11-18T08:30:00Z", ("note",)),
            ("2026-11-18T10:00:00Z", ("reply",), ("status", "new", "open")),
            ("2026-11-18T11:00:00Z", ("status", "open", "solved")),
        ],
        # teamcore: first public agent reply at 10:00, 120 minutes; the vendor takes the note at 08:30: 30.
        "vendor": {
            "reply_time": (30, 30),
            "first_resolution_time": (180, 180),
            "full_resolution_time": (180, 180),
            "requester_wait_time": (180, 180),
            "agent_wait_time": (0, 0),
            "on_hold_time": (0, 0),
        },
    },
    {
        "id": 104,
        "cause": "definition: Zendesk's reply time counts agent replies after the first end-user comment",
        "created": "2026-11-18T09:00:00Z",  # an agent opened the ticket with a public comment (outbound)
        "created_by_agent": True,
        "actions": [
            ("2026-11-18T09:00:00Z", ("reply",), ("status", "new", "open")),
            ("2026-11-18T10:00:00Z", ("requester",)),
            ("2026-11-18T10:30:00Z", ("reply",)),
            ("2026-11-18T11:00:00Z", ("status", "open", "solved")),
        ],
        # teamcore: the opening public comment is the first reply, 0 minutes. Zendesk: 10:00 -> 10:30, 30 minutes.
        "vendor": {
            "reply_time": (30, 30),
            "first_resolution_time": (120, 120),
            "full_resolution_time": (120, 120),
            "requester_wait_time": (120, 120),
            "agent_wait_time": (0, 0),
            "on_hold_time": (0, 0),
        },
    },
    {
        "id": 105,
        "cause": "reopen: solved, then reopened and still open; Zendesk keeps the first resolution",
        "created": "2026-11-19T08:00:00Z",
        "actions": [
            ("2026-11-19T08:30:00Z", ("reply",)),
            ("2026-11-19T09:00:00Z", ("status", "new", "solved")),
            ("2026-11-19T10:00:00Z", ("requester",), ("status", "solved", "open")),
        ],
        # teamcore has no resolution for a ticket unsolved now; Zendesk reports the first solve, 60 minutes.
        "vendor": {
            "reply_time": (30, 30),
            "first_resolution_time": (60, 60),
            "full_resolution_time": (None, None),
            "requester_wait_time": (None, None),
            "agent_wait_time": (None, None),
            "on_hold_time": (None, None),
        },
    },
    {
        "id": 106,
        "cause": "timezone: the vendor's business minutes read the Berlin hours as UTC hours",
        "created": "2026-11-23T12:30:00Z",  # Monday 13:30 in Berlin, after the 13:00 close
        "actions": [
            ("2026-11-23T14:00:00Z", ("reply",), ("status", "new", "open")),
            ("2026-11-23T15:00:00Z", ("status", "open", "solved")),
        ],
        # teamcore: nothing of 12:30Z-15:00Z is business time in Berlin (08:00-12:00Z): 0. Read as 09:00-13:00 UTC,
        # 12:30-13:00 is: 30 for reply, resolution and requester wait.
        "vendor": {
            "reply_time": (90, 30),
            "first_resolution_time": (150, 30),
            "full_resolution_time": (150, 30),
            "requester_wait_time": (150, 30),
            "agent_wait_time": (0, 0),
            "on_hold_time": (0, 0),
        },
    },
    {
        "id": 107,
        "cause": "rounding: the vendor gives whole minutes",
        "created": "2026-11-17T08:00:30Z",
        "actions": [
            ("2026-11-17T08:10:00Z", ("reply",), ("status", "new", "open")),
            ("2026-11-17T09:00:00Z", ("status", "open", "solved")),
        ],
        # teamcore: 9.5 minutes to the reply, 59.5 to the solve.
        "vendor": {
            "reply_time": (10, 10),
            "first_resolution_time": (60, 60),
            "full_resolution_time": (60, 60),
            "requester_wait_time": (60, 60),
            "agent_wait_time": (0, 0),
            "on_hold_time": (0, 0),
        },
    },
    {
        "id": 108,
        "cause": "unexplained: no rule gives the vendor's 45 minutes (teamcore: 20)",
        "created": "2026-11-19T10:00:00Z",
        "actions": [
            ("2026-11-19T10:20:00Z", ("reply",), ("status", "new", "open")),
            ("2026-11-19T11:00:00Z", ("status", "open", "solved")),
        ],
        "vendor": {
            "reply_time": (45, 20),
            "first_resolution_time": (60, 60),
            "full_resolution_time": (60, 60),
            "requester_wait_time": (60, 60),
            "agent_wait_time": (0, 0),
            "on_hold_time": (0, 0),
        },
    },
    {
        "id": 109,
        "cause": "not imported: the ticket was deleted, so only the vendor's metrics remain",
        "created": "2026-11-19T12:00:00Z",
        "deleted": True,
        "actions": [],
        "vendor": {
            "reply_time": (None, None),
            "first_resolution_time": (None, None),
            "full_resolution_time": (None, None),
            "requester_wait_time": (15, 15),
            "agent_wait_time": (0, 0),
            "on_hold_time": (0, 0),
        },
    },
]


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _status_now(ticket: dict[str, object]) -> str:
    now = "new"
    for _when, *parts in ticket["actions"]:  # type: ignore[attr-defined]
        for part in parts:
            if part[0] == "status":
                now = part[2]
    return now


def _solved_at(ticket: dict[str, object]) -> str | None:
    last = None
    for when, *parts in ticket["actions"]:  # type: ignore[attr-defined]
        for part in parts:
            if part[0] == "status" and part[2] == "solved":
                last = when
            elif part[0] == "status" and part[1] == "solved":
                last = None
    return last


def zendesk_pages() -> dict[str, object]:
    """The Zendesk API pages: incremental tickets and ticket events, ticket metrics, users, schedules."""
    tickets, events, metrics = [], [], []
    event_id = 5000
    for t in TICKETS:
        status = "deleted" if t.get("deleted") else ZENDESK_STATUS[_status_now(t)]
        tickets.append(
            {
                "id": t["id"],
                "url": f"https://example.zendesk.com/api/v2/tickets/{t['id']}.json",
                "created_at": t["created"],
                "updated_at": (t["actions"][-1][0] if t["actions"] else t["created"]),  # type: ignore[index]
                "type": "question",
                "subject": f"Fixture ticket {t['id']}",
                "status": status,
                "priority": "normal",
                "requester_id": REQUESTER,
                "submitter_id": AGENT if t.get("created_by_agent") else REQUESTER,
                "assignee_id": AGENT,
                "group_id": 7001,
                "via": {"channel": "web" if t.get("created_by_agent") else "email"},
                "tags": [],
                "generated_timestamp": int(_at(t["created"]).timestamp()),  # type: ignore[arg-type]
            }
        )
        event_id += 1
        creator = AGENT if t.get("created_by_agent") else REQUESTER
        events.append(
            {
                "id": event_id,
                "ticket_id": t["id"],
                "timestamp": int(_at(t["created"]).timestamp()),  # type: ignore[arg-type]
                "created_at": t["created"],
                "updater_id": creator,
                "via": "Web form",
                "event_type": "Audit",
                "child_events": [
                    {"id": event_id * 10, "via": "Web form", "via_reference_id": None, "event_type": "Create",
                     "field_name": "status", "value": "new"},
                    *([] if t.get("created_by_agent") else [
                        {"id": event_id * 10 + 1, "type": "Comment", "author_id": REQUESTER, "body": "Help, please.",
                         "public": True, "created_at": t["created"], "event_type": "Comment"}
                    ]),
                ],
            }
        )  # fmt: skip
        for when, *parts in t["actions"]:  # type: ignore[attr-defined]
            event_id += 1
            children = []
            updater = REQUESTER if any(p[0] == "requester" for p in parts) else AGENT
            for k, part in enumerate(parts, start=1):
                child: dict[str, object] = {"id": event_id * 10 + k, "via": "Web form", "via_reference_id": None}
                if part[0] == "status":
                    child |= {
                        "status": ZENDESK_STATUS[part[2]],
                        "previous_value": ZENDESK_STATUS[part[1]],
                        "event_type": "Change",
                    }
                else:
                    child |= {
                        "type": "Comment",
                        "author_id": REQUESTER if part[0] == "requester" else AGENT,
                        "body": {"reply": "Here is how.", "note": "Internal: checking.", "requester": "Thanks."}[
                            part[0]
                        ],
                        "public": part[0] != "note",
                        "created_at": when,
                        "event_type": "Comment",
                    }
                children.append(child)
            events.append(
                {"id": event_id, "ticket_id": t["id"], "timestamp": int(_at(when).timestamp()), "created_at": when,
                 "updater_id": updater, "via": "Web form", "event_type": "Audit", "child_events": children}
            )  # fmt: skip
        vendor = t["vendor"]
        metrics.append(
            {
                "id": 30000 + int(t["id"]),  # type: ignore[call-overload]
                "ticket_id": t["id"],
                "created_at": t["created"],
                "updated_at": t["created"],
                "solved_at": _solved_at(t),
                "reopens": sum(1 for _w, *ps in t["actions"] for p in ps if p[0] == "status" and p[1] == "solved"),  # type: ignore[attr-defined]
                "replies": sum(1 for _w, *ps in t["actions"] for p in ps if p[0] == "reply"),  # type: ignore[attr-defined]
                **{
                    field: {"calendar": vendor[metric][0], "business": vendor[metric][1]}  # type: ignore[index]
                    for metric, field in METRICS.items()
                },
            }
        )
    end = max(int(_at(e["created_at"]).timestamp()) for e in events)  # type: ignore[arg-type]
    return {
        "export/tickets.json": {"tickets": tickets, "after_url": None, "after_cursor": "MTc2NDAwMDAwMC4wfHwxMDl8",
                         "before_url": None, "before_cursor": None, "end_of_stream": True},
        "export/ticket_events.json": {"ticket_events": events, "next_page": None, "count": len(events), "end_time": end,
                               "end_of_stream": True},
        "export/ticket_metrics.json": {"ticket_metrics": metrics, "next_page": None, "previous_page": None,
                                "count": len(metrics)},
        "export/users.json": {"users": [{"id": AGENT, "name": "Ann Agent", "role": "agent"},
                                 {"id": REQUESTER, "name": "Rita Requester", "role": "end-user"}],
                       "next_page": None, "previous_page": None, "count": 2},
        "schedules-2026-01-05.json": {"schedules": [_schedule(540, 1020, "2026-01-05T10:00:00Z")]},
        "schedules.json": {"schedules": [_schedule(540, 780, "2026-11-15T23:00:00Z")]},
        "schedules-360000001-holidays.json": {
            "holidays": [{"id": 1, "name": "Company day", "start_date": "2026-11-20", "end_date": "2026-11-20"}]
        },
    }  # fmt: skip


def _schedule(start: int, end: int, updated: str) -> dict[str, object]:
    """Schedule 360000001 with Mon-Fri ``start``-``end`` (minutes after local midnight)."""
    return {
        "id": 360000001,
        "name": "Support EU",
        "time_zone": "Berlin",
        "intervals": [{"start_time": day * 1440 + start, "end_time": day * 1440 + end} for day in range(1, 6)],
        "created_at": "2026-01-05T10:00:00Z",
        "updated_at": updated,
    }


def canonical_tables() -> dict[str, list[dict[str, object]]]:
    """The same tickets as teamcore's canonical rows, the vendor metrics and the requester's comments."""
    tickets, events, vendor, comments = [], [], [], []
    for t in TICKETS:
        for metric, field in METRICS.items():
            for k, basis in enumerate(("calendar", "business")):
                minutes = t["vendor"][metric][k]  # type: ignore[index]
                shown = "" if minutes is None else minutes
                vendor.append({"ticket_id": str(t["id"]), "metric": metric, "basis": basis, "minutes": shown,
                               "source_field": f"{field}.{basis}"})  # fmt: skip
        if t.get("deleted"):
            continue
        solved = _solved_at(t)
        status = _status_now(t)
        tickets.append({"ticket_id": str(t["id"]), "created_at": t["created"], "channel": "email",
                        "priority": "normal", "requester": str(REQUESTER), "assignee": str(AGENT), "team": "7001",
                        "status": status, "solved_at": solved or ""})  # fmt: skip
        if not t.get("created_by_agent"):
            comments.append({"ticket_id": str(t["id"]), "at": t["created"]})
        for when, *parts in t["actions"]:  # type: ignore[attr-defined]
            for part in parts:
                if part[0] == "status":
                    events.append({"ticket_id": str(t["id"]), "at": when, "kind": "status", "actor": str(AGENT),
                                   "from_status": part[1], "to_status": part[2], "value": ""})  # fmt: skip
                elif part[0] in {"reply", "note"}:
                    events.append({"ticket_id": str(t["id"]), "at": when, "kind": part[0], "actor": str(AGENT),
                                   "from_status": "", "to_status": "", "value": ""})  # fmt: skip
                else:
                    comments.append({"ticket_id": str(t["id"]), "at": when})
    return {"tickets.csv": tickets, "events.csv": events, "vendor_metrics.csv": vendor,
            "requester_comments.csv": comments}  # fmt: skip


def render() -> dict[str, str]:
    """Every fixture file's path (relative to this folder) and text."""
    out = {name: json.dumps(doc, indent=2) + "\n" for name, doc in zendesk_pages().items()}
    for name, rows in canonical_tables().items():
        lines = [",".join(rows[0])]
        lines += [",".join(str(v) for v in row.values()) for row in rows]
        out[f"canonical/{name}"] = "\n".join(lines) + "\n"
    return out


if __name__ == "__main__":
    for name, text in render().items():
        (HERE / name).parent.mkdir(exist_ok=True)
        (HERE / name).write_text(text, encoding="utf-8")
    _ = csv  # the CSV files are plain comma-joined values: no field holds a comma
