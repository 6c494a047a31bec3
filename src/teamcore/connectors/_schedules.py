"""Zendesk business-hours schedules as teamcore's open intervals, with their history.

Zendesk's ``GET /api/v2/business_hours/schedules`` answers ``{"schedules": [{"id", "name", "time_zone",
"intervals": [{"start_time", "end_time"}], "created_at", "updated_at"}]}``; each interval is in minutes from Sunday
00:00 in the schedule's zone and never spans a day. ``GET /api/v2/business_hours/schedules/{id}/holidays`` answers
``{"holidays": [{"id", "name", "start_date", "end_date"}]}`` (local dates, both ends included). ``time_zone`` is a
Rails zone name (``"Pacific Time (US & Canada)"``); :data:`RAILS_ZONES` maps it to IANA.

The API shows only a schedule's *current* hours. To know the hours in force earlier, keep the snapshots a daily
fetch wrote (``schedules.json``, ``schedules-2026-11-01.json``…): each snapshot of one schedule id with another
``updated_at`` is a *version*, in force from its ``updated_at`` until the next version's; the earliest version also
covers everything before it. Holidays come from a ``schedules-<id>-holidays.json`` file, or from a ``holidays`` list
inside the schedule object.

The intervals become :class:`~teamcore.scheduling.IntervalSet` s directly (each local day's intervals through
``teamcore._time.local_to_utc``, DST by the ``"compatible"`` rule), not through
:class:`~teamcore.scheduling.BusinessCalendar`: Zendesk's intervals may end at midnight and span a whole day, which
:class:`~teamcore.people.WeeklyHours` (``"HH:MM"`` up to 23:59) cannot say. The sets are what
:func:`teamcore.kpi.ticket_facts` takes as business calendars.

References
----------
Zendesk Support API, Schedules: https://developer.zendesk.com/api-reference/ticketing/ticket-management/schedules/
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from teamcore._time import as_utc, local_to_utc, timezone, validate_timezone
from teamcore.connectors._canonical import iso_instant
from teamcore.connectors._json_input import LineError, read_json_input
from teamcore.exceptions import InvalidValue, LoadError, Problem, ValidationError, WrongType
from teamcore.scheduling import IntervalSet

__all__ = ["RAILS_ZONES", "Assignment", "Schedule", "Schedules", "read_schedules"]

_WEEK: Final = 7 * 1440
_MAX_BYTES: Final = 16 * 1024 * 1024
_HOLIDAYS_FILE: Final = re.compile(r"^schedules-(\d+)-holidays\.jsonl?$")

RAILS_ZONES: Final[Mapping[str, str]] = {
    "International Date Line West": "Etc/GMT+12", "Midway Island": "Pacific/Midway",
    "American Samoa": "Pacific/Pago_Pago", "Hawaii": "Pacific/Honolulu", "Alaska": "America/Juneau",
    "Pacific Time (US & Canada)": "America/Los_Angeles", "Tijuana": "America/Tijuana",
    "Mountain Time (US & Canada)": "America/Denver", "Arizona": "America/Phoenix", "Chihuahua": "America/Chihuahua",
    "Mazatlan": "America/Mazatlan", "Central Time (US & Canada)": "America/Chicago", "Saskatchewan": "America/Regina",
    "Guadalajara": "America/Mexico_City", "Mexico City": "America/Mexico_City", "Monterrey": "America/Monterrey",
    "Central America": "America/Guatemala", "Eastern Time (US & Canada)": "America/New_York",
    "Indiana (East)": "America/Indiana/Indianapolis", "Bogota": "America/Bogota", "Lima": "America/Lima",
    "Quito": "America/Lima", "Atlantic Time (Canada)": "America/Halifax", "Caracas": "America/Caracas",
    "La Paz": "America/La_Paz", "Santiago": "America/Santiago", "Newfoundland": "America/St_Johns",
    "Brasilia": "America/Sao_Paulo", "Buenos Aires": "America/Argentina/Buenos_Aires",
    "Montevideo": "America/Montevideo", "Georgetown": "America/Guyana", "Puerto Rico": "America/Puerto_Rico",
    "Greenland": "America/Nuuk", "Mid-Atlantic": "Atlantic/South_Georgia", "Azores": "Atlantic/Azores",
    "Cape Verde Is.": "Atlantic/Cape_Verde", "Dublin": "Europe/Dublin", "Edinburgh": "Europe/London",
    "Lisbon": "Europe/Lisbon", "London": "Europe/London", "Casablanca": "Africa/Casablanca",
    "Monrovia": "Africa/Monrovia", "UTC": "Etc/UTC", "Belgrade": "Europe/Belgrade", "Bratislava": "Europe/Bratislava",
    "Budapest": "Europe/Budapest", "Ljubljana": "Europe/Ljubljana", "Prague": "Europe/Prague",
    "Sarajevo": "Europe/Sarajevo", "Skopje": "Europe/Skopje", "Warsaw": "Europe/Warsaw", "Zagreb": "Europe/Zagreb",
    "Brussels": "Europe/Brussels", "Copenhagen": "Europe/Copenhagen", "Madrid": "Europe/Madrid",
    "Paris": "Europe/Paris", "Amsterdam": "Europe/Amsterdam", "Berlin": "Europe/Berlin", "Bern": "Europe/Zurich",
    "Zurich": "Europe/Zurich", "Rome": "Europe/Rome", "Stockholm": "Europe/Stockholm", "Vienna": "Europe/Vienna",
    "West Central Africa": "Africa/Algiers", "Bucharest": "Europe/Bucharest", "Cairo": "Africa/Cairo",
    "Helsinki": "Europe/Helsinki", "Kyiv": "Europe/Kyiv", "Riga": "Europe/Riga", "Sofia": "Europe/Sofia",
    "Tallinn": "Europe/Tallinn", "Vilnius": "Europe/Vilnius", "Athens": "Europe/Athens", "Istanbul": "Europe/Istanbul",
    "Minsk": "Europe/Minsk", "Jerusalem": "Asia/Jerusalem", "Harare": "Africa/Harare",
    "Pretoria": "Africa/Johannesburg",
    "Kaliningrad": "Europe/Kaliningrad", "Moscow": "Europe/Moscow", "St. Petersburg": "Europe/Moscow",
    "Volgograd": "Europe/Volgograd", "Samara": "Europe/Samara", "Kuwait": "Asia/Kuwait", "Riyadh": "Asia/Riyadh",
    "Nairobi": "Africa/Nairobi", "Baghdad": "Asia/Baghdad", "Tehran": "Asia/Tehran", "Abu Dhabi": "Asia/Muscat",
    "Muscat": "Asia/Muscat", "Baku": "Asia/Baku", "Tbilisi": "Asia/Tbilisi", "Yerevan": "Asia/Yerevan",
    "Kabul": "Asia/Kabul", "Ekaterinburg": "Asia/Yekaterinburg", "Islamabad": "Asia/Karachi",
    "Karachi": "Asia/Karachi", "Tashkent": "Asia/Tashkent", "Chennai": "Asia/Kolkata", "Kolkata": "Asia/Kolkata",
    "Mumbai": "Asia/Kolkata", "New Delhi": "Asia/Kolkata", "Kathmandu": "Asia/Kathmandu", "Astana": "Asia/Dhaka",
    "Dhaka": "Asia/Dhaka", "Sri Jayawardenepura": "Asia/Colombo", "Almaty": "Asia/Almaty",
    "Novosibirsk": "Asia/Novosibirsk", "Rangoon": "Asia/Yangon", "Bangkok": "Asia/Bangkok", "Hanoi": "Asia/Bangkok",
    "Jakarta": "Asia/Jakarta", "Krasnoyarsk": "Asia/Krasnoyarsk", "Beijing": "Asia/Shanghai",
    "Chongqing": "Asia/Chongqing", "Hong Kong": "Asia/Hong_Kong", "Urumqi": "Asia/Urumqi",
    "Kuala Lumpur": "Asia/Kuala_Lumpur", "Singapore": "Asia/Singapore", "Taipei": "Asia/Taipei",
    "Perth": "Australia/Perth", "Irkutsk": "Asia/Irkutsk", "Ulaanbaatar": "Asia/Ulaanbaatar", "Seoul": "Asia/Seoul",
    "Osaka": "Asia/Tokyo", "Sapporo": "Asia/Tokyo", "Tokyo": "Asia/Tokyo", "Yakutsk": "Asia/Yakutsk",
    "Darwin": "Australia/Darwin", "Adelaide": "Australia/Adelaide", "Canberra": "Australia/Melbourne",
    "Melbourne": "Australia/Melbourne", "Sydney": "Australia/Sydney", "Brisbane": "Australia/Brisbane",
    "Hobart": "Australia/Hobart", "Vladivostok": "Asia/Vladivostok", "Guam": "Pacific/Guam",
    "Port Moresby": "Pacific/Port_Moresby", "Magadan": "Asia/Magadan", "Srednekolymsk": "Asia/Srednekolymsk",
    "Solomon Is.": "Pacific/Guadalcanal", "New Caledonia": "Pacific/Noumea", "Fiji": "Pacific/Fiji",
    "Kamchatka": "Asia/Kamchatka", "Marshall Is.": "Pacific/Majuro", "Auckland": "Pacific/Auckland",
    "Wellington": "Pacific/Auckland", "Nuku'alofa": "Pacific/Tongatapu", "Tokelau Is.": "Pacific/Fakaofo",
    "Chatham Is.": "Pacific/Chatham", "Samoa": "Pacific/Apia",
}  # fmt: skip
"""Rails (ActiveSupport ``TimeZone::MAPPING``) zone names, as Zendesk's ``time_zone`` gives them, to IANA names
(the few IANA names Rails still spells the old way, such as ``Europe/Kiev``, are given in their current form)."""


def iana_zone(value: object, field: str) -> str:
    """A Zendesk ``time_zone`` (a Rails name, or already IANA) as an IANA zone name.

    Examples
    --------
    >>> iana_zone("Pacific Time (US & Canada)", "time_zone"), iana_zone("Europe/Oslo", "time_zone")
    ('America/Los_Angeles', 'Europe/Oslo')
    """
    if isinstance(value, str) and value in RAILS_ZONES:
        return RAILS_ZONES[value]
    return validate_timezone(value, field)


def _intervals(value: object) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list | tuple):
        raise WrongType("intervals", value, "a list of {start_time, end_time} in minutes from Sunday 00:00")
    out: list[tuple[int, int]] = []
    for i, item in enumerate(value):
        if isinstance(item, tuple) and len(item) == 2:
            start, end = item
        elif isinstance(item, Mapping):
            start, end = item.get("start_time"), item.get("end_time")
        else:
            raise WrongType(f"intervals[{i}]", item, "an object with start_time and end_time")
        for name, minute in (("start_time", start), ("end_time", end)):
            if isinstance(minute, bool) or not isinstance(minute, int) or not 0 <= minute <= _WEEK:
                raise InvalidValue(f"intervals[{i}].{name}", minute, f"whole minutes from Sunday 00:00, 0 to {_WEEK}")
        if not isinstance(start, int) or not isinstance(end, int):  # pragma: no cover - checked just above
            continue
        if end <= start or (end - 1) // 1440 != start // 1440:
            raise InvalidValue(f"intervals[{i}]", item, "an end after its start, on the same day (midnight at most)")
        out.append((start, end))
    return tuple(sorted(out))


def _holidays(value: object) -> tuple[tuple[dt.date, dt.date], ...]:
    if not isinstance(value, list | tuple):
        raise WrongType("holidays", value, "a list of {name, start_date, end_date}")
    out: list[tuple[dt.date, dt.date]] = []
    for i, item in enumerate(value):
        if isinstance(item, tuple) and len(item) == 2 and all(isinstance(d, dt.date) for d in item):
            first, last = item
        elif isinstance(item, Mapping):
            first = _date(item.get("start_date"), f"holidays[{i}].start_date")
            last = _date(item.get("end_date"), f"holidays[{i}].end_date")
        else:
            raise WrongType(f"holidays[{i}]", item, "an object with start_date and end_date")
        if last < first:
            raise InvalidValue(f"holidays[{i}].end_date", last.isoformat(), f"a date from {first.isoformat()} on")
        out.append((first, last))
    return tuple(sorted(out))


def _date(value: object, field: str) -> dt.date:
    if not isinstance(value, str):
        raise WrongType(field, value, "an ISO date such as '2026-12-24'")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(field, value, "an ISO date such as '2026-12-24'") from None


def _id(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise WrongType("id", value, "a schedule id (a whole number or a non-empty text)")
    return str(value).strip()


def _name(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WrongType("name", value, "a text")
    return value


def _zone(value: object) -> str:
    return iana_zone(value, "time_zone")


def _updated(value: object) -> dt.datetime | None:
    if value is None:
        return None
    return as_utc(value, "updated_at") if isinstance(value, dt.datetime) else iso_instant(value, "updated_at")


@attrs.frozen(kw_only=True)
class Schedule:
    """One version of a business-hours schedule: weekly intervals in a zone, less holidays.

    Parameters
    ----------
    id
        The schedule's id (as text).
    name
        Its name.
    timezone
        An IANA zone, or a Rails zone name as Zendesk gives it (stored as IANA).
    intervals
        ``(start, end)`` in minutes from Sunday 00:00 local time, each within one day; or Zendesk's
        ``{"start_time", "end_time"}`` objects.
    holidays
        ``(first, last)`` local dates without business hours (both included); or Zendesk's holiday objects.
    updated_at
        When this version came into force (``None``: always, for a schedule without history).

    Examples
    --------
    >>> s = Schedule(id="1", name="EU", timezone="Berlin", intervals=[{"start_time": 1980, "end_time": 2460}])
    >>> s.timezone, s.weekly_minutes
    ('Europe/Berlin', 480)
    """

    id: str = attrs.field(converter=_id)
    name: str = attrs.field(default="", converter=_name)
    timezone: str = attrs.field(converter=_zone)
    intervals: tuple[tuple[int, int], ...] = attrs.field(converter=_intervals)
    holidays: tuple[tuple[dt.date, dt.date], ...] = attrs.field(factory=tuple, converter=_holidays)
    updated_at: dt.datetime | None = attrs.field(default=None, converter=_updated)

    @property
    def weekly_minutes(self) -> int:
        """Business minutes in a week without holidays."""
        return sum(end - start for start, end in self.intervals)

    def open_intervals(self, start: dt.datetime, end: dt.datetime, *, zone: str | None = None) -> IntervalSet:
        """The UTC business intervals of the local days around ``[start, end)``, clipped to it.

        Parameters
        ----------
        start, end
            Aware instants.
        zone
            Read the hours in this zone instead of the schedule's own (``"UTC"``: what a tool that ignores the
            schedule's zone counts).
        """
        tz = timezone(zone or self.timezone)
        off = {first + dt.timedelta(days=k) for first, last in self.holidays for k in range((last - first).days + 1)}
        day = start.astimezone(tz).date() - dt.timedelta(days=1)
        last = end.astimezone(tz).date() + dt.timedelta(days=1)
        pairs: list[tuple[dt.datetime, dt.datetime]] = []
        while day <= last:
            if day not in off:
                sunday = (day.isoweekday() % 7) * 1440  # minutes from Sunday 00:00 to this day's midnight
                for lo, hi in self.intervals:
                    if sunday <= lo < sunday + 1440:
                        a = local_to_utc(day, _clock(lo - sunday), tz)
                        b = local_to_utc(
                            day + dt.timedelta(days=(hi - sunday) // 1440), _clock((hi - sunday) % 1440), tz
                        )
                        if a < b:
                            pairs.append((a, b))
            day += dt.timedelta(days=1)
        return IntervalSet.from_pairs(pairs).clip(start, end) if pairs else IntervalSet.empty()


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


Assignment = tuple[tuple[dt.datetime | None, str], ...]
"""A ticket's schedules over time: ``(from, schedule id)`` pairs, oldest first; ``from`` ``None`` = from creation."""


