"""The tests run against the pinned IANA release from the tzdata package, never the machine's database."""

from __future__ import annotations

import importlib.metadata
import zoneinfo


def test_zoneinfo_reads_only_tzdata():
    """zoneinfo has no system search path in the test run, so zones come from the tzdata package."""
    assert zoneinfo.TZPATH == ()


def test_pinned_release():
    """The tzdata release the expected values were computed with."""
    assert importlib.metadata.version("tzdata") == "2026.6"
