"""Fuzzing teamcore's entry points with mutated inputs, for ``make fuzz`` and ``tests/test_fuzz.py``."""
