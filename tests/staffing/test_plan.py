"""StaffingPlan and forecast files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, LoadError, OutOfRange, WrongType
from teamcore.people import Member, Organisation, Team, WeeklyHours
from teamcore.scheduling import BusinessCalendar, IntervalSet
from teamcore.staffing import (
    Forecast,
    StaffingCriteria,
    StaffingPlan,
    async_requirement,
    load_forecast,
    required_agents,
)

T0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


class TestStaffingPlan:
    """The plan is the requirement functions with their settings."""

    def test_erlang(self) -> None:
        """A live channel is staffed by Erlang C, shrinkage included."""
        f = Forecast(start=T0, step=HOUR, volume=[30, 90])
        p = StaffingPlan(forecast=f, aht=240, target=StaffingCriteria.parse("90/15"), shrinkage=0.2)
        expected = required_agents(f.traffic(240), StaffingCriteria.parse("90/15"), aht=240, shrinkage=0.2).rostered
        assert p.required().tolist() == expected.tolist()
        assert p.method == "Erlang C, 90/15"

    def test_erlang_a(self) -> None:
        """With patience the plan staffs by Erlang A."""
        f = Forecast(start=T0, step=HOUR, volume=[200])
        p = StaffingPlan(forecast=f, aht=180, patience=120)
        assert p.required().tolist() == required_agents(f.traffic(180), p.target, aht=180, patience=120).agents.tolist()
        assert p.method == "Erlang A, 80/20"

    def test_async(self) -> None:
        """With a window the workload method is used; a 24/7 inbox counts the window in calendar time."""
        f = Forecast(start=T0, step=HOUR, volume=[30, 90])
        p = StaffingPlan(forecast=f, aht=240, window=2 * HOUR, hours="always")
        assert p.required().tolist() == async_requirement(f, handle_seconds=240, window=2 * HOUR).agents.tolist()
        assert p.method == "workload within 2 h around the clock"
        assert StaffingPlan(forecast=f, aht=240, window=2 * HOUR).method == "workload within 2 h of business hours"

    def test_against_coverage(self) -> None:
        """Compared with the members working each interval."""
        ana = Member(id="ana", name="Ana", timezone="UTC", country="GB", hours={"mon-fri": ["09:00-17:00"]})
        p = StaffingPlan(forecast=Forecast(start=T0, step=HOUR, volume=[10, 2]), aht=180)
        assert p.against([ana]).severities().tolist() == ["red", "green"]

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"hours": "24/7"}, InvalidValue),  # not 'team' or 'always'
            ({"hours": [True]}, WrongType),  # a mask: give async_requirement one per interval instead
            ({"forecast": [1, 2]}, WrongType),  # not a Forecast
            ({"aht": 0}, OutOfRange),  # no handling time
            ({"target": "eighty"}, InvalidValue),  # not P/S
            ({"window": dt.timedelta(0)}, InvalidValue),  # an empty window
            ({"shrinkage": -0.1}, OutOfRange),  # negative shrinkage
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], error: type[Exception]) -> None:
        """Bad settings are refused."""
        args: dict[str, object] = {"forecast": Forecast(start=T0, volume=[1]), "aht": 60, **kwargs}
        with pytest.raises(error):
            StaffingPlan(**args)  # type: ignore[arg-type]


EARLY = {"mon-fri": ["08:00-16:00"]}


def _member(id: str, hours: dict[str, list[str]], skills: dict[str, int] | None = None) -> Member:
    return Member(id=id, name=id.title(), timezone="UTC", country="GB", hours=hours, skills=skills or {})


class TestInboxHours:
    """An asynchronous plan's window runs in the business hours of the team it is compared with."""

    # Monday 06:00-14:00 UTC: twelve e-mails at 06:00, 10 minutes each, to answer within 2 hours.
    MAIL = Forecast(start=T0 - 2 * HOUR, step=HOUR, volume=[12, 0, 0, 0, 0, 0, 0, 0])

    def test_night_mail_waits_for_the_team(self) -> None:
        """Mail that arrives before 08:00 is handled in the first two business hours: nobody is needed at 06:00."""
        plan = StaffingPlan(forecast=self.MAIL, aht=600, window=2 * HOUR)
        result = plan.against([_member("ana", EARLY)])
        assert result.required.tolist() == [0, 0, 1, 1, 0, 0, 0, 0]
        assert result.counts()["red"] == 0
        workload = plan.workload([_member("ana", EARLY)])
        assert workload.open.tolist() == [False, False] + [True] * 6
        assert workload.spilled == 0

    def test_around_the_clock(self) -> None:
        """A 24/7 inbox needs agents at 06:00, when nobody works: red."""
        plan = StaffingPlan(forecast=self.MAIL, aht=600, window=2 * HOUR, hours="always")
        result = plan.against([_member("ana", EARLY)])
        assert result.required.tolist() == [1, 1, 0, 0, 0, 0, 0, 0]
        assert result.counts()["red"] == 2

    def test_the_chosen_team_and_not_the_skill(self) -> None:
        """The hours are the chosen team's (everyone's without one); a skill narrows who is scheduled, not the hours."""
        ana = _member("ana", EARLY)
        bo = _member("bo", {"mon-fri": ["10:00-18:00"]}, skills={"billing": 3})
        cy = _member("cy", {"mon-fri": ["06:00-10:00"]})
        org = Organisation(
            name="Acme",
            members=[ana, bo, cy],
            teams=[
                Team(id="emea", name="EMEA", lead="ana", members=["ana", "bo"]),
                Team(id="x", name="X", lead="cy", members=["cy"]),
            ],
        )
        plan = StaffingPlan(forecast=self.MAIL, aht=600, window=2 * HOUR)
        assert plan.against(org).required.tolist() == [1, 1, 0, 0, 0, 0, 0, 0]  # cy opens the inbox at 06:00
        assert plan.against(org, team="emea").required.tolist() == [0, 0, 1, 1, 0, 0, 0, 0]
        billing = plan.against(org, team="emea", skill="billing")
        assert billing.required.tolist() == [0, 0, 1, 1, 0, 0, 0, 0]
        assert billing.severities().tolist()[2:4] == ["red", "red"]  # the billing expert starts at 10:00

    def test_given_hours(self) -> None:
        """A BusinessCalendar or an IntervalSet sets the hours without a team."""
        office = IntervalSet.from_pairs([(T0 + HOUR, T0 + 6 * HOUR)])
        calendar = BusinessCalendar(hours=WeeklyHours.weekdays("09:00", "14:00"), timezone="UTC")
        for hours in (office, calendar):
            plan = StaffingPlan(forecast=self.MAIL, aht=600, window=2 * HOUR, hours=hours)
            assert plan.required().tolist() == [0, 0, 0, 1, 1, 0, 0, 0]
            assert plan.method == "workload within 2 h of business hours"

    def test_team_hours_need_people(self) -> None:
        """Without people there are no team hours to count the window in: an error, not a 24/7 answer."""
        plan = StaffingPlan(forecast=self.MAIL, aht=600, window=2 * HOUR)
        with pytest.raises(InvalidValue, match=r"people.*hours='always'"):
            plan.required()
        with pytest.raises(InvalidValue, match="window"):
            StaffingPlan(forecast=self.MAIL, aht=600).workload()

    @settings(max_examples=40, deadline=None)
    @given(
        shifts=st.lists(st.tuples(st.integers(0, 22), st.integers(1, 12)), min_size=1, max_size=4),
        volume=st.lists(st.integers(0, 30), min_size=48, max_size=48),
        window=st.integers(1, 10),
    )
    def test_only_business_hours_need_agents(self, shifts: list[tuple[int, int]], volume: list[int], window: int):
        """On the team's hours, whole-hour shifts: no interval is red, all work is done or spilled, none when closed."""
        members = [
            _member(f"m{i}", {"mon-sun": [f"{start:02d}:00-{(start + length) % 24:02d}:00"]})
            for i, (start, length) in enumerate(shifts)
        ]
        plan = StaffingPlan(forecast=Forecast(start=T0, step=HOUR, volume=volume), aht=300, window=window * HOUR)
        result, work = plan.against(members), plan.workload(members)
        assert result.counts()["red"] == 0
        assert work.workload.sum() + work.spilled == pytest.approx(sum(volume) * 300)
        assert (work.agents[~work.open] == 0).all()
        assert np.array_equal(work.open, result.scheduled > 0)


