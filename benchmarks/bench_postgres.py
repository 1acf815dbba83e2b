"""pixcore-postgres against pixcore-sqlite, side by side in one run (issue 13, "Measure").

Run from the repository root (PostgreSQL's server binaries installed; a throwaway
cluster is started in a temporary folder, with ``fsync`` on, as SQLite's ``FULL``)::

    .venv/bin/python benchmarks/bench_postgres.py [--appends 200] [--sessions 20]

1. appends/s with 1, 4 and 16 writer processes on distinct sessions, and 16 on one
   session (contention: optimistic conflicts, reloaded and retried);
2. 30 candidates joining one session at once from 4 processes: no duplicate, none lost;
3. ``kill -9`` of 4 writer processes mid-run: every acknowledged command present;
4. a national-scale batch, scaled down (``--sessions`` sessions of 40 candidates, ~35
   events each: written, juried, published; one process, then 4): wall time, RSS of the
   writers, and the extrapolation to 25,000 sessions (1,000,000 candidates).

Writers are separate processes (``--child``), each with its own connection/file handle,
started before the clock and released together. Numbers are noisy on a shared machine:
compare the two stores within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "plugins" / "postgres"), str(ROOT / "plugins" / "sqlite"),
                str(ROOT / "plugins" / "sqlite" / "benchmarks")]  # fmt: skip

from bench_store import session_events  # noqa: E402
from pixcore_postgres import PostgresEventStore, migrate  # noqa: E402
from pixcore_postgres.testing import TemporaryCluster  # noqa: E402
from pixcore_sqlite import SqliteEventStore  # noqa: E402

from pixcore.events import (  # noqa: E402
    AnswerRecorded,
    AutomaticJuryDone,
    CandidateJoined,
    Event,
    SessionFinalised,
    SessionPublished,
)
from pixcore.host.personal import append_sealed  # noqa: E402
from pixcore.host.store import ConcurrencyError, EventStore  # noqa: E402

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def open_store(location: str) -> EventStore:
    if location.startswith("postgresql://"):
        return PostgresEventStore(location, pool_size=1)
    path, _, sync = location.partition("?")
    return SqliteEventStore(path, synchronous="NORMAL" if sync else "FULL", timeout=120)


def append_retrying(store: EventStore, stream: str, events: list[Event]) -> int:
    """Append as the service does: reload the version on a conflict; the conflicts met."""
    conflicts = 0
    while True:
        version = len(store.load(stream))
        try:
            store.append(stream, events, expected_version=version, recorded_at=T0)
            return conflicts
        except ConcurrencyError:
            conflicts += 1


# ------------------------------------------------------------------ child process


def child(location: str, mode: str, stream: str, tag: str, count: int) -> None:
    store = open_store(location)
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    start, conflicts = time.time(), 0
    if mode == "batch":
        first, last = (int(part) for part in stream.split(":"))
        for number in range(first, last):
            write_session(store, str(number))
    else:
        for n in range(count):
            if mode == "join":
                event: Event = CandidateJoined(candidate_id=f"{tag}-{n}", user_ref=f"u-{tag}-{n}")
            else:
                event = AnswerRecorded(certification_number=n + 1, status="ok", at=T0)
            conflicts += append_retrying(store, stream, [event])
            if mode == "ack":
                print(f"ack {n}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"done {start} {time.time()} {conflicts} {rss}", flush=True)


def write_session(store: EventStore, stream: str) -> None:
    """A whole session, command by command, then finalised, juried, published."""
    version = 0
    for events in SESSION:  # sealed as the service seals them: names go to personal_data
        version = append_sealed(store, stream, events, expected_version=version, recorded_at=T0)
    for events in AFTER:
        version = len(store.load(stream))  # the service replays before deciding
        version = store.append(stream, events, expected_version=version, recorded_at=T0)


SESSION = session_events(40, 30)
AFTER: list[list[Event]] = [
    [SessionFinalised(pv_scan="pv.pdf", has_incident=False, has_joining_issue=False, at=T0)],
    [AutomaticJuryDone(at=T0)],
    [SessionPublished(at=T0)],
]


# ------------------------------------------------------------------ parent


def spawn(location: str, mode: str, streams: list[str], count: int) -> list[subprocess.Popen[str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", location, mode, stream, f"w{i}", str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i, stream in enumerate(streams)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return procs


def go(procs: list[subprocess.Popen[str]]) -> list[tuple[float, float, int, float]]:
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=3600)
        _, start, end, conflicts, rss = out.strip().splitlines()[-1].split()
        results.append((float(start), float(end), int(conflicts), float(rss)))
    return results


def throughput(location: str, writers: int, same: bool, count: int) -> tuple[float, int]:
    streams = ["one"] * writers if same else [f"s{i}" for i in range(writers)]
    results = go(spawn(location, "answer", streams, count))
    wall = max(r[1] for r in results) - min(r[0] for r in results)
    return writers * count / wall, sum(r[2] for r in results)


def joins(location: str) -> str:
    results = go(spawn(location, "join", ["join"] * 4, 8))  # 32 joins ~ "30 at once"
    store = open_store(location)
    stored = store.load("join")
    ids = [s.event.candidate_id for s in stored if isinstance(s.event, CandidateJoined)]
    ok = len(ids) == len(set(ids)) == 32
    return f"{len(ids)} joins stored, {len(set(ids))} distinct, conflicts retried " \
           f"{sum(r[2] for r in results)}: {'OK' if ok else 'FAILED'}"  # fmt: skip


def kill9(location: str) -> str:
    procs = spawn(location, "ack", [f"k{i}" for i in range(4)], 100_000)
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acked: list[set[int]] = []
    for proc in procs:  # read until each acknowledged 100, then kill -9 them all
        assert proc.stdout is not None
        acked.append({int(proc.stdout.readline().split()[1]) for _ in range(100)})
    for proc in procs:
        os.kill(proc.pid, signal.SIGKILL)
    for proc, seen in zip(procs, acked, strict=True):
        assert proc.stdout is not None
        for line in proc.stdout:  # acknowledgements written before the kill
            if line.startswith("ack"):
                seen.add(int(line.split()[1]))
        proc.wait()
    store = open_store(location)
    lost = 0
    for i, seen in enumerate(acked):
        stored = {s.event.certification_number - 1 for s in store.load(f"k{i}")}  # type: ignore[attr-defined]
        lost += len(seen - stored)
    total = sum(len(s) for s in acked)
    return f"{total} acknowledged before kill -9, {lost} missing: {'OK' if not lost else 'FAILED'}"


def batch(location: str, sessions: int, processes: int) -> tuple[float, float]:
    share = -(-sessions // processes)
    ranges = [f"{1000 + p * share}:{1000 + min(sessions, (p + 1) * share)}"
              for p in range(processes)]  # fmt: skip
    results = go(spawn(location, "batch", ranges, 0))
    wall = max(r[1] for r in results) - min(r[0] for r in results)
    return wall, max(r[3] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=200, help="appends per writer")
    parser.add_argument("--sessions", type=int, default=20, help="sessions in the batch")
    parser.add_argument("--parts", default="1234", help="which measures to run (digits)")
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="PostgreSQL fsync off and SQLite synchronous=NORMAL: what the CPU allows",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the cluster on SIGTERM too
    with tempfile.TemporaryDirectory() as tmp, TemporaryCluster(fsync=not args.no_fsync) as cluster:
        counter = iter(range(10_000))

        def fresh(kind: str) -> str:
            n = next(counter)
            if kind == "sqlite":
                path = str(Path(tmp) / f"bench{n}.db")
                return f"{path}?normal" if args.no_fsync else path
            dsn = f"{cluster.dsn()}?schema=bench{n}"
            migrate(dsn)
            return dsn

        durability = "fsync off / NORMAL" if args.no_fsync else "fsync on / FULL"
        print(f"PostgreSQL {cluster.bindir.parent.name} vs SQLite ({durability});"
              f" {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")  # fmt: skip
        if "1" in args.parts:
            appends(fresh, args.appends)
        if "2" in args.parts:
            print("\n2. 30 candidates joining one session from 4 processes")
            for kind in ("postgres", "sqlite"):
                print(f"  {kind}: {joins(fresh(kind))}")
        if "3" in args.parts:
            print("\n3. kill -9 of 4 writer processes mid-run")
            for kind in ("postgres", "sqlite"):
                print(f"  {kind}: {kill9(fresh(kind))}")
        if "4" in args.parts:
            national(fresh, args.sessions)


def appends(fresh: Callable[[str], str], count: int) -> None:
    """Part 1: appends/s by number of writer processes, own sessions or one."""
    print("\n1. appends/s (1 event per command, one transaction each)")
    for writers, same in ((1, False), (4, False), (16, False), (16, True)):
        cells = []
        for kind in ("postgres", "sqlite"):
            rate, conflicts = throughput(fresh(kind), writers, same, count)
            cells.append(f"{kind} {rate:8.0f}/s (conflicts {conflicts})")
        what = f"{writers:2d} writers, {'one session ' if same else 'own sessions'}"
        print(f"  {what}: " + " | ".join(cells))


def national(fresh: Callable[[str], str], sessions: int) -> None:
    """Part 4: whole sessions written, juried, published, by 1 then 4 processes."""
    events = sum(len(c) for c in SESSION) + len(AFTER)
    print(f"\n4. batch: {sessions} sessions x 40 candidates ({events} events, "
          f"{len(SESSION) + len(AFTER)} commands per session)")  # fmt: skip
    for processes in (1, 4):
        for kind in ("postgres", "sqlite"):
            wall, rss = batch(fresh(kind), sessions, processes)
            hours = wall / sessions * 25_000 / 3600
            print(
                f"  {kind:8s} {processes} process(es): {wall:7.1f} s, writer RSS "
                f"{rss:5.0f} MB; 25,000 sessions at this rate: {hours:5.1f} h"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        main()
