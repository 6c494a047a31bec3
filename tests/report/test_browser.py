"""The HTML report rendered in a real browser (headless Chromium): sections and plots are there.

`make test` installs Debian's chromium when it is absent; the screenshot goes to build/report-screenshot.png.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from teamcore.people import Member, Organisation, Team
from teamcore.report import Plot, ReportContext, Section, Table, build_report, overview_section, report_to_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BUILD = Path(__file__).parents[2] / "build"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")


def page(tmp_path: Path) -> Path:
    members = [
        Member(id=i, name=i.title(), timezone=z, country=c)
        for i, z, c in [("anna", "Europe/Stockholm", "SE"), ("bo", "Asia/Manila", "PH")]
    ]
    org = Organisation(
        name="Northwind",
        members=members,
        teams=[Team(id="support", name="Support", lead="anna", members=["anna", "bo"])],
    )
    heat = Table(title="Coverage", columns=["day", "00", "01"], rows=[("Mon", 1, 2), ("Tue", 0, 1)])

    def coverage(_ctx: ReportContext) -> Section:
        return Section(
            key="coverage",
            title="Coverage",
            blocks=[
                Plot(kind="heatmap", title="Members on duty", alt="Members on duty by weekday and hour", data=heat)
            ],
        )

    ctx = ReportContext(org=org, now=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC))
    report = build_report(ctx, sections=(overview_section, coverage))
    path = tmp_path / "report.html"
    path.write_text(report_to_html(report), encoding="utf-8")
    return path


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_sections_and_plots_render(tmp_path):
    """Chromium's DOM of the report has every section heading and an SVG image per plot."""
    dom = run_chromium(tmp_path / "profile", "--dump-dom", page(tmp_path).as_uri()).stdout
    assert '<h2 id="h-overview">Overview</h2>' in dom
    assert '<h2 id="h-coverage">Coverage</h2>' in dom
    assert dom.count('role="img"') == 1
    assert 'aria-label="Members on duty by weekday and hour"' in dom


def test_screenshot(tmp_path):
    """Chromium draws the page; the screenshot is kept in build/ for people to look at."""
    BUILD.mkdir(exist_ok=True)
    shot = BUILD / "report-screenshot.png"
    shot.unlink(missing_ok=True)
    run_chromium(tmp_path / "profile", "--window-size=1200,1600", f"--screenshot={shot}", page(tmp_path).as_uri())
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
