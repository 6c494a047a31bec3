"""The argument parser and dispatch; each command lives in its own ``_cmd_<name>.py`` module.

The parser imports only the module of the command being run: ``teamcore --help`` lists every command from
:data:`COMMANDS` without importing any of them, and ``teamcore kpi ...`` loads the ticket engine but not the
mentoring graph or the plots.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple

from teamcore import __version__
from teamcore.cli._exit import REPORT_TO, TRACEBACK_ENV, Exit, exit_code_table
from teamcore.cli._usage import Parser

__all__ = ["COMMANDS", "Command", "build_parser", "command_parsers", "main"]


class Command(NamedTuple):
    """A command of the ``teamcore`` CLI: its name and the one-line help ``teamcore --help`` shows.

    Its arguments and its ``run`` come from the module ``teamcore.cli._cmd_<name>``, whose ``register(subparsers)``
    adds the full parser (with this same help line; a test checks that they agree). A named tuple rather than an
    attrs class: ``teamcore --help`` loads nothing beyond argparse.
    """

    name: str
    help: str

    @property
    def module(self) -> str:
        """The dotted name of the module that registers and runs the command (``one-on-ones``: ``_cmd_one_on_ones``)."""
        return f"teamcore.cli._cmd_{self.name.replace('-', '_')}"


COMMANDS: tuple[Command, ...] = (
    Command("validate", "check a team file and list every problem with its location"),
    Command("report", "the team health report: overview and every section whose data is given"),
    Command("coverage", "who is working when: a weekday × hour heatmap and the gaps"),
    Command("meetings", "a fair rotation of a recurring team meeting, with each member's burden"),
    Command("one-on-ones", "proposed weekly 1:1 slots of each lead with their members, and their .ics"),
    Command("mentors", "mentoring: newcomers without a mentor, mentors' load, and suggested mentors"),
    Command("skills", "skills resilience: bus factor, single points of failure, training, silos"),
    Command("feedback", "feedback cycles: what is met, late or overdue per member, and this week's reminders per lead"),
    Command("kpi", "KPIs per member or team and period from ticket files"),
    Command("sla", "open tickets by time until SLA breach, and SLA achievement"),
    Command("staffing", "agents required per interval (Erlang C) against who is scheduled"),
    Command("roster", "propose a fair roster under labour rules, check one, or show its unsocial-hours burden"),
    # Helpdesk imports: a helpdesk export as an import folder, and its numbers beside the helpdesk's own.
    Command("import", "a helpdesk export as tickets and events Parquet files, with a load report"),
    Command("reconcile", "the helpdesk's own metric values beside teamcore's, each difference explained"),
    Command("schema", "print a JSON Schema: of team files, of JSON reports, or of a command's --format json output"),
    Command("init", "scaffold a new team folder: organisation template, policy files and teamcore.toml"),
)
"""The commands, in ``--help`` order."""

# Fetching from the live helpdesk APIs (teamcore.connectors.fetch), kept in its own block.
COMMANDS += (
    Command(
        "fetch", "pull what changed in a helpdesk (Zendesk, Freshdesk, Zammad) into a folder for `teamcore import`"
    ),
)

# Shell completion: a script for bash, zsh or fish, generated from this parser.
COMMANDS += (Command("completion", "print a shell completion script for bash, zsh or fish"),)

Runner = Callable[[argparse.Namespace], int]


def build_parser(load: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The ``teamcore`` parser with every command of :data:`COMMANDS`.

    Parameters
    ----------
    load
        The commands whose modules are imported for their full parsers; the others are listed with their help
        line only (they cannot be run with this parser). Default: all of them.
    """
    return _build(load)[0]


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command's full parser by name (each command module imported), for checking a project file's tables."""
    return _build(None)[1]


def _build(load: Collection[str] | None) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser, and the full parsers of the commands loaded by name (each with ``--config``/``--no-config``)."""
    parser = Parser(  # usage errors suggest the command or flag meant
        prog="teamcore",
        description="Lead a customer-service team across countries and timezones: coverage, KPIs, feedback,\n"
        "mentoring, staffing, and the team health report.",
        epilog=exit_code_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,  # the table of exit statuses keeps its lines
    )
    parser.add_argument("--version", action="version", version=f"teamcore {__version__}")
    parser.add_argument("--no-color", action="store_true", help="plain text output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    loaded: dict[str, argparse.ArgumentParser] = {}
    for command in COMMANDS:
        if load is None or command.name in load:
            importlib.import_module(command.module).register(sub)
            loaded[command.name] = sub.choices[command.name]
            from teamcore.cli._defaults import add_config_flags  # noqa: PLC0415 - only with a command to run

            add_config_flags(command.name, loaded[command.name])
        else:
            sub.add_parser(command.name, help=command.help, add_help=False)
    return parser, loaded


def _command_named(argv: Sequence[str]) -> list[str]:
    """The command `argv` asks for, if any: its first word that is not an option (global options take no value)."""
    names = {command.name for command in COMMANDS}
    for word in argv:
        if not word.startswith("-"):
            return [word] if word in names else []
    return []


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (the table is :data:`teamcore.cli._exit.EXIT_CODES`).

    Nothing escapes as a traceback: errors teamcore raises on purpose are their message (exit 1, 3 or 4), a reader
    that closes the pipe early ends the run quietly (141), Ctrl-C exits 130, and anything else is a one-line
    internal error (70) that says where to report it. Usage errors and ``--help`` exit through argparse
    (``SystemExit``, status 2 and 0).

    Parameters
    ----------
    argv
        Arguments without the program name; default ``sys.argv[1:]``.
    """
    return int(_main(argv))  # a plain int for callers, whatever member of Exit the command returned


def _main(argv: Sequence[str] | None) -> int:
    try:
        code = _dispatch(sys.argv[1:] if argv is None else list(argv))
        sys.stdout.flush()  # a closed pipe shows here rather than in the interpreter's flush at exit
    except BrokenPipeError:
        return _pipe_closed()
    except KeyboardInterrupt:
        _say("teamcore: interrupted")
        return Exit.INTERRUPTED
    except Exception as err:  # the last resort: one line, never a traceback
        if os.environ.get(TRACEBACK_ENV) == "1":
            raise
        return _internal_error(err)
    return code


def _dispatch(words: list[str]) -> int:
    parser, commands = _build(_command_named(words))
    if not commands or "-h" in words or "--help" in words:
        parser.parse_args(words)  # --help, --version and usage errors exit here, before anything else is loaded
    from teamcore.cli._common import check_outputs, console_for, fail  # noqa: PLC0415 - the command loaded them
    from teamcore.cli._defaults import parse_with_defaults  # noqa: PLC0415 - see above
    from teamcore.cli._words import in_flags  # noqa: PLC0415 - see above
    from teamcore.exceptions import TeamcoreError  # noqa: PLC0415 - see above

    args = argparse.Namespace(no_color="--no-color" in words)  # until the command line is parsed
    try:
        # The flags, over the TEAMCORE_* variables, over the project file (teamcore.toml).
        args = parse_with_defaults(parser, commands, words)
        run: Runner = args.run
        check_outputs(args)  # before anything is loaded, computed or printed
        return run(args)
    except TeamcoreError as err:
        return fail(console_for(args), in_flags(err, parser, args))  # flags, not the library's parameter names
    except OSError as err:
        if isinstance(err, BrokenPipeError) or err.filename is None:
            raise
        # A file the operating system refused that no loader reported: the user's to fix, not a bug.
        _say(f"error: {err.filename}: {err.strerror or err}")
        return Exit.INVALID


def _pipe_closed() -> Exit:
    """The reader went away (``teamcore ... | head -1``): end quietly, the way Python's documentation advises.

    Whatever is still buffered for stdout would fail again when the interpreter flushes it at exit, so stdout is
    pointed at the null device first (see "Note on SIGPIPE" in the :mod:`signal` documentation).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a file descriptor (captured in tests): nothing to do
        pass
    return Exit.PIPE


def _internal_error(err: Exception) -> Exit:
    """One line for an exception teamcore did not mean to raise, and where to report it."""
    lines = str(err).strip().splitlines()
    what = f"{type(err).__name__}: {lines[0][:300]}" if lines else type(err).__name__
    _say(
        f"teamcore: internal error: {what} (a bug in teamcore {__version__}; please report it to {REPORT_TO} with "
        f"the command line; {TRACEBACK_ENV}=1 shows the traceback)"
    )
    return Exit.INTERNAL


def _say(line: str) -> None:
    """Write one line to stderr, and never fail doing it (stderr may be closed too)."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
