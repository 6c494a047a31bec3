"""A staffing plan: a forecast and how to staff it, turned into agents required and compared with coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs

from teamcore.exceptions import InvalidValue, LoadError, Problem, WrongType
from teamcore.people import Organisation, Team
from teamcore.scheduling import coverage
from teamcore.staffing._async import async_requirement
from teamcore.staffing._compare import Comparison, compare
from teamcore.staffing._erlang import IntArray, check_seconds
from teamcore.staffing._forecast import Forecast
from teamcore.staffing._required import Target, _check_shrinkage, required_agents

__all__ = ["StaffingPlan", "load_forecast"]

_MAX_BYTES = 50_000_000


def _forecast(value: object) -> Forecast:
    if not isinstance(value, Forecast):
        raise WrongType("forecast", value, "a Forecast")
    return value


def _target(value: object) -> Target:
    if isinstance(value, str):
        return Target.parse(value)
    if not isinstance(value, Target):
        raise WrongType("target", value, "a Target or a service level such as '80/20'")
    return value


def _aht(value: object) -> float:
    return check_seconds(value, "aht")


def _patience(value: object) -> float:
    return check_seconds(value, "patience")


def _window(value: object) -> dt.timedelta | None:
    if value is None:
        return None
    if not isinstance(value, dt.timedelta) or value.total_seconds() <= 0:
        raise InvalidValue("window", value, "a positive timedelta, or None for a live channel")
    return value


@attrs.frozen(kw_only=True)
class StaffingPlan:
    """How to staff a forecast: Erlang C for a live channel, or workload within a window for an asynchronous one.

    Parameters
    ----------
    forecast
        Contacts per interval.
    aht
        Average handling time (or work per contact), seconds.
    target
        The service target for a live channel (a :class:`Target` or ``"80/20"``); ignored with `window`.
    shrinkage
        Share of rostered time lost to breaks, training and absence, in [0, 1).
    window
        For e-mail and tickets: the SLA window; ``None`` for phone and chat (Erlang C).
    patience
        Callers' mean patience in seconds: staff a live channel by Erlang A instead of Erlang C.

    Examples
    --------
    >>> import datetime as dt
    >>> calls = Forecast(start=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), volume=[100, 60])
    >>> StaffingPlan(forecast=calls, aht=180, target="80/20", shrinkage=0.3).required().tolist()
    [20, 13]
    """

    forecast: Forecast = attrs.field(converter=_forecast)
    aht: float = attrs.field(converter=_aht)
    target: Target = attrs.field(default=Target(service_level=0.8, threshold=20), converter=_target)
    shrinkage: float = attrs.field(default=0.0, converter=_check_shrinkage)
    window: dt.timedelta | None = attrs.field(default=None, converter=_window)
    patience: float | None = attrs.field(default=None, converter=attrs.converters.optional(_patience))

    @property
    def method(self) -> str:
        """In words: ``"Erlang C, 80/20"`` or ``"workload within 8 h"``."""
        if self.window is not None:
            return f"workload within {self.window.total_seconds() / 3600:g} h"
        target, model = self.target, "Erlang C" if self.patience is None else "Erlang A"
        if target.service_level is not None and (target.asa, target.max_wait_probability) == (None, None):
            return f"{model}, {target.service_level * 100:g}/{target.threshold:g}"
        return model

    def required(self) -> IntArray:
        """Agents to roster per interval, shrinkage included."""
        if self.window is not None:
            return async_requirement(
                self.forecast, handle_seconds=self.aht, window=self.window, shrinkage=self.shrinkage
            ).agents
        traffic = self.forecast.traffic(self.aht)
        return required_agents(
            traffic, self.target, aht=self.aht, shrinkage=self.shrinkage, patience=self.patience
        ).rostered

    def against(
        self, people: Organisation | Any, *, team: str | Team | None = None, skill: str | None = None
    ) -> Comparison:
        """Compare :meth:`required` with the coverage of `people` on the forecast's grid (see :func:`compare`)."""
        scheduled = coverage(
            people, self.forecast.start, self.forecast.end, step=self.forecast.step, team=team, skill=skill
        )
        return compare(self.required(), scheduled)


def _read(file: Path, shown: str) -> Any:
    import polars as pl  # noqa: PLC0415 - optional dependency, imported on use

    try:
        size = file.stat().st_size
        if size > _MAX_BYTES:
            raise LoadError(shown, [Problem(shown, "", "", f"file is {size} bytes; the limit is {_MAX_BYTES}")])
        suffix = file.suffix.lower()
        if suffix == ".csv":
            return pl.read_csv(file, infer_schema=False)
        if suffix == ".parquet":
            return pl.read_parquet(file)
        if suffix in {".jsonl", ".ndjson"}:
            return pl.read_ndjson(file)
    except (OSError, pl.exceptions.PolarsError) as err:
        raise LoadError(shown, [Problem(shown, "", "", f"cannot read the file: {err}")]) from None
    raise InvalidValue("path", shown, "a .csv, .parquet or .jsonl file")


def load_forecast(path: str | Path) -> Forecast:
    """Read a forecast file: ``.csv``, ``.parquet`` or ``.jsonl`` with columns ``start`` and ``volume``.

    ``start`` holds ISO 8601 instants with an offset (``2026-11-23T09:00Z``) on a regular grid; ``volume`` the
    contacts expected in each interval.

    Raises
    ------
    LoadError
        For an unreadable or oversized file, listing every bad row (start and volume) at once.
    InvalidValue, WrongType
        For a missing column or starts that are not a regular grid.
    """
    import polars as pl  # noqa: PLC0415 - optional dependency, imported on use

    from teamcore._time import parse_instant  # noqa: PLC0415 - only loaders parse text instants

    file = Path(path)
    shown = str(file)
    frame = _read(file, shown)
    for column in ("start", "volume"):
        if column not in frame.columns:
            raise InvalidValue(column, frame.columns, f"a column named {column!r} in {shown}")
    problems: list[Problem] = []
    if frame.schema["start"] == pl.String:
        starts: list[dt.datetime | None] = []
        for row, text in enumerate(frame["start"].to_list(), 2):
            try:
                starts.append(parse_instant(text, "start"))
            except ValueError as err:
                starts.append(None)
                problems.append(Problem(shown, f"line {row}", "start", str(err)))
        frame = frame.with_columns(pl.Series("start", starts, dtype=pl.Datetime("us", "UTC")))
    volumes = frame["volume"].cast(pl.Float64, strict=False)
    bad = (volumes.is_null() & frame["volume"].is_not_null()).arg_true().to_list()
    problems += [
        Problem(shown, f"line {row + 2}", "volume", f"expected a number, got {frame['volume'][row]!r}") for row in bad
    ]
    if problems:
        raise LoadError(shown, problems)
    return Forecast.from_frame(frame.with_columns(volumes.alias("volume")))
