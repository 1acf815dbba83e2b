"""Request and replay stores for ``pixcore-gar``, shared by every process using the file.

:class:`SqliteGarStore` implements the three storage hooks of ``pixcore_gar``
(``pixcore_gar_store_request``, ``pixcore_gar_consume_request``,
``pixcore_gar_replay_check_and_store``) on two tables of the same database file as the
events. Atomicity comes from primary keys: a replay key is stored by one
``INSERT … ON CONFLICT`` statement and ``changes()`` says whether it was new; a request
is consumed by one conditional ``UPDATE``. Expired rows are purged on every write, "now"
coming from an injectable clock (the hooks only receive ``expires_at``).

The methods are plain methods; :class:`pixcore_sqlite.SqlitePlugin` exposes them as
hook implementations.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from pixcore_sqlite._db import Database, IntegrityCheck, Synchronous, from_text, to_text

__all__ = ["Clock", "RequestState", "SqliteGarStore"]

Clock = Callable[[], datetime]
"""A function returning the current aware datetime."""

RequestState = Literal["fresh", "used", "unknown"]
"""What :meth:`SqliteGarStore.consume_request` found (same values as ``pixcore_gar``)."""

_STORE_REQUEST = (
    "INSERT INTO gar_requests (request_id, expires_at) VALUES (?, ?)"
    " ON CONFLICT (request_id) DO UPDATE SET expires_at = excluded.expires_at"
)
_CONSUME = "UPDATE gar_requests SET used = 1 WHERE request_id = ? AND used = 0 AND expires_at > ?"
_REPLAY = (
    "INSERT INTO gar_replay (key, expires_at) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at"
    " WHERE gar_replay.expires_at <= ?"
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SqliteGarStore(Database):
    """GAR AuthnRequest ids and assertion replay keys in a SQLite file.

    :param path: the database file (the event store's file is fine).
    :param clock: returns "now" (aware); expired rows are purged relative to it.
    :param timeout: seconds a writer waits for another one before giving up.
    :param synchronous: ``"FULL"`` (default) or ``"NORMAL"``.
    :param integrity_check: ``"quick"`` (default), ``"full"`` or ``"off"`` when opened.
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
        super().__init__(
            path, timeout=timeout, synchronous=synchronous, integrity_check=integrity_check
        )
        self._clock = clock

    def store_request(self, request_id: str, expires_at: datetime) -> None:
        """Remember ``request_id`` until ``expires_at`` (a used id stays used)."""
        expires = to_text(expires_at)
        now = to_text(self._clock())
        with self._write() as conn:
            conn.execute("DELETE FROM gar_requests WHERE expires_at <= ?", (now,))
            conn.execute(_STORE_REQUEST, (request_id, expires))

    def consume_request(self, request_id: str) -> RequestState:
        """Mark ``request_id`` used: ``"fresh"`` once, then ``"used"``; else ``"unknown"``.

        An id never stored, or expired, is ``"unknown"``; once purged, a used and expired
        id is ``"unknown"`` too (both are refusals).
        """
        now = to_text(self._clock())
        with self._write() as conn:
            if conn.execute(_CONSUME, (request_id, now)).rowcount == 1:
                return "fresh"
            row = conn.execute(
                "SELECT used FROM gar_requests WHERE request_id = ?", (request_id,)
            ).fetchone()
            return "used" if row is not None and row[0] else "unknown"

    def replay_check_and_store(self, key: str, expires_at: datetime) -> bool:
        """Store ``key`` until ``expires_at``: ``True`` if new (or expired), ``False`` if seen."""
        expires = to_text(expires_at)
        now = to_text(self._clock())
        with self._write() as conn:
            stored = conn.execute(_REPLAY, (key, expires, now)).rowcount == 1
            conn.execute("DELETE FROM gar_replay WHERE expires_at <= ?", (now,))
        return stored

    def replay_expiry(self, key: str) -> datetime | None:
        """When ``key`` leaves the replay table (for tests and diagnostics)."""
        with self._read() as conn:
            row = conn.execute("SELECT expires_at FROM gar_replay WHERE key = ?", (key,)).fetchone()
        return None if row is None else from_text(row[0])
