"""With CI set, a skipped test fails the run (pixcore.testing.no_skips); xfail does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SUITE = """
import pytest

def test_runs():
    pass

def test_needs_a_missing_tool():
    pytest.skip("xmlsec1 not installed")

@pytest.mark.xfail(strict=True)
def test_expected_failure():
    assert False
"""


@pytest.mark.parametrize(("ci", "status"), [("", 0), ("1", 1)])
def test_a_skip_fails_the_run_only_in_ci(tmp_path: Path, ci: str, status: int) -> None:
    (tmp_path / "test_suite.py").write_text(SUITE, encoding="utf-8")
    env = {**os.environ, "CI": ci, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pixcore.testing.no_skips", "-p", "no:cacheprovider",
         "-q", "test_suite.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == status, done.stdout + done.stderr
    assert "1 passed, 1 skipped, 1 xfailed" in done.stdout
    assert ("SKIPPED: test_suite.py::test_needs_a_missing_tool" in done.stdout) == bool(ci)


def test_the_repository_loads_it() -> None:
    root = Path(__file__).resolve().parents[2]
    assert 'pytest_plugins = ["pixcore.testing.no_skips"]' in (root / "conftest.py").read_text()
