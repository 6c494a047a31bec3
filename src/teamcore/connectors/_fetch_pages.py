"""The paging patterns the helpdesk APIs share, each resumable from its last complete page.

- :func:`cursor_export`: Zendesk's cursor-based incremental exports (``after_cursor``, ``end_of_stream``): exact,
  nothing is returned twice.
- :func:`time_export`: Zendesk's time-based incremental exports (``start_time``, ``end_time``,
  ``end_of_stream``): the records at ``end_time`` come again, and the :class:`Boundary` drops them.
- :func:`since_list`: a list filtered by "changed since" and paged by a next link (Freshdesk's ``updated_since``
  with a ``Link`` header, Zendesk's ``next_page``): the boundary drops what an earlier page or run wrote.
- :func:`children`: the per-ticket records (conversations, articles, history, metrics) of the tickets written,
  each ticket's file replaced by its latest full list.

Each saves the state after every page, so a run cut at any point resumes without a gap, and a record written
twice is at worst a repeated version the adapters count (the latest ``updated_at`` wins), never a silent double.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from teamcore.connectors._fetch_http import Http, Response, next_link, shown_url
from teamcore.connectors._fetch_state import Boundary, Output, State
from teamcore.exceptions import FetchError

__all__ = [
    "Run",
    "all_pages",
    "children",
    "cursor_export",
    "epoch",
    "iso",
    "link_next",
    "records_of",
    "since_list",
    "time_export",
]


def epoch(value: object) -> int | None:
    """Epoch seconds of an API instant: a whole number as is, an ISO 8601 text with an offset parsed; else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if parsed.tzinfo is not None:
            return int(parsed.timestamp())
    return None


