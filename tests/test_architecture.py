"""The shape of the package: no module reaches into another subpackage's private parts, and no import cycles.

Both tests read the source with :mod:`ast` (nothing is imported), so every import counts: at module level, inside
functions and, for the privacy rule, under ``if TYPE_CHECKING:``.

Rules
-----
- A *subpackage* is ``teamcore.<name>`` for a folder under ``src/teamcore`` (``teamcore.people``,
  ``teamcore.strategies``, ...). Modules directly under ``src/teamcore`` belong to the root.
- A module may import the private modules and names (``_x``) of its own subpackage, and the private root modules
  (``teamcore._documents``, ``_rows``, ``_validators``, ``_time``, ``_zones``, ``_frames``, ...): they are the shared
  machinery everything builds on, like ``packaging._parser``. Anything else private is another subpackage's
  plumbing and is a violation, as is a private *name* taken from any module outside the importer's subpackage.
- The import graph has an edge from a module to each teamcore module it imports; ``from teamcore.x import name``
  points at ``teamcore.x.name`` when that is a module, else at ``teamcore.x`` (its ``__init__``). Importing
  ``teamcore.x._y`` does not add an edge to ``teamcore.x`` (Python runs the package's ``__init__`` first, but an
  ``__init__`` that re-exports its own submodules is not a cycle by itself). Imports under ``if TYPE_CHECKING:``
  never run and are left out of the graph.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

import attrs
import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "teamcore"


@attrs.frozen
class Import:
    """One import statement's view of one imported teamcore module (and the name taken from it, if any)."""

    source: str
    path: str
    line: int
    target: str
    name: str | None
    in_function: bool
    type_only: bool

    def __str__(self) -> str:
        what = f"from {self.target} import {self.name}" if self.name else f"import {self.target}"
        where = " (in a function)" if self.in_function else " (type checking only)" if self.type_only else ""
        return f"{self.path}:{self.line}: {self.source}: {what}{where}"


