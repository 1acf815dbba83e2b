"""The event store contract (pixcore.testing.store_contract) on PostgreSQL.

Each store is a fresh, migrated schema on the session's throwaway cluster; the reopened
handle is a new pool (new connections). Faults are injected as the superuser, with the
append-only trigger disabled for the tampering transaction only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pg_support
from pixcore_postgres import PostgresEventStore

from pixcore.host.store import EventStore
from pixcore.testing.store_contract import EventStoreContract


class TestPostgresEventStore(EventStoreContract):
    @contextlib.contextmanager
    def open_store(self) -> Iterator[EventStore]:
        dsn = pg_support.fresh_dsn()
        with PostgresEventStore(dsn, pool_size=4) as store:
            yield store
        schema = dsn.rpartition("schema=")[2]
        pg_support.raw(f'DROP SCHEMA "{schema}" CASCADE')

    @contextlib.contextmanager
    def reopen(self, store: EventStore) -> Iterator[EventStore]:
        assert isinstance(store, PostgresEventStore)
        dsn = f"{pg_support.shared().dsn()}?schema={store.db.schema}"
        with PostgresEventStore(dsn, pool_size=2) as other:
            yield other

    def remove_event(self, store: EventStore, stream: str, version: int) -> None:
        assert isinstance(store, PostgresEventStore)
        schema = store.db.schema
        sql = f'DELETE FROM "{schema}".events WHERE stream = %s AND version = %s'
        pg_support.raw(sql, stream, version, schema=schema)

    def damage_event(self, store: EventStore, stream: str, version: int, data: str) -> None:
        assert isinstance(store, PostgresEventStore)
        schema = store.db.schema
        sql = f'UPDATE "{schema}".events SET data = %s WHERE stream = %s AND version = %s'
        pg_support.raw(sql, data, stream, version, schema=schema)
