"""After the session: finalisation (D5), automatic jury and decisions (D6), publication.

Cases of rules.md §13: 4, 6, 40–55; P11–P13, P17, P18, P20, P21.
"""

from __future__ import annotations

import dataclasses

import pytest
from lifecycle_support import Driver

from pixcore import ConflictError, InvalidInputError, JuryPolicy, Referential, RefusedError
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import publishability, session_results
from pixcore.rules import PURE_ENGINE
from pixcore.rules.engine import first_outcome
from pixcore.rules.jury import CERTIFIED_LEVEL, rate_band, reproducibility_rate, trustable


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def report(driver: Driver, index: int, **fields: object) -> str:
    data = {"certification_number": driver.number(index), "description": "Détail", **fields}
    (event,) = driver.run(c.FileIssueReport(data=data, filed_by="invigilator"))
    return event.report_id  # type: ignore[attr-defined]


def result(driver: Driver, index: int, policy: JuryPolicy | None = None) -> tuple[str, str | None]:
    results = {r.certification_number: r for r in session_results(driver.state, policy)}
    found = results[driver.number(index)]
    return found.status, found.reason


def finished(driver: Driver, count: int = 1) -> Driver:
    """``count`` candidates, each finished with 15 correct answers, end screens seen."""
    driver.started(count)
    for index in range(count):
        driver.answer(index, *["ok"] * 15)
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(index)))
    return driver


class TestFinalisation:
    def test_case_44_twice(self, driver: Driver) -> None:
        """Finalising twice → SESSION_ALREADY_FINALIZED."""
        finished(driver).finalise()
        with pytest.raises(ConflictError) as excinfo:
            driver.finalise()
        assert excinfo.value.code == "SESSION_ALREADY_FINALIZED"

    def test_case_45_nothing_started(self, driver: Driver) -> None:
        """No certification in the session → SESSION_WITHOUT_STARTED_CERTIFICATION."""
        driver.create()
        with pytest.raises(ConflictError) as excinfo:
            driver.finalise()
        assert excinfo.value.code == "SESSION_WITHOUT_STARTED_CERTIFICATION"

    def test_case_46_abort_reasons(self, driver: Driver) -> None:
        """2 unfinished with 1 reason → missing; 1 unfinished with 2 reasons → extra."""
        driver.started(3)
        driver.answer(0, *["ok"] * 15)
        with pytest.raises(InvalidInputError) as excinfo:
            driver.finalise(abort_reasons={driver.number(1): "candidate"})
        assert excinfo.value.code == "UNTERMINATED_CERTIFICATION_WITHOUT_ABORT_REASON"
        driver.answer(1, *["ok"] * 15)
        with pytest.raises(ConflictError) as excinfo:
            driver.finalise(
                abort_reasons={driver.number(1): "candidate", driver.number(2): "technical"}
            )
        assert excinfo.value.code == "SESSION_WITH_ABORT_REASON_ON_COMPLETED_CERTIFICATION_COURSE"

    def test_case_47_ended_by_invigilator_needs_a_reason(self, driver: Driver) -> None:
        """A test ended by the invigilator counts as unfinished."""
        driver.started(1)
        driver.run(c.EndTest(certification_number=driver.number(0)))
        with pytest.raises(InvalidInputError) as excinfo:
            driver.finalise()
        assert excinfo.value.code == "UNTERMINATED_CERTIFICATION_WITHOUT_ABORT_REASON"
        driver.finalise(abort_reasons={driver.number(0): "candidate"})

    def test_case_48_comment_and_flags(self, driver: Driver) -> None:
        """A 501-character comment, a missing has_incident → refused."""
        finished(driver)
        for fields, code in (({"comment": "x" * 501}, "FINALISATION_COMMENT_TOO_LONG"),
                             ({"has_incident": None}, "FINALISATION_FLAGS_REQUIRED")):  # fmt: skip
            with pytest.raises(InvalidInputError) as excinfo:
                driver.finalise(**fields)
            assert excinfo.value.code == code
        driver.finalise(comment="x" * 500)

    def test_p18_pv_scan_required(self, driver: Driver) -> None:
        """Without the scanned PV de session → refused; with it and photos → finalised."""
        finished(driver)
        with pytest.raises(InvalidInputError) as excinfo:
            driver.finalise(pv_scan="  ")
        assert excinfo.value.code == "FINALISATION_PV_SCAN_REQUIRED"
        driver.finalise(attachments=("photo1.jpg", "photo2.jpg"))
        assert driver.state.status == "finalized"

    def test_p17_fraud_needs_its_incident_report(self, driver: Driver) -> None:
        """A FRAUD report without a PV d'incident blocks finalisation until it is given."""
        finished(driver)
        fraud = report(driver, 0, category="FRAUD")
        with pytest.raises(InvalidInputError) as excinfo:
            driver.finalise()
        assert excinfo.value.code == "FRAUD_REPORT_WITHOUT_INCIDENT_REPORT"
        driver.finalise(incident_reports={fraud: "pv-incident.pdf"})

    def test_p17_a_fraud_report_filed_with_its_incident_report_needs_nothing_more(
        self, driver: Driver
    ) -> None:
        """The PV d'incident attached when the report was filed counts at finalisation."""
        finished(driver, 2)
        report(driver, 0, category="FRAUD", incident_report_attachment="pv-incident.pdf")
        fraud = report(driver, 1, category="FRAUD")
        with pytest.raises(InvalidInputError) as excinfo:
            driver.finalise()  # one of the two still lacks its PV d'incident
        assert excinfo.value.code == "FRAUD_REPORT_WITHOUT_INCIDENT_REPORT"
        driver.finalise(incident_reports={fraud: "pv-incident-2.pdf"})
        assert driver.state.status == "finalized"


