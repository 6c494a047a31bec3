"""Tests for the supported date range of fixed 1:1s: teamcore errors, not datetime's, at the ends of the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore._time import timezone
from teamcore.exceptions import OutOfRange
from teamcore.people import Member
from teamcore.scheduling import one_on_ones


def person(mid: str, zone: str, country: str) -> Member:
    return Member(id=mid, name=mid, timezone=zone, country=country, hours={"mon-fri": ["09:00-17:00"]})


# The zones furthest from UTC either way, so the UTC instants reach furthest beyond the local dates.
KIRITIMATI = person("ki", "Pacific/Kiritimati", "KI")  # UTC+14
PAGO_PAGO = person("as", "Pacific/Pago_Pago", "AS")  # UTC-11
NY = person("ny", "America/New_York", "US")


class TestRange:
    """The weeks must lie within the years 4 to 9996."""

    @pytest.mark.parametrize(
        "first",
        [
            dt.date(1, 1, 1),  # datetime's first day: a year before it does not exist
            dt.date(2, 6, 15),
            dt.date(3, 12, 31),  # the zone's offsets are looked up a year before
            dt.date(9997, 1, 1),
            dt.date(9998, 6, 15),
            dt.date(9999, 12, 31),  # datetime's last day: adding the weeks would overflow
        ],
    )
    def test_out_of_range(self, first: dt.date) -> None:
        """Start dates found to crash with ValueError/OverflowError raise OutOfRange naming the field and range."""
        with pytest.raises(
            OutOfRange, match=r"^first: expected a date from 0004-01-01 to 9996-10-09, .*years 4 to 9996"
        ):
            one_on_ones(KIRITIMATI, [PAGO_PAGO], first=first, weeks=12)

    @pytest.mark.parametrize(
        ("weeks", "latest"),
        [
            (1, dt.date(9996, 12, 25)),  # the 1:1 may fall up to six days after `first`
            (260, dt.date(9996, 12, 31) - dt.timedelta(days=7 * 260 - 1)),
        ],
    )
    def test_the_weeks_count(self, weeks: int, latest: dt.date) -> None:
        """The last allowed start depends on how many weeks follow it: a day later is refused."""
        one_on_ones(KIRITIMATI, [PAGO_PAGO], first=latest, weeks=weeks)
        with pytest.raises(OutOfRange, match=f"to {latest.isoformat()}, so that {weeks} weekly"):
            one_on_ones(KIRITIMATI, [PAGO_PAGO], first=latest + dt.timedelta(days=1), weeks=weeks)

    @pytest.mark.parametrize(("lead", "member"), [(KIRITIMATI, PAGO_PAGO), (PAGO_PAGO, KIRITIMATI)])
    @pytest.mark.parametrize(
        ("first", "weeks"),
        [
            (dt.date(4, 1, 1), 1),  # the first day allowed
            (dt.date(4, 1, 1), 260),
            (dt.date(9996, 12, 25), 1),  # the last start for one week
            (dt.date(9996, 12, 31) - dt.timedelta(days=7 * 260 - 1), 260),  # the last start for 260 weeks
        ],
    )
    def test_the_ends_of_the_range_work(self, lead: Member, member: Member, first: dt.date, weeks: int) -> None:
        """At the ends of the range the 1:1s are planned, in the zones furthest from UTC."""
        [one] = one_on_ones(lead, [member], first=first, weeks=weeks)
        assert len(one.starts) == weeks or one.time is None


class TestAnyDate:
    """Over the whole calendar."""

    @settings(max_examples=30)
    @given(first=st.dates(), weeks=st.integers(1, 260))
    @example(first=dt.date(1, 1, 1), weeks=1)
    @example(first=dt.date(2, 1, 1), weeks=12)
    @example(first=dt.date(9998, 1, 1), weeks=12)
    @example(first=dt.date(9999, 12, 31), weeks=260)
    def test_planned_or_out_of_range(self, first: dt.date, weeks: int) -> None:
        """Any start date gives 1:1s in the supported years or raises OutOfRange; well inside, it always plans."""
        refused: OutOfRange | None = None
        try:
            ones = one_on_ones(KIRITIMATI, [NY], first=first, weeks=weeks)
        except OutOfRange as error:
            refused = error
        if refused is not None:
            assert refused.field == "first"
            assert not dt.date(5, 1, 1) <= first <= dt.date(9990, 12, 31)  # refused only near the ends
            return
        zone = timezone(KIRITIMATI.timezone)
        assert all(dt.date(4, 1, 1) <= s.astimezone(zone).date() <= dt.date(9996, 12, 31) for s in ones[0].starts)
