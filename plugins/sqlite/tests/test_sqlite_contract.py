"""The event store contract (pixcore.testing.store_contract) on SQLite, cache on and off.

Each store is a fresh file; the reopened handle is a new connection with a cold cache.
Faults are injected with a raw connection that drops the append-only triggers.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pixcore_sqlite import SqliteEventStore

from pixcore.host.store import EventStore
from pixcore.testing.store_contract import EventStoreContract


def tamper(store: EventStore, statement: str, *args: object) -> None:
    """Run ``statement`` on the store's file, as damage or tampering would."""
    assert isinstance(store, SqliteEventStore)
    raw = sqlite3.connect(store.path, isolation_level=None)
    try:
        raw.execute("DROP TRIGGER IF EXISTS events_no_update")
        raw.execute("DROP TRIGGER IF EXISTS events_no_delete")
        raw.execute(statement, args)
    finally:
        raw.close()


class TestSqliteEventStore(EventStoreContract):
    cache_streams = 128

    @contextlib.contextmanager
    def open_store(self) -> Iterator[EventStore]:
        with (
            tempfile.TemporaryDirectory() as folder,
            SqliteEventStore(
                Path(folder) / "contract.db", synchronous="NORMAL", cache_streams=self.cache_streams
            ) as store,
        ):
            yield store

    @contextlib.contextmanager
    def reopen(self, store: EventStore) -> Iterator[EventStore]:
        assert isinstance(store, SqliteEventStore)
        with SqliteEventStore(store.path, cache_streams=self.cache_streams) as other:
            yield other

    def remove_event(self, store: EventStore, stream: str, version: int) -> None:
        tamper(store, "DELETE FROM events WHERE stream = ? AND version = ?", stream, version)

    def damage_event(self, store: EventStore, stream: str, version: int, data: str) -> None:
        sql = "UPDATE events SET data = ? WHERE stream = ? AND version = ?"
        tamper(store, sql, data, stream, version)

    def raw_bytes(self, store: EventStore) -> bytes:
        assert isinstance(store, SqliteEventStore)
        files = [Path(store.path + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
        return b"".join(f.read_bytes() for f in files if f.exists())


class TestSqliteEventStoreUncached(TestSqliteEventStore):
    cache_streams = 0


class TestSqliteEventStoreOneStreamCached(TestSqliteEventStore):
    cache_streams = 1
