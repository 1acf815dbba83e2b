"""pixcore's pydantic models: frozen, strict about unknown fields, JSON-Schema exportable."""

from pixcore.models.candidate import BirthPlace, Candidate, Sex
from pixcore.models.competence import CORE_COMPETENCES, CompetenceProfile
from pixcore.models.course import Answer, AnswerStatus, CertificationCourse, CourseState
from pixcore.models.decisions import (
    CompetenceDetail,
    EligibilityDecision,
    EndScreenDecision,
    EndScreenOutcome,
    JuryPolicy,
    Reason,
)
from pixcore.models.extra_time import ExtraTime
from pixcore.models.identity import Division, IdentityProvider, VerifiedIdentity
from pixcore.models.report import EndScreenConfirmation, IssueReport, ReportAuthor
from pixcore.models.session import ACCESS_CODE_PATTERN, Session

__all__ = [
    "ACCESS_CODE_PATTERN",
    "CORE_COMPETENCES",
    "Answer",
    "AnswerStatus",
    "BirthPlace",
    "Candidate",
    "CertificationCourse",
    "CompetenceDetail",
    "CompetenceProfile",
    "CourseState",
    "Division",
    "EligibilityDecision",
    "EndScreenConfirmation",
    "EndScreenDecision",
    "EndScreenOutcome",
    "ExtraTime",
    "IdentityProvider",
    "IssueReport",
    "JuryPolicy",
    "Reason",
    "ReportAuthor",
    "Session",
    "Sex",
    "VerifiedIdentity",
]
