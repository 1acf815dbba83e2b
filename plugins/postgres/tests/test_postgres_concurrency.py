"""Several application servers on one database: no lost nor duplicated event.

Writers are separate processes (each its own pool, as on separate machines); the GAR
stores are raced through separate plugins on the same schema.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

from pixcore_postgres import PostgresEventStore, PostgresPlugin

from pixcore.events import CandidateJoined

CHILD = Path(__file__).with_name("pg_child.py")


def writers(dsn: str, stream: str, processes: int, each: int) -> list[int]:
    """Run ``processes`` writer processes at once; their conflict counts."""
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), dsn, stream, f"p{i}", str(each)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    counts = []
    for child in children:
        out, _ = child.communicate(timeout=240)
        assert child.returncode == 0
        counts.append(int(out.strip()))
    return counts


def test_thirty_candidates_joining_from_four_processes_are_all_there_once(dsn: str) -> None:
    conflicts = writers(dsn, "s30", processes=4, each=8)  # 32 joins: 4 processes x 8
    print("conflicts met and retried:", conflicts)
    with PostgresEventStore(dsn) as store:
        stored = store.load("s30")
    joined = [s.event.candidate_id for s in stored if isinstance(s.event, CandidateJoined)]
    expected = {f"p{i}-{n}" for i in range(4) for n in range(8)}
    assert len(joined) == len(expected) and set(joined) == expected
    assert [s.version for s in stored] == list(range(1, 33))
    for i in range(4):  # each process's own commands stay in its order
        mine = [c for c in joined if c.startswith(f"p{i}-")]
        assert mine == [f"p{i}-{n}" for n in range(8)]


def test_writers_on_distinct_sessions_do_not_conflict(dsn: str) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), dsn, f"own-{i}", f"p{i}", "10"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    for child in children:
        out, _ = child.communicate(timeout=240)
        assert child.returncode == 0 and int(out) == 0
    with PostgresEventStore(dsn) as store:
        assert store.streams() == ("own-0", "own-1", "own-2")
        assert all(len(store.load(f"own-{i}")) == 10 for i in range(3))


NOW = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def test_a_replayed_assertion_is_refused_whichever_server_receives_it(dsn: str) -> None:
    servers = [PostgresPlugin(dsn, clock=lambda: NOW, live=False) for _ in range(4)]
    try:
        results: list[bool] = []
        start = threading.Barrier(8)

        def receive(server: PostgresPlugin) -> None:
            start.wait(30)
            expires = NOW + dt.timedelta(minutes=5)
            results.append(server.pixcore_gar_replay_check_and_store("assertion-1", expires))

        threads = [threading.Thread(target=receive, args=(servers[i % 4],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(results) == [False] * 7 + [True]
        # expired keys may be used again (the assertion itself has expired by then)
        later = PostgresPlugin(dsn, clock=lambda: NOW + dt.timedelta(minutes=6), live=False)
        servers.append(later)
        assert later.pixcore_gar_replay_check_and_store(
            "assertion-1", NOW + dt.timedelta(minutes=9)
        )
        assert not servers[0].pixcore_gar_replay_check_and_store("assertion-1", NOW)
    finally:
        for server in servers:
            server.close()


def test_a_request_id_is_consumed_once_across_servers(dsn: str) -> None:
    a = PostgresPlugin(dsn, clock=lambda: NOW, live=False)
    b = PostgresPlugin(dsn, clock=lambda: NOW, live=False)
    try:
        a.pixcore_gar_store_request("req-1", NOW + dt.timedelta(minutes=5))
        assert b.pixcore_gar_consume_request("req-1") == "fresh"
        assert a.pixcore_gar_consume_request("req-1") == "used"
        assert b.pixcore_gar_consume_request("req-unknown") == "unknown"
        a.pixcore_gar_store_request("req-2", NOW - dt.timedelta(seconds=1))
        assert b.pixcore_gar_consume_request("req-2") == "unknown"  # expired
    finally:
        a.close()
        b.close()


def test_hostile_ids_are_stored_exactly_and_never_collide(dsn: str) -> None:
    """A NUL byte (which PostgreSQL text refuses) or a backslash in a SAML id is kept apart."""
    with PostgresPlugin(dsn, clock=lambda: NOW, live=False) as server:
        later = NOW + dt.timedelta(minutes=5)
        ids = ["a\x00b", "a\\0b", "a\\\x00b", "a\\\\0b", "ab"]
        assert all(server.pixcore_gar_replay_check_and_store(key, later) for key in ids)
        assert not any(server.pixcore_gar_replay_check_and_store(key, later) for key in ids)
        assert server.pixcore_gar_consume_request("r\x00") == "unknown"
        server.pixcore_gar_store_request("r\x00", later)
        assert server.pixcore_gar_consume_request("r\\0") == "unknown"
        assert server.pixcore_gar_consume_request("r\x00") == "fresh"
