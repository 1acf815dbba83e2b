"""D3 / DAY-18–19: an end screen the invigilator ticked on the PV counts as seen.

``Finalise.end_screen_confirmations`` are "the boxes ticked on the PV" (the command's
docstring; rules.md §9 step 5 keeps these legacy end-screen flags): a finished test whose
end screen is ticked there is ``seen`` — no rejection proposal, nothing pending, even
under the policy that rejects unseen end screens; an unticked one stays a proposal.
"""

from __future__ import annotations

from lifecycle_support import Driver

from pixcore import Referential
from pixcore.lifecycle.results import publishability, session_results
from pixcore.models.decisions import JuryPolicy

AUTO = JuryPolicy(auto_reject_unseen_end_screen=True)


def test_a_box_ticked_at_finalisation_marks_the_end_screen_seen(
    referential: Referential,
) -> None:
    driver = Driver(referential)
    driver.started(2)
    driver.answer(0, *["ok"] * 15)
    driver.answer(1, *["ok"] * 15)
    ticked, unticked = driver.number(0), driver.number(1)
    driver.finalise(end_screen_confirmations=(ticked,))
    assert driver.state.certifications[ticked].end_screen_seen
    assert not driver.state.certifications[unticked].end_screen_seen
    results = {r.certification_number: r for r in session_results(driver.state)}
    assert (results[ticked].end_screen, results[ticked].end_screen_pending) == ("seen", False)
    assert results[ticked].status == "validated"
    assert (results[unticked].end_screen, results[unticked].end_screen_pending) == (
        "proposal_reject", True,
    )  # fmt: skip
    automatic = {r.certification_number: r for r in session_results(driver.state, AUTO)}
    assert (automatic[ticked].status, automatic[ticked].reason) == ("validated", None)
    assert (automatic[unticked].status, automatic[unticked].reason) == (
        "rejected", "END_SCREEN_NOT_SEEN",
    )  # fmt: skip


def test_every_box_ticked_leaves_nothing_pending(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(2)
    driver.answer(0, *["ok"] * 15)
    driver.answer(1, *["ok"] * 15)
    driver.finalise(end_screen_confirmations=(driver.number(0), driver.number(1)))
    assert publishability(driver.state) == ()
