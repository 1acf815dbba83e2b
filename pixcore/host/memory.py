"""In-memory stores, chosen on purpose: tests, demos and throw-away hosts.

:class:`MemoryStorePlugin` answers ``pixcore_event_store`` with an
:class:`~pixcore.host.store.InMemoryEventStore` and keeps attachments in memory
(:class:`MemoryAttachments` alone keeps only attachments). Nothing survives the process:
pixcore never falls back to them (issue 8 §2); a host or a test registers one
explicitly::

    pm = pixcore.create_plugin_manager(plugins=[MemoryStorePlugin(), clock])
"""

from __future__ import annotations

import hashlib
import threading

from pixcore.host.hookspecs import hookimpl
from pixcore.host.store import EventStore, InMemoryEventStore

__all__ = ["EventStorePlugin", "MemoryAttachments", "MemoryStorePlugin"]


class EventStorePlugin:
    """A plugin answering ``pixcore_event_store`` with the store it was given.

    :param store: any :class:`~pixcore.host.store.EventStore`.
    """

    def __init__(self, store: EventStore) -> None:
        self.events = store
        """The event store this plugin answers with."""

    @hookimpl
    def pixcore_event_store(self) -> EventStore:
        """The store given to this plugin."""
        return self.events


class MemoryAttachments:
    """Attachments in this object's memory, for its lifetime only."""

    PREFIX = "memory:"

    def __init__(self) -> None:
        self._attachments: dict[str, bytes] = {}
        self._lock = threading.Lock()

    @hookimpl
    def pixcore_store_attachment(
        self, session_number: int, kind: str, filename: str, content: bytes
    ) -> str:
        """Keep the file in memory; the reference names its content hash."""
        digest = hashlib.sha256(content).hexdigest()[:16]
        reference = f"{self.PREFIX}{int(session_number)}/{kind}/{digest}"
        with self._lock:
            self._attachments[reference] = content
        return reference

    @hookimpl
    def pixcore_attachment_exists(self, reference: str) -> bool | None:
        """Whether the reference was stored here (None for other stores' references)."""
        if not reference.startswith(self.PREFIX):
            return None
        with self._lock:
            return reference in self._attachments

    @hookimpl
    def pixcore_delete_attachment(self, reference: str) -> bool | None:
        """Forget the attachment; None for other stores' references."""
        if not reference.startswith(self.PREFIX):
            return None
        with self._lock:
            return self._attachments.pop(reference, None) is not None


class MemoryStorePlugin(MemoryAttachments, EventStorePlugin):
    """Sessions and attachments in memory: an in-memory event store and attachments.

    :param events: the event store to answer with (a fresh
        :class:`~pixcore.host.store.InMemoryEventStore` by default).
    """

    def __init__(self, events: EventStore | None = None) -> None:
        MemoryAttachments.__init__(self)
        EventStorePlugin.__init__(self, events if events is not None else InMemoryEventStore())
