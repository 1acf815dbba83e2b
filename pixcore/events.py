"""Domain events: every fact of a certification session, immutable, one model per kind.

A session's state is the fold of its events (:mod:`pixcore.lifecycle`). Each event has a
``type`` discriminator, so that a stored event comes back as its own class through
:func:`parse_event`.

**Personal data never reaches the event log** (issue 17). The events that carry some
(civil data, the account a candidate joined with, free-text descriptions and comments)
have two forms: the *plain* form :func:`~pixcore.lifecycle.decide.decide` returns and
the pure core reads (the values), and the *sealed* form stores keep, where each value is
replaced by a random, meaningless reference (``*_ref``) to a record of the personal-data
store. :mod:`pixcore.lifecycle.vault` turns one into the other; a value whose record was
erased comes back as erased (:data:`pixcore.lifecycle.state.ERASED`).
:class:`PersonalDataErased` records an erasure and names no personal data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    ConfigDict,
    Field,
    PositiveInt,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from pixcore.errors import InvalidInputError
from pixcore.models._base import PixcoreModel
from pixcore.models._coded import details_from_validation_error
from pixcore.models.candidate import Candidate
from pixcore.models.competence import CompetenceProfile
from pixcore.models.course import AnswerStatus
from pixcore.models.readiness import ReadinessVerdict
from pixcore.models.report import IssueReport
from pixcore.models.session import Session

__all__ = [
    "AbortReason",
    "AnswerRecorded",
    "AnyEvent",
    "AutomaticJuryDone",
    "CandidateEnrolled",
    "CandidateJoined",
    "CandidateRemoved",
    "CandidatesImported",
    "CertificationResumed",
    "CertificationStarted",
    "ChecklistItemTicked",
    "CompetencesSupplied",
    "EndScreenConfirmed",
    "EndScreenReached",
    "EnrolledCandidate",
    "EnrolledPerson",
    "ErasureReason",
    "Event",
    "IssueReportFiled",
    "JuryAction",
    "JuryDecisionMade",
    "PersonalDataErased",
    "QuestionNeutralised",
    "ReadinessChecked",
    "RoomDeclared",
    "SessionCreated",
    "SessionDeleted",
    "SessionFinalised",
    "SessionPublished",
    "SessionUnfinalised",
    "StartTimeNoted",
    "TestEndedByInvigilator",
    "TimeOver",
    "dump_event",
    "parse_event",
    "parse_events",
]

AbortReason = Literal["candidate", "technical"]
"""Why an unfinished test stopped: "Abandon" (candidate) or "Problème technique"."""


class Event(PixcoreModel, frozen=True, extra="forbid"):
    """Base of every domain event: frozen, strict about unknown fields."""


class EnrolledCandidate(PixcoreModel, frozen=True, extra="forbid"):
    """A candidate of the session, with the id the session gives it (``C1``, ``C2``...)."""

    candidate_id: str
    candidate: Candidate


class EnrolledPerson(PixcoreModel, frozen=True, extra="forbid"):
    """A candidate as the event log keeps it: its id and the reference of its civil data.

    ``person_ref`` names a record of the personal-data store; it means nothing without it.
    """

    candidate_id: str
    person_ref: str = Field(min_length=1)


class SessionCreated(Event, frozen=True):
    """The referent created the session (BEF-5)."""

    type: Literal["session_created"] = "session_created"
    session: Session
    establishment: str | None = Field(default=None, description="UAI of the school")


class CandidateEnrolled(Event, frozen=True):
    """A candidate was added to the session (BEF-7).

    Plain: ``enrolled`` (the civil data); sealed (stored): ``person`` only; resolved:
    both, or ``person`` alone when the civil data was erased.
    """

    type: Literal["candidate_enrolled"] = "candidate_enrolled"
    enrolled: EnrolledCandidate | None = None
    person: EnrolledPerson | None = None

    @model_validator(mode="after")
    def _one_candidate(self) -> CandidateEnrolled:
        if self.enrolled is None and self.person is None:
            raise ValueError("a candidate_enrolled event names its candidate")
        if self.enrolled and self.person and self.enrolled.candidate_id != self.person.candidate_id:
            raise ValueError("the civil data and its reference name two candidates")
        return self

    @property
    def candidate_id(self) -> str:
        """The candidate's id in the session (``C1``...)."""
        entry = self.enrolled or self.person
        assert entry is not None  # the validator
        return entry.candidate_id


