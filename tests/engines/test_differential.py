"""The differential test: the durable_rules engine decides exactly like the pure one.

For every declared table, facts are drawn from the table's own declaration: each fact's
type, the constants its rows compare with and their neighbours, plus arbitrary values.
Small tables are enumerated exhaustively; every table is also property-tested.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore.errors import EngineError
from pixcore.rules import ALL_TABLES, PURE_ENGINE, DecisionTable, Engine
from pixcore.rules.engine import Facts, InterpretingEngine
from pixcore.rules.table import FactValue

EXHAUSTIVE_LIMIT = 20_000


def interesting_values(table: DecisionTable, name: str) -> list[FactValue]:
    """Every constant the table compares ``name`` with, its neighbours, and a stranger."""
    kind = table.facts[name]
    if kind is bool:
        return [False, True]
    constants: set[FactValue] = set()
    for row in table.rows:
        for condition in row.when:
            if condition.fact == name:
                values = (
                    condition.value if isinstance(condition.value, tuple) else (condition.value,)
                )
                constants.update(values)
    if kind is int:
        ints = {int(v) for v in constants} | {0}
        return sorted({n + delta for n in ints for delta in (-1, 0, 1)})
    return sorted({str(v) for v in constants} | {"", "unlisted"})


def fact_strategy(table: DecisionTable) -> st.SearchStrategy[dict[str, FactValue]]:
    """Facts of ``table``: interesting values most of the time, arbitrary ones too."""
    fields: dict[str, st.SearchStrategy[FactValue]] = {}
    for name, kind in table.facts.items():
        arbitrary: st.SearchStrategy[FactValue] = (
            st.booleans()
            if kind is bool
            else st.integers(-(2**40), 2**40)
            if kind is int
            else st.text(max_size=12)
        )
        fields[name] = st.one_of(st.sampled_from(interesting_values(table, name)), arbitrary)
    return st.fixed_dictionaries(fields)


def exhaustive_facts(table: DecisionTable) -> Iterator[Facts]:
    """The product of every fact's interesting values, when it is small enough."""
    names = list(table.facts)
    for values in itertools.product(*(interesting_values(table, n) for n in names)):
        yield dict(zip(names, values, strict=True))


def domain_size(table: DecisionTable) -> int:
    size = 1
    for name in table.facts:
        size *= len(interesting_values(table, name))
    return size


TABLES = {table.name: table for table in ALL_TABLES}
SMALL = [name for name, table in TABLES.items() if domain_size(table) <= EXHAUSTIVE_LIMIT]


@pytest.mark.durable
@pytest.mark.parametrize("name", SMALL)
def test_engines_agree_exhaustively(durable_engine: Engine, name: str) -> None:
    """On small tables, every combination of interesting facts gives the same rows."""
    table = TABLES[name]
    for facts in exhaustive_facts(table):
        assert durable_engine.matching_rows(table, facts) == PURE_ENGINE.matching_rows(
            table, facts
        ), facts


@pytest.mark.durable
@pytest.mark.parametrize("name", sorted(TABLES))
def test_engines_agree_on_random_facts(durable_engine: Engine, name: str) -> None:
    """On every table, random facts (interesting or arbitrary) give the same rows."""
    table = TABLES[name]

    @given(facts=fact_strategy(table))
    def check(facts: dict[str, FactValue]) -> None:
        assert durable_engine.matching_rows(table, facts) == PURE_ENGINE.matching_rows(table, facts)

    check()


def test_exhaustive_coverage_is_real() -> None:
    """Most tables are small enough to enumerate, and enumeration reaches every row."""
    assert len(SMALL) >= len(TABLES) - 2
    for name in SMALL:
        table = TABLES[name]
        hit = set().union(*(PURE_ENGINE.matching_rows(table, f) for f in exhaustive_facts(table)))
        assert hit == {row.id for row in table.rows}, name


INTERPRETER = InterpretingEngine()


@pytest.mark.parametrize("name", SMALL)
def test_compiled_engine_agrees_with_the_interpreter_exhaustively(name: str) -> None:
    """The default (compiled) engine gives the reference interpreter's rows, everywhere."""
    table = TABLES[name]
    for facts in exhaustive_facts(table):
        assert PURE_ENGINE.matching_rows(table, facts) == INTERPRETER.matching_rows(table, facts)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_compiled_engine_agrees_with_the_interpreter_on_random_facts(name: str) -> None:
    """Random facts too, and the first hit is the interpreter's first matching row."""
    table = TABLES[name]

    @given(facts=fact_strategy(table))
    def check(facts: dict[str, FactValue]) -> None:
        rows = INTERPRETER.matching_rows(table, facts)
        assert PURE_ENGINE.matching_rows(table, facts) == rows
        first = next((row for row in table.rows if row.id in rows), None)
        assert table.first_hit(facts) == (() if first is None else (first,))

    check()


def test_compiled_engine_refuses_bad_facts_like_the_interpreter() -> None:
    """Missing or mistyped facts raise EngineError in both."""
    table = TABLES["eligibility"]
    for facts in ({}, {"nb_competences_ok": "5"}, {"nb_competences_ok": True}):
        with pytest.raises(EngineError) as compiled:
            PURE_ENGINE.matching_rows(table, facts)  # type: ignore[arg-type]
        with pytest.raises(EngineError) as interpreted:
            INTERPRETER.matching_rows(table, facts)  # type: ignore[arg-type]
        expected = {"table": "eligibility", "fact": "nb_competences_ok"}
        assert dict(compiled.value.meta) == dict(interpreted.value.meta) == expected