class TestAutomaticJury:
    @pytest.mark.parametrize(("status", "resolution", "neutralised"),
                             [("ko", "neutralised", True), ("ok", "no_effect", False)])  # fmt: skip
    def test_case_40_e4(
        self, driver: Driver, status: str, resolution: str, neutralised: bool
    ) -> None:
        """E4 on question 3: ko → neutralised; ok → resolved without effect."""
        driver.started(1)
        driver.answer(0, "ok", "ok", status, *["ok"] * 12)
        key = report(driver, 0, category="IN_CHALLENGE", subcategory="WEBSITE_UNAVAILABLE",
                     question_number=3)  # fmt: skip
        driver.finalise()
        assert driver.state.reports[key].resolution == resolution
        assert driver.state.certifications[driver.number(0)].answers[2].neutralised is neutralised

    @pytest.mark.parametrize(
        ("subcategory", "question", "resolution"),
        [("IMAGE_NOT_DISPLAYING", 2, "check_failed_no_illustration"),
         ("FILE_NOT_OPENING", 2, "check_failed_no_attachment"),
         ("EXTRA_TIME_EXCEEDED", 2, "check_failed_not_timed"),
         ("WEBSITE_BLOCKED", 40, "no_such_question")],
    )  # fmt: skip
    def test_case_41_checks(
        self, driver: Driver, subcategory: str, question: int, resolution: str
    ) -> None:
        """Pre-checks fail → resolved without neutralisation; no such question → resolved."""
        driver.started(1)
        driver.answer(0, *["ko"] * 15)
        key = report(driver, 0, category="IN_CHALLENGE", subcategory=subcategory,
                     question_number=question)  # fmt: skip
        driver.finalise()
        assert driver.state.reports[key].resolution == resolution
        assert not any(a.neutralised for a in driver.state.certifications[driver.number(0)].answers)

    @pytest.mark.parametrize(("status", "resolution", "after"),
                             [("focusedOut", "answer_accepted", "ok"), ("aband", "neutralised", "aband"),
                              ("ko", "no_effect", "ko")])  # fmt: skip
    def test_case_42_e10(self, driver: Driver, status: str, resolution: str, after: str) -> None:
        """E10 on a focus question: focusedOut → accepted; aband → neutralised; ko → no effect."""
        driver.started(1)
        driver.answer(0, "ok")
        driver.answer(0, status, focus=True)
        driver.answer(0, *["ok"] * 13)
        key = report(driver, 0, category="IN_CHALLENGE", subcategory="UNINTENTIONAL_FOCUS_OUT",
                     question_number=2)  # fmt: skip
        driver.finalise()
        assert driver.state.reports[key].resolution == resolution
        answer = driver.state.certifications[driver.number(0)].answers[1]
        assert answer.status == after
        assert answer.neutralised is (resolution == "neutralised")

    def test_case_43_c1_blocks_publishability(self, driver: Driver) -> None:
        """A C1 report stays unresolved: the session is not automatically publishable."""
        finished(driver)
        key = report(
            driver, 0, category="CANDIDATE_INFORMATIONS_CHANGES", subcategory="NAME_OR_BIRTHDATE"
        )
        driver.finalise()
        assert driver.state.reports[key].resolution is None
        assert publishability(driver.state) == ("UNRESOLVED_IMPACTFUL_REPORT",)
        driver.run(c.JuryAct(action="resolve_report", report_id=key, jury_member="J"))
        assert publishability(driver.state) == ()

    def test_case_49_abort_reasons_complete_the_test(self, driver: Driver) -> None:
        """technical → the 10 unanswered neutralised; candidate → skipped; both ended."""
        driver.started(2)
        driver.answer(0, *["ok"] * 5)
        driver.answer(1, *["ok"] * 5)
        driver.finalise(
            abort_reasons={driver.number(0): "technical", driver.number(1): "candidate"}
        )
        technical = driver.state.certifications[driver.number(0)]
        candidate = driver.state.certifications[driver.number(1)]
        assert sum(a.neutralised for a in technical.answers) == 10
        assert [a.status for a in candidate.answers[5:]] == ["aband"] * 10
        assert all(a.auto_skipped for a in candidate.answers[5:])
        assert technical.state == candidate.state == "endedDueToFinalization"
        assert result(driver, 0) == ("cancelled", "CANCELLED_DUE_TO_NEUTRALIZATION")
        assert result(driver, 1) == ("rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS")


