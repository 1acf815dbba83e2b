"""durable_rules as a second, optional engine, in its hardened configuration only.

durable_rules 2.0.28 crashes or loses results in its default setup (``docs/engines.md``,
traps T1–T8). This engine compiles pixcore's decision tables to durable's JSON rulesets
and runs them the one way measured stable:

- a quiet ``Host`` subclass: no dispatcher or timer threads (T2, T3), no durable timers;
- one private host per engine instance, built from fresh JSON definitions (the DSL's
  global registry is never used);
- one lock: C calls never interleave;
- one session id per evaluation, deleted right after (T1: 1,024 live ids at most; T4:
  a stored exception is sticky);
- facts asserted, not events posted, so that every matching rule fires (T5);
- a sentinel rule that always matches: deleting the state of a fact that matched no
  rule aborts the process (``free(): invalid pointer``, measured; trap T9 in
  ``docs/engines.md``), and a missing sentinel hit reveals a lost action;
- actions are closures of exactly one parameter (T6) that only set a key in the state;
- an exception stored in the state becomes an :class:`~pixcore.errors.EngineError`;
- :meth:`DurableEngine.close` frees the C rulesets.

Install with ``pip install 'pixcore[durable]'`` (Python < 3.13, a C compiler).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from pixcore.errors import EngineError
from pixcore.rules.engine import Facts, check_facts
from pixcore.rules.table import Condition, DecisionTable, Row

__all__ = ["ALWAYS_FACT", "DurableEngine", "compile_table", "durable_available"]

ALWAYS_FACT = "pixcore_always"
"""A fact asserted true with every evaluation, so that a default row can match."""

_HIT_PREFIX = "hit_"
_SENTINEL = "sentinel"
_SENTINEL_KEY = _HIT_PREFIX + _SENTINEL
_JSON_OPS = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


def durable_available() -> bool:
    """Whether durable_rules can be imported here (it needs the ``durable`` extra)."""
    try:
        import durable.engine  # noqa: F401
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


def _condition_json(condition: Condition) -> dict[str, Any]:
    if condition.op == "==":
        return {condition.fact: condition.value}
    if condition.op == "in":
        assert isinstance(condition.value, tuple)
        return {"$or": [{condition.fact: value} for value in condition.value]}
    return {_JSON_OPS[condition.op]: {condition.fact: condition.value}}


def _row_json(row: Row) -> dict[str, Any]:
    if not row.when:
        return {ALWAYS_FACT: True}
    parts = [_condition_json(condition) for condition in row.when]
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _setter(row_id: str) -> Callable[[Any], None]:
    key = _HIT_PREFIX + row_id

    def action(c: Any) -> None:  # exactly one parameter: two make it asynchronous (T6)
        c.s[key] = True

    return action


def compile_table(table: DecisionTable) -> dict[str, Any]:
    """Compile ``table`` to a fresh durable ruleset definition.

    One rule per row (``row_<id>``), plus a sentinel rule that always matches.
    """
    rules: dict[str, Any] = {
        f"row_{row.id}": {"all": [{"m": _row_json(row)}], "run": _setter(row.id)}
        for row in table.rows
    }
    rules[_SENTINEL] = {"all": [{"m": {ALWAYS_FACT: True}}], "run": _setter(_SENTINEL)}
    return rules


class DurableEngine:
    """Runs decision tables on durable_rules, hardened (see the module docstring).

    Thread-safe; evaluations are serialised by a lock (the C extension holds the GIL
    anyway, so threads would not run in parallel). Use as a context manager or call
    :meth:`close`.
    """

    def __init__(self, tables: Iterable[DecisionTable] = ()) -> None:
        self._host = _quiet_host()
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._tables: dict[str, DecisionTable] = {}
        self._closed = False
        for table in tables:
            self._ensure(table)

    def _ensure(self, table: DecisionTable) -> None:
        known = self._tables.get(table.name)
        if known is table:
            return
        if known is not None:
            raise EngineError(meta={"table": table.name})
        self._host.register_rulesets({table.name: compile_table(table)})
        self._tables[table.name] = table

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        """Return the ids of every row of ``table`` whose conditions hold on ``facts``."""
        check_facts(table, facts)
        with self._lock:
            if self._closed:
                raise EngineError(meta={"table": table.name})
            self._ensure(table)
            state = self._evaluate(table.name, facts)
        return frozenset(row.id for row in table.rows if state.get(_HIT_PREFIX + row.id))

    def _evaluate(self, name: str, facts: Facts) -> dict[str, Any]:
        sid = f"e{next(self._ids)}"
        message = {**facts, ALWAYS_FACT: True, "sid": sid}
        try:
            state = self._host.assert_fact(name, message)
        except Exception as exc:  # the sentinel always matches: any exception is a failure
            raise EngineError(meta={"table": name}) from exc
        finally:
            with contextlib.suppress(Exception):
                self._host.delete_state(name, sid)
        if not isinstance(state, dict) or "exception" in state or not state.get(_SENTINEL_KEY):
            raise EngineError(meta={"table": name})  # stolen action (T3), swallowed error (T4)
        return state

    def close(self) -> None:
        """Free the C rulesets; the engine refuses to evaluate afterwards."""
        import durable_rules_engine

        with self._lock:
            if self._closed:
                return
            for ruleset in self._host._ruleset_list:
                durable_rules_engine.delete_ruleset(ruleset._handle)
            self._host._ruleset_list.clear()
            self._host._ruleset_directory.clear()
            self._tables.clear()
            self._closed = True

    def __enter__(self) -> DurableEngine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _quiet_host() -> Any:
    from durable.engine import Host

    class QuietHost(Host):  # type: ignore[misc]
        """A durable Host without its dispatcher and timer threads (T2, T3)."""

        def _run(self) -> None:
            return None

    return QuietHost()
