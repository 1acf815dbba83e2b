"""Cold load of a 40-candidate session from SQLite: p50 and p99, as JSON (issue 14).

The session of ``bench_store.py`` (1,358 events) is written once; each run opens a new
store (empty cache) and loads the stream: SQL, version check, event parsing, every
check a load makes. ``uncached``: one store with its cache off, connection warm.

    python plugins/sqlite/benchmarks/bench_cold_load.py --runs 300
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench_store import T0, session_events
from pixcore_sqlite.store import SqliteEventStore


def main() -> int:
    """Write the session, time the loads, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cold.db"
        with SqliteEventStore(path) as store:
            version = 0
            for events in session_events():
                version = store.append("12345", events, expected_version=version, recorded_at=T0)
        first, uncached = [], []
        with SqliteEventStore(path, cache_streams=0) as warm:
            for _ in range(args.runs):
                with SqliteEventStore(path) as fresh:
                    begin = time.perf_counter()
                    fresh.load("12345")
                    first.append(time.perf_counter() - begin)
                begin = time.perf_counter()
                warm.load("12345")
                uncached.append(time.perf_counter() - begin)
    result: dict[str, float] = {"events": version}
    for name, times in (("first", first), ("uncached", uncached)):
        times.sort()
        result[f"{name}_p50_ms"] = round(times[len(times) // 2] * 1e3, 3)
        result[f"{name}_p99_ms"] = round(times[int(0.99 * (len(times) - 1))] * 1e3, 3)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
