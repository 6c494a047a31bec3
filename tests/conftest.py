"""Test-wide setup: answers must not depend on the machine's timezone database or clock."""

from __future__ import annotations

import os
import zoneinfo

from hypothesis import HealthCheck, settings

# zoneinfo reads only the tzdata package teamcore depends on (a pinned, known IANA release), never /usr/share/zoneinfo.
os.environ["PYTHONTZPATH"] = ""
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
