"""The hardened durable engine: the traps of docs/engines.md stay countered."""

from __future__ import annotations

import threading

import pytest

from pixcore.errors import EngineError
from pixcore.rules import DecisionTable, Engine, HitPolicy, Row, fact
from pixcore.rules.durable import DurableEngine, durable_available
from pixcore.rules.eligibility import ELIGIBILITY

pytestmark = pytest.mark.durable

COLLECT = DecisionTable(
    name="probe_collect",
    facts={"n": int, "label": str},
    hit_policy=HitPolicy.COLLECT,
    rows=(
        Row("big", "big", when=(fact("n") >= 10,)),
        Row("named", "named", when=(fact("label") == "x",)),
        Row("twin", "twin", when=(fact("label") == "x",)),
    ),
)


@pytest.fixture
def fresh(durable_engine: Engine) -> DurableEngine:
    """A private engine, closed after the test."""
    assert durable_available()
    return DurableEngine()


def test_unmatched_facts_do_not_crash(fresh: DurableEngine) -> None:
    """T9: facts matching no row, then deleting their state, never aborts the process."""
    for n in range(2_000):
        assert fresh.matching_rows(COLLECT, {"n": n % 5, "label": "y"}) == frozenset()
    fresh.close()


def test_every_matching_row_fires(fresh: DurableEngine) -> None:
    """T5: a fact matching three rows fires all three, identical conditions included."""
    assert fresh.matching_rows(COLLECT, {"n": 12, "label": "x"}) == {"big", "named", "twin"}
    fresh.close()


def test_more_evaluations_than_the_live_session_cap(fresh: DurableEngine) -> None:
    """T1: 1,024 live session ids at most; one id per evaluation, deleted, so 3,000 pass."""
    for n in range(3_000):
        expected = {"not_eligible"} | ({"eligible"} if n % 16 >= 5 else set())  # default row
        assert fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": n % 16}) == expected
    fresh.close()


def test_threads_share_one_engine(fresh: DurableEngine) -> None:
    """T2/T3: four threads on one engine get every answer right, no crash."""
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for n in range(500):
                count = (n + offset) % 16
                rows = fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": count})
                assert ("eligible" in rows) == (count >= 5)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    fresh.close()


def test_closed_engine_refuses(fresh: DurableEngine) -> None:
    """After close() the C rulesets are freed and evaluation raises EngineError."""
    fresh.close()
    with pytest.raises(EngineError) as caught:
        fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
    assert dict(caught.value.meta) == {"table": "eligibility"}


def test_wrong_fact_types_are_refused_before_durable(fresh: DurableEngine) -> None:
    """A fact of the wrong type never reaches the C engine."""
    with pytest.raises(EngineError):
        fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": "5"})  # type: ignore[dict-item]
    fresh.close()


def test_two_tables_with_one_name_are_refused(fresh: DurableEngine) -> None:
    """A private host keeps one ruleset per name; a different table of that name is refused."""
    fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
    impostor = DecisionTable(name="eligibility", facts={"x": int}, rows=(Row("a", "a"),))
    with pytest.raises(EngineError):
        fresh.matching_rows(impostor, {"x": 1})
    fresh.close()


def test_a_state_without_the_sentinel_is_refused(fresh: DurableEngine) -> None:
    """T3: another thread took this evaluation's actions; the state came back without the
    sentinel row, which always matches: an error, never "no row matched"."""
    host = fresh._host
    original = host.assert_fact

    def stolen(name: str, message: object) -> object:
        state = original(name, message)
        return {key: value for key, value in state.items() if not key.startswith("hit_")}

    host.assert_fact = stolen
    try:
        with pytest.raises(EngineError) as caught:
            fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
        assert dict(caught.value.meta) == {"table": "eligibility"}
    finally:
        host.assert_fact = original
        fresh.close()


def test_a_failing_c_engine_is_an_engine_failure_naming_the_table(fresh: DurableEngine) -> None:
    """Whatever durable_rules raises while deciding becomes the one engine failure,
    naming the table, as every other EngineError does; the engine still works after."""
    host = fresh._host
    original = host.assert_fact

    def broken(name: str, message: object) -> object:
        raise RuntimeError("durable_rules failed")

    fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
    host.assert_fact = broken
    try:
        with pytest.raises(EngineError) as caught:
            fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 3})
        assert caught.value.code == "RULES_ENGINE_FAILURE"
        assert dict(caught.value.meta) == {"table": "eligibility"}
    finally:
        host.assert_fact = original
    assert fresh.matching_rows(ELIGIBILITY, {"nb_competences_ok": 5}) == {
        "eligible",
        "not_eligible",
    }
    fresh.close()
