"""An independent model of the event store contract, and what the contract tests append.

:class:`ReferenceModel` predicts, without any store, what a sequence of appends must
return (the new version, or a conflict with the expected and actual versions) and what
each stream then holds; the contract compares a real store with it.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from pixcore.events import AnswerRecorded, Event
from pixcore.host.store import ConcurrencyError, EventStore

__all__ = ["T0", "Append", "ReferenceModel", "answer", "appends_strategy"]

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
"""The recorded time of the contract's appends."""

Append = tuple[str, int, int, str]
"""One generated append: stream, how many events, offset from the right version, status."""


def answer(number: int, status: str = "ok") -> AnswerRecorded:
    """A small, valid event (an answer of certification ``number``)."""
    return AnswerRecorded.model_validate(
        {"certification_number": number, "status": status, "at": T0.isoformat()}
    )


def appends_strategy() -> st.SearchStrategy[list[Append]]:
    """Sequences of appends on three streams, with the right version most of the time."""
    return st.lists(
        st.tuples(
            st.sampled_from(ReferenceModel.STREAMS),
            st.integers(min_value=0, max_value=3),
            st.integers(min_value=-2, max_value=2),
            st.sampled_from(["ok", "ko", "aband"]),
        ),
        max_size=25,
    )


class ReferenceModel:
    """What the streams must hold: plain lists, versions are positions."""

    STREAMS = ("s1", "s2", "12345")

    def __init__(self) -> None:
        self._streams: dict[str, list[Event]] = {name: [] for name in self.STREAMS}

    def run(self, store: EventStore, appends: list[Append]) -> tuple[list[object], list[object]]:
        """Apply ``appends`` to ``store`` and to the model: (store's outcomes, predicted)."""
        actual: list[object] = []
        predicted: list[object] = []
        for number, (stream, count, offset, status) in enumerate(appends):
            held = self._streams[stream]
            expected = len(held) + (offset if offset in (-1, 2) else 0)
            events = [answer(number * 10 + i + 1, status) for i in range(count)]
            if expected == len(held):
                held.extend(events)
                predicted.append(len(held))
            else:
                predicted.append(("conflict", {"expected": expected, "actual": len(held)}))
            try:
                actual.append(
                    store.append(stream, events, expected_version=expected, recorded_at=T0)
                )
            except ConcurrencyError as exc:
                actual.append(("conflict", dict(exc.meta)))
        return actual, predicted

    def load(self, stream: str, after: int = 0) -> list[tuple[int, Event]]:
        """(version, event) of ``stream`` after ``after`` (negative: from the start)."""
        return [(v, e) for v, e in enumerate(self._streams[stream], start=1) if v > after]

    def streams(self) -> tuple[str, ...]:
        """The streams holding at least one event, sorted."""
        return tuple(sorted(name for name, events in self._streams.items() if events))
