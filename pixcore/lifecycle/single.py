"""One candidate's jury and result (D6) straight from its values, without a session.

:func:`single_result` gives what a one-candidate session would give after
``evolve(state, automatic_jury(state, at))`` and :func:`certification_result`, without
building the session nor folding the event: the same functions decide (the jury's
changes by :func:`~pixcore.lifecycle.jury.jury_changes`, applied by
:func:`~pixcore.lifecycle.jury.apply_jury_change` as the reducer does, the decision by
:func:`~pixcore.lifecycle.results.decide_certification`). ``pixcore batch`` uses it;
``tests/properties/test_single_result.py`` checks it equals the lifecycle's path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pixcore.lifecycle.jury import apply_jury_change, jury_changes
from pixcore.lifecycle.results import CertificationResult, decide_certification
from pixcore.lifecycle.state import CertificationState, ReportState
from pixcore.models.competence import CompetenceProfile
from pixcore.models.decisions import JuryPolicy
from pixcore.models.report import IssueReport
from pixcore.rules.engine import Engine

__all__ = ["single_result"]


def single_result(
    course: CertificationState,
    profile: CompetenceProfile | None,
    reports: Sequence[IssueReport] = (),
    policy: JuryPolicy | None = None,
    *,
    engine: Engine | None = None,
) -> CertificationResult:
    """The result of ``course`` after the automatic jury, in a session of its own.

    ``reports`` are the session's valid reports (those of other certifications are
    ignored, as the jury does); ``profile`` the candidate's profile at joining.
    """
    entries = ((str(i), ReportState(str(i), report)) for i, report in enumerate(reports))
    changes, _ = jury_changes((course,), entries, engine)
    answers = list(course.answers)
    for change in changes:
        apply_jury_change(answers, course.planned_competences, change)
    judged = course
    if changes or course.state == "started":  # as the reducer, without copying for nothing
        state = "endedDueToFinalization" if course.state == "started" else course.state
        judged = dataclasses.replace(course, answers=tuple(answers), state=state)
    return decide_certification(judged, profile, True, policy, engine=engine)
