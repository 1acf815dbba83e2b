"""Resident memory of a long-running SessionService on SQLite over 10,000 sessions.

    .venv/bin/python benchmarks/bench_service_memory.py                  # 10,000 sessions
    .venv/bin/python benchmarks/bench_service_memory.py --sessions 2000 --dir /var/tmp

A database of ``--sessions`` sessions (30 candidates enrolled and joined, the start
noted: ~95 events each) is written once. Then, each in a fresh process, one
SessionService serves every session in turn — loads it and runs one command on it
(a new start time noted), like a host serving a region's schools — with:

- ``bounded``: the default LRU of session states (``DEFAULT_CACHE_SESSIONS``);
- ``unbounded``: a cache larger than the sessions (what every SessionService did
  before issue 8: a dict that kept every session it ever loaded).

Resident memory (RSS) is printed every 1,000 sessions, then the growth per session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import rss_mb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins" / "sqlite"))

from pixcore_sqlite import SqliteEventStore, SqlitePlugin  # noqa: E402

from pixcore import CompetenceProfile, Session  # noqa: E402
from pixcore.events import Event  # noqa: E402
from pixcore.host.memory import MemoryAttachments  # noqa: E402
from pixcore.host.plugins import PluginHost, create_plugin_manager  # noqa: E402
from pixcore.host.service import DEFAULT_CACHE_SESSIONS, SessionService  # noqa: E402
from pixcore.lifecycle import EMPTY, decide, evolve  # noqa: E402
from pixcore.lifecycle import commands as c  # noqa: E402
from pixcore.models import CORE_COMPETENCES, BirthPlace, Candidate  # noqa: E402
from pixcore.testing.machine import FakeClock  # noqa: E402

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
CANDIDATES = 30
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:10], 16))
PLACE = BirthPlace(
    country_code="99100", country="FRANCE", city="Paris", insee_code="75056", department_code="75"
)
FIRST = 100_000


def session_events(number: int) -> list[list[Event]]:
    """The commands' events of one session: created, 30 enrolled, started, 30 joined."""
    state = EMPTY
    batches: list[list[Event]] = []

    def run(command: c.Command) -> None:
        nonlocal state
        events = decide(state, command, T0)
        for event in events:
            state = evolve(state, event)
        batches.append(events)

    session = Session(number=number, site="Collège", room="B1", date=T0.date(), time=T0.time(),
                      invigilator="Mme Martin", access_code="BCDF23")  # fmt: skip
    run(c.CreateSession(session=session))
    born = [dt.date(2010, 1, 1) + dt.timedelta(days=i) for i in range(CANDIDATES)]
    for i in range(CANDIDATES):
        run(c.EnrolCandidate(candidate=Candidate(last_name=f"Nom{i}", first_name=f"Prénom{i}",
            birth_date=born[i], sex="F", birth_place=PLACE)))  # fmt: skip
    run(c.NoteStartTime(noted_start=T0))
    for i in range(CANDIDATES):
        run(c.JoinSession(session_number=number, access_code="BCDF23", first_name=f"Prénom{i}",
            last_name=f"Nom{i}", birth_date=born[i], user=f"u{i}", profile=PROFILE,
            question_count=32))  # fmt: skip
    return batches


def fill(path: Path, sessions: int) -> None:
    """Write ``sessions`` sessions into ``path``."""
    with SqliteEventStore(path, synchronous="NORMAL", cache_streams=0) as store:
        for number in range(FIRST, FIRST + sessions):
            events = [event for batch in session_events(number) for event in batch]
            store.append(str(number), events, expected_version=0, recorded_at=T0)


def serve(path: Path, sessions: int, cache: int) -> dict[str, object]:
    """One long-running service serving every session once; RSS every 1,000."""
    clock = FakeClock(T0)
    with SqlitePlugin(path, synchronous="NORMAL") as plugin:
        pm = create_plugin_manager(autoload=False, plugins=[plugin, MemoryAttachments(), clock])
        service = SessionService(PluginHost(pm), cache_sessions=cache)
        gc.collect()
        samples = [(0, round(rss_mb(), 1))]
        started = time.perf_counter()
        for done, number in enumerate(range(FIRST, FIRST + sessions), start=1):
            clock.now += dt.timedelta(seconds=1)
            assert len(service.load(number).certifications) == CANDIDATES
            service.execute(number, c.NoteStartTime(noted_start=clock.now))
            if done % 1000 == 0 or done == sessions:
                gc.collect()
                samples.append((done, round(rss_mb(), 1)))
        seconds = time.perf_counter() - started
    growth = (samples[-1][1] - samples[1][1]) * 1024 / max(1, samples[-1][0] - samples[1][0])
    return {"cache": cache, "rss_mb": samples, "kb_per_session_after_first_1000": round(growth, 1),
            "sessions_per_second": round(sessions / seconds)}  # fmt: skip


def main() -> int:
    """Fill once, then measure each variant in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        print(json.dumps(serve(args.db, args.sessions, args.serve)))
        return 0
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        db = Path(folder) / "sessions.db"
        begin = time.perf_counter()
        fill(db, args.sessions)
        print(f"{args.sessions} sessions written in {time.perf_counter() - begin:.0f} s "
              f"({db.stat().st_size / 1e6:.0f} MB)", flush=True)  # fmt: skip
        variants = {"bounded": DEFAULT_CACHE_SESSIONS, "unbounded": args.sessions + 1}
        for name, cache in variants.items():
            done = subprocess.run(
                [sys.executable, __file__, "--serve", str(cache), "--db", str(db),
                 "--sessions", str(args.sessions)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            result = json.loads(done.stdout)
            rss = " ".join(f"{n}:{mb}" for n, mb in result["rss_mb"])
            print(f"{name:9} cache={cache:6}  RSS MB by sessions served: {rss}")
            print(f"{'':9} growth {result['kb_per_session_after_first_1000']} KB/session after "
                  f"the first 1,000; {result['sessions_per_second']} sessions/s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
