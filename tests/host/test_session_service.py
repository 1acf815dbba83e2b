"""SessionService: stores checked at start-up, never a wrong state, bounded memory."""

from __future__ import annotations

import datetime as dt

import pytest

import pixcore
from pixcore.errors import StoreCorruptError
from pixcore.host.memory import EventStorePlugin, MemoryAttachments, MemoryStorePlugin
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import DEFAULT_CACHE_SESSIONS, SessionService
from pixcore.host.store import InMemoryEventStore, StoredEvent
from pixcore.lifecycle import commands as c
from pixcore.testing.machine import FakeClock

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def service_on(*plugins: object, **options: int) -> SessionService:
    pm = create_plugin_manager(autoload=False, plugins=[FakeClock(T0), *plugins])
    return SessionService(PluginHost(pm), **options)  # type: ignore[arg-type]


def create(service: SessionService, number: int) -> None:
    session = pixcore.Session(number=number, site="S", room="R", date=T0.date(), time=T0.time(),
                              invigilator="I", access_code="BCDF23")  # fmt: skip
    service.execute(number, c.CreateSession(session=session))
    service.execute(number, c.NoteStartTime(noted_start=T0))


class SkippingStore(InMemoryEventStore):
    """A (host-written) store that answers with versions that do not follow."""

    def load(self, stream: str, *, after_version: int = 0) -> tuple[StoredEvent, ...]:
        loaded = super().load(stream, after_version=after_version)
        return tuple(item._replace(version=item.version + 1) for item in loaded)


def test_a_store_whose_versions_do_not_follow_is_refused() -> None:
    store = SkippingStore()
    writer = service_on(MemoryStorePlugin(InMemoryEventStore()))
    create(writer, 5)
    for item in writer.host.event_store().load("5"):
        store.append("5", [item.event], expected_version=item.version - 1, recorded_at=T0)
    reader = service_on(EventStorePlugin(store), MemoryAttachments())
    with pytest.raises(StoreCorruptError) as excinfo:
        reader.load(5)
    assert excinfo.value.code == "STORE_VERSIONS_NOT_CONTIGUOUS"
    assert dict(excinfo.value.meta) == {"stream": "5", "expected": 1, "found": 2}


def test_the_session_cache_is_a_bounded_lru() -> None:
    memory = MemoryStorePlugin()
    service = service_on(memory, cache_sessions=2)
    for number in (1, 2, 3):
        create(service, number)
    assert list(service._known) == ["2", "3"]
    assert service.load(1).version == 2  # evicted: replayed from the store, the same state
    assert list(service._known) == ["3", "1"]
    service.load(3)
    assert list(service._known) == ["1", "3"]
    assert service.load(99).version == 0  # an unknown session takes no room
    assert list(service._known) == ["1", "3"]


def test_the_cache_sees_other_writers_and_can_be_off() -> None:
    memory = MemoryStorePlugin()
    first, second = service_on(memory), service_on(memory, cache_sessions=0)
    create(first, 7)
    assert second.load(7) == first.load(7)
    first.execute(7, c.NoteStartTime(noted_start=T0 + dt.timedelta(minutes=5)))
    assert second.load(7).version == 3 and second._known == {}
    assert first.cache_sessions == DEFAULT_CACHE_SESSIONS
    with pytest.raises(ValueError, match="cache_sessions"):
        service_on(memory, cache_sessions=-1)
