"""The EventStore contract, run against InMemoryEventStore (the reference) and SQLite."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pixcore_sqlite import SqliteEventStore
from sqlite_support import T0, answer

from pixcore.events import CandidateRemoved, Event
from pixcore.host.store import ConcurrencyError, EventStore, InMemoryEventStore


@pytest.fixture(params=["memory", "sqlite", "sqlite-uncached"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStore]:
    if request.param == "memory":
        yield InMemoryEventStore()
    else:
        cache = 0 if request.param == "sqlite-uncached" else 128
        with SqliteEventStore(tmp_path / "contract.db", cache_streams=cache) as sqlite:
            yield sqlite


def test_is_an_event_store(store: EventStore) -> None:
    assert isinstance(store, EventStore)


def test_empty(store: EventStore) -> None:
    assert store.load("12345") == ()
    assert store.streams() == ()


def test_append_returns_the_new_version_and_load_replays_in_order(store: EventStore) -> None:
    assert store.append("s", [answer(1), answer(2)], expected_version=0, recorded_at=T0) == 2
    assert store.append("s", [answer(3)], expected_version=2, recorded_at=T0) == 3
    stored = store.load("s")
    assert [s.version for s in stored] == [1, 2, 3]
    assert [s.event for s in stored] == [answer(1), answer(2), answer(3)]
    assert {s.stream for s in stored} == {"s"}
    assert [s.version for s in store.load("s", after_version=2)] == [3]
    assert store.load("s", after_version=3) == ()


def test_events_come_back_as_their_own_class(store: EventStore) -> None:
    events: list[Event] = [CandidateRemoved(candidate_id="C1"), answer(7, "aband")]
    store.append("s", events, expected_version=0, recorded_at=T0)
    assert [type(s.event) for s in store.load("s")] == [type(e) for e in events]
    assert [s.event for s in store.load("s")] == events


def test_recorded_at_is_kept_as_the_same_instant(store: EventStore) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 3, 12, 10, 5, 30, 123456, tzinfo=paris)
    store.append("s", [answer(1)], expected_version=0, recorded_at=moment)
    (stored,) = store.load("s")
    assert stored.recorded_at == moment
    assert stored.recorded_at.utcoffset() is not None


@pytest.mark.parametrize("expected", [-1, 1, 3])
def test_wrong_expected_version_writes_nothing(store: EventStore, expected: int) -> None:
    store.append("s", [answer(1), answer(2)], expected_version=0, recorded_at=T0)
    with pytest.raises(ConcurrencyError) as excinfo:
        store.append("s", [answer(3)], expected_version=expected, recorded_at=T0)
    assert excinfo.value.code == "CONCURRENT_MODIFICATION"
    assert dict(excinfo.value.meta) == {"expected": expected, "actual": 2}
    assert len(store.load("s")) == 2


def test_empty_append_checks_the_version_and_creates_no_stream(store: EventStore) -> None:
    assert store.append("s", [], expected_version=0, recorded_at=T0) == 0
    assert store.streams() == ()
    with pytest.raises(ConcurrencyError):
        store.append("s", [], expected_version=1, recorded_at=T0)


def test_streams_are_sorted_and_independent(store: EventStore) -> None:
    for name in ["b", "a", "c"]:
        store.append(name, [answer(1)], expected_version=0, recorded_at=T0)
    store.append("a", [answer(2)], expected_version=1, recorded_at=T0)
    assert store.streams() == ("a", "b", "c")
    assert [s.version for s in store.load("b")] == [1]
    assert [s.version for s in store.load("a")] == [1, 2]


# --- property: any sequence of appends leaves both stores with identical streams ---

_streams = st.sampled_from(["s1", "s2", "12345"])
_appends = st.lists(
    st.tuples(
        _streams,
        st.integers(min_value=0, max_value=3),  # how many events
        st.integers(min_value=-2, max_value=2),  # offset from the right expected version
        st.sampled_from(["ok", "ko", "aband"]),
    ),
    max_size=25,
)


def _apply(store: EventStore, appends: list[tuple[str, int, int, str]]) -> list[object]:
    outcomes: list[object] = []
    for number, (stream, count, offset, status) in enumerate(appends):
        # Right version most of the time, wrong otherwise: offset is usually 0.
        expected = len(store.load(stream)) + (offset if offset in (-1, 2) else 0)
        events = [answer(number * 10 + i + 1, status) for i in range(count)]
        try:
            outcomes.append(store.append(stream, events, expected_version=expected, recorded_at=T0))
        except ConcurrencyError as exc:
            outcomes.append(("conflict", exc.code, dict(exc.meta)))
    return outcomes


@settings(max_examples=40, deadline=None)
@given(
    appends=_appends,
    after=st.integers(min_value=-2, max_value=6),
    cache=st.sampled_from([0, 1, 128]),
)
def test_property_same_streams_as_the_reference(
    appends: list[tuple[str, int, int, str]], after: int, cache: int
) -> None:
    reference = InMemoryEventStore()
    with (
        tempfile.TemporaryDirectory() as folder,
        SqliteEventStore(
            Path(folder) / "p.db", synchronous="NORMAL", cache_streams=cache
        ) as sqlite,
    ):
        assert _apply(sqlite, appends) == _apply(reference, appends)
        assert sqlite.streams() == reference.streams()
        for stream in ["s1", "s2", "12345"]:
            assert sqlite.load(stream) == reference.load(stream)
            assert sqlite.load(stream, after_version=after) == reference.load(
                stream, after_version=after
            )
