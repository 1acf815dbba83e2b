"""Results are "pure functions of a SessionState" (``pixcore.lifecycle.results``): a
result decided with the default engine is the same whatever engines decided before.

An engine is the host's to choose (``Engine``: which rows match). Here one that lowers
every competence (it always answers a ``D`` row of ``CERTIFIED_LEVEL``) decides a
session; the default engine, asked again afterwards, must still keep every competence
(V), as it did before: nothing the other engine said is remembered for it.
"""

from __future__ import annotations

from lifecycle_support import ELIGIBLE, Driver

from pixcore import Referential
from pixcore.lifecycle.results import session_results
from pixcore.rules.engine import Facts
from pixcore.rules.jury import CERTIFIED_LEVEL
from pixcore.rules.table import DecisionTable

LOWERED = next(row.id for row in CERTIFIED_LEVEL.rows if row.outcome == "D")


class LoweringEngine:
    """Every table as declared, except that every competence is lowered (D)."""

    def matching_rows(self, table: DecisionTable, facts: Facts) -> frozenset[str]:
        if table is CERTIFIED_LEVEL:
            return frozenset({LOWERED})
        return frozenset(row.id for row in table.every_hit(facts))


def test_another_engine_leaves_the_default_results_unchanged(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise(end_screen_confirmations=(driver.number(0),))
    (before,) = session_results(driver.state)
    assert dict(before.competence_pix) == dict(ELIGIBLE.pix)  # 16 pix kept (V)
    (lowered,) = session_results(driver.state, engine=LoweringEngine())
    assert dict(lowered.competence_pix) == dict.fromkeys(ELIGIBLE.pix, 16 - 8)  # D: − 8
    (after,) = session_results(driver.state)
    assert after == before
