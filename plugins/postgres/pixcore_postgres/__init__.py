"""pixcore-postgres: a pixcore store on PostgreSQL that many application servers share.

- :class:`PostgresEventStore`: append-only event streams, one per session, with
  optimistic concurrency, one transaction per command and retry safety when a
  connection breaks.
- :class:`PostgresGarStore`: GAR AuthnRequest ids and assertion replay keys.
- :class:`LiveEvents`: the events other processes append, delivered as they commit.
- :class:`PostgresPlugin`: one plugin object answering the store hooks of all three.
- :func:`migrate`: the versioned schema migrations (``pixcore store migrate``).

The entry point :mod:`pixcore_postgres.plugin` opens ``postgresql://`` locations and
answers ``pixcore_event_store`` when ``PIXCORE_POSTGRES_DSN`` is set.
"""

from __future__ import annotations

from pixcore_postgres._db import Database
from pixcore_postgres._plugin import PostgresPlugin
from pixcore_postgres._schema import MIGRATIONS, SCHEMA_VERSION, Migration
from pixcore_postgres.admin import migrate
from pixcore_postgres.errors import (
    MESSAGES,
    PostgresCorruptError,
    PostgresOutcomeUnknownError,
    PostgresStoreError,
    PostgresUnavailableError,
)
from pixcore_postgres.gar import PostgresGarStore
from pixcore_postgres.live import LiveEvents
from pixcore_postgres.store import PostgresEventStore

__all__ = [
    "MESSAGES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Database",
    "LiveEvents",
    "Migration",
    "PostgresCorruptError",
    "PostgresEventStore",
    "PostgresGarStore",
    "PostgresOutcomeUnknownError",
    "PostgresPlugin",
    "PostgresStoreError",
    "PostgresUnavailableError",
    "migrate",
]

__version__ = "0.1.0"
