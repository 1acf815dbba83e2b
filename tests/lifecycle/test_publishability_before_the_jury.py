"""§11.1 / D6: a certification still ``started`` (no result yet) blocks automatic
publication: "no certification with scoring error (``error``, or still ``started``)".

Before finalisation the automatic jury has not run, so every certification is
``started``; the session is not publishable for that reason alone.
"""

from __future__ import annotations

from lifecycle_support import Driver

from pixcore import Referential
from pixcore.lifecycle.results import publishability, session_results


def test_certifications_without_a_result_block_publication(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(2)
    driver.answer(0, *["ok"] * 5)  # under way, no end screen yet
    assert {r.status for r in session_results(driver.state)} == {"started"}
    assert publishability(driver.state) == ("CERTIFICATION_WITHOUT_RESULT",)


def test_once_the_jury_ran_the_reason_goes(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise(end_screen_confirmations=(driver.number(0),))
    assert publishability(driver.state) == ()
