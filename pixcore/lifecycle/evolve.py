"""``evolve(state, event) -> state``: the pure reducer of a session's events.

It never refuses: commands (:mod:`pixcore.lifecycle.commands`) decide which events may
happen; the reducer only records them. Replaying a stream gives the same state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from pixcore import events as ev
from pixcore.lifecycle.state import (
    EMPTY,
    AnswerState,
    CertificationState,
    ReportState,
    SessionState,
)

__all__ = ["evolve", "replay"]

K = TypeVar("K")
V = TypeVar("V")


def _with(mapping: Mapping[K, V], key: K, value: V) -> Mapping[K, V]:
    return MappingProxyType({**mapping, key: value})


def _without(mapping: Mapping[K, V], key: K) -> Mapping[K, V]:
    return MappingProxyType({k: v for k, v in mapping.items() if k != key})


def _certification(session: SessionState, number: int, /, **changes: Any) -> SessionState:
    updated = dataclasses.replace(session.certifications[number], **changes)
    return dataclasses.replace(
        session, certifications=_with(session.certifications, number, updated)
    )


def _created(state: SessionState, event: ev.SessionCreated) -> SessionState:
    return dataclasses.replace(state, session=event.session, establishment=event.establishment)


def _enrolled(state: SessionState, event: ev.CandidateEnrolled) -> SessionState:
    entry = event.enrolled
    return dataclasses.replace(
        state, candidates=_with(state.candidates, entry.candidate_id, entry.candidate)
    )


def _removed(state: SessionState, event: ev.CandidateRemoved) -> SessionState:
    return dataclasses.replace(state, candidates=_without(state.candidates, event.candidate_id))


def _imported(state: SessionState, event: ev.CandidatesImported) -> SessionState:
    candidates = {entry.candidate_id: entry.candidate for entry in event.candidates}
    return dataclasses.replace(state, candidates=MappingProxyType(candidates))


def _noted(state: SessionState, event: ev.StartTimeNoted) -> SessionState:
    return dataclasses.replace(state, noted_start=event.noted_start)


def _joined(state: SessionState, event: ev.CandidateJoined) -> SessionState:
    profiles = state.profiles
    if event.profile is not None:
        profiles = _with(profiles, event.candidate_id, event.profile)
    return dataclasses.replace(
        state, users=_with(state.users, event.candidate_id, event.user), profiles=profiles
    )


def _started(state: SessionState, event: ev.CertificationStarted) -> SessionState:
    course = CertificationState(
        certification_number=event.certification_number,
        candidate_id=event.candidate_id,
        started_at=event.started_at,
        question_count=event.question_count,
    )
    return dataclasses.replace(
        state, certifications=_with(state.certifications, event.certification_number, course)
    )


def _answered(state: SessionState, event: ev.AnswerRecorded) -> SessionState:
    answer = AnswerState(
        status=event.status, at=event.at, timed=event.timed, focus=event.focus,
        has_illustration=event.has_illustration, has_attachment=event.has_attachment,
        competence=event.competence,
    )  # fmt: skip
    answers = (*state.certifications[event.certification_number].answers, answer)
    return _certification(state, event.certification_number, answers=answers)


def _time_over(state: SessionState, event: ev.TimeOver) -> SessionState:
    return _certification(state, event.certification_number, time_over_at=event.at)


def _reported(state: SessionState, event: ev.IssueReportFiled) -> SessionState:
    entry = ReportState(report_id=event.report_id, report=event.report)
    return dataclasses.replace(state, reports=_with(state.reports, event.report_id, entry))


def _reached(state: SessionState, event: ev.EndScreenReached) -> SessionState:
    return _certification(
        state, event.certification_number, state="completed", completed_at=event.at
    )


def _confirmed(state: SessionState, event: ev.EndScreenConfirmed) -> SessionState:
    return _certification(state, event.certification_number, end_screen_seen=event.seen)


def _ended(state: SessionState, event: ev.TestEndedByInvigilator) -> SessionState:
    return _certification(state, event.certification_number, state="endedByInvigilator")


def _finalised(state: SessionState, event: ev.SessionFinalised) -> SessionState:
    certifications = dict(state.certifications)
    for number in event.end_screen_confirmations:
        certifications[number] = dataclasses.replace(certifications[number], end_screen_seen=True)
    for number, reason in event.abort_reasons.items():
        certifications[number] = dataclasses.replace(certifications[number], abort_reason=reason)
    return dataclasses.replace(
        state, finalisation=event, certifications=MappingProxyType(certifications)
    )


def _apply_change(
    certifications: dict[int, CertificationState], change: ev.QuestionNeutralised
) -> None:
    course = certifications[change.certification_number]
    index = change.question_number - 1
    answers = list(course.answers)
    if index >= len(answers):  # an unanswered question completed by the jury
        answers.append(AnswerState(status="aband", at=None))
    answer = answers[index]
    answers[index] = {
        "neutralised": dataclasses.replace(answer, neutralised=True),
        "skipped": dataclasses.replace(answer, status="aband", auto_skipped=True),
        "accepted": dataclasses.replace(answer, status="ok"),
    }[change.effect]
    certifications[change.certification_number] = dataclasses.replace(
        course, answers=tuple(answers)
    )


def _jury_done(state: SessionState, event: ev.AutomaticJuryDone) -> SessionState:
    certifications = dict(state.certifications)
    for change in event.changes:
        _apply_change(certifications, change)
    for number, course in certifications.items():
        if course.state == "started":
            certifications[number] = dataclasses.replace(course, state="endedDueToFinalization")
    reports = {
        key: dataclasses.replace(entry, resolution=event.resolutions.get(key, entry.resolution))
        for key, entry in state.reports.items()
    }
    return dataclasses.replace(
        state,
        certifications=MappingProxyType(certifications),
        reports=MappingProxyType(reports),
        jury_changes=state.jury_changes + event.changes,
        jury_done=True,
    )


def _jury_decision(state: SessionState, event: ev.JuryDecisionMade) -> SessionState:
    if event.action == "assign":
        return dataclasses.replace(state, jury_member=event.jury_member)
    if event.action == "resolve_report":
        key = event.report_id or ""
        entry = dataclasses.replace(state.reports[key], resolution="resolved_by_jury")
        return dataclasses.replace(state, reports=_with(state.reports, key, entry))
    number = event.certification_number
    assert number is not None
    if event.action in ("neutralise", "deneutralise"):
        return _neutralise(state, number, event.question_number or 0, event.action == "neutralise")
    changes: Mapping[str, Any] = _JURY_FLAGS[event.action]
    return _certification(state, number, **changes)


_JURY_FLAGS: Mapping[str, Mapping[str, Any]] = {
    "reject_for_fraud": {"rejected_for_fraud": True},
    "unreject_for_fraud": {"rejected_for_fraud": False},
    "confirm_end_screen_rejection": {"end_screen_review": "confirmed"},
    "dismiss_end_screen_rejection": {"end_screen_review": "dismissed"},
    "cancel": {"cancelled": True},
    "uncancel": {"cancelled": False},
}


def _neutralise(state: SessionState, number: int, question: int, on: bool) -> SessionState:
    answers = list(state.certifications[number].answers)
    answers[question - 1] = dataclasses.replace(answers[question - 1], neutralised=on)
    return _certification(state, number, answers=tuple(answers))


def _published(state: SessionState, event: ev.SessionPublished) -> SessionState:
    return dataclasses.replace(state, published_at=event.at)


def _unfinalised(state: SessionState, event: ev.SessionUnfinalised) -> SessionState:
    return dataclasses.replace(state, finalisation=None, jury_member=None)


_HANDLERS: Mapping[type[ev.Event], Callable[[SessionState, Any], SessionState]] = {
    ev.SessionCreated: _created,
    ev.CandidateEnrolled: _enrolled,
    ev.CandidateRemoved: _removed,
    ev.CandidatesImported: _imported,
    ev.StartTimeNoted: _noted,
    ev.CandidateJoined: _joined,
    ev.CertificationStarted: _started,
    ev.CertificationResumed: lambda state, _: state,
    ev.AnswerRecorded: _answered,
    ev.TimeOver: _time_over,
    ev.IssueReportFiled: _reported,
    ev.EndScreenReached: _reached,
    ev.EndScreenConfirmed: _confirmed,
    ev.TestEndedByInvigilator: _ended,
    ev.SessionFinalised: _finalised,
    ev.AutomaticJuryDone: _jury_done,
    ev.JuryDecisionMade: _jury_decision,
    ev.SessionPublished: _published,
    ev.SessionUnfinalised: _unfinalised,
}


def evolve(state: SessionState, event: ev.Event) -> SessionState:
    """The state after ``event``; events of unknown kinds only advance the version."""
    handler = _HANDLERS.get(type(event))
    evolved = handler(state, event) if handler else state
    return dataclasses.replace(evolved, version=state.version + 1)


def replay(events: Iterable[ev.Event], state: SessionState = EMPTY) -> SessionState:
    """Fold ``events`` from ``state`` (by default, from nothing)."""
    for event in events:
        state = evolve(state, event)
    return state
