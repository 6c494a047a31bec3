"""Erlang B, C and A: the reference cases, identities, stability, and Erlang A against its birth–death chain."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.staffing import ErlangA, ErlangC, erlang_b, erlang_c, offered_traffic
from teamcore.staffing._erlang import _lgamma

traffic = st.floats(min_value=0.01, max_value=400.0, allow_nan=False)


def plain_erlang_b(a: float, n: int) -> float:
    """The textbook recurrence from B(0) = 1, in plain Python: the oracle for the warm-started one."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


class TestReference:
    """/work/shared/reference/erlang.md: 100 calls per 30 minutes, AHT 180 s, 14 agents."""

    def test_traffic(self) -> None:
        """100 calls × 180 s over 1800 s is 10 Erlangs."""
        assert float(offered_traffic(100, aht=180, interval=1800)) == pytest.approx(10.0)

    def test_measures(self) -> None:
        """Pw 0.1741319, SL(20 s) 0.88835, ASA 7.8359 s, occupancy 0.7142857."""
        q = ErlangC(traffic=10.0, agents=14, aht=180)
        assert float(q.wait_probability()) == pytest.approx(0.1741319, abs=5e-8)
        assert float(q.service_level(20)) == pytest.approx(0.88835, abs=5e-6)
        assert float(q.asa()) == pytest.approx(7.8359, abs=5e-5)
        assert float(q.occupancy()) == pytest.approx(0.7142857, abs=5e-8)

    def test_erlang_b_small(self) -> None:
        """B(3, 2) = (8/6) / (1 + 2 + 2 + 8/6), from the definition."""
        assert float(erlang_b(2.0, 3)) == pytest.approx((8 / 6) / (1 + 2 + 2 + 8 / 6), rel=1e-14)


class TestIdentities:
    """Identities and monotonicity of Erlang C."""

    @given(st.floats(min_value=0.0, max_value=0.999))
    def test_one_agent(self, a: float) -> None:
        """M/M/1: the probability of waiting equals the traffic."""
        assert float(erlang_c(a, 1)) == pytest.approx(a, rel=1e-12, abs=1e-15)

    @given(traffic, st.integers(min_value=0, max_value=60))
    def test_monotone_in_agents(self, a: float, extra: int) -> None:
        """One more agent never raises Pw or ASA, nor lowers the service level."""
        n = math.floor(a) + 1 + extra
        q = ErlangC(traffic=a, agents=[n, n + 1], aht=120)
        pw, sl, asa = q.wait_probability(), q.service_level(15), q.asa()
        assert pw[1] <= pw[0]
        assert sl[1] >= sl[0]
        assert asa[1] <= asa[0]

    @given(traffic, st.floats(min_value=0.0, max_value=5.0), st.integers(min_value=1, max_value=500))
    def test_monotone_in_traffic(self, a: float, more: float, n: int) -> None:
        """More traffic never lowers Pw for the same agents."""
        pw = erlang_c([a, a + more], n)
        assert pw[1] >= pw[0]

    @given(traffic, st.integers(min_value=0, max_value=3000))
    @example(9999.5, 10_000)
    @settings(max_examples=60)
    def test_erlang_b_matches_plain_recurrence(self, a: float, n: int) -> None:
        """The warm-started recurrence agrees with the plain one from B(0) = 1."""
        assert float(erlang_b(a, n)) == pytest.approx(plain_erlang_b(a, n), rel=1e-11, abs=1e-300)

    def test_occupancy(self) -> None:
        """Occupancy is A / N, capped at 1, and 0 with no agents."""
        assert ErlangC(traffic=[6.0, 6.0, 6.0], agents=[8, 5, 0], aht=60).occupancy().tolist() == [0.75, 1.0, 0.0]


