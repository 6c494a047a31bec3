"""Queueing models for staffing: Erlang B (loss), Erlang C (M/M/N) and Erlang A (M/M/N+M, with abandonment).

Notation
--------
``A``
    Offered traffic in Erlangs: arrivals per second × average handling time (AHT) in seconds.
``N``
    Agents (servers).
``B(N, A)``
    Erlang B, the blocking probability of the loss system M/M/N/N (Erlang 1917).
``C(N, A)``
    Erlang C, the probability that an arriving contact waits in M/M/N.

Numerics
--------
No factorial or power is ever formed. Erlang B follows the stable recurrence ``B(0) = 1``,
``B(n) = A·B(n-1) / (n + A·B(n-1))``, carried as ``1/B(n) = 1 + (n/A)·(1/B(n-1))``, which only adds and multiplies
positive numbers. For large ``A`` the recurrence starts at ``n0 = max(0, min(N, A) - 10·√A - 8)`` from
``1/B(n0) ≈ A / (A - n0)``, an upper bound (``B(n) >= 1 - n/A``) whose error is at most ``√A / 10``. Every step below
``A`` multiplies the error by ``n/A < 1``; over the ``10·√A`` steps to ``A`` the product is about
``exp(-10²/2) < 2e-22``, and 1/B only grows, so the relative error at ``N`` stays below ``2e-23·√A`` — exact to
double precision far beyond a million Erlangs — at a cost of ``O(√A + (N - A)+)`` steps instead of ``O(N)``.
Erlang C is then ``C = 1 / (1 + (1/B - 1)·(1 - A/N))``. Every function is vectorised with numpy over arrays of
intervals.

The unstable queue
------------------
In Erlang C, with ``N <= A`` the queue grows without bound. teamcore then answers, by definition: probability of
waiting 1, service level 0, ASA ``inf``, occupancy 1. With no traffic (``A = 0``) nobody waits: probability of waiting
0, service level 1, ASA 0, occupancy 0. With no agents occupancy is 0.

References
----------
.. [1] A. K. Erlang, "Solution of some problems in the theory of probabilities of significance in automatic
   telephone exchanges", *Elektroteknikeren* 13, 1917.
.. [2] O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with impatient customers", *Manufacturing &
   Service Operations Management* 4(3), 208–227, 2002 (Erlang A; after C. Palm, 1943/1946).
.. [3] A. Mandelbaum, S. Zeltyn, "The M/M/n+G queue: summary of performance measures", Technion, 2005.
.. [4] G. Koole, *Call Center Optimization*, MG Books, 2013, chapter 5.
"""

from __future__ import annotations

import math
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from teamcore.exceptions import InvalidValue, OutOfRange, WrongType

