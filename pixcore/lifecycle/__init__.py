"""The certification session lifecycle: commands → events → state, all pure.

``decide(state, command, now)`` returns the events that record a command or raises a
coded refusal; ``evolve(state, event)`` folds one event; ``replay(events)`` rebuilds a
state. The automatic jury, results and publishability are pure functions of the state.
The host's :class:`~pixcore.host.service.SessionService` runs commands against an
event store; this package never does I/O.
"""

from pixcore.lifecycle.checklist_view import (
    ChecklistEntry,
    checklist,
    finalisation_reminders,
    pending_items,
)
from pixcore.lifecycle.commands import (
    Command,
    ConfirmEndScreen,
    CreateSession,
    DeclareRoom,
    DeleteSession,
    EndTest,
    EnrolCandidate,
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
from pixcore.lifecycle.decide import candidate_deadline, decide
from pixcore.lifecycle.evolve import evolve, replay
from pixcore.lifecycle.jury import automatic_jury
from pixcore.lifecycle.results import (
    CertificationResult,
    certification_result,
    publishability,
    result_recipients,
    session_results,
)
from pixcore.lifecycle.state import EMPTY, CertificationState, ChecklistState, SessionState

__all__ = [
    "EMPTY",
    "CertificationResult",
    "CertificationState",
    "ChecklistEntry",
    "ChecklistState",
    "Command",
    "ConfirmEndScreen",
    "CreateSession",
    "DeclareRoom",
    "DeleteSession",
    "EndTest",
    "EnrolCandidate",
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
    "SessionState",
    "SupplyCompetences",
    "TickChecklistItem",
    "Unfinalise",
    "automatic_jury",
    "candidate_deadline",
    "certification_result",
    "checklist",
    "decide",
    "evolve",
    "finalisation_reminders",
    "pending_items",
    "publishability",
    "replay",
    "result_recipients",
    "session_results",
]
