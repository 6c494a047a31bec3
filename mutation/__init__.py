"""Mutation testing of teamcore's core modules: ``python -m mutation`` (``make mutation``), see docs/mutation.md."""
