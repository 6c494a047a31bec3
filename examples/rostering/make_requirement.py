"""Write requirement.csv: the worked example's agents per hour and group, one row per interval and group.

English 06:00-22:00 UTC every day; Swedish and Portuguese 09:00-17:00 Stockholm and São Paulo time on weekdays.
Intervals that need no one are left out (they require 0). Run from the repository root:
``python examples/rostering/make_requirement.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
from zoneinfo import ZoneInfo

MONDAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
OFFICES = {"sv": ZoneInfo("Europe/Stockholm"), "pt": ZoneInfo("America/Sao_Paulo")}


def rows() -> list[tuple[str, str, int]]:
    """(start, group, agents) for every interval and group that needs someone."""
    out: list[tuple[str, str, int]] = []
    for k in range(7 * 24):
        at = MONDAY + dt.timedelta(hours=k)
        stamp = at.isoformat().replace("+00:00", "Z")
        if 6 <= at.hour < 22:
            out.append((stamp, "en", 1))
        for group, zone in OFFICES.items():
            local = at.astimezone(zone)
            if local.weekday() < 5 and 9 <= local.hour < 17:
                out.append((stamp, group, 1))
    return out


if __name__ == "__main__":
    path = pathlib.Path(__file__).with_name("requirement.csv")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["start", "group", "agents"])
        writer.writerows(rows())
