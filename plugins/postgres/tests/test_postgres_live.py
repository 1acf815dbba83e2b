"""Live events across processes: a join stored by one server reaches the others' observers.

Each "server" is a :class:`PostgresPlugin` in its own plugin manager with a recording
observer (``pixcore_on_event``); one writer is a separate process. Waits are bounded
(an event not delivered within 10 s fails the test); nothing asserts a speed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pg_support
import pluggy
import pytest
from pixcore_postgres import PostgresPlugin

from pixcore.events import CandidateJoined, Event
from pixcore.host.hookspecs import hookimpl
from pixcore.host.plugins import create_plugin_manager
from pixcore.testing.store_model import T0, answer

CHILD = Path(__file__).with_name("pg_child.py")


class Screen:
    """An invigilator's screen: records every event the host is told about."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []
        self.events: list[Event] = []
        self._changed = threading.Condition()

    @hookimpl
    def pixcore_on_event(self, event: Event, stream: str, version: int) -> None:
        with self._changed:
            self.seen.append((stream, version))
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[str, int]]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.seen) < count and time.monotonic() < deadline:
                self._changed.wait(max(0.0, deadline - time.monotonic()))
            return list(self.seen)


def server(dsn: str) -> tuple[PostgresPlugin, Screen, pluggy.PluginManager]:
    plugin, screen = PostgresPlugin(dsn), Screen()
    pm = create_plugin_manager(autoload=False, plugins=[plugin, screen])
    (listener,) = plugin.listeners
    assert listener.connected.wait(10)
    return plugin, screen, pm


@pytest.fixture
def two_servers(dsn: str) -> Iterator[tuple[tuple[PostgresPlugin, Screen], ...]]:
    a, screen_a, _ = server(dsn)
    b, screen_b, _ = server(dsn)
    try:
        yield (a, screen_a), (b, screen_b)
    finally:
        a.close()
        b.close()


def test_an_event_stored_by_one_server_reaches_the_other(two_servers) -> None:  # type: ignore[no-untyped-def]
    (a, screen_a), (b, screen_b) = two_servers
    a.events.append("s1", [answer(1), answer(2)], expected_version=0, recorded_at=T0)
    assert screen_b.wait_for(2) == [("s1", 1), ("s1", 2)]
    assert screen_b.events == [answer(1), answer(2)]
    b.events.append("s1", [answer(3)], expected_version=2, recorded_at=T0)
    assert screen_a.wait_for(1) == [("s1", 3)]  # not its own appends (the service tells)
    assert screen_b.wait_for(3, timeout=0.5) == [("s1", 1), ("s1", 2)]


def test_a_join_in_another_process_reaches_every_server(two_servers, dsn: str) -> None:  # type: ignore[no-untyped-def]
    (_, screen_a), (_, screen_b) = two_servers
    subprocess.run([sys.executable, str(CHILD), dsn, "s2", "x", "3"], check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    for screen in (screen_a, screen_b):
        assert screen.wait_for(3) == [("s2", 1), ("s2", 2), ("s2", 3)]
        assert [e.candidate_id for e in screen.events if isinstance(e, CandidateJoined)] == [
            "x-0", "x-1", "x-2"]  # fmt: skip


def test_a_listener_that_lost_its_connection_misses_nothing_nor_repeats(two_servers) -> None:  # type: ignore[no-untyped-def]
    (a, _), (b, screen_b) = two_servers
    a.events.append("s3", [answer(1)], expected_version=0, recorded_at=T0)
    assert screen_b.wait_for(1) == [("s3", 1)]
    (listener,) = b.listeners
    pg_support.raw(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE query LIKE 'LISTEN%%' AND pid <> pg_backend_pid()"
    )
    for version in range(1, 6):  # while b reconnects, or after
        a.events.append("s3", [answer(version + 1)], expected_version=version, recorded_at=T0)
    assert screen_b.wait_for(6) == [("s3", v) for v in range(1, 7)]
    assert listener.connected.wait(10)
    assert listener.connections == 2, "the listener was not cut: the test tested nothing"
    assert screen_b.wait_for(7, timeout=0.5) == [("s3", v) for v in range(1, 7)]


def test_closing_stops_the_listener(dsn: str) -> None:
    plugin, _, _ = server(dsn)
    (listener,) = plugin.listeners
    plugin.close()
    assert not listener.connected.is_set() or not listener._thread.is_alive()
    assert plugin.listeners == ()
