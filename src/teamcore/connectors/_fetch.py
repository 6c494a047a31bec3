"""Fetching from the live helpdesk APIs into a folder the adapters read: ``fetch`` then ``load_source``.

A run pulls what changed since the last run (the cursors are in the folder's ``.teamcore-fetch.json``), writes it
as the API's pages in the layout of the source's adapter, and saves the state after every page. Rate limits are
honoured (``Retry-After`` on 429 and 503, exponential back-off on other 5xx). httpx is the optional ``fetch``
extra, imported when a fetch starts.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from teamcore._optional import require
from teamcore.connectors._fetch_http import Http, shown_url
from teamcore.connectors._fetch_pages import Run
from teamcore.connectors._fetch_state import Output, State, locked
from teamcore.connectors._fetch_vendors import AUTH, DEFAULT_HOSTS, FETCHERS
from teamcore.exceptions import InvalidValue, NaiveDatetime, WrongType

if TYPE_CHECKING:
    import httpx

__all__ = ["FETCH_SOURCES", "FetchSummary", "account_url", "fetch"]

FETCH_SOURCES: Final = tuple(FETCHERS)
"""The sources :func:`fetch` knows: ``zendesk``, ``freshdesk``, ``zammad``."""


def _mapping(value: Mapping[str, int]) -> Mapping[str, int]:
    return dict(sorted(value.items()))


@attrs.frozen(kw_only=True)
class FetchSummary:
    """What one :func:`fetch` run did.

    Attributes
    ----------
    source, account
        The helpdesk and its base URL.
    out
        The folder written.
    pages
        Pages (responses) received.
    requests
        Requests sent, retries included.
    records
        Records written per entity (``tickets``, ``ticket_events``, ``conversations``…); an entity with nothing
        new is absent.
    files
        The files written or replaced, relative to `out` (the state file not included).
    missing
        Per entity, tickets whose per-ticket records the API no longer had (404: deleted in between).
    retries
        Requests retried after a 429, a 5xx or a network error.
    waits
        Each wait before a retry, in seconds (``Retry-After`` when the API gave one).
    state
        The cursors after the run, per entity (as in the state file, without Zammad's table of seen tickets).
    """

    source: str
    account: str
    out: str
    pages: int
    requests: int
    records: Mapping[str, int] = attrs.field(converter=_mapping)
    files: tuple[str, ...]
    missing: Mapping[str, int] = attrs.field(converter=_mapping)
    retries: int
    waits: tuple[float, ...]
    state: Mapping[str, Any] = attrs.field(eq=False, repr=False)

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return bool(self.files)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "source": self.source,
            "account": self.account,
            "out": self.out,
            "pages": self.pages,
            "requests": self.requests,
            "records": dict(self.records),
            "files": list(self.files),
            "missing": dict(self.missing),
            "retries": self.retries,
            "waits": list(self.waits),
            "state": dict(self.state),
        }


def account_url(source: str, account: str) -> str:
    """The base URL of `account`: a Zendesk subdomain or Freshdesk domain name, or a full ``https://`` URL.

    Examples
    --------
    >>> account_url("zendesk", "northwind"), account_url("zammad", "https://help.example.org/")
    ('https://northwind.zendesk.com', 'https://help.example.org')

    Raises
    ------
    InvalidValue
        If `account` is empty, not a URL for Zammad, or a URL with credentials, a path or a query.
    """
    text = account.strip() if isinstance(account, str) else ""
    if not text:
        raise InvalidValue("account", account, "a subdomain (Zendesk, Freshdesk) or a base URL such as https://host")
    if "://" not in text:
        if source not in DEFAULT_HOSTS or not text.replace("-", "").isalnum():
            raise InvalidValue(
                "account", account, "a base URL such as https://help.example.org (a name alone for Zendesk/Freshdesk)"
            )
        return DEFAULT_HOSTS[source].format(text.lower())
    base = text.rstrip("/")
    shown = shown_url(base)
    if shown != base or not base.startswith(("https://", "http://")) or "?" in base or base.count("/") > 2:
        raise InvalidValue("account", shown, "a base URL without credentials, path or query: https://host[:port]")
    return base


def _since(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValue(
                "since", value, "an ISO 8601 instant with an offset, such as 2026-11-01T00:00:00Z"
            ) from None
    if not isinstance(value, dt.datetime):
        raise WrongType("since", value, "an aware datetime or an ISO 8601 instant")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetime("since", value, "an aware datetime (with a timezone or offset)")
    return max(int(value.timestamp()), 0)


def fetch(
    source: str,
    account: str,
    out_dir: str | os.PathLike[str],
    *,
    token: str,
    email: str | None = None,
    since: dt.datetime | str | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_retries: int = 5,
    per_page: int = 100,
) -> FetchSummary:
    """Fetch what changed in a helpdesk since the last run into `out_dir`, in the layout its adapter reads.

    The first run into a folder pulls everything changed since `since` (default: everything); each later run
    continues from the cursors in ``out_dir/.teamcore-fetch.json`` (`since` is then ignored) and writes only what
    changed, so a run with nothing new writes nothing. The state is saved after every page: a run cut short
    (network down, Ctrl-C, a permanent error) resumes from its last complete page. A record written again (a
    ticket updated since) is a newer version, and the adapters keep the latest (``updated_at``) and count the
    others. Two runs into one folder at once are refused.

    Parameters
    ----------
    source
        ``zendesk``, ``freshdesk`` or ``zammad`` (:data:`FETCH_SOURCES`).
    account
        The Zendesk subdomain or Freshdesk domain name (``northwind``), or a base URL (``https://host[:port]``;
        required for Zammad).
    out_dir
        The folder to write; :func:`load_source` with the same `source` reads it.
    token
        The API token (Zendesk API token or OAuth token, Freshdesk API key, Zammad token); sent in the
        ``Authorization`` header only, never shown.
    email
        Zendesk: the agent's e-mail for an API token (``email/token:TOKEN``); without it `token` is sent as an
        OAuth bearer token. Ignored by the others.
    since
        Where the first run starts (an aware datetime or ISO 8601 text).
    client
        An ``httpx.Client`` to use (proxies, certificates); default a new one with a 60 s timeout.
    sleep
        Called with each wait in seconds before a retry (``time.sleep``).
    max_retries
        Retries of one request after a 429, a 5xx or a network error before giving up.
    per_page
        Records per page asked of the API (1 to 100; Freshdesk and Zammad allow at most 100).

    Returns
    -------
    FetchSummary
        Pages, records per entity, files written, retries and waits, and the cursors.

    Raises
    ------
    MissingDependency
        If httpx (the ``fetch`` extra) is not installed.
    FetchError
        On an HTTP error (401, 403, 404, a 429 or 5xx after the retries), a response that is not JSON, another
        fetch running into `out_dir`, or a state file of another source or account; naming the URL (without the
        token) and the status.
    InvalidValue
        If `source`, `account`, `since`, `max_retries` or `per_page` is invalid.
    """
    if source not in FETCHERS:
        raise InvalidValue("source", source, f"one of {', '.join(FETCH_SOURCES)}")
    base = account_url(source, account)
    if not isinstance(token, str) or not token.strip():
        raise InvalidValue("token", "(hidden)", "a non-empty API token")
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= 100:
        raise InvalidValue("per_page", per_page, "a whole number from 1 to 100")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InvalidValue("max_retries", max_retries, "a whole number ≥ 0")
    start = _since(since)
    httpx_module = require("httpx", "fetch", "fetching from a helpdesk API")
    folder = Path(out_dir)
    with locked(folder):
        state = State.open(folder, source, base)
        own = client is None
        session: httpx.Client = httpx_module.Client(timeout=60.0) if client is None else client
        http = Http(session, AUTH[source](token.strip(), email), sleep, max_retries, (token.strip(),))
        run = Run(http, base, state, Output(folder), per_page, start)
        try:
            FETCHERS[source](run)
        finally:
            if own:
                session.close()
        state.save()
    return FetchSummary(
        source=source,
        account=base,
        out=str(folder),
        pages=run.pages,
        requests=http.requests,
        records=run.records,
        files=tuple(dict.fromkeys(str(p.relative_to(folder)) for p in run.out.written)),
        missing=run.missing,
        retries=http.retries,
        waits=tuple(http.waits),
        state={name: {k: v for k, v in st.items() if k != "seen"} for name, st in state.entities.items()},
    )
