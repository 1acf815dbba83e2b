"""The event store contract (pixcore.testing.store_contract) on the in-memory store."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from pixcore.host.store import EventStore, InMemoryEventStore
from pixcore.testing.store_contract import EventStoreContract


def _rows(store: EventStore, stream: str) -> list:  # type: ignore[type-arg]
    assert isinstance(store, InMemoryEventStore)
    return store._streams[stream]


class TestInMemoryEventStore(EventStoreContract):
    @contextlib.contextmanager
    def open_store(self) -> Iterator[EventStore]:
        yield InMemoryEventStore()

    def remove_event(self, store: EventStore, stream: str, version: int) -> None:
        rows = _rows(store, stream)
        rows[:] = [row for row in rows if row.version != version]

    def damage_event(self, store: EventStore, stream: str, version: int, data: str) -> None:
        rows = _rows(store, stream)
        rows[:] = [row._replace(data=data) if row.version == version else row for row in rows]

    def raw_bytes(self, store: EventStore) -> bytes:
        assert isinstance(store, InMemoryEventStore)
        return repr((store._streams, store._personal)).encode()
