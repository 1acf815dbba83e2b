"""The event store port: append-only streams of domain events, one per session.

A store keeps, per stream (a session number), events in order with a version that
starts at 1. :meth:`EventStore.append` is atomic and checks the version the caller last
read (optimistic concurrency): two invigilator screens or 30 candidates joining at once
never lose nor duplicate an event; the loser gets :class:`ConcurrencyError` and retries
on the new state. :class:`InMemoryEventStore` is the reference implementation; the
embedded default for hosts is ``pixcore-sqlite``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import NamedTuple, Protocol, runtime_checkable

from pixcore.errors import ConflictError
from pixcore.events import Event

__all__ = ["ConcurrencyError", "EventStore", "InMemoryEventStore", "StoredEvent"]


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
    ) -> int:
        """Append ``events`` atomically if the stream is at ``expected_version``.

        Returns the new version. Raises :class:`ConcurrencyError` otherwise; then
        nothing is written.
        """
        ...

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        """The events of ``stream`` after ``after_version``, in order (empty if none)."""
        ...

    def streams(self) -> tuple[str, ...]:
        """Every stream that has at least one event, sorted."""
        ...


class InMemoryEventStore:
    """An event store in memory, for one process: tests and short-lived hosts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: dict[str, list[StoredEvent]] = {}

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        recorded_at: dt.datetime,
    ) -> int:
        """Append ``events`` atomically if the stream is at ``expected_version``."""
        with self._lock:
            stored = self._streams.setdefault(stream, [])
            if len(stored) != expected_version:
                raise ConcurrencyError(meta={"expected": expected_version, "actual": len(stored)})
            for offset, event in enumerate(events, start=1):
                stored.append(StoredEvent(stream, expected_version + offset, event, recorded_at))
            return len(stored)

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        """The events of ``stream`` after ``after_version``, in order."""
        with self._lock:
            return tuple(self._streams.get(stream, ())[after_version:])

    def streams(self) -> tuple[str, ...]:
        """Every stream that has at least one event, sorted."""
        with self._lock:
            return tuple(sorted(name for name, events in self._streams.items() if events))
