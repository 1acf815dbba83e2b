"""pixcore: the rules of the Pix certification in French schools, as a pure core.

The curated public API. Everything here is pure: no I/O, no clock reads (time is an
argument), no global state. Rules are declared once as decision tables
(:mod:`pixcore.rules`) and run by the pure engine by default, or by durable_rules
(:class:`pixcore.rules.durable.DurableEngine`, extra ``pixcore[durable]``).
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
from pixcore.host.hookspecs import hookimpl, hookspec
from pixcore.host.plugins import PluginHost, create_plugin_manager
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
    "AdapterError",
    "Answer",
    "AuthError",
    "BirthPlace",
    "Candidate",
    "CandidateDataError",
    "CertificationCourse",
    "CompetenceDetail",
    "CompetenceProfile",
    "ConflictError",
    "Division",
    "DomainError",
    "EligibilityDecision",
    "EndScreenConfirmation",
    "EndScreenDecision",
    "Engine",
    "EngineError",
    "ErrorDetail",
    "ExtraTime",
    "InvalidInputError",
    "IssueReport",
    "IssueReportError",
    "JuryPolicy",
    "NotFoundError",
    "PixcoreError",
    "PluginError",
    "PluginHost",
    "Reason",
    "Referential",
    "RefusedError",
    "ServiceUnavailableError",
    "Session",
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
    "to_extra_time",
    "validate_candidate",
    "validate_issue_report",
]
