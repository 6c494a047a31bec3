"""StaffingPlan and forecast files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from teamcore.exceptions import InvalidValue, LoadError, OutOfRange, WrongType
from teamcore.people import Member
from teamcore.staffing import Forecast, StaffingPlan, Target, async_requirement, load_forecast, required_agents

T0 = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


class TestStaffingPlan:
    """The plan is the requirement functions with their settings."""

    def test_erlang(self) -> None:
        """A live channel is staffed by Erlang C, shrinkage included."""
        f = Forecast(start=T0, step=HOUR, volume=[30, 90])
        p = StaffingPlan(forecast=f, aht=240, target=Target.parse("90/15"), shrinkage=0.2)
        expected = required_agents(f.traffic(240), Target.parse("90/15"), aht=240, shrinkage=0.2).rostered
        assert p.required().tolist() == expected.tolist()
        assert p.method == "Erlang C, 90/15"

    def test_erlang_a(self) -> None:
        """With patience the plan staffs by Erlang A."""
        f = Forecast(start=T0, step=HOUR, volume=[200])
        p = StaffingPlan(forecast=f, aht=180, patience=120)
        assert p.required().tolist() == required_agents(f.traffic(180), p.target, aht=180, patience=120).agents.tolist()
        assert p.method == "Erlang A, 80/20"

    def test_async(self) -> None:
        """With a window the workload method is used."""
        f = Forecast(start=T0, step=HOUR, volume=[30, 90])
        p = StaffingPlan(forecast=f, aht=240, window=2 * HOUR)
        assert p.required().tolist() == async_requirement(f, handle_seconds=240, window=2 * HOUR).agents.tolist()
        assert p.method == "workload within 2 h"

    def test_against_coverage(self) -> None:
        """Compared with the members working each interval."""
        ana = Member(id="ana", name="Ana", timezone="UTC", country="GB", hours={"mon-fri": ["09:00-17:00"]})
        p = StaffingPlan(forecast=Forecast(start=T0, step=HOUR, volume=[10, 2]), aht=180)
        assert p.against([ana]).severities().tolist() == ["red", "green"]

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
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
        """Every bad start and volume is reported at once, with its line."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume\n2026-11-23T08:00,1\n2026-11-23T09:00Z,many\n", encoding="utf-8")
        with pytest.raises(LoadError) as info:
            load_forecast(path)
        assert [(p.entry, p.field) for p in info.value.problems] == [("line 2", "start"), ("line 3", "volume")]

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
