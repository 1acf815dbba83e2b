"""pixcore-sqlite: the embedded default store of pixcore, on the standard library's sqlite3.

- :class:`SqliteEventStore`: append-only event streams, one per session, with optimistic
  concurrency, durable across ``kill -9`` (and power loss with ``synchronous="FULL"``).
- :class:`SqliteGarStore`: GAR AuthnRequest ids and assertion replay keys.
- :class:`SqlitePlugin`: one plugin object answering the store hooks of both.

The entry point :mod:`pixcore_sqlite.plugin` answers ``pixcore_event_store`` when the
environment variable ``PIXCORE_SQLITE_PATH`` is set.
"""

from __future__ import annotations

from pixcore_sqlite._db import SCHEMA_VERSION
from pixcore_sqlite._plugin import SqlitePlugin
from pixcore_sqlite.errors import SqliteStoreError
from pixcore_sqlite.gar import SqliteGarStore
from pixcore_sqlite.store import SqliteEventStore

__all__ = [
    "SCHEMA_VERSION",
    "SqliteEventStore",
    "SqliteGarStore",
    "SqlitePlugin",
    "SqliteStoreError",
]

__version__ = "0.1.0"
