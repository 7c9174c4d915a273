"""Cirkulär's benchmark harness: the budgets of design §6, each a ratio against a baseline timed in the same run.

Run ``python -m benchmarks --help``; see benchmarks/README.md and
docs/performance.md. Not part of the installed package; imports Cirkulär
only through its services (and the GUI in driver subprocesses).
"""
