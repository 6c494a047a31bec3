"""The test suite loads only what the tests at hand use: optional engines are fixtures, not session-wide imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

# In a fresh interpreter, so nothing this process imported earlier hides an import the people tests would cause.
PROBE = """
import sys, pytest
code = pytest.main(["-q", "-p", "no:cacheprovider", "-W", "error", sys.argv[1]])
sys.exit(int(code) or ("dask" in sys.modules and 99))
"""


class TestOptionalEngines:
    def test_people_tests_do_not_import_dask(self):
        """A people test runs without Dask: only tests that ask for `on_engine` import it."""
        test = "tests/people/test_model.py::TestMember::test_defaults"
        done = subprocess.run(
            [sys.executable, "-c", PROBE, test], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode != 99, "running a people test imported dask"
        assert done.returncode == 0, done.stdout + done.stderr
