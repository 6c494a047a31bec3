"""Test-wide setup: answers must not depend on the machine's timezone database or clock."""

from __future__ import annotations

import os
import warnings
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, settings

# --doctest-modules would import this file a second time as a module named "conftest", which clashes with
# docs/conftest.py; it has no doctests, so it is not collected (it is still loaded as this directory's conftest).
collect_ignore = ["conftest.py"]

# zoneinfo reads only the tzdata package teamcore depends on (a pinned, known IANA release), never /usr/share/zoneinfo.
os.environ["PYTHONTZPATH"] = ""
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()

# No project file or TEAMCORE_* variable of the machine (or examples/northwind/teamcore.toml, found beside the
# example organisation) changes what a command does; tests of the project file delete TEAMCORE_NO_CONFIG themselves.
for _name in [name for name in os.environ if name.startswith("TEAMCORE_")]:
    del os.environ[_name]
os.environ["TEAMCORE_NO_CONFIG"] = "1"

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def _on_engine(name: str, frame: pl.DataFrame) -> object:
    if name == "polars":
        return frame
    if name == "polars-lazy":
        return frame.lazy()
    if name == "pandas":
        return frame.to_pandas()
    if name == "pyarrow":
        return frame.to_arrow()
    if name == "duckdb":
        import duckdb  # noqa: PLC0415 - a test-only engine

        return duckdb.from_arrow(frame.to_arrow())
    if name != "dask":
        raise ValueError(name)
    import dask.dataframe as dd  # noqa: PLC0415 - a test-only engine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return dd.from_pandas(frame.to_pandas(), npartitions=3)


@pytest.fixture(scope="session")
def dask_in_process() -> Iterator[None]:
    """Run Dask graphs in this thread: the tests check answers, and threads only add overhead on small data.

    Not autouse: only tests that build Dask frames (through `on_engine`) pay for importing Dask.
    """
    import dask  # noqa: PLC0415 - a test-only engine

    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture(scope="session")
def on_engine(dask_in_process: None) -> Callable[[str, pl.DataFrame], object]:
    """``on_engine(name, frame)``: the polars `frame` as polars, polars-lazy, pandas, pyarrow, duckdb or dask."""
    return _on_engine


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A real Dask cluster for the session: a scheduler and two worker processes of one thread each.

    Started once (a few seconds: the workers are fresh interpreters that import teamcore) and closed at the end of
    the session, workers included. Not the default client: only tests that ask for it compute on it (see
    ``tests/kpi/test_dask_cluster.py``); the others keep Dask's in-process scheduler.
    """
    from distributed import Client, LocalCluster  # noqa: PLC0415 - a test-only engine

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client
