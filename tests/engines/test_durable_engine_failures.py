"""The durable engine's failures are engine failures naming their table (docs/engines.md).

``pixcore.rules.durable``'s contract: a private host keeps one ruleset per table name,
one session id per evaluation, deleted right after; whatever durable_rules raises while
deciding becomes :class:`~pixcore.errors.EngineError` with the table's name in its meta.
"""

from __future__ import annotations

import pytest

from pixcore.errors import EngineError
from pixcore.rules import DecisionTable, Engine, Row
from pixcore.rules.durable import DurableEngine, durable_available
from pixcore.rules.eligibility import ELIGIBILITY

pytestmark = pytest.mark.durable


@pytest.fixture
def fresh(durable_engine: Engine) -> DurableEngine:
    """A private engine (the session fixture skips nothing: it requires durable_rules)."""
    assert durable_available()
    return DurableEngine()


def test_a_second_table_of_the_same_name_is_refused_naming_it(fresh: DurableEngine) -> None:
    fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
    impostor = DecisionTable(name="eligibility", facts={"x": int}, rows=(Row("a", "a"),))
    try:
        with pytest.raises(EngineError) as caught:
            fresh.matching_rows(impostor, {"x": 1})
        assert caught.value.code == "RULES_ENGINE_FAILURE"
        assert dict(caught.value.meta) == {"table": "eligibility"}
        with pytest.raises(EngineError) as built:
            DurableEngine((ELIGIBILITY, impostor))
        assert dict(built.value.meta) == {"table": "eligibility"}
    finally:
        fresh.close()


def test_a_failed_clean_up_does_not_change_the_decision(fresh: DurableEngine) -> None:
    """Deleting the evaluation's state is housekeeping: if durable_rules fails at it, the
    rows already decided are still the answer."""
    host = fresh._host
    original = host.delete_state

    def broken(name: str, sid: str) -> None:
        raise RuntimeError("durable_rules failed to delete a state")

    host.delete_state = broken
    try:
        assert "eligible" in fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 5})
        assert "eligible" not in fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 4})
    finally:
        host.delete_state = original
        fresh.close()


def test_a_failed_decision_and_clean_up_is_one_engine_failure(fresh: DurableEngine) -> None:
    """When deciding fails and so does the clean-up, the failure reported is the engine's,
    naming the table, never the clean-up's own exception."""
    host = fresh._host
    original_assert, original_delete = host.assert_fact, host.delete_state

    def broken(*_: object) -> None:
        raise RuntimeError("durable_rules failed")

    host.assert_fact = host.delete_state = broken
    try:
        with pytest.raises(EngineError) as caught:
            fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
        assert caught.value.code == "RULES_ENGINE_FAILURE"
        assert dict(caught.value.meta) == {"table": "eligibility"}
    finally:
        host.assert_fact, host.delete_state = original_assert, original_delete
        fresh.close()
