"""A SessionService on SQLite never replays a wrong session from a damaged file.

Before issue 8, a missing version made the store's cache append the next event twice
(``load`` gave versions 1, 2, 4 then 1, 2, 4, 4) and the service replayed a session
that never happened; an event that no longer parsed escaped as pydantic's
``ValidationError`` and was shown to the user as *their* invalid input.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pixcore_sqlite import SqliteEventStore, SqlitePlugin
from test_sqlite_contract import tamper

import pixcore
from pixcore.errors import InvalidInputError, StoreCorruptError
from pixcore.host.memory import MemoryAttachments
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.lifecycle import commands as c
from pixcore.testing.machine import FakeClock

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def write_session(path: Path) -> None:
    with SqlitePlugin(path) as plugin:
        plugins = [plugin, MemoryAttachments(), FakeClock(T0)]
        pm = create_plugin_manager(autoload=False, plugins=plugins)
        service = SessionService(PluginHost(pm))
        session = pixcore.Session(number=5, site="S", room="R", date=T0.date(), time=T0.time(),
                                  invigilator="I", access_code="BCDF23")  # fmt: skip
        service.execute(5, c.CreateSession(session=session))
        for minutes in range(3):
            service.execute(5, c.NoteStartTime(noted_start=T0 + dt.timedelta(minutes=minutes)))


def load_twice(path: Path) -> list[StoreCorruptError]:
    """Load session 5 twice through a new service: both loads must be refused."""
    refusals = []
    with SqlitePlugin(path) as plugin:
        pm = create_plugin_manager(autoload=False, plugins=[plugin, MemoryAttachments()])
        service = SessionService(PluginHost(pm))
        for _ in range(2):
            with pytest.raises(StoreCorruptError) as excinfo:
                service.load(5)
            assert not isinstance(excinfo.value, InvalidInputError)
            refusals.append(excinfo.value)
    return refusals


def test_a_missing_version_is_refused_not_replayed_twice(db_path: Path) -> None:
    write_session(db_path)
    with SqliteEventStore(db_path) as store:
        tamper(store, "DELETE FROM events WHERE version = 3")
        for _ in range(2):  # the cache used to turn 1, 2, 4 into 1, 2, 4, 4
            with pytest.raises(StoreCorruptError):
                store.load("5")
    codes = [error.code for error in load_twice(db_path)]
    assert codes == ["STORE_VERSIONS_NOT_CONTIGUOUS"] * 2


def test_an_event_that_no_longer_parses_is_the_stores_fault(db_path: Path) -> None:
    write_session(db_path)
    with SqliteEventStore(db_path) as store:
        damaged = '{"type": "start_time_noted"}'  # a required field lost
        tamper(store, "UPDATE events SET data = ? WHERE version = 2", damaged)
    assert [(e.code, dict(e.meta)) for e in load_twice(db_path)] == [
        ("STORE_EVENT_UNREADABLE", {"stream": "5", "version": 2})
    ] * 2
