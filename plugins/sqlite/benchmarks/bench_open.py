"""What the integrity check costs when a store is opened, by database size.

Run from the repository root::

    .venv/bin/python plugins/sqlite/benchmarks/bench_open.py [--sessions 10 100 1000] [--dir DIR]

Each database holds that many 40-candidate sessions (~1,400 events, ~0.4 MB each).
For ``integrity_check`` = ``off``, ``quick`` (the default) and ``full``, it prints the
time to open a :class:`SqliteEventStore`: *warm* (the file in the OS page cache: the
best of 3) and *cold* (the file's pages dropped from the page cache first with
``posix_fadvise(DONTNEED)``: what a host restarting after a long idle time pays).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import T0, session_events
from pixcore_sqlite import SqliteEventStore
from pixcore_sqlite._db import IntegrityCheck, to_text

from pixcore.host.store import encode_events

_INSERT = "INSERT INTO events (stream, version, type, data, recorded_at) VALUES (?, ?, ?, ?, ?)"


def build(path: Path, sessions: int) -> None:
    """A database of ``sessions`` copies of the 40-candidate session (fast raw inserts)."""
    SqliteEventStore(path, synchronous="NORMAL").close()
    encoded = encode_events([event for command in session_events() for event in command])
    stamp = to_text(T0)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    for number in range(sessions):
        rows = [(str(10_000 + number), v, kind, text, stamp)
                for v, (kind, text) in enumerate(encoded, start=1)]  # fmt: skip
        conn.execute("BEGIN")
        conn.executemany(_INSERT, rows)
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    os.sync()


def drop_from_page_cache(path: Path) -> None:
    """Ask the kernel to forget the file's cached pages (Linux; a no-op elsewhere)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def open_seconds(path: Path, check: IntegrityCheck) -> float:
    """Seconds to open (and close) a store with ``check``."""
    start = time.perf_counter()
    SqliteEventStore(path, integrity_check=check).close()
    return time.perf_counter() - start


def main() -> None:
    """Build each size, then time the openings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    checks: list[IntegrityCheck] = ["off", "quick", "full"]
    print(f"sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for sessions in args.sessions:
            path = Path(folder) / f"open-{sessions}.db"
            build(path, sessions)
            size = path.stat().st_size / 1e6
            for check in checks:
                drop_from_page_cache(path)
                cold = open_seconds(path, check)
                warm = min(open_seconds(path, check) for _ in range(3))
                print(f"{sessions:5} sessions {size:7.1f} MB  integrity_check={check:5}: "
                      f"warm {warm * 1e3:8.1f} ms ({warm * 1e3 / size:5.2f} ms/MB), "
                      f"cold {cold * 1e3:8.1f} ms")  # fmt: skip
            path.unlink()


if __name__ == "__main__":
    main()