class TestDefinedAnswers:
    """The unstable queue and the empty one have documented answers."""

    def test_unstable(self) -> None:
        """N <= A: Pw 1, SL 0, ASA inf, occupancy 1."""
        q = ErlangC(traffic=[10.0, 10.5, 3.0], agents=[10, 10, 0], aht=180)
        assert q.wait_probability().tolist() == [1.0, 1.0, 1.0]
        assert q.service_level(20).tolist() == [0.0, 0.0, 0.0]
        assert q.asa().tolist() == [math.inf, math.inf, math.inf]

    def test_no_traffic(self) -> None:
        """A = 0: nobody waits, everything is answered at once."""
        q = ErlangC(traffic=0.0, agents=[0, 3], aht=180)
        assert q.wait_probability().tolist() == [0.0, 0.0]
        assert q.service_level(0).tolist() == [1.0, 1.0]
        assert q.asa().tolist() == [0.0, 0.0]

    def test_shape(self) -> None:
        """Scalars give 0-d arrays; arrays broadcast."""
        assert ErlangC(traffic=5.0, agents=7, aht=60).wait_probability().shape == ()
        assert erlang_c(np.full((2, 3), 5.0), [6, 7, 8]).shape == (2, 3)


class TestStability:
    """No overflow or loss of range at 10,000 and 50,000 Erlangs."""

    @pytest.mark.parametrize("a", [10_000.0, 50_000.0, 123_456.7])
    def test_large_traffic(self, a: float) -> None:
        """Every measure is finite and in [0, 1] around N = A, and Pw falls from 1 to 0 as N grows."""
        n = np.array([math.floor(a) + 1, int(a + math.sqrt(a)), int(a + 3 * math.sqrt(a)), int(a + 10 * math.sqrt(a))])
        q = ErlangC(traffic=a, agents=n, aht=300)
        pw, sl = q.wait_probability(), q.service_level(20)
        for values in (pw, sl, erlang_b(a, n), q.occupancy()):
            assert np.isfinite(values).all()
            assert ((values >= 0) & (values <= 1)).all()
        assert np.all(np.diff(pw) < 0)
        assert 0.9 < pw[0] <= 1
        assert pw[-1] < 1e-12
        assert np.isfinite(q.asa()).all()

    def test_large_against_plain_recurrence(self) -> None:
        """At 10,000 Erlangs the warm start still agrees with the recurrence from zero."""
        assert float(erlang_b(10_000.0, 10_100)) == pytest.approx(plain_erlang_b(10_000.0, 10_100), rel=1e-12)


def birth_death(a: float, n: int, aht: float, patience: float, states: int = 400) -> np.ndarray:
    """Stationary law of the M/M/n+M chain truncated at `states`, solved from the balance equations directly."""
    lam, mu, theta = a / aht, 1 / aht, 1 / patience
    q = np.zeros((states, states))
    for k in range(states):
        if k + 1 < states:
            q[k, k + 1] = lam
        if k > 0:
            q[k, k - 1] = min(k, n) * mu + max(k - n, 0) * theta
        q[k, k] = -q[k].sum()
    # pi Q = 0 with sum(pi) = 1: replace one balance equation by the normalisation.
    lhs = np.vstack([q.T[:-1], np.ones(states)])
    rhs = np.zeros(states)
    rhs[-1] = 1.0
    return np.linalg.solve(lhs, rhs)


def offered_wait_tail(pi: np.ndarray, n: int, aht: float, patience: float, t: float) -> float:
    """P(V > t) by uniformization of the 'customers ahead' chain: an arrival seeing k >= n waits through k - n + 1
    phases with rates n·mu + m·theta, m = k - n, ..., 0."""
    mu, theta = 1 / aht, 1 / patience
    waiting = pi[n:]
    if t == 0:
        return float(waiting.sum())
    depth = waiting.size
    rates = n * mu + np.arange(depth) * theta
    big = rates.max()
    jumps = np.arange(2000)
    poisson = np.exp(-big * t + jumps * math.log(big * t) - np.array([math.lgamma(j + 1) for j in jumps]))
    # survival[m] = P(not yet served after some jumps | m ahead): step m -> m - 1 with prob rate/big, served at m = 0.
    alive = waiting.copy()
    tail = 0.0
    stay = 1 - rates / big
    move = rates / big
    for p in poisson:
        tail += p * alive.sum()
        nxt = alive * stay
        nxt[:-1] += alive[1:] * move[1:]
        alive = nxt
    return float(tail)


