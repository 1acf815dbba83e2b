"""The clock the adapter reads: injectable, so tests never sleep through a block."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "utc_now"]

Clock = Callable[[], datetime]
"""A callable returning the current time, timezone-aware."""


def utc_now() -> datetime:
    """Return the current UTC time (the default :data:`Clock`)."""
    return datetime.now(UTC)
