"""A pytest plugin for mutmut's runs: hypothesis draws the same examples for every mutant; scale tests are left out.

mutmut runs the tests many times in one process (forked per mutant), so hypothesis would see one test called from
several executors, draw different examples for each mutant and remember failures in its database across mutants. The
``mutation`` profile makes every run draw the same examples, keeps no database and drops the two health checks that
only describe how mutmut calls the tests. It is loaded in ``pytest_configure``, after the tests' conftest has loaded its
own profile, so the tests' own ``@settings(...)`` inherit it for everything they do not set themselves.

It also skips the *shrink* phase: a mutant is killed by its first failing example, and shrinking that example to a
minimal one only spends the mutant's time limit. For one mutant of ``kpi/_business.py``'s ``_clock_numpy`` the
multi-calendar test failed after 1.0 s without shrinking and after 6.3 s with it.

The optional engines the tests compare (pandas, PyArrow, DuckDB, Dask) are imported here, once, in the process mutmut
forks every mutant from: otherwise each mutant imports them again (about 6 s on the shared machine).
own profile.

:data:`LEFT_OUT` names scale tests whose run time would dominate every mutant's, each with a smaller test that pins the
same behaviour; ``make test`` still runs them (docs/mutation.md says which and why).
"""

from __future__ import annotations

import contextlib
import importlib

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no Phase.reuse (no database) and no Phase.shrink (see above)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)

LEFT_OUT = frozenset(
    {
        # 2,000 x 200, 8 s of the 13 s each stable-matching mutant took; the no-recursion guarantee is structural, and
        # test_long_preference_lists_are_read_to_the_end (300 x 60, 0.1 s) walks the same preference chunks.
        "tests/mentoring/test_mentoring_solve.py::TestStableMatching::test_deep_displacement_chain_does_not_recurse",
    }
)
"""Test ids never run under mutation."""


# Imported before any mutant runs. A fork made after importing them runs their tests (checked by hand); a fork made
# after a polars query does not (see process_isolation in pyproject.toml).
ENGINES = ("pandas", "pyarrow", "duckdb", "dask.dataframe")


def pytest_configure(config: pytest.Config) -> None:
    """Load the ``mutation`` hypothesis profile and import the optional engines."""
    del config
    settings.load_profile("mutation")
    for engine in ENGINES:
        with contextlib.suppress(ImportError):  # optional dependencies: a test that needs one says so itself
            importlib.import_module(engine)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the :data:`LEFT_OUT` tests."""
    dropped = [item for item in items if item.nodeid in LEFT_OUT]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item.nodeid not in LEFT_OUT]