class TestDecisions:
    def test_case_50_rates(self, driver: Driver) -> None:
        """49 % → rejected; 49 % with a technical abort → cancelled for technical reason."""
        driver.started(2)
        driver.answer(0, *(["ok"] * 7 + ["ko"] * 8))  # 7/15 = 47 %
        driver.answer(1, *(["ok"] * 7 + ["ko"] * 7))  # 14 answered, 7 correct = 50 %? no: 1 left
        driver.finalise(abort_reasons={driver.number(1): "technical"})
        assert result(driver, 0) == ("rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS")
        assert reproducibility_rate(7, 15) == 47
        assert result(driver, 1)[0] == "validated"  # 7/14 = 50 %, 14 ≥ ceil(0.66 × 15)

    def test_case_50_technical_below_half(self, driver: Driver) -> None:
        """A technical abort and a rate under 50 % → CANCELLED_DUE_TO_LACK_OF_ANSWERS_…."""
        driver.started(1)
        driver.answer(0, *(["ok"] * 4 + ["ko"] * 6))
        driver.finalise(abort_reasons={driver.number(0): "technical"})
        assert result(driver, 0) == (
            "cancelled",
            "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON",
        )
        assert trustable(10, 15)  # 10 answered ≥ ceil(0.66 × 15) = 10: trustable, 40 %

    def test_case_50_thresholds(self) -> None:
        """45 questions: 29 answered, non-neutralised < ceil(29.7) = 30 → not trustable."""
        assert not trustable(45 - 16, 45)
        assert trustable(45 - 15, 45)

    @pytest.mark.parametrize(("combo", "rate", "verdict"),
                             [((3, 2, 0), 75, "D"), ((3, 1, 1), 65, "I"), ((2, 1, 1), 85, "V")])  # fmt: skip
    def test_case_51_certified_level(
        self, combo: tuple[int, int, int], rate: int, verdict: str
    ) -> None:
        """(3,2,0) R 75 → D; (3,1,1) R 65 → I; (2,1,1) R 85 → V."""
        questions, correct, neutralised = combo
        facts = {"questions": questions, "correct": correct, "neutralised": neutralised,
                 "band": rate_band(rate)}  # fmt: skip
        assert first_outcome(CERTIFIED_LEVEL, facts, PURE_ENGINE) == verdict

    def test_p11_p12_p13_end_screen(self, driver: Driver, referential: Referential) -> None:
        """Unseen end screen → pending proposal; confirmed by the jury → rejected."""
        driver.started(2)
        driver.answer(0, *["ok"] * 15)
        driver.answer(1, *["ok"] * 15)
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(1)))
        driver.finalise()
        assert result(driver, 0) == ("validated", None)
        assert publishability(driver.state) == ("END_SCREEN_REVIEW_PENDING",)
        auto = JuryPolicy(auto_reject_unseen_end_screen=True)
        assert result(driver, 0, auto) == ("rejected", "END_SCREEN_NOT_SEEN")
        assert publishability(driver.state, auto) == ()
        driver.run(
            c.JuryAct(
                action="confirm_end_screen_rejection",
                certification_number=driver.number(0),
                jury_member="J",
            )
        )
        assert result(driver, 0) == ("rejected", "END_SCREEN_NOT_SEEN")
        assert result(driver, 1) == ("validated", None)

    def test_p21_order(self, driver: Driver) -> None:
        """Fraud and unseen end screen → FRAUD; cancelled by the jury → cancelled."""
        driver.started(2)
        driver.answer(0, *["ok"] * 15)
        driver.answer(1, *["ok"] * 15)
        driver.finalise()
        driver.run(
            c.JuryAct(
                action="confirm_end_screen_rejection",
                certification_number=driver.number(0),
                jury_member="J",
            )
        )
        driver.run(
            c.JuryAct(
                action="reject_for_fraud", certification_number=driver.number(0), jury_member="J"
            )
        )
        assert result(driver, 0) == ("rejected", "FRAUD")
        driver.run(
            c.JuryAct(action="cancel", certification_number=driver.number(0), jury_member="J")
        )
        assert result(driver, 0) == ("cancelled", None)


