"""Before and during the session: enrolment, joining (D7, D8), timing (D2), reports (D4).

Cases of rules.md §13: 12, 15, 25–28, 30, 31, 33, 58; P8, P10, P19.
"""

from __future__ import annotations

import datetime as dt

import pytest
from lifecycle_support import CODE, NUMBER, PEOPLE, T0, Driver

from pixcore import CompetenceProfile, ConflictError, NotFoundError, Referential, RefusedError
from pixcore import events as ev
from pixcore.lifecycle import commands as c


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


class TestEnrolment:
    def test_case_12_no_candidate_after_finalisation(self, driver: Driver) -> None:
        """Adding a candidate to a finalised session is refused."""
        driver.started(1)
        driver.answer(0, *["ok"] * 15)
        driver.finalise()
        with pytest.raises(RefusedError) as excinfo:
            driver.enrol("Noé", "Garnier")
        assert excinfo.value.code == "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION"

    def test_case_13_duplicate_enrolment(self, driver: Driver) -> None:
        """The same normalised identity twice is refused."""
        driver.create()
        driver.enrol("Frédéric", "DE BUSSY")
        with pytest.raises(ConflictError) as excinfo:
            driver.enrol("frederic", "de-bussy")
        assert excinfo.value.code == "DUPLICATE_CANDIDATE"

    def test_case_15_import_replaces_all_until_someone_joined(self, driver: Driver) -> None:
        """An import replaces every candidate; once one joined it is refused."""
        driver.create()
        driver.enrol("Léa", "Dubois")
        imported = tuple(driver.state.candidates.values())
        driver.run(c.ImportCandidates(candidates=imported))
        assert list(driver.state.candidates.values()) == list(imported)
        driver.run(c.NoteStartTime(noted_start=T0))
        driver.join(0)
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.ImportCandidates(candidates=imported))
        assert excinfo.value.code == "SESSION_STARTED_CANDIDATE_ALREADY_LINKED_TO_USER"

    def test_import_refuses_duplicates_with_their_line(self, driver: Driver) -> None:
        """Two rows for one person: DUPLICATE_CANDIDATE naming the second line."""
        driver.create()
        driver.enrol("Léa", "Dubois")
        lea = next(iter(driver.state.candidates.values()))
        with pytest.raises(ConflictError) as excinfo:
            driver.run(c.ImportCandidates(candidates=(lea, lea)))
        assert (excinfo.value.code, excinfo.value.meta["line"]) == ("DUPLICATE_CANDIDATE", 2)

    def test_removal_only_before_joining(self, driver: Driver) -> None:
        """A candidate who joined cannot be removed; one who did not can."""
        driver.started(2)
        driver.enrol("Hugo", "Petit")
        hugo = next(k for k, v in driver.state.candidates.items() if v.first_name == "Hugo")
        driver.run(c.RemoveCandidate(candidate_id=hugo))
        assert hugo not in driver.state.candidates
        joined = next(iter(driver.state.users))
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.RemoveCandidate(candidate_id=joined))
        assert (excinfo.value.code, dict(excinfo.value.meta)) == (
            "CANDIDATE_FORBIDDEN_DELETION", {},
        )  # fmt: skip
        with pytest.raises(NotFoundError) as unknown:  # removed already, or never enrolled
            driver.run(c.RemoveCandidate(candidate_id=hugo))
        assert (unknown.value.code, dict(unknown.value.meta)) == ("CANDIDATE_UNKNOWN", {})

    def test_no_removal_after_finalisation(self, driver: Driver) -> None:
        """rules.md D5: finalisation is final; removing a candidate, even one who never
        joined, is refused as any change of candidates is
        (``CertificationCandidateOnFinalizedSessionError``)."""
        driver.started(1)
        driver.enrol("Hugo", "Petit")
        absent = next(k for k in driver.state.candidates if k not in driver.state.users)
        driver.answer(0, *["ok"] * 15)
        driver.finalise()
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.RemoveCandidate(candidate_id=absent))
        assert (excinfo.value.code, dict(excinfo.value.meta)) == (
            "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION", {},
        )  # fmt: skip
        assert absent in driver.state.candidates


