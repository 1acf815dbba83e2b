"""The ``hypothesis`` entry point of pixcore: ``st.from_type`` for pixcore's models.

Hypothesis calls :func:`_hypothesis_setup_hook` while it is being imported, possibly
from inside ``import pixcore.testing``; so strategies are registered as deferred and
imported only when first drawn.
"""

from __future__ import annotations

import importlib
from typing import Any


def _lazy(name: str) -> Any:
    from hypothesis import strategies as st

    module = "pixcore.testing.strategies"
    return st.deferred(lambda: getattr(importlib.import_module(module), name)())


def _hypothesis_setup_hook() -> None:
    """Register pixcore's strategies for ``st.from_type`` (called by hypothesis)."""
    from hypothesis import strategies as st

    from pixcore.models import CertificationCourse, CompetenceProfile, ExtraTime, Session

    st.register_type_strategy(CompetenceProfile, _lazy("competence_profiles"))
    st.register_type_strategy(ExtraTime, _lazy("extra_times"))
    st.register_type_strategy(Session, _lazy("sessions"))
    st.register_type_strategy(CertificationCourse, _lazy("certification_courses"))