class TestErlangA:
    """Erlang A against an independent numerical solution of its birth–death chain."""

    @pytest.mark.parametrize(
        ("a", "n", "aht", "patience"),
        [
            (10.0, 10, 180.0, 120.0),  # the standard example at N = A, where Erlang C is unstable
            (10.0, 14, 180.0, 300.0),  # comfortably staffed
            (25.0, 20, 240.0, 60.0),  # understaffed, impatient callers
            (3.5, 0, 200.0, 90.0),  # nobody on the phones: everyone waits and everyone abandons
            (1.0, 2, 300.0, 150.0),  # one Erlang
            (60.0, 30, 60.0, 60.0),  # overloaded, but not far enough for the closed form: the series
        ],
    )
    def test_against_chain(self, a: float, n: int, aht: float, patience: float) -> None:
        """Probability of waiting, abandonment, service level and ASA agree with the chain."""
        pi = birth_death(a, n, aht, patience)
        k = np.arange(pi.size)
        pw = pi[n:].sum()
        queue = (np.maximum(k - n, 0) * pi).sum()
        abandon = queue / patience / (a / aht)
        q = ErlangA(traffic=a, agents=n, aht=aht, patience=patience)
        assert float(q.wait_probability()) == pytest.approx(pw, rel=1e-9)
        assert float(q.abandonment()) == pytest.approx(abandon, rel=1e-9)
        assert float(q.asa()) == pytest.approx(queue / (a / aht), rel=1e-9)  # Little: E[W] = E[Q] / lambda
        busy = (np.minimum(k, n) * pi).sum()  # carried traffic: the mean number of agents handling a contact
        assert float(q.occupancy()) == (pytest.approx(busy / n, rel=1e-9) if n else 0.0)
        for t in (0.0, 20.0, 60.0):
            assert float(q.service_level(t)) == pytest.approx(1 - offered_wait_tail(pi, n, aht, patience, t), abs=1e-9)

    def test_tends_to_erlang_c(self) -> None:
        """With very patient callers Erlang A approaches Erlang C."""
        a = ErlangA(traffic=10.0, agents=14, aht=180, patience=1e9)
        c = ErlangC(traffic=10.0, agents=14, aht=180)
        assert float(a.wait_probability()) == pytest.approx(float(c.wait_probability()), rel=1e-5)
        assert float(a.service_level(20)) == pytest.approx(float(c.service_level(20)), rel=1e-5)

    def test_large(self) -> None:
        """At 10,000 Erlangs every measure is finite and in range, staffed below and above the traffic."""
        q = ErlangA(traffic=10_000.0, agents=[9_500, 10_000, 10_100], aht=180, patience=120)
        for values in (q.wait_probability(), q.abandonment(), q.service_level(20), q.occupancy()):
            assert np.isfinite(values).all()
            assert ((values >= 0) & (values <= 1)).all()
        assert np.all(np.diff(q.abandonment()) < 0)


class TestValidation:
    """Bad input raises a teamcore error naming the field."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"traffic": -1.0, "agents": 3, "aht": 60}, OutOfRange, "traffic"),  # negative traffic
            ({"traffic": math.nan, "agents": 3, "aht": 60}, OutOfRange, "traffic"),  # not a number
            ({"traffic": "10", "agents": 3, "aht": 60}, WrongType, "traffic"),  # text
            ({"traffic": 5.0, "agents": 2.5, "aht": 60}, OutOfRange, "agents"),  # half an agent
            ({"traffic": 5.0, "agents": -1, "aht": 60}, OutOfRange, "agents"),  # negative agents
            ({"traffic": 5.0, "agents": True, "aht": 60}, WrongType, "agents"),  # a bool
            ({"traffic": 5.0, "agents": 3, "aht": 0}, OutOfRange, "aht"),  # zero handling time
            ({"traffic": [1.0, 2.0], "agents": [1, 2, 3], "aht": 60}, InvalidValue, "agents"),  # shapes
        ],
    )
    def test_erlang_c(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Each bad field is named."""
        with pytest.raises(error, match=match):
            ErlangC(**kwargs)  # type: ignore[arg-type]

    def test_patience(self) -> None:
        """Erlang A needs a positive patience."""
        with pytest.raises(OutOfRange, match="patience"):
            ErlangA(traffic=1.0, agents=1, aht=60, patience=-5)

    def test_threshold(self) -> None:
        """A negative service-level threshold is refused."""
        with pytest.raises(OutOfRange, match="threshold"):
            ErlangC(traffic=1.0, agents=2, aht=60).service_level(-1)