def module_names(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package by dotted name; a package is named by its ``__init__``."""
    found: dict[str, Path] = {}
    for file in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(file.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = file
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, in_function: bool, type_only: bool) -> Iterator[tuple[ast.AST, bool, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, in_function, type_only
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for each in child.body:
                yield each, in_function, True
                yield from _walk(each, in_function, True)
            for each in child.orelse:
                yield each, in_function, type_only
                yield from _walk(each, in_function, type_only)
            continue
        inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _walk(child, inner, type_only)


def imports_of(module: str, file: Path, modules: dict[str, Path], src: Path = SRC) -> list[Import]:
    """The teamcore modules `module` imports, relative imports resolved, each with its line."""
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    shown = str(file.relative_to(src.parent))
    found: list[Import] = []
    for node, in_function, type_only in _walk(tree, False, False):
        if isinstance(node, ast.Import):
            found.extend(
                Import(module, shown, node.lineno, alias.name, None, in_function, type_only)
                for alias in node.names
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + ".")
            )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target != PACKAGE and not target.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    found.append(Import(module, shown, node.lineno, sub, None, in_function, type_only))
                else:
                    found.append(Import(module, shown, node.lineno, target, alias.name, in_function, type_only))
    return found


def all_imports(src: Path = SRC) -> list[Import]:
    """Every teamcore import of every module under `src`."""
    modules = module_names(src)
    return [each for name, file in modules.items() for each in imports_of(name, file, modules, src)]


def subpackage(module: str, modules: dict[str, Path]) -> str:
    """``teamcore.<name>`` for a module of a subpackage, ``teamcore`` for a root module."""
    parts = module.split(".")
    if len(parts) >= 2 and modules.get(".".join(parts[:2]), Path()).name == "__init__.py":
        return ".".join(parts[:2])
    return PACKAGE


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def is_violation(each: Import, modules: dict[str, Path]) -> bool:
    """Whether `each` reaches into a private part outside the importer's own subpackage (root machinery allowed)."""
    own = subpackage(each.source, modules)
    theirs = subpackage(each.target, modules)
    if own == theirs:
        return False
    inner = each.target.split(".")[1:]
    private_module = any(_private(part) for part in inner) and theirs != PACKAGE
    return private_module or (each.name is not None and _private(each.name))


def import_graph(imports: list[Import]) -> nx.DiGraph[str]:
    """Module → imported module, for imports that run (not under ``TYPE_CHECKING``); each edge keeps its imports."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for each in imports:
        if each.type_only or each.source == each.target:
            continue
        if graph.has_edge(each.source, each.target):
            graph.edges[each.source, each.target]["imports"].append(each)
        else:
            graph.add_edge(each.source, each.target, imports=[each])
    return graph


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


class TestScanner:
    """The scanner the two architecture tests rely on, on small made-up packages."""

    def test_relative_and_function_level_imports(self, tmp_path: Path) -> None:
        """Relative imports resolve against the package; a function-level import is found and marked."""
        src = _write(
            tmp_path,
            {
                "teamcore/__init__.py": "",
                "teamcore/_rows.py": "",
                "teamcore/a/__init__.py": "from teamcore.a._x import f\n",
                "teamcore/a/_x.py": "from .. import _rows\nfrom ._y import g\ndef f():\n    from ..b import _h\n",
                "teamcore/a/_y.py": "g = 1\n",
                "teamcore/b/__init__.py": "_h = 1\n",
            },
        )
        modules = module_names(src)
        found = {
            str(each).split(": ", 1)[1] for each in imports_of("teamcore.a._x", src / "teamcore/a/_x.py", modules, src)
        }
        assert found == {
            "teamcore.a._x: import teamcore._rows",
            "teamcore.a._x: from teamcore.a._y import g",
            "teamcore.a._x: from teamcore.b import _h (in a function)",
        }

    @pytest.mark.parametrize(
        ("source", "target", "name", "bad"),
        [
            ("teamcore.a._x", "teamcore.a._y", "_g", False),  # own subpackage: private module and name allowed
            ("teamcore.a._x", "teamcore._rows", "read", False),  # root machinery is shared
            ("teamcore.a._x", "teamcore._rows", "_read", True),  # but its private names are not
            ("teamcore.a._x", "teamcore.b._z", "public", True),  # another subpackage's private module
            ("teamcore.a._x", "teamcore.b", "_h", True),  # another subpackage's private name
            ("teamcore.a._x", "teamcore.b", "h", False),  # another subpackage's public name
            ("teamcore.c", "teamcore.b._z", None, True),  # a root module reaching into a subpackage
        ],
    )
    def test_privacy_rule(self, tmp_path: Path, source: str, target: str, name: str | None, bad: bool) -> None:
        """Privates of the own subpackage and public root machinery are allowed, anything else private is not."""
        src = _write(
            tmp_path,
            {f"teamcore/{p}": "" for p in ("__init__.py", "_rows.py", "c.py", "a/__init__.py", "b/__init__.py")},
        )
        each = Import(source, "x.py", 1, target, name, in_function=False, type_only=False)
        assert is_violation(each, module_names(src)) is bad

    def test_cycle_through_function_import(self, tmp_path: Path) -> None:
        """A cycle closed by a function-level import is a cycle; an __init__ re-exporting its submodules is not."""
        src = _write(
            tmp_path,
            {
                "teamcore/__init__.py": "",
                "teamcore/a/__init__.py": "from teamcore.a._p import P\nfrom teamcore.a._f import load\n",
                "teamcore/a/_p.py": "class P:\n    def m(self):\n        from teamcore.a._f import load\n",
                "teamcore/a/_f.py": "from teamcore.a._p import P\nfrom teamcore.a import _p\nload = 1\n",
            },
        )
        cycles = [sorted(c) for c in nx.simple_cycles(import_graph(all_imports(src)))]
        assert cycles == [["teamcore.a._f", "teamcore.a._p"]]


class TestArchitecture:
    """The rules, over every module under src/teamcore."""

    def test_no_private_imports_across_subpackages(self) -> None:
        """No module imports another subpackage's private modules or names (root machinery modules excepted)."""
        modules = module_names()
        bad = [str(each) for each in all_imports() if is_violation(each, modules)]
        assert not bad, f"{len(bad)} imports reach into another subpackage's private parts:\n" + "\n".join(bad)

    def test_no_import_cycles(self) -> None:
        """The module import graph, module-level and function-level imports, has no cycle."""
        graph = import_graph(all_imports())
        cycles = sorted(itertools.islice(nx.simple_cycles(graph), 20), key=lambda c: (len(c), c))
        lines: list[str] = []
        for cycle in cycles:
            lines.append(" -> ".join([*cycle, cycle[0]]))
            for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
                lines.extend(f"    {each}" for each in graph.edges[a, b]["imports"])
        assert not cycles, "import cycles (up to 20):\n" + "\n".join(lines)
