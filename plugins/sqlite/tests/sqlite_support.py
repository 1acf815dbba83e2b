"""Helpers shared by the tests and the child processes they start."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pixcore.events import AnswerRecorded, CandidateJoined, Event
from pixcore.host.store import ConcurrencyError, EventStore

TESTS_DIR = Path(__file__).resolve().parent
PLUGIN_ROOT = TESTS_DIR.parent
T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def answer(number: int, status: str = "ok") -> AnswerRecorded:
    """A small, valid event."""
    return AnswerRecorded.model_validate(
        {"certification_number": number, "status": status, "at": T0.isoformat()}
    )


def command_events(writer: str, k: int, n: int) -> list[Event]:
    """The ``n`` events of command ``k`` of ``writer``: "command k, event i of n"."""
    return [
        CandidateJoined(candidate_id=f"{writer}:command {k}", user_ref=f"event {i} of {n}")
        for i in range(1, n + 1)
    ]


def append_with_retry(store: EventStore, stream: str, events: list[Event]) -> int:
    """Reload the version and append until no other writer got there first."""
    while True:
        version = len(store.load(stream))
        try:
            return store.append(stream, events, expected_version=version, recorded_at=T0)
        except ConcurrencyError:
            continue


def check_commands(store: EventStore, stream: str) -> dict[str, int]:
    """Assert contiguous versions and whole commands; return events per command."""
    stored = store.load(stream)
    assert [s.version for s in stored] == list(range(1, len(stored) + 1))
    counts: dict[str, int] = {}
    position = 0
    while position < len(stored):
        first = stored[position].event
        assert isinstance(first, CandidateJoined)
        n = int(str(first.user_ref).rsplit(" ", 1)[1])
        block = [s.event for s in stored[position : position + n]]
        expected = [f"event {i} of {n}" for i in range(1, n + 1)]
        assert [e.user_ref for e in block if isinstance(e, CandidateJoined)] == expected
        assert {e.candidate_id for e in block if isinstance(e, CandidateJoined)} == {
            first.candidate_id
        }
        assert first.candidate_id not in counts, "a command stored twice"
        counts[first.candidate_id] = n
        position += n
    return counts


def child_env() -> dict[str, str]:
    """The environment for a child Python that must import ``pixcore_sqlite``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PLUGIN_ROOT), str(TESTS_DIR), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env
