"""D3 — end-of-test screen: a finished test whose end screen was not seen.

Declared rule (``rules.md`` D3): the invigilator confirms, per candidate, that he saw
the end-of-test screen. A finished certification without that confirmation gets a jury
proposal REJECT with reason ``END_SCREEN_NOT_SEEN``, which a jury member confirms;
with the policy ``auto_reject_unseen_end_screen`` the rejection is applied directly.
Unfinished tests are out of scope (abort reasons apply). A confirmation made after a
resume counts like any other.
"""

from __future__ import annotations

from typing import Final

from pixcore.errors import InvalidInputError
from pixcore.models._base import trusted
from pixcore.models._guards import require_type
from pixcore.models.course import CertificationCourse
from pixcore.models.decisions import EndScreenDecision, EndScreenOutcome, JuryPolicy
from pixcore.models.report import EndScreenConfirmation
from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.table import DecisionTable, Row, fact

__all__ = ["END_SCREEN", "END_SCREEN_NOT_SEEN", "end_screen_decision", "end_screen_facts"]

END_SCREEN_NOT_SEEN: Final = "END_SCREEN_NOT_SEEN"
_NO_POLICY = JuryPolicy()

END_SCREEN = DecisionTable(
    name="end_screen",
    description="D3: finished and not seen -> reject proposal, or rejection by policy",
    facts={"finished": bool, "end_screen_seen": bool, "auto_reject": bool},
    rows=(
        Row("unfinished", "not_applicable", when=(fact("finished") == False,)),  # noqa: E712
        Row("seen", "seen", when=(fact("end_screen_seen") == True,)),  # noqa: E712
        Row("auto_reject", "rejected", when=(fact("auto_reject") == True,)),  # noqa: E712
        Row("proposal", "proposal_reject"),
    ),
)


def end_screen_facts(
    course: CertificationCourse,
    confirmation: EndScreenConfirmation | None,
    policy: JuryPolicy,
) -> dict[str, bool]:
    """The facts of :data:`END_SCREEN`; no confirmation means not seen."""
    if confirmation is not None and (
        confirmation.certification_number != course.certification_number
    ):
        raise InvalidInputError("FIELD_INVALID", meta={"field": "certification_number"})
    return {
        "finished": course.finished,
        "end_screen_seen": confirmation is not None and confirmation.seen,
        "auto_reject": policy.auto_reject_unseen_end_screen,
    }


def end_screen_decision(
    course: CertificationCourse,
    confirmation: EndScreenConfirmation | None,
    *,
    policy: JuryPolicy | None = None,
    engine: Engine | None = None,
) -> EndScreenDecision:
    """Apply D3 to one certification and the invigilator's confirmation (or None)."""
    if type(course) is not CertificationCourse:  # the common case skips isinstance
        require_type(course, CertificationCourse, "course")
    if confirmation is not None and type(confirmation) is not EndScreenConfirmation:
        require_type(confirmation, EndScreenConfirmation, "confirmation")
    if policy is not None:
        require_type(policy, JuryPolicy, "policy")
    facts = end_screen_facts(course, confirmation, policy or _NO_POLICY)
    outcome: EndScreenOutcome = first_outcome(END_SCREEN, facts, engine)  # type: ignore[assignment]
    rejected = outcome in ("proposal_reject", "rejected")
    return trusted(
        EndScreenDecision,
        certification_number=course.certification_number,
        outcome=outcome,
        reason=END_SCREEN_NOT_SEEN if rejected else None,
    )
