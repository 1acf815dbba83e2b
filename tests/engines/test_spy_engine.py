"""The ``engine`` argument reaches every decision: a spy engine proves it.

Both engines give the same answers, so a call that silently falls back to the default
engine passes every differential test. Here each table's default fast path
(``first_hit``/``every_hit``) is replaced by a tripwire, and a spy engine (the
reference interpreter, recording each call) is passed to every public entry point and
to a whole session of commands, results and publication: a single dropped ``engine``
trips the wire, and the spy must have seen every declared table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from spy_support import SpyEngine, fast_paths_tripped

import pixcore
from pixcore import CompetenceProfile, Referential, Session
from pixcore.events import Event
from pixcore.lifecycle import EMPTY, SessionState, decide, replay
from pixcore.lifecycle import commands as c
from pixcore.lifecycle.checklist_view import checklist, pending_items
from pixcore.lifecycle.results import certification_result, publishability, session_results
from pixcore.lifecycle.single import single_result
from pixcore.lifecycle.state import AnswerState, CertificationState
from pixcore.models import CORE_COMPETENCES
from pixcore.models.course import CertificationCourse
from pixcore.models.decisions import JuryPolicy
from pixcore.models.readiness import MachineReport, RoomReport
from pixcore.models.report import EndScreenConfirmation
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules import ALL_TABLES
from pixcore.rules.birth_place import BirthPlaceInput, check_birth_place
from pixcore.rules.readiness import check_room

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
BORN = dt.date(2010, 1, 2)
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:5], 16))
FIREFOX_128 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
READY_MACHINE = {"office_suite": True, "pdf_reader": True, "download_writable": True,
                 "connected": True, "user_agent": FIREFOX_128}  # fmt: skip


@pytest.fixture
def tripwires() -> Iterator[None]:
    """Every table's default fast path raises while the test runs."""
    with fast_paths_tripped():
        yield


def candidate_data(first: str, last: str, **extra: object) -> dict[str, object]:
    return {"last_name": last, "first_name": first, "sex": "F", "birth_date": BORN.isoformat(),
            "birth_country": "France", "birth_insee_code": "75056", **extra}  # fmt: skip


class SpySession:
    """Commands with the spy engine, as a host would run them."""

    def __init__(self, engine: SpyEngine, policy: JuryPolicy | None = None) -> None:
        self.engine, self.policy = engine, policy
        self.state: SessionState = EMPTY
        self.now = T0

    def run(self, command: c.Command, minutes: int = 0) -> list[Event]:
        self.now += dt.timedelta(minutes=minutes)
        events = decide(self.state, command, self.now, policy=self.policy, engine=self.engine)
        self.state = replay(events, self.state)
        return events

    def refused(self, command: c.Command) -> str:
        with pytest.raises(pixcore.PixcoreError) as caught:
            self.run(command)
        return caught.value.code


def join(first: str, last: str, user: str, **fields: Any) -> c.JoinSession:
    values: dict[str, Any] = {
        "session_number": 4242, "access_code": "BCDF23", "first_name": first,
        "last_name": last, "birth_date": BORN, "user": user, "profile": PROFILE,
        "question_count": 15, **fields,
    }  # fmt: skip
    return c.JoinSession(**values)


