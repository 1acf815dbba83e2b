"""Shared plumbing: the connection pool, opening checks, bounded retries, closing.

A :class:`Database` owns one ``psycopg_pool.ConnectionPool`` of autocommit connections
(each statement is its own transaction; an append is one statement). Opening it checks,
**before** any command, that the server answers, that the credentials and the database
are right and that the schema is migrated: a missing or unreachable database is a coded
start-up error, never a fallback.

When a connection breaks, :meth:`Database.run` retries *idempotent* work (reads, the
outcome check) on a fresh connection until ``reconnect_timeout`` has passed, then raises
``POSTGRES_UNAVAILABLE``. Appends are not retried blindly: the event store checks first
whether the lost commit happened (:mod:`pixcore_postgres.store`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self, TypeVar

import psycopg
import psycopg_pool

from pixcore_postgres._config import Location, parse_location
from pixcore_postgres._faults import coded, is_connection_lost, translated
from pixcore_postgres._schema import check_schema
from pixcore_postgres.errors import PostgresStoreError

__all__ = ["Connection", "Database"]

Connection = psycopg.Connection[tuple[object, ...]]
"""A psycopg connection with tuple rows."""

T = TypeVar("T")

_log = logging.getLogger("pixcore_postgres")


class Database:
    """A pool of connections to one pixcore schema, checked when opened.

    :param dsn: a libpq URI (``postgresql://...``) or ``key=value`` string.
    :param schema: the schema (default: the URI's ``?schema=``, else ``pixcore``).
    :param pool_size: the most connections this process opens at once.
    :param statement_timeout: seconds a statement may run before the server cancels it.
    :param reconnect_timeout: seconds to keep retrying after a connection broke.
    :param check_migrated: refuse a schema that is not migrated (``False`` only for
        :func:`pixcore_postgres.migrate`).
    """

    def __init__(
        self,
        dsn: str,
        *,
        schema: str | None = None,
        pool_size: int = 10,
        statement_timeout: float = 30.0,
        reconnect_timeout: float = 30.0,
        check_migrated: bool = True,
    ) -> None:
        if pool_size < 1 or statement_timeout <= 0 or reconnect_timeout < 0:
            raise ValueError("pool_size must be >= 1, the timeouts positive")
        self.location: Location = parse_location(dsn, schema=schema)
        self.schema = self.location.schema
        self.reconnect_timeout = reconnect_timeout
        self._statement_ms = int(statement_timeout * 1000)
        self._lock = threading.Lock()
        self.pauses = 0
        """How many times work waited for a broken connection to be replaced (diagnostics)."""
        self.schema_version = self._check(check_migrated)
        self._pool: psycopg_pool.ConnectionPool[Connection] | None = psycopg_pool.ConnectionPool(
            self.location.conninfo,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            configure=self._configure,
            timeout=max(1.0, min(10.0, reconnect_timeout)),
            open=False,
            name=f"pixcore-{self.schema}",
        )
        try:
            with translated(where=self.location.where, opening=True):
                self._pool.open(wait=True, timeout=30.0)
        except BaseException:
            self.close()
            raise

    def connect(self) -> Connection:
        """A new connection outside the pool, set up like the pooled ones (caller closes)."""
        conn: Connection = psycopg.connect(self.location.conninfo, autocommit=True)
        try:
            self._configure(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _configure(self, conn: Connection) -> None:
        """Every connection: UTC times, bounded statements and lock waits.

        A lock wait gives up a little before the statement would (``POSTGRES_BUSY``
        rather than ``POSTGRES_TIMEOUT``: the stream is busy, the server is not slow).
        """
        ms = self._statement_ms
        lock_ms = max(1, ms * 3 // 4)
        conn.execute(
            f"SET TIME ZONE 'UTC'; SET statement_timeout = {ms}; SET lock_timeout = {lock_ms};"
            f" SET idle_in_transaction_session_timeout = {ms}"
        )

    def _check(self, check_migrated: bool) -> int:
        """Connect once now: a coded start-up error if the database cannot be used."""
        with translated(where=self.location.where, opening=True), self.connect() as conn:
            if not check_migrated:
                return 0
            return check_schema(conn, self.schema)

    def run(self, action: Callable[[Connection], T], *, retry: bool = True) -> T:
        """Run ``action`` on a pooled connection; coded errors; retry broken connections.

        With ``retry`` (for idempotent work) a broken connection is replaced and
        ``action`` run again until ``reconnect_timeout`` has passed.
        """
        deadline = time.monotonic() + self.reconnect_timeout
        delay = 0.05
        while True:
            try:
                with self._open().connection() as conn:
                    return action(conn)
            except psycopg.Error as exc:
                if not (retry and is_connection_lost(exc)) or time.monotonic() >= deadline:
                    raise coded(exc, where=self.location.where) from None
                _log.debug("pixcore-postgres: connection lost (%s), retrying", exc.sqlstate)
            delay = self.pause(delay, deadline)

    def pause(self, delay: float, deadline: float) -> float:
        """Drop broken pooled connections, sleep ``delay`` (within ``deadline``); next delay."""
        pool = self._open()
        self.pauses += 1
        with contextlib.suppress(psycopg.Error):  # check() logs and discards by itself
            pool.check()
        time.sleep(max(0.0, min(delay, deadline - time.monotonic())))
        return min(delay * 2, 1.0)

    def _open(self) -> psycopg_pool.ConnectionPool[Connection]:
        pool = self._pool
        if pool is None or pool.closed:
            raise PostgresStoreError("POSTGRES_STORE_CLOSED")
        return pool

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._pool is None

    def close(self) -> None:
        """Close the pool (idempotent); the store cannot be used afterwards."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close(timeout=5.0)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
