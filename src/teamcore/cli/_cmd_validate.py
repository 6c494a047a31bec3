"""``teamcore validate [PATH]``: list every problem of a team file, and of the project file, with its location."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console

from teamcore.cli._common import EXIT_INVALID, EXIT_OK, add_org_path, console_for
from teamcore.cli._output import add_format, emit
from teamcore.cli._project import SHARED, Project, project_problems, resolve
from teamcore.exceptions import Problem
from teamcore.people import check_organisation_file, load_organisation

__all__ = ["register", "run"]


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``validate`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="check a team file and list every problem with its location",
        description="Check a team file (TOML or JSON), and the project file (teamcore.toml) when one is used: "
        "every per-command table against that command's flags, and every file it names. Prints every problem "
        "with its entry and field and exits 1 if there is any; exits 0 when all is valid.",
    )
    add_org_path(parser)
    add_format(parser, csv_help="the problems: path, entry, field, message")
    parser.set_defaults(run=run)


def _project_problems(project: Project) -> list[Problem]:
    """Every problem of the project file: its per-command tables, and the files it names that do not exist."""
    from teamcore.cli._app import command_parsers  # noqa: PLC0415 - every command's parser, only for this check

    problems = project_problems(project, command_parsers())
    shown = str(project.path)
    for spec in SHARED:
        value = project.shared.get(spec.name)
        if spec.kind == "path" and isinstance(value, str) and not _exists(resolve(value, project.folder)):
            entry = f"[{spec.section}]" if spec.section else ""
            problems.append(Problem(shown, entry, spec.key, f"expected an existing file, got {value!r}"))
    return problems


def _exists(path: Path) -> bool:
    """Whether `path` exists; a name the system refuses (too long, a NUL) does not."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def run(args: argparse.Namespace) -> int:
    """Validate the files; print problems, or a one-line summary of a valid organisation (and project file)."""
    console = console_for(args)
    project: Project | None = getattr(args, "project", None)
    problems = [*check_organisation_file(args.path), *(_project_problems(project) if project is not None else ())]
    org = None if problems else load_organisation(args.path)

    def show(out: Console) -> None:
        if org is None:
            for problem in problems:
                out.print(str(problem), markup=False)
            files = args.path if project is None else f"{args.path} and {project.path}"
            out.print(f"{len(problems)} problem(s) in {files}", markup=False)
            return
        out.print(
            f"{args.path}: valid — {len(org.members)} members in {len(org.teams)} teams ({org.name})",
            markup=False,
        )
        if project is not None:
            tables = ", ".join(f"[{name}]" for name in project.commands) or "no per-command tables"
            out.print(f"{project.path}: valid — {len(project.shared)} shared keys, {tables}", markup=False)

    columns = ("path", "entry", "field", "message")
    rows = [(p.path, p.entry, p.field, p.message) for p in problems]
    emit(
        args,
        console,
        "validate",
        data=lambda: {
            "path": args.path,
            "valid": org is not None,
            "problems": [dict(zip(columns, row, strict=True)) for row in rows],
            "organisation": None
            if org is None
            else {"name": org.name, "members": len(org.members), "teams": [t.id for t in org.teams]},
            "project": None if project is None else {"path": str(project.path), "commands": sorted(project.commands)},
        },
        table=lambda: (columns, rows),
        show=show,
    )
    return EXIT_OK if org is not None else EXIT_INVALID