class TestFarIntoOverload:
    """Far more traffic than agents can take: Erlang A's closed form (no series) against the birth–death chain."""

    @pytest.mark.parametrize(
        ("a", "n", "aht", "patience", "thresholds"),
        [
            (400.0, 15, 180.0, 90.0, (200.0, 300.0)),  # x = 7.5: log Γ at a half-integer
            (200.0, 10, 180.0, 180.0, (450.0, 600.0)),  # patience = AHT: the chain's law is Poisson(200)
        ],
    )
    def test_against_chain(self, a: float, n: int, aht: float, patience: float, thresholds: tuple[float, ...]) -> None:
        """Waiting, abandonment and the service level at thresholds where it is neither 0 nor 1 agree with the chain."""
        pi = birth_death(a, n, aht, patience)
        k = np.arange(pi.size)
        queue = (np.maximum(k - n, 0) * pi).sum()
        q = ErlangA(traffic=a, agents=n, aht=aht, patience=patience)
        assert float(q.wait_probability()) == pytest.approx(pi[n:].sum(), rel=1e-9)
        assert float(q.abandonment()) == pytest.approx(queue / patience / (a / aht), rel=1e-9)
        for t in thresholds:
            expected = 1 - offered_wait_tail(pi, n, aht, patience, t)
            assert 1e-5 < expected < 1 - 1e-5
            assert float(q.service_level(t)) == pytest.approx(expected, rel=1e-7)


TRAFFIC_TYPE = "a number or an array of numbers (Erlangs)"
AGENTS_TYPE = "a whole number or an array of whole numbers of agents"


