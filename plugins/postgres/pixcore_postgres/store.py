"""The shared event store: append-only streams in PostgreSQL, for many processes and servers.

:class:`PostgresEventStore` keeps the contract of :class:`pixcore.host.store.EventStore`
(the shared suite :mod:`pixcore.testing.store_contract` runs against it):

- **one transaction per command**: :meth:`~PostgresEventStore.append` is one call of the
  schema's ``append_events`` function, committed on its own. Under an advisory lock of
  the stream it checks the expected version, inserts the events and notifies the
  listeners; a stale version writes nothing and is a
  :class:`~pixcore.host.store.ConcurrencyError` the service retries;
- ``UNIQUE (stream, version)``, and a trigger that refuses ``UPDATE``, ``DELETE`` and
  ``TRUNCATE`` (append-only, enforced by the database, for every role);
- **never a wrong state**: versions must be contiguous and every event must parse
  (:func:`pixcore.host.store.read_stored`), else :class:`~pixcore.errors.StoreCorruptError`;
- **retry safety**: every append carries a new command id. When the connection breaks
  during an append, the store reconnects, waits for the stream's lock (so that an
  append still running on the server has finished) and looks the command up: stored,
  the append returns its version; not stored, it is sent again; and if the database
  stays out of reach until ``reconnect_timeout``, the caller gets
  ``POSTGRES_OUTCOME_UNKNOWN`` (:meth:`~PostgresEventStore.outcome` answers later),
  never a guess. Nothing acknowledged is lost: PostgreSQL acknowledges a commit only
  once its WAL record is flushed (``synchronous_commit``, on by default).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import cast

import psycopg
from psycopg import sql

from pixcore.events import Event
from pixcore.host.store import ConcurrencyError, StoredEvent, encode_events, read_stored
from pixcore.lifecycle.vault import NewRecord
from pixcore_postgres._db import Connection, Database
from pixcore_postgres._faults import coded, is_connection_lost
from pixcore_postgres._schema import PERSONAL_PARTITIONS
from pixcore_postgres.errors import (
    PostgresOutcomeUnknownError,
    PostgresStoreError,
    PostgresUnavailableError,
)

__all__ = ["PostgresEventStore"]

_WAIT_STATES = frozenset(("55P03", "57014"))  # lock not available, statement timeout
_BATCH = 1000  # references per query: a bounded array parameter
Row = tuple[int, str, datetime]


class PostgresEventStore:
    """An :class:`~pixcore.host.store.EventStore` in PostgreSQL, safe for threads and servers.

    :param dsn: a libpq URI (``postgresql://host/db?schema=pixcore``) or ``key=value``
        string, or an open :class:`~pixcore_postgres._db.Database` to share (not closed
        with this store).
    :param schema: the schema (default: the URI's ``?schema=``, else ``pixcore``).
    :param pool_size: the most connections this store opens at once.
    :param statement_timeout: seconds a statement may run before the server cancels it.
    :param reconnect_timeout: seconds to keep reconnecting after a connection broke.
    :param notify: ``NOTIFY`` the schema's channel at each append (live events in other
        processes; :class:`~pixcore_postgres.live.LiveEvents`).

    **Example**::

        with PostgresEventStore("postgresql://db.example/pixcore") as store:
            version = store.append("12345", events, expected_version=0, recorded_at=now)
            history = store.load("12345")
    """

    def __init__(
        self,
        dsn: str | Database,
        *,
        schema: str | None = None,
        pool_size: int = 10,
        statement_timeout: float = 30.0,
        reconnect_timeout: float = 30.0,
        notify: bool = True,
    ) -> None:
        self._owns = not isinstance(dsn, Database)
        self.db = (
            dsn
            if isinstance(dsn, Database)
            else Database(
                dsn,
                schema=schema,
                pool_size=pool_size,
                statement_timeout=statement_timeout,
                reconnect_timeout=reconnect_timeout,
            )
        )
        self.origin = uuid.uuid4().hex
        """This store's name in notifications (its own appends are not live events here)."""
        self.notify = notify
        self.on_appended: Callable[[str, int, int], None] | None = None
        """Told ``(stream, first, last)`` after each append of this store (live events)."""
        s = f'"{self.db.schema}"'  # a validated plain name: quoting is enough
        self._append_sql = (
            f"SELECT stored, reached FROM {s}.append_events({', '.join(['%s'] * 10)})"
        )
        self._personal_sql = f"SELECT ref, data FROM {s}.personal_data WHERE ref = ANY(%s)"
        self._erase_sql = f"DELETE FROM {s}.personal_data WHERE ref = ANY(%s)"
        # the partitions the references hash to, whether or not they still hold them
        self._partitions_sql = (
            "SELECT r FROM generate_series(0, %s - 1) AS r WHERE EXISTS (SELECT 1"
            f" FROM unnest(%s::text[]) AS ref WHERE satisfies_hash_partition("
            f"'{s}.personal_data'::regclass, %s, r, ref))"
        )
        self._outcome_sql = f"SELECT {s}.append_outcome(%s, %s, %s)"
        self._current_sql = f"SELECT coalesce(max(version), 0) FROM {s}.events WHERE stream = %s"
        self._load_sql = (
            f"SELECT version, data, recorded_at FROM {s}.events"
            " WHERE stream = %s AND version > %s ORDER BY version"
        )
        self._streams_sql = (
            f"WITH RECURSIVE s AS ((SELECT stream FROM {s}.events ORDER BY stream LIMIT 1)"
            f" UNION ALL SELECT (SELECT e.stream FROM {s}.events e WHERE e.stream > s.stream"
            "  ORDER BY e.stream LIMIT 1) FROM s WHERE s.stream IS NOT NULL)"
            " SELECT stream FROM s WHERE stream IS NOT NULL"
        )

    # ---------------------------------------------------------------- writing

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        recorded_at: datetime,
        personal: Sequence[NewRecord] = (),
    ) -> int:
        """Append ``events`` and keep the ``personal`` records atomically.

        Only if ``stream`` is at ``expected_version``: one call of ``append_events``
        inserts both in one transaction. Returns the new version. Raises
        :class:`~pixcore.host.store.ConcurrencyError` (``CONCURRENT_MODIFICATION``)
        otherwise, writing neither.

        :raises ValueError: ``recorded_at`` is naive, or an event has no ``type``.
        :raises PostgresUnavailableError: the database stayed out of reach; nothing saved.
        :raises PostgresOutcomeUnknownError: the connection broke during the commit and
            the database stayed out of reach: whether it was saved is not known.
        """
        if recorded_at.utcoffset() is None:
            raise ValueError("an aware datetime is required (naive datetimes name no instant)")
        encoded = encode_events(events)
        if not encoded and not personal:
            current = self.current_version(stream)
            if current != expected_version:
                raise ConcurrencyError(meta={"expected": expected_version, "actual": current})
            return current
        command = uuid.uuid4()
        params = (
            stream,
            expected_version,
            command,
            [kind for kind, _ in encoded],
            [text for _, text in encoded],
            recorded_at,
            self.origin if self.notify else None,
            [record.ref for record in personal],
            [record.kind for record in personal],
            [record.data for record in personal],
        )
        version = self._append(stream, expected_version, command, params)
        if self.on_appended is not None and encoded:
            self.on_appended(stream, expected_version + 1, version)
        return version

    def _append(
        self, stream: str, expected: int, command: uuid.UUID, params: tuple[object, ...]
    ) -> int:
        """Send the append until its outcome is known (bounded by ``reconnect_timeout``)."""
        deadline = time.monotonic() + self.db.reconnect_timeout
        delay, lost = 0.05, False
        while True:
            try:
                stored, reached = self._send(params)
            except psycopg.Error as exc:
                if exc.sqlstate == "23505":  # UNIQUE (stream, version): a concurrent writer
                    raise ConcurrencyError(meta={"expected": expected}) from None
                if not is_connection_lost(exc):
                    raise coded(exc, where=self.db.location.where) from None
                lost = True
                found = self._resolve(stream, expected, command, deadline)
                if found is not None:
                    return found
                if time.monotonic() >= deadline:
                    raise PostgresUnavailableError(meta={"reason": "reconnect_timeout"}) from None
                delay = self.db.pause(delay, deadline)
                continue
            if stored:
                return reached
            if lost:  # the conflict may be this very command, committed before the loss
                found = self._resolve(stream, expected, command, deadline)
                if found is not None:
                    return found
            raise ConcurrencyError(meta={"expected": expected, "actual": reached})

    def _send(self, params: tuple[object, ...]) -> tuple[bool, int]:
        """One call of ``append_events``: (whether it wrote, the stream's version)."""
        with self.db._open().connection() as conn:
            row = conn.execute(self._append_sql, params).fetchone()
        if row is None:  # pragma: no cover - the function always returns one row
            raise PostgresUnavailableError(meta={"reason": "no_answer"})
        return bool(row[0]), int(cast(int, row[1]))

    def _call(self, query: str, params: Sequence[object]) -> int | None:
        with self.db._open().connection() as conn:
            row = conn.execute(query, params).fetchone()
        return None if row is None else cast(int | None, row[0])

    def _resolve(
        self, stream: str, expected: int, command: uuid.UUID, deadline: float
    ) -> int | None:
        """The version ``command`` reached, or None if not stored; retried until ``deadline``.

        :raises PostgresOutcomeUnknownError: the database stayed out of reach.
        """
        delay = 0.05
        while True:
            try:
                return self._call(self._outcome_sql, (stream, expected, command))
            except psycopg.Error as exc:
                if not (is_connection_lost(exc) or exc.sqlstate in _WAIT_STATES):
                    raise coded(exc, where=self.db.location.where) from None
                if time.monotonic() >= deadline:
                    meta: dict[str, str | int] = {
                        "stream": stream,
                        "expected": expected,
                        "command": str(command),
                    }
                    raise PostgresOutcomeUnknownError(meta=meta) from None
            delay = self.db.pause(delay, deadline)

    def outcome(self, stream: str, expected_version: int, command: str) -> int | None:
        """Whether the append ``command`` (a ``POSTGRES_OUTCOME_UNKNOWN``'s meta) was stored.

        Returns the version it reached, or ``None`` when it was not stored (and never
        will be: the check waits for any append of the stream still running).
        """
        params = (stream, expected_version, uuid.UUID(command))
        return self.db.run(lambda conn: _scalar(conn, self._outcome_sql, params))

    # ---------------------------------------------------------------- personal data

    def personal_data(self, refs: Collection[str]) -> Mapping[str, str]:
        """The records held among ``refs``: reference → JSON text (erased ones: absent)."""
        wanted = sorted(set(refs))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            rows = self.db.run(partial(_all, query=self._personal_sql, params=[batch]))
            found.update((str(ref), str(data)) for ref, data in rows)
        return found

    def erase_personal_data(self, refs: Collection[str]) -> int:
        """Delete the records ``refs`` for good; returns how many were held.

        The rows are deleted in one transaction; then each partition the references hash
        to is rewritten (``VACUUM FULL``, one partition at a time, a sixteenth of the
        table each), since PostgreSQL leaves deleted rows' bytes in its pages until
        then: afterwards no byte of the records is left in the table's files (the WAL
        keeps them until its segments are recycled: ``docs/personal-data.md``). The
        partitions are those of the references, not of the rows found: an erasure
        retried after a failed rewrite rewrites them again.

        :raises PostgresStoreError: ``POSTGRES_PERMISSION_DENIED`` before deleting
            anything when this role may not rewrite the partitions (it must be a member
            of their owner's role, own the database, or be a superuser).
        """
        wanted = sorted(set(refs))
        if not wanted:
            return 0
        partitions = self.db.run(lambda conn: self._touched(conn, wanted))
        self.db.run(lambda conn: _may_rewrite(conn, self.db.schema, partitions), retry=False)

        def delete(conn: Connection) -> int:
            with conn.transaction():
                return sum(
                    conn.execute(self._erase_sql, [wanted[i : i + _BATCH]]).rowcount
                    for i in range(0, len(wanted), _BATCH)
                )

        # idempotent: a retry after a lost connection deletes what is left (and may then
        # count fewer rows than were held)
        erased = self.db.run(delete)
        for name in partitions:
            vacuum = sql.SQL("VACUUM (FULL) {}.{}").format(
                sql.Identifier(self.db.schema), sql.Identifier(name)
            )
            self.db.run(partial(_execute, statement=vacuum))
        return erased

    def _touched(self, conn: Connection, refs: list[str]) -> list[str]:
        """The partitions of ``personal_data`` the references ``refs`` hash to."""
        found: set[int] = set()
        for start in range(0, len(refs), _BATCH):
            batch = refs[start : start + _BATCH]
            params = (PERSONAL_PARTITIONS, batch, PERSONAL_PARTITIONS)
            found.update(int(cast(int, r)) for (r,) in conn.execute(self._partitions_sql, params))
        return [f"personal_data_{r:02d}" for r in sorted(found)]

    def seal_personal_data(self) -> int:
        """``pixcore store seal-personal-data``: nothing to seal here; returns 0.

        Personal data left the events (issue 17) before any PostgreSQL store was
        written: schema 2 holds ``personal_data``, and every append goes through
        :func:`~pixcore.host.store.encode_events`, which refuses an event holding
        personal data (``PERSONAL_DATA_IN_EVENT``).
        """
        return 0

    # ---------------------------------------------------------------- reading

    def current_version(self, stream: str) -> int:
        """The last version of ``stream`` (0: no event)."""
        return int(cast(int, self.db.run(lambda conn: _scalar(conn, self._current_sql, [stream]))))

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        """The events of ``stream`` after ``after_version`` (clamped at 0), in version order.

        :raises StoreCorruptError: a gap or repeat in the versions read, or an event that
            no longer parses (``STORE_VERSIONS_NOT_CONTIGUOUS``, ``STORE_EVENT_UNREADABLE``).
        """
        after = max(after_version, 0)
        rows = self.db.run(lambda conn: _rows(conn, self._load_sql, (stream, after)))
        return tuple(read_stored(stream, after, rows))

    def streams(self) -> tuple[str, ...]:
        """Every stream that has at least one event, sorted (by code point, like Python)."""
        rows = self.db.run(lambda conn: conn.execute(self._streams_sql).fetchall())
        return tuple(sorted(str(name) for (name,) in rows))

    # ---------------------------------------------------------------- life cycle

    def close(self) -> None:
        """Close the pool (when this store opened it); idempotent."""
        if self._owns:
            self.db.close()

    def __enter__(self) -> PostgresEventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _may_rewrite(conn: Connection, schema: str, partitions: Sequence[str]) -> None:
    """Refuse (``POSTGRES_PERMISSION_DENIED``) when ``VACUUM FULL`` would skip a partition.

    PostgreSQL only warns and skips a table the role may not vacuum: the erasure would
    then leave the deleted rows' bytes in the files while saying it erased them.
    """
    maintain = ""
    if conn.info.server_version >= 170000:
        maintain = " OR has_table_privilege(c.oid, 'MAINTAIN')"
    row = conn.execute(
        "SELECT coalesce(bool_and(pg_has_role(c.relowner, 'USAGE')"
        f" OR pg_has_role(d.datdba, 'USAGE'){maintain}), true)"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,"
        " pg_database d WHERE d.datname = current_database() AND n.nspname = %s"
        " AND c.relname = ANY(%s)",
        [schema, list(partitions)],
    ).fetchone()
    if not (row and row[0]):
        raise PostgresStoreError("POSTGRES_PERMISSION_DENIED", meta={"reason": "VACUUM FULL"})


def _execute(conn: Connection, *, statement: sql.Composed) -> None:
    conn.execute(statement)


def _all(conn: Connection, *, query: str, params: Sequence[object]) -> list[tuple[object, ...]]:
    return conn.execute(query, params).fetchall()


def _scalar(conn: Connection, query: str, params: Sequence[object]) -> int | None:
    row = conn.execute(query, params).fetchone()
    return None if row is None else cast(int | None, row[0])


def _rows(conn: Connection, query: str, params: Sequence[object]) -> list[Row]:
    return cast(list[Row], conn.execute(query, params).fetchall())