class CandidateRemoved(Event, frozen=True):
    """A candidate who never joined was removed."""

    type: Literal["candidate_removed"] = "candidate_removed"
    candidate_id: str


class CandidatesImported(Event, frozen=True):
    """An import replaced every candidate of the session (ODS or CSV).

    Plain: ``candidates``; sealed: ``persons`` (one reference per candidate, in order);
    resolved: both (``candidates`` lacks those whose civil data was erased).
    """

    type: Literal["candidates_imported"] = "candidates_imported"
    candidates: tuple[EnrolledCandidate, ...] = ()
    persons: tuple[EnrolledPerson, ...] = ()


class StartTimeNoted(Event, frozen=True):
    """The invigilator noted the start time of the test (DAY-9)."""

    type: Literal["start_time_noted"] = "start_time_noted"
    noted_start: AwareDatetime


class CandidateJoined(Event, frozen=True):
    """A candidate was reconciled with a user account (D8): ``user`` is its stable id.

    The account id (a GAR IDO, a Pix user id) is personal data: sealed, only
    ``user_ref`` is stored; resolved, ``user`` is ``None`` once erased.
    """

    type: Literal["candidate_joined"] = "candidate_joined"
    candidate_id: str
    user: str | None = Field(default=None, repr=False)
    user_ref: str | None = Field(default=None, min_length=1)
    profile: CompetenceProfile | None = Field(
        default=None, description="the placement profile at reconciliation (V2 scoring)"
    )

    @model_validator(mode="after")
    def _one_account(self) -> CandidateJoined:
        if self.user is None and self.user_ref is None:
            raise ValueError("a candidate_joined event names its account")
        return self


class CertificationStarted(Event, frozen=True):
    """A candidate's test started: a new certification number (DAY-5)."""

    type: Literal["certification_started"] = "certification_started"
    candidate_id: str
    certification_number: PositiveInt
    started_at: AwareDatetime
    question_count: PositiveInt = Field(description="questions in this candidate's test")


class CertificationResumed(Event, frozen=True):
    """The candidate came back after a disconnection: same certification (DAY-15)."""

    type: Literal["certification_resumed"] = "certification_resumed"
    certification_number: PositiveInt
    at: AwareDatetime


class AnswerRecorded(Event, frozen=True):
    """An answer to the next question (status only; ``aband`` is a skip)."""

    type: Literal["answer_recorded"] = "answer_recorded"
    certification_number: PositiveInt
    status: AnswerStatus
    at: AwareDatetime
    timed: bool = Field(default=False, description="a timed question")
    focus: bool = Field(default=False, description="a focus question")
    has_illustration: bool = Field(
        default=False, description="an image (older hosts: an image or an embed)"
    )
    has_embed: bool = Field(default=False, description="an embed (simulator, application)")
    has_attachment: bool = Field(default=False, description="a file to download")
    competence: str | None = Field(default=None, description="the competence tested")
    qrocm_dep: bool = Field(
        default=False, description="a QROCM-dep question (counts double, rules.md §10.4)"
    )


class TimeOver(Event, frozen=True):
    """The candidate's deadline passed (D2): only skips are accepted from now on."""

    type: Literal["time_over"] = "time_over"
    certification_number: PositiveInt
    at: AwareDatetime


class IssueReportFiled(Event, frozen=True):
    """The invigilator (or the referent from the PV) filed an incident report (D4)."""

    type: Literal["issue_report_filed"] = "issue_report_filed"
    report_id: str
    report: IssueReport
    description_ref: str | None = Field(
        default=None, min_length=1, description="where the free-text description is kept"
    )
    at: AwareDatetime


class EndScreenReached(Event, frozen=True):
    """The candidate reached the end-of-test screen: the test is completed."""

    type: Literal["end_screen_reached"] = "end_screen_reached"
    certification_number: PositiveInt
    at: AwareDatetime


class EndScreenConfirmed(Event, frozen=True):
    """The invigilator saw (or did not see) the end-of-test screen (DAY-18, D3)."""

    type: Literal["end_screen_confirmed"] = "end_screen_confirmed"
    certification_number: PositiveInt
    seen: bool = True
    at: AwareDatetime


