"""The event store contract, as a pytest test class every store runs (issue 13).

The in-memory store, ``pixcore-sqlite`` and any store a host writes run **the same
suite**: subclass :class:`EventStoreContract` in a test module under a name pytest
collects (``Test...``) and implement three methods::

    from pixcore.testing.store_contract import EventStoreContract

    class TestMyStore(EventStoreContract):
        @contextlib.contextmanager
        def open_store(self):                      # a fresh, empty store
            with MyStore(dsn=fresh_database()) as store:
                yield store

        def remove_event(self, store, stream, version):   # fault injection
            store.raw_sql("DELETE FROM events WHERE stream = %s AND version = %s", ...)

        def damage_event(self, store, stream, version, data):
            store.raw_sql("UPDATE events SET data = %s WHERE ...", ...)

Optionally override :meth:`EventStoreContract.reopen` (a second handle on the same data:
a new connection, a cold cache) — durable stores should.

What it checks: append and load (order, versions, classes, instants), optimistic
concurrency (a wrong expected version writes nothing; concurrent writers lose and
duplicate nothing), clamping of ``after_version``, refusals (naive time, untyped event),
a reopened store seeing every acknowledged event, **corruption detection** (a gap in a
stream's versions, a stored event that no longer parses: a coded
:class:`~pixcore.errors.StoreCorruptError`, never a wrong state nor a user's "invalid
input"), personal data (records kept with their events, erased for good, no byte left: see
:mod:`pixcore.testing.personal_contract`; implement ``raw_bytes`` too), a property test
against an independent model, and the session state machine
(:class:`~pixcore.testing.store_machine.StoreSessionMachine`) run on the store.
Example counts come from the active hypothesis profile (:mod:`pixcore.testing.profiles`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from pixcore.errors import InvalidInputError, StoreCorruptError
from pixcore.events import CandidateJoined, CandidateRemoved, Event
from pixcore.host.store import ConcurrencyError, EventStore
from pixcore.testing.personal_contract import PersonalDataContract
from pixcore.testing.store_machine import StoreSessionMachine
from pixcore.testing.store_model import T0, ReferenceModel, answer, appends_strategy

__all__ = ["DAMAGED_EVENTS", "EventStoreContract"]

DAMAGED_EVENTS = (
    '{"type": "answer_recorded", "certification_num',  # truncated
    '{"type": "no_such_event_yet"}',  # a type this version does not know
    '{"type": "answer_recorded", "status": "ok"}',  # required fields missing
    '{"type": "candidate_removed", "candidate_id": "C1"},'
    '{"type": "candidate_removed", "candidate_id": "C2"}',  # reads as two events
    "",
)
"""Stored texts that no longer parse as one event: each must make ``load`` refuse."""


def _profile(**overrides: object) -> settings:
    """The active profile's settings (read now, not at import), with ``overrides``."""
    return settings(settings.default, deadline=None, **overrides)  # type: ignore[arg-type]


