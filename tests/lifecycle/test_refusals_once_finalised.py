"""The coded refusals of a session created twice, changed once finalised, or given
competences that do not fit its test.

Each expectation comes from the rule's source: ``docs/cli.md`` (a session number that
exists: ``SESSION_ALREADY_CREATED``); ``rules.md`` D5 "Finalisation is final" and §9 (a
candidate still answering is stopped with ``CertificationEndedByFinalizationError``,
every other change by the centre refused, ``SESSION_ALREADY_FINALIZED``);
``readiness.md`` (``RecordReadiness``: ``SESSION_ALREADY_FINALIZED``) and
``decisions.md`` F8 (``SupplyCompetences``: ``QUESTION_NUMBER_UNKNOWN`` beyond the test's
questions, ``QUESTION_COMPETENCE_NOT_VALID`` for a non-code), with the question at fault
in the meta. A refusal records nothing: the state's version does not move.
"""

from __future__ import annotations

import datetime as dt

import pytest
from lifecycle_support import T0, Driver

from pixcore import ConflictError, InvalidInputError, Referential, RefusedError
from pixcore.lifecycle import commands as c
from pixcore.models.readiness import MachineReport, RoomReport
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.readiness import check_room

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
MACHINE = {"office_suite": True, "pdf_reader": True, "download_writable": True,
           "connected": True, "user_agent": FIREFOX}  # fmt: skip


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def _finalised(driver: Driver) -> Driver:
    """One candidate who answered 2 of 15 questions, then the session finalised."""
    driver.started(1)
    driver.answer(0, "ok", "ko")
    driver.finalise(abort_reasons={driver.number(0): "candidate"})
    return driver


def test_a_session_is_created_once(driver: Driver) -> None:
    """cli.md: creating a session whose number exists is refused, ``SESSION_ALREADY_CREATED``."""
    driver.create()
    created = driver.state
    with pytest.raises(ConflictError) as caught:
        driver.create()
    assert (caught.value.code, dict(caught.value.meta)) == ("SESSION_ALREADY_CREATED", {})
    assert driver.state == created


def test_a_candidate_still_answering_is_stopped_by_the_finalisation(driver: Driver) -> None:
    """§9: after finalisation a candidate still answering is stopped with
    ``CertificationEndedByFinalizationError`` (``CERTIFICATION_ENDED_BY_FINALIZATION``)."""
    _finalised(driver)
    before = driver.state
    with pytest.raises(RefusedError) as caught:
        driver.run(c.RecordAnswer(certification_number=driver.number(0), status="ok"))
    assert (caught.value.code, dict(caught.value.meta)) == (
        "CERTIFICATION_ENDED_BY_FINALIZATION", {},
    )  # fmt: skip
    assert driver.state == before


@pytest.mark.parametrize("step", ["start time", "report", "end screen", "end test"])
def test_the_centre_changes_nothing_once_finalised(driver: Driver, step: str) -> None:
    """D5: "Finalisation is final. Every later change by the centre is refused"
    (reports, confirmations, the noted start, ending a test): ``SESSION_ALREADY_FINALIZED``."""
    _finalised(driver)
    number = driver.number(0)
    command: c.Command = {
        "start time": c.NoteStartTime(noted_start=T0 + dt.timedelta(minutes=5)),
        "report": c.FileIssueReport(filed_by="invigilator", data={
            "certification_number": number, "category": "NON_BLOCKING_CANDIDATE_ISSUE",
            "description": "Le candidat a demandé de l'aide.",
        }),
        "end screen": c.ConfirmEndScreen(certification_number=number),
        "end test": c.EndTest(certification_number=number),
    }[step]  # fmt: skip
    before = driver.state
    with pytest.raises(RefusedError) as caught:
        driver.run(command)
    assert (caught.value.code, dict(caught.value.meta)) == ("SESSION_ALREADY_FINALIZED", {})
    assert driver.state == before


def test_the_room_is_checked_before_the_finalisation(driver: Driver) -> None:
    """readiness.md: ``RecordReadiness`` on a finalised session, ``SESSION_ALREADY_FINALIZED``."""
    driver.started(1)
    report = RoomReport(machines=(MachineReport.model_validate(MACHINE),))
    assert driver.state.session is not None
    verdict = check_room(report, session_date=driver.state.session.date,
                         releases=BrowserReleases.load(), enrolled=1)  # fmt: skip
    driver.run(c.RecordReadiness(verdict=verdict))  # accepted before
    driver.answer(0, "ok")
    driver.finalise(abort_reasons={driver.number(0): "technical"})
    before = driver.state
    with pytest.raises(RefusedError) as caught:
        driver.run(c.RecordReadiness(verdict=verdict))
    assert (caught.value.code, dict(caught.value.meta)) == ("SESSION_ALREADY_FINALIZED", {})
    assert driver.state == before


def test_competences_beyond_the_test_name_the_question(driver: Driver) -> None:
    """F8: ``QUESTION_NUMBER_UNKNOWN`` beyond the test's questions (15 here), meta naming
    the question; question 15 itself is accepted."""
    driver.started(1)
    number = driver.number(0)
    with pytest.raises(InvalidInputError) as caught:
        driver.run(c.SupplyCompetences(certification_number=number,
                                       competences={15: "1.1", 16: "1.2"}))  # fmt: skip
    assert (caught.value.code, dict(caught.value.meta)) == (
        "QUESTION_NUMBER_UNKNOWN", {"question_number": 16},
    )  # fmt: skip
    driver.run(c.SupplyCompetences(certification_number=number, competences={15: "1.1"}))
    assert driver.state.certifications[number].planned_competences == {15: "1.1"}


def test_a_competence_that_is_not_a_code_names_the_question(driver: Driver) -> None:
    """F8: ``QUESTION_COMPETENCE_NOT_VALID`` for a non-code, meta naming the question."""
    driver.started(1)
    number = driver.number(0)
    before = driver.state
    with pytest.raises(InvalidInputError) as caught:
        driver.run(c.SupplyCompetences(certification_number=number,
                                       competences={2: "1.1", 3: "Informatique"}))  # fmt: skip
    assert (caught.value.code, dict(caught.value.meta)) == (
        "QUESTION_COMPETENCE_NOT_VALID", {"question_number": 3},
    )  # fmt: skip
    assert driver.state == before
