"""Fuzz targets at the command line's edge: instants as ``--now`` reads them, ``teamcore kpi``, project files.

A project file (``teamcore.toml``) is read as every command reads it, and checked whole by ``teamcore validate``.

A command-line target runs :func:`teamcore.cli.main` in-process with ``TEAMCORE_TRACEBACK=1``, so an exception the
CLI's last-resort handler would have turned into exit status 70 (an internal error) escapes to the fuzzer with its
own traceback and counts as foreign; any exit status of the table otherwise is a right answer.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from fuzz._core import Target
from teamcore._time import parse_instant
from teamcore.cli import main
from teamcore.cli._exit import TRACEBACK_ENV, Exit

ORG = b"""
name = "Acme"

[[members]]
id = "anna"
name = "Anna Berg"
timezone = "Europe/Stockholm"
country = "SE"
role = "team_lead"
start_date = 2019-05-01
hours = { mon-fri = ["08:00-16:30"] }

[[members]]
id = "bo"
name = "Bo Li"
timezone = "Asia/Manila"
country = "PH"
start_date = 2026-11-02
hours = { sun-thu = ["22:00-06:00"] }

[[teams]]
id = "support"
name = "Support"
lead = "anna"
members = ["anna", "bo"]
"""

INSTANTS = (
    b"2026-11-23T08:00Z\n2026-11-23T09:00:00+01:00\n2026-W48-1T08:00Z\n",
    b"0001-01-01T00:00Z\n9999-12-31T23:59:59+14:00\n2026-11-23 08:00:00.123456-05:30\n",
)

TICKETS = (
    b"ticket_id,created_at,channel,priority,assignee,team,status,solved_at,csat_score,handle_seconds\n"
    b"T1,2026-11-10T08:00:00Z,email,normal,anna,support,solved,2026-11-10T12:00:00Z,5,300\n"
    b"T2,2026-11-12T22:30:00Z,chat,high,bo,support,open,,,120\n"
    b"T3,2026-11-20T09:15:00+01:00,phone,low,,support,new,,,\n"
)

_folder = tempfile.TemporaryDirectory(prefix="teamcore-fuzz-cli-")
_ORG_PATH = Path(_folder.name) / "org.toml"
_ORG_PATH.write_bytes(ORG)


def instants(path: Path) -> list[object]:
    """Parse every line of the file as ``--now`` would; each gives an aware instant or a TeamcoreError."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines() or [""]
    return [parse_instant(line, "--now") for line in lines]


def cli(*args: str) -> int:
    """Run ``teamcore`` in-process, output discarded; an internal error escapes as its own exception."""
    previous = os.environ.get(TRACEBACK_ENV)
    os.environ[TRACEBACK_ENV] = "1"
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                code = main(["--no-color", *args])
            except SystemExit as done:  # argparse: usage errors only, and the fuzzer does not touch flags
                code = done.code if isinstance(done.code, int) else Exit.USAGE
    finally:
        if previous is None:
            del os.environ[TRACEBACK_ENV]
        else:
            os.environ[TRACEBACK_ENV] = previous
    if code not in set(Exit) - {Exit.INTERNAL, Exit.USAGE, Exit.PIPE, Exit.INTERRUPTED}:
        raise AssertionError(f"teamcore exited {code}, not a status of the table for this input")
    return code


def kpi_now(path: Path) -> int:
    """``teamcore kpi`` with the first line of the file as ``--now`` (and ``--start`` from the second)."""
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines() or [""]
    args = ["--now=" + lines[0].replace("\x00", "")]  # "--now=-2026..." is a value, "--now -2026..." a flag
    if len(lines) > 1:
        args.append("--start=" + lines[1].replace("\x00", ""))
    tickets = Path(_folder.name) / "tickets.csv"
    if not tickets.exists():
        tickets.write_bytes(TICKETS)
    return cli("kpi", str(_ORG_PATH), "--tickets", str(tickets), *args, "--format", "csv")


PROJECTS = (
    (Path(__file__).parents[1] / "examples" / "northwind" / "teamcore.toml").read_bytes(),
    b"""format = "teamcore.project/1"
organisation = "org.toml"

[defaults]
timezone = "Asia/Manila"
aht = 240.5
service-level = "90/15"
shrinkage = 0.25

[report]
sections = ["overview", "coverage"]
summary = true
max-rejected = "5%"

[staffing]
channel = ["email", "chat"]
worst = 3
around-the-clock = false

[kpi]
period = "week"
by = "team"

[coverage]
from = 2026-03-09
required = 2
""",
)


def validate_project(path: Path) -> int:
    """``teamcore validate ORG --config FILE``: the project file read for a command, then every table checked."""
    return cli("validate", str(_ORG_PATH), "--config", str(path))


TARGETS = [
    Target("parse_instant", ".txt", INSTANTS, instants),
    Target("cli kpi --now --start", ".txt", INSTANTS, kpi_now),
    Target("cli validate --config teamcore.toml", ".toml", PROJECTS, validate_project),
]
