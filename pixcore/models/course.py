"""A candidate's certification test ("certification course") and its answers."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, PositiveInt

from pixcore.models._base import PixcoreModel

__all__ = ["Answer", "AnswerStatus", "CertificationCourse", "CourseState"]

AnswerStatus = Literal["ok", "ko", "aband", "timedout", "focusedOut", "partially"]
"""Pix answer statuses; ``aband`` is a skip ("Je passe")."""

CourseState = Literal["started", "completed", "endedByInvigilator", "endedDueToFinalization"]
"""Assessment states; ``completed`` means the candidate reached the end-of-test screen."""


class Answer(PixcoreModel, frozen=True, extra="forbid"):
    """One answer: its status and what the question was like, never the content.

    The flags feed the automatic resolution of E-code reports (``rules.md`` §8.4): E1
    and E2 need an image (``has_illustration``) or an embed (``has_embed``), E3 an
    attachment, E8 a timed question, E10 a focus question. All default to false.
    """

    status: AnswerStatus
    answered_at: AwareDatetime | None = None
    timed: bool = False
    focus: bool = False
    has_illustration: bool = False
    has_embed: bool = False
    has_attachment: bool = False


class CertificationCourse(PixcoreModel, frozen=True, extra="forbid"):
    """One candidate's test in one session, identified by its certification number.

    ``started_at`` is the candidate's own first start; ``answers`` are in
    chronological order (question N is the N-th answer, ``rules.md`` §8.4).
    """

    certification_number: PositiveInt
    started_at: AwareDatetime
    answers: tuple[Answer, ...] = ()
    state: CourseState = "started"
    completed_at: AwareDatetime | None = None

    @property
    def finished(self) -> bool:
        """True when the candidate reached the end-of-test screen (D3 scope)."""
        return self.state == "completed"

    def answer(self, question_number: int) -> Answer | None:
        """The ``question_number``-th answer (1-based), or None."""
        if 1 <= question_number <= len(self.answers):
            return self.answers[question_number - 1]
        return None
