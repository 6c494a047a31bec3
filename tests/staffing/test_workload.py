"""Forecast input, asynchronous workload requirement, and required vs scheduled."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidInterval, InvalidValue, NaiveDatetime, OutOfRange, UnknownTimezone, WrongType
from teamcore.people import Member
from teamcore.scheduling import IntervalSet, coverage
from teamcore.staffing import (
    Forecast,
    StaffingCriteria,
    async_requirement,
    compare,
    compare_groups,
    forecast_from_tickets,
    required_agents,
)

T0 = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)  # a Monday
HOUR = dt.timedelta(hours=1)


class TestForecast:
    """Forecast construction, frames and the ticket-history average."""

    def test_traffic(self) -> None:
        """Traffic is volume × AHT / interval."""
        f = Forecast(start=T0, step=dt.timedelta(minutes=30), volume=[100.0, 0.0])
        assert f.traffic(aht=180).tolist() == [10.0, 0.0]
        assert f.slot_starts().tolist() == [int(T0.timestamp()), int(T0.timestamp()) + 1800]

    def test_from_frame(self) -> None:
        """A polars frame of aware starts and volumes, in any zone, becomes a UTC grid."""
        starts = [dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))) + i * HOUR for i in (0, 1)]
        f = Forecast.from_frame(pl.DataFrame({"start": starts, "volume": [5, 7]}))
        assert f.start == dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
        assert f.step == HOUR
        assert f.volume.tolist() == [5.0, 7.0]

    @pytest.mark.parametrize(
        ("frame", "error", "match"),
        [
            (
                pl.DataFrame({"start": [T0, T0 + HOUR, T0 + 3 * HOUR], "volume": [1, 2, 3]}),
                InvalidValue,
                "spaced",
            ),  # gap
            (pl.DataFrame({"start": [T0.replace(tzinfo=None)], "volume": [1]}), WrongType, "aware"),  # naive starts
            (pl.DataFrame({"when": [T0], "volume": [1]}), InvalidValue, "start"),  # no start column
            (pl.DataFrame({"start": [T0], "volume": [-1]}), OutOfRange, "volume"),  # negative volume
            ({"start": [T0], "volume": [1]}, WrongType, "frame"),  # a dict, not a DataFrame
        ],
    )
    def test_from_frame_invalid(self, frame: object, error: type[Exception], match: str) -> None:
        """Bad frames are refused with the column named."""
        with pytest.raises(error, match=match):
            Forecast.from_frame(frame)

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"start": T0.replace(tzinfo=None), "volume": [1]}, NaiveDatetime),  # naive start
            ({"start": T0, "step": dt.timedelta(minutes=7), "volume": [1]}, InvalidValue),  # does not divide a day
            ({"start": T0, "volume": [[1, 2]]}, InvalidValue),  # two-dimensional
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], error: type[Exception]) -> None:
        """Bad forecasts are refused."""
        with pytest.raises(error):
            Forecast(**kwargs)  # type: ignore[arg-type]

    def test_weekday_average(self) -> None:
        """Tickets are averaged per local weekday × slot over the weeks; other weekdays and old tickets do not count."""
        created = [
            dt.datetime(2026, 11, 16, 9, 5, tzinfo=dt.UTC),  # Monday, last week
            dt.datetime(2026, 11, 16, 9, 55, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 9, 9, 30, tzinfo=dt.UTC),  # Monday, two weeks ago
            dt.datetime(2026, 11, 10, 9, 30, tzinfo=dt.UTC),  # a Tuesday
            dt.datetime(2026, 10, 26, 9, 30, tzinfo=dt.UTC),  # a Monday outside the 2 weeks
            dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC),  # after now
        ]
        f = forecast_from_tickets(
            pl.DataFrame({"created_at": created}), now=T0, start=T0 + 8 * HOUR, end=T0 + 11 * HOUR, step=HOUR, weeks=2
        )
        assert f.volume.tolist() == [0.0, 1.5, 0.0]

    def test_local_pattern_across_dst(self) -> None:
        """The pattern follows local time: a 09:00 Stockholm peak in summer history lands at 08:00 UTC in winter."""
        summer = [dt.datetime(2026, 10, day, 7, 15, tzinfo=dt.UTC) for day in (19, 12)]  # Mondays 09:15 CEST
        f = forecast_from_tickets(
            pl.DataFrame({"created_at": summer}),
            now=dt.datetime(2026, 10, 24, tzinfo=dt.UTC),
            start=dt.datetime(2026, 10, 26, 6, tzinfo=dt.UTC),  # Monday after the change to CET
            end=dt.datetime(2026, 10, 26, 10, tzinfo=dt.UTC),
            step=HOUR,
            weeks=2,
            tz="Europe/Stockholm",
        )
        assert f.volume.tolist() == [0.0, 0.0, 1.0, 0.0]

    def test_channels_and_empty(self) -> None:
        """Only the chosen channels count; no history gives zeros."""
        frame = pl.DataFrame(
            {"created_at": [dt.datetime(2026, 11, 16, 9, 5, tzinfo=dt.UTC)] * 2, "channel": ["email", "phone"]}
        )
        f = forecast_from_tickets(
            frame, now=T0, start=T0 + 9 * HOUR, end=T0 + 10 * HOUR, step=HOUR, weeks=1, channels=["phone"]
        )
        assert f.volume.tolist() == [1.0]
        none = forecast_from_tickets(frame.clear(), now=T0, start=T0, end=T0 + HOUR, step=HOUR)
        assert none.volume.tolist() == [0.0]

    def test_from_simulated_tickets(self) -> None:
        """The KPI simulator's tickets table feeds the forecast directly; volumes sum to the history's per-week mean."""
        from teamcore.kpi import simulate_tickets  # noqa: PLC0415 - only this test needs the simulator
        from teamcore.people import Organisation, Team  # noqa: PLC0415

        members = [
            Member(
                id=f"m{i}", name=f"M {i}", timezone="Europe/Berlin", country="DE", hours={"mon-fri": ["09:00-17:00"]}
            )
            for i in range(3)
        ]
        org = Organisation(
            name="Acme", members=members, teams=[Team(id="t", name="T", lead="m0", members=["m0", "m1", "m2"])]
        )
        log = simulate_tickets(org, start=T0 - dt.timedelta(weeks=4), end=T0, tickets_per_day=40, seed=3)
        f = forecast_from_tickets(log.tickets, now=T0, start=T0, end=T0 + dt.timedelta(weeks=1), step=HOUR, weeks=4)
        assert f.volume.sum() == pytest.approx(log.tickets.height / 4)

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"end": T0 + dt.timedelta(minutes=90)}, InvalidInterval),  # not whole steps
            ({"tz": "Mars/Olympus"}, UnknownTimezone),  # unknown zone
            ({"weeks": 0}, OutOfRange),  # no history
            ({"now": T0.replace(tzinfo=None)}, NaiveDatetime),  # naive now
            ({"channels": ["email"]}, InvalidValue),  # no channel column
        ],
    )
    def test_tickets_invalid(self, kwargs: dict[str, object], error: type[Exception]) -> None:
        """Bad arguments are refused."""
        args: dict[str, object] = {"now": T0, "start": T0, "end": T0 + HOUR, "step": HOUR, **kwargs}
        with pytest.raises(error):
            forecast_from_tickets(pl.DataFrame({"created_at": [T0]}), **args)  # type: ignore[arg-type]


class TestAsync:
    """Workload-based requirement for e-mail and tickets."""

    def test_business_hours(self) -> None:
        """Work arriving overnight waits for opening and is spread over the first open hours of its window."""
        volume = [6.0] + [0.0] * 11  # 6 e-mails at 00:00, 20 minutes each: 2 hours of work
        f = Forecast(start=T0, step=HOUR, volume=volume)
        open_hours = IntervalSet.from_pairs([(T0 + 8 * HOUR, T0 + 12 * HOUR)])
        req = async_requirement(f, handle_seconds=1200, window=2 * HOUR, hours=open_hours)
        assert req.open.tolist() == [False] * 8 + [True] * 4
        assert req.workload.tolist() == [0.0] * 8 + [3600.0, 3600.0, 0.0, 0.0]
        assert req.agents.tolist() == [0] * 8 + [1, 1, 0, 0]
        assert req.spilled == 0

    def test_shrinkage_and_rounding(self) -> None:
        """Agents are ceil(workload / productive seconds)."""
        f = Forecast(start=T0, step=HOUR, volume=[9.0, 9.0])
        req = async_requirement(f, handle_seconds=600, window=HOUR, shrinkage=0.25)
        assert req.fractional.tolist() == pytest.approx([2.0, 2.0])  # 1.5 hours of work / 0.75 productive hours
        assert req.agents.tolist() == [2, 2]

    @given(
        st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=48),
        st.integers(min_value=1, max_value=12),
        st.lists(st.booleans(), min_size=48, max_size=48),
    )
    @settings(max_examples=80)
    def test_work_is_conserved(self, volume: list[float], window: int, mask: list[bool]) -> None:
        """Every second of work is either scheduled in an open interval or reported as spilled; none when closed."""
        f = Forecast(start=T0, step=HOUR, volume=volume)
        hours = mask[: len(volume)]
        req = async_requirement(f, handle_seconds=300, window=window * HOUR, hours=hours)
        assert req.workload.sum() + req.spilled == pytest.approx(sum(volume) * 300, rel=1e-9, abs=1e-6)
        assert (req.workload[~req.open] == 0).all()
        assert (req.agents >= 0).all()

    @given(st.floats(min_value=0.1, max_value=100), st.integers(min_value=1, max_value=8))
    def test_steady_state(self, rate: float, window: int) -> None:
        """In steady state the load of an interval is one interval's arrivals: workload over a window / the window."""
        f = Forecast(start=T0, step=HOUR, volume=[rate] * 24)
        req = async_requirement(f, handle_seconds=720, window=window * HOUR)
        assert req.workload[window - 1 :].tolist() == pytest.approx([rate * 720] * (24 - window + 1))

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"window": dt.timedelta(0)}, InvalidValue),  # no time at all
            ({"window": 3}, WrongType),  # a number, not a duration
            ({"hours": [True]}, InvalidValue),  # wrong length
            ({"hours": "9-17"}, WrongType),  # text
            ({"handle_seconds": 0}, OutOfRange),  # no work per contact
            ({"shrinkage": 1.5}, OutOfRange),  # more than everyone
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], error: type[Exception]) -> None:
        """Bad arguments are refused."""
        args: dict[str, object] = {"handle_seconds": 300, "window": HOUR, **kwargs}
        with pytest.raises(error):
            async_requirement(Forecast(start=T0, step=HOUR, volume=[1, 2]), **args)  # type: ignore[arg-type]


