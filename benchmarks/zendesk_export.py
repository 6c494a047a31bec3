"""A seeded, Zendesk-shaped export as JSON lines: ``tickets.jsonl`` and ``ticket_events.jsonl``.

Each ticket has the fields of the Incremental Ticket Export (cursor based) that a lead's export carries, and 3 to 5
audits as the Incremental Ticket Event Export with ``include=comment_events`` gives them: the creation (Create
events of status, priority, subject and tags, the customer's comment, a notification), the agent's first public
reply with the status change, sometimes a customer answer and a private note, and the solve. About 5 % of tickets
appear twice (the incremental export repeats a ticket each time it changes), 1 % are deleted and 2 % have no
priority. Every line is one compact ``json.dumps``.

Run: ``python benchmarks/zendesk_export.py N FOLDER``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

START = 1_793_606_400  # 2026-11-02T00:00:00Z
AGENTS = tuple(range(9001, 9051))
CHANNELS = ("email", "web", "chat", "api", "voice", "native_messaging")
STATUS_END = ("solved", "solved", "solved", "closed", "pending", "open", "hold")


def _iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _ticket(
    tid: int,
    created: int,
    updated: int,
    status: str,
    priority: str | None,
    requester: int,
    agent: int,
    channel: str,
    tags: list[str],
) -> str:
    return json.dumps(
        {
            "url": f"https://northwind.zendesk.com/api/v2/tickets/{tid}.json",
            "id": tid,
            "external_id": None,
            "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
            "created_at": _iso(created),
            "updated_at": _iso(updated),
            "generated_timestamp": updated,
            "type": "question",
            "subject": f"Order {tid} did not arrive",
            "priority": priority,
            "status": status,
            "requester_id": requester,
            "submitter_id": requester,
            "assignee_id": agent,
            "organization_id": None,
            "group_id": 360000010 + tid % 3,
            "tags": tags,
            "custom_fields": [{"id": 27642, "value": None}],
            "satisfaction_rating": {"score": "offered"},
            "brand_id": 360000002,
            "ticket_form_id": 360000001,
        },
        separators=(",", ":"),
    )


def _audit(aid: int, tid: int, at: int, updater: int, via: str, children: list[dict[str, object]]) -> str:
    for n, child in enumerate(children):
        child["id"] = aid * 10 + n
        child.setdefault("via", via)
        child["via_reference_id"] = None
    return json.dumps(
        {
            "id": aid,
            "ticket_id": tid,
            "timestamp": at,
            "created_at": _iso(at),
            "updater_id": updater,
            "via": via,
            "event_type": "Audit",
            "child_events": children,
        },
        separators=(",", ":"),
    )


def _comment(author: int, at: int, *, public: bool = True) -> dict[str, object]:
    return {
        "event_type": "Comment",
        "type": "Comment",
        "author_id": author,
        "body": "Thanks, looking into it",
        "public": public,
        "attachments": [],
        "created_at": _iso(at),
    }


def write_export(n: int, folder: Path, seed: int = 14) -> tuple[Path, Path]:
    """Write `n` tickets and their audits into `folder`; return the two files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    tickets_path, events_path = folder / "tickets.jsonl", folder / "ticket_events.jsonl"
    aid = 1
    with tickets_path.open("w", encoding="utf-8") as tickets, events_path.open("w", encoding="utf-8") as events:
        for tid in range(1, n + 1):
            created = START + rng.randrange(0, 90 * 86400)
            requester, agent = 100_000 + rng.randrange(n), rng.choice(AGENTS)
            priority = None if rng.random() < 0.02 else rng.choice(("low", "normal", "normal", "high", "urgent"))
            channel = rng.choice(CHANNELS)
            end = rng.choice(STATUS_END)
            lines = [
                _audit(
                    aid,
                    tid,
                    created,
                    requester,
                    "Web form",
                    [
                        {"event_type": "Create", "field_name": "status", "value": "new"},
                        {"event_type": "Create", "field_name": "priority", "value": priority},
                        {"event_type": "Create", "field_name": "subject", "value": f"Order {tid}"},
                        {"event_type": "Create", "field_name": "tags", "value": ["order"]},
                        _comment(requester, created),
                        {
                            "event_type": "Notification",
                            "subject": "Received",
                            "body": "We got it",
                            "recipients": [requester],
                        },
                    ],
                )
            ]
            at = created + rng.randrange(60, 8 * 3600)
            first = "pending" if end == "pending" else "open"
            lines.append(
                _audit(
                    aid + 1,
                    tid,
                    at,
                    agent,
                    "Web form",
                    [
                        {
                            "event_type": "Change",
                            "field_name": "assignee_id",
                            "previous_value": None,
                            "value": str(agent),
                        },
                        {"event_type": "Change", "field_name": "status", "previous_value": "new", "value": first},
                        _comment(agent, at),
                    ],
                )
            )
            status = first
            if rng.random() < 0.4:
                at += rng.randrange(600, 2 * 86400)
                lines.append(_audit(aid + 2, tid, at, requester, "Mail", [_comment(requester, at)]))
                at += rng.randrange(60, 3600)
                lines.append(_audit(aid + 3, tid, at, agent, "Web form", [_comment(agent, at, public=False)]))
            if end in ("solved", "closed", "hold"):
                at += rng.randrange(60, 86400)
                target = "hold" if end == "hold" else "solved"
                lines.append(
                    _audit(
                        aid + 4,
                        tid,
                        at,
                        agent,
                        "Web form",
                        [
                            {"event_type": "Change", "field_name": "status", "previous_value": status, "value": target},
                            _comment(agent, at),
                        ],
                    )
                )
                status = target
            if end == "closed":
                at += 4 * 86400
                lines.append(
                    _audit(
                        aid + 5,
                        tid,
                        at,
                        -1,
                        "Rule",
                        [
                            {
                                "event_type": "Change",
                                "field_name": "status",
                                "previous_value": "solved",
                                "value": "closed",
                            }
                        ],
                    )
                )
                status = "closed"
            aid += 6
            if rng.random() < 0.01:
                status = "deleted"
            if rng.random() < 0.05:  # an earlier version, exported before the ticket changed again
                tickets.write(_ticket(tid, created, created, "new", priority, requester, agent, channel, []) + "\n")
            tickets.write(_ticket(tid, created, at, status, priority, requester, agent, channel, ["order"]) + "\n")
            events.write("\n".join(lines) + "\n")
    return tickets_path, events_path


if __name__ == "__main__":
    write_export(int(sys.argv[1]), Path(sys.argv[2]))
