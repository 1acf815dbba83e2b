"""Edges of the jury, the competences supplied afterwards, the vault and erasure.

Written against mutmut's survivors (docs/mutation.md); each expectation comes from the
rule's source: D6.1 (only an unfinished test is completed by the jury), §8.4 (a report
resolves against the question it names, ``no_such_question`` otherwise), the
``SupplyCompetences`` contract (it gives competences, nothing else), issue 17 / PD2 (the
vault's codes and references, the erasure event naming each id once) and the documented
refusals of ``results_json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Literal

import pytest
from lifecycle_support import ELIGIBLE, Driver

from pixcore import (
    CompetenceProfile,
    InvalidInputError,
    NotFoundError,
    Referential,
    RefusedError,
    results_json,
)
from pixcore import events as ev
from pixcore.errors import StoreCorruptError
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import vault
from pixcore.lifecycle.evolve import evolve, replay
from pixcore.lifecycle.jury import apply_jury_change, jury_changes
from pixcore.lifecycle.results import CertificationResult
from pixcore.lifecycle.state import AnswerState, CertificationState, ReportState
from pixcore.models import Session
from pixcore.models.report import IssueReport

T = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def _course(state: str, answers: tuple[AnswerState, ...], **fields: object) -> CertificationState:
    return CertificationState(certification_number=7, candidate_id="C2", started_at=T,
                              question_count=3, answers=answers, state=state,
                              **fields)  # type: ignore[arg-type]  # fmt: skip


# ------------------------------------------------------------------ jury


@pytest.mark.parametrize("reason", ["candidate", "technical"])
def test_a_finished_test_is_not_completed_by_the_jury(reason: str) -> None:
    """D6.1: the jury completes the unanswered questions of an *unfinished* test only; a
    candidate who reached the end screen finished, whatever reason came with the test."""
    course = _course("completed", (AnswerState("ok", T),), abort_reason=reason)
    changes, _ = jury_changes((course,), ())
    assert changes == []
    unfinished = dataclasses.replace(course, state="endedDueToFinalization")
    completed, _ = jury_changes((unfinished,), ())
    assert [change.question_number for change in completed] == [2, 3]


def test_a_report_naming_no_question_resolves_against_none() -> None:
    """§8.4: a question report resolves against the question it names; naming none, it is
    ``no_such_question`` and neutralises nothing (not question 1)."""
    report = IssueReport(certification_number=7, category="IN_CHALLENGE", question_number=None,
                         filed_by="invigilator", code="E1", impactful=True)  # fmt: skip
    course = _course("completed", (AnswerState("ko", T), AnswerState("ko", T)))
    changes, resolutions = jury_changes((course,), [("R1", ReportState("R1", report))])
    assert (changes, resolutions) == ([], {"R1": "no_such_question"})


def test_supplied_competences_change_nothing_but_the_competences(driver: Driver) -> None:
    """SupplyCompetences gives each answered question its competence; each answer keeps
    its own status."""
    driver.started(1)
    number = driver.number(0)
    for status in ("ok", "ko", "aband"):
        driver.run(c.RecordAnswer(certification_number=number, status=status))  # type: ignore[arg-type]
    driver.run(c.SupplyCompetences(certification_number=number,
                                   competences={1: "1.1", 2: "1.2", 3: "1.3"}))  # fmt: skip
    answers = driver.state.certifications[number].answers
    assert [(a.status, a.competence) for a in answers] == [
        ("ok", "1.1"), ("ko", "1.2"), ("aband", "1.3"),
    ]  # fmt: skip


# ------------------------------------------------------------------ erasure


def test_an_erasure_names_each_candidate_once(driver: Driver) -> None:
    """Issue 17: the event names the candidates erased (ids only), each once."""
    driver.create()
    driver.enrol("Léa", "Dubois")
    (candidate,) = driver.state.candidates
    (event,) = driver.run(c.ErasePersonalData(reason="retention",
                                              candidate_ids=(candidate, candidate)))  # fmt: skip
    assert isinstance(event, ev.PersonalDataErased)
    assert event.candidate_ids == (candidate,)
    assert candidate in driver.state.erased


# ------------------------------------------------------------------ vault


def test_an_unreadable_record_is_a_corrupt_store_of_a_named_kind() -> None:
    """A record that does not parse: ``PERSONAL_DATA_UNREADABLE``, with its kind."""
    joined = ev.CandidateJoined(candidate_id="C2", user="gar:1")
    resolved, records = vault.protect([joined], iter(["ref-1"]).__next__)
    sealed = [vault.seal(event) for event in resolved]
    assert [record.ref for record in records] == ["ref-1"]
    with pytest.raises(StoreCorruptError) as caught:
        vault.resolve(sealed, {"ref-1": "{not json"})
    assert caught.value.code == "PERSONAL_DATA_UNREADABLE"
    assert dict(caught.value.meta) == {"kind": "account"}  # an account id (PersonalKind)


def test_sealing_a_description_without_its_reference_says_what_to_do() -> None:
    """Sealing needs ``protect()`` first: the error says so."""
    report = IssueReport(certification_number=7, category="NON_BLOCKING_TECHNICAL_ISSUE",
                         description="texte", filed_by="invigilator", code="C7",
                         impactful=False)  # fmt: skip
    with pytest.raises(ValueError, match=r"protect\(\) it first"):
        vault.seal(ev.IssueReportFiled(report_id="R1", report=report, at=T))


def test_an_event_without_a_comment_names_no_record() -> None:
    finalised = ev.SessionFinalised(pv_scan="pv", has_incident=False, has_joining_issue=False,
                                    at=T)  # fmt: skip
    assert vault.references(finalised) == ()
    jury = ev.JuryDecisionMade(action="assign", jury_member="J", at=T)
    assert vault.references(jury) == ()
    assert vault.references(finalised.model_copy(update={"comment_ref": "ref-9"})) == ("ref-9",)


# ------------------------------------------------------------------ results_json


def _result() -> CertificationResult:
    return CertificationResult(certification_number=7, candidate_id="C2", status="validated",
                               reason=None, pix=0, reproducibility=90, end_screen="seen",
                               end_screen_pending=False)  # fmt: skip


@pytest.mark.parametrize(
    ("results", "indent", "argument"),
    [([], 9, "indent"), ([], True, "indent"), ([object()], None, "results"),
     ([dataclasses.replace(_result(), reason={1})], None, "results"),  # type: ignore[arg-type]
     ([dataclasses.replace(_result(), pix=float("nan"))], None, "results")],  # type: ignore[arg-type]
)  # fmt: skip
def test_results_json_names_the_argument_it_refuses(
    results: list[CertificationResult], indent: object, argument: str
) -> None:
    """``ARGUMENT_NOT_VALID`` names the argument: an indent outside 0–8, or results that
    are not results (here built by hand with values JSON cannot hold)."""
    with pytest.raises(InvalidInputError) as caught:
        results_json(results, indent=indent)  # type: ignore[arg-type]
    assert (caught.value.code, dict(caught.value.meta)) == ("ARGUMENT_NOT_VALID",
                                                           {"argument": argument})  # fmt: skip


def test_results_json_takes_at_most_100_000_results() -> None:
    """``results_json``: at most 100 000 results (its docstring); one more is refused."""
    result = _result()
    text = results_json(itertools.repeat(result, 100_000))
    assert text.count('"certification_number"') == 100_000
    with pytest.raises(InvalidInputError) as caught:
        results_json(itertools.repeat(result, 100_001))
    assert (caught.value.code, dict(caught.value.meta)) == ("ARGUMENT_NOT_VALID",
                                                           {"argument": "results"})  # fmt: skip


# ------------------------------------------------------------------ joining and the jury's targets


def test_without_a_question_count_a_test_has_three_per_competence_of_level_one(
    driver: Driver,
) -> None:
    """JoinSession: 3 questions per competence at level 1 or more (8 pix, Pix V2)."""
    driver.started(0)
    driver.enrol("Léa", "Dubois")
    profile = CompetenceProfile(pix={**dict(ELIGIBLE.pix), "5.1": 8, "5.2": 7})
    driver.join(0, profile=profile, question_count=None)
    (course,) = driver.state.certifications.values()
    assert course.question_count == (5 + 1) * 3


def test_eligibility_is_not_checked_when_the_host_switches_it_off(driver: Driver) -> None:
    """decisions.md 22: ``require_eligibility=False`` joins a profile D1 would refuse."""
    driver.started(0)
    driver.enrol("Léa", "Dubois")
    not_eligible = CompetenceProfile(pix={"1.1": 16})
    with pytest.raises(RefusedError) as caught:
        driver.join(0, profile=not_eligible)
    assert caught.value.code == "USER_NOT_AUTHORIZED_TO_CERTIFY"
    driver.join(0, profile=not_eligible, require_eligibility=False)
    assert len(driver.state.certifications) == 1


@pytest.mark.parametrize("action", ["neutralise", "deneutralise"])
def test_the_jury_acts_on_the_questions_of_the_test_only(driver: Driver, action: str) -> None:
    """D6 / §10.5: (de-)neutralising names a question of the test, 1 to the last (the
    unanswered ones were completed by the automatic jury at finalisation)."""
    driver.started(1)
    driver.answer(0, "ko", "ko")
    driver.finalise(abort_reasons={driver.number(0): "candidate"})
    number = driver.number(0)
    for question in (0, 16):
        with pytest.raises(InvalidInputError) as caught:
            driver.run(c.JuryAct(action=action, certification_number=number,  # type: ignore[arg-type]
                                 question_number=question or None, jury_member="J"))  # fmt: skip
        assert (caught.value.code, dict(caught.value.meta)) == (
            "JURY_ACTION_NOT_APPLICABLE", {"field": "question_number"},
        )  # fmt: skip
    for question in (1, 15):
        driver.run(c.JuryAct(action="neutralise", certification_number=number,
                             question_number=question, jury_member="J"))  # fmt: skip
        driver.run(c.JuryAct(action=action, certification_number=number,  # type: ignore[arg-type]
                             question_number=question, jury_member="J"))  # fmt: skip


def test_a_comment_is_a_text_record() -> None:
    """PersonalKind: a finalisation or jury comment is stored as ``text``; unreadable, the
    error names that kind."""
    finalised = ev.SessionFinalised(pv_scan="pv", comment="Coupure réseau", has_incident=False,
                                    has_joining_issue=False, at=T)  # fmt: skip
    resolved, records = vault.protect([finalised], iter(["ref-1"]).__next__)
    assert [(record.ref, record.kind) for record in records] == [("ref-1", "text")]
    sealed = [vault.seal(event) for event in resolved]
    with pytest.raises(StoreCorruptError) as caught:
        vault.resolve(sealed, {"ref-1": "[not json"})
    assert dict(caught.value.meta) == {"kind": "text"}


def test_the_establishment_stays_through_later_events() -> None:
    """The session's establishment (its UAI) is set at creation and kept by every later
    event, whether folded in one replay or one event at a time."""
    session = Session(number=1, site="Collège", room="B1", date=dt.date(2026, 3, 12),
                      time=dt.time(9), invigilator="M", access_code="BCDF23")  # fmt: skip
    created = replay([ev.SessionCreated(session=session, establishment="0751234A")])
    later = evolve(created, ev.StartTimeNoted(noted_start=T))
    assert (created.establishment, later.establishment) == ("0751234A", "0751234A")


# ------------------------------------------------------------------ the automatic jury, more edges


def _e4(question: int | None, number: int = 7) -> IssueReport:
    """An E4 (``IN_CHALLENGE`` / ``WEBSITE_UNAVAILABLE``): neutralises a ko or aband answer."""
    return IssueReport(certification_number=number, category="IN_CHALLENGE",
                       subcategory="WEBSITE_UNAVAILABLE", question_number=question,
                       filed_by="invigilator", code="E4", impactful=True)  # fmt: skip


def test_a_report_on_the_first_question_resolves_against_the_first_answer() -> None:
    """§8.4: question N is the N-th answer, from 1; an E4 on a wrong first answer
    neutralises question 1 (case 40)."""
    course = _course("completed", (AnswerState("ko", T), AnswerState("ok", T),
                                   AnswerState("ok", T)))  # fmt: skip
    changes, resolutions = jury_changes((course,), [("R1", ReportState("R1", _e4(1)))])
    assert resolutions == {"R1": "neutralised"}
    assert [(ch.question_number, ch.effect, ch.report_id) for ch in changes] == [
        (1, "neutralised", "R1"),
    ]  # fmt: skip


def test_an_unfinished_test_without_an_abort_reason_is_not_completed() -> None:
    """D6.1 completes an unfinished test by its abort reason only (``candidate`` skips,
    ``technical`` neutralises); with none (a single candidate's line may give none),
    nothing is added."""
    course = _course("endedByInvigilator", (AnswerState("ok", T),))
    assert jury_changes((course,), ()) == ([], {})
    technical = dataclasses.replace(course, abort_reason="technical")
    changes, _ = jury_changes((technical,), ())
    assert [(ch.question_number, ch.effect) for ch in changes] == [
        (2, "neutralised"), (3, "neutralised"),
    ]  # fmt: skip


@pytest.mark.parametrize("reason", ["technical", "candidate"])
def test_a_report_on_a_question_the_jury_completed_resolves_against_aband(
    driver: Driver, reason: str
) -> None:
    """D6: the jury first completes an aborted test (step 1: each unanswered question an
    ``aband`` answer, neutralised for a technical abort), then resolves the reports
    (step 2, §8.4) against those answers: an E4 on a question the candidate never
    reached meets an ``aband`` answer and is ``neutralised``."""
    driver.started(1)
    driver.answer(0, "ok", "ok", "ok")
    number = driver.number(0)
    driver.run(c.FileIssueReport(data={
        "certification_number": number, "category": "IN_CHALLENGE",
        "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 10, "description": "panne",
    }, filed_by="invigilator"))  # fmt: skip
    (report_id,) = driver.state.reports
    driver.finalise(abort_reasons={number: reason})
    assert driver.state.reports[report_id].resolution == "neutralised"
    answer = driver.state.certifications[number].answers[9]
    assert (answer.status, answer.neutralised) == ("aband", True)


def test_a_report_the_jury_resolves_by_hand_says_so(driver: Driver) -> None:
    """Decision 29: a C1 report is never resolved automatically; a jury member resolves
    it (``resolve_report``), and its resolution then reads ``resolved_by_jury`` — told
    apart from every outcome of the automatic jury (Pix's
    ``hasBeenAutomaticallyResolved``, rules.md §8.3). An unknown report is named."""
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    number = driver.number(0)
    driver.run(c.FileIssueReport(data={
        "certification_number": number, "category": "CANDIDATE_INFORMATIONS_CHANGES",
        "subcategory": "NAME_OR_BIRTHDATE", "description": "prénom mal orthographié",
    }, filed_by="invigilator"))  # fmt: skip
    (report_id,) = driver.state.reports
    driver.run(c.ConfirmEndScreen(certification_number=number))
    driver.finalise()
    assert driver.state.reports[report_id].resolution is None
    with pytest.raises(NotFoundError) as unknown:
        driver.run(c.JuryAct(action="resolve_report", report_id="R9", jury_member="J"))
    assert (unknown.value.code, dict(unknown.value.meta)) == ("REPORT_UNKNOWN", {})
    driver.run(c.JuryAct(action="resolve_report", report_id=report_id, jury_member="J"))
    assert driver.state.reports[report_id].resolution == "resolved_by_jury"
    assert driver.state.reports[report_id].resolved


class _Unknown(ev.Event, frozen=True):
    """An event kind the reducer does not know (a newer release's, say)."""

    type: Literal["unknown_to_this_release"] = "unknown_to_this_release"


def test_an_event_of_an_unknown_kind_only_advances_the_version(driver: Driver) -> None:
    """``evolve``: events of unknown kinds only advance the version."""
    driver.started(1)
    before = driver.state
    after = evolve(before, _Unknown())
    assert after == dataclasses.replace(before, version=before.version + 1)
    assert replay([_Unknown(), _Unknown()], before).version == before.version + 2


def _in_challenge(subcategory: str, question: int, number: int = 7) -> IssueReport:
    return IssueReport(certification_number=number, category="IN_CHALLENGE",
                       subcategory=subcategory, question_number=question,
                       filed_by="invigilator", code="E", impactful=True)  # fmt: skip


@pytest.mark.parametrize(
    ("subcategory", "flags", "resolution"),
    [("FILE_NOT_OPENING", {"has_attachment": True}, "neutralised"),
     ("FILE_NOT_OPENING", {}, "check_failed_no_attachment"),
     ("EXTRA_TIME_EXCEEDED", {"timed": True}, "neutralised"),
     ("EXTRA_TIME_EXCEEDED", {}, "check_failed_not_timed")],
)  # fmt: skip
def test_e3_and_e8_read_the_answer_s_own_flags(
    subcategory: str, flags: dict[str, bool], resolution: str
) -> None:
    """§8.4 (case 41): E3 neutralises a question with at least one attachment, E8 a timed
    question; the check reads the answer the report names."""
    answers = (AnswerState("ok", T), AnswerState("ko", T, **flags), AnswerState("ok", T))
    course = _course("completed", answers)
    changes, resolutions = jury_changes(
        (course,), [("R1", ReportState("R1", _in_challenge(subcategory, 2)))]
    )
    assert resolutions == {"R1": resolution}
    assert [change.question_number for change in changes] == ([2] if flags else [])


def test_a_report_on_another_certification_does_not_stop_the_jury() -> None:
    """``jury_changes``: reports on certifications it is not given are ignored, the next
    ones still resolved (D6 step 2 runs over every report)."""
    course = _course("completed", (AnswerState("ko", T), AnswerState("ok", T),
                                   AnswerState("ok", T)))  # fmt: skip
    reports = [("R1", ReportState("R1", _e4(1, number=8))), ("R2", ReportState("R2", _e4(1)))]
    changes, resolutions = jury_changes((course,), reports)
    assert resolutions == {"R2": "neutralised"}
    assert [(change.question_number, change.report_id) for change in changes] == [(1, "R2")]


def test_a_question_the_jury_neutralised_is_changed_once() -> None:
    """D6: a technical abort neutralises each unanswered question (step 1); a report on
    one of them (step 2) is resolved — ``neutralised``, its answer is ``aband`` — but the
    jury's changes name that question once, from the completion."""
    course = _course("endedDueToFinalization", (AnswerState("ok", T),),
                     abort_reason="technical")  # fmt: skip
    changes, resolutions = jury_changes((course,), [("R1", ReportState("R1", _e4(3)))])
    assert resolutions == {"R1": "neutralised"}
    assert [(ch.question_number, ch.effect, ch.report_id) for ch in changes] == [
        (2, "neutralised", None), (3, "neutralised", None),
    ]  # fmt: skip


def test_a_skipped_question_is_an_aband_answer() -> None:
    """``apply_jury_change``: the effect ``skipped`` makes the answer ``aband`` (and says
    the jury skipped it), whatever it was."""
    answers = [AnswerState("ok", T)]
    apply_jury_change(answers, {}, ev.QuestionNeutralised(certification_number=7,
                                                           question_number=1,
                                                           effect="skipped"))  # fmt: skip
    assert (answers[0].status, answers[0].auto_skipped, answers[0].neutralised) == (
        "aband", True, False,
    )  # fmt: skip
