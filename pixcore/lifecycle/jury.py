"""The automatic jury (D6 steps 1–2): what it changes, computed from a finalised state.

:func:`automatic_jury` returns the :class:`~pixcore.events.AutomaticJuryDone` event;
the reducer applies it. Unfinished tests are completed by abort reason
(:data:`~pixcore.rules.jury.ABORT_COMPLETION`), then the invigilator's reports are
resolved on the N-th answer (:data:`~pixcore.rules.jury.REPORT_RESOLUTION`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal

from pixcore.events import AutomaticJuryDone, QuestionNeutralised
from pixcore.lifecycle.state import AnswerState, CertificationState, ReportState, SessionState
from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.jury import ABORT_COMPLETION, REPORT_RESOLUTION

__all__ = ["apply_jury_change", "automatic_jury", "jury_changes"]

_EFFECTS = {"neutralised": "neutralised", "answer_accepted": "accepted"}


def _completion(course: CertificationState, engine: Engine | None) -> list[QuestionNeutralised]:
    if course.finished or not course.unanswered:
        return []
    outcome = first_outcome(ABORT_COMPLETION, {"abort_reason": course.abort_reason or ""}, engine)
    if outcome == "none":
        return []
    effect: Literal["skipped", "neutralised"] = "skipped" if outcome == "skip" else "neutralised"
    first = len(course.answers) + 1
    return [
        QuestionNeutralised(
            certification_number=course.certification_number, question_number=n, effect=effect
        )
        for n in range(first, course.question_count + 1)
    ]


def _completed_answers(
    course: CertificationState, completion: list[QuestionNeutralised]
) -> tuple[AnswerState, ...]:
    added = tuple(
        AnswerState(status="aband", at=None, neutralised=c.effect == "neutralised")
        for c in completion
    )
    return course.answers + added


def _resolution_facts(entry: ReportState, answer: AnswerState | None) -> dict[str, str | bool]:
    report = entry.report
    return {
        "category": report.category,
        "subcategory": report.subcategory or "",
        "answer_exists": answer is not None,
        "status": answer.status if answer else "",
        "has_illustration": bool(answer and answer.has_illustration),
        "has_embed": bool(answer and answer.has_embed),
        "has_attachment": bool(answer and answer.has_attachment),
        "timed": bool(answer and answer.timed),
        "focus": bool(answer and answer.focus),
    }


def _resolve(
    entry: ReportState, answers: tuple[AnswerState, ...], engine: Engine | None
) -> tuple[str, QuestionNeutralised | None]:
    number = entry.report.question_number or 0
    answer = answers[number - 1] if 1 <= number <= len(answers) else None
    outcome = first_outcome(REPORT_RESOLUTION, _resolution_facts(entry, answer), engine)
    effect = _EFFECTS.get(outcome)
    if effect is None or answer is None or answer.neutralised:
        return outcome, None
    change = QuestionNeutralised(
        certification_number=entry.report.certification_number,
        question_number=number,
        effect=effect,  # type: ignore[arg-type]
        report_id=entry.report_id,
    )
    return outcome, change


def jury_changes(
    certifications: Iterable[CertificationState],
    reports: Iterable[tuple[str, ReportState]],
    engine: Engine | None = None,
) -> tuple[list[QuestionNeutralised], dict[str, str]]:
    """The automatic jury's changes and report resolutions (D6 steps 1–2), from values.

    Shared by :func:`automatic_jury` (a session) and
    :func:`pixcore.lifecycle.single.single_result` (one candidate).
    """
    changes: list[QuestionNeutralised] = []
    answers: dict[int, tuple[AnswerState, ...]] = {}
    for course in certifications:
        completion = _completion(course, engine)
        changes += completion
        answers[course.certification_number] = _completed_answers(course, completion)
    resolutions: dict[str, str] = {}
    for key, entry in reports:
        if entry.resolved or entry.report.certification_number not in answers:
            continue
        outcome, change = _resolve(entry, answers[entry.report.certification_number], engine)
        if outcome != "not_resolved":
            resolutions[key] = outcome
        if change is not None:
            changes.append(change)
    return changes, resolutions


def automatic_jury(
    state: SessionState, at: dt.datetime, *, engine: Engine | None = None
) -> AutomaticJuryDone:
    """The automatic jury's event for a finalised session (pure; ``at`` is its time)."""
    changes, resolutions = jury_changes(
        state.certifications.values(), state.reports.items(), engine
    )
    return AutomaticJuryDone(changes=tuple(changes), resolutions=resolutions, at=at)


def apply_jury_change(
    answers: list[AnswerState], planned: Mapping[int, str], change: QuestionNeutralised
) -> None:
    """Apply one jury change to a course's answers, in place (the reducer's rule).

    An unanswered question completed by the jury is added as ``aband`` with its planned
    competence; then the effect: neutralised, skipped (``aband``) or accepted (``ok``).
    """
    index = change.question_number - 1
    while len(answers) <= index:  # an unanswered question completed by the jury
        answers.append(AnswerState("aband", None, competence=planned.get(len(answers) + 1)))
    answer = answers[index]
    if change.effect == "neutralised":
        answers[index] = dataclasses.replace(answer, neutralised=True)
    elif change.effect == "skipped":
        answers[index] = dataclasses.replace(answer, status="aband", auto_skipped=True)
    else:
        answers[index] = dataclasses.replace(answer, status="ok")