class TestEndedByInvigilator(Event, frozen=True):
    """The invigilator ended a candidate's test ("Terminer le test")."""

    type: Literal["test_ended_by_invigilator"] = "test_ended_by_invigilator"
    certification_number: PositiveInt
    at: AwareDatetime


class SessionFinalised(Event, frozen=True):
    """The referent finalised the session (AFT-1, D5)."""

    type: Literal["session_finalised"] = "session_finalised"
    abort_reasons: Mapping[int, AbortReason] = Field(default_factory=dict)
    end_screen_confirmations: tuple[PositiveInt, ...] = ()
    pv_scan: str
    incident_reports: Mapping[str, str] = Field(
        default_factory=dict, description="FRAUD report id → PV d'incident attachment"
    )
    attachments: tuple[str, ...] = ()
    comment: str | None = Field(default=None, repr=False)
    comment_ref: str | None = Field(default=None, min_length=1)
    has_incident: bool
    has_joining_issue: bool
    at: AwareDatetime


class QuestionNeutralised(PixcoreModel, frozen=True, extra="forbid"):
    """A neutralised question, or an answer accepted, by the automatic jury."""

    certification_number: PositiveInt
    question_number: PositiveInt
    effect: Literal["neutralised", "skipped", "accepted"]
    report_id: str | None = None


class AutomaticJuryDone(Event, frozen=True):
    """The automatic jury ran (D6): what it changed and how each report was resolved."""

    type: Literal["automatic_jury_done"] = "automatic_jury_done"
    changes: tuple[QuestionNeutralised, ...] = ()
    resolutions: Mapping[str, str] = Field(
        default_factory=dict, description="report id → resolution key"
    )
    at: AwareDatetime


JuryAction = Literal[
    "resolve_report",
    "neutralise",
    "deneutralise",
    "reject_for_fraud",
    "unreject_for_fraud",
    "confirm_end_screen_rejection",
    "dismiss_end_screen_rejection",
    "cancel",
    "uncancel",
    "assign",
]


class JuryDecisionMade(Event, frozen=True):
    """A jury member acted on a certification of a finalised session (D6)."""

    type: Literal["jury_decision_made"] = "jury_decision_made"
    action: JuryAction
    certification_number: PositiveInt | None = None
    question_number: PositiveInt | None = None
    report_id: str | None = None
    jury_member: str
    comment: str | None = Field(default=None, repr=False)
    comment_ref: str | None = Field(default=None, min_length=1)
    at: AwareDatetime


class CompetencesSupplied(Event, frozen=True):
    """The host gave the competences of a test's questions after the fact (issue 9 §5).

    ``competences``: question number (1-based, answered or not) → competence code;
    ``profile``: the candidate's profile at joining, when it was not given then.
    """

    type: Literal["competences_supplied"] = "competences_supplied"
    certification_number: PositiveInt
    competences: Mapping[PositiveInt, str] = Field(default_factory=dict)
    profile: CompetenceProfile | None = None
    at: AwareDatetime


class SessionPublished(Event, frozen=True):
    """The results were published (AFT-5)."""

    type: Literal["session_published"] = "session_published"
    at: AwareDatetime


class SessionDeleted(Event, frozen=True):
    """The referent deleted a session in which no certification started."""

    type: Literal["session_deleted"] = "session_deleted"
    at: AwareDatetime


class SessionUnfinalised(Event, frozen=True):
    """A jury member withdrew the finalisation (D5)."""

    type: Literal["session_unfinalised"] = "session_unfinalised"
    jury_member: str
    at: AwareDatetime


# --- readiness and checklists (issue 16) -----------------------------------------


class ChecklistItemTicked(Event, frozen=True):
    """A step of the procedure's checklist ticked (or unticked) by hand.

    ``item`` is the step's id (``BEF-8`` PV printed, ``BEF-11`` documents handed over,
    ``DAY-25`` shared storage erased…; :data:`pixcore.rules.checklist.ITEMS`).
    """

    type: Literal["checklist_item_ticked"] = "checklist_item_ticked"
    item: str
    done: bool = True
    at: AwareDatetime


class RoomDeclared(Event, frozen=True):
    """The referent said whether the room's computers share storage between users."""

    type: Literal["room_declared"] = "room_declared"
    shared_storage: bool
    at: AwareDatetime


