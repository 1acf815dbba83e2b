"""The embedded event store: append-only streams in one SQLite file.

:class:`SqliteEventStore` behaves exactly like :class:`pixcore.host.store.InMemoryEventStore`
(the shared contract tests run against both) and adds durability and multi-process
safety:

- one ``BEGIN IMMEDIATE`` transaction per :meth:`~SqliteEventStore.append`: the
  expected-version check and the inserts happen under SQLite's write lock, so a command
  is stored whole or not at all, even if the process is killed mid-append;
- a ``UNIQUE (stream, version)`` constraint, so that no writer, however it races, can
  ever store a version twice;
- WAL journal; ``synchronous=FULL`` by default (every commit is fsynced: it survives a
  power loss), ``NORMAL`` on request (survives ``kill -9``, may lose the last commits
  on a power loss, never corrupts);
- a busy timeout (30 s by default): concurrent writers wait for the lock rather than
  fail; past it, :class:`~pixcore.errors.ServiceUnavailableError` (retryable);
- a replay cache: stored events never change (triggers forbid ``UPDATE`` and
  ``DELETE``), so the events of the most recently used streams are kept parsed in
  memory and :meth:`~SqliteEventStore.load` only reads and parses the versions it has
  not seen yet, including those other processes appended. ``cache_streams=0`` turns it
  off;
- never a wrong state: the file is checked when opened (``quick_check``), the versions a
  load reads must be contiguous and every event must parse, else
  :class:`~pixcore.errors.StoreCorruptError`; every ``sqlite3`` error becomes a coded
  error (:mod:`pixcore_sqlite.errors`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from pixcore.errors import StoreCorruptError
from pixcore.events import Event, dump_event, parse_event
from pixcore.host.personal import new_ref
from pixcore.host.store import ConcurrencyError, StoredEvent, encode_events, read_stored
from pixcore.lifecycle import vault
from pixcore.lifecycle.vault import NewRecord
from pixcore_sqlite._db import (
    NO_UPDATE_TRIGGER,
    Database,
    IntegrityCheck,
    Synchronous,
    from_text,
    to_text,
)

__all__ = ["SqliteEventStore"]

_CURRENT = "SELECT COALESCE(MAX(version), 0) FROM events WHERE stream = ?"
_INSERT = "INSERT INTO events (stream, version, type, data, recorded_at) VALUES (?, ?, ?, ?, ?)"
_KEEP = "INSERT INTO personal_data (ref, kind, data) VALUES (?, ?, ?)"
_BATCH = 500  # references per query (SQLite's default limit of variables is 32766)
_LOAD = (
    "SELECT version, data, recorded_at FROM events"
    " WHERE stream = ? AND version > ? ORDER BY version"
)


class SqliteEventStore(Database):
    """An :class:`~pixcore.host.store.EventStore` in a SQLite file, safe for threads and processes.

    :param path: the database file, created with its schema on first use.
    :param timeout: seconds a writer waits for another one before giving up.
    :param synchronous: ``"FULL"`` (default, durable on power loss) or ``"NORMAL"``.
    :param cache_streams: how many streams to keep parsed in memory (LRU); 0: none.
    :param integrity_check: ``"quick"`` (default), ``"full"`` or ``"off"``: what to
        check when the file is opened (see the README for the cost).

    **Example**::

        with SqliteEventStore("sessions.db") as store:
            version = store.append("12345", events, expected_version=0, recorded_at=now)
            history = store.load("12345")
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 30.0,
        synchronous: Synchronous = "FULL",
        cache_streams: int = 128,
        integrity_check: IntegrityCheck = "quick",
    ) -> None:
        super().__init__(
            path, timeout=timeout, synchronous=synchronous, integrity_check=integrity_check
        )
        self._cache_size = cache_streams
        self._cache: OrderedDict[str, list[StoredEvent]] = OrderedDict()
        self._cache_lock = threading.Lock()

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

        Only if ``stream`` is at ``expected_version``.

        Returns the new version. Raises :class:`~pixcore.host.store.ConcurrencyError` (code
        ``CONCURRENT_MODIFICATION``) otherwise, writing nothing.

        :raises ValueError: ``recorded_at`` is naive, or an event has no ``type``.
        """
        stamp = to_text(recorded_at)
        rows = [
            (stream, expected_version + offset, kind, text, stamp)
            for offset, (kind, text) in enumerate(encode_events(events), start=1)
        ]
        with self._write() as conn:
            current: int = conn.execute(_CURRENT, (stream,)).fetchone()[0]
            if current != expected_version:
                raise ConcurrencyError(meta={"expected": expected_version, "actual": current})
            try:
                conn.executemany(_KEEP, [(r.ref, r.kind, r.data) for r in personal])
                conn.executemany(_INSERT, rows)
            except sqlite3.IntegrityError as exc:  # pragma: no cover - the lock prevents it
                raise ConcurrencyError(meta={"expected": expected_version}) from exc
        return expected_version + len(rows)

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        """The events of ``stream`` after ``after_version`` (clamped at 0), in version order.

        :raises StoreCorruptError: a gap or repeat in the versions read, or an event that
            no longer parses (``STORE_VERSIONS_NOT_CONTIGUOUS``, ``STORE_EVENT_UNREADABLE``).
        """
        after_version = max(after_version, 0)
        if not self._cache_size:
            return tuple(self._fetch(stream, after_version))
        with self._cache_lock:
            known = len(self._cache.get(stream, ()))
        events = self._remember(stream, known, self._fetch(stream, known))
        if events is None:  # evicted meanwhile: read the whole stream again
            events = self._remember(stream, 0, self._fetch(stream, 0)) or []
        return tuple(events[after_version:])

    def _fetch(self, stream: str, after_version: int) -> list[StoredEvent]:
        """Read, check and parse the versions after ``after_version`` (contiguous ones)."""
        with self._read() as conn:
            rows = conn.execute(_LOAD, (stream, after_version)).fetchall()
        return read_stored(stream, after_version, _raw(stream, rows))

    def _remember(
        self, stream: str, start: int, fresh: list[StoredEvent]
    ) -> list[StoredEvent] | None:
        """Merge ``fresh`` (versions ``start + 1``…) into the cache; return a copy of it.

        ``None`` when the cache lost versions up to ``start`` meanwhile (evicted).
        """
        with self._cache_lock:
            events = self._cache.get(stream)
            if events is None:
                if start:
                    return None
                if not fresh:
                    return []
                events = self._cache[stream] = []
            if len(events) < start:
                return None
            events.extend(fresh[len(events) - start :])
            self._cache.move_to_end(stream)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return list(events)

    def personal_data(self, refs: Collection[str]) -> Mapping[str, str]:
        """The records held among ``refs``: reference → JSON text (erased ones: absent)."""
        found: dict[str, str] = {}
        wanted = sorted(set(refs))
        with self._read() as conn:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                query = f"SELECT ref, data FROM personal_data WHERE ref IN ({marks})"
                found.update(conn.execute(query, batch).fetchall())
        return found

    def erase_personal_data(self, refs: Collection[str]) -> int:
        """Delete the records ``refs`` for good; returns how many were held.

        ``secure_delete`` zeroes the freed bytes; the WAL is then checkpointed and
        truncated, so that no copy of the records is left in the file or its WAL (when
        another connection is reading at that moment the WAL is emptied at its next
        checkpoint instead).
        """
        wanted = sorted(set(refs))
        erased = 0
        with self._write() as conn:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                erased += conn.execute(
                    f"DELETE FROM personal_data WHERE ref IN ({marks})", batch
                ).rowcount
        with self._read() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return erased

    def seal_personal_data(self) -> int:
        """Migrate a store written before issue 17: move personal data out of its events.

        Every stored event that holds personal data (civil data, account ids, report
        descriptions, comments) is rewritten in its sealed form, its values becoming
        personal-data records, in one transaction (the append-only trigger is lifted for
        it and restored); then the file is vacuumed and the WAL truncated, so that no
        old copy is left. Idempotent; returns how many events were rewritten.

        :raises StoreCorruptError: a stored event does not parse (nothing is changed).
        """
        with self._write() as conn:
            rows = conn.execute("SELECT position, stream, version, data FROM events").fetchall()
            changed: list[tuple[str, int]] = []
            records: list[NewRecord] = []
            for position, stream, version, data in rows:
                try:
                    event = parse_event(data)
                except (ValueError, TypeError):
                    where = {"stream": stream, "version": version}
                    raise StoreCorruptError("STORE_EVENT_UNREADABLE", meta=where) from None
                if not vault.carries_personal_data(event):
                    continue
                resolved, new = vault.protect([event], new_ref)
                changed.append((dump_event(vault.seal(resolved[0])), position))
                records += new
            if changed:
                conn.execute("DROP TRIGGER IF EXISTS events_no_update")
                conn.executemany(_KEEP, [(r.ref, r.kind, r.data) for r in records])
                conn.executemany("UPDATE events SET data = ? WHERE position = ?", changed)
                conn.execute(NO_UPDATE_TRIGGER)
        if changed:
            with self._read() as conn:
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            with self._cache_lock:
                self._cache.clear()
        return len(changed)

    def streams(self) -> tuple[str, ...]:
        """Every stream that has at least one event, sorted."""
        with self._read() as conn:
            rows = conn.execute("SELECT DISTINCT stream FROM events").fetchall()
        return tuple(sorted(name for (name,) in rows))


def _raw(stream: str, rows: list[tuple[int, str, str]]) -> list[tuple[int, str, datetime]]:
    """The rows with their timestamps parsed (once per distinct text, usually one)."""
    try:
        stamps = {text: from_text(text) for text in {text for _, _, text in rows}}
    except (ValueError, TypeError):
        version = next(v for v, _, text in rows if not _is_stamp(text))
        where: dict[str, str | int] = {"stream": stream, "version": version}
        raise StoreCorruptError("STORE_EVENT_UNREADABLE", meta=where) from None
    return [(version, data, stamps[text]) for version, data, text in rows]


def _is_stamp(text: str) -> bool:
    try:
        from_text(text)
    except (ValueError, TypeError):
        return False
    return True
