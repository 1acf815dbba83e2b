"""Administration: migrating a schema (what ``pixcore store migrate`` runs).

The role that migrates owns the schema (it creates tables, functions and triggers); the
application's servers may run under a role that only reads and appends (see the
README's privileges). Migrating is idempotent and safe when several servers do it at
once: the migrations run in one transaction under an advisory lock.
"""

from __future__ import annotations

import psycopg

from pixcore.host.migrations import StoreMigration
from pixcore_postgres._config import parse_location
from pixcore_postgres._faults import translated
from pixcore_postgres._schema import migrate as _migrate

__all__ = ["migrate"]


def migrate(dsn: str, *, schema: str | None = None, apply: bool = True) -> StoreMigration:
    """Bring the schema at ``dsn`` to this code's version; report what was (or would be) done.

    :param dsn: a libpq URI (``postgresql://host/db?schema=pixcore``) or ``key=value``.
    :param schema: the schema (default: the URI's ``?schema=``, else ``pixcore``).
    :param apply: ``False`` runs the missing migrations and rolls them back (a check).
    :raises PostgresStoreError: the coded reason the database cannot be migrated.
    """
    location = parse_location(dsn, schema=schema)
    with translated(where=location.where, opening=True):
        conn = psycopg.connect(location.conninfo, autocommit=True)
    with conn, translated(where=location.where):
        conn.execute("SET lock_timeout = 60000")
        return _migrate(
            conn, location.schema, channel=location.channel, location=location.safe, apply=apply
        )
