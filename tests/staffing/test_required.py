"""Required agents: the reference answers, minimality, combined targets, shrinkage and the fractional requirement."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.staffing import ErlangA, ErlangC, StaffingCriteria, apply_shrinkage, required_agents

AHT = 180.0

targets = st.one_of(
    st.builds(
        StaffingCriteria,
        service_level=st.floats(min_value=0.05, max_value=0.99),
        threshold=st.sampled_from([0.0, 10.0, 20.0, 60.0]),
    ),
    st.builds(StaffingCriteria, asa=st.floats(min_value=1.0, max_value=120.0)),
    st.builds(StaffingCriteria, max_wait_probability=st.floats(min_value=0.01, max_value=1.0)),
    st.builds(StaffingCriteria, max_occupancy=st.floats(min_value=0.3, max_value=1.0)),
    st.builds(
        StaffingCriteria,
        service_level=st.floats(min_value=0.5, max_value=0.95),
        asa=st.floats(min_value=5.0, max_value=60.0),
        max_occupancy=st.floats(min_value=0.6, max_value=0.95),
    ),
)


def meets(target: StaffingCriteria, a: float, n: int) -> bool:
    """Whether `n` agents meet `target` at traffic `a`, through the public Erlang C model."""
    if a == 0:
        return True
    if n <= a:
        return False
    q = ErlangC(traffic=a, agents=n, aht=AHT)
    ok = True
    if target.service_level is not None:
        ok &= float(q.service_level(target.threshold)) >= target.service_level
    if target.asa is not None:
        ok &= float(q.asa()) <= target.asa
    if target.max_wait_probability is not None:
        ok &= float(q.wait_probability()) <= target.max_wait_probability
    if target.max_occupancy is not None:
        ok &= float(q.occupancy()) <= target.max_occupancy
    return ok


class TestReference:
    """The cases of /work/shared/reference/erlang.md."""

    def test_standard(self) -> None:
        """10 Erlangs at 80/20: 14 agents, 20 with 30% shrinkage."""
        req = required_agents(10.0, StaffingCriteria.parse("80/20"), aht=AHT, shrinkage=0.3)
        assert int(req.agents) == 14
        assert int(req.rostered) == 20

    def test_low_target(self) -> None:
        """0.5 Erlangs at 50/20: one agent gives about 52.7%, so the answer is 1, not pyworkforce's 2."""
        assert float(ErlangC(traffic=0.5, agents=1, aht=AHT).service_level(20)) == pytest.approx(0.527, abs=5e-4)
        assert int(required_agents(0.5, StaffingCriteria.parse("50/20"), aht=AHT).agents) == 1


class TestMinimal:
    """The answer meets the target and one agent fewer does not."""

    @given(st.floats(min_value=0.0, max_value=300.0), targets)
    @example(0.5, StaffingCriteria(service_level=0.5, threshold=20))
    @example(10.0, StaffingCriteria(max_occupancy=0.5))  # the occupancy bound is met exactly at 20
    @example(7.0, StaffingCriteria(max_occupancy=1.0))  # occupancy allows 7, stability needs 8
    @settings(max_examples=150)
    def test_minimal(self, a: float, target: StaffingCriteria) -> None:
        """N meets every criterion, N - 1 misses one."""
        n = int(required_agents(a, target, aht=AHT).agents)
        assert meets(target, a, n)
        if n > 0:
            assert not meets(target, a, n - 1)

    @given(st.lists(st.floats(min_value=0.0, max_value=200.0), min_size=1, max_size=30), targets)
    @settings(max_examples=40)
    def test_vector_equals_scalars(self, values: list[float], target: StaffingCriteria) -> None:
        """Many intervals at once give the answers of one at a time."""
        together = required_agents(values, target, aht=AHT)
        alone = [int(required_agents(v, target, aht=AHT).agents) for v in values]
        assert together.agents.tolist() == alone

    @given(
        st.floats(min_value=0.0, max_value=200.0),
        st.floats(min_value=0.5, max_value=0.95),
        st.floats(min_value=5.0, max_value=60.0),
        st.floats(min_value=0.5, max_value=0.95),
    )
    @settings(max_examples=60)
    def test_combined_is_the_largest(self, a: float, sl: float, asa: float, occupancy: float) -> None:
        """Every criterion is monotone in N, so all of them together need the largest of their single answers."""
        single = [
            int(required_agents(a, t, aht=AHT).agents)
            for t in (
                StaffingCriteria(service_level=sl),
                StaffingCriteria(asa=asa),
                StaffingCriteria(max_occupancy=occupancy),
            )
        ]
        combined = StaffingCriteria(service_level=sl, asa=asa, max_occupancy=occupancy)
        assert int(required_agents(a, combined, aht=AHT).agents) == max(single)

    @given(st.floats(min_value=0.0, max_value=300.0), st.floats(min_value=0.0, max_value=5.0))
    @settings(max_examples=60)
    def test_monotone_in_traffic(self, a: float, more: float) -> None:
        """More traffic never needs fewer agents."""
        req = required_agents([a, a + more], StaffingCriteria.parse("80/20"), aht=AHT).agents
        assert req[1] >= req[0]

    def test_no_traffic(self) -> None:
        """No traffic needs nobody."""
        req = required_agents([0.0, 0.0], StaffingCriteria.parse("95/10"), aht=AHT)
        assert req.agents.tolist() == [0, 0]
        assert req.fractional.tolist() == [0.0, 0.0]

    def test_many_intervals(self) -> None:
        """100,000 intervals in one call agree with a sample computed one at a time."""
        rng = np.random.default_rng(7)
        traffic = rng.gamma(2.0, 20.0, 100_000)
        target = StaffingCriteria.parse("80/20")
        req = required_agents(traffic, target, aht=AHT)
        for i in rng.choice(traffic.size, 20, replace=False):
            assert int(req.agents[i]) == int(required_agents(float(traffic[i]), target, aht=AHT).agents)

    def test_large_traffic(self) -> None:
        """At 10,000 and 50,000 Erlangs the answer is minimal and a little above the traffic."""
        target = StaffingCriteria.parse("80/20")
        for a in (10_000.0, 50_000.0):
            n = int(required_agents(a, target, aht=AHT).agents)
            assert a < n < a + 3 * math.sqrt(a)
            assert meets(target, a, n)
            assert not meets(target, a, n - 1)


