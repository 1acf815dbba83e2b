"""pixcore: the rules of the Pix certification in French schools, as a pure core.

The curated public API. The rules here are pure: no I/O, no clock reads (time is an
argument), no global state. Rules are declared once as decision tables
(:mod:`pixcore.rules`) and run by the pure engine by default, or by durable_rules
(:class:`pixcore.rules.durable.DurableEngine`, extra ``pixcore[durable]``).

A host application also finds here what it needs to run sessions (the host guide,
``docs/guides/host.md``): :class:`SessionService`, the commands it issues
(:class:`CreateSession`, :class:`JoinSession`, :class:`RecordAnswer`, …), the typed
:class:`Joined` answer, :class:`CertificationResult` and :func:`results_json`, and the
in-memory and folder stores.
"""

from pixcore.errors import (
    AdapterError,
    AuthError,
    CandidateDataError,
    ConflictError,
    DomainError,
    EngineError,
    ErrorDetail,
    InvalidInputError,
    IssueReportError,
    NotFoundError,
    PixcoreError,
    PluginError,
    RefusedError,
    ServiceUnavailableError,
)
from pixcore.events import AbortReason, JuryAction
from pixcore.host.attachments import FolderAttachments
from pixcore.host.hookspecs import hookimpl, hookspec
from pixcore.host.memory import MemoryStorePlugin
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import Joined, SessionService
from pixcore.host.store import EventStore
from pixcore.lifecycle.commands import (
    Command,
    ConfirmEndScreen,
    CreateSession,
    DeclareRoom,
    DeleteSession,
    EndTest,
    EnrolCandidate,
    ErasePersonalData,
    FileIssueReport,
    Finalise,
    ImportCandidates,
    JoinSession,
    JuryAct,
    NoteStartTime,
    Publish,
    RecordAnswer,
    RecordReadiness,
    RemoveCandidate,
    SupplyCompetences,
    TickChecklistItem,
    Unfinalise,
)
from pixcore.lifecycle.results import CertificationResult, results_json
from pixcore.models import (
    CORE_COMPETENCES,
    Answer,
    BirthPlace,
    Candidate,
    CertificationCourse,
    CompetenceDetail,
    CompetenceProfile,
    Division,
    EligibilityDecision,
    EndScreenConfirmation,
    EndScreenDecision,
    ExtraTime,
    IssueReport,
    JuryPolicy,
    Reason,
    Session,
    VerifiedIdentity,
)
from pixcore.models.course import AnswerStatus
from pixcore.referential import Referential
from pixcore.rules.access_code import (
    check_session_access,
    generate_access_code,
    is_valid_access_code,
)
from pixcore.rules.civil_data import validate_candidate
from pixcore.rules.eligibility import check_eligibility
from pixcore.rules.end_screen import end_screen_decision
from pixcore.rules.engine import PURE_ENGINE, Engine
from pixcore.rules.identity import (
    CandidateIdentity,
    ensure_not_enrolled,
    find_candidate,
    match_candidates,
    normalize_name,
)
from pixcore.rules.issue_reports import validate_issue_report
from pixcore.rules.timing import (
    allowed_duration,
    check_answer_allowed,
    deadline,
    extra_time_from_csv,
    extra_time_from_ods,
    is_time_over,
    to_extra_time,
)

__version__ = "0.1.0"

__all__ = [
    "CORE_COMPETENCES",
    "PURE_ENGINE",
    "AbortReason",
    "AdapterError",
    "Answer",
    "AnswerStatus",
    "AuthError",
    "BirthPlace",
    "Candidate",
    "CandidateDataError",
    "CandidateIdentity",
    "CertificationCourse",
    "CertificationResult",
    "Command",
    "CompetenceDetail",
    "CompetenceProfile",
    "ConfirmEndScreen",
    "ConflictError",
    "CreateSession",
    "DeclareRoom",
    "DeleteSession",
    "Division",
    "DomainError",
    "EligibilityDecision",
    "EndScreenConfirmation",
    "EndScreenDecision",
    "EndTest",
    "Engine",
    "EngineError",
    "EnrolCandidate",
    "ErasePersonalData",
    "ErrorDetail",
    "EventStore",
    "ExtraTime",
    "FileIssueReport",
    "Finalise",
    "FolderAttachments",
    "ImportCandidates",
    "InvalidInputError",
    "IssueReport",
    "IssueReportError",
    "JoinSession",
    "Joined",
    "JuryAct",
    "JuryAction",
    "JuryPolicy",
    "MemoryStorePlugin",
    "NotFoundError",
    "NoteStartTime",
    "PixcoreError",
    "PluginError",
    "PluginHost",
    "Publish",
    "Reason",
    "RecordAnswer",
    "RecordReadiness",
    "Referential",
    "RefusedError",
    "RemoveCandidate",
    "ServiceUnavailableError",
    "Session",
    "SessionService",
    "SupplyCompetences",
    "TickChecklistItem",
    "Unfinalise",
    "VerifiedIdentity",
    "allowed_duration",
    "check_answer_allowed",
    "check_eligibility",
    "check_session_access",
    "create_plugin_manager",
    "deadline",
    "end_screen_decision",
    "ensure_not_enrolled",
    "extra_time_from_csv",
    "extra_time_from_ods",
    "find_candidate",
    "generate_access_code",
    "hookimpl",
    "hookspec",
    "is_time_over",
    "is_valid_access_code",
    "match_candidates",
    "normalize_name",
    "results_json",
    "to_extra_time",
    "validate_candidate",
    "validate_issue_report",
]
