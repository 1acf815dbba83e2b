"""Built-in default answers to pixcore's firstresult hooks, all registered ``trylast``.

One :class:`Defaults` instance per plugin manager (no module-level state): an in-memory
event store and attachment store for that manager's lifetime, and the system clock.
This module is the host's edge: the pure core never calls it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

from pixcore.host.hookspecs import hookimpl
from pixcore.host.store import EventStore, InMemoryEventStore

__all__ = ["Defaults"]


class Defaults:
    """The defaults plugin: in-memory stores and the system clock."""

    def __init__(self) -> None:
        self._events = InMemoryEventStore()
        self._attachments: dict[str, bytes] = {}
        self._lock = threading.Lock()

    @hookimpl(trylast=True)
    def pixcore_event_store(self) -> EventStore:
        """An in-memory event store, for one process."""
        return self._events

    @hookimpl(trylast=True)
    def pixcore_now(self) -> dt.datetime:
        """The system clock, in UTC."""
        return dt.datetime.now(dt.UTC)

    @hookimpl(trylast=True)
    def pixcore_store_attachment(
        self, session_number: int, kind: str, filename: str, content: bytes
    ) -> str:
        """Keep the file in memory; the reference names its content hash."""
        digest = hashlib.sha256(content).hexdigest()[:16]
        reference = f"memory:{session_number}/{kind}/{digest}"
        with self._lock:
            self._attachments[reference] = content
        return reference

    @hookimpl(trylast=True)
    def pixcore_attachment_exists(self, reference: str) -> bool:
        """Whether the reference was stored here."""
        with self._lock:
            return reference in self._attachments
