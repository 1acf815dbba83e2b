"""Concurrent writers (threads, then processes) and kill -9 of a writing process."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pixcore_sqlite import SqliteEventStore
from sqlite_support import (
    TESTS_DIR,
    append_with_retry,
    check_commands,
    child_env,
    command_events,
)

STREAM = "12345"
CHILD = str(TESTS_DIR / "sqlite_child.py")


def test_30_threads_on_one_stream_lose_and_duplicate_nothing(db_path: Path) -> None:
    threads, commands, size = 30, 4, 2
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []
    with SqliteEventStore(db_path) as store:

        def writer(name: str) -> None:
            try:
                barrier.wait(timeout=60)
                for k in range(1, commands + 1):
                    append_with_retry(store, STREAM, command_events(name, k, size))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        workers = [threading.Thread(target=writer, args=(f"t{i}",)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        counts = check_commands(store, STREAM)
    assert len(counts) == threads * commands
    assert sum(counts.values()) == threads * commands * size


def test_30_threads_each_with_its_own_store_on_one_file(db_path: Path) -> None:
    threads = 30
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            with SqliteEventStore(db_path) as store:
                barrier.wait(timeout=60)
                for k in range(1, 4):
                    append_with_retry(store, STREAM, command_events(name, k, 3))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
            barrier.abort()  # the others stop waiting: a failure, never a hang

    workers = [threading.Thread(target=writer, args=(f"c{i}",)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with SqliteEventStore(db_path) as store:
        counts = check_commands(store, STREAM)
    assert len(counts) == threads * 3


def test_several_processes_on_one_stream(db_path: Path) -> None:
    processes, commands, size = 4, 15, 3
    SqliteEventStore(db_path).close()  # schema created once, before the race
    children = [
        subprocess.Popen(
            [sys.executable, CHILD, "race", str(db_path), f"p{i}", str(commands), str(size)],
            env=child_env(),
        )
        for i in range(processes)
    ]
    assert [child.wait(timeout=60) for child in children] == [0] * processes
    with SqliteEventStore(db_path) as store:
        counts = check_commands(store, STREAM)
    assert sorted(counts) == sorted(
        f"p{i}:command {k}" for i in range(processes) for k in range(1, commands + 1)
    )
    assert sum(counts.values()) == processes * commands * size


def _run_and_kill(db_path: Path, writer: str, delay: float) -> list[int]:
    child = subprocess.Popen(
        [sys.executable, CHILD, "crash", str(db_path), writer, "5"],
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    reported = [int(child.stdout.readline())]  # at least one commit before the kill
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    reported += [int(line) for line in child.stdout.read().split() if line.strip()]
    child.stdout.close()
    assert child.wait(timeout=10) == -signal.SIGKILL
    return reported


@pytest.mark.slow
def test_kill_9_never_loses_a_commit_nor_leaves_half_a_command(
    db_path: Path, rng: random.Random
) -> None:
    runs = 5
    total_reported = 0
    for run in range(runs):
        reported = _run_and_kill(db_path, f"run{run}", rng.uniform(0.02, 0.4))
        total_reported += len(reported)
        with SqliteEventStore(db_path) as store:
            stored = store.load(STREAM)
            counts = check_commands(store, STREAM)  # contiguous, whole commands, no duplicate
        versions = {s.version for s in stored}
        assert set(reported) <= versions, "a reported commit was lost"
        assert max(reported) <= len(stored)
        assert all(n == 5 for n in counts.values())
    assert total_reported >= runs
