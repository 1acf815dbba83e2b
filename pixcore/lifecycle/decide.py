"""``decide(state, command, now) -> list[Event]``: every refusal of the lifecycle.

Pure: no I/O, no clock (``now`` is an argument). Each handler checks what the rules
require, in order, and either returns the events that record the command or raises a
coded :class:`~pixcore.errors.PixcoreError`. The rules themselves live in
:mod:`pixcore.rules` as decision tables (D2, D4, D5, D6, D7, D8).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from pixcore import events as ev
from pixcore.errors import ConflictError, InvalidInputError, NotFoundError, RefusedError
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.checklist_commands import CHECKLIST_HANDLERS
from pixcore.lifecycle.competences import QUESTIONS_PER_COMPETENCE
from pixcore.lifecycle.erasure import ERASURE_HANDLERS
from pixcore.lifecycle.jury import automatic_jury
from pixcore.lifecycle.results import session_results
from pixcore.lifecycle.state import CertificationState, SessionState
from pixcore.models.decisions import JuryPolicy
from pixcore.rules.access_code import check_session_access
from pixcore.rules.eligibility import check_eligibility, competence_counts, level
from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.finalisation import FINALISATION
from pixcore.rules.identity import ensure_not_enrolled, find_candidate
from pixcore.rules.issue_reports import validate_issue_report
from pixcore.rules.publication import PUBLICATION
from pixcore.rules.timing import check_answer_allowed, deadline, is_time_over

__all__ = ["candidate_deadline", "decide"]

DEFAULT_QUESTION_COUNT = 48
_COMPETENCE_CODE = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
Events = list[ev.Event]


class _Context:
    """What every handler reads: the time, the jury policy, the engine."""

    __slots__ = ("engine", "now", "policy")

    def __init__(self, now: dt.datetime, policy: JuryPolicy, engine: Engine | None) -> None:
        self.now, self.policy, self.engine = now, policy, engine


def _created(state: SessionState) -> None:
    if state.session is None:
        raise NotFoundError("SESSION_UNKNOWN")


def _open(state: SessionState, code: str = "SESSION_ALREADY_FINALIZED") -> None:
    """The centre may still change the session: created and not finalised (D5)."""
    _created(state)
    if state.finalised:
        raise RefusedError(code)


def _course(state: SessionState, number: int) -> CertificationState:
    course = state.certifications.get(number)
    if course is None:
        raise NotFoundError("CERTIFICATION_UNKNOWN", meta={"certification_number": number})
    return course


def _create(state: SessionState, command: cmd.CreateSession, ctx: _Context) -> Events:
    if state.session is not None:
        raise ConflictError("SESSION_ALREADY_CREATED")
    return [ev.SessionCreated(session=command.session, establishment=command.establishment)]


def _enrol(state: SessionState, command: cmd.EnrolCandidate, ctx: _Context) -> Events:
    _open(state, "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION")
    ensure_not_enrolled(state.candidates.values(), command.candidate, engine=ctx.engine)
    entry = ev.EnrolledCandidate(candidate_id=f"C{state.version + 1}", candidate=command.candidate)
    return [ev.CandidateEnrolled(enrolled=entry)]


def _remove(state: SessionState, command: cmd.RemoveCandidate, ctx: _Context) -> Events:
    _open(state, "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION")
    if command.candidate_id not in state.candidates:
        raise NotFoundError("CANDIDATE_UNKNOWN")
    if command.candidate_id in state.users:
        raise RefusedError("CANDIDATE_FORBIDDEN_DELETION")
    return [ev.CandidateRemoved(candidate_id=command.candidate_id)]


def _import(state: SessionState, command: cmd.ImportCandidates, ctx: _Context) -> Events:
    _open(state, "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION")
    if state.users or state.certifications:
        raise RefusedError("SESSION_STARTED_CANDIDATE_ALREADY_LINKED_TO_USER")
    entries: list[ev.EnrolledCandidate] = []
    for offset, candidate in enumerate(command.candidates, start=1):
        try:
            ensure_not_enrolled([e.candidate for e in entries], candidate, engine=ctx.engine)
        except ConflictError:
            raise ConflictError("DUPLICATE_CANDIDATE", meta={"line": offset}) from None
        entries.append(
            ev.EnrolledCandidate(candidate_id=f"C{state.version + 1}-{offset}", candidate=candidate)
        )
    return [ev.CandidatesImported(candidates=tuple(entries))]


def _note_start(state: SessionState, command: cmd.NoteStartTime, ctx: _Context) -> Events:
    _open(state)
    return [ev.StartTimeNoted(noted_start=command.noted_start)]


def _question_count(command: cmd.JoinSession) -> int:
    if command.question_count is not None:
        return command.question_count
    if command.profile is None:
        return DEFAULT_QUESTION_COUNT
    counting = sum(competence_counts(level(pix)) for pix in command.profile.pix.values())
    return max(counting, 1) * QUESTIONS_PER_COMPETENCE


def _check_link(state: SessionState, candidate_id: str, user: str) -> None:
    linked = state.users.get(candidate_id)
    if linked is not None and linked != user:
        raise ConflictError("UNEXPECTED_USER_ACCOUNT")
    other = state.candidate_of_user(user)
    if other is not None and other != candidate_id:
        raise RefusedError("USER_ALREADY_LINKED_TO_CANDIDATE_IN_SESSION")


def _join(state: SessionState, command: cmd.JoinSession, ctx: _Context) -> Events:
    _created(state)
    assert state.session is not None
    check_session_access(
        state.session, session_number=command.session_number,
        access_code=command.access_code, engine=ctx.engine,
    )  # fmt: skip
    if state.finalised:
        raise RefusedError("SESSION_NOT_JOINABLE")
    enrolled = list(state.enrolled())
    match = find_candidate(
        [e.candidate for e in enrolled], command.first_name, command.last_name,
        command.birth_date, engine=ctx.engine,
    )  # fmt: skip
    candidate_id = next(e.candidate_id for e in enrolled if e.candidate is match)
    _check_link(state, candidate_id, command.user)
    course = state.certification_of(candidate_id)
    if course is not None:
        return [
            ev.CertificationResumed(certification_number=course.certification_number, at=ctx.now)
        ]
    return _first_join(state, command, candidate_id, ctx)


def _first_join(
    state: SessionState, command: cmd.JoinSession, candidate_id: str, ctx: _Context
) -> Events:
    profile = command.profile if command.require_eligibility else None
    if profile is not None and not check_eligibility(profile, engine=ctx.engine).eligible:
        raise RefusedError("USER_NOT_AUTHORIZED_TO_CERTIFY")
    assert state.session is not None
    number = state.session.number * 1000 + len(state.certifications) + 1
    joined: Events = []
    if candidate_id not in state.users:
        joined.append(
            ev.CandidateJoined(
                candidate_id=candidate_id, user=command.user, profile=command.profile
            )
        )
    started = ev.CertificationStarted(
        candidate_id=candidate_id, certification_number=number, started_at=ctx.now,
        question_count=_question_count(command),
    )  # fmt: skip
    return [*joined, started]


def candidate_deadline(state: SessionState, course: CertificationState) -> dt.datetime:
    """The candidate's deadline (D2): noted start or own later start, plus allowed time."""
    candidate = state.candidates.get(course.candidate_id)
    extra = candidate.extra_time if candidate else None
    noted = state.noted_start or course.started_at
    return deadline(noted, extra, first_start=course.started_at)


