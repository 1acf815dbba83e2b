"""The ``pixcore.plugins`` entry point of ``pixcore-postgres``.

Declared as ``postgres = "pixcore_postgres.plugin"``.

Importing this module opens nothing.

- ``pixcore_open_store(location)``: for a ``postgresql://`` or ``postgres://`` location,
  a new :class:`~pixcore_postgres.PostgresPlugin` the caller registers and closes (other
  locations: ``None``). ``?schema=NAME`` chooses the schema; other query parameters go
  to libpq (``sslmode``, ``target_session_attrs``...).
- ``pixcore_store_migrate(location, apply)``: migrates the schema at such a location.
- ``pixcore_event_store()``: when the environment variable ``PIXCORE_POSTGRES_DSN`` is
  set, the store at that DSN (opened on the first call, then reused; its coded error
  if it cannot be used), and live events delivered to every plugin manager this module
  is registered in; otherwise ``None`` (there is no in-memory fallback: without a
  store, ``SessionService`` refuses to start with ``STORE_NOT_CONFIGURED``).
  :func:`close_stores` closes what it opened.
"""

from __future__ import annotations

import os
import threading
import weakref

import pluggy

from pixcore.host.hookspecs import hookimpl
from pixcore.host.migrations import StoreMigration
from pixcore_postgres._config import SCHEMES
from pixcore_postgres._plugin import PostgresPlugin
from pixcore_postgres.admin import migrate
from pixcore_postgres.store import PostgresEventStore

__all__ = [
    "DSN_ENV",
    "PostgresPlugin",
    "close_stores",
    "pixcore_addhooks",
    "pixcore_event_store",
    "pixcore_open_store",
    "pixcore_store_migrate",
]

DSN_ENV = "PIXCORE_POSTGRES_DSN"
"""The environment variable naming the database of the auto-loaded plugin."""

_lock = threading.Lock()
_plugins: dict[str, PostgresPlugin] = {}
_managers: weakref.WeakSet[pluggy.PluginManager] = weakref.WeakSet()


@hookimpl
def pixcore_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Remember the plugin manager, to deliver live events to it once the store is open."""
    if os.environ.get(DSN_ENV):
        with _lock:
            _managers.add(pluginmanager)


@hookimpl
def pixcore_event_store() -> PostgresEventStore | None:
    """The store at ``$PIXCORE_POSTGRES_DSN``, or ``None`` when the variable is unset."""
    dsn = os.environ.get(DSN_ENV)
    if not dsn:
        return None
    with _lock:
        plugin = _plugins.get(dsn)
        if plugin is None:
            plugin = _plugins[dsn] = PostgresPlugin(dsn)
        managers = list(_managers)
    for manager in managers:
        plugin.listen(manager)
    return plugin.events


@hookimpl
def pixcore_open_store(location: str) -> PostgresPlugin | None:
    """A :class:`PostgresPlugin` on a ``postgresql://`` location; None for other locations."""
    if not location.startswith(SCHEMES):
        return None
    return PostgresPlugin(location)


@hookimpl
def pixcore_store_migrate(location: str, apply: bool) -> StoreMigration | None:
    """Migrate the schema at a ``postgresql://`` location; None for other locations."""
    if not location.startswith(SCHEMES):
        return None
    return migrate(location, apply=apply)


def close_stores() -> None:
    """Close every store this module opened (for tests and orderly shutdowns)."""
    with _lock:
        plugins = list(_plugins.values())
        _plugins.clear()
        _managers.clear()
    for plugin in plugins:
        plugin.close()