class TestFractional:
    """The interpolated requirement."""

    @given(st.floats(min_value=0.01, max_value=300.0), targets)
    @settings(max_examples=100)
    def test_bounds(self, a: float, target: StaffingCriteria) -> None:
        """It lies in [N - 1, N] and is never below the traffic."""
        req = required_agents(a, target, aht=AHT)
        n, f = int(req.agents), float(req.fractional)
        assert n - 1 <= f <= n
        assert f >= a

    def test_occupancy_is_exact(self) -> None:
        """For an occupancy target it is A / max_occupancy."""
        req = required_agents(10.0, StaffingCriteria(max_occupancy=0.85), aht=AHT)
        assert float(req.fractional) == pytest.approx(10 / 0.85)
        assert int(req.agents) == 12

    def test_service_level_interpolates(self) -> None:
        """80/20 at 10 Erlangs: SL(13) = 0.7956, SL(14) = 0.8884, so 13 + (0.8 - 0.7956) / (0.8884 - 0.7956)."""
        sl = ErlangC(traffic=10.0, agents=[13, 14], aht=AHT).service_level(20)
        req = required_agents(10.0, StaffingCriteria.parse("80/20"), aht=AHT)
        assert float(req.fractional) == pytest.approx(13 + (0.8 - sl[0]) / (sl[1] - sl[0]))
        assert float(req.rostered_fractional) == pytest.approx(float(req.fractional) / 1.0)


class TestShrinkage:
    """Rostered agents."""

    def test_ceiling(self) -> None:
        """ceil(N / (1 - s)), without the float error that would turn 14 / 0.7 into 21."""
        assert apply_shrinkage([14, 7, 0, 1], 0.3).tolist() == [20, 10, 0, 2]

    @given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=0.0, max_value=0.9))
    def test_enough_remain(self, n: int, s: float) -> None:
        """After losing a share s of the rostered agents, at least N remain (up to rounding at 1e-9)."""
        rostered = int(apply_shrinkage(n, s))
        assert rostered * (1 - s) >= n - 1e-6
        if rostered > 0:
            assert (rostered - 1) * (1 - s) < n


