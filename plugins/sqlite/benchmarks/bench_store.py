"""Benchmark of the embedded store: append throughput, replay time, threads.

Run from the repository root::

    .venv/bin/python plugins/sqlite/benchmarks/bench_store.py [--appends 2000] [--dir DIR]

Everything happens on temporary files (in ``--dir`` if given, else the system's temp
folder: use a folder on the disk the host will use, fsync costs differ). Targets from
the issue: >= 5,000 appended events/s; replay of a 40-candidate session < 5 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pixcore_sqlite import SqliteEventStore
from pixcore_sqlite._db import Synchronous

from pixcore.events import (
    AnswerRecorded,
    CandidateEnrolled,
    CandidateJoined,
    CertificationStarted,
    EndScreenConfirmed,
    EndScreenReached,
    EnrolledCandidate,
    Event,
    SessionCreated,
    StartTimeNoted,
)
from pixcore.host.personal import append_sealed, load_resolved
from pixcore.host.store import ConcurrencyError
from pixcore.models.candidate import BirthPlace, Candidate
from pixcore.models.session import Session

T0 = dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.UTC)
STATUSES = ["ok", "ko", "ok", "partially", "ok", "aband", "ok", "timedout"]


def answer(number: int, i: int) -> AnswerRecorded:
    """The ``i``-th answer of certification ``number``."""
    return AnswerRecorded.model_validate(
        {
            "certification_number": number,
            "status": STATUSES[i % len(STATUSES)],
            "at": (T0 + dt.timedelta(seconds=30 * i)).isoformat(),
            "timed": i % 7 == 0,
        }
    )


def session_events(candidates: int = 40, answers: int = 30) -> list[list[Event]]:
    """The commands of a whole session: ~35 events per candidate."""
    session = Session(
        number=12345,
        site="Collège Jean Moulin",
        room="Salle info 2",
        date=dt.date(2026, 3, 12),
        time=dt.time(9, 0),
        invigilator="Mme Martin",
        access_code="BCDF23",
    )
    place = BirthPlace(
        country_code="99100", country="FRANCE", city="PARIS", insee_code="75056",
        department_code="75",
    )  # fmt: skip
    commands: list[list[Event]] = [[SessionCreated(session=session, establishment="0751234A")]]
    for c in range(1, candidates + 1):
        candidate = Candidate(
            last_name=f"Nom{c}", first_name=f"Prénom{c}", birth_date=dt.date(2011, 3, c % 28 + 1),
            sex="F" if c % 2 else "M", birth_place=place,
        )  # fmt: skip
        enrolled = EnrolledCandidate(candidate_id=f"C{c}", candidate=candidate)
        commands.append([CandidateEnrolled(enrolled=enrolled)])
    commands.append([StartTimeNoted(noted_start=T0)])
    for c in range(1, candidates + 1):
        number = 100 + c
        commands.append(
            [
                CandidateJoined(candidate_id=f"C{c}", user=f"user-{c}"),
                CertificationStarted(candidate_id=f"C{c}", certification_number=number,
                                     started_at=T0, question_count=32),
            ]
        )  # fmt: skip
        commands.extend([answer(number, i)] for i in range(answers))
        commands.append([EndScreenReached(certification_number=number, at=T0)])
        commands.append([EndScreenConfirmed(certification_number=number, at=T0)])
    return commands


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_append(folder: Path, synchronous: Synchronous, batch: int, appends: int) -> float:
    """Events/s of ``appends`` appends of ``batch`` events each, one writer."""
    events: list[Event] = [answer(101, i) for i in range(batch)]
    path = folder / f"append-{synchronous}-{batch}.db"
    with SqliteEventStore(path, synchronous=synchronous) as store:

        def run() -> None:
            version = 0
            for _ in range(appends):
                version = store.append("s", events, expected_version=version, recorded_at=T0)

        return appends * batch / timed(run)


def bench_replay(folder: Path, runs: int = 50) -> dict[str, float]:
    """Milliseconds to load a 40-candidate session (p50, p99).

    ``first``: first load on a newly opened store; ``uncached``: cache off, connection
    warm (read + parse every event); ``cached``: the store's replay cache is warm.
    """
    path = folder / "replay.db"
    with SqliteEventStore(path) as store:
        version = 0
        for command in session_events():
            version = append_sealed(  # personal data as records (issue 17)
                store, "12345", command, expected_version=version, recorded_at=T0
            )
        cached = [timed(lambda: store.load("12345")) for _ in range(runs)]
        resolved = [timed(lambda: load_resolved(store, "12345", 0)) for _ in range(runs)]
        with store._read() as conn:
            query = "SELECT version, data, recorded_at FROM events WHERE stream = ?"
            fetch = lambda: conn.execute(query, ("12345",)).fetchall()  # noqa: E731
            sql = min(timed(fetch) for _ in range(runs))
    with SqliteEventStore(path, cache_streams=0) as uncached_store:
        uncached = [timed(lambda: uncached_store.load("12345")) for _ in range(runs)]
    first: list[float] = []
    for _ in range(runs):
        with SqliteEventStore(path) as fresh:
            first.append(timed(partial(fresh.load, "12345")))
    result: dict[str, float] = {"events": version, "sql": sql * 1e3}
    measures = (("first", first), ("uncached", uncached), ("cached", cached))
    for name, times in (*measures, ("cached+personal", resolved)):
        times.sort()
        result[f"{name} p50"] = times[runs // 2] * 1e3
        result[f"{name} p99"] = times[int(0.99 * (runs - 1))] * 1e3
    return result


def bench_threads(folder: Path, *, shared: bool, same_stream: bool) -> float:
    """Events/s of 30 threads x 20 appends.

    One shared store (one connection and a lock) or one store per thread (a connection
    per thread); own streams, or one stream with reload-and-retry on ConcurrencyError.
    """
    threads, each = 30, 20
    path = folder / f"threads-{shared}-{same_stream}.db"
    SqliteEventStore(path).close()
    common = SqliteEventStore(path) if shared else None
    barrier = threading.Barrier(threads + 1)

    def writer(name: str) -> None:
        store = common or SqliteEventStore(path)
        stream = "s" if same_stream else name
        barrier.wait()
        version = 0
        for i in range(each):
            while True:
                if same_stream:
                    version = len(store.load(stream))
                try:
                    version = store.append(
                        stream, [answer(101, i)], expected_version=version, recorded_at=T0
                    )
                    break
                except ConcurrencyError:
                    continue
        if common is None:
            store.close()

    workers = [threading.Thread(target=writer, args=(f"t{n}",)) for n in range(threads)]
    for worker in workers:
        worker.start()
    start = time.perf_counter()
    barrier.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if common is not None:
        common.close()
    return threads * each / elapsed


def main() -> None:
    """Run every measure and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2000, help="appends per measure")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the temp files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as name:
        folder = Path(name)
        print(f"sqlite {__import__('sqlite3').sqlite_version}, files in {folder}")
        for synchronous in ("FULL", "NORMAL"):
            for batch in (1, 10):
                rate = bench_append(folder, synchronous, batch, args.appends)
                print(f"append synchronous={synchronous:6} {batch:2} event(s)/append: "
                      f"{rate:9,.0f} events/s")  # fmt: skip
        replay = bench_replay(folder)
        print(f"replay {replay['events']:.0f} events (40 candidates x ~35), SQL fetch alone "
              f"{replay['sql']:.2f} ms")  # fmt: skip
        for name in ("first", "uncached", "cached"):
            print(f"  {name:8} load: p50 {replay[name + ' p50']:6.3f} ms, "
                  f"p99 {replay[name + ' p99']:6.3f} ms")  # fmt: skip
        for same_stream in (False, True):
            for shared in (True, False):
                rate = bench_threads(folder, shared=shared, same_stream=same_stream)
                label = "one store (connection + lock)" if shared else "a store per thread"
                where = "one stream, retry" if same_stream else "own streams"
                print(f"30 threads x 20 appends, {where:17}, {label:29}: {rate:7,.0f} events/s")


if __name__ == "__main__":
    main()
