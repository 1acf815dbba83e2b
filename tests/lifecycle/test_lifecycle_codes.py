"""Refusals of the lifecycle with their codes and meta, and what events carry into the
state — written against mutmut's survivors in pixcore/lifecycle (docs/mutation.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from lifecycle_support import NUMBER, Driver

from pixcore import InvalidInputError, NotFoundError, Referential
from pixcore import events as ev
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import decide, evolve
from pixcore.lifecycle.results import session_results
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


def test_an_erasure_on_no_session_is_refused(driver: Driver) -> None:
    with pytest.raises(NotFoundError) as caught:
        driver.run(c.ErasePersonalData(comments=True))
    assert (caught.value.code, dict(caught.value.meta)) == ("SESSION_UNKNOWN", {})


@pytest.mark.parametrize(
    "fields",
    [{"report_ids": ("R1",)}, {"comments": True}, {"attachments": True},
     {"report_ids": ("R1", "R1"), "comments": True, "attachments": True}],
)  # fmt: skip
def test_an_erasure_may_name_any_one_kind_of_data(
    driver: Driver, fields: dict[str, object]
) -> None:
    """ErasePersonalData: any combination (personal-data.md) — a report's description,
    the comments or the attachments alone is an erasure; the event says what it erased,
    each report once."""
    driver.started(1)
    driver.run(c.FileIssueReport(data={"certification_number": driver.number(0),
                                       "category": "NON_BLOCKING_TECHNICAL_ISSUE",
                                       "description": "souris"}, filed_by="invigilator"))  # fmt: skip
    (event,) = driver.run(c.ErasePersonalData(reason="retention", **fields))  # type: ignore[arg-type]
    assert isinstance(event, ev.PersonalDataErased)
    expected = (tuple(dict.fromkeys(fields.get("report_ids", ()))),  # type: ignore[call-overload]
                fields.get("comments", False), fields.get("attachments", False))  # fmt: skip
    assert (event.report_ids, event.comments, event.attachments) == expected
    assert driver.state.attachments_deleted is fields.get("attachments", False)


def test_an_erasure_of_a_report_the_session_does_not_have_is_refused(driver: Driver) -> None:
    """erase(): ``NOTHING_TO_ERASE`` for a report the session does not have."""
    driver.create()
    with pytest.raises(NotFoundError) as caught:
        driver.run(c.ErasePersonalData(report_ids=("R1",)))
    assert (caught.value.code, dict(caught.value.meta)) == ("NOTHING_TO_ERASE", {})


def test_the_reducer_records_an_untick_of_an_item_not_ticked(driver: Driver) -> None:
    """evolve never refuses: unticking a step that is not ticked leaves it unticked."""
    driver.create()
    event = ev.ChecklistItemTicked(item="BEF-8", done=False, at=driver.now)
    after = evolve(driver.state, event)
    assert "BEF-8" not in after.checklist.ticked
    assert after.version == driver.state.version + 1


def test_answers_that_contradict_the_plan_leave_the_completed_questions_unknown(
    driver: Driver,
) -> None:
    """Issue 9 §5 / decisions.md 23: the plan tells the competences of the questions the
    jury completed only when the answers fit it; answers in a competence the profile
    does not plan make them unknown, and the certification is in error, never scored on
    a guess."""
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.join(0, question_count=None)  # 5 competences at level 2: 15 planned questions
    driver.answer(0, *["ok"] * 6)  # in the plan
    driver.answer(0, "ok", "ok", "ok", competence="5.2")  # not in the profile's plan
    driver.finalise(abort_reasons={driver.number(0): "candidate"})  # 6 skipped: 60 %
    (result,) = session_results(driver.state)
    assert (result.status, result.reason) == ("error", "COMPETENCES_MISSING")


def test_a_state_tells_which_candidates_were_erased(driver: Driver) -> None:
    """SessionState.is_erased: whether a candidate's civil data was erased (a renderer
    then shows ERASED) — the erased one only."""
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.enrol("Maël", "Lefèvre")
    lea, mael = driver.state.candidates
    driver.run(c.ErasePersonalData(reason="retention", candidate_ids=(lea,)))
    assert (driver.state.is_erased(lea), driver.state.is_erased(mael)) == (True, False)
