"""A fake Zendesk, Freshdesk or Zammad on the loopback address, serving the connector fixtures as their APIs do.

A real HTTP server (``http.server.ThreadingHTTPServer`` in a thread) that enforces what a client must get right:
the ``Authorization`` header, ``per_page`` limits, Zendesk's cursors and ``start_time``, Freshdesk's ``Link``
header and ``updated_since``, Zammad's ``page``. Faults are planned per path: :meth:`FakeHelpdesk.fail` answers
the n-th request to a path with a status (429 with ``Retry-After``, 503 once), :meth:`FakeHelpdesk.break_from`
fails every request from the n-th on (a permanent outage), :attr:`FakeHelpdesk.bodies` answers a path with a
given JSON body and :attr:`FakeHelpdesk.bad_json` with a body that is not JSON. :attr:`FakeHelpdesk.now` hides
every record changed after it, as the live API would not have it yet; :meth:`FakeHelpdesk.update_ticket` adds a
new version.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

DATA = Path(__file__).parent / "data"
TOKEN = "s3cret-token-do-not-show"
EMAIL = "lead@example.com"
FOREVER = 10**12


def epoch(value: object) -> int:
    """Epoch seconds of an API instant (an ISO text with an offset, or a number)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(dt.datetime.fromisoformat(value).timestamp())
    return 0


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class _Reply(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


class FakeHelpdesk:
    """One vendor's API over the fixture data; use as a context manager (``with FakeHelpdesk("zendesk") as api``)."""

    def __init__(self, vendor: str, *, max_per_page: int = 100) -> None:
        self.vendor = vendor
        self.max_per_page = max_per_page
        self.now = FOREVER
        self.hits: Counter[str] = Counter()
        self.planned: dict[tuple[str, int], tuple[int, dict[str, str]]] = {}
        self.broken: dict[str, int] = {}
        self.bad_json: set[str] = set()
        self.bodies: dict[str, Any] = {}
        self.lock = threading.Lock()
        getattr(self, f"_load_{vendor}")()
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHelpdesk:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    # --- planning faults -------------------------------------------------------------------------------------

    def fail(
        self, path: str, nth: int, status: int, retry_after: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        """Answer the `nth` request (1-based) to `path` with `status` (and ``Retry-After``, `headers`), once."""
        extra = {"Retry-After": retry_after} if retry_after is not None else {}
        self.planned[(path, nth)] = (status, {**extra, **(headers or {})})

    def break_from(self, path: str, nth: int) -> None:
        """Answer every request to `path` from the `nth` on with 500: an outage until :meth:`heal`."""
        self.broken[path] = nth

    def heal(self) -> None:
        """End every outage and planned fault."""
        self.broken.clear()
        self.planned.clear()

    # --- the data --------------------------------------------------------------------------------------------

    def _load_zendesk(self) -> None:
        paged = DATA / "zendesk" / "paged"
        tickets = [t for f in sorted(paged.glob("tickets-*.json")) for t in _load(f)["tickets"]]
        self.log: list[dict[str, Any]] = sorted(tickets, key=lambda t: t["generated_timestamp"])
        self.users = _load(paged / "users.json")["users"]
        self.events = [e for f in sorted(paged.glob("ticket_events-*.json")) for e in _load(f)["ticket_events"]]
        self.metric_events = _load(paged / "ticket_metric_events.json")["ticket_metric_events"]
        self.ratings = _load(paged / "satisfaction_ratings.json")["satisfaction_ratings"]
        self.metrics = {str(m["ticket_id"]): m for m in _load(paged / "ticket_metrics.json")["ticket_metrics"]}

    def _load_freshdesk(self) -> None:
        base = DATA / "freshdesk"
        self.versions: list[dict[str, Any]] = [t for f in sorted(base.glob("tickets_*.json")) for t in _load(f)]
        self.children: dict[str, dict[str, list[Any]]] = {"conversations": defaultdict(list)}
        for record in _load(base / "conversations_page1.json"):
            self.children["conversations"][str(record["ticket_id"])].append(record)
        for file in sorted((base / "conversations").glob("*.json")):
            self.children["conversations"][file.stem].extend(_load(file))
        self.children["time_entries"] = defaultdict(list)
        for record in _load(base / "time_entries.json"):
            self.children["time_entries"][str(record["ticket_id"])].append(record)
        self.ratings = _load(base / "satisfaction_ratings.json")
        self.agents = _load(base / "agents.json")

    def _load_zammad(self) -> None:
        base = DATA / "zammad"
        self.versions = [t for f in sorted(base.glob("tickets_*.json")) for t in _load(f)]
        self.articles = {f.stem: _load(f) for f in (base / "ticket_articles").glob("*.json")}
        self.history = {f.stem: _load(f)["history"] for f in (base / "ticket_history").glob("*.json")}

    def update_ticket(self, ticket_id: int, at: str, **fields: Any) -> None:
        """A new version of a ticket, changed at `at` (ISO): `fields` over its latest version."""
        if self.vendor == "zendesk":
            latest = next(t for t in reversed(self.log) if t["id"] == ticket_id)
            self.log.append({**latest, **fields, "updated_at": at, "generated_timestamp": epoch(at)})
        else:
            latest = max((t for t in self.versions if t["id"] == ticket_id), key=lambda t: epoch(t["updated_at"]))
            self.versions.append({**latest, **fields, "updated_at": at})

    def instants(self) -> list[int]:
        """Every instant at which a record of the data changes, sorted (to cut the data into runs)."""
        if self.vendor == "zendesk":
            found = [t["generated_timestamp"] for t in self.log]
            found += [epoch(e["created_at"]) for e in self.events] + [epoch(e["time"]) for e in self.metric_events]
            found += [epoch(r["created_at"]) for r in self.ratings]
        else:
            found = [epoch(t["updated_at"]) for t in self.versions]
        return sorted(set(found))

    def _latest(self) -> list[dict[str, Any]]:
        """Per ticket id, its latest version changed by :attr:`now`, by id."""
        latest: dict[int, dict[str, Any]] = {}
        for t in self.versions:
            if epoch(t["updated_at"]) <= self.now and (
                t["id"] not in latest or epoch(t["updated_at"]) >= epoch(latest[t["id"]]["updated_at"])
            ):
                latest[t["id"]] = t
        return [latest[k] for k in sorted(latest)]

    # --- answering -------------------------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, str], auth: str | None) -> tuple[int, Any, dict[str, str]]:
        """The status, JSON body and headers of a GET."""
        with self.lock:
            self.hits[path] += 1
            nth = self.hits[path]
            if auth != self._expected_auth():
                # Echoing what it received, as a careless server might: the client must not show it.
                return 401, {"error": "Couldn't authenticate you", "authorization": auth}, {}
            if path in self.broken and nth >= self.broken[path]:
                return 500, {"error": "InternalServerError"}, {}
            if (path, nth) in self.planned:
                status, headers = self.planned.pop((path, nth))
                return status, {"error": "planned fault"}, headers
            if path in self.bodies:
                return 200, self.bodies[path], {}
            try:
                per_page = int(query.get("per_page", "100"))
                if not 1 <= per_page <= self.max_per_page:
                    raise _Reply(400, {"error": f"per_page must be 1..{self.max_per_page}"})
                body, headers = getattr(self, f"_{self.vendor}")(path, query, per_page)
            except _Reply as reply:
                return reply.status, reply.body, reply.headers
            return 200, body, headers

    def _expected_auth(self) -> str:
        if self.vendor == "zendesk":
            return "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
        if self.vendor == "freshdesk":
            return "Basic " + base64.b64encode(f"{TOKEN}:X".encode()).decode()
        return f"Token token={TOKEN}"

    def _link(self, path: str, query: dict[str, str]) -> str:
        return f"{self.url}{path}?{urlencode(query)}"

    def _zendesk(self, path: str, q: dict[str, str], per_page: int) -> tuple[Any, dict[str, str]]:
        if path in {"/api/v2/incremental/tickets/cursor.json", "/api/v2/incremental/users/cursor.json"}:
            name = "tickets" if "tickets" in path else "users"
            log = [t for t in self.log if t["generated_timestamp"] <= self.now] if name == "tickets" else self.users
            if "cursor" in q:
                try:
                    start = int(base64.b64decode(q["cursor"]).decode())
                except ValueError:
                    raise _Reply(400, {"error": "InvalidCursor"}) from None
            elif "start_time" in q:
                since = int(q["start_time"])
                start = next(
                    (i for i, t in enumerate(log) if epoch(t.get("generated_timestamp", 0)) >= since), len(log)
                )
            else:
                raise _Reply(400, {"error": "start_time or cursor is required"})
            page = log[start : start + per_page]
            after = base64.b64encode(str(start + len(page)).encode()).decode()
            done = start + len(page) >= len(log)
            return {
                name: page,
                "after_cursor": after,
                "after_url": self._link(path, {"cursor": after}),
                "before_cursor": None,
                "before_url": None,
                "end_of_stream": done,
            }, {}
        if path in {"/api/v2/incremental/ticket_events.json", "/api/v2/incremental/ticket_metric_events.json"}:
            name, field = (
                ("ticket_events", "created_at") if "ticket_events" in path else ("ticket_metric_events", "time")
            )
            if "start_time" not in q:
                raise _Reply(400, {"error": "start_time is required"})
            start = int(q["start_time"])
            records = self.events if name == "ticket_events" else self.metric_events
            key = lambda r: epoch(r[field])  # noqa: E731
            chosen = sorted((r for r in records if start <= key(r) <= self.now), key=lambda r: (key(r), r["id"]))
            page = chosen[:per_page]
            # A page ends with every record of its last second; a page of one second only takes the next ones too.
            while len(page) < len(chosen) and (key(chosen[len(page)]) == key(page[-1]) or key(page[-1]) == start):
                page.append(chosen[len(page)])
            end = key(page[-1]) if page else start
            done = len(page) == len(chosen)
            return {
                name: page,
                "next_page": self._link(path, {**q, "start_time": str(end)}),
                "count": len(page),
                "end_time": end,
                "end_of_stream": done,
            }, {}
        if path == "/api/v2/satisfaction_ratings":
            start = int(q.get("start_time", "0"))
            chosen = [r for r in self.ratings if start <= epoch(r["created_at"]) <= self.now]
            number = int(q.get("page", "1"))
            page = chosen[(number - 1) * per_page : number * per_page]
            more = number * per_page < len(chosen)
            return {
                "satisfaction_ratings": page,
                "next_page": self._link(path, {**q, "page": str(number + 1)}) if more else None,
                "previous_page": None,
                "count": len(chosen),
            }, {}
        if path.startswith("/api/v2/tickets/") and path.endswith("/metrics.json"):
            metric = self.metrics.get(path.split("/")[4])
            if metric is None or epoch(metric["updated_at"]) > self.now:
                raise _Reply(404, {"error": "RecordNotFound"})
            return {"ticket_metric": metric}, {}
        raise _Reply(404, {"error": "InvalidEndpoint"})

    def _paged(self, path: str, q: dict[str, str], records: list[Any], per_page: int) -> tuple[Any, dict[str, str]]:
        try:
            number = int(q.get("page", "1"))
        except ValueError:
            raise _Reply(400, {"error": "page must be a number"}) from None
        page = records[(number - 1) * per_page : number * per_page]
        headers = {}
        if number * per_page < len(records):
            headers["Link"] = f'<{self._link(path, {**q, "page": str(number + 1)})}>; rel="next"'
        return page, headers

    def _freshdesk(self, path: str, q: dict[str, str], per_page: int) -> tuple[Any, dict[str, str]]:
        if path == "/api/v2/tickets":
            since = epoch(q["updated_since"]) if "updated_since" in q else self.now - 30 * 86400
            if q.get("order_by") != "updated_at" or q.get("order_type") != "asc":
                raise _Reply(400, {"error": "this fake pages only by updated_at ascending"})
            chosen = sorted(
                (t for t in self._latest() if epoch(t["updated_at"]) >= since),
                key=lambda t: (epoch(t["updated_at"]), t["id"]),
            )
            return self._paged(path, q, chosen, per_page)
        if path == "/api/v2/surveys/satisfaction_ratings":
            since = epoch(q.get("created_since", "1970-01-01T00:00:00Z"))
            chosen = [r for r in self.ratings if since <= epoch(r["created_at"]) <= self.now]
            return self._paged(path, q, chosen, per_page)
        if path == "/api/v2/agents":
            return self._paged(path, q, self.agents, per_page)
        parts = path.split("/")
        if len(parts) == 6 and parts[3] == "tickets" and parts[5] in self.children:
            if not any(t["id"] == int(parts[4]) for t in self._latest()):
                raise _Reply(404, {"error": "not found"})
            records = [r for r in self.children[parts[5]][parts[4]] if epoch(r["created_at"]) <= self.now]
            return self._paged(path, q, records, per_page)
        raise _Reply(404, {"error": "not found"})

    def _zammad(self, path: str, q: dict[str, str], per_page: int) -> tuple[Any, dict[str, str]]:
        if path == "/api/v1/tickets":
            if "page" not in q:
                raise _Reply(400, {"error": "page is required by this fake"})
            page, _ = self._paged(path, q, self._latest(), per_page)
            return page, {}
        if path.startswith("/api/v1/ticket_articles/by_ticket/"):
            ticket = path.rsplit("/", 1)[1]
            return [a for a in self.articles.get(ticket, []) if epoch(a["created_at"]) <= self.now], {}
        if path.startswith("/api/v1/ticket_history/"):
            ticket = path.rsplit("/", 1)[1]
            entries = [h for h in self.history.get(ticket, []) if epoch(h["created_at"]) <= self.now]
            return {"history": entries, "assets": {}}, {}
        raise _Reply(404, {"error": "not found"})


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHelpdesk

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        status, body, headers = self.fake.answer(parts.path, query, self.headers.get("Authorization"))
        data = b"{not json" if parts.path in self.fake.bad_json else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) with its bytes, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def iter_paths(folder: Path) -> Iterator[str]:
    """The relative paths of the visible export files under `folder`."""
    for p in sorted(folder.rglob("*.json")):
        if not any(part.startswith(".") for part in p.relative_to(folder).parts):
            yield str(p.relative_to(folder))
