"""``evolve(state, event) -> state``: the pure reducer of a session's events.

It never refuses: commands (:mod:`pixcore.lifecycle.commands`) decide which events may
happen; the reducer only records them. Replaying a stream gives the same state.

Each event's effect is written once, on a private mutable *draft* of the state;
:func:`evolve` thaws a state, applies one event and freezes the result, :func:`replay`
thaws once, applies every event and freezes once. Callers only ever see frozen states:
the draft never escapes this module. Replaying a 40-candidate session (about 1,400
events) costs a few milliseconds instead of copying the state 1,400 times.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from pixcore import events as ev
from pixcore.lifecycle.checklist_commands import checklist_after
from pixcore.lifecycle.jury import apply_jury_change
from pixcore.lifecycle.state import (
    EMPTY,
    ERASED,
    AnswerState,
    CertificationState,
    ChecklistState,
    ReportState,
    SessionState,
)
from pixcore.models.candidate import Candidate
from pixcore.models.competence import CompetenceProfile
from pixcore.models.session import Session

__all__ = ["evolve", "replay"]


@dataclasses.dataclass(slots=True)
class _Course:
    """Mutable twin of :class:`CertificationState` (same fields, a list of answers)."""

    fields: dict[str, Any]
    answers: list[AnswerState]


@dataclasses.dataclass(slots=True)
class _Draft:
    """Mutable twin of :class:`SessionState`, private to this module."""

    version: int
    session: Session | None
    establishment: str | None
    candidates: dict[str, Candidate]
    erased: set[str]
    users: dict[str, str] = dataclasses.field(repr=False)
    profiles: dict[str, CompetenceProfile]
    noted_start: dt.datetime | None
    certifications: dict[int, CertificationState | _Course]
    """Frozen until an event touches it (then thawed once): unchanged courses are shared."""
    reports: dict[str, ReportState]
    finalisation: ev.SessionFinalised | None
    jury_changes: list[ev.QuestionNeutralised]
    jury_done: bool
    jury_member: str | None
    published_at: dt.datetime | None
    checklist: ChecklistState
    jury_comments: int
    attachments_deleted: bool


_COURSE_FIELDS = tuple(
    f.name for f in dataclasses.fields(CertificationState) if f.name != "answers"
)


def _thaw_course(course: CertificationState) -> _Course:
    return _Course({name: getattr(course, name) for name in _COURSE_FIELDS}, list(course.answers))


def _freeze_course(course: CertificationState | _Course) -> CertificationState:
    if isinstance(course, CertificationState):
        return course
    return CertificationState(**course.fields, answers=tuple(course.answers))


def _course(draft: _Draft, number: int) -> _Course:
    """The draft of a course, thawed the first time an event touches it."""
    course = draft.certifications[number]
    if isinstance(course, CertificationState):
        course = draft.certifications[number] = _thaw_course(course)
    return course


def _thaw(state: SessionState) -> _Draft:
    return _Draft(
        version=state.version, session=state.session, establishment=state.establishment,
        candidates=dict(state.candidates), erased=set(state.erased), users=dict(state.users),
        profiles=dict(state.profiles), noted_start=state.noted_start,
        certifications=dict(state.certifications),
        reports=dict(state.reports), finalisation=state.finalisation,
        jury_changes=list(state.jury_changes), jury_done=state.jury_done,
        jury_member=state.jury_member, published_at=state.published_at,
        checklist=state.checklist, jury_comments=state.jury_comments,
        attachments_deleted=state.attachments_deleted,
    )  # fmt: skip


def _freeze(draft: _Draft) -> SessionState:
    return SessionState(
        version=draft.version, session=draft.session, establishment=draft.establishment,
        candidates=MappingProxyType(dict(draft.candidates)),
        erased=frozenset(draft.erased),
        users=MappingProxyType(dict(draft.users)),
        profiles=MappingProxyType(dict(draft.profiles)), noted_start=draft.noted_start,
        certifications=MappingProxyType(
            {n: _freeze_course(c) for n, c in draft.certifications.items()}
        ),
        reports=MappingProxyType(dict(draft.reports)), finalisation=draft.finalisation,
        jury_changes=tuple(draft.jury_changes), jury_done=draft.jury_done,
        jury_member=draft.jury_member, published_at=draft.published_at,
        checklist=draft.checklist, jury_comments=draft.jury_comments,
        attachments_deleted=draft.attachments_deleted,
    )  # fmt: skip


# --------------------------------------------------------------------------- effects


def _created(draft: _Draft, event: ev.SessionCreated) -> None:
    draft.session, draft.establishment = event.session, event.establishment


def _enrolled(draft: _Draft, event: ev.CandidateEnrolled) -> None:
    if event.enrolled is not None:
        draft.candidates[event.enrolled.candidate_id] = event.enrolled.candidate
    else:  # the civil data was erased: only the reference is left
        draft.erased.add(event.candidate_id)


def _removed(draft: _Draft, event: ev.CandidateRemoved) -> None:
    draft.candidates.pop(event.candidate_id, None)
    draft.erased.discard(event.candidate_id)


def _imported(draft: _Draft, event: ev.CandidatesImported) -> None:
    draft.candidates = {entry.candidate_id: entry.candidate for entry in event.candidates}
    draft.erased = {entry.candidate_id for entry in event.persons} - set(draft.candidates)


def _noted(draft: _Draft, event: ev.StartTimeNoted) -> None:
    draft.noted_start = event.noted_start


def _joined(draft: _Draft, event: ev.CandidateJoined) -> None:
    draft.users[event.candidate_id] = ERASED if event.user is None else event.user
    if event.profile is not None:
        draft.profiles[event.candidate_id] = event.profile


def _started(draft: _Draft, event: ev.CertificationStarted) -> None:
    course = CertificationState(
        certification_number=event.certification_number, candidate_id=event.candidate_id,
        started_at=event.started_at, question_count=event.question_count,
    )  # fmt: skip
    draft.certifications[event.certification_number] = _thaw_course(course)


def _answered(draft: _Draft, event: ev.AnswerRecorded) -> None:
    course = _course(draft, event.certification_number)
    planned = course.fields["planned_competences"].get(len(course.answers) + 1)
    answer = AnswerState(
        status=event.status, at=event.at, timed=event.timed, focus=event.focus,
        has_illustration=event.has_illustration, has_embed=event.has_embed,
        has_attachment=event.has_attachment, competence=event.competence or planned,
        qrocm_dep=event.qrocm_dep,
    )  # fmt: skip
    course.answers.append(answer)


def _set(draft: _Draft, number: int, **changes: Any) -> None:
    _course(draft, number).fields.update(changes)


def _time_over(draft: _Draft, event: ev.TimeOver) -> None:
    _set(draft, event.certification_number, time_over_at=event.at)


def _reported(draft: _Draft, event: ev.IssueReportFiled) -> None:
    draft.reports[event.report_id] = ReportState(report_id=event.report_id, report=event.report)


def _reached(draft: _Draft, event: ev.EndScreenReached) -> None:
    _set(draft, event.certification_number, state="completed", completed_at=event.at)


def _confirmed(draft: _Draft, event: ev.EndScreenConfirmed) -> None:
    _set(draft, event.certification_number, end_screen_seen=event.seen)


def _ended(draft: _Draft, event: ev.TestEndedByInvigilator) -> None:
    _set(draft, event.certification_number, state="endedByInvigilator")


def _finalised(draft: _Draft, event: ev.SessionFinalised) -> None:
    for number in event.end_screen_confirmations:
        _set(draft, number, end_screen_seen=True)
    for number, reason in event.abort_reasons.items():
        _set(draft, number, abort_reason=reason)
    draft.finalisation = event.model_copy(update={"comment_ref": None})  # the plain event


def _apply_change(draft: _Draft, change: ev.QuestionNeutralised) -> None:
    course = _course(draft, change.certification_number)
    apply_jury_change(course.answers, course.fields["planned_competences"], change)


def _jury_done(draft: _Draft, event: ev.AutomaticJuryDone) -> None:
    for change in event.changes:
        _apply_change(draft, change)
    for number in list(draft.certifications):
        if _freeze_course(draft.certifications[number]).state == "started":
            _set(draft, number, state="endedDueToFinalization")
    for key, resolution in event.resolutions.items():
        draft.reports[key] = dataclasses.replace(draft.reports[key], resolution=resolution)
    draft.jury_changes += event.changes
    draft.jury_done = True


_JURY_FLAGS: Mapping[str, Mapping[str, Any]] = {
    "reject_for_fraud": {"rejected_for_fraud": True},
    "unreject_for_fraud": {"rejected_for_fraud": False},
    "confirm_end_screen_rejection": {"end_screen_review": "confirmed"},
    "dismiss_end_screen_rejection": {"end_screen_review": "dismissed"},
    "cancel": {"cancelled": True},
    "uncancel": {"cancelled": False},
}


def _jury_decision(draft: _Draft, event: ev.JuryDecisionMade) -> None:
    if event.comment and event.comment != ERASED:
        draft.jury_comments += 1
    if event.action == "assign":
        draft.jury_member = event.jury_member
    elif event.action == "resolve_report":
        key = event.report_id or ""
        draft.reports[key] = dataclasses.replace(draft.reports[key], resolution="resolved_by_jury")
    elif event.action in ("neutralise", "deneutralise"):
        answers = _course(draft, event.certification_number or 0).answers
        index = (event.question_number or 0) - 1
        answers[index] = dataclasses.replace(
            answers[index], neutralised=event.action == "neutralise"
        )
    else:
        _set(draft, event.certification_number or 0, **_JURY_FLAGS[event.action])


def _supplied(draft: _Draft, event: ev.CompetencesSupplied) -> None:
    course = _course(draft, event.certification_number)
    planned = dict(course.fields["planned_competences"])
    for number, code in event.competences.items():
        if number <= len(course.answers):
            course.answers[number - 1] = dataclasses.replace(
                course.answers[number - 1], competence=code
            )
        else:
            planned[number] = code
    course.fields["planned_competences"] = MappingProxyType(planned)
    if event.profile is not None:
        draft.profiles[course.fields["candidate_id"]] = event.profile


def _published(draft: _Draft, event: ev.SessionPublished) -> None:
    draft.published_at = event.at


def _unfinalised(draft: _Draft, event: ev.SessionUnfinalised) -> None:
    draft.finalisation, draft.jury_member = None, None


def _deleted(draft: _Draft, event: ev.SessionDeleted) -> None:
    fresh = _thaw(EMPTY)
    for field in dataclasses.fields(_Draft):
        if field.name != "version":
            setattr(draft, field.name, getattr(fresh, field.name))


def _checklist(draft: _Draft, event: ev.Event) -> None:
    draft.checklist = checklist_after(draft.checklist, event)


def _personal_data_erased(draft: _Draft, event: ev.PersonalDataErased) -> None:
    """What a fresh resolution of the sealed events gives once the records are gone."""
    for candidate_id in event.candidate_ids:
        if draft.candidates.pop(candidate_id, None) is not None:
            draft.erased.add(candidate_id)
        if candidate_id in draft.users:
            draft.users[candidate_id] = ERASED
    for report_id in event.report_ids:
        entry = draft.reports.get(report_id)
        if entry is not None and entry.report.description is not None:
            report = entry.report.model_copy(update={"description": ERASED})
            draft.reports[report_id] = dataclasses.replace(entry, report=report)
    if event.comments:
        draft.jury_comments = 0
    if event.attachments:
        draft.attachments_deleted = True
    if event.comments and draft.finalisation is not None and draft.finalisation.comment:
        draft.finalisation = draft.finalisation.model_copy(update={"comment": ERASED})


def _nothing(draft: _Draft, event: ev.Event) -> None:
    return None


_EFFECTS: Mapping[type[ev.Event], Callable[[_Draft, Any], None]] = {
    ev.SessionCreated: _created,
    ev.CandidateEnrolled: _enrolled,
    ev.CandidateRemoved: _removed,
    ev.CandidatesImported: _imported,
    ev.StartTimeNoted: _noted,
    ev.CandidateJoined: _joined,
    ev.CertificationStarted: _started,
    ev.CertificationResumed: _nothing,
    ev.AnswerRecorded: _answered,
    ev.TimeOver: _time_over,
    ev.IssueReportFiled: _reported,
    ev.EndScreenReached: _reached,
    ev.EndScreenConfirmed: _confirmed,
    ev.TestEndedByInvigilator: _ended,
    ev.SessionFinalised: _finalised,
    ev.AutomaticJuryDone: _jury_done,
    ev.JuryDecisionMade: _jury_decision,
    ev.CompetencesSupplied: _supplied,
    ev.SessionPublished: _published,
    ev.SessionUnfinalised: _unfinalised,
    ev.SessionDeleted: _deleted,
    ev.ChecklistItemTicked: _checklist,
    ev.RoomDeclared: _checklist,
    ev.ReadinessChecked: _checklist,
    ev.PersonalDataErased: _personal_data_erased,
}


def _apply(draft: _Draft, event: ev.Event) -> None:
    _EFFECTS.get(type(event), _nothing)(draft, event)
    draft.version += 1


def evolve(state: SessionState, event: ev.Event) -> SessionState:
    """The state after ``event``; events of unknown kinds only advance the version."""
    draft = _thaw(state)
    _apply(draft, event)
    return _freeze(draft)


def replay(events: Iterable[ev.Event], state: SessionState = EMPTY) -> SessionState:
    """Fold ``events`` from ``state`` (by default, from nothing)."""
    draft = _thaw(state)
    for event in events:
        _apply(draft, event)
    return _freeze(draft)
