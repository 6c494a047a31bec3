"""The HTTP side of fetching: one GET with retries, back-off on 429 and 5xx, and errors that name the URL.

Credentials travel in the ``Authorization`` header only, so a URL in a message never carries a token. httpx is
imported by :func:`teamcore.connectors.fetch` (the ``fetch`` extra), not here: this module only types against it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit, urlunsplit

import attrs

from teamcore._rows import loads_json
from teamcore.exceptions import FetchError

if TYPE_CHECKING:
    import httpx

__all__ = ["Http", "Response", "next_link", "shown_url"]

_MAX_WAIT: Final = 600.0
"""The longest single wait (seconds), whatever ``Retry-After`` asks: a daily job should fail rather than hang."""

_LINK: Final = re.compile(r'<([^>]*)>\s*;\s*rel="?next"?', re.IGNORECASE)


def shown_url(url: str) -> str:
    """`url` without any user name or password (``https://user:pw@host/x`` → ``https://host/x``)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def next_link(headers: Mapping[str, str]) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (Freshdesk's paging), or ``None``."""
    found = _LINK.search(headers.get("link", ""))
    return found.group(1) if found else None


@attrs.frozen
class Response:
    """A JSON response: the document, its headers (lower-case names) and the URL it came from."""

    url: str
    body: Any
    headers: Mapping[str, str]


@attrs.define
class Http:
    """GET JSON with retries: ``Retry-After`` honoured on 429 and 503, exponential back-off on other 5xx.

    Attributes
    ----------
    client
        The httpx client.
    auth
        The ``Authorization`` header value.
    sleep
        Called with each wait in seconds (``time.sleep``; a test passes a recorder).
    max_retries
        Retries of one request before a :class:`FetchError`.
    secrets
        Texts never to show in a message (the token), besides :attr:`auth`.
    requests, retries, waits
        What happened: requests sent, retries made, and each wait.
    """

    client: httpx.Client
    auth: str
    sleep: Callable[[float], None]
    max_retries: int
    secrets: tuple[str, ...] = ()
    requests: int = 0
    retries: int = 0
    waits: list[float] = attrs.field(factory=list)

    def get(self, url: str, params: Mapping[str, str | int] | None = None, *, missing_ok: bool = False) -> Response:
        """GET `url` and parse its JSON; ``None`` body when `missing_ok` and the answer is 404.

        Raises
        ------
        FetchError
            On a redirect (not followed: the token would go with it); on 401, 403, 404 (unless `missing_ok`) and
            other 4xx; on 429 or 5xx still failing after
            :attr:`max_retries` retries; on a network error after the retries; on a body that is not JSON.
        """
        import httpx  # noqa: PLC0415 - the optional extra; fetch() checked that it is installed

        headers = {"Authorization": self.auth, "Accept": "application/json"}
        attempt = 0
        while True:
            self.requests += 1
            try:
                # No params at all for a next link: httpx would replace the link's own query with an empty one.
                answer = self.client.get(url, params=dict(params) if params else None, headers=headers)
            except httpx.HTTPError as err:
                reason = f"no response ({type(err).__name__}: {err})"
                shown = shown_url(str(err.request.url)) if _has_request(err) else shown_url(url)
                if attempt >= self.max_retries:
                    raise FetchError(shown, None, self._redact(f"{reason} after {attempt} retries")) from None
                self._wait(_backoff(attempt))
                attempt += 1
                continue
            shown = shown_url(str(answer.url))
            status = answer.status_code
            if status == 429 or status >= 500:
                if attempt >= self.max_retries:
                    raise FetchError(
                        shown, status, self._redact(f"still failing after {attempt} retries{_detail(answer)}")
                    )
                wait = _retry_after(answer.headers) if status in {429, 503} else None
                self._wait(_backoff(attempt) if wait is None else wait)
                attempt += 1
                continue
            if 300 <= status < 400:
                where = shown_url(answer.headers.get("location", "elsewhere"))
                raise FetchError(shown, status, f"redirected to {where}: give that address as the account")
            if status == 404 and missing_ok:
                return Response(shown, None, dict(answer.headers))
            if status >= 400:
                raise FetchError(shown, status, self._redact(_client_error(status) + _detail(answer)))
            try:
                body = loads_json(answer.content)
            except ValueError as err:
                raise FetchError(shown, status, f"the response is not JSON ({err})") from None
            return Response(shown, body, {k.lower(): v for k, v in answer.headers.items()})

    def _redact(self, text: str) -> str:
        """`text` with the credentials cut out, should a server echo them back in an error body."""
        for secret in (self.auth, *self.secrets):
            if secret:
                text = text.replace(secret, "***")
        return text

    def _wait(self, seconds: float) -> None:
        seconds = min(max(seconds, 0.0), _MAX_WAIT)
        self.retries += 1
        self.waits.append(seconds)
        self.sleep(seconds)


def _has_request(err: Exception) -> bool:
    try:
        err.request  # type: ignore[attr-defined]  # noqa: B018 - httpx raises RuntimeError when unset
    except (AttributeError, RuntimeError):
        return False
    return True


def _backoff(attempt: int) -> float:
    """1, 2, 4 … seconds, at most 60."""
    return float(min(2**attempt, 60))


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """The wait a ``Retry-After`` header asks: delta seconds, or an HTTP date relative to the ``Date`` header."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        now = email.utils.parsedate_to_datetime(headers["date"]) if "date" in headers else None
    except (TypeError, ValueError, IndexError):
        return None
    if now is None or when.tzinfo is None or now.tzinfo is None:
        return None  # without the server's clock a date cannot be turned into a wait without guessing ours
    return max((when - now) / dt.timedelta(seconds=1), 0.0)


def _client_error(status: int) -> str:
    if status == 401:
        return "not authorised: check the token (and for Zendesk the e-mail) in the environment"
    if status == 403:
        return "forbidden: the token has no access to this endpoint"
    if status == 404:
        return "not found: check the account (subdomain or base URL)"
    return "the request was refused"


def _detail(answer: httpx.Response) -> str:
    text = answer.text.strip().replace("\n", " ")
    return f" ({text[:160]})" if text else ""
