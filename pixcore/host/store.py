"""The event store port: append-only streams of domain events, one per session.

A store keeps, per stream (a session number), events in order with a version that
starts at 1. :meth:`EventStore.append` is atomic and checks the version the caller last
read (optimistic concurrency): two invigilator screens or 30 candidates joining at once
never lose nor duplicate an event; the loser gets :class:`ConcurrencyError` and retries
on the new state. A store never returns a wrong state: :meth:`EventStore.load` raises
:class:`~pixcore.errors.StoreCorruptError` when versions are not contiguous or a stored
event no longer parses (:func:`read_stored` does both checks for any store).

:class:`InMemoryEventStore` is the reference implementation (chosen explicitly, through
:class:`pixcore.host.memory.MemoryStorePlugin`); the embedded store for hosts is
``pixcore-sqlite``. Every store runs :mod:`pixcore.testing.store_contract`.

**Personal data** (issue 17) never enters a stream: :func:`encode_events` refuses an
event that holds some (``PERSONAL_DATA_IN_EVENT``). The service seals events first
(:mod:`pixcore.lifecycle.vault`): each value goes to an erasable *record* (reference,
kind, JSON text) that :meth:`EventStore.append` writes in the same transaction as the
events (``personal=``); :meth:`EventStore.personal_data` reads records back and
:meth:`EventStore.erase_personal_data` deletes them for good (no copy left in the
store's files: SQLite zeroes the freed bytes and truncates its WAL).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection, Mapping, Sequence
from functools import partial
from itertools import repeat
from typing import NamedTuple, Protocol, runtime_checkable

from pixcore.errors import ConflictError, InvalidInputError, StoreCorruptError
from pixcore.events import Event, dump_event, parse_event, parse_events
from pixcore.lifecycle.vault import NewRecord, carries_personal_data

__all__ = [
    "ConcurrencyError",
    "EventStore",
    "InMemoryEventStore",
    "NewRecord",
    "RawEvent",
    "StoredEvent",
    "check_versions",
    "encode_events",
    "read_stored",
]


class ConcurrencyError(ConflictError):
    """The stream moved since it was read (code ``CONCURRENT_MODIFICATION``); reload, retry."""

    default_code = "CONCURRENT_MODIFICATION"


class StoredEvent(NamedTuple):
    """An event as stored: its stream, its version (1, 2, ...) and when it was recorded.

    A named tuple: loading a session builds one per event, so it must be cheap.
    """

    stream: str
    version: int
    event: Event
    recorded_at: dt.datetime


class RawEvent(NamedTuple):
    """An event as a store keeps it: version, JSON text (``dump_event``), recorded time."""

    version: int
    data: str
    recorded_at: dt.datetime


@runtime_checkable
class EventStore(Protocol):
    """Append-only event streams with optimistic concurrency."""

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        recorded_at: dt.datetime,
        personal: Sequence[NewRecord] = (),
    ) -> int:
        """Append ``events`` and keep the ``personal`` records, atomically.

        Only if the stream is at ``expected_version``.

        Returns the new version. Raises :class:`ConcurrencyError` otherwise; then
        nothing is written (neither events nor records). Raises
        :class:`~pixcore.errors.InvalidInputError` ``PERSONAL_DATA_IN_EVENT`` for an
        event that holds personal data (:func:`encode_events`).
        """
        ...

    def personal_data(self, refs: Collection[str]) -> Mapping[str, str]:
        """The records held among ``refs``: reference → JSON text (erased ones: absent)."""
        ...

    def erase_personal_data(self, refs: Collection[str]) -> int:
        """Delete the records ``refs`` for good; returns how many were held.

        No copy may be left in the store's files (freed space zeroed, journals emptied).
        """
        ...

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        """The events of ``stream`` after ``after_version`` (clamped at 0), in order.

        Raises :class:`~pixcore.errors.StoreCorruptError` rather than return a wrong
        history (a gap or repeat in the versions, an event that no longer parses).
        """
        ...

    def streams(self) -> tuple[str, ...]:
        """Every stream that has at least one event, sorted."""
        ...


def encode_events(events: Sequence[Event]) -> list[tuple[str, str]]:
    """Each event's ``type`` and JSON text, as a store writes them.

    :raises ValueError: an event has no ``type`` discriminator (it could not be read back).
    :raises InvalidInputError: ``PERSONAL_DATA_IN_EVENT``: the event holds personal data
        (seal it with :mod:`pixcore.lifecycle.vault` first).
    """
    encoded = []
    for event in events:
        if carries_personal_data(event):
            raise InvalidInputError("PERSONAL_DATA_IN_EVENT", meta={"type": type(event).__name__})
        kind = getattr(event, "type", None)
        if not isinstance(kind, str):
            raise ValueError(f"{type(event).__name__} has no 'type' discriminator: not storable")
        encoded.append((kind, dump_event(event)))
    return encoded


def check_versions(stream: str, after_version: int, versions: Sequence[int]) -> None:
    """Versions read after ``after_version`` must be ``after_version + 1, + 2, ...``.

    :raises StoreCorruptError: ``STORE_VERSIONS_NOT_CONTIGUOUS`` on a gap or a repeat.
    """
    first = after_version + 1
    if list(versions) == list(range(first, first + len(versions))):  # the usual case, fast
        return
    offset, found = next((i, v) for i, v in enumerate(versions) if v != first + i)
    raise StoreCorruptError(
        "STORE_VERSIONS_NOT_CONTIGUOUS",
        meta={"stream": stream, "expected": first + offset, "found": found},
    )


def read_stored(
    stream: str, after_version: int, rows: Sequence[tuple[int, str, dt.datetime]]
) -> list[StoredEvent]:
    """Check and parse the rows a store read for ``stream`` after ``after_version``.

    Each row is a :class:`RawEvent` or a plain ``(version, data, recorded_at)`` tuple.

    The versions must be ``after_version + 1, + 2, ...`` with no gap nor repeat
    (``STORE_VERSIONS_NOT_CONTIGUOUS``), and every text must parse as an event
    (``STORE_EVENT_UNREADABLE``): a store that cannot give the exact history gives none.
    """
    versions = [row[0] for row in rows]
    check_versions(stream, after_version, versions)
    try:
        events = parse_events([row[1] for row in rows])
        if len(events) != len(rows):  # a damaged text that reads as several events
            raise ValueError("event count")
    except (ValueError, TypeError):
        raise StoreCorruptError(
            "STORE_EVENT_UNREADABLE", meta={"stream": stream, "version": _bad(rows)}
        ) from None
    stamps = [row[2] for row in rows]
    # the lengths are equal (checked above); repeat() is endless, so zip() is not strict
    return list(map(_STORED, zip(repeat(stream), versions, events, stamps)))


_STORED = partial(tuple.__new__, StoredEvent)
"""``tuple.__new__`` through ``map``: a 1,400-event load builds its tuples in C (issue 14)."""


def _bad(rows: Sequence[tuple[int, str, dt.datetime]]) -> int:
    """The version of the first row that does not parse on its own (0 if each does)."""
    for version, data, _ in rows:
        try:
            parse_event(data)
        except (ValueError, TypeError):
            return version
    return 0


class InMemoryEventStore:
    """An event store in memory, for one process: tests and short-lived hosts.

    Events are kept as the JSON text a durable store writes and parsed at each load,
    so that the reference behaves like a real store (an event that cannot be stored
    fails here too, and a loaded event is never the caller's object).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: dict[str, list[RawEvent]] = {}
        self._personal: dict[str, str] = {}

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        recorded_at: dt.datetime,
        personal: Sequence[NewRecord] = (),
    ) -> int:
        """Append ``events`` and keep ``personal`` atomically at ``expected_version``."""
        if recorded_at.utcoffset() is None:
            raise ValueError("an aware datetime is required (naive datetimes name no instant)")
        texts = [text for _, text in encode_events(events)]
        with self._lock:
            stored = self._streams.get(stream, [])
            current = stored[-1].version if stored else 0
            if current != expected_version:
                raise ConcurrencyError(meta={"expected": expected_version, "actual": current})
            self._personal.update((record.ref, record.data) for record in personal)
            if texts:
                stored = self._streams.setdefault(stream, stored)
                stored += (
                    RawEvent(expected_version + offset, text, recorded_at)
                    for offset, text in enumerate(texts, start=1)
                )
            return expected_version + len(texts)

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        """The events of ``stream`` after ``after_version`` (clamped at 0), in order."""
        after = max(after_version, 0)
        with self._lock:
            rows = [row for row in self._streams.get(stream, ()) if row.version > after]
        return tuple(read_stored(stream, after, rows))

    def streams(self) -> tuple[str, ...]:
        """Every stream that has at least one event, sorted."""
        with self._lock:
            return tuple(sorted(name for name, events in self._streams.items() if events))

    def personal_data(self, refs: Collection[str]) -> Mapping[str, str]:
        """The records held among ``refs``: reference → JSON text."""
        with self._lock:
            return {ref: self._personal[ref] for ref in refs if ref in self._personal}

    def erase_personal_data(self, refs: Collection[str]) -> int:
        """Forget the records ``refs``; returns how many were held."""
        with self._lock:
            return sum(self._personal.pop(ref, None) is not None for ref in refs)
