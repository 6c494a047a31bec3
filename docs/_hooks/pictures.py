"""mkdocs hook: the guides' pictures of the report, generated from the example data at every docs build.

The demo report (``make demo``: ``examples/northwind`` as of :data:`NOW`) is built with the library and drawn in
three ways, so the pictures show whatever the report produces today and the docs cannot drift from the product:

* every plot of every section as SVG, from the same :func:`teamcore.report.plot_svg` the HTML report uses
  (``<section>-<plot title>.svg``);
* every section of the HTML report as the reader sees it, rendered by headless Chromium at 1280 px
  (``<section>-section.png``), and the report's first screen, "Needs attention", at 1280 and 390 px
  (``report-first-screen-1280.png``, ``report-first-screen-390.png``);
* the terminal report's first screen and the one-screen summary at 80 columns, from rich's SVG export
  (``terminal-first-screen.svg``, ``terminal-summary.svg``).

The files are added to the site as ``images/generated/<name>`` (:func:`on_files`); nothing is written to the
source tree. Without Chromium the PNGs are placeholders that say so, and a warning is logged: ``--strict`` (this
site's default) turns it into a failed build, so a published site always has the real pictures; build with
``mkdocs build --no-strict`` on a machine without Chromium, or install it (``make browser``).
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import io
import json
import logging
import os
import re
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from teamcore.feedback import FeedbackLog, load_feedback, load_feedback_policy
from teamcore.knowledge import KnowledgeBase, load_articles
from teamcore.kpi import load_events, load_sla_policy, load_tickets
from teamcore.mentoring import load_capacities, load_pairs
from teamcore.people import load_organisation
from teamcore.report import (
    Plot,
    Report,
    ReportContext,
    build_report,
    plot_svg,
    render_summary,
    render_terminal,
    report_to_html,
)
from teamcore.staffing import StaffingPlan, load_forecast

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
"""``DEMO_NOW`` of the Makefile."""

DEMO_INPUTS: Mapping[str, str] = {
    "--tickets": "tickets.csv",
    "--events": "events.csv",
    "--feedback": "feedback.jsonl",
    "--feedback-policy": "feedback-policy.toml",
    "--mentoring": "mentoring.toml",
    "--staffing": "forecast.csv",
    "--knowledge": "knowledge.csv",
    "--sla": "sla.toml",
}
"""The inputs ``make demo`` reads (its project file), by option (tests/test_docs_pictures.py keeps them equal)."""

MEETINGS_TEAM = "nordics"
"""The meetings section needs ``--team``, which the demo does not pass: its picture is of this team's report."""

FOLDER = "images/generated"
"""Where the pictures are in the site, relative to the docs root."""

WIDE, NARROW = 1280, 390
"""The browser widths: a laptop, and a phone."""

FIRST_SCREEN = {WIDE: 800, NARROW: 844}
"""The height of the first screen at each width."""

TERMINAL_COLUMNS, TERMINAL_LINES = 80, 24

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
"""As tests/report/test_browser.py runs it."""

ANSWER_SECONDS = 60
"""How long to wait for any one answer of Chromium before giving up (it then draws placeholders)."""

log = logging.getLogger("mkdocs.plugins.teamcore.pictures")


class PictureError(RuntimeError):
    """Chromium failed while drawing a picture (it started, but did not answer as expected)."""


def demo_context(team: str | None = None) -> ReportContext:
    """The inputs of ``make demo``, loaded with the library, as a report context (optionally for one `team`)."""
    path = {option: EXAMPLE / name for option, name in DEMO_INPUTS.items()}
    org = load_organisation(EXAMPLE / "organisation.toml")
    tickets = load_tickets(path["--tickets"], members=org).frame
    return ReportContext(
        org=org,
        now=NOW,
        team=team,
        tickets=tickets,
        ticket_events=load_events(path["--events"], tickets, members=org).frame,
        feedback=FeedbackLog.from_records(load_feedback(path["--feedback"], org=org).items),
        feedback_policy=load_feedback_policy(path["--feedback-policy"], org=org),
        mentoring=load_pairs(path["--mentoring"], org=org).items,
        mentor_capacities=load_capacities(path["--mentoring"]),
        # The command's defaults for --staffing-aht, --staffing-sl and --staffing-shrinkage.
        staffing=StaffingPlan(forecast=load_forecast(path["--staffing"]), aht=300.0, target="80/20", shrinkage=0.0),
        knowledge=KnowledgeBase(load_articles(path["--knowledge"]).items),
        sla_policy=load_sla_policy(path["--sla"]),
    )


def slug(text: str) -> str:
    """A file-name part: lower case, runs of anything but letters and digits as one ``-``.

    >>> slug("New requests per day (7-day mean)")
    'new-requests-per-day-7-day-mean'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plot_name(section: str, plot: Plot) -> str:
    """The file name of a section's plot: ``<section key>-<slug of the plot's title>.svg``."""
    return f"{section}-{slug(plot.title)}.svg"


def plot_pictures(report: Report) -> dict[str, bytes]:
    """Every plot of `report` as a standalone SVG file (an XML prolog before the report's own ``<svg>``)."""
    pictures = {}
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Plot):
                svg = plot_svg(block)
                pictures[plot_name(section.key, block)] = f'<?xml version="1.0" encoding="utf-8"?>\n{svg}'.encode()
    return pictures


