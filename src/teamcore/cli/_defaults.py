"""Where a flag's value comes from: the command line, then ``TEAMCORE_*`` variables, then ``teamcore.toml``.

:func:`parse_with_defaults` parses the command line twice. The first pass, with every flag of the command made
optional and defaultless, tells which flags the command line gives (and so which project file to read: ``--config``,
``--no-config``, the organisation file's folder); the environment and the project file then become the flags'
defaults, and the second pass is argparse's ordinary one, so a flag on the command line always wins, a required
flag that the file gives is no longer required, and every usage error is argparse's own.

The environment variables are all listed in :data:`ENVIRONMENT`, which the docs show as one table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final

from teamcore.cli._exit import TRACEBACK_ENV
from teamcore.cli._project import (
    PROJECT_FILE,
    SHARED,
    FlagValueError,
    Project,
    flag_value,
    load_project,
    resolve,
)
from teamcore.exceptions import InvalidValue, LoadError, Problem

__all__ = [
    "CONFIG_ENV",
    "ENVIRONMENT",
    "NOW_ENV",
    "NO_CONFIG_ENV",
    "add_config_flags",
    "from_command_line",
    "parse_with_defaults",
]

CONFIG_ENV: Final = "TEAMCORE_CONFIG"
NO_CONFIG_ENV: Final = "TEAMCORE_NO_CONFIG"
NOW_ENV: Final = "TEAMCORE_NOW"

ENVIRONMENT: Final[tuple[tuple[str, str], ...]] = (
    (CONFIG_ENV, f"the project file to use, as --config FILE (instead of looking for {PROJECT_FILE})"),
    (NO_CONFIG_ENV, "1: use no project file, as --no-config (--config on the command line still wins)"),
    (NOW_ENV, "the current instant of every command's --now, e.g. 2026-11-23T08:00Z"),
    *((s.env, f"[defaults] {s.key}: {s.help} (default {s.default})") for s in SHARED if s.env is not None),
    (TRACEBACK_ENV, "1: an internal error (exit 70) shows its traceback instead of one line"),
    # Secrets of `teamcore fetch`: only ever in the environment, never on the command line or in a project file.
    ("TEAMCORE_ZENDESK_TOKEN", "teamcore fetch zendesk: the API token (or OAuth token without the e-mail)"),
    ("TEAMCORE_ZENDESK_EMAIL", "teamcore fetch zendesk: the agent's e-mail that goes with an API token"),
    ("TEAMCORE_FRESHDESK_TOKEN", "teamcore fetch freshdesk: the API key"),
    ("TEAMCORE_ZAMMAD_TOKEN", "teamcore fetch zammad: the access token"),
)
"""Every ``TEAMCORE_*`` environment variable teamcore reads, with its meaning, in the order the docs show them."""

_WITHOUT_PROJECT: Final = frozenset({"init"})
"""Commands that take no defaults from a project file (``init`` writes one): no table of theirs is allowed."""

_FROM_ENV: Final[Mapping[str, tuple[str, ...]]] = {
    NOW_ENV: ("now",),
    **{s.env: tuple(s.dests) for s in SHARED if s.env is not None},
}


def add_config_flags(command: str, parser: argparse.ArgumentParser) -> None:
    """Add ``--config FILE`` and ``--no-config`` to a command (but ``init``, which takes no project file)."""
    if command in _WITHOUT_PROJECT:
        return
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--config",
        metavar="FILE",
        help=f"the project file of defaults (default: {PROJECT_FILE} beside PATH, or in the current folder)",
    )
    group.add_argument("--no-config", action="store_true", help="use no project file, whatever is found or set")


def from_command_line(args: argparse.Namespace, dest: str) -> bool:
    """Whether `dest`'s value was given on the command line or is the built-in default, not a project's or env's.

    A command uses it where a rule about flags given together should not fire on defaults: a project file that
    names a feedback policy does not make ``teamcore report`` without a feedback log an error.
    """
    defaulted: Mapping[str, str] = getattr(args, "defaulted", {})
    return dest not in defaulted


@contextlib.contextmanager
def _probing(parser: argparse.ArgumentParser) -> Iterator[None]:
    """Every flag of `parser` optional and defaultless (``SUPPRESS``) for the first pass; restored after."""
    actions = parser._actions  # argparse has no public list of a parser's actions
    groups = parser._mutually_exclusive_groups  # nor of its groups
    saved = [(a, a.default, a.required) for a in actions]
    saved_groups = [(g, g.required) for g in groups]
    try:
        for action in actions:
            if action.choices is not None and not action.option_strings:
                # An optional positional with choices (`schema [NAME]`): argparse checks its default against the
                # choices, and SUPPRESS is none of them; it keeps its default (a project file gives no positional).
                action.required = False
                continue
            action.default, action.required = argparse.SUPPRESS, False
        for group in groups:
            group.required = False
        yield
    finally:
        for action, default, required in saved:
            action.default, action.required = default, required
        for group, required in saved_groups:
            group.required = required


def _given(parser: argparse.ArgumentParser, sub: argparse.ArgumentParser, words: Sequence[str]) -> argparse.Namespace:
    """The flags the command line gives (the first pass); on a usage error, argparse's own error (second pass)."""
    with _probing(sub):
        try:
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                return parser.parse_args(words)
        except SystemExit:
            pass
    parser.parse_args(words)  # the same error, said with the real parser's usage line
    raise AssertionError("unreachable: the first pass failed, so the second does")  # pragma: no cover


