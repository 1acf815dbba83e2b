"""The declaration language refuses malformed tables; the hit policies behave."""

from __future__ import annotations

import pytest

from pixcore.errors import EngineError
from pixcore.rules import (
    ALL_TABLES,
    PURE_ENGINE,
    Condition,
    DecisionTable,
    HitPolicy,
    Row,
    decide,
    fact,
)
from pixcore.rules.engine import InterpretingEngine, first_outcome, outcomes


def test_duplicate_row_ids_are_refused() -> None:
    """Row ids are unique within a table."""
    with pytest.raises(ValueError, match="duplicate"):
        DecisionTable("t", {"x": int}, (Row("a", "a"), Row("a", "b")))


def test_undeclared_facts_are_refused() -> None:
    """A condition on an undeclared fact is refused at declaration."""
    with pytest.raises(ValueError, match="undeclared"):
        DecisionTable("t", {"x": int}, (Row("a", "a", when=(fact("y") == 1,)),))


def test_values_must_have_the_fact_type() -> None:
    """Comparing an int fact with a bool (or a str) is refused; durable would confuse them."""
    with pytest.raises(ValueError, match="compares with int"):
        DecisionTable("t", {"x": int}, (Row("a", "a", when=(fact("x") == True,)),))  # noqa: E712


def test_ordering_needs_integers() -> None:
    """<, >= ... only on integer facts."""
    with pytest.raises(ValueError, match="integer"):
        DecisionTable("t", {"s": str}, (Row("a", "a", when=(Condition("s", ">=", "b"),)),))


def test_first_and_collect() -> None:
    """FIRST keeps the first matching row in declared order; COLLECT keeps them all."""
    rows = (Row("low", "low", when=(fact("x") < 5,)), Row("any", "any"))
    first = DecisionTable("f", {"x": int}, rows)
    collect = DecisionTable("c", {"x": int}, rows, hit_policy=HitPolicy.COLLECT)
    assert [r.id for r in decide(first, {"x": 1})] == ["low"]
    assert [r.id for r in decide(collect, {"x": 1})] == ["low", "any"]
    assert [r.id for r in decide(first, {"x": 9})] == ["any"]


def test_missing_or_mistyped_facts_raise_engine_error() -> None:
    """Facts must be complete and of their declared type."""
    table = DecisionTable("t", {"x": int}, (Row("a", "a"),))
    with pytest.raises(EngineError):
        PURE_ENGINE.matching_rows(table, {})
    with pytest.raises(EngineError):
        PURE_ENGINE.matching_rows(table, {"x": True})


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_every_shipped_table_is_documented(table: DecisionTable) -> None:
    """Each shipped table says which rule it states; FIRST tables end with a default."""
    assert table.description
    if table.hit_policy is HitPolicy.FIRST:
        assert table.rows[-1].when == ()


def test_a_table_built_at_run_time_decides_alike_on_every_engine() -> None:
    """Every operator, in a table built now (the rule tables are all built at import)."""
    table = DecisionTable(
        "runtime", {"n": int, "kind": str, "flag": bool},
        (Row("exact", "exact", when=(fact("n") == 3,)),
         Row("listed", "listed", when=(fact("kind").is_in("a", "b"),)),
         Row("flagged", "flagged", when=(fact("flag") == True, fact("n") >= 10)),  # noqa: E712
         Row("other", "other")),
    )  # fmt: skip

    def oracle(n: int, kind: str, flag: bool) -> str:
        if n == 3:
            return "exact"
        if kind in ("a", "b"):
            return "listed"
        return "flagged" if flag and n >= 10 else "other"

    for n in (2, 3, 9, 10, 11):
        for kind in ("a", "b", "c"):
            for flag in (False, True):
                facts = {"n": n, "kind": kind, "flag": flag}
                expected = oracle(n, kind, flag)
                assert [r.id for r in table.first_hit(facts)] == [expected], facts
                for engine in (PURE_ENGINE, InterpretingEngine()):
                    rows = engine.matching_rows(table, facts)
                    assert next(r.id for r in table.rows if r.id in rows) == expected


def test_a_table_built_at_run_time_names_a_bad_fact_on_every_engine() -> None:
    table = DecisionTable("runtime", {"n": int}, (Row("any", "any"),))
    for engine in (PURE_ENGINE, InterpretingEngine()):
        for facts in ({}, {"n": "1"}):
            with pytest.raises(EngineError) as caught:
                engine.matching_rows(table, facts)  # type: ignore[arg-type]
            assert dict(caught.value.meta) == {"table": "runtime", "fact": "n"}


def test_in_takes_a_tuple_and_the_other_operators_a_scalar() -> None:
    where = "table 't', row 'a': 'in' takes a tuple, other operators a scalar"
    with pytest.raises(ValueError, match=where):
        DecisionTable("t", {"x": int}, (Row("a", "a", when=(Condition("x", "in", 1),)),))
    with pytest.raises(ValueError, match=where):
        DecisionTable("t", {"x": int}, (Row("a", "a", when=(Condition("x", "==", (1, 2)),)),))
    DecisionTable("t", {"x": int}, (Row("a", "a", when=(Condition("x", "in", (1, 2)),)),))


def test_a_first_hit_table_without_a_default_row_names_itself_when_nothing_matches() -> None:
    """docs/engines.md: each FIRST table ends with a default row; one built without it
    gives no decision for facts no row matches, an engine failure naming the table, on
    the default engine's fast path and through another engine alike."""
    table = DecisionTable("no_default", {"n": int}, (Row("big", "big", when=(fact("n") > 9,)),))
    assert first_outcome(table, {"n": 10}) == "big"
    for engine in (None, PURE_ENGINE, InterpretingEngine()):
        with pytest.raises(EngineError) as caught:
            first_outcome(table, {"n": 3}, engine)
        assert caught.value.code == "RULES_ENGINE_FAILURE"
        assert dict(caught.value.meta) == {"table": "no_default"}


def test_every_engine_applies_the_table_s_hit_policy() -> None:
    """docs/engines.md: an engine only says which rows match; the hit policy is applied
    by shared code, so a first-hit table gives its first matching row only (``decide``,
    ``first_outcome`` and ``outcomes`` alike) and a collecting one every matching row, in
    declared order, whichever engine matched them."""
    rows = (
        Row("big", "big", when=(fact("n") > 9,)),
        Row("even", "even", when=(fact("n").is_in(10, 12, 14),)),
        Row("ten", "ten", when=(fact("n") == 10,)),
        Row("other", "other"),
    )
    first = DecisionTable("first_runtime", {"n": int}, rows)
    every = DecisionTable("every_runtime", {"n": int}, rows, hit_policy=HitPolicy.COLLECT)
    for engine in (None, PURE_ENGINE, InterpretingEngine()):
        assert [row.id for row in decide(first, {"n": 10}, engine)] == ["big"]
        assert (first_outcome(first, {"n": 10}, engine), outcomes(first, {"n": 10}, engine)) == (
            "big",
            ("big",),
        )
        assert [row.id for row in decide(every, {"n": 10}, engine)] == [
            "big",
            "even",
            "ten",
            "other",
        ]
        assert outcomes(every, {"n": 10}, engine) == ("big", "even", "ten", "other")
        assert outcomes(first, {"n": 3}, engine) == ("other",)
