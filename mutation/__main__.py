"""Run mutmut over each core module with only that module's own tests, and print a score per module.

``python -m mutation [--only NAME ...] [--max-children N]``. The modules and their tests are the
``[tool.mutmut.modules]`` table of pyproject.toml. Each module runs in its own directory, ``build/mutation/<name>/``,
whose pyproject.toml is the project's with a ``[tool.mutmut]`` table naming that module and those tests: mutmut reads
its configuration from the working directory, so this is how one project holds several runs. Every run starts afresh
(no cached verdicts), so a score always describes the tests as they are now.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "mutation"
# Linked into each run's directory: mutmut copies them into its own mutants/ tree.
LINKED = ("src", "tests", "mutation")
# Verdicts, as mutmut's export-cicd-stats names them.
COLUMNS = ("total", "killed", "survived", "timeout", "no_tests", "suspicious", "segfault")


def _toml_list(values: list[str]) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def _project() -> tuple[str, dict[str, Any]]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    marker = "\n[tool.mutmut]\n"
    if marker not in text:
        raise SystemExit("pyproject.toml has no [tool.mutmut] table")
    head, _, _ = text.partition(marker)
    table = tomllib.loads(text)["tool"]["mutmut"]
    if set(tomllib.loads(text[len(head) :]).keys()) != {"tool"}:
        raise SystemExit("[tool.mutmut] must be the last table of pyproject.toml")
    return head, table


def _prepare(name: str, spec: dict[str, list[str]], head: str, table: dict[str, Any]) -> Path:
    work = BUILD / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for linked in LINKED:
        (work / linked).symlink_to(ROOT / linked, target_is_directory=True)
    settings = {k: v for k, v in table.items() if k != "modules"}
    settings["only_mutate"] = spec["source"]
    settings["pytest_add_cli_args_test_selection"] = spec["tests"]
    lines = [f"{k} = {_toml_list(v) if isinstance(v, list) else json.dumps(v)}" for k, v in settings.items()]
    (work / "pyproject.toml").write_text(head + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return work


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _run(name: str, work: Path, max_children: int) -> dict[str, Any]:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only mutmut's mutants/ tree may be imported
    env["PYTHONTZPATH"] = ""
    load_before = _load()
    start = time.monotonic()
    run = subprocess.run(  # noqa: S603 - our own venv's mutmut, arguments built here
        ["nice", "-n", "15", mutmut, "run", "--max-children", str(max_children)],  # noqa: S607 - nice from PATH
        cwd=work,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    (work / "run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    if run.returncode != 0:
        raise SystemExit(f"mutmut failed for {name}; see {work / 'run.log'}")
    subprocess.run([mutmut, "export-cicd-stats"], cwd=work, env=env, check=True, capture_output=True)  # noqa: S603
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    results = subprocess.run([mutmut, "results"], cwd=work, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    survivors = sorted(line.strip() for line in results.stdout.splitlines() if line.strip().endswith(": survived"))
    (work / "survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    row: dict[str, Any] = {column: int(stats.get(column, 0)) for column in COLUMNS}
    decided = row["total"] - row["no_tests"]
    row["score"] = 100.0 * (row["killed"] + row["timeout"]) / row["total"] if row["total"] else 0.0
    row["decided"] = decided
    row["seconds"] = round(seconds)
    row["load"] = f"{load_before} → {_load()}"
    return row


def main() -> None:
    """Run every module (or those named by ``--only``) and print one score line each."""
    parser = argparse.ArgumentParser(prog="python -m mutation", description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="a module name from [tool.mutmut.modules]")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    args = parser.parse_args()
    head, table = _project()
    modules: dict[str, dict[str, list[str]]] = table["modules"]
    unknown = set(args.only) - set(modules)
    if unknown:
        parser.error(f"unknown module(s) {sorted(unknown)}; expected one of {sorted(modules)}")
    names = args.only or list(modules)
    header = ("module", "mutants", "killed", "survived", "timeout", "no tests", "score", "time")
    print("{:<12} {:>7} {:>6} {:>8} {:>7} {:>8} {:>6} {:>6}  load".format(*header))  # noqa: T201
    for name in names:
        row = _run(name, _prepare(name, modules[name], head, table), args.max_children)
        print(  # noqa: T201 - the scores are this command's output
            f"{name:<12} {row['total']:>7} {row['killed']:>6} {row['survived']:>8} {row['timeout']:>7} "
            f"{row['no_tests']:>8} {row['score']:>5.1f}% {row['seconds']:>5}s  {row['load']}",
            flush=True,
        )
        with (BUILD / "scores.jsonl").open("a", encoding="utf-8") as scores:
            scores.write(json.dumps({"module": name, **row}) + "\n")


if __name__ == "__main__":
    main()
