"""Shared fixtures and hypothesis profiles.

Profiles: ``ci`` (default, bounded), ``dev`` (quick), ``thorough`` (far more examples).
Choose with ``HYPOTHESIS_PROFILE=thorough`` or ``pytest --hypothesis-profile=thorough``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from pixcore.referential import Referential
from pixcore.rules import PURE_ENGINE, Engine
from pixcore.rules.durable import durable_available
from pixcore.testing.profiles import load_profile

load_profile()  # ci, dev or thorough ($HYPOTHESIS_PROFILE): pixcore/testing/profiles.py

DURABLE_REQUIRED = bool(os.environ.get("CI") or os.environ.get("PIXCORE_REQUIRE_DURABLE"))


@pytest.fixture(scope="session")
def referential() -> Referential:
    """The shipped birth-place referential, loaded once."""
    return Referential.load()


@pytest.fixture(scope="session")
def durable_engine() -> Iterator[Engine]:
    """The hardened durable_rules engine; CI requires it, elsewhere it may be absent."""
    if not durable_available():
        if DURABLE_REQUIRED:
            pytest.fail("durable_rules is required here (install pixcore[durable])")
        pytest.skip("durable_rules not installed (pip install 'pixcore[durable]')")
    from pixcore.rules.durable import DurableEngine

    engine = DurableEngine()
    yield engine
    engine.close()


@pytest.fixture(params=["pure", "durable"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each engine in turn: every rule test runs on both."""
    if request.param == "pure":
        return PURE_ENGINE
    durable: Engine = request.getfixturevalue("durable_engine")
    return durable
