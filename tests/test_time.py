"""Tests for teamcore._time: aware instants, zones from tzdata, and the DST rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from teamcore import strategies as tst
from teamcore._time import as_utc, local_to_utc, parse_duration, parse_instant, require_aware, timezone
from teamcore.exceptions import (
    AmbiguousTime,
    InvalidValue,
    NaiveDatetime,
    NonexistentTime,
    OutOfRange,
    TeamcoreError,
    UnknownTimezone,
    WrongType,
)

STOCKHOLM = timezone("Europe/Stockholm")
NEW_YORK = timezone("America/New_York")


class TestTimezone:
    def test_known_zone(self):
        """A known IANA zone loads from tzdata."""
        assert timezone("Asia/Kathmandu").key == "Asia/Kathmandu"

    @pytest.mark.parametrize(
        "name",
        [
            "Mars/Olympus",  # not a zone
            "Europe/Stokholm",  # typo
            "+02:00",  # an offset is not a place
            "../etc/passwd",  # a path, never handed to zoneinfo
            "localtime",  # the machine's zone is never implied
            "",  # empty
        ],
    )
    def test_unknown_zone(self, name):
        """Unknown names raise UnknownTimezone naming the value."""
        with pytest.raises(UnknownTimezone, match="expected an IANA timezone name"):
            timezone(name)

    def test_wrong_type(self):
        """A non-string is a WrongType, also a TypeError."""
        with pytest.raises(TypeError, match="timezone"):
            timezone(3)  # type: ignore[arg-type]


class TestLocalToUtc:
    def test_gap_compatible_moves_forward(self):
        """2026-03-29 02:30 does not exist in Stockholm; the default reads it as 03:30 CEST."""
        got = local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30), STOCKHOLM)
        assert got == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
        assert got.astimezone(STOCKHOLM).time() == dt.time(3, 30)

    def test_gap_earlier(self):
        """'earlier' in a gap takes the earlier candidate instant (01:30 CET)."""
        got = local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30), STOCKHOLM, "earlier")
        assert got == dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)

    def test_gap_raise(self):
        """'raise' refuses a nonexistent time."""
        with pytest.raises(NonexistentTime, match="does not exist"):
            local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30), STOCKHOLM, "raise")

    def test_fold_compatible_is_earlier(self):
        """2026-11-01 01:30 happens twice in New York; the default is the first (-04:00), unlike pendulum."""
        got = local_to_utc(dt.date(2026, 11, 1), dt.time(1, 30), NEW_YORK)
        assert got == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)

    def test_fold_later(self):
        """'later' takes the second occurrence (-05:00)."""
        got = local_to_utc(dt.date(2026, 11, 1), dt.time(1, 30), NEW_YORK, "later")
        assert got == dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)

    def test_fold_raise(self):
        """'raise' refuses an ambiguous time."""
        with pytest.raises(AmbiguousTime, match="happens twice"):
            local_to_utc(dt.date(2026, 11, 1), dt.time(1, 30), NEW_YORK, "raise")

    def test_unknown_rule(self):
        """An unknown rule is refused with the allowed ones listed."""
        with pytest.raises(InvalidValue, match="compatible"):
            local_to_utc(dt.date(2026, 1, 1), dt.time(9), NEW_YORK, "latest")  # type: ignore[arg-type]

    def test_kathmandu_offset(self):
        """09:00 in Kathmandu (+05:45) is 03:15Z."""
        got = local_to_utc(dt.date(2026, 1, 5), dt.time(9), timezone("Asia/Kathmandu"))
        assert got == dt.datetime(2026, 1, 5, 3, 15, tzinfo=dt.UTC)

    @given(tst.aware_datetimes())
    @example(dt.datetime(2026, 11, 1, 1, 30, fold=0, tzinfo=NEW_YORK))
    @example(dt.datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK))
    @example(dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=STOCKHOLM))
    def test_round_trip_existing_times(self, value):
        """A local time that exists maps back to itself; in a fold, 'earlier'/'later' pick fold 0/1."""
        zone = value.tzinfo
        assert isinstance(zone, type(STOCKHOLM))
        rule = "later" if value.fold else "earlier"
        got = local_to_utc(value.date(), value.time(), zone, rule)
        assert got.astimezone(zone).replace(tzinfo=None) == value.replace(tzinfo=None)
        assert got == value.astimezone(dt.UTC)


class TestInstants:
    def test_parse_offset(self):
        """An ISO string with an offset becomes a UTC instant."""
        assert parse_instant("2026-11-25T09:00+01:00") == dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)

    def test_parse_naive_refused(self):
        """A string without an offset is refused: the machine's zone is never assumed."""
        with pytest.raises(NaiveDatetime, match="offset"):
            parse_instant("2026-11-25T09:00")

    @pytest.mark.parametrize(
        "text",
        [
            "yesterday",  # not ISO
            "2026-11-25",  # a date, not an instant
            "P3D",  # a duration
        ],
    )
    def test_parse_invalid(self, text):
        """Non-instants are refused with the value in the message."""
        with pytest.raises(InvalidValue, match="ISO 8601"):
            parse_instant(text)

    def test_require_aware(self):
        """Naive datetimes and non-datetimes are refused."""
        with pytest.raises(NaiveDatetime):
            require_aware(dt.datetime(2026, 1, 1), "now")
        with pytest.raises(WrongType):
            require_aware("2026-01-01", "now")

    def test_as_utc_compares_instants(self):
        """The same instant in a repeated hour equals its UTC form after as_utc."""
        local = dt.datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
        assert as_utc(local, "x") == dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)

    @given(st.integers(0, 10_000))
    def test_duration_days(self, days):
        """P<n>D parses to n days."""
        assert parse_duration(f"P{days}D", "d") == dt.timedelta(days=days)

    @pytest.mark.parametrize(
        "text",
        [
            "P1M",  # months have no fixed length
            "P1Y",  # years neither
            "ninety days",  # not ISO
        ],
    )
    def test_duration_refused(self, text):
        """Durations without a fixed length, and non-durations, are refused."""
        with pytest.raises(TeamcoreError, match="duration"):
            parse_duration(text, "onboarding")


