"""Start-up cost: ``import teamcore`` against ``import networkx``, ``teamcore --help`` against stdlib CLIs.

teamcore: a fresh interpreter that runs ``import teamcore``, and one that runs ``python -m teamcore --help`` (what
the ``teamcore`` console script does); for information, ``from teamcore import load_organisation`` (what a first
script pays: the people model, team files, pendulum, holidays). Baselines: ``import networkx`` (the heaviest core
dependency, which a lead's notebook imports anyway), and for the command line ``python -m json.tool --help`` (a
stdlib argparse CLI) and ``python -c pass`` (the interpreter's own floor). Every run is a new subprocess, so
nothing is cached in the interpreter; the commands are interleaved run by run so that load on a shared machine
hits them alike, after one untimed run each (the very first run reads the files from disk).
Peak memory is the child's own maximum resident set (``ru_maxrss`` from ``os.wait4``).

Run: ``python benchmarks/bench_import.py`` (``PYTHONPATH`` decides which teamcore is measured).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

RUNS = 10
COMMANDS = {
    "import teamcore": [sys.executable, "-c", "import teamcore"],
    "import networkx": [sys.executable, "-c", "import networkx"],
    "teamcore.people": [sys.executable, "-c", "from teamcore import load_organisation"],
    "teamcore --help": [sys.executable, "-m", "teamcore", "--help"],
    "json.tool --help": [sys.executable, "-m", "json.tool", "--help"],
    "python -c pass": [sys.executable, "-c", "pass"],
}


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one fresh child process running `argv`."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    memory: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # one untimed run each: the very first pays for reading files from disk
        run_once(argv)
    for _ in range(RUNS):
        for name, argv in COMMANDS.items():
            seconds, mib = run_once(argv)
            times[name].append(seconds)
            memory[name].append(mib)
    median = {name: statistics.median(values) for name, values in times.items()}
    python = sys.version.split()[0]
    print(f"a fresh interpreter per run, {RUNS} runs interleaved: median wall time, peak RSS; Python {python}")
    for name in COMMANDS:
        print(f"  {name:18} {median[name] * 1e3:8.0f} ms  {max(memory[name]):6.0f} MiB")
    print(f"  ratio import teamcore / import networkx   {median['import teamcore'] / median['import networkx']:.2f}x")
    print(f"  ratio teamcore --help / json.tool --help   {median['teamcore --help'] / median['json.tool --help']:.2f}x")


if __name__ == "__main__":
    main()
