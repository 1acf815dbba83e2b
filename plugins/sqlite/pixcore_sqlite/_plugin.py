"""`SqlitePlugin`: one object that plugs the event store and the GAR stores into a host."""

from __future__ import annotations

import importlib
import os
from datetime import datetime
from types import TracebackType
from typing import Self

import pluggy

from pixcore.host.hookspecs import hookimpl
from pixcore_sqlite._db import IntegrityCheck, Synchronous
from pixcore_sqlite.gar import Clock, RequestState, SqliteGarStore, _utcnow
from pixcore_sqlite.store import SqliteEventStore

__all__ = ["SqlitePlugin"]


class SqlitePlugin:
    """Register this object to keep sessions, GAR request ids and replay keys in ``path``.

    It answers ``pixcore_event_store`` and, when ``pixcore-gar`` is installed, the three
    GAR storage hooks. Those are ``optionalhook`` implementations: without
    ``pixcore-gar`` the plugin manager's ``check_pending`` still passes. With it, the
    plugin adds the GAR hook specs itself (``pixcore_addhooks``), so the GAR hooks keep
    their ``firstresult`` semantics whichever of the two plugins is registered first.

    :param path: the database file (created on first use).
    :param clock: "now" for the GAR expiry purge.
    :param timeout: seconds a writer waits for another one.
    :param synchronous: ``"FULL"`` (default) or ``"NORMAL"``.
    :param integrity_check: ``"quick"`` (default), ``"full"`` or ``"off"``: what is
        checked when the file is opened (once, by the event store's connection).

    **Example**::

        plugin = SqlitePlugin("/var/lib/pixcore/pixcore.db")
        pm = pixcore.create_plugin_manager(plugins=[plugin, FolderAttachments("pieces/")])
        store = pm.hook.pixcore_event_store()
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Clock = _utcnow,
        timeout: float = 30.0,
        synchronous: Synchronous = "FULL",
        integrity_check: IntegrityCheck = "quick",
    ) -> None:
        self.events = SqliteEventStore(
            path, timeout=timeout, synchronous=synchronous, integrity_check=integrity_check
        )
        """The event store this plugin answers with."""
        try:
            self.gar = SqliteGarStore(
                path, clock=clock, timeout=timeout, synchronous=synchronous, integrity_check="off"
            )
            """The GAR request and replay store (same file: checked once, above)."""
        except BaseException:
            self.events.close()
            raise

    @hookimpl
    def pixcore_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        """Add ``pixcore_gar``'s hook specs when it is installed and they are missing."""
        caller = getattr(pluginmanager.hook, "pixcore_gar_store_request", None)
        if caller is not None and caller.has_spec():
            return
        try:
            specs = importlib.import_module("pixcore_gar.hookspecs")
        except ImportError:
            return
        pluginmanager.add_hookspecs(specs.GarSpecs)

    @hookimpl
    def pixcore_event_store(self) -> SqliteEventStore:
        """Answer with this plugin's :class:`SqliteEventStore`."""
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
        """Close both stores."""
        self.events.close()
        self.gar.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