class TestJoining:
    def test_case_31_and_p9_access_code(self, driver: Driver) -> None:
        """A wrong access code or another session's number → SESSION_NOT_FOUND."""
        driver.create()
        driver.enrol(*PEOPLE[0])
        for fields in ({"access_code": "BCDF24"}, {"session_number": NUMBER + 1}):
            with pytest.raises(NotFoundError) as excinfo:
                driver.join(0, **fields)
            assert excinfo.value.code == "SESSION_NOT_FOUND"

    def test_case_25_too_many_matches(self, driver: Driver) -> None:
        """Two enrolled candidates normalising alike (e.g. from an older import) → conflict."""
        from pixcore.lifecycle import replay

        driver.create()
        driver.enrol("Léa", "Dubois")
        lea = next(iter(driver.state.candidates.values()))
        twin = lea.model_copy(update={"first_name": "LEA", "last_name": "Du-Bois"})
        entry = ev.EnrolledCandidate(candidate_id="legacy", candidate=twin)
        driver.state = replay([ev.CandidateEnrolled(enrolled=entry)], driver.state)
        with pytest.raises(ConflictError) as excinfo:
            driver.join(0)
        assert excinfo.value.code == "CANDIDATE_TOO_MANY_MATCHES"

    def test_case_26_swapped_names(self, driver: Driver) -> None:
        """First and last names swapped → not found."""
        driver.create()
        driver.enrol(*PEOPLE[0])
        with pytest.raises(NotFoundError) as excinfo:
            driver.join(0, first_name=PEOPLE[0][1], last_name=PEOPLE[0][0])
        assert excinfo.value.code == "CANDIDATE_NOT_FOUND"

    def test_case_27_another_account(self, driver: Driver) -> None:
        """Linked to user A: user B is refused; A again resumes the same certification."""
        driver.started(1)
        number = driver.number(0)
        with pytest.raises(ConflictError) as excinfo:
            driver.join(0, user="someone-else")
        assert excinfo.value.code == "UNEXPECTED_USER_ACCOUNT"
        (resumed,) = driver.join(0)
        assert isinstance(resumed, ev.CertificationResumed)
        assert resumed.certification_number == number

    def test_case_28_one_account_one_candidate(self, driver: Driver) -> None:
        """An account linked to candidate X cannot join as candidate Y (not yet linked)."""
        driver.started(1)
        driver.enrol(*PEOPLE[1])
        with pytest.raises(RefusedError) as excinfo:
            driver.join(1, user="user-0")
        assert excinfo.value.code == "USER_ALREADY_LINKED_TO_CANDIDATE_IN_SESSION"

    def test_case_30_eligibility_at_joining(self, driver: Driver) -> None:
        """4 competences at level 1 → refused (nothing recorded); 5 → joins."""
        driver.create()
        driver.enrol(*PEOPLE[0])
        four = CompetenceProfile(pix={"1.1": 8, "1.2": 8, "1.3": 8, "2.1": 8, "2.2": 7})
        with pytest.raises(RefusedError) as excinfo:
            driver.join(0, profile=four)
        assert excinfo.value.code == "USER_NOT_AUTHORIZED_TO_CERTIFY"
        assert driver.state.users == {}
        five = CompetenceProfile(pix={**four.pix, "2.2": 8})
        assert any(isinstance(e, ev.CertificationStarted) for e in driver.join(0, profile=five))

    def test_case_33_and_p19_no_joining_after_finalisation(self, driver: Driver) -> None:
        """A finalised session can no longer be joined, nor changed."""
        driver.started(2)
        driver.answer(0, *["ok"] * 15)
        driver.finalise(abort_reasons={driver.number(1): "candidate"})
        with pytest.raises(RefusedError) as excinfo:
            driver.join(1)
        assert excinfo.value.code == "SESSION_NOT_JOINABLE"
        refused = [
            c.FileIssueReport(data={"certification_number": driver.number(0),
                                    "category": "SIGNATURE_ISSUE", "description": "x"},
                              filed_by="invigilator"),
            c.ConfirmEndScreen(certification_number=driver.number(0)),
            c.NoteStartTime(noted_start=T0),
            c.RecordAnswer(certification_number=driver.number(1), status="aband"),
        ]  # fmt: skip
        for command in refused:
            with pytest.raises(RefusedError):
                driver.run(command)

    def test_p10_resume_keeps_answers(self, driver: Driver) -> None:
        """A disconnection then joining again: the same certification, answers kept."""
        driver.started(1)
        driver.answer(0, "ok", "ko", "aband")
        events = driver.join(0, minutes=5)
        assert [type(e) for e in events] == [ev.CertificationResumed]
        assert len(driver.state.certifications) == 1
        assert [a.status for a in driver.state.certifications[driver.number(0)].answers] == [
            "ok",
            "ko",
            "aband",
        ]


