"""What is fetched from each helpdesk, and the files it lands in (the layout its adapter reads).

| source | list endpoints (changed since the last run) | per changed ticket |
|---|---|---|
| Zendesk | incremental tickets and users (cursor), ticket events and ticket metric events (time-based), satisfaction ratings (``start_time``) | ticket metrics |
| Freshdesk | tickets (``updated_since``, ``include=stats``), satisfaction ratings (``created_since``), agents (all, file replaced when changed) | conversations, time entries |
| Zammad | tickets (every page; only the changed ones written) | articles, history |
"""  # noqa: E501 - a table

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from teamcore.connectors._fetch_http import Response
from teamcore.connectors._fetch_pages import (
    Run,
    all_pages,
    children,
    cursor_export,
    epoch,
    iso,
    link_next,
    records_of,
    since_list,
    time_export,
)

__all__ = ["AUTH", "DEFAULT_HOSTS", "FETCHERS"]


def _field(name: str, *fallbacks: str) -> Callable[[Any], int | None]:
    def key(record: Any) -> int | None:
        if not isinstance(record, dict):
            return None
        for field in (name, *fallbacks):
            found = epoch(record.get(field))
            if found is not None:
                return found
        return None

    return key


def _not(field: str, *values: object) -> Callable[[Any], bool]:
    return lambda record: isinstance(record, dict) and record.get(field) not in values


def _body_next(response: Response) -> str | None:
    found = response.body.get("next_page") if isinstance(response.body, dict) else None
    return found if isinstance(found, str) and found else None


def fetch_zendesk(run: Run) -> None:
    """Zendesk: the Incremental Exports, satisfaction ratings, and Ticket Metrics of each changed ticket."""
    cursor_export(
        run,
        "tickets",
        "/api/v2/incremental/tickets/cursor.json",
        pending=("ticket_metrics",),
        keep=_not("status", "deleted"),
    )
    cursor_export(run, "users", "/api/v2/incremental/users/cursor.json", keep=lambda _: False)
    time_export(
        run,
        "ticket_events",
        "/api/v2/incremental/ticket_events.json",
        _field("created_at", "timestamp"),
        {"include": "comment_events"},
    )
    time_export(run, "ticket_metric_events", "/api/v2/incremental/ticket_metric_events.json", _field("time"))
    since_list(
        run,
        "satisfaction_ratings",
        lambda at: ("/api/v2/satisfaction_ratings", {"start_time": at, "per_page": run.per_page}),
        key=_field("created_at"),
        next_of=_body_next,
        list_key="satisfaction_ratings",
    )

    def metrics(ticket: str) -> Any:
        response = run.get(f"/api/v2/tickets/{ticket}/metrics.json", missing_ok=True)
        if response.body is None:
            return None
        run.pages += 1
        found = response.body.get("ticket_metric") if isinstance(response.body, dict) else None
        # The adapter reads pages by their list: one ticket's metrics as a page of one.
        return {"ticket_metrics": [found]} if isinstance(found, dict) else {}

    children(run, "ticket_metrics", metrics)


def fetch_freshdesk(run: Run) -> None:
    """Freshdesk: tickets changed since the last run with their conversations and time entries; ratings; agents."""
    since_list(
        run,
        "tickets",
        lambda at: (
            "/api/v2/tickets",
            {
                "updated_since": iso(at),
                "order_by": "updated_at",
                "order_type": "asc",
                "include": "stats",
                "per_page": run.per_page,
                "page": 1,
            },
        ),
        key=_field("updated_at"),
        next_of=link_next,
        sep="_",
        pending=("conversations", "time_entries"),
        keep=lambda t: isinstance(t, dict) and not t.get("deleted") and not t.get("spam"),
    )
    since_list(
        run,
        "satisfaction_ratings",
        lambda at: (
            "/api/v2/surveys/satisfaction_ratings",
            {"created_since": iso(at), "per_page": run.per_page, "page": 1},
        ),
        key=_field("created_at"),
        next_of=link_next,
        sep="_",
    )
    agents = all_pages(run, "/api/v2/agents", {"per_page": run.per_page, "page": 1})
    if agents is not None and run.out.write("agents.json", agents):
        run.records["agents"] += len(agents)
    for entity in ("conversations", "time_entries"):
        children(run, entity, _per_ticket(run, "/api/v2/tickets/{}/" + entity, {"per_page": run.per_page}))


def _per_ticket(run: Run, path: str, params: Mapping[str, str | int]) -> Callable[[str], Any]:
    def one(ticket: str) -> Any:
        return all_pages(run, path.format(ticket), params, missing_ok=True)

    return one


def fetch_zammad(run: Run) -> None:
    """Zammad: every page of tickets, the changed ones written, with their articles and history."""
    st = run.state.entity("tickets")
    seen: dict[str, Any] = st.setdefault("seen", {})
    while True:
        page = int(st.get("page", 1))
        response = run.get("/api/v1/tickets", {"page": page, "per_page": run.per_page, "expand": "true"})
        run.pages += 1
        records = records_of(response, None)
        changed = [t for t in records if isinstance(t, dict) and seen.get(str(t.get("id"))) != t.get("updated_at")]
        if changed:
            run.page("tickets", changed, len(changed), sep="_")
            for ticket in changed:
                seen[str(ticket.get("id"))] = ticket.get("updated_at")
            ids = [str(t.get("id")) for t in changed]
            run.state.add_pending("ticket_articles", ids)
            run.state.add_pending("ticket_history", ids)
        st["page"] = page + 1
        run.state.save()
        if len(records) < run.per_page:
            break
    st.pop("page", None)
    run.state.save()

    def articles(ticket: str) -> Any:
        response = run.get(f"/api/v1/ticket_articles/by_ticket/{ticket}", missing_ok=True)
        run.pages += response.body is not None
        return response.body

    def history(ticket: str) -> Any:
        response = run.get(f"/api/v1/ticket_history/{ticket}", missing_ok=True)
        run.pages += response.body is not None
        body = response.body
        if body is None:
            return None
        return body if isinstance(body, dict) and body.get("history") else {}  # none yet: the adapter says no_history

    children(run, "ticket_articles", articles)
    children(run, "ticket_history", history)


FETCHERS: Final[dict[str, Callable[[Run], None]]] = {
    "zendesk": fetch_zendesk,
    "freshdesk": fetch_freshdesk,
    "zammad": fetch_zammad,
}
"""The fetch of each source :func:`teamcore.connectors.fetch` knows."""

DEFAULT_HOSTS: Final = {"zendesk": "https://{}.zendesk.com", "freshdesk": "https://{}.freshdesk.com"}
"""The base URL of an account given by its name; Zammad is self-hosted and needs its host."""


def _basic(user: str, password: str) -> str:
    import base64  # noqa: PLC0415 - only here

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


AUTH: Final[dict[str, Callable[[str, str | None], str]]] = {
    "zendesk": lambda token, email: _basic(f"{email}/token", token) if email else f"Bearer {token}",
    "freshdesk": lambda token, _email: _basic(token, "X"),
    "zammad": lambda token, _email: f"Token token={token}",
}
"""The ``Authorization`` header of each source: Zendesk ``email/token:TOKEN`` (or an OAuth bearer token),
Freshdesk ``API_KEY:X``, Zammad ``Token token=…``."""
