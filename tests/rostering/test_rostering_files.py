"""Tests for roster problem files: the example file is the worked example, and every problem is named with its entry."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import LoadError
from teamcore.people import load_organisation
from teamcore.rostering import Availability, Contract, LabourRules, load_roster_problem
from teamcore.scheduling import PainWeights
from tests.rostering.example import problem as worked_example

EXAMPLE = Path(__file__).parents[2] / "examples" / "rostering"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of examples/rostering to edit."""
    shutil.copytree(EXAMPLE, tmp_path / "rostering")
    return tmp_path / "rostering"


def edit(folder: Path, old: str, new: str, name: str = "problem.toml") -> Path:
    """Replace `old` by `new` in the folder's file (which must contain it); the problem file's path."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder / "problem.toml"


class TestExample:
    """examples/rostering is the rostering guide's worked example."""

    def test_same_as_the_worked_example(self) -> None:
        """Members, templates, requirement, contracts, rules and now all equal tests/rostering/example.py's."""
        loaded, built = load_roster_problem(EXAMPLE / "problem.toml"), worked_example()
        assert loaded == built
        assert (loaded.requirement, loaded.contracts) == (built.requirement, built.contracts)

    def test_organisation_passed(self) -> None:
        """An organisation passed in is used instead of the file's; `now` overrides horizon.now."""
        org = load_organisation(EXAMPLE / "organisation.toml")
        loaded = load_roster_problem(EXAMPLE / "problem.toml", org, now=worked_example().start)
        assert loaded.now == worked_example().start

    def test_members_and_contracts(self, folder: Path) -> None:
        """`members` picks who is rostered; a member's own contract beats the '*' default."""
        path = edit(
            folder,
            'organisation = "organisation.toml"',
            'organisation = "organisation.toml"\nmembers = ["anna", "maria"]',
        )
        edit(folder, '[contracts."*"]', '[contracts.anna]\nmin_hours = 10\nmax_hours = 20\n\n[contracts."*"]')
        loaded = load_roster_problem(path)
        assert [m.id for m in loaded.members] == ["anna", "maria"]
        assert loaded.contract("anna") == Contract(min_hours=10, max_hours=20)
        assert loaded.contract("maria") == Contract(max_hours=40)

    def test_availability_rules_and_weights(self, folder: Path) -> None:
        """[[availability]], [rules] and [weights] become the model's values, times and durations decoded."""
        path = edit(
            folder,
            "[rules]\nmax_hours_per_week = 40",
            '[rules]\nmax_hours_per_week = 40\nmin_rest = "PT12H"\nnight_start = "23:00"\n\n'
            "[weights]\nnight = 4\n\n"
            '[[availability]]\nmember = "anna"\nstart = "18:00"\nend = "08:00"\ndays = ["fri"]\n'
            'hard = false\nweight = 3\nnote = "choir"',
        )
        loaded = load_roster_problem(path)
        assert loaded.rules == LabourRules(
            max_hours_per_week=40, min_rest=dt.timedelta(hours=12), night_start=dt.time(23)
        )
        assert loaded.weights == PainWeights(night=4)
        assert loaded.availability == (
            Availability(
                member="anna", start=dt.time(18), end=dt.time(8), days=["fri"], hard=False, weight=3, note="choir"
            ),
        )

    def test_staffing_output_as_requirement(self, folder: Path) -> None:
        """A table with `required` (teamcore staffing's CSV) and a group from the problem file."""
        (folder / "en.csv").write_text(
            "start,end,volume,required,scheduled,difference,severity\n"
            "2026-11-23T06:00:00Z,2026-11-23T07:00:00Z,12,2,0,-2,red\n"
        )
        path = edit(
            folder,
            'file = "requirement.csv"',
            'file = "requirement.csv"\n\n[[requirement]]\nfile = "en.csv"\ngroup = "fr"',
        )
        loaded = load_roster_problem(path)
        assert loaded.requirement["fr"][6] == 2
        assert sum(loaded.requirement["fr"]) == 2


