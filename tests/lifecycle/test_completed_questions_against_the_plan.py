"""Questions the jury completed take the plan's competences only when the answers fit it.

``pixcore.lifecycle.competences``: the questions left unanswered are "the planned ones
not yet answered" (3 per competence at level ≥ 1, docs/decisions.md 23); "anything else
stays unknown, and the certification cannot be scored" (issue 9 §5). When an answered
question belongs to a competence the plan does not have, or a planned competence was
asked more than 3 times, the test did not follow the plan: which competences are left
cannot be told, so the completed questions stay unknown (``COMPETENCES_MISSING``) until
the host supplies them.
"""

from __future__ import annotations

import pytest
from lifecycle_support import Driver

from pixcore import CompetenceProfile, Referential
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import session_results
from pixcore.lifecycle.competences import answer_competences
from pixcore.models import CORE_COMPETENCES

FIVE = CORE_COMPETENCES[:5]
PROFILE = CompetenceProfile(pix=dict.fromkeys(FIVE, 16))  # plan: 3 × each of FIVE = 15


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


@pytest.mark.parametrize(
    "answered",
    [
        # 10 answers that fit the plan, then one of a competence it does not have
        [*[code for code in FIVE[:3] for _ in range(3)], FIVE[3], CORE_COMPETENCES[10]],
        # a planned competence asked a fourth time
        [*[code for code in FIVE[:3] for _ in range(3)], FIVE[3], FIVE[0]],
    ],
    ids=["unplanned_competence", "fourth_question"],
)
def test_answers_off_the_plan_leave_the_completed_questions_unknown(
    driver: Driver, answered: list[str]
) -> None:
    assert CORE_COMPETENCES[10] not in FIVE
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.run(c.NoteStartTime(noted_start=driver.now))
    driver.join(0, profile=PROFILE, question_count=15)
    number = driver.number(0)
    for code in answered:
        driver.run(c.RecordAnswer(certification_number=number, status="ok", competence=code))
    driver.finalise(abort_reasons={number: "candidate"})  # the jury completes 4 questions
    course = driver.state.certifications[number]
    assert len(course.answers) == 15
    assert answer_competences(course, PROFILE) == (*answered, None, None, None, None)
    (result,) = session_results(driver.state)
    # 11 correct of 15 (73 %): the rate alone decides nothing here
    assert (result.status, result.reason, result.pix) == ("error", "COMPETENCES_MISSING", 0)
