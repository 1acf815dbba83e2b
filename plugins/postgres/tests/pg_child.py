"""A writer process for the multi-process tests: ``pg_child.py DSN STREAM TAG COUNT``.

Appends COUNT ``CandidateJoined`` events (candidates ``TAG-0``...) to STREAM, one command
each, reloading and retrying on a conflict as the session service does; prints how many
conflicts it met. Run as its own process: its own pool, like another application server.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))

from pixcore_postgres import PostgresEventStore

from pixcore.events import CandidateJoined
from pixcore.host.store import ConcurrencyError
from pixcore.testing.store_model import T0


def main(dsn: str, stream: str, tag: str, count: int) -> None:
    conflicts = 0
    with PostgresEventStore(dsn, pool_size=1) as store:
        for n in range(count):
            event = CandidateJoined(candidate_id=f"{tag}-{n}", user_ref=f"user-{tag}-{n}")
            while True:
                version = len(store.load(stream))
                try:
                    store.append(stream, [event], expected_version=version, recorded_at=T0)
                    break
                except ConcurrencyError:
                    conflicts += 1
    print(conflicts)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
