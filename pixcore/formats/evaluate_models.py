"""The document format of ``pixcore evaluate`` and its result models (docs/evaluate.md).

Input models are strict about unknown keys; output models are what ``--json`` prints.
Re-exported by :mod:`pixcore.formats.evaluate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
)

from pixcore.errors import (
    InvalidInputError,
)
from pixcore.models._base import PixcoreModel
from pixcore.models.competence import CompetenceProfile
from pixcore.models.course import AnswerStatus, CourseState
from pixcore.models.decisions import (
    CompetenceDetail,
    EndScreenOutcome,
    JuryPolicy,
)
from pixcore.models.session import Session

__all__ = [
    "COMPETENCE_CODE",
    "CandidateEntry",
    "CandidateEvaluation",
    "CertificationNumber",
    "EligibilityResult",
    "EndScreenResult",
    "Message",
    "ReportEntry",
    "ReportEvaluation",
    "SessionDocument",
    "SessionDocumentError",
    "SessionEvaluation",
    "SessionInfo",
    "Summary",
    "TimingResult",
]

COMPETENCE_CODE = re.compile(r"^[0-9]{1,2}\.[0-9]{1,2}$")
"""Same pattern as :class:`~pixcore.models.competence.CompetenceProfile` checks."""

CertificationNumber = Annotated[StrictInt, Field(gt=0)]

# --------------------------------------------------------------------------- input


class _Entry(PixcoreModel):
    """Base of the document's input models."""


class CandidateEntry(_Entry):
    """One candidate of the document (``candidates[i]``).

    ``civil`` holds the keys of :data:`pixcore.rules.civil_data.FIELDS`, checked by D9
    (errors are results, not document errors). ``state`` absent means the candidate
    has not started; ``first_start`` absent with a state means the noted start.
    """

    certification_number: CertificationNumber
    civil: dict[str, Any] = Field(default_factory=dict, repr=False)
    profile: CompetenceProfile | None = None
    first_start: AwareDatetime | None = None
    state: CourseState | None = None
    answers: tuple[AnswerStatus, ...] = ()
    end_screen_seen: StrictBool | None = None

    @field_validator("profile", mode="before")
    @classmethod
    def _profile(cls, value: object) -> object:
        return {"pix": value} if isinstance(value, Mapping) else value


class ReportEntry(_Entry):
    """One incident report of the document (``reports[i]``), checked by D4."""

    certification_number: StrictInt | None = None
    category: StrictStr | None = None
    subcategory: StrictStr | None = None
    question_number: StrictInt | StrictStr | None = None
    description: StrictStr | None = Field(default=None, repr=False)
    incident_report_attachment: StrictStr | None = None
    filed_by: StrictStr


class SessionDocument(_Entry):
    """The whole document: the session, its timing, policy, candidates and reports."""

    session: Session
    noted_start: AwareDatetime
    now: AwareDatetime | None = None
    policy: JuryPolicy = JuryPolicy()
    candidates: tuple[CandidateEntry, ...]
    reports: tuple[ReportEntry, ...] = ()


# -------------------------------------------------------------------------- output


class _Result(PixcoreModel):
    """Base of the result models."""


class Message(_Result):
    """A coded message: ``code``, the ``field`` it concerns, French and English text."""

    code: str
    field: str | None = None
    message: str
    message_en: str


class EligibilityResult(_Result):
    """D1 for one candidate: eligible, how many core competences count, why."""

    eligible: bool
    count: int
    reason: Message
    details: tuple[CompetenceDetail, ...]


class TimingResult(_Result):
    """D2 for one candidate: allowed duration, start, deadline, and time over."""

    extra_time: Decimal | None = Field(description="fraction, 0.33 = 33 %", repr=False)
    allowed_minutes: int
    start: dt.datetime
    deadline: dt.datetime
    time_over: bool | None = Field(
        description="only for a test in progress (state started) and a document with 'now'"
    )


class EndScreenResult(_Result):
    """D3 for one candidate who started the test."""

    outcome: EndScreenOutcome
    reason: str | None = None
    pending_proposal: bool


class ReportEvaluation(_Result):
    """D4 for one report: valid or not, its short code, what is still missing."""

    index: int
    certification_number: int | None
    valid: bool
    category: str | None
    subcategory: str | None
    code: str | None = Field(description="C1…C8, E1…E12 when valid")
    impactful: bool | None
    needs_incident_report: bool
    errors: tuple[Message, ...]


class CandidateEvaluation(_Result):
    """Every decision for one candidate, with its civil-data errors if any."""

    index: int
    certification_number: int
    last_name: str | None = Field(repr=False)
    first_name: str | None = Field(repr=False)
    civil_valid: bool
    civil_errors: tuple[Message, ...]
    eligibility: EligibilityResult | None
    timing: TimingResult | None
    state: CourseState | None
    answers: int
    end_screen: EndScreenResult | None
    reports: tuple[ReportEvaluation, ...]


class SessionInfo(_Result):
    """The session, without its access code (a secret, D7)."""

    number: int
    site: str
    room: str
    date: dt.date
    time: dt.time
    invigilator: str
    description: str | None = Field(default=None, repr=False)


class Summary(_Result):
    """Counts over the whole session."""

    candidates: int
    civil_invalid: int
    eligible: int
    not_eligible: int
    time_over: int
    end_screen_proposals: int
    end_screen_rejections: int
    reports: int
    reports_invalid: int
    incident_reports_missing: int


class SessionEvaluation(_Result):
    """The result of :func:`evaluate_session`; ``model_dump_json()`` gives the JSON output."""

    session: SessionInfo
    noted_start: dt.datetime
    now: dt.datetime | None
    policy: JuryPolicy
    candidates: tuple[CandidateEvaluation, ...]
    unattached_reports: tuple[ReportEvaluation, ...] = Field(
        description="reports naming no certification number of the session"
    )
    summary: Summary


# --------------------------------------------------------------------------- errors


class SessionDocumentError(InvalidInputError):
    """The document does not follow the format; ``errors`` lists every problem.

    Each detail's ``field`` is its path in the document (``candidates[3].first_start``);
    ``meta`` carries ``certification_number`` when the problem is inside a candidate.
    """

    default_code = "INVALID_DOCUMENT"
