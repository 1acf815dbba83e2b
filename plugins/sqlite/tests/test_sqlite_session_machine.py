"""The core's SessionMachine on the SQLite store: a reloaded state equals the history.

Each example uses a fresh database file, and a second store on the same file (a cold
reader, no cache) must rebuild exactly the state the writer's history gives.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis.stateful import invariant
from pixcore_sqlite import SqliteEventStore

from pixcore.host.store import EventStore
from pixcore.lifecycle.evolve import replay
from pixcore.testing.machine import NUMBER, SessionMachine


class SqliteSessionMachine(SessionMachine):
    """Random sessions stored in SQLite, checked against a cold second reader."""

    def make_store(self) -> EventStore:
        self._folder = tempfile.TemporaryDirectory()
        self._path = Path(self._folder.name) / "sessions.db"
        self._writer = SqliteEventStore(self._path)
        return self._writer

    @invariant()
    def a_cold_reader_sees_the_same_session(self) -> None:
        """A new store on the same file, without cache, replays the same state."""
        reader = SqliteEventStore(self._path, cache_streams=0)
        try:
            stored = reader.load(str(NUMBER))
            assert replay(item.event for item in stored) == replay(self.history)
        finally:
            reader.close()

    def teardown(self) -> None:
        if hasattr(self, "_writer"):
            self._writer.close()
            self._folder.cleanup()


SqliteSessionMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=None
)
TestSqliteSessionMachine = SqliteSessionMachine.TestCase
