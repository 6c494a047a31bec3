"""The project file ``teamcore.toml``: a team folder's defaults for every command's flags.

One table, :data:`SHARED`, says which keys the file has besides the per-command tables, where each one's value goes
(the *dest* of a flag: ``tickets`` for every command with ``--tickets``, ``report:staffing`` for ``teamcore report
--staffing`` only), its built-in default and its environment variable. A per-command table (``[report]``,
``[staffing]``) takes any long flag of that command by its name without the dashes, so a flag added to a command
tomorrow can be defaulted without a change here: the flag's own parser action says what its value must be
(:func:`flag_value`).

The file is read with the shared document machinery (:mod:`teamcore._documents`: size limit, UTF-8, no ``NaN``,
nesting limit) and every problem of it is reported at once, each with the file, the table and the key; an unknown
key is named with the near miss (``did you mean 'tickets'?``). Paths in the file are relative to the file. The field
walker :func:`teamcore._documents.build` is not used: its fields are an attrs class's, fixed when written, while a
command table's keys are whatever flags the command's parser has when it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import math
import os
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from teamcore._documents import MAX_FILE_BYTES, format_of, parse_text, read_text
from teamcore.exceptions import LoadError, Problem, ValidationError

__all__ = [
    "PROJECT_FILE",
    "PROJECT_FORMAT",
    "SHARED",
    "SHARED_DEFAULTS",
    "FlagValueError",
    "Project",
    "Shared",
    "did_you_mean",
    "flag_name",
    "flag_value",
    "flags_of",
    "load_project",
    "project_problems",
    "resolve",
]

PROJECT_FILE: Final = "teamcore.toml"
"""The project file's name, looked for beside the organisation file (or in the current folder without one)."""

PROJECT_FORMAT: Final = "teamcore.project/1"
"""The ``format`` tag of a project file (optional in the file; when present it must be this)."""

Kind = Literal["path", "timezone", "seconds", "fraction", "service-level"]


@attrs.frozen
class Shared:
    """A key of the project file outside the per-command tables, and the flags it defaults.

    Parameters
    ----------
    section
        Its table: ``"data"``, ``"policies"``, ``"defaults"``, or ``""`` for the top level.
    key
        Its name in that table.
    dests
        The flags it defaults, by their parser dest: ``"tickets"`` (every command with that dest) or
        ``"report:staffing"`` (one command's).
    kind
        What the value is: a path (relative to the file), a timezone, seconds, a fraction, a service level.
    help
        One line for the docs and ``teamcore init``'s template.
    default
        The built-in default, when the key has one (the one source of it: the commands' flags use it too).
    env
        The environment variable that sets it (above the file, below the command line), if any.
    follows
        The dest whose file it goes with: when that flag is on the command line, this key's default is dropped
        (``data.events`` are the events of ``data.tickets``, not of the tickets given with ``--tickets``).
    """

    section: str
    key: str
    dests: tuple[str, ...]
    kind: Kind
    help: str
    default: str | float | None = None
    env: str | None = None
    follows: str | None = None

    @property
    def name(self) -> str:
        """Its dotted name: ``data.tickets``, ``organisation``."""
        return f"{self.section}.{self.key}" if self.section else self.key

    def dests_for(self, command: str) -> tuple[str, ...]:
        """The dests it defaults in `command` (an unqualified dest applies to every command that has it)."""
        found = []
        for dest in self.dests:
            owner, _, name = dest.rpartition(":")
            if owner in {"", command}:
                found.append(name)
        return tuple(found)


