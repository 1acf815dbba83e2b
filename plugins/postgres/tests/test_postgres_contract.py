"""The event store contract (pixcore.testing.store_contract) on PostgreSQL.

Each store is a migrated, empty schema (new, or recycled: emptied) on the session's
throwaway cluster; the reopened handle is a second store on its own pool (other
connections), opened once per store: the session machine reopens after every step, and
a new pool each time would only measure connection set-up (this store keeps no cache to
make cold). Faults are injected as the superuser, with the append-only trigger disabled
for the tampering transaction only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pg_support
from pixcore_postgres import PostgresEventStore

from pixcore.host.store import EventStore
from pixcore.testing.store_contract import EventStoreContract


class TestPostgresEventStore(EventStoreContract):
    _others: dict[str, PostgresEventStore]

    @contextlib.contextmanager
    def open_store(self) -> Iterator[EventStore]:
        if not hasattr(self, "_others"):
            self._others = {}
        schema = pg_support.take_schema()
        dsn = f"{pg_support.shared().dsn()}?schema={schema}"
        try:
            with PostgresEventStore(dsn, pool_size=4) as store:
                yield store
        finally:
            other = self._others.pop(schema, None)
            if other is not None:
                other.close()
            pg_support.give_back(schema)

    @contextlib.contextmanager
    def reopen(self, store: EventStore) -> Iterator[EventStore]:
        assert isinstance(store, PostgresEventStore)
        other = self._others.get(store.db.schema)
        if other is None:
            dsn = f"{pg_support.shared().dsn()}?schema={store.db.schema}"
            other = self._others[store.db.schema] = PostgresEventStore(dsn, pool_size=1)
        assert other.db is not store.db
        yield other

    def raw_bytes(self, store: EventStore) -> bytes:
        assert isinstance(store, PostgresEventStore)
        return pg_support.relation_bytes(store.db.schema)

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
