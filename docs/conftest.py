"""Run the examples in the docs as tests, with Sybil: ``pytest docs``.

Every fenced ``python`` block in ``docs/**/*.md`` runs, in page order, sharing one namespace per page; blocks
written as doctest sessions (``>>>``) have their output checked. A fenced ``toml`` block that declares
``format = "teamcore.organisation/1"`` is loaded as a team file and must be valid. Examples load files with paths
relative to the repository root, as a reader typing them in a clone would, so each page runs from there.
"""

from __future__ import annotations

import doctest
import os
import zoneinfo
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

from teamcore.people import FORMAT, loads_organisation

ROOT = Path(__file__).resolve().parent.parent

# --doctest-modules would import this file a second time as a module named "conftest", which clashes with
# tests/conftest.py; it has no doctests, so it is not collected (it is still loaded as this directory's conftest).
collect_ignore = ["conftest.py"]

# As in tests/conftest.py: zoneinfo reads only the pinned tzdata package, never the machine's database.
os.environ["PYTHONTZPATH"] = ""
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()


@pytest.fixture
def _at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _load_team_file(example: Example) -> None:
    """Load a TOML block that declares the team-file format; a LoadError fails the example with every problem."""
    text = str(example.parsed)
    if f'format = "{FORMAT}"' in text:
        loads_organisation(text, source=f"{example.path}:{example.line}")


pytest_collect_file = Sybil(
    parsers=[
        # Handles plain code blocks and doctest sessions inside ```python fences alike.
        PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        CodeBlockParser(language="toml", evaluator=_load_team_file),
        SkipParser(),
    ],
    patterns=["*.md"],
    fixtures=["_at_repository_root"],
).pytest()
