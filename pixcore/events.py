"""Domain events: immutable facts, one pydantic model per kind.

:class:`Event` is the base of every event. The session lifecycle (its events, the
reducer, the commands) builds on it.
"""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["Event"]


class Event(BaseModel, frozen=True, extra="forbid"):
    """Base of every domain event: frozen, strict about unknown fields."""
