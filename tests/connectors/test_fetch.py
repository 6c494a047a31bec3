"""Fetching from the helpdesk APIs: against a real HTTP server on the loopback address serving the fixtures."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from teamcore.cli._json_schemas import command_schema
from teamcore.connectors import FETCH_SOURCES, FetchSummary, fetch, load_source
from teamcore.connectors._fetch import account_url
from teamcore.connectors._fetch_http import _retry_after
from teamcore.connectors._fetch_pages import iso
from teamcore.exceptions import FetchError, MissingDependency, ValidationError
from tests.connectors.fake_helpdesk import DATA, EMAIL, FOREVER, TOKEN, FakeHelpdesk, iter_paths, tree

ROOT = Path(__file__).parents[2]
FIXTURES = {"zendesk": DATA / "zendesk" / "paged", "freshdesk": DATA / "freshdesk", "zammad": DATA / "zammad"}
TICKETS_PATH = {
    "zendesk": "/api/v2/incremental/tickets/cursor.json",
    "freshdesk": "/api/v2/tickets",
    "zammad": "/api/v1/tickets",
}
"""The list endpoint of each vendor's tickets, where faults are planned."""
PER_PAGE = 2
"""Small pages, so that every fixture spans several."""


def run_fetch(api: FakeHelpdesk, out: Path, **options: Any) -> FetchSummary:
    """One fetch of `api` into `out`, with small pages and the sleep recorded nowhere unless given."""
    options.setdefault("sleep", lambda _seconds: None)
    options.setdefault("per_page", PER_PAGE)
    email = EMAIL if api.vendor == "zendesk" else None
    return fetch(api.vendor, api.url, out, token=TOKEN, email=email, **options)