class ReadinessChecked(Event, frozen=True):
    """The room was checked at the session's date (BEF-9, BEF-10): the whole verdict."""

    type: Literal["readiness_checked"] = "readiness_checked"
    verdict: ReadinessVerdict
    at: AwareDatetime


ErasureReason = Literal["request", "retention"]
"""Why personal data was erased: a person's request (RGPD art. 17) or its retention period."""


class PersonalDataErased(Event, frozen=True):
    """Personal data of the session was erased; the event names none of it (issue 17).

    ``candidate_ids``: candidates whose civil data and account link went; ``report_ids``:
    reports whose description went; ``comments``: the finalisation comment and the jury's
    comments went; ``attachments``: the finalisation's files (PV scans, PV d'incident,
    others) were deleted from their store. Certification numbers, answers, statuses and
    scores stay.
    """

    type: Literal["personal_data_erased"] = "personal_data_erased"
    reason: ErasureReason
    candidate_ids: tuple[str, ...] = ()
    report_ids: tuple[str, ...] = ()
    comments: bool = False
    attachments: bool = False
    at: AwareDatetime


AnyEvent = Annotated[
    SessionCreated
    | CandidateEnrolled
    | CandidateRemoved
    | CandidatesImported
    | StartTimeNoted
    | CandidateJoined
    | CertificationStarted
    | CertificationResumed
    | AnswerRecorded
    | TimeOver
    | IssueReportFiled
    | EndScreenReached
    | EndScreenConfirmed
    | TestEndedByInvigilator
    | SessionFinalised
    | AutomaticJuryDone
    | JuryDecisionMade
    | CompetencesSupplied
    | SessionPublished
    | SessionDeleted
    | SessionUnfinalised
    | ChecklistItemTicked
    | RoomDeclared
    | ReadinessChecked
    | PersonalDataErased,
    Field(discriminator="type"),
]
"""Every event kind, discriminated by ``type``."""

_HIDDEN = ConfigDict(hide_input_in_errors=True)
_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent, config=_HIDDEN)
_LIST_ADAPTER: TypeAdapter[list[AnyEvent]] = TypeAdapter(list[AnyEvent], config=_HIDDEN)


def dump_event(event: Event) -> str:
    """The event as JSON text (with its ``type``), for storage.

    Top-level fields still at their declared default are left out (``type`` never):
    parsing gives them back, equal. An answer is ~100 bytes instead of ~200, and a
    40-candidate session loads ~20 % faster (issue 14). A default is therefore part of
    the stored format: changing one needs a new event type (``docs/decisions.md``).
    """
    fields = type(event).model_fields
    unchanged = {
        name
        for name, info in fields.items()
        if name != "type" and not info.is_required() and info.default_factory is None
        and _same(getattr(event, name), info.default)
    }  # fmt: skip
    return event.model_dump_json(exclude=unchanged)


def _same(value: object, default: object) -> bool:
    """Equal and of the same type (``False`` is not the default ``0``)."""
    return value is default or (type(value) is type(default) and value == default)


def _unreadable(error: ValidationError | None) -> InvalidInputError:
    details = details_from_validation_error(error) if error is not None else ()
    return InvalidInputError("EVENT_NOT_VALID", meta={"count": len(details) or 1}, errors=details)


def parse_event(text: str | bytes) -> Event:
    """The event stored as JSON ``text``, back as its own class.

    Text that is not a valid event raises :class:`~pixcore.errors.InvalidInputError`
    ``EVENT_NOT_VALID`` (a ``ValueError``), whose details name the fields, never the
    values: a store turns it into its own "corrupt store" error.
    """
    if not isinstance(text, str | bytes):
        raise _unreadable(None)
    try:
        event: Event = _ADAPTER.validate_json(text)
    except ValidationError as error:
        raise _unreadable(error) from None
    return event


def parse_events(texts: Sequence[str]) -> list[Event]:
    """Several stored events at once, in order (one validation pass: faster on loads).

    Raises ``EVENT_NOT_VALID`` like :func:`parse_event`.
    """
    if not texts:
        return []
    if not all(map(isinstance, texts, repeat(str))):  # in C: no generator per event
        raise _unreadable(None)
    try:
        events: list[Event] = list(_LIST_ADAPTER.validate_json("[" + ",".join(texts) + "]"))
    except ValidationError as error:
        raise _unreadable(error) from None
    return events
