"""Connection loss mid-command: the caller is told whether the command was stored.

A private cluster (not the session's shared one) is restarted and crashed under
writers; a lost connection is also injected right after and right before a commit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from pixcore_postgres import (
    PostgresEventStore,
    PostgresOutcomeUnknownError,
    PostgresUnavailableError,
    migrate,
)
from pixcore_postgres.testing import TemporaryCluster

from pixcore.errors import PixcoreError
from pixcore.host.store import ConcurrencyError
from pixcore.testing.store_model import T0, answer


@pytest.fixture(scope="module")
def cluster() -> Iterator[TemporaryCluster]:
    with TemporaryCluster() as own:
        migrate(own.dsn())
        yield own


def lost() -> psycopg.OperationalError:
    return psycopg.OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_restart_during_a_run_loses_no_acknowledged_command(
    cluster: TemporaryCluster, mode: Any
) -> None:
    """Writers append while the server restarts (or crashes): acknowledged means stored."""
    acknowledged: dict[str, list[int]] = {}
    unknown: dict[str, list[int]] = {}
    refused: dict[str, list[int]] = {}
    halfway, stop = threading.Barrier(5), threading.Event()

    def writer(name: str, store: PostgresEventStore) -> None:
        version, n = 0, 0
        acknowledged[name], unknown[name], refused[name] = [], [], []
        while not stop.is_set() or n < 40:
            n += 1
            if n == 20:
                halfway.wait(60)
            try:
                version = store.append(name, [answer(n)], expected_version=version,
                                       recorded_at=T0)  # fmt: skip
                acknowledged[name].append(n)
            except PostgresOutcomeUnknownError:
                unknown[name].append(n)
                version = len(store.load(name))
            except (PostgresUnavailableError, ConcurrencyError):
                refused[name].append(n)
                version = len(store.load(name))

    with PostgresEventStore(cluster.dsn(), reconnect_timeout=60, pool_size=4) as store:
        names = [f"{mode}-{i}" for i in range(4)]
        threads = [threading.Thread(target=writer, args=(name, store)) for name in names]
        for thread in threads:
            thread.start()
        halfway.wait(60)
        cluster.restart(mode)
        stop.set()
        for thread in threads:
            thread.join(120)
        print({n: (len(acknowledged[n]), len(unknown[n]), len(refused[n])) for n in names})
        assert store.db.pauses > 0, "the restart went unnoticed: the test tested nothing"
        for name in names:
            stored = [s.event.certification_number for s in store.load(name)]  # type: ignore[attr-defined]
            assert len(stored) == len(set(stored)), "an event stored twice"
            assert set(acknowledged[name]) <= set(stored), "an acknowledged command lost"
            assert not set(refused[name]) & set(stored), "a refused command stored"
            assert set(stored) <= set(acknowledged[name]) | set(unknown[name])
            assert len(acknowledged[name]) >= 40 - len(unknown[name]) - len(refused[name])


def test_a_commit_whose_answer_is_lost_is_found_not_sent_again(
    cluster: TemporaryCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PostgresEventStore(cluster.dsn(), reconnect_timeout=10) as store:
        real = store._send
        calls = []

        def commit_then_lose(params: tuple[object, ...]) -> tuple[bool, int]:
            calls.append(params)
            if len(calls) == 1:
                real(params)  # committed on the server...
                raise lost()  # ...but the answer never came back
            return real(params)

        monkeypatch.setattr(store, "_send", commit_then_lose)
        assert store.append("after", [answer(1), answer(2)], expected_version=0,
                            recorded_at=T0) == 2  # fmt: skip
        assert len(calls) == 1, "the stored command was sent again"
        assert [s.version for s in store.load("after")] == [1, 2]


def test_a_command_lost_before_its_commit_is_sent_again_once(
    cluster: TemporaryCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PostgresEventStore(cluster.dsn(), reconnect_timeout=10) as store:
        real = store._send
        calls = []

        def lose_then_send(params: tuple[object, ...]) -> tuple[bool, int]:
            calls.append(params)
            if len(calls) == 1:
                raise lost()  # never reached the server
            return real(params)

        monkeypatch.setattr(store, "_send", lose_then_send)
        assert store.append("before", [answer(1)], expected_version=0, recorded_at=T0) == 1
        assert len(calls) == 2
        assert calls[0][2] == calls[1][2], "the retry is the same command"
        assert [s.version for s in store.load("before")] == [1]


def test_a_database_gone_for_good_is_an_unknown_outcome_resolved_later(
    cluster: TemporaryCluster,
) -> None:
    with PostgresEventStore(cluster.dsn(), reconnect_timeout=1.5) as store:
        store.append("gone", [answer(1)], expected_version=0, recorded_at=T0)
        cluster.stop("immediate")
        try:
            with pytest.raises(PixcoreError) as excinfo:
                store.append("gone", [answer(2)], expected_version=1, recorded_at=T0)
            error = excinfo.value
            assert isinstance(error, PostgresOutcomeUnknownError | PostgresUnavailableError)
            assert error.retryable and error.code in ("POSTGRES_OUTCOME_UNKNOWN",
                                                      "POSTGRES_UNAVAILABLE")  # fmt: skip
            with pytest.raises(PostgresUnavailableError):
                store.load("gone")
        finally:
            cluster.start()
        store.db.reconnect_timeout = 60  # the pool reconnects with its own back-off
        if isinstance(error, PostgresOutcomeUnknownError):
            meta = error.meta
            reached = store.outcome(str(meta["stream"]), int(meta["expected"]),
                                    str(meta["command"]))  # fmt: skip
            assert reached is None  # the server was down: it never got the command
        assert [s.version for s in store.load("gone")] == [1]
        assert store.append("gone", [answer(2)], expected_version=1, recorded_at=T0) == 2
