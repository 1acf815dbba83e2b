"""Test setup: ``pixcore_sqlite`` importable without installing it; shared fixtures."""

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

if importlib.util.find_spec("pixcore_sqlite") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(PLUGIN_ROOT))
if str(TESTS_DIR) not in sys.path:
    sys.path.append(str(TESTS_DIR))

from pixcore_sqlite import SqliteEventStore  # noqa: E402

from pixcore.testing.profiles import load_profile  # noqa: E402

load_profile()  # ci, dev or thorough ($HYPOTHESIS_PROFILE), also when run on its own


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pixcore.db"


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[SqliteEventStore]:
    with SqliteEventStore(db_path) as store:
        yield store


@pytest.fixture
def rng() -> random.Random:
    """A seeded random source; the seed is printed (``PIXCORE_TEST_SEED`` overrides it)."""
    seed = int(os.environ.get("PIXCORE_TEST_SEED", "20260312"))
    print(f"random seed: {seed} (PIXCORE_TEST_SEED={seed} replays it)")
    return random.Random(seed)