# fmt: off
SHARED: Final[tuple[Shared, ...]] = (
    Shared("", "organisation", ("path",), "path", "the organisation (team) file, when no PATH is given"),
    Shared("data", "tickets", ("tickets",), "path", "tickets (.csv, .parquet, .jsonl) or a `teamcore import` folder"),
    Shared("data", "events", ("events",), "path", "ticket events, for reply and wait times", follows="tickets"),
    Shared("data", "feedback", ("report:feedback", "feedback:log"), "path", "the feedback log (.csv or .jsonl)"),
    Shared("data", "mentoring", ("report:mentoring", "mentors:pairs"), "path", "mentoring pairs and capacities"),
    Shared("data", "forecast", ("report:staffing", "staffing:forecast"), "path", "contact forecast: start, volume"),
    Shared("data", "knowledge", ("knowledge",), "path", "knowledge-base articles (.csv or .jsonl)"),
    Shared(
        "data", "roster", ("report:roster", "staffing:roster", "coverage:roster"), "path",
        "a roster (.csv, .jsonl or .parquet): its shifts are the schedule instead of the weekly hours",
    ),
    Shared(
        "data", "roster-problem", ("report:roster_problem",), "path",
        "the roster problem file (.toml) the roster answers: shortfall per group", follows="roster",
    ),
    Shared("policies", "sla", ("report:sla", "kpi:sla", "sla:policy"), "path", "the SLA policy (.toml or .json)"),
    Shared("policies", "targets", ("kpi:targets",), "path", "KPI targets for the scorecard (.toml or .json)"),
    Shared(
        "policies", "feedback", ("report:feedback_policy", "feedback:policy"), "path", "the feedback policy (.toml)"
    ),
    Shared(
        "defaults", "timezone", ("tz",), "timezone", "timezone of days, weeks and tables", default="UTC",
        env="TEAMCORE_TIMEZONE",
    ),
    Shared(
        "defaults", "aht", ("report:staffing_aht", "staffing:aht"), "seconds", "average handling time in seconds",
        default=300.0, env="TEAMCORE_AHT",
    ),
    Shared(
        "defaults", "service-level", ("report:staffing_sl", "staffing:sl"), "service-level",
        "service-level target, P% answered within S seconds", default="80/20", env="TEAMCORE_SERVICE_LEVEL",
    ),
    Shared(
        "defaults", "shrinkage", ("report:staffing_shrinkage", "staffing:shrinkage"), "fraction",
        "share of paid time off the queue, 0 to below 1", default=0.0, env="TEAMCORE_SHRINKAGE",
    ),
)
# fmt: on
"""Every key of the project file outside the per-command tables, in the order the docs list them."""

SHARED_DEFAULTS: Final[Mapping[str, Any]] = {s.key: s.default for s in SHARED if s.default is not None}
"""The built-in defaults of the ``[defaults]`` keys (``aht`` 300 s, ``service-level`` 80/20, ...): the one source
that ``teamcore report`` and ``teamcore staffing`` both take their flags' defaults from."""

SECTIONS: Final = ("data", "policies", "defaults")
_NOT_FROM_FILE: Final = {
    "now": "the current instant is never read from a project file (a fixed one would freeze every report); "
    "pass --now or set TEAMCORE_NOW",
    "config": "a project file cannot name another one",
    "no-config": "a project file cannot switch itself off",
}
_SERVICE_LEVEL: Final = re.compile(r"^\s*\d+(\.\d+)?\s*/\s*\d+(\.\d+)?\s*$")
_PATH_METAVARS: Final = frozenset({"FILE", "DIR", "PATH", "FOLDER"})


