"""What a decided result carries besides its status: its two comments, its pix.

- Comments: each decision has one comment for the candidate and one for the school
  (``pixcore.lifecycle.comments``; Pix translates the same keys), and a result carries
  both, those of its own decision.
- Pix: ``CertificationResult.competence_pix`` is "empty unless validated" and a result
  that is not validated has 0 pix (rules.md §10.3: only a validated certification has a
  score) — even when the answers alone would have scored (a cancelled or fraudulent
  test whose answers were all correct).
"""

from __future__ import annotations

import pytest
from lifecycle_support import Driver

from pixcore import Referential
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import session_results
from pixcore.lifecycle.comments import JURY_COMMENTS


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def test_every_result_carries_both_comments_of_its_decision(driver: Driver) -> None:
    driver.started(3)
    driver.answer(0, *["ok"] * 15)  # validated
    driver.answer(1, *["ko"] * 15)  # rejected: under 50 %
    driver.answer(2, "ok")  # abandoned after one answer: rejected too
    for index in range(2):
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(index)))
    driver.finalise(abort_reasons={driver.number(2): "candidate"})
    results = session_results(driver.state)
    assert [(r.status, r.reason) for r in results] == [
        ("validated", None),
        ("rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"),
        ("rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"),
    ]
    for result in results:
        expected = JURY_COMMENTS[result.reason or result.status]
        assert (result.comment_for_candidate, result.comment_for_organization) == expected
        assert all(isinstance(text, str) and text for text in expected)


@pytest.mark.parametrize(
    ("action", "status", "reason"),
    [("cancel", "cancelled", None), ("reject_for_fraud", "rejected", "FRAUD")],
)
def test_a_result_not_validated_has_no_pix_whatever_its_answers(
    driver: Driver, action: str, status: str, reason: str | None
) -> None:
    driver.started(1)
    number = driver.number(0)
    driver.answer(0, *["ok"] * 15)
    driver.run(c.ConfirmEndScreen(certification_number=number))
    driver.finalise()
    (scored,) = session_results(driver.state)
    assert scored.status == "validated" and scored.pix > 0 and scored.competence_pix
    driver.run(c.JuryAct(action=action, certification_number=number, jury_member="J"))  # type: ignore[arg-type]
    (result,) = session_results(driver.state)
    assert (result.status, result.reason, result.pix) == (status, reason, 0)
    assert dict(result.competence_pix) == {} and dict(result.competence_levels) == {}
    assert result.to_dict()["competence_pix"] == {}
