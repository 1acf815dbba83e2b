"""The session state machine run on a store under test, with a second, cold handle.

:class:`StoreSessionMachine` is :class:`~pixcore.testing.machine.SessionMachine` whose
store comes from :meth:`StoreSessionMachine.open_store` (closed at teardown) and which
checks, after every step, that a second handle on the same data
(:meth:`StoreSessionMachine.reopen`: a new connection, a cold cache) replays exactly the
session the history gives. :mod:`pixcore.testing.store_contract` runs it for every store.
"""

from __future__ import annotations

import contextlib

from hypothesis.stateful import invariant

from pixcore.host.personal import load_resolved
from pixcore.host.store import EventStore
from pixcore.lifecycle.evolve import replay
from pixcore.testing.machine import NUMBER, SessionMachine

__all__ = ["StoreSessionMachine"]


class StoreSessionMachine(SessionMachine):
    """Random sessions on the store under test, checked against a reopened handle."""

    def open_store(self) -> contextlib.AbstractContextManager[EventStore]:
        """A fresh, empty store (override it)."""
        raise NotImplementedError

    def reopen(self, store: EventStore) -> contextlib.AbstractContextManager[EventStore]:
        """A second handle on ``store``'s data (override it; default: the same object)."""
        return contextlib.nullcontext(store)

    def make_store(self) -> EventStore:
        """Open the store under test; :meth:`teardown` closes it."""
        self._stack = contextlib.ExitStack()
        self._store = self._stack.enter_context(self.open_store())
        return self._store

    @invariant()
    def a_reopened_store_replays_the_same_session(self) -> None:
        """A second handle on the same data gives exactly the history's state."""
        with self.reopen(self._store) as other:
            stored = load_resolved(other, str(NUMBER), 0)
            assert replay(item.event for item in stored) == replay(self.history)

    def teardown(self) -> None:
        """Close the store."""
        stack = getattr(self, "_stack", None)
        if stack is not None:
            stack.close()
