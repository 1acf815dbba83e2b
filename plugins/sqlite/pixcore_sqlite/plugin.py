"""The ``pixcore.plugins`` entry point of ``pixcore-sqlite`` (``sqlite = "pixcore_sqlite.plugin"``).

Importing this module opens nothing. Its ``pixcore_event_store`` hook answers only when
the environment variable ``PIXCORE_SQLITE_PATH`` names a database file; otherwise it
returns ``None`` and the next store (the core's in-memory default) answers. The store
is opened on the first call and reused for that path; :func:`close_stores` closes it.

The GAR storage hooks are not answered from here: register
:class:`pixcore_sqlite.SqlitePlugin` explicitly for them.
"""

from __future__ import annotations

import os
import threading

from pixcore.hookspecs import hookimpl
from pixcore_sqlite._plugin import SqlitePlugin
from pixcore_sqlite.store import SqliteEventStore

__all__ = ["PATH_ENV", "SqlitePlugin", "close_stores", "pixcore_event_store"]

PATH_ENV = "PIXCORE_SQLITE_PATH"
"""The environment variable naming the database file of the auto-loaded plugin."""

_lock = threading.Lock()
_stores: dict[str, SqliteEventStore] = {}


@hookimpl
def pixcore_event_store() -> SqliteEventStore | None:
    """The store at ``$PIXCORE_SQLITE_PATH``, or ``None`` when the variable is unset or empty."""
    path = os.environ.get(PATH_ENV)
    if not path:
        return None
    key = os.path.abspath(path)
    with _lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = SqliteEventStore(key)
        return store


def close_stores() -> None:
    """Close every store this module opened (for tests and orderly shutdowns)."""
    with _lock:
        for store in _stores.values():
            store.close()
        _stores.clear()