__all__ = ["ErlangA", "ErlangC", "erlang_b", "erlang_c", "offered_traffic"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WARM_MARGIN: Final = 10.0
"""Warm start of the Erlang B recurrence: ``10·√A + 8`` steps below ``min(N, A)`` (see the module notes)."""
_SERIES_CUTOFF: Final = 40.0
"""The Erlang A series stops once a term is ``e^-40`` (4e-18) of the sum so far and the terms are falling."""


# -- validation -------------------------------------------------------------------------------------------------------


def traffic_array(value: object, field: str = "traffic") -> FloatArray:
    """Check offered traffic (a number or array of numbers, finite and >= 0) and return it as a float64 array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise WrongType(field, value, "a number or an array of numbers (Erlangs)")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise WrongType(field, value, "a number or an array of numbers (Erlangs)") from None
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        raise OutOfRange(field, array[bad].flat[0].item(), "finite traffic >= 0 Erlangs")
    return array


def agents_array(value: object, field: str = "agents") -> IntArray:
    """Check agent counts (whole numbers >= 0, as ints or integral floats) and return them as an int64 array."""
    if isinstance(value, (str, bytes, bool)) or value is None:
        raise WrongType(field, value, "a whole number or an array of whole numbers of agents")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):  # pragma: no cover - numpy turns almost anything into an object array
        raise WrongType(field, value, "a whole number or an array of whole numbers of agents") from None
    if raw.dtype == np.bool_ or raw.dtype.kind not in "iuf":
        raise WrongType(field, value, "a whole number or an array of whole numbers of agents")
    as_float = raw.astype(np.float64)
    bad = ~np.isfinite(as_float) | (as_float < 0) | (as_float != np.floor(as_float))
    if bad.any():
        raise OutOfRange(field, raw[bad].flat[0].item(), "a whole number of agents >= 0")
    return raw.astype(np.int64)


def check_seconds(value: object, field: str, *, allow_zero: bool = False) -> float:
    """Check a duration in seconds: a finite real number, > 0 (or >= 0 with `allow_zero`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise WrongType(field, value, "a number of seconds")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        raise OutOfRange(field, value, f"a finite number of seconds {'>= 0' if allow_zero else '> 0'}")
    return number


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.array(array)  # own copy
    array.setflags(write=False)
    return array


def _broadcast(instance: Any, attribute: attrs.Attribute[Any], value: IntArray) -> None:
    try:
        np.broadcast_shapes(instance.traffic.shape, value.shape)
    except ValueError:
        raise InvalidValue(
            attribute.name, value.shape, f"a shape that broadcasts with traffic's {instance.traffic.shape}"
        ) from None


def _traffic_field(value: object) -> FloatArray:
    return _readonly(traffic_array(value))


def _agents_field(value: object) -> IntArray:
    return _readonly(agents_array(value))


def _seconds_field(field: str) -> Any:
    def convert(value: object) -> float:
        return check_seconds(value, field)

    return attrs.field(converter=convert)


# -- the numerical core -----------------------------------------------------------------------------------------------


def offered_traffic(volume: npt.ArrayLike, aht: float, interval: float) -> FloatArray:
    """Offered traffic in Erlangs: contacts per interval × AHT ÷ interval length.

    Parameters
    ----------
    volume
        Contacts arriving per interval (a number or an array).
    aht
        Average handling time, seconds.
    interval
        Interval length, seconds.

    Returns
    -------
    numpy.ndarray
        Traffic in Erlangs, float64, the shape of `volume`.

    Raises
    ------
    OutOfRange, WrongType
        For a negative or non-finite volume, or a duration that is not a positive number of seconds.

    Examples
    --------
    >>> float(offered_traffic(100, aht=180, interval=1800))  # 100 calls in 30 minutes, 3 minutes each
    10.0
    """
    contacts = traffic_array(volume, "volume")
    return contacts * check_seconds(aht, "aht") / check_seconds(interval, "interval")


def _inverse_b(traffic: FloatArray, agents: IntArray) -> FloatArray:
    """``1 / B(N, A)`` elementwise (``inf`` where ``A = 0 < N``), by the warm-started recurrence."""
    a, n = np.broadcast_arrays(traffic, agents)
    a = a.astype(np.float64).ravel()
    n = n.astype(np.int64).ravel()
    out = np.ones(a.shape, np.float64)
    out[(a == 0) & (n > 0)] = np.inf
    live = np.flatnonzero((a > 0) & (n > 0))
    if live.size:
        out[live] = _inverse_b_positive(a[live], n[live])
    return out.reshape(np.broadcast_shapes(traffic.shape, agents.shape))


def _inverse_b_positive(a: FloatArray, n: IntArray) -> FloatArray:
    """``1 / B(N, A)`` for 1-d arrays with every ``A > 0`` and ``N > 0``."""
    start = np.floor(np.minimum(n, a) - _WARM_MARGIN * np.sqrt(a) - 8.0)
    start = np.maximum(start, 0.0).astype(np.int64)
    steps = n - start
    longest = int(steps.max())
    # Longest first, so the intervals that still have steps to take at step k are a prefix of `order`; a 16-bit
    # key lets numpy use its radix sort.
    key = longest - steps
    order = np.argsort(key.astype(np.uint16) if longest < 2**16 else key, kind="stable")
    with np.errstate(over="ignore"):  # subnormal traffic: an infinite rate, B = 0 for N > 0
        rate = 1.0 / a[order]
    first = start[order].astype(np.float64)
    warm = first > 0
    inv = np.ones(a.size, np.float64)
    inv[warm] = 1.0 / (1.0 - first[warm] * rate[warm])  # A / (A - n0), see the module notes
    still = np.cumsum(np.bincount(key, minlength=longest + 1)).tolist()  # still[longest - k]: steps >= k
    with np.errstate(over="ignore"):  # 1/B beyond the float range is inf, i.e. B = 0
        for k in range(1, longest + 1):
            m = still[longest - k]
            view = inv[:m]
            view *= (first[:m] + k) * rate[:m]
            view += 1.0
    out = np.empty(a.size, np.float64)
    out[order] = inv
    return out


def _stable_c(traffic: FloatArray, agents: IntArray, inv_b: FloatArray) -> FloatArray:
    """Erlang C where ``N > A > 0``."""
    return 1.0 / (1.0 + (inv_b - 1.0) * (1.0 - traffic / agents))


def _c_from_inverse_b(traffic: FloatArray, agents: IntArray, inv_b: FloatArray) -> FloatArray:
    """Erlang C from ``1/B``: 1 where ``N <= A`` (unstable), 0 where ``A = 0``."""
    with np.errstate(all="ignore"):
        stable = _stable_c(traffic, agents, inv_b)
    return np.where(traffic == 0, 0.0, np.where(agents <= traffic, 1.0, stable))


def erlang_b(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> FloatArray:
    """Erlang B: the probability that a contact finds all `agents` busy in a loss system (no queue).

    Parameters
    ----------
    traffic
        Offered traffic in Erlangs, >= 0 (a number or an array).
    agents
        Agents, whole numbers >= 0; broadcast against `traffic`.

    Returns
    -------
    numpy.ndarray
        ``B(N, A)`` in [0, 1], float64, of the broadcast shape (``B(0, A) = 1``; ``B(N, 0) = 0`` for ``N > 0``).

    Raises
    ------
    OutOfRange, WrongType, InvalidValue
        For negative or non-finite traffic, agents that are not whole numbers >= 0, or shapes that do not broadcast.

    Examples
    --------
    >>> round(float(erlang_b(2.0, 3)), 6)  # (8/6) / (1 + 2 + 2 + 8/6)
    0.210526
    >>> bool(0 < erlang_b(50_000.0, 50_100) < 1)
    True
    """
    model = ErlangC(traffic=traffic, agents=agents, aht=1.0)
    with np.errstate(divide="ignore"):
        return 1.0 / _inverse_b(model.traffic, model.agents)


def erlang_c(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> FloatArray:
    """Erlang C: the probability that a contact has to wait in an M/M/N queue.

    Parameters
    ----------
    traffic
        Offered traffic in Erlangs, >= 0.
    agents
        Agents, whole numbers >= 0; broadcast against `traffic`.

    Returns
    -------
    numpy.ndarray
        ``C(N, A)``; 1 where ``N <= A`` (the queue is unstable), 0 where ``A = 0``.

    Raises
    ------
    OutOfRange, WrongType, InvalidValue
        As :func:`erlang_b`.

    Examples
    --------
    >>> round(float(erlang_c(10.0, 14)), 7)
    0.1741319
    >>> erlang_c([0.5, 10.0, 10.0], [1, 14, 10]).round(4).tolist()  # one agent: C = A; N = A is unstable
    [0.5, 0.1741, 1.0]
    """
    return ErlangC(traffic=traffic, agents=agents, aht=1.0).wait_probability()


# -- the models ----------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ErlangC:
    """An M/M/N queue (Erlang C) for one or many intervals: Poisson arrivals, exponential handling, no abandonment.

    Parameters
    ----------
    traffic
        Offered traffic in Erlangs, >= 0: a number or an array (one value per interval).
    agents
        Agents on the phones, whole numbers >= 0, broadcast against `traffic`.
    aht
        Average handling time in seconds, > 0 (converts waiting times to seconds).

    Raises
    ------
    OutOfRange, WrongType, InvalidValue
        Negative or non-finite traffic, agents that are not whole numbers >= 0, a non-positive AHT, or shapes that
        do not broadcast.

    Notes
    -----
    With ``W`` the wait of a contact and ``T`` a threshold in seconds, for ``N > A`` [1]_ [4]_:

    - probability of waiting ``P(W > 0) = C(N, A)``;
    - service level ``P(W <= T) = 1 - C(N, A)·exp(-(N - A)·T / AHT)``;
    - average speed of answer ``E[W] = C(N, A)·AHT / (N - A)``;
    - occupancy ``A / N``.

    For ``N <= A`` see the module notes: probability of waiting 1, service level 0, ASA ``inf``, occupancy 1.

    References
    ----------
    .. [1] A. K. Erlang, 1917.
    .. [4] G. Koole, *Call Center Optimization*, 2013, section 5.2.

    Examples
    --------
    The standard example: 100 calls in 30 minutes, 180 s each (10 Erlangs), 14 agents.

    >>> q = ErlangC(traffic=10.0, agents=14, aht=180)
    >>> round(float(q.wait_probability()), 7), round(float(q.service_level(20)), 5)
    (0.1741319, 0.88835)
    >>> round(float(q.asa()), 4), round(float(q.occupancy()), 7)
    (7.8359, 0.7142857)

    Many intervals at once:

    >>> ErlangC(traffic=[5.0, 10.0, 20.0], agents=14, aht=180).service_level(20).round(3).tolist()
    [1.0, 0.888, 0.0]
    """

    traffic: FloatArray = attrs.field(converter=_traffic_field, eq=False)
    agents: IntArray = attrs.field(converter=_agents_field, validator=_broadcast, eq=False)
    aht: float = _seconds_field("aht")

    def _inverse_b(self) -> FloatArray:
        return _inverse_b(self.traffic, self.agents)

    def wait_probability(self) -> FloatArray:
        """``P(W > 0)``: Erlang C (1 where the queue is unstable, 0 without traffic)."""
        return _c_from_inverse_b(self.traffic, self.agents, self._inverse_b())

    def service_level(self, threshold: float) -> FloatArray:
        """``P(W <= threshold)``, the share of contacts answered within `threshold` seconds (0 if unstable)."""
        t = check_seconds(threshold, "threshold", allow_zero=True)
        return _service_level(self.traffic, self.agents, self.wait_probability(), self.aht, t)

    def asa(self) -> FloatArray:
        """Average speed of answer ``E[W]`` in seconds (``inf`` if unstable, 0 without traffic)."""
        return _asa(self.traffic, self.agents, self.wait_probability(), self.aht)

    def occupancy(self) -> FloatArray:
        """The share of agents' time spent handling contacts: ``min(A / N, 1)`` (0 with no agents)."""
        return _occupancy(self.traffic, self.agents)


def _stable_service_level(
    traffic: FloatArray, agents: IntArray, pw: FloatArray, aht: float, threshold: float
) -> FloatArray:
    """``P(W <= T)`` where ``N > A > 0``."""
    return 1.0 - pw * np.exp((traffic - agents) * (threshold / aht))


def _stable_asa(traffic: FloatArray, agents: IntArray, pw: FloatArray, aht: float) -> FloatArray:
    """``E[W]`` where ``N > A > 0``."""
    return pw * aht / (agents - traffic)


def _service_level(traffic: FloatArray, agents: IntArray, pw: FloatArray, aht: float, threshold: float) -> FloatArray:
    with np.errstate(all="ignore"):
        stable = _stable_service_level(traffic, agents, pw, aht, threshold)
    return np.where(traffic == 0, 1.0, np.where(agents <= traffic, 0.0, stable))


def _asa(traffic: FloatArray, agents: IntArray, pw: FloatArray, aht: float) -> FloatArray:
    with np.errstate(all="ignore"):
        stable = _stable_asa(traffic, agents, pw, aht)
    return np.where(traffic == 0, 0.0, np.where(agents <= traffic, np.inf, stable))


def _occupancy(traffic: FloatArray, agents: IntArray) -> FloatArray:
    with np.errstate(all="ignore"):
        return np.where(agents == 0, 0.0, np.minimum(traffic / agents, 1.0))


def _lgamma(z: FloatArray) -> FloatArray:
    """``log Γ(z)`` for ``z > 0``, elementwise: Stirling's series at ``z + k >= 20``, shifted down by the recurrence."""
    z = np.asarray(z, np.float64)
    shift = np.maximum(np.ceil(20.0 - z), 0.0)
    w = z + shift
    series = (w - 0.5) * np.log(w) - w + 0.5 * math.log(2 * math.pi)
    inv = 1.0 / w
    series += inv * (1 / 12 - inv**2 * (1 / 360 - inv**2 * (1 / 1260 - inv**2 / 1680)))
    # log Γ(z) = log Γ(z + k) - log(z (z+1) … (z+k-1)), k <= 20
    for i in range(int(shift.max()) if shift.size else 0):
        series -= np.where(i < shift, np.log(z + i), 0.0)
    return series


def _log_s(x: FloatArray, y: FloatArray) -> FloatArray:
    """``log Σ_{j>=0} y^j / ((x+1)(x+2)…(x+j))`` elementwise: Garnett et al.'s ``A(x, y) = x·e^y·y^-x·γ(x, y)``.

    Far into overload (``y - x > 12·√y + 12``) the lower incomplete gamma is complete to double precision
    (``P(x, y) > 1 - 1e-30``), so ``log A = y - x·log y + log Γ(x + 1)``. Elsewhere the series is summed in log
    space until a term is ``e^-40`` of the sum and the terms are falling: ``(y - x)+ + O(√max(x, y))`` terms.
    """
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    shape = x.shape
    x, y = x.ravel(), y.ravel()
    out = np.zeros(x.shape, np.float64)
    far = (y - x > 12.0 * np.sqrt(y) + 12.0) & (y > 0)
    if far.any():
        out[far] = y[far] - x[far] * np.log(y[far]) + _lgamma(x[far] + 1.0)
    live = np.flatnonzero((y > 0) & ~far)
    if live.size:
        xl, logy = x[live], np.log(y[live])
        peak = y[live] - xl
        term = np.zeros(live.size)
        total = np.zeros(live.size)
        todo = np.arange(live.size)
        j = 0
        while todo.size:
            j += 1
            term[todo] += logy[todo] - np.log(xl[todo] + j)
            total[todo] = np.logaddexp(total[todo], term[todo])
            done = (j > peak[todo]) & (term[todo] < total[todo] - _SERIES_CUTOFF)
            todo = todo[~done]
        out[live] = total
    return out.reshape(shape)


@attrs.frozen(kw_only=True)
class ErlangA:
    """An M/M/N+M queue (Erlang A): Erlang C plus callers who hang up after an exponential patience.

    Parameters
    ----------
    traffic
        Offered traffic in Erlangs, >= 0 (a number or an array).
    agents
        Agents, whole numbers >= 0, broadcast against `traffic`.
    aht
        Average handling time in seconds, > 0.
    patience
        Mean patience in seconds, > 0: each waiting caller abandons at rate ``1 / patience``.

    Raises
    ------
    OutOfRange, WrongType, InvalidValue
        As :class:`ErlangC`, and for a patience that is not a positive number of seconds.

    Notes
    -----
    Palm's model as analysed by Garnett, Mandelbaum and Reiman [2]_ [3]_. With ``μ = 1/AHT``, ``θ = 1/patience``,
    ``λ = A·μ``, ``x = Nμ/θ``, ``y = λ/θ`` and ``S(x, y) = Σ_{j>=0} y^j / ((x+1)…(x+j))`` (the waiting part of the
    birth–death chain relative to state ``N``), with ``B = B(N, A)``:

    - probability of waiting ``P(W > 0) = S·B / (1 + (S - 1)·B)``;
    - abandonment ``P(Ab) = P(W > 0)·(1 - (1 - 1/S)·N/A)``, the share of all arrivals who hang up;
    - service level ``P(V <= T) = 1 - P(W > 0)·exp(-x·s + y·(1 - e^-s))·S(x, y·e^-s) / S(x, y)`` with
      ``s = θT``: the share of arrivals whose *offered* wait ``V`` (the time until an agent would take them) is
      at most ``T``;
    - ASA, the mean time an arrival spends waiting (answered or not), by Little's law ``E[W] = P(Ab)·patience``;
    - occupancy ``A·(1 - P(Ab)) / N``, the carried traffic per agent.

    The queue is stable for every ``N``, so no answer is infinite. As patience grows the model tends to Erlang C.

    References
    ----------
    .. [2] O. Garnett, A. Mandelbaum, M. Reiman, *M&SOM* 4(3), 2002.
    .. [3] A. Mandelbaum, S. Zeltyn, "The M/M/n+G queue: summary of performance measures", 2005.

    Examples
    --------
    >>> q = ErlangA(traffic=10.0, agents=10, aht=180, patience=120)
    >>> round(float(q.wait_probability()), 4), round(float(q.abandonment()), 4)
    (0.4969, 0.1375)
    >>> float(ErlangC(traffic=10.0, agents=10, aht=180).wait_probability())  # without abandonment: unstable
    1.0
    """

    traffic: FloatArray = attrs.field(converter=_traffic_field, eq=False)
    agents: IntArray = attrs.field(converter=_agents_field, validator=_broadcast, eq=False)
    aht: float = _seconds_field("aht")
    patience: float = _seconds_field("patience")

    def _xy(self) -> tuple[FloatArray, FloatArray]:
        ratio = self.patience / self.aht
        x, y = np.broadcast_arrays(self.agents * ratio, self.traffic * ratio)
        return x.astype(np.float64), y.astype(np.float64)

    def _parts(self) -> tuple[FloatArray, FloatArray]:
        x, y = self._xy()
        log_s = _log_s(x, y)
        inv_b = _inverse_b(self.traffic, self.agents)
        with np.errstate(all="ignore"):
            pw = 1.0 / (1.0 + (inv_b - 1.0) * np.exp(-log_s))
        return np.where(self.traffic == 0, 0.0, pw), log_s

    def wait_probability(self) -> FloatArray:
        """``P(W > 0)``: the probability that an arrival finds every agent busy."""
        return self._parts()[0]

    def abandonment(self) -> FloatArray:
        """``P(Ab)``: the share of arrivals who hang up before an agent answers."""
        pw, log_s = self._parts()
        with np.errstate(all="ignore"):
            given_wait = 1.0 - (1.0 - np.exp(-log_s)) * self.agents / self.traffic
        return np.where(self.traffic == 0, 0.0, pw * np.clip(given_wait, 0.0, 1.0))

    def service_level(self, threshold: float) -> FloatArray:
        """``P(V <= threshold)``: the share of arrivals an agent would take within `threshold` seconds."""
        s = check_seconds(threshold, "threshold", allow_zero=True) / self.patience
        pw, log_s = self._parts()
        x, y = self._xy()
        later = _log_s(x, y * math.exp(-s))
        tail = np.exp(np.minimum(-x * s + y * -math.expm1(-s) + later - log_s, 0.0))
        return np.where(self.traffic == 0, 1.0, 1.0 - pw * tail)

    def asa(self) -> FloatArray:
        """Mean time in queue per arrival, seconds: ``P(Ab)·patience`` (Little's law on the abandonment flow)."""
        return self.abandonment() * self.patience

    def occupancy(self) -> FloatArray:
        """Carried traffic per agent, ``A·(1 - P(Ab)) / N`` (0 with no agents)."""
        carried = self.traffic * (1.0 - self.abandonment())
        with np.errstate(all="ignore"):
            return np.where(self.agents == 0, 0.0, np.minimum(carried / self.agents, 1.0))