@attrs.frozen
class Project:
    """A project file as read: its path and its tables, keys checked against :data:`SHARED` and the commands.

    Parameters
    ----------
    path
        The file.
    shared
        The values of the :data:`SHARED` keys it sets, by dotted name (``data.tickets``), as written.
    commands
        The per-command tables, by command name, as written.
    """

    path: Path
    shared: Mapping[str, object]
    commands: Mapping[str, Mapping[str, object]]

    @property
    def folder(self) -> Path:
        """The folder paths in the file are relative to."""
        return self.path.parent


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the nearest of `choices` to `word`, or ``""`` when none is near.

    Examples
    --------
    >>> did_you_mean("tickts", ["tickets", "events"])
    "; did you mean 'tickets'?"
    >>> did_you_mean("zzz", ["tickets"])
    ''
    """
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""


def _unknown(path: str, entry: str, key: str, known: Collection[str], what: str) -> Problem:
    return Problem(path, entry, key, f"unknown key{did_you_mean(key, known)} ({what}: {', '.join(sorted(known))})")


def load_project(
    path: str | os.PathLike[str],
    commands: Collection[str],
    check: Mapping[str, argparse.ArgumentParser] | None = None,
) -> Project:
    """Read the project file at `path` and check its shape, its shared keys' values and the tables of `check`.

    A command's run checks its own table (`check`); ``teamcore validate`` checks every table
    (:func:`project_problems`).

    Parameters
    ----------
    path
        The file (TOML, or JSON by its suffix).
    commands
        The names of the commands, the only per-command tables allowed.
    check
        The parsers of the commands whose tables are checked against their flags, by name.

    Raises
    ------
    LoadError
        With every problem: not a table, an unknown table or key (with the near miss), a value of the wrong type.
    """
    file = Path(path)
    shown = str(file)
    data = parse_text(read_text(file, MAX_FILE_BYTES), format_of(file, None), shown)
    if not isinstance(data, Mapping):
        top_level = f"expected a table at the top level, got {type(data).__name__}"
        raise LoadError(shown, [Problem(shown, "", "", top_level)])
    problems: list[Problem] = []
    if data.get("format", PROJECT_FORMAT) != PROJECT_FORMAT:
        problems.append(Problem(shown, "", "format", f"expected {PROJECT_FORMAT!r}, got {data['format']!r}"))
    shared, tables = _tables(data, shown, commands, problems)
    for spec in SHARED:
        if spec.name in shared:
            problems.extend(_check_shared(spec, shared[spec.name], shown))
    loaded = Project(file, shared, tables)
    for name, parser in (check or {}).items():
        problems.extend(command_problems(loaded, name, parser))
    if problems:
        raise LoadError(shown, problems)
    return loaded


def _tables(
    data: Mapping[str, object], shown: str, commands: Collection[str], problems: list[Problem]
) -> tuple[dict[str, object], dict[str, Mapping[str, object]]]:
    """The shared keys' values by dotted name and the per-command tables; unknown keys go to `problems`."""
    top = {s.key for s in SHARED if not s.section}
    allowed = {"format", *top, *SECTIONS, *commands}
    shared: dict[str, object] = {}
    tables: dict[str, Mapping[str, object]] = {}
    for key, value in data.items():
        if key == "format":
            continue  # checked by load_project
        if key not in allowed:
            problems.append(_unknown(shown, "", key, allowed, "the top level has"))
        elif key in top:
            shared[key] = value
        elif not isinstance(value, Mapping):
            problems.append(Problem(shown, "", key, f"expected a table [{key}], got {value!r}"))
        elif key in SECTIONS:
            known = {s.key for s in SHARED if s.section == key}
            for name, item in value.items():
                if name in known:
                    shared[f"{key}.{name}"] = item
                else:
                    problems.append(_unknown(shown, f"[{key}]", name, known, f"[{key}] has"))
        else:
            tables[key] = value
    return shared, tables


def _check_shared(spec: Shared, value: object, path: str) -> list[Problem]:
    """The problem with a shared key's value, if any: the key, the value, what was expected."""
    entry = f"[{spec.section}]" if spec.section else ""
    expected: str | None = None
    near = ""
    if spec.kind == "path":
        if not isinstance(value, str) or not value.strip() or "\x00" in value:  # no command line can pass a NUL
            expected = "a path (relative to this file)"
    elif spec.kind == "timezone":
        from teamcore._time import validate_timezone  # noqa: PLC0415 - only a file that names a timezone needs it

        try:
            validate_timezone(value, spec.key)
        except ValidationError as err:
            import zoneinfo  # noqa: PLC0415 - see above

            near = did_you_mean(value, zoneinfo.available_timezones()) if isinstance(value, str) else ""
            expected = err.expected
    elif spec.kind == "service-level":
        if not isinstance(value, str) or not _SERVICE_LEVEL.match(value):
            expected = "PERCENT/SECONDS such as '80/20'"
    elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        expected = "a number"
    elif spec.kind == "seconds" and not value > 0:
        expected = "a positive number of seconds"
    elif spec.kind == "fraction" and not 0 <= value < 1:
        expected = "a fraction from 0 to below 1"
    if expected is None:
        return []
    return [Problem(path, entry, spec.key, FlagValueError(expected, near).message(value))]


# -- the per-command tables: any long flag, checked by its own parser action ------------------------------------------


def flag_name(action: argparse.Action) -> str | None:
    """The flag's name in a project file: its first long option without the dashes (``staffing-aht``), if any."""
    for option in action.option_strings:
        if option.startswith("--"):
            return option[2:]
    return None


