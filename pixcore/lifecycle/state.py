"""The state of a session: the fold of its events (immutable values, no I/O).

Built only by :func:`pixcore.lifecycle.evolve.evolve`; read by commands, the jury and
results. Frozen dataclasses rather than pydantic models: a session of 40 candidates is
about 1,500 events, replayed on every load, so each step must cost a few microseconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pixcore.events import AbortReason, EnrolledCandidate, QuestionNeutralised, SessionFinalised
from pixcore.models.candidate import Candidate
from pixcore.models.competence import CompetenceProfile
from pixcore.models.course import AnswerStatus, CourseState
from pixcore.models.readiness import ReadinessVerdict
from pixcore.models.report import IssueReport
from pixcore.models.session import Session

__all__ = [
    "EMPTY",
    "ERASED",
    "AnswerState",
    "CertificationState",
    "ChecklistState",
    "EndScreenReview",
    "ReportState",
    "SessionState",
    "SessionStatus",
]

ERASED = "[données effacées]"
"""What an erased personal value reads as: names, account ids, descriptions, comments."""

SessionStatus = Literal["none", "created", "finalized", "in_process", "processed"]
"""Pix's derived statuses (``rules.md`` §2.3), ``none`` before creation."""

EndScreenReview = Literal["none", "confirmed", "dismissed"]
"""A jury member's answer to an END_SCREEN_NOT_SEEN proposal (D3)."""


def _empty_map() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclasses.dataclass(frozen=True, slots=True)
class AnswerState:
    """One answer; ``effect`` records what the jury did to it."""

    status: AnswerStatus
    at: dt.datetime | None
    timed: bool = False
    focus: bool = False
    has_illustration: bool = False
    has_embed: bool = False
    has_attachment: bool = False
    competence: str | None = None
    qrocm_dep: bool = False
    neutralised: bool = False
    auto_skipped: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class CertificationState:
    """One candidate's test."""

    certification_number: int
    candidate_id: str
    started_at: dt.datetime
    question_count: int
    answers: tuple[AnswerState, ...] = ()
    state: CourseState = "started"
    completed_at: dt.datetime | None = None
    time_over_at: dt.datetime | None = None
    end_screen_seen: bool = False
    abort_reason: AbortReason | None = None
    rejected_for_fraud: bool = False
    cancelled: bool = False
    end_screen_review: EndScreenReview = "none"
    planned_competences: Mapping[int, str] = dataclasses.field(default_factory=_empty_map)
    """Competences supplied for questions not answered yet (``CompetencesSupplied``)."""

    @property
    def finished(self) -> bool:
        """The candidate reached the end-of-test screen."""
        return self.state == "completed"

    @property
    def unanswered(self) -> int:
        """Questions neither answered nor completed by the jury."""
        return max(self.question_count - len(self.answers), 0)


@dataclasses.dataclass(frozen=True, slots=True)
class ReportState:
    """An issue report and its resolution by the automatic jury or a jury member (or none yet)."""

    report_id: str
    report: IssueReport
    resolution: str | None = None
    """The automatic jury's outcome (``neutralised``, ``no_effect``, ``no_such_question``…,
    :data:`~pixcore.rules.jury.REPORT_RESOLUTION`), or ``resolved_by_jury`` once a jury
    member resolved it by hand (``JuryAct(action="resolve_report")``)."""

    @property
    def resolved(self) -> bool:
        """True once the automatic jury or a jury member resolved it."""
        return self.resolution is not None


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistState:
    """What the checklist keeps beyond the other events (issue 16).

    ``ticked``: steps ticked by hand → when; ``shared_storage``: as the room declared it
    (``None`` when it said nothing); ``readiness``: the last room check recorded.
    """

    ticked: Mapping[str, dt.datetime] = dataclasses.field(default_factory=_empty_map)
    shared_storage: bool | None = None
    readiness: ReadinessVerdict | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SessionState:
    """A session as its events made it; ``version`` counts the events applied."""

    version: int = 0
    session: Session | None = None
    establishment: str | None = None
    candidates: Mapping[str, Candidate] = dataclasses.field(default_factory=_empty_map)
    """The enrolled candidates whose civil data is held, in enrolment order."""
    erased: frozenset[str] = frozenset()
    """Enrolled candidates whose civil data was erased (shown as :data:`ERASED`)."""
    users: Mapping[str, str] = dataclasses.field(default_factory=_empty_map, repr=False)
    profiles: Mapping[str, CompetenceProfile] = dataclasses.field(default_factory=_empty_map)
    noted_start: dt.datetime | None = None
    certifications: Mapping[int, CertificationState] = dataclasses.field(default_factory=_empty_map)
    reports: Mapping[str, ReportState] = dataclasses.field(default_factory=_empty_map)
    finalisation: SessionFinalised | None = None
    jury_changes: tuple[QuestionNeutralised, ...] = ()
    jury_done: bool = False
    jury_member: str | None = None
    published_at: dt.datetime | None = None
    checklist: ChecklistState = ChecklistState()
    attachments_deleted: bool = False
    """The finalisation's files were deleted (retention, issue 17)."""
    jury_comments: int = 0
    """Jury decisions whose comment is held (not erased): retention needs to know (issue 17)."""

    @property
    def status(self) -> SessionStatus:
        """Pix's derived status, checked in Pix's order (§2.3)."""
        if self.session is None:
            return "none"
        if self.published_at is not None:
            return "processed"
        if self.jury_member is not None:
            return "in_process"
        return "finalized" if self.finalisation is not None else "created"

    @property
    def finalised(self) -> bool:
        """Finalised (and possibly published): the centre can change nothing."""
        return self.finalisation is not None

    def candidate_of_user(self, user: str) -> str | None:
        """The candidate this user account is linked to in the session, if any."""
        return next((cid for cid, linked in self.users.items() if linked == user), None)

    def certification_of(self, candidate_id: str) -> CertificationState | None:
        """The candidate's certification, if the test started."""
        return next(
            (c for c in self.certifications.values() if c.candidate_id == candidate_id), None
        )

    def enrolled(self) -> tuple[EnrolledCandidate, ...]:
        """The enrolled candidates with their ids, in enrolment order (erased ones: no)."""
        return tuple(
            EnrolledCandidate(candidate_id=k, candidate=v) for k, v in self.candidates.items()
        )

    def is_erased(self, candidate_id: str) -> bool:
        """Whether the candidate's civil data was erased (a renderer shows :data:`ERASED`)."""
        return candidate_id in self.erased


EMPTY = SessionState()
"""The state before any event."""