def iso(seconds: int) -> str:
    """Epoch seconds as an ISO 8601 UTC instant, ``2026-11-02T09:00:00Z``."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.define
class Run:
    """One fetch into one folder: the HTTP client, the state, the output, and what was done."""

    http: Http
    base: str
    state: State
    out: Output
    per_page: int
    since: int
    pages: int = 0
    records: Counter[str] = attrs.field(factory=Counter)
    missing: Counter[str] = attrs.field(factory=Counter)

    def get(self, url: str, params: Mapping[str, str | int] | None = None, *, missing_ok: bool = False) -> Response:
        """GET `url` (a path is joined to the base URL); a URL on another host is refused (it would get the token)."""
        if url.startswith("/"):
            url = self.base + url
        link, base = urlsplit(url), urlsplit(self.base)
        if (link.scheme, link.netloc) != (base.scheme, base.netloc):
            raise FetchError(
                shown_url(url), None, f"the API sent a link off the account's host ({self.base}); not followed"
            )
        return self.http.get(url, params, missing_ok=missing_ok)

    def page(self, entity: str, document: Any, count: int, *, sep: str = "-") -> None:
        """Write one page of `entity` as the next file in sequence (``tickets-000003.json``)."""
        st = self.state.entity(entity)
        seq = int(st.get("seq", 1))
        if self.out.write(f"{entity}{sep}{seq:06d}.json", document):
            self.records[entity] += count
        st["seq"] = seq + 1


def records_of(response: Response, key: str | None) -> list[Any]:
    """The list of records of a page (``body[key]``, or the body itself when `key` is ``None``).

    Raises
    ------
    FetchError
        If the page has no such list.
    """
    body = response.body
    found = body if key is None else (body.get(key) if isinstance(body, dict) else None)
    if not isinstance(found, list):
        expected = f"an object with a list {key!r}" if key is not None else "a list"
        raise FetchError(response.url, 200, f"expected {expected}, got {type(body).__name__}")
    return found


def _id(record: object) -> str:
    return str(record.get("id")) if isinstance(record, dict) else ""


def cursor_export(
    run: Run, entity: str, path: str, *, pending: Iterable[str] = (), keep: Callable[[Any], bool]
) -> None:
    """A cursor-based incremental export to its end; `keep` picks the records whose `pending` children to fetch."""
    st = run.state.entity(entity)
    while True:
        cursor = st.get("cursor")
        params: dict[str, str | int] = {"per_page": run.per_page}
        params.update({"cursor": cursor} if cursor else {"start_time": run.since})
        response = run.get(path, params)
        run.pages += 1
        records = records_of(response, entity)
        if records:
            run.page(entity, response.body, len(records))
            ids = [_id(r) for r in records if keep(r)]
            for child in pending:
                run.state.add_pending(child, ids)
        body = response.body
        after = body.get("after_cursor")
        if isinstance(after, str) and after:
            st["cursor"] = after
        run.state.save()
        if body.get("end_of_stream") is not False or not after:
            return


def time_export(
    run: Run, entity: str, path: str, key: Callable[[Any], int | None], extra: Mapping[str, str] | None = None
) -> None:
    """A time-based incremental export to its end, dropping the records at the boundary already written."""
    st = run.state.entity(entity)
    boundary = run.state.boundary(entity)
    while True:
        start = int(st.get("start_time", run.since))
        response = run.get(path, {"start_time": start, "per_page": run.per_page, **(extra or {})})
        run.pages += 1
        records = records_of(response, entity)
        kept = [r for r in records if boundary.fresh(key(r), _id(r))]
        if kept:
            run.page(entity, {**response.body, entity: kept}, len(kept))
        body = response.body
        done = body.get("end_of_stream") is True or not body.get("next_page") or not records
        end = body.get("end_time")
        if isinstance(end, int) and not isinstance(end, bool) and end > start:
            st["start_time"] = end
        elif not done and not kept:
            raise FetchError(response.url, 200, f"the export did not advance past start_time {start}")
        run.state.keep(entity, boundary)
        run.state.save()
        if done:
            return


def since_list(
    run: Run,
    entity: str,
    first: Callable[[int], tuple[str, dict[str, str | int]]],
    *,
    key: Callable[[Any], int | None],
    next_of: Callable[[Response], str | None],
    list_key: str | None = None,
    sep: str = "-",
    pending: Iterable[str] = (),
    keep: Callable[[Any], bool] = lambda _: True,
) -> None:
    """A list changed since the boundary, paged by next links; `first` makes the first request from the boundary.

    The list need not come oldest first: each record is checked against the boundary of the run before (kept
    while the run lasts, so a resumed run checks against the same), and the new boundary is taken at the end.
    """
    st = run.state.entity(entity)
    before = run.state.boundary(entity)
    after = Boundary.from_json(st.get("boundary_next")) if "boundary_next" in st else before.copy()
    url: str | None = st.get("next")
    params: dict[str, str | int] | None = None
    if not url:
        url, params = first(before.at if before.at is not None else run.since)
    while url:
        response = run.get(url, params)
        run.pages += 1
        records = records_of(response, list_key)
        kept = [r for r in records if before.newer(key(r), _id(r))]
        for record in kept:
            after.note(key(record), _id(record))
        if kept:
            doc = kept if list_key is None else {**response.body, list_key: kept}
            run.page(entity, doc, len(kept), sep=sep)
            ids = [_id(r) for r in kept if keep(r)]
            for child in pending:
                run.state.add_pending(child, ids)
        following = next_of(response)
        if following is not None and following == url and params is None:
            raise FetchError(response.url, 200, "the next page link points at this same page; paging stopped")
        url, params = following, None
        st["next"] = url
        st["boundary_next"] = after.as_json()
        run.state.save()
    st.pop("next", None)
    st.pop("boundary_next", None)
    run.state.keep(entity, after)
    run.state.save()


def children(run: Run, entity: str, fetch_one: Callable[[str], Any]) -> None:
    """Fetch the `entity` records of every pending ticket and write ``entity/<id>.json``.

    `fetch_one` returns the document to write, an empty one when the ticket has none (nothing is written), or
    ``None`` when the API no longer has the ticket (404: counted in :attr:`Run.missing`).
    """
    queue = run.state.pending.get(entity, [])
    while queue:
        ticket = queue[0]
        document = fetch_one(ticket)
        if document is None:
            run.missing[entity] += 1
        elif document and run.out.write(f"{entity}/{ticket}.json", document):
            run.records[entity] += len(document) if isinstance(document, list) else 1
        queue.pop(0)
        run.state.save()


def all_pages(run: Run, url: str, params: Mapping[str, str | int], *, missing_ok: bool = False) -> list[Any] | None:
    """Every record of a list paged by ``Link`` headers, or ``None`` when `missing_ok` and the first page is 404."""
    out: list[Any] = []
    next_url: str | None = url
    query: Mapping[str, str | int] | None = params
    while next_url:
        response = run.get(next_url, query, missing_ok=missing_ok)
        if response.body is None:
            return None
        run.pages += 1
        out.extend(records_of(response, None))
        next_url, query = link_next(response), None
    return out


def link_next(response: Response) -> str | None:
    """The next page of a response paged by a ``Link`` header (Freshdesk), or ``None``."""
    return next_link(response.headers)
