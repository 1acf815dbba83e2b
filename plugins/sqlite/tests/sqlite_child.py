"""Child process for the crash and multi-process tests.

``python sqlite_child.py crash DB WRITER N``: append commands of N events forever,
printing each committed version. ``python sqlite_child.py race DB WRITER COUNT N``:
append COUNT commands with reload-and-retry, then exit.
"""

from __future__ import annotations

import sys

from pixcore_sqlite import SqliteEventStore
from sqlite_support import T0, append_with_retry, command_events

STREAM = "12345"


def crash(db: str, writer: str, n: int) -> None:
    with SqliteEventStore(db) as store:
        version = len(store.load(STREAM))
        print("ready", flush=True)
        k = 0
        while True:
            k += 1
            events = command_events(writer, k, n)
            version = store.append(STREAM, events, expected_version=version, recorded_at=T0)
            print(version, flush=True)


def race(db: str, writer: str, count: int, n: int) -> None:
    with SqliteEventStore(db) as store:
        for k in range(1, count + 1):
            append_with_retry(store, STREAM, command_events(writer, k, n))


if __name__ == "__main__":
    mode, db, writer, *numbers = sys.argv[1:]
    if mode == "crash":
        crash(db, writer, int(numbers[0]))
    else:
        race(db, writer, int(numbers[0]), int(numbers[1]))