def _assignment(value: object, field: str) -> Assignment:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return ((None, str(value)),)
    if not isinstance(value, list | tuple) or not value:
        raise WrongType(field, value, "a schedule id, or a list of (from instant, schedule id) pairs")
    out: list[tuple[dt.datetime | None, str]] = []
    for i, pair in enumerate(value):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise WrongType(f"{field}[{i}]", pair, "a (from instant, schedule id) pair")
        start, schedule = pair
        if start is not None:
            start = as_utc(start, f"{field}[{i}][0]") if isinstance(start, dt.datetime) else iso_instant(start, field)
        out.append((start, str(schedule)))
    starts = [a for a, _ in out[1:]]
    if any(a is None for a in starts) or starts != sorted(a for a in starts if a is not None):
        raise InvalidValue(field, value, "pairs in time order, only the first without an instant")
    return tuple(out)


def _assignments(value: Mapping[Any, Any] | None) -> Mapping[str, Assignment]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise WrongType("ticket_schedules", value, "a mapping of ticket id to schedule id (or its changes)")
    return {str(k): _assignment(v, f"ticket_schedules[{k!r}]") for k, v in value.items()}


def _versions(value: Iterable[Schedule]) -> tuple[Schedule, ...]:
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Schedule):
            raise WrongType(f"versions[{i}]", item, "a Schedule")
    return items


