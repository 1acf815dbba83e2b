"""What SqliteEventStore adds to the contract: schema, durability settings, refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pixcore_sqlite import SCHEMA_VERSION, SqliteEventStore, SqliteStoreError
from sqlite_support import T0, answer

from pixcore.events import Event, SessionFinalised
from pixcore.host.store import ConcurrencyError, StoredEvent
from pixcore.lifecycle.vault import NewRecord


def test_schema_is_created_versioned_and_reopened(db_path: Path) -> None:
    with SqliteEventStore(db_path) as store:
        store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
    with SqliteEventStore(db_path) as store:
        assert [s.event for s in store.load("s")] == [answer(1)]
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = raw.execute("SELECT type, data, recorded_at FROM events").fetchone()
    raw.close()
    assert row[0] == "answer_recorded"
    assert '"type":"answer_recorded"' in row[1]
    assert row[2] == "2026-03-12T09:00:00.000000+00:00"


def test_synchronous_full_by_default(sqlite_store: SqliteEventStore) -> None:
    with sqlite_store._read() as conn:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SqliteEventStore(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(SqliteStoreError) as excinfo:
        SqliteEventStore(db_path)
    assert excinfo.value.code == "SQLITE_SCHEMA_TOO_NEW"
    assert f"schema {SCHEMA_VERSION + 1}" in excinfo.value.message_en


def test_events_are_append_only_and_versions_unique(db_path: Path) -> None:
    with SqliteEventStore(db_path) as store:
        store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
    raw = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO events (stream, version, type, data, recorded_at)"
                " VALUES ('s', 1, 'x', '{}', 'x')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("UPDATE events SET data = '{}'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM events")
    finally:
        raw.close()


def test_a_conflict_rolls_back_and_the_store_stays_usable(
    sqlite_store: SqliteEventStore,
) -> None:
    sqlite_store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
    with pytest.raises(ConcurrencyError):
        sqlite_store.append("s", [answer(2)], expected_version=0, recorded_at=T0)
    assert sqlite_store.append("s", [answer(2)], expected_version=1, recorded_at=T0) == 2


def test_close_is_idempotent_and_final(db_path: Path) -> None:
    store = SqliteEventStore(db_path)
    store.close()
    store.close()
    for use in (lambda: store.load("s"), store.streams, store.check_integrity):
        with pytest.raises(SqliteStoreError) as excinfo:
            use()
        assert excinfo.value.code == "SQLITE_STORE_CLOSED"


def test_the_replay_cache_sees_what_other_connections_append(db_path: Path) -> None:
    with SqliteEventStore(db_path) as reader, SqliteEventStore(db_path) as writer:
        writer.append("s", [answer(1)], expected_version=0, recorded_at=T0)
        assert [s.version for s in reader.load("s")] == [1]
        writer.append("s", [answer(2), answer(3)], expected_version=1, recorded_at=T0)
        assert [s.event for s in reader.load("s")] == [answer(1), answer(2), answer(3)]
        assert [s.version for s in reader.load("s", after_version=2)] == [3]


def test_the_replay_cache_is_bounded(db_path: Path) -> None:
    with SqliteEventStore(db_path, cache_streams=2) as store:
        for name in ["a", "b", "c"]:
            store.append(name, [answer(1)], expected_version=0, recorded_at=T0)
            assert len(store.load(name)) == 1
        assert list(store._cache) == ["b", "c"]
        assert store.load("zzz") == ()
        assert list(store._cache) == ["b", "c"]


def test_a_stream_evicted_during_a_load_is_read_again(db_path: Path) -> None:
    class Evicting(SqliteEventStore):
        def _fetch(self, stream: str, after_version: int) -> list[StoredEvent]:
            fresh = super()._fetch(stream, after_version)
            if after_version:
                self._cache.clear()  # another thread's load evicted it meanwhile
            return fresh

    with Evicting(db_path) as store:
        store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
        assert len(store.load("s")) == 1
        store.append("s", [answer(2)], expected_version=1, recorded_at=T0)
        assert [s.event for s in store.load("s")] == [answer(1), answer(2)]


def test_nested_and_keyed_events_round_trip(sqlite_store: SqliteEventStore) -> None:
    finalised = SessionFinalised.model_validate(
        {
            "abort_reasons": {101: "candidate", 102: "technical"},
            "end_screen_confirmations": [101],
            "pv_scan": "pv.pdf",
            "incident_reports": {"R1": "incident.pdf"},
            "comment_ref": "ref-1",
            "has_incident": True,
            "has_joining_issue": False,
            "at": T0.isoformat(),
        }
    )
    events: list[Event] = [finalised, answer(101, "focusedOut")]
    comment = json.dumps("Coupure réseau à 10h12 — « reprise »", ensure_ascii=False)
    sqlite_store.append("s", events, expected_version=0, recorded_at=T0,
                        personal=[NewRecord("ref-1", "text", comment)])  # fmt: skip
    loaded = [s.event for s in sqlite_store.load("s")]
    assert loaded == events
    assert dict(sqlite_store.personal_data({"ref-1"})) == {"ref-1": comment}
    assert isinstance(loaded[0], SessionFinalised)
    assert dict(loaded[0].abort_reasons) == {101: "candidate", 102: "technical"}


def test_only_full_or_normal_synchronous(db_path: Path) -> None:
    with pytest.raises(ValueError, match="synchronous"):
        SqliteEventStore(db_path, synchronous="OFF")  # type: ignore[arg-type]
    assert not db_path.exists()
