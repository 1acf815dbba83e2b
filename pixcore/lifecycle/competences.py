"""Which competence each question of a test belongs to, without ever guessing a score.

The host gives the competence with each answer (``RecordAnswer.competence``) or later
(``SupplyCompetences``). Questions the jury completed (unanswered questions of an
aborted test) were never answered: their competences come from the competences
supplied for them, or from the test's plan when the plan is known — Pix V2 asks
:data:`QUESTIONS_PER_COMPETENCE` questions per competence at level ≥ 1 of the profile
at joining (``docs/decisions.md`` #23); the questions left are the planned ones not yet
answered. Anything else stays unknown (``None``), and the certification cannot be
scored (issue 9 §5).
"""

from __future__ import annotations

from collections import Counter

from pixcore.lifecycle.state import CertificationState
from pixcore.models.competence import CompetenceProfile
from pixcore.rules.eligibility import competence_counts, level

__all__ = ["QUESTIONS_PER_COMPETENCE", "answer_competences", "planned_competences"]

QUESTIONS_PER_COMPETENCE = 3
"""Pix V2: up to three questions per certifiable competence (``rules.md`` §10.4)."""


def planned_competences(profile: CompetenceProfile | None) -> Counter[str]:
    """The test's plan from the profile: three questions per competence at level ≥ 1."""
    if profile is None:
        return Counter()
    return Counter(
        {code: QUESTIONS_PER_COMPETENCE for code, pix in profile.pix.items()
         if competence_counts(level(pix))}
    )  # fmt: skip


def answer_competences(
    course: CertificationState, profile: CompetenceProfile | None
) -> tuple[str | None, ...]:
    """The competence of each answer, ``None`` where nobody said and the plan cannot tell."""
    known = [answer.competence for answer in course.answers]
    completed = [i for i, a in enumerate(course.answers) if a.competence is None and a.at is None]
    if not completed or len(completed) != known.count(None):
        return tuple(known)
    plan = planned_competences(profile)
    if plan.total() != course.question_count:
        return tuple(known)
    given = Counter(code for code in known if code is not None)
    left = plan - given
    if given - plan or left.total() != len(completed):
        return tuple(known)
    for index, code in zip(completed, sorted(left.elements()), strict=True):
        known[index] = code
    return tuple(known)