@attrs.frozen(kw_only=True)
class Schedules:
    """The business-hours schedules of an account, every version of each, and which ticket follows which.

    Parameters
    ----------
    versions
        Every :class:`Schedule` version read.
    ticket_schedules
        Ticket id → schedule id, for accounts with several schedules; or → ``[(from, schedule id), …]`` for a
        ticket whose schedule changed (a group change that applies another schedule), the first ``from`` ``None``.
        Tickets not listed follow `default`.
    default
        The schedule of tickets not in `ticket_schedules`; when ``None`` and the account has exactly one schedule,
        that one.

    Raises
    ------
    InvalidValue
        If `default` or a ticket's schedule is not among the versions.
    """

    versions: tuple[Schedule, ...] = attrs.field(converter=_versions)
    ticket_schedules: Mapping[str, Assignment] = attrs.field(factory=dict, converter=_assignments)
    default: str | None = None

    def __attrs_post_init__(self) -> None:
        known = self.ids
        if self.default is not None and self.default not in known:
            raise InvalidValue("default", self.default, f"one of the schedule ids {', '.join(known) or '(none)'}")

    @property
    def ids(self) -> tuple[str, ...]:
        """The schedule ids, in first-read order."""
        return tuple(dict.fromkeys(v.id for v in self.versions))

    def history(self, schedule_id: str) -> tuple[Schedule, ...]:
        """The versions of one schedule, oldest first (a version without ``updated_at`` counts as oldest)."""
        found = [v for v in self.versions if v.id == schedule_id]
        unique = {(v.updated_at, v.intervals, v.holidays, v.timezone): v for v in found}
        return tuple(sorted(unique.values(), key=lambda v: v.updated_at or dt.datetime.min.replace(tzinfo=dt.UTC)))

    def schedule_of(self, ticket_id: str) -> Assignment | None:
        """The schedules a ticket follows over time, or ``None`` if one of them (or any) is unknown."""
        chosen = self.ticket_schedules.get(ticket_id)
        if chosen is None:
            fallback = self.default if self.default is not None else self.ids[0] if len(self.ids) == 1 else None
            chosen = None if fallback is None else ((None, fallback),)
        if chosen is None or any(s not in self.ids for _, s in chosen):
            return None
        return chosen

    def in_force(self, schedule_id: str, instant: dt.datetime) -> Schedule:
        """The version of a schedule in force at `instant` (the oldest for instants before every version)."""
        versions = self.history(schedule_id)
        chosen = versions[0]
        for version in versions[1:]:
            if version.updated_at is not None and version.updated_at <= instant:
                chosen = version
        return chosen

    def open_intervals(
        self, schedule_id: str, start: dt.datetime, end: dt.datetime, *, zone: str | None = None
    ) -> IntervalSet:
        """The business intervals of `schedule_id` in ``[start, end)``, each instant on the version in force then."""
        versions = self.history(schedule_id)
        parts = []
        for k, version in enumerate(versions):
            lo = start if k == 0 else max(start, version.updated_at or start)
            hi = end if k + 1 == len(versions) else min(end, versions[k + 1].updated_at or end)
            if lo < hi:
                parts.append(version.open_intervals(lo, hi, zone=zone))
        return IntervalSet.union_of(parts)


