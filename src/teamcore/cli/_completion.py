"""Shell completion scripts for bash, zsh and fish, generated from the ``teamcore`` argument parser.

Why not argcomplete: it runs Python on every press of Tab and, for zsh and fish, wants its own package installed
beside teamcore; here the commands, flags and choices are written into the script once, so Tab costs nothing, and
the scripts need no package. Only the values that live in the user's files (member and team ids from the
organisation file) and the list of timezones ask teamcore, through ``teamcore completion --list KIND``, which never
prints an error.

What is completed, for each shell alike: the commands (with their help line where the shell shows one), each
command's flags, the choices of a flag that has them (``--format`` → ``table csv json``), files for ``FILE`` and
``PATH`` arguments, ``--team`` and ``--member`` from the organisation file on the command line, and ``--tz`` from
the IANA timezones.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, Literal, NamedTuple, get_args

__all__ = ["LISTS", "SHELLS", "CommandSpec", "FlagSpec", "Shell", "commands_of", "list_values", "script"]

Shell = Literal["bash", "zsh", "fish"]
SHELLS: Final[tuple[Shell, ...]] = get_args(Shell)

ValueKind = Literal["none", "file", "choice", "teams", "members", "timezones", "text"]

LISTS: Final = ("members", "teams", "timezones")
"""What ``teamcore completion --list`` can print."""

_ID_FLAGS: Final[dict[str, ValueKind]] = {"team": "teams", "member": "members", "tz": "timezones"}
"""Destinations whose values are ids from the organisation file, or timezone names."""

_FILE_METAVARS: Final = frozenset({"FILE", "PATH", "DIR", "FOLDER", "INPUT"})


class FlagSpec(NamedTuple):
    """One flag of a command: its spellings, what its value is, its choices and its help line."""

    strings: tuple[str, ...]
    kind: ValueKind
    choices: tuple[str, ...]
    help: str


class CommandSpec(NamedTuple):
    """A command: its name, help line, flags, whether its positional arguments are files, and their choices."""

    name: str
    help: str
    options: tuple[FlagSpec, ...]
    files: bool
    words: tuple[str, ...] = ()


def _kind(action: argparse.Action) -> ValueKind:
    if action.nargs == 0:
        return "none"
    if action.choices is not None:
        return "choice"
    if action.dest in _ID_FLAGS:
        return _ID_FLAGS[action.dest]
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if action.type is Path or metavar in _FILE_METAVARS:
        return "file"
    return "text"


def _help(action: argparse.Action) -> str:
    text = action.help if isinstance(action.help, str) and action.help != argparse.SUPPRESS else ""
    return " ".join(text.replace("%%", "%").split())


def _options(parser: argparse.ArgumentParser) -> tuple[tuple[FlagSpec, ...], bool, tuple[str, ...]]:
    options: list[FlagSpec] = []
    files = False
    words: list[str] = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if not action.option_strings:
            files = files or _kind(action) == "file"
            words.extend(str(c) for c in action.choices or ())
            continue
        choices = tuple(str(c) for c in action.choices) if action.choices is not None else ()
        options.append(FlagSpec(tuple(action.option_strings), _kind(action), choices, _help(action)))
    return tuple(options), files, tuple(words)


def commands_of(parser: argparse.ArgumentParser) -> tuple[CommandSpec, tuple[CommandSpec, ...]]:
    """The top level (global flags) and every command of `parser`, each with its flags, in ``--help`` order.

    argparse keeps its actions and subparsers in attributes it does not document (``_actions``,
    ``_SubParsersAction``); argcomplete and shtab read the same ones to generate completion.
    """
    top_options, _, _ = _options(parser)
    commands: list[CommandSpec] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: _help(choice) for choice in action._choices_actions}
        for name, sub in action.choices.items():
            options, files, words = _options(sub)
            commands.append(CommandSpec(name, helps.get(name, ""), options, files, words))
    return CommandSpec("teamcore", "", top_options, files=False), tuple(commands)


# -- bash -----------------------------------------------------------------------------------------------------------


def _words(values: Iterable[str]) -> str:
    return shlex.quote(" ".join(values))


def _bash_value(option: FlagSpec) -> str:
    if option.kind == "file":
        return "_teamcore_files"
    if option.kind == "choice":
        return f'COMPREPLY=($(compgen -W {_words(option.choices)} -- "$cur"))'
    if option.kind in LISTS:
        return f"_teamcore_list {option.kind}"
    return ":"  # a value teamcore cannot guess (a date, a number): nothing to offer


def _bash_command(command: CommandSpec) -> list[str]:
    lines = [f"        {shlex.quote(command.name)})", '            case "$prev" in']
    lines += [
        f"                {'|'.join(option.strings)}) {_bash_value(option)}; return ;;"
        for option in command.options
        if option.kind != "none"
    ]
    flags = [s for option in command.options for s in option.strings]
    rest = f'COMPREPLY=($(compgen -W {_words(command.words)} -- "$cur"))' if command.words else "COMPREPLY=()"
    if command.files:
        rest += '; compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -f -- "$cur"))'
    lines += [
        "            esac",
        f'            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W {_words(flags)} -- "$cur")); else {rest}; fi',
        "            ;;",
    ]
    return lines


def _bash(top: CommandSpec, commands: Sequence[CommandSpec]) -> str:
    names = [c.name for c in commands]
    global_flags = [s for option in top.options for s in option.strings]
    body = [line for command in commands for line in _bash_command(command)]
    return "\n".join(
        [
            '# bash completion for teamcore; load it with:  eval "$(teamcore completion bash)"  (in ~/.bashrc)',
            "_teamcore_files() {",
            "    compopt -o filenames 2>/dev/null",
            '    COMPREPLY=($(compgen -f -- "$cur"))',
            "}",
            "_teamcore_list() {",
            "    local IFS=$'\\n'",
            '    local values="$(teamcore completion --list "$1" --words "${COMP_WORDS[@]}" 2>/dev/null)"',
            '    COMPREPLY=($(compgen -W "$values" -- "$cur"))',
            "}",
            "_teamcore() {",
            '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i',
            '    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
            '    if [[ $cur == "=" ]]; then cur=""',  # --flag=<Tab>: bash splits the word at "="
            '    elif [[ $prev == "=" ]] && (( COMP_CWORD > 1 )); then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi',
            "    for ((i = 1; i < COMP_CWORD; i++)); do",
            '        [[ ${COMP_WORDS[i]} == -* ]] || { cmd="${COMP_WORDS[i]}"; break; }',
            "    done",
            '    case "$cmd" in',
            '        "")',
            f'            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W {_words(global_flags)} -- "$cur"))',
            f'            else COMPREPLY=($(compgen -W {_words(names)} -- "$cur")); fi',
            "            ;;",
            *body,
            "    esac",
            "}",
            "complete -F _teamcore teamcore",
            "",
        ]
    )


# -- zsh ------------------------------------------------------------------------------------------------------------


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_described(pairs: Iterable[tuple[str, str]]) -> str:
    """``'name:help'`` items for ``_describe`` (a colon in a name is escaped; the first colon ends it)."""
    return " ".join(_zsh_quote(name.replace(":", "\\:") + ":" + text) for name, text in pairs)


def _zsh_value(option: FlagSpec) -> str:
    if option.kind == "file":
        return "_files"
    if option.kind == "choice":
        return "compadd -- " + " ".join(_zsh_quote(c) for c in option.choices)
    if option.kind in LISTS:
        return f'compadd -- ${{(f)"$(teamcore completion --list {option.kind} --words "${{words[@]}}" 2>/dev/null)"}}'
    return "_message value"


def _zsh_command(command: CommandSpec) -> list[str]:
    lines = [f"        {_zsh_quote(command.name)})", "            case $prev in"]
    lines += [
        f"                {'|'.join(option.strings)}) {_zsh_value(option)}; return ;;"
        for option in command.options
        if option.kind != "none"
    ]
    flags = _zsh_described((s, option.help) for option in command.options for s in option.strings)
    choices = "compadd -- " + " ".join(_zsh_quote(w) for w in command.words) if command.words else ":"
    rest = f"{choices}; _files" if command.files else choices
    lines += [
        "            esac",
        "            if [[ $cur == -* ]]; then",
        f"                local -a flags=({flags})",
        "                _describe -t flags flag flags",
        f"            else {rest}; fi",
        "            ;;",
    ]
    return lines


def _zsh(top: CommandSpec, commands: Sequence[CommandSpec]) -> str:
    described = _zsh_described((c.name, c.help) for c in commands)
    global_flags = _zsh_described((s, option.help) for option in top.options for s in option.strings)
    body = [line for command in commands for line in _zsh_command(command)]
    return "\n".join(
        [
            "#compdef teamcore",
            '# zsh completion for teamcore; load it with:  eval "$(teamcore completion zsh)"  (in ~/.zshrc, after',
            "# compinit), or save it as _teamcore in a folder of $fpath.",
            "_teamcore() {",
            "    local cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmd='' i",
            "    for (( i = 2; i < CURRENT; i++ )); do",
            "        [[ ${words[i]} == -* ]] || { cmd=${words[i]}; break; }",
            "    done",
            "    case $cmd in",
            "        '')",
            "            if [[ $cur == -* ]]; then",
            f"                local -a flags=({global_flags})",
            "                _describe -t flags flag flags",
            "            else",
            f"                local -a commands=({described})",
            "                _describe -t commands command commands",
            "            fi",
            "            ;;",
            *body,
            "    esac",
            "}",
            "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then",  # saved in $fpath, autoloaded
            '    _teamcore "$@"',
            "else",  # eval'd from ~/.zshrc
            "    compdef _teamcore teamcore",
            "fi",
            "",
        ]
    )


# -- fish -----------------------------------------------------------------------------------------------------------


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(condition: str, option: FlagSpec) -> str:
    parts = ["complete -c teamcore", "-n", _fish_quote(condition)]
    for string in option.strings:
        parts += ["-l", string[2:]] if string.startswith("--") else ["-s", string[1:]]
    if option.kind == "file":
        parts += ["-r", "-F"]
    elif option.kind == "choice":
        parts += ["-x", "-a", _fish_quote(" ".join(option.choices))]
    elif option.kind in LISTS:
        parts += ["-x", "-a", _fish_quote(f"(teamcore completion --list {option.kind} --words (commandline -opc))")]
    elif option.kind == "text":
        parts += ["-x"]
    if option.help:
        parts += ["-d", _fish_quote(option.help)]
    return " ".join(parts)


def _fish(top: CommandSpec, commands: Sequence[CommandSpec]) -> str:
    lines = [
        "# fish completion for teamcore; load it with:  teamcore completion fish | source  (in config.fish), or save",
        "# it as ~/.config/fish/completions/teamcore.fish",
        "complete -c teamcore -f",
    ]
    lines += [_fish_option("__fish_use_subcommand", option) for option in top.options]
    for command in commands:
        name, text = _fish_quote(command.name), _fish_quote(command.help)
        lines.append(f"complete -c teamcore -n __fish_use_subcommand -a {name} -d {text}")
    for command in commands:
        condition = f"__fish_seen_subcommand_from {command.name}"
        if command.files:
            lines.append(f"complete -c teamcore -n {_fish_quote(condition)} -F")
        if command.words:
            lines.append(f"complete -c teamcore -n {_fish_quote(condition)} -a {_fish_quote(' '.join(command.words))}")
        lines += [_fish_option(condition, option) for option in command.options]
    return "\n".join([*lines, ""])


def script(shell: Shell, parser: argparse.ArgumentParser) -> str:
    """The completion script for `shell`, generated from `parser` (the ``teamcore`` parser with every command).

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="teamcore")
    >>> sub = parser.add_subparsers(dest="command")
    >>> kpi = sub.add_parser("kpi", help="KPIs")
    >>> _ = kpi.add_argument("--format", choices=["table", "json"])
    >>> "--format) COMPREPLY=($(compgen -W 'table json'" in script("bash", parser)
    True
    """
    top, commands = commands_of(parser)
    render = {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell]
    return render(top, commands)


def list_values(kind: str, words: Sequence[str]) -> list[str]:
    """The values ``teamcore completion --list KIND`` prints: ids from the first team file among `words`, or zones.

    Never raises for what the user typed: a word that is not a team file is passed over, and with none there is
    nothing to list (completion must not print errors into the user's command line).

    Examples
    --------
    >>> "Europe/Stockholm" in list_values("timezones", [])
    True
    >>> list_values("teams", ["teamcore", "kpi", "no-such-file.toml"])
    []
    """
    if kind == "timezones":
        from teamcore._suggest import timezone_names  # noqa: PLC0415 - only this list needs it

        return list(timezone_names())
    from teamcore.exceptions import TeamcoreError  # noqa: PLC0415 - loaded on use, as every command's imports
    from teamcore.people import load_organisation  # noqa: PLC0415 - as above

    for word in words:
        if Path(word).suffix.lower() not in {".toml", ".json"}:
            continue
        try:
            path = Path(word).expanduser()  # the shell has not expanded a ~ in the word being typed
            if not path.is_file():
                continue
            org = load_organisation(path)
        except (TeamcoreError, OSError, RuntimeError):  # RuntimeError: a ~user that does not exist
            continue
        return [m.id for m in org.members] if kind == "members" else [t.id for t in org.teams]
    return []
