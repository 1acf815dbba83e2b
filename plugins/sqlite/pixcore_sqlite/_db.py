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
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, Self

from pixcore_sqlite._faults import translated
from pixcore_sqlite.errors import SqliteCorruptError, SqliteStoreError

__all__ = [
    "NO_UPDATE_TRIGGER",
    "SCHEMA_VERSION",
    "Database",
    "IntegrityCheck",
    "Synchronous",
    "check_integrity",
    "from_text",
    "to_text",
]

SCHEMA_VERSION = 2
"""The schema this version writes, kept in ``PRAGMA user_version`` (2: personal data)."""

Synchronous = Literal["FULL", "NORMAL"]
"""SQLite's ``synchronous`` setting: ``FULL`` fsyncs the WAL at every commit."""

IntegrityCheck = Literal["quick", "full", "off"]
"""What to check when a file is opened: SQLite's ``quick_check`` (the default: every page
and record, not the index contents), the full ``integrity_check``, or nothing."""
_CHECKS = frozenset(("quick", "full", "off"))

NO_UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"""
"""The trigger that makes stored events immutable (lifted only by the issue-17 migration)."""

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
    NO_UPDATE_TRIGGER,
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

_SCHEMA_V2 = (
    # Issue 17: personal data lives here, erasable, never in ``events``.
    """CREATE TABLE IF NOT EXISTS personal_data (
        ref TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        data TEXT NOT NULL
    ) WITHOUT ROWID""",
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
    path: str, *, timeout: float, synchronous: Synchronous, integrity_check: IntegrityCheck
) -> sqlite3.Connection:
    if synchronous not in ("FULL", "NORMAL"):
        raise ValueError(f"synchronous must be 'FULL' or 'NORMAL', not {synchronous!r}")
    if integrity_check not in _CHECKS:
        raise ValueError(f"integrity_check must be one of {sorted(_CHECKS)}")
    with translated(path):
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if _wal_mode(conn, timeout) != "wal":
                raise SqliteStoreError("SQLITE_WAL_UNAVAILABLE", meta={"path": path})
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            conn.execute("PRAGMA secure_delete = ON")  # erased data is zeroed (issue 17)
            check_integrity(conn, path, integrity_check)
            _ensure_schema(conn, path)
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


def check_integrity(conn: sqlite3.Connection, path: str, mode: IntegrityCheck) -> None:
    """Run SQLite's ``quick_check`` (or the full ``integrity_check``) unless ``mode`` is off.

    :raises SqliteCorruptError: ``SQLITE_CORRUPT`` when SQLite reports any problem.
    """
    if mode == "off":
        return
    pragma = "quick_check(1)" if mode == "quick" else "integrity_check(1)"
    rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    if rows != [("ok",)]:
        raise SqliteCorruptError("SQLITE_CORRUPT", meta={"path": path, "reason": pragma})


def _user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SqliteStoreError(
            "SQLITE_SCHEMA_TOO_NEW", meta={"found": version, "supported": SCHEMA_VERSION}
        )
    return version


def _ensure_schema(conn: sqlite3.Connection, path: str) -> None:
    if _user_version(conn) == SCHEMA_VERSION:
        return
    with _immediate(conn):
        # Another process may have created it while we waited for the write lock.
        version = _user_version(conn)
        if version == 0:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise SqliteCorruptError("SQLITE_NOT_A_PIXCORE_DATABASE", meta={"path": path})
            for statement in _SCHEMA_V1:
                conn.execute(statement)
        if version < 2:  # a version-1 file gains the personal-data table
            for statement in _SCHEMA_V2:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: ``BEGIN IMMEDIATE``, then ``COMMIT`` or ``ROLLBACK``."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):  # the first error is the one to report
                conn.execute("ROLLBACK")
        raise


class Database:
    """One connection to a pixcore SQLite file, a lock around it, and closing."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 30.0,
        synchronous: Synchronous = "FULL",
        integrity_check: IntegrityCheck = "quick",
    ) -> None:
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = _connect(
            self.path, timeout=timeout, synchronous=synchronous, integrity_check=integrity_check
        )

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.path):
            yield self._open()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.path):
            conn = self._open()
            with _immediate(conn):
                yield conn

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise SqliteStoreError("SQLITE_STORE_CLOSED", meta={"path": self.path})
        return self._conn

    def check_integrity(self, *, full: bool = False) -> None:
        """Check the whole file now: ``quick_check``, or ``integrity_check`` if ``full``.

        For hosts that open with ``integrity_check="off"`` and check on their own schedule.

        :raises SqliteCorruptError: the file is damaged.
        """
        with self._read() as conn:
            check_integrity(conn, self.path, "full" if full else "quick")

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