class TestPublication:
    def test_case_4_statuses(self, driver: Driver) -> None:
        """created → finalized → in_process (jury assigned) → processed (published)."""
        finished(driver)
        assert driver.state.status == "created"
        driver.finalise()
        assert driver.state.status == "finalized"
        driver.run(c.JuryAct(action="assign", jury_member="J"))
        assert driver.state.status == "in_process"
        assert "JURY_MEMBER_ASSIGNED" in publishability(driver.state)
        driver.run(c.Publish())
        assert driver.state.status == "processed"

    def test_case_53_error_or_no_result(self, driver: Driver) -> None:
        """A certification in error, or without result → nothing published."""
        finished(driver, 2)
        driver.finalise()
        course = driver.state.certifications[driver.number(1)]
        broken = dataclasses.replace(course, answers=course.answers[:-1])  # one question lost
        state = dataclasses.replace(
            driver.state,
            certifications={**driver.state.certifications, course.certification_number: broken},
        )
        from pixcore.lifecycle import decide

        assert result_of(state, driver.number(1)) == "error"
        with pytest.raises(RefusedError) as excinfo:
            decide(state, c.Publish(), driver.now)
        assert excinfo.value.code == "CERTIFICATION_COURSE_NOT_PUBLISHABLE"
        no_result = dataclasses.replace(driver.state, jury_done=False)
        with pytest.raises(RefusedError) as excinfo:
            decide(no_result, c.Publish(), driver.now)
        assert excinfo.value.code == "CERTIFICATION_COURSE_NOT_PUBLISHABLE"

    def test_case_54_twice(self, driver: Driver) -> None:
        """Publishing twice → SESSION_ALREADY_PUBLISHED; and jury actions are over."""
        finished(driver).finalise()
        driver.run(c.Publish())
        for command in (
            c.Publish(),
            c.JuryAct(action="cancel", certification_number=driver.number(0), jury_member="J"),
        ):
            with pytest.raises(RefusedError) as excinfo:
                driver.run(command)
            assert excinfo.value.code == "SESSION_ALREADY_PUBLISHED"

    def test_case_55_publishability(self, driver: Driver) -> None:
        """A global comment → not publishable; all clean → publishable."""
        finished(driver)
        driver.finalise(comment="Coupure réseau de 5 minutes")
        assert publishability(driver.state) == ("GLOBAL_COMMENT",)
        clean = Driver(driver.referential)
        finished(clean).finalise()
        assert publishability(clean.state) == ()

    def test_case_6_and_p20_unfinalise(self, driver: Driver) -> None:
        """A jury member unfinalises → created, member cleared; once published → refused."""
        finished(driver).finalise()
        driver.run(c.JuryAct(action="assign", jury_member="J"))
        driver.run(c.Unfinalise(jury_member="J"))
        assert (driver.state.status, driver.state.jury_member) == ("created", None)
        driver.finalise()
        driver.run(c.Publish())
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.Unfinalise(jury_member="J"))
        assert excinfo.value.code == "SESSION_ALREADY_PUBLISHED"

    def test_jury_needs_a_finalised_session(self, driver: Driver) -> None:
        """Jury actions before finalisation → SESSION_NOT_FINALIZED."""
        finished(driver)
        with pytest.raises(RefusedError) as excinfo:
            driver.run(
                c.JuryAct(action="cancel", certification_number=driver.number(0), jury_member="J")
            )
        assert excinfo.value.code == "SESSION_NOT_FINALIZED"