class TestTarget:
    """StaffingCriteria validation and parsing."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({}, InvalidValue, "at least one"),  # no criterion at all
            ({"service_level": 1.0}, OutOfRange, "service_level"),  # 100% is never reached with traffic
            ({"service_level": 0}, OutOfRange, "service_level"),  # 0% is no target
            ({"service_level": "80%"}, WrongType, "service_level"),  # text
            ({"asa": 0}, OutOfRange, "asa"),  # an ASA of zero cannot be met
            ({"max_occupancy": 1.2}, OutOfRange, "max_occupancy"),  # above 100%
            ({"max_wait_probability": -0.1}, OutOfRange, "max_wait_probability"),  # negative
            ({"service_level": 0.8, "threshold": -20}, OutOfRange, "threshold"),  # negative seconds
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """Each bad criterion is named."""
        with pytest.raises(error, match=match):
            StaffingCriteria(**kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("text", "error"),
        [
            ("80", InvalidValue),  # no threshold
            ("80/20s", InvalidValue),  # a unit
            ("100/20", OutOfRange),  # 100% cannot be met
            ("0/20", OutOfRange),  # 0% is no target
        ],
    )
    def test_parse_invalid(self, text: str, error: type[Exception]) -> None:
        """Malformed service levels are refused with the text."""
        with pytest.raises(error, match="service level"):
            StaffingCriteria.parse(text)

    def test_parse(self) -> None:
        """'90/15.5' is 90% within 15.5 s."""
        assert StaffingCriteria.parse(" 90 / 15.5 ") == StaffingCriteria(service_level=0.9, threshold=15.5)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"traffic": -1.0}, OutOfRange, "traffic"),  # negative traffic
            ({"shrinkage": 1.0}, OutOfRange, "shrinkage"),  # everyone lost
            ({"aht": -3}, OutOfRange, "aht"),  # negative handling time
            ({"target": "80/20"}, WrongType, "target"),  # a string, not a StaffingCriteria
        ],
    )
    def test_required_invalid(self, kwargs: dict[str, object], error: type[Exception], match: str) -> None:
        """required_agents names the bad argument."""
        args: dict[str, object] = {"traffic": 5.0, "target": StaffingCriteria.parse("80/20"), "aht": 60.0, **kwargs}
        with pytest.raises(error, match=match):
            required_agents(**args)  # type: ignore[arg-type]


def meets_a(target: StaffingCriteria, a: float, n: int, patience: float) -> bool:
    """Whether `n` agents meet `target` in Erlang A, through the public model."""
    q = ErlangA(traffic=a, agents=n, aht=AHT, patience=patience)
    checks = [
        (target.service_level, lambda: float(q.service_level(target.threshold)) >= target.service_level),
        (target.asa, lambda: float(q.asa()) <= target.asa),
        (target.max_wait_probability, lambda: float(q.wait_probability()) <= target.max_wait_probability),
        (target.max_occupancy, lambda: float(q.occupancy()) <= target.max_occupancy),
        (target.max_abandonment, lambda: float(q.abandonment()) <= target.max_abandonment),
    ]
    return all(check() for goal, check in checks if goal is not None)


a_targets = st.one_of(
    st.builds(
        StaffingCriteria,
        service_level=st.floats(min_value=0.05, max_value=0.99),
        threshold=st.sampled_from([10.0, 20.0]),
    ),
    st.builds(StaffingCriteria, max_abandonment=st.floats(min_value=0.001, max_value=0.5)),
    st.builds(
        StaffingCriteria,
        service_level=st.floats(min_value=0.5, max_value=0.95),
        max_abandonment=st.floats(min_value=0.01, max_value=0.2),
        max_occupancy=st.floats(min_value=0.6, max_value=0.95),
    ),
)


class TestErlangA:
    """Required agents with abandonment."""

    @given(st.floats(min_value=0.0, max_value=150.0), a_targets, st.sampled_from([30.0, 120.0, 600.0]))
    @example(10.0, StaffingCriteria(service_level=0.8, threshold=20), 120.0)
    @settings(max_examples=50)
    def test_minimal(self, a: float, target: StaffingCriteria, patience: float) -> None:
        """N meets every criterion in Erlang A, N - 1 misses one; never more than Erlang C needs without abandonment."""
        n = int(required_agents(a, target, aht=AHT, patience=patience).agents)
        assert meets_a(target, a, n, patience)
        if n > 0:
            assert not meets_a(target, a, n - 1, patience)
        if target.max_abandonment is None:
            assert n <= int(required_agents(a, target, aht=AHT).agents)

    def test_patient_callers_match_erlang_c(self) -> None:
        """With very patient callers (a day, AHT 3 minutes) Erlang A needs what Erlang C needs, or one fewer where
        Erlang C's answer is borderline (at 400 Erlangs the few who still hang up save one agent)."""
        traffic = [0.5, 10.0, 100.0, 400.0]
        target = StaffingCriteria.parse("80/20")
        a = required_agents(traffic, target, aht=AHT, patience=1e5).agents.tolist()
        c = required_agents(traffic, target, aht=AHT).agents.tolist()
        assert a[:3] == c[:3]
        assert c[3] - 1 <= a[3] <= c[3]

    def test_fractional(self) -> None:
        """The fractional requirement lies in [N - 1, N] and the vector answer equals the scalar ones."""
        traffic = [0.0, 3.0, 10.0, 42.0]
        target = StaffingCriteria(service_level=0.8, threshold=20, max_abandonment=0.05)
        req = required_agents(traffic, target, aht=AHT, patience=90)
        for a, n, f in zip(traffic, req.agents.tolist(), req.fractional.tolist(), strict=True):
            assert max(n - 1, 0) <= f <= n
            assert n == int(required_agents(a, target, aht=AHT, patience=90).agents)
