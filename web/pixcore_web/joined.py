"""Which sessions each candidate's account joined: the pupil's result lookup, indexed.

The index is fed by the library's events (``CandidateJoined`` through the live hub's
``pixcore_on_event``) and filled once, on first use, from the store (sessions joined
before this process started). A pupil's result page then loads only the sessions the
account joined, never every session in the store.
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
        self._lock = threading.Lock()

    def record(self, event: Event, stream: str) -> None:
        """Remember a join (called for every event; other events are ignored)."""
        if isinstance(event, CandidateJoined) and event.user is not None and stream.isdigit():
            with self._lock:
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
            built = self._built
            self._built = True
        if not built:
            found: dict[str, set[int]] = {}
            for stream in streams():
                if stream.isdigit():
                    for linked in load(int(stream)).users.values():
                        found.setdefault(linked, set()).add(int(stream))
            with self._lock:
                for linked, numbers in found.items():
                    self._sessions.setdefault(linked, set()).update(numbers)
        with self._lock:
            return tuple(sorted(self._sessions.get(user, ())))