class TestProblems:
    """Every problem of the file is listed, each with its entry, field, value and what was expected."""

    @pytest.mark.parametrize(
        ("old", "new", "entry", "match"),
        [
            # a start without an offset
            (
                "start = 2026-11-23T00:00:00Z",
                'start = "2026-11-23T00:00"',
                "horizon",
                r"horizon.start: expected a date-time with an offset",
            ),
            # a step that does not divide a day
            (
                "step_minutes = 60",
                "step_minutes = 7",
                "horizon",
                r"horizon.step_minutes: expected a whole number of minutes",
            ),
            # a template start that is no time
            (
                'starts = ["07:00", "08:00", "09:00"]',
                'starts = ["7am"]',
                "templates[0]",
                r"starts\[0\]: expected a local wall-clock time 'HH:MM'",
            ),
            # a length that is no ISO 8601 duration
            ('length = "PT8H30M"', 'length = "8:30"', "templates[0]", r"length: expected an ISO 8601 duration"),
            # a misspelt key, with the key meant
            (
                'unpaid_break = "PT30M"',
                'unpaid_brake = "PT30M"',
                "templates[0]",
                r"unpaid_brake.*did you mean 'unpaid_break'",
            ),
            # a contract for someone who is not rostered
            (
                '[contracts."*"]',
                '[contracts.zoe]\nmax_hours = 10\n\n[contracts."*"]',
                "contract 'zoe'",
                r"contracts.zoe: expected the id of a member",
            ),
            # a rule out of range
            (
                "max_hours_per_week = 40",
                "max_hours_per_week = 400",
                "rules",
                r"max_hours_per_week: expected a number of hours from 1 to 168",
            ),
            # a misspelt horizon key
            (
                "days = 7",
                "dais = 7\ndays = 7",
                "horizon",
                r"horizon.dais: unknown key 'dais' \(did you mean 'days'\?\)",
            ),
            # an unknown top-level key
            ("[horizon]", "colour = 1\n\n[horizon]", "", r"colour: unknown key"),
            # availability of someone who is not rostered
            (
                "[[requirement]]",
                '[[availability]]\nmember = "zoe"\nstart = "18:00"\nend = "08:00"\n\n[[requirement]]',
                "availability[0]",
                r"member: expected the id of a member rostered, got 'zoe'",
            ),
            # a member the organisation does not have
            (
                'organisation = "organisation.toml"',
                'organisation = "organisation.toml"\nmembers = ["anna", "zoe"]',
                "members[1]",
                r"members\[1\]: expected the id of a member",
            ),
        ],
    )
    def test_bad_entry(self, folder: Path, old: str, new: str, entry: str, match: str) -> None:
        """One problem, at its entry."""
        with pytest.raises(LoadError, match=match) as caught:
            load_roster_problem(edit(folder, old, new))
        assert [p.entry for p in caught.value.problems] == [entry]
        assert caught.value.path.endswith("problem.toml")

    def test_every_problem_at_once(self, folder: Path) -> None:
        """Problems in several tables are reported together, in file order of the tables."""
        edit(folder, "step_minutes = 60", "step_minutes = 7")
        edit(folder, 'length = "PT8H30M"', 'length = "PT20H"')
        path = edit(folder, "max_hours_per_week = 40", "max_hours_per_week = 0")
        with pytest.raises(LoadError) as caught:
            load_roster_problem(path)
        assert [p.entry for p in caught.value.problems] == ["horizon", "templates[0]", "rules"]

    @pytest.mark.parametrize(
        ("row", "match"),
        [
            # off the hourly grid
            ("2026-11-23T06:30:00Z,en,1", r"start: expected an interval start of the horizon"),
            # outside the horizon
            ("2026-12-23T06:00:00Z,en,1", r"start: expected an interval start of the horizon"),
            # a fraction of an agent
            ("2026-11-23T03:00:00Z,en,1.5", r"agents: expected a whole number of agents >= 0"),
            # an interval given twice for one group
            ("2026-11-23T06:00:00Z,en,2", r"each interval once for group 'en'"),
            # no group
            ("2026-11-23T03:00:00Z,,1", r"group: expected a group"),
        ],
    )
    def test_bad_requirement_row(self, folder: Path, row: str, match: str) -> None:
        """A bad requirement row is listed with the table's path and its row number."""
        with (folder / "requirement.csv").open("a", encoding="utf-8") as file:
            file.write(row + "\n")
        with pytest.raises(LoadError, match=match) as caught:
            load_roster_problem(folder / "problem.toml")
        (found,) = caught.value.problems
        assert (found.path.endswith("requirement.csv"), found.entry) == (True, "row 194")

    def test_missing_requirement_file(self, folder: Path) -> None:
        """A requirement file that is not there is an error naming it."""
        (folder / "requirement.csv").unlink()
        with pytest.raises(LoadError, match=r"requirement.csv"):
            load_roster_problem(folder / "problem.toml")

    def test_not_toml(self, folder: Path) -> None:
        """A file that is not TOML is a LoadError naming it."""
        (folder / "problem.toml").write_text("[horizon\n")
        with pytest.raises(LoadError, match=r"problem.toml"):
            load_roster_problem(folder / "problem.toml")


SECOND_TABLE = 'file = "requirement.csv"\n\n[[requirement]]\nfile = "more.csv"'


class TestRequirementTables:
    """Metamorphic: how the requirement rows are laid out never changes the problem."""

    @given(order=st.permutations(range(192)), cut=st.integers(0, 192))
    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_row_order_and_split(self, tmp_path_factory: pytest.TempPathFactory, order: list[int], cut: int) -> None:
        """The example's rows shuffled and split over two files give the same requirement."""
        folder = tmp_path_factory.mktemp("split")
        shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
        header, *rows = (EXAMPLE / "requirement.csv").read_text(encoding="utf-8").splitlines()
        shuffled = [rows[i] for i in order]
        (folder / "requirement.csv").write_text("\n".join([header, *shuffled[:cut]]) + "\n", encoding="utf-8")
        (folder / "more.csv").write_text("\n".join([header, *shuffled[cut:]]) + "\n", encoding="utf-8")
        path = edit(
            folder, 'file = "requirement.csv"', 'file = "requirement.csv"\n\n[[requirement]]\nfile = "more.csv"'
        )
        assert load_roster_problem(path).requirement == worked_example().requirement

    def test_same_interval_in_two_files(self, folder: Path) -> None:
        """An interval and group given in two files is refused, naming the second table."""
        (folder / "more.csv").write_text("start,group,agents\n2026-11-23T06:00:00Z,en,3\n", encoding="utf-8")
        path = edit(
            folder, 'file = "requirement.csv"', 'file = "requirement.csv"\n\n[[requirement]]\nfile = "more.csv"'
        )
        with pytest.raises(LoadError, match=r"each interval once for group 'en' in all files") as caught:
            load_roster_problem(path)
        assert [p.entry for p in caught.value.problems] == ["requirement[1]"]
