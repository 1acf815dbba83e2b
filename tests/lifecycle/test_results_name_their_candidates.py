"""Who a result is for: each result names the candidate of its certification, and the
results e-mail (§11.3) lists, per address, the ids of the candidates who started."""

from __future__ import annotations

from lifecycle_support import PEOPLE, Driver

from pixcore import Referential
from pixcore.lifecycle import commands as c
from pixcore.lifecycle.results import result_recipients, session_results


def test_each_result_names_its_candidate(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(3)
    for index in range(3):
        driver.answer(index, *["ok"] * 15)
    driver.finalise()
    results = session_results(driver.state)
    assert len(results) == 3
    for result in results:
        course = driver.state.certifications[result.certification_number]
        assert result.candidate_id == course.candidate_id
        assert result.candidate_id in driver.state.candidates
    named = {driver.state.candidates[r.candidate_id].first_name for r in results}
    assert named == {first for first, _ in PEOPLE[:3]}


def test_the_results_email_lists_the_candidates_ids(referential: Referential) -> None:
    driver = Driver(referential)
    driver.create()
    driver.enrol(*PEOPLE[0], result_recipient_email="Prof@X.fr")
    driver.enrol(*PEOPLE[1], result_recipient_email="prof@x.fr")
    driver.enrol(*PEOPLE[2], result_recipient_email="prof@x.fr")  # never starts
    driver.run(c.NoteStartTime(noted_start=driver.now))
    driver.join(0)
    driver.join(1)
    started = {
        candidate_id for candidate_id, candidate in driver.state.candidates.items()
        if candidate.first_name in (PEOPLE[0][0], PEOPLE[1][0])
    }  # fmt: skip
    recipients = result_recipients(driver.state)
    assert list(recipients) == ["prof@x.fr"]
    assert sorted(recipients["prof@x.fr"]) == sorted(started)
