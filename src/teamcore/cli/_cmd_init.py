"""``teamcore init DIR``: a new team folder with an organisation template, policy files and ``teamcore.toml``."""

from __future__ import annotations

import argparse
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

from rich.console import Console

from teamcore.cli._common import EXIT_OK, UnwritableOutput, console_for, write_output
from teamcore.cli._output import add_format, emit
from teamcore.cli._project import PROJECT_FILE
from teamcore.exceptions import InvalidValue

__all__ = ["SCAFFOLD", "register", "run"]

SCAFFOLD: Final = (
    "organisation.toml",
    "sla.toml",
    "targets.toml",
    "feedback-policy.toml",
    "mentoring.toml",
    PROJECT_FILE,
)
"""The files ``teamcore init`` writes, in the order it lists them; their text is in ``teamcore/cli/_scaffold/``."""


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``init`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "init",
        help="scaffold a new team folder: organisation template, policy files and teamcore.toml",
        description="Write a new team folder: an organisation file to fill in (three example members and a team, "
        "every key commented), an SLA policy, KPI targets, a feedback policy, mentoring pairs, and the project "
        f"file {PROJECT_FILE} that names them, so that `teamcore validate` and `teamcore report --now ISO` run in "
        "it at once. The folder is created if missing; one that has files in it is refused unless --force, which "
        "overwrites these files only.",
    )
    parser.add_argument("folder", metavar="DIR", type=Path, help="the team folder to create")
    parser.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    add_format(parser, csv_help="the files written")
    parser.set_defaults(run=run)


def _prepare(folder: Path, *, force: bool) -> None:
    """Create `folder`, or check that it may be written into."""
    if folder.exists() and not folder.is_dir():
        raise UnwritableOutput("DIR", str(folder), "a folder (this is a file)")
    if folder.is_dir() and not force and any(folder.iterdir()):
        raise InvalidValue("DIR", str(folder), "an empty or new folder (or --force to write the template files in it)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UnwritableOutput("DIR", str(folder), f"a folder teamcore can create ({err.strerror or err})") from None


def run(args: argparse.Namespace) -> int:
    """Write the template files and say what to do next."""
    console = console_for(args)
    folder: Path = args.folder
    _prepare(folder, force=args.force)
    templates = files("teamcore.cli") / "_scaffold"
    written = []
    for name in SCAFFOLD:
        write_output("DIR", folder / name, templates.joinpath(name).read_text(encoding="utf-8"))
        written.append(folder / name)
    advice = (
        f"Next: edit {folder / 'organisation.toml'}, then in {folder}: `teamcore validate` and "
        "`teamcore report --now 2026-11-23T08:00Z` (any instant with an offset)."
    )

    def show(out: Console) -> None:
        for path in written:
            out.print(f"wrote {path}", markup=False)
        out.print(advice, markup=False)

    emit(
        args,
        console,
        "init",
        data=lambda: {"folder": str(folder), "files": [str(p) for p in written], "next": advice},
        table=lambda: (("file",), [(str(p),) for p in written]),
        show=show,
    )
    return EXIT_OK
