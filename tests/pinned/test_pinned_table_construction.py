"""A decision table is built from its declaration only (docs/engines.md).

``DecisionTable`` takes a name, typed facts, rows, a hit policy and a description; the
interpreter's plan and the two compiled functions (``first_hit``, ``every_hit``) are
computed from the declaration "once, when the table is created", so no caller can hand
in a function that decides otherwise.
"""

from __future__ import annotations

import inspect

import pytest

from pixcore.rules import DecisionTable, Row, fact


def decide_nothing(facts: object) -> tuple[Row, ...]:
    return ()


def test_the_constructor_takes_the_declaration_only() -> None:
    assert list(inspect.signature(DecisionTable).parameters) == [
        "name", "facts", "rows", "hit_policy", "description",
    ]  # fmt: skip


@pytest.mark.parametrize("computed", ["plan", "first_hit", "every_hit"])
def test_a_compiled_function_cannot_be_given(computed: str) -> None:
    rows = (Row("big", "big", when=(fact("n") > 9,)), Row("small", "small"))
    with pytest.raises(TypeError, match=computed):
        DecisionTable(name="size", facts={"n": int}, rows=rows, **{computed: decide_nothing})  # type: ignore[arg-type]
