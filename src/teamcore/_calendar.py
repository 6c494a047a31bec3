"""iCalendar (RFC 5545) machinery shared by every ``.ics`` export: the calendar, content-derived UIDs, VTIMEZONEs.

:mod:`teamcore.scheduling` (meetings, rotations, 1:1s) and :mod:`teamcore.rostering` (each member's shifts) build
their events on these, so every teamcore ``.ics`` file has the same ``PRODID`` form, the same stable ``UID`` rule
(a digest of the event's content, never a random value) and the same ``VTIMEZONE`` coverage.

Each ``VTIMEZONE`` lists the zone's changes from 1970 to 2038 and, when the events reach further, from the January a
year before the first to the January two years after the last, as the tz database gives them; zones appear sorted
by name, so the same events always give the same bytes.

Requires the ``calendar`` extra (``pip install 'teamcore[calendar]'``), imported on use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final

from teamcore._optional import require

__all__ = ["add_timezones", "icalendar", "new_calendar", "uid"]

# Every VTIMEZONE covers at least icalendar's historical default window, so files for 1970-2037 keep their bytes;
# events outside it widen the window to whole years around them. The ends stay where icalendar's walk through the
# zone cannot overflow datetime (it steps up to 64 days past the last date).
_ALWAYS_FIRST: Final = dt.date(1970, 1, 1)
_ALWAYS_LAST: Final = dt.date(2038, 1, 1)
_EARLIEST: Final = dt.date(1, 1, 1)
_LATEST: Final = dt.date(9999, 1, 1)


def icalendar() -> Any:
    """The ``icalendar`` module, or the missing-extra error naming the ``calendar`` extra."""
    return require("icalendar", "calendar", "iCalendar export")


def uid(*parts: object) -> str:
    """A stable UID from the event's content: the same parts always give the same UID."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"{digest[:32]}@teamcore"


def new_calendar(name: str, prodid: str) -> Any:
    """An empty ``VCALENDAR`` with `prodid`, version 2.0 and the display name `name`."""
    cal = icalendar().Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _coverage(first_year: int, last_year: int) -> tuple[dt.date, dt.date]:
    """The dates a VTIMEZONE spans for local times in `first_year` to `last_year`: a whole year's margin each side."""
    start = dt.date(max(first_year - 1, _EARLIEST.year), 1, 1)
    end = dt.date(last_year + 2, 1, 1) if last_year + 2 <= _LATEST.year else _LATEST
    return min(start, _ALWAYS_FIRST), max(end, _ALWAYS_LAST)


def add_timezones(cal: Any, years: dict[str, tuple[int, int]]) -> None:
    """Add one VTIMEZONE per zone in `years` (TZID -> first and last local year of its events), sorted by TZID.

    Sorted because icalendar's ``add_missing_timezones`` walks a set, whose order changes from process to process.
    """
    ical = icalendar()
    for tzid in sorted(years):
        first_date, last_date = _coverage(*years[tzid])
        cal.add_component(ical.Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date))