def _answer(state: SessionState, command: cmd.RecordAnswer, ctx: _Context) -> Events:
    _open(state, "CERTIFICATION_ENDED_BY_FINALIZATION")
    course = _course(state, command.certification_number)
    if course.state != "started" or course.unanswered == 0:
        raise RefusedError("CERTIFICATION_ENDED")
    end = candidate_deadline(state, course)
    check_answer_allowed(command.status, deadline_at=end, now=ctx.now, engine=ctx.engine)
    events: Events = []
    number = command.certification_number
    if course.time_over_at is None and is_time_over(end, ctx.now, engine=ctx.engine):
        events.append(ev.TimeOver(certification_number=number, at=ctx.now))
    fields = command.model_dump(exclude={"certification_number"})
    events.append(ev.AnswerRecorded(certification_number=number, at=ctx.now, **fields))
    if course.unanswered == 1:
        events.append(ev.EndScreenReached(certification_number=number, at=ctx.now))
    return events


def _report(state: SessionState, command: cmd.FileIssueReport, ctx: _Context) -> Events:
    _open(state)
    report = validate_issue_report(
        command.data, filed_by=command.filed_by,
        certification_numbers=set(state.certifications), engine=ctx.engine,
    )  # fmt: skip
    report_id = f"R{len(state.reports) + 1}"
    return [ev.IssueReportFiled(report_id=report_id, report=report, at=ctx.now)]


