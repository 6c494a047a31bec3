"""Tests that ``import teamcore`` and ``teamcore --help`` load only what they need (module sets, not timings)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from teamcore.cli import COMMANDS, main
from teamcore.cli._app import build_parser

HEAVY = ("networkx", "pendulum", "holidays", "cattrs", "tomli_w", "polars", "narwhals", "numpy", "matplotlib",
         "scipy", "icalendar", "hypothesis", "dask", "ortools")  # fmt: skip
"""Third-party packages no command needs just to start."""

DOMAIN = ("people", "scheduling", "kpi", "feedback", "mentoring", "staffing", "knowledge", "report", "rostering",
          "strategies")  # fmt: skip
"""teamcore's domain subpackages, none of which ``teamcore --help`` needs."""


def loaded_after(code: str) -> set[str]:
    """The modules in sys.modules after a fresh interpreter runs `code` (with this test's interpreter and env)."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def loaded_by_cli(*argv: str) -> set[str]:
    """The modules loaded by running the command line with `argv` until it exits."""
    return loaded_after(f"from teamcore.cli import main\ntry:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass")


def packages(modules: set[str]) -> set[str]:
    """The top-level packages of `modules`."""
    return {module.partition(".")[0] for module in modules}


class TestImportTeamcore:
    def test_loads_no_heavy_dependency(self):
        """``import teamcore`` imports none of the heavy third-party packages."""
        loaded = loaded_after("import teamcore")
        assert packages(loaded).isdisjoint(HEAVY)
        assert {m for m in loaded if m.startswith("teamcore.")} == set()

    def test_names_load_on_use(self):
        """A name's module is imported on first use, and the name is listed by dir()."""
        loaded = loaded_after("import teamcore\nassert teamcore.Member.__name__ == 'Member'")
        assert "teamcore.people" in loaded

    def test_dir_lists_public_names(self):
        """dir(teamcore) lists every name of __all__ before any is used."""
        import teamcore  # noqa: PLC0415 - the module under test

        assert set(teamcore.__all__) <= set(dir(teamcore))

    def test_unknown_name(self):
        """An unknown attribute raises AttributeError naming it."""
        import teamcore  # noqa: PLC0415 - the module under test

        with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
            _ = teamcore.Nope  # type: ignore[attr-defined]

    def test_every_public_name_resolves(self):
        """Every name of __all__ resolves to an object."""
        import teamcore  # noqa: PLC0415 - the module under test

        assert all(getattr(teamcore, name) is not None for name in teamcore.__all__)


class TestCliStart:
    @pytest.mark.parametrize("option", ["--help", "--version"])
    def test_help_loads_no_command(self, option):
        """``teamcore --help`` and ``--version`` import no command module, no domain code and no heavy package."""
        loaded = loaded_by_cli(option)
        assert packages(loaded).isdisjoint(HEAVY)
        assert {m for m in loaded if m.startswith("teamcore.cli._cmd_")} == set()
        assert {m.split(".")[1] for m in loaded if m.startswith("teamcore.")}.isdisjoint(DOMAIN)

    def test_a_command_loads_only_its_module(self):
        """``teamcore schema --help`` imports the schema command's module and no other command's."""
        loaded = loaded_by_cli("schema", "--help")
        assert {m for m in loaded if m.startswith("teamcore.cli._cmd_")} == {"teamcore.cli._cmd_schema"}

    def test_help_lists_what_the_commands_register(self):
        """The help lines of COMMANDS are those each command module registers: the lazy --help is the full one."""
        assert build_parser(()).format_help() == build_parser().format_help()

    @pytest.mark.parametrize("name", [command.name for command in COMMANDS])
    def test_every_command_help(self, name, capsys):
        """Every command's --help exits 0 and shows its own usage."""
        with pytest.raises(SystemExit) as caught:
            main([name, "--help"])
        assert caught.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: teamcore {name}")
