"""Bounded fuzzing in ``make test``: every target of ``fuzz/targets_*.py`` on mutated inputs, judged by ``run_one``.

Each input must end well: a result, or a :class:`~teamcore.exceptions.TeamcoreError`; never a foreign exception, a
hang or a row loader that loses rows. ``make fuzz`` runs the same targets on 100,000 inputs.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz._core import Target, all_targets, mutate, run_one

TARGETS = all_targets()


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
class TestFuzz:
    def test_seeds_load(self, target: Target, tmp_path: Path) -> None:
        """The seeds themselves are valid: they load without error (else the mutations start from nothing)."""
        for i, seed in enumerate(target.seeds):
            path = tmp_path / f"seed{i}{target.suffix}"
            path.write_bytes(seed)
            target.call(path)  # raises if a seed is invalid

    @settings(max_examples=150)
    @given(seed=st.integers(0, 2**32 - 1))
    def test_mutated_inputs_end_well(self, target: Target, seed: int) -> None:
        """A mutated input gives a result or a TeamcoreError, in time, with every row accounted for."""
        rng = random.Random(seed)
        data = mutate(rng.choice(target.seeds), rng, target.suffix)
        outcome = run_one(target, data, timeout=20.0)
        assert outcome.verdict == "ok", f"{outcome.verdict}: {outcome.detail} at {outcome.where}\n{outcome.trace}"