def _terminal_svg(text: str, title: str) -> bytes:
    """`text` (with ANSI styles) as rich's SVG export of an 80-column terminal."""
    console = Console(record=True, width=TERMINAL_COLUMNS, file=io.StringIO(), color_system="truecolor")
    console.print(Text.from_ansi(text), soft_wrap=True, overflow="ignore", crop=False)
    return console.export_svg(title=title).encode()


def terminal_screens(report: Report) -> dict[str, str]:
    """The terminal report's first screen (:data:`TERMINAL_LINES` lines) and the summary at 80 columns, with ANSI
    styles, by picture name."""
    screens = {}
    for name, render in (("terminal-first-screen.svg", render_terminal), ("terminal-summary.svg", render_summary)):
        console = Console(
            width=TERMINAL_COLUMNS, file=io.StringIO(), force_terminal=True, color_system="truecolor", record=True
        )
        render(report, console)
        lines = console.export_text(styles=True).splitlines()
        if name == "terminal-first-screen.svg":
            lines = lines[:TERMINAL_LINES]
        screens[name] = "\n".join(lines)
    return screens


def terminal_pictures(report: Report) -> dict[str, bytes]:
    """:func:`terminal_screens` as SVGs of an 80-column terminal."""
    return {
        name: _terminal_svg(text, "teamcore report (80 columns)") for name, text in terminal_screens(report).items()
    }


# --- headless Chromium, driven over the DevTools protocol on a pipe (no network port, no extra package) ---------


class _Browser:
    """One headless Chromium, spoken to over ``--remote-debugging-pipe`` (commands on fd 3, answers on fd 4)."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Out of the way of 3 and 4, which the child gets with dup2 below.
        child_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)

        def give_pipes() -> None:  # in the child, before exec: dup2 makes 3 and 4 inheritable
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self._process = subprocess.Popen(  # noqa: S603 - a fixed argument list, the browser the caller found
            [executable, *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=give_pipes,  # noqa: PLW1509 - the build is single-threaded here
        )
        os.close(child_r)
        os.close(child_w)
        self._out = os.fdopen(to_browser_w, "wb")
        self._in = from_browser_r
        self._buffer = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], ANSWER_SECONDS)
            if not ready:
                raise PictureError(f"chromium did not answer within {ANSWER_SECONDS} s")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise PictureError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are kept for :meth:`wait`)."""
        self._id += 1
        command: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session is not None:
            command["sessionId"] = session
        self._out.write(json.dumps(command).encode() + b"\0")
        self._out.flush()
        while True:
            message = self._message()
            if message.get("id") == self._id:
                if "error" in message:
                    raise PictureError(f"chromium: {method}: {message['error'].get('message')}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def wait(self, event: str, session: str) -> None:
        """Wait for `event` on `session` (one already received counts)."""
        while True:
            found = next((e for e in self._events if e["method"] == event and e.get("sessionId") == session), None)
            if found is not None:
                self._events.remove(found)
                return
            self._events.append(self._message())

    def close(self) -> None:
        with suppress(PictureError, OSError):
            self.send("Browser.close")
        self._out.close()
        os.close(self._in)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@contextmanager
def _browser(executable: str) -> Iterator[_Browser]:
    with tempfile.TemporaryDirectory(prefix="teamcore-docs-chromium-") as profile:
        browser = _Browser(executable, Path(profile))
        try:
            yield browser
        finally:
            browser.close()


def _open(browser: _Browser, url: str, width: int, height: int) -> str:
    """A new page of `width` × `height` CSS pixels showing `url`, loaded; its session id."""
    target = browser.send("Target.createTarget", url="about:blank")["targetId"]
    session = str(browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"])
    browser.send("Page.enable", session)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        session,
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=width < 600,
    )
    browser.send("Page.navigate", session, url=url)
    browser.wait("Page.loadEventFired", session)
    return session


def _close(browser: _Browser, session: str) -> None:
    """Close the page of `session` (its target), so that pages do not pile up in the browser."""
    target = browser.send("Target.getTargetInfo", session)["targetInfo"]["targetId"]
    browser.send("Target.closeTarget", targetId=target)


def _shot(browser: _Browser, session: str, clip: Mapping[str, float]) -> bytes:
    data = browser.send(
        "Page.captureScreenshot", session, format="png", clip={**clip, "scale": 1}, captureBeyondViewport=True
    )["data"]
    return base64.b64decode(data)


_BOXES = """JSON.stringify(Object.fromEntries([...document.querySelectorAll('section[id]')].map(s => {
  const r = s.getBoundingClientRect();
  return [s.id, {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}];
})))"""
"""Each section's box in page coordinates, by id."""

_MARGIN = 12
"""Page background kept around a section's card."""


def browser_pictures(reports: Mapping[str, Report], executable: str) -> dict[str, bytes]:
    """The HTML report's sections at 1280 px and its first screen at 1280 and 390 px, as PNG, drawn by Chromium.

    `reports` maps a section key to the report whose HTML shows it: a report is loaded once and every section of
    it not already drawn is taken from it; ``reports["attention"]`` gives the first screens.

    Raises
    ------
    PictureError
        If Chromium fails, does not answer within :data:`ANSWER_SECONDS`, or a page lacks a section of `reports`.
    """
    pictures: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="teamcore-docs-html-") as folder, _browser(executable) as browser:
        pages: dict[int, Path] = {}
        for report in reports.values():
            if id(report) not in pages:
                pages[id(report)] = Path(folder) / f"report-{len(pages)}.html"
                pages[id(report)].write_text(report_to_html(report), encoding="utf-8")
        first = reports["attention"]
        for report in dict.fromkeys(reports.values()):
            session = _open(browser, pages[id(report)].as_uri(), WIDE, FIRST_SCREEN[WIDE])
            if report is first:
                clip = {"x": 0, "y": 0, "width": WIDE, "height": FIRST_SCREEN[WIDE]}
                pictures[f"report-first-screen-{WIDE}.png"] = _shot(browser, session, clip)
            boxes = json.loads(
                browser.send("Runtime.evaluate", session, expression=_BOXES, returnByValue=True)["result"]["value"]
            )
            for key, box in boxes.items():
                name = f"{key}-section.png"
                if key in reports and reports[key] is report and name not in pictures:
                    clip = {
                        "x": max(0, box["x"] - _MARGIN),
                        "y": max(0, box["y"] - _MARGIN),
                        "width": box["width"] + 2 * _MARGIN,
                        "height": box["height"] + 2 * _MARGIN,
                    }
                    pictures[name] = _shot(browser, session, clip)
            _close(browser, session)
        missing = sorted(key for key in reports if f"{key}-section.png" not in pictures)
        if missing:
            raise PictureError(f"the HTML report has no <section id=...> for {', '.join(missing)}")
        session = _open(browser, pages[id(first)].as_uri(), NARROW, FIRST_SCREEN[NARROW])
        clip = {"x": 0, "y": 0, "width": NARROW, "height": FIRST_SCREEN[NARROW]}
        pictures[f"report-first-screen-{NARROW}.png"] = _shot(browser, session, clip)
    return pictures


