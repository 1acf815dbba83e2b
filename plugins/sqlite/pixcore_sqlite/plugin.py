"""The ``pixcore.plugins`` entry point of ``pixcore-sqlite`` (``sqlite = "pixcore_sqlite.plugin"``).

Importing this module opens nothing. Its ``pixcore_event_store`` hook answers only when
the environment variable ``PIXCORE_SQLITE_PATH`` names a database file; otherwise it
returns ``None`` and another store plugin must answer (there is no in-memory default:
without one, ``SessionService`` refuses to start with ``STORE_NOT_CONFIGURED``). The
store is opened on the first call and reused for that path (a file that cannot be
opened raises its coded error then); :func:`close_stores` closes it.

The GAR storage hooks are not answered from here: register
:class:`pixcore_sqlite.SqlitePlugin` explicitly for them, or ask for one by location:
``pixcore_open_store("sqlite:PATH")`` (or a plain file path) returns a new
:class:`SqlitePlugin` the caller registers and closes; ``?synchronous=NORMAL`` may follow.
"""

from __future__ import annotations

import os
import threading
from urllib.parse import parse_qsl

from pixcore.host.hookspecs import hookimpl
from pixcore_sqlite._plugin import SqlitePlugin
from pixcore_sqlite.errors import SqliteStoreError
from pixcore_sqlite.store import SqliteEventStore

__all__ = [
    "PATH_ENV",
    "SCHEME",
    "SqlitePlugin",
    "close_stores",
    "pixcore_event_store",
    "pixcore_open_store",
]

PATH_ENV = "PIXCORE_SQLITE_PATH"
"""The environment variable naming the database file of the auto-loaded plugin."""

SCHEME = "sqlite:"
"""The prefix of the locations this plugin opens; a location without a scheme is a path."""

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


@hookimpl
def pixcore_open_store(location: str) -> SqlitePlugin | None:
    """A :class:`SqlitePlugin` on ``sqlite:PATH`` or a plain path; None for other schemes.

    ``?synchronous=NORMAL`` (or ``FULL``, the default) may follow the path. A location
    with another scheme (``postgresql://...``) belongs to another store.
    """
    path, _, query = location.partition("?")
    if path.startswith(SCHEME):
        path = path.removeprefix(SCHEME).removeprefix("//")
    elif _has_scheme(path):
        return None
    options = dict(parse_qsl(query))
    synchronous = options.get("synchronous", "FULL").upper()
    if synchronous not in ("FULL", "NORMAL") or set(options) - {"synchronous"} or not path:
        raise SqliteStoreError("SQLITE_LOCATION_NOT_VALID")
    return SqlitePlugin(path, synchronous="NORMAL" if synchronous == "NORMAL" else "FULL")


def _has_scheme(path: str) -> bool:
    scheme, colon, _ = path.partition(":")
    return bool(colon) and len(scheme) > 1 and scheme.replace("+", "").isalnum()


def close_stores() -> None:
    """Close every store this module opened (for tests and orderly shutdowns)."""
    with _lock:
        for store in _stores.values():
            store.close()
        _stores.clear()
