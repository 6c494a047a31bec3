"""iCalendar (RFC 5545) export of meetings, rotations and 1:1s, with the ``icalendar`` package.

Output is deterministic: ``DTSTAMP`` is the `now` you pass (never the clock), and each ``UID`` is derived from the
event's content (summary, start, end, recurrence), so exporting the same plan twice gives the same bytes.

* A single meeting and each occurrence of a rotation are events with a UTC ``DTSTART`` (a rotation moves from
  occurrence to occurrence, so it is not a recurrence rule).
* A 1:1 is one event with ``DTSTART;TZID=<lead's zone>`` and ``RRULE:FREQ=WEEKLY;COUNT=n``, plus the zone's
  ``VTIMEZONE``: calendar programs keep it at the lead's wall-clock time across DST, as teamcore does. Each
  ``VTIMEZONE`` lists the zone's changes from 1970 to 2038 and, when the events reach further, from the January a year
  before the first to the January two years after the last, as the tz database gives them (see
  :func:`one_on_ones_ics`); zones appear sorted by name.

Requires the ``calendar`` extra (``pip install 'teamcore[calendar]'``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Final

from teamcore._calendar import add_timezones, icalendar, new_calendar, uid
from teamcore._time import UTC, as_utc, timezone
from teamcore._validators import check_text
from teamcore.exceptions import WrongType
from teamcore.scheduling._meetings import MeetingSlot
from teamcore.scheduling._one_on_one import OneOnOneSlot
from teamcore.scheduling._rotation import RotationPlan

__all__ = ["meeting_ics", "one_on_ones_ics", "rotation_ics"]

PRODID: Final = "-//teamcore//meetings//EN"


def _calendar(name: str) -> Any:
    return new_calendar(name, PRODID)


def _event(
    summary: str, start: dt.datetime, end: dt.datetime, now: dt.datetime, *extra: object, tzid: str | None = None
) -> Any:
    """An event; with `tzid`, start and end are written as wall-clock times with that ``TZID``.

    Without `tzid`, icalendar picks the ``TZID`` from their zone (or writes UTC for a zone it deems equal to UTC).
    """
    event = icalendar().Event()
    event.add("uid", uid(summary, start.isoformat(), end.isoformat(), *extra))
    event.add("dtstamp", now)
    event.add("summary", summary)
    if tzid is None:
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", start.replace(tzinfo=None), parameters={"TZID": tzid})
        event.add("dtend", end.replace(tzinfo=None), parameters={"TZID": tzid})
    return event


def meeting_ics(slot: MeetingSlot, *, summary: str, now: dt.datetime) -> bytes:
    """One meeting as an iCalendar file.

    Parameters
    ----------
    slot
        A slot from :func:`~teamcore.scheduling.candidate_slots`.
    summary
        The event's title.
    now
        The ``DTSTAMP`` (aware).

    Returns
    -------
    bytes
        The ``.ics`` content (CRLF line endings, as RFC 5545 requires).

    Examples
    --------
    >>> slot = MeetingSlot(start=dt.datetime(2026, 3, 5, 14, tzinfo=UTC), end=dt.datetime(2026, 3, 5, 14, 30,
    ...                    tzinfo=UTC), score=0.0, pain=())
    >>> text = meeting_ics(slot, summary="Kick-off", now=dt.datetime(2026, 3, 1, tzinfo=UTC)).decode()
    >>> [line for line in text.splitlines() if line.startswith(("DTSTART", "DTSTAMP"))]
    ['DTSTART:20260305T140000Z', 'DTSTAMP:20260301T000000Z']
    """
    if not isinstance(slot, MeetingSlot):
        raise WrongType("slot", slot, "a MeetingSlot")
    check_text(summary, "summary")
    stamp = as_utc(now, "now")
    cal = _calendar(summary)
    cal.add_component(_event(summary, as_utc(slot.start, "start"), as_utc(slot.end, "end"), stamp))
    return bytes(cal.to_ical())


def rotation_ics(plan: RotationPlan, *, now: dt.datetime) -> bytes:
    """Every scheduled occurrence of a rotation as an event (UTC times; unscheduled dates are left out).

    Examples
    --------
    >>> from teamcore.scheduling import Series, rotate
    >>> plan = rotate(Series(name="Huddle", frequency="daily", first=dt.date(2026, 3, 2), count=3,
    ...                      times=[dt.time(9)]), [])
    >>> text = rotation_ics(plan, now=dt.datetime(2026, 3, 1, tzinfo=UTC)).decode()
    >>> text.count("BEGIN:VEVENT"), text.count("DTSTART:20260304T090000Z")
    (3, 1)
    """
    if not isinstance(plan, RotationPlan):
        raise WrongType("plan", plan, "a RotationPlan")
    stamp = as_utc(now, "now")
    name = plan.series.name
    cal = _calendar(name)
    for occurrence in plan.occurrences:
        if occurrence.start is None or occurrence.end is None:
            continue
        cal.add_component(_event(name, occurrence.start, occurrence.end, stamp, "rotation"))
    return bytes(cal.to_ical())


def one_on_ones_ics(items: Iterable[OneOnOneSlot], *, now: dt.datetime, name: str = "1:1s") -> bytes:
    """Weekly 1:1s as recurring events at the lead's wall-clock time (``TZID`` and ``VTIMEZONE``).

    1:1s without a slot are left out. Each lead's zone gets one ``VTIMEZONE``, listing its UTC offsets and changes
    from 1970-01-01 to 2038-01-01 and, for 1:1s outside those years, from the 1 January a year before the first
    occurrence to the 1 January two years after the last (at most 0001-01-01 to 9999-01-01), as the ``tzdata``
    package gives them; the same 1:1s always give the same bytes. A reader that knows the zone by name may use its own
    rules instead; one that does not relies on this block.

    Examples
    --------
    >>> from teamcore.people import Member
    >>> from teamcore.scheduling import one_on_ones
    >>> lea = Member(id="lea", name="Lea", timezone="Europe/London", country="GB", hours={"mon": ["14:00-15:00"]})
    >>> nia = Member(id="nia", name="Nia", timezone="America/New_York", country="US",
    ...              hours={"mon-fri": ["09:00-17:00"]})
    >>> text = one_on_ones_ics(one_on_ones(lea, [nia], first=dt.date(2026, 3, 2), weeks=4),
    ...                        now=dt.datetime(2026, 3, 1, tzinfo=UTC)).decode()
    >>> [line for line in text.splitlines() if line.startswith(("DTSTART;", "RRULE"))]
    ['DTSTART;TZID=Europe/London:20260302T140000', 'RRULE:FREQ=WEEKLY;COUNT=4']
    """
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise WrongType("items", items, "an iterable of OneOnOneSlot")
    stamp = as_utc(now, "now")
    check_text(name, "name")
    cal = _calendar(name)
    events = []
    years: dict[str, tuple[int, int]] = {}  # TZID -> the first and last local year its events touch
    for i, item in enumerate(items):
        if not isinstance(item, OneOnOneSlot):
            raise WrongType(f"items[{i}]", item, "a OneOnOneSlot")
        if item.time is None or not item.starts:
            continue
        zone = timezone(item.zone)
        first = item.starts[0].astimezone(UTC).astimezone(zone)
        # The wall-clock start in the lead's zone (a gap moved it forward; keep the chosen wall time if it exists).
        start = first.replace(hour=item.time.hour, minute=item.time.minute)
        if start.astimezone(UTC) != item.starts[0]:
            start = first
        summary = f"1:1 {item.lead} / {item.member}"
        rule = f"FREQ=WEEKLY;COUNT={len(item.starts)}"
        event = _event(summary, start, start + item.duration, stamp, rule, item.zone)
        if "TZID" not in event["DTSTART"].params and any(s.astimezone(zone).utcoffset() for s in item.starts):
            # icalendar writes a zone it deems equal to UTC (Africa/Abidjan, Iceland, ...) as UTC, true only since 1912.
            event = _event(summary, start, start + item.duration, stamp, rule, item.zone, tzid=item.zone)
        event.add("rrule", {"freq": "weekly", "count": len(item.starts)})
        events.append(event)
        tzid = event["DTSTART"].params.get("TZID")
        if tzid is not None:  # a lead on UTC gets DTSTART:...Z, which needs no VTIMEZONE
            last = (item.starts[-1] + item.duration).astimezone(zone).year
            known = years.get(tzid, (start.year, last))
            years[tzid] = (min(known[0], start.year), max(known[1], last))
    add_timezones(cal, years)
    for event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())
