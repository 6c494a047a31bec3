"""Required agents: the exact minimum that meets service targets, for many intervals at once (Erlang C or A).

Method
------
For each interval the search starts at ``floor(A) + 1`` — the smallest stable staffing (pyworkforce starts at
``round(A + 1)`` and so overstaffs by one when ``floor(A) + 1`` already meets a low target) — or at the occupancy
bound ``ceil(A / max_occupancy)`` if higher, and adds one agent at a time to *all* intervals still short of a target,
together, in numpy. ``1/B`` is carried from one count to the next by the Erlang B recurrence, so each step costs a few
array operations over the unmet intervals only. Every target set must hold: the answer is the smallest ``N`` for which
all of them do, so ``N - 1`` misses at least one (or is unstable). With no traffic the requirement is 0.

Erlang A
--------
With a mean patience (``required_agents(..., patience=...)``) the measures are Erlang A's. The queue is stable for
every ``N``, so the answer may lie below ``A``. Every measure is at least as good as Erlang C's for the same ``N``
(callers who hang up shorten the queue), so Erlang C's answer for the other criteria is an upper bound, doubled until
an abandonment target holds too; a bisection on ``N`` for all intervals together then finds the minimum (each step
evaluates Erlang A once, vectorised).

Fractional requirement
----------------------
Between ``N - 1`` and ``N`` each target's measure is interpolated linearly and the point where it reaches the target
is taken: the service level and the probability of waiting linearly, the ASA through its reciprocal (answer speed,
which is 0 rather than infinite for an unstable queue), occupancy exactly (``A / max_occupancy``; in Erlang A
linearly, as abandonment). The fractional requirement is the largest of these, in Erlang C never below the traffic
``A``; it lies in ``[N - 1, N]`` (``N - 1`` only when ``A = N - 1`` exactly and stability alone binds).

Shrinkage
---------
Agents to roster so that ``N`` remain on the phones when a share ``s`` is lost to breaks, training and absence:
``ceil(N / (1 - s))`` (rounded to 9 decimals before the ceiling, so 14 / 0.7 gives 20, not 21).
"""

from __future__ import annotations

import re
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from teamcore._display import short_repr
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.staffing._erlang import (
    ErlangA,
    FloatArray,
    IntArray,
    _asa,
    _c_from_inverse_b,
    _inverse_b_positive,
    _readonly,
    _service_level,
    _stable_asa,
    _stable_c,
    _stable_service_level,
    check_seconds,
    traffic_array,
)

__all__ = ["Requirement", "StaffingCriteria", "apply_shrinkage", "required_agents"]

_SL: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def _fraction(field: str, *, closed_high: bool) -> object:
    def check(value: object) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WrongType(field, value, "a number from 0 to 1, or None")
        number = float(value)
        high_ok = number <= 1 if closed_high else number < 1
        if not (number > 0 and high_ok):
            raise OutOfRange(field, value, f"a fraction in (0, 1{']' if closed_high else ')'}")
        return number

    return attrs.field(default=None, converter=check)


def _optional_seconds(value: object) -> float | None:
    return None if value is None else check_seconds(value, "asa")


def _threshold(value: object) -> float:
    return check_seconds(value, "threshold", allow_zero=True)