def placeholder_png(name: str, width: int) -> bytes:
    """A PNG `width` px wide that says the picture `name` needs Chromium (matplotlib's Agg, no browser)."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - the 'report' extra, as for the plots

    figure = Figure(figsize=(width / 100, 1.2), dpi=100)
    figure.text(
        0.5,
        0.5,
        f"{name}: not drawn, Chromium was not found when these docs were built",
        ha="center",
        va="center",
        wrap=True,
        fontsize=10 if width > 600 else 7,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def find_chromium() -> str | None:
    """Chromium's executable on ``PATH`` (``chromium`` or ``chromium-browser``), or ``None``."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def generate(chromium: str | None = None) -> dict[str, bytes]:
    """Every picture, by file name: the plots and terminal screens always, Chromium's PNGs when `chromium` is given.

    Without `chromium` the PNGs are placeholders (:func:`placeholder_png`) with the same names, so every page's
    image still resolves; :func:`on_files` warns about them.
    """
    demo = build_report(demo_context())
    team = build_report(demo_context(MEETINGS_TEAM))
    pictures = {**plot_pictures(demo), **terminal_pictures(demo)}
    pictures.update((name, data) for name, data in plot_pictures(team).items() if name.startswith("meetings-"))
    shown = {"attention": demo} | {s.key: demo for s in demo.sections} | {"meetings": team}
    if chromium is not None:
        pictures.update(browser_pictures(shown, chromium))
    else:
        pictures.update((f"{key}-section.png", placeholder_png(f"{key}-section.png", WIDE)) for key in shown)
        for width in (WIDE, NARROW):
            name = f"report-first-screen-{width}.png"
            pictures[name] = placeholder_png(name, width)
    return dict(sorted(pictures.items()))


def generate_into(folder: Path, chromium: str | None = None) -> list[Path]:
    """Write :func:`generate`'s pictures into `folder` (created if need be); the paths written, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in generate(chromium).items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """mkdocs event: add every generated picture to the site as ``images/generated/<name>``."""
    from mkdocs.structure.files import File  # noqa: PLC0415 - only mkdocs runs this hook

    chromium = find_chromium()
    if chromium is None:
        log.warning(
            "pictures: chromium was not found, so the report's section pictures (PNG) are placeholders; "
            "install it (make browser) or build with --no-strict"
        )
    try:
        pictures = generate(chromium)
    except PictureError as error:
        log.warning("pictures: %s; the report's section pictures (PNG) are placeholders", error)
        pictures = generate(None)
    for name, data in pictures.items():
        files.append(File.generated(config, f"{FOLDER}/{name}", content=data))
    log.info("pictures: %d generated into %s/", len(pictures), FOLDER)
    return files