class EventStoreContract(PersonalDataContract):
    """The contract of :class:`~pixcore.host.store.EventStore`; subclass as ``Test...``.

    It includes :class:`~pixcore.testing.personal_contract.PersonalDataContract`
    (issue 17): implement :meth:`raw_bytes` too.
    """

    # ------------------------------------------------------------ to implement

    def open_store(self) -> contextlib.AbstractContextManager[EventStore]:
        """A context manager giving a fresh, empty store, closed on exit."""
        raise NotImplementedError

    def remove_event(self, store: EventStore, stream: str, version: int) -> None:
        """Delete one stored event behind the store's back (as damage or tampering would)."""
        raise NotImplementedError

    def damage_event(self, store: EventStore, stream: str, version: int, data: str) -> None:
        """Replace one stored event's text by ``data`` behind the store's back."""
        raise NotImplementedError

    @contextlib.contextmanager
    def reopen(self, store: EventStore) -> Iterator[EventStore]:
        """A second handle on ``store``'s data (default: the same object)."""
        yield store

    # ------------------------------------------------------------ basics

    def test_is_an_event_store_and_starts_empty(self) -> None:
        """An EventStore; a new one has no stream and loads nothing."""
        with self.open_store() as store:
            assert isinstance(store, EventStore)
            assert store.load("12345") == ()
            assert store.streams() == ()

    def test_append_returns_the_new_version_and_load_replays_in_order(self) -> None:
        """Versions count from 1; load gives the events in order, from any version."""
        with self.open_store() as store:
            assert (
                store.append("s", [answer(1), answer(2)], expected_version=0, recorded_at=T0) == 2
            )
            assert store.append("s", [answer(3)], expected_version=2, recorded_at=T0) == 3
            stored = store.load("s")
            assert [s.version for s in stored] == [1, 2, 3]
            assert [s.event for s in stored] == [answer(1), answer(2), answer(3)]
            assert {s.stream for s in stored} == {"s"}
            assert [s.version for s in store.load("s", after_version=2)] == [3]
            assert store.load("s", after_version=3) == ()

    def test_after_version_is_clamped(self) -> None:
        """A negative ``after_version`` loads from the start; beyond the end, nothing."""
        with self.open_store() as store:
            store.append("s", [answer(1), answer(2)], expected_version=0, recorded_at=T0)
            for after in (-1, -2, -1000):
                assert store.load("s", after_version=after) == store.load("s")
            assert store.load("s", after_version=99) == ()

    def test_events_come_back_as_their_own_class(self) -> None:
        """Each event is loaded as its own class, equal to what was appended."""
        with self.open_store() as store:
            events: list[Event] = [CandidateRemoved(candidate_id="C1"), answer(7, "aband")]
            store.append("s", events, expected_version=0, recorded_at=T0)
            assert [type(s.event) for s in store.load("s")] == [type(e) for e in events]
            assert [s.event for s in store.load("s")] == events

    def test_recorded_at_is_kept_as_the_same_instant(self) -> None:
        """``recorded_at`` comes back as the same instant, time-zone aware."""
        paris = dt.timezone(dt.timedelta(hours=1))
        moment = dt.datetime(2026, 3, 12, 10, 5, 30, 123456, tzinfo=paris)
        with self.open_store() as store:
            store.append("s", [answer(1)], expected_version=0, recorded_at=moment)
            (stored,) = store.load("s")
            assert stored.recorded_at == moment
            assert stored.recorded_at.utcoffset() is not None

    def test_naive_time_and_untyped_events_are_refused_whole(self) -> None:
        """A naive time or an event without ``type`` is refused; nothing is written."""
        with self.open_store() as store:
            with pytest.raises(ValueError, match="aware"):
                store.append(
                    "s", [answer(1)], expected_version=0, recorded_at=dt.datetime(2026, 1, 1)
                )
            with pytest.raises(ValueError, match="type"):
                store.append("s", [answer(1), Event()], expected_version=0, recorded_at=T0)
            assert store.load("s") == ()
            assert store.streams() == ()

    def test_wrong_expected_version_writes_nothing(self) -> None:
        """A wrong expected version is a coded conflict (expected, actual); nothing written."""
        with self.open_store() as store:
            store.append("s", [answer(1), answer(2)], expected_version=0, recorded_at=T0)
            for expected in (-1, 0, 1, 3):
                with pytest.raises(ConcurrencyError) as excinfo:
                    store.append("s", [answer(3)], expected_version=expected, recorded_at=T0)
                assert excinfo.value.code == "CONCURRENT_MODIFICATION"
                assert dict(excinfo.value.meta) == {"expected": expected, "actual": 2}
            assert len(store.load("s")) == 2

    def test_empty_append_checks_the_version_and_creates_no_stream(self) -> None:
        """Appending nothing checks the version and creates no stream."""
        with self.open_store() as store:
            assert store.append("s", [], expected_version=0, recorded_at=T0) == 0
            assert store.streams() == ()
            with pytest.raises(ConcurrencyError):
                store.append("s", [], expected_version=1, recorded_at=T0)

    def test_streams_are_sorted_and_independent(self) -> None:
        """Streams are listed sorted; each has its own versions."""
        with self.open_store() as store:
            for name in ["b", "a", "c"]:
                store.append(name, [answer(1)], expected_version=0, recorded_at=T0)
            store.append("a", [answer(2)], expected_version=1, recorded_at=T0)
            assert store.streams() == ("a", "b", "c")
            assert [s.version for s in store.load("b")] == [1]
            assert [s.version for s in store.load("a")] == [1, 2]

    def test_a_reopened_store_sees_every_acknowledged_event(self) -> None:
        """A second handle sees every acknowledged event and conflicts like the first."""
        with self.open_store() as store:
            store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
            with self.reopen(store) as other:
                assert [s.event for s in other.load("s")] == [answer(1)]
                with pytest.raises(ConcurrencyError):
                    other.append("s", [answer(9)], expected_version=0, recorded_at=T0)
                assert other.append("s", [answer(2)], expected_version=1, recorded_at=T0) == 2
            assert [s.event for s in store.load("s")] == [answer(1), answer(2)]

    # ------------------------------------------------------------ concurrency

    def test_concurrent_writers_on_one_version_one_wins(self) -> None:
        """Writers racing on one version: exactly one wins, the others conflict."""
        writers = 8
        with self.open_store() as store:
            barrier = threading.Barrier(writers)
            outcomes: list[object] = []

            def write(name: str) -> None:
                barrier.wait(timeout=60)
                event = CandidateJoined(candidate_id=name, user_ref=name)
                try:
                    outcomes.append(store.append("s", [event], expected_version=0, recorded_at=T0))
                except ConcurrencyError as exc:
                    outcomes.append(exc.code)

            _run_threads(write, writers)
            assert sorted(outcomes, key=str) == [1] + ["CONCURRENT_MODIFICATION"] * (writers - 1)
            assert len(store.load("s")) == 1

    def test_concurrent_writers_with_retry_lose_and_duplicate_nothing(self) -> None:
        """Writers retrying on conflicts: every command stored once, whole, in 1..N."""
        writers, commands = 6, 3
        with self.open_store() as store:
            barrier = threading.Barrier(writers)

            def write(name: str) -> None:
                barrier.wait(timeout=60)
                for k in range(commands):
                    events = [
                        CandidateJoined(candidate_id=f"{name}/{k}", user_ref=f"{i}") for i in "ab"
                    ]
                    while True:
                        version = len(store.load("s"))
                        try:
                            store.append("s", events, expected_version=version, recorded_at=T0)
                            break
                        except ConcurrencyError:
                            continue

            _run_threads(write, writers)
            stored = store.load("s")
            assert [s.version for s in stored] == list(range(1, 2 * writers * commands + 1))
            pairs = [(a.event, b.event) for a, b in zip(stored[::2], stored[1::2], strict=True)]
            owners = [a.candidate_id for a, b in pairs if isinstance(a, CandidateJoined)]
            assert all(a.candidate_id == b.candidate_id for a, b in pairs)  # type: ignore[attr-defined]
            assert sorted(owners) == sorted(
                f"t{n}/{k}" for n in range(writers) for k in range(commands)
            )

    # ------------------------------------------------------------ never a wrong state

    def test_a_gap_in_the_versions_is_a_corrupt_store(self) -> None:
        """A missing version is refused on every load, never papered over."""
        with self.open_store() as store:
            store.append("s", [answer(n) for n in range(1, 5)], expected_version=0, recorded_at=T0)
            self.remove_event(store, "s", 3)
            with self.reopen(store) as cold:
                for after in (0, 1, 2):
                    for _ in range(2):  # the second load must not "repair" the first
                        error = _corrupt(lambda a=after: cold.load("s", after_version=a))
                        assert error.code == "STORE_VERSIONS_NOT_CONTIGUOUS"
                        assert error.meta["stream"] == "s"

    def test_a_missing_first_event_is_a_corrupt_store(self) -> None:
        """A stream that does not start at version 1 is refused."""
        with self.open_store() as store:
            store.append("s", [answer(1), answer(2)], expected_version=0, recorded_at=T0)
            self.remove_event(store, "s", 1)
            with self.reopen(store) as cold:
                assert _corrupt(lambda: cold.load("s")).code == "STORE_VERSIONS_NOT_CONTIGUOUS"

    def test_an_event_that_no_longer_parses_is_a_corrupt_store(self) -> None:
        """A damaged event is the store's fault (``STORE_EVENT_UNREADABLE``), not the user's."""
        for data in DAMAGED_EVENTS:
            with self.open_store() as store:
                store.append(
                    "s", [answer(1), answer(2), answer(3)], expected_version=0, recorded_at=T0
                )
                self.damage_event(store, "s", 2, data)
                with self.reopen(store) as cold:
                    error = _corrupt(lambda s=cold: s.load("s"))
                    assert error.code == "STORE_EVENT_UNREADABLE", data
                    assert dict(error.meta) == {"stream": "s", "version": 2}

    # ------------------------------------------------------------ generated

    def test_property_same_streams_as_an_independent_model(self) -> None:
        """Any sequence of appends: same outcomes and streams as an independent model."""

        @_profile(suppress_health_check=[HealthCheck.too_slow])
        @given(appends=appends_strategy(), after=st.integers(min_value=-2, max_value=6))
        def check(appends: list[tuple[str, int, int, str]], after: int) -> None:
            model = ReferenceModel()
            with self.open_store() as store:
                actual, predicted = model.run(store, appends)
                assert actual == predicted
                assert store.streams() == model.streams()
                for stream in model.STREAMS:
                    assert [(s.version, s.event) for s in store.load(stream)] == model.load(stream)
                    loaded = store.load(stream, after_version=after)
                    assert [(s.version, s.event) for s in loaded] == model.load(stream, after)

        check()

    def test_session_machine_on_this_store(self) -> None:
        """Random whole sessions on this store; a reopened handle replays the same state."""
        contract = self

        class Machine(StoreSessionMachine):
            def open_store(self) -> contextlib.AbstractContextManager[EventStore]:
                return contract.open_store()

            def reopen(self, store: EventStore) -> contextlib.AbstractContextManager[EventStore]:
                return contract.reopen(store)

        run_state_machine_as_test(Machine, settings=_profile(stateful_step_count=30))


def _run_threads(target: object, count: int) -> None:
    threads = [threading.Thread(target=target, args=(f"t{n}",)) for n in range(count)]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"


def _corrupt(action: object) -> StoreCorruptError:
    """Run ``action``; it must raise a coded StoreCorruptError (never invalid input)."""
    with pytest.raises(StoreCorruptError) as excinfo:
        action()  # type: ignore[operator]
    assert not isinstance(excinfo.value, InvalidInputError)
    assert excinfo.value.message and excinfo.value.message_en
    return excinfo.value
