"""A pytest plugin for mutmut's runs: hypothesis draws the same examples for every mutant.

mutmut runs the tests many times in one process (forked per mutant), so hypothesis would see one test called from
several executors, draw different examples for each mutant and remember failures in its database across mutants. The
``mutation`` profile makes every run draw the same examples, keeps no database and drops the two health checks that
only describe how mutmut calls the tests. It is loaded in ``pytest_configure``, after the tests' conftest has loaded its
own profile.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def pytest_configure(config: pytest.Config) -> None:
    """Load the ``mutation`` hypothesis profile."""
    del config
    settings.load_profile("mutation")