def frames(source: str, folder: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The canonical tickets and events the adapter reads from `folder`, in a stable order."""
    result = load_source(source, folder)
    out = []
    for loaded in (result.tickets, result.events):
        frame = loaded.frame.collect() if isinstance(loaded.frame, pl.LazyFrame) else loaded.frame
        out.append(frame.sort(frame.columns, nulls_last=True))
    return out[0], out[1]


def same(source: str, one: Path, other: Path) -> bool:
    """Whether two folders give the adapter equal tickets and equal events."""
    (t1, e1), (t2, e2) = frames(source, one), frames(source, other)
    return t1.equals(t2) and e1.equals(e2)


@pytest.fixture(params=FETCH_SOURCES)
def api(request: pytest.FixtureRequest) -> Any:
    with FakeHelpdesk(request.param) as fake:
        yield fake


class TestFetch:
    def test_everything_arrives(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """The fetched folder gives the adapter the same tickets and events as the fixture it was served from."""
        summary = run_fetch(api, tmp_path)
        assert summary.pages > len(FIXTURES)
        assert summary.records["tickets"] > 0
        tickets, events = frames(api.vendor, tmp_path)
        expected_tickets, expected_events = frames(api.vendor, FIXTURES[api.vendor])
        assert tickets.equals(expected_tickets)
        assert events.equals(expected_events)
        assert len(tickets) > 3
        assert len(events) > 10

    def test_layout_is_the_adapters(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """Pages land as numbered files and per-ticket records as one file per ticket; the state file is hidden."""
        summary = run_fetch(api, tmp_path)
        paths = list(iter_paths(tmp_path))
        assert sorted(summary.files) == paths
        sep = "-" if api.vendor == "zendesk" else "_"
        assert f"tickets{sep}000001.json" in paths
        assert f"tickets{sep}000002.json" in paths
        per_ticket = {"zendesk": "ticket_metrics", "freshdesk": "conversations", "zammad": "ticket_history"}
        assert any(p.startswith(per_ticket[api.vendor] + "/") for p in paths)
        assert (tmp_path / ".teamcore-fetch.json").is_file()
        assert not any(p.startswith(".") for p in summary.files)

    def test_retry_after_is_honoured(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A 429 with Retry-After on a page's first hit and a 503 once: waited as told, then everything arrives."""
        path = TICKETS_PATH[api.vendor]
        api.fail(path, 1, 429, retry_after="7")  # page 1, first hit
        api.fail(path, 3, 503, retry_after="3")  # page 2, first hit
        api.fail(path, 5, 502)  # page 3, first hit; no Retry-After: back-off, 1 s first
        waits: list[float] = []
        summary = run_fetch(api, tmp_path, sleep=waits.append)
        assert waits == [7.0, 3.0, 1.0]
        assert summary.waits == (7.0, 3.0, 1.0)
        assert summary.retries == 3
        assert frames(api.vendor, tmp_path)[0].equals(frames(api.vendor, FIXTURES[api.vendor])[0])

    def test_second_run_writes_nothing(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A run with nothing new on the server fetches no record and changes no file, the state file included."""
        run_fetch(api, tmp_path)
        before = tree(tmp_path)
        again = run_fetch(api, tmp_path)
        assert again.files == ()
        assert dict(again.records) == {}
        assert not again.changed
        assert tree(tmp_path) == before

    def test_update_is_picked_up_once(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A ticket changed after run 1 comes in run 2; the adapter keeps its new version and counts the old one."""
        run_fetch(api, tmp_path)
        ticket = {"zendesk": 101, "freshdesk": 102, "zammad": 2}[api.vendor]
        team = {"zendesk": 360000020, "freshdesk": 88, "zammad": 9}[api.vendor]
        group = {"group_id": team}
        api.update_ticket(ticket, "2026-11-20T10:00:00Z", **group)
        before = load_source(api.vendor, tmp_path)
        second = run_fetch(api, tmp_path)
        assert second.records["tickets"] == 1
        after = load_source(api.vendor, tmp_path)
        rows = after.tickets.frame.filter(pl.col("ticket_id") == str(ticket))
        assert rows["team"].to_list() == [str(team)]
        tickets_in = {c.entity: c.records_in for c in before.counts}["tickets"]
        assert {c.entity: c.records_in for c in after.counts}["tickets"] == tickets_in + 1
        assert after.tickets.loaded == before.tickets.loaded

    def test_since_starts_the_first_run_only(self, tmp_path: Path) -> None:
        """`since` picks where the first run starts; a later run continues from the state, whatever `since` says."""
        with FakeHelpdesk("zendesk") as api:
            first = run_fetch(api, tmp_path, since="2026-11-05T00:00:00Z")
            later = [t for t in api.log if t["updated_at"] >= "2026-11-05T00:00:00Z"]
            assert first.records["tickets"] == len(later) == 6
            again = run_fetch(api, tmp_path, since="2026-01-01T00:00:00Z")
        assert "tickets" not in again.records

    def test_change_in_the_boundary_second(self, tmp_path: Path) -> None:
        """A ticket changed in the same second as the newest one of run 1, after run 1: run 2 fetches it, alone."""
        with FakeHelpdesk("freshdesk") as api:
            first = run_fetch(api, tmp_path)
            newest = first.state["tickets"]["boundary"]["at"]
            api.update_ticket(103, iso(newest), group_id=99)
            second = run_fetch(api, tmp_path)
        assert dict(second.records) == {"tickets": 1}
        rows = load_source("freshdesk", tmp_path).tickets.frame.filter(pl.col("ticket_id") == "103")
        assert rows["team"].to_list() == ["99"]

    def test_interrupted_run_resumes(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """The server fails for good from page 3: the run stops; a resumed run ends equal to one clean run."""
        api.break_from(TICKETS_PATH[api.vendor], 3)
        with pytest.raises(FetchError, match="HTTP 500"):
            run_fetch(api, tmp_path / "cut", max_retries=1)
        state = json.loads((tmp_path / "cut" / ".teamcore-fetch.json").read_text())
        assert state["entities"]["tickets"]["seq"] == 3  # two pages written, the third to come
        api.heal()
        resumed = run_fetch(api, tmp_path / "cut")
        assert "tickets_000001.json" not in resumed.files
        assert "tickets-000001.json" not in resumed.files
        run_fetch(api, tmp_path / "clean")
        assert same(api.vendor, tmp_path / "cut", tmp_path / "clean")
        assert load_source(api.vendor, tmp_path / "cut").counts == load_source(api.vendor, tmp_path / "clean").counts

    def test_unauthorised_names_url_not_token(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A wrong token: FetchError with the URL and 401, and no token in the message, even echoed by the server."""
        with pytest.raises(FetchError, match="HTTP 401") as caught:
            fetch(api.vendor, api.url, tmp_path, token="wrong-token-xyz", email=EMAIL)
        message = str(caught.value)
        assert api.url in message
        assert caught.value.status == 401
        assert "wrong-token-xyz" not in message
        assert TOKEN not in message
        assert "***" in message  # the server's echo of the header, cut out

    @pytest.mark.parametrize(
        ("status", "match"),
        [
            (404, "HTTP 404: not found"),  # a wrong account or endpoint
            (403, "HTTP 403: forbidden"),  # a token without access
        ],
    )
    def test_client_errors(self, api: FakeHelpdesk, tmp_path: Path, status: int, match: str) -> None:
        """4xx answers are errors naming the URL and the status, not retried."""
        api.fail(TICKETS_PATH[api.vendor], 1, status)
        waits: list[float] = []
        with pytest.raises(FetchError, match=match) as caught:
            run_fetch(api, tmp_path, sleep=waits.append)
        assert TICKETS_PATH[api.vendor] in caught.value.url
        assert waits == []

    def test_redirect_not_followed(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A redirect is an error naming where to: following it would send the token to another address."""
        api.fail(TICKETS_PATH[api.vendor], 1, 301, headers={"Location": "https://moved.example.org/api"})
        with pytest.raises(FetchError, match=r"HTTP 301: redirected to https://moved\.example\.org/api"):
            run_fetch(api, tmp_path)

    def test_repeated_5xx_gives_up(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A server failing every time: retried with back-off 1, 2, 4 s, then a FetchError."""
        api.break_from(TICKETS_PATH[api.vendor], 1)
        waits: list[float] = []
        with pytest.raises(FetchError, match="HTTP 500: still failing after 3 retries"):
            run_fetch(api, tmp_path, sleep=waits.append, max_retries=3)
        assert waits == [1.0, 2.0, 4.0]

    def test_bad_json(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """A body that is not JSON: a FetchError naming the URL."""
        api.bad_json.add(TICKETS_PATH[api.vendor])
        with pytest.raises(FetchError, match="not JSON") as caught:
            run_fetch(api, tmp_path)
        assert caught.value.url.startswith(api.url + TICKETS_PATH[api.vendor])

    def test_page_without_its_list(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """JSON that is not a page of tickets (an error object, say): a FetchError saying what was expected."""
        api.bodies[TICKETS_PATH[api.vendor]] = {"errors": [{"message": "maintenance"}]}
        with pytest.raises(FetchError, match=r"expected an object with a list 'tickets'|expected a list"):
            run_fetch(api, tmp_path)
        assert list(iter_paths(tmp_path)) == []

    def test_per_page_is_enforced(self, api: FakeHelpdesk, tmp_path: Path) -> None:
        """The fake refuses pages larger than it allows, so the paging the tests see is the one asked for."""
        api.max_per_page = 1
        with pytest.raises(FetchError, match="HTTP 400"):
            run_fetch(api, tmp_path)


class TestHttp:
    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            ({"retry-after": "7"}, 7.0),  # delta seconds
            ({"retry-after": "2.5"}, 2.5),  # fractional, as some proxies send
            (
                {"retry-after": "Wed, 02 Dec 2026 10:00:30 GMT", "date": "Wed, 02 Dec 2026 10:00:00 GMT"},
                30.0,
            ),  # an HTTP date, against the server's own clock
            ({"retry-after": "Wed, 02 Dec 2026 10:00:30 GMT"}, None),  # a date without the server's Date: back-off
            ({"retry-after": "soon"}, None),  # nonsense: back-off
            ({}, None),  # none: back-off
        ],
    )
    def test_retry_after(self, headers: dict[str, str], expected: float | None) -> None:
        """Retry-After in seconds or as an HTTP date relative to the response's Date header."""
        assert _retry_after(headers) == expected

    def test_no_server(self, tmp_path: Path) -> None:
        """Nothing listening: retried with back-off, then a FetchError with no status."""
        waits: list[float] = []
        with pytest.raises(FetchError, match="no response") as caught:
            fetch("zammad", "http://127.0.0.1:9", tmp_path, token=TOKEN, sleep=waits.append, max_retries=2)
        assert caught.value.status is None
        assert waits == [1.0, 2.0]

    def test_link_off_the_host_is_not_followed(self, tmp_path: Path) -> None:
        """A next link to another host is refused: following it would send the token there."""
        with FakeHelpdesk("freshdesk") as api:
            api._link = lambda path, query: "http://127.0.0.2:9/api/v2/tickets?page=2"  # type: ignore[method-assign]
            with pytest.raises(FetchError, match="off the account's host"):
                run_fetch(api, tmp_path)


class TestState:
    def test_concurrent_run_refused(self, tmp_path: Path) -> None:
        """While another process holds the folder's lock, a fetch into it is refused."""
        with FakeHelpdesk("zammad") as api, (tmp_path / ".teamcore-fetch.lock").open("a+b") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            with pytest.raises(FetchError, match="another fetch into this folder is running"):
                run_fetch(api, tmp_path)
            assert api.hits.total() == 0

    def test_other_account_refused(self, tmp_path: Path) -> None:
        """A folder fetched from one account is not mixed with another's."""
        with FakeHelpdesk("zammad") as api:
            run_fetch(api, tmp_path)
            with pytest.raises(FetchError, match=r"not zammad http://127\.0\.0\.1:1"):
                fetch("zammad", "http://127.0.0.1:1", tmp_path, token=TOKEN)

    def test_adapters_skip_hidden_files(self, tmp_path: Path) -> None:
        """A hidden file that is not an export (the state, an editor's) is not read by the adapters."""
        for source, fixture in FIXTURES.items():
            folder = tmp_path / source
            for relative, data in tree(fixture).items():
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                (folder / relative).write_bytes(data)
            (folder / ".teamcore-fetch.json").write_text('{"format": "teamcore-fetch/1"}')
            (folder / ".cache").mkdir()
            (folder / ".cache" / "tickets_x.json").write_text("not json")
            assert load_source(source, folder).report()["entities"] == load_source(source, fixture).report()["entities"]

    def test_httpx_loaded_only_by_a_fetch(self) -> None:
        """Importing teamcore.connectors does not import httpx: the extra is needed only when fetching."""
        code = "import sys, teamcore.connectors; print('httpx' in sys.modules)"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "False"

    def test_missing_httpx(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without the fetch extra: one clear error naming the extra to install."""
        monkeypatch.setitem(sys.modules, "httpx", None)
        with pytest.raises(MissingDependency, match=r"pip install 'teamcore\[fetch\]'"):
            fetch("zendesk", "northwind", tmp_path, token=TOKEN)

    @pytest.mark.parametrize(
        ("source", "account", "expected"),
        [
            ("zendesk", "Northwind", "https://northwind.zendesk.com"),  # a subdomain
            ("freshdesk", "acme", "https://acme.freshdesk.com"),  # a domain name
            ("zammad", "http://127.0.0.1:8080/", "http://127.0.0.1:8080"),  # a base URL, its slash dropped
        ],
    )
    def test_account_url(self, source: str, account: str, expected: str) -> None:
        """An account is a name or a base URL."""
        assert account_url(source, account) == expected

    @pytest.mark.parametrize(
        ("source", "account", "options"),
        [
            ("zammad", "help", {}),  # Zammad is self-hosted: a name alone is no host
            ("zendesk", "https://user:pw@x.zendesk.com", {}),  # credentials belong in the token, not the URL
            ("zendesk", "https://x.zendesk.com/api/v2", {}),  # a path
            ("gitlab", "x", {}),  # an unknown source
            ("zendesk", "x", {"per_page": 0}),  # per_page below 1
            ("zendesk", "x", {"per_page": 1000}),  # per_page above 100
            ("zendesk", "x", {"max_retries": -1}),  # negative retries
            ("zendesk", "x", {"since": "yesterday"}),  # not an instant
            ("zendesk", "x", {"since": "2026-11-01T00:00:00"}),  # naive
        ],
    )
    def test_invalid_arguments(self, source: str, account: str, options: dict[str, Any], tmp_path: Path) -> None:
        """Invalid arguments raise before anything is requested or written."""
        with pytest.raises(ValidationError):
            fetch(source, account, tmp_path / "out", token=TOKEN, **options)
        assert not (tmp_path / "out").exists()


@settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.generate])  # no shrinking: servers are slow
@given(source=st.sampled_from(FETCH_SOURCES), data=st.data())
def test_runs_split_anywhere_equal_one_run(source: str, data: st.DataObject) -> None:
    """For any split of the server's changes into runs, the folder fetched in runs reads as one run's does."""
    with FakeHelpdesk(source) as api, tempfile.TemporaryDirectory() as tmp:
        instants = api.instants()
        cuts = data.draw(st.lists(st.sampled_from(instants), max_size=4, unique=True).map(sorted), label="cuts")
        for cut in [*cuts, FOREVER]:
            api.now = cut
            run_fetch(api, Path(tmp) / "runs")
        run_fetch(api, Path(tmp) / "one")
        assert same(source, Path(tmp) / "runs", Path(tmp) / "one")


class TestCli:
    def cli(self, *args: str, env: dict[str, str], stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("TEAMCORE_")}
        base["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
        return subprocess.run(
            [sys.executable, "-m", "teamcore", "--no-color", "fetch", *args],
            env={**base, **env},
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )

    def test_fetch_then_import(self, tmp_path: Path) -> None:
        """The token from the environment; JSON summary; a second run says nothing new; the folder loads."""
        env = {"TEAMCORE_ZENDESK_TOKEN": TOKEN, "TEAMCORE_ZENDESK_EMAIL": EMAIL}
        with FakeHelpdesk("zendesk") as api:
            first = self.cli("zendesk", api.url, "--out", str(tmp_path), "--format", "json", env=env)
            assert first.returncode == 0, first.stderr
            summary = json.loads(first.stdout)
            jsonschema.validate(summary, command_schema("fetch"))  # the documented shape, tagged teamcore.fetch/1
            assert summary["records"]["tickets"] == 10
            assert summary["account"] == api.url
            second = self.cli("zendesk", api.url, "--out", str(tmp_path), env=env)
            assert second.returncode == 0
            assert "nothing new since the last run" in second.stdout
            as_csv = self.cli("zendesk", api.url, "--out", str(tmp_path), "--format", "csv", env=env)
            assert as_csv.stdout == "entity,records\n"
        assert frames("zendesk", tmp_path)[0].equals(frames("zendesk", FIXTURES["zendesk"])[0])

    def test_text_output(self, tmp_path: Path) -> None:
        """The text summary names what was written."""
        with FakeHelpdesk("zammad") as api:
            done = self.cli("zammad", api.url, "--out", str(tmp_path), env={"TEAMCORE_ZAMMAD_TOKEN": TOKEN})
        assert done.returncode == 0, done.stderr
        assert "5 tickets into" in done.stdout
        assert "retries" in done.stdout

    def test_missing_token(self, tmp_path: Path) -> None:
        """Without the environment variable: exit 1 naming it, nothing requested."""
        with FakeHelpdesk("freshdesk") as api:
            done = self.cli("freshdesk", api.url, "--out", str(tmp_path), env={})
            assert api.hits.total() == 0
        assert done.returncode == 1
        assert "TEAMCORE_FRESHDESK_TOKEN" in done.stderr
        assert "Traceback" not in done.stderr

    def test_http_error_is_one_line(self, tmp_path: Path) -> None:
        """A wrong token: exit 1, one line with the URL and 401, never the token."""
        with FakeHelpdesk("zammad") as api:
            done = self.cli("zammad", api.url, "--out", str(tmp_path), env={"TEAMCORE_ZAMMAD_TOKEN": "nope-123"})
        assert done.returncode == 1
        assert "HTTP 401" in done.stderr
        assert api.url in done.stderr
        assert "nope-123" not in done.stderr + done.stdout
        assert "Traceback" not in done.stderr

    def test_closed_pipe(self, tmp_path: Path) -> None:
        """Output to a pipe closed at once ends quietly with 141, as every command does."""
        read, write = os.pipe()
        os.close(read)
        with FakeHelpdesk("zammad") as api, os.fdopen(write, "w") as closed:
            done = self.cli(
                "zammad", api.url, "--out", str(tmp_path), env={"TEAMCORE_ZAMMAD_TOKEN": TOKEN}, stdout=closed
            )
        assert done.returncode == 141
        assert "Traceback" not in done.stderr