class TestContracts:
    """Every refusal names the field, carries the first bad value and says what was expected; models own their data."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "value", "expected"),
        [
            (lambda: ErlangC(traffic="10", agents=3, aht=60), WrongType, "traffic", "10", TRAFFIC_TYPE),
            (lambda: ErlangC(traffic=None, agents=3, aht=60), WrongType, "traffic", None, TRAFFIC_TYPE),
            (lambda: ErlangC(traffic=b"1", agents=3, aht=60), WrongType, "traffic", b"1", TRAFFIC_TYPE),
            (lambda: ErlangC(traffic=[1.0, "x"], agents=3, aht=60), WrongType, "traffic", [1.0, "x"], TRAFFIC_TYPE),
            # the first bad value of an array, not the whole array
            (
                lambda: ErlangC(traffic=[1.0, -2.0, -3.0], agents=3, aht=60),
                OutOfRange,
                "traffic",
                -2.0,
                "finite traffic >= 0 Erlangs",
            ),
            (lambda: erlang_b([2.0, math.inf], 3), OutOfRange, "traffic", math.inf, "finite traffic >= 0 Erlangs"),
            (lambda: offered_traffic(-4, aht=60, interval=900), OutOfRange, "volume", -4.0, None),
            (lambda: offered_traffic("4", aht=60, interval=900), WrongType, "volume", "4", TRAFFIC_TYPE),
            (lambda: ErlangC(traffic=1.0, agents="3", aht=60), WrongType, "agents", "3", AGENTS_TYPE),
            (lambda: ErlangC(traffic=1.0, agents=b"3", aht=60), WrongType, "agents", b"3", AGENTS_TYPE),
            (lambda: ErlangC(traffic=1.0, agents=None, aht=60), WrongType, "agents", None, AGENTS_TYPE),
            (lambda: ErlangC(traffic=1.0, agents=True, aht=60), WrongType, "agents", True, AGENTS_TYPE),
            (lambda: ErlangC(traffic=1.0, agents=["3"], aht=60), WrongType, "agents", ["3"], AGENTS_TYPE),
            (lambda: ErlangC(traffic=1.0, agents=1 + 2j, aht=60), WrongType, "agents", 1 + 2j, AGENTS_TYPE),
            (
                lambda: ErlangC(traffic=1.0, agents=[3, 2.5, -1], aht=60),
                OutOfRange,
                "agents",
                2.5,
                "a whole number of agents >= 0",
            ),
            (lambda: erlang_c(1.0, [4, -1]), OutOfRange, "agents", -1, "a whole number of agents >= 0"),
            (lambda: erlang_c(1.0, [4.0, math.nan]), OutOfRange, "agents", None, "a whole number of agents >= 0"),
            (lambda: ErlangC(traffic=1.0, agents=3, aht=0), OutOfRange, "aht", 0, "a finite number of seconds > 0"),
            (lambda: ErlangC(traffic=1.0, agents=3, aht=-1.5), OutOfRange, "aht", -1.5, None),
            (lambda: ErlangC(traffic=1.0, agents=3, aht=math.inf), OutOfRange, "aht", math.inf, None),
            (lambda: ErlangC(traffic=1.0, agents=3, aht="60"), WrongType, "aht", "60", "a number of seconds"),
            (lambda: ErlangC(traffic=1.0, agents=3, aht=True), WrongType, "aht", True, "a number of seconds"),
            (lambda: ErlangA(traffic=1.0, agents=3, aht=60, patience=0.0), OutOfRange, "patience", 0.0, None),
            (lambda: offered_traffic(4, aht=0, interval=900), OutOfRange, "aht", 0, None),
            (lambda: offered_traffic(4, aht=60, interval=0), OutOfRange, "interval", 0, None),
            (
                lambda: ErlangC(traffic=1.0, agents=3, aht=60).service_level(-1),
                OutOfRange,
                "threshold",
                -1,
                "a finite number of seconds >= 0",
            ),
            (
                lambda: ErlangA(traffic=1.0, agents=3, aht=60, patience=30).service_level(math.nan),
                OutOfRange,
                "threshold",
                None,
                "a finite number of seconds >= 0",
            ),
            (
                lambda: ErlangC(traffic=[1.0, 2.0], agents=[1, 2, 3], aht=60),
                InvalidValue,
                "agents",
                (3,),
                "a shape that broadcasts with traffic's (2,)",
            ),
            (
                lambda: ErlangA(traffic=np.ones((2, 3)), agents=[1, 2], aht=60, patience=30),
                InvalidValue,
                "agents",
                (2,),
                "a shape that broadcasts with traffic's (2, 3)",
            ),
        ],
    )
    def test_errors_name_the_field_the_value_and_the_expectation(self, call, error, field, value, expected) -> None:
        """The field, the value received (NaN: checked as NaN) and the rule."""
        with pytest.raises(error) as caught:
            call()
        assert caught.value.field == field
        if value is None and error is OutOfRange:
            assert math.isnan(caught.value.value)
        else:
            assert caught.value.value == value
            assert type(caught.value.value) is type(value)
        if expected is not None:
            assert caught.value.expected == expected

    def test_zero_threshold_is_allowed(self) -> None:
        """A threshold of 0 s is the probability of not waiting at all."""
        q = ErlangC(traffic=10.0, agents=14, aht=180)
        assert float(q.service_level(0)) == pytest.approx(1 - float(q.wait_probability()), rel=1e-14)
        a = ErlangA(traffic=10.0, agents=14, aht=180, patience=120)
        assert float(a.service_level(0.0)) == pytest.approx(1 - float(a.wait_probability()), rel=1e-12)

    def test_integral_floats_and_unsigned_agents(self) -> None:
        """Agents given as 14.0 or as unsigned integers are the same model as 14, stored as int64."""
        for agents in (14.0, np.uint8(14), np.array([14], np.uint32), np.float32(14)):
            q = ErlangC(traffic=10.0, agents=agents, aht=180)
            assert q.agents.dtype == np.int64
            assert float(np.ravel(q.wait_probability())[0]) == pytest.approx(0.1741319, abs=5e-8)

    def test_the_model_owns_read_only_copies(self) -> None:
        """The caller's arrays are copied and stay writable; the model's own cannot be changed."""
        traffic, agents = np.array([10.0, 5.0]), np.array([14, 7])
        q = ErlangC(traffic=traffic, agents=agents, aht=180)
        traffic[0], agents[0] = 99.0, 1
        assert q.traffic.tolist() == [10.0, 5.0]
        assert q.agents.tolist() == [14, 7]
        for array in (q.traffic, q.agents):
            assert not array.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                array[0] = 0
        assert traffic.flags.writeable
        assert agents.flags.writeable
        assert q.traffic.dtype == np.float64

    def test_offered_traffic_is_contacts_times_aht_over_interval(self) -> None:
        """Every volume of an array is scaled by AHT / interval, and the shape is kept."""
        out = offered_traffic(np.array([[0, 30], [60, 90]]), aht=240, interval=1800)
        assert out.dtype == np.float64
        assert out.tolist() == [[0.0, 4.0], [8.0, 12.0]]

    def test_erlang_a_without_traffic(self) -> None:
        """A = 0 in Erlang A, with or without agents: nobody waits or abandons, everyone is answered at once."""
        q = ErlangA(traffic=0.0, agents=[0, 3], aht=180, patience=60)
        assert q.wait_probability().tolist() == [0.0, 0.0]
        assert q.abandonment().tolist() == [0.0, 0.0]
        assert q.service_level(0).tolist() == [1.0, 1.0]
        assert q.service_level(20).tolist() == [1.0, 1.0]
        assert q.asa().tolist() == [0.0, 0.0]
        assert q.occupancy().tolist() == [0.0, 0.0]

    def test_erlang_b_at_the_edges(self) -> None:
        """B(0, A) = 1 (no agent: every contact is lost, even without traffic) and B(N, 0) = 0 for N > 0."""
        assert erlang_b([0.0, 0.0, 0.0, 2.0], [0, 1, 3, 0]).tolist() == [1.0, 0.0, 0.0, 1.0]

    def test_erlang_b_recurrences_of_very_different_lengths(self) -> None:
        """Intervals whose recurrences take more than 2**16 steps and a few steps are computed together correctly."""
        agents = [70_000, 10_000, 2, 3]
        got = erlang_b([1.0, 1.0, 1.0, 2.0], agents)
        assert got.tolist() == pytest.approx([plain_erlang_b(1.0, 70_000), 0.0, 0.2, 4 / 19], rel=1e-14, abs=1e-300)

    def test_an_array_of_booleans_is_not_agents(self) -> None:
        """True and False are not head counts, in an array either."""
        flags = np.array([True, False])
        with pytest.raises(WrongType) as caught:
            ErlangC(traffic=1.0, agents=flags, aht=60)
        assert caught.value.field == "agents"
        assert caught.value.value is flags

    def test_whole_number_traffic_is_stored_as_floats(self) -> None:
        """Traffic given as integers is kept as float64, like any other traffic."""
        q = ErlangA(traffic=[10, 0], agents=14, aht=180, patience=120)
        assert q.traffic.dtype == np.float64
        assert q.traffic.tolist() == [10.0, 0.0]

    def test_log_gamma_of_many_arguments(self) -> None:
        """Erlang A's log Γ agrees with math.lgamma on an array whose arguments take different numbers of steps."""
        z = np.array([0.5, 1.0, 1.5, 2.0, 3.7, 7.5, 8.5, 12.25, 19.5, 20.0, 20.5, 33.3, 150.0, 1e4])
        expected = [math.lgamma(v) for v in z]
        assert _lgamma(z).tolist() == pytest.approx(expected, rel=1e-14, abs=2e-14)

    def test_unstable_queue_with_a_long_threshold_warns_of_nothing(self) -> None:
        """No agents for 1,000 Erlangs and a 1,000 s threshold: service level 0, without an overflow warning."""
        q = ErlangC(traffic=[1000.0, 1000.0], agents=[0, 999], aht=1)
        assert q.service_level(1000).tolist() == [0.0, 0.0]
