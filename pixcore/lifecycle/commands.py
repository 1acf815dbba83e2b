"""Commands: what referents, invigilators, candidates and the jury ask for.

A command is a frozen pydantic model. :func:`pixcore.lifecycle.decide.decide` turns it,
with the session's state and the current time, into events, or refuses it with a coded
:class:`~pixcore.errors.PixcoreError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import AwareDatetime, Field, PositiveInt

from pixcore.events import AbortReason, JuryAction
from pixcore.models._base import PixcoreModel
from pixcore.models.candidate import Candidate
from pixcore.models.competence import CompetenceProfile
from pixcore.models.course import AnswerStatus
from pixcore.models.readiness import ReadinessVerdict
from pixcore.models.session import Session

__all__ = [
    "Command",
    "ConfirmEndScreen",
    "CreateSession",
    "DeclareRoom",
    "DeleteSession",
    "EndTest",
    "EnrolCandidate",
    "ErasePersonalData",
    "FileIssueReport",
    "Finalise",
    "ImportCandidates",
    "JoinSession",
    "JuryAct",
    "NoteStartTime",
    "Publish",
    "RecordAnswer",
    "RecordReadiness",
    "RemoveCandidate",
    "SupplyCompetences",
    "TickChecklistItem",
    "Unfinalise",
]


class Command(PixcoreModel, frozen=True, extra="forbid"):
    """Base of every command."""


class CreateSession(Command, frozen=True):
    """The referent creates the session (BEF-5)."""

    session: Session
    establishment: str | None = None


class EnrolCandidate(Command, frozen=True):
    """Add one validated candidate (BEF-7); see ``pixcore.validate_candidate``."""

    candidate: Candidate


class RemoveCandidate(Command, frozen=True):
    """Remove a candidate who has not joined."""

    candidate_id: str


class ImportCandidates(Command, frozen=True):
    """Replace every candidate with an imported list (ODS or CSV), before any start."""

    candidates: tuple[Candidate, ...]


class NoteStartTime(Command, frozen=True):
    """The invigilator notes the start time of the test (DAY-9)."""

    noted_start: AwareDatetime


class JoinSession(Command, frozen=True):
    """A candidate joins (or rejoins) with the session number, identity and access code.

    ``user`` is the stable id of the account the candidate logged in with (a Pix user
    id, or a GAR IDO hash). ``profile`` is the placement profile at reconciliation
    (eligibility, V2 scoring). ``question_count`` defaults to 3 per competence at
    level 1 or more (Pix V2), or 48 without a profile.
    """

    session_number: PositiveInt
    access_code: str = Field(repr=False)
    first_name: str = Field(repr=False)
    last_name: str = Field(repr=False)
    birth_date: dt.date = Field(repr=False)
    user: str = Field(min_length=1, repr=False)
    profile: CompetenceProfile | None = None
    question_count: PositiveInt | None = None
    require_eligibility: bool = True


class RecordAnswer(Command, frozen=True):
    """The candidate answers (or skips, ``aband``) the next question."""

    certification_number: PositiveInt
    status: AnswerStatus
    timed: bool = False
    focus: bool = False
    has_illustration: bool = False
    has_embed: bool = False
    has_attachment: bool = False
    competence: str | None = None
    qrocm_dep: bool = False
    """A QROCM-dep question: counts double in a competence of fewer than 3 questions."""


class FileIssueReport(Command, frozen=True):
    """The invigilator files a report, or the referent transcribes one from the PV."""

    data: Mapping[str, object] = Field(repr=False)
    filed_by: str


class ConfirmEndScreen(Command, frozen=True):
    """The invigilator saw (``seen``) the candidate's end-of-test screen (DAY-18)."""

    certification_number: PositiveInt
    seen: bool = True


class EndTest(Command, frozen=True):
    """The invigilator ends a candidate's test ("Terminer le test")."""

    certification_number: PositiveInt


class Finalise(Command, frozen=True):
    """The referent finalises the session (AFT-1, D5).

    ``abort_reasons``: one per unfinished test; ``end_screen_confirmations``: the boxes
    ticked on the PV; ``pv_scan``: reference of the scanned PV de session (required);
    ``incident_reports``: FRAUD report id → PV d'incident reference; ``has_incident``
    and ``has_joining_issue`` are required.
    """

    abort_reasons: Mapping[int, AbortReason] = Field(default_factory=dict)
    end_screen_confirmations: tuple[PositiveInt, ...] = ()
    pv_scan: str | None = None
    incident_reports: Mapping[str, str] = Field(default_factory=dict)
    attachments: tuple[str, ...] = ()
    comment: str | None = Field(default=None, repr=False)
    has_incident: bool | None = None
    has_joining_issue: bool | None = None


class JuryAct(Command, frozen=True):
    """A jury member's action on a finalised, unpublished session (D6, §10.5)."""

    action: JuryAction
    jury_member: str = Field(min_length=1)
    certification_number: PositiveInt | None = None
    question_number: PositiveInt | None = None
    report_id: str | None = None
    comment: str | None = Field(default=None, repr=False)


class SupplyCompetences(Command, frozen=True):
    """The host gives the competences of a test's questions, or the profile, afterwards.

    Needed when answers were recorded without ``competence`` (or the candidate joined
    without a profile): such a certification is in error (``COMPETENCES_MISSING``,
    ``PROFILE_MISSING``) and publication is refused until then. ``competences`` maps
    question numbers (1 to the test's question count) to competence codes (``1.1``).
    Refused once the session is published.
    """

    certification_number: PositiveInt
    competences: Mapping[PositiveInt, str] = Field(default_factory=dict)
    profile: CompetenceProfile | None = None


class Publish(Command, frozen=True):
    """Publish the results (AFT-5)."""


class DeleteSession(Command, frozen=True):
    """The referent deletes the session; refused once a certification started."""


class Unfinalise(Command, frozen=True):
    """A jury member withdraws the finalisation (D5); refused once published."""

    jury_member: str = Field(min_length=1)


# --- readiness and checklists (issue 16) -----------------------------------------


class TickChecklistItem(Command, frozen=True):
    """Tick (or untick, ``done=False``) a step of the checklist done by hand.

    ``item``: the step's id (``BEF-8``), 1 to 16 characters, else refused by validation.
    Refused for an unknown step, for a step its own events tick (``BEF-5``…), and for
    ``DAY-25`` when the room declared no shared storage.
    """

    item: str = Field(min_length=1, max_length=16)
    done: bool = True


class DeclareRoom(Command, frozen=True):
    """The referent declares whether the computers share storage between users (DAY-25)."""

    shared_storage: bool


class RecordReadiness(Command, frozen=True):
    """Record a room check (``pixcore.rules.readiness.check_room``) judged at the session's date.

    Refused once the session is finalised, or when judged for another date.
    """

    verdict: ReadinessVerdict


# --- personal data (issue 17) --------------------------------------------------------


class ErasePersonalData(Command, frozen=True):
    """Erase personal data of a session (issue 17).

    What goes: candidates' civil data and account links, the free-text descriptions of
    reports, the finalisation and jury comments.

    ``reason``: ``request`` (a person's request, RGPD art. 17) or ``retention`` (the
    retention period ended). Refused (``PERSONAL_DATA_STILL_NEEDED``) for a candidate
    still enrolled in a session that is not finalised: joining needs the civil data
    (remove the candidate first); a retention erasure is not refused (the period is
    over). Certification numbers, answers and scores stay.
    """

    reason: Literal["request", "retention"] = "request"
    candidate_ids: tuple[str, ...] = ()
    report_ids: tuple[str, ...] = ()
    comments: bool = False
    attachments: bool = False
