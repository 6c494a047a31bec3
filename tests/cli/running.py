"""Running the command line as the CLI tests do: in a fresh interpreter, and reading its stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def run_cli(*args: str, stdout_closed: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m teamcore`` in a fresh interpreter; with `stdout_closed`, stdout is a pipe closed at once.

    Closing the read end before the command writes is ``| head -1`` without the race: head may read its line
    before or after teamcore finished writing, a pipe closed from the start fails every write.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    command = [sys.executable, "-m", "teamcore", "--no-color", *args]
    if not stdout_closed:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        proc.stdout.close()
        _, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(command, proc.returncode, "", err)


def error_lines(err: str) -> list[str]:
    """The lines of stderr that are not indented details or warnings."""
    return [line for line in err.splitlines() if line and not line.startswith((" ", "warning:", "note:"))]


def one_line(err: str, *needles: str) -> None:
    """Stderr holds exactly one error line naming each of `needles`, and no traceback."""
    assert "Traceback" not in err
    lines = error_lines(err)
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], lines[0]
