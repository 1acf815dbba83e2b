"""Engines that run decision tables, and the shared hit policy.

An engine answers one question: *which rows of this table match these facts*. The
:class:`PureEngine` is the reference and the default; :mod:`pixcore.rules.durable` runs
the same tables on durable_rules. :func:`decide` applies the table's hit policy to what
an engine says, so every engine gives decisions through the same code.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from pixcore.errors import EngineError
from pixcore.rules.table import Condition, DecisionTable, FactValue, HitPolicy, Row

__all__ = [
    "PURE_ENGINE",
    "Engine",
    "Facts",
    "PureEngine",
    "check_facts",
    "decide",
    "first_outcome",
    "outcomes",
]

Facts = Mapping[str, FactValue]

_OPS: Mapping[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda actual, allowed: actual in allowed,
}


@runtime_checkable
class Engine(Protocol):
    """Runs decision tables: says which rows match, never performs effects."""

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Return the ids of every row of ``table`` whose conditions hold on ``facts``."""
        ...


def check_facts(table: DecisionTable, facts: Facts) -> None:
    """Raise :class:`EngineError` unless ``facts`` gives every declared fact its type."""
    for name, expected in table.facts.items():
        value = facts.get(name)
        if type(value) is not expected:
            raise EngineError(meta={"table": table.name, "fact": name})


def _holds(condition: Condition, facts: Facts) -> bool:
    return _OPS[condition.op](facts[condition.fact], condition.value)


class PureEngine:
    """The reference engine: a plain Python interpreter of the tables.

    Stateless and thread-safe; one instance can serve every caller.
    """

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Return the ids of every row of ``table`` whose conditions hold on ``facts``."""
        check_facts(table, facts)
        return frozenset(
            row.id for row in table.rows if all(_holds(cond, facts) for cond in row.when)
        )

    def first_row(self, table: DecisionTable, facts: Facts) -> Row | None:
        """The first matching row in declared order: the fast path of :func:`decide`."""
        check_facts(table, facts)
        for row in table.rows:
            if all(_holds(cond, facts) for cond in row.when):
                return row
        return None


PURE_ENGINE = PureEngine()
"""The default engine (stateless)."""


def decide(table: DecisionTable, facts: Facts, engine: Engine | None = None) -> tuple[Row, ...]:
    """Apply ``table``'s hit policy to the rows ``engine`` says match ``facts``.

    ``FIRST`` gives at most one row, the first matching one in declared order;
    ``COLLECT`` gives every matching row in declared order.
    """
    if (engine is None or engine is PURE_ENGINE) and table.hit_policy is HitPolicy.FIRST:
        row = PURE_ENGINE.first_row(table, facts)
        return () if row is None else (row,)
    matched = (engine or PURE_ENGINE).matching_rows(table, facts)
    hits = tuple(row for row in table.rows if row.id in matched)
    return hits[:1] if table.hit_policy is HitPolicy.FIRST else hits


def first_outcome(table: DecisionTable, facts: Facts, engine: Engine | None = None) -> str:
    """The outcome of the first hit; a FIRST table must end with a default row."""
    hits = decide(table, facts, engine)
    if not hits:
        raise EngineError(meta={"table": table.name})
    return hits[0].outcome


def outcomes(table: DecisionTable, facts: Facts, engine: Engine | None = None) -> tuple[str, ...]:
    """The outcomes of every hit (COLLECT tables), in declared order, without repeats."""
    return tuple(dict.fromkeys(row.outcome for row in decide(table, facts, engine)))