def _confirm(state: SessionState, command: cmd.ConfirmEndScreen, ctx: _Context) -> Events:
    _open(state)
    _course(state, command.certification_number)
    return [
        ev.EndScreenConfirmed(
            certification_number=command.certification_number, seen=command.seen, at=ctx.now
        )
    ]


def _end_test(state: SessionState, command: cmd.EndTest, ctx: _Context) -> Events:
    _open(state)
    course = _course(state, command.certification_number)
    if course.state != "started":
        return []  # a completed test stays completed (§12)
    return [
        ev.TestEndedByInvigilator(certification_number=command.certification_number, at=ctx.now)
    ]


def _finalisation_facts(state: SessionState, command: cmd.Finalise) -> dict[str, int | bool]:
    unfinished = {n for n, c in state.certifications.items() if not c.finished}
    given = set(command.abort_reasons)
    frauds = [k for k, e in state.reports.items() if e.report.category == "FRAUD"]
    attached = {**command.incident_reports}
    for key in frauds:
        if state.reports[key].report.incident_report_attachment:
            attached.setdefault(key, state.reports[key].report.incident_report_attachment or "")
    known = set(state.certifications)
    return {
        "already_finalised": state.finalised,
        "started": len(state.certifications),
        "unknown_certifications": len((given | set(command.end_screen_confirmations)) - known),
        "missing_abort_reasons": len(unfinished - given),
        "abort_reasons_on_completed": len((given & known) - unfinished),
        "comment_length": len(command.comment or ""),
        "flags_given": command.has_incident is not None and command.has_joining_issue is not None,
        "pv_scan_given": bool(command.pv_scan and command.pv_scan.strip()),
        "fraud_without_incident_report": sum(not attached.get(key) for key in frauds),
    }


def _finalise(state: SessionState, command: cmd.Finalise, ctx: _Context) -> Events:
    _created(state)
    outcome = first_outcome(FINALISATION, _finalisation_facts(state, command), ctx.engine)
    if outcome != "accepted":
        error = ConflictError if outcome.startswith("SESSION_") else InvalidInputError
        raise error(outcome)
    finalised = ev.SessionFinalised(
        abort_reasons=command.abort_reasons,
        end_screen_confirmations=command.end_screen_confirmations,
        pv_scan=command.pv_scan or "",
        incident_reports=command.incident_reports,
        attachments=command.attachments,
        comment=command.comment or None,
        has_incident=bool(command.has_incident),
        has_joining_issue=bool(command.has_joining_issue),
        at=ctx.now,
    )
    from pixcore.lifecycle.evolve import evolve

    return [finalised, automatic_jury(evolve(state, finalised), ctx.now, engine=ctx.engine)]


def _check_jury_target(state: SessionState, command: cmd.JuryAct) -> None:
    if command.action == "assign":
        return
    if command.action == "resolve_report":
        if command.report_id not in state.reports:
            raise NotFoundError("REPORT_UNKNOWN")
        return
    course = _course(state, command.certification_number or 0)
    question = command.question_number or 0
    neutralising = command.action in ("neutralise", "deneutralise")
    if neutralising and not 1 <= question <= len(course.answers):
        raise InvalidInputError("JURY_ACTION_NOT_APPLICABLE", meta={"field": "question_number"})


