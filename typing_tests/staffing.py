"""assert_type cases for teamcore.staffing (the criterion class, under rename, is reached without its name)."""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import numpy as np
import numpy.typing as npt

from teamcore.staffing import (
    ErlangA,
    ErlangC,
    Forecast,
    Requirement,
    apply_shrinkage,
    erlang_b,
    erlang_c,
    forecast_from_tickets,
    load_forecast,
    offered_traffic,
    required_agents,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def erlang() -> None:
    """The Erlang functions and queues broadcast: arrays in and out."""
    # Scalars in, arrays out: the functions broadcast, and say so in their types.
    assert_type(erlang_b(10.0, 12), FloatArray)
    assert_type(erlang_c([10.0, 20.0], [12, 24]), FloatArray)
    assert_type(offered_traffic([120, 90], aht=240.0, interval=1800.0), FloatArray)
    assert_type(apply_shrinkage([10, 12], 0.3), IntArray)
    queue = ErlangC(traffic=10.0, agents=12, aht=240.0)
    assert_type(queue.wait_probability(), FloatArray)
    assert_type(queue.service_level(20.0), FloatArray)
    assert_type(queue.agents, IntArray)
    assert_type(ErlangA(traffic=10.0, agents=12, aht=240.0, patience=60.0).abandonment(), FloatArray)
    offered_traffic([120], aht="240", interval=1800.0)  # type: ignore[arg-type]


def requirements(earlier: Requirement, tickets: object, now: dt.datetime) -> None:
    """required_agents and forecasts."""
    req = required_agents([10.0, 20.0], earlier.target, aht=240.0, shrinkage=0.3)
    assert_type(req, Requirement)
    assert_type(req.agents, IntArray)
    assert_type(req.fractional, FloatArray)
    assert_type(req.patience, float | None)
    forecast = forecast_from_tickets(tickets, now=now, start=now, end=now + dt.timedelta(days=7))
    assert_type(forecast, Forecast)
    assert_type(load_forecast("forecast.csv"), Forecast)
