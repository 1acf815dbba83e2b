"""Refusals of the lifecycle with their codes and meta, and what events carry into the
state — written against mutmut's survivors in pixcore/lifecycle (docs/mutation.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from lifecycle_support import NUMBER, Driver

from pixcore import InvalidInputError, NotFoundError, Referential
from pixcore import events as ev
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import decide
from pixcore.models.decisions import JuryPolicy


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def finalised(driver: Driver) -> int:
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
    driver.finalise()
    return driver.number(0)


def test_a_naive_moment_is_refused_with_its_code(driver: Driver) -> None:
    driver.create()
    with pytest.raises(InvalidInputError) as caught:
        decide(driver.state, c.NoteStartTime(noted_start=driver.now), dt.datetime(2026, 3, 12, 9))
    assert caught.value.code == "DATETIME_NOT_AWARE"


def test_an_unknown_certification_is_named(driver: Driver) -> None:
    finalised(driver)
    with pytest.raises(NotFoundError) as caught:
        driver.run(c.JuryAct(action="cancel", certification_number=99, jury_member="J"))
    assert (caught.value.code, dict(caught.value.meta)) == (
        "CERTIFICATION_UNKNOWN",
        {"certification_number": 99},
    )


def test_neutralising_a_question_that_was_not_asked_is_refused(driver: Driver) -> None:
    number = finalised(driver)
    with pytest.raises(InvalidInputError) as caught:
        driver.run(c.JuryAct(action="neutralise", certification_number=number,
                             question_number=16, jury_member="J"))  # fmt: skip
    assert (caught.value.code, dict(caught.value.meta)) == (
        "JURY_ACTION_NOT_APPLICABLE",
        {"field": "question_number"},
    )


def test_the_jury_neutralises_and_de_neutralises_the_last_question(driver: Driver) -> None:
    number = finalised(driver)
    for action, neutralised in (("neutralise", True), ("deneutralise", False)):
        driver.run(c.JuryAct(action=action, certification_number=number,  # type: ignore[arg-type]
                             question_number=15, jury_member="J"))  # fmt: skip
        assert driver.state.certifications[number].answers[14].neutralised is neutralised


def test_an_e4_on_the_last_question_neutralises_it(driver: Driver) -> None:
    """rules.md §8.4: a report on question n of n applies to that question."""
    driver.started(1)
    driver.answer(0, *["ok"] * 14, "ko")
    number = driver.number(0)
    driver.run(c.FileIssueReport(data={
        "certification_number": number, "category": "IN_CHALLENGE",
        "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 15, "description": "panne",
    }, filed_by="invigilator"))  # fmt: skip
    driver.run(c.ConfirmEndScreen(certification_number=number))
    driver.finalise()
    assert driver.state.certifications[number].answers[14].neutralised


def test_an_answer_keeps_its_timer_flag(driver: Driver) -> None:
    driver.started(1)
    driver.answer(0, "ok", timed=True)
    driver.answer(0, "ok")
    answers = driver.state.certifications[driver.number(0)].answers
    assert [a.timed for a in answers] == [True, False]


def test_reports_and_certifications_are_numbered_from_one(driver: Driver) -> None:
    driver.started(2)
    assert sorted(driver.state.certifications) == [NUMBER * 1000 + 1, NUMBER * 1000 + 2]
    for _ in range(2):
        driver.run(c.FileIssueReport(data={"certification_number": driver.number(0),
                                           "category": "NON_BLOCKING_TECHNICAL_ISSUE",
                                           "description": "souris"}, filed_by="invigilator"))  # fmt: skip
    assert sorted(driver.state.reports) == ["R1", "R2"]


def test_publication_follows_the_session_s_jury_policy(referential: Referential) -> None:
    """rules.md D3: with the policy rejecting unseen end screens, nothing awaits review."""
    driver = Driver(referential, policy=JuryPolicy(auto_reject_unseen_end_screen=True))
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise()
    driver.run(c.Publish())
    assert driver.state.published_at is not None


def test_a_session_s_repr_names_no_user_account(driver: Driver) -> None:
    """Accounts are personal data: never in a repr (issue 8 §3)."""
    driver.started(1)
    assert driver.state.users  # the account is in the state...
    assert "user-0" not in repr(driver.state)  # ...but not in its repr


def test_without_a_profile_nor_a_count_a_test_has_48_questions(driver: Driver) -> None:
    """JoinSession: ``question_count`` defaults to 48 when no profile was given."""
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.join(0, profile=None, question_count=None)
    (course,) = driver.state.certifications.values()
    assert course.question_count == 48


def test_an_erasure_names_nothing_unless_told(driver: Driver) -> None:
    """ErasePersonalData: a command naming nothing is ``NOTHING_TO_ERASE``; naming a
    candidate erases that candidate only — the comments (their own retention period,
    personal-data.md) and the attachments stay unless asked."""
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise(comment="Coupure réseau à 9 h 40")
    with pytest.raises(NotFoundError) as nothing:
        driver.run(c.ErasePersonalData())
    assert (nothing.value.code, dict(nothing.value.meta)) == ("NOTHING_TO_ERASE", {})
    (candidate,) = driver.state.users
    (event,) = driver.run(c.ErasePersonalData(candidate_ids=(candidate,)))
    assert isinstance(event, ev.PersonalDataErased)
    assert (event.reason, event.comments, event.attachments) == ("request", False, False)
    assert driver.state.finalisation is not None
    assert driver.state.finalisation.comment == "Coupure réseau à 9 h 40"
    assert not driver.state.attachments_deleted