def _jury(state: SessionState, command: cmd.JuryAct, ctx: _Context) -> Events:
    _created(state)
    if not state.finalised:
        raise RefusedError("SESSION_NOT_FINALIZED")
    if state.published_at is not None:
        raise RefusedError("SESSION_ALREADY_PUBLISHED")
    _check_jury_target(state, command)
    fields = command.model_dump()
    return [ev.JuryDecisionMade(at=ctx.now, **fields)]


def _supply(state: SessionState, command: cmd.SupplyCompetences, ctx: _Context) -> Events:
    _created(state)
    if state.published_at is not None:
        raise RefusedError("SESSION_ALREADY_PUBLISHED")
    course = _course(state, command.certification_number)
    for number, code in sorted(command.competences.items()):
        meta = {"question_number": number}
        if number > max(course.question_count, len(course.answers)):
            raise InvalidInputError("QUESTION_NUMBER_UNKNOWN", meta=meta)
        if not _COMPETENCE_CODE.fullmatch(code):
            raise InvalidInputError("QUESTION_COMPETENCE_NOT_VALID", meta=meta)
    return [
        ev.CompetencesSupplied(
            certification_number=command.certification_number,
            competences=dict(command.competences), profile=command.profile, at=ctx.now,
        )
    ]  # fmt: skip


def _publish(state: SessionState, command: cmd.Publish, ctx: _Context) -> Events:
    _created(state)
    results = session_results(state, ctx.policy, engine=ctx.engine)
    facts = {
        "finalised": state.finalised,
        "published": state.published_at is not None,
        "in_error": sum(r.status == "error" for r in results),
        "without_result": sum(r.status == "started" for r in results),
        "pending_end_screen": sum(r.end_screen_pending for r in results),
    }
    outcome = first_outcome(PUBLICATION, facts, ctx.engine)
    if outcome != "accepted":
        raise RefusedError(outcome)
    return [ev.SessionPublished(at=ctx.now)]


def _delete(state: SessionState, command: cmd.DeleteSession, ctx: _Context) -> Events:
    _created(state)
    if state.certifications:
        raise RefusedError("SESSION_STARTED_DELETION_ERROR")
    return [ev.SessionDeleted(at=ctx.now)]


def _unfinalise(state: SessionState, command: cmd.Unfinalise, ctx: _Context) -> Events:
    _created(state)
    if state.published_at is not None:
        raise RefusedError("SESSION_ALREADY_PUBLISHED")
    if not state.finalised:
        raise RefusedError("SESSION_NOT_FINALIZED")
    return [ev.SessionUnfinalised(jury_member=command.jury_member, at=ctx.now)]


_HANDLERS: Mapping[type[cmd.Command], Callable[[SessionState, Any, _Context], Events]] = {
    cmd.CreateSession: _create,
    cmd.EnrolCandidate: _enrol,
    cmd.RemoveCandidate: _remove,
    cmd.ImportCandidates: _import,
    cmd.NoteStartTime: _note_start,
    cmd.JoinSession: _join,
    cmd.RecordAnswer: _answer,
    cmd.FileIssueReport: _report,
    cmd.ConfirmEndScreen: _confirm,
    cmd.EndTest: _end_test,
    cmd.Finalise: _finalise,
    cmd.JuryAct: _jury,
    cmd.SupplyCompetences: _supply,
    cmd.Publish: _publish,
    cmd.Unfinalise: _unfinalise,
    cmd.DeleteSession: _delete,
    **CHECKLIST_HANDLERS,  # issue 16: the procedure's checklist
    **ERASURE_HANDLERS,  # issue 17: personal data
}


def decide(
    state: SessionState,
    command: cmd.Command,
    now: dt.datetime,
    *,
    policy: JuryPolicy | None = None,
    engine: Engine | None = None,
) -> list[ev.Event]:
    """The events that record ``command`` on ``state`` at ``now``, or a coded refusal."""
    if now.utcoffset() is None:
        raise InvalidInputError("DATETIME_NOT_AWARE")
    handler = _HANDLERS[type(command)]
    return handler(state, command, _Context(now, policy or JuryPolicy(), engine))
