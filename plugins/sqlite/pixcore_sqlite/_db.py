"""Shared plumbing: opening a connection, the versioned schema, transactions, timestamps.

Every store owns **one** connection guarded by a :class:`threading.Lock` (measured
against a connection per thread: see the README). Statements run in autocommit mode
(``isolation_level=None``); writes are explicit ``BEGIN IMMEDIATE`` … ``COMMIT``
transactions, so the write lock is taken before anything is read.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, Self

from pixcore.errors import ServiceUnavailableError
from pixcore_sqlite.errors import SqliteStoreError

__all__ = [
    "SCHEMA_VERSION",
    "Synchronous",
    "from_text",
    "to_text",
]

SCHEMA_VERSION = 1
"""The schema this version writes, kept in ``PRAGMA user_version``."""

Synchronous = Literal["FULL", "NORMAL"]
"""SQLite's ``synchronous`` setting: ``FULL`` fsyncs the WAL at every commit."""

_SCHEMA_V1 = (
    """CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        CONSTRAINT events_stream_version UNIQUE (stream, version)
    )""",
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TABLE IF NOT EXISTS gar_requests (
        request_id TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS gar_requests_expiry ON gar_requests (expires_at)",
    """CREATE TABLE IF NOT EXISTS gar_replay (
        key TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS gar_replay_expiry ON gar_replay (expires_at)",
)


def to_text(moment: datetime) -> str:
    """``moment`` as fixed-width ISO 8601 UTC text (sorts like the instants it names).

    :raises ValueError: for a naive datetime (its instant is unknown).
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is required (naive datetimes name no instant)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    """The aware UTC datetime written by :func:`to_text`."""
    return datetime.fromisoformat(text)


def _connect(
    path: str | os.PathLike[str], *, timeout: float, synchronous: Synchronous
) -> sqlite3.Connection:
    if synchronous not in ("FULL", "NORMAL"):
        raise ValueError(f"synchronous must be 'FULL' or 'NORMAL', not {synchronous!r}")
    conn = sqlite3.connect(
        os.fspath(path), timeout=timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        mode = _wal_mode(conn, timeout)
        if mode != "wal":
            raise SqliteStoreError("SQLITE_WAL_UNAVAILABLE")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        _ensure_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _wal_mode(conn: sqlite3.Connection, timeout: float) -> str:
    """Switch to WAL and return the journal mode now in force.

    Switching a fresh file to WAL needs an exclusive lock that SQLite does not wait
    for through ``busy_timeout``: when many connections open a new file at once, all
    but one get "database is locked". Retry, with a short sleep, up to ``timeout``.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def _user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SqliteStoreError(
            "SQLITE_SCHEMA_TOO_NEW", meta={"found": version, "supported": SCHEMA_VERSION}
        )
    return version


def _ensure_schema(conn: sqlite3.Connection) -> None:
    if _user_version(conn) == SCHEMA_VERSION:
        return
    with _immediate(conn):
        # Another process may have created it while we waited for the write lock.
        if _user_version(conn) == 0:
            for statement in _SCHEMA_V1:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: ``BEGIN IMMEDIATE``, then ``COMMIT`` or ``ROLLBACK``."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _busy(exc) from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _busy(exc: sqlite3.OperationalError) -> Exception:
    if "locked" in str(exc) or "busy" in str(exc):
        return ServiceUnavailableError(meta={"service": "sqlite"})
    return exc


class Database:
    """One connection to a pixcore SQLite file, a lock around it, and closing."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 30.0,
        synchronous: Synchronous = "FULL",
    ) -> None:
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = _connect(
            self.path, timeout=timeout, synchronous=synchronous
        )

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._open()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._open()
            with _immediate(conn):
                yield conn

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise sqlite3.ProgrammingError("Cannot operate on a closed store.")
        return self._conn

    def close(self) -> None:
        """Close the connection (idempotent); the store cannot be used afterwards."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
