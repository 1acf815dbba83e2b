"""Which sessions each candidate's account joined: the pupil's result lookup, indexed.

The index is fed by the library's events (``CandidateJoined`` through the live hub's
``pixcore_on_event``) and filled once, on first use, from the store (sessions joined
before this process started). A pupil's result page then loads only the sessions the
account joined, never every session in the store.

A join handled by this process arrives with its account id. A join handled by another
process (a shared PostgreSQL store's notifications) arrives sealed (issue 17: the event
holds a reference, not the id): its session is marked and read from the store, with the
ids resolved, at the next lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from pixcore.events import CandidateJoined, Event
from pixcore.lifecycle.state import SessionState

__all__ = ["JoinedIndex"]


class JoinedIndex:
    """User id → session numbers joined (one process; rebuilt from the store on start)."""

    def __init__(self) -> None:
        self._sessions: dict[str, set[int]] = {}
        self._built = False
        self._sealed: set[int] = set()
        self._lock = threading.Lock()

    def record(self, event: Event, stream: str) -> None:
        """Remember a join (called for every event; other events are ignored)."""
        if not isinstance(event, CandidateJoined) or not stream.isdigit():
            return
        with self._lock:
            if event.user is None:
                self._sealed.add(int(stream))
            else:
                self._sessions.setdefault(event.user, set()).add(int(stream))

    def sessions_of(
        self,
        user: str,
        *,
        streams: Callable[[], tuple[str, ...]],
        load: Callable[[int], SessionState],
    ) -> tuple[int, ...]:
        """The sessions ``user`` joined, in order; the first call reads the store once."""
        with self._lock:
            built, self._built = self._built, True
            sealed, self._sealed = self._sealed, set()
        numbers = set(sealed)
        if not built:
            numbers.update(int(stream) for stream in streams() if stream.isdigit())
        found: dict[str, set[int]] = {}
        for number in sorted(numbers):
            for linked in load(number).users.values():
                found.setdefault(linked, set()).add(number)
        with self._lock:
            for linked, joined in found.items():
                self._sessions.setdefault(linked, set()).update(joined)
            return tuple(sorted(self._sessions.get(user, ())))
