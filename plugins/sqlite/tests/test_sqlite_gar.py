"""The GAR request and replay stores, directly and through pixcore-gar's hooks."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pixcore_sqlite import SqliteGarStore, SqlitePlugin
from sqlite_support import T0

from pixcore import create_plugin_manager


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gar(db_path: Path, clock: Clock) -> Iterator[SqliteGarStore]:
    with SqliteGarStore(db_path, clock=clock) as store:
        yield store


def later(seconds: int) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_request_lifecycle_fresh_then_used(gar: SqliteGarStore) -> None:
    gar.store_request("id-1", later(300))
    assert gar.consume_request("id-1") == "fresh"
    assert gar.consume_request("id-1") == "used"
    gar.store_request("id-1", later(600))  # storing again never revives a used id
    assert gar.consume_request("id-1") == "used"


def test_unknown_and_expired_requests(gar: SqliteGarStore, clock: Clock) -> None:
    assert gar.consume_request("never") == "unknown"
    gar.store_request("id-2", later(300))
    clock.now = later(300)
    assert gar.consume_request("id-2") == "unknown"


def test_expired_requests_are_purged(gar: SqliteGarStore, clock: Clock) -> None:
    gar.store_request("old", later(10))
    gar.store_request("used", later(10))
    assert gar.consume_request("used") == "fresh"
    clock.now = later(20)
    gar.store_request("new", later(300))
    with gar._read() as conn:
        rows = conn.execute("SELECT request_id FROM gar_requests").fetchall()
    assert rows == [("new",)]


def test_replay_key_is_new_once_until_expiry(gar: SqliteGarStore, clock: Clock) -> None:
    assert gar.replay_check_and_store("k", later(60)) is True
    assert gar.replay_check_and_store("k", later(120)) is False
    assert gar.replay_expiry("k") == later(60)
    clock.now = later(60)
    assert gar.replay_check_and_store("k", later(180)) is True
    assert gar.replay_expiry("k") == later(180)


def test_expired_replay_keys_are_purged(gar: SqliteGarStore, clock: Clock) -> None:
    gar.replay_check_and_store("a", later(10))
    clock.now = later(11)
    gar.replay_check_and_store("b", later(100))
    assert gar.replay_expiry("a") is None


def test_naive_expiry_is_refused(gar: SqliteGarStore) -> None:
    with pytest.raises(ValueError, match="aware"):
        gar.replay_check_and_store("k", dt.datetime(2026, 1, 1))


@pytest.mark.parametrize("separate_connections", [False, True])
def test_replay_is_atomic_between_two_threads(db_path: Path, separate_connections: bool) -> None:
    stores = [SqliteGarStore(db_path)]
    stores.append(SqliteGarStore(db_path) if separate_connections else stores[0])
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    try:
        for round_ in range(30):
            barrier = threading.Barrier(2)
            results: list[bool] = []

            def check(
                store: SqliteGarStore,
                key: str,
                barrier: threading.Barrier = barrier,
                results: list[bool] = results,
            ) -> None:
                barrier.wait()
                results.append(store.replay_check_and_store(key, expires))

            threads = [threading.Thread(target=check, args=(s, f"key-{round_}")) for s in stores]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(results) == [False, True]
    finally:
        for store in {id(s): s for s in stores}.values():
            store.close()


def test_consume_is_atomic_between_two_threads(db_path: Path) -> None:
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    with SqliteGarStore(db_path) as first, SqliteGarStore(db_path) as second:
        first.store_request("r", expires)
        barrier = threading.Barrier(2)
        results: list[str] = []

        def consume(store: SqliteGarStore) -> None:
            barrier.wait()
            results.append(store.consume_request("r"))

        threads = [threading.Thread(target=consume, args=(s,)) for s in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results) == ["fresh", "used"]


@pytest.mark.parametrize("gar_first", [True, False])
def test_gar_hooks_through_the_plugin_manager(db_path: Path, clock: Clock, gar_first: bool) -> None:
    gar_plugin = pytest.importorskip("pixcore_gar.plugin")
    with SqlitePlugin(db_path, clock=clock) as sqlite:
        plugins = [gar_plugin, sqlite] if gar_first else [sqlite, gar_plugin]
        pm = create_plugin_manager(autoload=False, plugins=plugins)
        pm.hook.pixcore_gar_store_request(request_id="r", expires_at=later(60))
        assert pm.hook.pixcore_gar_consume_request(request_id="r") == "fresh"
        assert pm.hook.pixcore_gar_consume_request(request_id="r") == "used"
        assert pm.hook.pixcore_gar_consume_request(request_id="x") == "unknown"
        assert pm.hook.pixcore_gar_replay_check_and_store(key="k", expires_at=later(60))
        assert not pm.hook.pixcore_gar_replay_check_and_store(key="k", expires_at=later(60))
