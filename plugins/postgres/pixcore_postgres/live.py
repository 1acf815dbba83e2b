r"""Live events across processes: ``LISTEN``/``NOTIFY`` feeding ``pixcore_on_event``.

Every append notifies the schema's channel with ``origin first last stream`` in the same
transaction, so the notification is sent **only if, and when, the append commits**, in
commit order. :class:`LiveEvents` is a thread with its own connection that ``LISTEN``\\ s
on the channel: for each notification from *another* store (another process or server)
it loads the versions ``first..last`` of the stream and hands each event to ``deliver``
(:class:`~pixcore_postgres.PostgresPlugin` passes ``pixcore_on_event``). Events appended
through this very store are skipped: the :class:`~pixcore.host.service.SessionService`
that appended them already told the observers.

The thread waits on the socket (no polling: a notification is delivered as soon as it
arrives). If the connection breaks it reconnects, with a growing pause up to two
seconds, and catches up: the streams it has seen (the last 10,000) are read again from
the last version it delivered, so an invigilator's screen misses nothing that happened
meanwhile on them; events of streams it never saw before the break are not replayed
(a screen opened later loads the session anyway). Observers run on this thread: they
must be thread-safe and must not block for long.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

import psycopg
from psycopg import sql

from pixcore.errors import PixcoreError
from pixcore.events import Event
from pixcore_postgres.store import PostgresEventStore

__all__ = ["Deliver", "LiveEvents"]

Deliver = Callable[[Event, str, int], None]
"""Called with ``(event, stream, version)`` for each live event."""

_log = logging.getLogger("pixcore_postgres.live")
_TRACKED = 10_000


class LiveEvents:
    """A listener thread delivering the events other processes append to ``store``.

    :param store: the event store whose schema's channel to listen to.
    :param deliver: called for each event appended elsewhere, in version order per stream.
    :param wait: seconds the thread waits on the socket before checking :meth:`close`
        (a bound on how long closing takes, not a polling interval).

    **Example**::

        live = LiveEvents(store, lambda event, stream, version: screen.push(stream, version))
        live.start()
        live.connected.wait(10)   # listening from now on
        ...
        live.close()
    """

    def __init__(self, store: PostgresEventStore, deliver: Deliver, *, wait: float = 0.5) -> None:
        self.store = store
        self.deliver = deliver
        self.wait = wait
        self.connected = threading.Event()
        """Set while the thread is listening (cleared while it reconnects)."""
        self.delivered = 0
        """How many events were delivered (for tests and diagnostics)."""
        self.connections = 0
        """How many times the thread started listening (1 + reconnections)."""
        self._last: OrderedDict[str, int] = OrderedDict()
        self._own_meanwhile: dict[str, set[int]] = {}  # appended here while disconnected
        self._own_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pixcore-postgres-live", daemon=True)

    def start(self) -> LiveEvents:
        """Start listening (returns at once; :attr:`connected` is set once listening)."""
        self.store.on_appended = self._appended_here
        self._thread.start()
        return self

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread (within about ``wait`` seconds)."""
        self._stop.set()
        if self.store.on_appended == self._appended_here:
            self.store.on_appended = None
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        pause, first = 0.05, True
        while not self._stop.is_set():
            try:
                with self.store.db.connect() as conn:
                    conn.execute(
                        sql.SQL("LISTEN {}").format(sql.Identifier(self.store.db.location.channel))
                    )
                    if not first:
                        self._catch_up()
                    first, pause = False, 0.05
                    self.connections += 1
                    self.connected.set()
                    with self._own_lock:
                        self._own_meanwhile.clear()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.wait):
                            self._handle(note.payload)
            except (psycopg.Error, PixcoreError) as exc:
                _log.warning(
                    "pixcore-postgres: live events connection lost (%s)", type(exc).__name__
                )
            self.connected.clear()
            self._stop.wait(pause)
            pause = min(pause * 2, 2.0)

    def _appended_here(self, stream: str, first: int, last: int) -> None:
        """Note an append of this store; remembered while disconnected (catch-up)."""
        if not self.connected.is_set():
            with self._own_lock:
                self._own_meanwhile.setdefault(stream, set()).update(range(first, last + 1))

    def _handle(self, payload: str) -> None:
        """Deliver the versions a notification names, unless this store appended them."""
        try:
            origin, first, last, stream = payload.split(" ", 3)
            low, high = int(first), int(last)
        except ValueError:
            _log.warning("pixcore-postgres: unreadable notification ignored")
            return
        if origin != self.store.origin:  # not twice what a catch-up already delivered
            self._send(stream, max(low - 1, self._last.get(stream, 0)), high)
        self._track(stream, high)

    def _send(self, stream: str, after: int, upto: int | None) -> None:
        """Load ``stream`` after ``after`` (up to ``upto``) and deliver each event."""
        if upto is not None and after >= upto:
            return
        try:
            stored = self.store.load(stream, after_version=after)
        except PixcoreError as exc:
            _log.warning("pixcore-postgres: live events of a stream not loaded (%s)", exc.code)
            return
        with self._own_lock:
            own = self._own_meanwhile.get(stream, set()) if upto is None else set()
        for item in stored:
            if upto is not None and item.version > upto:
                break
            if item.version in own:
                self._track(stream, item.version)
                continue
            try:
                self.deliver(item.event, item.stream, item.version)
                self.delivered += 1
            except Exception as exc:  # an observer must not stop the listener
                _log.warning(
                    "pixcore-postgres: a live-event observer failed (%s)", type(exc).__name__
                )
            self._track(stream, item.version)

    def _track(self, stream: str, version: int) -> None:
        if self._last.get(stream, 0) < version:
            self._last[stream] = version
        self._last.move_to_end(stream)
        while len(self._last) > _TRACKED:
            self._last.popitem(last=False)

    def _catch_up(self) -> None:
        """After a reconnection: deliver what the streams seen got meanwhile."""
        for stream, version in list(self._last.items()):
            self._send(stream, version, None)
        with self._own_lock:
            self._own_meanwhile.clear()
