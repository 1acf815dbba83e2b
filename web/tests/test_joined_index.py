"""The pupils' result index: joins from this process and sealed joins from others."""

from __future__ import annotations

import types

from pixcore_web.joined import JoinedIndex

from pixcore.events import CandidateJoined


def _loader(users_by_session: dict[int, dict[str, str]], loaded: list[int]):  # type: ignore[no-untyped-def]
    def load(number: int) -> object:
        loaded.append(number)
        return types.SimpleNamespace(users=users_by_session.get(number, {}))

    return load


def test_a_join_of_this_process_is_indexed_without_reading_the_store() -> None:
    index, loaded = JoinedIndex(), []
    load = _loader({}, loaded)
    assert index.sessions_of("gar:1", streams=lambda: (), load=load) == ()
    index.record(CandidateJoined(candidate_id="C1", user="gar:1"), "12345")
    index.record(CandidateJoined(candidate_id="C1", user="gar:1"), "not-a-session")
    assert index.sessions_of("gar:1", streams=lambda: ("99",), load=load) == (12345,)
    assert loaded == []  # built once (empty store), then fed by events


def test_a_sealed_join_from_another_process_is_read_from_the_store_once() -> None:
    """Another server's join arrives with a reference only: its session is re-read."""
    index, loaded = JoinedIndex(), []
    load = _loader({777: {"C1": "gar:2"}}, loaded)
    assert index.sessions_of("gar:2", streams=lambda: (), load=load) == ()
    index.record(CandidateJoined(candidate_id="C1", user_ref="ref-1"), "777")
    assert index.sessions_of("gar:2", streams=lambda: (), load=load) == (777,)
    assert index.sessions_of("gar:2", streams=lambda: (), load=load) == (777,)
    assert loaded == [777]
    assert index.sessions_of("gar:3", streams=lambda: (), load=load) == ()
