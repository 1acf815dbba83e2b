"""`PostgresPlugin`: one object that plugs the event store, the GAR stores and live events in."""

from __future__ import annotations

import importlib
import threading
from datetime import datetime
from typing import Self

import pluggy

from pixcore.events import Event
from pixcore.host.hookspecs import hookimpl
from pixcore_postgres._db import Database
from pixcore_postgres.gar import Clock, PostgresGarStore, RequestState, _utcnow
from pixcore_postgres.live import LiveEvents
from pixcore_postgres.store import PostgresEventStore

__all__ = ["PostgresPlugin"]


class PostgresPlugin:
    """Register this object to keep sessions, GAR request ids and replay keys in PostgreSQL.

    It answers ``pixcore_event_store`` and, when ``pixcore-gar`` is installed, the three
    GAR storage hooks (``optionalhook``; it adds the GAR specs itself, like
    ``pixcore_sqlite.SqlitePlugin``). With ``live=True`` (the default), once registered
    in a plugin manager it listens for the events other processes append and calls that
    manager's ``pixcore_on_event`` for each (:class:`~pixcore_postgres.live.LiveEvents`,
    on a thread of its own).

    The database is checked when the plugin is built: unreachable, refused, missing or
    not migrated, it raises its coded :class:`~pixcore_postgres.errors.PostgresStoreError`
    at once.

    :param dsn: a libpq URI (``postgresql://host/db?schema=pixcore``) or ``key=value``.
    :param schema: the schema (default: the URI's ``?schema=``, else ``pixcore``).
    :param clock: "now" for the GAR expiry purge.
    :param pool_size: the most connections this process opens (plus one to listen).
    :param statement_timeout: seconds a statement may run before the server cancels it.
    :param reconnect_timeout: seconds to keep reconnecting after a connection broke.
    :param live: deliver other processes' events to ``pixcore_on_event``.

    **Example**::

        plugin = PostgresPlugin("postgresql://db.example/pixcore")
        pm = pixcore.create_plugin_manager(plugins=[plugin, FolderAttachments("pieces/")])
        service = SessionService(PluginHost(pm))
    """

    def __init__(
        self,
        dsn: str,
        *,
        schema: str | None = None,
        clock: Clock = _utcnow,
        pool_size: int = 10,
        statement_timeout: float = 30.0,
        reconnect_timeout: float = 30.0,
        live: bool = True,
    ) -> None:
        self.db = Database(
            dsn,
            schema=schema,
            pool_size=pool_size,
            statement_timeout=statement_timeout,
            reconnect_timeout=reconnect_timeout,
        )
        self.events = PostgresEventStore(self.db, notify=True)
        """The event store this plugin answers with."""
        self.gar = PostgresGarStore(self.db, clock=clock)
        """The GAR request and replay store (same database and schema)."""
        self.live = live
        self._listeners: dict[int, LiveEvents] = {}
        self._lock = threading.Lock()

    @hookimpl
    def pixcore_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        """Add ``pixcore_gar``'s hook specs when installed; listen for this manager."""
        _add_gar_specs(pluginmanager)
        if self.live:
            self.listen(pluginmanager)

    def listen(self, pluginmanager: pluggy.PluginManager) -> LiveEvents:
        """Deliver other processes' events to ``pluginmanager``'s ``pixcore_on_event``."""

        def deliver(event: Event, stream: str, version: int) -> None:
            pluginmanager.hook.pixcore_on_event(event=event, stream=stream, version=version)

        with self._lock:
            listener = self._listeners.get(id(pluginmanager))
            if listener is None:
                listener = LiveEvents(self.events, deliver).start()
                self._listeners[id(pluginmanager)] = listener
            return listener

    @property
    def listeners(self) -> tuple[LiveEvents, ...]:
        """The live-event listeners running (one per plugin manager)."""
        with self._lock:
            return tuple(self._listeners.values())

    @hookimpl
    def pixcore_event_store(self) -> PostgresEventStore:
        """Answer with this plugin's :class:`PostgresEventStore`."""
        return self.events

    @hookimpl(optionalhook=True)
    def pixcore_gar_store_request(self, request_id: str, expires_at: datetime) -> None:
        """Remember a GAR AuthnRequest id until ``expires_at``."""
        self.gar.store_request(request_id, expires_at)

    @hookimpl(optionalhook=True)
    def pixcore_gar_consume_request(self, request_id: str) -> RequestState:
        """Mark a GAR AuthnRequest id used: ``fresh``, ``used`` or ``unknown``."""
        return self.gar.consume_request(request_id)

    @hookimpl(optionalhook=True)
    def pixcore_gar_replay_check_and_store(self, key: str, expires_at: datetime) -> bool:
        """Store a replay key; ``False`` when it was already there (a replay)."""
        return self.gar.replay_check_and_store(key, expires_at)

    def close(self) -> None:
        """Stop the listeners and close the pool (idempotent)."""
        with self._lock:
            listeners, self._listeners = list(self._listeners.values()), {}
        for listener in listeners:
            listener.close()
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _add_gar_specs(pluginmanager: pluggy.PluginManager) -> None:
    """Add ``pixcore_gar``'s hook specs when it is installed and they are missing."""
    caller = getattr(pluginmanager.hook, "pixcore_gar_store_request", None)
    if caller is not None and caller.has_spec():
        return
    try:
        specs = importlib.import_module("pixcore_gar.hookspecs")
    except ImportError:
        return
    pluginmanager.add_hookspecs(specs.GarSpecs)