def result_of(state: object, number: int) -> str:
    from pixcore.lifecycle import session_results as results

    return next(r.status for r in results(state) if r.certification_number == number)  # type: ignore[arg-type]


class TestDeletionAndRecipients:
    def test_case_5_deletion(self, driver: Driver) -> None:
        """A session with a started certification cannot be deleted; an empty one can."""
        driver.started(1)
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.DeleteSession())
        assert excinfo.value.code == "SESSION_STARTED_DELETION_ERROR"
        empty = Driver(driver.referential).create()
        empty.enrol("Léa", "Dubois")
        empty.run(c.DeleteSession())
        assert empty.state.status == "none"
        assert empty.state.candidates == {}

    def test_case_56_one_email_per_address_for_started_candidates(self, driver: Driver) -> None:
        """Prof@X.fr and prof@x.fr get one e-mail; a candidate who never started, none."""
        from pixcore.lifecycle import result_recipients

        driver.create()
        driver.enrol(*PEOPLE_WITH_EMAIL[0], result_recipient_email="Prof@X.fr")
        driver.enrol(*PEOPLE_WITH_EMAIL[1], result_recipient_email="prof@x.fr")
        driver.enrol(*PEOPLE_WITH_EMAIL[2], result_recipient_email="autre@x.fr")
        driver.run(c.NoteStartTime(noted_start=driver.now))
        driver.join(0)
        driver.join(1)
        recipients = result_recipients(driver.state)
        assert list(recipients) == ["prof@x.fr"]
        assert len(recipients["prof@x.fr"]) == 2


PEOPLE_WITH_EMAIL = [("Léa", "Dubois"), ("Maël", "Lefèvre"), ("Zoé", "N'Diaye")]


class TestJuryFlags:
    """rules.md §10.3: each manual jury action sets its flag, and its undo clears it."""

    @pytest.mark.parametrize(
        ("action", "undo", "field", "set_to", "cleared"),
        [
            ("cancel", "uncancel", "cancelled", True, False),
            ("reject_for_fraud", "unreject_for_fraud", "rejected_for_fraud", True, False),
            ("confirm_end_screen_rejection", "dismiss_end_screen_rejection",
             "end_screen_review", "confirmed", "dismissed"),
        ],
    )  # fmt: skip
    def test_an_action_and_its_undo(
        self, driver: Driver, action: str, undo: str, field: str, set_to: object, cleared: object
    ) -> None:
        finished(driver)
        driver.finalise()
        number = driver.number(0)
        for step, expected in ((action, set_to), (undo, cleared)):
            driver.run(c.JuryAct(action=step, certification_number=number, jury_member="J"))  # type: ignore[arg-type]
            assert getattr(driver.state.certifications[number], field) == expected, step
