"""Live updates: ``pixcore_on_event`` fans a session's events out to its open streams.

:class:`LiveHub` is a pixcore plugin. The session service calls ``pixcore_on_event``
in the thread that ran the command; the hub hands the new version to every
subscriber of that session on the event loop (``call_soon_threadsafe``), and
:func:`event_stream` turns a subscription into server-sent events. A subscriber's
queue keeps only the latest version (a slow browser never makes memory grow), and a
heartbeat every ``heartbeat_seconds`` refreshes times left and detects closed streams.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable

from pixcore.events import Event
from pixcore.host.hookspecs import hookimpl
from pixcore_web.joined import JoinedIndex

__all__ = ["LiveHub", "Subscription", "event_stream"]


class Subscription:
    """One open stream on one session: the newest version not yet sent."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[int] = asyncio.Queue(maxsize=1)

    def push(self, version: int) -> None:
        """Keep only the newest version (called on the loop)."""
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(version)


class LiveHub:
    """A pixcore plugin: subscribers per session number, told of every new event."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = {}
        self._lock = threading.Lock()
        self.joined = JoinedIndex()
        """The sessions each account joined (fed by the same events)."""

    @hookimpl
    def pixcore_on_event(self, event: Event, stream: str, version: int) -> None:
        """Tell the session's open streams that ``version`` exists (and index joins)."""
        self.joined.record(event, stream)
        with self._lock:
            targets = list(self._subscribers.get(stream, ()))
        for subscription in targets:
            try:
                subscription.loop.call_soon_threadsafe(subscription.push, version)
            except RuntimeError:  # the loop closed: the stream is gone
                self.unsubscribe(stream, subscription)

    def subscribe(self, stream: str) -> Subscription:
        """A new subscription to session ``stream`` (call on the event loop)."""
        subscription = Subscription(asyncio.get_running_loop())
        with self._lock:
            self._subscribers.setdefault(stream, set()).add(subscription)
        return subscription

    def unsubscribe(self, stream: str, subscription: Subscription) -> None:
        """Forget a subscription."""
        with self._lock:
            subscribers = self._subscribers.get(stream)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._subscribers[stream]

    def count(self, stream: str | None = None) -> int:
        """Open subscriptions (to one session, or in all)."""
        with self._lock:
            if stream is not None:
                return len(self._subscribers.get(stream, ()))
            return sum(len(s) for s in self._subscribers.values())


async def event_stream(
    hub: LiveHub,
    stream: str,
    *,
    disconnected: Callable[[], object],
    heartbeat_seconds: float = 15.0,
) -> AsyncIterator[str]:
    """Server-sent events for one session: ``event: room`` on every change, and heartbeats."""
    subscription = hub.subscribe(stream)
    try:
        yield "retry: 2000\nevent: room\ndata: open\n\n"
        while True:
            try:
                version = await asyncio.wait_for(subscription.queue.get(), heartbeat_seconds)
                yield f"event: room\ndata: {version}\n\n"
            except TimeoutError:
                if await _is_true(disconnected()):
                    return
                yield "event: tick\ndata: heartbeat\n\n"
    finally:
        hub.unsubscribe(stream, subscription)


async def _is_true(value: object) -> bool:
    if asyncio.iscoroutine(value):
        return bool(await value)
    return bool(value)
