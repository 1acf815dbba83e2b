"""In-memory request and replay stores for one process.

:class:`InMemoryStore` implements ``pixcore_gar_store_request``,
``pixcore_gar_consume_request`` and ``pixcore_gar_replay_check_and_store`` behind one
lock, so check-and-store is atomic between threads. It is **not** shared between
processes: a host running several workers needs a shared store (Redis ``SET NX``, or
a unique index in SQL: ``pixcore_sqlite.SqlitePlugin`` provides one). Expired entries are
purged on write; a full store refuses new logins rather than forgetting live keys.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from pixcore.errors import ServiceUnavailableError
from pixcore.host.hookspecs import hookimpl
from pixcore_gar.hookspecs import RequestState

__all__ = ["InMemoryStore"]

Clock = Callable[[], datetime]
"""A function returning the current aware UTC datetime."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


class InMemoryStore:
    """A thread-safe, single-process request and replay store (register it as a plugin)."""

    def __init__(self, *, clock: Clock = _utcnow, max_entries: int = 100_000) -> None:
        self._clock = clock
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._requests: dict[str, datetime] = {}
        self._used_requests: dict[str, datetime] = {}
        self._replay: dict[str, datetime] = {}

    def _purge(self, table: dict[str, datetime], now: datetime) -> None:
        if len(table) < self._max_entries:
            return
        for key in [k for k, expires in table.items() if expires <= now]:
            del table[key]
        if len(table) >= self._max_entries:
            raise ServiceUnavailableError()

    @hookimpl
    def pixcore_gar_store_request(self, request_id: str, expires_at: datetime) -> None:
        """Remember ``request_id`` until ``expires_at``."""
        with self._lock:
            self._purge(self._requests, self._clock())
            self._requests[request_id] = expires_at

    @hookimpl
    def pixcore_gar_consume_request(self, request_id: str) -> RequestState:
        """Mark ``request_id`` used: ``fresh`` once, then ``used``; ``unknown`` otherwise."""
        now = self._clock()
        with self._lock:
            if request_id in self._used_requests:
                return "used"
            expires = self._requests.pop(request_id, None)
            if expires is None or expires <= now:
                return "unknown"
            self._purge(self._used_requests, now)
            self._used_requests[request_id] = expires
            return "fresh"

    @hookimpl
    def pixcore_gar_replay_check_and_store(self, key: str, expires_at: datetime) -> bool:
        """Store ``key`` until ``expires_at``; ``False`` when it is already there (replay)."""
        now = self._clock()
        with self._lock:
            seen = self._replay.get(key)
            if seen is not None and seen > now:
                return False
            self._purge(self._replay, now)
            self._replay[key] = expires_at
            return True

    def replay_expiry(self, key: str) -> datetime | None:
        """When ``key`` leaves the replay cache (for tests and diagnostics)."""
        with self._lock:
            return self._replay.get(key)
