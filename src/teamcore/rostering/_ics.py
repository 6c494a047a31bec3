"""A member's shifts as an iCalendar (RFC 5545) file, in their own timezone.

Each shift is one event whose ``DTSTART`` and ``DTEND`` carry ``TZID=<the member's zone>`` and that zone's
``VTIMEZONE``, so a calendar program shows the member's wall-clock times and keeps them right across DST. A local
time that occurs twice (the hour the clocks go back) is read by RFC 5545 as its first occurrence; a shift that starts
or ends in the second occurrence has that instant written in UTC instead, so every event holds the shift's real
instants. ``UID`` is derived from the member, template and start, and ``DTSTAMP`` is the `now` you pass, so the same
roster always gives the same bytes.

Requires the ``calendar`` extra (``pip install 'teamcore[calendar]'``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from teamcore._calendar import add_timezones, icalendar, new_calendar, uid
from teamcore._time import UTC, as_utc
from teamcore.exceptions import WrongType
from teamcore.rostering._problem import RosterProblem
from teamcore.rostering._roster import Roster, ShiftAssignment

__all__ = ["roster_ics"]

PRODID: Final = "-//teamcore//roster//EN"


def _add_time(event: Any, name: str, instant: dt.datetime, zone: dt.tzinfo, tzid: str) -> int:
    """Add DTSTART/DTEND at the member's wall-clock time, or in UTC for the second of two equal local times."""
    local = instant.astimezone(zone)
    if local.fold:
        event.add(name, instant.astimezone(UTC))
    else:
        event.add(name, local.replace(tzinfo=None), parameters={"TZID": tzid})
    return local.year


def _event(shift: ShiftAssignment, problem: RosterProblem, now: dt.datetime) -> Any:
    event = icalendar().Event()
    event.add("uid", uid("roster", shift.member, shift.template, shift.start.isoformat()))
    event.add("dtstamp", now)
    event.add("summary", f"{shift.template} shift")
    paid = problem.paid_hours(shift)
    event.add("description", f"{shift.template} shift on {shift.local_date.isoformat()}: {paid:g} h paid")
    event.add("categories", ["roster"])
    return event


def roster_ics(roster: Roster, problem: RosterProblem, member_id: str, *, now: dt.datetime) -> bytes:
    """The member's shifts of `roster` as an ``.ics`` file, at their wall-clock times in their own zone.

    Parameters
    ----------
    roster
        The roster; only the member's shifts are written (none: a calendar without events).
    problem
        Gives the member's timezone and the templates' unpaid breaks.
    member_id
        The member.
    now
        The ``DTSTAMP`` (aware).

    Returns
    -------
    bytes
        The ``.ics`` content (CRLF line endings, as RFC 5545 requires).

    Raises
    ------
    UnknownReference
        If the member or a template of theirs is not in the problem.
    WrongType
        For arguments of the wrong type.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.rostering import load_roster_problem
    >>> problem = load_roster_problem("examples/rostering/problem.toml")
    >>> shift = problem.shift("maria", "day", dt.date(2026, 11, 23), dt.time(7))
    >>> text = roster_ics(Roster([shift]), problem, "maria", now=dt.datetime(2026, 11, 20, tzinfo=dt.UTC)).decode()
    >>> [line for line in text.splitlines() if line.startswith(("DTSTART;", "DTEND;", "TZID"))]
    ['TZID:Asia/Manila', 'DTSTART;TZID=Asia/Manila:20261123T070000', 'DTEND;TZID=Asia/Manila:20261123T153000']
    """
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")
    if not isinstance(problem, RosterProblem):
        raise WrongType("problem", problem, "a RosterProblem")
    stamp = as_utc(now, "now")
    member = problem.member(member_id)
    tzid, zone = member.timezone, member.zone
    cal = new_calendar(f"Shifts of {member.name}", PRODID)
    events = []
    years: list[int] = []
    for shift in roster.for_member(member.id):
        problem.template(shift.template)
        event = _event(shift, problem, stamp)
        years.append(_add_time(event, "dtstart", shift.start, zone, tzid))
        years.append(_add_time(event, "dtend", shift.end, zone, tzid))
        events.append(event)
    if years:
        add_timezones(cal, {tzid: (min(years), max(years))})
    for event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())
