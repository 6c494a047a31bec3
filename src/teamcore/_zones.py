"""Zone-offset vectors: a timezone's UTC offsets over years, read from the tz database, applied to numpy arrays.

The scheduling calendars turn wall-clock shifts into UTC instants with :func:`local_seconds_to_utc`; the KPI
periods, the simulator and the staffing forecast read local times of UTC instants with :func:`utc_offsets` or the
raw :func:`regimes`. One definition of a zone's transitions serves them all.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final, get_args

import numpy as np
import numpy.typing as npt

from teamcore._time import UTC, Disambiguate, local_to_utc, timezone
from teamcore._validators import check_choice

__all__ = ["DAY", "check_disambiguate", "local_seconds_to_utc", "regimes", "utc_offsets"]

Int64Array = npt.NDArray[np.int64]

DAY: Final = 86_400
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_DISAMBIGUATE: Final = frozenset(get_args(Disambiguate))
# Offsets are sampled this often when looking for a zone's transitions, then each change is bisected to the second.
# Two transitions closer together than this would be missed: for every zone in tzdata, 2024-2028, the transitions
# found agree with half-hourly sampling, and tests check the conversion against local_to_utc for arbitrary zones.
_SAMPLE: Final = 12 * 3600


def check_disambiguate(value: object, field: str = "disambiguate") -> Disambiguate:
    """Return `value` if it is a :data:`teamcore._time.Disambiguate` rule; raise :class:`InvalidValue` otherwise."""
    choice: Disambiguate = check_choice(value, field, sorted(_DISAMBIGUATE))
    return choice


def _offset_at(zone_name: str, seconds: int) -> int:
    offset = dt.datetime.fromtimestamp(seconds, timezone(zone_name)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


@functools.lru_cache(maxsize=8192)
def _year_transitions(zone_name: str, year: int) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """The offset at the start of UTC `year`, and the instants in ``(start, end]`` of the year where it changes."""
    lo = int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    hi = int(dt.datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    samples = range(lo, hi + 1, _SAMPLE)
    offsets = [_offset_at(zone_name, t) for t in samples]
    bounds: list[int] = []
    kept: list[int] = []
    for i in range(1, len(offsets)):
        if offsets[i] == offsets[i - 1]:
            continue
        # Bisect for the first second with the new offset.
        a, b = samples[i - 1], samples[i]
        while b - a > 1:
            mid = (a + b) // 2
            if _offset_at(zone_name, mid) == offsets[i - 1]:
                a = mid
            else:
                b = mid
        bounds.append(b)
        kept.append(offsets[i])
    return offsets[0], tuple(bounds), tuple(kept)


@functools.lru_cache(maxsize=2048)
def regimes(zone_name: str, first_year: int, last_year: int) -> tuple[Int64Array, Int64Array]:
    """The zone's UTC offsets from `first_year` to `last_year`, padded by a year each side: boundaries and offsets.

    Returns ``(bounds, offsets)`` with ``len(offsets) == len(bounds) + 1``: offset ``offsets[i]`` holds from
    ``bounds[i - 1]`` (or the beginning) up to ``bounds[i]`` (exclusive). The arrays are read-only.

    Examples
    --------
    >>> bounds, offsets = regimes("Europe/Stockholm", 2026, 2026)
    >>> dt.datetime.fromtimestamp(int(bounds[2]), UTC).isoformat(), offsets[2:4].tolist()
    ('2026-03-29T01:00:00+00:00', [3600, 7200])
    """
    years = range(first_year - 1, last_year + 2)
    bounds: list[int] = []
    kept = [_year_transitions(zone_name, years[0])[0]]
    for year in years:
        _start, year_bounds, year_offsets = _year_transitions(zone_name, year)
        bounds.extend(year_bounds)
        kept.extend(year_offsets)
    out_bounds, out_offsets = np.array(bounds, np.int64), np.array(kept, np.int64)
    out_bounds.setflags(write=False)
    out_offsets.setflags(write=False)
    return out_bounds, out_offsets


def _years(seconds: Int64Array) -> tuple[int, int]:
    """The first and last calendar years of day numbers ``seconds // DAY`` (UTC or local alike)."""
    first = dt.date.fromordinal(int(seconds.min()) // DAY + _EPOCH_ORDINAL).year
    last = dt.date.fromordinal(int(seconds.max()) // DAY + _EPOCH_ORDINAL).year
    return first, last


def utc_offsets(seconds: Int64Array, tz: str) -> Int64Array:
    """The UTC offset of zone `tz`, in seconds, at each UTC instant in `seconds` (epoch seconds), vectorised.

    Examples
    --------
    >>> july = int(dt.datetime(2026, 7, 1, tzinfo=UTC).timestamp())
    >>> utc_offsets(np.array([july]), "Europe/Stockholm").tolist()
    [7200]
    """
    seconds = np.asarray(seconds, dtype=np.int64)
    if seconds.size == 0:
        return np.array(seconds, np.int64)
    bounds, offsets = regimes(tz, *_years(seconds))
    found: Int64Array = offsets[np.searchsorted(bounds, seconds, side="right")]
    return found


def local_seconds_to_utc(local: Int64Array, tz: str, disambiguate: Disambiguate = "compatible") -> Int64Array:
    """Convert wall-clock times, as naive epoch seconds, in zone `tz` to UTC epoch seconds, vectorised.

    A wall-clock time that maps to exactly one instant is converted in numpy; one in a DST gap or fold is passed to
    :func:`teamcore._time.local_to_utc` with `disambiguate`, so the gap/fold rule has a single definition.

    Parameters
    ----------
    local
        Naive local times as seconds since 1970-01-01T00:00 *local* (whole minutes).
    tz
        IANA timezone name.
    disambiguate
        See :data:`teamcore._time.Disambiguate`.

    Returns
    -------
    numpy.ndarray
        UTC epoch seconds, same shape.

    Examples
    --------
    >>> day = (dt.date(2026, 3, 29).toordinal() - _EPOCH_ORDINAL) * DAY
    >>> gap = np.array([day + int(2.5 * 3600)])  # 02:30 on 29 March 2026 does not exist in Stockholm
    >>> int(local_seconds_to_utc(gap, "Europe/Stockholm")[0] - day) / 3600
    1.5
    """
    disambiguate = check_disambiguate(disambiguate)
    local = np.asarray(local, dtype=np.int64)
    if local.size == 0:
        return np.array(local, np.int64)
    bounds, offsets = regimes(tz, *_years(local))
    result: Int64Array = local - offsets[0]
    if bounds.size == 0:
        return result
    count = np.zeros(local.shape, np.int64)
    for i, offset in enumerate(offsets.tolist()):
        candidate = local - offset
        valid = np.ones(local.shape, bool)
        if i > 0:
            valid &= candidate >= bounds[i - 1]
        if i < bounds.size:
            valid &= candidate < bounds[i]
        result = np.where(valid, candidate, result)
        count += valid
    zone = timezone(tz)
    for index in np.flatnonzero(count != 1).tolist():
        seconds = int(local.flat[index])
        day = dt.date.fromordinal(seconds // DAY + _EPOCH_ORDINAL)
        minute = seconds % DAY // 60
        instant = local_to_utc(day, dt.time(minute // 60, minute % 60), zone, disambiguate)
        result.flat[index] = int(instant.timestamp())
    return result