def test_every_entry_point_passes_the_engine_on(referential: Referential, tripwires: None) -> None:
    spy = SpyEngine()
    candidate = pixcore.validate_candidate(
        candidate_data("Léa", "Dubois", extra_time="0.33"), referential=referential, engine=spy
    )
    with pytest.raises(pixcore.CandidateDataError):
        pixcore.validate_candidate({"sex": "X"}, referential=referential, engine=spy)
    assert isinstance(
        check_birth_place(BirthPlaceInput(), referential=referential, engine=spy), tuple
    )
    assert pixcore.check_eligibility(PROFILE, engine=spy).eligible
    assert pixcore.to_extra_time("0.5", engine=spy) is not None
    assert pixcore.extra_time_from_csv("33", engine=spy) is not None
    assert pixcore.extra_time_from_ods("0.33", engine=spy) is not None
    assert pixcore.is_time_over(T0, T0, engine=spy)
    pixcore.check_answer_allowed("aband", deadline_at=T0, now=T0, engine=spy)
    course = CertificationCourse(certification_number=1, started_at=T0, state="completed")
    decision = pixcore.end_screen_decision(
        course, EndScreenConfirmation(certification_number=1, seen=False), engine=spy
    )
    assert decision.reason == "END_SCREEN_NOT_SEEN"
    report = pixcore.validate_issue_report(
        {"certification_number": 1, "category": "FRAUD"}, filed_by="invigilator", engine=spy
    )
    assert report.impactful

    session = SpySession(spy)
    session.run(c.CreateSession(session=Session(
        number=4242, site="Collège", room="B12", date=T0.date(), time=T0.time(),
        invigilator="Mme Martin", access_code="BCDF23",
    )))  # fmt: skip
    session.run(c.EnrolCandidate(candidate=candidate))
    assert session.refused(c.EnrolCandidate(candidate=candidate)) == "DUPLICATE_CANDIDATE"
    others = [pixcore.validate_candidate(candidate_data(f, last), referential=referential, engine=spy)
              for f, last in (("Maël", "Lefèvre"), ("Zoé", "N'Diaye"))]  # fmt: skip
    session.run(c.ImportCandidates(candidates=(candidate, *others)))
    room = RoomReport(machines=(MachineReport.model_validate(READY_MACHINE),) * 3)
    verdict = check_room(room, session_date=T0.date(), releases=BrowserReleases.load(),
                         enrolled=len(session.state.candidates), engine=spy)  # fmt: skip
    assert verdict.ready, "three ready computers for three candidates"
    session.run(c.RecordReadiness(verdict=verdict))
    statuses = {entry.item.id: entry.status for entry in checklist(session.state, engine=spy)}
    assert "done" in statuses.values()
    assert "pending" in statuses.values()
    session.run(c.NoteStartTime(noted_start=T0))
    assert session.refused(join("Léa", "Dubois", "u0", access_code="BCDF24")) == "SESSION_NOT_FOUND"
    assert session.refused(join("Lea", "Nobody", "u0")) == "CANDIDATE_NOT_FOUND"
    for index, (first, last) in enumerate(
        (("Léa", "Dubois"), ("Maël", "Lefèvre"), ("Zoé", "N'Diaye"))
    ):
        session.run(join(first, last, f"u{index}"))
    first, second, third = sorted(session.state.certifications)
    for position in range(15):
        competence = CORE_COMPETENCES[position // 3]
        session.run(c.RecordAnswer(certification_number=first, status="ok", competence=competence))
        session.run(c.RecordAnswer(certification_number=second, status="ko", competence=competence))
    session.run(c.RecordAnswer(certification_number=third, status="aband", competence="1.1"), 200)
    session.run(c.FileIssueReport(
        data={"certification_number": second, "category": "IN_CHALLENGE",
              "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 2, "description": "panne"},
        filed_by="invigilator",
    ))  # fmt: skip
    session.run(c.ConfirmEndScreen(certification_number=first))
    session.run(c.Finalise(pv_scan="pv.pdf", has_incident=False, has_joining_issue=False,
                           abort_reasons={third: "technical"}))  # fmt: skip
    assert [r.status for r in session_results(session.state, engine=spy)] == [
        "validated",
        "rejected",
        "cancelled",
    ]
    assert certification_result(session.state, session.state.certifications[first], engine=spy)
    assert "END_SCREEN_REVIEW_PENDING" in publishability(session.state, engine=spy)
    assert session.refused(c.Publish()) == "END_SCREEN_REVIEW_PENDING"
    session.run(c.JuryAct(action="dismiss_end_screen_rejection", jury_member="J",
                          certification_number=second))  # fmt: skip
    session.run(c.Publish())

    assert not {t.name for t in ALL_TABLES} - set(spy.calls), "every table went through the spy"
    assert Decimal("0.33") == candidate.extra_time.fraction  # type: ignore[union-attr]


def test_a_single_candidate_s_result_passes_the_engine_on(tripwires: None) -> None:
    """``single_result`` decides the jury's completion, the reports' resolution and the
    result with the engine given, as the session's path does."""
    spy = SpyEngine()
    answers = tuple(AnswerState("ok", T0, competence=CORE_COMPETENCES[i // 3]) for i in range(9))
    course = CertificationState(certification_number=1, candidate_id="C1", started_at=T0,
                                question_count=15, answers=answers,
                                abort_reason="technical")  # fmt: skip
    report = pixcore.validate_issue_report(
        {"certification_number": 1, "category": "IN_CHALLENGE",
         "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 2, "description": "panne"},
        filed_by="invigilator", engine=spy,
    )  # fmt: skip
    result = single_result(course, PROFILE, [report], engine=spy)
    # 9 of 15 answered, 6 neutralised: not trustable (D6 row 4)
    assert (result.status, result.reason) == ("cancelled", "CANCELLED_DUE_TO_NEUTRALIZATION")
    assert {"abort_completion", "report_resolution", "jury_decision"} <= set(spy.calls)


def test_pending_items_pass_the_engine_on(tripwires: None) -> None:
    """``pending_items`` gives the checklist's pending entries, decided by the engine given."""
    spy = SpyEngine()
    session = SpySession(spy)
    session.run(c.CreateSession(session=Session(
        number=4242, site="Collège", room="B12", date=T0.date(), time=T0.time(),
        invigilator="Mme Martin", access_code="BCDF23",
    )))  # fmt: skip
    pending = {entry.item.id for entry in pending_items(session.state, engine=spy)}
    assert "BEF-7" in pending and "BEF-5" not in pending  # no candidate yet; created
    assert "checklist_item" in spy.calls