def flags_of(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The flags of a command a project file may default, by their name in the file.

    Every action with a long option, but ``--help`` and the ones no file may set (``--now``, ``--config``).
    """
    found: dict[str, argparse.Action] = {}
    for action in parser._actions:  # argparse has no public list of a parser's actions
        name = flag_name(action)
        if name is None or name in _NOT_FROM_FILE or isinstance(action, argparse._HelpAction):
            continue
        found[name] = action
    return found


def resolve(text: str, folder: Path | None) -> Path:
    """The path `text` names: ``~`` expanded where there is a home to expand to, relative to `folder` if given.

    Examples
    --------
    >>> resolve("data/t.csv", Path("team")), resolve("/srv/t.csv", Path("team"))
    (PosixPath('team/data/t.csv'), PosixPath('/srv/t.csv'))
    """
    path = Path(text)
    with contextlib.suppress(RuntimeError):  # "~nosuchuser/..." or no home: a name like any other, not found later
        path = path.expanduser()
    return path if folder is None or path.is_absolute() else folder / path


def is_path(action: argparse.Action) -> bool:
    """Whether the flag takes a file or folder: ``type=Path``, or a ``FILE``/``DIR`` metavar, or the ``PATH``."""
    return action.type is Path or action.metavar in _PATH_METAVARS or action.dest == "path"


class FlagValueError(ValueError):
    """A value a flag does not take; :attr:`expected` says what it does, :attr:`hint` the near miss if any."""

    def __init__(self, expected: str, hint: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.hint = hint

    def message(self, value: object) -> str:
        """``expected ..., got ...`` and the near miss: the message of a file problem about `value`."""
        return f"expected {self.expected}, got {value!r}{self.hint}"


def _text(value: object) -> str:
    """The command-line text of a file value (numbers and TOML dates as written, lists comma-separated)."""
    if isinstance(value, bool | Mapping):
        raise FlagValueError("a string, a number or a list of them")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | dt.date | dt.time):
        return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)
    if isinstance(value, list | tuple):
        return ",".join(_text(item) for item in value)
    raise FlagValueError("a string, a number or a list of them")


def _expected(action: argparse.Action, flag: str) -> str:
    kind = {float: "a number", int: "a whole number"}.get(action.type, "a value")  # type: ignore[call-overload]
    return f"{kind} that {flag} takes"


def flag_value(action: argparse.Action, value: object, folder: Path | None) -> object:
    """What a file value (or an environment variable's text) means for a flag: what argparse would store.

    The value is made into the flag's command-line text and converted by the flag's own ``type`` and ``choices``,
    so it means what the same text means on the command line. A flag without a value (``--summary``) takes true
    or false; a repeatable flag (``--channel``) a list; a path is relative to `folder` (the project file's).

    Raises
    ------
    FlagValueError
        Saying what the flag takes, when `value` is not that.
    """
    option = f"--{flag_name(action) or action.dest}"
    if action.nargs == 0:  # --summary, --scorecard: on or off
        if not isinstance(value, bool):
            raise FlagValueError(f"true or false ({option} takes no value)")
        return action.const if value else action.default
    if isinstance(action, argparse._AppendAction):  # a repeatable flag: one value per list item
        items = value if isinstance(value, list | tuple) else [value]
        return [_one(action, _text(item), option, folder) for item in items]
    return _one(action, _text(value), option, folder)


def _one(action: argparse.Action, text: str, option: str, folder: Path | None) -> object:
    if is_path(action):
        if not text.strip() or "\x00" in text:  # no command line can pass a NUL, nor should a file
            raise FlagValueError("a path (relative to the project file)")
        text = str(resolve(text, folder))
    converted: object = text
    if callable(action.type):
        try:
            converted = action.type(text)
        except argparse.ArgumentTypeError as err:  # its own words, less the "expected" and "got" a problem adds
            raise FlagValueError(re.sub(r",? got .*$", "", str(err)).removeprefix("expected ")) from None
        except (TypeError, ValueError):
            raise FlagValueError(_expected(action, option)) from None
    if action.choices is not None and converted not in action.choices:
        choices = [str(choice) for choice in action.choices]
        raise FlagValueError(f"one of {', '.join(choices)}", did_you_mean(text, choices))
    return converted


def command_problems(project: Project, command: str, parser: argparse.ArgumentParser) -> list[Problem]:
    """Every problem of `project`'s ``[command]`` table against that command's flags."""
    table = project.commands.get(command, {})
    flags = flags_of(parser)
    shown = str(project.path)
    entry = f"[{command}]"
    problems: list[Problem] = []
    for key, value in table.items():
        if key in _NOT_FROM_FILE:
            problems.append(Problem(shown, entry, key, _NOT_FROM_FILE[key]))
        elif key not in flags:
            problems.append(_unknown(shown, entry, key, flags, f"the flags of `teamcore {command}`"))
        else:
            try:
                flag_value(flags[key], value, project.folder)
            except FlagValueError as err:
                problems.append(Problem(shown, entry, key, err.message(value)))
    return problems


def project_problems(project: Project, parsers: Mapping[str, argparse.ArgumentParser]) -> list[Problem]:
    """Every problem of every per-command table of `project`, for ``teamcore validate``."""
    problems: list[Problem] = []
    for command in project.commands:
        if command in parsers:
            problems.extend(command_problems(project, command, parsers[command]))
    return problems
