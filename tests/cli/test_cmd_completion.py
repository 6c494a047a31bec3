"""Tests for ``teamcore completion``: the scripts parse in each shell, and bash and fish really complete with them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from teamcore.cli import main
from teamcore.cli._app import build_parser
from teamcore.cli._completion import SHELLS, commands_of, list_values, script
from teamcore.cli._exit import Exit

ROOT = Path(__file__).parents[2]
ORG = "examples/northwind/organisation.toml"


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each shell's script, and a ``teamcore`` on PATH (this checkout's) for the values the scripts ask for."""
    folder = tmp_path_factory.mktemp("completion")
    parser = build_parser()
    paths = {}
    for shell in SHELLS:
        paths[shell] = folder / f"teamcore.{shell}"
        paths[shell].write_text(script(shell, parser), encoding="utf-8")
    launcher = folder / "bin" / "teamcore"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m teamcore "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return paths


def _env(scripts: dict[str, Path]) -> dict[str, str]:
    bin_dir = scripts["bash"].parent / "bin"
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "PYTHONTZPATH": "",
    }


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed on this machine (make shells installs it)")
    return found


def _bash_complete(scripts: dict[str, Path], *words: str) -> list[str]:
    """What the bash script offers for `words`, the last being the word under the cursor."""
    line = " ".join(f"'{w}'" for w in words)
    program = f"source {scripts['bash']}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _teamcore; "
    program += 'printf "%s\\n" "${COMPREPLY[@]}"'
    done = subprocess.run(
        [_shell("bash"), "--norc", "-c", program],
        capture_output=True,
        text=True,
        env=_env(scripts),
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line]