def _said(err: ValidationError) -> str:
    return f"expected {err.expected}, got {err.value!r}"


def _documents(path: Path) -> Iterable[tuple[Path, str, Any]]:
    files = sorted(p for p in path.glob("schedules*.json*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        for entry, doc in read_json_input(file, max_bytes=_MAX_BYTES):
            yield file, entry, doc


def read_schedules(
    path: str | os.PathLike[str], *, ticket_schedules: Mapping[Any, Any] | None = None, default: str | None = None
) -> Schedules:
    """Read Zendesk schedules pages: one file, or every ``schedules*.json`` of a folder (snapshots and holidays).

    Parameters
    ----------
    path
        A ``schedules*.json`` file, or a folder holding them.
    ticket_schedules, default
        See :class:`Schedules`.

    Raises
    ------
    LoadError
        If a file cannot be read, or a schedule or holiday in it is invalid: every problem, with the file and the
        entry (``schedules[0]``) and field.

    Examples
    --------
    >>> book = read_schedules("tests/connectors/data/reconcile")
    >>> book.ids, [v.updated_at.date().isoformat() for v in book.history("360000001")]
    (('360000001',), ['2026-01-05', '2026-11-15'])
    """
    base = Path(path)
    problems: list[Problem] = []
    versions: list[Schedule] = []
    holidays: dict[str, list[Any]] = {}
    for file, entry, doc in _documents(base):
        shown = str(file)
        if isinstance(doc, LineError):
            problems.append(Problem(shown, entry, "", doc.reason))
            continue
        match = _HOLIDAYS_FILE.match(file.name)
        if match and isinstance(doc, Mapping) and isinstance(doc.get("holidays"), list):
            holidays.setdefault(match[1], []).extend(doc["holidays"])
            continue
        items: Any = doc.get("schedules", [doc.get("schedule")]) if isinstance(doc, Mapping) else None
        if not isinstance(items, list) or not items or items == [None]:
            problems.append(Problem(shown, entry, "", 'expected {"schedules": [...]} or {"schedule": {...}}'))
            continue
        for i, item in enumerate(items):
            if not isinstance(item, Mapping):
                problems.append(Problem(shown, f"schedules[{i}]", "", f"expected a schedule object, got {item!r}"))
                continue
            try:
                versions.append(
                    Schedule(
                        id=item.get("id"),
                        name=item.get("name", ""),
                        timezone=item.get("time_zone"),
                        intervals=item.get("intervals", []),
                        holidays=item.get("holidays", []),
                        updated_at=item.get("updated_at"),
                    )
                )
            except ValidationError as err:
                problems.append(Problem(shown, f"schedules[{i}] (id {item.get('id')!r})", err.field, _said(err)))
    shown = str(base)
    if not versions and not problems:
        problems.append(Problem(shown, "", "", "no schedule found; expected Zendesk schedules pages"))
    for schedule_id, items in holidays.items():
        try:
            extra = _holidays(items)
        except ValidationError as err:
            problems.append(Problem(shown, f"holidays of schedule {schedule_id}", err.field, _said(err)))
            continue
        versions = [attrs.evolve(v, holidays=v.holidays + extra) if v.id == schedule_id else v for v in versions]
    if problems:
        raise LoadError(shown, problems)
    try:
        return Schedules(versions=versions, ticket_schedules=ticket_schedules, default=default)
    except ValidationError as err:
        raise LoadError(shown, [Problem(shown, "", err.field, _said(err))]) from None