class TestCompare:
    """Required vs scheduled."""

    def test_against_coverage(self) -> None:
        """Erlang requirement for a day against a two-person team's coverage: red at night, amber at the peak."""
        members = [
            Member(id="a", name="A", timezone="UTC", country="GB", hours={"mon-fri": ["08:00-16:00"]}),
            Member(id="b", name="B", timezone="UTC", country="GB", hours={"mon-fri": ["10:00-18:00"]}),
        ]
        volume = np.zeros(24)
        volume[7:19] = [4, 8, 20, 30, 30, 20, 10, 8, 6, 4, 2, 1]
        f = Forecast(start=T0, step=HOUR, volume=volume)
        req = required_agents(f.traffic(aht=300), StaffingCriteria.parse("80/60"), aht=300)
        cov = coverage(members, T0, T0 + 24 * HOUR, step=HOUR)
        cmp = compare(req.rostered, cov)
        names = cmp.severities().tolist()
        assert names[7] == "red"  # 4 contacts at 07:00, nobody until 08:00
        assert names[:7] == ["green"] * 7  # no traffic, nobody needed
        assert names[10] == "amber"  # 30 contacts × 5 minutes, two agents
        assert cmp.counts()["red"] == int(((req.rostered > 0) & (cov.counts == 0)).sum())
        worst = cmp.worst(1)[0]
        assert worst.severity == "red"
        assert worst.start == T0 + 7 * HOUR  # red, one missing; ties go to the earliest (18:00 is also red)

    @given(
        st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=60),
        st.integers(min_value=0, max_value=70),
    )
    def test_invariants(self, pairs: list[tuple[int, int]], k: int) -> None:
        """Severity follows the definition; worst() lists understaffed intervals only, red first, most missing first."""
        need, have = zip(*pairs, strict=True)
        cmp = compare(list(need), list(have), start=T0, step=HOUR)
        for n, h, name in zip(need, have, cmp.severities().tolist(), strict=True):
            assert name == ("green" if h >= n else "red" if h == 0 else "amber")
        worst = cmp.worst(k)
        assert len(worst) == min(k, sum(1 for n, h in pairs if h < n))
        keys = [(s.severity != "red", -s.missing, s.start) for s in worst]
        assert keys == sorted(keys)
        assert cmp.understaffed_agent_hours() == sum(max(n - h, 0) for n, h in pairs)
        assert cmp.overstaffed_agent_hours() == sum(max(h - n, 0) for n, h in pairs)
        frame = cmp.to_polars()
        assert frame["difference"].to_list() == [h - n for n, h in pairs]

    def test_groups(self) -> None:
        """Per region or skill, the same keys on both sides."""
        by = compare_groups({"emea": [1], "apac": [2]}, {"emea": [1], "apac": [0]}, start=T0, step=HOUR)
        assert {k: v.counts()["red"] for k, v in by.items()} == {"emea": 0, "apac": 1}
        with pytest.raises(InvalidValue, match="apac"):
            compare_groups({"emea": [1], "apac": [2]}, {"emea": [1]}, start=T0, step=HOUR)

    @pytest.mark.parametrize(
        ("required", "scheduled", "kwargs", "error"),
        [
            ([1, 2], [1], {"start": T0, "step": HOUR}, InvalidValue),  # lengths differ
            ([1, 2], [1, 2], {}, InvalidValue),  # a plain array without its grid
            ([1.5], [1], {"start": T0, "step": HOUR}, OutOfRange),  # half an agent
            ([1], [-1], {"start": T0, "step": HOUR}, OutOfRange),  # negative schedule
        ],
    )
    def test_invalid(
        self, required: list[float], scheduled: list[int], kwargs: dict[str, object], error: type[Exception]
    ) -> None:
        """Mismatched or bad counts are refused."""
        with pytest.raises(error):
            compare(required, scheduled, **kwargs)  # type: ignore[arg-type]

    def test_grid_must_match_coverage(self) -> None:
        """A start or step that contradicts the coverage is refused."""
        m = Member(id="a", name="A", timezone="UTC", country="GB", hours={"mon-fri": ["08:00-16:00"]})
        cov = coverage([m], T0, T0 + 2 * HOUR, step=HOUR)
        with pytest.raises(InvalidValue, match="step"):
            compare([0, 0], cov, step=dt.timedelta(minutes=30))
