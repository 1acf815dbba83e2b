"""A pytest plugin: when the environment variable ``CI`` is set, a skipped test fails the run.

CI must run everything: a test that skips for want of a tool (``xmlsec1``, durable_rules,
an optional package) hides missing work. With ``CI`` set, this plugin lists every skipped
test at the end and turns the run's exit status into a failure; without ``CI`` (a
developer's machine) skips stay skips. Expected failures (``xfail``) are not skips.

The repository's root ``conftest.py`` loads it (``pytest_plugins``); a host can too, or
run ``pytest -p pixcore.testing.no_skips``.
"""

from __future__ import annotations

import os

import pytest

__all__ = ["CI_ENV", "NoSkips"]

CI_ENV = "CI"
"""The environment variable that makes skips fatal (``.ci/run`` sets ``CI=1``)."""


class NoSkips:
    """Collects the skipped tests of one run and fails the run in CI."""

    def __init__(self) -> None:
        self.skipped: list[str] = []

    @staticmethod
    def active() -> bool:
        """Whether skips are fatal here (``CI`` set to a non-empty value)."""
        return bool(os.environ.get(CI_ENV))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Remember each skipped test (an ``xfail`` is not a skip)."""
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skipped.append(report.nodeid)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """In CI, a run that skipped anything fails."""
        if self.active() and self.skipped and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Say which tests were skipped and that this fails the run."""
        if self.active() and self.skipped:
            terminalreporter.section(f"skipped tests fail the run when {CI_ENV} is set", red=True)
            for nodeid in self.skipped:
                terminalreporter.write_line(f"SKIPPED: {nodeid}")


def pytest_configure(config: pytest.Config) -> None:
    """Register the collector once per run."""
    if not config.pluginmanager.has_plugin("pixcore-no-skips"):
        config.pluginmanager.register(NoSkips(), "pixcore-no-skips")
