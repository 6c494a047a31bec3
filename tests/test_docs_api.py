"""The API reference documents every public part of teamcore, so a new subpackage cannot be left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import teamcore

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "teamcore"
REFERENCE = ROOT / "docs" / "reference"


def public_modules() -> list[str]:
    """Every public subpackage (``teamcore/<name>/__init__.py``) and public root module (``teamcore/<name>.py``)."""
    packages = [p.parent.name for p in PACKAGE.glob("*/__init__.py")]
    modules = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"}]
    return sorted(f"teamcore.{name}" for name in [*packages, *modules] if not name.startswith("_"))


def documented() -> set[str]:
    """The objects the reference pages render with a ``::: name`` mkdocstrings directive."""
    directive = re.compile(r"^:::\s+(\S+)\s*$", re.MULTILINE)
    return {name for page in REFERENCE.rglob("*.md") for name in directive.findall(page.read_text(encoding="utf-8"))}


def root_names() -> list[str]:
    """The names in ``teamcore.__all__`` that come from the root's private modules, such as ``teamcore._time``."""
    return [n for n in teamcore.__all__ if getattr(getattr(teamcore, n), "__module__", "").startswith("teamcore._")]


class TestApiReference:
    def test_finds_the_subpackages(self):
        """The discovery sees the packages known today, so an empty glob cannot pass the test below."""
        assert {"teamcore.people", "teamcore.kpi", "teamcore.exceptions", "teamcore.strategies"} <= set(
            public_modules()
        )
        assert "local_to_utc" in root_names()

    @pytest.mark.parametrize("module", public_modules())
    def test_every_public_module_has_a_page(self, module: str):
        """Each public subpackage and root module is rendered whole by some page in docs/reference."""
        assert module in documented(), f"no docs/reference page has '::: {module}'"

    @pytest.mark.parametrize("name", root_names())
    def test_every_root_name_has_an_entry(self, name: str):
        """Each name the root package defines itself, not re-exported from a subpackage, has an entry."""
        assert f"teamcore.{name}" in documented(), f"docs/reference/api.md has no '::: teamcore.{name}'"