class TestLoadForecast:
    """Forecast files."""

    def test_csv(self, tmp_path: Path) -> None:
        """ISO instants with offsets and numbers."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume\n2026-11-23T09:00+01:00,12\n2026-11-23T08:30Z,7.5\n", encoding="utf-8")
        f = load_forecast(path)
        assert (f.start, f.step, f.volume.tolist()) == (T0, dt.timedelta(minutes=30), [12.0, 7.5])

    def test_parquet(self, tmp_path: Path) -> None:
        """Parquet keeps its datetime type."""
        path = tmp_path / "f.parquet"
        pl.DataFrame({"start": [T0, T0 + HOUR], "volume": [1, 2]}).write_parquet(path)
        assert load_forecast(path).volume.tolist() == [1.0, 2.0]

    def test_every_bad_row(self, tmp_path: Path) -> None:
        """Every bad start and volume is reported at once, with its row: its line, the header being line 1."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume\n2026-11-23T08:00,1\n2026-11-23T09:00Z,many\n", encoding="utf-8")
        with pytest.raises(LoadError) as info:
            load_forecast(path)
        assert [(p.entry, p.message.split(":")[0]) for p in info.value.problems] == [
            ("row 2", "start"),
            ("row 3", "volume"),
        ]

    @pytest.mark.parametrize(
        ("name", "text", "error"),
        [
            ("f.txt", "start,volume\n", InvalidValue),  # unknown suffix
            ("f.csv", "when,volume\n2026-11-23T08:00Z,1\n", InvalidValue),  # no start column
            ("missing.csv", None, LoadError),  # no such file
        ],
    )
    def test_invalid(self, tmp_path: Path, name: str, text: str | None, error: type[Exception]) -> None:
        """Unreadable or incomplete files are refused."""
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        with pytest.raises(error):
            load_forecast(path)
