"""pixcore's hypothesis profiles, shared by every test suite (and hosts that want them).

- ``ci`` (the default): bounded, derandomised (the same examples on every run, so a
  failure is reproducible and printed with its blob), no deadline;
- ``dev``: quick;
- ``thorough``: far more examples, for a long run before a release;
- ``mutmut``: few derandomised examples and no example database, for mutation runs.

Choose with ``HYPOTHESIS_PROFILE=thorough``. Property tests, the state machines and the
store contract (:mod:`pixcore.testing.store_contract`) take their example counts from
the active profile: none of them hard-codes ``max_examples``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__ = ["PROFILE_ENV", "load_profile", "register_profiles"]

PROFILE_ENV = "HYPOTHESIS_PROFILE"
"""The environment variable naming the profile to load (default ``ci``)."""


def register_profiles() -> None:
    """Register the ``ci``, ``dev``, ``thorough`` and ``mutmut`` profiles (idempotent)."""
    settings.register_profile(
        "ci",
        max_examples=150,
        deadline=None,
        print_blob=True,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile("dev", max_examples=30, deadline=None)
    settings.register_profile(
        "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.register_profile(
        "mutmut",
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def load_profile() -> str:
    """Register the profiles and load the one ``$HYPOTHESIS_PROFILE`` names; return its name."""
    register_profiles()
    name = os.environ.get(PROFILE_ENV, "ci")
    settings.load_profile(name)
    return name
