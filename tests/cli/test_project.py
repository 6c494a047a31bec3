"""The project file ``teamcore.toml``, the ``TEAMCORE_*`` variables, and precedence: flag > env > file > default."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teamcore.cli import main
from teamcore.cli._app import _build
from teamcore.cli._defaults import ENVIRONMENT, NO_CONFIG_ENV, parse_with_defaults
from teamcore.cli._exit import Exit
from teamcore.cli._project import PROJECT_FILE, SHARED, SHARED_DEFAULTS
from tests.cli.running import ROOT

NORTHWIND = ROOT / "examples" / "northwind"
NOW = "2026-11-23T08:00:00Z"
DOCS = ROOT / "docs" / "reference" / "project-file.md"


@pytest.fixture(autouse=True)
def with_project_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test-wide TEAMCORE_NO_CONFIG (tests/conftest.py) is lifted: these tests are about project files."""
    monkeypatch.delenv(NO_CONFIG_ENV, raising=False)


def parse(words: list[str], environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> argparse.Namespace:
    """The namespace the command line `words` gives, with `environ` (default: empty) and `cwd`."""
    parser, commands = _build([w for w in words if not w.startswith("-")][:1])
    return parse_with_defaults(parser, commands, words, environ or {}, cwd or Path("/nonexistent"))


def project(folder: Path, text: str) -> Path:
    """Write ``teamcore.toml`` with `text` into `folder`."""
    path = folder / PROJECT_FILE
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A copy of the Northwind organisation in a folder of its own (no project file beside it yet)."""
    path = tmp_path / "organisation.toml"
    path.write_text((NORTHWIND / "organisation.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


LAYERS = ("flag", "env", "file")


@st.composite
def layered(draw: st.DrawFn) -> dict[str, int]:
    """A value for each of some of the layers (flag, env, file), distinct so the winner is known."""
    present = draw(st.sets(st.sampled_from(LAYERS)))
    values = draw(st.lists(st.integers(1, 100_000), min_size=3, max_size=3, unique=True))
    return {layer: value for layer, value in zip(LAYERS, values, strict=True) if layer in present}


def _aht(layers: Mapping[str, int], command: str, flag: str, dest: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "org.toml").write_text("", encoding="utf-8")
        words = [command, str(base / "org.toml"), "--now", NOW]
        if command == "staffing":
            words[2:4] = ["--forecast", "f.csv"]
        if "file" in layers:
            project(base, f"[defaults]\naht = {layers['file']}\n")
        if "flag" in layers:
            words += [flag, str(layers["flag"])]
        env = {"TEAMCORE_AHT": str(layers["env"])} if "env" in layers else {}
        value: float = getattr(parse(words, env), dest)
        return value


class TestPrecedence:
    @given(layers=layered(), command=st.sampled_from([("report", "--staffing-aht", "staffing_aht"),
                                                      ("staffing", "--aht", "aht")]))  # fmt: skip
    @example(layers={}, command=("staffing", "--aht", "aht")).via("staffing's default is report's: one source")
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the autouse fixture is not used here
    def test_highest_layer_wins(self, layers: dict[str, int], command: tuple[str, str, str]) -> None:
        """The command line beats TEAMCORE_AHT, which beats teamcore.toml, which beats the built-in default."""
        winner = next((layers[layer] for layer in LAYERS if layer in layers), None)
        got = _aht(layers, *command)
        if winner is not None:
            assert got == winner
        elif command[0] == "report":
            assert got == SHARED_DEFAULTS["aht"] == 300
        else:  # staffing: None until run, which takes the tickets' mean or the same default (test_cmd_staffing)
            assert got is None

    @pytest.mark.parametrize(
        ("table", "env", "flags", "expected"),
        [
            ("", {}, [], "UTC"),  # the built-in default
            ("[defaults]\ntimezone = 'Asia/Tokyo'", {}, [], "Asia/Tokyo"),  # the file's shared key
            ("[defaults]\ntimezone = 'Asia/Tokyo'\n[kpi]\ntz = 'Europe/Oslo'", {}, [], "Europe/Oslo"),  # its table
            ("[kpi]\ntz = 'Europe/Oslo'", {"TEAMCORE_TIMEZONE": "America/Lima"}, [], "America/Lima"),  # env > file
            ("[kpi]\ntz = 'Europe/Oslo'", {"TEAMCORE_TIMEZONE": "America/Lima"}, ["--tz", "Asia/Dubai"], "Asia/Dubai"),
            ("[kpi]\ntz = 'Europe/Oslo'", {"TEAMCORE_TIMEZONE": ""}, [], "Europe/Oslo"),  # an empty variable is unset
        ],
    )
    def test_timezone_layers(self, org: Path, table: str, env: dict[str, str], flags: list[str], expected: str) -> None:
        """A command's own table beats the shared [defaults] key; the environment beats both; the flag all."""
        project(org.parent, table)
        args = parse(["kpi", str(org), "--tickets", "t.csv", "--now", NOW, *flags], env)
        assert args.tz == expected

    def test_now_from_the_environment(self, org: Path) -> None:
        """TEAMCORE_NOW stands in for a required --now; --now on the command line wins."""
        assert parse(["report", str(org)], {"TEAMCORE_NOW": "2026-01-05T09:00Z"}).now == "2026-01-05T09:00Z"
        args = parse(["report", str(org), "--now", NOW], {"TEAMCORE_NOW": "2026-01-05T09:00Z"})
        assert args.now == NOW
        assert "now" not in args.defaulted

    def test_defaulted_says_where(self, org: Path) -> None:
        """Each value not from the command line is recorded with its source, for messages and commands' rules."""
        project(org.parent, "[data]\ntickets = 't.csv'\n[report]\nsummary = true\n")
        args = parse(["report", str(org), "--now", NOW], {"TEAMCORE_AHT": "200"})
        assert args.defaulted == {
            "tickets": f"{org.parent / PROJECT_FILE}: data.tickets",
            "summary": f"{org.parent / PROJECT_FILE}: [report] summary",
            "staffing_aht": "TEAMCORE_AHT",
        }


class TestFile:
    def test_paths_relative_to_the_file(self, org: Path, tmp_path: Path) -> None:
        """Paths in the file are relative to it, not to the current folder; outputs too."""
        project(org.parent, "[data]\ntickets = 'in/t.csv'\n[report]\njson = 'out/r.json'\nsections = ['overview']\n")
        args = parse(["report", str(org), "--now", NOW], cwd=tmp_path / "elsewhere")
        assert Path(args.tickets) == org.parent / "in" / "t.csv"
        assert args.json == org.parent / "out" / "r.json"
        assert args.sections == ("overview",)  # a list for a comma-separated flag

    def test_organisation_without_path(self, org: Path) -> None:
        """Without PATH, the project file in the current folder names the organisation."""
        project(org.parent, "organisation = 'organisation.toml'\n")
        assert Path(parse(["validate"], cwd=org.parent).path) == org

    def test_no_path_and_no_project(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without PATH or a project file naming one: a usage error that says both ways."""
        with pytest.raises(SystemExit) as info:
            parse(["validate"], cwd=tmp_path)
        assert info.value.code == Exit.USAGE
        assert "PATH (or a teamcore.toml naming `organisation`" in capsys.readouterr().err

    def test_any_flag_by_its_dest(self, org: Path) -> None:
        """A flag added to a command later is defaulted from its table with no change to the project-file code."""
        parser, commands = _build(["report"])
        commands["report"].add_argument("--coach", metavar="M", help="a flag another change adds")
        commands["report"].add_argument("--weeks-back", type=int, help="and another")
        project(org.parent, "[report]\ncoach = 'astrid.lindqvist'\nweeks-back = 4\n")
        args = parse_with_defaults(parser, commands, ["report", str(org), "--now", NOW], {}, Path("/nonexistent"))
        assert (args.coach, args.weeks_back) == ("astrid.lindqvist", 4)

    @pytest.mark.parametrize(
        ("command", "flag", "text", "extra"),
        [
            ("kpi", "--period", "week", ["--tickets", "t.csv", "--now", NOW]),  # a choice
            ("kpi", "--start", "2026-11-01T00:00Z", ["--tickets", "t.csv", "--now", NOW]),  # plain text
            ("report", "--max-rejected", "5%", ["--now", NOW]),  # a type function of its own
            ("report", "--sections", "overview,kpi", ["--now", NOW]),  # comma-separated
            ("report", "--staffing-aht", "240.5", ["--now", NOW]),  # a float
            ("staffing", "--worst", "3", ["--forecast", "f.csv"]),  # an int
            ("coverage", "--from", "2026-03-09", ["--to", "2026-03-15"]),  # a date, and a required flag
            ("meetings", "--duration", "45", ["--team", "emea"]),  # minutes
            ("mentors", "--solver", "optimal", ["--now", NOW]),  # another choice
        ],
    )
    def test_file_means_the_command_line(self, org: Path, command: str, flag: str, text: str, extra: list[str]) -> None:
        """A flag's text in the command's table gives the value the same text gives on the command line."""
        action = next(a for a in _build([command])[1][command]._actions if flag in a.option_strings)
        on_line = getattr(parse([command, str(org), *extra, flag, text]), action.dest)
        project(org.parent, f"[{command}]\n{flag[2:]} = {json.dumps(text)}\n")
        from_file = parse([command, str(org), *extra])
        assert getattr(from_file, action.dest) == on_line
        assert action.dest in from_file.defaulted

    def test_required_flags_from_the_file(self, org: Path) -> None:
        """A flag argparse requires (sla's --policy, feedback's --log) is satisfied by the file."""
        project(org.parent, "[data]\nfeedback = 'f.jsonl'\ntickets = 't.csv'\n[policies]\nsla = 's.toml'\n")
        assert Path(parse(["sla", str(org), "--now", NOW]).policy) == org.parent / "s.toml"
        assert parse(["feedback", str(org), "--now", NOW]).log == org.parent / "f.jsonl"

    def test_exclusive_flags(self, org: Path) -> None:
        """staffing's --forecast and --tickets: the file's forecast, unless --tickets is on the command line."""
        project(org.parent, "[data]\nforecast = 'f.csv'\ntickets = 't.csv'\n")
        args = parse(["staffing", str(org)])
        assert (Path(args.forecast), args.tickets) == (org.parent / "f.csv", None)
        args = parse(["staffing", str(org), "--tickets", "mine.csv"])
        assert (args.forecast, args.tickets) == (None, "mine.csv")

    def test_events_go_with_their_tickets(self, org: Path) -> None:
        """The file's events are dropped when --tickets is on the command line (an import folder implies its own)."""
        project(org.parent, "[data]\ntickets = 't.csv'\nevents = 'e.csv'\n")
        assert Path(parse(["kpi", str(org), "--now", NOW]).events) == org.parent / "e.csv"
        assert parse(["kpi", str(org), "--now", NOW, "--tickets", "import-folder"]).events is None
        args = parse(["kpi", str(org), "--now", NOW, "--tickets", "x.csv", "--events", "y.csv"])
        assert (args.tickets, args.events) == (Path("x.csv"), Path("y.csv"))

    def test_repeatable_and_switches(self, org: Path) -> None:
        """A repeatable flag takes a list, a switch true or false; a flag on the command line replaces the list."""
        project(org.parent, "[staffing]\nchannel = ['email', 'chat']\naround-the-clock = true\n")
        args = parse(["staffing", str(org), "--forecast", "f.csv"])
        assert (args.channel, args.around_the_clock) == (["email", "chat"], True)
        assert parse(["staffing", str(org), "--forecast", "f.csv", "--channel", "phone"]).channel == ["phone"]


class TestDiscovery:
    def test_beside_the_organisation(self, org: Path, tmp_path: Path) -> None:
        """The file beside PATH is read, whatever the current folder."""
        project(org.parent, "[defaults]\naht = 111\n")
        assert parse(["report", str(org), "--now", NOW], cwd=tmp_path).staffing_aht == 111

    @pytest.mark.parametrize(
        ("flags", "env", "expected"),
        [
            (["--config", "{other}"], {}, 222),  # --config names another file
            ([], {"TEAMCORE_CONFIG": "{other}"}, 222),  # and so does TEAMCORE_CONFIG
            (["--no-config"], {}, 300),  # --no-config: none at all
            ([], {"TEAMCORE_NO_CONFIG": "1"}, 300),  # nor with TEAMCORE_NO_CONFIG
            (["--no-config"], {"TEAMCORE_CONFIG": "{other}"}, 300),  # the flag beats the variable
            (["--config", "{other}"], {"TEAMCORE_NO_CONFIG": "1"}, 222),  # either way round
            ([], {"TEAMCORE_NO_CONFIG": "0"}, 111),  # 0 means no
        ],
    )
    def test_choosing_the_file(self, org: Path, flags: list[str], env: dict[str, str], expected: int) -> None:
        """--config, TEAMCORE_CONFIG, --no-config and TEAMCORE_NO_CONFIG choose the file, flags first."""
        project(org.parent, "[defaults]\naht = 111\n")
        other = org.parent / "other.toml"
        other.write_text("[defaults]\naht = 222\n", encoding="utf-8")
        flags = [f.format(other=other) for f in flags]
        env = {k: v.format(other=other) for k, v in env.items()}
        assert parse(["report", str(org), "--now", NOW, *flags], env).staffing_aht == expected

    def test_missing_config(self, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--config naming a file that does not exist: exit 1 naming the flag and the path."""
        assert main(["report", str(org), "--now", NOW, "--config", str(org.parent / "nope.toml")]) == Exit.INVALID
        assert re.search(r"--config: expected an existing project file .*nope\.toml", capsys.readouterr().err)


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # an unknown table, with the near miss
            ("[repot]\nsummary = true", r"repot: unknown key; did you mean 'report'\?"),
            # an unknown key of a section
            ("[data]\ntickts = 't.csv'", r"\[data\]: tickts: unknown key; did you mean 'tickets'\?"),
            # an unknown flag of a command, with the command's flags
            ("[report]\nsumary = true", r"\[report\]: sumary: unknown key; did you mean 'summary'\? .*teamcore report"),
            # a value of the wrong type: key, value, expected
            ("[defaults]\naht = 'fast'", r"\[defaults\]: aht: expected a number, got 'fast'"),
            ("[defaults]\naht = -5", r"aht: expected a positive number of seconds, got -5"),
            ("[defaults]\nshrinkage = 1.5", r"shrinkage: expected a fraction from 0 to below 1, got 1.5"),
            ("[defaults]\nservice-level = 80", r"service-level: expected PERCENT/SECONDS such as '80/20', got 80"),
            ("[defaults]\ntimezone = 'Europe/Stokholm'", r"got 'Europe/Stokholm'; did you mean 'Europe/Stockholm'\?"),
            ("[data]\ntickets = 3", r"\[data\]: tickets: expected a path \(relative to this file\), got 3"),
            ('[data]\ntickets = "t\\u0000.csv"', r"tickets: expected a path \(relative to this file\), got 't\\x00"),
            ('[report]\njson = "r\\u0000.json"', r"json: expected a path \(relative to the project file\)"),
            ("[report]\nstaffing-aht = 'x'", r"\[report\]: staffing-aht: expected a number that --staffing-aht takes"),
            ("[report]\nsummary = 'yes'", r"summary: expected true or false \(--summary takes no value\), got 'yes'"),
            ("[report]\nmax-rejected = 2", r"max-rejected: expected a fraction from 0 to 1 or a percentage"),
            ("[report]\nsections = {}", r"sections: expected a string, a number or a list of them, got \{\}"),
            ("[kpi]\nperiod = 'wek'", r"period: expected one of day, week, month, got 'wek'; did you mean 'week'\?"),
            # what no file may set
            ("[report]\nnow = 2026-11-23T08:00:00Z", r"now: the current instant is never read from a project file"),
            ("data = 'tickets.csv'", r"data: expected a table \[data\], got 'tickets.csv'"),
            ("format = 'teamcore.project/2'", r"format: expected 'teamcore.project/1', got 'teamcore.project/2'"),
            ("[report\n", r"invalid TOML"),
        ],
    )
    def test_one_problem(self, org: Path, text: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each problem names the file, the table and key, the value and what was expected; exit 1."""
        project(org.parent, text)
        command = "kpi" if "[kpi]" in text else "report"  # a run checks its own command's table
        assert main(["--no-color", command, str(org), "--now", NOW]) == Exit.INVALID
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert re.search(expected, err), err
        assert str(org.parent / PROJECT_FILE) in err

    def test_every_problem_at_once(self, org: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file with several problems lists them all, like a compiler."""
        project(org.parent, "bogus = 1\n[data]\ntickts = 'x'\n[defaults]\naht = 'x'\n[report]\nsumary = true\n")
        assert main(["--no-color", "report", str(org), "--now", NOW]) == Exit.INVALID
        assert "4 problem(s)" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("name", "value", "expected"),
        [
            ("TEAMCORE_AHT", "fast", "TEAMCORE_AHT: expected a number that --staffing-aht takes, got 'fast'"),
            ("TEAMCORE_NOW", "yesterday", "--now"),  # parsed by --now's own rules when the command runs
        ],
    )
    def test_bad_variable(
        self, org: Path, name: str, value: str, expected: str, monkeypatch: pytest.MonkeyPatch, capsys
    ) -> None:
        """A variable a flag does not take: exit 1 and one line naming it."""
        monkeypatch.setenv(name, value)
        assert main(["--no-color", "report", str(org), *([] if name == "TEAMCORE_NOW" else ["--now", NOW])]) == 1
        assert expected in capsys.readouterr().err

    @pytest.mark.parametrize(
        "name",
        [
            "~nosuchuser-teamcore/t.csv",  # no such user's home (RuntimeError from pathlib, found by the fuzzer)
            "x" * 5000,  # longer than the system allows
        ],
    )
    def test_unusable_paths(self, org: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A path no file can have is a missing file for validate, and a load error for a run: exit 1 either way."""
        project(org.parent, f"[data]\nknowledge = {json.dumps(name)}\n")
        assert main(["--no-color", "validate", str(org)]) == Exit.INVALID
        assert "knowledge: expected an existing file" in capsys.readouterr().out
        assert main(["--no-color", "report", str(org), "--now", NOW]) == Exit.INVALID

    def test_only_the_running_command_table(self, org: Path) -> None:
        """A run checks its own table; `teamcore validate` checks every table and the files named."""
        project(org.parent, "[kpi]\nbyy = 'team'\n[data]\nknowledge = 'missing.csv'\n")
        assert main(["skills", str(org)]) == Exit.OK
        assert main(["validate", str(org)]) == Exit.INVALID


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=12,
)
KEYS = st.sampled_from(["organisation", "data", "policies", "defaults", "report", "kpi", "staffing", "format", "x"])
SECTION_KEYS = st.sampled_from([s.key for s in SHARED] + ["sections", "summary", "channel", "staffing-aht", "now"])


class TestAnyFile:
    @given(data=st.dictionaries(KEYS, JSON_VALUES | st.dictionaries(SECTION_KEYS, JSON_VALUES, max_size=4), max_size=5))
    @example(data={"report": {"sections": [[]]}})  # a list inside a comma-separated list
    @example(data={"staffing": {"channel": [{"a": 1}]}})  # a table inside a repeatable flag's list
    @settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_loads_or_lists_problems(self, data: dict[str, object]) -> None:
        """Whatever a project file holds, reading it for a command gives defaults or a LoadError, nothing else."""
        from teamcore.exceptions import LoadError  # noqa: PLC0415 - only this test needs it

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "teamcore.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            for command, required in (("report", []), ("staffing", ["--forecast", "f"]), ("kpi", ["--tickets", "t"])):
                words = [command, str(Path(folder) / "o.toml"), "--now", NOW, *required, "--config", str(path)]
                problems: tuple[object, ...] = ()
                try:
                    args = parse(words)
                except LoadError as err:
                    problems = tuple(err.problems)
                    assert problems  # a LoadError always says what is wrong
                else:
                    assert set(args.defaulted) <= set(vars(args))


class TestCommands:
    def test_policies_wait_for_their_data(self, org: Path) -> None:
        """A project's feedback policy without a log, or kpi's targets without --scorecard, is no error."""
        project(org.parent, "[policies]\nfeedback = 'nope.toml'\n")
        assert main(["--no-color", "report", str(org), "--now", NOW, "--sections", "overview"]) == Exit.OK
        project(org.parent, "[policies]\nsla = 'nope.toml'\ntargets = 'nope.toml'\n")
        tickets = str(NORTHWIND / "tickets.csv")
        assert main(["--no-color", "kpi", str(org), "--tickets", tickets, "--now", NOW, "--format", "csv"]) == 0

    def test_flag_given_rules_still_hold(self, org: Path) -> None:
        """On the command line, --feedback-policy without --feedback is still refused (as without a project)."""
        project(org.parent, "")
        policy = str(NORTHWIND / "feedback-policy.toml")
        assert main(["report", str(org), "--now", NOW, "--feedback-policy", policy]) == Exit.INVALID

    def test_staffing_and_report_share_defaults(self) -> None:
        """report's --staffing-* and staffing's flags default from one table (SHARED_DEFAULTS)."""
        report = parse(["report", "o.toml", "--now", NOW])
        staffing = parse(["staffing", "o.toml", "--forecast", "f.csv"])
        assert (report.staffing_sl, report.staffing_shrinkage) == (staffing.sl, staffing.shrinkage)
        assert (report.staffing_sl, report.staffing_shrinkage, report.staffing_aht) == (
            SHARED_DEFAULTS["service-level"],
            SHARED_DEFAULTS["shrinkage"],
            SHARED_DEFAULTS["aht"],
        )


def _cli(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m teamcore`` in `cwd`, with no TEAMCORE_NO_CONFIG (so project files are found)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TEAMCORE_")}
    environ |= {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]), **(env or {})}
    command = [sys.executable, "-m", "teamcore", "--no-color", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environ, timeout=600, check=False)


class TestNorthwind:
    def test_report_in_the_folder_is_the_demo(self, tmp_path: Path) -> None:
        """``cd examples/northwind && teamcore report --now …`` prints and writes what the flags of old did."""
        ours = _cli("report", "--now", NOW, "--json", str(tmp_path / "a.json"), cwd=NORTHWIND)
        flags = [
            *("--tickets", "tickets.csv", "--events", "events.csv", "--feedback", "feedback.jsonl"),
            *("--feedback-policy", "feedback-policy.toml", "--mentoring", "mentoring.toml"),
            *("--staffing", "forecast.csv", "--knowledge", "knowledge.csv", "--sla", "sla.toml"),
        ]
        theirs = _cli(
            "report", str(NORTHWIND / "organisation.toml"), "--now", NOW, "--no-config",
            *(str(NORTHWIND / f) if i % 2 else f for i, f in enumerate(flags)),
            "--json", str(tmp_path / "b.json"), cwd=ROOT,
        )  # fmt: skip
        assert ours.returncode == theirs.returncode == 0, ours.stderr + theirs.stderr
        assert ours.stdout == theirs.stdout
        report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
        assert report == json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
        keys = [section["key"] for section in report["sections"]]
        assert {"kpi", "feedback", "mentoring", "staffing", "knowledge"} <= set(keys)  # every data file read

    def test_makefile_demo_uses_the_project_file(self) -> None:
        """``make demo`` names the project file and only the outputs besides --now."""
        recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
        assert "--config $(EXAMPLE)/teamcore.toml" in recipe
        assert "--tickets" not in recipe

    def test_validate_in_the_folder(self) -> None:
        """``teamcore validate`` in the folder checks the organisation and the project file."""
        result = _cli("validate", cwd=NORTHWIND)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "teamcore.toml: valid" in result.stdout


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    """A folder written by ``teamcore init``."""
    folder = tmp_path / "team"
    assert main(["init", str(folder)]) == Exit.OK
    return folder


class TestInit:
    def test_writes_every_file(self, scaffold: Path) -> None:
        """init writes the organisation template, the policies and the project file."""
        names = {p.name for p in scaffold.iterdir()}
        assert names == {"organisation.toml", "sla.toml", "targets.toml", "feedback-policy.toml", "mentoring.toml",
                         PROJECT_FILE}  # fmt: skip
        assert "#" in (scaffold / "organisation.toml").read_text(encoding="utf-8")  # a template with comments

    def test_validates_and_reports(self, scaffold: Path) -> None:
        """In the new folder, `teamcore validate` passes and `teamcore report --now` runs with no other flag."""
        valid = _cli("validate", cwd=scaffold)
        assert valid.returncode == 0, valid.stdout + valid.stderr
        report = _cli("report", "--now", NOW, cwd=scaffold)
        assert report.returncode == 0, report.stderr
        assert "Team health: My Support Team" in report.stdout
        assert report.stderr == ""

    def test_policies_load(self, scaffold: Path) -> None:
        """Every policy file it writes loads against its organisation (not only the ones the report reads)."""
        from teamcore.feedback import load_feedback_policy  # noqa: PLC0415 - only this test needs them
        from teamcore.kpi import load_sla_policy, load_targets  # noqa: PLC0415
        from teamcore.mentoring import load_capacities, load_pairs  # noqa: PLC0415
        from teamcore.people import load_organisation  # noqa: PLC0415

        org = load_organisation(scaffold / "organisation.toml")
        assert load_sla_policy(scaffold / "sla.toml").targets
        assert load_targets(scaffold / "targets.toml", org=org)
        load_feedback_policy(scaffold / "feedback-policy.toml", org=org)
        assert load_pairs(scaffold / "mentoring.toml", org=org).ok
        assert load_capacities(scaffold / "mentoring.toml")

    def test_refuses_a_folder_with_files(self, scaffold: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder that has files is refused (exit 1), unless --force, which rewrites the template files."""
        (scaffold / "organisation.toml").write_text("mine", encoding="utf-8")
        capsys.readouterr()
        assert main(["init", str(scaffold)]) == Exit.INVALID
        assert "--force" in capsys.readouterr().err
        assert (scaffold / "organisation.toml").read_text(encoding="utf-8") == "mine"
        assert main(["init", str(scaffold), "--force"]) == Exit.OK
        assert (scaffold / "organisation.toml").read_text(encoding="utf-8") != "mine"

    def test_empty_folder_and_file(self, tmp_path: Path) -> None:
        """An existing empty folder is fine; a file in the way is an output error (exit 4)."""
        assert main(["init", str(tmp_path)]) == Exit.OK
        assert main(["init", str(tmp_path / PROJECT_FILE)]) == Exit.OUTPUT


class TestDocs:
    def test_keys_table(self) -> None:
        """The reference page lists every shared key with its default and variable, row for row."""
        page = DOCS.read_text(encoding="utf-8")
        rows = re.findall(r"^\| `([a-z.-]+)` \| (.*?) \| (.*?) \| (.*?) \|$", page, re.MULTILINE)
        assert [r[0] for r in rows] == [s.name for s in SHARED]
        for (_, _, default, env), spec in zip(rows, SHARED, strict=True):
            shown = f"{spec.default:g}" if isinstance(spec.default, float) else spec.default
            assert default == (f"`{shown}`" if spec.default is not None else "—")
            assert env == (f"`{spec.env}`" if spec.env else "—")

    def test_environment_table(self) -> None:
        """The reference page lists every TEAMCORE_* variable, in ENVIRONMENT's order."""
        page = DOCS.read_text(encoding="utf-8")
        assert re.findall(r"^\| `(TEAMCORE_[A-Z_]+)` \|", page, re.MULTILINE) == [name for name, _ in ENVIRONMENT]

    def test_every_variable_read_is_listed(self) -> None:
        """Every ``TEAMCORE_*`` name in the source is in ENVIRONMENT, so the docs' table is the whole list."""
        named = {
            name
            for path in (ROOT / "src" / "teamcore").rglob("*.py")
            for name in re.findall(r"TEAMCORE_[A-Z][A-Z_]*[A-Z]", path.read_text(encoding="utf-8"))
        }
        assert named == {name for name, _ in ENVIRONMENT}
