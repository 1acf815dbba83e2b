"""The table language as its docstrings define it, built at run time.

mutmut only switches a mutant on while the tests run: a table or checklist item built
when its module loads was built before, by the original code. These tests build them
again during the run. The expectations come from ``pixcore/rules/table.py``'s own
contract (``fact op value``; values are bool, int or str; a table is a declaration, equal
to the same declaration and shown as one) and from the checklist's (an automatic step
has a French and an English label, ticks from events, never by hand).
"""

from __future__ import annotations

import pytest

from pixcore.rules import DecisionTable, HitPolicy, Row, fact
from pixcore.rules.checklist import ITEMS, _auto
from pixcore.rules.engine import first_outcome
from pixcore.rules.table import Condition


def _over(limit: int) -> DecisionTable:
    return DecisionTable(
        name="over", facts={"n": int},
        rows=(Row("over", "over", when=(fact("n") > limit,)), Row("otherwise", "not_over")),
    )  # fmt: skip


def test_greater_than_compares_with_its_value() -> None:
    assert (fact("n") > 3) == Condition("n", ">", 3)
    table = _over(3)
    assert [first_outcome(table, {"n": n}) for n in (2, 3, 4)] == ["not_over", "not_over", "over"]


def test_not_equal_compares_with_its_value() -> None:
    assert (fact("s") != "x") == Condition("s", "!=", "x")
    table = DecisionTable(
        name="other", facts={"s": str},
        rows=(Row("other", "other", when=(fact("s") != "x",)), Row("same", "same")),
    )  # fmt: skip
    assert [first_outcome(table, {"s": s}) for s in ("x", "y")] == ["same", "other"]


@pytest.mark.parametrize("value", [1.5, None, (1,)])
def test_a_fact_compared_with_another_type_is_refused_by_its_type(value: object) -> None:
    """Facts are bool, int or str: the refusal names the type it was given."""
    with pytest.raises(TypeError, match=f"not {type(value).__name__}$"):
        _ = fact("n") == value


def test_a_table_is_its_declaration_compiled_or_not() -> None:
    """Two tables declared alike are equal and print alike, whatever was run on them; the
    repr shows the declaration, not the compiled code."""
    used, fresh = _over(3), _over(3)
    assert first_outcome(used, {"n": 9}, None) == "over"
    assert used == fresh
    assert repr(used) == repr(fresh)
    assert "function" not in repr(used) and "lambda" not in repr(used)
    assert used != _over(4)
    assert _over(3).hit_policy is HitPolicy.FIRST


def test_an_automatic_step_has_both_labels_and_is_not_ticked_by_hand() -> None:
    item = _auto("BEF-5", "before", "referent", "Créer la session", "Create the session")
    assert (item.id, item.phase, item.actor) == ("BEF-5", "before", "referent")
    assert (item.label, item.label_en) == ("Créer la session", "Create the session")
    assert (item.automatic, item.manual) == (True, False)
    assert all(step.label_en for step in ITEMS)
