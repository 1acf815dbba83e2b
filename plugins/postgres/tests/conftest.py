"""Test setup: ``pixcore_postgres`` importable without installing it; one throwaway cluster.

The cluster (:class:`pixcore_postgres.testing.TemporaryCluster`) starts on first use
from the installed PostgreSQL binaries and is removed at the end of the session. Without
the binaries the tests fail (they are never skipped: ``.ci/run`` installs PostgreSQL).
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PLUGIN_ROOT = Path(__file__).resolve().parents[1]
TESTS_DIR = Path(__file__).resolve().parent

if importlib.util.find_spec("pixcore_postgres") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(PLUGIN_ROOT))
if str(TESTS_DIR) not in sys.path:
    sys.path.append(str(TESTS_DIR))

import pg_support  # noqa: E402

from pixcore.testing.profiles import load_profile  # noqa: E402

load_profile()


@pytest.fixture(scope="session", autouse=True)
def _cluster_cleanup() -> Iterator[None]:
    yield
    pg_support.close_shared()


@pytest.fixture
def dsn() -> str:
    """The DSN of a fresh, migrated schema on the shared cluster."""
    return pg_support.fresh_dsn()


@pytest.fixture
def rng() -> random.Random:
    """A seeded random source; the seed is printed (``PIXCORE_TEST_SEED`` overrides it)."""
    seed = int(os.environ.get("PIXCORE_TEST_SEED", "20260312"))
    print(f"random seed: {seed} (PIXCORE_TEST_SEED={seed} replays it)")
    return random.Random(seed)