# Text that looks like ISO 8601 instants: the ends of the year range, offsets, durations, intervals, odd separators.
_ISO_LIKE = st.from_regex(
    r"\A[+-]?\d{1,6}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?\Z"
    r"|\AP\d{1,12}(D|W|Y|M|DT\d{1,12}H)\Z|\APT\d{1,12}[HMS]\Z|\AR\d?/.{0,30}\Z",
    fullmatch=True,
)


class TestParseInstantTotal:
    """parse_instant is total: an aware UTC instant, or a TeamcoreError naming the field; nothing else escapes."""

    @given(st.one_of(st.text(), _ISO_LIKE))
    @example("P1000000000D")  # more days than a timedelta holds: OverflowError from pendulum before
    @example("P99999999999999999999W")  # more weeks than a C int: OverflowError before
    @example("9999-12-31T23:59:59-12:00")  # past 9999 once in UTC: OverflowError from astimezone before
    @example("0001-01-01T00:00+01:00")  # before year 1 once in UTC: OverflowError before
    @example("10000-01-01T00:00Z")  # a five-digit year
    @example("0000-01-01T00:00Z")  # year 0 does not exist in datetime
    @example("9" * 5000 + "-01-01T00:00Z")  # more digits than int() converts
    @example("2026-11-23T08:00")  # naive
    @example("R5/2026-11-23T08:00Z/P1D")  # a repeating interval
    def test_aware_or_teamcore_error(self, text):
        """Any text gives an aware UTC datetime or a TeamcoreError whose message names the field."""
        got: dt.datetime | TeamcoreError
        try:
            got = parse_instant(text, "--now")
        except TeamcoreError as err:
            got = err
        if isinstance(got, TeamcoreError):
            assert str(got).startswith("--now: expected ")
        else:
            assert got.tzinfo is dt.UTC
            assert got.utcoffset() == dt.timedelta(0)

    @given(st.datetimes(timezones=st.timezones(), allow_imaginary=False))
    def test_round_trip(self, value):
        """Every aware datetime's isoformat parses back to the same instant (or is refused as out of range in UTC)."""
        assume(value.utcoffset() % dt.timedelta(minutes=1) == dt.timedelta(0))  # ISO 8601 offsets have no seconds
        try:
            expected = value.astimezone(dt.UTC)
        except OverflowError:
            with pytest.raises(OutOfRange):
                parse_instant(value.isoformat())
            return
        assert parse_instant(value.isoformat()) == expected

    @pytest.mark.parametrize(
        ("text", "error", "match"),
        [
            # a duration where an instant is expected
            ("P1000000000D", InvalidValue, "not a date or duration"),
            # an instant that is past year 9999 in UTC
            ("9999-12-31T23:59:59-12:00", OutOfRange, "9999-12-31T23:59:59Z in UTC"),
            # an instant before year 1 in UTC
            ("0001-01-01T00:00+01:00", OutOfRange, "from 0001-01-01T00:00Z"),
            # years datetime cannot hold
            ("10000-01-01T00:00Z", OutOfRange, "year from 0001 to 9999"),
            ("0000-01-01T00:00Z", OutOfRange, "year from 0001 to 9999"),
            ("-0001-01-01T00:00Z", OutOfRange, "year from 0001 to 9999"),
            # garbage
            ("next tuesday", InvalidValue, "ISO 8601 date-time with an offset"),
        ],
    )
    def test_refused_with_field(self, text, error, match):
        """Each edge is refused with the field, the value and the expected form."""
        with pytest.raises(error, match=match) as info:
            parse_instant(text, "--now")
        assert str(info.value).startswith("--now: ")
        assert repr(text) in str(info.value)

    def test_edges_accepted(self):
        """The first and last instants of the range parse."""
        assert parse_instant("0001-01-01T00:00Z") == dt.datetime(1, 1, 1, tzinfo=dt.UTC)
        assert parse_instant("9999-12-31T23:59:59+14:00") == dt.datetime(9999, 12, 31, 9, 59, 59, tzinfo=dt.UTC)


class TestParseDurationTotal:
    @given(st.one_of(st.text(), st.from_regex(r"\AP(\d{1,25}[WD])?(T\d{1,25}[HMS])?\Z", fullmatch=True)))
    @example("P1000000000D")  # more days than a timedelta holds: OverflowError before
    @example("P99999999999999999999W")  # more weeks than a C int: OverflowError before
    def test_timedelta_or_teamcore_error(self, text):
        """Any text gives a non-negative timedelta or a TeamcoreError naming the field."""
        got: dt.timedelta | TeamcoreError
        try:
            got = parse_duration(text, "onboarding")
        except TeamcoreError as err:
            got = err
        if isinstance(got, TeamcoreError):
            assert str(got).startswith("onboarding: expected ")
        else:
            assert got >= dt.timedelta(0)