class TestScripts:
    @pytest.mark.parametrize(("shell", "check"), [("bash", ["-n"]), ("zsh", ["-n"]), ("fish", ["--no-execute"])])
    def test_valid_syntax(self, scripts: dict[str, Path], shell: str, check: list[str]) -> None:
        """Each script parses in its own shell (skipped where the shell is not installed)."""
        done = subprocess.run(
            [_shell(shell), *check, str(scripts[shell])], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr

    def test_zsh_registers_the_function(self, scripts: dict[str, Path], tmp_path: Path) -> None:
        """Eval'd after compinit, the zsh script registers _teamcore as the completer of teamcore."""
        program = f'autoload -U compinit && compinit -u -d {tmp_path}/zcd; eval "$(<{scripts["zsh"]})"; '
        program += "print -r -- ${_comps[teamcore]}"
        done = subprocess.run(
            [_shell("zsh"), "-f", "-c", program], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.stdout.strip() == "_teamcore", done.stderr

    def test_every_command_and_flag_in_every_script(self, scripts: dict[str, Path]) -> None:
        """Every command and every long flag of the parser appears in each script."""
        _top, commands = commands_of(build_parser())
        assert {c.name for c in commands} >= {"kpi", "report", "completion", "validate"}
        for shell, path in scripts.items():
            text = path.read_text(encoding="utf-8")
            for command in commands:
                assert command.name in text, (shell, command.name)
                for option in command.options:
                    long = max(option.strings, key=len)
                    assert (long[2:] if shell == "fish" else long) in text, (shell, command.name, long)

    def test_printed_by_the_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``teamcore completion bash`` prints the generated script; no shell is a usage error."""
        assert main(["completion", "bash"]) == Exit.OK
        assert capsys.readouterr().out == script("bash", build_parser())
        with pytest.raises(SystemExit) as info:
            main(["completion"])
        assert info.value.code == Exit.USAGE
        assert "SHELL" in capsys.readouterr().err


class TestBashCompletes:
    @pytest.mark.parametrize(
        ("words", "expected"),
        [
            (["teamcore", "kp"], ["kpi"]),  # a command
            (["teamcore", "--no-color", "valid"], ["validate"]),  # after a global flag
            (["teamcore", "kpi", "--for"], ["--format"]),  # a flag of the command
            (["teamcore", "kpi", "--format", ""], ["table", "json", "csv"]),  # a flag's choices
            (["teamcore", "kpi", "--format", "=", "j"], ["json"]),  # --format=j, split at '=' by bash
            (["teamcore", "validate", "examples/northwind/organisation.t"], [ORG]),  # a file
            (["teamcore", "meetings", ORG, "--team", "nor"], ["nordics"]),  # a team of the file on the line
            (["teamcore", "feedback", ORG, "--member", "mikael."], ["mikael.holm"]),  # a member of it
            (["teamcore", "coverage", ORG, "--tz", "Europe/Stockh"], ["Europe/Stockholm"]),  # a zone
            (["teamcore", "meetings", "--team", "nor"], []),  # no team file on the line: nothing to offer
        ],
    )
    def test_completes(self, scripts: dict[str, Path], words: list[str], expected: list[str]) -> None:
        """bash completes commands, flags, choices, files, team and member ids and zones."""
        assert _bash_complete(scripts, *words) == expected


class TestFishCompletes:
    def test_completes(self, scripts: dict[str, Path]) -> None:
        """fish completes a command, a flag's choices and a team of the file on the line."""
        fish = _shell("fish")

        def complete(line: str) -> list[str]:
            program = f"source {scripts['fish']}; complete -C {line!r}"
            done = subprocess.run(
                [fish, "--no-config", "-c", program],
                capture_output=True,
                text=True,
                env=_env(scripts),
                cwd=ROOT,
                timeout=120,
                check=True,
            )
            return [row.split("\t")[0] for row in done.stdout.splitlines()]

        assert complete("teamcore kp") == ["kpi"]
        assert sorted(complete("teamcore kpi --format ")) == ["csv", "json", "table"]
        assert complete(f"teamcore meetings {ORG} --team nor") == ["nordics"]


class TestListValues:
    def test_ids_from_the_first_team_file(self) -> None:
        """Ids come from the first word that loads as a team file; other files are passed over."""
        words = ["teamcore", "kpi", "--sla", "examples/northwind/sla.toml", str(ROOT / ORG)]
        assert list_values("teams", words) == ["nordics", "emea", "americas", "apac", "leads"]
        assert "mikael.holm" in list_values("members", words)

    def test_broken_file_lists_nothing(self) -> None:
        """A team file with problems gives no ids, and no error."""
        assert list_values("teams", [str(ROOT / "examples/northwind/broken-organisation.toml")]) == []

    def test_command_prints_one_a_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``completion --list`` prints the values one a line and succeeds, even with nothing to list."""
        assert main(["completion", "--list", "teams", "--words", "teamcore", "--team", str(ROOT / ORG)]) == 0
        assert capsys.readouterr().out.split() == ["nordics", "emea", "americas", "apac", "leads"]
        assert main(["completion", "--list", "members", "--words", "nothing.toml"]) == 0
        assert capsys.readouterr().out == ""


class TestPositionalChoices:
    def test_source_then_files(self, scripts: dict[str, Path]) -> None:
        """A command whose first argument has choices (import's SOURCE) offers them, beside files."""
        assert "zendesk" in _bash_complete(scripts, "teamcore", "import", "zen")
        assert _bash_complete(scripts, "teamcore", "completion", "z") == ["zsh"]
        assert _bash_complete(scripts, "teamcore", "import", "examples/northwind/organisation.t") == [ORG]


class TestZshCompletes:
    def test_completes(self, scripts: dict[str, Path], tmp_path: Path) -> None:
        """zsh offers a command, a flag's choices and the teams of the file on the line (compadd stubbed to print)."""
        zsh = _shell("zsh")
        program = "\n".join(
            [
                f"autoload -U compinit && compinit -u -d {tmp_path}/zcd",
                f"source {scripts['zsh']}",
                "typeset -ga got",
                'compadd() { local i=${@[(i)--]}; got+=("${(@)@[i+1,-1]}") }',
                "_files() { got+=(FILES) }",
                '_describe() { local -a items; items=("${(@P)4}"); got+=("${(@)items%%:*}") }',
                "_message() { }",
                "words=(teamcore kp); CURRENT=2; _teamcore; print -r -- ${(M)got:#kp*}; got=()",
                "words=(teamcore kpi --format ''); CURRENT=4; _teamcore; print -r -- $got; got=()",
                f"words=(teamcore meetings {ORG} --team ''); CURRENT=5; _teamcore; print -r -- $got; got=()",
                "words=(teamcore validate ''); CURRENT=3; _teamcore; print -r -- $got; got=()",
            ]
        )
        done = subprocess.run(
            [zsh, "-f", "-c", program],
            capture_output=True,
            text=True,
            env=_env(scripts),
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert done.stdout.splitlines() == ["kpi", "table json csv", "nordics emea americas apac leads", "FILES"], (
            done.stderr
        )
