"""The automatic jury resolves each report on the answer it names (D6 step 2, §8.4).

From ``rules.md``: question N is the N-th answer (``getAnswerByQuestionNumber(N)`` =
position N−1, so question 1 is the first answer); E4/E5 neutralise a ``ko`` or ``aband``
answer without a check, E3 (``FILE_NOT_OPENING``) only a question with an attachment;
§10.1: the jury first completes an unfinished test (abort reason ``candidate``: the
unanswered questions are skipped, ``aband``; ``technical``: neutralised), then resolves
the reports, so a report on a question completed that way meets an ``aband`` answer.
A change the jury makes because of a report names that report (``QuestionNeutralised.
report_id``; the completion's own changes name none), and the session keeps each report
under its id.
"""

from __future__ import annotations

import pytest
from lifecycle_support import Driver

from pixcore import Referential
from pixcore import events as ev
from pixcore.lifecycle import commands as c


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def _report(driver: Driver, question: int, subcategory: str) -> str:
    data = {"certification_number": driver.number(0), "category": "IN_CHALLENGE",
            "subcategory": subcategory, "question_number": question,
            "description": "La question ne s'affichait pas correctement."}  # fmt: skip
    (filed,) = driver.run(c.FileIssueReport(data=data, filed_by="invigilator"))
    assert isinstance(filed, ev.IssueReportFiled)
    return filed.report_id


def _jury(events: list[ev.Event]) -> ev.AutomaticJuryDone:
    (done,) = [e for e in events if isinstance(e, ev.AutomaticJuryDone)]
    return done


def test_a_report_on_question_one_neutralises_the_first_answer(driver: Driver) -> None:
    """§8.4: question 1 is the first answer; E4 neutralises it (``ko``), naming the report."""
    driver.started(1)
    number = driver.number(0)
    driver.answer(0, "ko", *["ok"] * 14)
    key = _report(driver, 1, "WEBSITE_UNAVAILABLE")
    assert driver.state.reports[key].report_id == key
    done = _jury(driver.finalise())
    expected = ev.QuestionNeutralised(certification_number=number, question_number=1,
                                      effect="neutralised", report_id=key)  # fmt: skip
    assert done.changes == (expected,)
    assert dict(done.resolutions) == {key: "neutralised"}
    assert driver.state.jury_changes == (expected,)
    entry = driver.state.reports[key]
    assert (entry.report_id, entry.resolution) == (key, "neutralised")
    answers = driver.state.certifications[number].answers
    assert [a.neutralised for a in answers] == [True] + [False] * 14


@pytest.mark.parametrize("reason", ["candidate", "technical"])
def test_a_report_on_a_question_the_jury_completed_meets_a_skipped_answer(
    driver: Driver, reason: str
) -> None:
    """§10.1 then §8.4: the completed question 5 is ``aband``; E5 resolves it as
    neutralised. Skipped (``candidate``), the report neutralises it (a change naming the
    report); neutralised already (``technical``), the report changes nothing more."""
    driver.started(1)
    number = driver.number(0)
    driver.answer(0, "ok", "ok", "ok")
    key = _report(driver, 5, "WEBSITE_BLOCKED")
    done = _jury(driver.finalise(abort_reasons={number: reason}))
    assert dict(done.resolutions) == {key: "neutralised"}
    completion = "skipped" if reason == "candidate" else "neutralised"
    expected = [ev.QuestionNeutralised(certification_number=number, question_number=n,
                                       effect=completion) for n in range(4, 16)]  # fmt: skip
    if reason == "candidate":
        expected.append(ev.QuestionNeutralised(certification_number=number, question_number=5,
                                               effect="neutralised", report_id=key))  # fmt: skip
    assert list(done.changes) == expected
    fifth = driver.state.certifications[number].answers[4]
    assert (fifth.status, fifth.neutralised) == ("aband", True)
    assert driver.state.reports[key].resolution == "neutralised"


def test_a_file_report_needs_the_question_s_attachment(driver: Driver) -> None:
    """§8.4 E3: the question answered with an attachment is neutralised; the one without
    fails the check (``check_failed_no_attachment``) and keeps its answer."""
    driver.started(1)
    number = driver.number(0)
    driver.answer(0, "ok")
    driver.answer(0, "ko", has_attachment=True)
    driver.answer(0, "ko", *["ok"] * 12)
    with_file = _report(driver, 2, "FILE_NOT_OPENING")
    without = _report(driver, 3, "FILE_NOT_OPENING")
    answers = driver.state.certifications[number].answers
    assert [a.has_attachment for a in answers[:3]] == [False, True, False]
    done = _jury(driver.finalise())
    assert dict(done.resolutions) == {with_file: "neutralised",
                                      without: "check_failed_no_attachment"}  # fmt: skip
    assert done.changes == (ev.QuestionNeutralised(
        certification_number=number, question_number=2, effect="neutralised", report_id=with_file,
    ),)  # fmt: skip
    answers = driver.state.certifications[number].answers
    assert [(a.status, a.neutralised) for a in answers[1:3]] == [("ko", True), ("ko", False)]
