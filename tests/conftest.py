"""Test-wide setup: answers must not depend on the machine's timezone database or clock."""

from __future__ import annotations

import os
import zoneinfo

from hypothesis import HealthCheck, settings

# --doctest-modules would import this file a second time as a module named "conftest", which clashes with
# docs/conftest.py; it has no doctests, so it is not collected (it is still loaded as this directory's conftest).
collect_ignore = ["conftest.py"]

# zoneinfo reads only the tzdata package teamcore depends on (a pinned, known IANA release), never /usr/share/zoneinfo.
os.environ["PYTHONTZPATH"] = ""
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