@attrs.frozen(kw_only=True)
class StaffingCriteria:
    """What an interval's staffing must achieve; every criterion given must hold.

    Parameters
    ----------
    service_level
        Share of contacts to answer within `threshold` seconds, in (0, 1) (0.8 for "80/20").
    threshold
        The service-level threshold ``T`` in seconds, >= 0 (default 20).
    asa
        Largest acceptable average speed of answer, seconds, > 0.
    max_wait_probability
        Largest acceptable probability of waiting, in (0, 1].
    max_occupancy
        Largest acceptable occupancy, in (0, 1].
    max_abandonment
        Largest acceptable share of callers who hang up, in (0, 1] (Erlang A; always met in Erlang C, where
        nobody hangs up).

    Raises
    ------
    InvalidValue
        If no criterion is given.
    OutOfRange, WrongType
        For a value outside its range.

    Examples
    --------
    >>> StaffingCriteria.parse("80/20")
    StaffingCriteria(service_level=0.8, threshold=20.0, asa=None, max_wait_probability=None, ...)
    >>> StaffingCriteria(asa=15, max_occupancy=0.85).asa
    15.0
    """

    service_level: float | None = _fraction("service_level", closed_high=False)  # type: ignore[assignment]
    threshold: float = attrs.field(default=20.0, converter=_threshold)
    asa: float | None = attrs.field(default=None, converter=_optional_seconds)
    max_wait_probability: float | None = _fraction("max_wait_probability", closed_high=True)  # type: ignore[assignment]
    max_occupancy: float | None = _fraction("max_occupancy", closed_high=True)  # type: ignore[assignment]
    max_abandonment: float | None = _fraction("max_abandonment", closed_high=True)  # type: ignore[assignment]

    def __attrs_post_init__(self) -> None:
        criteria = (self.service_level, self.asa, self.max_wait_probability, self.max_occupancy, self.max_abandonment)
        if criteria == (None,) * 5:
            raise InvalidValue(
                "target",
                "nothing",
                "at least one of service_level, asa, max_wait_probability, max_occupancy, max_abandonment",
            )

    @classmethod
    def parse(cls, text: str) -> StaffingCriteria:
        """A service-level target from ``"PERCENT/SECONDS"``, e.g. ``"80/20"``: 80% answered within 20 s.

        Raises
        ------
        InvalidValue, OutOfRange
            If `text` is not of that form or the percentage is not in (0, 100).
        """
        match = _SL.match(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidValue("service level", text, "PERCENT/SECONDS such as '80/20'")
        percent, seconds = float(match.group(1)), float(match.group(2))
        if not 0 < percent < 100:
            raise OutOfRange("service level", text, "a percentage above 0 and below 100, such as '80/20'")
        return cls(service_level=percent / 100, threshold=seconds)


def apply_shrinkage(agents: npt.ArrayLike, shrinkage: float) -> IntArray:
    """Agents to roster so that `agents` remain after losing a share `shrinkage`: ``ceil(N / (1 - s))``.

    Raises
    ------
    OutOfRange
        If `shrinkage` is not in [0, 1).

    Examples
    --------
    >>> apply_shrinkage([14, 0, 1], 0.3).tolist()
    [20, 0, 2]
    """
    s = _check_shrinkage(shrinkage)
    n = np.asarray(agents, np.float64)
    return np.ceil(np.round(n / (1.0 - s), 9)).astype(np.int64)


def _check_shrinkage(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WrongType("shrinkage", value, "a fraction from 0 (inclusive) to 1 (exclusive)")
    if not 0 <= float(value) < 1:
        raise OutOfRange("shrinkage", value, "a fraction from 0 (inclusive) to 1 (exclusive)")
    return float(value)


@attrs.frozen(kw_only=True)
class Requirement:
    """Agents required per interval.

    Attributes
    ----------
    traffic
        Offered traffic per interval, Erlangs.
    agents
        The exact minimum whole number of agents on the phones (``int64`` array).
    shrinkage
        The share of rostered time not spent on the phones, in [0, 1).
    target
        The criteria the agents meet.
    aht
        The average handling time used, seconds.
    patience
        Callers' mean patience in seconds for Erlang A, or ``None`` for Erlang C.
    """

    traffic: FloatArray = attrs.field(eq=False)
    agents: IntArray = attrs.field(eq=False)
    shrinkage: float
    target: StaffingCriteria
    aht: float
    patience: float | None = None

    def __repr__(self) -> str:
        return short_repr(self)

    @property
    def fractional(self) -> FloatArray:
        """The interpolated requirement (see the module notes), ``float64``, in ``[agents - 1, agents]``.

        Computed when asked for (one more Erlang B pass), so the whole-agent search does not pay for it.
        """
        flat, agents = self.traffic.ravel(), self.agents.ravel()
        out = np.zeros(flat.size, np.float64)
        busy = np.flatnonzero(flat > 0)
        if busy.size:
            a, n = flat[busy], agents[busy]
            if self.patience is not None:
                out[busy] = _fractional_abandonment(self.target, a, n, self.aht, self.patience)
            else:
                with np.errstate(over="ignore"):
                    out[busy] = _fractional(self.target, a, n, _inverse_b_positive(a, n), self.aht)
        return out.reshape(self.traffic.shape)

    @property
    def rostered(self) -> IntArray:
        """``ceil(agents / (1 - shrinkage))``: whole agents to schedule, shrinkage included."""
        return apply_shrinkage(self.agents, self.shrinkage)

    @property
    def rostered_fractional(self) -> FloatArray:
        """``fractional / (1 - shrinkage)``: fractional agents to schedule, shrinkage included."""
        return self.fractional / (1.0 - self.shrinkage)


def _meets(
    target: StaffingCriteria, traffic: FloatArray, agents: IntArray, inv_b: FloatArray, aht: float
) -> npt.NDArray[np.bool_]:
    """Whether stable staffing (``N > A > 0``) meets the service criteria (occupancy holds by the search's start)."""
    pw = _stable_c(traffic, agents, inv_b)
    ok: npt.NDArray[np.bool_] = np.ones(traffic.shape, np.bool_)
    if target.service_level is not None:
        ok &= _stable_service_level(traffic, agents, pw, aht, target.threshold) >= target.service_level
    if target.asa is not None:
        ok &= _stable_asa(traffic, agents, pw, aht) <= target.asa
    if target.max_wait_probability is not None:
        ok &= pw <= target.max_wait_probability
    return ok


def _interpolate(below: FloatArray, at: FloatArray, goal: float) -> FloatArray:
    """Where a measure rising from `below` (at N - 1) to `at` (at N) reaches `goal`, as a share of the step."""
    with np.errstate(all="ignore"):
        share = (goal - below) / (at - below)
    return np.clip(np.nan_to_num(share, nan=1.0), 0.0, 1.0)


def _fractional(
    target: StaffingCriteria, traffic: FloatArray, agents: IntArray, inv_b: FloatArray, aht: float
) -> FloatArray:
    """The interpolated requirement for ``A > 0`` (so ``N > A`` and ``N >= 1``)."""
    lower = agents - 1
    inv_lower = (inv_b - 1.0) * traffic / agents  # 1/B(N-1) from 1/B(N), by the recurrence backwards
    pw_hi = _stable_c(traffic, agents, inv_b)
    pw_lo = _c_from_inverse_b(traffic, lower, inv_lower)
    best = traffic.copy()
    base = lower.astype(np.float64)
    if target.service_level is not None:
        hi = _stable_service_level(traffic, agents, pw_hi, aht, target.threshold)
        lo = _service_level(traffic, lower, pw_lo, aht, target.threshold)
        best = np.maximum(best, base + _interpolate(lo, hi, target.service_level))
    if target.asa is not None:
        with np.errstate(all="ignore"):
            hi = 1.0 / _stable_asa(traffic, agents, pw_hi, aht)
            lo = 1.0 / _asa(traffic, lower, pw_lo, aht)
        best = np.maximum(best, base + _interpolate(lo, hi, 1.0 / target.asa))
    if target.max_wait_probability is not None:
        best = np.maximum(best, base + _interpolate(-pw_lo, -pw_hi, -target.max_wait_probability))
    if target.max_occupancy is not None:
        best = np.maximum(best, traffic / target.max_occupancy)
    return np.minimum(best, agents)


def _search(traffic: FloatArray, target: StaffingCriteria, aht: float) -> IntArray:
    """Minimal agents for 1-d traffic, all > 0: start at the bounds, add one to every unmet interval together."""
    n = np.floor(traffic).astype(np.int64) + 1
    if target.max_occupancy is not None:
        bound = np.ceil(traffic / target.max_occupancy).astype(np.int64)
        # ceil can land one above the bound through rounding (A / occupancy = 20.000000000000004).
        bound = np.where((bound > 1) & (traffic / np.maximum(bound - 1, 1) <= target.max_occupancy), bound - 1, bound)
        n = np.maximum(n, bound)
    # The unmet intervals, compacted: their positions, traffic, agents and 1/B; answers are written back as they meet.
    where, a, m, ib = np.arange(traffic.size), traffic, n.copy(), _inverse_b_positive(traffic, n)
    with np.errstate(over="ignore"):  # 1/B past the float range is inf: B = 0
        while where.size:
            met = _meets(target, a, m, ib, aht)
            n[where[met]] = m[met]
            short = ~met
            where, a, m, ib = where[short], a[short], m[short] + 1, ib[short]
            ib = 1.0 + m / a * ib
    return n


def _abandonment_measures(
    traffic: FloatArray, agents: IntArray, aht: float, patience: float, threshold: float
) -> dict[str, FloatArray]:
    q = ErlangA(traffic=traffic, agents=agents, aht=aht, patience=patience)
    return {
        "sl": q.service_level(threshold),
        "asa": q.asa(),
        "pw": q.wait_probability(),
        "occupancy": q.occupancy(),
        "abandonment": q.abandonment(),
    }


def _meets_abandonment(
    target: StaffingCriteria, traffic: FloatArray, agents: IntArray, aht: float, patience: float
) -> npt.NDArray[np.bool_]:
    """Whether `agents` meet every criterion in Erlang A (any ``N >= 0``; the queue is always stable)."""
    m = _abandonment_measures(traffic, agents, aht, patience, target.threshold)
    ok: npt.NDArray[np.bool_] = np.ones(traffic.shape, np.bool_)
    if target.service_level is not None:
        ok &= m["sl"] >= target.service_level
    if target.asa is not None:
        ok &= m["asa"] <= target.asa
    if target.max_wait_probability is not None:
        ok &= m["pw"] <= target.max_wait_probability
    if target.max_occupancy is not None:
        ok &= m["occupancy"] <= target.max_occupancy
    if target.max_abandonment is not None:
        ok &= m["abandonment"] <= target.max_abandonment
    return ok


def _search_abandonment(traffic: FloatArray, target: StaffingCriteria, aht: float, patience: float) -> IntArray:
    """Minimal agents in Erlang A for 1-d traffic > 0, by bisection on N for all intervals together.

    Every measure is at least as good as in Erlang C for the same N (callers who hang up shorten the queue), so
    Erlang C's answer for the criteria other than abandonment is an upper bound; it is doubled until abandonment
    holds as well. The bisection keeps ``lo`` failing (``-1`` stands for "below zero") and ``hi`` meeting.
    """
    others = attrs.evolve(target, max_abandonment=None) if _has_erlang_c_criteria(target) else None
    hi = _search(traffic, others, aht) if others is not None else np.floor(traffic).astype(np.int64) + 1
    with np.errstate(over="ignore"):
        short = np.flatnonzero(~_meets_abandonment(target, traffic, hi, aht, patience))
        while short.size:
            hi[short] = 2 * hi[short] + 1
            short = short[~_meets_abandonment(target, traffic[short], hi[short], aht, patience)]
        lo = np.full(traffic.size, -1, np.int64)
        open_ = np.flatnonzero(hi - lo > 1)
        while open_.size:
            mid = (lo[open_] + hi[open_]) // 2
            met = _meets_abandonment(target, traffic[open_], mid, aht, patience)
            hi[open_[met]] = mid[met]
            lo[open_[~met]] = mid[~met]
            open_ = open_[hi[open_] - lo[open_] > 1]
    return hi


def _has_erlang_c_criteria(target: StaffingCriteria) -> bool:
    criteria = (target.service_level, target.asa, target.max_wait_probability, target.max_occupancy)
    return criteria != (None,) * 4


def _fractional_abandonment(
    target: StaffingCriteria, traffic: FloatArray, agents: IntArray, aht: float, patience: float
) -> FloatArray:
    """The interpolated requirement in Erlang A, by the same rules as :func:`_fractional` (occupancy linearly)."""
    lower = np.maximum(agents - 1, 0)
    hi = _abandonment_measures(traffic, agents, aht, patience, target.threshold)
    lo = _abandonment_measures(traffic, lower, aht, patience, target.threshold)
    base = lower.astype(np.float64)
    best = base.copy()
    goals: list[tuple[str, float, float]] = []  # measure, goal, sign (+1: higher is better)
    if target.service_level is not None:
        goals.append(("sl", target.service_level, 1.0))
    if target.max_wait_probability is not None:
        goals.append(("pw", target.max_wait_probability, -1.0))
    if target.max_occupancy is not None:
        goals.append(("occupancy", target.max_occupancy, -1.0))
    if target.max_abandonment is not None:
        goals.append(("abandonment", target.max_abandonment, -1.0))
    for name, goal, sign in goals:
        best = np.maximum(best, base + _interpolate(sign * lo[name], sign * hi[name], sign * goal))
    if target.asa is not None:
        with np.errstate(all="ignore"):
            best = np.maximum(best, base + _interpolate(1.0 / lo["asa"], 1.0 / hi["asa"], 1.0 / target.asa))
    return np.where(agents == 0, 0.0, np.minimum(best, agents))


def required_agents(
    traffic: npt.ArrayLike,
    target: StaffingCriteria,
    *,
    aht: float,
    shrinkage: float = 0.0,
    patience: float | None = None,
) -> Requirement:
    """The minimum agents per interval for which every criterion of `target` holds (Erlang C, or A with patience).

    Parameters
    ----------
    traffic
        Offered traffic in Erlangs per interval (a number or an array), >= 0; see :func:`offered_traffic`.
    target
        The service-level, ASA, waiting-probability and occupancy criteria (all given must hold).
    aht
        Average handling time in seconds, > 0.
    shrinkage
        Share of rostered time lost to breaks, training and absence, in [0, 1).
    patience
        Callers' mean patience in seconds: staff by Erlang A (:class:`ErlangA`) instead of Erlang C. The search is
        then a bisection on ``N`` between 0 and an upper bound (see the module notes). An ASA target alone can be
        met by callers hanging up quickly, so combine it with a service-level or abandonment target.

    Returns
    -------
    Requirement
        Whole and fractional agents per interval, before and after shrinkage, of `traffic`'s shape.

    Raises
    ------
    OutOfRange, WrongType
        For negative or non-finite traffic, a bad AHT or shrinkage.

    Examples
    --------
    The standard example, 10 Erlangs at 80/20 with AHT 180 s; and a low target where one agent is enough:

    >>> req = required_agents(10.0, StaffingCriteria.parse("80/20"), aht=180, shrinkage=0.3)
    >>> int(req.agents), int(req.rostered), round(float(req.fractional), 2)
    (14, 20, 13.05)
    >>> int(required_agents(0.5, StaffingCriteria.parse("50/20"), aht=180).agents)
    1

    Vectorised over intervals, with criteria combined:

    >>> both = StaffingCriteria(service_level=0.8, threshold=20, max_occupancy=0.6)
    >>> required_agents([0.0, 2.0, 10.0, 100.0], both, aht=180).agents.tolist()
    [0, 4, 17, 167]

    Callers who hang up after two minutes on average (Erlang A) need fewer agents for the same target:

    >>> int(required_agents(10.0, StaffingCriteria.parse("80/20"), aht=180, patience=120).agents)
    12
    """
    if not isinstance(target, StaffingCriteria):
        raise WrongType("target", target, "a StaffingCriteria")
    a = traffic_array(traffic)
    t = check_seconds(aht, "aht")
    s = _check_shrinkage(shrinkage)
    wait = None if patience is None else check_seconds(patience, "patience")
    flat = a.ravel()
    agents = np.zeros(flat.size, np.int64)
    busy = np.flatnonzero(flat > 0)  # no traffic needs nobody
    if busy.size:
        if wait is None:
            agents[busy] = _search(flat[busy], target, t)
        else:
            agents[busy] = _search_abandonment(flat[busy], target, t, wait)
    return Requirement(
        traffic=_readonly(a),
        agents=_readonly(agents.reshape(a.shape)),
        shrinkage=s,
        target=target,
        aht=t,
        patience=wait,
    )