def _truthy(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() not in {"", "0", "false", "no"}


def _project_path(given: argparse.Namespace, environ: Mapping[str, str], cwd: Path) -> Path | None:
    """The project file to read, by the rules of the docs' table; None for none."""
    if getattr(given, "no_config", False):
        return None
    named = getattr(given, "config", None)
    flag = "--config"
    if named is None and _truthy(environ, NO_CONFIG_ENV):
        return None
    if named is None and environ.get(CONFIG_ENV, "").strip():
        named, flag = environ[CONFIG_ENV].strip(), CONFIG_ENV
    if named is not None:
        path = resolve(named, None)
        if not path.is_file():
            raise InvalidValue(flag, named, "an existing project file (.toml)")
        return path
    org = getattr(given, "path", None)
    found = (Path(org).parent if org is not None else cwd) / PROJECT_FILE
    return found if found.is_file() else None


def _by_dest(sub: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    actions = sub._actions  # argparse has no public list of a parser's actions
    return {a.dest: a for a in actions if not isinstance(a, argparse._HelpAction)}


def _from_project(project: Project, command: str, sub: argparse.ArgumentParser) -> dict[str, tuple[object, str]]:
    """Dest → (value, where) for what `project` says about `command`'s flags; its ``[command]`` table wins."""
    shown = str(project.path)
    problems: list[Problem] = []  # the [command] table was checked by load_project
    actions = _by_dest(sub)
    found: dict[str, tuple[object, str]] = {}
    for spec in SHARED:
        if spec.name not in project.shared:
            continue
        for dest in spec.dests_for(command):
            if dest in actions:
                value = project.shared[spec.name]
                try:
                    found[dest] = (flag_value(actions[dest], value, project.folder), f"{shown}: {spec.name}")
                except FlagValueError as err:
                    entry = f"[{spec.section}]" if spec.section else ""
                    problems.append(Problem(shown, entry, spec.key, err.message(value)))
    if problems:
        raise LoadError(shown, problems)
    flags = {f"--{key}" for key in project.commands.get(command, {})}
    for action in actions.values():
        key = next((o for o in action.option_strings if o in flags), None)
        if key is not None:
            raw = project.commands[command][key[2:]]
            found[action.dest] = (flag_value(action, raw, project.folder), f"{shown}: [{command}] {key[2:]}")
    return found


def _from_env(environ: Mapping[str, str], command: str, sub: argparse.ArgumentParser) -> dict[str, tuple[object, str]]:
    """Dest → (value, variable) for the ``TEAMCORE_*`` variables set (an empty one is unset)."""
    actions = _by_dest(sub)
    found: dict[str, tuple[object, str]] = {}
    for name, dests in _FROM_ENV.items():
        text = environ.get(name, "").strip()
        if not text:
            continue
        for qualified in dests:
            owner, _, dest = qualified.rpartition(":")
            if owner not in {"", command} or dest not in actions:
                continue
            try:
                found[dest] = (flag_value(actions[dest], text, None), name)
            except FlagValueError as err:
                raise InvalidValue(name, text, f"{err.expected}{err.hint}") from None
    return found


def parse_with_defaults(
    parser: argparse.ArgumentParser,
    commands: Mapping[str, argparse.ArgumentParser],
    words: Sequence[str],
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> argparse.Namespace:
    """Parse `words` with the defaults of the environment and the project file under the command line's flags.

    Parameters
    ----------
    parser
        The ``teamcore`` parser.
    commands
        Its commands' parsers by name (those loaded).
    words
        The command line without the program name.
    environ
        The environment; default ``os.environ``.
    cwd
        The folder a project file is looked for in when no PATH is given; default the current one.

    Returns
    -------
    argparse.Namespace
        As argparse makes it, with ``defaulted`` (dest → where its value came from, for those not from the
        command line or the built-in defaults) and ``project`` (the project file read, or None).

    Raises
    ------
    LoadError
        With every problem of the project file.
    InvalidValue
        For a ``TEAMCORE_*`` variable a flag does not take, or a ``--config`` file that does not exist.
    SystemExit
        For usage errors and ``--help``, as argparse.
    """
    environ = os.environ if environ is None else environ
    cwd = Path() if cwd is None else cwd  # relative: paths from a project file found here stay short in messages
    command = next((w for w in words if not w.startswith("-")), "")
    if command not in commands or command in _WITHOUT_PROJECT or "-h" in words or "--help" in words:
        return parser.parse_args(words)
    sub = commands[command]
    given = _given(parser, sub, words)
    path = _project_path(given, environ, cwd)
    tables = [name for name in _names(parser) if name not in _WITHOUT_PROJECT]
    project = None if path is None else load_project(path, commands=tables, check={command: sub})
    values = {} if project is None else _from_project(project, command, sub)
    values.update(_from_env(environ, command, sub))
    actions = _by_dest(sub)
    groups = sub._mutually_exclusive_groups  # argparse has no public list of a parser's groups
    _drop_overridden(values, given, command, groups)
    saved = [(a, a.default, a.required) for a in actions.values()]
    saved_groups = [(g, g.required) for g in groups]
    try:
        for dest, (value, _) in values.items():
            actions[dest].default, actions[dest].required = value, False
        for group in groups:
            if any(a.dest in values for a in group._group_actions):  # see above
                group.required = False
        args = parser.parse_args(words)
    finally:
        for action, default, required in saved:
            action.default, action.required = default, required
        for group, required in saved_groups:
            group.required = required
    if "path" in actions and getattr(args, "path", "") is None:
        sub.error(
            f"the following arguments are required: PATH (or a {PROJECT_FILE} naming `organisation`, in the "
            "current folder or given with --config)"
        )
    args.defaulted = {dest: where for dest, (_, where) in values.items()}
    args.project = project
    return args


def _drop_overridden(
    values: dict[str, tuple[object, str]],
    given: argparse.Namespace,
    command: str,
    groups: Sequence[argparse._MutuallyExclusiveGroup],
) -> None:
    """Drop the defaults the command line overrides, or that cannot be taken together.

    A flag on the command line drops its own default and those that follow it (a file's events go with its
    tickets); a flag of a group of exclusive flags drops the defaults of the others, and without one the first
    default in the group's order stays (``data.forecast`` before ``data.tickets`` for ``teamcore staffing``).
    """
    for dest in [d for d in values if hasattr(given, d)]:
        del values[dest]
    for spec in SHARED:
        if spec.follows is not None and hasattr(given, spec.follows):
            for dest in spec.dests_for(command):
                values.pop(dest, None)
    for group in groups:
        members = [a.dest for a in group._group_actions]  # nor of a group's actions
        drop = members if any(hasattr(given, m) for m in members) else [m for m in members if m in values][1:]
        for member in drop:
            values.pop(member, None)


def _names(parser: argparse.ArgumentParser) -> list[str]:
    """Every command's name, loaded or not (the project file may have a table for any of them)."""
    actions = parser._actions  # argparse has no public list of a parser's actions
    for action in actions:
        if isinstance(action, argparse._SubParsersAction):  # nor a public type of the subparsers
            return list(action.choices)
    return []
