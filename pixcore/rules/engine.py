"""Engines that run decision tables, and the shared hit policy.

An engine answers one question: *which rows of this table match these facts*. The
:class:`PureEngine` is the reference and the default; :mod:`pixcore.rules.durable` runs
the same tables on durable_rules. :func:`decide` applies the table's hit policy to what
an engine says, so every engine gives decisions through the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from pixcore.errors import EngineError, InvalidInputError
from pixcore.rules.table import DecisionTable, FactValue, HitPolicy, Row

__all__ = [
    "PURE_ENGINE",
    "Engine",
    "Facts",
    "InterpretingEngine",
    "PureEngine",
    "check_facts",
    "decide",
    "first_outcome",
    "outcomes",
]

Facts = Mapping[str, FactValue]


@runtime_checkable
class Engine(Protocol):
    """Runs decision tables: says which rows match, never performs effects."""

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Return the ids of every row of ``table`` whose conditions hold on ``facts``."""
        ...


def check_facts(table: DecisionTable, facts: Facts) -> None:
    """Raise :class:`EngineError` unless ``facts`` gives every declared fact its type."""
    for name, expected in table.facts.items():
        if type(facts.get(name)) is not expected:
            raise EngineError(meta={"table": table.name, "fact": name})


def _row_holds(
    conditions: tuple[tuple[str, Callable[[Any, Any], bool], Any], ...], facts: Facts
) -> bool:
    for name, holds, value in conditions:  # noqa: SIM110 - a plain loop: hot path, no generator
        if not holds(facts[name], value):
            return False
    return True


class InterpretingEngine:
    """The reference semantics: walks rows and conditions one by one.

    Kept simple on purpose; the tests check the compiled :class:`PureEngine` and the
    durable engine against it.
    """

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Return the ids of every row of ``table`` whose conditions hold on ``facts``."""
        check_facts(table, facts)
        return frozenset(row.id for row, conditions in table.plan if _row_holds(conditions, facts))


class PureEngine:
    """The default engine: each table compiled once to a plain Python function.

    Stateless and thread-safe; one instance can serve every caller.
    """

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Return the ids of every row of ``table`` whose conditions hold on ``facts``."""
        return frozenset(row.id for row in table.every_hit(facts))


PURE_ENGINE = PureEngine()
"""The default engine (stateless)."""


def decide(table: DecisionTable, facts: Facts, engine: Engine | None = None) -> tuple[Row, ...]:
    """Apply ``table``'s hit policy to the rows ``engine`` says match ``facts``.

    ``FIRST`` gives at most one row, the first matching one in declared order;
    ``COLLECT`` gives every matching row in declared order.
    """
    if engine is None or isinstance(engine, PureEngine):
        if table.hit_policy is HitPolicy.FIRST:
            return table.first_hit(facts)
        return table.every_hit(facts)
    if not isinstance(engine, Engine):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "engine"})
    matched = engine.matching_rows(table, facts)
    hits = tuple(row for row in table.rows if row.id in matched)
    return hits[:1] if table.hit_policy is HitPolicy.FIRST else hits


def first_outcome(table: DecisionTable, facts: Facts, engine: Engine | None = None) -> str:
    """The outcome of the first hit; a FIRST table must end with a default row."""
    if (engine is None or type(engine) is PureEngine) and table.hit_policy is HitPolicy.FIRST:
        hits = table.first_hit(facts)  # the default engine's fast path
    else:
        hits = decide(table, facts, engine)
    if not hits:
        raise EngineError(meta={"table": table.name})
    return hits[0].outcome


def outcomes(table: DecisionTable, facts: Facts, engine: Engine | None = None) -> tuple[str, ...]:
    """The outcomes of every hit (COLLECT tables), in declared order, without repeats."""
    if (engine is None or type(engine) is PureEngine) and table.hit_policy is HitPolicy.COLLECT:
        rows = table.every_hit(facts)  # the default engine's fast path
    else:
        rows = decide(table, facts, engine)
    return tuple(dict.fromkeys(row.outcome for row in rows))