class TestRunning:
    def test_p8_time_over(self, driver: Driver) -> None:
        """At the deadline an answer is refused and a skip accepted, with a TimeOver event."""
        driver.started(1)
        driver.answer(0, "ok")
        number = driver.number(0)
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.RecordAnswer(certification_number=number, status="ok"), minutes=105)
        assert excinfo.value.code == "CERTIFICATION_TIME_OVER"
        events = driver.run(c.RecordAnswer(certification_number=number, status="aband"))
        assert [type(e) for e in events] == [ev.TimeOver, ev.AnswerRecorded]
        events = driver.run(c.RecordAnswer(certification_number=number, status="aband"))
        assert [type(e) for e in events] == [ev.AnswerRecorded]

    def test_extra_time_moves_the_deadline(self, driver: Driver) -> None:
        """With 33 % extra time, an answer at 1 h 50 is still accepted (deadline 140 min)."""
        driver.create()
        driver.enrol(*PEOPLE[0], extra_time="0.33")
        driver.run(c.NoteStartTime(noted_start=T0))
        driver.join(0)
        driver.run(c.RecordAnswer(certification_number=driver.number(0), status="ok"), minutes=110)
        with pytest.raises(RefusedError):
            driver.run(
                c.RecordAnswer(certification_number=driver.number(0), status="ok"), minutes=30
            )

    def test_last_answer_reaches_the_end_screen(self, driver: Driver) -> None:
        """Answering the last question completes the test; nothing more is accepted."""
        driver.started(1)
        driver.answer(0, *["ok"] * 14)
        events = driver.run(c.RecordAnswer(certification_number=driver.number(0), status="ok"))
        assert [type(e) for e in events] == [ev.AnswerRecorded, ev.EndScreenReached]
        with pytest.raises(RefusedError) as excinfo:
            driver.answer(0, "ok")
        assert excinfo.value.code == "CERTIFICATION_ENDED"

    def test_case_58_end_test(self, driver: Driver) -> None:
        """Ending a completed test changes nothing; a started one → endedByInvigilator."""
        driver.started(2)
        driver.answer(0, *["ok"] * 15)
        assert driver.run(c.EndTest(certification_number=driver.number(0))) == []
        driver.run(c.EndTest(certification_number=driver.number(1)))
        assert driver.state.certifications[driver.number(1)].state == "endedByInvigilator"

    def test_reports_name_a_certification_of_the_session(self, driver: Driver) -> None:
        """A report on an unknown certification number is refused (P15)."""
        driver.started(1)
        from pixcore import IssueReportError

        with pytest.raises(IssueReportError) as excinfo:
            driver.run(c.FileIssueReport(
                data={"certification_number": 1, "category": "SIGNATURE_ISSUE", "description": "x"},
                filed_by="invigilator",
            ))  # fmt: skip
        assert [d.code for d in excinfo.value.errors] == [
            "ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION"
        ]

    def test_naive_time_is_refused(self, driver: Driver) -> None:
        """decide() needs an aware now."""
        from pixcore import InvalidInputError
        from pixcore.lifecycle import decide

        with pytest.raises(InvalidInputError):
            decide(driver.state, c.NoteStartTime(noted_start=T0), dt.datetime(2026, 1, 1))

    def test_commands_before_creation(self, driver: Driver) -> None:
        """A session that does not exist: SESSION_UNKNOWN."""
        with pytest.raises(NotFoundError) as excinfo:
            driver.run(c.NoteStartTime(noted_start=T0))
        assert excinfo.value.code == "SESSION_UNKNOWN"
        driver.create()
        with pytest.raises(ConflictError):
            driver.create()
        assert driver.state.session.access_code == CODE  # type: ignore[union-attr]
