"""Compile a decision table to a plain Python function, for the default pure engine.

The interpreter in :mod:`pixcore.rules.engine` walks rows and conditions; this module
turns the same declaration, once, into straight-line Python: read each fact, check its
type, test each row's conditions with ``if``. No semantics are added: the compiled
function returns exactly the rows the interpreter would (the differential tests compare
the compiled engine, the interpreter and durable_rules on every table).

Generated code refers to constants through a tuple, never by printing them into the
source, so no declared value can change the code's meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pixcore.errors import EngineError
from pixcore.rules.table import Condition, DecisionTable, HitPolicy, Row

__all__ = ["CompiledTable", "compile_table"]

CompiledTable = Callable[[Mapping[str, Any]], tuple[Row, ...]]
"""Facts → the matching rows, hit policy applied."""

_PYTHON_OPS = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "in": "in"}


def _condition_source(condition: Condition, fact_index: int, constant_index: int) -> str:
    return f"f{fact_index} {_PYTHON_OPS[condition.op]} C[{constant_index}]"


def _fact_checks(table: DecisionTable) -> list[str]:
    lines = []
    for index in range(len(table.facts)):
        lines.append(f"    f{index} = facts.get(N[{index}])")
        lines.append(f"    if type(f{index}) is not T[{index}]: fail(N[{index}])")
    return lines


def _row_lines(
    table: DecisionTable, constants: list[object], facts: dict[str, int], *, first: bool
) -> list[str]:
    lines = []
    for row_index, row in enumerate(table.rows):
        tests = []
        for condition in row.when:
            value = condition.value
            constants.append(frozenset(value) if isinstance(value, tuple) else value)
            tests.append(_condition_source(condition, facts[condition.fact], len(constants) - 1))
        test = " and ".join(tests) or "True"
        action = f"return (R[{row_index}],)" if first else f"hits.append(R[{row_index}])"
        lines.append(f"    if {test}: {action}")
    return lines


def compile_table(table: DecisionTable, policy: HitPolicy) -> CompiledTable:
    """Build ``facts -> matching rows`` for ``table``: the first hit, or every hit.

    Raises :class:`EngineError` when a fact is missing or of the wrong type.
    """
    facts = {name: index for index, name in enumerate(table.facts)}
    constants: list[object] = []
    first = policy is HitPolicy.FIRST
    body = ["def match(facts):", *_fact_checks(table)]
    body += [] if first else ["    hits = []"]
    body += _row_lines(table, constants, facts, first=first)
    body.append("    return ()" if first else "    return tuple(hits)")

    def fail(name: str) -> None:
        raise EngineError(meta={"table": table.name, "fact": name})

    namespace: dict[str, Any] = {
        "N": tuple(table.facts),
        "T": tuple(table.facts.values()),
        "C": tuple(constants),
        "R": table.rows,
        "fail": fail,
    }
    exec(compile("\n".join(body), f"<decision table {table.name}>", "exec"), namespace)
    match: CompiledTable = namespace["match"]
    return match
