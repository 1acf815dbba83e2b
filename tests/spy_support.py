"""A spy engine and tripwires on the default fast paths, shared by the engine tests.

Both engines answer alike, so a call that silently drops its ``engine`` argument passes
every differential test. Deciding through :class:`SpyEngine` while
:func:`fast_paths_tripped` replaces each table's default fast path with a tripwire shows
it: a table decided without the engine given raises :class:`DroppedEngineError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pixcore.rules import ALL_TABLES, DecisionTable
from pixcore.rules.engine import Facts, InterpretingEngine


class SpyEngine:
    """The reference interpreter, recording which table each call decided."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self._inner = InterpretingEngine()

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Record the call, then answer as the reference does."""
        self.calls.append(table.name)
        return self._inner.matching_rows(table, facts)


class DroppedEngineError(AssertionError):
    """A table was decided by the default engine although another one was given."""


@contextmanager
def fast_paths_tripped() -> Iterator[None]:
    """Every table's default fast path raises :class:`DroppedEngineError` meanwhile."""
    saved = {table.name: (table.first_hit, table.every_hit) for table in ALL_TABLES}

    def wire(name: str) -> Any:
        def tripped(facts: Mapping[str, Any]) -> tuple[Any, ...]:
            raise DroppedEngineError(f"table {name!r} decided without the engine given")

        return tripped

    for table in ALL_TABLES:
        object.__setattr__(table, "first_hit", wire(table.name))
        object.__setattr__(table, "every_hit", wire(table.name))
    try:
        yield
    finally:
        for table in ALL_TABLES:
            first, every = saved[table.name]
            object.__setattr__(table, "first_hit", first)
            object.__setattr__(table, "every_hit", every)
