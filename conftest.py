"""Repository-wide pytest setup, for every suite (core, adapters, plugins).

With ``CI`` set (``.ci/run``), a skipped test fails the run: see
:mod:`pixcore.testing.no_skips`.
"""

pytest_plugins = ["pixcore.testing.no_skips"]
