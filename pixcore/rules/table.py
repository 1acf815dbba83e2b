"""The declaration language of pixcore's rules: decision tables, as plain data.

A rule is declared once, as a :class:`DecisionTable`: ordered :class:`Row` s whose
conditions compare *facts* (scalars computed by small pure functions) with constants.
Engines only answer "which rows match these facts?"; the hit policy (first hit in
declared order, or every hit) is applied by shared pure code, so that no engine's
firing order matters (``docs/engines.md``).

>>> ELIGIBILITY = DecisionTable(
...     name="eligibility",
...     facts={"nb_competences_ok": int},
...     rows=(Row("eligible", "eligible", when=(fact("nb_competences_ok") >= 5,)),),
... )
>>> ELIGIBILITY.rows[0].when[0]
Condition(fact='nb_competences_ok', op='>=', value=5)
"""

from __future__ import annotations

import dataclasses
import enum
import operator
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "Condition",
    "DecisionTable",
    "FactValue",
    "HitPolicy",
    "Op",
    "Row",
    "fact",
]

FactValue = bool | int | str
"""A fact is a scalar: engines compare booleans, integers and strings only."""

Op = Literal["==", "!=", "<", "<=", ">", ">=", "in"]
_ORDERING_OPS = frozenset({"<", "<=", ">", ">="})


class HitPolicy(enum.Enum):
    """How matching rows become the decision."""

    FIRST = "first"
    """The first matching row in declared order wins (ordered rules, e.g. the jury)."""
    COLLECT = "collect"
    """Every matching row counts, in declared order (e.g. every validation error)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Condition:
    """``fact op value``; with ``in``, ``value`` is a tuple of allowed values."""

    fact: str
    op: Op
    value: FactValue | tuple[FactValue, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class _FactRef:
    """A fact name that builds :class:`Condition` s with Python operators."""

    name: str

    def __eq__(self, value: object) -> Condition:  # type: ignore[override]
        return Condition(self.name, "==", _scalar(value))

    def __ne__(self, value: object) -> Condition:  # type: ignore[override]
        return Condition(self.name, "!=", _scalar(value))

    def __lt__(self, value: int) -> Condition:
        return Condition(self.name, "<", value)

    def __le__(self, value: int) -> Condition:
        return Condition(self.name, "<=", value)

    def __gt__(self, value: int) -> Condition:
        return Condition(self.name, ">", value)

    def __ge__(self, value: int) -> Condition:
        return Condition(self.name, ">=", value)

    def is_in(self, *values: FactValue) -> Condition:
        """The fact equals one of ``values``."""
        return Condition(self.name, "in", tuple(values))

    __hash__ = None  # type: ignore[assignment]


_OPERATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda actual, allowed: actual in allowed,
}


def _resolve(condition: Condition) -> tuple[str, Callable[[Any, Any], bool], Any]:
    value = condition.value
    if isinstance(value, tuple):
        return condition.fact, _OPERATORS["in"], frozenset(value)
    return condition.fact, _OPERATORS[condition.op], value


def _scalar(value: object) -> FactValue:
    if not isinstance(value, bool | int | str):
        raise TypeError(f"a fact compares with bool, int or str, not {type(value).__name__}")
    return value


def fact(name: str) -> _FactRef:
    """Refer to a fact by name: ``fact("nb_competences_ok") >= 5`` is a condition."""
    return _FactRef(name)


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """One row: its ``id`` (unique in its table), its ``outcome`` and its conditions.

    ``when`` is a conjunction; an empty ``when`` always matches (a default row, last).
    ``cites`` names the paragraph of ``rules.md`` the row restates.
    """

    id: str
    outcome: str
    when: tuple[Condition, ...] = ()
    cites: str = ""


def _unset(facts: Mapping[str, Any]) -> tuple[Row, ...]:
    raise RuntimeError("the table is compiled in __post_init__")  # pragma: no cover


@dataclasses.dataclass(frozen=True, slots=True)
class DecisionTable:
    """A named, ordered list of rows over declared, typed facts.

    Construction checks the declaration: unique row ids, conditions on declared facts
    only, values of the fact's type, ordering operators on integers only.
    """

    name: str
    facts: Mapping[str, type[bool] | type[int] | type[str]]
    rows: tuple[Row, ...]
    hit_policy: HitPolicy = HitPolicy.FIRST
    description: str = ""
    plan: tuple[tuple[Row, tuple[tuple[str, Callable[[Any, Any], bool], Any], ...]], ...] = (
        dataclasses.field(init=False, repr=False, compare=False, default=())
    )
    """The rows with each condition's operator resolved, for the interpreter."""
    first_hit: Callable[[Mapping[str, Any]], tuple[Row, ...]] = dataclasses.field(
        init=False, repr=False, compare=False, default=_unset
    )
    """Compiled: facts → the first matching row (or none), as a tuple."""
    every_hit: Callable[[Mapping[str, Any]], tuple[Row, ...]] = dataclasses.field(
        init=False, repr=False, compare=False, default=_unset
    )
    """Compiled: facts → every matching row, in declared order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", MappingProxyType(dict(self.facts)))
        ids = [row.id for row in self.rows]
        if len(set(ids)) != len(ids):
            raise ValueError(f"table {self.name!r}: duplicate row ids")
        for row in self.rows:
            for condition in row.when:
                self._check(row, condition)
        plan = tuple((row, tuple(_resolve(c) for c in row.when)) for row in self.rows)
        object.__setattr__(self, "plan", plan)
        from pixcore.rules.compiled import compile_table

        object.__setattr__(self, "first_hit", compile_table(self, HitPolicy.FIRST))
        object.__setattr__(self, "every_hit", compile_table(self, HitPolicy.COLLECT))

    def _check(self, row: Row, condition: Condition) -> None:
        expected = self.facts.get(condition.fact)
        where = f"table {self.name!r}, row {row.id!r}"
        if expected is None:
            raise ValueError(f"{where}: undeclared fact {condition.fact!r}")
        values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
        if (condition.op == "in") != isinstance(condition.value, tuple):
            raise ValueError(f"{where}: 'in' takes a tuple, other operators a scalar")
        if any(type(value) is not expected for value in values):
            raise ValueError(f"{where}: {condition.fact!r} compares with {expected.__name__}")
        if condition.op in _ORDERING_OPS and expected is not int:
            raise ValueError(f"{where}: {condition.op!r} needs an integer fact")

    @property
    def outcomes(self) -> tuple[str, ...]:
        """Every outcome the table can give, in declared order, without repeats."""
        return tuple(dict.fromkeys(row.outcome for row in self.rows))
